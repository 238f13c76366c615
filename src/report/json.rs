//! `--format json`: versioned serialisation structs, so the output shape is a contract and not
//! a dump of internal types.

use serde::Serialize;

use super::{ChangeItem, Report, Severity};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    findings: Vec<Finding<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checks: Option<Vec<Check<'a>>>,
    /// Optional live checks that did not run, and why (verify only).
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<Vec<&'a str>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Check<'a> {
    phase: &'a str,
    check: &'a str,
    status: &'a str,
    evidence: &'a str,
    rule: Option<&'a str>,
    path: &'a str,
    line: usize,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    name: &'a str,
    severity: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    help: Option<&'a str>,
    related: Vec<Related<'a>>,
    fix: Option<Fix<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct Fix<'a> {
    applicability: &'a str,
    description: &'a str,
    edits: Vec<Edit<'a>>,
    /// Files the fix creates (`text`: what it writes) or removes; absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    files: Vec<FileChange<'a>>,
}

#[derive(Serialize)]
struct FileChange<'a> {
    path: &'a str,
    action: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

#[derive(Serialize)]
struct Edit<'a> {
    path: &'a str,
    start: usize,
    end: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    checks: Option<CheckCounts>,
}

#[derive(Serialize)]
struct CheckCounts {
    checks: usize,
    passed: usize,
    failed: usize,
    unknown: usize,
}

pub fn render(report: &Report) -> String {
    let out = Output {
        version: 1,
        findings: report
            .items
            .iter()
            .map(|i| Finding {
                rule: i.code,
                name: i.name,
                severity: i.severity.as_str(),
                path: &i.path,
                line: i.line,
                column: i.column,
                end_line: i.end_line,
                end_column: i.end_column,
                message: &i.message,
                help: i.help.as_deref(),
                related: i
                    .related
                    .iter()
                    .map(|r| Related {
                        path: &r.path,
                        line: r.line,
                        column: r.column,
                        message: &r.message,
                    })
                    .collect(),
                fix: i.fix.as_ref().map(|f| Fix {
                    applicability: f.applicability.as_str(),
                    description: &f.description,
                    edits: f
                        .edits
                        .iter()
                        .map(|e| Edit {
                            path: &e.path,
                            start: e.start,
                            end: e.end,
                            replacement: &e.replacement,
                        })
                        .collect(),
                    files: f
                        .changes
                        .iter()
                        .map(|c| match c {
                            ChangeItem::Create { path, text } => FileChange {
                                path,
                                action: "create",
                                text: Some(text),
                            },
                            ChangeItem::Remove { path, .. } => FileChange {
                                path,
                                action: "remove",
                                text: None,
                            },
                        })
                        .collect(),
                }),
            })
            .collect(),
        checks: report.checks.as_ref().map(|cs| {
            cs.iter()
                .map(|c| Check {
                    phase: c.phase,
                    check: &c.subject,
                    status: c.status,
                    evidence: &c.evidence,
                    rule: c.rule,
                    path: &c.path,
                    line: c.line,
                })
                .collect()
        }),
        notes: report
            .checks
            .as_ref()
            .map(|_| report.skipped.iter().map(|n| n.reason.as_str()).collect()),
        summary: Summary {
            files: report.summary.files,
            findings: report.items.len(),
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
            checks: report.checks.as_ref().map(|c| CheckCounts {
                checks: c.len(),
                passed: report.checks_with("pass"),
                failed: report.checks_with("fail"),
                unknown: report.checks_with("unknown"),
            }),
        },
    };
    let mut s = serde_json::to_string_pretty(&out).expect("report serialises");
    s.push('\n');
    s
}
