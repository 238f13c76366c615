//! The whenever gem's `config/schedule.rb`: it writes the host's crontab, so its jobs use the
//! host zone unless the schedule sets `env 'CRON_TZ', ...`.

use std::sync::LazyLock;

use regex::Regex;

use super::super::parsed::Parsed;
use super::super::{cron, CronJob, CronOrigin, Cx};
use crate::source::{Lang, Span};

static EVERY: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?m)^[ \t]*every[ \t(]+([^\n]*?)[ \t)]*(?:(?-u:\b)do(?-u:\b)|\{)")
        .unwrap()
});
static WHENEVER_TZ: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?m)^[ \t]*env[ \t(]+['":]*(?:CRON_TZ|TZ)['"]?[ \t]*,[ \t]*['"]([^'"]+)['"]"#,
    )
    .unwrap()
});

pub fn extract(cx: &mut Cx, parsed: &Parsed) {
    let lexed;
    let masked = match parsed {
        Parsed::Code(l) => &l.masked,
        _ => {
            lexed = cx.lexed(Lang::Ruby);
            &lexed.masked
        }
    };
    let tz = WHENEVER_TZ.captures(masked).map(|c| c[1].to_string());
    let found: Vec<(Span, String)> = EVERY
        .captures_iter(masked)
        .map(|c| {
            let m = c.get(0).unwrap();
            let start = m.start() + (m.as_str().len() - m.as_str().trim_start().len());
            (Span::new(start, m.end()), c[1].to_string())
        })
        .collect();
    for (span, schedule) in found {
        cx.facts.cron_jobs.push(CronJob {
            at: cx.loc(span),
            zone_sensitive: zone_sensitive(&schedule),
            schedule,
            timezone: tz.clone(),
            origin: CronOrigin::Whenever,
            name: None,
            zone_fix: None,
        });
    }
}

/// whenever's `every` arguments: `10.minutes`, `2.hours`, `:hour` and `:reboot` run alike in
/// every zone; a cron string is judged as one; `1.day, at: ...`, `:monday`, `:day` and anything
/// else fix a time of day or a day.
fn zone_sensitive(args: &str) -> bool {
    let first = args.split(',').next().unwrap_or("").trim();
    if let Some(expr) = first
        .strip_prefix(['\'', '"'])
        .and_then(|f| f.strip_suffix(['\'', '"']))
    {
        return cron::zone_sensitive(expr);
    }
    if matches!(first, ":reboot" | ":hour" | ":hourly") {
        return false;
    }
    let unit = first
        .split_once('.')
        .filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .map(|(_, u)| u);
    !matches!(unit, Some("minute" | "minutes" | "hour" | "hours"))
}

#[cfg(test)]
mod tests {
    use super::zone_sensitive as whenever_zone_sensitive;

    #[test]
    fn whenever_every_arguments() {
        for a in [
            "1.day, at: '4:30 am'",
            ":monday, at: '9am'",
            ":day",
            "1.week",
            "'0 3 * * *'",
        ] {
            assert!(whenever_zone_sensitive(a), "{a:?}");
        }
        for a in [
            "10.minutes",
            "2.hours",
            "1.hour, at: 30",
            ":hour",
            ":reboot",
            "'*/5 * * * *'",
        ] {
            assert!(!whenever_zone_sensitive(a), "{a:?}");
        }
    }
}
