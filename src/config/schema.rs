//! JSON Schemas for `.egress.yml` and `migration-manifest.yml`, printed by `egress schema`, so
//! editors (YAML language servers) complete and validate both files.

use serde_json::{json, Value};

use crate::manifest::{BACKOFF_RANGE, MAX_RETRIES, TIMEOUT_RANGE};
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
            "require-reason": { "type": "boolean", "description": "Directives must give a reason after ` -- ` (EG009)." }
        }
    })
}

pub fn manifest() -> Value {
    let url = json!({ "type": "string", "description": "A URL; ${VAR} and ${VAR:-default} are expanded from the environment." });
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://github.com/egress-lint/egress/schemas/migration-manifest.json",
        "title": "egress migration manifest (migration-manifest.yml)",
        "type": "object",
        "properties": {
            "source": {
                "type": "object",
                "properties": {
                    "platform": { "type": "string" },
                    "app": { "type": "string" },
                    "db_url": url,
                    "extensions": { "type": "array", "items": { "type": "string" } }
                }
            },
            "target": {
                "type": "object",
                "properties": {
                    "platform": { "type": "string", "examples": ["render", "railway", "fly", "kubernetes", "dokku"] },
                    "url": url,
                    "db_url": url,
                    "timezone": { "type": "string", "description": "IANA zone the scheduled jobs keep (Heroku: UTC)." },
                    "process_type_env": { "type": "string", "description": "Variable that replaces DYNO (default PROCESS_TYPE)." }
                }
            },
            "verification": {
                "type": "object",
                "properties": {
                    "health_endpoint": { "type": "string" },
                    "health": {
                        "type": "object",
                        "additionalProperties": false,
                        "properties": {
                            "retries": { "type": "integer", "minimum": 0, "maximum": MAX_RETRIES },
                            "backoff_seconds": { "type": "number", "minimum": BACKOFF_RANGE.0, "maximum": BACKOFF_RANGE.1 },
                            "timeout_seconds": { "type": "number", "minimum": TIMEOUT_RANGE.0, "maximum": TIMEOUT_RANGE.1 }
                        }
                    },
                    "row_count_tables": {
                        "anyOf": [
                            { "const": "all" },
                            { "type": "array", "items": { "anyOf": [
                                { "type": "string" },
                                { "type": "object", "required": ["table"], "additionalProperties": false,
                                  "properties": { "table": { "type": "string" }, "expected": { "type": "integer", "minimum": 0 } } }
                            ] } }
                        ]
                    }
                }
            },
            "webhook_providers": { "type": "array", "items": { "type": "string" } },
            "webhooks": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["provider"],
                    "properties": {
                        "provider": { "type": "string", "examples": ["stripe", "github", "sendgrid", "generic"] },
                        "current_url": url,
                        "new_url": url,
                        "secret": { "type": "string", "description": "Use ${VAR}: never write a secret into the manifest." },
                        "repo": { "type": "string", "pattern": "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$" },
                        "api_base": url
                    }
                }
            },
            "cutover": { "type": "object" }
        }
    })
}
