//! A small blocking HTTP client for probes (health endpoints, webhook receivers, provider APIs).
//!
//! Every request is bounded by one end-to-end deadline (DNS, connect, TLS, send, receive headers
//! and body), never follows a redirect (a probe must hit exactly the URL in the manifest), never
//! uses a proxy from the environment, and reads at most [`MAX_BODY`] bytes of a response.
//! Non-2xx statuses are answers, not errors: `Err` means the exchange itself failed, and its text
//! names the reason (timed out, connection refused, TLS, DNS) and the URL with its userinfo and
//! query string removed, so it never carries a password, token or key.

use std::io::{self, Read};
use std::thread;
use std::time::{Duration, Instant};

use ureq::http;

use crate::manifest::{MAX_RETRIES, MAX_WAIT};
use crate::verify::facts::{HealthOutcome, Unverified};

/// Response bodies are truncated to this many bytes.
pub const MAX_BODY: usize = 1024 * 1024;

/// Limits of one request.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Whole-request budget: resolve + connect + TLS + send + receive headers and body.
    pub timeout: Duration,
}

/// What the peer answered.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    /// At most [`MAX_BODY`] bytes; the rest is not read.
    pub body: Vec<u8>,
    pub elapsed: Duration,
}

/// Send one request (see [`send`]); `Err` is the reason as text.
pub fn request(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: Option<&[u8]>,
    limits: &Limits,
) -> Result<Response, String> {
    send(method, url, headers, body, limits).map_err(|e| e.to_string())
}

/// Send one request. `Ok` for any HTTP status (1xx–5xx, redirects included and not followed);
/// `Err` with a secret-free reason when the exchange fails.
pub fn send(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: Option<&[u8]>,
    limits: &Limits,
) -> Result<Response, Unverified> {
    let start = Instant::now();
    let fail =
        |reason: Unverified| reason.map_detail(|r| format!("{method} {}: {r}", redact_url(url)));

    let method = http::Method::from_bytes(method.as_bytes())
        .map_err(|_| fail(Unverified::Failed("invalid HTTP method".into())))?;
    let mut builder = http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let agent = agent(limits.timeout);
    let result = match body {
        Some(bytes) => builder
            .body(bytes)
            .map_err(|e| fail(invalid_request(&e)))
            .and_then(|req| agent.run(req).map_err(|e| fail(reason(&e, limits.timeout)))),
        None => builder
            .body(())
            .map_err(|e| fail(invalid_request(&e)))
            .and_then(|req| agent.run(req).map_err(|e| fail(reason(&e, limits.timeout)))),
    };
    let response = result?;
    let status = response.status().as_u16();
    let mut body = Vec::new();
    response
        .into_body()
        .into_reader()
        .take(MAX_BODY as u64)
        .read_to_end(&mut body)
        .map_err(|e| {
            fail(
                io_reason(&e, limits.timeout)
                    .map_detail(|r| format!("status {status}, then reading the body failed: {r}")),
            )
        })?;
    Ok(Response {
        status,
        body,
        elapsed: start.elapsed(),
    })
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::config::Config::builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .timeout_global(Some(timeout))
        .user_agent(concat!("egress/", env!("CARGO_PKG_VERSION")))
        .max_idle_connections(0)
        .build()
        .new_agent()
}

/// `http::Error` texts name the problem ("invalid header value"), never the value itself.
fn invalid_request(e: &http::Error) -> Unverified {
    Unverified::Failed(format!("invalid request: {e}"))
}

fn reason(e: &ureq::Error, timeout: Duration) -> Unverified {
    use ureq::Error as E;
    use Unverified::{Failed, TimedOut, Unreachable};
    match e {
        E::Timeout(phase) => TimedOut(format!("timed out after {} ({phase})", secs(timeout))),
        E::HostNotFound => Unreachable("DNS lookup failed: host not found".into()),
        E::Io(io) => io_reason(io, timeout),
        E::ConnectionFailed => Unreachable("connection failed".into()),
        // The ureq text repeats the URI, userinfo and query included.
        E::BadUri(_) => Failed("invalid URL (a scheme and a host are required)".into()),
        E::RequireHttpsOnly(_) => Failed("https is required".into()),
        E::Tls(msg) => Unreachable(format!("TLS error: {msg}")),
        E::Rustls(r) => Unreachable(format!("TLS error: {r}")),
        E::Pem(_) => Failed("TLS error: unreadable PEM data".into()),
        E::TlsRequired => Unreachable("TLS error: the connection is not encrypted".into()),
        E::Protocol(p) => Failed(format!("HTTP protocol error: {p}")),
        E::LargeResponseHeader(got, max) => Failed(format!(
            "response headers too large ({got} bytes, limit {max})"
        )),
        E::Http(h) => invalid_request(h),
        other => Failed(other.to_string()),
    }
}

