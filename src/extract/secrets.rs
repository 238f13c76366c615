//! Credentials written literally in a file, as facts. The finder is the redactor's own
//! (`redact::find_shapes`, `redact::url_credentials`): what egress blanks out of every report
//! is what it reports as committed, one mechanism for both. Only credentials count: live
//! Stripe keys and webhook secrets, GitHub, Slack and SendGrid tokens, private keys, and
//! passwords of database, cache and queue URLs to hosts that are not this machine or a
//! service of the same compose file. Placeholders (`sk_live_XXXXXXXX`, `your_key_here`,
//! `postgres://user:password@...`, `${PASSWORD}`), public test keys (`sk_test_`) and hosts
//! reserved for documentation (`example.com`) are not secrets.

use super::{Cx, Lit, LiteralSecret, SecretKind, SourceKind};
use crate::redact;
use crate::source::{slice, Span};

/// Whether a file may hold a literal secret (the prefilter saw a token prefix or a URL scheme
/// that carries passwords). Prose (Markdown, text) shows how things are written, never a
/// committed value.
pub fn wanted(cx: &Cx) -> bool {
    let h = cx.hits;
    !matches!(cx.kind, SourceKind::Prose | SourceKind::Other)
        && (h.has(Lit::SecretToken) || h.has(Lit::CredentialUrl) || h.has(Lit::Postgres))
}

pub fn extract(cx: &mut Cx) {
    literal(cx);
    // What EG702 reports is blanked in every report, whatever else the redactor finds later.
    let spans: Vec<Span> = cx.facts.literal_secrets.iter().map(|s| s.at.span).collect();
    cx.facts.secrets.extend(spans);
}

fn literal(cx: &mut Cx) {
    let text = cx.text;
    if cx.hits.has(Lit::SecretToken) {
        for s in redact::find_shapes(text) {
            let value = slice(text, s.span);
            if is_credential(s.kind) && !is_placeholder_token(s.kind, value) {
                let at = cx.loc(s.span);
                cx.facts.literal_secrets.push(LiteralSecret {
                    at,
                    kind: s.kind,
                    scheme: None,
                });
            }
        }
    }
    if cx.hits.has(Lit::CredentialUrl) || cx.hits.has(Lit::Postgres) {
        for u in redact::url_credentials(text) {
            let scheme = slice(text, u.scheme).to_ascii_lowercase();
            let Some(scheme) = credential_scheme(&scheme) else {
                continue;
            };
            let user = user_of(text, u.scheme, u.password);
            if is_placeholder_password(slice(text, u.password), user)
                || !is_remote(slice(text, u.host), &cx.local_hosts)
            {
                continue;
            }
            let at = cx.loc(u.password);
            cx.facts.literal_secrets.push(LiteralSecret {
                at,
                kind: SecretKind::UrlPassword,
                scheme: Some(scheme.to_string()),
            });
        }
    }
}

/// Secrets that grant access on their own and do not expire within hours. Test keys are
/// public by design; GitHub App tokens expire; an AWS-looking run of base64 is too often
/// something else to call it a credential.
fn is_credential(kind: SecretKind) -> bool {
    matches!(
        kind,
        SecretKind::StripeSecretKey { live: true }
            | SecretKind::StripeRestrictedKey { live: true }
            | SecretKind::StripeWebhookSecret
            | SecretKind::GitHubPersonalToken
            | SecretKind::GitHubOAuthToken
            | SecretKind::SlackBotToken
            | SecretKind::SlackUserToken
            | SecretKind::SendGridKey
            | SecretKind::PrivateKey
    )
}

/// Words that make a value a placeholder wherever they appear in it.
const PLACEHOLDER_WORDS: &[&str] = &[
    "your",
    "example",
    "placeholder",
    "replace",
    "redacted",
    "changeme",
    "change_me",
    "dummy",
    "fake",
    "sample",
    "test",
];

/// Runs that random tokens hardly ever hold and documentation often does.
const PLACEHOLDER_RUNS: &[&str] = &["xxxx", "0000", "1234", "abcd"];

