//! GitHub Actions workflows (`.github/workflows/*.yml`): `on.schedule` entries (UTC unless an
//! entry names a `timezone`), `env:` at the workflow, job and step levels, and every `run:` step
//! as shell (unless its `shell:` is not a POSIX shell: `pwsh`, `python`, `cmd`, or a Windows
//! runner's default).

use super::super::parsed::Parsed;
use super::super::{cron, shell, CronJob, CronOrigin, Cx};
use super::{declare_env, Declared};
use crate::facts::{CommandPhase, Origin};
use crate::parse::{yaml, Tree};

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    let Parsed::Yaml(docs) = parsed else { return };
    let Some(root) = docs.first() else { return };
    let workflow = root.get("name").and_then(|n| n.as_value_str());
    for entry in root
        .path(&["on", "schedule"])
        .map_or(&[][..], |s| s.items())
    {
        let Some(expr) = entry.get("cron") else {
            continue;
        };
        let schedule = expr.as_value_str().unwrap_or("").to_string();
        cx.facts.cron_jobs.push(CronJob {
            at: cx.loc(expr.span),
            zone_sensitive: cron::zone_sensitive(&schedule),
            schedule,
            timezone: entry
                .get("timezone")
                .and_then(|t| t.as_value_str())
                .filter(|t| !t.trim().is_empty())
                .map(str::to_string),
            origin: CronOrigin::GithubActions,
            name: workflow.map(str::to_string),
            zone_fix: None,
        });
    }
    env(cx, root.get("env"));
    let default_shell = shell_of(root);
    for (_, job) in root.get("jobs").map_or(&[][..], |j| j.entries()) {
        env(cx, job.get("env"));
        let windows = job
            .get("runs-on")
            .and_then(|r| r.as_str())
            .is_some_and(|r| r.contains("windows"));
        let job_shell = shell_of(job).or(default_shell);
        for step in job.get("steps").map_or(&[][..], |s| s.items()) {
            env(cx, step.get("env"));
            let Some(run) = step.get("run") else { continue };
            let shell = step
                .get("shell")
                .and_then(|s| s.as_value_str())
                .or(job_shell);
            let posix = match shell {
                Some(s) => is_posix_shell(s),
                None => !windows,
            };
            if posix {
                shell::from_yaml(cx, run, CommandPhase::Ci, Origin::GithubActions);
            }
        }
    }
}

/// `defaults.run.shell` of a workflow or job.
fn shell_of(node: &yaml::Node) -> Option<&str> {
    node.path(&["defaults", "run", "shell"])
        .and_then(|s| s.as_value_str())
}

/// `bash`, `sh`, `bash -e {0}`, `sh -l {0}`; not `pwsh`, `powershell`, `python`, `cmd`.
fn is_posix_shell(shell: &str) -> bool {
    let program = shell.split_whitespace().next().unwrap_or("");
    let program = program.rsplit('/').next().unwrap_or(program);
    matches!(program, "bash" | "sh" | "zsh" | "dash" | "ksh")
}

/// `env:` as a map of names to values; `${{ secrets.X }}` comes from the repository's secrets.
fn env(cx: &mut Cx, node: Option<&yaml::Node>) {
    for (key, value) in node.map_or(&[][..], |e| e.entries()) {
        let (Some(name), Some(v)) = (key.as_str(), value.as_value_str()) else {
            continue;
        };
        let declared = if v.contains("${{") && (v.contains("secrets.") || v.contains("vars.")) {
            Declared::SecretStore
        } else {
            Declared::Literal(v, value.span)
        };
        declare_env(cx, key.span, name, declared, Origin::GithubActions);
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{env_decls, facts};
    use crate::facts::{CronOrigin, EnvValue};

    const WORKFLOW: &str = r#"name: nightly
on:
  schedule:
    - cron: "0 3 * * *"
    - cron: "30 8 * * 1"
      timezone: "America/New_York"
  workflow_dispatch:
env:
  RAILS_ENV: test
  HEROKU_API_KEY: ${{ secrets.HEROKU_API_KEY }}
jobs:
  backup:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: capture
        run: heroku pg:backups:capture --app harbor-notes
      - name: report
        shell: python
        run: print("done")
  windows:
    runs-on: windows-latest
    steps:
      - run: Get-ChildItem
      - shell: bash
        run: ./bin/check
"#;

    #[test]
    fn schedules_env_and_posix_run_steps() {
        let f = facts(".github/workflows/nightly.yml", WORKFLOW);
        let jobs: Vec<_> = f
            .cron_jobs
            .iter()
            .map(|j| (j.schedule.as_str(), j.timezone.as_deref(), j.origin))
            .collect();
        assert_eq!(
            jobs,
            [
                ("0 3 * * *", None, CronOrigin::GithubActions),
                (
                    "30 8 * * 1",
                    Some("America/New_York"),
                    CronOrigin::GithubActions
                )
            ]
        );
        assert_eq!(
            env_decls(&f),
            [
                ("RAILS_ENV", EnvValue::Literal("test".into())),
                ("HEROKU_API_KEY", EnvValue::SecretStore)
            ]
        );
        let steps: Vec<_> = f.shell_commands.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            steps,
            [
                "heroku pg:backups:capture --app harbor-notes",
                "./bin/check"
            ]
        );
    }
}
