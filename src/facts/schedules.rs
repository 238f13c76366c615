//! Schedules: jobs that run at set times, and the zone they run in.

use crate::source::{Loc, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CronOrigin {
    Crontab,
    KubernetesCronJob,
    Whenever,
    NodeCron,
    SidekiqCron,
    /// A Heroku Scheduler job recorded in migration-contract.json.
    HerokuScheduler,
    /// A Dokku `cron` task in app.json: it runs in the host server's zone.
    Dokku,
}

impl CronOrigin {
    pub fn describe(self) -> &'static str {
        match self {
            CronOrigin::Crontab => "crontab entry",
            CronOrigin::KubernetesCronJob => "Kubernetes CronJob",
            CronOrigin::Whenever => "whenever schedule",
            CronOrigin::NodeCron => "node-cron schedule",
            CronOrigin::SidekiqCron => "sidekiq-cron job",
            CronOrigin::HerokuScheduler => "Heroku Scheduler job",
            CronOrigin::Dokku => "Dokku cron task",
        }
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

impl_located!(CronJob);
