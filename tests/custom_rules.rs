//! A team's own rules (`.egress/rules/*.yml`, `custom-rules:`) through the binary: each kind of
//! matcher, a fix, selection, suppression, SARIF metadata, `rules`, `explain`, and broken rule
//! files (exit 2, file and line named).

mod common;

use std::fs;
use std::path::Path;

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = common::egress()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_in(Path::new("."), args)
}

/// `(rule, path:line)` of each finding of a JSON report.
fn found(out: &str) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(out).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                format!("{}:{}", f["path"].as_str().unwrap(), f["line"]),
            )
        })
        .collect()
}

/// A copy of the bundled app to change.
fn app() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy(Path::new("testdata/acme-billing"), dir.path());
    dir
}

fn copy(from: &Path, to: &Path) {
    for e in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

fn ours(findings: &[(String, String)]) -> Vec<(String, String)> {
    findings
        .iter()
        .filter(|(r, _)| r.starts_with("ACME"))
        .cloned()
        .collect()
}

#[test]
fn each_matcher_fires_where_the_code_is_and_nowhere_else() {
    let (code, out, err) = run(&["check", "testdata/acme-billing", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let p = |s: &str| format!("testdata/acme-billing/{s}");
    assert_eq!(
        ours(&found(&out)),
        [
            // Text: the string, not the comment above it; not the rake task (per-path config
            // ignores it there), the spec (test code) or the Markdown runbook.
            ("ACME001".to_string(), p("app/services/invoice_store.rb:4")),
            // Facts: a read of a variable no built-in watches.
            ("ACME002".to_string(), p("app/services/partner_client.rb:8")),
            // Structured: the worker's `plan: free`, not the web service's `starter`.
            ("ACME003".to_string(), p("render.yaml:14")),
        ]
    );
}

#[test]
fn messages_use_the_match_and_its_groups() {
    let (_, out, _) = run(&["check", "testdata/acme-billing", "--format", "concise"]);
    assert!(
        out.contains("ACME001 [error] names the retired bucket `acme-heroku-invoices-production`"),
        "{out}"
    );
    assert!(out.contains("`services[1].plan` is `free`"), "{out}");
    let (_, human, _) = run(&["check", "testdata/acme-billing", "--color", "never"]);
    assert!(
        human.contains("help: use `acme-invoices-production`, or read `INVOICE_BUCKET`"),
        "{human}"
    );
}

#[test]
fn a_safe_fix_is_applied_and_an_unsafe_one_only_when_asked() {
    let dir = app();
    let (_, _, err) = run_in(dir.path(), &["check", ".", "--fix", "--format", "concise"]);
    let store = fs::read_to_string(dir.path().join("app/services/invoice_store.rb")).unwrap();
    assert!(
        store.contains("BUCKET = \"acme-invoices-production\""),
        "{store}\n{err}"
    );
    // The comment is history and stays.
    assert!(store.contains("the bucket was acme-heroku-invoices-production"));
    let render = fs::read_to_string(dir.path().join("render.yaml")).unwrap();
    assert!(
        render.contains("plan: free"),
        "an unsafe fix was applied without --unsafe-fixes"
    );
    run_in(dir.path(), &["check", ".", "--fix", "--unsafe-fixes"]);
    let render = fs::read_to_string(dir.path().join("render.yaml")).unwrap();
    assert!(
        render.contains("plan: starter") && !render.contains("plan: free"),
        "{render}"
    );
    let (_, out, _) = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert!(
        ours(&found(&out)).iter().all(|(r, _)| r == "ACME002"),
        "{out}"
    );
}

/// Pre-commit names the changed files, deep in the tree: the project's rules still apply.
#[test]
fn a_file_named_below_the_rules_folder_gets_them() {
    let (code, out, err) = run_in(
        Path::new("testdata/acme-billing"),
        &[
            "check",
            "app/services/invoice_store.rb",
            "--format",
            "concise",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("app/services/invoice_store.rb:4:13: ACME001"),
        "{out}"
    );
}

#[test]
fn selected_by_id_prefix_and_name_and_ignored_by_config() {
    let ids = |args: &[&str]| {
        let mut a = vec!["check", "testdata/acme-billing", "--format", "json"];
        a.extend_from_slice(args);
        let (code, out, err) = run(&a);
        assert_ne!(code, 2, "{err}");
        let mut r: Vec<String> = found(&out).into_iter().map(|(r, _)| r).collect();
        r.dedup();
        r
    };
    assert_eq!(
        ids(&["--select", "ACME"]),
        ["ACME001", "ACME002", "ACME003"]
    );
    assert_eq!(
        ids(&["--select", "legacy-bucket,ACME003"]),
        ["ACME001", "ACME003"]
    );
    assert_eq!(
        ids(&["--select", "ACME", "--ignore", "ACME002"]),
        ["ACME001", "ACME003"]
    );
    let (code, _, err) = run(&["check", "testdata/acme-billing", "--select", "ACME009"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule selector `ACME009`"), "{err}");
    // The per-path config of the app's .egress.yml names the rule by name.
    let dir = app();
    fs::write(dir.path().join(".egress.yml"), "fail-on: warning\n").unwrap();
    let (_, out, _) = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert!(
        ours(&found(&out)).contains(&("ACME001".into(), "lib/tasks/archive.rake:4".into())),
        "{out}"
    );
}

#[test]
fn inline_suppressions_and_the_baseline_know_custom_ids() {
    let dir = app();
    let store = dir.path().join("app/services/invoice_store.rb");
    let text = fs::read_to_string(&store).unwrap().replace(
        "BUCKET = \"acme-heroku-invoices-production\"",
        "BUCKET = \"acme-heroku-invoices-production\" # egress-ignore: ACME001 -- migrated by the archive task",
    );
    fs::write(&store, text).unwrap();
    let (_, out, _) = run_in(dir.path(), &["check", ".", "--format", "json"]);
    let f = found(&out);
    assert!(!f.iter().any(|(r, _)| r == "ACME001"), "{out}");
    assert!(
        !f.iter().any(|(r, _)| r == "EG008"),
        "the suppression counts as used: {out}"
    );
    let (code, _, _) = run_in(dir.path(), &["check", ".", "--write-baseline", "b.json"]);
    assert_eq!(code, 0);
    let (code, out, _) = run_in(
        dir.path(),
        &["check", ".", "--baseline", "b.json", "--format", "json"],
    );
    assert_eq!(code, 0, "{out}");
}

#[test]
fn sarif_carries_the_rules_metadata() {
    let (_, out, _) = run(&["check", "testdata/acme-billing", "--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let r = rules
        .iter()
        .find(|r| r["id"] == "ACME001")
        .expect("ACME001 in the driver's rules");
    assert_eq!(r["name"], "legacy-bucket");
    assert!(r["shortDescription"]["text"]
        .as_str()
        .unwrap()
        .contains("S3 bucket"));
    assert!(
        r["fullDescription"]["text"]
            .as_str()
            .unwrap_or("")
            .contains("AccessDenied")
            || r["help"]["text"]
                .as_str()
                .unwrap_or("")
                .contains("AccessDenied"),
        "{r}"
    );
    assert!(
        r.get("helpUri").is_none(),
        "a project's rule has no page at egress's repository"
    );
    assert_eq!(
        r["properties"]["ruleFile"],
        "testdata/acme-billing/.egress/rules/ACME001-legacy-bucket.yml"
    );
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|x| x["ruleId"] == "ACME003"));
}

#[test]
fn rules_lists_them_with_their_file_and_explain_prints_them() {
    let dir = Path::new("testdata/acme-billing");
    let (code, out, _) = run_in(dir, &["rules"]);
    assert_eq!(code, 0);
    let line = out
        .lines()
        .find(|l| l.starts_with("ACME001"))
        .expect("ACME001 listed");
    assert!(
        line.contains("legacy-bucket") && line.contains(".egress/rules/ACME001-legacy-bucket.yml"),
        "{line}"
    );
    let builtin = out.lines().find(|l| l.starts_with("EG101")).unwrap();
    assert!(builtin.contains("built-in"), "{builtin}");
    let (code, out, _) = run_in(dir, &["explain", "legacy-bucket"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("AccessDenied") && out.contains("regex:"),
        "{out}"
    );
}

/// A rule file in a temporary project, and what `check` says of it.
fn broken(rule: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join(".egress/rules")).unwrap();
    fs::write(dir.path().join(".egress/rules/team.yml"), rule).unwrap();
    fs::write(dir.path().join("app.rb"), "puts 1\n").unwrap();
    let (code, _, err) = run_in(dir.path(), &["check", "."]);
    (code, err)
}

const GOOD_HEAD: &str = "id: TEAM001\nname: old-host\nseverity: warning\nsummary: The old host\n";

#[test]
fn a_broken_rule_file_exits_2_naming_the_file_the_line_and_the_closest_key() {
    let (code, err) = broken(&format!("{GOOD_HEAD}mesage: x\nmatch:\n  regex: old\n"));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(".egress/rules/team.yml:5") && err.contains("did you mean `message`?"),
        "{err}"
    );
    let (code, err) = broken(&format!("{GOOD_HEAD}match:\n  regex: 'old(host'\n"));
    assert_eq!(code, 2);
    assert!(
        err.contains("team.yml:6") && err.contains("not a valid regular expression"),
        "{err}"
    );
    let (code, err) = broken(&format!("{GOOD_HEAD}match:\n  regx: old\n"));
    assert_eq!(code, 2);
    assert!(
        err.contains("team.yml:6") && err.contains("did you mean `regex`?"),
        "{err}"
    );
    let (code, err) = broken(&(GOOD_HEAD.replace("TEAM001", "EG999") + "match:\n  regex: old\n"));
    assert_eq!(code, 2);
    assert!(
        err.contains("team.yml:1") && err.contains("egress's own"),
        "{err}"
    );
    let (code, err) =
        broken(&(GOOD_HEAD.replace("old-host", "dyno-env-read") + "match:\n  regex: old\n"));
    assert_eq!(code, 2);
    assert!(err.contains("team.yml:2") && err.contains("EG201"), "{err}");
    let (code, err) = broken(&format!(
        "{GOOD_HEAD}message: \"{{nope}}\"\nmatch:\n  regex: old\n"
    ));
    assert_eq!(code, 2);
    assert!(
        err.contains("team.yml:5") && err.contains("{nope}"),
        "{err}"
    );
    let (code, err) = broken("id: [unclosed\n");
    assert_eq!(code, 2);
    assert!(
        err.contains("team.yml:") && err.contains("invalid YAML"),
        "{err}"
    );
}

#[test]
fn custom_rules_in_the_config_load_files_folders_and_what_extends_brings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("policies/pack")).unwrap();
    fs::create_dir_all(root.join("svc")).unwrap();
    fs::write(
        root.join("policies/pack/old-host.yml"),
        format!("{GOOD_HEAD}match:\n  regex: 'old-host\\.internal'\n  in: [strings]\n"),
    )
    .unwrap();
    fs::write(root.join(".egress.yml"), "custom-rules: policies/pack\n").unwrap();
    fs::write(
        root.join("svc/legacy.yml"),
        "id: TEAM002\nname: legacy-queue\nseverity: info\nsummary: The legacy queue\nmatch:\n  regex: legacy_queue\n  in: comments\n",
    )
    .unwrap();
    fs::write(
        root.join("svc/.egress.yml"),
        "extends: ../.egress.yml\ncustom-rules: [legacy.yml]\n",
    )
    .unwrap();
    fs::write(
        root.join("svc/app.py"),
        "HOST = 'old-host.internal'\n# legacy_queue drained in March\nq = legacy_queue\nold = old-host.internal\n",
    )
    .unwrap();
    let (code, out, err) = run_in(&root.join("svc"), &["check", ".", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        found(&out),
        [
            ("TEAM001".into(), "app.py:1".into()),
            ("TEAM002".into(), "app.py:2".into())
        ]
    );
    fs::write(
        root.join("svc/.egress.yml"),
        "custom-rules: [missing.yml]\n",
    )
    .unwrap();
    let (code, _, err) = run_in(&root.join("svc"), &["check", "."]);
    assert_eq!(code, 2);
    assert!(
        err.contains(".egress.yml:1") && err.contains("missing.yml"),
        "{err}"
    );
}

/// The rule files' own examples name the hazards they describe; egress does not lint them.
#[test]
fn rule_files_are_not_linted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join(".egress/rules")).unwrap();
    fs::write(
        root.join(".egress/rules/db.yml"),
        "id: DB002\nname: legacy-db\nseverity: error\nsummary: The legacy database host\nmatch:\n  regex: legacy-db\\.example\\.com\nexamples:\n  bad:\n    - file: config/db.py\n      line: 1\n      code: |\n        URL = 'postgres://legacy-db.example.com/app'\n",
    )
    .unwrap();
    fs::write(root.join("app.py"), "print('ok')\n").unwrap();
    let (code, out, err) = run_in(root, &["check", ".", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn markdown_only_when_paths_ask_and_structured_absent() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join(".egress/rules")).unwrap();
    fs::create_dir_all(root.join("docs")).unwrap();
    fs::write(
        root.join(".egress/rules/runbook.yml"),
        "id: OPS001\nname: runbook-heroku-cli\nseverity: info\nsummary: A runbook step uses the Heroku CLI\nmatch:\n  regex: 'heroku (run|pg:\\w+)'\n  paths: ['docs/**/*.md']\n",
    )
    .unwrap();
    fs::write(
        root.join(".egress/rules/health.yml"),
        "id: OPS002\nname: service-without-health-check\nseverity: warning\nsummary: A Render web service without healthCheckPath\nmessage: \"`{path}` has no `{key}`\"\nmatch:\n  files: render.yaml\n  path-query: 'services[*].healthCheckPath'\n  absent: true\n",
    )
    .unwrap();
    fs::write(
        root.join("docs/runbook.md"),
        "# Runbook\n\nRun `heroku pg:psql` to connect.\n",
    )
    .unwrap();
    fs::write(root.join("README.md"), "Run `heroku run rails c`.\n").unwrap();
    fs::write(
        root.join("render.yaml"),
        "services:\n  - type: web\n    name: a\n    healthCheckPath: /up\n  - type: web\n    name: b\n",
    )
    .unwrap();
    let (_, out, err) = run_in(root, &["check", ".", "--format", "json", "--select", "OPS"]);
    assert_eq!(
        found(&out),
        [
            ("OPS001".into(), "docs/runbook.md:3".into()),
            ("OPS002".into(), "render.yaml:5".into())
        ],
        "{err}"
    );
    let (_, out, _) = run_in(
        root,
        &["check", ".", "--format", "concise", "--select", "OPS002"],
    );
    assert!(
        out.contains("`services[1]` has no `healthCheckPath`"),
        "{out}"
    );
}

#[test]
fn fact_matchers_for_connections_schedules_processes_runtimes_and_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join(".egress/rules")).unwrap();
    fs::create_dir_all(root.join("config")).unwrap();
    fs::create_dir_all(root.join("db")).unwrap();
    let rule = |id: &str, name: &str, body: &str| {
        fs::write(
            root.join(format!(".egress/rules/{id}.yml")),
            format!("id: {id}\nname: {name}\nseverity: warning\nsummary: {name}\nmessage: \"{name}\"\nmatch:\n{body}"),
        )
        .unwrap();
    };
    rule(
        "DB001",
        "internal-db-host",
        "  connection:\n    host: '\\.corp\\.acme\\.net$'\n",
    );
    rule(
        "JOB001",
        "nightly-report",
        "  schedule:\n    command: 'reports:nightly'\n",
    );
    rule(
        "PROC001",
        "no-clock-process",
        "  process:\n    name: '^clock$'\n",
    );
    rule(
        "RT001",
        "python-3-9",
        "  runtime:\n    language: python\n    version: '^3\\.9'\n",
    );
    rule("EXT001", "no-postgis", "  extension: [postgis]\n");
    fs::write(root.join("config/settings.py"), "DATABASE_URL = 'postgres://app@db1.corp.acme.net/app?sslmode=require'\nOTHER = 'postgres://app@db.example.com/app?sslmode=require'\n").unwrap();
    fs::write(
        root.join("crontab"),
        "0 3 * * * cd /app && bin/rake reports:nightly\n",
    )
    .unwrap();
    fs::write(
        root.join("Procfile"),
        "web: gunicorn app:app\nclock: python clock.py\n",
    )
    .unwrap();
    fs::write(root.join(".python-version"), "3.9.18\n").unwrap();
    fs::write(root.join("requirements.txt"), "flask==3.0.0\n").unwrap();
    fs::write(
        root.join("db/structure.sql"),
        "CREATE EXTENSION IF NOT EXISTS postgis;\nCREATE EXTENSION IF NOT EXISTS pg_trgm;\n",
    )
    .unwrap();
    let (_, out, err) = run_in(
        root,
        &[
            "check",
            ".",
            "--format",
            "json",
            "--select",
            "DB,JOB,PROC,RT,EXT",
        ],
    );
    let mut got: Vec<(String, String)> = found(&out);
    got.sort();
    let want: Vec<(String, String)> = [
        ("DB001", "config/settings.py:1"),
        ("EXT001", "db/structure.sql:1"),
        ("JOB001", "crontab:1"),
        ("PROC001", "Procfile:2"),
        ("RT001", ".python-version:1"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want, "{err}");
}

#[test]
fn a_secret_in_a_match_never_reaches_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join(".egress/rules")).unwrap();
    fs::write(
        root.join(".egress/rules/urls.yml"),
        "id: SEC001\nname: legacy-db-url\nseverity: error\nsummary: The legacy database\nmessage: \"names {match}\"\nmatch:\n  regex: 'postgres://\\S+legacy\\S+'\n",
    )
    .unwrap();
    fs::write(
        root.join("app.py"),
        "URL = 'postgres://app:s3cretCanaryPw@legacy-db.example.com/app'\n",
    )
    .unwrap();
    for format in ["human", "json", "sarif", "concise"] {
        let (code, out, err) = run_in(
            root,
            &["check", ".", "--format", format, "--select", "SEC001"],
        );
        assert_eq!(code, 1, "{err}");
        assert!(
            out.contains("legacy-db.example.com") || format == "human" || format == "sarif",
            "{format}: {out}"
        );
        assert!(
            !out.contains("s3cretCanaryPw") && !err.contains("s3cretCanaryPw"),
            "{format}: {out}"
        );
    }
}
