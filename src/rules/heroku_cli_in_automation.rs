//! EG602 heroku-cli-in-automation: scripts, Makefiles, rake tasks, CI steps, Dockerfiles and
//! package.json scripts that run the Heroku CLI, push to Heroku's git remote or deploy with a
//! Heroku integration.

use std::collections::BTreeMap;

use super::{Finding, Rule, RuleId};
use crate::facts::{Contract, PlatformCall, PlatformCommand};
use crate::source::{FileId, Span};

pub struct HerokuCliInAutomation;

impl Rule for HerokuCliInAutomation {
    fn id(&self) -> RuleId {
        RuleId::EG602
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        // One finding per command line, however many Heroku commands it runs.
        let mut lines: BTreeMap<(FileId, Span), Vec<&PlatformCommand>> = BTreeMap::new();
        for p in &c.facts.platform_commands {
            if p.platform == "heroku" && !c.in_test_code(p.at) {
                lines.entry((p.at.file, p.line)).or_default().push(p);
            }
        }
        lines
            .into_values()
            .map(|mut cmds| {
                cmds.sort_by_key(|p| p.at.span);
                finding(&cmds)
            })
            .collect()
    }
}

fn finding(cmds: &[&PlatformCommand]) -> Finding {
    let first = cmds[0];
    let place = first.runner.describe();
    let (message, label) = match &first.call {
        PlatformCall::Cli { .. } => {
            let names: Vec<String> = cmds
                .iter()
                .filter_map(|p| match &p.call {
                    PlatformCall::Cli { subcommand } if subcommand.is_empty() => {
                        Some("`heroku ...`".to_string())
                    }
                    PlatformCall::Cli { subcommand } => Some(format!("`heroku {subcommand}`")),
                    _ => None,
                })
                .collect();
            let shown = match names.len() {
                0 | 1 => names.first().cloned().unwrap_or_default(),
                2 => format!("{} and {}", names[0], names[1]),
                n => format!("{}, {} and {} more", names[0], names[1], n - 2),
            };
            (
                format!("{place} runs {shown}: the Heroku CLI only reaches the app while it is on Heroku"),
                "fails, or acts on the old Heroku app, after the move",
            )
        }
        PlatformCall::GitPush { remote } => (
            match remote {
                Some(r) => format!("{place} deploys with `git push {r}`, to Heroku's git remote"),
                None => format!("{place} deploys with `git push` to a Heroku git URL"),
            },
            "keeps deploying to Heroku, not to the new platform",
        ),
        PlatformCall::Integration { name } => (
            if name == "heroku" {
                format!("{place} deploys with Travis CI's `heroku` deploy provider")
            } else if name == "dpl" {
                format!("{place} deploys to Heroku with `dpl`")
            } else {
                format!("{place} uses `{name}`, which deploys to Heroku")
            },
            "keeps deploying to Heroku, not to the new platform",
        ),
    };
    Finding::new(RuleId::EG602, first.at, message)
        .label(label)
        .help(help(&first.call))
}

/// What to do instead, by what the command does.
fn help(call: &PlatformCall) -> String {
    let sub = match call {
        PlatformCall::Cli { subcommand } => subcommand.as_str(),
        PlatformCall::GitPush { .. } | PlatformCall::Integration { .. } => {
            return "deploy with the new platform's own git integration, deploy hook or CI \
                    action, and remove the Heroku step (and its `HEROKU_API_KEY` secret) once \
                    the old app is gone"
                .into()
        }
    };
    let family = sub.split(':').next().unwrap_or(sub);
    let what = match family {
        "pg" => "talk to the new database directly: `pg_dump`, `pg_restore` and `psql` with its connection URL",
        "run" => "run the task with the new platform's one-off job or exec command",
        "config" => "read and set variables through the new platform's environment settings",
        "container" | "builds" | "releases" | "deploy" => {
            "build and release with the new platform's registry, deploy hook or CI action"
        }
        "ps" | "restart" | "scale" | "dyno" | "maintenance" => {
            "restart, scale or pause the app with the new platform's CLI or API"
        }
        "addons" | "redis" | "domains" | "certs" | "apps" | "access" => {
            "manage the resource where it now lives (the new platform's dashboard, CLI or API)"
        }
        _ => "replace it with the new platform's CLI or API",
    };
    format!("{what}; list every such step before the cutover, since each breaks once the Heroku app is gone")
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn one_finding_per_command_line() {
        let script = "#!/bin/bash\nheroku maintenance:on -a x && heroku run rake db:migrate -a x && heroku maintenance:off -a x\nheroku ps -a x\n";
        let f = findings(RuleId::EG602, &[("bin/migrate", script)]);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert!(
            f[0].message
                .contains("`heroku maintenance:on`, `heroku run` and 1 more"),
            "{}",
            f[0].message
        );
        assert!(f[0].message.starts_with("a shell script runs"));
    }

    #[test]
    fn messages_by_kind_never_print_urls_or_arguments() {
        let f = findings(
            RuleId::EG602,
            &[(
                "Makefile",
                "deploy:\n\tgit push https://heroku:$(HEROKU_API_KEY)@git.heroku.com/acme.git HEAD:main\n\theroku config:set STRIPE_KEY=$(KEY) -a acme\n",
            )],
        );
        assert_eq!(f.len(), 2);
        assert!(
            f[0].message.contains("a Heroku git URL"),
            "{}",
            f[0].message
        );
        assert!(!f[0].message.contains("git.heroku.com"));
        assert!(
            f[1].message.contains("`heroku config:set`"),
            "{}",
            f[1].message
        );
        assert!(!f[1].message.contains("STRIPE_KEY"));
        assert!(f[1]
            .help
            .as_deref()
            .unwrap()
            .contains("environment settings"));
    }

    #[test]
    fn test_code_prose_and_echo_are_silent() {
        assert_clean(
            RuleId::EG602,
            &[
                ("spec/deploy_spec.rb", "it { sh \"heroku run rake db:migrate\" }\n"),
                ("docs/deploy.md", "Run `heroku run rake db:migrate`.\n"),
                ("bin/notify.sh", "echo \"now run: heroku run rake db:migrate\"\nlog_info 'heroku ps'\n"),
                (
                    "bin/setup.sh",
                    "# heroku git:remote -a acme\nif ! command -v heroku >/dev/null; then exit 1; fi\n",
                ),
                ("config/app.rb", "HOST = 'acme.herokuapp.com'\nBUILDPACK = 'heroku/ruby'\n"),
            ],
        );
    }
}
