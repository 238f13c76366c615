//! sidekiq-cron style job maps (`name: { cron: "0 3 * * *", class: "Job" }`), recognised in any
//! YAML document by their shape. A zone may follow the fields (`0 22 * * 1-5 America/Chicago`).

use super::super::{cron, CronJob, CronOrigin, Cx, Lit, ZoneFix};
use crate::parse::{yaml, Tree};
use crate::source::Span;

pub fn extract_doc(cx: &mut Cx, doc: &yaml::Node) {
    if !cx.hits.has(Lit::Cron) {
        return;
    }
    let mut jobs = Vec::new();
    yaml::visit_maps(doc, &mut |m| {
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
        let timezone = cron::trailing_tz(&expr);
        let zone_fix = append_zone(cx.text, span);
        cx.facts.cron_jobs.push(CronJob {
            at: cx.loc(span),
            zone_sensitive: cron::zone_sensitive(&expr),
            schedule: expr,
            timezone,
            origin: CronOrigin::SidekiqCron,
            name,
            zone_fix,
        });
    }
}

/// ` Etc/UTC` after the fields, inside the quotes; only for a one-line scalar.
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
