//! Generates the rule catalog from `rules/*.yml`: the `RuleId` enum and the embedded metadata.
//! The YAML files are the single source of truth; a malformed one fails the build with its name.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use saphyr::{LoadableYamlNode, Yaml};

const CATEGORIES: &[(&str, char)] = &[
    ("meta", '0'),
    ("connections", '1'),
    ("process-identity", '2'),
    ("extensions", '3'),
    ("scheduling", '4'),
    ("runtimes", '5'),
    ("integrations", '6'),
    ("manifest", '7'),
    ("parity", '8'),
    ("live", '9'),
];

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let dir = Path::new("rules");
    let mut rules = BTreeMap::new();
    let mut names = BTreeMap::new();
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("rules/ folder")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let file = entry.file_name().to_string_lossy().to_string();
        if !file.ends_with(".yml") {
            continue;
        }
        println!("cargo:rerun-if-changed=rules/{file}");
        let text = fs::read_to_string(entry.path()).unwrap_or_else(|e| panic!("rules/{file}: {e}"));
        let docs = Yaml::load_from_str(&text)
            .unwrap_or_else(|e| panic!("rules/{file}: invalid YAML: {e}"));
        let doc = docs
            .first()
            .unwrap_or_else(|| panic!("rules/{file}: empty"));
        let get = |k: &str| -> String {
            doc.as_mapping_get(k)
                .and_then(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .or_else(|| v.as_bool().map(|b| b.to_string()))
                })
                .unwrap_or_else(|| panic!("rules/{file}: missing string key `{k}`"))
        };
        let id = get("id");
        let name = get("name");
        let category = get("category");
        let severity = get("severity");
        let status = get("status");
        let fix = get("fix");
        let live = get("live");
        assert!(
            id.len() == 5 && id.starts_with("EG") && id[2..].chars().all(|c| c.is_ascii_digit()),
            "rules/{file}: id `{id}` is not EG + three digits"
        );
        let hundred = CATEGORIES
            .iter()
            .find(|(c, _)| *c == category)
            .unwrap_or_else(|| panic!("rules/{file}: unknown category `{category}`"))
            .1;
        assert!(
            id.as_bytes()[2] as char == hundred,
            "rules/{file}: `{id}` is outside category `{category}`'s hundred"
        );
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "rules/{file}: name `{name}` is not kebab-case"
        );
        assert_eq!(
            file,
            format!("{id}-{name}.yml"),
            "rules/{file}: file name must be `{id}-{name}.yml`"
        );
        assert!(
            matches!(severity.as_str(), "error" | "warning" | "info"),
            "rules/{file}: severity `{severity}`"
        );
        assert!(
            matches!(status.as_str(), "preview" | "stable" | "deprecated"),
            "rules/{file}: status `{status}`"
        );
        assert!(
            matches!(fix.as_str(), "safe" | "unsafe" | "sometimes" | "none"),
            "rules/{file}: fix `{fix}`"
        );
        let strings = |key: &str| -> Vec<String> {
            doc.as_mapping_get(key)
                .and_then(|a| a.as_sequence())
                .map(|v| {
                    v.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let aliases = strings("aliases");
        let tags = strings("tags");
        for t in &tags {
            assert!(
                matches!(t.as_str(), "security"),
                "rules/{file}: unknown tag `{t}` (known: security)"
            );
        }
        for n in std::iter::once(&name).chain(&aliases) {
            if let Some(other) = names.insert(n.clone(), id.clone()) {
                panic!("rules/{file}: name `{n}` is already used by {other}");
            }
        }
        let rule = Rule {
            id: id.clone(),
            name,
            aliases,
            tags,
            category,
            severity,
            status,
            fix,
            live: live == "true",
            summary: get("summary"),
            why: get("why"),
            how_to_fix: get("how_to_fix"),
            file: file.clone(),
            declarative: doc.as_mapping_get("match").is_some(),
        };
        assert!(
            rules.insert(id.clone(), rule).is_none(),
            "rules/{file}: duplicate id {id}"
        );
    }

    let mut out = String::new();
    out.push_str(
        "/// The built-in rules' ids, generated from `rules/*.yml`: Rust code names a built-in\n",
    );
    out.push_str(
        "/// rule only through these, so a typo or a missing YAML file is a compile error.\n",
    );
    out.push_str("#[allow(non_upper_case_globals)]\nimpl RuleId {\n");
    for (i, id) in rules.keys().enumerate() {
        writeln!(out, "    pub const {id}: RuleId = RuleId({i});").unwrap();
    }
    out.push_str("}\n\n/// The built-in rules, in id order (a built-in `RuleId` indexes it).\npub static BUILTIN: &[RuleMeta] = &[\n");
    for r in rules.values() {
        writeln!(
            out,
            "    RuleMeta {{ id: RuleId::{id}, code: {id:?}, name: {name:?}, aliases: &{aliases:?}, tags: &{tags:?}, category: {category:?}, \
             severity: Severity::{sev}, status: {status:?}, fix: FixKind::{fix}, live: {live}, summary: {summary:?}, \
             why: {why:?}, how_to_fix: {how:?}, file: {file:?}, source: include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/rules/{file}\")) }},",
            id = r.id,
            name = r.name,
            aliases = r.aliases,
            tags = r.tags,
            category = r.category,
            sev = capitalize(&r.severity),
            status = r.status,
            fix = capitalize(&r.fix),
            live = r.live,
            summary = r.summary.trim(),
            why = r.why.trim(),
            how = r.how_to_fix.trim(),
            file = r.file,
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalog.rs");
    fs::write(dest, out).unwrap();

    // The built-ins written as rule files (a `match:` key): `policy` compiles them.
    let mut decl = String::from(
        "/// The built-in rules whose logic is their rule file's `match:`: (id, file, text).\npub static DECLARATIVE: &[(&str, &str, &str)] = &[\n",
    );
    for r in rules.values().filter(|r| r.declarative) {
        writeln!(
            decl,
            "    ({id:?}, {file:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/rules/{file}\"))),",
            id = r.id,
            file = r.file
        )
        .unwrap();
    }
    decl.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("declarative.rs");
    fs::write(dest, decl).unwrap();
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

struct Rule {
    id: String,
    name: String,
    aliases: Vec<String>,
    tags: Vec<String>,
    category: String,
    severity: String,
    status: String,
    fix: String,
    live: bool,
    summary: String,
    why: String,
    how_to_fix: String,
    file: String,
    declarative: bool,
}
