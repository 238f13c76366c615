//! The real PostgreSQL server the live tests use (EGRESS_TEST_DATABASE_URL, default the local
//! server), and throwaway databases that drop themselves.
#![allow(dead_code)]

pub mod http;

/// Variables that would leak the developer's machine into results: database URLs, Heroku and
/// platform variables, provider API keys (verify reads them), git's own location variables,
/// CI summary files, egress's test hooks and colour settings.
const SCRUBBED_PREFIXES: &[&str] = &[
    "PG",
    "HEROKU_",
    "GITHUB_",
    "RENDER",
    "RAILWAY_",
    "FLY_",
    "STRIPE_",
    "SENDGRID_",
    "EGRESS_",
    "GIT_",
];
const SCRUBBED: &[&str] = &["DATABASE_URL", "DYNO", "PORT", "CLICOLOR", "FORCE_COLOR"];

/// `(rule, path)` of every finding of a JSON report (`--format json`), in report order.
pub fn rules_and_paths(report: &serde_json::Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .expect("a JSON report has findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The egress binary with an environment that cannot leak into results (see `SCRUBBED`), no
/// colour and a fixed terminal width. Every test that runs the binary starts here.
pub fn egress() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("egress").unwrap();
    for (k, _) in std::env::vars() {
        if SCRUBBED_PREFIXES.iter().any(|p| k.starts_with(p))
            || SCRUBBED.contains(&k.as_str())
            || k.contains("COLOR")
        {
            cmd.env_remove(k);
        }
    }
    cmd.env("COLUMNS", "100").env("NO_COLOR", "1");
    cmd
}

/// Write `files` (path relative to `root`, text) into `root`, making their folders.
pub fn write_tree(root: &std::path::Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap_or(std::path::Path::new("."))).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// `egress check . --format json --select SELECT` in `dir`: its exit code and its report.
pub fn check_json(dir: &std::path::Path, select: &str) -> (Option<i32>, serde_json::Value) {
    let out = egress()
        .current_dir(dir)
        .args(["check", ".", "--format", "json", "--select", select])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), report)
}

/// What a run of the binary printed, and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout as JSON (`--format json`, `sarif`, `gitlab`).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }
}

/// `egress verify` over `manifest` (written to a fresh folder) with `args` and `env`, no
/// colour, and `--timeout 5` unless `args` set one.
pub fn run_verify(manifest: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("migration-manifest.yml");
    std::fs::write(&path, manifest).unwrap();
    let mut cmd = egress();
    cmd.args([
        "verify",
        "--manifest",
        path.to_str().unwrap(),
        "--color",
        "never",
    ])
    .args(args);
    if !args.iter().any(|a| a.starts_with("--timeout")) {
        cmd.args(["--timeout", "5"]);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Validate a SARIF document against the official OASIS schema (kept in tests/schemas) with
/// python's jsonschema: `Err` names what is wrong. Without python3 and jsonschema the check is
/// skipped, except in CI (.ci/run installs them).
pub fn validate_sarif(sarif: &str) -> Result<(), String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema = root.join("tests/schemas/sarif-2.1.0.json");
    let python = std::process::Command::new("python3")
        .args(["-c", "import jsonschema"])
        .status();
    if !schema.exists() || !python.is_ok_and(|s| s.success()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have python3 with jsonschema (.ci/run installs it)"
        );
        eprintln!("skipping SARIF validation: needs python3 with jsonschema");
        return Ok(());
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.sarif");
    std::fs::write(&file, sarif).unwrap();
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import json, sys, jsonschema\n\
             schema = json.load(open(sys.argv[1]))\n\
             doc = json.load(open(sys.argv[2]))\n\
             jsonschema.validate(doc, schema, cls=jsonschema.Draft7Validator)\n",
            schema.to_str().unwrap(),
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

use std::time::Duration;

use egress::verify::probe::postgres::{connect, Limits, Target};

pub const LIMITS: Limits = Limits {
    connect_timeout: Duration::from_secs(5),
    statement_timeout: Duration::from_secs(20),
};

pub fn base_url() -> String {
    std::env::var("EGRESS_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// The server's admin URL, or `None` (with a notice) when there is no server outside CI.
pub fn server() -> Option<String> {
    let url = base_url();
    let target = Target::parse(&url).expect("EGRESS_TEST_DATABASE_URL parses");
    match connect(&target, LIMITS) {
        Ok(_) => Some(url),
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!(
                "skipping live PostgreSQL test: {e}\n  start a server with `pg_ctlcluster --skip-systemctl-redirect 15 main start` \
                 (or run .ci/run, which does) or set EGRESS_TEST_DATABASE_URL"
            );
            None
        }
        Err(e) => panic!("CI is set but no PostgreSQL is reachable: {e}"),
    }
}

/// `base` with its database name replaced.
pub fn with_db(base: &str, db: &str) -> String {
    let (head, query) = base
        .split_once('?')
        .map_or((base, None), |(h, q)| (h, Some(q)));
    let root = head.rsplit_once('/').map_or(head, |(r, _)| r);
    match query {
        Some(q) => format!("{root}/{db}?{q}"),
        None => format!("{root}/{db}"),
    }
}

pub fn admin(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).expect("admin connection")
}

/// A database with a random name, dropped when the value goes out of scope.
pub struct TestDb {
    pub name: String,
    pub url: String,
    server: String,
}

impl TestDb {
    pub fn new(server: &str, tag: &str) -> TestDb {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!("egress_{tag}_{}_{nanos}", std::process::id());
        admin(server)
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        TestDb {
            url: with_db(server, &name),
            name,
            server: server.to_string(),
        }
    }

    pub fn sql(&self, sql: &str) {
        admin(&self.url)
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    pub fn client(&self) -> postgres::Client {
        admin(&self.url)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.server, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// Copy a folder tree (testdata apps into temp dirs).
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
