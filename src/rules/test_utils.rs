//! Helpers for rule unit tests (squawk style): run one rule over in-memory files.

use super::{Finding, RuleId, RuleSet};
use crate::engine::lint_memory;

pub fn findings(rule: RuleId, files: &[(&str, &str)]) -> Vec<Finding> {
    let mut set = RuleSet::empty();
    set.insert(rule);
    lint_memory(files, &set).1
}

/// The rule fires exactly once, on the given 1-based line.
pub fn assert_fires(rule: RuleId, files: &[(&str, &str)], line: usize) {
    let (contract, found) = {
        let mut set = RuleSet::empty();
        set.insert(rule);
        lint_memory(files, &set)
    };
    assert_eq!(found.len(), 1, "{rule:?} on {files:?}: {found:#?}");
    let f = contract.file(found[0].at.file);
    let (l, _) = f.line_col(found[0].at.span.start);
    assert_eq!(l, line, "{rule:?} fired on the wrong line: {found:#?}");
}

pub fn assert_fires_n(rule: RuleId, files: &[(&str, &str)], n: usize) {
    let found = findings(rule, files);
    assert_eq!(found.len(), n, "{rule:?} on {files:?}: {found:#?}");
}

pub fn assert_clean(rule: RuleId, files: &[(&str, &str)]) {
    let found = findings(rule, files);
    assert!(
        found.is_empty(),
        "{rule:?} should be silent on {files:?}: {found:#?}"
    );
}

/// Apply every fix of the rule on one file and compare; then the rule must be silent.
pub fn assert_fix(rule: RuleId, path: &str, before: &str, after: &str) {
    let found = findings(rule, &[(path, before)]);
    assert!(!found.is_empty(), "{rule:?} did not fire on {before:?}");
    let fixed = crate::fix::apply_all(before, found.iter().filter_map(|f| f.fix.as_ref()));
    assert_eq!(fixed, after);
    assert_clean(rule, &[(path, &fixed)]);
}
