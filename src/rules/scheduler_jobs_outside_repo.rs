//! EG403 scheduler-jobs-outside-repo: the app uses Heroku Scheduler (an app.json add-on, or a
//! rake file that says the Scheduler runs its tasks), whose jobs live in its dashboard and not
//! in the repository.

use std::collections::BTreeMap;

use super::{Finding, Rule, RuleId};
use crate::facts::{Contract, CronOrigin, ScheduledTask};
use crate::role::Role;
use crate::source::FileId;

pub struct SchedulerJobsOutsideRepo;

const HELP: &str = "list the jobs before the move (`heroku addons:open scheduler`: each job's command, frequency and next run, in UTC) and recreate them as the new platform's cron jobs, or record them in migration-contract.json";

impl Rule for SchedulerJobsOutsideRepo {
    fn id(&self) -> RuleId {
        RuleId::EG403
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        // Jobs egress already has, from the contract of the app's Heroku side.
        let listed = |dir: &std::path::Path| {
            c.facts
                .cron_jobs
                .iter()
                .any(|j| j.origin == CronOrigin::HerokuScheduler && dir.starts_with(c.dir_of(j.at)))
        };
        let deploys = |file: FileId| c.file(file).role != Role::Test;
        let mut out = Vec::new();
        for a in &c.facts.add_ons {
            // Review apps and Heroku CI runs get their own add-ons; their jobs are not the app's.
            if !a.is_heroku_scheduler() || a.environment.is_some() || !deploys(a.at.file) {
                continue;
            }
            if listed(c.dir_of(a.at)) {
                continue;
            }
            out.push(
                Finding::new(
                    RuleId::EG403,
                    a.at,
                    "Heroku Scheduler add-on: its jobs (commands and frequencies) live in the Scheduler's dashboard, not in this repository",
                )
                .label("the jobs are configured on Heroku")
                .help(HELP),
            );
        }
        let mut by_file: BTreeMap<FileId, Vec<&ScheduledTask>> = BTreeMap::new();
        for t in &c.facts.scheduled_tasks {
            if t.runner == CronOrigin::HerokuScheduler && deploys(t.at.file) {
                by_file.entry(t.at.file).or_default().push(t);
            }
        }
        for (_, tasks) in by_file {
            let first = tasks[0];
            if listed(c.dir_of(first.at)) {
                continue;
            }
            let names: Vec<String> = tasks.iter().map(|t| format!("`{}`", t.name)).collect();
            let what = if names.len() == 1 { "task" } else { "tasks" };
            out.push(
                Finding::new(
                    RuleId::EG403,
                    first.at,
                    format!(
                        "this file says Heroku Scheduler runs its {what} ({}): when and how often lives in the Scheduler's dashboard, not in this repository",
                        names.join(", ")
                    ),
                )
                .help(HELP),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    const RAKE: &str = "# This task is called by the Heroku scheduler add-on\ntask :update_feed => :environment do\n  Feed.refresh\nend\n\ntask :send_reminders => :environment do\n  Reminder.due.each(&:deliver)\nend\n";

    #[test]
    fn scheduler_addon_and_rake_file_fire() {
        assert_fires(
            RuleId::EG403,
            &[(
                "app.json",
                "{\n  \"addons\": [\"heroku-postgresql\", \"scheduler:standard\"]\n}\n",
            )],
            2,
        );
        assert_fires(
            RuleId::EG403,
            &[("app.json", "{\"addons\": [{\"plan\": \"scheduler\"}]}")],
            1,
        );
        let found = findings(RuleId::EG403, &[("lib/tasks/scheduler.rake", RAKE)]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].message.contains("`update_feed`, `send_reminders`"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn other_addons_listed_jobs_and_review_apps_are_silent() {
        assert_clean(
            RuleId::EG403,
            &[(
                "app.json",
                r#"{"addons": ["heroku-redis:mini", "advanced-scheduler-lite"]}"#,
            )],
        );
        assert_clean(
            RuleId::EG403,
            &[(
                "app.json",
                r#"{"environments": {"review": {"addons": ["scheduler:standard"]}}}"#,
            )],
        );
        // The contract lists the Scheduler's jobs: they are in the repository.
        assert_clean(
            RuleId::EG403,
            &[
                ("app.json", r#"{"addons": ["scheduler:standard"]}"#),
                (
                    "migration-contract.json",
                    r#"{"scheduledJobs": [{"command": "rake update_feed", "schedule": "*/10 * * * *"}]}"#,
                ),
            ],
        );
        assert_clean(
            RuleId::EG403,
            &[("spec/fixtures/lib/tasks/scheduler.rake", RAKE)],
        );
        assert_clean(
            RuleId::EG403,
            &[(
                "lib/tasks/cleanup.rake",
                "# run from cron on the box\ntask :cleanup do\nend\n",
            )],
        );
    }
}
