//! Turning findings into the plain data reporters take: paths, 1-based lines and columns, rule
//! metadata copied from the catalog, and file texts with every secret blanked out.

use std::collections::HashMap;
use std::sync::Arc;

use crate::engine::Outcome;
use crate::extract::{Contract, FileInfo};
use crate::fix;
use crate::report::{
    ChangeItem, CheckItem, EditItem, FixItem, Item, RelatedItem, Report, RuleDoc, SkipNote,
    Snippet, Summary,
};
use crate::rules::{FileChange, Finding};
use crate::source::{FileId, Loc, Span};
use crate::{printable, redact};

/// Longest line (in bytes) shown as a snippet.
const MAX_SNIPPET_LINE: usize = 1000;

/// Widest text a snippet or fix preview may cover: beyond it the finding is reported without
/// one, so each finding costs its own lines and never the whole file.
const MAX_WINDOW: usize = 16 * 1024;

/// A file's text with secrets replaced (and control characters made harmless), and how to move
/// offsets into it.
struct Redacted {
    text: Arc<str>,
    /// Merged secret spans of the original text, and the offset shift after each.
    secrets: Vec<(Span, isize)>,
}

impl Redacted {
    fn new(file: &FileInfo) -> Option<Redacted> {
        let text = file.text()?;
        let merged = redact::merge(file.secrets().to_vec());
        let masked = redact::mask(text, &merged);
        let mut shift: isize = 0;
        let secrets = merged
            .into_iter()
            .map(|s| {
                shift += redact::MASK.len() as isize - s.len() as isize;
                (s, shift)
            })
            .collect();
        Some(Redacted {
            text: printable::snippet(&masked).into_owned().into(),
            secrets,
        })
    }

    /// Map an offset of the original text into the redacted one (an offset inside a secret
    /// lands after its mask).
    fn map(&self, offset: usize) -> usize {
        // The last secret starting before `offset`.
        let n = self.secrets.partition_point(|(s, _)| s.start < offset);
        let mapped = match n.checked_sub(1).map(|i| self.secrets[i]) {
            None => offset as isize,
            Some((s, shift)) if s.end <= offset => offset as isize + shift,
            Some((s, shift)) => s.end as isize + shift,
        };
        (mapped.max(0) as usize).min(self.text.len())
    }

