//! `egress inventory --check`: what changed between the committed contract and a fresh one,
//! by entry (added, removed, changed: which fields), not as a text diff.
//!
//! Line numbers are not compared: code moving down a file does not make the contract stale,
//! a variable read in a new file, a new process type or a changed plan does.

use std::collections::HashMap;

use serde_json::Value;

use super::{Addon, Inventory, Schedule, SchedulerJob};

pub fn addon_key(a: &Addon) -> String {
    let first = a.attachments.iter().min().or(a.name.as_ref());
    format!("{} {}", a.service, first.map_or("", String::as_str))
        .trim_end()
        .to_string()
}

/// Two add-on entries describe the same add-on: same service, and a config var or the name
/// in common, or one of them says neither (app.json names no attachment).
pub fn same_addon(a: &Addon, b: &Addon) -> bool {
    let vague = |x: &Addon| x.attachments.is_empty() && x.name.is_none();
    a.service == b.service
        && (vague(a)
            || vague(b)
            || a.attachments.iter().any(|v| b.attachments.contains(v))
            || (a.name.is_some() && a.name == b.name))
}

pub fn job_key(j: &SchedulerJob) -> String {
    let when = j.schedule.as_ref().or(j.frequency.as_ref());
    format!("{} ({})", j.command, when.map_or("", String::as_str))
}

pub fn schedule_key(s: &Schedule) -> String {
    match &s.command {
        Some(c) => format!("{} `{}` {c}", s.kind, s.schedule),
        None => format!("{} `{}`", s.kind, s.schedule),
    }
}

fn parse<T: serde::de::DeserializeOwned>(v: &Value) -> Option<T> {
    serde_json::from_value(v.clone()).ok()
}

/// The key of an entry of a section, as the diff names it.
fn key_of(section: &str, v: &Value) -> String {
    let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    match section {
        "dynos" => s("type"),
        "addons" => parse::<Addon>(v).map_or_else(|| s("service"), |a| addon_key(&a)),
        "envVars" => v.as_str().map_or_else(|| s("name"), str::to_string),
        "extensions" => s("name"),
        "scheduledJobs" => parse::<SchedulerJob>(v).map_or_else(|| s("command"), |j| job_key(&j)),
        "schedules" => parse::<Schedule>(v).map_or_else(|| s("schedule"), |j| schedule_key(&j)),
        "runtimes" => format!("{} {}", s("runtime"), s("version")),
        "health" => s("probe"),
        "release" => s("command"),
        _ => v.to_string(),
    }
}

/// `path:12` → `path`; exports stay as they are.
fn file_only(source: &str) -> String {
    match source.rsplit_once(':') {
        Some((path, line))
            if !super::is_export(source)
                && !line.is_empty()
                && line.chars().all(|c| c.is_ascii_digit()) =>
        {
            path.to_string()
        }
        _ => source.to_string(),
    }
}

/// The contract as compared: normalised, sources by file.
fn comparable(inv: &Inventory) -> Value {
    let mut inv = inv.clone();
    let strip = |s: &mut Vec<String>| {
        *s = s.iter().map(|x| file_only(x)).collect();
    };
    inv.dynos.iter_mut().for_each(|d| strip(&mut d.sources));
    inv.addons.iter_mut().for_each(|a| strip(&mut a.sources));
    inv.env_vars.iter_mut().for_each(|v| {
        strip(&mut v.sources);
        strip(&mut v.read_at);
        strip(&mut v.target_at);
    });
    inv.extensions
        .iter_mut()
        .for_each(|e| strip(&mut e.sources));
    inv.scheduled_jobs
        .iter_mut()
        .for_each(|j| strip(&mut j.sources));
    inv.schedules.iter_mut().for_each(|j| strip(&mut j.sources));
    inv.runtimes.iter_mut().for_each(|r| strip(&mut r.sources));
    inv.health.iter_mut().for_each(|h| strip(&mut h.sources));
    inv.release.iter_mut().for_each(|r| strip(&mut r.sources));
    inv.normalise();
    serde_json::to_value(&inv).unwrap_or(Value::Null)
}

