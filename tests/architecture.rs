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

/// Every `.rs` file under `src/` with its module path (`extract::formats::procfile`; the crate
/// root is empty), comment lines dropped.
fn modules() -> Vec<(String, String, String)> {
    fn walk(dir: &Path, out: &mut Vec<(String, String, String)>) {
        for e in fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p.strip_prefix("src").unwrap().with_extension("");
                let mut parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    parts.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    parts.pop();
                }
                let full = fs::read_to_string(&p).unwrap();
                // Unit tests may reach across layers; the code they test may not.
                let code = full.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
                let text: String = code
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("//"))
                    .collect::<Vec<_>>()
                    .join("\n");
                out.push((p.display().to_string(), parts.join("::"), text));
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new("src"), &mut out);
    out
}

/// The modules a file names: `crate::a::b`, `super::x` (also inside `{...}` groups), resolved
/// to the longest known module path.
fn references(module: &str, text: &str, known: &[String]) -> Vec<String> {
    let resolve = |path: &str| -> Option<String> {
        known
            .iter()
            .filter(|k| {
                !k.is_empty() && (path == k.as_str() || path.starts_with(&format!("{k}::")))
            })
            .max_by_key(|k| k.len())
            .cloned()
    };
    let b = text.as_bytes();
    let ident = |i: usize| b[i].is_ascii_alphanumeric() || b[i] == b'_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let at = |s: &str, j: usize| b[j..].starts_with(s.as_bytes());
        let boundary = i == 0 || !ident(i - 1);
        let (base, skip) = if boundary && at("crate::", i) {
            (Vec::<String>::new(), "crate::".len())
        } else if boundary && at("super::", i) {
            let mut base: Vec<String> = module.split("::").map(str::to_string).collect();
            let mut n = 0;
            while at("super::", i + n) {
                base.pop();
                n += "super::".len();
            }
            (base, n)
        } else {
            i += 1;
            continue;
        };
        let after = &b[i + skip..];
        let path_of = |s: &[u8]| -> String {
            s.iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b':')
                .map(|c| *c as char)
                .collect()
        };
        // One path, or a `{a, b::c}` group of them.
        let items: Vec<String> = if after.first() == Some(&b'{') {
            let end = after.iter().position(|c| *c == b'}').unwrap_or(after.len());
            after[1..end]
                .split(|c| *c == b',')
                .map(|item| path_of(item.trim_ascii()))
                .collect()
        } else {
            vec![path_of(after)]
        };
        for path in items {
            let full: Vec<&str> = base
                .iter()
                .map(String::as_str)
                .chain(path.split("::").filter(|s| !s.is_empty()))
                .collect();
            if let Some(m) = resolve(&full.join("::")) {
                out.push(m);
            }
        }
        i += skip;
    }
    out
}

/// No two files import each other, directly or around a loop: a module and its own submodules
/// may refer to each other (a parent declares and calls them, they use its types), siblings may
/// not. Test-only helpers are left out.
#[test]
fn no_import_cycles_between_files() {
    let mods = modules();
    let known: Vec<String> = mods.iter().map(|(_, m, _)| m.clone()).collect();
    let related = |a: &str, b: &str| {
        a == b
            || a.is_empty()
            || b.is_empty()
            || a.starts_with(&format!("{b}::"))
            || b.starts_with(&format!("{a}::"))
    };
    let mut edges: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    for (path, module, text) in &mods {
        if path.ends_with("test_utils.rs")
            || path.ends_with("extract/tests.rs")
            || path.contains("src/fuzzing/")
        {
            continue;
        }
        for target in references(module, text, &known) {
            if !related(module, &target) {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    // A cycle is a path from a module back to itself.
    let mut cycles = Vec::new();
    for start in edges.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = std::collections::BTreeSet::new();
        while let Some((node, trail)) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if next == start {
                    cycles.push(trail.join(" -> ") + " -> " + start);
                } else if seen.insert(next.clone()) {
                    let mut t = trail.clone();
                    t.push(next.clone());
                    stack.push((next.clone(), t));
                }
            }
        }
    }
    cycles.sort();
    cycles.dedup();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

/// The layers: rules read facts (never the walk, the parsers or the extractors' internals),
/// reporters read plain data (never rules, facts or extractors), the inventory reads facts
/// (never rules or the engine: the command line runs it), and `check`'s side never reaches
/// `verify` (a pre-commit run cannot open a socket).
#[test]
fn layers_import_only_what_they_may() {
    let forbidden: &[(&str, &[&str])] = &[
        (
            "src/rules",
            &["crate::discover", "crate::parse", "crate::extract"],
        ),
        (
            "src/report",
            &[
                "crate::rules",
                "crate::facts",
                "crate::extract",
                "crate::discover",
            ],
        ),
        (
            "src/facts",
            &[
                "crate::extract",
                "crate::discover",
                "crate::rules",
                "crate::verify",
            ],
        ),
        (
            "src/extract",
            &["crate::verify", "crate::rules", "crate::report"],
        ),
        // The inventory is a query over facts: it runs no rule, parses no repository file
        // (the engine did) and opens no socket.
        (
            "src/inventory",
            &[
                "crate::rules",
                "crate::report",
                "crate::verify",
                "crate::engine",
                "crate::parse",
            ],
        ),
    ];
    for (path, _, text) in modules() {
        if path.ends_with("test_utils.rs") || path.ends_with("tests.rs") {
            continue;
        }
        for (dir, names) in forbidden {
            if !path.starts_with(dir) {
                continue;
            }
            for name in *names {
                assert!(!text.contains(name), "{path} imports {name}");
            }
        }
    }
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
    for dir in [
        "src/rules",
        "src/extract",
        "src/report",
        "src/manifest",
        "src/inventory",
    ] {
        for (path, code) in code_under(dir) {
            assert!(
                !code.contains("crate::verify") && !code.contains("super::verify"),
                "{path} imports crate::verify"
            );
        }
    }
}
