//! Parsers and scanners on any text: YAML, JSON, TOML, the lexer, connection strings, cron expressions.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// Parsers

pub(super) fn check_yaml_node(text: &str, n: &yaml::Node) {
    check_span(text, n.span, "YAML node");
    match &n.value {
        yaml::Value::Seq(items) => items.iter().for_each(|i| check_yaml_node(text, i)),
        yaml::Value::Map(entries) => {
            for (k, v) in entries {
                check_yaml_node(text, k);
                check_yaml_node(text, v);
            }
        }
        yaml::Value::Scalar { .. } | yaml::Value::Alias => {}
    }
}

/// `parse::yaml::parse` and `validate`: spans of every node, error offsets, and a stream that
/// parses also validates.
pub fn yaml(data: &[u8]) {
    let text = text(data);
    let parsed = yaml::parse(&text);
    let valid = yaml::validate(&text);
    match &parsed {
        Ok(docs) => {
            assert!(valid.is_ok(), "parses but does not validate: {valid:?}");
            for d in docs {
                check_yaml_node(&text, d);
                let mut n = 0usize;
                d.walk_scalars(&mut Vec::new(), &mut |_, s| {
                    n += 1;
                    check_span(&text, s.span, "YAML scalar");
                });
                let _ = d.path(&["spec", "schedule"]);
                let _ = d.as_value_str();
            }
        }
        Err(e) => check_offset(&text, e.offset, "YAML parse error"),
    }
    if let Err(e) = &valid {
        check_offset(&text, e.offset, "YAML validate error");
        assert!(parsed.is_err(), "validate fails but parse succeeds");
    }
}

pub(super) fn check_json_node(text: &str, n: &json::Node) {
    check_span(text, n.span, "JSON node");
    match &n.value {
        json::Value::Array(items) => items.iter().for_each(|i| check_json_node(text, i)),
        json::Value::Object(entries) => {
            for (k, v) in entries {
                check_json_node(text, k);
                check_json_node(text, v);
            }
        }
        _ => {}
    }
}

/// `parse::json::parse`, lenient and strict: spans, error offsets, and what strict accepts
/// lenient accepts the same way.
pub fn json(data: &[u8]) {
    let text = text(data);
    let lenient = json::parse(&text, true);
    let strict = json::parse(&text, false);
    for r in [&lenient, &strict] {
        match r {
            Ok(root) => {
                check_json_node(&text, root);
                root.walk_strings(&mut Vec::new(), &mut |_, s| {
                    check_span(&text, s.span, "JSON string")
                });
            }
            Err(e) => check_offset(&text, e.offset, "JSON parse error"),
        }
    }
    if let Ok(s) = &strict {
        assert_eq!(
            lenient.as_ref().ok(),
            Some(s),
            "strict JSON read differently when lenient"
        );
    }
}

/// `parse::toml::parse`: string spans, error offsets, key lookups.
pub fn toml(data: &[u8]) {
    let text = text(data);
    match toml::parse(&text) {
        Ok(table) => {
            toml::walk_strings(table.get_ref(), &mut Vec::new(), &mut |_, _, span| {
                check_span(&text, span, "TOML string")
            });
            for keys in [
                &["tools", "python"][..],
                &["build", "image"],
                &["env", "DATABASE_URL"],
                &["a"],
            ] {
                if let Some((_, span)) = toml::get_str(table.get_ref(), keys) {
                    check_span(&text, span, "TOML value");
                }
            }
        }
        Err(e) => check_offset(&text, e.offset, "TOML parse error"),
    }
}

