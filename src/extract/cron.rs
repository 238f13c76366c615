//! Cron expressions and zone names as every scheduler format writes them, and node-cron /
//! `cron` schedules in JavaScript and TypeScript code (a library, not a file format). The
//! formats that hold schedules are in `formats/` (crontab, whenever, Kubernetes, sidekiq-cron).

use std::sync::LazyLock;

use regex::Regex;

use super::{CronJob, CronOrigin, Cx};
use crate::parse::lexer::Lexed;
use crate::source::Span;

static TZ_NAME: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"^(?:UTC|GMT|Z|Etc/[A-Za-z0-9+_-]+|[A-Z][A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+)$")
        .unwrap()
});

/// Whether a cron expression means something else in another zone: a daily-or-longer macro
/// (`@daily`, `@weekly`, `@monthly`, `@yearly`, `@annually`, `@midnight`), or fields that fix an
/// hour (the hour field is not `*` or `*/n`) or a day (day of month, month or day of week is not
/// `*`). `*/5 * * * *`, `0 * * * *` and `@hourly` run alike everywhere. Six fields or more
/// (node-cron and Quartz put seconds first) are read from the second; an inline `CRON_TZ=` or a
/// trailing zone name is left out; anything that does not parse counts as sensitive.
pub fn zone_sensitive(expr: &str) -> bool {
    let fields: Vec<&str> = expr
        .split_whitespace()
        .filter(|f| !f.contains('=') && !TZ_NAME.is_match(f))
        .collect();
    if let Some(m) = fields.first().filter(|f| f.starts_with('@')) {
        return !matches!(
            m.to_ascii_lowercase().as_str(),
            "@hourly" | "@reboot" | "@every"
        );
    }
    let f = match fields.len() {
        5 => &fields[..],
        n if n > 5 => &fields[1..6],
        _ => return true,
    };
    let hour = f[1];
    let any_hour = hour == "*" || hour.starts_with("*/");
    !any_hour || f[2..].iter().any(|d| !matches!(*d, "*" | "?"))
}

/// `CRON_TZ=Europe/Paris 0 3 * * *` (Kubernetes rejects this form since 1.29, but it names a zone).
pub fn inline_tz(schedule: &str) -> Option<String> {
    let first = schedule.split_whitespace().next()?;
    first
        .strip_prefix("CRON_TZ=")
        .or_else(|| first.strip_prefix("TZ="))
        .map(str::to_string)
}

/// sidekiq-cron accepts a zone after the fields: `0 22 * * 1-5 America/Chicago`.
pub fn trailing_tz(expr: &str) -> Option<String> {
    let last = expr.split_whitespace().last()?;
    TZ_NAME
        .is_match(last)
        .then(|| last.to_string())
        .or_else(|| inline_tz(expr))
}

static ISO_OFFSET: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r"\d(?:Z|[+-]\d\d:?\d\d)$").unwrap());

/// A point in time that carries its own offset (`2030-01-01T09:00:00Z`, `...+02:00`): no zone
/// is left for the scheduler to choose.
pub fn iso_offset(time: &str) -> Option<String> {
    let t = time.trim();
    ISO_OFFSET.is_match(t).then(|| {
        let at = t.rfind(['Z', '+', '-']).unwrap_or(t.len());
        t[at..].to_string()
    })
}

static NODE_CRON: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?-u:\b)(?:cron\s*\.\s*schedule|new\s+CronJob|CronJob\s*\.\s*from)\s*\(")
        .unwrap()
});
static TZ_KEY: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r"(?-u:\b)(?:timezone|timeZone)\s*:").unwrap());

