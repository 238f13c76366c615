//! Connection strings and `PGSSLMODE` settings, wherever text can hold them: env files, values of
//! structured files, string literals in code, and command lines.

use std::sync::LazyLock;

use regex::Regex;

use super::connstr;
use super::{Client, ConnectionString, Cx, Hits, Host, Lit, TlsParam};
use crate::parse::lexer::Lexed;
use crate::source::Lang;
use crate::source::Span;

/// Record every connection string inside `span` of the file.
pub fn scan(cx: &mut Cx, span: Span, lang: Option<Lang>) {
    scan_in(cx, cx.text, span, lang);
}

/// `scan` over `text`, a copy of the file with the same offsets (comments blanked).
fn scan_in(cx: &mut Cx, text: &str, span: Span, lang: Option<Lang>) {
    let Some(raw) = text.get(span.start..span.end) else {
        return;
    };
    for p in connstr::find_all(raw, &cx.local_hosts) {
        let base = span.start;
        let start = base + p.span.start;
        let prefix = crate::source::slice(cx.text, Span::new(start.saturating_sub(5), start));
        let client = Client::of(lang, prefix);
        cx.facts.secrets.extend(p.password.map(|s| s.offset(base)));
        cx.facts.connections.push(ConnectionString {
            at: cx.loc(p.span.offset(base)),
            form: p.form,
            host: p.host,
            database: p.database,
            user: p.user,
            tls_param: p.tls_param.map(|t| TlsParam {
                span: t.span.offset(base),
                ..t
            }),
            tls_elsewhere: false,
            param_insert: Some((p.param_insert.0 + base, p.param_insert.1)),
            templated: p.templated,
            client,
            redacted: p.redacted,
        });
    }
}

/// String literals of code, and URLs built by joining literals with expressions
/// (`"postgres://" + user + ":" + pw + "@db.example.com/" + db`): the literal parts decide,
/// an expression is a template.
pub fn in_strings(cx: &mut Cx, lexed: &Lexed, lang: Lang) {
    let strings = &lexed.strings;
    let mut i = 0;
    while i < strings.len() {
        let s = strings[i];
        let h = Hits::scan(&cx.text[s.start..s.end]);
        if !(h.has(Lit::Postgres) || h.has(Lit::HostEq)) {
            i += 1;
            continue;
        }
        match concatenation(cx.text, &lexed.masked, strings, i, lang) {
            Some(chain) => {
                scan_joined(cx, &chain, lang);
                i += chain.literals;
            }
            None => {
                scan(cx, s, Some(lang));
                i += 1;
            }
        }
    }
}

/// The operator that joins strings in `lang`.
fn join_operator(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::Php => Some("."),
        Lang::Elixir => Some("<>"),
        Lang::Shell => None,
        _ => Some("+"),
    }
}

/// A string built of literals and expressions.
struct Chain {
    /// In order: `(span, literal)`; a literal's span is its content (inside the quotes), an
    /// expression's its code.
    pieces: Vec<(Span, bool)>,
    /// How many string literals the chain took.
    literals: usize,
}

/// An expression between `+`s: a name, member accesses, indexes, simple calls.
static OPERAND: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r"^[A-Za-z_$@][0-9A-Za-z_$]*(?:\s*(?:\.|->|::)\s*[A-Za-z_$][0-9A-Za-z_$]*|\[[^\]\n]*\]|\([^()\n]*\))*",
    )
    .expect("operand pattern")
});

/// The concatenation starting at literal `first`, when one follows it: literals and
/// expressions joined by the language's operator.
fn concatenation(
    text: &str,
    masked: &str,
    strings: &[Span],
    first: usize,
    lang: Lang,
) -> Option<Chain> {
    let op = join_operator(lang)?;
    let inner = |s: Span| {
        // Python f-strings and friends carry a prefix before the quote.
        let open = text[s.start..s.end]
            .find(['"', '\'', '`'])
            .map_or(s.start, |n| s.start + n);
        let close = if s.end > open + 1 && text.as_bytes()[s.end - 1] == text.as_bytes()[open] {
            s.end - 1
        } else {
            s.end
        };
        Span::new((open + 1).min(close), close)
    };
    let mut pieces = vec![(inner(strings[first]), true)];
    let mut literals = 1;
    let mut pos = strings[first].end;
    loop {
        let rest = &masked[pos..];
        let after_ws = rest.len() - rest.trim_start().len();
        let Some(after_op) = rest[after_ws..].strip_prefix(op) else {
            break;
        };
        let op_end = pos + after_ws + op.len();
        let operand_start = op_end + (after_op.len() - after_op.trim_start().len());
        let next = strings.get(first + literals);
        if next.is_some_and(|n| n.start == operand_start) {
            let n = *next.unwrap();
            pieces.push((inner(n), true));
            literals += 1;
            pos = n.end;
            continue;
        }
        let Some(m) = OPERAND.find(&masked[operand_start..]) else {
            break;
        };
        let end = operand_start + m.end();
        // An operand that runs into a string literal is not a simple expression.
        if strings
            .iter()
            .any(|s| s.start >= operand_start && s.start < end)
        {
            break;
        }
        pieces.push((Span::new(operand_start, end), false));
        pos = end;
    }
    (pieces.len() > 1).then_some(Chain { pieces, literals })
}

