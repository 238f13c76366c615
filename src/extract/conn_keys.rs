//! Connections written as keys rather than URLs: Rails `database.yml` (`host:`, `sslmode:`),
//! Django `DATABASES` (`HOST`, `OPTIONS.sslmode`), Sequelize, knex, TypeORM, Strapi and
//! node-postgres config objects (`host:`, `ssl:`, `dialectOptions.ssl`), and keyword arguments
//! of client calls (`psycopg2.connect(host=..., sslmode=...)`).
//!
//! A mapping or object with a `host` counts when it configures PostgreSQL: a `dialect`,
//! `client`, `type`, `ENGINE` or `adapter` that names it, in the object or the one around it
//! (knex's `connection` sits inside `{ client: 'pg' }`), the arguments of a PostgreSQL client
//! call, or a Rails `database.yml`. The host is its literal value, or the literal default of an
//! environment lookup (`env('DATABASE_HOST', 'db.example.com')`, `ENV.fetch("DB_HOST",
//! "...")`); anything else is a variable host, which is not judged. TLS is whatever `ssl` or
//! `sslmode` key the same object (or an object inside it) sets.

use std::sync::LazyLock;

use regex::Regex;

use super::connstr::classify_host;
use super::{Client, ConnForm, ConnectionString, Cx, Host, TlsParam};
use crate::parse::lexer::Lexed;
use crate::parse::Tree;
use crate::source::{Lang, Span};

/// Values of `dialect`, `client`, `type`, `ENGINE`, `adapter` that mean PostgreSQL.
fn is_postgres(value: &str) -> bool {
    let v = value
        .trim()
        .trim_matches(['"', '\'', '`'])
        .to_ascii_lowercase();
    matches!(
        v.as_str(),
        "postgres" | "postgresql" | "pg" | "postgis" | "cockroachdb" | "pg-native"
    ) || v.starts_with("django.db.backends.postgresql")
        || v == "django.contrib.gis.db.backends.postgis"
}

const KIND_KEYS: &[&str] = &["dialect", "client", "type", "engine", "adapter", "driver"];

/// A literal that names a host: a dotted name, an IP address or `localhost`; not a variable's
/// name (`DB_HOST`).
fn looks_like_host(v: &str) -> bool {
    !v.is_empty()
        && (v.contains('.') || v.contains(':') || v.eq_ignore_ascii_case("localhost"))
        && !v.contains(char::is_whitespace)
}

// ---------------------------------------------------------------------------------------------
// YAML and JSON: Rails database.yml, node `config` files, any mapping that names its adapter.

/// Call `f` on every mapping of a tree.
fn visit_maps<'a, T: Tree>(node: &'a T, f: &mut dyn FnMut(&'a T)) {
    if !node.entries().is_empty() {
        f(node);
    }
    for (_, v) in node.entries() {
        visit_maps(v, f);
    }
    for i in node.items() {
        visit_maps(i, f);
    }
}

pub fn in_tree<T: Tree>(cx: &mut Cx, doc: &T) {
    let database_yml = cx.src.file_name().starts_with("database.yml");
    let mut found = Vec::new();
    visit_maps(doc, &mut |m| {
        let Some((_, host)) = m
            .entries()
            .iter()
            .find(|(k, _)| matches!(k.as_str(), Some("host" | "hostname")))
        else {
            return;
        };
        let adapter = m
            .entries()
            .iter()
            .find(|(k, _)| k.as_str().is_some_and(|k| KIND_KEYS.contains(&k)))
            .and_then(|(_, v)| v.as_str());
        let postgres = match adapter {
            Some(a) => is_postgres(a),
            // Rails database.yml takes its adapter from `<<: *default` more often than not.
            None => database_yml,
        };
        if !postgres {
            return;
        }
        let tls = m
            .entries()
            .iter()
            .find(|(k, _)| matches!(k.as_str(), Some("sslmode" | "ssl")))
            .map(|(k, v)| (k.as_str().unwrap_or("sslmode").to_string(), v.span()));
        found.push((host.span(), tls));
    });
    for (host_span, tls) in found {
        let Some((host, templated)) = host_value(cx.text, host_span, true) else {
            continue;
        };
        let tls = tls.map(|(key, span)| tls_param(cx.text, &key, span));
        push(cx, host_span, &host, templated, tls, None);
    }
}

