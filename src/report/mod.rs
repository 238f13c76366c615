//! report: render findings. Reporters take plain data (`Report`), never the rule registry, so
//! every format is fed from the same list and none can leak a secret: texts arrive redacted.

pub mod human;
pub mod json;

use std::sync::Arc;
use std::time::Duration;

use crate::diagnostic::{Applicability, Severity};

/// One finding, resolved to paths, lines and columns.
#[derive(Debug, Clone)]
pub struct Item {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
    pub related: Vec<RelatedItem>,
    pub fix: Option<FixItem>,
    /// The file's text with secrets replaced by `****`, and the finding's span in it.
    pub source: Option<Arc<str>>,
    pub source_span: (usize, usize),
    /// The line as it is and as the fix would leave it (both redacted).
    pub fix_preview: Option<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct RelatedItem {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct FixItem {
    pub applicability: Applicability,
    pub description: String,
    pub edits: Vec<EditItem>,
}

#[derive(Debug, Clone)]
pub struct EditItem {
    pub path: String,
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: usize,
    pub elapsed: Duration,
}

/// A file egress could not check, shown as a note.
#[derive(Debug, Clone)]
pub struct SkipNote {
    pub path: String,
    pub reason: String,
}

/// One live check of `egress verify`, with its outcome and evidence.
#[derive(Debug, Clone)]
pub struct CheckItem {
    pub phase: &'static str,
    pub subject: String,
    /// `pass`, `fail` or `unknown`.
    pub status: &'static str,
    pub evidence: String,
    pub rule: Option<&'static str>,
    pub path: String,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub items: Vec<Item>,
    pub summary: Summary,
    pub skipped: Vec<SkipNote>,
    /// Live checks (`egress verify` only).
    pub checks: Option<Vec<CheckItem>>,
}

impl Report {
    pub fn checks_with(&self, status: &str) -> usize {
        self.checks
            .iter()
            .flatten()
            .filter(|c| c.status == status)
            .count()
    }
}

impl Report {
    pub fn count(&self, s: Severity) -> usize {
        self.items.iter().filter(|i| i.severity == s).count()
    }
}