    /// The line around a redacted offset: (start, end without the line break).
    fn line_around(&self, offset: usize) -> (usize, usize) {
        let b = self.text.as_bytes();
        let offset = offset.min(b.len());
        let start = memchr::memrchr(b'\n', &b[..offset]).map_or(0, |i| i + 1);
        let end = crate::source::line_end(&self.text, offset);
        (start, end)
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
            reason: printable::message(&s.reason),
        })
        .collect();
    r.truncated = outcome
        .truncated
        .iter()
        .map(|(file, n)| (display(&outcome.contract.file(*file).path), *n))
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
            reason: printable::message(n),
        })
        .collect();
    r.checks = Some(
        outcome
            .checks
            .iter()
            .map(|k| {
                // A check with no setting of its own points at the manifest (file 0).
                let manifest = || (display(&c.file(0).path), 0);
                let (path, line) = k.at.map_or_else(manifest, |at| {
                    (
                        display(&c.file(at.file).path),
                        c.file(at.file).line_col(at.span.start).0,
                    )
                });
                CheckItem {
                    phase: k.phase,
                    subject: printable::message(&k.subject),
                    status: k.status.as_str(),
                    evidence: printable::message(&k.evidence),
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

/// A path as reports show it: forward slashes, lossy for names that are not UTF-8, control
/// characters escaped (a file name with a line break cannot forge a line of the report).
pub(super) fn display(p: &std::path::Path) -> String {
    printable::escape(&p.to_string_lossy().replace('\\', "/")).into_owned()
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
                message: printable::message(&r.message),
            }
        })
        .collect();
    let fix = f.fix.as_ref().map(|x| FixItem {
        applicability: x.applicability,
        description: printable::message(&x.description),
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
        changes: x
            .changes
            .iter()
            .map(|ch| match ch {
                FileChange::Create { beside, name, text } => ChangeItem::Create {
                    path: display(&c.file(*beside).dir().join(name)),
                    text: redact::text(text).to_string(),
                },
                FileChange::Remove { file } => ChangeItem::Remove {
                    path: display(&c.file(*file).path),
                    length: c.file(*file).text().map_or(0, str::len),
                },
            })
            .collect(),
    });
    let (line_text, snippet, fix_preview) = match red {
        Some(r) => {
            let start = r.map(f.at.span.start);
            let (ls, le) = r.line_around(start);
            // Fingerprints hash the primary line, redacted (and cut: minified lines can be huge).
            let line_text: String = r.text[ls..le].chars().take(500).collect();
            // Minified bundles and one-line JSON: a snippet of a 100 kB line helps nobody (and
            // miette cannot draw columns that far), so such findings are reported without one.
            let snippet = (le - ls <= MAX_SNIPPET_LINE)
                .then(|| snippet(r, start, r.map(f.at.span.end)))
                .flatten();
            let preview = snippet.as_ref().and_then(|_| preview(f, r));
            (line_text, snippet, preview)
        }
        None => (String::new(), None, None),
    };
    Item {
        code: meta.code,
        name: meta.name,
        doc: RuleDoc {
            summary: meta.summary,
            why: meta.why,
            how_to_fix: meta.how_to_fix,
            category: meta.category,
            tags: meta.tags,
            default_severity: meta.severity,
            custom_file: (meta.id.index() >= crate::rules::BUILTIN.len()).then_some(meta.file),
        },
        line_text,
        severity: f.severity.unwrap_or(meta.severity),
        path: display(&file.path),
        line,
        column,
        end_line,
        end_column,
        message: printable::message(&f.message),
        label: f.label.as_deref().map(printable::message),
        help: f.help.as_deref().map(printable::message),
        related,
        fix,
        snippet,
        fix_preview,
    }
}

/// The lines around a finding (one line of context each side, as the human report shows),
/// with the span in them.
fn snippet(r: &Redacted, start: usize, end: usize) -> Option<Snippet> {
    let end = end.max(start);
    let (ls, _) = r.line_around(start);
    let (_, le) = r.line_around(end);
    let before = if ls == 0 { 0 } else { r.line_around(ls - 1).0 };
    // The line after, with its line break: miette draws an empty last line only when one
    // follows it.
    let after = match r.text[le..].find('\n') {
        Some(n) => {
            let next = le + n + 1;
            r.text[next..]
                .find('\n')
                .map_or(r.text.len(), |m| next + m + 1)
        }
        None => le,
    };
    if after - before > MAX_WINDOW {
        return None;
    }
    Some(Snippet {
        text: r.text[before..after].to_string(),
        first_line: crate::source::line_of(&r.text, before),
        span: (start - before, end - before),
    })
}

/// The lines a fix edits, before and after it, on redacted text (line breaks shown as ⏎).
fn preview(f: &Finding, r: &Redacted) -> Option<(String, String)> {
    let fix = f.fix.as_ref()?;
    let mut edits: Vec<(Span, &str)> = fix
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
    let first = edits.iter().map(|(s, _)| s.start).min()?;
    let last = edits.iter().map(|(s, _)| s.end).max()?;
    let (start, _) = r.line_around(first);
    let (_, end) = r.line_around(last);
    if end - start > MAX_WINDOW {
        return None;
    }
    for (s, _) in &mut edits {
        *s = Span::new(s.start - start, s.end - start);
    }
    let before = &r.text[start..end];
    let after = fix::apply_edits(before, edits);
    Some((before.replace('\n', " ⏎ "), after.replace('\n', " ⏎ ")))
}
