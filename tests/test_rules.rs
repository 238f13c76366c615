//! `egress test-rules` through the binary: the built-ins' and a project's examples pass, and a
//! wrong example fails with the rule, the file, the line expected and what was found.

mod common;

use std::fs;
use std::path::Path;

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
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

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join(".egress/rules")).unwrap();
    for e in fs::read_dir("testdata/acme-billing/.egress/rules")
        .unwrap()
        .flatten()
    {
        fs::copy(
            e.path(),
            dir.path().join(".egress/rules").join(e.file_name()),
        )
        .unwrap();
    }
    dir
}

#[test]
fn every_example_passes_then_a_wrong_one_fails() {
    let dir = project();
    let (code, out, err) = run(dir.path(), &["test-rules"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.trim_end().ends_with("all pass"), "{out}");
    let (code, out, _) = run(dir.path(), &["test-rules", "--rule", "ACME"]);
    assert_eq!(code, 0);
    assert_eq!(out, "3 rules, 6 examples: all pass\n");

    // The bad example now says line 3; the bucket is on line 2.
    let file = dir.path().join(".egress/rules/ACME001-legacy-bucket.yml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replacen("      line: 2\n", "      line: 3\n", 1),
    )
    .unwrap();
    let (code, out, _) = run(dir.path(), &["test-rules", "--rule", "ACME"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("ACME001 bad example 1 (app/services/invoice_store.rb): expected: fires at line 3; found: ACME001 at app/services/invoice_store.rb:2"),
        "{out}"
    );
    assert!(
        out.ends_with("1 of 6 examples failed, in 1 rule\n"),
        "{out}"
    );

    // A good example that fires.
    let text = fs::read_to_string(&file).unwrap().replace(
        "BUCKET = ENV.fetch(\"INVOICE_BUCKET\")",
        "BUCKET = \"acme-heroku-invoices-staging\"",
    );
    fs::write(&file, text).unwrap();
    let (code, out, _) = run(dir.path(), &["test-rules", "--rule", "legacy-bucket", "-q"]);
    assert_eq!(code, 1);
    assert!(out.contains("ACME001 good example 1 (app/services/invoice_store.rb): expected: silent; found: ACME001 at app/services/invoice_store.rb:2"), "{out}");
}

#[test]
fn rule_narrows_and_unknown_rules_and_broken_files_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run(dir.path(), &["test-rules", "--rule", "EG201"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("1 rule, "), "{out}");
    let (code, _, err) = run(dir.path(), &["test-rules", "--rule", "NOPE001"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule selector `NOPE001`"), "{err}");
    fs::create_dir_all(dir.path().join(".egress/rules")).unwrap();
    fs::write(dir.path().join(".egress/rules/x.yml"), "id: X1\n").unwrap();
    let (code, _, err) = run(dir.path(), &["test-rules"]);
    assert_eq!(code, 2);
    assert!(err.contains(".egress/rules/x.yml:1"), "{err}");
    // Every broken file is named, each on its own line.
    fs::write(dir.path().join(".egress/rules/y.yml"), "id: [\n").unwrap();
    let (code, _, err) = run(dir.path(), &["test-rules"]);
    assert_eq!(code, 2);
    assert!(
        err.lines()
            .any(|l| l.starts_with("egress: error: .egress/rules/x.yml:")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.starts_with("egress: error: .egress/rules/y.yml:")),
        "{err}"
    );
}
