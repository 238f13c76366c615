//! Hosts written literally where a program or a platform reads them: plain `redis://` URLs to
//! remote servers (EG106) and `*.herokuapp.com` hosts (EG601), and watched variables named in
//! config values (EG104, EG107). Code is searched with comments masked; structured files in
//! their values only, so a YAML comment never counts; env files in their values; command
//! files (Procfile, Dockerfile, Makefile, crontab) in lines that are not comments. Prose, SQL
//! and the migration manifest and contract never are.

use std::sync::LazyLock;

use regex::Regex;

use super::connections::env_entries;
use super::parsed::{FileSyntax, Parsed};
use super::{classify_host, env_reads, Cx, EnvMention, Host, HostRef, HostRefKind, Lit};
use crate::source::{SourceKind, Span};

/// `redis://` and what follows up to white space, a quote or a bracket.
static REDIS_URL: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r#"(?-u:\b)redis://[^\s"'`<>()\[\]{}\\,]+"#).expect("redis url")
});

/// A Heroku app host, also inside a regex (`/\.herokuapp\.com$/`) or as a wildcard
/// (`*.herokuapp.com`, Django's `.herokuapp.com`).
static HEROKUAPP: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r"(?i)(?P<label>(?:[a-z0-9*](?:[a-z0-9-]*[a-z0-9])?)?)\\?\.herokuapp\\?\.com(?-u:\b)",
    )
    .expect("herokuapp host")
});

/// Upper-case names that may be variables (`HEROKU_POSTGRESQL_RED_URL`).
static NAME: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r"[A-Z_][A-Z0-9_]*").expect("variable name"));

/// Whether the file may hold a host or a named variable of interest.
pub fn wanted(cx: &Cx) -> bool {
    cx.hits.has(Lit::CredentialUrl) || cx.hits.has(Lit::HerokuApp) || cx.hits.has(Lit::EnvName)
}

/// Search the file by its syntax.
pub fn extract(cx: &mut Cx, syntax: FileSyntax, parsed: &Parsed) {
    // The migration manifest and contract describe the move itself: the old host named for a
    // rollback, the Heroku app's attachments. Neither is what the app runs with.
    if matches!(
        cx.kind,
        SourceKind::Prose
            | SourceKind::Other
            | SourceKind::Sql
            | SourceKind::MigrationManifest
            | SourceKind::MigrationContract
    ) {
        return;
    }
    match (syntax, parsed) {
        (FileSyntax::Code(_), Parsed::Code(lexed)) => {
            in_text(cx, &lexed.masked, Span::new(0, lexed.masked.len()));
        }
        (_, Parsed::Yaml(docs)) => {
            let mut spans = Vec::new();
            for doc in docs {
                doc.walk_scalars(&mut Vec::new(), &mut |keys, node| {
                    if !is_prose_key(keys.last().copied().unwrap_or("")) {
                        spans.push(node.span);
                    }
                });
            }
            values(cx, &spans);
        }
        (_, Parsed::Json(root)) => {
            let mut spans = Vec::new();
            root.walk_strings(&mut Vec::new(), &mut |keys, node| {
                if !keys.last().is_some_and(|k| is_prose_key(k)) {
                    spans.push(node.span);
                }
            });
            values(cx, &spans);
        }
        (_, Parsed::Toml(table)) => {
            let mut spans = Vec::new();
            crate::parse::toml::walk_strings(
                table.get_ref(),
                &mut Vec::new(),
                &mut |keys, _, span| {
                    if !is_prose_key(keys.last().copied().unwrap_or("")) {
                        spans.push(span);
                    }
                },
            );
            values(cx, &spans);
        }
        (FileSyntax::Lines, _) => lines(cx),
        (FileSyntax::Text, _) => match cx.kind {
            SourceKind::EnvFile => env_file(cx),
            SourceKind::Procfile | SourceKind::Crontab => lines(cx),
            _ => {}
        },
        _ => {}
    }
}

