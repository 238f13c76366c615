//! The health phase: `GET target.url + verification.health_endpoint` with the manifest's retry
//! policy.

use super::{expanded, Phase, PhaseCx};
use crate::manifest::Manifest;
use crate::rules::RuleId;
use crate::source::Loc;
use crate::verify::facts::{HealthFacts, PhaseFacts, Seen, Unverified};
use crate::verify::probe::http;
use crate::verify::rules::{self, Live};

pub struct Health;

impl Phase for Health {
    fn name(&self) -> &'static str {
        "health"
    }

    fn probes(&self) -> &'static str {
        "GET target.url + verification.health_endpoint, with the manifest's retries and backoff"
    }

    fn needs(&self) -> &'static str {
        "target.url"
    }

    fn rules(&self) -> &'static [RuleId] {
        &[RuleId::EG921]
    }

    fn observe(&self, cx: &PhaseCx, _live: &mut Live) -> PhaseFacts {
        let Some((url, at)) = health_url(cx.manifest, cx.line) else {
            return PhaseFacts::Health(None);
        };
        let shown = url
            .as_deref()
            .map_or_else(|_| "health endpoint".to_string(), http::redact_url);
        let h = &cx.manifest.health;
        let policy = http::HealthPolicy {
            retries: h.retries,
            backoff: h.backoff,
            timeout: h.timeout.min(cx.opts.timeout),
        };
        // On a terminal, each retry is shown: a slow-starting target can take minutes.
        // The error text is not shown: it may quote the URL as written, credentials and all
        // (the report cleans it; this line goes straight to the terminal).
        let tries = policy.retries.min(crate::manifest::MAX_RETRIES) + 1;
        let retrying = |n: u32, why: &str, wait: std::time::Duration| {
            if cx.opts.progress {
                let why = if why.starts_with("HTTP ") {
                    why
                } else {
                    "no answer"
                };
                eprint!(
                    "\r\x1b[2Khealth: try {n}/{tries} of {shown}: {why}; next in {:.0}s",
                    wait.as_secs_f64()
                );
            }
        };
        let outcome = url.map(|u| http::health_reporting(&u, &policy, &retrying));
        if cx.opts.progress {
            eprint!("\r\x1b[2K");
        }
        PhaseFacts::Health(Some(HealthFacts {
            url: shown,
            at: Some(at),
            outcome,
        }))
    }

    fn judge(&self, manifest: &Manifest, facts: &PhaseFacts, live: &mut Live) {
        match facts {
            PhaseFacts::Health(Some(h)) => rules::health::check(h, live),
            PhaseFacts::Health(None) => {
                if let (None, Some(e)) = (&manifest.target_url, &manifest.health_endpoint) {
                    let why = Unverified::NotConfigured {
                        key: "target.url".into(),
                        place: None,
                    };
                    live.unknown("health endpoint", &why, Some(e.at));
                }
            }
            _ => {}
        }
    }
}

/// The URL to check (`target.url`, joined with `verification.health_endpoint` when there is
/// one), `${VAR}`-expanded, and the manifest entry it is reported at; `None` without
/// `target.url`.
pub fn health_url(m: &Manifest, line: &dyn Fn(Loc) -> usize) -> Option<(Seen<String>, Loc)> {
    let base = m.target_url.as_ref()?;
    let endpoint = &m.health_endpoint;
    let at = endpoint.as_ref().map_or(base.at, |e| e.at);
    let url = expanded(base, "target.url", line).and_then(|b| {
        // Without a scheme every try fails the same way: say so at once, without retries.
        let scheme = b.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
        if matches!(scheme.as_deref(), Some("http" | "https")) {
            Ok(b)
        } else {
            Err(Unverified::Invalid {
                key: "target.url".into(),
                place: format!("manifest line {}", line(base.at)),
                detail: format!(
                    "`{}` is not an http:// or https:// URL",
                    http::redact_url(&b)
                ),
            })
        }
    });
    let url = url.and_then(|b| match endpoint {
        Some(e) => expanded(e, "verification.health_endpoint", line)
            .map(|p| format!("{}/{}", b.trim_end_matches('/'), p.trim_start_matches('/'))),
        None => Ok(b),
    });
    Some((url, at))
}
