//! EG505 heroku-build-hook: scripts Heroku runs at steps of a build or of an app's life
//! (`heroku-prebuild`, `heroku-postbuild`, `heroku-cleanup`, app.json `postdeploy`,
//! `pr-predestroy`), which the new platform does not run; and for `heroku-postbuild`, the
//! `build` script Heroku skipped, which runs there instead.

use super::{Finding, Rule, RuleId};
use crate::facts::{BuildHook, BuildStep, Contract, Origin};
use crate::role::Role;

pub struct HerokuBuildHook;

/// The command as a message quotes it: `` `npm run build` ``, cut after 60 characters.
fn short(command: &str) -> String {
    let c = command.trim();
    if c.is_empty() {
        "an empty command".to_string()
    } else if c.chars().count() > 60 {
        format!("`{}…`", c.chars().take(60).collect::<String>())
    } else {
        format!("`{c}`")
    }
}

impl Rule for HerokuBuildHook {
    fn id(&self) -> RuleId {
        RuleId::EG505
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out = Vec::new();
        for h in &c.facts.build_hooks {
            if c.file(h.at.file).role == Role::Test {
                continue;
            }
            let cmd = short(&h.command);
            let (message, help) = match (h.origin, h.step) {
                (Origin::PackageJson, BuildStep::PreBuild) => (
                    format!("`heroku-prebuild` ({cmd}) runs on Heroku before dependencies are installed; no other platform runs it"),
                    "run it in the new platform's build command, before the install step".to_string(),
                ),
                (Origin::PackageJson, BuildStep::Cleanup) => (
                    format!("`heroku-cleanup` ({cmd}) runs on Heroku after development dependencies are pruned; no other platform runs it"),
                    "run it at the end of the new platform's build command".to_string(),
                ),
                (Origin::PackageJson, BuildStep::PostBuild) => match build_script(c, h) {
                    Some(build) => (
                        format!(
                            "`heroku-postbuild` ({cmd}) runs on Heroku in place of `build`; elsewhere `build` ({}) runs instead, and this does not",
                            short(&build.command)
                        ),
                        "make the new platform's build command run what `heroku-postbuild` does (`npm run heroku-postbuild`), or fold it into `build`".to_string(),
                    ),
                    None => (
                        format!("`heroku-postbuild` ({cmd}) runs on Heroku after dependencies are installed; no other platform runs it"),
                        "run it in the new platform's build command (`npm run heroku-postbuild`), or rename it to `build`".to_string(),
                    ),
                },
                (Origin::AppJson, BuildStep::AfterCreate) => (
                    format!("app.json `postdeploy` ({cmd}) runs once, after Heroku creates an app (review apps, Heroku Button), not on every deploy; the new platform does not run it"),
                    "run it by hand (or from the new platform's preview-environment hook) when an environment is created; do not turn it into a per-deploy step".to_string(),
                ),
                (Origin::AppJson, BuildStep::BeforeDestroy) => (
                    format!("app.json `pr-predestroy` ({cmd}) runs before Heroku destroys a review app; the new platform does not run it"),
                    "move it to the new platform's preview-environment teardown, if it has one".to_string(),
                ),
                _ => continue,
            };
            let scope = h
                .environment
                .as_deref()
                .map(|e| format!(" (the `{e}` environment)"))
                .unwrap_or_default();
            out.push(Finding::new(RuleId::EG505, h.at, format!("{message}{scope}")).help(help));
        }
        out
    }
}

/// The `build` script beside a `heroku-postbuild`.
fn build_script<'c>(c: &'c Contract, h: &BuildHook) -> Option<&'c BuildHook> {
    c.facts
        .build_hooks
        .iter()
        .find(|b| b.at.file == h.at.file && b.step == BuildStep::Build)
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn heroku_steps_fire() {
        let pkg = r#"{
  "scripts": {
    "build": "vite build",
    "heroku-prebuild": "node scripts/check-env.js",
    "heroku-postbuild": "echo skip",
    "heroku-cleanup": "rm -rf node_modules/.cache"
  }
}"#;
        let found = findings(RuleId::EG505, &[("package.json", pkg)]);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found.iter().any(|f| f
            .message
            .contains("elsewhere `build` (`vite build`) runs instead")));
        let skip = findings(
            RuleId::EG505,
            &[(
                "package.json",
                r#"{"scripts": {"build": "next build", "heroku-postbuild": ""}}"#,
            )],
        );
        assert!(
            skip[0]
                .message
                .contains("(an empty command) runs on Heroku in place of `build`"),
            "{}",
            skip[0].message
        );
        assert_fires_n(
            RuleId::EG505,
            &[(
                "app.json",
                r#"{"scripts": {"postdeploy": "bin/rails db:seed", "pr-predestroy": "bin/cleanup"}}"#,
            )],
            2,
        );
    }

    #[test]
    fn ordinary_scripts_are_silent() {
        assert_clean(
            RuleId::EG505,
            &[(
                "package.json",
                r#"{"scripts": {"build": "vite build", "postinstall": "patch-package", "start": "node server.js"}}"#,
            )],
        );
        assert_clean(
            RuleId::EG505,
            &[(
                "app.json",
                r#"{"scripts": {"dokku": {"predeploy": "bin/migrate"}}, "environments": {"test": {"scripts": {"test": "npm test"}}}}"#,
            )],
        );
        assert_clean(
            RuleId::EG505,
            &[(
                "test/fixtures/app/package.json",
                r#"{"scripts": {"heroku-postbuild": "x"}}"#,
            )],
        );
    }
}