/// A token written for documentation: `sk_live_XXXXXXXXXXXXXXXX`, `xoxb-your-token-here`,
/// `SG.xxxxxxxx.yyyyyyyy`, a PEM block whose body is `...`.
fn is_placeholder_token(kind: SecretKind, token: &str) -> bool {
    if kind == SecretKind::PrivateKey {
        return is_placeholder_pem(token);
    }
    // The part after the kind's prefix (`sk_live_`, `ghp_`, `xoxb-`, `SG.`).
    let body = match token.find(['_', '-', '.']) {
        Some(_) if token.starts_with("github_pat_") => &token["github_pat_".len()..],
        Some(_) if token.starts_with("sk_") || token.starts_with("rk_") => {
            token.get(8..).unwrap_or("")
        }
        Some(n) => &token[n + 1..],
        None => token,
    };
    is_placeholder_value(body)
}

/// A value that holds a placeholder word, one repeated character, or hardly any variety.
fn is_placeholder_value(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if PLACEHOLDER_WORDS
        .iter()
        .chain(PLACEHOLDER_RUNS)
        .any(|w| lower.contains(w))
    {
        return true;
    }
    let alnum: Vec<u8> = lower
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let mut distinct = alnum.clone();
    distinct.sort_unstable();
    distinct.dedup();
    alnum.is_empty() || distinct.len() < 5
}

/// A PEM block without a key in it: the header alone (a constant in code that checks for
/// one), or a body of `...` or a few characters.
fn is_placeholder_pem(block: &str) -> bool {
    let Some(header_end) = block.find("KEY-----").map(|n| n + "KEY-----".len()) else {
        return true;
    };
    let Some(end) = block.find("-----END") else {
        return true;
    };
    let body = block.get(header_end..end).unwrap_or("");
    // JSON and code write the line breaks as `\n`.
    let body = body.replace("\\n", "").replace("\\r", "");
    let base64 = body
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='))
        .count();
    // A real body is hundreds of random characters: words are no sign of a placeholder there.
    base64 < 64 || body.contains("...") || body.contains('…')
}

/// Schemes whose URLs carry credentials of a database, cache or queue, named for messages.
fn credential_scheme(scheme: &str) -> Option<&'static str> {
    // SQLAlchemy's `postgresql+psycopg2`, `mysql+pymysql`.
    let base = scheme.split('+').next().unwrap_or(scheme);
    Some(match base {
        "postgres" | "postgresql" | "postgis" => "postgres",
        "mysql" | "mysql2" | "mysqlx" => "mysql",
        "redis" | "rediss" => "redis",
        "amqp" | "amqps" => "amqp",
        "mongodb" => "mongodb",
        _ => return None,
    })
}

/// The user part of a URL's authority: between `://` and the password's `:`.
fn user_of(text: &str, scheme: Span, password: Span) -> &str {
    let start = scheme.end + "://".len();
    slice(text, Span::new(start, password.start.saturating_sub(1)))
}

/// Passwords written for documentation or local development.
fn is_placeholder_password(password: &str, user: &str) -> bool {
    const COMMON: &[&str] = &[
        "password",
        "passwd",
        "pass",
        "pw",
        "pwd",
        "secret",
        "changeme",
        "changeit",
        "postgres",
        "postgresql",
        "root",
        "admin",
        "user",
        "guest",
        "redis",
        "mysql",
        "mongo",
        "rabbitmq",
        "mypassword",
        "dbpassword",
        "dbpass",
    ];
    let p = password.to_ascii_lowercase();
    let templated = ["$", "{", "}", "<", ">", "%s", "%(", "*", "..."]
        .iter()
        .any(|t| p.contains(t));
    templated
        || COMMON.contains(&p.as_str())
        || p.eq_ignore_ascii_case(user)
        || PLACEHOLDER_WORDS.iter().any(|w| p.contains(w))
        || p.bytes().all(|c| c == p.as_bytes()[0])
}

