//! EG803 schedule-missing-on-target: a Heroku Scheduler job that no scheduled job of the
//! target config runs, or one that runs it at other times (in UTC terms).

use std::collections::BTreeSet;
use std::path::Path;

use super::parity::{configs, norm, same_app, same_process, Target};
use super::{Finding, Rule, RuleId};
use crate::facts::{
    zone_offset, Contract, CronJob, CronOrigin, EnvValue, Origin, ServiceKind, Times, ZoneOffset,
};
use crate::source::FileId;

pub struct ScheduleMissingOnTarget;

/// A scheduled job of a target config: what it runs, and the zone it names (None: UTC, or the
/// host's zone, which is EG401's).
struct TargetJob<'a> {
    job: &'a CronJob,
    command: &'a str,
    zone: Option<&'a str>,
}

impl Rule for ScheduleMissingOnTarget {
    fn id(&self) -> RuleId {
        RuleId::EG803
    }

    fn check(&self, c: &Contract) -> Vec<Finding> {
        let mut out = Vec::new();
        for j in c
            .facts
            .cron_jobs
            .iter()
            .filter(|j| j.origin == CronOrigin::HerokuScheduler && !c.in_test_code(j.at))
        {
            let Some(command) = j.name.as_deref().filter(|n| !n.trim().is_empty()) else {
                continue;
            };
            let dir = c.dir_of(j.at);
            for t in configs(c, dir) {
                let jobs = target_jobs(c, &t, dir);
                let ported: Vec<&TargetJob> = jobs
                    .iter()
                    .filter(|tj| {
                        same_process(command, tj.command)
                            || tj
                                .job
                                .name
                                .as_deref()
                                .is_some_and(|n| norm(n) == norm(command))
                    })
                    .collect();
                if ported.is_empty() {
                    out.push(missing(j, command, &t));
                    continue;
                }
                let verdicts: Vec<(&TargetJob, Result<(), String>)> =
                    ported.iter().map(|tj| (*tj, compare(j, tj))).collect();
                if verdicts.iter().any(|(_, v)| v.is_ok()) {
                    continue;
                }
                if let Some((tj, Err(why))) = verdicts.into_iter().next() {
                    out.push(differs(j, command, &t, tj, why));
                }
            }
        }
        out
    }
}

/// The config's scheduled jobs: Render `type: cron` services, Railway `cronSchedule`s,
/// Kubernetes CronJobs, and the crontab a service runs with supercronic (Fly.io's documented
/// way; compose has no scheduler either).
fn target_jobs<'a>(c: &'a Contract, t: &Target<'a>, dir: &Path) -> Vec<TargetJob<'a>> {
    let files: BTreeSet<FileId> = t.services.iter().map(|s| s.at.file).collect();
    let mut out = Vec::new();
    for j in c.facts.cron_jobs.iter().filter(|j| {
        files.contains(&j.at.file)
            && matches!(
                j.origin,
                CronOrigin::Render | CronOrigin::Railway | CronOrigin::KubernetesCronJob
            )
    }) {
        let command = t
            .services
            .iter()
            .find(|s| {
                s.at.file == j.at.file
                    && s.kind == ServiceKind::Cron
                    && j.name.as_deref() == Some(s.name.as_str())
            })
            .map_or("", |s| s.command.as_str());
        out.push(TargetJob {
            job: j,
            command,
            zone: j.timezone.as_deref(),
        });
    }
    // supercronic uses `TZ`, else UTC.
    let tz = c
        .facts
        .env_decls
        .iter()
        .filter(|d| d.name == "TZ" && files.contains(&d.at.file))
        .find_map(|d| match &d.value {
            EnvValue::Literal(v) => Some(v.as_str()),
            _ => None,
        });
    for crontab in t
        .services
        .iter()
        .filter_map(|s| supercronic_file(&s.command))
    {
        for j in c.facts.cron_jobs.iter().filter(|j| {
            j.origin == CronOrigin::Crontab
                && !c.in_test_code(j.at)
                && same_app(dir, c.dir_of(j.at))
                && c.file(j.at.file)
                    .path
                    .file_name()
                    .is_some_and(|n| n.to_str() == Some(crontab))
        }) {
            out.push(TargetJob {
                job: j,
                command: j.name.as_deref().unwrap_or(""),
                zone: j.timezone.as_deref().or(tz),
            });
        }
    }
    out
}

/// `supercronic -passthrough-logs /app/crontab`: the crontab's file name.
fn supercronic_file(command: &str) -> Option<&str> {
    let mut words = command.split_whitespace();
    words.find(|w| w.rsplit('/').next() == Some("supercronic"))?;
    let file = words.find(|w| !w.starts_with('-'))?;
    file.trim_matches(['"', '\'']).rsplit('/').next()
}

