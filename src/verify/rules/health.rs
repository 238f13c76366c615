//! The health phase: EG921 over what the health endpoint answered.

use super::Live;
use crate::rules::{Finding, RuleId};
use crate::verify::facts::{HealthFacts, Status};

/// The URL is already redacted; `at` is the manifest entry (health_endpoint or target.url).
pub fn check(h: &HealthFacts, out: &mut Live) {
    let (url, at) = (&h.url, h.at);
    let subject = format!("GET {url}");
    let o = match &h.outcome {
        Err(why) => return out.unknown(subject, why, at),
        Ok(o) => o,
    };
    let tries = if o.attempts == 1 {
        "1 try".to_string()
    } else {
        format!("{} tries", o.attempts)
    };
    let last = match (o.status, &o.error) {
        (Some(s), _) => format!("HTTP {s}"),
        (None, Some(e)) => e.clone(),
        (None, None) => "no answer".into(),
    };
    let evidence = format!("{last} after {tries}, {:.0?}", o.elapsed);
    if o.ok {
        return out.check(subject, Status::Pass, evidence, at);
    }
    match at {
        Some(at) => {
            let f = Finding::new(RuleId::EG921, at, format!("the health check of {url} failed: {last} after {tries}"))
                .label("no 2xx from the target")
                .help("check the target's logs: the port it binds (Heroku set PORT; Fly.io does not), missing env vars, pending migrations");
            out.fail(subject, evidence, f);
        }
        None => out.check(subject, Status::Fail, evidence, None),
    }
}
