//! `render.yaml`, Render's Blueprint: its `services` (type `web`, `pserv`, `worker`, `cron`),
//! each with its start command (`startCommand`, or `dockerCommand` for a Docker service), its
//! pre-deploy step (`preDeployCommand`), health check path (`healthCheckPath`), schedule (cron
//! services run in UTC), how it is built (`runtime`, the older `env`, `dockerfilePath`,
//! `image.url`) and its `envVars`; and the `envVarGroups` services share. Render reads
//! `PYTHON_VERSION` and `NODE_VERSION` among the variables as runtime pins.

use super::super::parsed::Parsed;
use super::super::pins::{image_pin, pin};
use super::super::{cron, shell, CronJob, CronOrigin, Cx, PinSource, Runtime};
use super::{declare_env, Declared};
use crate::facts::{
    BuildSpec, Builder, CommandPhase, EnvImport, HealthCheck, Origin, PreDeploy, Service,
    ServiceKind,
};
use crate::parse::{yaml, Tree};

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    let Parsed::Yaml(docs) = parsed else { return };
    let Some(root) = docs.first() else { return };
    for service in root.get("services").map_or(&[][..], |s| s.items()) {
        service_of(cx, service);
    }
    let mut defined = Vec::new();
    for group in root.get("envVarGroups").map_or(&[][..], |g| g.items()) {
        env_vars(cx, group.get("envVars"));
        defined.extend(group.get("name").and_then(|n| n.as_value_str()));
    }
    // A group this file defines declares its variables above; one defined in the dashboard
    // holds variables egress cannot list.
    cx.facts
        .env_imports
        .retain(|i| !defined.contains(&i.from.as_str()));
}

fn service_of(cx: &mut Cx, service: &yaml::Node) {
    let text = |k: &str| service.get(k).and_then(|v| v.as_value_str());
    let kind = match text("type") {
        Some("web") => ServiceKind::Web,
        Some("worker" | "pserv") => ServiceKind::Worker,
        Some("cron") => ServiceKind::Cron,
        // Key Value (Redis) instances and anything else are not processes of the app.
        _ => {
            env_vars(cx, service.get("envVars"));
            return;
        }
    };
    let name = text("name").unwrap_or("").to_string();
    let at = service
        .get("name")
        .or_else(|| service.get("type"))
        .map_or(service.span, |n| n.span);
    let start = service
        .get("startCommand")
        .or_else(|| service.get("dockerCommand"));
    cx.facts.services.push(Service {
        at: cx.loc(at),
        name: if name.is_empty() {
            "render".to_string()
        } else {
            name.clone()
        },
        kind,
        command: start
            .and_then(|s| s.as_value_str())
            .unwrap_or("")
            .to_string(),
        root: text("rootDir").map(str::to_string),
        origin: Origin::RenderYaml,
    });
    let named = (!name.is_empty()).then(|| name.clone());
    if let Some(pre) = service.get("preDeployCommand") {
        if let Some(command) = pre.as_value_str() {
            cx.facts.pre_deploys.push(PreDeploy {
                at: cx.loc(pre.span),
                command: command.to_string(),
                origin: Origin::RenderYaml,
            });
        }
    }
    if let Some(build) = service.get("buildCommand") {
        shell::from_yaml(cx, build, CommandPhase::Build, Origin::RenderYaml);
    }
    if let Some(path) = service.get("healthCheckPath") {
        if let Some(probe) = path.as_value_str() {
            cx.facts.health_checks.push(HealthCheck {
                at: cx.loc(path.span),
                service: named.clone(),
                probe: probe.to_string(),
                origin: Origin::RenderYaml,
            });
        }
    }
    if kind == ServiceKind::Cron {
        if let Some(schedule) = service.get("schedule") {
            let expr = schedule.as_value_str().unwrap_or("").to_string();
            cx.facts.cron_jobs.push(CronJob {
                at: cx.loc(schedule.span),
                zone_sensitive: cron::zone_sensitive(&expr),
                schedule: expr,
                timezone: None,
                origin: CronOrigin::Render,
                name: named.clone(),
                zone_fix: None,
            });
        }
    }
    build_of(cx, service, named);
    env_vars(cx, service.get("envVars"));
}

/// `runtime: docker` (or the older `env: docker`) builds `dockerfilePath`; `runtime: image`
/// deploys `image.url`; any other runtime is Render's native build for it.
fn build_of(cx: &mut Cx, service: &yaml::Node, name: Option<String>) {
    let Some(runtime) = service.get("runtime").or_else(|| service.get("env")) else {
        return;
    };
    let Some(r) = runtime.as_value_str() else {
        return;
    };
    let builder = match r {
        "docker" => Builder::Dockerfile(
            service
                .get("dockerfilePath")
                .and_then(|d| d.as_value_str())
                .unwrap_or("./Dockerfile")
                .to_string(),
        ),
        "image" => {
            let url = service.path(&["image", "url"]);
            let image = url.and_then(|u| u.as_value_str()).unwrap_or("");
            if let Some(u) = url {
                image_pin(cx, image, u.span);
            }
            Builder::Image(image.to_string())
        }
        other => Builder::Native(other.to_string()),
    };
    cx.facts.builds.push(BuildSpec {
        at: cx.loc(runtime.span),
        service: name,
        builder,
        origin: Origin::RenderYaml,
    });
}