fn is_utc(zone: Option<&str>) -> bool {
    zone.is_none_or(|z| zone_offset(z) == ZoneOffset::Utc)
}

/// Whether the target job runs when the Heroku job did, in UTC terms; if not, why, as the end
/// of a sentence.
fn compare(src: &CronJob, tj: &TargetJob) -> Result<(), String> {
    let theirs = tj.job.schedule.trim();
    let zone = tj.zone.unwrap_or("UTC");
    let at = format!("at `{theirs}` in {zone}");
    // The contract can say the job keeps its wall-clock time in another zone on the target.
    if let Some(kept) = src.timezone.as_deref().filter(|z| !is_utc(Some(z))) {
        let same_zone = tj.zone.is_some_and(|z| {
            z.trim().eq_ignore_ascii_case(kept.trim())
                || matches!((zone_offset(z), zone_offset(kept)), (ZoneOffset::Fixed(a), ZoneOffset::Fixed(b)) if a == b)
        });
        if !same_zone {
            return Err(format!(
                "{at}, while migration-contract.json keeps the job in {kept}"
            ));
        }
        return same_times(src, theirs).then_some(()).ok_or_else(|| {
            format!(
                "{at}, not at `{}` as the contract's job",
                src.schedule.trim()
            )
        });
    }
    let Some(got) = Times::cron(theirs) else {
        // Not an expression egress reads (seconds, `L`, an inline zone): compare the text.
        return (norm(theirs) == norm(&src.schedule) && is_utc(tj.zone))
            .then_some(())
            .ok_or_else(|| format!("{at} (egress cannot read it, so compared it as text)"));
    };
    let Some(want) = Times::scheduler(&src.schedule) else {
        return (norm(theirs) == norm(&src.schedule) && is_utc(tj.zone))
            .then_some(())
            .ok_or_else(|| {
                format!("{at}, and egress cannot read the Heroku schedule, so compared it as text")
            });
    };
    match tj.zone.map_or(ZoneOffset::Utc, zone_offset) {
        ZoneOffset::Utc if got.same(&want) => Ok(()),
        ZoneOffset::Utc => Err(format!("at `{theirs}` (UTC)")),
        ZoneOffset::Fixed(off) => match got.to_utc(off) {
            Some(utc) if utc.same(&want) => Ok(()),
            Some(_) => Err(format!("{at}, which is another time in UTC")),
            None => Err(format!(
                "{at}, which egress cannot say as one expression in UTC"
            )),
        },
        // A schedule that fixes no hour or day runs alike in every zone.
        ZoneOffset::Unknown if !tj.job.zone_sensitive => {
            got.same(&want).then_some(()).ok_or(at)
        }
        ZoneOffset::Unknown => Err(format!(
            "{at}, a zone whose offset from UTC egress does not know or that changes with daylight saving time, so no time there is the Heroku job's all year"
        )),
    }
}

fn same_times(src: &CronJob, theirs: &str) -> bool {
    match (Times::scheduler(&src.schedule), Times::cron(theirs)) {
        (Some(a), Some(b)) => a.same(&b),
        _ => norm(&src.schedule) == norm(theirs),
    }
}

fn heroku_said(src: &CronJob, command: &str) -> String {
    format!(
        "Heroku Scheduler runs `{command}` at `{}` (UTC)",
        src.schedule.trim()
    )
}

fn missing(src: &CronJob, command: &str, t: &Target) -> Finding {
    let when = src.schedule.trim();
    let help = match t.origin {
        Origin::RenderYaml => format!(
            "add a `type: cron` service to render.yaml with `schedule` at `{when}` (Render runs it in UTC) and `startCommand: {command}`"
        ),
        Origin::FlyToml => format!(
            "fly.toml has no scheduler: run supercronic in a process group (`cron = \"supercronic /app/crontab\"`) and put the job in that crontab at `{when}` UTC: `... {command}` (fly.io/docs/blueprints/supercronic/)"
        ),
        Origin::Railway => format!(
            "create a Railway service for the job: a railway.json with `deploy.cronSchedule` at `{when}` UTC and `deploy.startCommand` `{command}`"
        ),
        Origin::Kubernetes => format!(
            "add a CronJob with the schedule `{when}`, `timeZone: Etc/UTC` and a container that runs `{command}`"
        ),
        _ => format!(
            "compose has no scheduler: run supercronic in a service with a crontab line for `{command}` at `{when}` UTC, or use the platform's scheduled tasks"
        ),
    };
    Finding::new(
        RuleId::EG803,
        t.first,
        format!(
            "{} has no scheduled job for the Heroku Scheduler job `{command}` (`{when}`, UTC)",
            t.origin.describe()
        ),
    )
    .label("no job runs it")
    .help(format!(
        "{help}; if the job is retired, remove it from Heroku Scheduler and migration-contract.json"
    ))
    .related(src.at, heroku_said(src, command))
}

