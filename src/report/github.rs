//! `--format github`: workflow commands that become annotations on the pull request, within
//! GitHub's caps (10 per severity per step), and a Markdown table of every finding for
//! `$GITHUB_STEP_SUMMARY`.

use super::{Report, Severity};

/// GitHub shows at most this many annotations of each kind per step.
const CAP: usize = 10;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let mut shown = [0usize; 3];
    let mut hidden = 0;
    for i in &report.items {
        let (command, slot) = match i.severity {
            Severity::Error => ("error", 0),
            Severity::Warning => ("warning", 1),
            Severity::Info => ("notice", 2),
        };
        if shown[slot] == CAP {
            hidden += 1;
            continue;
        }
        shown[slot] += 1;
        let title = escape_property(&format!("{} {}", i.code, i.name));
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={title}::{}\n",
            escape_property(&i.path),
            i.line,
            i.column,
            i.end_line,
            i.end_column,
            escape_data(&i.message)
        ));
    }
    // Never capped: they are what makes the job fail when no finding does.
    for c in report.unresolved_checks() {
        let place = if c.line > 0 {
            format!("file={},line={},", escape_property(&c.path), c.line)
        } else {
            format!("file={},", escape_property(&c.path))
        };
        out.push_str(&format!(
            "::error {place}title={}::{}\n",
            escape_property(&format!("egress verify: {} {}", c.phase, c.status)),
            escape_data(&c.describe())
        ));
    }
    if hidden > 0 {
        out.push_str(&format!(
            "::notice title=egress::{hidden} more findings are not annotated (GitHub shows {CAP} per severity); see the step summary\n"
        ));
    }
    out
}

/// Every finding as a Markdown table, for `$GITHUB_STEP_SUMMARY`.
pub fn step_summary(report: &Report) -> String {
    let mut out = format!("### egress: {} findings\n\n", report.items.len());
    if report.items.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    out.push_str("| rule | severity | location | message |\n|---|---|---|---|\n");
    for i in &report.items {
        out.push_str(&format!(
            "| `{}` {} | {} | `{}:{}:{}` | {} |\n",
            i.code,
            i.name,
            i.severity,
            i.path,
            i.line,
            i.column,
            i.message.replace('|', "\\|").replace('\n', " ")
        ));
    }
    out
}
