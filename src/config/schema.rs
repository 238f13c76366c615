//! JSON Schemas for `.egress.yml`, `migration-manifest.yml` and `migration-contract.json`,
//! printed by `egress schema`, so editors (YAML language servers) complete and validate them.

use serde_json::{json, Value};

use crate::rules::CATALOG;

/// Every rule id and name: what `select`, `ignore` and friends accept.
fn rule_names() -> Vec<String> {
    let mut names: Vec<String> = CATALOG
        .iter()
        .flat_map(|m| [m.code.to_string(), m.name.to_string()])
        .collect();
    names.push("ALL".into());
    names
}

pub fn config() -> Value {
    let rule = json!({ "anyOf": [{ "enum": rule_names() }, { "type": "string", "pattern": "^EG[0-9]{0,3}$" }] });
    let rules = json!({ "anyOf": [rule, { "type": "array", "items": rule }] });
    let severity = json!({ "enum": ["error", "warning", "info"] });
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://github.com/egress-lint/egress/schemas/egress-config.json",
        "title": "egress configuration (.egress.yml)",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "extends": { "type": "string", "description": "A parent config to start from, relative to this file (e.g. ../.egress.yml)." },
            "select": { "description": "Rules to run (default: every stable rule).", "allOf": [rules] },
            "ignore": { "description": "Rules not to run.", "allOf": [rules] },
            "extend-select": { "description": "Rules to run in addition to `select` (e.g. preview rules).", "allOf": [rules] },
            "severity": { "type": "object", "description": "Per-rule severity overrides.", "additionalProperties": severity },
            "per-path": {
                "type": "object",
                "description": "Globs (relative to this file) mapped to rules ignored or selected there.",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": { "ignore": rules, "select": rules }
                }
            },
            "exclude": { "type": "array", "items": { "type": "string" }, "description": "Globs whose findings are never reported." },
            "fail-on": { "description": "Lowest severity that makes the exit code 1.", "allOf": [severity] },
            "non-suppressible": { "description": "Rules that inline directives cannot silence.", "allOf": [rules] },
            "require-reason": { "type": "boolean", "description": "Directives must give a reason after ` -- ` (EG009)." },
            "custom-rules": {
                "description": "Rule files to load: files, globs or folders, relative to this file (`.egress/rules/` beside it is loaded anyway).",
                "anyOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }]
            }
        }
    })
}

/// The schema of `migration-manifest.yml`: the declaration `check` (EG701) and `verify`
/// validate with, so editors, `check` and `verify` accept the same files.
pub fn manifest() -> Value {
    document(
        &crate::manifest::SCHEMA,
        "migration-manifest",
        "egress migration manifest (migration-manifest.yml)",
    )
}

/// The schema of a rule file (`.egress/rules/*.yml`), from the declaration `egress` validates
/// them with.
pub fn rule() -> Value {
    let mut s = document(
        &crate::policy::rule_shape::RULE,
        "egress-rule",
        "egress rule file (.egress/rules/*.yml)",
    );
    s["properties"]["id"]["pattern"] = json!("^(?!EG)[A-Z]{2,8}[0-9]+$");
    s["properties"]["name"]["pattern"] = json!("^[a-z0-9][a-z0-9-]*$");
    s["properties"]["severity"]["enum"] = json!(["error", "warning", "info"]);
    s
}

/// The schema of `migration-contract.json`, from the same declaration EG701 checks it with.
pub fn contract() -> Value {
    document(
        &crate::shape::CONTRACT,
        "migration-contract",
        "egress migration contract (migration-contract.json)",
    )
}

fn document(shape: &crate::shape::Shape, id: &str, title: &str) -> Value {
    let mut s = crate::shape::json_schema(shape);
    s["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    s["$id"] = json!(format!(
        "https://github.com/egress-lint/egress/schemas/{id}.json"
    ));
    s["title"] = json!(title);
    s
}
