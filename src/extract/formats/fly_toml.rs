//! `fly.toml`: the app's process groups (`[processes]`; without it, one `app` group running the
//! image's command), which of them take HTTP traffic (`[http_service]`, `[[services]]`), the
//! release command (`[deploy] release_command`, run in a temporary machine before the new
//! version goes live), `[env]`, health checks (`[[http_service.checks]]`,
//! `[[services.http_checks]]`, `[checks.*]` of type http) and how the image is built (`[build]`).
//! Fly has no scheduler in fly.toml: a process group running supercronic (or cron) is a cron
//! service, and its crontab is read as a crontab.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::super::parsed::Parsed;
use super::super::pins::{image_pin, pin};
use super::super::{Cx, PinSource, Runtime};
use super::{declare_env, Declared};
use crate::facts::{BuildSpec, Builder, HealthCheck, Origin, PreDeploy, Service, ServiceKind};
use crate::source::Span;

type Value<'a> = Spanned<DeValue<'a>>;

fn span<T>(s: &Spanned<T>) -> Span {
    let r = s.span();
    Span::new(r.start, r.end)
}

fn table<'a>(t: &'a DeTable<'a>, key: &str) -> Option<&'a DeTable<'a>> {
    t.get(key)?.get_ref().as_table()
}

fn string<'a>(t: &'a DeTable<'a>, key: &str) -> Option<(&'a str, Span)> {
    let v = t.get(key)?;
    v.get_ref().as_str().map(|s| (s, span(v)))
}

/// `[[name]]` tables (an array of tables), or a single `[name]` table.
fn tables<'a>(t: &'a DeTable<'a>, key: &str) -> Vec<&'a DeTable<'a>> {
    match t.get(key).map(|v| v.get_ref()) {
        Some(DeValue::Array(items)) => items
            .iter()
            .filter_map(|i| i.get_ref().as_table())
            .collect(),
        Some(DeValue::Table(inner)) => vec![inner],
        _ => Vec::new(),
    }
}

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    let Parsed::Toml(doc) = parsed else { return };
    let root = doc.get_ref();
    let http = table(root, "http_service");
    let services = tables(root, "services");
    // The process groups that take traffic: those the services name, `app` when they name none.
    let mut web_groups: Vec<&str> = Vec::new();
    for svc in http.into_iter().chain(services.iter().copied()) {
        match svc.get("processes").map(|p| p.get_ref()) {
            Some(DeValue::Array(names)) => {
                web_groups.extend(names.iter().filter_map(|n| n.get_ref().as_str()))
            }
            _ => web_groups.push("app"),
        }
    }
    let serves = http.is_some() || !services.is_empty();
    match root.get("processes") {
        Some(p) if p.get_ref().as_table().is_some_and(|t| !t.is_empty()) => {
            // In the file's order (the table keeps its keys sorted).
            let mut groups: Vec<_> = p.get_ref().as_table().unwrap().iter().collect();
            groups.sort_by_key(|(k, _)| k.span().start);
            for (name, command) in groups {
                let name: &str = name.get_ref();
                let cmd = command.get_ref().as_str().unwrap_or("");
                let kind = if web_groups.contains(&name) {
                    ServiceKind::Web
                } else if runs_a_scheduler(cmd) {
                    ServiceKind::Cron
                } else {
                    ServiceKind::Worker
                };
                cx.facts.services.push(Service {
                    at: cx.loc(span(command)),
                    name: name.to_string(),
                    kind,
                    command: cmd.to_string(),
                    root: None,
                    origin: Origin::FlyToml,
                });
            }
        }
        _ if serves => {
            // One `app` group running the image's own command.
            let at = root
                .get("http_service")
                .or_else(|| root.get("services"))
                .map_or(Span::new(0, 0), span);
            cx.facts.services.push(Service {
                at: cx.loc(at),
                name: "app".to_string(),
                kind: ServiceKind::Web,
                command: String::new(),
                root: None,
                origin: Origin::FlyToml,
            });
        }
        _ => {}
    }
    if let Some((command, at)) = table(root, "deploy").and_then(|d| string(d, "release_command")) {
        cx.facts.pre_deploys.push(PreDeploy {
            at: cx.loc(at),
            command: command.to_string(),
            origin: Origin::FlyToml,
        });
    }
    if let Some(env) = table(root, "env") {
        let mut vars: Vec<_> = env.iter().collect();
        vars.sort_by_key(|(k, _)| k.span().start);
        for (name, value) in vars {
            let text = scalar_text(value);
            let Some(text) = text else { continue };
            declare_env(
                cx,
                span(name),
                name.get_ref(),
                Declared::Literal(&text, span(value)),
                Origin::FlyToml,
            );
        }
    }
    health_checks(cx, root, http, &services);
    if let Some(build) = table(root, "build") {
        let builder = if let Some((image, at)) = string(build, "image") {
            image_pin(cx, image, at);
            Some((Builder::Image(image.to_string()), at))
        } else if let Some((file, at)) = string(build, "dockerfile") {
            Some((Builder::Dockerfile(file.to_string()), at))
        } else {
            ["builder", "buildpacks"]
                .iter()
                .find_map(|k| build.get(*k).map(span))
                .map(|at| (Builder::Native("buildpacks".to_string()), at))
        };
        build_args(cx, build);
        if let Some((builder, at)) = builder {
            cx.facts.builds.push(BuildSpec {
                at: cx.loc(at),
                service: None,
                builder,
                origin: Origin::FlyToml,
            });
        }
    }
}

