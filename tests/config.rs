//! `.egress.yml`: discovery, every key, and errors that name the file, line and closest key.

mod common;

use std::path::Path;

fn check(dir: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = common::egress()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let v = serde_json::from_str(&stdout).unwrap_or(serde_json::Value::Null);
    (
        out.status.code().unwrap(),
        v,
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn found(v: &serde_json::Value) -> Vec<(String, String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().into(),
                f["path"].as_str().unwrap().into(),
                f["severity"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("app")).unwrap();
    std::fs::create_dir_all(d.join("scripts")).unwrap();
    std::fs::write(d.join("app/worker.rb"), "ROLE = ENV[\"DYNO\"]\n").unwrap();
    std::fs::write(d.join("scripts/one_off.rb"), "puts ENV.fetch(\"DYNO\")\n").unwrap();
    std::fs::write(
        d.join(".env"),
        "DATABASE_URL=postgres://app@db.example.com/app\n",
    )
    .unwrap();
    dir
}

#[test]
fn per_path_exclude_severity_and_fail_on() {
    let dir = tree();
    let d = dir.path();
    std::fs::write(
        d.join(".egress.yml"),
        "per-path:\n  scripts/:\n    ignore: [dyno-env-read]\nexclude: [\".env\"]\nseverity:\n  EG201: info\nfail-on: warning\n",
    )
    .unwrap();
    let (code, v, err) = check(d, &["."]);
    assert_eq!(
        found(&v),
        [("EG201".into(), "app/worker.rb".into(), "info".into())],
        "{err}"
    );
    assert_eq!(code, 0, "an info finding is below fail-on: warning");
    // The command line overrides the config.
    let (code, _, _) = check(d, &[".", "--fail-on", "info"]);
    assert_eq!(code, 1);
    let (_, v, _) = check(d, &[".", "--select", "EG1"]);
    assert!(found(&v).is_empty(), "the .env is excluded: {v}");
}

#[test]
fn nearest_config_applies_and_extends_a_parent() {
    let dir = tree();
    let d = dir.path();
    std::fs::write(d.join(".egress.yml"), "ignore: [EG101]\n").unwrap();
    std::fs::write(
        d.join("app/.egress.yml"),
        "extends: ../.egress.yml\nselect: [EG1, EG2]\n",
    )
    .unwrap();
    let (_, v, _) = check(&d.join("app"), &["."]);
    assert_eq!(
        found(&v).iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["EG201"]
    );
}

#[test]
fn errors_name_the_file_line_and_closest_key() {
    let dir = tree();
    let d = dir.path();
    std::fs::write(d.join(".egress.yml"), "select: [EG2]\nignor: [EG101]\n").unwrap();
    let (code, _, err) = check(d, &["."]);
    assert_eq!(code, 2);
    assert!(
        err.contains(".egress.yml:2")
            && err.contains("unknown key `ignor`")
            && err.contains("did you mean `ignore`"),
        "{err}"
    );
    std::fs::write(d.join(".egress.yml"), "select:\n  - dyno-env-reed\n").unwrap();
    let (code, _, err) = check(d, &["."]);
    assert_eq!(code, 2);
    assert!(
        err.contains(".egress.yml:2") && err.contains("dyno-env-read"),
        "{err}"
    );
}

#[test]
fn non_suppressible_and_require_reason() {
    let dir = tree();
    let d = dir.path();
    std::fs::write(
        d.join("app/worker.rb"),
        "ROLE = ENV[\"DYNO\"] # egress-ignore: EG201\n",
    )
    .unwrap();
    std::fs::write(
        d.join(".egress.yml"),
        "select: [EG2, EG0]\nrequire-reason: true\n",
    )
    .unwrap();
    let (_, v, _) = check(d, &["app"]);
    let rules: Vec<String> = found(&v).into_iter().map(|f| f.0).collect();
    assert_eq!(
        rules,
        ["EG009"],
        "silenced, but the directive gives no reason"
    );
    std::fs::write(
        d.join(".egress.yml"),
        "select: [EG2, EG0]\nnon-suppressible: [EG201]\n",
    )
    .unwrap();
    let (_, v, _) = check(d, &["app"]);
    let rules: Vec<String> = found(&v).into_iter().map(|f| f.0).collect();
    assert!(rules.contains(&"EG201".to_string()), "{rules:?}");
}

#[test]
fn schemas_are_json() {
    for which in ["config", "manifest", "contract", "rule"] {
        let out = common::egress().args(["schema", which]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["type"], "object");
    }
}
