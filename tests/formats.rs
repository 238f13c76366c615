//! Every output format over the testdata apps: the findings snapshotted once per app (concise),
//! every machine format checked for well-formedness per app, SARIF validated against the
//! official 2.1.0 schema, and fingerprints that survive lines inserted above a finding. Each
//! format's own layout is snapshotted on a fixed report in `report_formats.rs`.

mod common;

use std::path::Path;

fn run(dir: &Path, args: &[&str]) -> String {
    let out = common::egress()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_app_in_every_format() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    for app in [
        "rails-app",
        "django-app",
        "node-app",
        "clean-app",
        "broken",
        "manifests",
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
        let path = format!("testdata/{app}");
        let concise = run(root(), &["check", &path, "--format", "concise"]);
        let name = if app == "rails-app" {
            "format_concise".to_string()
        } else {
            format!("format_concise_{app}")
        };
        settings.bind(|| insta::assert_snapshot!(name, concise));
        let findings = concise.lines().count();
        for format in ["sarif", "gitlab"] {
            let out = run(root(), &["check", &path, "--format", format]);
            let v: serde_json::Value = serde_json::from_str(&out)
                .unwrap_or_else(|e| panic!("{app} {format}: not JSON: {e}"));
            let n = match format {
                "sarif" => v["runs"][0]["results"].as_array().unwrap().len(),
                _ => v.as_array().unwrap().len(),
            };
            assert_eq!(n, findings, "{app} {format}");
        }
        let github = run(root(), &["check", &path, "--format", "github"]);
        assert!(
            github.lines().all(|l| l.starts_with("::")),
            "{app}: {github}"
        );
        let junit = run(root(), &["check", &path, "--format", "junit"]);
        assert!(
            junit.starts_with("<?xml") && junit.trim_end().ends_with("</testsuites>"),
            "{app}: {junit}"
        );
    }
}

#[test]
fn output_files_write_several_formats_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("egress.sarif");
    let junit = dir.path().join("report.xml");
    let out = run(
        root(),
        &[
            "check",
            "testdata/node-app",
            "--format",
            "concise",
            "--output-file",
            &format!("sarif={}", sarif.display()),
            "--output-file",
            &format!("junit={}", junit.display()),
        ],
    );
    assert!(out.contains("EG201 [warning]"));
    assert!(std::fs::read_to_string(&sarif)
        .unwrap()
        .contains("\"version\": \"2.1.0\""));
    assert!(std::fs::read_to_string(&junit)
        .unwrap()
        .starts_with("<?xml"));
}

#[test]
fn github_step_summary_is_appended() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = common::egress()
        .current_dir(root())
        .args(["check", "testdata/node-app", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("::"));
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        // The count changes with the catalog; what matters is that it follows the earlier step.
        md.starts_with("earlier step\n### egress: ")
            && md.lines().nth(1).is_some_and(|l| l.ends_with(" findings"))
            && md.contains("| `EG201` dyno-env-read |"),
        "{md}"
    );
}

#[test]
fn sarif_validates_against_the_official_schema() {
    for app in ["rails-app", "django-app", "node-app", "clean-app", "broken"] {
        let sarif = run(
            root(),
            &["check", &format!("testdata/{app}"), "--format", "sarif"],
        );
        if let Err(e) = common::validate_sarif(&sarif) {
            panic!("{app}: SARIF does not validate: {e}");
        }
    }
}

#[test]
fn fingerprints_survive_lines_inserted_above() {
    let dir = tempfile::tempdir().unwrap();
    let code = "import os\n\nROLE = os.environ.get(\"DYNO\")\n";
    std::fs::write(dir.path().join("settings.py"), code).unwrap();
    let prints = |dir: &Path| -> (Vec<String>, Vec<u64>) {
        let v: serde_json::Value =
            serde_json::from_str(&run(dir, &["check", ".", "--format", "sarif"])).unwrap();
        let results = v["runs"][0]["results"].as_array().unwrap().clone();
        (
            results
                .iter()
                .map(|r| {
                    r["partialFingerprints"]["primaryLocationLineHash"]
                        .as_str()
                        .unwrap()
                        .to_string()
                })
                .collect(),
            results
                .iter()
                .map(|r| {
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap()
                })
                .collect(),
        )
    };
    let (before, lines_before) = prints(dir.path());
    std::fs::write(
        dir.path().join("settings.py"),
        format!("# a new header\nimport sys\n{code}"),
    )
    .unwrap();
    let (after, lines_after) = prints(dir.path());
    assert_eq!(before.len(), 1);
    assert_eq!(before, after, "fingerprint changed with unrelated edits");
    assert_ne!(lines_before, lines_after);
}

