//! `--write-baseline`, `--baseline`, `--prune-baseline`, `--strict-baseline` on a copy of
//! testdata/rails-app: new hazards fail, moved code does not, fixed hazards leave stale entries
//! that only pruning removes, and no secret ever reaches the file.

mod common;

use common::copy_dir;
use std::path::Path;

const BASELINE: &str = ".egress-baseline.json";

fn app() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rails-app"),
        tmp.path(),
    );
    tmp
}

struct Run {
    code: Option<i32>,
    findings: Vec<(String, String)>,
    stderr: String,
}

fn egress(dir: &Path, args: &[&str]) -> Run {
    let out = common::egress()
        .current_dir(dir)
        .arg("check")
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let findings = if out.stdout.is_empty() {
        Vec::new()
    } else {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&out.stdout));
        });
        common::rules_and_paths(&v)
    };
    Run {
        code: out.status.code(),
        findings,
        stderr,
    }
}

fn entries(dir: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(dir.join(BASELINE)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 1);
    v["entries"].as_array().unwrap().clone()
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    let new = f(text.clone());
    assert_ne!(text, new, "{} unchanged", path.display());
    std::fs::write(path, new).unwrap();
}

fn write_baseline(dir: &Path) {
    let before = egress(dir, &[]);
    assert_eq!(before.code, Some(1), "{}", before.stderr);
    assert!(!before.findings.is_empty());
    let w = egress(dir, &["--write-baseline", BASELINE]);
    assert_eq!(w.code, Some(0), "{}", w.stderr);
    assert!(w.findings.is_empty(), "--write-baseline reports nothing");
    let recorded: u64 = entries(dir)
        .iter()
        .map(|e| e["count"].as_u64().unwrap())
        .sum();
    assert_eq!(recorded as usize, before.findings.len());
}

#[test]
fn baseline_silences_old_findings_and_catches_new_ones() {
    let tmp = app();
    let dir = tmp.path();
    write_baseline(dir);
    let e = entries(dir);
    assert!(e.iter().any(|e| e["rule"] == "EG201"
        && e["path"] == "config/initializers/sidekiq.rb"
        && e["hash"].as_str().unwrap().len() == 16));
    let mut sorted = e.clone();
    sorted.sort_by_key(|e| {
        (
            e["rule"].as_str().unwrap().to_string(),
            e["path"].as_str().unwrap().to_string(),
            e["hash"].as_str().unwrap().to_string(),
        )
    });
    assert_eq!(e, sorted, "entries are sorted");

    let run = egress(dir, &["--baseline", BASELINE]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.findings.is_empty());
    assert!(!run.stderr.contains("stale"), "{}", run.stderr);

    // A new hazard fails, alone.
    std::fs::write(
        dir.join("lib/ledgerly/worker_name.rb"),
        "module Ledgerly\n  WORKER = ENV[\"DYNO\"]\nend\n",
    )
    .unwrap();
    let run = egress(dir, &["--baseline", BASELINE]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.findings,
        [(
            "EG201".to_string(),
            "lib/ledgerly/worker_name.rb".to_string()
        )]
    );
}

#[test]
fn moving_old_code_keeps_it_baselined() {
    let tmp = app();
    let dir = tmp.path();
    write_baseline(dir);
    // Lines inserted above findings.
    edit(&dir.join("lib/ledgerly/instance.rb"), |t| {
        format!("\n\n\n\n\n# Process identity helpers.\n{t}")
    });
    edit(&dir.join("db/structure.sql"), |t| {
        format!("\n\n\n\n\n-- dumped by rails\n{t}")
    });
    // A baselined line moved within its file (and re-indented).
    edit(&dir.join("config/initializers/sidekiq.rb"), |t| {
        let t = t.replace("  dyno = ENV[\"DYNO\"]\n", "");
        t.replace(
            "Sidekiq.configure_server do",
            "dyno = ENV[\"DYNO\"]\n\nSidekiq.configure_server do",
        )
    });
    let run = egress(dir, &["--baseline", BASELINE, "--strict-baseline"]);
    assert_eq!(run.code, Some(0), "{:?}\n{}", run.findings, run.stderr);
    assert!(run.findings.is_empty());
    assert!(!run.stderr.contains("stale"), "{}", run.stderr);
}

