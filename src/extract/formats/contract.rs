//! `migration-contract.json`: what the app had on Heroku: its dynos (services), config vars
//! (which add-ons provided, which the team set), Scheduler jobs (they ran in UTC there) and
//! extensions; and, against its schema, what in it egress cannot use.

use super::super::connections::is_secret_key;
use super::super::parsed::Parsed;
use super::super::{cron, CronJob, CronOrigin, Cx, ExtOrigin, ExtensionEnabled};
use crate::facts::{EnvDecl, EnvValue, Origin};
use crate::parse::Tree;

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    // The contract records what ran on Heroku (a dyno's command, a seed script's config
    // values): the app makes no connection from here, and the commands' URLs are judged where
    // the app runs them (the Procfile). Literal secrets in it are still found.
    cx.facts.connections.clear();
    cx.facts.appended_queries.clear();
    let Parsed::Json(root) = parsed else { return };
    let errors = crate::shape::validate(
        cx.file,
        cx.text,
        root,
        &crate::shape::CONTRACT,
        "the contract",
    );
    cx.facts.document_errors.extend(errors);
    for dyno in root.get("dynos").map(|d| d.items()).unwrap_or_default() {
        if let (Some(name), Some(cmd)) = (
            dyno.get("type").and_then(|n| n.as_str()),
            dyno.get("command"),
        ) {
            let command = cmd.as_str().unwrap_or("");
            super::process_type(cx, cmd.span, name, command, Origin::MigrationContract);
        }
    }
    let attached: Vec<&str> = root
        .get("addons")
        .map(|a| a.items())
        .unwrap_or_default()
        .iter()
        .flat_map(|a| a.get("attachments").map(|t| t.items()).unwrap_or_default())
        .filter_map(|t| t.as_str())
        .collect();
    for ext in root
        .get("extensions")
        .map(|e| e.items())
        .unwrap_or_default()
    {
        if let Some(name) = ext.get("name").filter(|n| n.as_str().is_some()) {
            cx.facts.extensions_enabled.push(ExtensionEnabled {
                at: cx.loc(name.span),
                name: name.as_str().unwrap_or("").to_ascii_lowercase(),
                origin: ExtOrigin::Contract,
            });
        }
    }
    for entry in root.get("envVars").map(|v| v.items()).unwrap_or_default() {
        let var = entry;
        // A name (the seed's form), or an entry of `egress inventory`: one with an empty
        // `sources` (only code reads it, or only the target sets it) is not a config var the
        // app has on Heroku.
        let (var, name) = match var.as_str() {
            Some(name) => (var, name),
            None => {
                let Some(name) = var.get("name").filter(|n| n.as_str().is_some()) else {
                    continue;
                };
                if var.get("sources").is_some_and(|s| s.items().is_empty()) {
                    continue;
                }
                (name, name.as_str().unwrap_or(""))
            }
        };
        let value = if attached.contains(&name) {
            EnvValue::PlatformProvided
        } else {
            EnvValue::SecretStore
        };
        let marked = entry
            .get("secret")
            .is_some_and(|s| s.value == crate::parse::json::Value::Bool(true));
        cx.facts.env_decls.push(EnvDecl {
            at: cx.loc(var.span),
            name: name.to_string(),
            value,
            secret: marked || is_secret_key(name),
            origin: Origin::MigrationContract,
        });
    }
    for job in root
        .get("scheduledJobs")
        .map(|d| d.items())
        .unwrap_or_default()
    {
        let schedule = job.get("schedule").or_else(|| job.get("frequency"));
        let at = schedule.map_or(job.span, |s| s.span);
        let timezone = job
            .path(&["target", "timezone"])
            .and_then(|t| t.as_str())
            .filter(|t| !t.trim().is_empty())
            .map(str::to_string);
        let name = job
            .get("command")
            .and_then(|c| c.as_str())
            .map(str::to_string);
        let schedule = schedule.and_then(|s| s.as_str()).unwrap_or("").to_string();
        cx.facts.cron_jobs.push(CronJob {
            at: cx.loc(at),
            zone_sensitive: cron::zone_sensitive(&schedule),
            schedule,
            timezone,
            origin: CronOrigin::HerokuScheduler,
            name,
            zone_fix: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::facts;
    use crate::facts::EnvValue;

    #[test]
    fn config_vars_from_add_ons_are_platform_provided() {
        let f = facts(
            "migration-contract.json",
            r#"{"dynos": [{"type": "web", "command": "puma"}, {"type": "release", "command": "migrate"}],
                "addons": [{"service": "heroku-postgresql", "attachments": ["DATABASE_URL"]}],
                "envVars": ["DATABASE_URL", "SECRET_KEY_BASE"]}"#,
        );
        let env: Vec<_> = f
            .env_decls
            .iter()
            .map(|d| (d.name.as_str(), d.value.clone(), d.secret))
            .collect();
        assert_eq!(
            env,
            [
                ("DATABASE_URL", EnvValue::PlatformProvided, false),
                ("SECRET_KEY_BASE", EnvValue::SecretStore, true),
            ]
        );
        assert_eq!(f.services.len(), 2);
        assert_eq!(f.pre_deploys[0].command, "migrate");
    }

    #[test]
    fn inventory_entries_declare_what_a_source_declares() {
        let f = facts(
            "migration-contract.json",
            r#"{"addons": [{"service": "heroku-redis", "attachments": ["REDIS_URL"]}],
                "envVars": [
                  {"name": "REDIS_URL", "secret": false, "shape": "redis-url", "sources": ["heroku config --json"]},
                  {"name": "SIGNING", "secret": true, "shape": "string", "sources": ["app.json:4"]},
                  {"name": "DYNO", "secret": false, "sources": [], "readAt": ["lib/x.rb:3"]},
                  {"name": "PROCESS_TYPE", "secret": false, "sources": [], "targetAt": ["render.yaml:9"]},
                  "LEGACY_NAME"
                ]}"#,
        );
        let env: Vec<_> = f
            .env_decls
            .iter()
            .map(|d| (d.name.as_str(), d.value.clone(), d.secret))
            .collect();
        assert_eq!(
            env,
            [
                ("REDIS_URL", EnvValue::PlatformProvided, false),
                ("SIGNING", EnvValue::SecretStore, true),
                ("LEGACY_NAME", EnvValue::SecretStore, false),
            ]
        );
        assert!(f.document_errors.is_empty(), "{:?}", f.document_errors);
    }
}
