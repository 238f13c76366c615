//! Regression cases of the hardening review (issue 8), each a file or command line of our own
//! making that once crashed, stalled, leaked or misled egress, run through the real binary.

mod common;

use std::path::Path;
use std::time::Duration;

const FORMATS: [&str; 7] = [
    "human", "concise", "json", "sarif", "github", "gitlab", "junit",
];

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn egress(dir: &Path, args: &[&str]) -> Run {
    egress_with(dir, args, None)
}

fn egress_with(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = common::egress();
    cmd.current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(60));
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn rules_of(run: &Run) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    common::rules_and_paths(&v)
}

#[test]
fn inputs_that_panicked_are_findings_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            // A non-ASCII password inside a connection URL.
            (
                "config/db.py",
                "DATABASE = \"postgres://app:pässwörd-canary@db.example.com:5432/app\"\n",
            ),
            // A JSON \u escape followed by multi-byte text.
            (
                "app.json",
                "{\"a\": \"\\u00é日本\", \"b\": \"\\ud83d\\ude80\"}\n",
            ),
            // A JS file ending inside `cron.schedule(`.
            (
                "jobs/cron.js",
                "const cron = require('node-cron');\ncron.schedule(",
            ),
            (
                "jobs/cron2.js",
                "const cron = require('node-cron');\ncron.schedule('é",
            ),
        ],
    );
    let run = egress(dir.path(), &["check", "--format", "json", "."]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let found = rules_of(&run);
    assert!(!found.iter().any(|(r, _)| r == "EG002"), "{found:?}");
    assert!(
        found.contains(&("EG101".into(), "config/db.py".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("EG001".into(), "app.json".into())),
        "{found:?}"
    );
    for format in FORMATS {
        let run = egress(dir.path(), &["check", "--format", format, "."]);
        assert!(run.code == 0 || run.code == 1, "{format}: {}", run.stderr);
        assert!(!run.stdout.contains("pässwörd-canary"), "{format}");
        assert!(!run.stderr.contains("pässwörd-canary"), "{format}");
    }
}

#[test]
fn sixty_four_thousand_findings_in_one_file_are_capped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let procfile: String = (0..64_000).map(|i| format!("p{i}: echo $DYNO\n")).collect();
    write(dir.path(), &[("Procfile", &procfile)]);
    let run = egress(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1);
    assert_eq!(rules_of(&run).len(), 1000);
    assert!(
        run.stderr
            .contains("Procfile: 63000 more findings not reported"),
        "{}",
        run.stderr
    );
    let human = egress(dir.path(), &["check", "."]);
    assert!(
        human
            .stdout
            .contains("note: Procfile: 63000 more findings not shown"),
        "{}",
        &human.stdout[human.stdout.len().saturating_sub(500)..]
    );
    let sarif = egress(dir.path(), &["check", "--format", "sarif", "."]);
    let v: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 1000);
}

