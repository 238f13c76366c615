//! The HTTP probe and webhook signing against real HTTP servers on 127.0.0.1.
//!
//! Each server is a std TcpListener on an ephemeral port served by one thread: it answers a
//! fixed number of requests (one per connection) and then returns what it recorded, or gives up
//! at a deadline, so every thread ends and every test is bounded.

use std::net::TcpListener;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

mod common;

use common::http::*;
use egress::verify::probe::http::{self, HealthPolicy, Limits};
use egress::verify::webhook::{self, Api, Provider};

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn limits() -> Limits {
    Limits {
        timeout: Duration::from_secs(5),
    }
}

fn policy(retries: u32) -> HealthPolicy {
    HealthPolicy {
        retries,
        backoff: Duration::from_millis(10),
        timeout: Duration::from_secs(5),
    }
}

// ---------------------------------------------------------------- http::request / health

#[test]
fn health_passes_after_two_503s() {
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let (base, server) = serve(3, move |_| {
        match calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) {
            0 | 1 => reply(503, "warming up"),
            _ => reply(200, "ok"),
        }
    });
    // Each retry is told (the terminal shows it): the failed attempt, why and the wait.
    let told = std::sync::Mutex::new(Vec::new());
    let out = http::health_reporting(&format!("{base}/healthz"), &policy(3), &|n, why, wait| {
        told.lock().unwrap().push((n, why.to_string(), wait))
    });
    assert_eq!(
        told.into_inner().unwrap(),
        [
            (1, "HTTP 503".to_string(), Duration::from_millis(10)),
            (2, "HTTP 503".to_string(), Duration::from_millis(20))
        ]
    );
    assert!(out.ok, "{out:?}");
    assert_eq!(out.attempts, 3);
    assert_eq!(out.status, Some(200));
    assert_eq!(out.error, None);
    // Backoff 10 ms then 20 ms.
    assert!(out.elapsed >= Duration::from_millis(30), "{out:?}");
    let seen = server.join().unwrap();
    assert_eq!(seen.len(), 3);
    assert!(seen
        .iter()
        .all(|r| r.method == "GET" && r.target == "/healthz"));
}

#[test]
fn health_fails_with_last_status_when_retries_run_out() {
    let (base, server) = serve(3, |_| reply(503, "down"));
    let out = http::health(&format!("{base}/healthz"), &policy(2));
    assert!(!out.ok);
    assert_eq!(out.attempts, 3);
    assert_eq!(out.status, Some(503));
    assert_eq!(out.error, None);
    assert_eq!(server.join().unwrap().len(), 3);
}

#[test]
fn health_retries_are_capped_whatever_the_policy_says() {
    // A policy built in code, not from a manifest: still at most 20 retries.
    let (base, server) = serve(21, |_| reply(503, "down"));
    let out = http::health(
        &format!("{base}/healthz"),
        &HealthPolicy {
            retries: u32::MAX,
            backoff: Duration::ZERO,
            timeout: Duration::from_secs(5),
        },
    );
    assert!(!out.ok);
    assert_eq!((out.attempts, out.status), (21, Some(503)));
    assert_eq!(server.join().unwrap().len(), 21);
}

#[test]
fn health_does_not_retry_a_4xx() {
    let (base, server) = serve(1, |_| reply(404, "no such route"));
    let out = http::health(&format!("{base}/healthz"), &policy(5));
    assert!(!out.ok);
    assert_eq!((out.attempts, out.status), (1, Some(404)));
    assert_eq!(server.join().unwrap().len(), 1);
}

#[test]
fn silent_listener_costs_at_most_the_timeout() {
    let timeout = Duration::from_secs(1);

    let (base, server) = silent();
    let start = Instant::now();
    let err = http::request("GET", &base, &[], None, &Limits { timeout }).unwrap_err();
    let took = start.elapsed();
    assert!(took < timeout + Duration::from_secs(1), "took {took:?}");
    assert!(took >= timeout - Duration::from_millis(50), "took {took:?}");
    assert!(err.contains("timed out"), "{err}");
    assert!(server.join().unwrap(), "the client never connected");

    let (base, server) = silent();
    let start = Instant::now();
    let out = http::health(
        &format!("{base}/healthz"),
        &HealthPolicy {
            retries: 0,
            backoff: Duration::from_millis(10),
            timeout,
        },
    );
    assert!(start.elapsed() < timeout + Duration::from_secs(1));
    assert!(!out.ok);
    assert_eq!((out.attempts, out.status), (1, None));
    assert!(
        out.error.as_deref().unwrap().contains("timed out"),
        "{out:?}"
    );
    assert!(server.join().unwrap());
}

