//! Every reporter on one fixed, synthetic report: the formats' own details (layout, escaping,
//! rule metadata, fixes, related locations, notes) are snapshotted here, so a new rule or a
//! changed finding on a testdata app does not churn seven format snapshots. What the apps
//! produce is snapshotted once, in `formats.rs` (concise), and validated per format there.

use std::time::Duration;

use egress::diagnostic::{Applicability, Severity};
use egress::report::{
    concise, github, gitlab, human, json, junit, sarif, EditItem, FixItem, Item, RelatedItem,
    Report, RuleDoc, SkipNote, Snippet, Summary,
};

const SSL: RuleDoc = RuleDoc {
    summary: "A PostgreSQL connection string to a non-local host that does not set sslmode",
    why: "Heroku Postgres forced TLS; the new host may not.",
    how_to_fix: "Add `sslmode=require`.",
    category: "connections",
    tags: &["security"],
    default_severity: Severity::Error,
    custom_file: None,
};

const DYNO: RuleDoc = RuleDoc {
    summary: "Code reads the DYNO environment variable, which only Heroku sets",
    why: "Only Heroku sets DYNO.",
    how_to_fix: "Read an explicit PROCESS_TYPE.",
    category: "process-identity",
    tags: &[],
    default_severity: Severity::Warning,
    custom_file: None,
};

fn report() -> Report {
    let url_line = "DATABASE_URL=postgres://app:****@db.example.com/app";
    let ssl = Item {
        code: "EG101",
        name: "missing-sslmode",
        doc: SSL,
        line_text: url_line.into(),
        severity: Severity::Error,
        path: "config/.env.production".into(),
        line: 2,
        column: 14,
        end_line: 2,
        end_column: 52,
        message: "connection to `db.example.com` does not set `sslmode`".into(),
        label: Some("no sslmode".into()),
        help: Some("add `sslmode=require`".into()),
        related: Vec::new(),
        fix: Some(FixItem {
            applicability: Applicability::Safe,
            description: "append `sslmode=require`".into(),
            changes: Vec::new(),
            edits: vec![EditItem {
                path: "config/.env.production".into(),
                start: 65,
                end: 65,
                replacement: "?sslmode=require".into(),
            }],
        }),
        snippet: Some(Snippet {
            text: format!("RACK_ENV=production\n{url_line}\nREDIS_URL=redis://cache\n"),
            first_line: 1,
            span: (33, 71),
        }),
        fix_preview: Some((url_line.into(), format!("{url_line}?sslmode=require"))),
    };
    let dyno = Item {
        code: "EG201",
        name: "dyno-env-read",
        doc: DYNO,
        line_text: "  rôle = ENV[\"DYNO\"] # <é & \"quoted\">".into(),
        severity: Severity::Warning,
        path: "app/wörker.rb".into(),
        line: 7,
        column: 15,
        end_line: 7,
        end_column: 19,
        message: "reads `DYNO` <in> \"markup\" & escapes\\n".into(),
        label: Some("unset elsewhere".into()),
        help: None,
        related: vec![RelatedItem {
            path: "Procfile".into(),
            line: 1,
            column: 1,
            message: "app root".into(),
        }],
        fix: None,
        snippet: None,
        fix_preview: None,
    };
    let info = Item {
        severity: Severity::Info,
        line: 9,
        column: 3,
        end_line: 9,
        end_column: 7,
        message: "an info finding".into(),
        ..dyno.clone()
    };
    Report {
        items: vec![ssl, dyno, info],
        summary: Summary {
            files: 3,
            elapsed: Duration::from_millis(12),
        },
        skipped: vec![SkipNote {
            path: "assets/logo.png".into(),
            reason: "binary file (contains NUL bytes)".into(),
        }],
        truncated: vec![("db/dump.sql".into(), 42)],
        checks: None,
    }
}

#[test]
fn every_reporter_on_a_fixed_report() {
    let r = report();
    let style = human::Style {
        color: false,
        width: 100,
    };
    insta::assert_snapshot!("synthetic_human", human::render(&r, style));
    insta::assert_snapshot!("synthetic_concise", concise::render(&r));
    insta::assert_snapshot!("synthetic_json", json::render(&r));
    insta::assert_snapshot!("synthetic_sarif", sarif::render(&r, "0.0.0"));
    insta::assert_snapshot!("synthetic_github", github::render(&r));
    insta::assert_snapshot!("synthetic_gitlab", gitlab::render(&r));
    insta::assert_snapshot!("synthetic_junit", junit::render(&r));
}

#[test]
fn an_empty_report_in_every_format() {
    let r = Report {
        summary: Summary {
            files: 2,
            elapsed: Duration::from_millis(1),
        },
        ..Report::default()
    };
    let style = human::Style {
        color: false,
        width: 100,
    };
    insta::assert_snapshot!("synthetic_empty_human", human::render(&r, style));
    for text in [
        json::render(&r),
        sarif::render(&r, "0.0.0"),
        gitlab::render(&r),
    ] {
        serde_json::from_str::<serde_json::Value>(&text).unwrap();
    }
    assert!(concise::render(&r).is_empty());
    assert!(junit::render(&r).starts_with("<?xml"));
}