/// node-cron `cron.schedule(expr, fn, { timezone })` and the `cron` package's `CronJob`.
pub fn node_cron(cx: &mut Cx, lexed: &Lexed) {
    let masked = &lexed.masked;
    let mut jobs = Vec::new();
    for m in NODE_CRON.find_iter(masked) {
        let open = m.end() - 1;
        let close = matching_paren(masked, open, &lexed.strings);
        let args = &masked[open + 1..close];
        let is_cronjob_ctor = m.as_str().starts_with("new");
        let arg_count = top_level_args(args, open + 1, &lexed.strings);
        let mut timezone = TZ_KEY
            .is_match(args)
            .then(|| "(set in options)".to_string());
        if is_cronjob_ctor && timezone.is_none() && arg_count.len() >= 5 {
            let tz_arg = arg_count[4].trim();
            if !matches!(tz_arg, "null" | "undefined" | "") {
                timezone = Some(tz_arg.trim_matches(['\'', '"', '`']).to_string());
            }
        }
        let schedule = lexed
            .strings
            .iter()
            .find(|s| s.start > open && s.end <= close)
            .map(|s| {
                let inner = Span::new(s.start + 1, s.end.saturating_sub(1).max(s.start + 1));
                crate::source::slice(cx.text, inner).to_string()
            })
            .unwrap_or_default();
        jobs.push((
            Span::new(m.start(), (close + 1).min(masked.len())),
            schedule,
            timezone,
        ));
    }
    for (span, schedule, timezone) in jobs {
        let span = first_line(cx.text, span);
        cx.facts.cron_jobs.push(CronJob {
            at: cx.loc(span),
            zone_sensitive: zone_sensitive(&schedule),
            schedule,
            timezone,
            origin: CronOrigin::NodeCron,
            name: None,
            zone_fix: None,
        });
    }
}

/// Findings on a multi-line call point at its first line.
fn first_line(text: &str, span: Span) -> Span {
    Span::new(
        span.start,
        crate::source::line_end(text, span.start).min(span.end),
    )
}

fn in_string(pos: usize, strings: &[Span]) -> Option<Span> {
    let i = strings.partition_point(|s| s.end <= pos);
    strings.get(i).filter(|s| s.start <= pos).copied()
}

pub(super) fn matching_paren(text: &str, open: usize, strings: &[Span]) -> usize {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        if let Some(s) = in_string(i, strings) {
            i = s.end.max(i + 1);
            continue;
        }
        match b[i] {
            b'(' | b'{' | b'[' => depth += 1,
            b')' | b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Unclosed: the call runs to the end of the text.
    b.len()
}

/// Top-level comma-separated arguments of a call body.
fn top_level_args<'a>(args: &'a str, base: usize, strings: &[Span]) -> Vec<&'a str> {
    let b = args.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut last = 0;
    let mut i = 0;
    while i < b.len() {
        if let Some(s) = in_string(base + i, strings) {
            i = (s.end - base).max(i + 1);
            continue;
        }
        match b[i] {
            b'(' | b'{' | b'[' => depth += 1,
            b')' | b'}' | b']' => depth -= 1,
            b',' if depth == 0 => {
                out.push(&args[last..i]);
                last = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if !args[last..].trim().is_empty() {
        out.push(&args[last..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::zone_sensitive;

    #[test]
    fn schedules_that_fix_an_hour_or_a_day() {
        for e in [
            "0 3 * * *",
            "30 4 * * 1-5",
            "*/10 * * * 1",
            "0 * 1 * *",
            "0 0,12 * * *",
            "@daily",
            "@weekly",
            "@monthly",
            "@yearly",
            "@annually",
            "@midnight",
            "0 0 3 * * *",
            "CRON_TZ=Europe/Paris 0 3 * * *",
            "0 22 * * 1-5 America/Chicago",
            "",
            "not a schedule",
        ] {
            assert!(zone_sensitive(e), "{e:?}");
        }
        for e in [
            "*/5 * * * *",
            "* * * * *",
            "0 * * * *",
            "15 */2 * * *",
            "@hourly",
            "@every 1h",
            "*/30 * * * * *",
            "0 * * * ? UTC",
        ] {
            assert!(!zone_sensitive(e), "{e:?}");
        }
    }
}