#[test]
fn statuses_are_answers_and_redirects_are_not_followed() {
    let (base, server) = serve(1, |_| Reply {
        status: 302,
        headers: vec![("Location".into(), "/elsewhere".into())],
        body: Vec::new(),
    });
    // Had the client followed the redirect, the second request would find no server.
    let r = http::request("GET", &format!("{base}/start"), &[], None, &limits()).unwrap();
    assert_eq!(r.status, 302);
    assert_eq!(server.join().unwrap().len(), 1);

    let (base, server) = serve(1, |_| reply(500, r#"{"error":"boom"}"#));
    let r = http::request("POST", &base, &[], Some(b"x"), &limits()).unwrap();
    assert_eq!(r.status, 500);
    assert_eq!(r.body, br#"{"error":"boom"}"#);
    let seen = server.join().unwrap();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].body.as_slice()),
        ("POST", &b"x"[..])
    );
}

#[test]
fn response_body_is_capped_at_one_mib() {
    let (base, server) = serve(1, |_| Reply {
        status: 200,
        headers: Vec::new(),
        body: vec![b'a'; 2 * http::MAX_BODY],
    });
    let r = http::request("GET", &base, &[], None, &limits()).unwrap();
    assert_eq!(r.body.len(), http::MAX_BODY);
    assert_eq!(http::MAX_BODY, 1024 * 1024);
    server.join().unwrap();
}

#[test]
fn refused_connection_error_names_the_reason_but_no_secret() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://admin:hunter2@127.0.0.1:{port}/hook?token=tok_SECRET#frag");
    let err = http::request("GET", &url, &[], None, &limits()).unwrap_err();
    assert!(err.contains("refused"), "{err}");
    assert!(err.contains(&format!("127.0.0.1:{port}/hook")), "{err}");
    for secret in ["admin", "hunter2", "tok_SECRET", "token", "frag"] {
        assert!(!err.contains(secret), "{secret} in {err}");
    }
}

#[test]
fn redact_url_strips_userinfo_and_query() {
    assert_eq!(
        http::redact_url("https://user:pass@hooks.example.com/stripe?token=abc123"),
        "https://hooks.example.com/stripe"
    );
    assert_eq!(
        http::redact_url("http://127.0.0.1:8080/healthz"),
        "http://127.0.0.1:8080/healthz"
    );
}

// ---------------------------------------------------------------- webhook signatures

