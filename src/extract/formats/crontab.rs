//! crontab files: `CRON_TZ=` / `TZ=` lines set the zone of the entries below them.

use std::sync::LazyLock;

use regex::Regex;

use super::super::parsed::Parsed;
use super::super::{cron, CronJob, CronOrigin, Cx, ZoneFix};
use crate::source::Span;

static ENV_ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r#"^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"?([^"]*)"?\s*$"#).unwrap()
});

pub fn extract(cx: &mut Cx, _: &Parsed) {
    // `CRON_TZ=UTC` at the top covers every entry; keep the file's line endings.
    let zone_fix = ZoneFix {
        span: Span::new(0, 0),
        text: if cx.text.contains("\r\n") {
            "CRON_TZ=UTC\r\n"
        } else {
            "CRON_TZ=UTC\n"
        }
        .into(),
        description: "add `CRON_TZ=UTC` at the top of the crontab",
    };
    let mut tz: Option<String> = None;
    let mut start = 0;
    let text = cx.text;
    for line in text.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let content = line.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some(c) = ENV_ASSIGN.captures(content) {
            if matches!(&c[1], "CRON_TZ" | "TZ") {
                tz = Some(c[2].trim().to_string());
            }
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let fields: Vec<&str> = content.split_whitespace().collect();
        let schedule_fields = if content.starts_with('@') { 1 } else { 5 };
        if fields.len() <= schedule_fields || fields[0] == "@reboot" {
            continue;
        }
        let schedule = fields[..schedule_fields].join(" ");
        let sched_end = nth_field_end(content, schedule_fields);
        let command = content[sched_end..].trim().to_string();
        let at = cx.loc(Span::new(
            line_start + indent,
            line_start + indent + sched_end,
        ));
        cx.facts.cron_jobs.push(CronJob {
            at,
            zone_sensitive: cron::zone_sensitive(&schedule),
            schedule,
            timezone: tz.clone(),
            origin: CronOrigin::Crontab,
            name: Some(command),
            zone_fix: Some(zone_fix.clone()),
        });
    }
}

/// Byte offset where the `n`th whitespace-separated field of `s` ends.
fn nth_field_end(s: &str, n: usize) -> usize {
    let mut count = 0;
    let mut in_field = false;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if in_field {
                count += 1;
                if count == n {
                    return i;
                }
            }
            in_field = false;
        } else {
            in_field = true;
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};

    #[test]
    fn entries_take_the_zone_set_above_them() {
        let text = "# nightly jobs\nMAILTO=ops@example.com\n15 3 * * * cd /app && bin/rails reports:send\nCRON_TZ=UTC\n*/5 * * * * /app/bin/poll\n@reboot /app/bin/warm\n@daily /app/bin/rotate\n";
        let f = facts("deploy/crontab", text);
        let jobs: Vec<_> = f
            .cron_jobs
            .iter()
            .map(|j| (at(text, j.at), j.timezone.as_deref(), j.zone_sensitive))
            .collect();
        assert_eq!(
            jobs,
            [
                ("15 3 * * *", None, true),
                ("*/5 * * * *", Some("UTC"), false),
                ("@daily", Some("UTC"), true),
            ]
        );
        // The fix puts one zone line at the top, in the file's line endings.
        let fix = f.cron_jobs[0].zone_fix.as_ref().unwrap();
        assert_eq!((fix.span.start, fix.text.as_str()), (0, "CRON_TZ=UTC\n"));
        let crlf = facts("deploy/crontab", "0 4 * * * /app/bin/x\r\n");
        assert_eq!(
            crlf.cron_jobs[0].zone_fix.as_ref().unwrap().text,
            "CRON_TZ=UTC\r\n"
        );
    }
}
