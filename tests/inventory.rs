//! `egress inventory`: the contract it writes for each testdata app (snapshots), that no
//! secret value reaches it or any output (the canary), `--check` on a fresh and a stale
//! contract, the merge of Heroku CLI exports, and that `egress check` reads a fresh contract
//! without new findings.

mod common;

use std::path::{Path, PathBuf};

/// Secret values the sample exports and trees hold: none may be printed or written.
const CANARIES: &[&str] = &["CANARY", "s3cr3t", "hunter2hunter2"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn exports(app: &str) -> PathBuf {
    root().join("testdata/heroku-exports").join(app)
}

/// The testdata apps (every folder but the exports).
fn apps() -> Vec<String> {
    let mut apps: Vec<String> = std::fs::read_dir(root().join("testdata"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "heroku-exports")
        .collect();
    apps.sort();
    apps
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A copy of a testdata app in a fresh folder (the folder, and the app's path in it).
fn copy_of(app: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join(app);
    copy(&root().join("testdata").join(app), &at);
    (dir, at)
}

fn run(dir: &Path, args: &[&str]) -> common::Run {
    let out = common::egress()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn assert_no_canary(what: &str, text: &str) {
    for c in CANARIES {
        assert!(!text.contains(c), "{c} leaked in {what}:\n{text}");
    }
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s
}

#[test]
fn every_app_has_a_contract_a_reviewer_recognises() {
    for app in apps() {
        let r = run(
            &root().join("testdata"),
            &["inventory", &app, "--output", "-"],
        );
        assert_eq!(r.code, 0, "{app}: {}", r.stderr);
        assert_no_canary(&app, &r.stdout);
        assert_no_canary(&app, &r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        for key in ["dynos", "addons", "envVars", "scheduledJobs", "extensions"] {
            assert!(v[key].is_array(), "{app}: no {key}");
        }
        assert!(r.stdout.ends_with("}\n") && r.stdout.contains("\n  \"dynos\": ["));
        settings().bind(|| insta::assert_snapshot!(format!("inventory_{app}"), r.stdout));
    }
}

#[test]
fn the_written_file_is_stable_and_passes_its_own_check() {
    for app in ["rails-app", "manifests", "django-app"] {
        let (dir, at) = copy_of(app);
        let r = run(dir.path(), &["inventory", app]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("wrote") && r.stderr.contains("process type"));
        let file = at.join("migration-contract.json");
        let first = std::fs::read_to_string(&file).unwrap();
        assert_eq!(run(dir.path(), &["inventory", app, "-q"]).code, 0);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), first, "{app}");
        let r = run(dir.path(), &["inventory", app, "--check"]);
        assert_eq!(r.code, 0, "{app}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("up to date"));
        assert!(
            !first.contains(&*dir.path().to_string_lossy()),
            "absolute path"
        );
    }
}

/// A tree of several apps (every testdata app under one folder): one contract, stable, current.
#[test]
fn a_tree_of_apps_has_one_stable_contract() {
    let dir = tempfile::tempdir().unwrap();
    for app in apps() {
        copy(
            &root().join("testdata").join(&app),
            &dir.path().join("apps").join(&app),
        );
    }
    // The apps' own contracts are theirs: the tree's is written beside them.
    let r = run(dir.path(), &["inventory", "apps", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(dir.path(), &["inventory", "apps", "--check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn check_fails_after_a_new_process_type_and_says_what_changed() {
    let (dir, at) = copy_of("rails-app");
    assert_eq!(run(dir.path(), &["inventory", "rails-app", "-q"]).code, 0);
    let procfile = at.join("Procfile");
    let text = std::fs::read_to_string(&procfile).unwrap();
    // Moving lines does not make it stale; a new process type does.
    std::fs::write(&procfile, format!("\n\n{text}clock: bin/clock\n")).unwrap();
    let r = run(dir.path(), &["inventory", "rails-app", "--check"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("is stale (1 change)"), "{}", r.stdout);
    assert!(
        r.stdout.contains("dynos: + clock (Procfile:"),
        "{}",
        r.stdout
    );
    // --check writes nothing.
    let written = std::fs::read_to_string(at.join("migration-contract.json")).unwrap();
    assert!(!written.contains("clock"));
}

#[test]
fn check_without_a_readable_contract_is_an_error_naming_the_file() {
    let (dir, at) = copy_of("node-app");
    let r = run(dir.path(), &["inventory", "node-app", "--check"]);
    assert_eq!(r.code, 2);
    assert!(r
        .stderr
        .contains("migration-contract.json: no contract to check"));
    std::fs::write(at.join("migration-contract.json"), "{\"dynos\": [").unwrap();
    for args in [
        &["inventory", "node-app", "--check"][..],
        &["inventory", "node-app"],
    ] {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(
            r.stderr
                .contains("node-app/migration-contract.json: not a contract egress can read"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn heroku_exports_merge_without_any_secret_value() {
    let (dir, at) = copy_of("rails-app");
    let ex = exports("rails-app");
    let ex = ex.to_str().unwrap();
    let r = run(dir.path(), &["inventory", "rails-app", "--heroku-json", ex]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_no_canary("stdout", &r.stdout);
    assert_no_canary("stderr", &r.stderr);
    let text = std::fs::read_to_string(at.join("migration-contract.json")).unwrap();
    assert_no_canary("the contract", &text);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["app"], "ledgerly-production");
    assert_eq!(v["stack"], "heroku-22");
    let web = &v["dynos"].as_array().unwrap()[1];
    assert_eq!((&web["type"], &web["quantity"]), (&"web".into(), &2.into()));
    let var = |name: &str| {
        v["envVars"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name}"))
    };
    assert_eq!(var("DATABASE_URL")["shape"], "postgres-url");
    assert_eq!(var("DATABASE_URL")["secret"], true);
    assert_eq!(
        var("STRIPE_WEBHOOK")["secret"],
        true,
        "a secret by its value"
    );
    assert_eq!(var("WEB_CONCURRENCY")["shape"], "number");
    assert_eq!(var("SENTRY_DSN")["secret"], false);
    settings().bind(|| insta::assert_snapshot!("inventory_rails-app_with_exports", text));

    // What only the exports said stays when the contract is checked or rebuilt without them.
    let r = run(dir.path(), &["inventory", "rails-app", "--check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(run(dir.path(), &["inventory", "rails-app", "-q"]).code, 0);
    assert_eq!(
        std::fs::read_to_string(at.join("migration-contract.json")).unwrap(),
        text
    );
    let r = run(
        dir.path(),
        &["inventory", "rails-app", "--check", "--heroku-json", ex],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn a_malformed_export_is_named_and_the_others_still_merge() {
    let (dir, _) = copy_of("rails-app");
    let ex = dir.path().join("exports");
    copy(&exports("rails-app"), &ex);
    // Broken JSON right after a credential: the message must not quote it.
    std::fs::write(
        ex.join("config.json"),
        "{\"DATABASE_URL\": \"postgres://u:s3cr3tCANARY@h/d\" \"X\": 1}",
    )
    .unwrap();
    std::fs::write(ex.join("ps.json"), "{\"not\": \"a list\"}").unwrap();
    let r = run(
        dir.path(),
        &[
            "inventory",
            "rails-app",
            "--output",
            "-",
            "--heroku-json",
            "exports",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_no_canary("stderr", &r.stderr);
    assert_no_canary("stdout", &r.stdout);
    assert!(
        r.stderr
            .contains("exports/config.json: not valid JSON (line 1, column"),
        "{}",
        r.stderr
    );
    assert!(r
        .stderr
        .contains("exports/ps.json: must be a JSON list of dynos"));
    assert!(
        r.stdout.contains("postgresql-curved-48213"),
        "addons merged"
    );

    // A folder with no export at all, and one where nothing could be read, are errors.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let r = run(
        dir.path(),
        &["inventory", "rails-app", "--heroku-json", "empty"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("empty: no Heroku export found"),
        "{}",
        r.stderr
    );
    std::fs::write(empty.join("addons.json"), "[").unwrap();
    let r = run(
        dir.path(),
        &["inventory", "rails-app", "--heroku-json", "empty"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no export in empty could be read"),
        "{}",
        r.stderr
    );
}

/// `egress check` reads a fresh contract as the Heroku side: no finding appears or goes on any
/// testdata app (Scheduler jobs come only from exports, so none is invented).
#[test]
fn check_reads_a_fresh_contract_without_new_findings() {
    let findings = |dir: &Path, app: &str| -> Vec<String> {
        let r = run(dir, &["check", app, "--format", "json", "--exit-zero"]);
        let v: serde_json::Value = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("{app}: {e}: {}{}", r.stdout, r.stderr));
        let mut out: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{} {} {}", f["rule"], f["path"], f["message"]))
            .collect();
        out.sort();
        out
    };
    for app in apps() {
        let (dir, _) = copy_of(&app);
        let before = findings(dir.path(), &app);
        let r = run(dir.path(), &["inventory", &app, "-q"]);
        assert_eq!(r.code, 0, "{app}: {}", r.stderr);
        assert_eq!(findings(dir.path(), &app), before, "{app}");
    }
}

/// Secrets the repository itself holds (an env file's values, a credential inside a command)
/// never reach the contract: names and shapes only, commands masked.
#[test]
fn secrets_in_the_repository_stay_out_of_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    common::write_tree(
        dir.path(),
        &[
            (
                "Procfile",
                "web: API_TOKEN=s3cr3tCANARYtok bin/web\nworker: bin/worker --db postgres://u:CANARYpw1@h/d\n",
            ),
            (
                ".env",
                "DATABASE_URL=postgres://app:s3cr3tCANARYenv@db.internal:5432/app\nSTRIPE_SECRET_KEY=sk_live_CANARY0123456789abcdef\n",
            ),
            (
                "app.json",
                r#"{"env": {"SESSION_SECRET": {"value": "CANARYsessionvalue01"}, "WEBHOOK_URL": "https://u:CANARYhookpw@hooks.example.com/x"}}"#,
            ),
        ],
    );
    let r = run(dir.path(), &["inventory", ".", "--output", "-"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_no_canary("the contract", &r.stdout);
    assert_no_canary("stderr", &r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let names: Vec<&str> = v["envVars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    for n in [
        "DATABASE_URL",
        "STRIPE_SECRET_KEY",
        "SESSION_SECRET",
        "WEBHOOK_URL",
    ] {
        assert!(names.contains(&n), "{n}: {names:?}");
    }
    assert!(r.stdout.contains("bin/web") && r.stdout.contains("bin/worker"));
}

/// Every contract the inventory writes is valid against `egress schema contract` (what editors
/// check it with), checked with python's jsonschema; skipped without it, except in CI.
#[test]
fn contracts_validate_against_the_published_schema() {
    let python = std::process::Command::new("python3")
        .args(["-c", "import jsonschema"])
        .status();
    if !python.is_ok_and(|s| s.success()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have python3 with jsonschema (.ci/run installs it)"
        );
        eprintln!("skipping contract schema validation: needs python3 with jsonschema");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let schema = run(dir.path(), &["schema", "contract"]);
    assert_eq!(schema.code, 0);
    std::fs::write(dir.path().join("schema.json"), &schema.stdout).unwrap();
    let ex = exports("rails-app");
    let mut runs = vec![(
        "rails-app-exports".to_string(),
        run(
            &root().join("testdata"),
            &[
                "inventory",
                "rails-app",
                "--output",
                "-",
                "--heroku-json",
                ex.to_str().unwrap(),
            ],
        ),
    )];
    for app in apps() {
        let r = run(
            &root().join("testdata"),
            &["inventory", &app, "--output", "-"],
        );
        runs.push((app, r));
    }
    for (name, r) in runs {
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let doc = dir.path().join(format!("{name}.json"));
        std::fs::write(&doc, &r.stdout).unwrap();
        let out = std::process::Command::new("python3")
            .args([
                "-c",
                "import json, sys, jsonschema\n\
                 jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))\n",
                dir.path().join("schema.json").to_str().unwrap(),
                doc.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
