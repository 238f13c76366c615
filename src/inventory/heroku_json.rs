//! Exports the user made with the Heroku CLI, read into inventory entries. The files, in one
//! folder, named as the README tells the user to save them:
//!
//! | file | command | shape |
//! |---|---|---|
//! | `ps.json` | `heroku ps --json` | a list of dynos: `type`, `command`, `size`, ... |
//! | `addons.json` | `heroku addons --json` | a list of add-ons: `addon_service.name`, `plan.name` (`service:plan`), `name`, `config_vars` |
//! | `config.json` | `heroku config --json` | an object of config var names to values |
//! | `apps-info.json` or `info.json` | `heroku apps:info --json` | `app` (`name`, `stack.name`, `region.name`), `addons`, `dynos` |
//! | `scheduler.json` | the Scheduler's job list, saved by hand | a list of `{command, schedule or frequency or every, dyno_size}` |
//! | `extensions.csv` | `heroku pg:psql -c "select extname, extversion, nspname ..." -- --csv` | a header row, then one extension a row |
//!
//! Config var values are read for their shape and whether they hold a credential, and never
//! kept. Error messages never quote a value: a JSON error names its line and column only.

use std::path::Path;

use serde_json::Value;

use super::values;
use super::{Addon, Dyno, EnvVar, Extension, Inventory, SchedulerJob};

/// The exports a folder may hold: file name, the source their entries carry, the reader.
type Reader = fn(&str, &str) -> Result<Inventory, String>;
pub const EXPORTS: &[(&str, &str, Reader)] = &[
    ("ps.json", "heroku ps --json", ps),
    ("addons.json", "heroku addons --json", addons),
    ("config.json", "heroku config --json", config),
    ("apps-info.json", "heroku apps:info --json", apps_info),
    ("info.json", "heroku apps:info --json", apps_info),
    (
        "scheduler.json",
        "heroku scheduler (scheduler.json)",
        scheduler,
    ),
    (
        "extensions.csv",
        "heroku pg:psql (extensions.csv)",
        extensions,
    ),
];

/// Exports are a few kilobytes; a config of a large app is well under this.
const MAX_EXPORT: u64 = 16 << 20;

/// What a folder of exports gave: the merged entries, the files read, and one message per
/// file that could not be used.
#[derive(Debug, Default)]
pub struct Loaded {
    pub inventory: Inventory,
    pub read: Vec<String>,
    /// The sources of the exports read (`heroku ps --json`): what they said before is replaced.
    pub sources: Vec<&'static str>,
    pub errors: Vec<String>,
}

