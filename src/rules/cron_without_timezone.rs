//! EG401 cron-without-timezone: a schedule whose time zone is whatever the host uses.

use super::{Edit, Finding, Fix, Rule, RuleId};
use crate::diagnostic::Applicability;
use crate::facts::{Contract, CronJob, CronOrigin, DefaultZone};

pub struct CronWithoutTimezone;

impl Rule for CronWithoutTimezone {
    fn id(&self) -> RuleId {
        RuleId::EG401
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        c.facts
            .cron_jobs
            .iter()
            .filter(|j| j.timezone.is_none() && j.zone_sensitive)
            .filter(|j| !(j.origin.follows_rails_zone() && c.in_rails_app(j.at)))
            // GoodJob is a Rails engine (it depends on railties): it never runs outside Rails,
            // even when the run holds no Gemfile (a run over `config/` alone).
            .filter(|j| j.origin != CronOrigin::GoodJob)
            .filter_map(|j| match (j.origin, j.origin.default_zone()) {
                (CronOrigin::HerokuScheduler, _) => scheduler_job(c, j),
                // Render cron jobs and GitHub Actions schedules run in UTC, as on Heroku.
                (_, DefaultZone::Utc) => None,
                _ => Some(host_zone_job(c, j)),
            })
            .collect()
    }
}

/// Heroku Scheduler ran in UTC; the target keeps that only if the manifest says so.
fn scheduler_job(c: &Contract, job: &CronJob) -> Option<Finding> {
    let manifest = c.manifest_for(c.dir_of(job.at));
    if manifest.is_some_and(|m| m.target_timezone.is_some()) {
        return None;
    }
    let what = job
        .name
        .as_deref()
        .map_or(String::new(), |n| format!("`{n}` "));
    let mut f = Finding::new(
        RuleId::EG401,
        job.at,
        format!("Heroku Scheduler ran {what}at `{}` in UTC, and no target time zone is set", job.schedule),
    )
    .label("UTC on Heroku")
    .help("set `target.timezone` in migration-manifest.yml (or `target.timezone` on the job) so the target scheduler keeps UTC");
    if let Some(target) = manifest.and_then(|m| m.target) {
        f = f.related(target, "no `timezone` under `target`");
    }
    Some(f)
}

/// Other jobs of the same file that one setting would fix with this one: a crontab's
/// `CRON_TZ`, a whenever schedule's `env 'CRON_TZ'`.
fn sharing_the_cause(c: &Contract, job: &CronJob) -> usize {
    if !matches!(job.origin, CronOrigin::Crontab | CronOrigin::Whenever) {
        return 0;
    }
    c.facts
        .cron_jobs
        .iter()
        .filter(|j| j.at.file == job.at.file && j.origin == job.origin)
        .filter(|j| j.timezone.is_none() && j.zone_sensitive)
        .count()
        .saturating_sub(1)
}

