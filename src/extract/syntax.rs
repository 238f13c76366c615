//! Each file parsed once by its syntax, and what every file of a syntax yields whatever its
//! format: in YAML, JSON and TOML values, connection strings, secret-looking keys and
//! `PGSSLMODE`; in code, env reads, connection strings in literals, TLS options and node-cron
//! schedules; in SQL, references to `heroku_ext`; and in any syntax, the extensions a schema
//! enables, Heroku Connect's artefacts, TLS verification switched off and query strings
//! appended to placeholders. The parsed file is handed on to the format.

use super::connections::{self, is_secret_key};
use super::parsed::{FileSyntax, Parsed};
use super::{
    appended_query, ci_steps, commands, conn_keys, cron, env_reads, extensions, fugit,
    heroku_connect, hosts, tls_verify, Cx, ExtOrigin, Lit, SslModeSetting,
};
use crate::parse::lexer::{self, Lexed};
use crate::parse::{json, toml, yaml, Tree};
use crate::source::{Lang, Span};

/// Parse the file once; a parse error becomes a finding. `tree`: the format needs the parsed
/// file even when no literal asks for a scan.
pub fn parse<'t>(cx: &mut Cx<'t>, syntax: FileSyntax, tree: bool) -> Parsed<'t> {
    match syntax {
        FileSyntax::Text | FileSyntax::Lines | FileSyntax::Sql => Parsed::None,
        FileSyntax::Yaml { rendered } => parse_yaml(cx, rendered, tree),
        FileSyntax::Json { lenient } => match json::parse(cx.text, lenient) {
            Ok(root) => Parsed::Json(root),
            Err(e) => {
                cx.syntax_error(e.offset, format!("invalid JSON: {}", e.message));
                Parsed::None
            }
        },
        FileSyntax::Toml => match toml::parse(cx.text) {
            Ok(table) => Parsed::Toml(table),
            Err(e) => {
                cx.syntax_error(e.offset, format!("invalid TOML: {}", e.message));
                Parsed::None
            }
        },
        FileSyntax::Code(lang) => {
            // Lexed only when a literal says there is something to find.
            let h = cx.hits;
            let any = [
                Lit::EnvName,
                Lit::Postgres,
                Lit::HostEq,
                Lit::HerokuExt,
                Lit::Cron,
                Lit::CredentialUrl,
                Lit::HerokuApp,
            ]
            .iter()
            .any(|l| h.has(*l))
                || keyed_connections(h)
                || schema_and_tls(h)
                || h.has(Lit::Heroku)
                    && matches!(
                        lang,
                        Lang::Shell
                            | Lang::Ruby
                            | Lang::Python
                            | Lang::JavaScript
                            | Lang::TypeScript
                    );
            if any {
                Parsed::Code(cx.lexed(lang))
            } else {
                Parsed::None
            }
        }
    }
}

/// What every file of a syntax yields, from the parsed file.
pub fn scan(cx: &mut Cx, syntax: FileSyntax, parsed: &Parsed) {
    match (syntax, parsed) {
        (FileSyntax::Lines, _) => connections::in_lines(cx),
        (FileSyntax::Sql, _) if cx.hits.has(Lit::HerokuExt) || schema_and_tls(cx.hits) => {
            let lexed = lexer::lex(cx.text, lexer::Syntax::SQL);
            let masked = extensions::mask_sql_strings(&lexed);
            if cx.hits.has(Lit::HerokuExt) {
                extensions::extract(cx, &masked, ExtOrigin::Sql);
            }
            extensions::enabled(cx, &masked, ExtOrigin::Sql);
            extensions::uses(cx, &masked);
            heroku_connect::in_sql(cx, &masked);
        }
        (_, Parsed::Yaml(docs)) => yaml_docs(cx, docs),
        (_, Parsed::Json(root)) => json_values(cx, root),
        (_, Parsed::Toml(table)) => toml_values(cx, table),
        (FileSyntax::Code(lang), Parsed::Code(lexed)) => code(cx, lang, lexed),
        _ => {}
    }
    if cx.hits.has(Lit::QuerySslMode) {
        appended_query::extract(cx, syntax, parsed);
    }
    if cx.hits.has(Lit::TlsVerify) {
        tls_verify::extract(cx, syntax, parsed);
    }
    if hosts::wanted(cx) {
        hosts::extract(cx, syntax, parsed);
    }
}

/// Literals of the schema and TLS facts: extensions enabled and used, Heroku Connect, TLS
/// verification switched off, a query string appended to a placeholder.
fn schema_and_tls(h: super::Hits) -> bool {
    [
        Lit::TlsVerify,
        Lit::QuerySslMode,
        Lit::Extension,
        Lit::PgStatStatements,
        Lit::HerokuConnect,
    ]
    .iter()
    .any(|l| h.has(*l))
}

