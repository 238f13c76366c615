//! EG805 health-check-path-mismatch: the target config probes another path than the
//! manifest's `verification.health_endpoint`, or none.

use super::parity::{same_app, spread, targets, Target};
use super::{Finding, Rule, RuleId};
use crate::facts::{Contract, HealthCheck, Origin, ServiceKind, Setting};

pub struct HealthCheckPathMismatch;

impl Rule for HealthCheckPathMismatch {
    fn id(&self) -> RuleId {
        RuleId::EG805
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out = Vec::new();
        for m in &c.facts.manifests {
            let Some(endpoint) = m.health_endpoint.as_ref() else {
                continue;
            };
            let Some(want) = path_of(&endpoint.value) else {
                continue;
            };
            let dir = c.file(m.file).dir();
            for t in targets(c, dir) {
                out.extend(judge(c, &t, endpoint, &want));
            }
        }
        out
    }
}

/// The path of a probe: `/up`, `http://localhost:3000/up?full=1` or a command that fetches a
/// URL (`curl -f http://localhost/up`), without its query or a trailing `/`.
fn path_of(probe: &str) -> Option<String> {
    let probe = probe.trim();
    let rest = match probe.find("://") {
        Some(i) => {
            let after = &probe[i + 3..];
            let after = after.split_whitespace().next().unwrap_or("");
            after.find('/').map_or("/", |j| &after[j..])
        }
        None if probe.starts_with('/') => probe.split_whitespace().next().unwrap_or(probe),
        None => return None,
    };
    let path = rest.split(['?', '#']).next().unwrap_or("/");
    let path = path.trim_end_matches(['"', '\'']);
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    Some(if path.is_empty() { "/" } else { path }.to_string())
}

fn judge(c: &Contract, t: &Target, endpoint: &Setting, want: &str) -> Option<Finding> {
    let checks: Vec<(&HealthCheck, String)> = c
        .facts
        .health_checks
        .iter()
        .filter(|h| {
            h.origin == t.origin
                && !c.in_test_code(h.at)
                && if spread(t.origin) {
                    same_app(c.dir_of(t.first), c.dir_of(h.at))
                } else {
                    h.at.file == t.first.file
                }
        })
        .filter_map(|h| Some((h, path_of(&h.probe)?)))
        .collect();
    if checks.iter().any(|(_, p)| p == want) {
        return None;
    }
    let related = format!(
        "verification.health_endpoint is `{}`",
        endpoint.value.trim()
    );
    if let Some((h, path)) = checks.first() {
        return Some(
            Finding::new(
                RuleId::EG805,
                h.at,
                format!(
                    "{} probes `{path}`, not the manifest's health endpoint `{want}`",
                    t.origin.describe()
                ),
            )
            .label("a different path")
            .help(format!(
                "probe `{want}` here, or correct verification.health_endpoint: a check of another path can pass while the endpoint `egress verify` reads fails, or the other way round"
            ))
            .related(endpoint.at, related),
        );
    }
    // Compose health checks are local; the others are how the platform gates traffic.
    if t.origin == Origin::Compose || !t.services.iter().any(|s| s.kind == ServiceKind::Web) {
        return None;
    }
    let key = match t.origin {
        Origin::RenderYaml => "`healthCheckPath` on the web service",
        Origin::FlyToml => "an `[[http_service.checks]]` entry with `path`",
        Origin::Railway => "`deploy.healthcheckPath`",
        _ => "a `readinessProbe.httpGet.path` on the web container",
    };
    Some(
        Finding::new(
            RuleId::EG805,
            t.first,
            format!(
                "{} declares no health check, while the manifest names `{want}`",
                t.origin.describe()
            ),
        )
        .label("no health check")
        .help(format!(
            "add {key} with `{want}`: without it the platform routes traffic to a process as soon as it starts"
        ))
        .related(endpoint.at, related),
    )
}

#[cfg(test)]
mod tests {
    use super::{path_of, RuleId};
    use crate::rules::test_utils::*;

    const MANIFEST: &str = "verification:\n  health_endpoint: /up\n";
    const RENDER_WEB: &str =
        "services:\n  - type: web\n    name: app\n    startCommand: bundle exec puma\n";

    #[test]
    fn paths_of_probes() {
        assert_eq!(path_of("/up/").as_deref(), Some("/up"));
        assert_eq!(
            path_of("curl -f http://localhost:3000/up?x=1").as_deref(),
            Some("/up")
        );
        assert_eq!(path_of("http://localhost").as_deref(), Some("/"));
        assert_eq!(path_of("pg_isready -U app"), None);
    }

    #[test]
    fn another_path_or_none() {
        let f = findings(
            RuleId::EG805,
            &[
                ("migration-manifest.yml", MANIFEST),
                (
                    "render.yaml",
                    &format!("{RENDER_WEB}    healthCheckPath: /healthz\n"),
                ),
            ],
        );
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(f[0].message.contains("`/healthz`"));
        assert_fires_n(
            RuleId::EG805,
            &[
                ("migration-manifest.yml", MANIFEST),
                ("render.yaml", RENDER_WEB),
            ],
            1,
        );
    }

    #[test]
    fn same_path_no_endpoint_or_no_web() {
        assert_clean(
            RuleId::EG805,
            &[
                ("migration-manifest.yml", MANIFEST),
                (
                    "render.yaml",
                    &format!("{RENDER_WEB}    healthCheckPath: /up/\n"),
                ),
            ],
        );
        assert_clean(
            RuleId::EG805,
            &[
                ("migration-manifest.yml", "target:\n  platform: render\n"),
                ("render.yaml", RENDER_WEB),
            ],
        );
        assert_clean(
            RuleId::EG805,
            &[
                ("migration-manifest.yml", MANIFEST),
                (
                    "docker-compose.yml",
                    "services:\n  web:\n    build: .\n    ports: [\"3000:3000\"]\n",
                ),
            ],
        );
    }
}
