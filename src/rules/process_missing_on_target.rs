//! EG801 process-missing-on-target: a Procfile or heroku.yml process type that no service of
//! the target config runs.

use std::collections::BTreeMap;
use std::path::Path;

use super::parity::{same_process, targets, Target};
use super::{Finding, Rule, RuleId};
use crate::facts::{Contract, Origin, Service, ServiceKind};

pub struct ProcessMissingOnTarget;

impl Rule for ProcessMissingOnTarget {
    fn id(&self) -> RuleId {
        RuleId::EG801
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out = Vec::new();
        // Once per folder: a Procfile can hold thousands of process types.
        let mut by_dir: BTreeMap<&Path, Vec<Target>> = BTreeMap::new();
        for s in c.facts.services.iter().filter(|s| {
            matches!(s.origin, Origin::Procfile | Origin::HerokuYml)
                && s.kind != ServiceKind::Release
                && !c.in_test_code(s.at)
        }) {
            let dir = c.dir_of(s.at);
            for t in by_dir.entry(dir).or_insert_with(|| targets(c, dir)).iter() {
                if !t.services.iter().any(|t| runs(s, t)) {
                    out.push(finding(s, t));
                }
            }
        }
        out
    }
}

/// The target service runs the process: the same name, the same command (give or take
/// wrappers and flags), or (for `web`) any service the target routes traffic to.
fn runs(s: &Service, t: &Service) -> bool {
    t.name == s.name
        || (s.kind == ServiceKind::Web && t.kind == ServiceKind::Web)
        || same_process(&s.command, &t.command)
}

fn finding(s: &Service, t: &Target) -> Finding {
    let command = s.command.trim();
    Finding::new(
        RuleId::EG801,
        t.first,
        format!(
            "{} has no service for the {} process type `{}`{}",
            t.origin.describe(),
            s.origin.describe(),
            s.name,
            if command.is_empty() {
                String::new()
            } else {
                format!(" (`{command}`)")
            }
        ),
    )
    .label("no service runs it")
    .help(help(t.origin, &s.name, command))
    .related(s.at, format!("Heroku runs `{}` here", s.name))
}

fn help(origin: Origin, name: &str, command: &str) -> String {
    match origin {
        Origin::RenderYaml => format!(
            "add a service to render.yaml: `- type: worker`, `name: {name}`, `startCommand: {command}`"
        ),
        Origin::FlyToml => format!(
            "add a process group under `[processes]` in fly.toml: `{name} = \"{command}\"` (the web group then needs its own entry too)"
        ),
        Origin::Railway => format!(
            "a Railway config describes one service: create a service for `{name}` with the start command `{command}` (its own railway.json, or the dashboard)"
        ),
        Origin::Kubernetes => format!(
            "add a Deployment for `{name}` whose container runs `{command}`"
        ),
        _ => format!("add a service `{name}` to the compose file with `command: {command}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    /// Compose files are a target only for an app that moves to a compose-based platform.
    const TO_COMPOSE: (&str, &str) = (
        "migration-manifest.yml",
        "target:\n  platform: compose\n  timezone: UTC\n",
    );

    const PROCFILE: &str =
        "web: bundle exec puma\nworker: bundle exec sidekiq\nrelease: bin/rails db:migrate\n";

    #[test]
    fn a_worker_missing_from_each_target() {
        for (path, text) in [
            (
                "render.yaml",
                "services:\n  - type: web\n    name: app\n    startCommand: bundle exec puma\n",
            ),
            (
                "fly.toml",
                "app = \"x\"\n[processes]\n  app = \"bundle exec puma\"\n",
            ),
            (
                "railway.json",
                r#"{"deploy": {"startCommand": "bundle exec puma"}}"#,
            ),
            (
                "k8s/web.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: x\n          ports: [{containerPort: 3000}]\n",
            ),
            (
                "docker-compose.yml",
                "services:\n  web:\n    build: .\n    command: bundle exec puma\n",
            ),
        ] {
            let files: Vec<_> = [("Procfile", PROCFILE), (path, text)]
                .into_iter()
                .chain((path == "docker-compose.yml").then_some(TO_COMPOSE))
                .collect();
            let f = findings(RuleId::EG801, &files);
            assert_eq!(f.len(), 1, "{path}: {f:#?}");
            assert!(f[0].message.contains("`worker`"), "{path}: {f:#?}");
            assert_eq!(f[0].related.len(), 1);
        }
    }

    #[test]
    fn matched_by_name_or_command() {
        // The Render worker has another name but runs the same command.
        assert_clean(
            RuleId::EG801,
            &[
                ("Procfile", PROCFILE),
                (
                    "render.yaml",
                    "services:\n  - type: web\n    name: app\n    startCommand: bundle exec puma\n  - type: worker\n    name: jobs\n    startCommand: bundle  exec sidekiq\n",
                ),
            ],
        );
        assert_clean(
            RuleId::EG801,
            &[
                ("Procfile", PROCFILE),
                (
                    "fly.toml",
                    "app = \"x\"\n[processes]\n  app = \"bundle exec puma\"\n  worker = \"bundle exec sidekiq\"\n",
                ),
            ],
        );
    }

    #[test]
    fn no_target_config_or_only_infrastructure() {
        assert_clean(RuleId::EG801, &[("Procfile", PROCFILE)]);
        // A compose file of backing services for local development is not a target.
        assert_clean(
            RuleId::EG801,
            &[
                ("Procfile", PROCFILE),
                (
                    "docker-compose.yml",
                    "services:\n  db:\n    image: postgres:16\n  redis:\n    image: redis:7\n",
                ),
            ],
        );
        // Kubernetes manifests that only port a scheduled job.
        assert_clean(
            RuleId::EG801,
            &[
                ("Procfile", PROCFILE),
                (
                    "k8s/report.yaml",
                    "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: \"0 3 * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: r\n              image: x\n              command: [bin/rails, report]\n",
                ),
            ],
        );
        // Another app's render.yaml.
        assert_clean(
            RuleId::EG801,
            &[
                ("api/Procfile", PROCFILE),
                (
                    "web/render.yaml",
                    "services:\n  - type: web\n    name: app\n    startCommand: npm start\n",
                ),
            ],
        );
        assert_clean(
            RuleId::EG801,
            &[
                ("spec/fixtures/Procfile", PROCFILE),
                (
                    "render.yaml",
                    "services:\n  - type: web\n    name: app\n    startCommand: bundle exec puma\n",
                ),
            ],
        );
    }
}
