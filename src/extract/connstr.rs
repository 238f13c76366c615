//! Parsing PostgreSQL connection strings (URLs and libpq key=value strings) found in raw text.
//! Template syntax (`${VAR}`, `<%= %>`, `{{ }}`, `#{}`) is stepped over as a unit so it never
//! ends a URL early; a templated host makes the host unknown rather than wrong.

use std::sync::LazyLock;

use regex::Regex;

pub use crate::facts::{is_weak_tls, states_tls};
use crate::facts::{ConnForm, Host, TlsParam};
use crate::source::Span;

/// A connection string found in text, with spans relative to that text.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub span: Span,
    pub form: ConnForm,
    pub host: Host,
    pub database: Option<String>,
    pub user: Option<String>,
    pub tls_param: Option<TlsParam>,
    pub param_insert: (usize, &'static str),
    pub templated: bool,
    pub password: Option<Span>,
    pub redacted: String,
}

/// Template openers and their closers; anything inside is opaque. A single `{` opens Python's
/// f-strings and `.format()` fields (`{user}`, `{}`, `{0}`); `{` is never part of a URL.
const TEMPLATES: &[(&str, &str)] = &[
    ("${", "}"),
    ("{{", "}}"),
    ("<%", "%>"),
    ("#{", "}"),
    ("%(", ")"),
    ("$(", ")"),
    ("{", "}"),
];

/// A printf verb at `i` (`%s`, `%v`, `%q`, `%r`, or `%d` not followed by a hex digit, which
/// would make it a percent-encoding): Go's `fmt.Sprintf`, Python's `%` formatting.
fn printf_verb(b: &[u8], i: usize) -> bool {
    b.get(i) == Some(&b'%')
        && match b.get(i + 1) {
            Some(b's' | b'v' | b'q' | b'r') => true,
            Some(b'd') => !b.get(i + 2).is_some_and(u8::is_ascii_hexdigit),
            _ => false,
        }
}

/// `postgres://`, `postgresql://`, `postgis://` (GeoDjango), and SQLAlchemy's `+driver` forms
/// (`postgresql+psycopg2://`, `postgres+asyncpg://`).
static URL_START: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r"(?i)(?-u:\b)postg(?:res(?:ql)?|is)(?:\+[a-z0-9_]+)?://").unwrap()
});
static DSN_HOST: LazyLock<Regex> =
    LazyLock::new(|| crate::parse::regex(r#"(?:^|[\s'"`])host\s*="#).unwrap());
static DSN_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r#"(?P<k>[a-z_]+)\s*=\s*(?:'(?P<q>(?:[^'\\]|\\.)*)'|(?P<v>[^\s'"`]*))"#)
        .unwrap()
});

/// Every connection string in `text` (a value, a string literal, a line).
/// `local_names` are host names known to be local (services of the same compose file).
pub fn find_all(text: &str, local_names: &[String]) -> Vec<Parsed> {
    let mut out: Vec<Parsed> = URL_START
        .find_iter(text)
        .filter_map(|m| parse_url(text, m.start(), m.end(), local_names))
        .collect();
    if out.is_empty() && DSN_HOST.is_match(text) {
        out.extend(parse_dsn(text, local_names));
    }
    out
}