/// `envVars:` entries: `{key, value}`, `{key, generateValue: true}`, `{key, sync: false}` (set
/// in the dashboard), `{key, fromDatabase: ...}` / `{key, fromService: ...}` (Render provides
/// it); `{fromGroup: name}` declares nothing itself.
fn env_vars(cx: &mut Cx, list: Option<&yaml::Node>) {
    for var in list.map_or(&[][..], |l| l.items()) {
        if let Some(group) = var.get("fromGroup") {
            if let Some(from) = group.as_value_str() {
                cx.facts.env_imports.push(EnvImport {
                    at: cx.loc(group.span),
                    from: from.to_string(),
                    origin: Origin::RenderYaml,
                });
            }
            continue;
        }
        let Some(key) = var.get("key") else { continue };
        let Some(name) = key.as_value_str() else {
            continue;
        };
        let value = if let Some(v) = var.get("value") {
            match v.as_value_str() {
                Some(s) => Declared::Literal(s, v.span),
                None => continue,
            }
        } else if var.get("generateValue").is_some() {
            Declared::Generated
        } else if var.get("fromDatabase").is_some() || var.get("fromService").is_some() {
            Declared::PlatformProvided
        } else {
            Declared::SecretStore
        };
        declare_env(cx, key.span, name, value, Origin::RenderYaml);
        if let (Declared::Literal(v, span), Some(runtime)) = (value, runtime_variable(name)) {
            pin(cx, runtime, PinSource::PlatformEnv, v, span);
        }
    }
}

/// Render reads these variables as the version to build with (render.com/docs/python-version,
/// /docs/node-version).
fn runtime_variable(name: &str) -> Option<Runtime> {
    match name {
        "PYTHON_VERSION" => Some(Runtime::Python),
        "NODE_VERSION" => Some(Runtime::Node),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, env_decls, facts, services};
    use crate::facts::{Builder, CronOrigin, EnvValue, ServiceKind};

    const RENDER: &str = r#"services:
  - type: web
    name: harbor-web
    runtime: ruby
    buildCommand: bundle install && bundle exec rails assets:precompile
    startCommand: bundle exec puma -C config/puma.rb
    preDeployCommand: bundle exec rails db:migrate
    healthCheckPath: /up
    envVars:
      - key: DATABASE_URL
        fromDatabase:
          name: harbor-db
          property: connectionString
      - key: SECRET_KEY_BASE
        generateValue: true
      - key: STRIPE_SECRET_KEY
        sync: false
      - key: TZ
        value: America/Chicago
      - key: NODE_VERSION
        value: 20.17.0
      - fromGroup: harbor-shared
  - type: cron
    name: harbor-digest
    runtime: docker
    dockerfilePath: ./Dockerfile.cron
    schedule: "0 7 * * *"
    dockerCommand: bin/rails digest:send
  - type: keyvalue
    name: harbor-cache
envVarGroups:
  - name: harbor-shared
    envVars:
      - key: MAILER_PASSWORD
        value: hunter22
"#;

    #[test]
    fn services_and_what_each_declares() {
        let f = facts("render.yaml", RENDER);
        assert_eq!(
            services(&f),
            [
                (
                    "harbor-web",
                    ServiceKind::Web,
                    "bundle exec puma -C config/puma.rb"
                ),
                ("harbor-digest", ServiceKind::Cron, "bin/rails digest:send"),
            ]
        );
        assert_eq!(f.pre_deploys[0].command, "bundle exec rails db:migrate");
        assert_eq!(f.health_checks[0].probe, "/up");
        assert_eq!(f.health_checks[0].service.as_deref(), Some("harbor-web"));
        let job = &f.cron_jobs[0];
        assert_eq!(
            (job.schedule.as_str(), job.origin, job.name.as_deref()),
            ("0 7 * * *", CronOrigin::Render, Some("harbor-digest"))
        );
        assert_eq!(
            env_decls(&f),
            [
                ("DATABASE_URL", EnvValue::PlatformProvided),
                ("SECRET_KEY_BASE", EnvValue::Generated),
                ("STRIPE_SECRET_KEY", EnvValue::SecretStore),
                ("TZ", EnvValue::Literal("America/Chicago".into())),
                ("NODE_VERSION", EnvValue::Literal("20.17.0".into())),
                ("MAILER_PASSWORD", EnvValue::Literal("****".into())),
            ]
        );
        assert_eq!(f.pins.len(), 1);
        assert_eq!(at(RENDER, f.pins[0].at), "20.17.0");
        let builds: Vec<_> = f.builds.iter().map(|b| b.builder.clone()).collect();
        assert_eq!(
            builds,
            [
                Builder::Native("ruby".into()),
                Builder::Dockerfile("./Dockerfile.cron".into())
            ]
        );
        assert_eq!(f.shell_commands.len(), 1);
        assert!(f
            .secrets
            .iter()
            .any(|s| &RENDER[s.start..s.end] == "hunter22"));
    }
}