#[cfg(unix)]
fn mkfifo(path: &Path) -> bool {
    std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
#[cfg(unix)]
fn fifos_and_endless_files_are_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[("app.rb", "x = 1\n")]);
    if !mkfifo(&dir.path().join("fifo")) {
        eprintln!("skipping: mkfifo unavailable");
        return;
    }
    for args in [
        &["check", "--config", "fifo", "."][..],
        &["check", "--config", "/dev/zero", "."],
        &["check", "--baseline", "fifo", "."],
        &["check", "--baseline", "/dev/zero", "."],
        &["verify", "--manifest", "fifo"],
        &["verify", "--manifest", "/dev/zero"],
    ] {
        let run = egress(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("not a regular file"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // `extends:` comes from the repository: a pull request must not hang the CI runner.
    write(dir.path(), &[(".egress.yml", "extends: fifo\n")]);
    let run = egress(dir.path(), &["check", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

#[test]
fn stdin_is_read_within_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let big = "x".repeat(4096);
    let run = egress_with(
        dir.path(),
        &[
            "check",
            "--stdin-filename",
            "app.rb",
            "--max-file-size",
            "1K",
        ],
        Some(&big),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("larger than 1024 bytes"),
        "{}",
        run.stderr
    );
    let run = egress_with(
        dir.path(),
        &["check", "--stdin-filename", "app.rb", "--format", "concise"],
        Some("x = ENV['DYNO']\n"),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("app.rb:1:10: EG201"), "{}", run.stdout);
}

#[test]
fn sizes_that_overflow_are_errors_and_the_largest_size_reads_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[("worker.rb", "role = ENV['DYNO']\n")]);
    let run = egress(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--max-file-size",
            "18446744073709551615",
            ".",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("EG201"), "{}", run.stdout);
    let run = egress(
        dir.path(),
        &["check", "--max-file-size", "99999999999999G", "."],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("too large"), "{}", run.stderr);
}

#[test]
fn changed_since_cannot_smuggle_options_into_git() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .current_dir(dir.path())
            .args(["-c", "user.email=t@example.com", "-c", "user.name=t"])
            .args(args)
            .output()
            .unwrap()
    };
    git(&["init", "-q"]);
    write(dir.path(), &[("a.rb", "x = 1\n")]);
    git(&["add", "."]);
    git(&["commit", "-qm", "init"]);
    write(dir.path(), &[("a.rb", "x = 1\ny = ENV['DYNO']\n")]);
    let run = egress(
        dir.path(),
        &["check", "--changed-since=--output=written-by-git", "."],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!dir.path().join("written-by-git").exists());
    let run = egress(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--changed-since",
            "HEAD",
            ".",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("a.rb:2:"), "{}", run.stdout);
}

#[test]
#[cfg(unix)]
fn file_names_that_are_not_utf8_are_checked_and_shown_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"worker\xff.rb");
    std::fs::write(dir.path().join(name), "role = ENV['DYNO']\n").unwrap();
    let run = egress(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("worker\u{fffd}.rb:1:"),
        "{}",
        run.stdout
    );
    // Named on the command line too.
    let out = common::egress()
        .current_dir(dir.path())
        .args(["check", "--format", "concise"])
        .arg(name)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("EG201"));
}