/// A host a committed password would open from elsewhere: not this machine, not a service of
/// the same compose file (a bare name), not a name reserved for documentation or tests. Private
/// networks of a platform (`*.internal`, `*.svc`) count: the password is a production one.
fn is_remote(host: &str, local_names: &[String]) -> bool {
    let h = host.trim_matches(['[', ']']).to_ascii_lowercase();
    let reserved = |suffix: &str| h == suffix[1..] || h.ends_with(suffix);
    !(h.is_empty()
        || !h.contains('.') && !h.contains(':')
        || h.starts_with("127.")
        || h == "::1"
        || h == "0.0.0.0"
        || h == "host.docker.internal"
        || h.contains('$')
        || h.contains('{')
        || h.contains('<')
        || local_names.iter().any(|n| n.eq_ignore_ascii_case(&h))
        || [
            ".localhost",
            ".local",
            ".example",
            ".example.com",
            ".example.org",
            ".example.net",
            ".test",
            ".invalid",
        ]
        .iter()
        .any(|s| reserved(s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tests::facts;

    /// Tokens are assembled at run time, so no secret-shaped literal sits in the source.
    fn token(prefix: &str, body: &str) -> String {
        format!("{prefix}{body}")
    }

    #[test]
    fn credentials_by_shape_and_url() {
        let live = token("sk_live_", "51Hq9ZtW2mLkR8vB3nYc");
        let text = format!(
            "STRIPE_SECRET_KEY={live}\nREDIS_URL=redis://h:Qv8rT2mZp5Lx@ec2-34-1-2-3.compute-1.amazonaws.com:6379\n"
        );
        let f = facts(".env", &text);
        let kinds: Vec<_> = f.literal_secrets.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SecretKind::StripeSecretKey { live: true },
                SecretKind::UrlPassword
            ]
        );
        assert_eq!(f.literal_secrets[1].scheme.as_deref(), Some("redis"));
        let s = f.literal_secrets[0].at.span;
        assert_eq!(&text[s.start..s.end], live);
        // The spans are blanked in reports too.
        assert!(f.secrets.iter().any(|x| x.contains(s)));
    }

    #[test]
    fn placeholders_test_keys_and_local_hosts_are_not_secrets() {
        let lines = [
            token("sk_live_", "XXXXXXXXXXXXXXXXXXXXXXXX"),
            token("sk_live_", "yourstripekeyhere0000"),
            token("sk_test_", "51Hq9ZtW2mLkR8vB3nYc"),
            token("pk_live_", "51Hq9ZtW2mLkR8vB3nYc"),
            token("xoxb-", "your-bot-token-here"),
            "DATABASE_URL=postgres://postgres:postgres@db.internal.acme.io/app".into(),
            "DATABASE_URL=postgres://app:password@db.prod.acme.io/app".into(),
            "DATABASE_URL=postgres://app:${DB_PASSWORD}@db.prod.acme.io/app".into(),
            "DATABASE_URL=postgres://app:Qv8rT2mZp5Lx@localhost/app".into(),
            "DATABASE_URL=postgres://app:Qv8rT2mZp5Lx@db:5432/app".into(),
            "DATABASE_URL=postgres://app:Qv8rT2mZp5Lx@db.example.com/app".into(),
            "SEARCH=https://u:Qv8rT2mZp5Lx@search.acme.io".into(),
        ];
        for line in lines {
            let f = facts("config/settings.py", &format!("X = \"{line}\"\n"));
            assert!(
                f.literal_secrets.is_empty(),
                "{line}: {:?}",
                f.literal_secrets
            );
        }
    }

    #[test]
    fn private_keys_need_a_body() {
        let header = format!("-----BEGIN {} PRIVATE KEY-----", "RSA");
        let footer = format!("-----END {} PRIVATE KEY-----", "RSA");
        let body = "MIIEowIBAAKCAQEA7q2Vx9Lr4TbWm8zQ1kP3sYcN5uHjG0fDaE6iRoXlZtBvMwKy".repeat(2);
        let real = format!("KEY = \"\"\"{header}\n{body}\n{footer}\"\"\"\n");
        assert_eq!(facts("app/keys.py", &real).literal_secrets.len(), 1);
        let json = format!("{{\"private_key\": \"{header}\\n{body}\\n{footer}\\n\"}}");
        assert_eq!(
            facts("service-account.json", &json).literal_secrets.len(),
            1
        );
        for text in [
            format!("if pem.startswith(\"{header}\"):\n    pass\n"),
            format!("KEY = \"{header}\\n...\\n{footer}\"\n"),
        ] {
            assert!(
                facts("app/keys.py", &text).literal_secrets.is_empty(),
                "{text}"
            );
        }
    }
}