/// Every finding sits at the same line and column whether the files use LF or CRLF.
#[test]
fn crlf_files_give_the_same_findings() {
    fn copy(from: &Path, to: &Path, crlf: bool) {
        for e in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
                copy(&e.path(), &target, crlf);
            } else {
                let text = std::fs::read_to_string(e.path()).unwrap();
                let text = if crlf {
                    text.replace('\n', "\r\n")
                } else {
                    text
                };
                std::fs::write(target, text).unwrap();
            }
        }
    }
    let positions = |dir: &Path| -> Vec<(String, String, u64, u64, u64, u64)> {
        let v: serde_json::Value =
            serde_json::from_str(&run(dir, &["check", ".", "--format", "json"])).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["path"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                    f["column"].as_u64().unwrap(),
                    f["end_line"].as_u64().unwrap(),
                    f["end_column"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    for app in ["rails-app", "django-app", "node-app"] {
        let (lf, crlf) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        copy(&root().join("testdata").join(app), lf.path(), false);
        copy(&root().join("testdata").join(app), crlf.path(), true);
        let a = positions(lf.path());
        assert!(!a.is_empty());
        assert_eq!(a, positions(crlf.path()), "{app}: CRLF moved findings");
        // Every format renders CRLF input (no panic, same number of findings in concise).
        for format in ["human", "concise", "sarif", "github", "gitlab", "junit"] {
            assert!(!run(
                crlf.path(),
                &["check", ".", "--format", format, "--color", "never"]
            )
            .is_empty());
        }
    }
}

/// Cross-file findings point at one file and carry the others as related locations, in JSON
/// and SARIF alike: EG302 (the schema line; the manifest's `extensions` key and the other
/// places that enable the extension), EG503 (one pin; every other pin file of the runtime),
/// EG203 (the read; the manifest's `process_type_env` and each target config that lacks it).
#[test]
fn cross_file_findings_carry_related_locations() {
    let cases = [
        (
            "testdata/rails-connect",
            "EG302",
            "testdata/rails-connect/db/schema.rb",
            "testdata/rails-connect/migration-manifest.yml",
            3,
        ),
        (
            "testdata/kafka-service",
            "EG203",
            "testdata/kafka-service/src/config.js",
            "testdata/kafka-service/migration-manifest.yml",
            3,
        ),
        (
            "testdata/newsletter-rails",
            "EG503",
            "testdata/newsletter-rails/.ruby-version",
            "testdata/newsletter-rails/Gemfile",
            3,
        ),
    ];
    for (path, rule, at, first_related, n) in cases {
        let json: serde_json::Value = serde_json::from_str(&run(
            root(),
            &["check", path, "--format", "json", "--select", rule],
        ))
        .unwrap();
        let f = &json["findings"][0];
        assert_eq!(f["path"], at, "{rule}");
        assert_eq!(f["related"][0]["path"], first_related, "{rule}");
        assert_eq!(f["related"].as_array().unwrap().len(), n, "{rule}");
        let sarif: serde_json::Value = serde_json::from_str(&run(
            root(),
            &["check", path, "--format", "sarif", "--select", rule],
        ))
        .unwrap();
        let related = &sarif["runs"][0]["results"][0]["relatedLocations"];
        assert_eq!(
            related[0]["physicalLocation"]["artifactLocation"]["uri"], first_related,
            "{rule}"
        );
        assert_eq!(related.as_array().unwrap().len(), n, "{rule}");
    }
}