/// Keys whose values are prose for people (`description:` in app.json, a CI job's `name:`).
fn is_prose_key(key: &str) -> bool {
    matches!(
        key,
        "description" | "summary" | "help" | "name" | "title" | "comment" | "message"
    )
}

fn values(cx: &mut Cx, spans: &[Span]) {
    let text = cx.text;
    for &span in spans {
        in_text(cx, text, span);
        mentions(cx, text, span);
    }
}

/// Lines that are not comments.
fn lines(cx: &mut Cx) {
    let text = cx.text;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let span = Span::new(start, start + line.trim_end().len());
        start += line.len();
        if !line.trim_start().starts_with('#') {
            in_text(cx, text, span);
        }
    }
}

fn env_file(cx: &mut Cx) {
    let text = cx.text;
    for e in env_entries(text) {
        in_text(cx, text, e.value_span);
        mentions(cx, text, e.value_span);
        let key_start = e.value_span.start.min(text.len());
        // The key is the first name on the entry's line.
        let line_start = text[..key_start].rfind('\n').map_or(0, |n| n + 1);
        if let Some(pos) = text[line_start..key_start].find(e.key) {
            if env_reads::wanted(cx, e.key) {
                let at = cx.loc(Span::new(line_start + pos, line_start + pos + e.key.len()));
                cx.facts.env_mentions.push(EnvMention {
                    at,
                    name: e.key.to_string(),
                    key: true,
                });
            }
        }
    }
}

/// Watched variables named in a value: the whole value (`HEROKU_POSTGRESQL_RED_URL`, a
/// Kubernetes `secretKeyRef`), or a reference in it (`$X`, `${X}`, `ENV['X']`,
/// `secrets.X`). A name in a sentence is prose.
fn mentions(cx: &mut Cx, text: &str, span: Span) {
    let Some(raw) = text.get(span.start..span.end) else {
        return;
    };
    if !env_reads::mentions(cx, raw) {
        return;
    }
    let whole = raw.trim().trim_matches(['"', '\'']);
    for m in NAME.find_iter(raw) {
        let b = raw.as_bytes();
        let before_ok = m.start() == 0 || !(b[m.start() - 1].is_ascii_alphanumeric());
        let after_ok = b
            .get(m.end())
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'));
        if !(before_ok && after_ok && env_reads::wanted(cx, m.as_str())) {
            continue;
        }
        let prefix = &raw[..m.start()];
        let reference = whole == m.as_str()
            || ["$", "${", "$(", "%", ".", "['", "[\"", "('", "(\"", "="]
                .iter()
                .any(|p| prefix.ends_with(p));
        if reference {
            let at = cx.loc(Span::new(span.start + m.start(), span.start + m.end()));
            cx.facts.env_mentions.push(EnvMention {
                at,
                name: m.as_str().to_string(),
                key: false,
            });
        }
    }
}

/// Hosts in `span` of `text` (the file, or a copy of it with comments masked).
fn in_text(cx: &mut Cx, text: &str, span: Span) {
    let Some(raw) = text.get(span.start..span.end) else {
        return;
    };
    if cx.hits.has(Lit::CredentialUrl) && raw.contains("redis://") {
        for m in REDIS_URL.find_iter(raw) {
            let url = m.as_str().trim_end_matches(['.', ';', ':']);
            let Some(host) = redis_host(url) else {
                continue;
            };
            if let Host::Remote(host) = classify_host(host, None, &cx.local_hosts) {
                let at = Span::new(span.start + m.start(), span.start + m.start() + url.len());
                cx.facts.host_refs.push(HostRef {
                    at: cx.loc(at),
                    kind: HostRefKind::PlainRedis,
                    host,
                    shown: crate::redact::text(url).into_owned(),
                });
            }
        }
    }
    if cx.hits.has(Lit::HerokuApp) && raw.contains("herokuapp") {
        for c in HEROKUAPP.captures_iter(raw) {
            let m = c.get(0).unwrap();
            // Not a longer name (`herokuapp.com.example.org` is not Heroku's).
            let rest = &raw[m.end()..];
            if rest.starts_with('.') && rest[1..].starts_with(|ch: char| ch.is_ascii_alphanumeric())
                || m.start() > 0 && raw.as_bytes()[m.start() - 1] == b'-'
            {
                continue;
            }
            let label = c.name("label").map_or("", |l| l.as_str());
            let host = if label.is_empty() || label == "*" {
                "*.herokuapp.com".to_string()
            } else {
                format!("{}.herokuapp.com", label.to_ascii_lowercase())
            };
            let at = Span::new(span.start + m.start(), span.start + m.end());
            cx.facts.host_refs.push(HostRef {
                at: cx.loc(at),
                kind: HostRefKind::HerokuApp,
                shown: host.clone(),
                host,
            });
        }
    }
}