/// The host a value names: a literal, or the literal default of an ERB or code lookup
/// (`<%= ENV.fetch("DB_HOST", "db.example.com") %>`). `templated`: it came from a default.
/// `bare`: an unquoted value is a literal (YAML), not code.
fn host_value(text: &str, span: Span, bare: bool) -> Option<(String, bool)> {
    let raw = text.get(span.start..span.end)?.trim();
    let quoted = raw.len() >= 2
        && ["\"", "'", "`"]
            .iter()
            .any(|q| raw.starts_with(q) && raw.ends_with(q) && !raw[1..raw.len() - 1].contains(q));
    let plain = if quoted { &raw[1..raw.len() - 1] } else { raw };
    let literal = (quoted || bare) && !plain.contains(['(', '$', '<', '{', '[', ' ']);
    if literal && looks_like_host(plain) {
        return Some((plain.to_string(), false));
    }
    last_literal(raw)
        .filter(|l| looks_like_host(l))
        .map(|l| (l.to_string(), true))
}

/// The last quoted literal of an expression: the default of `env('X', 'default')`,
/// `ENV.fetch("X", "default")`, `process.env.X || 'default'`, `os.environ.get("X", "default")`.
fn last_literal(expr: &str) -> Option<&str> {
    static LITERAL: LazyLock<Regex> = LazyLock::new(|| {
        crate::parse::regex(r#""([^"\n]*)"|'([^'\n]*)'|`([^`$\n]*)`"#).expect("literal")
    });
    LITERAL
        .captures_iter(expr)
        .last()
        .and_then(|c| c.get(1).or(c.get(2)).or(c.get(3)))
        .map(|m| m.as_str())
}

// ---------------------------------------------------------------------------------------------
// Code: object literals, dicts and keyword arguments.

/// `host:` / `"host":` / `HOST` (Django) / `host=` (keyword argument), not `host==`.
static HOST_KEY: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r#"(?-u:\b)(?:host|hostname|HOST)["']?\s*(?::|=(?:[^=]|$))"#)
        .expect("host key")
});
static KIND: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?i)(?-u:\b)(?:dialect|client|type|engine|adapter|driver)["']?\s*[:=]\s*(?P<v>"[^"\n]*"|'[^'\n]*'|`[^`\n]*`)"#,
    )
    .expect("kind key")
});
static TLS_KEY: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r#"(?i)(?-u:\b)(?P<k>sslmode|ssl_mode|ssl)["']?\s*(?::|=(?:[^=]|$))"#)
        .expect("tls key")
});
/// A PostgreSQL client call right before the `(` of a block.
static CLIENT_CALL: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r"(?:new\s+(?:pg\s*\.\s*)?(?:Pool|Client)|psycopg2?\s*\.\s*connect|asyncpg\s*\.\s*(?:connect|create_pool)|pg\s*\.\s*connect|PG\s*\.\s*connect|PG::Connection\s*\.\s*new|Sequel\s*\.\s*(?:connect|postgres))\s*(?:\(\s*)?$",
    )
    .expect("client call")
});

pub fn in_code(cx: &mut Cx, lexed: &Lexed, lang: Lang) {
    let masked = lexed.masked.as_str();
    let keys: Vec<usize> = HOST_KEY
        .find_iter(masked)
        .map(|m| m.start())
        .filter(|&s| !lexed.in_literal_text(s) || quoted_key(masked, lexed, s))
        .collect();
    for key in keys {
        let Some(block) = enclosing(masked, &lexed.strings, key) else {
            continue;
        };
        let parent = enclosing(masked, &lexed.strings, block.start.saturating_sub(1))
            .filter(|p| p.start < block.start);
        let in_block = |s: Span| &masked[s.start..s.end];
        let names_postgres = |s: Span| {
            KIND.captures_iter(in_block(s))
                .any(|c| is_postgres(&c["v"]))
        };
        let before = crate::source::floor_char(masked, block.start.saturating_sub(200));
        let call = CLIENT_CALL.is_match(&masked[before..block.start]);
        if !(names_postgres(block) || parent.is_some_and(names_postgres) || call) {
            continue;
        }
        let Some(value) = value_after(masked, &lexed.strings, key, block) else {
            continue;
        };
        let Some((host, templated)) = host_value(cx.text, value, false) else {
            continue;
        };
        let tls = TLS_KEY.captures_iter(in_block(block)).find_map(|c| {
            let k = c.name("k")?;
            let at = block.start + k.start();
            let v = value_after(masked, &lexed.strings, at, block)?;
            Some(tls_param(cx.text, &k.as_str().to_ascii_lowercase(), v))
        });
        push(cx, value, &host, templated, tls, Some(lang));
    }
}

/// `"HOST": ...` in a dict: the key is a string literal, and the match sits inside it.
fn quoted_key(masked: &str, lexed: &Lexed, at: usize) -> bool {
    let n = lexed.strings.partition_point(|s| s.start < at);
    n.checked_sub(1)
        .map(|i| lexed.strings[i])
        .filter(|s| at < s.end)
        .is_some_and(|s| masked[s.end..].trim_start().starts_with([':', '=']))
}

