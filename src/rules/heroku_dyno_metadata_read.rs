//! EG202 heroku-dyno-metadata-read: code reads a dyno metadata, review-app or Heroku CI
//! variable, which only Heroku sets.

use super::{Finding, Rule, RuleId};
use crate::facts::{platform_var, Contract, VarKind};

pub struct HerokuDynoMetadataRead;

impl Rule for HerokuDynoMetadataRead {
    fn id(&self) -> RuleId {
        RuleId::EG202
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        c.facts
            .env_reads
            .iter()
            .filter(|r| !c.in_test_or_example(r.at))
            .filter_map(|r| {
                let v = platform_var(&r.name).filter(|v| v.kind == VarKind::DynoMetadata)?;
                Some(
                    Finding::new(
                        RuleId::EG202,
                        r.at,
                        format!("reads `{}`, which only {} sets", r.name, v.injected_by),
                    )
                    .label("unset on Render, Railway, Fly.io and Kubernetes")
                    .help(help(&r.name)),
                )
            })
            .collect()
    }
}

/// What to read instead, by what the variable tells.
fn help(name: &str) -> String {
    let instead = match name {
        "HEROKU_APP_NAME" | "HEROKU_APP_ID" | "HEROKU_APP_DEFAULT_DOMAIN_NAME" => {
            "an app name or host you set yourself (`APP_NAME`, `APP_HOST`), or the platform's own \
             (`RENDER_SERVICE_NAME`, `RENDER_EXTERNAL_HOSTNAME`, `FLY_APP_NAME`, `RAILWAY_SERVICE_NAME`, \
             `RAILWAY_PUBLIC_DOMAIN`)"
        }
        "HEROKU_DYNO_ID" => {
            "the host name, or the platform's instance id (`RENDER_INSTANCE_ID`, `FLY_MACHINE_ID`, \
             `RAILWAY_REPLICA_ID`, the pod name)"
        }
        "HEROKU_BRANCH" | "HEROKU_PR_NUMBER" => {
            "the preview environment's own variables (`IS_PULL_REQUEST` on Render), or a value your \
             pipeline sets"
        }
        n if n.starts_with("HEROKU_TEST_RUN_") => {
            "your CI's own variables (`GITHUB_RUN_ID`, `GITHUB_SHA`, `CI_PIPELINE_ID`, ...)"
        }
        _ => {
            "a release or commit id set at build time (`APP_RELEASE`, a build argument), or the \
             platform's own (`RENDER_GIT_COMMIT`, `RAILWAY_GIT_COMMIT_SHA`, `FLY_IMAGE_REF`)"
        }
    };
    format!("read {instead}; keep a fallback for when it is unset")
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn reads_in_every_language_and_in_commands() {
        let cases = [
            (
                "a.rb",
                "ENV['HEROKU_APP_NAME']\nENV.fetch('HEROKU_RELEASE_VERSION', 'dev')\n",
                2,
            ),
            (
                "a.py",
                "import os\nos.environ.get('HEROKU_SLUG_COMMIT')\nos.getenv('HEROKU_DYNO_ID')\n",
                2,
            ),
            (
                "a.ts",
                "const { HEROKU_APP_NAME, PORT } = process.env;\nprocess.env.HEROKU_PR_NUMBER\n",
                2,
            ),
            ("a.go", "os.Getenv(\"HEROKU_TEST_RUN_ID\")\n", 1),
            (
                "Procfile",
                "web: bin/web --release $HEROKU_RELEASE_VERSION\n",
                1,
            ),
            ("bin/deploy.sh", "echo \"${HEROKU_BRANCH:-main}\"\n", 1),
        ];
        for (path, code, n) in cases {
            assert_fires_n(RuleId::EG202, &[(path, code)], n);
        }
    }

    #[test]
    fn declarations_lookalikes_comments_and_tests_are_silent() {
        assert_clean(
            RuleId::EG202,
            &[
                (
                    "app.json",
                    r#"{"env": {"HEROKU_APP_NAME": {"required": true}}}"#,
                ),
                (
                    "a.rb",
                    "# ENV['HEROKU_APP_NAME']\nENV['HEROKU_API_KEY']\nENV['HEROKU_APP']\n",
                ),
                ("b.js", "process.env.HEROKU_APP_NAME_PREFIX\n"),
                ("spec/support/env.rb", "ENV['HEROKU_APP_NAME']\n"),
                ("DYNO.md", "Reads `ENV['HEROKU_APP_NAME']`.\n"),
            ],
        );
    }

    #[test]
    fn the_message_says_what_sets_it() {
        let f = findings(
            RuleId::EG202,
            &[("a.py", "os.environ['HEROKU_TEST_RUN_BRANCH']\n")],
        );
        assert!(f[0].message.contains("Heroku CI"), "{}", f[0].message);
        assert!(f[0].help.as_deref().unwrap().contains("GITHUB_SHA"));
    }
}
