//! EG604 release-phase: a Procfile or heroku.yml `release:` process, which the target runs
//! under another name, or not at all.

use super::parity::{same_app, targets};
use super::{Finding, Rule, RuleId};
use crate::facts::{Contract, Origin, PreDeploy};

pub struct ReleasePhase;

impl Rule for ReleasePhase {
    fn id(&self) -> RuleId {
        RuleId::EG604
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        c.facts
            .pre_deploys
            .iter()
            .filter(|p| matches!(p.origin, Origin::Procfile | Origin::HerokuYml))
            .filter(|p| !c.in_test_code(p.at))
            .filter_map(|p| release(c, p))
            .collect()
    }
}

fn release(c: &Contract, p: &PreDeploy) -> Option<Finding> {
    let dir = c.dir_of(p.at);
    // The target already runs a step before each deploy: the release phase has moved.
    let ported = c.facts.pre_deploys.iter().any(|t| {
        matches!(
            t.origin,
            Origin::RenderYaml | Origin::FlyToml | Origin::Railway | Origin::Kubernetes
        ) && same_app(dir, c.dir_of(t.at))
    });
    // A target config that runs the app but not the step is EG804's.
    if ported || !targets(c, dir).is_empty() {
        return None;
    }
    let target = c
        .manifest_for(dir)
        .and_then(|m| m.target_platform.as_ref())
        .map(|t| t.value.trim().to_ascii_lowercase());
    // Dokku runs the Procfile's `release:` itself.
    if target.as_deref() == Some("dokku") {
        return None;
    }
    let what = match p.origin {
        Origin::HerokuYml => "heroku.yml's `release` step",
        _ => "the Procfile's `release:` process",
    };
    let f = Finding::new(
        RuleId::EG604,
        p.at,
        format!(
            "Heroku runs `{}` ({what}) before each release goes live, and again on config changes and rollbacks",
            p.command.trim()
        ),
    )
    .label("Heroku's release phase")
    .help(help(target.as_deref(), p.command.trim()));
    Some(f)
}

/// What the target calls the step (FIELD-NOTES §9, §11).
fn help(target: Option<&str>, command: &str) -> String {
    let again = "unlike Heroku's, it does not rerun on a config change or a rollback";
    match target {
        Some("render") => format!(
            "on Render, set `preDeployCommand: {command}` on the service in render.yaml (paid instance types only): it runs on a separate instance after the build, and a failure cancels the deploy; {again}"
        ),
        Some("fly" | "fly.io" | "flyio") => format!(
            "on Fly.io, set `release_command = \"{command}\"` under `[deploy]` in fly.toml: it runs in a temporary machine without volumes, and a non-zero exit aborts the deploy; {again}"
        ),
        Some("railway") => format!(
            "on Railway, set `deploy.preDeployCommand` to `{command}` in railway.json: it runs in its own container without volumes, and a failure stops the deploy; {again}"
        ),
        Some("kubernetes" | "k8s") => format!(
            "Kubernetes has no release step: run `{command}` as a Job before the rollout (a Helm `pre-upgrade` hook, an Argo CD `PreSync` hook), or in an initContainer with a lock, since that runs once per pod"
        ),
        Some("scalingo") => format!(
            "Scalingo ignores `release:`: run `{command}` yourself before each deploy, from CI or a one-off container"
        ),
        _ => "port it to the target: Render `preDeployCommand`, Fly.io `[deploy] release_command`, Railway `deploy.preDeployCommand`, a Kubernetes Job (a Helm `pre-upgrade` hook); Dokku runs `release:` itself, Scalingo ignores it; none of them reruns it on a config change or a rollback".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    const PROCFILE: &str = "web: bundle exec puma\nrelease: bin/rails db:migrate\n";

    #[test]
    fn procfile_and_heroku_yml_release() {
        assert_fires(RuleId::EG604, &[("Procfile", PROCFILE)], 2);
        assert_fires(
            RuleId::EG604,
            &[(
                "heroku.yml",
                "build:\n  docker:\n    web: Dockerfile\nrelease:\n  command:\n    - ./bin/release-tasks\n",
            )],
            6,
        );
        assert_clean(
            RuleId::EG604,
            &[(
                "Procfile",
                "web: bundle exec puma\nworker: bundle exec sidekiq\n",
            )],
        );
        // A fixture Procfile is not the app's.
        assert_clean(RuleId::EG604, &[("spec/fixtures/Procfile", PROCFILE)]);
    }

    #[test]
    fn a_ported_step_silences_it() {
        for (path, text) in [
            (
                "render.yaml",
                "services:\n  - type: web\n    name: web\n    preDeployCommand: bin/rails db:migrate\n",
            ),
            ("fly.toml", "app = \"x\"\n[deploy]\n  release_command = \"bin/rails db:migrate\"\n"),
            ("railway.json", r#"{"deploy": {"preDeployCommand": ["bin/rails db:migrate"]}}"#),
            (
                "k8s/migrate.yaml",
                "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    helm.sh/hook: pre-upgrade\nspec:\n  template:\n    spec:\n      containers:\n        - name: m\n          command: [bin/rails, db:migrate]\n",
            ),
        ] {
            assert_clean(RuleId::EG604, &[("Procfile", PROCFILE), (path, text)]);
        }
    }

    #[test]
    fn help_follows_the_target() {
        let f = findings(
            RuleId::EG604,
            &[
                ("Procfile", PROCFILE),
                ("migration-manifest.yml", "target:\n  platform: fly\n"),
            ],
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].help.as_deref().unwrap().contains("release_command"));
        assert_clean(
            RuleId::EG604,
            &[
                ("Procfile", PROCFILE),
                ("migration-manifest.yml", "target:\n  platform: dokku\n"),
            ],
        );
        // A target config without the step: EG804 reports it.
        assert_clean(
            RuleId::EG604,
            &[
                ("Procfile", PROCFILE),
                (
                    "fly.toml",
                    "app = \"x\"\n[processes]\n  app = \"bin/rails server\"\n",
                ),
            ],
        );
    }
}
