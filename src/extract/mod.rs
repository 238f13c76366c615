//! extract: parse each source once and record facts with spans.
//!
//! A cheap literal prefilter (one Aho-Corasick pass) runs first, so code files that mention none
//! of the hazard literals cost a single scan and no regex.

mod connections;
pub(crate) mod connstr;
mod contract_json;
pub(crate) mod cron;
mod env_reads;
mod extensions;
pub mod facts;
mod manifest;
mod procfile;
mod runtime;
mod structured;
mod suppressions;
#[cfg(test)]
mod tests;

pub use connstr::{classify_host, is_weak_tls};
pub use facts::*;

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::discover::{Lang, SourceKind};
use crate::parse::lexer::{self, Lexed, Syntax};
use crate::source::{FileId, Loc, Source, Span};

/// Literals whose absence proves a code file holds no fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Lit {
    Dyno = 0,
    Postgres = 1,
    HostEq = 2,
    HerokuExt = 3,
    Cron = 4,
    SslMode = 5,
    /// `egress-ignore:` directives.
    Suppress = 6,
}

const LITERALS: &[(&str, Lit)] = &[
    ("DYNO", Lit::Dyno),
    ("postgres", Lit::Postgres),
    ("POSTGRES", Lit::Postgres),
    ("postgis", Lit::Postgres),
    ("POSTGIS", Lit::Postgres),
    ("host=", Lit::HostEq),
    ("heroku_ext", Lit::HerokuExt),
    ("HEROKU_EXT", Lit::HerokuExt),
    ("cron", Lit::Cron),
    ("Cron", Lit::Cron),
    ("SSLMODE", Lit::SslMode),
    ("egress-ignore", Lit::Suppress),
];

static PREFILTER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    // Leftmost-first (not overlapping) search lets aho-corasick use its SIMD prefilter; the
    // literals do not overlap in ways that matter for presence.
    AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(LITERALS.iter().map(|(s, _)| s))
        .expect("literal set")
});

/// Which hazard literals a text contains, as a bit set.
#[derive(Clone, Copy, Debug, Default)]
pub struct Hits(u8);

impl Hits {
    pub fn scan(text: &str) -> Hits {
        let mut bits = 0u8;
        for m in PREFILTER.find_iter(text) {
            bits |= 1 << LITERALS[m.pattern().as_usize()].1 as u8;
            if bits == 0b111_1111 {
                break;
            }
        }
        Hits(bits)
    }
    pub fn has(self, lit: Lit) -> bool {
        self.0 & (1 << lit as u8) != 0
    }
    pub fn any(self) -> bool {
        self.0 != 0
    }
}

/// What an extractor works with: the source, its id, the facts so far.
pub struct Cx<'a> {
    pub src: &'a Source,
    pub file: FileId,
    pub text: &'a str,
    pub hits: Hits,
    pub facts: Facts,
}

impl Cx<'_> {
    pub fn loc(&self, span: Span) -> Loc {
        Loc {
            file: self.file,
            span,
        }
    }

    pub fn parse_error(&mut self, offset: usize, message: impl Into<String>) {
        let end = crate::source::line_end(self.text, offset).max(offset);
        let span = Span::new(offset.min(self.text.len()), end.min(self.text.len()));
        self.facts.parse_errors.push(ParseError {
            at: self.loc(span),
            message: message.into(),
        });
    }

    /// Lex code once for the extractors that need comments masked.
    pub fn lexed(&self, lang: Lang) -> Lexed {
        lexer::lex(self.text, Syntax::for_lang(lang))
    }
}

/// Extract every fact of one source.
pub fn extract(src: &Source, file: FileId) -> Facts {
    let text: &str = &src.text;
    let mut cx = Cx {
        src,
        file,
        text,
        hits: Hits::scan(text),
        facts: Facts::default(),
    };
    match src.kind {
        SourceKind::Procfile => procfile::extract(&mut cx),
        SourceKind::AppJson => {
            cx.facts.app_markers.push(AppMarker {
                at: cx.loc(Span::new(0, 0)),
                what: "app.json",
            });
            structured::json(&mut cx, false);
        }
        SourceKind::MigrationManifest => manifest::extract(&mut cx),
        SourceKind::MigrationContract => contract_json::extract(&mut cx),
        SourceKind::VersionFile
        | SourceKind::ToolVersions
        | SourceKind::SystemProperties
        | SourceKind::GemfileLock
        | SourceKind::GoMod
        | SourceKind::LanguageManifest => runtime::extract(&mut cx),
        SourceKind::MiseToml => {
            runtime::extract(&mut cx);
            structured::toml(&mut cx);
        }
        SourceKind::PackageJson | SourceKind::ComposerJson => {
            if let Some(root) = structured::json(&mut cx, false) {
                runtime::from_package_json(&mut cx, &root);
                if cx.hits.has(Lit::Dyno) {
                    env_reads::in_json_scripts(&mut cx, &root);
                }
            }
        }
        SourceKind::Gemfile => {
            runtime::extract(&mut cx);
            code(&mut cx, Lang::Ruby);
        }
        SourceKind::Dockerfile => {
            runtime::extract(&mut cx);
            connections::in_lines(&mut cx);
        }
        SourceKind::EnvFile => connections::env_file(&mut cx),
        SourceKind::Compose => structured::yaml(&mut cx),
        SourceKind::Yaml => structured::yaml(&mut cx),
        SourceKind::Json => {
            structured::json(&mut cx, true);
        }
        SourceKind::Toml => structured::toml(&mut cx),
        SourceKind::Crontab => cron::crontab(&mut cx),
        SourceKind::Whenever => {
            cron::whenever(&mut cx);
            code(&mut cx, Lang::Ruby);
        }
        SourceKind::Sql => {
            if cx.hits.has(Lit::HerokuExt) {
                let lexed = lexer::lex(text, Syntax::SQL);
                let masked = extensions::mask_sql_strings(&lexed);
                extensions::extract(&mut cx, &masked, ExtOrigin::Sql);
            }
        }
        SourceKind::RailsSchema => code(&mut cx, Lang::Ruby),
        SourceKind::Code(lang) => code(&mut cx, lang),
        SourceKind::Prose | SourceKind::Other => {
            if let Some(lang) = shebang_lang(text) {
                code(&mut cx, lang);
            }
        }
    }
    // A `PGSSLMODE` that asks for TLS holds for every connection string of its file.
    if cx
        .facts
        .sslmode_settings
        .iter()
        .any(|s| connstr::states_tls(&s.value))
    {
        connections::mark_tls_elsewhere(&mut cx, |_| true);
    }
    if cx.hits.has(Lit::Suppress) {
        suppressions::extract(&mut cx);
    }
    if !cx.facts.is_empty() {
        cx.facts.secrets.extend(secret_spans(text));
        cx.facts.secrets.sort();
        cx.facts.secrets.dedup();
    }
    cx.facts
}

