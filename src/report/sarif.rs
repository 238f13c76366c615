//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning ingests it. Rule metadata comes from the
//! findings themselves (each carries its rule's docs), so this module never needs the registry.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{fingerprints, ChangeItem, Item, Report, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFO_URI: &str = "https://github.com/egress-lint/egress";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Rules tagged `security` (transport security) get GitHub's `security-severity` so code
/// scanning ranks them.
fn is_security(item: &Item) -> bool {
    item.doc.tags.contains(&"security")
}

fn rule(item: &Item) -> Value {
    let d = &item.doc;
    let mut props = json!({ "tags": [d.category], "precision": "high" });
    if is_security(item) {
        props["tags"] = json!([d.category, "security"]);
        props["security-severity"] = json!(match d.default_severity {
            Severity::Error => "7.5",
            Severity::Warning => "5.0",
            Severity::Info => "2.0",
        });
    }
    let mut rule = json!({
        "id": item.code,
        "name": item.name,
        "shortDescription": { "text": d.summary },
        "fullDescription": { "text": d.why },
        "help": {
            "text": format!("{}\n\nHow to fix: {}", d.why, d.how_to_fix),
            "markdown": format!("**{} {}**: {}\n\n{}\n\n**How to fix**\n\n{}", item.code, item.name, d.summary, d.why, d.how_to_fix),
        },
        "helpUri": format!("{INFO_URI}/blob/main/rules/{}-{}.yml", item.code, item.name),
        "defaultConfiguration": { "level": level(d.default_severity) },
        "properties": props,
    });
    // A project's rule is documented in its own file, not at egress's repository.
    if let Some(file) = d.custom_file {
        rule.as_object_mut().map(|r| r.remove("helpUri"));
        rule["properties"]["ruleFile"] = json!(file.replace('\\', "/"));
    }
    rule
}

fn location(path: &str, region: Value) -> Value {
    json!({ "physicalLocation": { "artifactLocation": { "uri": path, "uriBaseId": "%SRCROOT%" }, "region": region } })
}

pub fn render(report: &Report, version: &str) -> String {
    let mut rules: BTreeMap<&str, Value> = BTreeMap::new();
    for i in &report.items {
        rules.entry(i.code).or_insert_with(|| rule(i));
    }
    // Rule indexes follow id order, so the output does not depend on finding order.
    let order: Vec<&str> = rules.keys().copied().collect();
    let index = |code: &str| order.iter().position(|c| *c == code).unwrap_or(0);
    let prints = fingerprints(&report.items);
    let results: Vec<Value> = report
        .items
        .iter()
        .zip(prints)
        .map(|(i, print)| {
            let mut r = json!({
                "ruleId": i.code,
                "ruleIndex": index(i.code),
                "level": level(i.severity),
                "message": { "text": i.message },
                "locations": [location(&i.path, json!({
                    "startLine": i.line.max(1),
                    "startColumn": i.column.max(1),
                    "endLine": i.end_line.max(i.line).max(1),
                    "endColumn": i.end_column.max(1),
                }))],
                "partialFingerprints": { "primaryLocationLineHash": print },
            });
            if !i.related.is_empty() {
                r["relatedLocations"] = Value::Array(
                    i.related
                        .iter()
                        .enumerate()
                        .map(|(n, rel)| {
                            let mut l = location(&rel.path, json!({ "startLine": rel.line.max(1), "startColumn": rel.column.max(1) }));
                            l["id"] = json!(n);
                            l["message"] = json!({ "text": rel.message });
                            l
                        })
                        .collect(),
                );
            }
            if let Some(fix) = &i.fix {
                let mut by_path: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
                for e in &fix.edits {
                    by_path.entry(&e.path).or_default().push(json!({
                        "deletedRegion": { "byteOffset": e.start, "byteLength": e.end - e.start },
                        "insertedContent": { "text": e.replacement },
                    }));
                }
                // SARIF has no file creation or removal: a new file is its text inserted into
                // an empty one, a removed file its whole text deleted.
                for c in &fix.changes {
                    let (path, change) = match c {
                        ChangeItem::Create { path, text } => (path, json!({
                            "deletedRegion": { "byteOffset": 0, "byteLength": 0 },
                            "insertedContent": { "text": text },
                        })),
                        ChangeItem::Remove { path, length } => (path, json!({
                            "deletedRegion": { "byteOffset": 0, "byteLength": length },
                        })),
                    };
                    by_path.entry(path).or_default().push(change);
                }
                r["fixes"] = json!([{
                    "description": { "text": format!("{} ({})", fix.description, fix.applicability.as_str()) },
                    "artifactChanges": by_path.into_iter().map(|(p, reps)| json!({
                        "artifactLocation": { "uri": p, "uriBaseId": "%SRCROOT%" },
                        "replacements": reps,
                    })).collect::<Vec<_>>(),
                }]);
            }
            r
        })
        .collect();
    let sarif = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "egress",
                "version": version,
                "semanticVersion": version,
                "informationUri": INFO_URI,
                "rules": rules.into_values().collect::<Vec<_>>(),
            }},
            // Code scanning keeps one set of alerts per category: check's and verify's apart.
            "automationDetails": { "id": if report.checks.is_some() { "egress/verify/" } else { "egress/check/" } },
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The folder egress was run from" } } },
            "results": results,
            "invocations": [invocation(report)],
        }],
    });
    let mut s = serde_json::to_string_pretty(&sarif).expect("report serialises");
    s.push('\n');
    s
}

/// The run itself: whether it completed, and a notification per live check that could not be
/// made (code scanning shows notifications beside the results).
fn invocation(report: &Report) -> Value {
    let notes: Vec<Value> = report
        .unresolved_checks()
        .map(|c| {
            let region = json!({ "startLine": c.line.max(1) });
            json!({
                "level": "error",
                "message": { "text": c.describe() },
                "locations": [location(&c.path, region)],
                "descriptor": { "id": format!("verify/{}", c.phase) },
            })
        })
        .collect();
    json!({
        "executionSuccessful": true,
        "toolExecutionNotifications": notes,
    })
}