fn host_zone_job(c: &Contract, job: &CronJob) -> Finding {
    let help = match job.origin {
        CronOrigin::Crontab => "put `CRON_TZ=UTC` (or your zone) above the entries; Heroku Scheduler ran in UTC",
        CronOrigin::KubernetesCronJob => "set `spec.timeZone: Etc/UTC` (GA since Kubernetes 1.27); unset, the controller's zone applies",
        CronOrigin::Whenever => "whenever writes the host's crontab: add `env 'CRON_TZ', 'UTC'` to config/schedule.rb, or move the jobs to a platform scheduler that takes a zone",
        CronOrigin::NodeCron => "pass `{ timezone: 'Etc/UTC' }` as the options argument",
        CronOrigin::SidekiqCron | CronOrigin::SidekiqScheduler | CronOrigin::GoodJob => "append the zone to the cron line, e.g. `0 3 * * * Etc/UTC` (outside Rails, Fugit falls back to the host's zone)",
        CronOrigin::Rufus => "append the zone to the schedule string, e.g. `scheduler.cron '0 3 * * * Etc/UTC'` (outside Rails, rufus-scheduler falls back to the host's zone)",
        CronOrigin::Dokku => "Dokku runs app.json cron tasks in the host server's zone (typically UTC, not guaranteed): set the server's zone, or move the task to a scheduler that takes one",
        CronOrigin::Railway => "Railway's docs do not say which zone `cronSchedule` runs in (only third-party write-ups say UTC) and the file has no zone setting: confirm the zone before the move, or let the job work out its hour itself",
        CronOrigin::HerokuScheduler | CronOrigin::Render | CronOrigin::GithubActions => "",
    };
    // One cause, many schedules: each is reported, and the message says so.
    let shared = match sharing_the_cause(c, job) {
        0 => String::new(),
        n => format!(
            ", like {n} other{} in this file: one zone setting at the top covers them all",
            if n == 1 { "" } else { "s" }
        ),
    };
    // The cause, once known: code that turns the time into UTC for a host-zone scheduler.
    let converted = c.facts.utc_conversions.iter().find(|u| u.at == job.at);
    let cause = converted.map_or(String::new(), |u| {
        let drives = c
            .facts
            .utc_conversions
            .iter()
            .filter(|o| o.cause == u.cause)
            .count();
        format!(
            "; its time comes from `{}`, which converts to UTC as if the host ran in UTC{}",
            u.what,
            match drives {
                1 => String::new(),
                n => format!(" (it drives {n} schedules)"),
            }
        )
    });
    let mut f = Finding::new(
        RuleId::EG401,
        job.at,
        format!(
            "{} `{}` runs in {}{shared}{cause}",
            job.origin.describe(),
            job.schedule,
            match job.origin.default_zone() {
                DefaultZone::Undocumented => "a time zone the platform does not document",
                _ => "the host's time zone",
            }
        ),
    )
    .label("no time zone")
    .help(help);
    if let Some(u) = converted.filter(|u| u.cause != u.at) {
        f = f.related(u.cause, "converts to UTC as if the host ran in UTC");
    }
    match zone_fix(job) {
        Some(fix) => f.fix(fix),
        None => f,
    }
}

/// The extractor's edit that pins UTC, Heroku's zone. Unsafe: the intended zone may be another.
fn zone_fix(job: &CronJob) -> Option<Fix> {
    let z = job.zone_fix.as_ref()?;
    Some(Fix::new(
        Applicability::Unsafe,
        z.description,
        vec![Edit {
            file: job.at.file,
            span: z.span,
            replacement: z.text.clone(),
        }],
    ))
}

#[cfg(test)]
mod tests {
    use super::RuleId;
    use crate::rules::test_utils::*;

    #[test]
    fn crontab_zone_lines() {
        assert_fires_n(
            RuleId::EG401,
            &[(
                "deploy/crontab",
                "MAILTO=ops@example.com\n0 3 * * * /app/bin/nightly\n@daily /app/bin/report\n",
            )],
            2,
        );
        assert_clean(
            RuleId::EG401,
            &[(
                "deploy/crontab",
                "CRON_TZ=UTC\n0 3 * * * /app/bin/nightly\n",
            )],
        );
        assert_clean(
            RuleId::EG401,
            &[(
                "ops/cron.d/app",
                "TZ=Europe/Berlin\n0 3 * * * app /bin/x\n@reboot /bin/y\n",
            )],
        );
        assert_fix(
            RuleId::EG401,
            "app.cron",
            "0 3 * * * /bin/x\n",
            "CRON_TZ=UTC\n0 3 * * * /bin/x\n",
        );
    }

    #[test]
    fn only_schedules_that_depend_on_the_zone() {
        let crontab = "@reboot /bin/warm\n*/5 * * * * /bin/ping\n@hourly /bin/sweep\n0 * * * * /bin/x\n0 9 * * 1-5 /bin/daily\n@weekly /bin/w\n";
        assert_fires_n(RuleId::EG401, &[("deploy/crontab", crontab)], 2);
        let rb = "every :reboot do\n  runner 'x'\nend\nevery 10.minutes do\n  rake 'y'\nend\nevery(1.day, at: '4:30 am') { rake 'z' }\nevery :monday, at: '9am' do\n  rake 'w'\nend\nevery '0 3 * * *' do\n  rake 'v'\nend\n";
        assert_fires_n(RuleId::EG401, &[("config/schedule.rb", rb)], 3);
        let k8s = "kind: CronJob\nmetadata:\n  name: sweep\nspec:\n  schedule: \"*/15 * * * *\"\n";
        assert_clean(RuleId::EG401, &[("k8s/sweep.yaml", k8s)]);
        assert_clean(
            RuleId::EG401,
            &[("src/jobs.js", "cron.schedule('*/10 * * * *', heartbeat);\n")],
        );
    }

