//! Turning findings into the plain data reporters take: paths, 1-based lines and columns, rule
//! metadata copied from the catalog, and file texts with every secret blanked out.

use std::collections::HashMap;
use std::sync::Arc;

use crate::engine::Outcome;
use crate::extract::{Contract, FileInfo};
use crate::fix;
use crate::report::{
    CheckItem, EditItem, FixItem, Item, RelatedItem, Report, RuleDoc, SkipNote, Summary,
};
use crate::rules::Finding;
use crate::source::{FileId, LineIndex, Loc, Span};

const MASK: &str = "****";

/// Longest line (in bytes) shown as a snippet.
const MAX_SNIPPET_LINE: usize = 1000;

/// A file's text with secrets replaced, and how to move offsets into it.
struct Redacted {
    text: Arc<str>,
    secrets: Vec<Span>,
}

impl Redacted {
    fn new(file: &FileInfo) -> Option<Redacted> {
        let text = file.text()?;
        let mut secrets: Vec<Span> = Vec::new();
        for s in file.secrets() {
            match secrets.last_mut() {
                Some(last) if s.start < last.end => last.end = last.end.max(s.end),
                _ => secrets.push(*s),
            }
        }
        let edits: Vec<(Span, &str)> = secrets.iter().map(|s| (*s, MASK)).collect();
        Some(Redacted {
            text: fix::apply_edits(text, edits).into(),
            secrets,
        })
    }

    /// Map an offset of the original text into the redacted one.
    fn map(&self, offset: usize) -> usize {
        let mut shift: isize = 0;
        for s in &self.secrets {
            if s.end <= offset {
                shift += MASK.len() as isize - s.len() as isize;
            } else if s.start < offset {
                return (s.start as isize + shift) as usize + MASK.len();
            }
        }
        (offset as isize + shift) as usize
    }
}

/// A file's text before and after `edits`, both with every secret masked as in the report
/// (`--diff` shows lines of files that may hold passwords). An edit that starts inside a secret
/// starts after its mask, so no part of the old value shows.
pub(super) fn redacted_change(
    file: &FileInfo,
    edits: &[(Span, String)],
) -> Option<(String, String)> {
    let r = Redacted::new(file)?;
    let mapped: Vec<(Span, &str)> = edits
        .iter()
        .map(|(s, rep)| (Span::new(r.map(s.start), r.map(s.end)), rep.as_str()))
        .collect();
    let after = fix::apply_edits(&r.text, mapped);
    Some((r.text.to_string(), after))
}

pub fn report(outcome: &Outcome) -> Report {
    let mut r = findings_report(&outcome.contract, &outcome.findings);
    r.summary = Summary {
        files: outcome.files_scanned,
        elapsed: outcome.elapsed,
    };
    r.skipped = outcome
        .skipped
        .iter()
        .map(|s| SkipNote {
            path: display(&s.path),
            reason: s.reason.clone(),
        })
        .collect();
    r
}

/// The report of `egress verify`: its findings point into the manifest, and every check is listed.
pub fn verify_report(outcome: &crate::verify::run::Outcome) -> Report {
    let c = &outcome.contract;
    let mut r = findings_report(c, &outcome.findings);
    r.summary = Summary {
        files: c.files.len(),
        elapsed: outcome.elapsed,
    };
    r.skipped = outcome
        .notes
        .iter()
        .map(|n| SkipNote {
            path: String::new(),
            reason: n.clone(),
        })
        .collect();
    r.checks = Some(
        outcome
            .checks
            .iter()
            .map(|k| {
                let (path, line) = k.at.map_or((String::new(), 0), |at| {
                    (
                        display(&c.file(at.file).path),
                        c.file(at.file).line_col(at.span.start).0,
                    )
                });
                CheckItem {
                    phase: k.phase,
                    subject: k.subject.clone(),
                    status: k.status.as_str(),
                    evidence: k.evidence.clone(),
                    rule: k.rule.map(|r| r.code()),
                    path,
                    line,
                }
            })
            .collect(),
    );
    r
}