/// Parse a chain as one string: its literal parts as written, each expression a `${}`.
fn scan_joined(cx: &mut Cx, chain: &Chain, lang: Lang) {
    const HOLE: &str = "${}";
    let mut joined = String::new();
    // (start in `joined`, end in `joined`, piece)
    let mut map: Vec<(usize, usize, Span, bool)> = Vec::new();
    for &(span, literal) in &chain.pieces {
        let start = joined.len();
        joined.push_str(if literal {
            &cx.text[span.start..span.end]
        } else {
            HOLE
        });
        map.push((start, joined.len(), span, literal));
    }
    // An offset of `joined` back in the file; `end`: the end of an expression it falls in.
    let back = |o: usize, end: bool| -> (usize, bool) {
        for &(js, je, span, literal) in &map {
            if (js..je).contains(&o) || (o == je && (end || !literal)) {
                return if literal {
                    (span.start + (o - js), true)
                } else {
                    (if end { span.end } else { span.start }, false)
                };
            }
        }
        let last = map.last().map_or(0, |m| m.2.end);
        (last, false)
    };
    let first = chain.pieces[0].0.start;
    for p in connstr::find_all(&joined, &cx.local_hosts) {
        let (start, _) = back(p.span.start, false);
        let (end, end_in_literal) = back(p.span.end, true);
        let literal_span = |s: Span| -> Option<Span> {
            let (a, in_a) = back(s.start, false);
            let (b, in_b) = back(s.end, true);
            (in_a && in_b && b >= a).then(|| Span::new(a, b))
        };
        if let Some(pw) = p.password.and_then(literal_span) {
            cx.facts.secrets.push(pw);
        }
        let prefix = crate::source::slice(cx.text, Span::new(first.saturating_sub(5), first));
        cx.facts.connections.push(ConnectionString {
            at: cx.loc(Span::new(start, end.max(start))),
            form: p.form,
            host: p.host,
            database: p.database,
            user: p.user,
            tls_param: p
                .tls_param
                .and_then(|t| literal_span(t.span).map(|span| TlsParam { span, ..t })),
            tls_elsewhere: false,
            param_insert: end_in_literal.then_some((end, p.param_insert.1)),
            templated: true,
            client: Client::of(Some(lang), prefix),
            redacted: p.redacted,
        });
    }
}

/// Mark the connection strings of the file that lie in `within` as having TLS asked for
/// outside them.
pub fn mark_tls_elsewhere(cx: &mut Cx, within: impl Fn(Span) -> bool) {
    for c in &mut cx.facts.connections {
        if within(c.at.span) {
            c.tls_elsewhere = true;
        }
    }
}

