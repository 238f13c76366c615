//! `app.json`, Heroku's app manifest (also read by Dokku and review apps): it makes its folder
//! an app root and declares the app's config vars (`env`), process types (`formation`) and
//! Dokku's pre-deploy step. `scripts.postdeploy` runs once after an app is created, not on
//! every deploy, so it is not a pre-deploy step.

use super::super::connections::is_secret_key;
use super::super::syntax::Parsed;
use super::super::{cron, AppMarker, CronJob, CronOrigin, Cx};
use crate::facts::{EnvDecl, EnvValue, Origin, PreDeploy, Service, ServiceKind};
use crate::parse::{json, Tree};
use crate::source::Span;

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    cx.facts.app_markers.push(AppMarker {
        at: cx.loc(Span::new(0, 0)),
        what: "app.json",
    });
    let Parsed::Json(root) = parsed else { return };
    for (name, decl) in root.get("env").map_or(&[][..], |e| e.entries()) {
        let Some(name_text) = name.as_str() else {
            continue;
        };
        let secret = is_secret_key(name_text);
        let value = env_value(decl, secret);
        cx.facts.env_decls.push(EnvDecl {
            at: cx.loc(name.span),
            name: name_text.to_string(),
            value,
            secret,
            origin: Origin::AppJson,
        });
    }
    for (name, _) in root.get("formation").map_or(&[][..], |f| f.entries()) {
        let Some(name_text) = name.as_str() else {
            continue;
        };
        cx.facts.services.push(Service {
            at: cx.loc(name.span),
            name: name_text.to_string(),
            kind: ServiceKind::of_process_type(name_text),
            command: String::new(),
            root: None,
            origin: Origin::AppJson,
        });
    }
    // Dokku's `cron` tasks run in the host server's zone.
    for task in root.get("cron").map_or(&[][..], |c| c.items()) {
        let Some(schedule) = task.get("schedule") else {
            continue;
        };
        let expr = schedule.as_str().unwrap_or("").to_string();
        cx.facts.cron_jobs.push(CronJob {
            at: cx.loc(schedule.span),
            zone_sensitive: cron::zone_sensitive(&expr),
            schedule: expr,
            timezone: None,
            origin: CronOrigin::Dokku,
            name: task
                .get("command")
                .and_then(|c| c.as_str())
                .map(str::to_string),
            zone_fix: None,
        });
    }
    if let Some(cmd) = root.path(&["scripts", "dokku", "predeploy"]) {
        if let Some(command) = cmd.as_str() {
            cx.facts.pre_deploys.push(PreDeploy {
                at: cx.loc(cmd.span),
                command: command.to_string(),
                origin: Origin::AppJson,
            });
        }
    }
}

/// `"NAME": "value"`, `{"value": ...}`, `{"generator": "secret"}` or `{"required": true}`.
fn env_value(decl: &json::Node, secret: bool) -> EnvValue {
    let literal = |v: &str| {
        EnvValue::Literal(if secret {
            crate::redact::MASK.to_string()
        } else {
            v.to_string()
        })
    };
    if let Some(v) = decl.as_str() {
        return literal(v);
    }
    if decl.get("generator").and_then(|g| g.as_str()) == Some("secret") {
        return EnvValue::Generated;
    }
    match decl.get("value").and_then(|v| v.as_str()) {
        Some(v) => literal(v),
        None => EnvValue::SecretStore,
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::facts;
    use crate::facts::{EnvValue, ServiceKind};

    #[test]
    fn env_formation_and_dokku_predeploy() {
        let f = facts(
            "app.json",
            r#"{"env": {"SECRET_KEY": {"generator": "secret"}, "DEBUG": {"value": "0"},
                "API_TOKEN": "t0k3n", "SMTP_HOST": {"required": true}},
               "formation": {"web": {"quantity": 1}, "worker": {"quantity": 1}},
               "scripts": {"postdeploy": "bin/seed", "dokku": {"predeploy": "bin/migrate"}}}"#,
        );
        let env: Vec<_> = f
            .env_decls
            .iter()
            .map(|d| (d.name.as_str(), d.value.clone(), d.secret))
            .collect();
        assert_eq!(
            env,
            [
                ("SECRET_KEY", EnvValue::Generated, true),
                ("DEBUG", EnvValue::Literal("0".into()), false),
                ("API_TOKEN", EnvValue::Literal("****".into()), true),
                ("SMTP_HOST", EnvValue::SecretStore, false),
            ]
        );
        let kinds: Vec<_> = f.services.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [ServiceKind::Web, ServiceKind::Worker]);
        // postdeploy runs once after the app is created: not a pre-deploy step.
        let steps: Vec<_> = f.pre_deploys.iter().map(|p| p.command.as_str()).collect();
        assert_eq!(steps, ["bin/migrate"]);
    }
}
