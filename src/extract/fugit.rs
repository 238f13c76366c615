//! Schedules Ruby code hands to Fugit/et-orbi schedulers: rufus-scheduler calls
//! (`scheduler.cron "0 3 * * *" do`, `.every "1d"`, `.at "2030-01-01 03:00"`), GoodJob's
//! `config.good_job.cron = { key: { cron: "0 3 * * *", class: "X" } }` and sidekiq-cron's
//! `Sidekiq::Cron::Job.create(cron: ...)`. Their zone is the one appended to the string, else
//! `TZ`, else Rails' `config.time_zone`, else the host's (the rule decides which applies).

use std::sync::LazyLock;

use regex::Regex;

use super::{cron, CronJob, CronOrigin, Cx, ZoneFix};
use crate::parse::lexer::Lexed;
use crate::source::Span;

/// `<receiver>.cron "..."`, `.every`, `.at` (and rufus' `schedule_*` spellings), up to the
/// opening quote of the first argument.
static RUFUS_CALL: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"\.\s*(?P<m>cron|every|at|schedule_cron|schedule_every|schedule_at)(?:\s*\(\s*|[ \t]+)["']"#,
    )
    .unwrap()
});
/// The hash GoodJob reads its cron entries from.
static GOOD_JOB: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r"(?-u:\b)good_job\s*(?:\.\s*cron\s*)?=\s*\{").unwrap());
static SIDEKIQ_CRON_CREATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?-u:\b)Sidekiq::Cron::Job\s*\.\s*(?:create|new)\s*\(").unwrap()
});
/// A `cron` key with a string value, in either hash syntax, up to the value's opening quote.
static CRON_KEY: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r#"(?:(?-u:\b)cron\s*:|:cron\s*=>|["']cron["']\s*=>)\s*["']"#).unwrap()
});
/// The key of an entry whose value is a hash: `nightly: {`, `:nightly => {`, `"nightly" => {`.
static ENTRY_KEY: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?:(?P<a>[A-Za-z_][0-9A-Za-z_]*)\s*:|:(?P<b>[A-Za-z_][0-9A-Za-z_]*)\s*=>|["'](?P<c>[^"'\n]+)["']\s*=>)\s*\{"#,
    )
    .unwrap()
});
static NAME_KEY: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?:(?-u:\b)name\s*:|:name\s*=>|["']name["']\s*=>)\s*["'](?P<n>[^"'\n]+)"#,
    )
    .unwrap()
});
/// A clock time or a date: what makes an `at` string a point in some zone (Nokogiri's
/// `doc.at("title")` is none).
static POINT_IN_TIME: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r"\d{1,2}:\d\d|\d{4}[-/]\d{1,2}[-/]\d{1,2}").unwrap());

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Cron,
    Every,
    At,
}

