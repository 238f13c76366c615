//! Kubernetes objects, recognised in any YAML document by their `kind`. A CronJob's schedule
//! runs in kube-controller-manager's zone unless `spec.timeZone` names one.

use super::super::{cron, CronJob, CronOrigin, Cx, ZoneFix};
use crate::parse::{yaml, Tree};
use crate::source::Span;

/// Read a document if it is a Kubernetes object egress knows; false if it is not one.
pub fn extract_doc(cx: &mut Cx, doc: &yaml::Node) -> bool {
    if doc.get("kind").and_then(|k| k.as_str()) != Some("CronJob") {
        return false;
    }
    let spec = doc.get("spec");
    if let Some(schedule) = spec.and_then(|s| s.get("schedule")) {
        let text = schedule.as_str().unwrap_or("").to_string();
        let timezone = spec
            .and_then(|s| s.get("timeZone"))
            .and_then(|t| t.as_value_str())
            .map(str::to_string)
            .or_else(|| cron::inline_tz(&text));
        let name = doc
            .path(&["metadata", "name"])
            .and_then(|n| n.as_str())
            .map(str::to_string);
        let zone_fix = time_zone_key(cx.text, schedule.span);
        cx.facts.cron_jobs.push(CronJob {
            at: cx.loc(schedule.span),
            zone_sensitive: cron::zone_sensitive(&text),
            schedule: text,
            timezone,
            origin: CronOrigin::KubernetesCronJob,
            name,
            zone_fix: Some(zone_fix),
        });
    }
    true
}

/// `timeZone: Etc/UTC` on the line after `schedule:`, at its indentation, with the file's line
/// endings.
fn time_zone_key(text: &str, schedule: Span) -> ZoneFix {
    let start = schedule.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ')
        .collect();
    let line_end = crate::source::line_end(text, schedule.end);
    let nl = if text[line_end..].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    ZoneFix {
        span: Span::new(line_end, line_end),
        text: format!("{nl}{indent}timeZone: Etc/UTC"),
        description: "add `timeZone: Etc/UTC`",
    }
}
