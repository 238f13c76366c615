//! The closest valid spelling of a word: what "did you mean `...`?" hints name, for
//! `.egress.yml` keys and the keys of the migration manifest and contract.

/// The candidate closest to `word` by edit distance, when it is close enough to be a
/// misspelling (at most 3 edits, or a third of the candidate's length).
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (distance(word, c), c))
        .filter(|(d, c)| *d <= 3.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance, by characters.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_only() {
        let keys = ["row_count_tables", "health_endpoint", "health"];
        assert_eq!(
            closest("row_count_table", keys.iter().copied()),
            Some("row_count_tables")
        );
        assert_eq!(
            closest("healthendpoint", keys.iter().copied()),
            Some("health_endpoint")
        );
        assert_eq!(closest("owner", keys.iter().copied()), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