#[test]
fn fixed_hazards_leave_stale_entries_that_prune_removes() {
    let tmp = app();
    let dir = tmp.path();
    write_baseline(dir);
    let before = entries(dir);
    edit(&dir.join("lib/ledgerly/instance.rb"), |t| {
        t.lines()
            .filter(|l| !l.contains("ENV.fetch(\"DYNO\""))
            .map(|l| format!("{l}\n"))
            .collect()
    });

    let run = egress(dir, &["--baseline", BASELINE]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.findings.is_empty());
    assert!(
        run.stderr.contains("egress: baseline: 1 stale entry (fixed since the baseline was written); --prune-baseline removes them"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("EG201 lib/ledgerly/instance.rb"),
        "{}",
        run.stderr
    );

    let strict = egress(dir, &["--baseline", BASELINE, "--strict-baseline"]);
    assert_eq!(strict.code, Some(1), "{}", strict.stderr);
    assert!(strict.findings.is_empty());

    // A run over other files cannot tell whether instance.rb was fixed: nothing is stale there.
    let partial = egress(
        dir,
        &["--baseline", BASELINE, "--strict-baseline", "config"],
    );
    assert_eq!(partial.code, Some(0), "{}", partial.stderr);
    assert!(!partial.stderr.contains("stale"), "{}", partial.stderr);

    let prune = egress(dir, &["--baseline", BASELINE, "--prune-baseline"]);
    assert_eq!(prune.code, Some(0), "{}", prune.stderr);
    let after = entries(dir);
    assert_eq!(after.len(), before.len() - 1);
    assert!(
        after.iter().all(|e| before.contains(e)),
        "pruning only removes"
    );
    assert!(!after
        .iter()
        .any(|e| e["path"] == "lib/ledgerly/instance.rb"));

    let run = egress(dir, &["--baseline", BASELINE, "--strict-baseline"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.findings.is_empty());
    assert!(!run.stderr.contains("stale"), "{}", run.stderr);
}

#[test]
fn the_baseline_holds_no_secret_and_no_source() {
    let tmp = app();
    let dir = tmp.path();
    write_baseline(dir);
    let text = std::fs::read_to_string(dir.join(BASELINE)).unwrap();
    for secret in [
        "S3cr3tPassw0rd",
        "p4b1c2d3e4f5",
        "DYNO",
        "heroku_ext",
        "ec2-52",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    // The finding on the line holding the password is still recorded.
    assert!(entries(dir)
        .iter()
        .any(|e| e["rule"] == "EG101" && e["path"] == ".env.production"));
}

#[test]
fn the_key_ignores_the_secret_value() {
    // Changing only a password keeps the entry: the hash is over the redacted line.
    let tmp = app();
    let dir = tmp.path();
    write_baseline(dir);
    edit(&dir.join(".env.production"), |t| {
        t.replace("S3cr3tPassw0rd", "an0therPassw0rd")
    });
    let run = egress(dir, &["--baseline", BASELINE, "--strict-baseline"]);
    assert_eq!(run.code, Some(0), "{:?}\n{}", run.findings, run.stderr);
}

#[test]
fn missing_or_malformed_baselines_are_errors_naming_the_file() {
    let tmp = app();
    let dir = tmp.path();
    let run = egress(dir, &["--baseline", "nope.json"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("nope.json"), "{}", run.stderr);

    std::fs::write(
        dir.join("bad.json"),
        "{\"version\":1,\"entries\":[{\"rule\":1}]}",
    )
    .unwrap();
    let run = egress(dir, &["--baseline", "bad.json"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("malformed baseline bad.json"),
        "{}",
        run.stderr
    );

    std::fs::write(dir.join("v2.json"), "{\"version\":2,\"entries\":[]}").unwrap();
    let run = egress(dir, &["--baseline", "v2.json"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("v2.json"), "{}", run.stderr);
}

#[test]
fn the_baseline_works_from_another_folder() {
    // Paths are stored relative to the baseline file, so running from the parent still matches.
    let tmp = tempfile::tempdir().unwrap();
    let app = tmp.path().join("app");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rails-app"),
        &app,
    );
    write_baseline(&app);
    let run = egress(
        tmp.path(),
        &[
            "--baseline",
            "app/.egress-baseline.json",
            "--strict-baseline",
            "app",
        ],
    );
    assert_eq!(run.code, Some(0), "{:?}\n{}", run.findings, run.stderr);
    assert!(run.findings.is_empty());
}
