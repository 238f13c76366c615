//! extract: parse each source once and record facts with spans.
//!
//! Per file: a cheap literal prefilter (one Aho-Corasick pass) first, so files that mention
//! none of the hazard literals cost a single scan and no regex; then the file's syntax is parsed
//! once and scanned (`syntax`), and its format reads its meaning from the parsed file
//! (`formats`); last, what holds file-wide (PGSSLMODE, suppressions, secrets).
//!
//! The other modules find one kind of fact wherever a format holds it: connection strings
//! (`connstr`, `connections`), env reads, `heroku_ext` references, cron expressions, runtime
//! pins, suppressions.

mod appended_query;
mod ci_steps;
mod commands;
mod conn_keys;
mod connections;
pub(crate) mod connstr;
pub(crate) mod cron;
mod env_fallback;
mod env_reads;
mod env_uses;
mod extensions;
mod formats;
mod fugit;
mod heroku_connect;
mod hosts;
mod parsed;
mod pins;
mod prefilter;
mod secrets;
mod shell;
mod suppressions;
mod syntax;
#[cfg(test)]
pub(crate) mod tests;
mod tls_verify;

pub use crate::facts::*;
pub use crate::redact::secret_spans;
pub use connections::is_secret_key;
pub use connstr::{classify_host, is_weak_tls};
pub use env_reads::is_watched as is_watched_env;
pub use prefilter::{Hits, Lit};

use crate::parse::lexer::{self, Lexed, Syntax};
use crate::source::{FileId, Loc, Source, Span};
use crate::source::{Lang, SourceKind};

/// What an extractor works with: the source, its id, the facts so far.
pub struct Cx<'a> {
    pub src: &'a Source,
    /// The file's kind, as its content refined it (`formats::sniff`).
    pub kind: SourceKind,
    pub file: FileId,
    pub text: &'a str,
    pub hits: Hits,
    pub facts: Facts,
    /// Host names that are local to this file (the services of a compose file).
    pub local_hosts: Vec<String>,
    /// egress needs this file to read the platform contract: a syntax error is a finding.
    pub required: bool,
    /// Variables to record reads of besides the watched ones (the process-type variable a
    /// migration manifest names: `env_reads_of`).
    pub extra_env: &'a [String],
}

impl Cx<'_> {
    pub fn loc(&self, span: Span) -> Loc {
        Loc {
            file: self.file,
            span,
        }
    }

    pub fn parse_error(&mut self, offset: usize, message: impl Into<String>) {
        let e = self.problem_at(offset, message.into());
        self.facts.parse_errors.push(e);
    }

    /// A file the platform accepts that still states nothing egress can read (a Procfile with
    /// no `name: command` line): an info finding, not a syntax error.
    pub fn parse_note(&mut self, offset: usize, message: impl Into<String>) {
        let mut e = self.problem_at(offset, message.into());
        e.accepted = true;
        self.facts.parse_errors.push(e);
    }

    /// A file that does not parse in its syntax: a finding when egress needs the file, a note
    /// in the run summary otherwise (an unrelated data file is not the platform contract).
    pub fn syntax_error(&mut self, offset: usize, message: impl Into<String>) {
        let e = self.problem_at(offset, message.into());
        if self.required {
            self.facts.parse_errors.push(e);
        } else {
            self.facts.unparsed.push(e);
        }
    }

    fn problem_at(&self, offset: usize, message: String) -> ParseError {
        let end = crate::source::line_end(self.text, offset).max(offset);
        let span = Span::new(offset.min(self.text.len()), end.min(self.text.len()));
        ParseError {
            at: self.loc(span),
            message,
            accepted: false,
        }
    }

    /// Lex code once for the extractors that need comments masked.
    pub fn lexed(&self, lang: Lang) -> Lexed {
        lexer::lex(self.text, Syntax::for_lang(lang))
    }
}

/// Extract every fact of one source.
pub fn extract(src: &Source, file: FileId) -> Facts {
    extract_with(src, file, &POLICY_ENV)
}

/// The variables rule files' `env-read` matchers name that egress does not watch anyway: their
/// reads are recorded too (each costs a search of every file, so watched ones are left out).
static POLICY_ENV: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    crate::policy::ACTIVE
        .env_names
        .iter()
        .filter(|n| !is_watched_env(n))
        .cloned()
        .collect()
});

/// The reads of `names` in one source, and nothing else: the second look at the files of an
/// app root whose migration manifest names a process-type variable that is not watched
/// (`target.process_type_env: APP_ROLE`). Files that never mention a name cost one search.
pub fn env_reads_of(src: &Source, file: FileId, names: &[String]) -> Vec<EnvRead> {
    if !names.iter().any(|n| src.text.contains(n.as_str())) {
        return Vec::new();
    }
    let mut reads = extract_with(src, file, names).env_reads;
    reads.retain(|r| names.contains(&r.name));
    reads
}

/// Every env read of one source, with whether the code copes with the variable being unset:
/// the second look the inventory and the parity rules take (`engine`).
pub fn env_uses_of(src: &Source, file: FileId) -> Vec<EnvUse> {
    let mut uses = env_uses::of(src);
    for u in &mut uses {
        u.at.file = file;
    }
    uses
}

fn extract_with(src: &Source, file: FileId, extra_env: &[String]) -> Facts {
    let text: &str = &src.text;
    let mut hits = Hits::scan(text);
    if extra_env.iter().any(|n| text.contains(n.as_str())) {
        hits = hits.with(Lit::EnvName);
    }
    let mut cx = Cx {
        src,
        kind: formats::sniff(src.kind, text),
        file,
        text,
        hits,
        facts: Facts::default(),
        local_hosts: Vec::new(),
        required: false,
        extra_env,
    };
    let format = formats::of(cx.kind);
    cx.required = format.required;
    let tree = matches!(format.syntax, parsed::FileSyntax::Yaml { .. })
        && (format.extract.is_some() || format.prepare.is_some());
    let parsed = syntax::parse(&mut cx, format.syntax, tree);
    if let Some(prepare) = format.prepare {
        prepare(&mut cx, &parsed);
    }
    syntax::scan(&mut cx, format.syntax, &parsed);
    if let parsed::Parsed::Yaml(docs) = &parsed {
        docs.iter()
            .for_each(|doc| formats::yaml_document(&mut cx, doc));
    }
    if let Some(extract) = format.extract {
        extract(&mut cx, &parsed);
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
    if secrets::wanted(&cx) {
        secrets::extract(&mut cx);
    }
    let found = crate::policy::scan(text, cx.kind, &src.path, &cx.facts.secrets);
    cx.facts
        .policy_matches
        .extend(found.into_iter().map(|mut m| {
            m.at.file = file;
            m
        }));
    // The redactor's own finds are added when the file's secrets are first needed (a report
    // shows a line of it): `FileInfo::secrets`.
    if !cx.facts.is_empty() {
        let secrets = std::mem::take(&mut cx.facts.secrets);
        cx.facts.secrets = crate::redact::merge(secrets);
    }
    cx.facts
}
