//! Inline suppressions through the binary: `egress-ignore:` silences exactly the rules it names
//! on the line it covers, `egress-ignore-file:` the whole file; unused, unknown and malformed
//! directives are EG008 findings and never silence anything else.

mod common;

use std::fs;
use std::path::Path;

/// (rule, path, line, message) of every finding of `egress check --format json . <extra>`.
fn check(files: &[(&str, &str)], extra: &[&str]) -> Vec<(String, String, u64, String)> {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    run(dir.path(), extra)
}

fn run(dir: &Path, extra: &[&str]) -> Vec<(String, String, u64, String)> {
    let out = common::egress()
        .current_dir(dir)
        .args(["check", "--format", "json", "."])
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout).expect(&stdout);
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn rules_lines(found: &[(String, String, u64, String)]) -> Vec<(&str, u64)> {
    found.iter().map(|f| (f.0.as_str(), f.2)).collect()
}

const TWO_RULES: &str = "import os\n\
    x = (os.environ[\"DYNO\"], \"postgres://u@db.example.com/app\")  # egress-ignore: EG201 -- tags logs only\n\
    y = os.environ[\"DYNO\"]\n";

#[test]
fn a_suppression_silences_exactly_its_rule_on_its_line() {
    let found = check(&[("app/settings.py", TWO_RULES)], &[]);
    // EG101 on the same line still fires; EG201 on the next line still fires.
    assert_eq!(
        rules_lines(&found),
        [("EG101", 2), ("EG201", 3)],
        "{found:#?}"
    );
}

#[test]
fn the_line_above_form_covers_the_next_line_with_code() {
    let py = "import os\n\
        # egress-ignore: dyno-env-read -- tags logs only\n\
        \n\
        # egress-ignore: EG101 -- local tunnel\n\
        role = os.environ[\"DYNO\"]\n\
        other = os.environ[\"DYNO\"]\n";
    let found = check(&[("app/settings.py", py)], &[]);
    // The name works like the id; the EG101 directive stacked under it is unused.
    assert_eq!(
        rules_lines(&found),
        [("EG008", 4), ("EG201", 6)],
        "{found:#?}"
    );
    assert!(
        found[0].3.contains("`EG101` matches no finding"),
        "{found:#?}"
    );
    let js = "/* egress-ignore: EG201 -- tags logs only */\nconst { DYNO } = process.env;\n";
    assert_eq!(check(&[("src/server.js", js)], &[]), []);
}

#[test]
fn the_file_form_covers_the_whole_file_and_only_its_rules() {
    let sql = "-- egress-ignore-file: EG301 -- dump of the Heroku database, restored once\n\
        CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA heroku_ext;\n\
        CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA heroku_ext;\n";
    let rb = "# egress-ignore-file: heroku-ext-reference -- nothing here\nrole = ENV['DYNO']\n";
    let found = check(&[("db/structure.sql", sql), ("lib/role.rb", rb)], &[]);
    assert_eq!(
        found
            .iter()
            .map(|f| (f.0.as_str(), f.1.as_str(), f.2))
            .collect::<Vec<_>>(),
        [("EG008", "lib/role.rb", 1), ("EG201", "lib/role.rb", 2)],
        "{found:#?}"
    );
}

#[test]
fn trailing_text_without_separator_does_not_suppress_everything() {
    let rb = "# egress-ignore-file: EG301 trailing text\nrole = ENV['DYNO']\n";
    let found = check(&[("lib/role.rb", rb)], &[]);
    assert!(
        found.iter().any(|f| f.0 == "EG201" && f.2 == 2),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == "EG008" && f.3.contains("`trailing text`")),
        "{found:#?}"
    );
}

#[test]
fn unknown_names_are_reported_and_ignore_nothing() {
    for name in ["everything", "ALL", "EG2", "dyno-env-reed"] {
        let py = format!("import os\nrole = os.environ[\"DYNO\"]  # egress-ignore: {name} -- x\n");
        let found = check(&[("app/role.py", &py)], &[]);
        assert_eq!(
            rules_lines(&found),
            [("EG201", 2), ("EG008", 2)],
            "{name}: {found:#?}"
        );
        assert!(found[1].3.contains(name), "{found:#?}");
    }
    let found = check(
        &[(
            "app/role.py",
            "x = 1  # egress-ignore: dyno-env-reed -- x\n",
        )],
        &[],
    );
    assert!(
        found[0].3.contains("did you mean `dyno-env-read`"),
        "{found:#?}"
    );
}

#[test]
fn the_suppression_rules_cannot_be_suppressed() {
    let py = "x = 1  # egress-ignore: EG008, EG201 -- x\n";
    let found = check(&[("app/a.py", py)], &[]);
    assert_eq!(
        rules_lines(&found),
        [("EG008", 1), ("EG008", 1)],
        "{found:#?}"
    );
    assert!(found.iter().any(|f| f.3.contains("cannot be suppressed")));
}

#[test]
fn unused_only_for_rules_that_ran_and_reasons_only_on_request() {
    let py = "x = 1  # egress-ignore: EG201\n";
    let found = check(&[("app/a.py", py)], &[]);
    assert_eq!(rules_lines(&found), [("EG008", 1)], "{found:#?}");
    assert_eq!(check(&[("app/a.py", py)], &["--select", "EG101"]), []);
    let found = check(&[("app/a.py", py)], &["--select", "EG009"]);
    assert_eq!(rules_lines(&found), [("EG009", 1)], "{found:#?}");
    let found = check(
        &[("app/a.py", "x = 1  # egress-ignore: EG201 -- x\n")],
        &["--select", "suppression-without-reason"],
    );
    assert_eq!(found, []);
}

#[test]
fn comment_syntax_of_config_files() {
    let env = "# egress-ignore: EG101 -- CI database on the runner's network\n\
        DATABASE_URL=postgres://app@db.ci.example.com/app\n\
        OTHER_URL=postgres://app@db.example.com/app\n";
    let found = check(&[(".env", env)], &[]);
    assert_eq!(rules_lines(&found), [("EG101", 3)], "{found:#?}");
    let procfile = "worker: celery -A app worker --hostname=$DYNO # egress-ignore: EG201 -- x\n";
    assert_eq!(check(&[("Procfile", procfile)], &[]), []);
}