fn parse_url(
    text: &str,
    start: usize,
    after_scheme: usize,
    local_names: &[String],
) -> Option<Parsed> {
    let b = text.as_bytes();
    let mut i = after_scheme;
    let mut templated = false;
    let mut bracket = false;
    // Boundaries of the parts, found in one pass that skips templates.
    let mut authority_end = None;
    let mut query_start = None;
    let mut last_at = None;
    'scan: while i < b.len() {
        for (open, close) in TEMPLATES {
            // Bytes, not text: `i` steps through multi-byte characters one byte at a time.
            if b[i..].starts_with(open.as_bytes()) {
                templated = true;
                let body = i + open.len();
                i = text[body..]
                    .find(close)
                    .map_or(b.len(), |n| body + n + close.len());
                continue 'scan;
            }
        }
        if printf_verb(b, i) {
            templated = true;
            i += 2;
            continue;
        }
        let c = b[i];
        match c {
            b'$' if b
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'_') =>
            {
                templated = true
            }
            b'[' => bracket = true,
            b']' if bracket => bracket = false,
            b'@' if authority_end.is_none() => last_at = Some(i),
            b'/' if authority_end.is_none() => authority_end = Some(i),
            b'?' if query_start.is_none() => {
                authority_end.get_or_insert(i);
                query_start = Some(i);
            }
            b',' if b.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()) => break,
            c if c.is_ascii_whitespace() || b"\"'`<>\\);|".contains(&c) => break,
            b']' | b'}' => break,
            _ => {}
        }
        i += 1;
    }
    let end = i;
    let authority_end = authority_end.unwrap_or(end);
    let (userinfo, hostport_start) = match last_at {
        Some(at) if at < authority_end => (Some((after_scheme, at)), at + 1),
        _ => (None, after_scheme),
    };
    let mut password = None;
    let mut user = None;
    if let Some((us, ue)) = userinfo {
        let ui = &text[us..ue];
        match ui.find(':') {
            Some(colon) => {
                user = Some(ui[..colon].to_string());
                if ue > us + colon + 1 {
                    password = Some(Span::new(us + colon + 1, ue));
                }
            }
            None => user = Some(ui.to_string()),
        }
    }
    let hostport = &text[hostport_start..authority_end];
    let first_host = hostport.split(',').next().unwrap_or("");
    let host_only = strip_port(first_host);
    let path_end = query_start.unwrap_or(end);
    let database = (authority_end < path_end)
        .then(|| text[authority_end + 1..path_end].to_string())
        .filter(|d| !d.is_empty());
    let mut params = Vec::new();
    if let Some(q) = query_start {
        let mut pos = q + 1;
        for pair in text[q + 1..end].split('&') {
            if let Some((k, v)) = pair.split_once('=') {
                let vs = pos + k.len() + 1;
                params.push((
                    k.to_ascii_lowercase(),
                    v.to_string(),
                    Span::new(vs, vs + v.len()),
                ));
            }
            pos += pair.len() + 1;
        }
    }
    let host_param = params
        .iter()
        .find(|(k, ..)| k == "host")
        .map(|(_, v, _)| v.as_str());
    let host = classify_host(host_only, host_param, local_names);
    // libpq's `sslmode` wins; JDBC and node-postgres also take `ssl=true|false|require`.
    let tls_param = ["sslmode", "ssl"].iter().find_map(|key| {
        params
            .iter()
            .find(|(k, ..)| k == key)
            .map(|(_, v, s)| TlsParam {
                key,
                value: v.to_string(),
                span: *s,
            })
    });
    let param_insert = if query_start.is_some() {
        (end, "&")
    } else {
        (end, "?")
    };
    let redacted = match password {
        Some(p) => format!("{}****{}", &text[start..p.start], &text[p.end..end]),
        None => text[start..end].to_string(),
    };
    Some(Parsed {
        span: Span::new(start, end),
        form: ConnForm::Url,
        host,
        database,
        user,
        tls_param,
        param_insert,
        templated,
        password,
        redacted,
    })
}

fn parse_dsn(text: &str, local_names: &[String]) -> Option<Parsed> {
    let mut host = None;
    let mut database = None;
    let mut user = None;
    let mut tls_param = None;
    let mut password = None;
    let mut keys = 0;
    let mut first = None;
    let mut last = 0;
    for c in DSN_PAIR.captures_iter(text) {
        let k = c.name("k").unwrap();
        let v = c.name("q").or(c.name("v")).unwrap();
        let known = matches!(
            k.as_str(),
            "host"
                | "hostaddr"
                | "port"
                | "dbname"
                | "user"
                | "password"
                | "sslmode"
                | "sslrootcert"
                | "connect_timeout"
                | "application_name"
                | "options"
                | "target_session_attrs"
        );
        if !known {
            continue;
        }
        keys += 1;
        first.get_or_insert(k.start());
        last = c.get(0).unwrap().end();
        let val = v.as_str().to_string();
        match k.as_str() {
            "host" | "hostaddr" => host = Some(val),
            "dbname" => database = Some(val),
            "user" => user = Some(val),
            "sslmode" => {
                tls_param = Some(TlsParam {
                    key: "sslmode",
                    value: val,
                    span: Span::new(v.start(), v.end()),
                })
            }
            "password" => password = Some(Span::new(v.start(), v.end())),
            _ => {}
        }
    }
    if keys < 2 {
        return None;
    }
    let host_text = host?;
    let templated = TEMPLATES.iter().any(|(o, _)| host_text.contains(o))
        || host_text.starts_with('$')
        || (0..host_text.len()).any(|i| printf_verb(host_text.as_bytes(), i));
    let host = classify_host(&host_text, None, local_names);
    let start = first?;
    let redacted = match password {
        Some(p) => format!("{}****{}", &text[start..p.start], &text[p.end..last]),
        None => text[start..last].to_string(),
    };
    Some(Parsed {
        span: Span::new(start, last),
        form: ConnForm::KeyValue,
        host,
        database,
        user,
        tls_param,
        param_insert: (last, " "),
        templated,
        password,
        redacted,
    })
}

