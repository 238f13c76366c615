//! Layering that code review alone would let slip: reporters never know about rules (they take
//! plain data), and rules never read files, run regexes or open sockets (extractors do).

use std::fs;
use std::path::Path;

fn sources(dir: &str) -> Vec<(String, String)> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            (
                e.path().display().to_string(),
                fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn reporters_do_not_import_rules() {
    for (path, text) in sources("src/report") {
        assert!(
            !text.contains("crate::rules"),
            "{path} imports the rule registry"
        );
    }
}

#[test]
fn rules_work_on_facts_only() {
    for (path, text) in sources("src/rules") {
        if path.ends_with("test_utils.rs") || path.ends_with("select.rs") {
            continue;
        }
        for forbidden in [
            "std::fs",
            "Regex::new",
            "TcpStream",
            "crate::verify",
            "crate::discover::read",
        ] {
            assert!(
                !text.contains(forbidden),
                "{path} uses {forbidden}: rules read facts, extractors read text"
            );
        }
    }
    assert!(Path::new("src/rules/mod.rs").exists());
}