    #[test]
    fn fixes_keep_crlf_line_endings() {
        assert_fix(
            RuleId::EG401,
            "app.cron",
            "0 3 * * * /bin/x\r\n",
            "CRON_TZ=UTC\r\n0 3 * * * /bin/x\r\n",
        );
        assert_fix(
            RuleId::EG401,
            "k8s/x.yaml",
            "kind: CronJob\r\nspec:\r\n  schedule: \"0 3 * * *\"\r\n  jobTemplate: {}\r\n",
            "kind: CronJob\r\nspec:\r\n  schedule: \"0 3 * * *\"\r\n  timeZone: Etc/UTC\r\n  jobTemplate: {}\r\n",
        );
    }

    #[test]
    fn kubernetes() {
        let bad = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: x\nspec:\n  schedule: \"0 3 * * *\"\n  jobTemplate: {}\n";
        assert_fires_n(RuleId::EG401, &[("k8s/x.yaml", bad)], 1);
        assert_fix(
            RuleId::EG401,
            "k8s/x.yaml",
            bad,
            "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: x\nspec:\n  schedule: \"0 3 * * *\"\n  timeZone: Etc/UTC\n  jobTemplate: {}\n",
        );
        assert_clean(
            RuleId::EG401,
            &[(
                "k8s/x.yaml",
                &bad.replace("  jobTemplate", "  timeZone: Etc/UTC\n  jobTemplate"),
            )],
        );
    }

    #[test]
    fn node_cron_and_sidekiq_cron() {
        let js = "cron.schedule('0 3 * * *', async () => {\n  await run();\n});\ncron.schedule('* * * * *', f, { timezone: 'UTC' });\n";
        assert_fires_n(RuleId::EG401, &[("src/jobs.js", js)], 1);
        let yml = "nightly:\n  cron: \"0 3 * * *\"\n  class: NightlyJob\nweekly:\n  cron: \"0 4 * * 1 America/Chicago\"\n  class: WeeklyJob\n";
        assert_fires_n(RuleId::EG401, &[("config/schedule.yml", yml)], 1);
    }

    const RAILS_GEMFILE: &str = "source \"https://rubygems.org\"\n\ngem \"rails\", \"~> 7.1\"\n";

    /// Fugit/et-orbi schedulers follow Rails' `config.time_zone` inside a Rails app and the
    /// host's zone outside one.
    #[test]
    fn fugit_schedulers_in_and_outside_rails() {
        let cases = [
            (
                "config/sidekiq.yml",
                ":scheduler:\n  :schedule:\n    NightlyReportJob:\n      cron: \"0 3 * * *\"\n    heartbeat:\n      every: \"5m\"\n      class: HeartbeatJob\n",
                "sidekiq-scheduler job `0 3 * * *`",
            ),
            (
                "config/initializers/scheduler.rb",
                "require \"rufus-scheduler\"\n\ns = Rufus::Scheduler.singleton\ns.cron \"0 3 * * *\" do\n  NightlyReportJob.perform_later\nend\ns.every \"10m\" do\n  Heartbeat.ping\nend\n",
                "rufus-scheduler schedule `0 3 * * *`",
            ),
        ];
        for (path, text, message) in cases {
            let outside = findings(RuleId::EG401, &[(path, text)]);
            assert_eq!(outside.len(), 1, "{path}: {outside:#?}");
            assert!(
                outside[0].message.starts_with(message) && outside[0].message.contains("host"),
                "{}",
                outside[0].message
            );
            assert_clean(RuleId::EG401, &[("Gemfile", RAILS_GEMFILE), (path, text)]);
        }
        // GoodJob runs only inside Rails, Gemfile in the run or not.
        assert_clean(
            RuleId::EG401,
            &[(
                "config/initializers/good_job.rb",
                "Rails.application.configure do\n  config.good_job.cron = {\n    nightly_report: { cron: \"0 3 * * *\", class: \"NightlyReportJob\" },\n  }\nend\n",
            )],
        );
        assert_fix(
            RuleId::EG401,
            "clock.rb",
            "require \"rufus-scheduler\"\ns = Rufus::Scheduler.new\ns.cron '0 3 * * *' do\n  run\nend\n",
            "require \"rufus-scheduler\"\ns = Rufus::Scheduler.new\ns.cron '0 3 * * * Etc/UTC' do\n  run\nend\n",
        );
        assert_fix(
            RuleId::EG401,
            "config/sidekiq.yml",
            ":schedule:\n  cleanup:\n    cron: \"30 4 * * *\" # nightly\n    class: CleanupJob\n",
            ":schedule:\n  cleanup:\n    cron: \"30 4 * * * Etc/UTC\" # nightly\n    class: CleanupJob\n",
        );
    }