/// Code of any language: env reads, connection strings in literals, heroku_ext in migrations,
/// node-cron schedules. Lexed once, and only when a literal says there is something to find.
fn code(cx: &mut Cx, lang: Lang) {
    let h = cx.hits;
    if !(h.has(Lit::Dyno)
        || h.has(Lit::Postgres)
        || h.has(Lit::HostEq)
        || h.has(Lit::HerokuExt)
        || h.has(Lit::Cron))
    {
        return;
    }
    let lexed = cx.lexed(lang);
    if h.has(Lit::Dyno) {
        env_reads::extract(cx, &lexed, lang);
    }
    if h.has(Lit::Postgres) || h.has(Lit::HostEq) {
        connections::in_strings(cx, &lexed, lang);
        connections::tls_in_code(cx, &lexed.masked);
    }
    if h.has(Lit::HerokuExt) {
        let origin = match cx.src.kind {
            SourceKind::RailsSchema => Some(ExtOrigin::RailsSchema),
            _ if is_migration(&cx.src.path) => Some(ExtOrigin::Migration),
            _ => None,
        };
        if let Some(origin) = origin {
            extensions::extract(cx, &lexed.masked, origin);
        }
    }
    if h.has(Lit::Cron) && matches!(lang, Lang::JavaScript | Lang::TypeScript) {
        cron::node_cron(cx, &lexed);
    }
}

fn is_migration(path: &std::path::Path) -> bool {
    path.components().any(|c| {
        matches!(
            c.as_os_str().to_str(),
            Some("migrate" | "migrations" | "migration" | "alembic" | "versions")
        )
    })
}

/// Extensionless scripts (`bin/start`) are shell when their shebang says so.
fn shebang_lang(text: &str) -> Option<Lang> {
    let first = text.lines().next()?;
    if !first.starts_with("#!") {
        return None;
    }
    if first.contains("sh")
        && !first.contains("python")
        && !first.contains("ruby")
        && !first.contains("node")
    {
        return Some(Lang::Shell);
    }
    [
        ("python", Lang::Python),
        ("ruby", Lang::Ruby),
        ("node", Lang::JavaScript),
    ]
    .into_iter()
    .find(|(n, _)| first.contains(n))
    .map(|(_, l)| l)
}

/// A secret-looking key (the words of `connections::is_secret_key`; the short `pass`, `pwd` and
/// `pw` only as the key's last part) and its value: the whole quoted literal (`#`, `,`, `}`
/// and all), or an unquoted run.
static SECRET_VALUE: LazyLock<regex::Regex> = LazyLock::new(|| {
    crate::parse::regex(
        r#"(?i)(?:(?:password|passwd|secret|token|api_?key|private_?key|access_?key|credentials?)[[0-9A-Za-z_].-]*|(?-u:\b)(?:[[0-9A-Za-z_].-]*[_.-])?(?:pass|pwd|pw))["']?\s*(?:=>|[:=])\s*(?:"(?P<dq>(?:[^"\\\n]|\\.)*)"|'(?P<sq>(?:[^'\\\n]|\\.)*)'|(?P<v>[^\s"'#,}]+))"#,
    )
    .unwrap()
});

/// The password of any URL with credentials (`rediss://:pw@host`, `amqp://u:pw@host`, ...).
static URL_PASSWORD: LazyLock<regex::Regex> = LazyLock::new(|| {
    crate::parse::regex(r"[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@'\x22]*:(?P<pw>[^@\s/'\x22]+)@").unwrap()
});

/// Values of secret-looking settings anywhere in a file that has facts: the human report shows
/// neighbouring lines, and none of them may carry a secret.
pub fn secret_spans(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = SECRET_VALUE
        .captures_iter(text)
        .filter_map(|c| c.name("dq").or(c.name("sq")).or(c.name("v")))
        .filter(|v| {
            let v = v.as_str();
            !v.is_empty() && !v.starts_with("${") && !v.starts_with("<%")
        })
        .map(|v| Span::new(v.start(), v.end()))
        .collect();
    out.extend(
        URL_PASSWORD
            .captures_iter(text)
            .filter_map(|c| c.name("pw"))
            .map(|m| Span::new(m.start(), m.end())),
    );
    out
}
