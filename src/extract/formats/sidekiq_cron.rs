//! Cron job maps in YAML: sidekiq-cron's (`name: { cron: "0 3 * * *", class: "Job" }`),
//! recognised in any YAML document by their shape, and sidekiq-scheduler's `:schedule:` map in
//! sidekiq.yml (at the top or under `:scheduler:`), whose jobs take `cron`, `every` or `at` and
//! may leave `class` out (the job's name is then the class). A zone may follow the fields
//! (`0 22 * * 1-5 America/Chicago`).

use super::super::{cron, CronJob, CronOrigin, Cx, Lit, ZoneFix};
use crate::parse::{yaml, Tree};
use crate::source::Span;

struct Job {
    span: Span,
    expr: String,
    name: Option<String>,
    origin: CronOrigin,
    /// A cron line (judged and fixed as one); `every` intervals run alike in every zone, an
    /// `at` time is read in the scheduler's zone.
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Cron,
    Every,
    At,
}

pub fn extract_doc(cx: &mut Cx, doc: &yaml::Node) {
    if !cx.hits.has(Lit::Cron) {
        return;
    }
    let mut jobs = Vec::new();
    let schedules = scheduler_schedules(doc);
    for m in &schedules {
        for (name, job) in m.entries() {
            let Some((kind, value)) = [
                ("cron", Kind::Cron),
                ("every", Kind::Every),
                ("at", Kind::At),
            ]
            .into_iter()
            .find_map(|(key, kind)| job.get(key).map(|v| (kind, v))) else {
                continue;
            };
            // `every: ["1d", { first_in: "3m" }]`: the schedule, then its options.
            let value = value.items().first().unwrap_or(value);
            if let Some(expr) = value.as_str() {
                jobs.push(Job {
                    span: value.span,
                    expr: expr.to_string(),
                    name: name.as_str().map(str::to_string),
                    origin: CronOrigin::SidekiqScheduler,
                    kind,
                });
            }
        }
    }
    yaml::visit_maps(doc, &mut |m| {
        if schedules.iter().any(|s| s.span == m.span) {
            return;
        }
        for (name, job) in m.entries() {
            let (Some(cron), true) = (job.get("cron"), job.get("class").is_some()) else {
                continue;
            };
            if let Some(expr) = cron.as_str() {
                jobs.push(Job {
                    span: cron.span,
                    expr: expr.to_string(),
                    name: name.as_str().map(str::to_string),
                    origin: CronOrigin::SidekiqCron,
                    kind: Kind::Cron,
                });
            }
        }
    });
    for job in jobs {
        let timezone = cron::trailing_tz(&job.expr).or_else(|| {
            (job.kind == Kind::At)
                .then(|| cron::iso_offset(&job.expr))
                .flatten()
        });
        let zone_sensitive = match job.kind {
            Kind::Cron => cron::zone_sensitive(&job.expr),
            Kind::Every => false,
            Kind::At => true,
        };
        let zone_fix = (job.kind == Kind::Cron)
            .then(|| append_zone(cx.text, job.span))
            .flatten();
        cx.facts.cron_jobs.push(CronJob {
            at: cx.loc(job.span),
            zone_sensitive,
            schedule: job.expr,
            timezone,
            origin: job.origin,
            name: job.name,
            zone_fix,
        });
    }
}

/// sidekiq-scheduler's schedule maps: `:schedule:` at the top of the document or under
/// `:scheduler:` (sidekiq-scheduler 4+), with or without the leading colon, holding job maps.
fn scheduler_schedules(doc: &yaml::Node) -> Vec<&yaml::Node> {
    fn key<'a>(n: &'a yaml::Node, k: &str) -> Option<&'a yaml::Node> {
        n.get(&format!(":{k}")).or_else(|| n.get(k))
    }
    [Some(doc), key(doc, "scheduler")]
        .into_iter()
        .flatten()
        .filter_map(|n| key(n, "schedule"))
        .filter(|m| {
            m.entries()
                .iter()
                .any(|(_, job)| ["cron", "every", "at"].iter().any(|k| job.get(k).is_some()))
        })
        .collect()
}

