//! Applying text edits. Edits touch only their spans; an edit that overlaps one already taken is
//! left out rather than merged.

use crate::rules::Fix;
use crate::source::Span;

/// Apply the edits of `fixes` to one file's text, skipping any that overlap an earlier one.
pub fn apply_all<'a>(text: &str, fixes: impl Iterator<Item = &'a Fix>) -> String {
    let edits: Vec<(Span, &str)> = fixes
        .flat_map(|f| f.edits.iter().map(|e| (e.span, e.replacement.as_str())))
        .collect();
    apply_edits(text, edits)
}

pub fn apply_edits(text: &str, mut edits: Vec<(Span, &str)>) -> String {
    edits.sort_by_key(|(s, _)| (s.start, s.end));
    edits.dedup();
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    for (span, replacement) in edits {
        if span.start < pos || span.end > text.len() {
            continue;
        }
        out.push_str(&text[pos..span.start]);
        out.push_str(replacement);
        pos = span.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_edits_are_skipped_not_merged() {
        let out = apply_edits(
            "abcdef",
            vec![
                (Span::new(1, 3), "X"),
                (Span::new(2, 4), "Y"),
                (Span::new(5, 5), "!"),
            ],
        );
        assert_eq!(out, "aXde!f");
    }
}
