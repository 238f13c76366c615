//! The readers of Heroku CLI exports (`egress inventory --heroku-json`): the first byte picks
//! the export, the rest is the file.

use super::pick;
use crate::inventory::{heroku_json, Inventory};

/// An export read into inventory entries: what it gives renders to a contract that reads back
/// the same, and no value of a config var reaches the contract or an error message.
pub fn heroku_exports(data: &[u8]) {
    let names: Vec<&'static str> = heroku_json::EXPORTS.iter().map(|(n, _, _)| *n).collect();
    let Some((name, body)) = pick(data, &names) else {
        return;
    };
    let (_, source, read) = heroku_json::EXPORTS
        .iter()
        .find(|(n, _, _)| *n == name)
        .expect("a listed export");
    let result = read(&body, source);
    let values = config_values(name, &body);
    match result {
        Ok(inv) => {
            let rendered = inv.render();
            let back = Inventory::parse(&rendered).expect("a rendered contract parses");
            assert_eq!(back.render(), rendered, "render is not stable");
            for v in &values {
                assert!(
                    !rendered.contains(v.as_str()),
                    "a config value reached the contract"
                );
            }
        }
        Err(e) => {
            for v in &values {
                assert!(!e.contains(v.as_str()), "a config value reached an error");
            }
        }
    }
}

/// The values of a config export that could not be mistaken for anything else the contract
/// or a message holds (long, and not a name or a word egress writes).
fn config_values(name: &str, body: &str) -> Vec<String> {
    if name != "config.json" {
        return Vec::new();
    }
    let Ok(serde_json::Value::Object(vars)) = serde_json::from_str(body) else {
        // Values of a file that does not parse are not known; the message quotes none anyway
        // (it names a line and column), which the unit tests check.
        return Vec::new();
    };
    let keys: Vec<&String> = vars.keys().collect();
    vars.values()
        .filter_map(|v| v.as_str())
        .filter(|v| v.len() >= 12 && !keys.iter().any(|k| k.contains(*v)))
        .filter(|v| !"heroku config --json postgres-url redis-url".contains(*v))
        .map(|v| v.to_string())
        .collect()
}
