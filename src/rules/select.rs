//! Selecting rules by id, id prefix (`EG1`), name or alias, as `--select` and `--ignore` do.

use std::fmt;

use super::{RuleId, CATALOG};

/// A set of rule ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSet(Vec<bool>);

impl RuleSet {
    /// The default set: every rule but the deprecated ones and the previews (which must be
    /// selected by id or name).
    pub fn all() -> RuleSet {
        RuleSet(
            CATALOG
                .iter()
                .map(|m| m.status != "deprecated" && m.status != "preview")
                .collect(),
        )
    }
    pub fn empty() -> RuleSet {
        RuleSet(vec![false; CATALOG.len()])
    }
    pub fn contains(&self, id: RuleId) -> bool {
        self.0[id.index()]
    }
    pub fn insert(&mut self, id: RuleId) {
        self.0[id.index()] = true;
    }
    pub fn remove(&mut self, id: RuleId) {
        self.0[id.index()] = false;
    }
    pub fn ids(&self) -> impl Iterator<Item = RuleId> + '_ {
        RuleId::all().filter(|id| self.contains(*id))
    }
}

/// A selector that names no rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectError {
    pub selector: String,
    pub suggestion: Option<String>,
}

impl fmt::Display for SelectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown rule selector `{}`", self.selector)?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean `{s}`?)")?;
        }
        Ok(())
    }
}

/// The rules one selector names.
pub fn matching(selector: &str) -> Result<Vec<RuleId>, SelectError> {
    let s = selector.trim();
    let upper = s.to_ascii_uppercase();
    if upper == "ALL" {
        return Ok(RuleId::all().collect());
    }
    // An id or id prefix: capitals then digits (`EG1`, `ACME`, `ACME001`).
    let letters = upper.chars().take_while(|c| c.is_ascii_uppercase()).count();
    let by_code: Vec<RuleId> =
        if letters >= 2 && upper[letters..].chars().all(|c| c.is_ascii_digit()) {
            CATALOG
                .iter()
                .filter(|m| m.code.starts_with(&upper))
                .map(|m| m.id)
                .collect()
        } else {
            Vec::new()
        };
    if !by_code.is_empty() {
        return Ok(by_code);
    }
    let lower = s.to_ascii_lowercase();
    if let Some(m) = CATALOG
        .iter()
        .find(|m| m.name == lower || m.aliases.contains(&lower.as_str()))
    {
        return Ok(vec![m.id]);
    }
    let suggestion = CATALOG
        .iter()
        .flat_map(|m| [m.code, m.name])
        .map(|cand| (edit_distance(&lower, &cand.to_ascii_lowercase()), cand))
        .filter(|(d, c)| *d <= 3.max(c.len() / 3))
        .min()
        .map(|(_, c)| c.to_string());
    Err(SelectError {
        selector: s.to_string(),
        suggestion,
    })
}

/// The rule set for `--select` (default: all) minus `--ignore`.
pub fn resolve(select: &[String], ignore: &[String]) -> Result<RuleSet, SelectError> {
    let mut set = if select.is_empty() {
        RuleSet::all()
    } else {
        RuleSet::empty()
    };
    for s in select {
        matching(s)?.into_iter().for_each(|id| set.insert(id));
    }
    for s in ignore {
        matching(s)?.into_iter().for_each(|id| set.remove(id));
    }
    Ok(set)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_by_id_prefix_and_name() {
        assert_eq!(matching("EG101").unwrap(), vec![RuleId::EG101]);
        assert_eq!(matching("dyno-env-read").unwrap(), vec![RuleId::EG201]);
        assert!(matching("EG1").unwrap().contains(&RuleId::EG102));
        let err = matching("missing-sslmod").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("missing-sslmode"));
        assert!(matching("EG999").is_err());
    }

    #[test]
    fn ignore_wins_over_select() {
        let set = resolve(&["EG1".into()], &["weak-sslmode".into()]).unwrap();
        assert!(
            set.contains(RuleId::EG101)
                && !set.contains(RuleId::EG102)
                && !set.contains(RuleId::EG201)
        );
    }
}