pub fn extract(cx: &mut Cx, lexed: &Lexed) {
    let masked = &lexed.masked;
    let rufus = masked.contains("Rufus") || masked.contains("rufus");
    let mut jobs: Vec<(Span, Kind, CronOrigin, Option<String>)> = Vec::new();
    for c in RUFUS_CALL.captures_iter(masked) {
        let quote = c.get(0).unwrap().end() - 1;
        let kind = match c["m"].trim_start_matches("schedule_") {
            "cron" => Kind::Cron,
            "every" => Kind::Every,
            _ => Kind::At,
        };
        // `.cron "..."` is rufus' alone; `.every` and `.at` only count in a file that uses it.
        if kind == Kind::Cron || rufus {
            jobs.push((Span::new(quote, quote), kind, CronOrigin::Rufus, None));
        }
    }
    for (re, origin) in [
        (&*GOOD_JOB, CronOrigin::GoodJob),
        (&*SIDEKIQ_CRON_CREATE, CronOrigin::SidekiqCron),
    ] {
        for m in re.find_iter(masked) {
            let open = m.end() - 1;
            let close = cron::matching_paren(masked, open, &lexed.strings);
            let body = &masked[open..close];
            for k in CRON_KEY.find_iter(body) {
                let before = &body[..k.start()];
                let name = match origin {
                    CronOrigin::GoodJob => ENTRY_KEY.captures_iter(before).last().and_then(|e| {
                        e.name("a")
                            .or(e.name("b"))
                            .or(e.name("c"))
                            .map(|n| n.as_str().to_string())
                    }),
                    _ => NAME_KEY.captures(body).map(|n| n["n"].to_string()),
                };
                let quote = open + k.end() - 1;
                jobs.push((Span::new(quote, quote), Kind::Cron, origin, name));
            }
        }
    }
    for (at, kind, origin, name) in jobs {
        let Some(lit) = lexed.strings.iter().find(|s| s.start == at.start).copied() else {
            continue;
        };
        let inner = Span::new(lit.start + 1, lit.end.saturating_sub(1).max(lit.start + 1));
        let expr = crate::source::slice(cx.text, inner);
        let interpolated = lexed
            .interpolations
            .iter()
            .any(|i| i.start >= lit.start && i.end <= lit.end);
        if interpolated || expr.contains('\n') {
            continue;
        }
        if kind == Kind::At && !POINT_IN_TIME.is_match(expr) {
            continue;
        }
        let timezone = cron::trailing_tz(expr)
            .or_else(|| (kind == Kind::At).then(|| cron::iso_offset(expr)).flatten());
        let zone_fix = (kind == Kind::Cron).then(|| ZoneFix {
            span: Span::new(inner.end, inner.end),
            text: " Etc/UTC".into(),
            description: "append `Etc/UTC` to the cron line",
        });
        cx.facts.cron_jobs.push(CronJob {
            at: cx.loc(inner),
            zone_sensitive: match kind {
                Kind::Cron => cron::zone_sensitive(expr),
                Kind::Every => false,
                Kind::At => true,
            },
            schedule: expr.to_string(),
            timezone,
            origin,
            name,
            zone_fix,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::facts;
    use crate::facts::CronOrigin;

    fn jobs(path: &str, text: &str) -> Vec<(String, CronOrigin, bool, Option<String>)> {
        facts(path, text)
            .cron_jobs
            .into_iter()
            .map(|j| (j.schedule, j.origin, j.zone_sensitive, j.timezone))
            .collect()
    }

    #[test]
    fn rufus_scheduler_calls() {
        let rb = "require \"rufus-scheduler\"\n\nscheduler = Rufus::Scheduler.new\n\nscheduler.cron \"0 3 * * *\" do\n  Reports.nightly\nend\nscheduler.cron('30 6 * * 1-5 Europe/Berlin') { Digest.send! }\nscheduler.every \"10m\" do\n  Heartbeat.ping\nend\nscheduler.at \"2030-01-01 09:00\" do\n  Launch.go!\nend\nscheduler.at \"2030-01-01T09:00:00Z\" do\n  Launch.go!\nend\nscheduler.join\n";
        let r = CronOrigin::Rufus;
        assert_eq!(
            jobs("clock.rb", rb),
            [
                ("0 3 * * *".into(), r, true, None),
                (
                    "30 6 * * 1-5 Europe/Berlin".into(),
                    r,
                    true,
                    Some("Europe/Berlin".into())
                ),
                ("10m".into(), r, false, None),
                ("2030-01-01 09:00".into(), r, true, None),
                ("2030-01-01T09:00:00Z".into(), r, true, Some("Z".into())),
            ]
        );
        // Without rufus in the file, `.at` and `.every` are someone else's (Nokogiri's
        // `doc.at("title")`); comments and interpolated strings are no schedule.
        let other = "title = doc.at(\"title\")\nlist.every \"10:00\"\n# scheduler.cron \"0 3 * * *\"\nscheduler.cron \"#{minute} 3 * * *\"\n";
        assert!(jobs("lib/scrape.rb", other).is_empty());
    }

    #[test]
    fn good_job_cron_entries() {
        let rb = "Rails.application.configure do\n  config.good_job.enable_cron = true\n  config.good_job.cron = {\n    nightly_report: {\n      cron: \"0 3 * * *\",\n      class: \"NightlyReportJob\",\n      args: [42],\n    },\n    :sweep => { :cron => \"*/15 * * * *\", :class => \"SweepJob\" },\n    \"digest\" => { \"cron\" => \"0 7 * * 1 America/Chicago\", \"class\" => \"DigestJob\" },\n  }\nend\n";
        let f = facts("config/initializers/good_job.rb", rb);
        let got: Vec<_> = f
            .cron_jobs
            .iter()
            .map(|j| {
                (
                    j.name.as_deref(),
                    j.schedule.as_str(),
                    j.origin,
                    j.timezone.as_deref(),
                )
            })
            .collect();
        let g = CronOrigin::GoodJob;
        assert_eq!(
            got,
            [
                (Some("nightly_report"), "0 3 * * *", g, None),
                (Some("sweep"), "*/15 * * * *", g, None),
                (
                    Some("digest"),
                    "0 7 * * 1 America/Chicago",
                    g,
                    Some("America/Chicago")
                ),
            ]
        );
    }

    #[test]
    fn sidekiq_cron_in_code() {
        let rb = "Sidekiq::Cron::Job.create(name: \"nightly\", cron: \"0 3 * * *\", class: \"NightlyJob\")\n";
        let f = facts("config/initializers/sidekiq.rb", rb);
        assert_eq!(f.cron_jobs.len(), 1);
        assert_eq!(f.cron_jobs[0].origin, CronOrigin::SidekiqCron);
        assert_eq!(f.cron_jobs[0].name.as_deref(), Some("nightly"));
    }
}