/// Whether byte `i` lies in one of `strings` (sorted, disjoint).
fn in_any(strings: &[Span], i: usize) -> bool {
    let n = strings.partition_point(|s| s.start <= i);
    n > 0 && i < strings[n - 1].end
}

/// The `{...}` or `(...)` that holds `at`, skipping string literals. Bounded: a block is a
/// config object, not a whole minified bundle.
fn enclosing(masked: &str, strings: &[Span], at: usize) -> Option<Span> {
    const MAX_BLOCK: usize = 16 * 1024;
    let b = masked.as_bytes();
    let in_string = |i: usize| in_any(strings, i);
    let floor = at.saturating_sub(MAX_BLOCK);
    let mut depth = 0usize;
    let mut i = at.min(b.len());
    let open = loop {
        if i <= floor {
            return None;
        }
        i -= 1;
        if in_string(i) {
            continue;
        }
        match b[i] {
            b'}' | b')' | b']' => depth += 1,
            b'{' | b'(' | b'[' if depth > 0 => depth -= 1,
            b'{' | b'(' => break i,
            _ => {}
        }
    };
    let mut depth = 0usize;
    let mut j = open;
    let ceiling = (open + 2 * MAX_BLOCK).min(b.len());
    while j < ceiling {
        if !in_string(j) {
            match b[j] {
                b'{' | b'(' | b'[' => depth += 1,
                b'}' | b')' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(Span::new(open, j + 1));
                    }
                }
                _ => {}
            }
        }
        j += 1;
    }
    None
}

/// The value after the key at `key` (past its `:` or `=`), up to the next `,` at its own
/// depth or the end of the block.
fn value_after(masked: &str, strings: &[Span], key: usize, block: Span) -> Option<Span> {
    let b = masked.as_bytes();
    let in_string = |i: usize| in_any(strings, i);
    // Past the key (and its closing quote) to the separator.
    let mut i = key;
    let separator = |i: usize| matches!(b[i], b':' | b'=') && !in_string(i);
    while i < block.end && !separator(i) {
        i += 1;
    }
    // No `:` or `=` before the block ends: the key has no value here.
    if i >= block.end {
        return None;
    }
    let start = i + 1;
    let mut depth = 0usize;
    let mut j = start;
    while j < block.end - 1 {
        if !in_string(j) {
            match b[j] {
                b'{' | b'(' | b'[' => depth += 1,
                b'}' | b')' | b']' if depth == 0 => break,
                b'}' | b')' | b']' => depth -= 1,
                b',' | b'\n' if depth == 0 => break,
                _ => {}
            }
        }
        j += 1;
    }
    let raw = &masked[start..j];
    let lead = raw.len() - raw.trim_start().len();
    let span = Span::new(start + lead, start + raw.trim_end().len());
    (span.start < span.end).then_some(span)
}

/// A TLS setting: its value's span is inside the quotes when it is a literal, so the EG102 fix
/// replaces the value and keeps them.
fn tls_param(text: &str, key: &str, span: Span) -> TlsParam {
    let raw = text.get(span.start..span.end).unwrap_or("");
    let quoted = raw.len() >= 2 && (raw.starts_with(['"', '\'']) && raw.ends_with(['"', '\'']));
    let (span, value) = if quoted {
        (
            Span::new(span.start + 1, span.end - 1),
            &raw[1..raw.len() - 1],
        )
    } else {
        (span, raw)
    };
    TlsParam {
        key: if key.contains("mode") {
            "sslmode"
        } else {
            "ssl"
        },
        value: value.to_string(),
        span,
    }
}

fn push(
    cx: &mut Cx,
    at: Span,
    host: &str,
    templated: bool,
    tls: Option<TlsParam>,
    lang: Option<Lang>,
) {
    let host = classify_host(host, None, &cx.local_hosts);
    if host == Host::Templated {
        return;
    }
    let shown = match &host {
        Host::Remote(h) => format!("host={h}"),
        _ => "host=localhost".to_string(),
    };
    // A connection string the same span already holds (a URL under `host:`) is not a second.
    if cx.facts.connections.iter().any(|c| c.at.span.contains(at)) {
        return;
    }
    cx.facts.connections.push(ConnectionString {
        at: cx.loc(at),
        form: ConnForm::Keys,
        host,
        database: None,
        user: None,
        tls_param: tls,
        tls_elsewhere: false,
        param_insert: None,
        templated,
        client: Client::of(lang, ""),
        redacted: shown,
    });
}

#[cfg(test)]
mod tests {
    use crate::extract::tests::{at, facts};
    use crate::facts::{ConnForm, Host};

    fn keys(path: &str, text: &str) -> Vec<(Host, Option<String>)> {
        facts(path, text)
            .connections
            .iter()
            .filter(|c| c.form == ConnForm::Keys)
            .map(|c| {
                (
                    c.host.clone(),
                    c.tls_param.as_ref().map(|t| t.value.clone()),
                )
            })
            .collect()
    }

