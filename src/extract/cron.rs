//! Scheduled jobs and the time zone each one names, if any: crontabs, Kubernetes CronJobs,
//! whenever, node-cron / cron, sidekiq-cron.

use crate::parse::Tree;
use std::sync::LazyLock;

use regex::Regex;

use super::{CronJob, CronOrigin, Cx, Lit};
use crate::parse::lexer::Lexed;
use crate::parse::yaml;
use crate::source::Span;

static ENV_ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r#"^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"?([^"]*)"?\s*$"#).unwrap()
});
static TZ_NAME: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"^(?:UTC|GMT|Z|Etc/[A-Za-z0-9+_-]+|[A-Z][A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+)$")
        .unwrap()
});

/// crontab files: `CRON_TZ=` / `TZ=` lines set the zone of the entries below them.
pub fn crontab(cx: &mut Cx) {
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
        let at = cx.loc(Span::new(
            line_start + indent,
            line_start + indent + sched_end,
        ));
        cx.facts.cron_jobs.push(CronJob {
            at,
            zone_sensitive: zone_sensitive(&schedule),
            schedule,
            timezone: tz.clone(),
            origin: CronOrigin::Crontab,
            name: None,
        });
    }
}

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

/// whenever's `every` arguments: `10.minutes`, `2.hours`, `:hour` and `:reboot` run alike in
/// every zone; a cron string is judged as one; `1.day, at: ...`, `:monday`, `:day` and anything
/// else fix a time of day or a day.
fn whenever_zone_sensitive(args: &str) -> bool {
    let first = args.split(',').next().unwrap_or("").trim();
    if let Some(expr) = first
        .strip_prefix(['\'', '"'])
        .and_then(|f| f.strip_suffix(['\'', '"']))
    {
        return zone_sensitive(expr);
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

/// Kubernetes CronJob documents and sidekiq-cron style job maps in any YAML document.
pub fn from_yaml(cx: &mut Cx, doc: &yaml::Node) {
    if doc.get("kind").and_then(|k| k.as_str()) == Some("CronJob") {
        let spec = doc.get("spec");
        if let Some(schedule) = spec.and_then(|s| s.get("schedule")) {
            let text = schedule.as_str().unwrap_or("").to_string();
            let timezone = spec
                .and_then(|s| s.get("timeZone"))
                .and_then(|t| t.as_value_str())
                .map(str::to_string)
                .or_else(|| inline_tz(&text));
            let name = doc
                .path(&["metadata", "name"])
                .and_then(|n| n.as_str())
                .map(str::to_string);
            cx.facts.cron_jobs.push(CronJob {
                at: cx.loc(schedule.span),
                zone_sensitive: zone_sensitive(&text),
                schedule: text,
                timezone,
                origin: CronOrigin::KubernetesCronJob,
                name,
            });
        }
        return;
    }
    if !cx.hits.has(Lit::Cron) {
        return;
    }
    let mut jobs = Vec::new();
    super::structured::visit_maps(doc, &mut |m| {
        for (name, job) in m.entries() {
            let (Some(cron), true) = (job.get("cron"), job.get("class").is_some()) else {
                continue;
            };
            if let Some(expr) = cron.as_str() {
                jobs.push((
                    cron.span,
                    expr.to_string(),
                    name.as_str().map(str::to_string),
                ));
            }
        }
    });
    for (span, expr, name) in jobs {
        let timezone = trailing_tz(&expr);
        cx.facts.cron_jobs.push(CronJob {
            at: cx.loc(span),
            zone_sensitive: zone_sensitive(&expr),
            schedule: expr,
            timezone,
            origin: CronOrigin::SidekiqCron,
            name,
        });
    }
}

/// `CRON_TZ=Europe/Paris 0 3 * * *` (Kubernetes rejects this form since 1.29, but it names a zone).
fn inline_tz(schedule: &str) -> Option<String> {
    let first = schedule.split_whitespace().next()?;
    first
        .strip_prefix("CRON_TZ=")
        .or_else(|| first.strip_prefix("TZ="))
        .map(str::to_string)
}

/// sidekiq-cron accepts a zone after the fields: `0 22 * * 1-5 America/Chicago`.
fn trailing_tz(expr: &str) -> Option<String> {
    let last = expr.split_whitespace().last()?;
    TZ_NAME
        .is_match(last)
        .then(|| last.to_string())
        .or_else(|| inline_tz(expr))
}

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

/// whenever writes the host's crontab: its jobs use the host zone unless the schedule sets
/// `env 'CRON_TZ', ...`.
pub fn whenever(cx: &mut Cx) {
    let lexed = cx.lexed(crate::discover::Lang::Ruby);
    let tz = WHENEVER_TZ
        .captures(&lexed.masked)
        .map(|c| c[1].to_string());
    let found: Vec<(Span, String)> = EVERY
        .captures_iter(&lexed.masked)
        .map(|c| {
            let m = c.get(0).unwrap();
            let start = m.start() + (m.as_str().len() - m.as_str().trim_start().len());
            (Span::new(start, m.end()), c[1].to_string())
        })
        .collect();
    for (span, schedule) in found {
        cx.facts.cron_jobs.push(CronJob {
            at: cx.loc(span),
            zone_sensitive: whenever_zone_sensitive(&schedule),
            schedule,
            timezone: tz.clone(),
            origin: CronOrigin::Whenever,
            name: None,
        });
    }
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

fn matching_paren(text: &str, open: usize, strings: &[Span]) -> usize {
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
    use super::{whenever_zone_sensitive, zone_sensitive};

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
