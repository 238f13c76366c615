//! Findings far into very long lines (minified bundles, one-line JSON) are reported in every
//! format without a snippet, instead of crashing the human renderer.

mod common;

#[test]
fn a_finding_at_column_100000_is_reported_in_human_output() {
    let dir = tempfile::tempdir().unwrap();
    let line = format!(
        "var a=\"{}\";var d=process.env.DYNO;\n",
        "x".repeat(100_000)
    );
    std::fs::write(dir.path().join("app.min.js"), line).unwrap();
    let out = common::egress()
        .current_dir(dir.path())
        .args(["check", ".", "--color", "never"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("app.min.js:1:100028") && stdout.contains("dyno-env-read"),
        "{stdout}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
