//! `egress check --fix`, `--unsafe-fixes` and `--diff` on copies of the testdata apps: the fixed
//! files are snapshot, a second check finds none of the fixed findings, `--diff` writes nothing
//! and shows no secret, and overlapping edits are never merged.

mod common;

use common::copy_dir;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const APPS: [&str; 3] = ["rails-app", "django-app", "node-app"];

/// Secret values in the testdata apps that no `--diff` may print.
const SECRETS: [&str; 4] = [
    "S3cr3tPassw0rd",
    "p4b1c2d3e4f5",
    "hunter2hunter2",
    "9xk2mhq7-ws3e8v0ru1_b4n6zp5d-r0tate-me",
];

fn testdata(app: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(app)
}

/// Every file under `root`, by slash-separated relative path.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy();
                out.insert(rel.replace('\\', "/"), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

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

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Found {
    rule: String,
    path: String,
    fix: Option<String>,
    severity: String,
}

fn json_findings(dir: &Path) -> Vec<Found> {
    let run = egress(dir, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| Found {
            rule: f["rule"].as_str().unwrap().into(),
            path: f["path"].as_str().unwrap().into(),
            fix: f["fix"]["applicability"].as_str().map(String::from),
            severity: f["severity"].as_str().unwrap().into(),
        })
        .collect()
}

/// The files `--fix` changed, each in full, and those it created or removed (fixes may move a
/// file: EG504's runtime.txt to .python-version); URL passwords and secret keys are filtered out
/// of the snapshot (they are testdata, but a snapshot is no place for them).
fn changed(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> String {
    for path in after.keys() {
        assert!(
            !path.contains(".egress-fix-"),
            "--fix left a temporary file: {path}"
        );
    }
    let mut out = String::new();
    for (path, bytes) in after {
        let what = match before.get(path) {
            Some(b) if b == bytes => continue,
            Some(_) => "",
            None => " (created)",
        };
        out.push_str(&format!(
            "=== {path}{what}\n{}",
            String::from_utf8_lossy(bytes)
        ));
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    for path in before.keys().filter(|p| !after.contains_key(*p)) {
        out.push_str(&format!("=== {path} (removed)\n"));
    }
    out
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.add_filter(r"://([A-Za-z0-9_.-]*):[^@\s/]+@", "://$1:[PASSWORD]@");
    s.add_filter(r"SECRET_KEY=\S+", "SECRET_KEY=[SECRET]");
    s
}

fn fix_app(app: &str, unsafe_fixes: bool) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(app);
    copy_dir(&testdata(app), &dir);
    let before_files = files(&dir);
    let before = json_findings(&dir);

    let mut args = vec!["--fix"];
    if unsafe_fixes {
        args.push("--unsafe-fixes");
    }
    let run = egress(&dir, &args);
    assert!(run.stderr.contains("Fixed "), "{}", run.stderr);
    let after = json_findings(&dir);
    // The default threshold is warning: infos alone exit 0.
    let threshold_hit = after.iter().any(|f| f.severity != "info");
    assert_eq!(run.code, i32::from(threshold_hit), "{}", run.stderr);

    let mode = if unsafe_fixes { "unsafe" } else { "safe" };
    let snapshot = changed(&before_files, &files(&dir));
    assert!(!snapshot.is_empty(), "{app}: --fix changed nothing");
    settings().bind(|| insta::assert_snapshot!(format!("fix_{mode}_{app}"), snapshot));

    let applied = |f: &Found| match f.fix.as_deref() {
        Some("safe") => true,
        Some("unsafe") => unsafe_fixes,
        _ => false,
    };
    // (rule, path) pairs that also have a finding --fix leaves: no fix, or an unsafe one not
    // asked for.
    let kept: BTreeSet<(&str, &str)> = before
        .iter()
        .filter(|f| !applied(f))
        .map(|f| (f.rule.as_str(), f.path.as_str()))
        .collect();
    let fixed: BTreeSet<(&str, &str)> = before
        .iter()
        .filter(|f| applied(f))
        .map(|f| (f.rule.as_str(), f.path.as_str()))
        .filter(|k| !kept.contains(k))
        .collect();
    assert!(!fixed.is_empty(), "{app}: no fixable finding in testdata");
    for f in &after {
        assert!(
            !fixed.contains(&(f.rule.as_str(), f.path.as_str())),
            "{app} ({mode}): {} on {} remains after --fix",
            f.rule,
            f.path
        );
    }
    // Only fixed findings went away.
    let n_fixed = before.iter().filter(|f| applied(f)).count();
    assert_eq!(after.len(), before.len() - n_fixed, "{app} ({mode})");
    if !unsafe_fixes && before.iter().any(|f| f.fix.as_deref() == Some("unsafe")) {
        assert!(
            run.stderr.contains("not applied: pass --unsafe-fixes"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn fix_safe_rails_app() {
    fix_app("rails-app", false);
}

#[test]
fn fix_unsafe_rails_app() {
    fix_app("rails-app", true);
}

#[test]
fn fix_safe_django_app() {
    fix_app("django-app", false);
}

#[test]
fn fix_unsafe_django_app() {
    fix_app("django-app", true);
}

#[test]
fn fix_safe_node_app() {
    fix_app("node-app", false);
}

#[test]
fn fix_unsafe_node_app() {
    fix_app("node-app", true);
}

/// EG103's fix (unsafe) moves sslmode into PGSSLMODE beside the URL; the rest of the app's
/// findings have no fix.
#[test]
fn fix_unsafe_rails_connect() {
    fix_app("rails-connect", true);
}

/// Unsafe fixes only: EG502 writes the release `.nvmrc` names into `engines.node` and the
/// Dockerfile's `FROM` tag.
#[test]
fn fix_unsafe_storefront() {
    fix_app("storefront", true);
}

#[test]
fn fix_reports_files_and_count() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("rails-app");
    copy_dir(&testdata("rails-app"), &dir);
    let run = egress(&dir, &["--fix"]);
    assert!(
        run.stderr.contains(
            "Fixed 5 findings in 2 files (1 unsafe fix not applied: pass --unsafe-fixes)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("fixed db/structure.sql (4 fixes)"),
        "{}",
        run.stderr
    );
    // The remaining findings are reported as usual.
    assert!(run.stdout.contains("EG201"), "{}", run.stdout);
    assert!(!run.stdout.contains("EG101"), "{}", run.stdout);
    // Only warnings remain of these rules: exit 0 with --fail-on error, 1 without.
    let only = ["--fix", "--select", "EG101,EG201", "--fail-on", "error"];
    assert_eq!(egress(&dir, &only).code, 0);
    assert_eq!(egress(&dir, &only[..3]).code, 1);
}

#[test]
fn diff_writes_nothing_and_shows_no_secret() {
    for app in APPS {
        for unsafe_fixes in [false, true] {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join(app);
            copy_dir(&testdata(app), &dir);
            let before = files(&dir);
            let mut args = vec!["--diff"];
            if unsafe_fixes {
                args.push("--unsafe-fixes");
            }
            let run = egress(&dir, &args);
            assert_eq!(run.code, 1, "{app}: {}", run.stderr);
            assert_eq!(files(&dir), before, "{app}: --diff wrote to the files");
            assert!(run.stdout.starts_with("--- a/"), "{}", run.stdout);
            for secret in SECRETS {
                assert!(
                    !run.stdout.contains(secret) && !run.stderr.contains(secret),
                    "{app}: --diff shows {secret}"
                );
            }
            let mode = if unsafe_fixes { "unsafe" } else { "safe" };
            let mut s = insta::Settings::clone_current();
            s.set_prepend_module_to_snapshot(false);
            s.bind(|| insta::assert_snapshot!(format!("diff_{mode}_{app}"), run.stdout));

            // --diff shows the files --fix changes (one pass: these apps need no second).
            let fix_args: Vec<&str> = args
                .iter()
                .map(|a| if *a == "--diff" { "--fix" } else { *a })
                .collect();
            egress(&dir, &fix_args);
            let after = files(&dir);
            // Changed or created: shown as `+++ b/path`; removed: `--- a/path` to /dev/null.
            let changed: Vec<&String> = after
                .iter()
                .filter(|(p, b)| before.get(*p) != Some(*b))
                .map(|(p, _)| p)
                .collect();
            let removed: Vec<&String> = before.keys().filter(|p| !after.contains_key(*p)).collect();
            let shown = run.stdout.matches("+++ b/").count();
            assert_eq!(shown, changed.len(), "{app}");
            for path in changed {
                assert!(run.stdout.contains(&format!("+++ b/{path}\n")), "{path}");
            }
            assert_eq!(
                run.stdout.matches("+++ /dev/null").count(),
                removed.len(),
                "{app}"
            );
            for path in removed {
                assert!(
                    run.stdout
                        .contains(&format!("--- a/{path}\n+++ /dev/null\n")),
                    "{path}"
                );
            }
        }
    }
}

#[test]
fn diff_with_nothing_to_fix_exits_zero() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("Procfile"), "web: bin/server\n").unwrap();
    let run = egress(tmp.path(), &["--diff"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn unsafe_fixes_needs_fix_or_diff() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(egress(tmp.path(), &["--unsafe-fixes"]).code, 2);
}

#[test]
fn two_findings_with_the_same_insertion_insert_it_once() {
    let tmp = tempfile::tempdir().unwrap();
    let crontab =
        "# jobs\nSHELL=/bin/bash\n\n15 2 * * *  /srv/bin/a  # nightly\n0  7 * * 1  /srv/bin/b\n";
    std::fs::create_dir_all(tmp.path().join("deploy")).unwrap();
    let path = tmp.path().join("deploy/crontab");
    std::fs::write(&path, crontab).unwrap();
    let before = json_findings(tmp.path());
    assert_eq!(
        before.iter().filter(|f| f.rule == "EG401").count(),
        2,
        "{before:?}"
    );
    let run = egress(tmp.path(), &["--fix", "--unsafe-fixes"]);
    assert!(
        run.stderr.contains("Fixed 2 findings in 1 file"),
        "{}",
        run.stderr
    );
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(fixed, format!("CRON_TZ=UTC\n{crontab}"));
    assert!(json_findings(tmp.path()).iter().all(|f| f.rule != "EG401"));
}

/// Fixes whose edits overlap without being identical: the first is taken, the other waits for
/// the next pass (on the fixed text) instead of being merged.
#[test]
fn overlapping_fixes_are_deferred_not_merged() {
    use egress::diagnostic::Applicability;
    use egress::fix::{apply_plan, plan};
    use egress::rules::{Edit, Fix};
    use egress::source::{Loc, Span};

    let crontab = "SHELL=/bin/bash\n15 2 * * *  /srv/bin/a\n";
    let selected = egress::rules::resolve(&[], &[]).unwrap();
    let (contract, findings) =
        egress::engine::lint_memory(&[("deploy/crontab", crontab)], &selected);
    let first = findings.first().expect("a finding").clone();
    let file = first.at.file;
    let edit = |start, end, text: &str| Edit {
        file,
        span: Span::new(start, end),
        replacement: text.into(),
    };
    let with_fix = |edits| {
        let mut f = first.clone();
        f.at = Loc {
            file,
            span: Span::new(0, 1),
        };
        f.fix = Some(Fix::new(Applicability::Safe, "test", edits));
        f
    };
    let findings = vec![
        with_fix(vec![edit(0, 5, "ZSH")]),
        // Overlaps the first: deferred as a whole, its second edit included.
        with_fix(vec![edit(3, 8, "X"), edit(20, 20, "#")]),
        // Touches the first one's edge with an insertion: order would be a guess.
        with_fix(vec![edit(5, 5, "Y")]),
        // The same edit again: made once, and the finding counts as fixed.
        with_fix(vec![edit(0, 5, "ZSH")]),
        // Disjoint: taken.
        with_fix(vec![edit(16, 18, "30")]),
    ];
    let p = plan(&contract, &findings, false);
    assert_eq!((p.applied, p.deferred), (3, 2));
    assert_eq!(p.files.len(), 1);
    assert_eq!(
        apply_plan(crontab, &p.files[0]),
        "ZSH=/bin/bash\n30 2 * * *  /srv/bin/a\n"
    );
}
