//! `egress inventory`: the platform contract as a file a team reviews and commits,
//! `migration-contract.json`. Built from the engine's facts (`build`), completed with what the
//! user exported with the Heroku CLI (`heroku_json`) and what the committed file alone knows
//! (`merge`), compared with the committed file for `--check` (`diff`).
//!
//! The file keeps the seed's top-level keys (`dynos`, `addons`, `envVars`, `scheduledJobs`,
//! `extensions`) with the meaning `egress check` gives them (what the app has on Heroku;
//! `scheduledJobs` are Heroku Scheduler jobs, which ran in UTC), and adds what the repository
//! says beyond them under their own keys: `schedules` (the repository's own cron jobs, in the
//! zone they run in), `runtimes`, `health`, `release`. Values of config vars are never kept:
//! an `envVars` entry has the name, whether it looks like a credential, and the value's shape.
//!
//! Every entry lists where it came from: `path:line` for a file of the repository (relative to
//! the inventoried folder), `heroku <command>` for an export. Entries that only an export (or
//! the team, by hand) put in the file are carried over when the file is rebuilt without the
//! exports ([`Inventory::carried`]): the repository cannot know them, and a rebuild must not
//! lose them.

pub mod build;
pub mod diff;
pub mod heroku_json;
mod merge;
pub mod values;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The file name `egress check` reads as the contract.
pub const FILE_NAME: &str = "migration-contract.json";

/// The start of every source that is an export rather than a file of the repository.
pub const EXPORT_PREFIX: &str = "heroku ";

/// The source of entries a committed contract had with no source: written by hand, or by a
/// tool before egress. A rebuild keeps them.
pub const COMMITTED: &str = "committed contract";

/// Whether a source names an export (`heroku config --json`), not a repository file.
pub fn is_export(source: &str) -> bool {
    source.starts_with(EXPORT_PREFIX)
}

/// Whether a source is a file of the repository (`path:line`, what a rebuild finds again).
pub fn is_repo_source(source: &str) -> bool {
    !is_export(source)
        && source.rsplit_once(':').is_some_and(|(p, line)| {
            !p.is_empty() && !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit())
        })
}

/// The contract. Lists are kept sorted by their key ([`Inventory::normalise`]).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Inventory {
    pub addons: Vec<Addon>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
    pub dynos: Vec<Dyno>,
    pub env_vars: Vec<EnvVar>,
    pub extensions: Vec<Extension>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub health: Vec<Health>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub release: Vec<Release>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub runtimes: Vec<RuntimeEntry>,
    pub scheduled_jobs: Vec<SchedulerJob>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<Schedule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<String>,
    /// Keys the team or another tool added: kept as they are.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// A process type (`web`, `worker`, `release`).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dyno {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// An add-on: its service, plan, and the config vars it sets (`attachments`).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Addon {
    pub service: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    pub attachments: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// A config var by name: never its value.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "EnvVarIn", rename_all = "camelCase")]
pub struct EnvVar {
    pub name: String,
    /// The name or the value looks like a credential.
    pub secret: bool,
    /// What the value looks like (`postgres-url`, `redis-url`, `url`, `number`, `bool`,
    /// `string`), when a value was seen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape: Option<String>,
    /// Where the Heroku side declares it: app.json, an env file, an export. Empty when only
    /// code reads it or only the target's configs set it: then `egress check` does not take
    /// it for a config var the app has on Heroku.
    pub sources: Vec<String>,
    /// Code that reads it (one place per file).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub read_at: Vec<String>,
    /// The target's configs that set it (render.yaml, fly.toml, a Kubernetes manifest, a
    /// compose file, a Dockerfile `ENV`), one place per file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub target_at: Vec<String>,
}

/// `envVars` entries as written: a name (the seed's and older files' form) or an entry.
#[derive(Deserialize)]
#[serde(untagged)]
enum EnvVarIn {
    Name(String),
    Entry {
        name: String,
        #[serde(default)]
        secret: bool,
        #[serde(default)]
        shape: Option<String>,
        #[serde(default)]
        sources: Vec<String>,
        #[serde(default, rename = "readAt")]
        read_at: Vec<String>,
        #[serde(default, rename = "targetAt")]
        target_at: Vec<String>,
    },
}

impl From<EnvVarIn> for EnvVar {
    fn from(v: EnvVarIn) -> EnvVar {
        match v {
            EnvVarIn::Name(name) => EnvVar {
                secret: crate::extract::is_secret_key(&name),
                name,
                ..EnvVar::default()
            },
            EnvVarIn::Entry {
                name,
                secret,
                shape,
                sources,
                read_at,
                target_at,
            } => EnvVar {
                name,
                secret,
                shape,
                sources,
                read_at,
                target_at,
            },
        }
    }
}

/// A Heroku Scheduler job (it ran in UTC).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SchedulerJob {
    pub command: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dyno_size: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// A job the repository schedules (crontab, whenever, sidekiq-cron, node-cron, a Kubernetes
/// CronJob, ...), with the zone it runs in.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Schedule {
    /// What schedules it (`crontab entry`, `Kubernetes CronJob`).
    pub kind: String,
    pub schedule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// The zone it runs in: the one it names, else the scheduler's default (`UTC`; `rails`:
    /// Rails' `config.time_zone`, which Fugit schedulers follow in a Rails app; `host`:
    /// whatever the host or process uses; `undocumented`).
    pub zone: String,
    pub sources: Vec<String>,
}

/// An extension of the database: from the schema files, or installed (the `pg_extension`
/// export).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Extension {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// A runtime version a file pins.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuntimeEntry {
    pub runtime: String,
    pub version: String,
    pub sources: Vec<String>,
}

