//! The webhooks phase: for each `webhooks:` entry, its new URL, a delivery with a wrong
//! signature, with `--send-test-deliveries` a correctly signed one, and the provider's list of
//! registered endpoints when its API key is set.

use super::{expanded, Phase, PhaseCx};
use crate::manifest::Manifest;
use crate::rules::RuleId;
use crate::verify::expand::expand;
use crate::verify::facts::{PhaseFacts, Seen, Unverified, WebhookFacts};
use crate::verify::probe::http;
use crate::verify::rules::{self, Live};
use crate::verify::webhook::{self, Provider};

pub struct Webhooks;

impl Phase for Webhooks {
    fn name(&self) -> &'static str {
        "webhooks"
    }

    fn probes(&self) -> &'static str {
        "each webhook's new URL: signed and wrong-signature deliveries, the provider's endpoint list"
    }

    fn needs(&self) -> &'static str {
        "webhooks"
    }

    fn rules(&self) -> &'static [RuleId] {
        &[
            RuleId::EG931,
            RuleId::EG932,
            RuleId::EG933,
            RuleId::EG934,
            RuleId::EG935,
        ]
    }

    fn observe(&self, cx: &PhaseCx, live: &mut Live) -> PhaseFacts {
        PhaseFacts::Webhooks(probe(cx, live))
    }

    fn judge(&self, manifest: &Manifest, facts: &PhaseFacts, live: &mut Live) {
        if let PhaseFacts::Webhooks(hooks) = facts {
            for w in hooks {
                rules::webhooks::check(w, live);
            }
        }
        // A provider the manifest says moves, with no entry to test: not verified.
        for p in &manifest.webhook_providers {
            let named = |w: &crate::manifest::WebhookEntry| {
                w.provider.trim().eq_ignore_ascii_case(p.value.trim())
            };
            if !manifest.webhooks.iter().any(named) {
                let why = Unverified::NotConfigured {
                    key: format!("webhooks[provider: {}]", p.value.trim()),
                    place: None,
                };
                live.unknown(format!("{} webhook", p.value.trim()), &why, Some(p.at));
            }
        }
    }
}

fn probe(cx: &PhaseCx, live: &mut Live) -> Vec<WebhookFacts> {
    let limits = http::Limits {
        timeout: cx.opts.timeout,
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let mut seen = Vec::new();
    for w in &cx.manifest.webhooks {
        let provider = Provider::parse(&w.provider).unwrap_or(Provider::Generic);
        let secret = w
            .secret
            .as_ref()
            .map(|s| expanded(s, "webhooks[].secret", cx.line));
        let new_url = match &w.new_url {
            Some(s) => expanded(s, "webhooks[].new_url", cx.line),
            None => Err(Unverified::NotConfigured {
                key: "new_url".into(),
                place: None,
            }),
        };
        let current_url = w.current_url.as_ref().and_then(|s| expand(&s.value).ok());
        let body = webhook::ping_body(provider);
        let post = |headers: &[(String, String)]| -> Seen<u16> {
            let url = new_url.as_ref().map_err(Clone::clone)?;
            http::send("POST", url, headers, Some(&body), &limits).map(|r| r.status)
        };
        let unsigned = new_url
            .is_ok()
            .then(|| post(&webhook::wrong_signature_headers(provider, &body, now)));
        let signed = match (cx.opts.send_test_deliveries, &secret) {
            (false, _) => {
                live.note(format!(
                    "{}: signed test delivery not sent (pass --send-test-deliveries)",
                    provider.name()
                ));
                None
            }
            (true, None) => Some(Err(Unverified::NoSecret)),
            (true, Some(Err(why))) => Some(Err(why.clone())),
            (true, Some(Ok(s))) => match webhook::signed_headers(provider, s, &body, now) {
                Some(headers) => Some(post(&headers)),
                None => Some(Err(Unverified::Unsupported(format!(
                    "{} signs deliveries with its own key: send a test event from its dashboard",
                    provider.name()
                )))),
            },
        };
        let key_var = match provider {
            Provider::Stripe => Some("STRIPE_API_KEY"),
            Provider::GitHub => Some("GITHUB_TOKEN"),
            Provider::SendGrid => Some("SENDGRID_API_KEY"),
            Provider::Generic => None,
        };
        let key = key_var
            .and_then(|v| std::env::var(v).ok())
            .filter(|k| !k.is_empty());
        let registered = match (key, provider.default_api_base()) {
            (Some(key), Some(default_base)) => {
                let api = webhook::Api {
                    base: w
                        .api_base
                        .clone()
                        .unwrap_or_else(|| default_base.to_string()),
                    key,
                };
                Some(webhook::registrations(
                    provider,
                    &api,
                    w.repo.as_deref(),
                    &limits,
                ))
            }
            _ => {
                if let Some(var) = key_var {
                    live.note(format!(
                        "{}: endpoint registration not checked ({var} is not set)",
                        provider.name()
                    ));
                }
                None
            }
        };
        let facts = WebhookFacts {
            provider: provider.name().to_string(),
            at: w.at,
            new_url: new_url
                .as_deref()
                .map(http::redact_url)
                .map_err(Clone::clone),
            current_url: current_url.as_deref().map(http::redact_url),
            unsigned,
            signed,
            registered,
        };
        seen.push(facts);
    }
    seen
}