    /// Dokku runs app.json `cron` tasks from the host's crontab, in the host's zone, Rails or not.
    #[test]
    fn dokku_app_json_cron() {
        let app_json = r#"{
  "name": "berth",
  "cron": [
    { "command": "bin/rails reports:nightly", "schedule": "0 3 * * *" },
    { "command": "bin/rails queue:sweep", "schedule": "*/10 * * * *" }
  ]
}
"#;
        let f = findings(
            RuleId::EG401,
            &[("Gemfile", RAILS_GEMFILE), ("app.json", app_json)],
        );
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(
            f[0].message
                .starts_with("Dokku cron task `0 3 * * *` runs in the host's time zone"),
            "{}",
            f[0].message
        );
        assert!(f[0].fix.is_none());
    }

    /// One helper that converts to UTC drives several schedules: each is reported, and each
    /// message names the helper (and the file's other schedules).
    #[test]
    fn a_shared_utc_conversion_is_named() {
        let rb = "def local_to_utc(time)\n  ActiveSupport::TimeZone[\"America/New_York\"].parse(time).utc\nend\n\nevery 1.day, at: local_to_utc(\"3:00 am\") do\n  rake \"reports:nightly\"\nend\n\nevery :monday, at: local_to_utc(\"6:00 am\") do\n  rake \"digest:weekly\"\nend\n\nevery 1.day, at: Time.zone.parse(\"04:30\").utc do\n  rake \"invoices:remind\"\nend\n\nevery 10.minutes do\n  rake \"queue:sweep\"\nend\n";
        let f = findings(RuleId::EG401, &[("config/schedule.rb", rb)]);
        assert_eq!(f.len(), 3, "{f:#?}");
        for x in &f[..2] {
            assert!(
                x.message.contains("like 2 others in this file")
                    && x.message.contains("its time comes from `local_to_utc`, which converts to UTC as if the host ran in UTC (it drives 2 schedules)"),
                "{}",
                x.message
            );
            assert_eq!(x.related.len(), 1, "the helper's definition: {x:#?}");
        }
        assert!(
            f[2].message
                .ends_with("its time comes from `Time.zone.parse(\"04:30\").utc`, which converts to UTC as if the host ran in UTC"),
            "{}",
            f[2].message
        );
        // A helper that does not convert to UTC names no cause.
        let plain =
            "def at_night\n  \"3:00 am\"\nend\n\nevery 1.day, at: at_night do\n  rake \"x\"\nend\n";
        let f = findings(RuleId::EG401, &[("config/schedule.rb", plain)]);
        assert_eq!(f.len(), 1);
        assert!(!f[0].message.contains("converts"), "{}", f[0].message);
    }

    #[test]
    fn whenever_honours_env_cron_tz() {
        let rb = "every 1.day, at: '4:30 am' do\n  rake 'x'\nend\n";
        assert_fires_n(RuleId::EG401, &[("config/schedule.rb", rb)], 1);
        assert_clean(
            RuleId::EG401,
            &[("config/schedule.rb", &format!("env 'CRON_TZ', 'UTC'\n{rb}"))],
        );
    }

    #[test]
    fn scheduler_jobs_need_a_target_zone() {
        let contract = r#"{"scheduledJobs": [{"command": "rake x", "schedule": "0 9 * * *"}]}"#;
        assert_fires_n(
            RuleId::EG401,
            &[
                ("migration-contract.json", contract),
                ("migration-manifest.yml", "target:\n  platform: render\n"),
            ],
            1,
        );
        assert_clean(
            RuleId::EG401,
            &[
                ("migration-contract.json", contract),
                ("migration-manifest.yml", "target:\n  timezone: UTC\n"),
            ],
        );
        // A quoted empty zone is no zone.
        assert_fires_n(
            RuleId::EG401,
            &[
                ("migration-contract.json", contract),
                ("migration-manifest.yml", "target:\n  timezone: \"\"\n"),
            ],
            1,
        );
    }
}
