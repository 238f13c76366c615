//! The one redactor: every text egress prints (snippets, diffs, fix previews, messages, verify
//! evidence, error and panic messages) passes through it, so no output path can leak a secret.
//!
//! Secrets are found three ways, because naming alone misses what users really write:
//! - **by name**: the value of a secret-looking setting (`DB_PASSWORD=`, `api_key:`, libpq
//!   `password=`), quoted or not;
//! - **by place**: the password of any URL with credentials, however it is spelled (with `/`,
//!   spaces or `@` in it, unencoded);
//! - **by shape**: tokens whose format gives them away under any name or in a comment
//!   (Stripe `sk_live_`/`rk_live_`/`whsec_`, GitHub `ghp_`/`github_pat_`, Slack `xox?-`, SendGrid
//!   `SG.`, PEM private keys, AWS secret access keys).
//!
//! Secrets learned at run time (a resolved `${VAR}` of the manifest, a webhook secret) are added
//! to a `Redactor` and masked wherever they appear.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::source::{ceil_char, floor_char, Span};

/// What a secret is replaced with.
pub const MASK: &str = "****";

/// A secret-looking key (the words of `is_secret_key`; the short `pass`, `pwd` and `pw` only as
/// the key's last part) and its value: the whole quoted literal (`#`, `,`, `}` and all), or an
/// unquoted run.
static BY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?i)(?:(?:password|passwd|secret|token|api_?key|private_?key|access_?key|credentials?)[[0-9A-Za-z_].-]*|(?-u:\b)(?:[[0-9A-Za-z_].-]*[_.-])?(?:pass|pwd|pw))["']?\s*(?P<sep>=>|[:=])\s*(?:"(?P<dq>(?:[^"\\\n]|\\.)*)"|'(?P<sq>(?:[^'\\\n]|\\.)*)'|(?P<v>[^\s"'#,}]+))"#,
    )
    .expect("secret-name pattern")
});

/// Tokens recognisable by their shape alone.
static BY_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(concat!(
        r"(?-u:\b)(?:",
        // Stripe secret and restricted keys, webhook signing secrets.
        r"[sr]k_(?:live|test)_[0-9A-Za-z]{8,}",
        r"|whsec_[0-9A-Za-z+/=]{8,}",
        // GitHub personal, OAuth, user-to-server, server-to-server and refresh tokens.
        r"|gh[pousr]_[0-9A-Za-z]{20,}",
        r"|github_pat_[0-9A-Za-z_]{20,}",
        // Slack bot, user, app and config tokens.
        r"|xox[abposre]-[0-9A-Za-z-]{8,}",
        // SendGrid API keys.
        r"|SG\.[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]{8,}",
        r")",
        // PEM private keys, to their end marker (or the end of the text when it is cut).
        r"|-----BEGIN[A-Z ]*PRIVATE KEY-----(?s:.*?)(?:-----END[A-Z ]*PRIVATE KEY-----|\z)",
    ))
    .expect("secret-shape pattern")
});

/// Runs of the base64 alphabet, candidates for an AWS secret access key (exactly 40 characters).
static BASE64_RUN: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r"[0-9A-Za-z/+]{40,}").expect("base64 pattern"));

/// What a secret is, as far as its shape or place tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SecretKind {
    /// The value of a secret-looking setting (`DB_PASSWORD=...`, `api_key: ...`).
    Named,
    /// The password of a URL with credentials (`scheme://user:password@host`).
    UrlPassword,
    /// Stripe `sk_live_` / `sk_test_`.
    StripeSecretKey { live: bool },
    /// Stripe `rk_live_` / `rk_test_`.
    StripeRestrictedKey { live: bool },
    /// Stripe `whsec_`.
    StripeWebhookSecret,
    /// GitHub `ghp_` and `github_pat_`.
    GitHubPersonalToken,
    /// GitHub `gho_`.
    GitHubOAuthToken,
    /// GitHub `ghu_`, `ghs_`, `ghr_`: user-to-server, server-to-server and refresh tokens,
    /// which expire within hours.
    GitHubAppToken,
    /// Slack `xoxb-`.
    SlackBotToken,
    /// Slack `xoxp-`.
    SlackUserToken,
    /// Slack `xoxa-`, `xoxo-`, `xoxs-`, `xoxr-`, `xoxe-`.
    SlackOtherToken,
    /// SendGrid `SG.<id>.<secret>`.
    SendGridKey,
    /// A PEM private key block.
    PrivateKey,
    /// Forty characters shaped like an AWS secret access key.
    AwsSecretKey,
}