/// The host of a `redis://` URL: after any `user:password@`, before a port or path.
fn redis_host(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("redis://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tests::{at, facts};

    fn hosts(path: &str, text: &str) -> Vec<String> {
        let f = facts(path, text);
        f.host_refs
            .iter()
            .map(|h| at(text, h.at).to_string())
            .collect()
    }

    #[test]
    fn redis_urls_to_remote_hosts_only() {
        let text = "a = 'redis://cache.example.com:6379/0'\nb = 'redis://localhost:6379'\nc = 'redis://redis:6379'\nd = 'rediss://cache.example.com:6380'\ne = \"redis://x.internal:6379\"\n# f = 'redis://old.example.com'\n";
        assert_eq!(
            hosts("app/cache.rb", text),
            ["redis://cache.example.com:6379/0"]
        );
        let text = "REDIS_URL=redis://h:s3cr3t@ec2-1-2-3-4.compute-1.amazonaws.com:6379\n";
        let f = facts(".env.production", text);
        assert_eq!(f.host_refs.len(), 1);
        assert!(
            !f.host_refs[0].shown.contains("s3cr3t"),
            "{}",
            f.host_refs[0].shown
        );
        assert_eq!(redis_host("redis://:pw@[::1]:6379"), Some("::1"));
        assert_eq!(redis_host("redis://"), None);
    }

    #[test]
    fn herokuapp_hosts_in_strings_regexes_and_values() {
        let text = "const origins = ['https://myapp.herokuapp.com', /\\.herokuapp\\.com$/];\n// https://old.herokuapp.com\n";
        assert_eq!(
            hosts("src/cors.js", text),
            ["myapp.herokuapp.com", "\\.herokuapp\\.com"]
        );
        let text = "env:\n  API_BASE: https://api-prod.herokuapp.com/v1\n  # CALLBACK: https://x.herokuapp.com\n";
        assert_eq!(
            hosts(".github/workflows/ci.yml", text),
            ["api-prod.herokuapp.com"]
        );
        assert!(hosts("README.md", "see https://myapp.herokuapp.com\n").is_empty());
        assert!(hosts("a.py", "X = 'herokuapp.com.example.org'\n").is_empty());
    }

    #[test]
    fn names_in_values_are_references_not_prose() {
        let text = "production:\n  replica:\n    url: <%= ENV['HEROKU_POSTGRESQL_RED_URL'] %>\n  note: set HEROKU_POSTGRESQL_RED_URL first\n  description: HEROKU_POSTGRESQL_RED_URL\n";
        let f = facts("config/database.yml", text);
        let names: Vec<_> = f.env_mentions.iter().map(|m| at(text, m.at)).collect();
        assert_eq!(names, ["HEROKU_POSTGRESQL_RED_URL"]);
        let text = "HEROKU_POSTGRESQL_RED_URL=postgres://x\nREPLICA=${HEROKU_POSTGRESQL_RED_URL}\n# HEROKU_POSTGRESQL_RED_URL=\n";
        let f = facts(".env", text);
        let keys: Vec<_> = f
            .env_mentions
            .iter()
            .map(|m| (m.at.span.start, m.key))
            .collect();
        assert_eq!(keys, [(0, true), (49, false)]);
    }
}