fn strip_port(hostport: &str) -> &str {
    if let Some(rest) = hostport.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    if hostport.matches(':').count() > 1 {
        return hostport; // bare IPv6
    }
    hostport.split(':').next().unwrap_or(hostport)
}

/// Local: loopback, unix sockets, names of the same compose file, and private-network names
/// (single-label container/service names, `.internal`, `.flycast`, cluster DNS): the platforms'
/// private networks where TLS is not the contract.
pub fn classify_host(host: &str, host_param: Option<&str>, local_names: &[String]) -> Host {
    let host = if host.is_empty() {
        host_param.unwrap_or("")
    } else {
        host
    };
    let verb = (0..host.len()).any(|i| printf_verb(host.as_bytes(), i));
    if TEMPLATES.iter().any(|(o, _)| host.contains(o)) || host.contains('$') || verb {
        return Host::Templated;
    }
    let h = host
        .trim_matches(|c| c == '[' || c == ']')
        .to_ascii_lowercase();
    let decoded_socket = h.starts_with("%2f");
    let is_local = h.is_empty()
        || h.starts_with('/')
        || decoded_socket
        || h == "localhost"
        || h.ends_with(".localhost")
        || h.starts_with("127.")
        || h == "::1"
        || h == "0.0.0.0"
        || h == "host.docker.internal"
        || local_names.iter().any(|n| n.eq_ignore_ascii_case(&h))
        || !h.contains('.') && !h.contains(':')
        || [
            ".internal",
            ".local",
            ".flycast",
            ".svc",
            ".svc.cluster.local",
        ]
        .iter()
        .any(|s| h.ends_with(s));
    if is_local {
        Host::Local
    } else {
        Host::Remote(h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Parsed {
        let all = find_all(text, &[]);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all.into_iter().next().unwrap()
    }

    #[test]
    fn url_parts_and_redaction() {
        let t = "DATABASE_URL=postgres://app:s3cret@db.example.com:5432/prod?sslmode=prefer";
        let p = one(t);
        assert_eq!(p.host, Host::Remote("db.example.com".into()));
        assert_eq!(p.database.as_deref(), Some("prod"));
        assert_eq!(p.user.as_deref(), Some("app"));
        assert_eq!(
            p.tls_param.as_ref().map(|s| s.value.as_str()),
            Some("prefer")
        );
        assert_eq!(
            &t[p.password.unwrap().start..p.password.unwrap().end],
            "s3cret"
        );
        assert!(!p.redacted.contains("s3cret"));
        assert_eq!(p.param_insert, (t.len(), "&"));
    }

    #[test]
    fn ends_at_quotes_and_spaces() {
        let t = r#"url = "postgresql://u@h.example.org/db" + x"#;
        let p = one(t);
        assert_eq!(
            &t[p.span.start..p.span.end],
            "postgresql://u@h.example.org/db"
        );
        assert_eq!(p.param_insert.1, "?");
    }

    #[test]
    fn templates_do_not_break_parsing() {
        let p = one("postgres://${DB_USER}:${DB_PASS}@${DB_HOST}:5432/${DB_NAME}");
        assert_eq!(p.host, Host::Templated);
        let p = one("postgres://<%= ENV['U'] %>:<%= ENV['P'] %>@db.example.com/app");
        assert_eq!(p.host, Host::Remote("db.example.com".into()));
        assert!(p.templated);
        let p = one("postgres://{{ .Values.user }}@{{ .Values.host }}/db?sslmode=require");
        assert_eq!(p.host, Host::Templated);
        assert_eq!(p.tls_param.unwrap().value, "require");
    }

    #[test]
    fn interpolated_parts_with_a_literal_host() {
        for t in [
            "f\"postgresql://{user}:{password}@db.example.com:5432/{name}\"",
            "\"postgres://{}:{}@db.example.com/{}\".format(u, p, n)",
            "\"postgresql://%s:%s@db.example.com/%s\" % (u, p, n)",
            "fmt.Sprintf(\"postgres://%s:%s@db.example.com:5432/%s?x=1\", u, p, n)",
            "\"postgres://%(user)s:%(pw)s@db.example.com/%(db)s\"",
        ] {
            let p = one(t);
            assert_eq!(p.host, Host::Remote("db.example.com".into()), "{t}");
            assert!(p.templated, "{t}");
        }
        for t in [
            "f\"postgresql://{user}@{host}/{db}\"",
            "fmt.Sprintf(\"postgres://%s@%s/%s\", u, h, d)",
        ] {
            assert_eq!(one(t).host, Host::Templated, "{t}");
        }
        // Percent-encoding is not a printf verb.
        assert_eq!(
            one("postgresql://%2Fvar%2Frun%2Fpostgresql/db").host,
            Host::Local
        );
    }

    #[test]
    fn local_hosts() {
        for t in [
            "postgres://localhost/dev",
            "postgres://postgres:pw@127.0.0.1:5432/t",
            "postgresql://[::1]/x",
            "postgres:///app_dev",
            "postgresql://%2Fvar%2Frun%2Fpostgresql/db",
            "postgres://u@/db?host=/var/run/postgresql",
            "postgres://postgres@db:5432/app",
            "postgres://u@my-db.flycast/app",
            "postgres://u@postgres.railway.internal:5432/railway",
        ] {
            assert_eq!(one(t).host, Host::Local, "{t}");
        }
        assert_eq!(
            classify_host("pg.prod", None, &["pg.prod".into()]),
            Host::Local
        );
    }

    #[test]
    fn ssl_parameter_of_jdbc_and_node_postgres() {
        let tls = |t: &str| {
            one(t)
                .tls_param
                .map(|p| (p.key, p.value.clone(), p.is_weak()))
        };
        assert_eq!(
            tls("jdbc:postgresql://db.example.com:5432/app?ssl=true&sslfactory=x"),
            Some(("ssl", "true".into(), false))
        );
        assert_eq!(
            tls("postgres://db.example.com/app?ssl=false"),
            Some(("ssl", "false".into(), true))
        );
        assert_eq!(
            tls("postgres://db.example.com/app?sslmode=no-verify"),
            Some(("sslmode", "no-verify".into(), false))
        );
        // sslmode wins over ssl.
        assert_eq!(
            tls("postgres://db.example.com/app?ssl=true&sslmode=disable"),
            Some(("sslmode", "disable".into(), true))
        );
        assert!(states_tls("'require'") && states_tls("True") && states_tls("{"));
        assert!(!states_tls("False") && !states_tls("\"disable\"") && !states_tls("None"));
    }

    #[test]
    fn driver_and_postgis_schemes() {
        for (t, scheme) in [
            (
                "postgresql+psycopg2://app:pw@db.example.com:5432/app",
                "postgresql+psycopg2://",
            ),
            (
                "postgresql+asyncpg://app@db.example.com/app",
                "postgresql+asyncpg://",
            ),
            (
                "postgres+pg8000://app@db.example.com/app",
                "postgres+pg8000://",
            ),
            ("postgis://app:pw@db.example.com:5432/geo", "postgis://"),
        ] {
            let p = one(t);
            assert_eq!(p.host, Host::Remote("db.example.com".into()), "{t}");
            assert!(t[p.span.start..].starts_with(scheme), "{t}");
        }
        assert!(find_all("mysql+pymysql://app@db.example.com/app", &[]).is_empty());
    }

    #[test]
    fn key_value_dsn() {
        let t = "host=db.example.com port=5432 dbname=app user=u password=pw sslmode=disable";
        let p = one(t);
        assert_eq!(p.form, ConnForm::KeyValue);
        assert_eq!(p.host, Host::Remote("db.example.com".into()));
        assert_eq!(p.tls_param.unwrap().value, "disable");
        assert!(!p.redacted.contains("=pw "));
        assert!(find_all("host=example.com only", &[]).is_empty());
    }
}