impl SecretKind {
    /// What the secret is, for messages (never the secret): "a Stripe live secret key".
    pub fn describe(self) -> &'static str {
        match self {
            SecretKind::Named => "a secret value",
            SecretKind::UrlPassword => "a password in a URL",
            SecretKind::StripeSecretKey { live: true } => "a Stripe live secret key",
            SecretKind::StripeSecretKey { live: false } => "a Stripe test secret key",
            SecretKind::StripeRestrictedKey { live: true } => "a Stripe live restricted key",
            SecretKind::StripeRestrictedKey { live: false } => "a Stripe test restricted key",
            SecretKind::StripeWebhookSecret => "a Stripe webhook signing secret",
            SecretKind::GitHubPersonalToken => "a GitHub personal access token",
            SecretKind::GitHubOAuthToken => "a GitHub OAuth token",
            SecretKind::GitHubAppToken => "a GitHub App token",
            SecretKind::SlackBotToken => "a Slack bot token",
            SecretKind::SlackUserToken => "a Slack user token",
            SecretKind::SlackOtherToken => "a Slack token",
            SecretKind::SendGridKey => "a SendGrid API key",
            SecretKind::PrivateKey => "a private key",
            SecretKind::AwsSecretKey => "an AWS secret access key",
        }
    }

    /// The kind of a token that `BY_SHAPE` matched, from its prefix.
    fn of_shape(token: &str) -> SecretKind {
        let live = token.get(3..7) == Some("live");
        match token.as_bytes() {
            [b's', b'k', b'_', ..] => SecretKind::StripeSecretKey { live },
            [b'r', b'k', b'_', ..] => SecretKind::StripeRestrictedKey { live },
            [b'w', b'h', ..] => SecretKind::StripeWebhookSecret,
            [b'g', b'h', b'p', ..] | [b'g', b'i', ..] => SecretKind::GitHubPersonalToken,
            [b'g', b'h', b'o', ..] => SecretKind::GitHubOAuthToken,
            [b'g', b'h', ..] => SecretKind::GitHubAppToken,
            [b'x', b'o', b'x', b'b', ..] => SecretKind::SlackBotToken,
            [b'x', b'o', b'x', b'p', ..] => SecretKind::SlackUserToken,
            [b'x', ..] => SecretKind::SlackOtherToken,
            [b'S', b'G', ..] => SecretKind::SendGridKey,
            _ => SecretKind::PrivateKey,
        }
    }
}

/// A secret found in a text: where, and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Secret {
    pub span: Span,
    pub kind: SecretKind,
}

/// Byte ranges of every secret in the text of a file, sorted and merged, on character
/// boundaries.
pub fn secret_spans(text: &str) -> Vec<Span> {
    spans(text, true)
}

/// Every secret of a file's text with its kind, in no particular order and not merged (a
/// token under a secret-looking name is found twice, by name and by shape): what
/// `secret_spans` blanks, for extractors that record secrets as facts.
pub fn find(text: &str) -> Vec<Secret> {
    found(text, true)
}

/// The tokens recognisable by their shape alone (no names, no URLs), with their kinds.
pub fn find_shapes(text: &str) -> Vec<Secret> {
    let mut out = Vec::new();
    shapes(text, &mut out);
    out
}

