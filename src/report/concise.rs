//! `--format concise`: one line per finding (and per live check that did not pass and has no
//! finding), for editors and grep.

use super::Report;

pub fn render(report: &Report) -> String {
    let findings = report.items.iter().map(|i| {
        format!(
            "{}:{}:{}: {} [{}] {}\n",
            i.path, i.line, i.column, i.code, i.severity, i.message
        )
    });
    let checks = report
        .unresolved_checks()
        .map(|c| format!("{}:{}:1: {}\n", c.path, c.line.max(1), c.describe()));
    findings.chain(checks).collect()
}
