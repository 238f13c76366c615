//! Schedules: jobs that run at set times, and the zone they run in.

use crate::source::{Loc, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CronOrigin {
    Crontab,
    KubernetesCronJob,
    Whenever,
    NodeCron,
    SidekiqCron,
    /// A job under `:schedule:` in sidekiq-scheduler's config (rufus-scheduler underneath).
    SidekiqScheduler,
    /// A rufus-scheduler `cron`, `every` or `at` call in Ruby code.
    Rufus,
    /// An entry of GoodJob's `config.good_job.cron` hash.
    GoodJob,
    /// A Heroku Scheduler job recorded in migration-contract.json.
    HerokuScheduler,
    /// A Dokku `cron` task in app.json: it runs in the host server's zone.
    Dokku,
    /// A `type: cron` service in render.yaml: Render runs schedules in UTC.
    Render,
    /// `deploy.cronSchedule` in railway.json / railway.toml: Railway's docs name no zone.
    Railway,
    /// `on.schedule` in a GitHub Actions workflow: UTC unless the entry names a `timezone`.
    GithubActions,
}

/// The zone a schedule runs in when it names none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultZone {
    /// The platform documents UTC (Heroku Scheduler, Render cron jobs, GitHub Actions).
    Utc,
    /// Whatever the host, controller or process uses (crontabs, Kubernetes CronJobs, Dokku,
    /// whenever, node-cron, Fugit schedulers outside Rails).
    Host,
    /// The platform does not document it (Railway's cron schedules).
    Undocumented,
}

impl CronOrigin {
    pub fn describe(self) -> &'static str {
        match self {
            CronOrigin::Crontab => "crontab entry",
            CronOrigin::KubernetesCronJob => "Kubernetes CronJob",
            CronOrigin::Whenever => "whenever schedule",
            CronOrigin::NodeCron => "node-cron schedule",
            CronOrigin::SidekiqCron => "sidekiq-cron job",
            CronOrigin::SidekiqScheduler => "sidekiq-scheduler job",
            CronOrigin::Rufus => "rufus-scheduler schedule",
            CronOrigin::GoodJob => "GoodJob cron entry",
            CronOrigin::HerokuScheduler => "Heroku Scheduler job",
            CronOrigin::Dokku => "Dokku cron task",
            CronOrigin::Render => "Render cron job",
            CronOrigin::Railway => "Railway cron schedule",
            CronOrigin::GithubActions => "GitHub Actions schedule",
        }
    }

    /// The zone the scheduler uses for a schedule that names none (FIELD-NOTES §4).
    pub fn default_zone(self) -> DefaultZone {
        match self {
            CronOrigin::HerokuScheduler | CronOrigin::Render | CronOrigin::GithubActions => {
                DefaultZone::Utc
            }
            CronOrigin::Railway => DefaultZone::Undocumented,
            CronOrigin::Crontab
            | CronOrigin::KubernetesCronJob
            | CronOrigin::Whenever
            | CronOrigin::NodeCron
            | CronOrigin::SidekiqCron
            | CronOrigin::SidekiqScheduler
            | CronOrigin::Rufus
            | CronOrigin::GoodJob
            | CronOrigin::Dokku => DefaultZone::Host,
        }
    }

    /// Schedulers built on Fugit/et-orbi, which take a schedule's zone from `TZ`, then from
    /// Rails' `Time.zone` (`config.time_zone`, UTC by default), and only then from the host
    /// (et-orbi `determine_local_tzone`): inside a Rails app the host's zone does not matter.
    pub fn follows_rails_zone(self) -> bool {
        matches!(
            self,
            CronOrigin::SidekiqCron
                | CronOrigin::SidekiqScheduler
                | CronOrigin::Rufus
                | CronOrigin::GoodJob
        )
    }
}

/// A scheduled job. `timezone` is the zone it names, if any; `None` means the host decides.
#[derive(Debug, Clone)]
pub struct CronJob {
    pub at: Loc,
    pub schedule: String,
    pub timezone: Option<String>,
    pub origin: CronOrigin,
    /// The job's name or command, when its source gives one (a Scheduler job's command).
    pub name: Option<String>,
    /// The schedule means something else in another zone: it fixes an hour or a day
    /// (`0 3 * * *`, `@daily`, `every :monday`), unlike `*/5 * * * *` or `@hourly`.
    pub zone_sensitive: bool,
    /// How to pin the job to UTC in its own file, where the format allows an edit: the
    /// extractor that read the format computes it, so the rule does no text surgery.
    pub zone_fix: Option<ZoneFix>,
}

/// An edit that pins a job's zone to UTC (Heroku's zone): insert or replace `span` (in the
/// job's file) with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneFix {
    pub span: Span,
    pub text: String,
    pub description: &'static str,
}

/// A task the repository says a platform's scheduler runs, on a schedule kept outside the
/// repository: a rake task in a file that says it is "called by the Heroku scheduler add-on".
/// `at` is the task's definition.
#[derive(Debug, Clone)]
pub struct ScheduledTask {
    pub at: Loc,
    /// The task as the scheduler calls it (`scheduler:send_reminders`).
    pub name: String,
    pub runner: CronOrigin,
}

/// A schedule whose time is converted to UTC in code before a scheduler that runs in the
/// host's zone reads it (whenever's `every 1.day, at: local_to_utc("3:00 am")`, `at:
/// Time.zone.parse("03:00").utc`): right only on a host that runs in UTC. One helper can drive
/// many schedules; each records its own.
#[derive(Debug, Clone)]
pub struct UtcConversion {
    /// The schedule it feeds (the `CronJob`'s location).
    pub at: Loc,
    /// The conversion as written: the helper's definition, or the expression itself.
    pub cause: Loc,
    /// The helper's name, or the expression.
    pub what: String,
}

impl super::Located for UtcConversion {
    fn locs(&mut self, f: &mut dyn FnMut(&mut Loc)) {
        f(&mut self.at);
        f(&mut self.cause);
    }
}

impl_located!(CronJob, ScheduledTask);
