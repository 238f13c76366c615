//! Docker Compose files: their service names are hosts on the compose network (local, not
//! remote), and `healthcheck.test` is the check Docker runs.

use super::super::syntax::Parsed;
use super::super::Cx;
use crate::facts::{HealthCheck, Origin};
use crate::parse::{yaml, Tree};

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
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::facts;

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
}