/// `loose_names`: an unquoted value after `key:` counts (files: `password: hunter2` in YAML).
/// Messages name files (`secret.env: not a regular file`), so there only `key=value` and
/// quoted values do.
fn spans(text: &str, loose_names: bool) -> Vec<Span> {
    merge(
        found(text, loose_names)
            .into_iter()
            .map(|s| s.span)
            .collect(),
    )
}

fn found(text: &str, loose_names: bool) -> Vec<Secret> {
    let mut out: Vec<Secret> = BY_NAME
        .captures_iter(text)
        .filter(|c| loose_names || c.name("v").is_none() || &c["sep"] != ":")
        .filter_map(|c| c.name("dq").or(c.name("sq")).or(c.name("v")))
        .filter(|v| {
            let v = v.as_str();
            !v.is_empty() && !v.starts_with("${") && !v.starts_with("<%") && v != MASK
        })
        .map(|v| Secret {
            span: Span::new(v.start(), v.end()),
            kind: SecretKind::Named,
        })
        .collect();
    shapes(text, &mut out);
    out.extend(
        BASE64_RUN
            .find_iter(text)
            .filter(|m| is_aws_secret(text, m.start(), m.end()))
            .map(|m| Secret {
                span: Span::new(m.start(), m.end()),
                kind: SecretKind::AwsSecretKey,
            }),
    );
    out.extend(url_credentials(text).into_iter().map(|u| Secret {
        span: u.password,
        kind: SecretKind::UrlPassword,
    }));
    out
}

fn shapes(text: &str, out: &mut Vec<Secret>) {
    out.extend(BY_SHAPE.find_iter(text).map(|m| Secret {
        span: Span::new(m.start(), m.end()),
        kind: SecretKind::of_shape(m.as_str()),
    }));
}

/// Sort and merge overlapping or touching spans.
pub fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// Forty characters of the base64 alphabet standing alone, with upper case, lower case and a
/// digit: the shape of an AWS secret access key. Git hashes (lower-case hex) never match.
fn is_aws_secret(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let run = &b[start..end];
    let alone = |i: Option<&u8>| i.is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'='));
    run.len() == 40
        && alone(start.checked_sub(1).and_then(|i| b.get(i)))
        && alone(b.get(end))
        && run.iter().any(u8::is_ascii_uppercase)
        && run.iter().any(u8::is_ascii_lowercase)
        && run.iter().any(u8::is_ascii_digit)
        && run[0] != b'/'
}

/// A URL's credentials: the spans of its scheme, password and host (the part after the `@`,
/// up to a port, path or query).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlCredential {
    pub scheme: Span,
    pub password: Span,
    pub host: Span,
}

