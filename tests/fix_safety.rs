//! `egress check --fix` on files of its own making: it fixes only what `check` reports (the
//! config's `exclude` and `per-path` included, for `--diff` too), writes through symlinks, keeps
//! hard links, mode, owner and group, and leaves read-only files alone with a warning.

mod common;

use std::path::Path;

/// A connection string with a safe EG101 fix (`?sslmode=require`).
const LINE: &str = "DATABASE_URL=postgres://app:pw@db.example.com:5432/app\n";
const FIXED: &str = "DATABASE_URL=postgres://app:pw@db.example.com:5432/app?sslmode=require\n";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn egress(dir: &Path, args: &[&str]) -> Run {
    let out = common::egress()
        .current_dir(dir)
        .arg("check")
        .args(args)
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

/// Every name under `dir` (temporary files left behind would show).
fn names(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into();
            if e.file_type().unwrap().is_dir() {
                walk(root, &e.path(), out);
            }
            out.push(rel);
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
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

#[cfg(unix)]
#[test]
fn a_symlink_is_fixed_through_and_stays_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let (shared, app) = (tmp.path().join("shared"), tmp.path().join("app"));
    write(&shared, "db.env", LINE);
    std::fs::create_dir_all(&app).unwrap();
    std::os::unix::fs::symlink("../shared/db.env", app.join(".env")).unwrap();
    let run = egress(&app, &["--fix"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("fixed .env (1 fix)"), "{}", run.stderr);
    let link = std::fs::symlink_metadata(app.join(".env")).unwrap();
    assert!(link.file_type().is_symlink(), "the link became a file");
    assert_eq!(
        std::fs::read_link(app.join(".env")).unwrap(),
        Path::new("../shared/db.env")
    );
    assert_eq!(read(&shared, "db.env"), FIXED);
    assert_eq!(
        names(tmp.path()),
        ["app", "app/.env", "shared", "shared/db.env"]
    );
}

/// A link and its target both in the walk: one file, fixed once, no warning about the second
/// name having changed.
#[cfg(unix)]
#[test]
fn two_names_of_one_file_are_fixed_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, "config/db.env", LINE);
    std::os::unix::fs::symlink("config/db.env", dir.join(".env")).unwrap();
    write(dir, "a/.env", LINE);
    std::fs::create_dir_all(dir.join("b")).unwrap();
    std::fs::hard_link(dir.join("a/.env"), dir.join("b/.env")).unwrap();
    let run = egress(dir, &["--fix"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(
        run.stderr.contains("Fixed 2 findings in 2 files"),
        "{}",
        run.stderr
    );
    for f in [".env", "config/db.env", "a/.env", "b/.env"] {
        assert_eq!(read(dir, f), FIXED, "{f}");
    }
}

#[cfg(unix)]
#[test]
fn hard_links_all_see_the_fix() {
    use std::os::unix::fs::MetadataExt;
    let tmp = tempfile::tempdir().unwrap();
    let (app, elsewhere) = (tmp.path().join("app"), tmp.path().join("elsewhere"));
    write(&app, ".env", LINE);
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::hard_link(app.join(".env"), elsewhere.join("db.env")).unwrap();
    let ino = std::fs::metadata(app.join(".env")).unwrap().ino();
    let run = egress(&app, &["--fix"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for p in [app.join(".env"), elsewhere.join("db.env")] {
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            FIXED,
            "{}",
            p.display()
        );
        let m = std::fs::metadata(&p).unwrap();
        assert_eq!((m.ino(), m.nlink()), (ino, 2), "{}", p.display());
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_left_alone_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, ".env", LINE);
    write(dir, "other/.env", LINE);
    let ro = dir.join(".env");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    // Another name for it: skipped too, and counted once.
    std::fs::create_dir(dir.join("zz")).unwrap();
    std::os::unix::fs::symlink("../.env", dir.join("zz/.env")).unwrap();
    let run = egress(dir, &["--fix"]);
    // The finding is still there: exit 1 as without --fix.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("EG101"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("egress: warning: not fixing .env: it is read-only\n"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("warning").count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Fixed 1 finding in 1 file (1 file not fixed: read-only)"),
        "{}",
        run.stderr
    );
    assert_eq!(read(dir, ".env"), LINE);
    assert_eq!(read(dir, "other/.env"), FIXED);
    let mode = std::fs::metadata(&ro).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o444);
    assert_eq!(names(dir), [".env", "other", "other/.env", "zz", "zz/.env"]);
}

#[cfg(unix)]
#[test]
fn mode_owner_and_group_are_kept() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, ".env", LINE);
    let path = dir.join(".env");
    let me = std::fs::metadata(&path).unwrap();
    // Run as root, `--fix` used to leave the file owned by root.
    let (uid, gid) = if me.uid() == 0 {
        (1000, 1000)
    } else {
        (me.uid(), me.gid())
    };
    std::os::unix::fs::chown(&path, Some(uid), Some(gid)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let run = egress(dir, &["--fix"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(read(dir, ".env"), FIXED);
    let after = std::fs::metadata(&path).unwrap();
    assert_eq!((after.uid(), after.gid()), (uid, gid));
    assert_eq!(after.permissions().mode() & 0o7777, 0o640);
}