fn io_reason(e: &io::Error, timeout: Duration) -> Unverified {
    use Unverified::{Failed, TimedOut, Unreachable};
    if let Some(inner) = e.get_ref().and_then(|x| x.downcast_ref::<ureq::Error>()) {
        return reason(inner, timeout);
    }
    match e.kind() {
        io::ErrorKind::ConnectionRefused => Unreachable("connection refused".into()),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
            TimedOut(format!("timed out after {}", secs(timeout)))
        }
        io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
            Unreachable("connection reset by peer".into())
        }
        io::ErrorKind::UnexpectedEof => {
            Unreachable("connection closed before the response was complete".into())
        }
        // std's resolver reports failures as plain I/O errors.
        _ if e.to_string().contains("lookup address") => {
            Unreachable(format!("DNS lookup failed: {e}"))
        }
        _ => Failed(format!("I/O error: {e}")),
    }
}

fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

/// The URL without userinfo (`user:pass@`), query string and fragment:
/// `https://u:p@host:8443/a/b?token=x#f` → `https://host:8443/a/b`.
pub fn redact_url(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => (&url[..i + 3], &url[i + 3..]),
        None => ("", url),
    };
    let rest = match rest.find(['?', '#']) {
        Some(i) => &rest[..i],
        None => rest,
    };
    let auth_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(auth_end);
    let host = match authority.rfind('@') {
        Some(i) => &authority[i + 1..],
        None => authority,
    };
    format!("{scheme}{host}{path}")
}

/// Retry policy of a health check.
#[derive(Clone, Copy, Debug)]
pub struct HealthPolicy {
    /// Extra attempts after the first one (total attempts = retries + 1).
    pub retries: u32,
    /// Wait before the first retry; doubled before each next one, never above [`MAX_WAIT`].
    pub backoff: Duration,
    /// Budget of each attempt.
    pub timeout: Duration,
}

/// The waits before each retry: `backoff`, `2 × backoff`, `4 × backoff`, …, each capped at
/// [`MAX_WAIT`], for at most [`MAX_RETRIES`] retries whatever the policy says.
pub fn backoff_schedule(p: &HealthPolicy) -> Vec<Duration> {
    let mut wait = p.backoff.min(MAX_WAIT);
    (0..p.retries.min(MAX_RETRIES))
        .map(|_| {
            let this = wait;
            wait = wait.saturating_mul(2).min(MAX_WAIT);
            this
        })
        .collect()
}

/// GET `url` until it answers 2xx. Transport errors and 5xx are retried after the waits of
/// [`backoff_schedule`]; any other status (3xx, 4xx) ends the check at once. The whole check is
/// bounded: at most 21 tries of `timeout` each and 20 waits of at most 60 s.
pub fn health(url: &str, p: &HealthPolicy) -> HealthOutcome {
    health_reporting(url, p, &|_, _, _| {})
}

/// [`health`], telling `retrying` before each wait: the attempt that failed, why, and the wait.
pub fn health_reporting(
    url: &str,
    p: &HealthPolicy,
    retrying: &dyn Fn(u32, &str, Duration),
) -> HealthOutcome {
    let start = Instant::now();
    let limits = Limits { timeout: p.timeout };
    let mut waits = backoff_schedule(p).into_iter();
    let mut attempts = 0;
    loop {
        attempts += 1;
        let (status, error) = match send("GET", url, &[], None, &limits) {
            Ok(r) => (Some(r.status), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let ok = matches!(status, Some(200..=299));
        let retryable = error.is_some() || matches!(status, Some(500..=599));
        let next = waits.next().filter(|_| retryable && !ok);
        let Some(wait) = next else {
            return HealthOutcome {
                status,
                error,
                attempts,
                elapsed: start.elapsed(),
                ok,
            };
        };
        let why = match (&error, status) {
            (Some(e), _) => e.clone(),
            (None, Some(code)) => format!("HTTP {code}"),
            (None, None) => "no answer".to_string(),
        };
        retrying(attempts, &why, wait);
        thread::sleep(wait);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_waits_are_capped_and_bounded() {
        let policy = |retries, backoff| HealthPolicy {
            retries,
            backoff: Duration::from_secs_f64(backoff),
            timeout: Duration::from_secs(1),
        };
        let waits = backoff_schedule(&policy(3, 2.0));
        assert_eq!(waits, [2, 4, 8].map(Duration::from_secs));
        // Doubling stops at a minute, and there are never more than 20 retries.
        let waits = backoff_schedule(&policy(u32::MAX, 10.0));
        assert_eq!(waits.len(), 20);
        assert_eq!(waits[3..], [MAX_WAIT; 17]);
        assert_eq!(backoff_schedule(&policy(2, 1e6)), [MAX_WAIT; 2]);
        let total: Duration = backoff_schedule(&policy(u32::MAX, 60.0)).iter().sum();
        assert_eq!(total, Duration::from_secs(20 * 60));
        assert!(backoff_schedule(&policy(0, 5.0)).is_empty());
    }

    #[test]
    fn redacts_userinfo_query_and_fragment() {
        assert_eq!(
            redact_url("https://user:p%40ss@example.com:8443/a/b?token=x&y=2#frag"),
            "https://example.com:8443/a/b"
        );
        assert_eq!(redact_url("http://127.0.0.1:80"), "http://127.0.0.1:80");
        assert_eq!(redact_url("https://h/p@q?x=1"), "https://h/p@q");
        assert_eq!(redact_url("https://k@h?x"), "https://h");
    }
}