fn findings_report(c: &Contract, findings: &[Finding]) -> Report {
    let mut redacted: HashMap<FileId, Option<Redacted>> = HashMap::new();
    let items = findings
        .iter()
        .map(|f| {
            let r = redacted
                .entry(f.at.file)
                .or_insert_with(|| Redacted::new(c.file(f.at.file)));
            item(c, f, r.as_ref())
        })
        .collect();
    Report {
        items,
        ..Report::default()
    }
}

pub(super) fn display(p: &std::path::Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn position(c: &Contract, loc: Loc) -> ((usize, usize), (usize, usize)) {
    let file = c.file(loc.file);
    (file.line_col(loc.span.start), file.line_col(loc.span.end))
}

fn item(c: &Contract, f: &Finding, red: Option<&Redacted>) -> Item {
    let meta = f.rule.meta();
    let file = c.file(f.at.file);
    let ((line, column), (end_line, end_column)) = position(c, f.at);
    let related = f
        .related
        .iter()
        .map(|r| {
            let ((line, column), _) = position(c, r.at);
            RelatedItem {
                path: display(&c.file(r.at.file).path),
                line,
                column,
                message: r.message.clone(),
            }
        })
        .collect();
    let fix = f.fix.as_ref().map(|x| FixItem {
        applicability: x.applicability,
        description: x.description.clone(),
        edits: x
            .edits
            .iter()
            .map(|e| EditItem {
                path: display(&c.file(e.file).path),
                start: e.span.start,
                end: e.span.end,
                replacement: e.replacement.clone(),
            })
            .collect(),
    });
    // Fingerprints hash the primary line, redacted (and cut: minified lines can be huge).
    let line_text = red
        .map(|r| {
            let start = r.map(f.at.span.start).min(r.text.len());
            let ls = r.text[..start].rfind('\n').map_or(0, |i| i + 1);
            let le = r.text[start..]
                .find('\n')
                .map_or(r.text.len(), |i| start + i);
            r.text[ls..le].chars().take(500).collect()
        })
        .unwrap_or_default();
    // Minified bundles and one-line JSON: a snippet of a 100 kB line helps nobody (and miette
    // cannot draw columns that far), so such findings are reported without one.
    let red = red.filter(|r| {
        let start = r.map(f.at.span.start);
        let line_start = r.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = r.text[start..]
            .find('\n')
            .map_or(r.text.len(), |i| start + i);
        line_end - line_start <= MAX_SNIPPET_LINE
    });
    let source_span = red.map_or((0, 0), |r| (r.map(f.at.span.start), r.map(f.at.span.end)));
    let fix_preview = red.and_then(|r| preview(f, r));
    Item {
        code: meta.code,
        name: meta.name,
        doc: RuleDoc {
            summary: meta.summary,
            why: meta.why,
            how_to_fix: meta.how_to_fix,
            category: meta.category,
            default_severity: meta.severity,
        },
        line_text,
        severity: f.severity.unwrap_or(meta.severity),
        path: display(&file.path),
        line,
        column,
        end_line,
        end_column,
        message: f.message.clone(),
        label: f.label.clone(),
        help: f.help.clone(),
        related,
        fix,
        source: red.map(|r| r.text.clone()),
        source_span,
        fix_preview,
    }
}

/// The primary line before and after the fix, on redacted text.
fn preview(f: &Finding, r: &Redacted) -> Option<(String, String)> {
    let fix = f.fix.as_ref()?;
    let edits: Vec<(Span, &str)> = fix
        .edits
        .iter()
        .filter(|e| e.file == f.at.file)
        .map(|e| {
            (
                Span::new(r.map(e.span.start), r.map(e.span.end)),
                e.replacement.as_str(),
            )
        })
        .collect();
    let first = edits.first()?.0;
    let after_text = fix::apply_edits(&r.text, edits.clone());
    let before_lines = LineIndex::new(&r.text);
    let (line, _) = before_lines.line_col(&r.text, first.start);
    let before = before_lines.line_span(&r.text, line);
    // The edited line(s) in the new text start where the old line started.
    let grown: isize = edits
        .iter()
        .map(|(s, rep)| rep.len() as isize - s.len() as isize)
        .sum();
    let after_end = (before.end as isize + grown).max(before.start as isize) as usize;
    let after = after_text.get(before.start..after_end.min(after_text.len()))?;
    Some((
        r.text[before.start..before.end].to_string(),
        after.replace('\n', " ⏎ "),
    ))
}