/// TLS settings in code: `ssl_require=True` (dj-database-url), `sslmode=`/`"sslmode":`,
/// `ssl: {...}`/`ssl: true`/`ssl=True`, `rejectUnauthorized` (node-postgres). `v` is the value.
static TLS_IN_CODE: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?i)(?-u:\b)(?:rejectunauthorized|(?:ssl_?require|sslmode|ssl)["']?\s*(?:=>|[=:])\s*(?P<v>\{|"[^"\n]*"|'[^'\n]*'|[^\s,;)}\]"'`]+))"#,
    )
    .unwrap()
});

/// A code file that sets TLS in its code (`masked` has comments blanked; settings inside its own
/// connection strings do not count) states TLS for every connection string it holds.
pub fn tls_in_code(cx: &mut Cx, masked: &str) {
    if cx.facts.connections.is_empty() {
        return;
    }
    let conns: Vec<Span> = cx.facts.connections.iter().map(|c| c.at.span).collect();
    let found = TLS_IN_CODE.captures_iter(masked).any(|c| {
        let start = c.get(0).unwrap().start();
        !conns.iter().any(|s| s.start <= start && start < s.end)
            && c.name("v").is_none_or(|v| connstr::states_tls(v.as_str()))
    });
    if found {
        mark_tls_elsewhere(cx, |_| true);
    }
}

/// Shell code: a URL is as often a bare word (`psql postgres://...`, `migrate -database
/// postgres://...`) as a quoted one, so every line of the comment-masked code is scanned.
pub fn in_shell(cx: &mut Cx, masked: &str) {
    let mut start = 0;
    for line in masked.split_inclusive('\n') {
        let span = Span::new(start, start + line.trim_end().len());
        start += line.len();
        if Hits::scan(line).has(Lit::Postgres) || line.contains("host=") {
            scan_in(cx, masked, span, Some(Lang::Shell));
        }
    }
}

/// Line-oriented files (Dockerfile `ENV`, ...): every line that is not a comment.
pub fn in_lines(cx: &mut Cx) {
    if !(cx.hits.has(Lit::Postgres) || cx.hits.has(Lit::HostEq)) {
        return;
    }
    let mut start = 0;
    for line in cx.text.split_inclusive('\n') {
        let span = Span::new(start, start + line.trim_end().len());
        start += line.len();
        if !line.trim_start().starts_with('#') {
            scan(cx, span, None);
        }
    }
}

static ENV_LINE: LazyLock<Regex> = LazyLock::new(|| {
    crate::parse::regex(r#"(?m)^[ \t]*(?:export[ \t]+)?(?P<k>[A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*(?P<v>"(?:[^"\\]|\\.)*"|'[^']*'|[^\r\n]*)"#).unwrap()
});

/// One `KEY=value` of an env file; `value` excludes quotes and trailing comments.
pub struct EnvEntry<'a> {
    pub key: &'a str,
    pub value: &'a str,
    pub value_span: Span,
}

pub fn env_entries(text: &str) -> Vec<EnvEntry<'_>> {
    ENV_LINE
        .captures_iter(text)
        .map(|c| {
            let k = c.name("k").unwrap();
            let v = c.name("v").unwrap();
            let raw = v.as_str();
            let closed = raw.len() >= 2
                && (raw.starts_with('"') && raw.ends_with('"')
                    || raw.starts_with('\'') && raw.ends_with('\''));
            let (s, e) = if closed {
                (v.start() + 1, v.end() - 1)
            } else if raw.starts_with(['"', '\'']) {
                // A quote left open runs to the end of the line.
                (v.start() + 1, v.end())
            } else {
                // Unquoted: ` #` starts a comment.
                let cut = raw.find(" #").unwrap_or(raw.len());
                (v.start(), v.start() + raw[..cut].trim_end().len())
            };
            EnvEntry {
                key: k.as_str(),
                value: &text[s..e],
                value_span: Span::new(s, e),
            }
        })
        .collect()
}

/// Whether a `PGSSLMODE` in this file can only matter for local servers: the file is meant for
/// development, tests or CI (whatever hosts it names), or it names a host and every host it
/// names (connection strings, plus `hosts` such as `PGHOST`) is local.
pub fn local_context(cx: &Cx, hosts: &[Host]) -> bool {
    if cx.src.role() != crate::role::Role::Deploy {
        return true;
    }
    let conns = cx.facts.connections.iter().filter(|c| c.at.file == cx.file);
    let mut any_local = false;
    for h in conns.map(|c| &c.host).chain(hosts) {
        match h {
            Host::Remote(_) => return false,
            Host::Local => any_local = true,
            Host::Templated => {}
        }
    }
    any_local
}

pub use crate::facts::is_secret_key;

#[cfg(test)]
mod tests {
    use super::is_secret_key;

    #[test]
    fn secret_keys() {
        for k in [
            "password",
            "DB_PASSWORD",
            "pass",
            "DB_PASS",
            "db.pass",
            "pwd",
            "SMTP_PWD",
            "PG_PW",
            "api_key",
            "STRIPE_KEY",
            "secret_key_base",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in [
            "COMPASS",
            "bypass",
            "passenger",
            "public_key",
            "host",
            "PWD_DIR",
        ] {
            assert!(!is_secret_key(k), "{k}");
        }
    }
}
