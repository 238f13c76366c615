//! The webhooks phase: EG931-EG935 over what each endpoint and provider answered.

use super::Live;
use crate::rules::{Finding, RuleId};
use crate::verify::facts::{Status, WebhookFacts};

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.split(':').next().unwrap_or(host)
}

fn is_loopback(h: &str) -> bool {
    h == "localhost" || h.starts_with("127.") || h == "[::1]"
}

pub fn check(w: &WebhookFacts, out: &mut Live) {
    let name = &w.provider;
    let new = match &w.new_url {
        Err(why) => return out.unknown(format!("{name} webhook"), why, Some(w.at)),
        Ok(u) => u,
    };
    let new_host = host(new).to_ascii_lowercase();
    // Loopback endpoints are test receivers; a real deployment is never there. Plain http to
    // one passes, but not as "uses https".
    let https = new.starts_with("https://");
    if !https && is_loopback(&new_host) {
        out.check(
            format!("{name} webhook on a loopback host"),
            Status::Pass,
            format!("{new}: plain http to a local receiver (a deployment needs https)"),
            Some(w.at),
        );
    } else if !https {
        let f = Finding::new(
            RuleId::EG931,
            w.at,
            format!("the {name} webhook's new URL {new} is not https"),
        )
        .label("plain http")
        .help("use the target's https URL");
        out.fail(format!("{name} webhook uses https"), new.clone(), f);
    } else {
        out.check(
            format!("{name} webhook uses https"),
            Status::Pass,
            new.clone(),
            Some(w.at),
        );
    }
    let same = w
        .current_url
        .as_deref()
        .is_some_and(|c| c.trim_end_matches('/') == new.trim_end_matches('/'));
    if same || new_host.ends_with(".herokuapp.com") {
        let why = if same {
            "equals current_url"
        } else {
            "still a *.herokuapp.com host"
        };
        let f = Finding::new(
            RuleId::EG932,
            w.at,
            format!("the {name} webhook's new URL {why}"),
        )
        .label("still on Heroku")
        .help("point new_url at the target and re-point the endpoint at the provider");
        out.fail(format!("{name} webhook moved"), why, f);
    } else {
        out.check(
            format!("{name} webhook moved"),
            Status::Pass,
            format!("host {new_host}"),
            Some(w.at),
        );
    }
    if let Some(unsigned) = &w.unsigned {
        let subject = format!("{name} webhook rejects a wrong signature");
        match unsigned {
            Err(why) => out.unknown(subject, why, Some(w.at)),
            Ok(s @ 200..=299) => {
                let f = Finding::new(RuleId::EG935, w.at, format!("{new} answered {s} to a delivery with a wrong signature"))
                    .label("signatures not verified")
                    .help("verify the provider's signature with the endpoint's secret and answer 400 when it does not match");
                out.fail(subject, format!("HTTP {s}"), f);
            }
            Ok(s) => out.check(
                subject,
                Status::Pass,
                format!("rejected with HTTP {s}"),
                Some(w.at),
            ),
        }
    }
    if let Some(signed) = &w.signed {
        let subject = format!("{name} signed test delivery");
        match signed {
            Err(why) => out.unknown(subject, why, Some(w.at)),
            Ok(s @ 200..=299) => out.check(subject, Status::Pass, format!("HTTP {s}"), Some(w.at)),
            Ok(s) => {
                let f = Finding::new(
                    RuleId::EG933,
                    w.at,
                    format!("a correctly signed test delivery to {new} got HTTP {s}"),
                )
                .label("delivery failed")
                .help(
                    "check the target's logs and that the app has this endpoint's current secret",
                );
                out.fail(subject, format!("HTTP {s}"), f);
            }
        }
    }
    if let Some(registered) = &w.registered {
        let subject = format!("{name} endpoint registered");
        match registered {
            Err(why) => out.unknown(subject, why, Some(w.at)),
            Ok(urls) => {
                let has_new = urls
                    .iter()
                    .any(|u| u.trim_end_matches('/') == new.trim_end_matches('/'));
                let old_host = w
                    .current_url
                    .as_deref()
                    .map(host)
                    .map(str::to_ascii_lowercase);
                let stale: Vec<&String> = urls
                    .iter()
                    .filter(|u| {
                        let h = host(u).to_ascii_lowercase();
                        h.ends_with(".herokuapp.com")
                            || old_host.as_deref() == Some(h.as_str()) && h != new_host
                    })
                    .collect();
                if has_new && stale.is_empty() {
                    out.check(
                        subject,
                        Status::Pass,
                        format!("{} endpoint(s), new URL registered", urls.len()),
                        Some(w.at),
                    );
                } else {
                    let why = if !has_new {
                        format!("the provider has no endpoint for {new}")
                    } else {
                        format!("the provider still delivers to {}", stale[0])
                    };
                    let f = Finding::new(RuleId::EG934, w.at, format!("{name}: {why}"))
                        .label("provider not re-pointed")
                        .help(
                            "update the endpoint at the provider (dashboard or API) to the new URL",
                        );
                    out.fail(subject, why, f);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Loc, Span};

    fn facts(new: &str) -> WebhookFacts {
        WebhookFacts {
            provider: "Stripe".into(),
            at: Loc {
                file: 0,
                span: Span::new(0, 1),
            },
            new_url: Ok(new.into()),
            current_url: Some("https://ledgerly.herokuapp.com/hooks/stripe".into()),
            unsigned: Some(Ok(200)),
            signed: Some(Ok(401)),
            registered: Some(Ok(vec![
                "https://ledgerly.herokuapp.com/hooks/stripe".into()
            ])),
        }
    }

    #[test]
    fn recorded_webhook_facts() {
        let mut live = Live::default();
        check(
            &facts("http://ledgerly.herokuapp.com/hooks/stripe"),
            &mut live,
        );
        let mut rules: Vec<_> = live.findings.iter().map(|f| f.rule).collect();
        rules.sort();
        assert_eq!(
            rules,
            [
                RuleId::EG931,
                RuleId::EG932,
                RuleId::EG933,
                RuleId::EG934,
                RuleId::EG935
            ]
        );
        let mut live = Live::default();
        let mut ok = facts("https://ledgerly.onrender.com/hooks/stripe");
        ok.unsigned = Some(Ok(400));
        ok.signed = Some(Ok(200));
        ok.registered = Some(Ok(
            vec!["https://ledgerly.onrender.com/hooks/stripe".into()],
        ));
        check(&ok, &mut live);
        assert!(live.findings.is_empty(), "{:?}", live.findings);
        assert!(live.checks.iter().all(|c| c.status == Status::Pass));
        assert_eq!(live.checks[0].subject, "Stripe webhook uses https");
    }

    #[test]
    fn plain_http_to_a_loopback_receiver_passes_but_not_as_https() {
        let mut live = Live::default();
        let mut local = facts("http://127.0.0.1:4000/hooks/stripe");
        local.registered = None;
        check(&local, &mut live);
        assert!(live.findings.iter().all(|f| f.rule != RuleId::EG931));
        let first = &live.checks[0];
        assert_eq!(first.subject, "Stripe webhook on a loopback host");
        assert_eq!(first.status, Status::Pass);
        assert!(live.checks.iter().all(|c| !c.subject.contains("https")));
    }
}