/// A file may configure PostgreSQL by keys (`host:` beside `dialect: 'postgres'`): it names
/// PostgreSQL or a PostgreSQL client. (`host` itself is too common to prefilter on.)
fn keyed_connections(h: super::Hits) -> bool {
    h.has(Lit::Postgres) || h.has(Lit::PgClient)
}

/// Templated YAML (Helm, Jinja, ERB) is not YAML until rendered: parse what we can, never
/// report it as broken.
fn is_templated(text: &str) -> bool {
    text.contains("{{") || text.contains("{%") || text.contains("<%")
}

fn wants_values(cx: &Cx) -> bool {
    cx.hits.has(Lit::Postgres) || cx.hits.has(Lit::HostEq)
}

fn parse_yaml<'t>(cx: &mut Cx<'t>, rendered: bool, tree: bool) -> Parsed<'t> {
    let h = cx.hits;
    // "cron" alone is common in prose and keys; only a CronJob or a sidekiq-cron `cron:` key
    // makes a schedule.
    let schedules = h.has(Lit::Cron) && (cx.text.contains("CronJob") || cx.text.contains("cron:"));
    let relevant = schedules
        || [Lit::Postgres, Lit::HostEq, Lit::SslMode]
            .iter()
            .any(|l| h.has(*l))
        || ci_steps::wants_ci_tree(cx)
        || hosts::wanted(cx);
    let report = |cx: &mut Cx, offset: usize, message: &str| {
        if rendered || !is_templated(cx.text) {
            cx.syntax_error(offset, format!("invalid YAML: {message}"));
        }
    };
    if !relevant && !tree {
        // Nothing to extract: only check that it parses (no tree, no allocations per node).
        if let Err(e) = yaml::validate(cx.text) {
            report(cx, e.offset, &e.message);
        }
        return Parsed::None;
    }
    match yaml::parse(cx.text) {
        Ok(docs) => Parsed::Yaml(docs),
        Err(e) => {
            report(cx, e.offset, &e.message);
            Parsed::None
        }
    }
}

/// The scan of every YAML document: values, `PGSSLMODE` (in maps and Kubernetes-style env
/// lists), and TLS stated beside a URL.
fn yaml_docs(cx: &mut Cx, docs: &[yaml::Node]) {
    let scan_values = wants_values(cx);
    let mut sslmodes: Vec<(Span, String)> = Vec::new();
    for doc in docs {
        let mut scalars: Vec<(Span, bool)> = Vec::new();
        doc.walk_scalars(&mut Vec::new(), &mut |keys, node| {
            let key = keys.last().copied().unwrap_or("");
            scalars.push((node.span, is_secret_key(key)));
        });
        if cx.hits.has(Lit::SslMode) {
            pgsslmode_in(doc, &mut sslmodes);
        }
        scan_values_at(cx, &scalars);
        if scan_values {
            tls_siblings(cx, doc);
        }
        if keyed_connections(cx.hits) {
            conn_keys::in_tree(cx, doc);
        }
    }
    // After the scan, so that local_context sees every connection string of the file.
    for (span, value) in sslmodes {
        push_sslmode(cx, span, value);
    }
}

/// `PGSSLMODE` set in a tree: as a key (`PGSSLMODE: disable`) or in an env list entry
/// (Kubernetes and ECS: `{name: PGSSLMODE, value: disable}`).
fn pgsslmode_in<T: Tree>(node: &T, out: &mut Vec<(Span, String)>) {
    let entries = node.entries();
    let named = entries
        .iter()
        .any(|(k, v)| k.as_str() == Some("name") && v.as_str() == Some("PGSSLMODE"));
    for (k, v) in entries {
        let key = k.as_str();
        let setting = key == Some("PGSSLMODE") || (named && key == Some("value"));
        if setting && v.entries().is_empty() && v.items().is_empty() {
            out.push((v.span(), v.as_str().unwrap_or("").to_string()));
        }
        pgsslmode_in(v, out);
    }
    node.items().iter().for_each(|i| pgsslmode_in(i, out));
}

/// A connection string in a mapping that also asks for TLS in an `sslmode` or `ssl` key (Rails
/// database.yml `url:` beside `sslmode: require`, knex `ssl: {...}`) states its TLS there.
fn tls_siblings<T: Tree>(cx: &mut Cx, root: &T) {
    fn collect<T: Tree>(node: &T, text: &str, out: &mut Vec<Span>) {
        let entries = node.entries();
        let tls = entries.iter().any(|(k, v)| {
            matches!(k.as_str(), Some("sslmode" | "ssl"))
                && text
                    .get(v.span().start..v.span().end)
                    .is_some_and(crate::facts::states_tls)
        });
        for (_, v) in entries {
            if tls {
                out.push(v.span());
            }
            collect(v, text, out);
        }
        node.items().iter().for_each(|i| collect(i, text, out));
    }
    let mut spans = Vec::new();
    collect(root, cx.text, &mut spans);
    if !spans.is_empty() {
        connections::mark_tls_elsewhere(cx, |c| spans.iter().any(|s| s.contains(c)));
    }
}