/// `[build.args]` are the Dockerfile's `ARG`s: the Dockerfiles `fly launch` writes take the
/// runtime's version as `RUBY_VERSION`, `PYTHON_VERSION` or `NODE_VERSION`, so a value here
/// overrides the `FROM` tag's default. (`[env]` is the machines' environment at run time:
/// no build reads a version from it.)
fn build_args(cx: &mut Cx, build: &DeTable) {
    let Some(args) = table(build, "args") else {
        return;
    };
    let mut found: Vec<(Runtime, String, Span)> = Vec::new();
    for (name, value) in args.iter() {
        let runtime = match &**name.get_ref() {
            "RUBY_VERSION" => Runtime::Ruby,
            "PYTHON_VERSION" => Runtime::Python,
            "NODE_VERSION" => Runtime::Node,
            _ => continue,
        };
        if let Some(v) = scalar_text(value) {
            found.push((runtime, v, span(value)));
        }
    }
    found.sort_by_key(|(_, _, s)| s.start);
    for (runtime, v, at) in found {
        pin(cx, runtime, PinSource::PlatformEnv, &v, at);
    }
}

/// `[env]` values are strings, though numbers and booleans are accepted too.
fn scalar_text(v: &Value) -> Option<String> {
    match v.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        DeValue::Integer(i) => Some(i.as_str().to_string()),
        DeValue::Boolean(b) => Some(b.to_string()),
        DeValue::Float(f) => Some(format!("{f:?}")),
        _ => None,
    }
}

/// `supercronic /app/crontab`, `crond -f`, `cron -f`: the group runs a scheduler.
fn runs_a_scheduler(command: &str) -> bool {
    command.split_whitespace().any(|w| {
        let w = w.rsplit('/').next().unwrap_or(w);
        matches!(w, "supercronic" | "crond" | "cron")
    })
}

