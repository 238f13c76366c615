//! Drift tests: the catalog in `rules/*.yml` and the engine must agree. Every `bad` example fires
//! its rule (and only it) at the stated line, every `good` example is silent, every `fixed` text
//! is what the fixes produce and the rule no longer fires on it, and fix applicability matches
//! what the YAML promises.

use std::collections::BTreeSet;
use std::fs;

use egress::diagnostic::{Applicability, FixKind};
use egress::engine::lint_memory;
use egress::parse::{yaml, Tree};
use egress::rules::{select, RuleId, CATALOG, RULES};

struct Example {
    files: Vec<(String, String)>,
    target: String,
    line: Option<usize>,
    fixed: Option<String>,
    /// Files the fixes create or change (other than the target when `fixed` is given), with
    /// their text after the fix, and files they remove.
    fixed_files: Vec<(String, String)>,
    removed: Vec<String>,
}

fn examples(doc: &yaml::Node, kind: &str) -> Vec<Example> {
    let Some(list) = doc.path(&["examples", kind]) else {
        return Vec::new();
    };
    list.items()
        .iter()
        .map(|ex| {
            let mut files: Vec<(String, String)> = ex
                .get("files")
                .map(|f| {
                    f.entries()
                        .iter()
                        .map(|(k, v)| {
                            (
                                k.as_str().unwrap().to_string(),
                                v.as_str().unwrap_or("").to_string(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let target = ex.get("file").and_then(|f| f.as_str()).map(str::to_string);
            if let (Some(t), Some(code)) = (&target, ex.get("code")) {
                files.push((t.clone(), code.as_str().unwrap_or("").to_string()));
            }
            Example {
                target: target.unwrap_or_else(|| files[0].0.clone()),
                files,
                line: ex
                    .get("line")
                    .and_then(|l| l.as_str())
                    .map(|l| l.parse().expect("line is a number")),
                fixed: ex.get("fixed").and_then(|f| f.as_str()).map(str::to_string),
                fixed_files: ex
                    .get("fixed_files")
                    .map(|c| {
                        c.entries()
                            .iter()
                            .map(|(k, v)| {
                                let text = v.as_str().unwrap_or("").to_string();
                                (k.as_str().unwrap().to_string(), text)
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                removed: ex
                    .get("removed")
                    .map(|r| {
                        r.items()
                            .iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect()
}

fn load(file: &str) -> yaml::Node {
    let text = fs::read_to_string(format!("rules/{file}")).unwrap();
    yaml::parse(&text).unwrap().remove(0)
}

#[test]
fn every_rule_has_one_check_and_every_check_a_rule() {
    // A rule's check is its Rust code in RULES, or its rule file's `match:` (declarative).
    let mut checks: Vec<RuleId> = RULES.iter().map(|r| r.id()).collect();
    for (code, _, _) in egress::policy::DECLARATIVE {
        let m = CATALOG.iter().find(|m| m.code == *code).unwrap();
        assert!(
            !checks.contains(&m.id),
            "{code} has both a `match:` and Rust code in RULES"
        );
        checks.push(m.id);
    }
    assert!(
        egress::policy::ACTIVE.policies.len() >= egress::policy::DECLARATIVE.len(),
        "a built-in rule file's `match:` does not load"
    );
    let unique: BTreeSet<RuleId> = checks.iter().copied().collect();
    assert_eq!(unique.len(), checks.len(), "a rule is registered twice");
    for m in CATALOG.iter().filter(|m| !m.live) {
        assert!(
            unique.contains(&m.id),
            "{} has a YAML file but no check in src/rules/mod.rs",
            m.code
        );
    }
    for id in &unique {
        assert!(
            !id.meta().live,
            "{} is live but registered as a static check",
            id.code()
        );
    }
}

#[test]
fn every_printed_name_parses_back() {
    for m in CATALOG.iter() {
        assert_eq!(select::matching(m.code).unwrap(), vec![m.id]);
        assert_eq!(select::matching(m.name).unwrap(), vec![m.id]);
        for a in m.aliases {
            assert_eq!(select::matching(a).unwrap(), vec![m.id]);
        }
    }
}

#[test]
fn retired_ids_and_names_are_never_reused() {
    let doc = yaml::parse(&fs::read_to_string("rules/retired.yaml").unwrap())
        .unwrap()
        .remove(0);
    for r in doc.get("retired").map(|l| l.items()).unwrap_or_default() {
        let id = r.get("id").and_then(|x| x.as_str()).unwrap_or("");
        let name = r.get("name").and_then(|x| x.as_str()).unwrap_or("");
        assert!(
            CATALOG.iter().all(|m| m.code != id && m.name != name),
            "retired {id} {name} is in use again"
        );
    }
}

#[test]
fn examples_match_behaviour() {
    // Every rule, previews included: their examples must hold too.
    let all = select::resolve(&["ALL".to_string()], &[]).unwrap();
    // Every rule is checked, and the test names all that fail, not only the first.
    let mut failed = Vec::new();
    for m in CATALOG.iter().filter(|m| !m.live) {
        let held = std::panic::catch_unwind(|| {
            let doc = load(m.file);
            let bad = examples(&doc, "bad");
            // A rule whose bad case cannot be written as a file (EG002: a crash in egress) names
            // the test that provokes it instead.
            match doc.get("examples_tested_in").and_then(|t| t.as_str()) {
                Some(test) => {
                    let text = fs::read_to_string(test)
                        .unwrap_or_else(|e| panic!("{}: examples_tested_in {test}: {e}", m.code));
                    assert!(text.contains(m.code), "{}: {test} never names it", m.code);
                }
                None => assert!(!bad.is_empty(), "{}: no bad example", m.code),
            }
            assert!(
                !examples(&doc, "good").is_empty(),
                "{}: no good example",
                m.code
            );
            for ex in bad {
                let files: Vec<(&str, &str)> = ex
                    .files
                    .iter()
                    .map(|(a, b)| (a.as_str(), b.as_str()))
                    .collect();
                let (contract, found) = lint_memory(&files, &all);
                let on_target: Vec<_> = found
                    .iter()
                    .filter(|f| contract.file(f.at.file).path.to_str() == Some(ex.target.as_str()))
                    .collect();
                assert!(
                    on_target.iter().any(|f| f.rule == m.id),
                    "{}: bad example on {} did not fire: {found:#?}",
                    m.code,
                    ex.target
                );
                let others: Vec<_> = found.iter().filter(|f| f.rule != m.id).collect();
                assert!(
                    others.is_empty(),
                    "{}: bad example on {} fired other rules too: {others:#?}",
                    m.code,
                    ex.target
                );
                if let Some(line) = ex.line {
                    let f = on_target.iter().find(|f| f.rule == m.id).unwrap();
                    let info = contract.file(f.at.file);
                    let (l, _) = info.line_col(f.at.span.start);
                    assert_eq!(
                        l, line,
                        "{}: bad example on {} fired at line {l}, YAML says {line}",
                        m.code, ex.target
                    );
                }
                for f in &found {
                    match (&f.fix, m.fix) {
                        (Some(_), FixKind::None) => {
                            panic!("{}: YAML says no fix, rule emitted one", m.code)
                        }
                        (Some(x), FixKind::Safe) => {
                            assert_eq!(x.applicability, Applicability::Safe, "{}", m.code)
                        }
                        (Some(x), FixKind::Unsafe) => {
                            assert_eq!(x.applicability, Applicability::Unsafe, "{}", m.code)
                        }
                        (None, FixKind::Safe | FixKind::Unsafe) => {
                            panic!("{}: YAML promises a fix, rule emitted none", m.code)
                        }
                        _ => {}
                    }
                }
                if let Some(fixed) = &ex.fixed {
                    let original = &ex.files.iter().find(|(p, _)| *p == ex.target).unwrap().1;
                    let out = egress::fix::apply_all(
                        original,
                        found.iter().filter_map(|f| f.fix.as_ref()),
                    );
                    assert_eq!(
                        &out, fixed,
                        "{}: fix of {} differs from `fixed:`",
                        m.code, ex.target
                    );
                    let mut after = files.clone();
                    for (p, t) in after.iter_mut() {
                        if *p == ex.target {
                            *t = fixed.as_str();
                        }
                    }
                    let (_, again) = lint_memory(&after, &all);
                    assert!(
                        again.iter().all(|f| f.rule != m.id),
                        "{}: still fires after the fix: {again:#?}",
                        m.code
                    );
                }
                if !ex.fixed_files.is_empty() || !ex.removed.is_empty() {
                    let after = egress::fix::apply_in_memory(
                        &contract,
                        found
                            .iter()
                            .filter(|f| f.rule == m.id)
                            .filter_map(|f| f.fix.as_ref()),
                    );
                    let path_of = |p: &std::path::Path| p.to_string_lossy().replace('\\', "/");
                    let written: Vec<(String, String)> = after
                        .iter()
                        .filter(|(p, _)| ex.fixed.is_none() || path_of(p) != ex.target)
                        .filter_map(|(p, t)| t.clone().map(|t| (path_of(p), t)))
                        .collect();
                    let removed: Vec<String> = after
                        .iter()
                        .filter(|(_, t)| t.is_none())
                        .map(|(p, _)| path_of(p))
                        .collect();
                    let mut want = ex.fixed_files.clone();
                    want.sort();
                    assert_eq!(
                        written, want,
                        "{}: files the fix of {} writes",
                        m.code, ex.target
                    );
                    assert_eq!(
                        removed, ex.removed,
                        "{}: files the fix of {} removes",
                        m.code, ex.target
                    );
                    // The example's files as the fix leaves them: the rule no longer fires.
                    let mut left: Vec<(String, String)> = ex
                        .files
                        .iter()
                        .filter(|(p, _)| !removed.contains(p))
                        .map(|(p, t)| {
                            let t = after
                                .iter()
                                .find(|(q, _)| path_of(q) == *p)
                                .and_then(|(_, t)| t.clone())
                                .unwrap_or_else(|| t.clone());
                            (p.clone(), t)
                        })
                        .collect();
                    left.extend(
                        written
                            .into_iter()
                            .filter(|(p, _)| !ex.files.iter().any(|(q, _)| q == p)),
                    );
                    let left: Vec<(&str, &str)> =
                        left.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
                    let (_, again) = lint_memory(&left, &all);
                    assert!(
                        again.iter().all(|f| f.rule != m.id),
                        "{}: still fires after the fix creates and removes files: {again:#?}",
                        m.code
                    );
                }
            }
            for ex in examples(&doc, "good") {
                let files: Vec<(&str, &str)> = ex
                    .files
                    .iter()
                    .map(|(a, b)| (a.as_str(), b.as_str()))
                    .collect();
                let (_, found) = lint_memory(&files, &all);
                assert!(
                    found.is_empty(),
                    "{}: good example {} is not silent: {found:#?}",
                    m.code,
                    ex.target
                );
            }
        });
        if held.is_err() {
            failed.push(m.code);
        }
    }
    assert!(failed.is_empty(), "examples that do not hold: {failed:?}");
}

/// The README's rule table lists every static rule with the catalog's name, severity and
/// summary, and counts the live ones: the docs a new user reads first cannot drift either.
#[test]
fn readme_rule_table_matches_the_catalog() {
    let readme = fs::read_to_string("README.md").unwrap();
    let table = readme
        .split("\n## Rules\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has a ## Rules section");
    let rows: Vec<Vec<&str>> = table
        .lines()
        .filter(|l| l.starts_with("| EG"))
        .map(|l| {
            l.trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect()
        })
        .collect();
    let live = CATALOG.iter().filter(|m| m.live).count();
    let mut listed = Vec::new();
    for row in &rows {
        if row[0].contains('-') {
            assert_eq!(
                row[1],
                format!("({live} live rules)"),
                "README's live-rule row"
            );
            continue;
        }
        let m = CATALOG
            .iter()
            .find(|m| m.code == row[0])
            .unwrap_or_else(|| panic!("README lists unknown rule {}", row[0]));
        assert_eq!(row[1], m.name, "{}: name", m.code);
        assert_eq!(row[2], m.severity.as_str(), "{}: severity", m.code);
        assert_eq!(row[4], m.summary, "{}: summary", m.code);
        listed.push(m.code);
    }
    for m in CATALOG.iter().filter(|m| !m.live) {
        assert!(
            listed.contains(&m.code),
            "README's rule table lacks {}",
            m.code
        );
    }
}