#[test]
#[cfg(unix)]
fn control_characters_cannot_forge_lines_or_break_xml() {
    let dir = tempfile::tempdir().unwrap();
    // A file name with a line break and a terminal escape, and a message quoting text with one.
    let name = "ok.rb\nconfig/forged.rb:1:1: EG101 [error] forged\u{1b}[2J.rb";
    write(dir.path(), &[(name, "role = ENV['DYNO'] # \u{1b}[31m\n")]);
    let run = egress(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    let human = egress(dir.path(), &["check", "."]);
    assert!(!human.stdout.contains('\u{1b}'), "{}", human.stdout);
    assert!(
        !human
            .stdout
            .lines()
            .any(|l| l.starts_with("config/forged.rb")),
        "{}",
        human.stdout
    );
    let junit = egress(dir.path(), &["check", "--format", "junit", "."]);
    let bad: Vec<char> = junit
        .stdout
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
}

/// Secrets of every shape, under names that do not look secret and in comments.
const CANARIES: &[&str] = &[
    "sk_live_51CanaryA1b2C3d4E5f6",
    "rk_live_51CanaryZ9y8X7w6V5",
    "whsec_CanaryCanary0123456789",
    "ghp_CanaryCanaryCanaryCanary0123456789",
    "github_pat_11CANARY0123456789_abcdefghijklmnop",
    "xoxb-1234567890-canary-secret",
    "SG.CanaryCanaryCa.CanaryCanaryCanaryCanary0123",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY0",
    "MIIEcanaryPrivateKeyBody",
    "pa/ss-canary",
    "my space-canary",
    "pw-at@canary",
];

fn canary_app(dir: &Path) {
    write(
        dir,
        &[
            (
                "config/settings.py",
                "STRIPE = \"sk_live_51CanaryA1b2C3d4E5f6\"\n\
                 RESTRICTED = 'rk_live_51CanaryZ9y8X7w6V5'\n\
                 HOOK = 'whsec_CanaryCanary0123456789'\n\
                 # old token: ghp_CanaryCanaryCanaryCanary0123456789\n\
                 GH = \"github_pat_11CANARY0123456789_abcdefghijklmnop\"\n\
                 SLACK = \"xoxb-1234567890-canary-secret\"\n\
                 MAIL = \"SG.CanaryCanaryCa.CanaryCanaryCanaryCanary0123\"\n\
                 AWS = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARYKEY0\"\n\
                 KEY = \"\"\"-----BEGIN RSA PRIVATE KEY-----\n\
                 MIIEcanaryPrivateKeyBody\n\
                 -----END RSA PRIVATE KEY-----\"\"\"\n\
                 A = \"postgres://app:pa/ss-canary@db.example.com/app\"\n\
                 B = \"postgres://app:my space-canary@db.example.com/app\"\n\
                 C = \"postgres://app:pw-at@canary@db.example.com/app\"\n\
                 role = os.environ.get(\"DYNO\")\n",
            ),
            ("Procfile", "web: gunicorn app:app\n"),
            (".python-version", "3.12\n"),
        ],
    );
}

#[test]
fn no_canary_of_any_shape_in_any_format_diff_or_fix() {
    let dir = tempfile::tempdir().unwrap();
    canary_app(dir.path());
    let mut runs = Vec::new();
    for format in FORMATS {
        runs.push((
            format.to_string(),
            egress(dir.path(), &["check", "--format", format, "."]),
        ));
    }
    runs.push((
        "diff".into(),
        egress(dir.path(), &["check", "--diff", "--unsafe-fixes", "."]),
    ));
    let sarif_file = dir.path().join("out.sarif");
    runs.push((
        "output-file".into(),
        egress(
            dir.path(),
            &[
                "check",
                "--output-file",
                &format!("sarif={}", sarif_file.display()),
                ".",
            ],
        ),
    ));
    let written = std::fs::read_to_string(&sarif_file).unwrap();
    runs.push((
        "fix".into(),
        egress(dir.path(), &["check", "--fix", "--unsafe-fixes", "."]),
    ));
    let (_, first) = &runs[0];
    assert!(first.stdout.contains("EG101"), "{}", first.stdout);
    for (what, run) in &runs {
        for canary in CANARIES {
            assert!(
                !run.stdout.contains(canary),
                "{what} stdout has {canary}:\n{}",
                run.stdout
            );
            assert!(
                !run.stderr.contains(canary),
                "{what} stderr has {canary}:\n{}",
                run.stderr
            );
        }
    }
    for canary in CANARIES {
        assert!(!written.contains(canary), "sarif file has {canary}");
    }
}

#[test]
fn config_errors_do_not_echo_secrets() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            (".egress.yml", "select: [sk_live_51CanaryA1b2C3d4E5f6]\n"),
            ("a.rb", "x = 1\n"),
        ],
    );
    let run = egress(dir.path(), &["check", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("sk_live_51Canary"), "{}", run.stderr);
    write(
        dir.path(),
        &[(
            ".egress.yml",
            "select: [EG1\nurl: postgres://u:hunter2-canary@h.example.com/x\n",
        )],
    );
    let run = egress(dir.path(), &["check", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("hunter2-canary"), "{}", run.stderr);
}

/// Committed secrets of every kind EG702 reports, assembled at run time so that no
/// secret-shaped literal sits in this file (push protection stays quiet): (value, the part a
/// report must never show).
fn committed_secrets() -> Vec<(String, String)> {
    let body = "51Zc7Vq2Nw8Kd4Rt6Hy3";
    let pem_body = "MIIEpQIBAAKCAQEAzK8vJq3Lw5Nt7Rb2Xc9Vd4Fg6Hj1Km0PsQoUeWiYrTaZyBnMl".repeat(3);
    let mut out: Vec<(String, String)> = [
        ("sk_live_", body),
        ("rk_live_", body),
        ("whsec_", "Zc7Vq2Nw8Kd4Rt6Hy3Pm"),
        ("ghp_", "Zc7Vq2Nw8Kd4Rt6Hy3PmLx5Bj"),
        ("github_pat_", "11Zc7Vq2Nw8Kd4Rt6Hy3Pm_Lx5Bj9Gf"),
        ("xoxb-", "7305129846-Zc7Vq2Nw8Kd4"),
        ("xoxp-", "7305129846-Rt6Hy3PmLx5B"),
        ("SG.", "Zc7Vq2Nw8Kd4Rt.6Hy3PmLx5Bj9Gf2Wq"),
    ]
    .iter()
    .map(|(prefix, rest)| (format!("{prefix}{rest}"), rest.to_string()))
    .collect();
    let kind = "RSA";
    out.push((
        format!("-----BEGIN {kind} PRIVATE KEY-----\n{pem_body}\n-----END {kind} PRIVATE KEY-----"),
        pem_body[..40].to_string(),
    ));
    out
}

#[test]
fn committed_secrets_are_reported_and_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = committed_secrets();
    let password = "Vq2Nw8Kd4Rt6";
    let mut env = String::from("# heroku config -s --app acme-production\n");
    for (i, (value, _)) in secrets.iter().take(8).enumerate() {
        env.push_str(&format!("SECRET_{i}={value}\n"));
    }
    env.push_str(&format!(
        "DATABASE_URL=postgres://acme:{password}@ec2-52-1-2-3.compute-1.amazonaws.com:5432/acme?sslmode=require\n"
    ));
    let pem = &secrets[8].0;
    let key_json = format!(
        "{{\"type\": \"service_account\", \"private_key\": \"{}\"}}\n",
        pem.replace('\n', "\\n")
    );
    let workflow = format!(
        "on: push\njobs:\n  notify:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./notify\n        env:\n          SLACK: {}\n",
        secrets[5].0
    );
    write(
        dir.path(),
        &[
            (".env", &env),
            ("config/service-account.json", &key_json),
            (".github/workflows/notify.yml", &workflow),
            ("Procfile", "web: bundle exec puma\n"),
        ],
    );
    let json = egress(dir.path(), &["check", "--format", "json", "."]);
    let eg702 = rules_of(&json)
        .into_iter()
        .filter(|(r, _)| r == "EG702")
        .count();
    assert_eq!(eg702, 8 + 1 + 1 + 1, "{}", json.stdout);
    let mut runs = vec![("json".to_string(), json)];
    for format in FORMATS {
        runs.push((
            format.to_string(),
            egress(dir.path(), &["check", "--format", format, "."]),
        ));
    }
    runs.push((
        "diff".into(),
        egress(dir.path(), &["check", "--diff", "--unsafe-fixes", "."]),
    ));
    let sarif_file = dir.path().join("out.sarif");
    let baseline_file = dir.path().join("baseline.json");
    runs.push((
        "output-file".into(),
        egress(
            dir.path(),
            &[
                "check",
                "--output-file",
                &format!("sarif={}", sarif_file.display()),
                ".",
            ],
        ),
    ));
    runs.push((
        "write-baseline".into(),
        egress(
            dir.path(),
            &[
                "check",
                "--write-baseline",
                &baseline_file.display().to_string(),
                ".",
            ],
        ),
    ));
    // The github format also writes a table to the job summary.
    let summary_file = dir.path().join("summary.md");
    let out = common::egress()
        .current_dir(dir.path())
        .env("GITHUB_STEP_SUMMARY", &summary_file)
        .args(["check", "--format", "github", "."])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    runs.push((
        "github-summary".into(),
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        },
    ));
    let files = [
        std::fs::read_to_string(&sarif_file).unwrap(),
        std::fs::read_to_string(&baseline_file).unwrap(),
        std::fs::read_to_string(&summary_file).unwrap(),
    ];
    let mut never: Vec<String> = secrets
        .iter()
        .flat_map(|(value, part)| [value.clone(), part.clone()])
        .collect();
    never.push(password.to_string());
    for (what, run) in &runs {
        for s in &never {
            assert!(
                !run.stdout.contains(s.as_str()),
                "{what} stdout shows {s}:\n{}",
                run.stdout
            );
            assert!(
                !run.stderr.contains(s.as_str()),
                "{what} stderr shows {s}:\n{}",
                run.stderr
            );
        }
    }
    for text in &files {
        for s in &never {
            assert!(!text.contains(s.as_str()), "a written report shows {s}");
        }
    }
    // Messages name the kind, never a prefix of the value beyond it.
    let v: serde_json::Value = serde_json::from_str(&runs[0].1.stdout).unwrap();
    for f in v["findings"].as_array().unwrap() {
        let m = f["message"].as_str().unwrap();
        assert!(
            !m.contains("sk_live_") && !m.contains("xoxb-") && !m.contains("-----"),
            "{m}"
        );
    }
}