/// HTTP checks: `[[http_service.checks]]`, `[[services.http_checks]]` and top-level
/// `[checks.<name>]` with `type = "http"`.
fn health_checks(cx: &mut Cx, root: &DeTable, http: Option<&DeTable>, services: &[&DeTable]) {
    let mut found: Vec<(Span, String)> = Vec::new();
    let mut add = |t: &DeTable| {
        if let Some((path, at)) = string(t, "path") {
            found.push((at, path.to_string()));
        }
    };
    if let Some(h) = http {
        tables(h, "checks").into_iter().for_each(&mut add);
    }
    for s in services {
        tables(s, "http_checks").into_iter().for_each(&mut add);
    }
    if let Some(checks) = table(root, "checks") {
        for (_, check) in checks.iter() {
            if let Some(t) = check.get_ref().as_table() {
                if string(t, "type").is_some_and(|(k, _)| k == "http") {
                    add(t);
                }
            }
        }
    }
    for (at, probe) in found {
        cx.facts.health_checks.push(HealthCheck {
            at: cx.loc(at),
            service: None,
            probe,
            origin: Origin::FlyToml,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, env_decls, facts};
    use crate::facts::{Builder, EnvValue, PinSource, Runtime, ServiceKind};

    const FLY: &str = r#"app = "harbor-notes"
primary_region = "yyz"

[build]
  dockerfile = "Dockerfile"

[deploy]
  release_command = "bin/rails db:migrate"

[env]
  PORT = "8080"
  TZ = "America/Toronto"
  WEB_CONCURRENCY = 2

[processes]
  app = "bin/rails server -b 0.0.0.0 -p 8080"
  worker = "bundle exec sidekiq"
  cron = "supercronic /rails/config/crontab"

[http_service]
  internal_port = 8080
  processes = ["app"]

  [[http_service.checks]]
    interval = "15s"
    method = "GET"
    path = "/up"

[[vm]]
  size = "shared-cpu-1x"
"#;

    #[test]
    fn process_groups_release_env_checks() {
        let f = facts("fly.toml", FLY);
        let services: Vec<_> = f
            .services
            .iter()
            .map(|s| (s.name.as_str(), s.kind))
            .collect();
        assert_eq!(
            services,
            [
                ("app", ServiceKind::Web),
                ("worker", ServiceKind::Worker),
                ("cron", ServiceKind::Cron)
            ]
        );
        assert_eq!(f.pre_deploys[0].command, "bin/rails db:migrate");
        assert_eq!(at(FLY, f.pre_deploys[0].at), "\"bin/rails db:migrate\"");
        assert_eq!(
            env_decls(&f),
            [
                ("PORT", EnvValue::Literal("8080".into())),
                ("TZ", EnvValue::Literal("America/Toronto".into())),
                ("WEB_CONCURRENCY", EnvValue::Literal("2".into())),
            ]
        );
        assert_eq!(at(FLY, f.env_decls[1].at), "TZ");
        assert_eq!(f.health_checks[0].probe, "/up");
        assert_eq!(
            f.builds[0].builder,
            Builder::Dockerfile("Dockerfile".into())
        );
    }

    #[test]
    fn versions_the_build_takes() {
        let text = "app = \"x\"\n[build]\n  image = \"python:3.11-slim\"\n  [build.args]\n    RUBY_VERSION = \"3.2.2\"\n    BUNDLE_WITHOUT = \"development\"\n[env]\n  NODE_VERSION = \"18\"\n";
        let f = facts("fly.toml", text);
        let pins: Vec<_> = f
            .pins
            .iter()
            .map(|p| (p.runtime, p.source, at(text, p.at)))
            .collect();
        assert_eq!(
            pins,
            [
                (
                    Runtime::Python,
                    PinSource::PlatformImage,
                    "\"python:3.11-slim\""
                ),
                (Runtime::Ruby, PinSource::PlatformEnv, "\"3.2.2\""),
            ]
        );
    }

    #[test]
    fn without_processes_the_app_group_serves() {
        let f = facts(
            "fly.toml",
            "app = \"x\"\n[[services]]\n  internal_port = 3000\n  [[services.http_checks]]\n    path = \"/healthz\"\n[checks.db]\n  type = \"tcp\"\n  port = 5432\n",
        );
        assert_eq!(f.services.len(), 1);
        assert_eq!(
            (f.services[0].name.as_str(), f.services[0].kind),
            ("app", ServiceKind::Web)
        );
        let probes: Vec<_> = f.health_checks.iter().map(|h| h.probe.as_str()).collect();
        assert_eq!(probes, ["/healthz"]);
    }
}