/// The credentials of every `scheme://user:password@host` in `text`. The password runs from the
/// first `:` of the authority to an `@` on the same line: the last one that leaves no white
/// space in the password, else the last one (passwords with spaces exist). A `:` followed by
/// digits and the end of the authority is a port, not a password.
pub fn url_credentials(text: &str) -> Vec<UrlCredential> {
    let mut out = Vec::new();
    const REGION_MAX: usize = 1024;
    let b = text.as_bytes();
    for sep in memchr::memmem::find_iter(b, b"://") {
        // A scheme: at least one letter right before `://`.
        if sep == 0 || !b[sep - 1].is_ascii_alphanumeric() {
            continue;
        }
        let start = sep + 3;
        let limit = (start + REGION_MAX).min(b.len());
        let end = b[start..limit]
            .iter()
            .position(|c| matches!(c, b'\n' | b'\r' | b'"' | b'\'' | b'`' | b'<' | b'>'))
            .map_or(limit, |n| start + n);
        let region = &b[start..end];
        let Some(colon) = region
            .iter()
            .position(|c| matches!(c, b':' | b'@' | b'/' | b'?' | b'#') || c.is_ascii_whitespace())
        else {
            continue;
        };
        if region[colon] != b':' {
            continue;
        }
        let pw_start = colon + 1;
        let digits = region[pw_start..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let after_digits = region.get(pw_start + digits);
        if after_digits.is_none_or(|c| matches!(c, b'/' | b'?' | b'#') || c.is_ascii_whitespace()) {
            continue; // host:port
        }
        let ats: Vec<usize> = region[pw_start..]
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == b'@')
            .map(|(i, _)| pw_start + i)
            .collect();
        let no_space = |at: &&usize| !region[pw_start..**at].iter().any(u8::is_ascii_whitespace);
        let Some(&at) = ats.iter().rev().find(no_space).or(ats.last()) else {
            continue;
        };
        if at > pw_start {
            let scheme_start = b[..sep]
                .iter()
                .rposition(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-')))
                .map_or(0, |n| n + 1);
            let host_end = region[at + 1..]
                .iter()
                .position(|c| {
                    matches!(c, b'/' | b'?' | b'#' | b':' | b',' | b';') || c.is_ascii_whitespace()
                })
                .map_or(region.len(), |n| at + 1 + n);
            out.push(UrlCredential {
                scheme: Span::new(scheme_start, sep),
                password: Span::new(start + pw_start, start + at),
                host: Span::new(start + at + 1, start + host_end),
            });
        }
    }
    out
}

/// A message with every secret replaced by `****`.
pub fn text(text: &str) -> Cow<'_, str> {
    // The shortest secret the finder knows is 13 bytes (`xoxb-` and 8 more); a name and its
    // value need `=` or `:`, a URL's password `@`. Short values (`production`, `2`, `info`:
    // most declared env values) skip the regexes.
    if text.len() < 13 && !text.contains(['=', ':', '@']) {
        return Cow::Borrowed(text);
    }
    let spans = spans(text, false);
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(mask(text, &spans))
}