    fn remote(h: &str) -> Host {
        Host::Remote(h.into())
    }

    #[test]
    fn database_yml_hosts_and_sslmode() {
        let text = "default: &default\n  adapter: postgresql\n\nproduction:\n  <<: *default\n  host: ledgerly.cluster-c1.us-east-1.rds.amazonaws.com\n  sslmode: prefer\n\ndevelopment:\n  <<: *default\n  host: localhost\n";
        assert_eq!(
            keys("config/database.yml", text),
            [
                (
                    remote("ledgerly.cluster-c1.us-east-1.rds.amazonaws.com"),
                    Some("prefer".into())
                ),
                (Host::Local, None)
            ]
        );
        let erb = "production:\n  adapter: postgis\n  host: <%= ENV.fetch(\"DB_HOST\", \"db.example.com\") %>\n";
        assert_eq!(
            keys("config/database.yml", erb),
            [(remote("db.example.com"), None)]
        );
        let mysql = "production:\n  adapter: mysql2\n  host: db.example.com\n";
        assert!(keys("config/database.yml", mysql).is_empty());
    }

    #[test]
    fn django_databases() {
        let text = "DATABASES = {\n    \"default\": {\n        \"ENGINE\": \"django.db.backends.postgresql\",\n        \"NAME\": \"fieldnotes\",\n        \"HOST\": os.environ.get(\"DB_HOST\", \"fieldnotes-db.c9akciq32.eu-west-1.rds.amazonaws.com\"),\n        \"OPTIONS\": {\"sslmode\": \"disable\"},\n    }\n}\n";
        let f = facts("fieldnotes/settings.py", text);
        let c = &f.connections[0];
        assert_eq!(
            c.host,
            remote("fieldnotes-db.c9akciq32.eu-west-1.rds.amazonaws.com")
        );
        assert_eq!(
            at(
                text,
                c.tls_param
                    .as_ref()
                    .map(|t| crate::source::Loc {
                        file: 0,
                        span: t.span
                    })
                    .unwrap()
            ),
            "disable"
        );
        let plain = "DATABASES = {\"default\": {\"ENGINE\": \"django.db.backends.postgresql\", \"HOST\": os.environ[\"DB_HOST\"]}}\n";
        assert!(keys("app/settings.py", plain).is_empty());
    }

    #[test]
    fn js_config_objects() {
        let sequelize = "const sequelize = new Sequelize(db, user, pass, {\n  host: 'db.example.com',\n  dialect: 'postgres',\n  dialectOptions: { ssl: { require: true, rejectUnauthorized: false } },\n});\n";
        assert_eq!(
            keys("src/db.js", sequelize),
            [(
                remote("db.example.com"),
                Some("{ require: true, rejectUnauthorized: false }".into())
            )]
        );
        let knex = "module.exports = {\n  production: {\n    client: 'pg',\n    connection: {\n      host: process.env.DB_HOST || 'tracker-db.example.com',\n      database: 'tracker',\n    },\n  },\n};\n";
        assert_eq!(
            keys("knexfile.js", knex),
            [(remote("tracker-db.example.com"), None)]
        );
        let strapi = "module.exports = ({ env }) => ({\n  connection: {\n    client: 'postgres',\n    connection: {\n      host: env('DATABASE_HOST', 'strapi-db.example.com'),\n      ssl: env.bool('DATABASE_SSL', false),\n    },\n  },\n});\n";
        assert_eq!(
            keys("config/database.js", strapi),
            [(
                remote("strapi-db.example.com"),
                Some("env.bool('DATABASE_SSL', false)".into())
            )]
        );
        let pool = "import { Pool } from 'pg';\nconst pool = new Pool({ host: 'db.example.com', ssl: false });\n";
        assert_eq!(
            keys("src/pool.ts", pool),
            [(remote("db.example.com"), Some("false".into()))]
        );
        // Not PostgreSQL: a Redis client, a MySQL dialect.
        let redis = "const redis = new Redis({ host: 'cache.example.com', port: 6379 });\n";
        assert!(keys("src/cache.js", redis).is_empty());
        let mysql = "new Sequelize(db, u, p, { host: 'db.example.com', dialect: 'mysql' });\n";
        assert!(keys("src/db.js", mysql).is_empty());
    }

    #[test]
    fn keyword_arguments_of_client_calls() {
        let text = "conn = psycopg2.connect(host=\"db.example.com\", dbname=\"app\", sslmode=\"require\")\n";
        assert_eq!(
            keys("app/db.py", text),
            [(remote("db.example.com"), Some("require".into()))]
        );
        let cmp = "if host == \"db.example.com\":\n    pass\n";
        assert!(keys("app/db.py", cmp).is_empty());
    }
}