/// ` Etc/UTC` after the fields, inside the quotes and before a trailing `# comment` (the value's
/// span ends at its closing quote or last character); only for a one-line scalar.
fn append_zone(text: &str, span: Span) -> Option<ZoneFix> {
    let raw = text.get(span.start..span.end)?;
    if raw.contains('\n') {
        return None;
    }
    let end = span.start + raw.trim_end_matches(['"', '\'']).len();
    Some(ZoneFix {
        span: Span::new(end, end),
        text: " Etc/UTC".into(),
        description: "append `Etc/UTC` to the cron line",
    })
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::facts;
    use crate::facts::CronOrigin;

    /// The text after applying each job's zone fix.
    fn fixed(path: &str, text: &str) -> String {
        let f = facts(path, text);
        let mut fixes: Vec<_> = f
            .cron_jobs
            .iter()
            .filter_map(|j| j.zone_fix.clone())
            .collect();
        fixes.sort_by_key(|z| std::cmp::Reverse(z.span.start));
        let mut out = text.to_string();
        for z in fixes {
            out.replace_range(z.span.start..z.span.end, &z.text);
        }
        out
    }

    #[test]
    fn the_zone_goes_inside_the_quotes_and_before_a_comment() {
        for (before, after) in [
            (
                "nightly:\n  cron: \"0 3 * * *\"  # every night\n  class: NightlyJob\n",
                "nightly:\n  cron: \"0 3 * * * Etc/UTC\"  # every night\n  class: NightlyJob\n",
            ),
            (
                "nightly:\n  cron: '0 3 * * *' # see ops/README\n  class: NightlyJob\n",
                "nightly:\n  cron: '0 3 * * * Etc/UTC' # see ops/README\n  class: NightlyJob\n",
            ),
            (
                "nightly:\n  cron: 0 3 * * *   # plain\n  class: NightlyJob\n",
                "nightly:\n  cron: 0 3 * * * Etc/UTC   # plain\n  class: NightlyJob\n",
            ),
        ] {
            let out = fixed("config/schedule.yml", before);
            assert_eq!(out, after);
            // A second pass has nothing to do: the job now names its zone.
            let again = facts("config/schedule.yml", &out);
            assert_eq!(again.cron_jobs[0].timezone.as_deref(), Some("Etc/UTC"));
        }
    }

    #[test]
    fn sidekiq_scheduler_schedules() {
        let yml = ":concurrency: 5\n:scheduler:\n  :schedule:\n    NightlyReportJob:\n      cron: \"0 3 * * *\"\n    heartbeat:\n      every: [\"5m\", { first_in: \"1m\" }]\n      class: HeartbeatJob\n    launch:\n      at: \"2030/01/01 09:00\"\n      class: LaunchJob\n    berlin:\n      cron: \"0 7 * * * Europe/Berlin\"\n      class: BerlinJob\n";
        let f = facts("config/sidekiq.yml", yml);
        let jobs: Vec<_> = f
            .cron_jobs
            .iter()
            .map(|j| {
                (
                    j.name.as_deref().unwrap(),
                    j.schedule.as_str(),
                    j.origin,
                    j.zone_sensitive,
                    j.timezone.as_deref(),
                )
            })
            .collect();
        let s = CronOrigin::SidekiqScheduler;
        assert_eq!(
            jobs,
            [
                ("NightlyReportJob", "0 3 * * *", s, true, None),
                ("heartbeat", "5m", s, false, None),
                ("launch", "2030/01/01 09:00", s, true, None),
                (
                    "berlin",
                    "0 7 * * * Europe/Berlin",
                    s,
                    true,
                    Some("Europe/Berlin")
                ),
            ]
        );
        // The older layout: `:schedule:` at the top.
        let f = facts(
            "config/sidekiq.yml",
            ":schedule:\n  cleanup:\n    cron: \"30 4 * * *\"\n    class: CleanupJob\n",
        );
        assert_eq!(f.cron_jobs.len(), 1);
        assert_eq!(f.cron_jobs[0].origin, CronOrigin::SidekiqScheduler);
        // sidekiq-cron's own file keeps its origin.
        let f = facts(
            "config/schedule.yml",
            "cleanup:\n  cron: \"30 4 * * *\"\n  class: CleanupJob\n",
        );
        assert_eq!(f.cron_jobs[0].origin, CronOrigin::SidekiqCron);
    }
}
