//! The whenever gem's `config/schedule.rb`: it writes the host's crontab, so its jobs use the
//! host zone unless the schedule sets `env 'CRON_TZ', ...`.

use std::sync::LazyLock;

use regex::Regex;

use super::super::parsed::Parsed;
use super::super::{cron, CronJob, CronOrigin, Cx, UtcConversion};
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

/// A method defined in the schedule file (a helper its `every` lines call).
static DEF: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?m)^([ \t]*)def[ \t]+([A-Za-z_][0-9A-Za-z_]*[?!]?)").unwrap()
});
/// Code that turns a time into UTC: `.utc`, `getutc`, `local_to_utc`, `utc_offset`.
static TO_UTC: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?:(?-u:\b)local_to_utc|(?-u:\b)getutc|(?-u:\b)utc_offset|\.utc)(?-u:\b)")
        .unwrap()
});

/// Helpers of the file that convert to UTC: their name and where it is defined.
fn utc_helpers(masked: &str) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    for c in DEF.captures_iter(masked) {
        let (indent, name) = (c.get(1).unwrap().as_str(), c.get(2).unwrap());
        let body_start = crate::source::line_end(masked, name.end());
        let mut end = masked.len();
        let mut at = body_start;
        for line in masked[body_start..].split_inclusive('\n') {
            let t = line.trim_end();
            if t.strip_prefix(indent)
                .is_some_and(|r| r == "end" || r.starts_with("end "))
            {
                end = at;
                break;
            }
            at += line.len();
        }
        if TO_UTC.is_match(&masked[body_start..end]) {
            out.push((
                name.as_str().to_string(),
                Span::new(name.start(), name.end()),
            ));
        }
    }
    out
}

/// Where a conversion to UTC is written, and what it is (a helper's name, or the expression).
type Conversion = (Span, String);

/// The UTC conversion an `every` line's arguments make, if any: a call of one of the file's
/// helpers, else the inline expression (`at: Time.zone.parse("03:00").utc`).
fn conversion(args: &str, base: usize, helpers: &[(String, Span)]) -> Option<Conversion> {
    for (name, def) in helpers {
        let called = args.match_indices(name.as_str()).any(|(i, _)| {
            let before = args[..i].chars().next_back();
            let after = args[i + name.len()..].chars().next();
            !before.is_some_and(|b| b.is_alphanumeric() || b == '_' || b == '.')
                && matches!(after, Some('(' | ' ' | '"' | '\''))
        });
        if called {
            return Some((*def, name.clone()));
        }
    }
    let m = TO_UTC.find(args)?;
    let from = args.find("at:").map_or(0, |p| p + 3);
    let from = from + (args[from..].len() - args[from..].trim_start().len());
    let what = args.get(from..m.end()).filter(|w| !w.is_empty())?;
    Some((Span::new(base + from, base + m.end()), what.to_string()))
}

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
    let helpers = utc_helpers(masked);
    let found: Vec<(Span, String, Option<Conversion>)> = EVERY
        .captures_iter(masked)
        .map(|c| {
            let m = c.get(0).unwrap();
            let start = m.start() + (m.as_str().len() - m.as_str().trim_start().len());
            let args = c.get(1).unwrap();
            let converted = conversion(args.as_str(), args.start(), &helpers);
            (Span::new(start, m.end()), c[1].to_string(), converted)
        })
        .collect();
    for (span, schedule, converted) in found {
        if let Some((cause, what)) = converted {
            cx.facts.utc_conversions.push(UtcConversion {
                at: cx.loc(span),
                cause: cx.loc(cause),
                what,
            });
        }
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
