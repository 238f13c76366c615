//! `app.json`, Heroku's app manifest (also read by Dokku and review apps): it makes its folder
//! an app root and declares the app's config vars (`env`), process types (`formation`), add-ons
//! (`addons`, also per environment), buildpacks, Dokku's `cron` tasks and pre-deploy step, and
//! the scripts Heroku runs at steps of an app's life (`scripts`). `scripts.postdeploy` runs
//! once after an app is created, not on every deploy, so it is not a pre-deploy step.

use super::super::connections::is_secret_key;
use super::super::parsed::Parsed;
use super::super::{cron, AppMarker, CronJob, CronOrigin, Cx};
use crate::facts::{
    AddOn, BuildHook, BuildStep, Buildpack, EnvDecl, EnvValue, Origin, PreDeploy, Service,
    ServiceKind,
};
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
    add_ons(cx, root, None);
    scripts(cx, root, None);
    for (env, body) in root.get("environments").map_or(&[][..], |e| e.entries()) {
        let env = env.as_str().map(str::to_string);
        add_ons(cx, body, env.clone());
        scripts(cx, body, env);
    }
    for bp in root.get("buildpacks").map_or(&[][..], |b| b.items()) {
        let url = bp.get("url").or(Some(bp)).filter(|u| u.as_str().is_some());
        if let Some(url) = url {
            cx.facts.buildpacks.push(Buildpack {
                at: cx.loc(url.span),
                url: url.as_str().unwrap_or("").to_string(),
                origin: Origin::AppJson,
            });
        }
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

/// `"heroku-redis:mini"` or `{"plan": "heroku-postgresql:standard-0", "as": "DATABASE"}`.
fn add_ons(cx: &mut Cx, body: &json::Node, environment: Option<String>) {
    for addon in body.get("addons").map_or(&[][..], |a| a.items()) {
        let plan = addon.get("plan").unwrap_or(addon);
        let Some(text) = plan.as_str() else { continue };
        let (service, tier) = match text.split_once(':') {
            Some((s, t)) => (s, Some(t.to_string())),
            None => (text, None),
        };
        if service.trim().is_empty() {
            continue;
        }
        cx.facts.add_ons.push(AddOn {
            at: cx.loc(plan.span),
            service: service.trim().to_string(),
            plan: tier,
            attachment: addon.get("as").and_then(|a| a.as_str()).map(str::to_string),
            environment: environment.clone(),
            origin: Origin::AppJson,
        });
    }
}

/// The scripts Heroku runs at steps of an app's life: `postdeploy` (once, after the app is
/// created), `pr-predestroy` (before a review app is destroyed), Heroku CI's `test-setup` and
/// `test`. Dokku's own `scripts.dokku` are read apart.
fn scripts(cx: &mut Cx, body: &json::Node, environment: Option<String>) {
    for (name, cmd) in body.get("scripts").map_or(&[][..], |s| s.entries()) {
        let (Some(name_text), Some(command)) = (name.as_str(), cmd.as_str()) else {
            continue;
        };
        let step = match name_text {
            "postdeploy" => BuildStep::AfterCreate,
            "pr-predestroy" => BuildStep::BeforeDestroy,
            "test-setup" | "test" => BuildStep::Test,
            _ => continue,
        };
        cx.facts.build_hooks.push(BuildHook {
            at: cx.loc(name.span),
            name: name_text.to_string(),
            command: command.to_string(),
            step,
            environment: environment.clone(),
            origin: Origin::AppJson,
        });
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
    use crate::facts::{BuildStep, EnvValue, ServiceKind};

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
        let hooks: Vec<_> = f
            .build_hooks
            .iter()
            .map(|h| (h.name.as_str(), h.step))
            .collect();
        assert_eq!(hooks, [("postdeploy", BuildStep::AfterCreate)]);
    }

    #[test]
    fn addons_buildpacks_and_environments() {
        let text = r#"{
          "addons": ["heroku-redis:mini", {"plan": "heroku-postgresql:essential-0", "as": "DATABASE"}, "scheduler", {"options": {}}],
          "buildpacks": [{"url": "heroku/python"}, {"url": "https://github.com/heroku/heroku-buildpack-apt"}],
          "environments": {"review": {"addons": ["scheduler:standard"], "scripts": {"postdeploy": "bin/seed", "pr-predestroy": "bin/teardown"}},
                           "test": {"scripts": {"test": "pytest"}}}
        }"#;
        let f = facts("app.json", text);
        let addons: Vec<_> = f
            .add_ons
            .iter()
            .map(|a| {
                (
                    a.service.as_str(),
                    a.plan.as_deref(),
                    a.attachment.as_deref(),
                    a.environment.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            addons,
            [
                ("heroku-redis", Some("mini"), None, None),
                (
                    "heroku-postgresql",
                    Some("essential-0"),
                    Some("DATABASE"),
                    None
                ),
                ("scheduler", None, None, None),
                ("scheduler", Some("standard"), None, Some("review")),
            ]
        );
        assert!(f.add_ons[2].is_heroku_scheduler());
        assert_eq!(
            &text[f.add_ons[2].at.span.start..f.add_ons[2].at.span.end],
            "\"scheduler\""
        );
        let bps: Vec<_> = f.buildpacks.iter().map(|b| b.url.as_str()).collect();
        assert_eq!(
            bps,
            [
                "heroku/python",
                "https://github.com/heroku/heroku-buildpack-apt"
            ]
        );
        let hooks: Vec<_> = f
            .build_hooks
            .iter()
            .map(|h| (h.name.as_str(), h.step, h.environment.as_deref()))
            .collect();
        assert_eq!(
            hooks,
            [
                ("postdeploy", BuildStep::AfterCreate, Some("review")),
                ("pr-predestroy", BuildStep::BeforeDestroy, Some("review")),
                ("test", BuildStep::Test, Some("test")),
            ]
        );
    }
}
