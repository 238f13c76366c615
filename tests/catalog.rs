//! Drift tests: the catalog in `rules/*.yml` and the engine must agree. Every `bad` example fires
//! its rule (and only it) at the stated line, every `good` example is silent, every `fixed` text
//! is what the fixes produce and the rule no longer fires on it, and fix applicability matches
//! what the YAML promises.

use std::collections::BTreeSet;
use std::fs;

use egress::parse::{yaml, Tree};
use egress::rules::{select, RuleId, CATALOG, RULES};

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
    // The runner `egress test-rules` uses; built-ins must also have both kinds of example (a
    // rule whose bad case cannot be a file names the test that provokes it).
    let mut failed = Vec::new();
    for m in CATALOG.iter().filter(|m| !m.live) {
        let doc = load(m.file);
        let has = |kind: &str| {
            doc.path(&["examples", kind])
                .is_some_and(|l| !l.items().is_empty())
        };
        match doc.get("examples_tested_in").and_then(|t| t.as_str()) {
            Some(test) => {
                let text = fs::read_to_string(test)
                    .unwrap_or_else(|e| panic!("{}: examples_tested_in {test}: {e}", m.code));
                assert!(text.contains(m.code), "{}: {test} never names it", m.code);
            }
            None => assert!(has("bad"), "{}: no bad example", m.code),
        }
        assert!(has("good"), "{}: no good example", m.code);
        failed.extend(egress::examples::run(m, std::path::Path::new(".")));
    }
    let lines: Vec<String> = failed.iter().map(|f| f.to_string()).collect();
    assert!(
        failed.is_empty(),
        "examples that do not hold:\n{}",
        lines.join("\n")
    );
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
