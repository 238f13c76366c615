//! `--format concise`: one line per finding, for editors and grep.

use super::Report;

pub fn render(report: &Report) -> String {
    report
        .items
        .iter()
        .map(|i| {
            format!(
                "{}:{}:{}: {} [{}] {}\n",
                i.path, i.line, i.column, i.code, i.severity, i.message
            )
        })
        .collect()
}