/// One line per change, in the contract's key order; empty when the two agree.
pub fn changes(committed: &Inventory, fresh: &Inventory) -> Vec<String> {
    let (old, new) = (comparable(committed), comparable(fresh));
    // Added entries are shown with their lines.
    let mut raw = fresh.clone();
    raw.normalise();
    let raw = serde_json::to_value(&raw).unwrap_or(Value::Null);
    let empty = serde_json::Map::new();
    let old = old.as_object().unwrap_or(&empty);
    let new = new.as_object().unwrap_or(&empty);
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for section in keys {
        let (a, b) = (old.get(section), new.get(section));
        let shown = raw
            .get(section)
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        match (a, b) {
            (Some(Value::Array(a)), Some(Value::Array(b))) => {
                list_changes(section, a, b, shown, &mut out)
            }
            (Some(Value::Array(a)), None) => list_changes(section, a, &[], shown, &mut out),
            (None, Some(Value::Array(b))) => list_changes(section, &[], b, shown, &mut out),
            _ if a != b => out.push(format!(
                "{section}: {} → {}",
                a.map_or("(none)".into(), Value::to_string),
                b.map_or("(none)".into(), Value::to_string)
            )),
            _ => {}
        }
    }
    out
}

fn list_changes(
    section: &str,
    old: &[Value],
    new: &[Value],
    shown: &[Value],
    out: &mut Vec<String>,
) {
    // Entries with the same key (two apps' app.json in one tree both add `heroku-redis`) are
    // told apart by their place among them: both sides are sorted the same way.
    let keyed = |l: &[Value]| -> Vec<(String, Value)> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        l.iter()
            .map(|v| {
                let k = key_of(section, v);
                let n = seen.entry(k.clone()).or_default();
                *n += 1;
                let k = if *n == 1 { k } else { format!("{k} #{n}") };
                (k, v.clone())
            })
            .collect()
    };
    let (old, new) = (keyed(old), keyed(new));
    // Looked up by key: a contract may list thousands of entries.
    let index = |l: &[(String, Value)]| -> HashMap<String, Value> { l.iter().cloned().collect() };
    let (old_at, new_at, shown_at) = (index(&old), index(&new), index(&keyed(shown)));
    for (k, v) in &new {
        match old_at.get(k) {
            None => {
                let v = shown_at.get(k).unwrap_or(v);
                out.push(format!("{section}: + {k}{}", where_from(v)));
            }
            Some(o) if o != v => out.push(format!("{section}: ~ {k}: {}", fields(o, v))),
            Some(_) => {}
        }
    }
    for (k, _) in &old {
        if !new_at.contains_key(k) {
            out.push(format!("{section}: - {k}"));
        }
    }
}

fn where_from(v: &Value) -> String {
    let sources: Vec<&str> = ["sources", "readAt", "targetAt"]
        .iter()
        .filter_map(|k| v.get(k).and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if sources.is_empty() {
        String::new()
    } else {
        format!(" ({})", sources.join(", "))
    }
}

/// `field old → new` for each field that differs.
fn fields(old: &Value, new: &Value) -> String {
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
        return format!("{old} → {new}");
    };
    let mut keys: Vec<&String> = o.keys().chain(n.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| o.get(*k) != n.get(*k))
        .map(|k| {
            let show = |v: Option<&Value>| v.map_or("(none)".into(), Value::to_string);
            format!("{k} {} → {}", show(o.get(k)), show(n.get(k)))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inv(text: &str) -> Inventory {
        Inventory::parse(text).unwrap()
    }

    #[test]
    fn line_numbers_do_not_count() {
        let a =
            inv(r#"{"dynos": [{"type": "web", "command": "puma", "sources": ["Procfile:1"]}]}"#);
        let b =
            inv(r#"{"dynos": [{"type": "web", "command": "puma", "sources": ["Procfile:3"]}]}"#);
        assert!(changes(&a, &b).is_empty());
    }

    #[test]
    fn entries_with_the_same_key_are_told_apart_by_place() {
        let a = inv(
            r#"{"addons": [{"service": "heroku-redis", "attachments": ["REDIS_URL"], "plan": "mini"},
                           {"service": "heroku-redis", "attachments": ["REDIS_URL"], "plan": "premium-0"}]}"#,
        );
        assert!(changes(&a, &a.clone()).is_empty());
        let mut b = a.clone();
        b.addons[1].plan = Some("premium-1".into());
        assert_eq!(
            changes(&a, &b),
            ["addons: ~ heroku-redis REDIS_URL #2: plan \"premium-0\" → \"premium-1\""]
        );
    }

    #[test]
    fn added_removed_and_changed_entries() {
        let a = inv(
            r#"{"dynos": [{"type": "web", "command": "puma"}], "envVars": ["OLD"], "app": "x"}"#,
        );
        let b = inv(
            r#"{"dynos": [{"type": "web", "command": "bin/web"}, {"type": "worker", "sources": ["Procfile:2"]}], "envVars": [], "app": "x"}"#,
        );
        assert_eq!(
            changes(&a, &b),
            [
                "dynos: ~ web: command \"puma\" → \"bin/web\"",
                "dynos: + worker (Procfile:2)",
                "envVars: - OLD",
            ]
        );
    }
}
