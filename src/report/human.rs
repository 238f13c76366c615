//! `--format human`: miette's graphical diagnostics (code, message, the source snippet with a
//! label under the span, help, fix preview), then a summary.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{ChangeItem, Item, Report, Severity, Snippet};

/// How to draw: colours on or off, and the width to wrap at.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

struct Diag<'a> {
    item: &'a Item,
    source: Option<Window<'a>>,
    help: Option<String>,
}

/// A finding's few lines as miette's source: miette reads them with the file's real line
/// numbers, and never the whole file (which would make a report quadratic in its findings).
struct Window<'a> {
    name: &'a str,
    snippet: &'a Snippet,
    language: &'static str,
}

impl SourceCode for Window<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.snippet.text.as_str().read_span(span, before, after)?;
        let contents = MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line() + self.snippet.first_line - 1,
            inner.column(),
            inner.line_count(),
        )
        .with_language(self.language);
        Ok(Box::new(contents))
    }
}

impl fmt::Debug for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.item.message)
    }
}

impl fmt::Display for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.item.message)
    }
}

impl std::error::Error for Diag<'_> {}

impl Diagnostic for Diag<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!("{} {}", self.item.code, self.item.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.item.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let (start, end) = self.source.as_ref()?.snippet.span;
        let label =
            LabeledSpan::new_primary_with_span(self.item.label.clone(), (start, end - start));
        Some(Box::new(std::iter::once(label)))
    }
}

fn help_text(item: &Item) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(h) = &item.help {
        parts.push(h.clone());
    }
    for r in &item.related {
        parts.push(format!(
            "see {}:{}:{}: {}",
            r.path, r.line, r.column, r.message
        ));
    }
    (!parts.is_empty()).then(|| parts.join("\n"))
}

/// The fix as a two-line diff, outside miette so long lines are not wrapped mid-token.
fn fix_block(item: &Item, color: bool) -> String {
    let Some(fix) = &item.fix else {
        return String::new();
    };
    if item.fix_preview.is_none() && fix.changes.is_empty() {
        return String::new();
    }
    let (red, green, dim, reset) = if color {
        ("\x1b[31m", "\x1b[32m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    let mut out = format!(
        "  {dim}fix ({}):{reset} {}\n",
        fix.applicability.as_str(),
        fix.description
    );
    if let Some((before, after)) = &item.fix_preview {
        out.push_str(&format!(
            "    {red}- {}{reset}\n    {green}+ {}{reset}\n",
            before.trim(),
            after.trim()
        ));
    }
    for c in &fix.changes {
        out.push_str(&match c {
            ChangeItem::Create { path, text } => format!(
                "    {green}+ new file {path}: {}{reset}\n",
                crate::printable::escape(text.trim_end())
            ),
            ChangeItem::Remove { path, .. } => format!("    {red}- remove {path}{reset}\n"),
        });
    }
    out
}

/// Render every finding, then the summary and notes about skipped files.
pub fn render(report: &Report, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_context_lines(1)
        .with_links(false);
    let mut out = String::new();
    for item in &report.items {
        let diag = Diag {
            item,
            source: item.snippet.as_ref().map(|snippet| Window {
                name: &item.path,
                snippet,
                language: language_of(&item.path),
            }),
            help: help_text(item),
        };
        if diag.source.is_none() {
            out.push_str(&format!("{}:{}:{}\n", item.path, item.line, item.column));
        }
        // A renderer bug must not lose the finding: fall back to one plain line.
        let mut rendered = String::new();
        let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            handler.render_report(&mut rendered, &diag).is_ok()
        }))
        .unwrap_or(false);
        if ok {
            out.push_str(&rendered);
        } else {
            out.push_str(&format!(
                "{}:{}:{}: {} {}\n",
                item.path, item.line, item.column, item.code, item.message
            ));
        }
        out.push_str(&fix_block(item, style.color));
        out.push('\n');
    }
    if let Some(checks) = &report.checks {
        out.push_str(&checks_table(checks, style.color));
    }
    out.push_str(&summary_line(report));
    out
}

/// Every live check with its status and evidence, aligned.
fn checks_table(checks: &[super::CheckItem], color: bool) -> String {
    let w_phase = checks
        .iter()
        .map(|c| c.phase.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let w_subject = checks
        .iter()
        .map(|c| c.subject.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let mut out = format!(
        "{:<w_phase$}  {:<w_subject$}  {:<7}  EVIDENCE\n",
        "PHASE", "CHECK", "STATUS"
    );
    for c in checks {
        let paint = match (color, c.status) {
            (false, _) => ("", ""),
            (true, "pass") => ("\x1b[32m", "\x1b[0m"),
            (true, "fail") => ("\x1b[31m", "\x1b[0m"),
            (true, _) => ("\x1b[33m", "\x1b[0m"),
        };
        let rule = c.rule.map_or(String::new(), |r| format!("{r}: "));
        out.push_str(&format!(
            "{:<w_phase$}  {:<w_subject$}  {}{:<7}{}  {rule}{}\n",
            c.phase, c.subject, paint.0, c.status, paint.1, c.evidence
        ));
    }
    out.push('\n');
    out
}

fn language_of(path: &str) -> &'static str {
    path.rsplit('.').next().map_or("", |ext| match ext {
        "rb" => "ruby",
        "py" => "python",
        "js" | "ts" => "javascript",
        "sql" => "sql",
        "yml" | "yaml" => "yaml",
        "json" => "json",
        _ => "",
    })
}

pub fn summary_line(report: &Report) -> String {
    let e = report.count(Severity::Error);
    let w = report.count(Severity::Warning);
    let i = report.count(Severity::Info);
    let files = report.summary.files;
    let secs = report.summary.elapsed.as_secs_f64();
    let plural = |n: usize, s: &str| format!("{n} {s}{}", if n == 1 { "" } else { "s" });
    if let Some(checks) = &report.checks {
        let mut s = format!(
            "{} checks: {} passed, {} failed, {} unknown; {} in {secs:.2}s.\n",
            checks.len(),
            report.checks_with("pass"),
            report.checks_with("fail"),
            report.checks_with("unknown"),
            plural(report.items.len(), "finding"),
        );
        for n in &report.skipped {
            s.push_str(&format!("note: {}\n", n.reason));
        }
        return s;
    }
    let mut s = if report.items.is_empty() {
        format!(
            "No findings: checked {} in {secs:.2}s.\n",
            plural(files, "file")
        )
    } else {
        format!(
            "Found {} ({}, {}, {}) in {} checked in {secs:.2}s.\n",
            plural(report.items.len(), "finding"),
            plural(e, "error"),
            plural(w, "warning"),
            plural(i, "info"),
            plural(files, "file"),
        )
    };
    let fixable = report.items.iter().filter(|i| i.fix.is_some()).count();
    if fixable > 0 {
        let verb = if fixable == 1 {
            "finding has"
        } else {
            "findings have"
        };
        s.push_str(&format!(
            "{fixable} {verb} a suggested fix (shown above and in --format json).\n"
        ));
    }
    for (path, n) in &report.truncated {
        s.push_str(&format!(
            "note: {path}: {n} more {} not shown (at most {} per file)\n",
            if *n == 1 { "finding" } else { "findings" },
            crate::report::MAX_FINDINGS_PER_FILE
        ));
    }
    if !report.skipped.is_empty() {
        s.push_str(&format!(
            "{} could not be checked:\n",
            plural(report.skipped.len(), "file")
        ));
        for n in &report.skipped {
            s.push_str(&format!("  {}: {}\n", n.path, n.reason));
        }
    }
    s
}
