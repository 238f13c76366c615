//! EG804 release-step-missing-on-target: a Procfile or heroku.yml `release:` process, and a
//! target config with no step that runs it before a deploy goes live.

use super::parity::{norm, same_app, same_process, spread, targets, Target};
use super::{Finding, Rule, RuleId};
use crate::facts::{Contract, Origin, PreDeploy};

pub struct ReleaseStepMissingOnTarget;

impl Rule for ReleaseStepMissingOnTarget {
    fn id(&self) -> RuleId {
        RuleId::EG804
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out = Vec::new();
        for p in c.facts.pre_deploys.iter().filter(|p| {
            matches!(p.origin, Origin::Procfile | Origin::HerokuYml) && !c.in_test_code(p.at)
        }) {
            for t in targets(c, c.dir_of(p.at)) {
                if !ported(c, p, &t) {
                    out.push(finding(p, &t));
                }
            }
        }
        out
    }
}

/// The target runs a step before each deploy (any command: a release script may have been
/// renamed), or a service runs the release command itself: before its start command
/// (`bin/rails db:migrate && bundle exec puma`) or as a one-shot compose service.
fn ported(c: &Contract, p: &PreDeploy, t: &Target) -> bool {
    let step = c.facts.pre_deploys.iter().any(|q| {
        q.origin == t.origin
            && if spread(t.origin) {
                same_app(c.dir_of(p.at), c.dir_of(q.at))
            } else {
                q.at.file == t.first.file
            }
    });
    let release = norm(&p.command);
    step || t.services.iter().any(|s| {
        (!release.is_empty() && norm(&s.command).contains(&release))
            || same_process(&p.command, &s.command)
    })
}

fn finding(p: &PreDeploy, t: &Target) -> Finding {
    let command = p.command.trim();
    let (missing, help) = match t.origin {
        Origin::RenderYaml => (
            "no service here sets `preDeployCommand`",
            format!("set `preDeployCommand: {command}` on the service in render.yaml (paid instance types only)"),
        ),
        Origin::FlyToml => (
            "no `release_command` under `[deploy]`",
            format!("set `release_command = \"{command}\"` under `[deploy]` in fly.toml"),
        ),
        Origin::Railway => (
            "no `deploy.preDeployCommand`",
            format!("set `deploy.preDeployCommand` to `{command}` in the Railway config"),
        ),
        Origin::Kubernetes => (
            "no Job runs before the rollout",
            format!("run `{command}` as a Job with a Helm `pre-install,pre-upgrade` hook (or an Argo CD `PreSync` hook) before the rollout"),
        ),
        _ => (
            "no service runs it",
            format!("add a one-shot service that runs `{command}`, and make the app's services depend on it with `condition: service_completed_successfully`"),
        ),
    };
    Finding::new(
        RuleId::EG804,
        t.first,
        format!(
            "{} has no step for the release command `{command}`, which Heroku ran before each release went live",
            t.origin.describe()
        ),
    )
    .label(missing)
    .help(format!(
        "{help}; unlike Heroku's release phase, it does not rerun on a config change or a rollback"
    ))
    .related(p.at, format!("{}'s release step", p.origin.describe()))
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

    const PROCFILE: &str = "web: bundle exec puma\nrelease: bin/rails db:migrate\n";

    #[test]
    fn each_target_without_the_step() {
        for path_text in [
            (
                "render.yaml",
                "services:\n  - type: web\n    name: app\n    startCommand: bundle exec puma\n",
            ),
            ("fly.toml", "app = \"x\"\n[processes]\n  web = \"bundle exec puma\"\n"),
            ("railway.json", r#"{"deploy": {"startCommand": "bundle exec puma"}}"#),
            (
                "k8s/web.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: x\n          ports: [{containerPort: 3000}]\n",
            ),
            (
                "docker-compose.yml",
                "services:\n  web:\n    build: .\n    ports: [\"3000:3000\"]\n",
            ),
        ] {
            let files: Vec<_> = [("Procfile", PROCFILE), path_text]
                .into_iter()
                .chain((path_text.0 == "docker-compose.yml").then_some(TO_COMPOSE))
                .collect();
            let f = findings(RuleId::EG804, &files);
            assert_eq!(f.len(), 1, "{}: {f:#?}", path_text.0);
            assert_eq!(f[0].related.len(), 1);
        }
    }

    #[test]
    fn ported_steps() {
        for path_text in [
            (
                "render.yaml",
                "services:\n  - type: web\n    name: app\n    startCommand: bundle exec puma\n    preDeployCommand: bin/rails db:migrate\n",
            ),
            (
                "render.yaml",
                "services:\n  - type: web\n    name: app\n    startCommand: bin/rails db:migrate && bundle exec puma\n",
            ),
            (
                "fly.toml",
                "app = \"x\"\n[deploy]\n  release_command = \"bin/rails db:migrate\"\n[processes]\n  web = \"bundle exec puma\"\n",
            ),
            (
                "docker-compose.yml",
                "services:\n  migrate:\n    build: .\n    command: bin/rails db:migrate\n  web:\n    build: .\n",
            ),
        ] {
            assert_clean(RuleId::EG804, &[("Procfile", PROCFILE), path_text]);
        }
        // No target config: EG604's.
        assert_clean(RuleId::EG804, &[("Procfile", PROCFILE)]);
        assert_clean(
            RuleId::EG804,
            &[
                ("Procfile", "web: bundle exec puma\n"),
                ("fly.toml", "app = \"x\"\n"),
            ],
        );
    }
}
