//! `egress check --fix` on files of its own making: it fixes only what `check` reports (the
//! config's `exclude` and `per-path` included, for `--diff` too).

use std::path::Path;

use assert_cmd::Command;

/// A connection string with a safe EG101 fix (`?sslmode=require`).
const LINE: &str = "DATABASE_URL=postgres://app:pw@db.example.com:5432/app\n";
const FIXED: &str = "DATABASE_URL=postgres://app:pw@db.example.com:5432/app?sslmode=require\n";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn egress(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("egress")
        .unwrap()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

#[test]
fn fix_and_diff_honour_exclude_and_per_path() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        dir,
        ".egress.yml",
        "exclude: [\"legacy/\"]\nper-path:\n  \"scripts/**\": { ignore: [EG101] }\n",
    );
    for f in [".env", "legacy/.env", "scripts/.env", "scripts/deep/.env"] {
        write(dir, f, LINE);
    }
    let check = egress(dir, &["--format", "concise"]);
    assert_eq!(check.stdout.matches("EG101").count(), 1, "{}", check.stdout);

    let diff = egress(dir, &["--diff"]);
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    assert_eq!(diff.stdout.matches("+++ b/").count(), 1, "{}", diff.stdout);
    assert!(diff.stdout.contains("+++ b/.env\n"), "{}", diff.stdout);
    assert!(
        diff.stderr.contains("Would fix 1 finding in 1 file"),
        "{}",
        diff.stderr
    );

    let fix = egress(dir, &["--fix"]);
    assert_eq!(fix.code, 0, "{}{}", fix.stdout, fix.stderr);
    assert!(
        fix.stderr.contains("Fixed 1 finding in 1 file"),
        "{}",
        fix.stderr
    );
    assert_eq!(read(dir, ".env"), FIXED);
    for f in ["legacy/.env", "scripts/.env", "scripts/deep/.env"] {
        assert_eq!(read(dir, f), LINE, "{f} was fixed against the config");
    }
    // A rule per-path selects away is not fixed either.
    write(
        dir,
        ".egress.yml",
        "per-path:\n  \"scripts/\": { select: [EG201] }\n",
    );
    let fix = egress(dir, &["--fix"]);
    assert!(
        fix.stderr
            .contains("fixed legacy/.env (1 fix)\nFixed 1 finding in 1 file"),
        "{}",
        fix.stderr
    );
    assert_eq!(read(dir, "legacy/.env"), FIXED);
    assert_eq!(read(dir, "scripts/.env"), LINE);
    assert_eq!(read(dir, "scripts/deep/.env"), LINE);
}