fn differs(src: &CronJob, command: &str, t: &Target, tj: &TargetJob, why: String) -> Finding {
    Finding::new(
        RuleId::EG803,
        tj.job.at,
        format!(
            "{} runs `{command}` {why}; the Heroku Scheduler job ran at `{}` UTC",
            t.origin.describe(),
            src.schedule.trim()
        ),
    )
    .label("not the Heroku schedule")
    .help("run it at the Heroku job's time in UTC (the same expression with the zone set to `Etc/UTC`, where the platform takes one); if the new time is intended, say so with `egress-ignore: EG803 -- <why>` on the schedule")
    .related(src.at, heroku_said(src, command))
}

#[cfg(test)]
mod tests {
    use super::{supercronic_file, RuleId};
    use crate::rules::test_utils::*;

    const CONTRACT: (&str, &str) = (
        "migration-contract.json",
        r#"{"scheduledJobs": [{"command": "bin/rails invoices:remind", "schedule": "0 9 * * *"}]}"#,
    );
    const TO_COMPOSE: (&str, &str) = (
        "migration-manifest.yml",
        "target:\n  platform: compose\n  timezone: UTC\n",
    );
    const RENDER_WEB: &str =
        "services:\n  - type: web\n    name: app\n    startCommand: bundle exec puma\n";

    fn render_cron(schedule: &str) -> String {
        format!("{RENDER_WEB}  - type: cron\n    name: remind\n    schedule: \"{schedule}\"\n    startCommand: bin/rails invoices:remind\n")
    }

    fn k8s_cron(schedule: &str, zone: &str) -> String {
        format!("apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: remind\nspec:\n  schedule: \"{schedule}\"\n{zone}  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: r\n              image: x\n              command: [bin/rails, invoices:remind]\n")
    }

    fn run(files: &[(&str, &str)]) -> Vec<crate::rules::Finding> {
        let all: Vec<_> = [CONTRACT]
            .into_iter()
            .chain(files.iter().copied())
            .collect();
        findings(RuleId::EG803, &all)
    }