/// Read every export in `dir`. Err when the folder cannot be read or holds none.
pub fn load(dir: &Path) -> Result<Loaded, String> {
    if !dir.is_dir() {
        return Err(format!(
            "{}: not a folder (--heroku-json takes the folder the exports were saved in)",
            dir.display()
        ));
    }
    let mut out = Loaded::default();
    for (name, source, read) in EXPORTS {
        let path = dir.join(name);
        if !path.exists() {
            continue;
        }
        let text = match crate::discover::open::read_text(&path, MAX_EXPORT) {
            Ok(t) => t,
            Err(e) => {
                out.errors.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        match read(&text, source) {
            Ok(inv) => {
                out.inventory.merge(inv);
                out.read.push(path.display().to_string());
                out.sources.push(source);
            }
            Err(e) => out.errors.push(format!("{}: {e}", path.display())),
        }
    }
    if out.read.is_empty() && out.errors.is_empty() {
        let names: Vec<&str> = EXPORTS.iter().map(|(n, _, _)| *n).collect();
        return Err(format!(
            "{}: no Heroku export found (looked for {})",
            dir.display(),
            names.join(", ")
        ));
    }
    Ok(out)
}

/// JSON text to a value, with an error that quotes nothing of the text.
fn json(text: &str) -> Result<Value, String> {
    serde_json::from_str(text)
        .map_err(|e| format!("not valid JSON (line {}, column {})", e.line(), e.column()))
}

fn list<'a>(v: &'a Value, what: &str) -> Result<&'a Vec<Value>, String> {
    v.as_array()
        .ok_or_else(|| format!("must be a JSON list of {what}"))
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(v, |v, k| v.get(k))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A number or a string as text (Scheduler frequencies are either).
fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `heroku ps --json`: one entry per running dyno; a process type's quantity is how many run.
/// One-off dynos (`run`, `scheduler`) are not process types.
pub fn ps(text: &str, source: &str) -> Result<Inventory, String> {
    dynos(list(&json(text)?, "dynos")?, source)
}

fn dynos(items: &[Value], source: &str) -> Result<Inventory, String> {
    let mut inv = Inventory::default();
    for d in items {
        let Some(kind) = str_at(d, &["type"]) else {
            continue;
        };
        if matches!(kind, "run" | "scheduler") {
            continue;
        }
        let size = str_at(d, &["size"]).map(str::to_ascii_lowercase);
        match inv.dynos.iter_mut().find(|x| x.kind == kind) {
            Some(x) => x.quantity = x.quantity.map(|q| q + 1),
            None => inv.dynos.push(Dyno {
                kind: kind.to_string(),
                command: str_at(d, &["command"]).map(values::masked),
                quantity: Some(1),
                size,
                sources: vec![source.to_string()],
                ..Dyno::default()
            }),
        }
    }
    Ok(inv)
}

/// `heroku addons --json`: the add-on's service, plan and the config vars it sets.
pub fn addons(text: &str, source: &str) -> Result<Inventory, String> {
    addon_list(list(&json(text)?, "add-ons")?, source)
}

fn addon_list(items: &[Value], source: &str) -> Result<Inventory, String> {
    let mut inv = Inventory::default();
    for a in items {
        let plan = str_at(a, &["plan", "name"]).or_else(|| str_at(a, &["plan"]));
        let service = str_at(a, &["addon_service", "name"])
            .or_else(|| plan.and_then(|p| p.split(':').next()))
            .or_else(|| str_at(a, &["service"]));
        let Some(service) = service else { continue };
        let plan = plan.map(|p| {
            p.strip_prefix(&format!("{service}:"))
                .unwrap_or(p)
                .to_string()
        });
        let attachments = a
            .get("config_vars")
            .and_then(Value::as_array)
            .map(|v| {
                v.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        inv.addons.push(Addon {
            service: service.to_string(),
            name: str_at(a, &["name"]).map(str::to_string),
            plan,
            attachments,
            sources: vec![source.to_string()],
            ..Addon::default()
        });
    }
    Ok(inv)
}

/// `heroku config --json`: names, with the shape of each value and whether it is secret.
pub fn config(text: &str, source: &str) -> Result<Inventory, String> {
    let v = json(text)?;
    let vars = v
        .as_object()
        .ok_or("must be a JSON object of config var names and values")?;
    let mut inv = Inventory::default();
    for (name, value) in vars {
        let value = match value {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        inv.env_vars.push(EnvVar {
            name: name.clone(),
            secret: values::is_secret(name, &value),
            shape: Some(values::shape(&value).to_string()),
            sources: vec![source.to_string()],
            ..EnvVar::default()
        });
    }
    Ok(inv)
}

/// `heroku apps:info --json`: the app's name, stack and region, and its add-ons and dynos.
pub fn apps_info(text: &str, source: &str) -> Result<Inventory, String> {
    let v = json(text)?;
    let app = v
        .get("app")
        .filter(|a| a.is_object())
        .ok_or("has no `app` object (is it `heroku apps:info --json` output?)")?;
    let mut inv = Inventory {
        app: str_at(app, &["name"]).map(str::to_string),
        stack: str_at(app, &["stack", "name"])
            .or_else(|| str_at(app, &["build_stack", "name"]))
            .map(str::to_string),
        region: str_at(app, &["region", "name"]).map(str::to_string),
        ..Inventory::default()
    };
    if let Some(items) = v.get("addons").and_then(Value::as_array) {
        inv.merge(addon_list(items, source)?);
    }
    if let Some(items) = v.get("dynos").and_then(Value::as_array) {
        inv.merge(dynos(items, source)?);
    }
    Ok(inv)
}

/// The Scheduler's jobs: `command`, and `schedule` (cron), `frequency` or `every`.
pub fn scheduler(text: &str, source: &str) -> Result<Inventory, String> {
    let v = json(text)?;
    let items = v
        .get("jobs")
        .and_then(Value::as_array)
        .map_or_else(|| list(&v, "Scheduler jobs"), Ok)?;
    let mut inv = Inventory::default();
    for (i, j) in items.iter().enumerate() {
        let command = str_at(j, &["command"]).ok_or(format!("job {} has no `command`", i + 1))?;
        let frequency = text_of(j.get("frequency")).or_else(|| text_of(j.get("every")));
        inv.scheduled_jobs.push(SchedulerJob {
            command: values::masked(command),
            schedule: text_of(j.get("schedule")),
            frequency,
            dyno_size: str_at(j, &["dyno_size"]).map(str::to_ascii_lowercase),
            source: Some("heroku-scheduler".into()),
            sources: vec![source.to_string()],
            ..SchedulerJob::default()
        });
    }
    Ok(inv)
}

/// `psql --csv` of `pg_extension` (joined to `pg_namespace`): `extname`, `extversion`,
/// `nspname` (or `name`, `version`, `schema`).
pub fn extensions(text: &str, source: &str) -> Result<Inventory, String> {
    let mut rows = text.lines().filter(|l| !l.trim().is_empty()).map(csv_row);
    let header = rows.next().ok_or("is empty (expected a header row)")?;
    let col = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.contains(&h.trim().to_ascii_lowercase().as_str()))
    };
    let name = col(&["extname", "name"]).ok_or("has no `extname` column")?;
    let version = col(&["extversion", "version"]);
    let schema = col(&["nspname", "schema"]);
    let mut inv = Inventory::default();
    for row in rows {
        let cell = |i: Option<usize>| {
            i.and_then(|i| row.get(i))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let Some(n) = cell(Some(name)) else { continue };
        // psql's footer (`(4 rows)`) is not an extension.
        if n.starts_with('(') {
            continue;
        }
        inv.extensions.push(Extension {
            name: n.to_ascii_lowercase(),
            version: cell(version),
            schema: cell(schema),
            sources: vec![source.to_string()],
            ..Extension::default()
        });
    }
    Ok(inv)
}

/// One CSV row: commas, double quotes around a field, `""` for a quote inside one.
fn csv_row(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                if let Some(f) = out.last_mut() {
                    f.push('"');
                }
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => {
                if let Some(f) = out.last_mut() {
                    f.push(c);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ps_counts_dynos_per_type_and_skips_one_off_dynos() {
        let inv = ps(
            r#"[{"type": "web", "command": "puma", "size": "Standard-1X", "name": "web.1"},
                {"type": "web", "command": "puma", "size": "Standard-1X", "name": "web.2"},
                {"type": "run", "command": "bash", "name": "run.1234"},
                {"type": "worker", "command": "sidekiq", "size": "Standard-2X"}]"#,
            "heroku ps --json",
        )
        .unwrap();
        let got: Vec<_> = inv
            .dynos
            .iter()
            .map(|d| (d.kind.as_str(), d.quantity, d.size.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("web", Some(2), Some("standard-1x")),
                ("worker", Some(1), Some("standard-2x"))
            ]
        );
    }

    #[test]
    fn addons_take_service_plan_and_config_vars() {
        let inv = addons(
            r#"[{"name": "postgresql-curved-12345", "addon_service": {"name": "heroku-postgresql"},
                 "plan": {"name": "heroku-postgresql:standard-0"}, "config_vars": ["DATABASE_URL"]},
                {"plan": {"name": "scheduler:standard"}}]"#,
            "s",
        )
        .unwrap();
        assert_eq!(inv.addons[0].plan.as_deref(), Some("standard-0"));
        assert_eq!(inv.addons[0].attachments, ["DATABASE_URL"]);
        assert_eq!(inv.addons[1].service, "scheduler");
        assert_eq!(inv.addons[1].plan.as_deref(), Some("standard"));
    }

    #[test]
    fn config_keeps_names_and_shapes_never_values() {
        let inv = config(
            r#"{"DATABASE_URL": "postgres://u:s3cr3tCANARY@h:5432/d", "WEB_CONCURRENCY": 3, "FEATURE_X": "true"}"#,
            "heroku config --json",
        )
        .unwrap();
        let text = inv.render();
        assert!(!text.contains("s3cr3tCANARY"), "{text}");
        let got: Vec<_> = inv
            .env_vars
            .iter()
            .map(|v| (v.name.as_str(), v.secret, v.shape.as_deref().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                ("DATABASE_URL", true, "postgres-url"),
                ("FEATURE_X", false, "bool"),
                ("WEB_CONCURRENCY", false, "number")
            ]
        );
    }

    #[test]
    fn errors_never_quote_the_export() {
        let e = config(r#"{"DATABASE_URL": "postgres://u:s3cr3tCANARY@h/d" "#, "s").unwrap_err();
        assert!(!e.contains("CANARY") && e.contains("line 1"), "{e}");
        let e = config(r#"["postgres://u:s3cr3tCANARY@h/d"]"#, "s").unwrap_err();
        assert!(!e.contains("CANARY"), "{e}");
    }

    #[test]
    fn extensions_from_psql_csv() {
        let inv = extensions(
            "extname,extversion,nspname\nplpgsql,1.0,pg_catalog\n\"citext\",1.6,heroku_ext\n(2 rows)\n",
            "s",
        )
        .unwrap();
        let got: Vec<_> = inv
            .extensions
            .iter()
            .map(|e| (e.name.as_str(), e.schema.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("plpgsql", Some("pg_catalog")),
                ("citext", Some("heroku_ext"))
            ]
        );
        assert!(extensions("", "s").is_err());
    }

    #[test]
    fn scheduler_jobs_in_any_documented_form() {
        let inv = scheduler(
            r#"[{"command": "rake a", "frequency": 10}, {"command": "rake b", "every": "daily", "dyno_size": "Standard-1X"}, {"command": "rake c", "schedule": "0 3 * * *"}]"#,
            "s",
        )
        .unwrap();
        let got: Vec<_> = inv
            .scheduled_jobs
            .iter()
            .map(|j| (j.frequency.as_deref(), j.schedule.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("10"), None),
                (Some("daily"), None),
                (None, Some("0 3 * * *"))
            ]
        );
        assert!(scheduler(r#"[{"every": "daily"}]"#, "s").is_err());
    }
}
