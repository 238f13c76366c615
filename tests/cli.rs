//! The binary as users run it: exit codes, both formats over the testdata apps, and bad input.

mod common;

use std::fs;
use std::path::Path;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = common::egress().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"in \d+\.\d\ds", "in [TIME]");
    s.set_prepend_module_to_snapshot(false);
    s
}

#[test]
fn rails_app_human() {
    let (code, out, _) = run(&["check", "testdata/rails-app", "--color", "never"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("EG101 missing-sslmode")
            && out.contains("╭─[testdata/rails-app/.env.production:5:14]")
    );
    settings().bind(|| insta::assert_snapshot!("rails_app_human", out));
}

/// The ops app's automation (EG602) and committed secrets (EG702) as a reader sees them: every
/// secret blanked in the snippets.
#[test]
fn ops_app_human() {
    let (code, out, _) = run(&["check", "testdata/ops-app", "--color", "never"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("EG602 heroku-cli-in-automation") && out.contains("EG702 committed-secret")
    );
    assert!(!out.contains("HarborSynth"), "{out}");
    settings().bind(|| insta::assert_snapshot!("ops_app_human", out));
}

#[test]
fn every_app_json() {
    for app in [
        "rails-app",
        "django-app",
        "node-app",
        "clean-app",
        "manifests",
        "broken",
        "ts-service",
        "go-service",
        "rails-connect",
        "django-search",
        "ops-app",
        "receipts-api",
        "storefront",
        "newsletter-rails",
        "render-migration",
        "fly-migration",
        "kafka-service",
        "ingest-api",
    ] {
        let (code, out, _) = run(&["check", &format!("testdata/{app}"), "--format", "json"]);
        let expected = if app == "clean-app" || app == "manifests" && !out.contains("EG4") {
            0
        } else {
            1
        };
        assert_eq!(code, expected, "{app}: {out}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["version"], 1);
        settings().bind(|| insta::assert_snapshot!(format!("json_{app}"), out));
    }
}

#[test]
fn clean_app_exits_zero_with_a_summary() {
    let (code, out, _) = run(&["check", "testdata/clean-app", "--color", "never"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("No findings: checked "), "{out}");
}

#[test]
fn json_shape_is_exact_and_deterministic() {
    let (_, a, _) = run(&["check", "testdata", "--format", "json"]);
    let (_, b, _) = run(&["check", "testdata", "--format", "json"]);
    assert_eq!(a, b, "two runs differ");
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    let keys = |o: &serde_json::Value| o.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&v), ["findings", "summary", "version"]);
    assert_eq!(
        keys(&v["summary"]),
        ["errors", "files", "findings", "infos", "warnings"]
    );
    let findings = v["findings"].as_array().unwrap();
    let mut with_fix = false;
    let mut with_related = false;
    for f in findings {
        assert_eq!(
            keys(f),
            [
                "column",
                "end_column",
                "end_line",
                "fix",
                "help",
                "line",
                "message",
                "name",
                "path",
                "related",
                "rule",
                "severity"
            ]
        );
        assert!(!f["path"].as_str().unwrap().starts_with("./"));
        assert!(f["line"].as_u64().unwrap() >= 1 && f["column"].as_u64().unwrap() >= 1);
        if let Some(fix) = f["fix"].as_object() {
            with_fix = true;
            assert!(["safe", "unsafe"].contains(&fix["applicability"].as_str().unwrap()));
            for e in fix["edits"].as_array().unwrap() {
                assert_eq!(keys(e), ["end", "path", "replacement", "start"]);
            }
        }
        for r in f["related"].as_array().unwrap() {
            with_related = true;
            assert_eq!(keys(r), ["column", "line", "message", "path"]);
        }
    }
    assert!(with_fix && with_related);
    // Sorted by path, line, column, rule.
    let order: Vec<_> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64(),
                f["column"].as_u64(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert_eq!(
        v["summary"]["findings"].as_u64().unwrap() as usize,
        findings.len()
    );
}

#[test]
fn no_secret_reaches_any_output() {
    for format in ["human", "json"] {
        let (_, out, err) = run(&["check", "testdata", "--format", format, "--color", "never"]);
        for secret in [
            "S3cr3tPassw0rd",
            "hunter2hunter2",
            "p4b1c2d3e4f5",
            "Arch1veP4ss2024",
        ] {
            assert!(
                !out.contains(secret) && !err.contains(secret),
                "{secret} leaked in {format}"
            );
        }
    }
}

#[test]
fn secret_values_beside_findings_never_reach_human_output() {
    let dir = temp_tree();
    let files = [
        (
            ".env",
            "DB_PASS=Zx9s3cretvalue\nDATABASE_URL=postgres://app@db.example.com/app\nPGPASSWORD=Q7x\nPG_PW=zzTopSecret99\n",
        ),
        (
            "database.yml",
            "production:\n  pass: \"Zq\"\n  url: postgres://app@db.example.com/app\n  pwd: 'k}3,#x'\n",
        ),
        (
            "settings.py",
            "DB_PASSWORD = \"#kP9!xz2q\"\nDATABASE_URL = \"postgres://app@db.example.com/app\"\nPASSWORD2 = 'ab,cdef-long-secret'\n",
        ),
        (
            "db.js",
            "const cs = \"host=db.example.com dbname=app user=app password='my secret pw'\";\nconst u = \"postgres://app:p%40ss@db.example.com/app\";\n",
        ),
    ];
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let out = common::egress()
        .current_dir(dir.path())
        .args(["check", ".", "--color", "never"])
        .output()
        .unwrap();
    let (out, err) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert!(out.matches("EG101").count() >= 5, "{out}");
    for secret in [
        "Zx9s3cretvalue",
        "Q7x",
        "zzTopSecret99",
        "\"Zq\"",
        "k}3,#x",
        "#kP9!xz2q",
        "ab,cdef-long-secret",
        "my secret pw",
        "p%40ss",
    ] {
        assert!(
            !out.contains(secret) && !err.contains(secret),
            "{secret} leaked:\n{out}"
        );
    }
}

#[test]
fn broken_files_are_findings_and_the_run_goes_on() {
    let (code, out, err) = run(&["check", "testdata/broken", "--format", "json"]);
    assert_eq!(code, 1);
    // A data file that does not parse is a note naming it, not a finding.
    assert!(
        err.contains("testdata/broken/config/locales/en.yml: invalid YAML"),
        "{err}"
    );
    assert!(!out.contains("locales/en.yml"), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let got: Vec<(String, String, u64)> = v["findings"]
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
        .collect();
    for (rule, path) in [
        ("EG001", "testdata/broken/heroku.yml"),
        ("EG001", "testdata/broken/package.json"),
        ("EG001", "testdata/broken/fly.toml"),
        ("EG101", "testdata/broken/.env"),
    ] {
        assert!(
            got.iter()
                .any(|(r, p, l)| r == rule && p == path && *l >= 1),
            "{rule} {path}: {got:?}"
        );
    }
}

#[test]
fn missing_path_exits_2_naming_it() {
    let (code, out, err) = run(&["check", "testdata/rails-app", "no/such/dir"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("no/such/dir"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["check", "--format", "xml"]).0, 2);
    let (code, _, err) = run(&["check", "--select", "missing-sslmod", "testdata/clean-app"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `missing-sslmode`"), "{err}");
}

#[test]
fn select_ignore_fail_on_and_exit_zero() {
    let rails = "testdata/rails-app";
    let (_, out, _) = run(&["check", rails, "--format", "json", "--select", "EG2"]);
    assert!(out.contains("\"EG201\"") && !out.contains("\"EG101\""));
    let (_, out, _) = run(&[
        "check",
        rails,
        "--format",
        "json",
        "--ignore",
        "EG3,dyno-env-read",
    ]);
    assert!(!out.contains("\"EG301\"") && !out.contains("\"EG201\"") && out.contains("\"EG101\""));
    // Only warnings selected: fail-on error passes, the default (warning) fails.
    assert_eq!(
        run(&[
            "check",
            rails,
            "--select",
            "EG201",
            "--fail-on",
            "error",
            "-q"
        ])
        .0,
        0
    );
    assert_eq!(run(&["check", rails, "--select", "EG201", "-q"]).0, 1);
    assert_eq!(run(&["check", rails, "--exit-zero", "-q"]).0, 0);
}

#[test]
fn quiet_prints_findings_only() {
    let (_, out, _) = run(&["check", "testdata/rails-app", "-q", "--color", "never"]);
    assert!(out.contains("EG201") && !out.contains("Found "));
    let (code, out, _) = run(&["check", "testdata/clean-app", "-q"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn color_follows_the_flag() {
    let (_, out, _) = run(&["check", "testdata/node-app", "--color", "always"]);
    assert!(out.contains("\u{1b}["));
    let (_, out, _) = run(&["check", "testdata/node-app", "--color", "never"]);
    assert!(!out.contains("\u{1b}["));
    let out = common::egress()
        .args(["check", "testdata/node-app"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\u{1b}["));
}

#[test]
fn rules_and_explain() {
    let (code, out, _) = run(&["rules"]);
    assert_eq!(code, 0);
    settings().bind(|| insta::assert_snapshot!("rules_table", out));
    let (code, by_id, _) = run(&["explain", "EG101"]);
    assert_eq!(code, 0);
    let (_, by_name, _) = run(&["explain", "missing-sslmode"]);
    assert_eq!(by_id, by_name);
    assert!(by_id.contains("why:") && by_id.contains("sslmode=require"));
    settings().bind(|| insta::assert_snapshot!("explain_eg101", by_id));
    assert_eq!(run(&["explain", "EG999"]).0, 2);
}

fn temp_tree() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn check_dir(dir: &Path) -> (i32, serde_json::Value, String) {
    let out = common::egress()
        .current_dir(dir)
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    (
        out.status.code().unwrap(),
        serde_json::from_str(&stdout).expect(&stdout),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn rules_on(v: &serde_json::Value) -> Vec<(String, String)> {
    common::rules_and_paths(v)
}

#[test]
fn bad_input_is_named_and_the_run_goes_on() {
    let dir = temp_tree();
    let d = dir.path();
    fs::write(
        d.join(".env"),
        "DATABASE_URL=postgres://app@db.example.com/app\n",
    )
    .unwrap();
    fs::write(d.join("latin1.py"), b"# caf\xe9\nx = 1\n").unwrap();
    fs::write(d.join("binary.yml"), b"\x00\x01\x02PNG\x00").unwrap();
    fs::create_dir(d.join("empty")).unwrap();
    fs::write(d.join("empty/Procfile"), "").unwrap();
    fs::write(d.join("huge.js"), "x".repeat(5 * 1024 * 1024)).unwrap();
    std::os::unix::fs::symlink("loop.yml", d.join("loop.yml")).unwrap();
    std::os::unix::fs::symlink("missing-target.yml", d.join("dangling.yml")).unwrap();
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
        prev = name;
    }
    fs::write(d.join("bomb.yml"), bomb).unwrap();

    let started = std::time::Instant::now();
    let (code, v, err) = check_dir(d);
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(code, 1, "{v}");
    let got = rules_on(&v);
    assert!(got.contains(&("EG101".into(), ".env".into())), "{got:?}");
    assert!(
        got.contains(&("EG001".into(), "empty/Procfile".into())),
        "{got:?}"
    );
    for (path, why) in [
        ("latin1.py", "not valid UTF-8"),
        ("binary.yml", "binary file"),
        ("huge.js", "larger than the size limit"),
        ("loop.yml", "symbolic links"),
        ("dangling.yml", "cannot read"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(path) && l.contains(why)),
            "no note for {path} ({why}):\n{err}"
        );
    }
    // A larger limit lets the 5 MB one-line file through, in bounded time.
    let out = common::egress()
        .current_dir(d)
        .args([
            "check",
            "--format",
            "json",
            "--max-file-size",
            "10M",
            "huge.js",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn unreadable_file_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_tree();
    let f = dir.path().join("secret.env");
    fs::write(&f, "DATABASE_URL=postgres://app@db.example.com/app\n").unwrap();
    fs::set_permissions(&f, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&f).is_ok() {
        // Root reads anything. A named pipe is unreadable in another way: a naive reader would
        // block on it forever.
        fs::remove_file(&f).unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(&f)
            .status()
            .unwrap();
        assert!(status.success());
        let (_, _, err) = check_dir(dir.path());
        assert!(
            err.contains("secret.env") && err.contains("not a regular file"),
            "{err}"
        );
        return;
    }
    let (_, _, err) = check_dir(dir.path());
    assert!(
        err.contains("secret.env") && err.contains("cannot read"),
        "{err}"
    );
}

#[test]
fn gitignore_is_honoured_unless_told_otherwise_and_named_files_always_count() {
    let dir = temp_tree();
    let d = dir.path();
    fs::write(d.join(".gitignore"), "generated/\n").unwrap();
    fs::create_dir_all(d.join("generated")).unwrap();
    fs::create_dir_all(d.join("node_modules/pg")).unwrap();
    fs::write(
        d.join("generated/.env"),
        "DATABASE_URL=postgres://app@db.example.com/app\n",
    )
    .unwrap();
    fs::write(d.join("node_modules/pg/index.js"), "process.env.DYNO\n").unwrap();
    let (code, v, _) = check_dir(d);
    assert_eq!((code, rules_on(&v).len()), (0, 0));
    let out = common::egress()
        .current_dir(d)
        .args(["check", "--format", "json", "--no-ignore", "."])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("generated/.env"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("node_modules"));
    let out = common::egress()
        .current_dir(d)
        .args(["check", "--format", "json", "generated/.env"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"EG101\""));
}

#[test]
fn a_named_procfile_sees_the_scripts_its_app_carries() {
    let dir = tempfile::tempdir().unwrap();
    let procfile = dir.path().join("Procfile");
    fs::write(&procfile, "web: bin/start-nginx bundle exec puma\n").unwrap();
    let named = procfile.to_str().unwrap();
    let (_, out, _) = run(&["check", "--format", "json", "--select", "EG204", named]);
    assert!(out.contains("\"EG204\""), "{out}");
    fs::create_dir(dir.path().join("bin")).unwrap();
    fs::write(
        dir.path().join("bin/start-nginx"),
        "#!/bin/sh\nexec \"$@\"\n",
    )
    .unwrap();
    let (code, out, _) = run(&["check", "--format", "json", "--select", "EG204", named]);
    assert_eq!(
        code, 0,
        "a committed bin/start-nginx is the app's own: {out}"
    );
}

#[test]
fn named_files_see_their_app_root_but_report_only_themselves() {
    let (_, out, _) = run(&[
        "check",
        "--format",
        "json",
        "testdata/clean-app/Gemfile",
        "testdata/clean-app/Procfile",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["findings"].as_array().unwrap().len(),
        0,
        "pins beside the named files count: {out}"
    );
    assert_eq!(v["summary"]["files"], 2);
    let (_, out, _) = run(&[
        "check",
        "--format",
        "json",
        "testdata/rails-app/lib/ledgerly/instance.rb",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        rules_on(&v),
        [(
            "EG201".to_string(),
            "testdata/rails-app/lib/ledgerly/instance.rb".to_string()
        )]
    );
}

/// A Procfile whose lines Heroku all ignores is accepted there: EG001 reports it at `info` in
/// every format and it does not fail the run, while a broken `app.json` keeps the rule's own
/// severity (warning) and fails it.
#[test]
fn a_procfile_heroku_accepts_is_an_info_finding() {
    let dir = temp_tree();
    let d = dir.path();
    fs::write(
        d.join("Procfile"),
        "# web and worker moved to the Dockerfile's CMD\n// see docs/deploy.md\n",
    )
    .unwrap();
    let (code, v, _) = check_dir(d);
    assert_eq!(code, 0, "{v}");
    let items = v["findings"].as_array().expect("findings");
    assert_eq!(items.len(), 1, "{v}");
    assert_eq!(
        (items[0]["rule"].as_str(), items[0]["severity"].as_str()),
        (Some("EG001"), Some("info")),
        "{v}"
    );
    let path = d.to_str().unwrap();
    let (_, sarif, _) = run(&["check", "--format", "sarif", path]);
    let s: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let result = &s["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "EG001", "{sarif}");
    assert_eq!(result["level"], "note", "{sarif}");

    fs::write(d.join("app.json"), "{\n  \"name\": \"x\",,\n}\n").unwrap();
    let (code, v, _) = check_dir(d);
    assert_eq!(code, 1, "{v}");
    let severities: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["severity"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(severities, ["info", "warning"], "{v}");
}

/// A literal password inside a URL whose other parts are interpolated is still a password: no
/// output shows it.
#[test]
fn a_literal_password_in_an_interpolated_url_never_reaches_output() {
    let dir = temp_tree();
    let d = dir.path();
    fs::create_dir_all(d.join("app")).unwrap();
    fs::write(
        d.join("app/db.py"),
        "import os\n\nname = os.environ.get(\"DB_NAME\", \"ledgerly\")\nDSN = f\"postgresql://app:hunter2secret@db.example.com:5432/{name}\"\n",
    )
    .unwrap();
    let path = d.to_str().unwrap();
    for format in ["human", "json", "sarif"] {
        let (code, out, err) = run(&["check", "--format", format, "--color", "never", path]);
        assert_eq!(code, 1, "{format}: {out}");
        assert!(out.contains("EG101"), "{format}: {out}");
        assert!(
            !out.contains("hunter2secret") && !err.contains("hunter2secret"),
            "the password leaked in {format}: {out}"
        );
    }
}

/// A run over a sub-folder reads the app's files above it as context, as a run over named
/// files does: the Gemfile says the sidekiq-scheduler jobs in config/ follow Rails' zone, and
/// the context files are never reported on.
#[test]
fn a_sub_folder_run_sees_the_app_above_it() {
    let dir = temp_tree();
    let d = dir.path();
    fs::create_dir_all(d.join("config")).unwrap();
    fs::write(
        d.join("Gemfile"),
        "source \"https://rubygems.org\"\n\ngem \"rails\", \"~> 7.1\"\ngem \"sidekiq-scheduler\"\n",
    )
    .unwrap();
    fs::write(d.join("Procfile"), "web: bundle exec puma\n").unwrap();
    fs::write(
        d.join("config/sidekiq.yml"),
        ":scheduler:\n  :schedule:\n    NightlyExportJob:\n      cron: \"0 2 * * *\"\n",
    )
    .unwrap();
    let out = common::egress()
        .current_dir(d)
        .args(["check", "--format", "json", "config"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rules_on(&v), Vec::<(String, String)>::new(), "{v}");
    assert_eq!(out.status.code(), Some(0), "{v}");
    // Without the Gemfile the same run flags the job: the context is what silenced it.
    fs::remove_file(d.join("Gemfile")).unwrap();
    let out = common::egress()
        .current_dir(d)
        .args(["check", "--format", "json", "config"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        rules_on(&v),
        [("EG401".to_string(), "config/sidekiq.yml".to_string())],
        "{v}"
    );
}
