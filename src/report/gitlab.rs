//! `--format gitlab`: GitLab Code Quality JSON, one entry per finding (and per live check that
//! could not be made) with a unique fingerprint.

use serde::Serialize;

use super::{fingerprints, Report, Severity};

#[derive(Serialize)]
struct Entry<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'a str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

pub fn render(report: &Report) -> String {
    let prints = fingerprints(&report.items);
    let entries: Vec<Entry> = report
        .items
        .iter()
        .zip(prints)
        .map(|(i, print)| Entry {
            description: format!("{} {}: {}", i.code, i.name, i.message),
            check_name: i.code,
            // Unique per finding: the line hash is per rule and path, the suffix per occurrence.
            fingerprint: print,
            severity: match i.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            },
            location: Location {
                path: &i.path,
                lines: Lines {
                    begin: i.line,
                    end: i.end_line,
                },
            },
        })
        .chain(report.unresolved_checks().map(|c| Entry {
            description: c.describe(),
            check_name: "egress-verify",
            fingerprint: super::fnv(&[c.phase, &c.subject, c.status]),
            severity: "major",
            location: Location {
                path: &c.path,
                lines: Lines {
                    begin: c.line.max(1),
                    end: c.line.max(1),
                },
            },
        }))
        .collect();
    let mut s = serde_json::to_string_pretty(&entries).expect("report serialises");
    s.push('\n');
    s
}