/// A receiver that checks signatures the way the provider's SDK does.
fn verifying_receiver(
    p: Provider,
    secret: &'static str,
    max: usize,
) -> (String, JoinHandle<Vec<Req>>) {
    serve(max, move |req| {
        let valid = match p {
            Provider::Stripe => req
                .header("stripe-signature")
                .is_some_and(|h| webhook::verify_stripe(secret, h, &req.body, now(), 300)),
            Provider::GitHub => req
                .header("x-hub-signature-256")
                .is_some_and(|h| webhook::verify_github(secret, h, &req.body)),
            _ => unreachable!(),
        };
        if valid {
            reply(200, "{}")
        } else {
            reply(400, r#"{"error":"bad signature"}"#)
        }
    })
}

fn post(url: &str, headers: &[(String, String)], body: &[u8]) -> u16 {
    http::request("POST", url, headers, Some(body), &limits())
        .unwrap()
        .status
}

#[test]
fn stripe_receiver_accepts_signed_and_rejects_wrong_signature() {
    let secret = "whsec_test_5f2b";
    let (base, server) = verifying_receiver(Provider::Stripe, secret, 2);
    let url = format!("{base}/webhooks/stripe");
    let body = webhook::ping_body(Provider::Stripe);
    let signed = webhook::signed_headers(Provider::Stripe, secret, &body, now()).unwrap();
    assert_eq!(post(&url, &signed, &body), 200);
    let wrong = webhook::wrong_signature_headers(Provider::Stripe, &body, now());
    assert_eq!(post(&url, &wrong, &body), 400);

    let seen = server.join().unwrap();
    assert_eq!(seen[0].body, body);
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    let event: serde_json::Value = serde_json::from_slice(&seen[0].body).unwrap();
    assert_eq!(event["type"], "egress.ping");
    assert_eq!(event["livemode"], false);
    assert!(!String::from_utf8_lossy(&seen[1].body).contains(secret));
}

#[test]
fn github_receiver_accepts_signed_and_rejects_wrong_signature() {
    let secret = "gh-hook-secret";
    let (base, server) = verifying_receiver(Provider::GitHub, secret, 2);
    let body = webhook::ping_body(Provider::GitHub);
    let signed = webhook::signed_headers(Provider::GitHub, secret, &body, now()).unwrap();
    assert_eq!(post(&base, &signed, &body), 200);
    let wrong = webhook::wrong_signature_headers(Provider::GitHub, &body, now());
    assert_eq!(post(&base, &wrong, &body), 400);

    let seen = server.join().unwrap();
    for req in &seen {
        assert_eq!(req.header("x-github-event"), Some("ping"));
        assert_eq!(req.header("x-github-delivery"), Some("egress-verify"));
    }
    assert_ne!(
        seen[0].header("x-hub-signature-256"),
        seen[1].header("x-hub-signature-256")
    );
}

#[test]
fn receiver_that_accepts_anything_takes_a_wrong_signature() {
    // The "accepts unsigned" case: the endpoint does not verify signatures at all.
    let (base, server) = serve(3, |_| reply(200, "{}"));
    for p in [Provider::Stripe, Provider::Generic, Provider::SendGrid] {
        let body = webhook::ping_body(p);
        let wrong = webhook::wrong_signature_headers(p, &body, now());
        assert_eq!(post(&base, &wrong, &body), 200, "{p:?}");
    }
    let seen = server.join().unwrap();
    assert!(seen[1]
        .header("x-signature-256")
        .unwrap()
        .starts_with("sha256="));
    assert!(seen[1].header("x-egress-timestamp").is_some());
    assert_eq!(seen[2].body, b"[]");
    assert!(seen[2]
        .header("x-twilio-email-event-webhook-signature")
        .is_some());
    assert!(seen[2]
        .header("x-twilio-email-event-webhook-timestamp")
        .is_some());
}

// ---------------------------------------------------------------- provider APIs

#[test]
fn stripe_endpoints_are_listed_with_the_bearer_key() {
    let (base, server) = serve(2, |req| {
        if req.target.contains("starting_after=we_2") {
            reply(
                200,
                r#"{"object":"list","has_more":false,"data":[{"id":"we_3","url":"https://new.example.com/stripe"}]}"#,
            )
        } else {
            reply(
                200,
                r#"{"object":"list","has_more":true,"data":[{"id":"we_1","url":"https://old.herokuapp.com/stripe"},{"id":"we_2","url":"https://x.example.com/a"}]}"#,
            )
        }
    });
    let api = Api {
        base: base.clone(),
        key: "sk_test_51Hx".into(),
    };
    let urls = webhook::registered_urls(Provider::Stripe, &api, None, &limits()).unwrap();
    assert_eq!(
        urls,
        [
            "https://old.herokuapp.com/stripe",
            "https://x.example.com/a",
            "https://new.example.com/stripe"
        ]
    );
    let seen = server.join().unwrap();
    assert_eq!(seen[0].method, "GET");
    assert_eq!(seen[0].target, "/v1/webhook_endpoints?limit=100");
    assert_eq!(
        seen[1].target,
        "/v1/webhook_endpoints?limit=100&starting_after=we_2"
    );
    assert!(seen
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer sk_test_51Hx")));
}

#[test]
fn github_hooks_are_listed_with_the_bearer_key() {
    let (base, server) = serve(1, |_| {
        reply(
            200,
            r#"[{"id":1,"config":{"url":"https://app.example.com/gh","content_type":"json"}},{"id":2,"config":{}}]"#,
        )
    });
    let api = Api {
        base: format!("{base}/"),
        key: "ghp_tokenvalue".into(),
    };
    let urls =
        webhook::registered_urls(Provider::GitHub, &api, Some("acme/shop"), &limits()).unwrap();
    assert_eq!(urls, ["https://app.example.com/gh"]);
    let seen = server.join().unwrap();
    assert_eq!(seen[0].target, "/repos/acme/shop/hooks?per_page=100");
    assert_eq!(
        seen[0].header("authorization"),
        Some("Bearer ghp_tokenvalue")
    );
    assert_eq!(
        seen[0].header("accept"),
        Some("application/vnd.github+json")
    );
    assert_eq!(seen[0].header("user-agent"), Some("egress"));

    // A repository that is not owner/name is refused before any request.
    let err =
        webhook::registered_urls(Provider::GitHub, &api, Some("../../x"), &limits()).unwrap_err();
    assert!(err.contains("owner/name"), "{err}");
}

#[test]
fn sendgrid_webhooks_are_listed_with_fallback_to_the_legacy_setting() {
    let (base, server) = serve(1, |_| {
        reply(
            200,
            r#"{"result":[{"id":"a","url":"https://new.example.com/sg","enabled":true}]}"#,
        )
    });
    let api = Api {
        base,
        key: "SG.key".into(),
    };
    let urls = webhook::registered_urls(Provider::SendGrid, &api, None, &limits()).unwrap();
    assert_eq!(urls, ["https://new.example.com/sg"]);
    let seen = server.join().unwrap();
    assert_eq!(seen[0].target, "/v3/user/webhooks/event/settings/all");
    assert_eq!(seen[0].header("authorization"), Some("Bearer SG.key"));

    let (base, server) = serve(2, |req| {
        if req.target.ends_with("/all") {
            reply(404, r#"{"errors":[{"message":"not found"}]}"#)
        } else {
            reply(
                200,
                r#"{"enabled":true,"url":"https://old.herokuapp.com/sg"}"#,
            )
        }
    });
    let api = Api {
        base,
        key: "SG.key".into(),
    };
    let urls = webhook::registered_urls(Provider::SendGrid, &api, None, &limits()).unwrap();
    assert_eq!(urls, ["https://old.herokuapp.com/sg"]);
    let seen = server.join().unwrap();
    assert_eq!(seen[1].target, "/v3/user/webhooks/event/settings");
    assert_eq!(seen[1].header("authorization"), Some("Bearer SG.key"));
}

#[test]
fn unauthorized_api_error_does_not_contain_the_key() {
    let key = "sk_live_verysecret123";
    // Like Stripe, the fake API echoes the key it was given.
    let (base, server) = serve(1, move |req| {
        let given = req.header("authorization").unwrap_or("").to_string();
        reply(
            401,
            &format!(r#"{{"error":{{"message":"Invalid API Key provided: {given}"}}}}"#),
        )
    });
    let api = Api {
        base,
        key: key.into(),
    };
    let err = webhook::registered_urls(Provider::Stripe, &api, None, &limits()).unwrap_err();
    assert!(err.contains("401"), "{err}");
    assert!(err.contains("Invalid API Key"), "{err}");
    assert!(!err.contains(key), "{err}");
    assert!(!format!("{api:?}").contains(key));
    server.join().unwrap();
}

#[test]
fn reasons_have_kinds_and_the_same_text() {
    use egress::verify::facts::Unverified;
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/hook");
    let refused = http::send("GET", &url, &[], None, &limits()).unwrap_err();
    assert!(matches!(refused, Unverified::Unreachable(_)), "{refused:?}");
    assert_eq!(
        refused.to_string(),
        http::request("GET", &url, &[], None, &limits()).unwrap_err()
    );

    let (base, server) = silent();
    let limits = Limits {
        timeout: Duration::from_millis(300),
    };
    let silent = http::send("GET", &base, &[], None, &limits).unwrap_err();
    assert!(matches!(silent, Unverified::TimedOut(_)), "{silent:?}");
    assert!(silent.to_string().contains("timed out"), "{silent}");
    server.join().unwrap();

    let (base, server) = serve(1, |_| reply(403, r#"{"message":"Must have admin rights"}"#));
    let api = Api {
        base,
        key: "ghp_secretkey".into(),
    };
    let denied = webhook::registrations(Provider::GitHub, &api, Some("acme/shop"), &self::limits())
        .unwrap_err();
    assert!(
        matches!(&denied, Unverified::Denied { code, .. } if code == "403"),
        "{denied:?}"
    );
    assert!(
        denied.to_string().contains("Must have admin rights"),
        "{denied}"
    );
    assert_eq!(server.join().unwrap().len(), 1);
    let generic =
        webhook::registrations(Provider::Generic, &api, None, &self::limits()).unwrap_err();
    assert!(matches!(generic, Unverified::Unsupported(_)), "{generic:?}");
}
