//! report: render findings. Reporters take plain data (`Report`), never the rule registry, so
//! every format is fed from the same list and none can leak a secret: texts arrive redacted.

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use std::time::Duration;

use crate::diagnostic::{Applicability, Severity};

/// Findings shown per file. A generated or pathological file (64,000 `DYNO` lines) would
/// otherwise drown the report and the CI system reading it; the rest are counted in a note.
pub const MAX_FINDINGS_PER_FILE: usize = 1000;

/// A rule's documentation, copied from the catalog so reporters never need the registry.
#[derive(Debug, Clone, Copy)]
pub struct RuleDoc {
    pub summary: &'static str,
    pub why: &'static str,
    pub how_to_fix: &'static str,
    pub category: &'static str,
    pub tags: &'static [&'static str],
    pub default_severity: Severity,
    /// A project's own rule: its file (built-ins are documented at egress's repository).
    pub custom_file: Option<&'static str>,
}

/// One finding, resolved to paths, lines and columns.
#[derive(Debug, Clone)]
pub struct Item {
    pub code: &'static str,
    pub name: &'static str,
    pub doc: RuleDoc,
    /// The primary line's text (redacted), for fingerprints that survive edits elsewhere.
    pub line_text: String,
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
    /// The lines around the finding, secrets replaced by `****` (none for very long lines).
    pub snippet: Option<Snippet>,
    /// The line as it is and as the fix would leave it (both redacted).
    pub fix_preview: Option<(String, String)>,
}

/// A few lines of a file, redacted, and where the finding's span lies in them.
#[derive(Debug, Clone)]
pub struct Snippet {
    pub text: String,
    /// 1-based line number of the first line of `text`.
    pub first_line: usize,
    /// Byte range of the span in `text`.
    pub span: (usize, usize),
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
    /// Files the fix creates or removes.
    pub changes: Vec<ChangeItem>,
}

/// A file a fix creates (with its text) or removes (with its length in bytes).
#[derive(Debug, Clone)]
pub enum ChangeItem {
    Create { path: String, text: String },
    Remove { path: String, length: usize },
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
    /// Where the check's setting is (the manifest line), else the manifest itself (line 0).
    pub path: String,
    pub line: usize,
}

impl CheckItem {
    /// One line: `phase · subject: status (evidence)`.
    pub fn describe(&self) -> String {
        format!(
            "{} · {}: {} ({})",
            self.phase, self.subject, self.status, self.evidence
        )
    }
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub items: Vec<Item>,
    pub summary: Summary,
    pub skipped: Vec<SkipNote>,
    /// Files with more findings than the report shows (path, findings left out).
    pub truncated: Vec<(String, usize)>,
    /// Live checks (`egress verify` only).
    pub checks: Option<Vec<CheckItem>>,
}

impl Report {
    /// Live checks that did not pass and have no finding to show them: `unknown` ones (a
    /// failed check's finding is an item). Every format shows them, so a CI job that fails on
    /// them says why.
    pub fn unresolved_checks(&self) -> impl Iterator<Item = &CheckItem> {
        self.checks
            .iter()
            .flatten()
            .filter(|c| c.status != "pass" && c.rule.is_none())
    }

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

/// A stable fingerprint of a finding: rule, path and the whitespace-normalised text of its line,
/// so inserting lines above it does not change it. `occurrence` tells equal lines apart.
pub fn line_hash(item: &Item) -> String {
    let normalised: String = item
        .line_text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    fnv(&[item.code, &item.path, &normalised])
}

/// FNV-1a, 64 bits, of the parts (each ended by a 0 byte but the last): tiny, stable across
/// versions and platforms.
pub fn fnv(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (n, part) in parts.iter().enumerate() {
        let end: &[u8] = if n + 1 < parts.len() { &[0] } else { &[] };
        for b in part.bytes().chain(end.iter().copied()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// `line_hash` plus `:n`, n counting equal hashes in report order (GitHub's convention).
pub fn fingerprints(items: &[Item]) -> Vec<String> {
    let mut seen = std::collections::HashMap::new();
    items
        .iter()
        .map(|i| {
            let h = line_hash(i);
            let n = seen.entry(h.clone()).or_insert(0);
            *n += 1;
            format!("{h}:{n}")
        })
        .collect()
}
