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

/// Every `.rs` file under `path` (a file or a folder, recursively), with its code lines only:
/// comments may name what the code must not use.
fn code_under(path: &str) -> Vec<(String, String)> {
    fn walk(p: &Path, out: &mut Vec<(String, String)>) {
        if p.is_dir() {
            let mut entries: Vec<_> = fs::read_dir(p).unwrap().flatten().collect();
            entries.sort_by_key(|e| e.path());
            for e in entries {
                walk(&e.path(), out);
            }
        } else if p.extension().is_some_and(|x| x == "rs") {
            let code = fs::read_to_string(p)
                .unwrap()
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            out.push((p.display().to_string(), code));
        }
    }
    let mut out = Vec::new();
    walk(Path::new(path), &mut out);
    assert!(!out.is_empty(), "no Rust files under {path}");
    out
}

#[test]
fn live_rules_and_live_facts_never_import_the_probes() {
    // Live rules are plain functions over recorded facts: no client, no socket.
    for dir in ["src/verify/rules", "src/verify/facts.rs"] {
        for (path, code) in code_under(dir) {
            for forbidden in ["probe::", "::probe", "webhook::", "TcpStream", "postgres::"] {
                assert!(
                    !code.contains(forbidden),
                    "{path} uses {forbidden}: live rules and facts never reach a probe"
                );
            }
        }
    }
}

#[test]
fn check_never_imports_verify() {
    // A pre-commit `egress check` cannot open a socket: nothing it runs knows `verify`.
    for dir in ["src/rules", "src/extract", "src/report", "src/manifest.rs"] {
        for (path, code) in code_under(dir) {
            assert!(
                !code.contains("crate::verify") && !code.contains("super::verify"),
                "{path} imports crate::verify"
            );
        }
    }
}
