//! The whole engine on a few files at once: rules, reports, fixes; nothing leaks a secret.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// The whole pipeline

/// Every rule, previews and deprecated ones included.
pub(super) fn every_rule() -> RuleSet {
    let mut set = RuleSet::empty();
    RuleId::all().for_each(|id| set.insert(id));
    set
}

/// The text of a file of the contract (every file of `lint_memory` with facts keeps it).
pub(super) fn file_text(c: &Contract, file: FileId) -> Option<&str> {
    c.files.get(file as usize).and_then(|f| f.text())
}

/// Facts and findings of a whole run point into the texts of their files.
pub(super) fn check_findings(c: &Contract, findings: &[crate::rules::Finding]) {
    let check = |loc: Loc, what: &str| {
        let text =
            file_text(c, loc.file).unwrap_or_else(|| panic!("{what} in a file without text"));
        check_span(text, loc.span, what);
    };
    for (what, loc) in fact_locs(&c.facts) {
        check(loc, what);
    }
    for f in &c.files {
        if let Some(text) = f.text() {
            for s in f.secrets() {
                check_span(text, *s, "secret");
            }
        }
    }
    for f in findings {
        check(f.at, "finding");
        for r in &f.related {
            check(r.at, "related location");
        }
        for e in f.fix.iter().flat_map(|x| &x.edits) {
            check(
                Loc {
                    file: e.file,
                    span: e.span,
                },
                "fix edit",
            );
        }
    }
}

/// The files of an `engine` input: chunks separated by `ENGINE_SEPARATOR`, each a byte that
/// picks its path from `ENGINE_PATHS` and the text; a path already taken is skipped.
pub fn engine_files(data: &[u8]) -> Vec<(&'static str, String)> {
    let mut files: Vec<(&'static str, String)> = Vec::new();
    for chunk in data
        .split(|b| *b == ENGINE_SEPARATOR)
        .take(ENGINE_MAX_FILES)
    {
        let Some((path, text)) = pick(chunk, ENGINE_PATHS) else {
            continue;
        };
        if !files.iter().any(|(p, _)| *p == path) {
            files.push((path, text.into_owned()));
        }
    }
    files
}

/// Passwords of connection strings that a report must never show: long enough, and found
/// nowhere else in the files, the paths, the rule catalog or a report's fixed text, so that
/// seeing one in a report can only mean it leaked.
pub(super) fn telltale_passwords(files: &[(&str, String)], fixed_text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (_, text) in files {
        for p in extract::connstr::find_all(text, &[]) {
            let Some(pw) = p.password else { continue };
            let Some(secret) = text.get(pw.start..pw.end) else {
                continue;
            };
            let telltale = secret.len() >= 8
                && secret.bytes().all(|b| b.is_ascii_alphanumeric())
                && secret.bytes().any(|b| b.is_ascii_digit())
                && secret
                    .bytes()
                    .any(|b| matches!(b, b'g'..=b'z' | b'G'..=b'Z'))
                && files
                    .iter()
                    .map(|(_, t)| t.matches(secret).count())
                    .sum::<usize>()
                    == 1
                && !ENGINE_PATHS.iter().any(|p| p.contains(secret))
                && !crate::rules::CATALOG
                    .iter()
                    .any(|m| m.source.contains(secret))
                && !fixed_text.contains(secret);
            if telltale {
                out.push(secret.to_string());
            }
        }
    }
    out
}

/// Every report format of a report, by name.
pub(super) fn render_all(report: &crate::report::Report) -> Vec<(&'static str, String)> {
    use crate::report::{concise, github, gitlab, human, json, junit, sarif};
    let style = human::Style {
        color: false,
        width: 80,
    };
    vec![
        ("human", human::render(report, style)),
        ("concise", concise::render(report)),
        ("json", json::render(report)),
        ("sarif", sarif::render(report, "0.0.0-fuzz")),
        ("github", github::render(report)),
        ("github step summary", github::step_summary(report)),
        ("gitlab", gitlab::render(report)),
        ("junit", junit::render(report)),
    ]
}

/// A small tree through the whole pipeline: `engine::lint_memory` with every rule, the fix
/// plan applied, the report built as `egress check` builds it, every reporter, a baseline of
/// the findings. JSON formats parse, JUnit is well-formed XML, GitHub commands and concise
/// findings take one line each, and no report shows a password.
pub fn engine(data: &[u8]) {
    let files = engine_files(data);
    if files.is_empty() {
        return;
    }
    let pairs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let (contract, findings) = crate::engine::lint_memory(&pairs, &every_rule());
    check_findings(&contract, &findings);

    let plan = crate::fix::plan(&contract, &findings, true);
    for fp in &plan.files {
        let text = file_text(&contract, fp.file).expect("fixes edit files with text");
        let _ = crate::fix::apply_plan(text, fp);
    }

    let outcome = crate::engine::Outcome {
        contract,
        findings,
        skipped: Vec::new(),
        truncated: Vec::new(),
        files_scanned: files.len(),
        elapsed: Duration::ZERO,
    };
    let report = crate::cli::present::report(&outcome);
    assert_eq!(report.items.len(), outcome.findings.len(), "findings lost");
    let outputs = render_all(&report);
    for (format, out) in &outputs {
        match *format {
            "json" | "sarif" | "gitlab" => {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(out) {
                    panic!("{format} output is not JSON: {e}");
                }
            }
            "junit" => {
                if let Err(e) = check_xml(out) {
                    panic!("junit output is not well-formed XML: {e}");
                }
            }
            "github" => {
                for line in out.split('\n').filter(|l| !l.is_empty()) {
                    assert!(
                        line.starts_with("::"),
                        "github line not a command: {line:?}"
                    );
                }
            }
            "concise" => assert_eq!(
                out.matches('\n').count(),
                report.items.len(),
                "concise output is not one line per finding"
            ),
            _ => {}
        }
    }

    let empty = crate::report::Report::default();
    let fixed_text: String = render_all(&empty).into_iter().map(|(_, o)| o).collect();
    for secret in telltale_passwords(&files, &fixed_text) {
        for (format, out) in &outputs {
            assert!(
                !out.contains(&secret),
                "{format} report shows the password {secret:?}"
            );
        }
    }

    let mut keyer = crate::baseline::Keyer::new(Path::new("egress-baseline.json"));
    let b = crate::baseline::build(&report.items, &mut keyer);
    let mut items = report.items.clone();
    let stale = crate::baseline::apply(&b, &mut items, &mut keyer, |_| true);
    assert!(items.is_empty(), "a baseline of the findings left some");
    assert!(
        stale.is_empty(),
        "a baseline of the findings has stale entries"
    );
}