    #[test]
    fn a_job_missing_from_each_target() {
        let k8s_web = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: x\n";
        let cases: &[&[(&str, &str)]] = &[
            &[("render.yaml", RENDER_WEB)],
            &[("fly.toml", "app = \"x\"\n[processes]\n  app = \"bundle exec puma\"\n")],
            &[("railway.json", r#"{"deploy": {"startCommand": "bundle exec puma"}}"#)],
            &[("k8s/web.yaml", k8s_web)],
            &[
                TO_COMPOSE,
                ("docker-compose.yml", "services:\n  web:\n    build: .\n    command: bundle exec puma\n"),
            ],
            // Fly's scheduler runs a crontab that lacks the job.
            &[
                ("fly.toml", "app = \"x\"\n[processes]\n  app = \"bundle exec puma\"\n  cron = \"supercronic /app/crontab\"\n"),
                ("crontab", "*/5 * * * * bin/rails feeds:sync\n"),
            ],
        ];
        for files in cases {
            let f = run(files);
            assert_eq!(f.len(), 1, "{files:?}: {f:#?}");
            assert!(
                f[0].message.contains("has no scheduled job"),
                "{}",
                f[0].message
            );
            assert_eq!(f[0].related.len(), 1);
        }
    }

    #[test]
    fn ported_at_the_same_time() {
        let cases: &[&[(&str, &str)]] = &[
            &[("render.yaml", &render_cron("0 9 * * *"))],
            &[("render.yaml", &render_cron("00 09 * * *"))],
            &[("k8s/remind.yaml", &k8s_cron("0 9 * * *", "  timeZone: Etc/UTC\n"))],
            // The controller's zone, unset: EG401's question, not this rule's.
            &[("k8s/remind.yaml", &k8s_cron("0 9 * * *", ""))],
            // 18:00 in Tokyo is 09:00 UTC.
            &[("k8s/remind.yaml", &k8s_cron("0 18 * * *", "  timeZone: Asia/Tokyo\n"))],
            &[(
                "jobs/railway.json",
                r#"{"deploy": {"startCommand": "bundle exec rails invoices:remind", "cronSchedule": "0 9 * * *"}}"#,
            )],
            &[
                ("fly.toml", "app = \"x\"\n[env]\n  TZ = \"Etc/UTC\"\n[processes]\n  app = \"bundle exec puma\"\n  cron = \"supercronic /rails/config/crontab\"\n"),
                ("config/crontab", "0 9 * * * bin/rails invoices:remind\n"),
            ],
            &[
                TO_COMPOSE,
                ("docker-compose.yml", "services:\n  web:\n    build: .\n    command: bundle exec puma\n  cron:\n    build: .\n    command: supercronic /app/crontab\n"),
                ("crontab", "0 9 * * * bin/rails invoices:remind\n"),
            ],
        ];
        for files in cases {
            let f = run(files);
            assert!(f.is_empty(), "{files:?}: {f:#?}");
        }
    }

    #[test]
    fn another_time_or_zone() {
        for (files, says) in [
            (vec![("render.yaml", render_cron("0 10 * * *"))], "at `0 10 * * *` (UTC)"),
            (
                vec![("k8s/remind.yaml", k8s_cron("0 9 * * *", "  timeZone: America/New_York\n"))],
                "daylight saving",
            ),
            (
                vec![("k8s/remind.yaml", k8s_cron("0 9 * * *", "  timeZone: Asia/Tokyo\n"))],
                "another time in UTC",
            ),
            (
                vec![
                    ("fly.toml", "app = \"x\"\n[env]\n  TZ = \"America/Chicago\"\n[processes]\n  cron = \"supercronic /app/crontab\"\n".to_string()),
                    ("crontab", "0 9 * * * bin/rails invoices:remind\n".to_string()),
                ],
                "America/Chicago",
            ),
        ] {
            let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
            let f = run(&files);
            assert_eq!(f.len(), 1, "{files:?}: {f:#?}");
            assert!(f[0].message.contains(says), "{}", f[0].message);
            // On the target job's schedule.
            let text = files.iter().find(|(p, _)| p.ends_with("crontab") || !p.ends_with(".toml")).unwrap().1;
            assert!(text[f[0].at.span.start..].starts_with(['"', '0']), "{f:#?}");
        }
    }

    #[test]
    fn frequencies_and_the_contracts_zone() {
        let contract = |job: &str| format!(r#"{{"scheduledJobs": [{job}]}}"#);
        let daily =
            contract(r#"{"command": "bin/rails invoices:remind", "frequency": "daily at 09:00"}"#);
        assert_clean(
            RuleId::EG803,
            &[
                ("migration-contract.json", &daily),
                ("render.yaml", &render_cron("0 9 * * *")),
            ],
        );
        assert_fires_n(
            RuleId::EG803,
            &[
                ("migration-contract.json", &daily),
                ("render.yaml", &render_cron("30 9 * * *")),
            ],
            1,
        );
        // Every ten minutes is alike in every zone; every fifteen is not the job's anywhere.
        let often = contract(
            r#"{"command": "bin/rails invoices:remind", "frequency": "every 10 minutes"}"#,
        );
        let ny = "  timeZone: America/New_York\n";
        assert_clean(
            RuleId::EG803,
            &[
                ("migration-contract.json", &often),
                ("k8s/remind.yaml", &k8s_cron("*/10 * * * *", ny)),
            ],
        );
        let f = findings(
            RuleId::EG803,
            &[
                ("migration-contract.json", &often),
                ("k8s/remind.yaml", &k8s_cron("*/15 * * * *", ny)),
            ],
        );
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(!f[0].message.contains("daylight"), "{}", f[0].message);
        // The contract keeps the job at 09:00 in Chicago: a CronJob there is the port.
        let kept = contract(
            r#"{"command": "bin/rails invoices:remind", "schedule": "0 9 * * *", "target": {"timezone": "America/Chicago"}}"#,
        );
        assert_clean(
            RuleId::EG803,
            &[
                ("migration-contract.json", &kept),
                (
                    "k8s/remind.yaml",
                    &k8s_cron("0 9 * * *", "  timeZone: America/Chicago\n"),
                ),
            ],
        );
        assert_fires_n(
            RuleId::EG803,
            &[
                ("migration-contract.json", &kept),
                ("render.yaml", &render_cron("0 9 * * *")),
            ],
            1,
        );
    }

    #[test]
    fn no_target_or_not_the_app() {
        assert_clean(RuleId::EG803, &[CONTRACT]);
        assert_clean(
            RuleId::EG803,
            &[
                CONTRACT,
                (
                    "docker-compose.yml",
                    "services:\n  web:\n    build: .\n    command: bundle exec puma\n",
                ),
            ],
        );
        assert_clean(
            RuleId::EG803,
            &[
                ("api/migration-contract.json", CONTRACT.1),
                ("web/render.yaml", RENDER_WEB),
            ],
        );
        assert_clean(
            RuleId::EG803,
            &[
                ("spec/fixtures/migration-contract.json", CONTRACT.1),
                ("render.yaml", RENDER_WEB),
            ],
        );
        assert_eq!(
            supercronic_file("supercronic -passthrough-logs /app/crontab"),
            Some("crontab")
        );
        assert_eq!(supercronic_file("bundle exec puma"), None);
    }
}
