//! `migration-contract.json`: what the app had on Heroku (dynos, add-ons, env vars, Scheduler
//! jobs, extensions). Scheduler jobs become cron facts: they ran in UTC there.

use super::{cron, structured, CronJob, CronOrigin, Cx, ProcessType};
use crate::parse::Tree;

pub fn extract(cx: &mut Cx) {
    let Some(root) = structured::json(cx, false) else {
        return;
    };
    for dyno in root.get("dynos").map(|d| d.items()).unwrap_or_default() {
        if let (Some(name), Some(cmd)) = (
            dyno.get("type").and_then(|n| n.as_str()),
            dyno.get("command"),
        ) {
            cx.facts.processes.push(ProcessType {
                at: cx.loc(cmd.span),
                name: name.to_string(),
                command: cmd.as_str().unwrap_or("").to_string(),
            });
        }
    }
    for job in root
        .get("scheduledJobs")
        .map(|d| d.items())
        .unwrap_or_default()
    {
        let schedule = job.get("schedule").or_else(|| job.get("frequency"));
        let at = schedule.map_or(job.span, |s| s.span);
        let timezone = job
            .path(&["target", "timezone"])
            .and_then(|t| t.as_str())
            .filter(|t| !t.trim().is_empty())
            .map(str::to_string);
        let name = job
            .get("command")
            .and_then(|c| c.as_str())
            .map(str::to_string);
        let schedule = schedule.and_then(|s| s.as_str()).unwrap_or("").to_string();
        cx.facts.cron_jobs.push(CronJob {
            at: cx.loc(at),
            zone_sensitive: cron::zone_sensitive(&schedule),
            schedule,
            timezone,
            origin: CronOrigin::HerokuScheduler,
            name,
        });
    }
}