/// Replace sorted, disjoint spans of `text` by the mask.
pub fn mask(text: &str, spans: &[Span]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for s in spans {
        let (start, end) = (floor_char(text, s.start), ceil_char(text, s.end));
        if start < pos {
            continue;
        }
        out.push_str(&text[pos..start]);
        out.push_str(MASK);
        pos = end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Secrets known by value (resolved from the environment while the run goes on), masked
/// wherever they appear, on top of everything `text` finds.
#[derive(Debug, Default, Clone)]
pub struct Redactor(Vec<String>);

impl Redactor {
    pub fn add(&mut self, secret: &str) {
        if secret.len() >= 3 && !self.0.iter().any(|s| s == secret) {
            self.0.push(secret.to_string());
            // Longest first, so a secret that contains another is masked whole.
            self.0.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    pub fn clean(&self, s: &str) -> String {
        let known = self
            .0
            .iter()
            .fold(s.to_string(), |t, secret| t.replace(secret.as_str(), MASK));
        text(&known).into_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shortest_tokens_are_masked_and_short_words_pass() {
        for token in ["xoxb-12345678", "whsec_12345678", "sk_live_12345678"] {
            assert_eq!(super::text(token), super::MASK, "{token}");
        }
        for word in ["production", "info", "2", "Europe/Paris"] {
            assert!(
                matches!(super::text(word), std::borrow::Cow::Borrowed(_)),
                "{word}"
            );
        }
    }

    use super::*;

    fn masked(t: &str) -> String {
        text(t).into_owned()
    }

    #[test]
    fn tokens_by_shape_under_any_name() {
        for (t, secret) in [
            (
                "STRIPE = \"sk_live_51HxYzAbCdEf0123\"",
                "sk_live_51HxYzAbCdEf0123",
            ),
            ("HOOK = 'whsec_AbCdEf0123456789'", "whsec_AbCdEf0123456789"),
            (
                "# rk_test_0123456789abcdef in a comment",
                "rk_test_0123456789abcdef",
            ),
            (
                "x ghp_0123456789abcdefghijABCDEFGHIJ0123 y",
                "ghp_0123456789abcdefghijABCDEFGHIJ0123",
            ),
            (
                "github_pat_11ABCDEFG0123456789_abcdefghij",
                "github_pat_11ABCDEFG0123456789_abcdefghij",
            ),
            ("slack: xoxb-1234-5678-abcdefgh", "xoxb-1234-5678-abcdefgh"),
            (
                "SG.abcdefghij0123.ABCDEFGHIJ_-0123456789",
                "SG.abcdefghij0123.ABCDEFGHIJ_-0123456789",
            ),
            (
                "aws wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY end",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            ),
        ] {
            let m = masked(t);
            assert!(!m.contains(secret), "{t} -> {m}");
            assert!(m.contains(MASK), "{t} -> {m}");
        }
        let pem = "key = \"\"\"\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nIBAA\n-----END RSA PRIVATE KEY-----\n\"\"\"";
        let m = masked(pem);
        assert!(!m.contains("MIIEow") && !m.contains("IBAA"), "{m}");
        assert!(!masked("-----BEGIN PRIVATE KEY-----\nMIIEvQ (cut)").contains("MIIEvQ"));
    }

    #[test]
    fn what_is_not_a_secret_stays() {
        for t in [
            "commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
            "sk_live_****1234",
            "pk_live_0123456789abcdef",
            "https://example.com:8443/a/b?x=a@b.com",
            "postgres://app@db.example.com/app",
            "see https://github.com/org/repo",
        ] {
            assert_eq!(masked(t), t);
        }
    }

    #[test]
    fn url_passwords_however_spelled() {
        for (t, pw) in [
            ("postgres://app:s3cret@db.example.com/app", "s3cret"),
            ("postgres://app:pa/ss@db.example.com/app", "pa/ss"),
            ("postgres://app:my pass@db.example.com/app", "my pass"),
            ("postgres://app:pa@ss@db.example.com/app", "pa@ss"),
            ("amqps://u:p%40ss%2Fw@mq.example.com", "p%40ss%2Fw"),
            ("redis://:t0ken@cache.example.com:6379", "t0ken"),
            ("postgres://app:pässwörd@db.example.com/app", "pässwörd"),
        ] {
            let m = masked(t);
            assert!(!m.contains(pw), "{t} -> {m}");
            assert!(
                m.contains("db.example.com") || m.contains("example.com"),
                "{m}"
            );
        }
        // A later e-mail address on the line does not widen the mask.
        let t = "url: postgres://u:pw1@h.example.com/db # ask admin@example.com";
        assert_eq!(
            masked(t),
            "url: postgres://u:****@h.example.com/db # ask admin@example.com"
        );
    }

    #[test]
    fn values_by_name_and_libpq_password() {
        let t = "host=db.example.com user=u password=hunter2 dbname=x";
        assert!(!masked(t).contains("hunter2"));
        assert_eq!(
            masked("PGPASSWORD=${PGPASSWORD}"),
            "PGPASSWORD=${PGPASSWORD}"
        );
    }

    #[test]
    fn messages_naming_files_keep_their_words() {
        assert_eq!(
            masked("skipped secret.env: not a regular file"),
            "skipped secret.env: not a regular file"
        );
        assert_eq!(masked("password: \"hunter2\""), "password: \"****\"");
        assert!(secret_spans("password: hunter2").len() == 1);
    }

    #[test]
    fn learned_secrets_and_shapes_together() {
        let mut r = Redactor::default();
        r.add("from-env-value");
        let out = r.clean("got from-env-value and sk_live_0123456789abcdef");
        assert_eq!(out, "got **** and ****");
    }

    #[test]
    fn masks_never_split_characters() {
        assert_eq!(mask("aéb", &[Span::new(2, 2)]), "a****b");
        assert_eq!(mask("aéb", &[Span::new(0, 9)]), "****");
    }
}
