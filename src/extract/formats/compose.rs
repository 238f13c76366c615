//! Docker Compose files: their service names are hosts on the compose network (local, not
//! remote), `healthcheck.test` is the check Docker runs, and `environment` (a map, or a list of
//! `KEY=value` / `KEY`) declares each service's variables. A service that builds the app
//! (`build:`) or runs a `command:` is one of its processes (a plain `image: postgres:16` is
//! infrastructure, not a process the Procfile had).

use super::super::parsed::Parsed;
use super::super::pins::image_pin;
use super::super::Cx;
use super::{declare_env, Declared};
use crate::facts::{HealthCheck, Origin, Service, ServiceKind};
use crate::parse::{yaml, Tree};
use crate::source::Span;

fn services(docs: &[yaml::Node]) -> impl Iterator<Item = &(yaml::Node, yaml::Node)> {
    docs.iter()
        .flat_map(|d| d.get("services").map_or(d.entries(), |s| s.entries()))
}

/// Before the values are scanned: connection strings to a service of this file are local.
pub fn prepare(cx: &mut Cx, parsed: &Parsed) {
    let Parsed::Yaml(docs) = parsed else { return };
    cx.local_hosts = services(docs)
        .filter_map(|(k, _)| k.as_str().map(str::to_string))
        .collect();
}

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    let Parsed::Yaml(docs) = parsed else { return };
    let mut checks = Vec::new();
    for (name, service) in services(docs) {
        let Some(test) = service.path(&["healthcheck", "test"]) else {
            continue;
        };
        // `test: ["CMD", "pg_isready"]`, `["CMD-SHELL", "curl -f ..."]` or a string.
        let probe = match test.as_str() {
            Some(s) => s.to_string(),
            None => test
                .items()
                .iter()
                .filter_map(|i| i.as_str())
                .filter(|s| !matches!(*s, "CMD" | "CMD-SHELL" | "NONE"))
                .collect::<Vec<_>>()
                .join(" "),
        };
        if !probe.is_empty() {
            checks.push((test.span, name.as_str().map(str::to_string), probe));
        }
    }
    for (span, service, probe) in checks {
        cx.facts.health_checks.push(HealthCheck {
            at: cx.loc(span),
            service,
            probe,
            origin: Origin::Compose,
        });
    }
    let mut processes = Vec::new();
    let mut images = Vec::new();
    for (key, service) in services(docs) {
        let Some(name) = key.as_str().filter(|n| !n.is_empty()) else {
            continue;
        };
        let command = service.get("command");
        if service.get("build").is_none() && command.is_none() {
            continue;
        }
        let text = command.map_or(String::new(), |c| match c.as_str() {
            Some(s) => s.to_string(),
            None => c
                .items()
                .iter()
                .filter_map(|i| i.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        });
        let kind = if service.get("ports").is_some() {
            ServiceKind::Web
        } else {
            ServiceKind::Worker
        };
        let at = command.map_or(key.span, |c| c.span);
        // A service that runs the app's command in a stock language image: the image's tag is
        // the runtime (with `build:`, `image:` only names the image built).
        if service.get("build").is_none() {
            if let Some(image) = service.get("image") {
                if let Some(i) = image.as_value_str() {
                    images.push((i.to_string(), image.span));
                }
            }
        }
        processes.push((at, name.to_string(), kind, text));
    }
    for (at, name, kind, command) in processes {
        cx.facts.services.push(Service {
            at: cx.loc(at),
            name,
            kind,
            command,
            root: None,
            origin: Origin::Compose,
        });
    }
    for (image, span) in images {
        image_pin(cx, &image, span);
    }
    for (_, service) in services(docs) {
        environment(cx, service.get("environment"));
    }
}

/// `environment: {KEY: value}` or `environment: [KEY=value, KEY]` (a bare `KEY` passes the
/// variable through from the shell that runs compose).
fn environment(cx: &mut Cx, node: Option<&yaml::Node>) {
    let Some(node) = node else { return };
    for (key, value) in node.entries() {
        let Some(name) = key.as_str() else { continue };
        let declared = match value.as_value_str() {
            Some(v) => Declared::Literal(v, value.span),
            None => Declared::SecretStore,
        };
        declare_env(cx, key.span, name, declared, Origin::Compose);
    }
    for item in node.items() {
        let Some(entry) = item.as_str() else { continue };
        // The entry's text starts after its opening quote, if any.
        let raw = cx.text.get(item.span.start..item.span.end).unwrap_or("");
        let base = item.span.start + usize::from(raw.starts_with(['"', '\'']));
        let (name, declared) = match entry.split_once('=') {
            Some((k, v)) => {
                let start = base + k.len() + 1;
                (k, Declared::Literal(v, Span::new(start, start + v.len())))
            }
            None => (entry, Declared::SecretStore),
        };
        let at = Span::new(base, base + name.len());
        declare_env(cx, at, name.trim(), declared, Origin::Compose);
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};
    use crate::facts::EnvValue;

    #[test]
    fn health_checks_of_services() {
        let f = facts(
            "docker-compose.yml",
            "services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\", \"-U\", \"app\"]\n  web:\n    healthcheck:\n      test: curl -f http://localhost/up\n",
        );
        let checks: Vec<_> = f
            .health_checks
            .iter()
            .map(|h| (h.service.as_deref(), h.probe.as_str()))
            .collect();
        assert_eq!(
            checks,
            [
                (Some("db"), "pg_isready -U app"),
                (Some("web"), "curl -f http://localhost/up")
            ]
        );
    }

    #[test]
    fn services_that_build_or_run_the_app() {
        let f = facts(
            "docker-compose.yml",
            "services:\n  db:\n    image: postgres:16\n  web:\n    build: .\n    ports: [\"3000:3000\"]\n  worker:\n    build: .\n    command: [bundle, exec, sidekiq]\n",
        );
        assert!(f.pins.is_empty(), "postgres is no runtime: {:?}", f.pins);
        let f2 = facts(
            "docker-compose.yml",
            "services:\n  web:\n    image: node:20-alpine\n    command: node server.js\n  app:\n    build: .\n    image: python:3.11\n",
        );
        let pins: Vec<_> = f2.pins.iter().map(|p| p.version.as_str()).collect();
        assert_eq!(pins, ["20-alpine"]);
        let s: Vec<_> = f
            .services
            .iter()
            .map(|s| (s.name.as_str(), s.kind, s.command.as_str()))
            .collect();
        assert_eq!(
            s,
            [
                ("web", crate::facts::ServiceKind::Web, ""),
                (
                    "worker",
                    crate::facts::ServiceKind::Worker,
                    "bundle exec sidekiq"
                ),
            ]
        );
    }

    #[test]
    fn environment_maps_and_lists() {
        let text = "services:\n  web:\n    environment:\n      TZ: America/Chicago\n      SECRET_KEY_BASE: dev-only-secret\n  worker:\n    environment:\n      - TZ=UTC\n      - \"RAILS_ENV=development\"\n      - STRIPE_KEY\n";
        let f = facts("docker-compose.yml", text);
        let env: Vec<_> = f
            .env_decls
            .iter()
            .map(|d| (at(text, d.at), d.value.clone()))
            .collect();
        assert_eq!(
            env,
            [
                ("TZ", EnvValue::Literal("America/Chicago".into())),
                ("SECRET_KEY_BASE", EnvValue::Literal("****".into())),
                ("TZ", EnvValue::Literal("UTC".into())),
                ("RAILS_ENV", EnvValue::Literal("development".into())),
                ("STRIPE_KEY", EnvValue::SecretStore),
            ]
        );
    }
}