/// The values of a structured file: those under a secret-looking key are masked in reports,
/// and each is searched for connection strings when a literal says one may be there.
fn scan_values_at(cx: &mut Cx, values: &[(Span, bool)]) {
    let scan = wants_values(cx);
    for &(span, secret) in values {
        if secret {
            cx.facts.secrets.push(span);
        }
        if scan {
            connections::scan(cx, span, None);
        }
    }
}

/// A `PGSSLMODE` value; the span is inside its quotes, so the fix keeps them.
fn push_sslmode(cx: &mut Cx, span: Span, value: String) {
    let raw = cx.text.get(span.start..span.end).unwrap_or("");
    let quoted = raw.len() >= 2
        && (raw.starts_with('"') && raw.ends_with('"')
            || raw.starts_with('\'') && raw.ends_with('\''));
    let span = if quoted {
        Span::new(span.start + 1, span.end - 1)
    } else {
        span
    };
    let local = connections::local_context(cx, &[]);
    cx.facts.sslmode_settings.push(SslModeSetting {
        at: cx.loc(span),
        value,
        local_context: local,
    });
}

fn json_values(cx: &mut Cx, root: &json::Node) {
    let mut sslmodes = Vec::new();
    if cx.hits.has(Lit::SslMode) {
        pgsslmode_in(root, &mut sslmodes);
    }
    let mut strings = Vec::new();
    root.walk_strings(&mut Vec::new(), &mut |keys, node| {
        strings.push((node.span, keys.last().is_some_and(|k| is_secret_key(k))));
    });
    scan_values_at(cx, &strings);
    if wants_values(cx) {
        tls_siblings(cx, root);
    }
    if keyed_connections(cx.hits) {
        conn_keys::in_tree(cx, root);
    }
    // After the scan, so that local_context sees every connection string of the file.
    for (span, value) in sslmodes {
        push_sslmode(cx, span, value);
    }
}

fn toml_values(cx: &mut Cx, table: &toml::Table) {
    let mut strings = Vec::new();
    toml::walk_strings(
        table.get_ref(),
        &mut Vec::new(),
        &mut |keys, value, span| {
            let key = keys.last().copied().unwrap_or("");
            strings.push((
                span,
                is_secret_key(key),
                (key == "PGSSLMODE").then(|| value.to_string()),
            ));
        },
    );
    let values: Vec<(Span, bool)> = strings.iter().map(|(s, secret, _)| (*s, *secret)).collect();
    scan_values_at(cx, &values);
    let sslmodes: Vec<(Span, String)> = strings
        .into_iter()
        .filter_map(|(span, _, sslmode)| sslmode.map(|v| (span, v)))
        .collect();
    for (span, value) in sslmodes {
        push_sslmode(cx, span, value);
    }
}

/// Code of any language: env reads, connection strings in literals, heroku_ext in migrations,
/// node-cron schedules.
fn code(cx: &mut Cx, lang: Lang, lexed: &Lexed) {
    let h = cx.hits;
    if h.has(Lit::EnvName) {
        env_reads::extract(cx, lexed, lang);
    }
    if h.has(Lit::Postgres) || h.has(Lit::HostEq) {
        if lang == Lang::Shell {
            connections::in_shell(cx, &lexed.masked);
        } else {
            connections::in_strings(cx, lexed, lang);
        }
        connections::tls_in_code(cx, &lexed.masked);
    }
    if (keyed_connections(h) || h.has(Lit::HostEq)) && lang != Lang::Shell {
        conn_keys::in_code(cx, lexed, lang);
    }
    if h.has(Lit::HerokuExt) && is_migration(&cx.src.path) {
        extensions::extract(cx, &lexed.masked, ExtOrigin::Migration);
    }
    if h.has(Lit::Cron) && matches!(lang, Lang::JavaScript | Lang::TypeScript) {
        cron::node_cron(cx, lexed);
    }
    if h.has(Lit::Cron) && lang == Lang::Ruby {
        fugit::extract(cx, lexed);
    }
    if schema_and_tls(h) {
        let origin = if cx.kind == crate::source::SourceKind::RailsSchema {
            Some(ExtOrigin::RailsSchema)
        } else {
            is_migration(&cx.src.path).then_some(ExtOrigin::Migration)
        };
        if let Some(origin) = origin {
            extensions::enabled(cx, &lexed.masked, origin);
        }
        extensions::uses(cx, &lexed.masked);
        heroku_connect::in_code(cx, lexed);
    }
    if h.has(Lit::Heroku) {
        match lang {
            Lang::Shell => commands::in_script(cx),
            _ => commands::in_code(cx, lexed, lang),
        }
    }
}

/// A code file in a migrations folder (Rails, Django, Alembic, Knex, ...).
fn is_migration(path: &std::path::Path) -> bool {
    path.components().any(|c| {
        matches!(
            c.as_os_str().to_str(),
            Some("migrate" | "migrations" | "migration" | "alembic" | "versions")
        )
    })
}
