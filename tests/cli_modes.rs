//! `--stdin-filename` (editors, hooks with unsaved buffers) and `--changed-since` (pull-request
//! gates on legacy code).

mod common;

use std::path::Path;
use std::process::Command as Std;

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn rules_at(v: &serde_json::Value) -> Vec<(String, String, u64)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().into(),
                f["path"].as_str().unwrap().into(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn stdin_is_linted_as_the_named_file_with_its_app_root() {
    let code = "module Tidewater\n  ROLE = ENV[\"DYNO\"]\nend\n";
    let out = common::egress()
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "testdata/clean-app/lib/tidewater/instance.rb",
        ])
        .write_stdin(code)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    // Only the buffer is reported; the pinned Gemfile beside it keeps EG501 quiet.
    assert_eq!(
        rules_at(&v),
        [(
            "EG201".to_string(),
            "testdata/clean-app/lib/tidewater/instance.rb".to_string(),
            2
        )]
    );
    assert_eq!(v["summary"]["files"], 1);
}

#[test]
fn stdin_buffers_are_searched_for_the_manifests_process_type_variable() {
    // On disk src/server.js does not read APP_ROLE; the unsaved buffer does, and the manifest
    // beside it names APP_ROLE, which render.yaml does not set (EG203).
    let out = common::egress()
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "testdata/kafka-service/src/server.js",
        ])
        .write_stdin("const role = process.env.APP_ROLE;\n")
        .output()
        .unwrap();
    assert_eq!(
        rules_at(&json(&out)),
        [(
            "EG203".to_string(),
            "testdata/kafka-service/src/server.js".to_string(),
            1
        )]
    );
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Std::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn changed_since_reports_only_new_lines() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    std::fs::write(
        d.join("settings.py"),
        "import os\nA = os.environ.get(\"DYNO\")\n\n\nB = 1\n",
    )
    .unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "legacy"]);
    // A new hazard below the old one, and a new untracked file.
    std::fs::write(
        d.join("settings.py"),
        "import os\nA = os.environ.get(\"DYNO\")\n\n\nB = 1\nC = os.getenv(\"DYNO\")\n",
    )
    .unwrap();
    std::fs::write(
        d.join(".env"),
        "DATABASE_URL=postgres://app@db.example.com/app\n",
    )
    .unwrap();
    let run = |args: &[&str]| common::egress().current_dir(d).args(args).output().unwrap();
    let all = json(&run(&["check", "--format", "json", "."]));
    assert_eq!(rules_at(&all).len(), 3);
    let out = run(&["check", "--format", "json", "--changed-since", "HEAD", "."]);
    let changed = rules_at(&json(&out));
    assert_eq!(
        changed,
        [
            ("EG101".to_string(), ".env".to_string(), 1),
            ("EG201".to_string(), "settings.py".to_string(), 6)
        ]
    );
    let bad = run(&["check", "--changed-since", "no-such-rev", "."]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no-such-rev"));
}