/// A health check: a path a platform probes or a command a container runtime runs.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Health {
    pub probe: String,
    pub sources: Vec<String>,
}

/// A command that runs before a release goes live.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Release {
    pub command: String,
    pub sources: Vec<String>,
}

impl Inventory {
    /// Sort every list by its key and every entry's sources, so the file is the same whatever
    /// the order facts and exports came in.
    pub fn normalise(&mut self) {
        self.dynos.sort_by(|a, b| a.kind.cmp(&b.kind));
        self.addons.sort_by_key(diff::addon_key);
        self.env_vars.sort_by(|a, b| a.name.cmp(&b.name));
        self.extensions.sort_by(|a, b| a.name.cmp(&b.name));
        self.scheduled_jobs.sort_by_key(diff::job_key);
        self.schedules.sort_by_key(diff::schedule_key);
        self.runtimes
            .sort_by(|a, b| (&a.runtime, &a.version).cmp(&(&b.runtime, &b.version)));
        self.health.sort_by(|a, b| a.probe.cmp(&b.probe));
        self.release.sort_by(|a, b| a.command.cmp(&b.command));
        let sort = |s: &mut Vec<String>| {
            s.sort_by_key(|a| source_order(a));
            s.dedup();
        };
        self.dynos.iter_mut().for_each(|d| sort(&mut d.sources));
        self.addons.iter_mut().for_each(|a| {
            sort(&mut a.sources);
            a.attachments.sort();
            a.attachments.dedup();
        });
        self.env_vars.iter_mut().for_each(|v| {
            sort(&mut v.sources);
            sort(&mut v.read_at);
            sort(&mut v.target_at);
        });
        self.extensions
            .iter_mut()
            .for_each(|e| sort(&mut e.sources));
        self.scheduled_jobs
            .iter_mut()
            .for_each(|j| sort(&mut j.sources));
        self.schedules.iter_mut().for_each(|j| sort(&mut j.sources));
        self.runtimes.iter_mut().for_each(|r| sort(&mut r.sources));
        self.health.iter_mut().for_each(|h| sort(&mut h.sources));
        self.release.iter_mut().for_each(|r| sort(&mut r.sources));
    }

    /// The file's text: keys sorted, two-space indent, a trailing newline.
    pub fn render(&self) -> String {
        let mut me = self.clone();
        me.normalise();
        // serde_json's maps are sorted: going through a `Value` sorts every object's keys.
        let value = serde_json::to_value(&me).unwrap_or(Value::Null);
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Read a contract file (the seed's form, an older egress's, or this one's).
    pub fn parse(text: &str) -> Result<Inventory, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}
/// Sources in reading order: files by path and line (`Procfile:10` after `Procfile:9`), then
/// exports.
fn source_order(s: &str) -> (bool, String, u64) {
    match s.rsplit_once(':') {
        Some((path, line)) if line.chars().all(|c| c.is_ascii_digit()) && !line.is_empty() => {
            (is_export(s), path.to_string(), line.parse().unwrap_or(0))
        }
        _ => (is_export(s), s.to_string(), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_vars_read_as_names_or_entries() {
        let inv = Inventory::parse(
            r#"{"envVars": ["SECRET_KEY_BASE", {"name": "PORT", "shape": "number", "sources": ["heroku config --json"]}], "pipeline": "x"}"#,
        )
        .unwrap();
        assert_eq!(inv.env_vars[0].name, "SECRET_KEY_BASE");
        assert!(inv.env_vars[0].secret);
        assert_eq!(inv.env_vars[1].shape.as_deref(), Some("number"));
        assert_eq!(inv.extra["pipeline"], "x");
    }

    #[test]
    fn render_is_sorted_and_ends_in_a_newline() {
        let mut inv = Inventory::default();
        for name in ["worker", "web"] {
            inv.dynos.push(Dyno {
                kind: name.into(),
                sources: vec!["Procfile:10".into(), "Procfile:9".into()],
                ..Dyno::default()
            });
        }
        let text = inv.render();
        assert!(text.ends_with("}\n"));
        assert!(text.find("\"web\"").unwrap() < text.find("\"worker\"").unwrap());
        assert!(text.find("Procfile:9").unwrap() < text.find("Procfile:10").unwrap());
        assert!(text.find("\"addons\"").unwrap() < text.find("\"dynos\"").unwrap());
        assert_eq!(Inventory::parse(&text).unwrap().render(), text);
    }

    #[test]
    fn carried_keeps_exports_and_hand_written_entries_only() {
        let inv = Inventory::parse(
            r#"{"dynos": [{"type": "web", "sources": ["Procfile:1", "heroku ps --json"], "quantity": 2},
                          {"type": "worker", "sources": ["Procfile:2"]},
                          {"type": "clock"}],
                "envVars": [{"name": "A", "sources": ["app.json:3"]}, {"name": "B", "sources": [], "readAt": ["x.rb:1"]},
                            {"name": "C", "shape": "url", "sources": ["heroku config --json"]}]}"#,
        )
        .unwrap()
        .carried(&[]);
        let dynos: Vec<_> = inv
            .dynos
            .iter()
            .map(|d| (d.kind.as_str(), d.sources.clone()))
            .collect();
        assert_eq!(
            dynos,
            [
                ("web", vec!["heroku ps --json".to_string()]),
                ("clock", vec![COMMITTED.to_string()])
            ]
        );
        let names: Vec<_> = inv.env_vars.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["C"]);
        assert_eq!(inv.env_vars[0].shape.as_deref(), Some("url"));
    }
}