/// `parse::lexer::lex` with every syntax: masked text keeps the length and every byte outside
/// comments, comments are blanked, spans are in order and on character boundaries.
pub fn lexer(data: &[u8]) {
    let text = text(data);
    let syntaxes = [Syntax::SQL, Syntax::HASH, Syntax::SLASHES, Syntax::MARKUP]
        .into_iter()
        .chain(LANGS.iter().map(|l| Syntax::for_lang(*l)));
    for syn in syntaxes {
        let l = lexer::lex(&text, syn);
        assert_eq!(l.masked.len(), text.len(), "masked text changed length");
        let (t, m) = (text.as_bytes(), l.masked.as_bytes());
        let mut pos = 0;
        for c in &l.comments {
            check_span(&text, *c, "comment");
            assert!(c.start >= pos, "comments overlap or are out of order");
            assert_eq!(
                t[pos..c.start],
                m[pos..c.start],
                "masked text outside comments"
            );
            assert!(
                m[c.start..c.end].iter().all(|b| *b == b' ' || *b == b'\n'),
                "comment {c:?} not blanked"
            );
            pos = c.end;
        }
        assert_eq!(t[pos..], m[pos..], "masked text after the last comment");
        for s in &l.strings {
            check_span(&text, *s, "string literal");
        }
        for s in &l.interpolations {
            check_span(&text, *s, "interpolation");
        }
        for pos in [0, text.len() / 2, text.len()] {
            let _ = l.in_literal_text(pos);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Extractor building blocks

/// `extract::connstr::find_all` (URLs, libpq key=value, JDBC): spans, the parts they hold, and
/// redaction that hides the password.
pub fn connstr(data: &[u8]) {
    let text = text(data);
    let local = ["db".to_string(), "pg.prod".to_string()];
    for p in extract::connstr::find_all(&text, &local) {
        check_span(&text, p.span, "connection string");
        let url = &text[p.span.start..p.span.end];
        assert_eq!(p.param_insert.0, p.span.end, "parameter insertion point");
        if let Some(t) = &p.tls_param {
            check_span(&text, t.span, "tls parameter");
            assert!(p.span.contains(t.span), "tls parameter outside its string");
            assert_eq!(
                &text[t.span.start..t.span.end],
                t.value,
                "tls parameter value"
            );
        }
        match p.password {
            None => assert_eq!(p.redacted, url, "redacted form without a password"),
            Some(pw) => {
                check_span(&text, pw, "password");
                assert!(p.span.contains(pw), "password outside its string");
                let secret = &text[pw.start..pw.end];
                let before = &text[p.span.start..pw.start];
                let after = &text[pw.end..p.span.end];
                assert_eq!(
                    p.redacted,
                    format!("{before}****{after}"),
                    "redacted form of {url:?}"
                );
                if !secret.is_empty()
                    && !secret.contains('*')
                    && !before.contains(secret)
                    && !after.contains(secret)
                {
                    assert!(
                        !p.redacted.contains(secret),
                        "redacted {:?} holds the password",
                        p.redacted
                    );
                }
            }
        }
        let _ = extract::classify_host(url, None, &local);
    }
    let _ = extract::is_weak_tls(&text);
    let _ = extract::connstr::states_tls(&text);
}

/// `extract::cron::zone_sensitive`: whitespace and a stated zone do not change what a
/// schedule means.
pub fn cron_expr(data: &[u8]) {
    let text = text(data);
    for expr in std::iter::once(&*text).chain(text.lines()) {
        let z = extract::cron::zone_sensitive(expr);
        let normalised = expr.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            z,
            extract::cron::zone_sensitive(&normalised),
            "whitespace changed {expr:?}"
        );
        assert_eq!(
            z,
            extract::cron::zone_sensitive(&format!("CRON_TZ=UTC {expr}")),
            "a CRON_TZ= prefix changed {expr:?}"
        );
        assert_eq!(
            z,
            extract::cron::zone_sensitive(&format!("{expr} UTC")),
            "a trailing zone changed {expr:?}"
        );
        // The times a schedule fires: whitespace changes nothing, UTC moves nothing, and any
        // zone name or offset is read without a panic.
        let times = crate::facts::Times::scheduler(expr);
        if let Some(t) = crate::facts::Times::cron(expr) {
            assert_eq!(
                Some(t),
                crate::facts::Times::cron(&normalised),
                "whitespace changed the times of {expr:?}"
            );
            assert_eq!(t.to_utc(0), Some(t));
            for off in [-600, 330, 540, 30] {
                let _ = t.to_utc(off);
            }
        }
        let _ = (times, crate::facts::zone_offset(expr));
    }
}

// ---------------------------------------------------------------------------------------------
// Rule files (`policy`)

/// The path every `rule_file` input is loaded as.
pub const RULE_FILE_PATH: &str = ".egress/rules/x.yml";

/// Values a template's variables get: empty, multi-byte, braces, long.
const TEMPLATE_VALUES: &[&str] = &["", "é日本🚀", "{match}", "}}{{", "a\nb"];

/// A template renders for any values, and `placeholders` agrees with itself.
fn check_template(t: &str) {
    let names = crate::policy::template::placeholders(t);
    for v in TEMPLATE_VALUES {
        let _ = crate::policy::template::render(t, &|_| Some(v.to_string()));
    }
    let _ = crate::policy::template::render(t, &|_| None);
    if let Ok(names) = names {
        for n in names {
            assert!(t.contains(n), "placeholder {n:?} not in its template");
        }
    }
}

/// `policy::load_text` on a rule file: on Ok its templates render for arbitrary values and a
/// text matcher's regex runs on the input; on Err the message names the file and a line
/// (`.egress/rules/x.yml:N:`), unless the file is empty.
pub fn rule_file(data: &[u8]) {
    use crate::policy::{self, Matcher, NodeTest};
    let text = text(data);
    match policy::load_text(
        Path::new(RULE_FILE_PATH),
        &text,
        std::path::PathBuf::new(),
        false,
    ) {
        Ok(l) => {
            let p = &l.policy;
            for t in [Some(&p.message), p.label.as_ref(), p.help.as_ref()]
                .into_iter()
                .flatten()
            {
                check_template(t);
            }
            if let Some(f) = &p.fix {
                check_template(&f.replace);
                check_template(&f.description);
            }
            match &p.matcher {
                Matcher::Text(t) => {
                    for m in t.regex.find_iter(&text).take(1000) {
                        check_span(&text, Span::new(m.start(), m.end()), "regex match");
                        if let Some(n) = &t.not_regex {
                            let _ = n.is_match(m.as_str());
                        }
                    }
                }
                Matcher::Structured(s) => {
                    if let NodeTest::Matches(r) = &s.test {
                        let _ = r.is_match(&text);
                    }
                }
                Matcher::Fact(_) => {}
            }
            let _ = p.in_scope(Path::new("app/main.rb"));
            // The rule run over the input as files of several kinds: every match and fix span
            // lies in the text.
            let set = policy::PolicySet::of(std::slice::from_ref(&l));
            for path in [
                "app/main.rb",
                "docs/a.md",
                "render.yaml",
                "package.json",
                "fly.toml",
                "db/x.sql",
            ] {
                let path = Path::new(path);
                let kind = crate::discover::classify(path);
                for m in policy::scan_with(&set, &text, kind, path, &[]) {
                    check_span(&text, m.at.span, "policy match");
                    if let Some((span, _)) = &m.fix {
                        check_span(&text, *span, "policy fix");
                    }
                }
            }
        }
        Err(e) => {
            if !e.starts_with(&format!("{RULE_FILE_PATH}: the file is empty")) {
                let rest = e.strip_prefix(&format!("{RULE_FILE_PATH}:"));
                let line = rest.and_then(|r| r.split_once(':')).map(|(n, _)| n);
                assert!(
                    line.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
                    "rule file error without `{RULE_FILE_PATH}:N:`: {e:?}"
                );
            }
        }
    }
}

/// `policy::query`: line 1 is a query, the rest a document read as YAML, JSON and TOML; every
/// node `select` and `missing` return lies within the text. Line 1 is also a template.
pub fn path_query(data: &[u8]) {
    use crate::policy::query::{self, Node, Query};
    let text = text(data);
    let (line, doc_text) = text.split_once('\n').unwrap_or((&text, ""));
    check_template(line);
    let Ok(q) = Query::parse(line) else {
        return;
    };
    let _ = q.last_key();
    let mut roots: Vec<Node> = Vec::new();
    if let Ok(docs) = yaml::parse(doc_text) {
        roots.extend(docs.iter().map(query::from_yaml));
    }
    if let Ok(root) = json::parse(doc_text, true) {
        roots.push(query::from_json(&root, doc_text));
    }
    if let Ok(t) = toml::parse(doc_text) {
        roots.push(query::from_toml(&t, doc_text));
    }
    for root in &roots {
        for (_, n) in q.select(root).iter().chain(q.missing(root).iter()) {
            check_span(doc_text, n.span(), "query node");
        }
    }
}
