//! The facts extractors record. Every fact carries the file and byte span it came from; the set
//! of all facts of a run is its `Contract`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::discover::{Lang, SourceKind};
use crate::source::{FileId, LineIndex, Loc, Span};

/// A runtime a platform has to pick a version of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Runtime {
    Python,
    Node,
    Ruby,
    Go,
    Java,
    Php,
    Elixir,
}

impl Runtime {
    pub fn name(self) -> &'static str {
        match self {
            Runtime::Python => "Python",
            Runtime::Node => "Node.js",
            Runtime::Ruby => "Ruby",
            Runtime::Go => "Go",
            Runtime::Java => "Java",
            Runtime::Php => "PHP",
            Runtime::Elixir => "Elixir",
        }
    }
}

/// `web: bundle exec puma` in a Procfile (or a dyno in the contract).
#[derive(Debug, Clone)]
pub struct ProcessType {
    pub at: Loc,
    pub name: String,
    pub command: String,
}

/// Something that makes its folder an app root: a Procfile, app.json or migration manifest.
#[derive(Debug, Clone)]
pub struct AppMarker {
    pub at: Loc,
    pub what: &'static str,
}

/// A file that tells which runtime an app needs (Gemfile, package.json, requirements.txt, ...).
#[derive(Debug, Clone)]
pub struct LanguageManifest {
    pub at: Loc,
    pub runtime: Runtime,
}

/// A version pin for a runtime, from any file some platform reads.
#[derive(Debug, Clone)]
pub struct RuntimePin {
    pub at: Loc,
    pub runtime: Runtime,
    pub version: String,
}

/// Whether a connection goes to this machine, elsewhere, or somewhere only known at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    Local,
    Remote(String),
    /// The host is a template (`${DB_HOST}`, `<%= ... %>`): nothing to say statically.
    Templated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnForm {
    Url,
    /// libpq `host=... dbname=...`
    KeyValue,
}

/// A connection string's TLS parameter: libpq's `sslmode`, or `ssl` (JDBC, node-postgres) when
/// there is no `sslmode`.
#[derive(Debug, Clone, PartialEq)]
pub struct TlsParam {
    /// `sslmode` or `ssl`.
    pub key: &'static str,
    pub value: String,
    /// The span of the value.
    pub span: Span,
}

impl TlsParam {
    /// Whether the value lets the connection go unencrypted (`disable`, `allow`, `prefer`,
    /// `ssl=false`).
    pub fn is_weak(&self) -> bool {
        super::connstr::is_weak_tls(&self.value)
    }
}

/// A PostgreSQL connection string. The password is never stored.
#[derive(Debug, Clone)]
pub struct ConnectionString {
    pub at: Loc,
    pub form: ConnForm,
    pub host: Host,
    pub database: Option<String>,
    pub user: Option<String>,
    /// The string's own TLS parameter, if it has one.
    pub tls_param: Option<TlsParam>,
    /// TLS is asked for outside the string: `PGSSLMODE` in the same file, an `sslmode`/`ssl` key
    /// in the same mapping, or TLS options in the same code file (`ssl_require=True`,
    /// `ssl: { rejectUnauthorized: false }`). Settings that turn TLS off do not count.
    pub tls_elsewhere: bool,
    /// Where a new parameter goes, and the separator it needs there (`?`, `&` or ` `).
    pub param_insert: (usize, &'static str),
    /// The URL holds template syntax, so an edit to it may not survive rendering.
    pub templated: bool,
    /// The language of the code the string sits in, when it is in code.
    pub lang: Option<Lang>,
    /// Printable form with the password replaced by `****`.
    pub redacted: String,
}

/// `PGSSLMODE=...` set in an env file or a YAML env map.
#[derive(Debug, Clone)]
pub struct SslModeSetting {
    pub at: Loc,
    pub value: String,
    /// The file is for development, tests or CI, or every host named in it is local.
    pub local_context: bool,
}

/// Code reading an environment variable that a platform injects.
#[derive(Debug, Clone)]
pub struct EnvRead {
    pub at: Loc,
    pub name: String,
    pub lang: Lang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtContext {
    /// `CREATE EXTENSION ... WITH SCHEMA heroku_ext` / `SCHEMA heroku_ext`
    WithSchema,
    /// `heroku_ext.citext`, `"heroku_ext.pgcrypto"`
    Qualifier,
    /// `CREATE SCHEMA heroku_ext`
    CreateSchema,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtOrigin {
    /// SQL files: structure.sql, pg_dump output, hand-written SQL.
    Sql,
    /// Rails `db/schema.rb`.
    RailsSchema,
    /// A migration in code (Rails, Django, Knex, ...).
    Migration,
}

/// A reference to the `heroku_ext` schema (span: the word `heroku_ext`).
#[derive(Debug, Clone)]
pub struct ExtensionRef {
    pub at: Loc,
    pub context: ExtContext,
    pub origin: ExtOrigin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CronOrigin {
    Crontab,
    KubernetesCronJob,
    Whenever,
    NodeCron,
    SidekiqCron,
    /// A Heroku Scheduler job recorded in migration-contract.json.
    HerokuScheduler,
}

impl CronOrigin {
    pub fn describe(self) -> &'static str {
        match self {
            CronOrigin::Crontab => "crontab entry",
            CronOrigin::KubernetesCronJob => "Kubernetes CronJob",
            CronOrigin::Whenever => "whenever schedule",
            CronOrigin::NodeCron => "node-cron schedule",
            CronOrigin::SidekiqCron => "sidekiq-cron job",
            CronOrigin::HerokuScheduler => "Heroku Scheduler job",
        }
    }
}

/// A scheduled job. `timezone` is the zone it names, if any; `None` means the host decides.
#[derive(Debug, Clone)]
pub struct CronJob {
    pub at: Loc,
    pub schedule: String,
    pub timezone: Option<String>,
    pub origin: CronOrigin,
    /// Where a zone setting would go, when egress knows (a crontab's first line, ...).
    pub name: Option<String>,
    /// The schedule means something else in another zone: it fixes an hour or a day
    /// (`0 3 * * *`, `@daily`, `every :monday`), unlike `*/5 * * * *` or `@hourly`.
    pub zone_sensitive: bool,
}

/// `migration-manifest.yml` and its settings: one model, shared with `verify`.
pub use crate::manifest::{Manifest, Setting};

/// A file of a known kind that did not parse (or is unusable, like an empty Procfile).
#[derive(Debug, Clone)]
pub struct ParseError {
    pub at: Loc,
    pub message: String,
}

/// A file whose extraction failed inside egress (a bug): its facts are missing from the run.
#[derive(Debug, Clone)]
pub struct InternalError {
    pub at: Loc,
    /// The panic message and where it happened, redacted.
    pub message: String,
}

/// What an inline suppression covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressionScope {
    /// Findings that start on this 1-based line.
    Line(usize),
    /// Every finding of the file (`egress-ignore-file:`).
    File,
}

/// One rule named by a suppression, as written (`EG201`, `dyno-env-read`); the rules resolve it.
#[derive(Debug, Clone)]
pub struct SuppressedRule {
    pub name: String,
    pub span: Span,
}

/// An `egress-ignore:` / `egress-ignore-file:` directive in a comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// The directive, from `egress-ignore` to the end of the comment's text.
    pub at: Loc,
    pub scope: SuppressionScope,
    pub rules: Vec<SuppressedRule>,
    /// The text after ` -- `, when there is some.
    pub reason: Option<String>,
    /// Why the directive is malformed (it then still suppresses the rules it names, nothing more).
    pub problem: Option<String>,
}

/// Everything extracted from one file.
#[derive(Debug, Default, Clone)]
pub struct Facts {
    pub processes: Vec<ProcessType>,
    pub app_markers: Vec<AppMarker>,
    pub manifests_lang: Vec<LanguageManifest>,
    pub pins: Vec<RuntimePin>,
    pub connections: Vec<ConnectionString>,
    pub sslmode_settings: Vec<SslModeSetting>,
    pub env_reads: Vec<EnvRead>,
    pub extension_refs: Vec<ExtensionRef>,
    pub cron_jobs: Vec<CronJob>,
    pub manifests: Vec<Manifest>,
    pub parse_errors: Vec<ParseError>,
    pub internal_errors: Vec<InternalError>,
    pub suppressions: Vec<Suppression>,
    /// Byte ranges that hold secrets: reports blank them out of every snippet.
    pub secrets: Vec<Span>,
}

impl Facts {
    pub fn is_empty(&self) -> bool {
        self.processes.is_empty()
            && self.app_markers.is_empty()
            && self.manifests_lang.is_empty()
            && self.pins.is_empty()
            && self.connections.is_empty()
            && self.sslmode_settings.is_empty()
            && self.env_reads.is_empty()
            && self.extension_refs.is_empty()
            && self.cron_jobs.is_empty()
            && self.manifests.is_empty()
            && self.parse_errors.is_empty()
            && self.internal_errors.is_empty()
            && self.suppressions.is_empty()
    }

    /// Point every fact at file `id`. Extraction runs before files have their final ids (files
    /// are numbered in path order once the parallel walk is done).
    pub fn set_file(&mut self, id: FileId) {
        self.each_loc(&mut |at| at.file = id);
        for m in &mut self.manifests {
            m.file = id;
        }
    }

    /// Every location of every fact, to rewrite in place.
    fn each_loc(&mut self, f: &mut dyn FnMut(&mut Loc)) {
        fn each<T>(items: &mut [T], f: &mut dyn FnMut(&mut Loc), at: impl Fn(&mut T) -> &mut Loc) {
            items.iter_mut().for_each(|x| f(at(x)));
        }
        each(&mut self.processes, f, |x| &mut x.at);
        each(&mut self.app_markers, f, |x| &mut x.at);
        each(&mut self.manifests_lang, f, |x| &mut x.at);
        each(&mut self.pins, f, |x| &mut x.at);
        each(&mut self.connections, f, |x| &mut x.at);
        each(&mut self.sslmode_settings, f, |x| &mut x.at);
        each(&mut self.env_reads, f, |x| &mut x.at);
        each(&mut self.extension_refs, f, |x| &mut x.at);
        each(&mut self.cron_jobs, f, |x| &mut x.at);
        each(&mut self.parse_errors, f, |x| &mut x.at);
        each(&mut self.internal_errors, f, |x| &mut x.at);
        each(&mut self.suppressions, f, |x| &mut x.at);
        for m in &mut self.manifests {
            m.each_loc(f);
        }
    }

    fn append(&mut self, mut o: Facts) {
        self.processes.append(&mut o.processes);
        self.app_markers.append(&mut o.app_markers);
        self.manifests_lang.append(&mut o.manifests_lang);
        self.pins.append(&mut o.pins);
        self.connections.append(&mut o.connections);
        self.sslmode_settings.append(&mut o.sslmode_settings);
        self.env_reads.append(&mut o.env_reads);
        self.extension_refs.append(&mut o.extension_refs);
        self.cron_jobs.append(&mut o.cron_jobs);
        self.manifests.append(&mut o.manifests);
        self.parse_errors.append(&mut o.parse_errors);
        self.internal_errors.append(&mut o.internal_errors);
        self.suppressions.append(&mut o.suppressions);
    }
}

/// A file of the run as the rules and reports see it.
#[derive(Debug, Clone)]
pub struct FileInfo {
    pub path: PathBuf,
    pub kind: SourceKind,
    pub reported: bool,
    /// Only files with facts keep their text: reports show snippets, fixes edit them. Boxed so
    /// the other 99% of a large tree cost a path and a few bytes each.
    body: Option<Box<FileBody>>,
}

#[derive(Debug, Clone)]
struct FileBody {
    text: Arc<str>,
    lines: LineIndex,
    secrets: Vec<Span>,
}

impl FileInfo {
    pub fn new(path: PathBuf, kind: SourceKind, reported: bool) -> FileInfo {
        FileInfo {
            path,
            kind,
            reported,
            body: None,
        }
    }

    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }

    pub fn text(&self) -> Option<&str> {
        self.body.as_deref().map(|b| &*b.text)
    }

    pub fn shared_text(&self) -> Option<Arc<str>> {
        self.body.as_ref().map(|b| b.text.clone())
    }

    /// 1-based line and column of a byte offset ((1, 1) when the text was not kept).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.body
            .as_deref()
            .map_or((1, 1), |b| b.lines.line_col(&b.text, offset))
    }

    /// Byte ranges holding secrets, sorted.
    pub fn secrets(&self) -> &[Span] {
        self.body.as_deref().map_or(&[], |b| &b.secrets)
    }
}

/// All facts of a run.
#[derive(Debug, Default)]
pub struct Contract {
    pub files: Vec<FileInfo>,
    pub facts: Facts,
}

impl Contract {
    pub fn with_capacity(n: usize) -> Contract {
        Contract {
            files: Vec::with_capacity(n),
            facts: Facts::default(),
        }
    }

    /// Add a document whose text is always kept (the manifest of `egress verify`).
    pub fn add_document(&mut self, mut info: FileInfo, text: Arc<str>) -> FileId {
        let secrets = crate::redact::secret_spans(&text);
        info.body = Some(Box::new(FileBody {
            lines: LineIndex::new(&text),
            text,
            secrets,
        }));
        self.files.push(info);
        (self.files.len() - 1) as FileId
    }

    /// Add the next file (its id is its position) with its facts and, if it has any, its text.
    pub fn add(&mut self, mut info: FileInfo, text: Option<Arc<str>>, mut facts: Facts) {
        facts.set_file(self.files.len() as FileId);
        if let (false, Some(text)) = (facts.is_empty(), text) {
            // Every stored span lies on whole characters of its file, whatever the extractor
            // computed: rules, reports and fixes can slice with them.
            facts.each_loc(&mut |at| at.span = at.span.snap(&text));
            let secrets = std::mem::take(&mut facts.secrets);
            info.body = Some(Box::new(FileBody {
                lines: LineIndex::new(&text),
                text,
                secrets,
            }));
            self.facts.append(facts);
        }
        self.files.push(info);
    }

    pub fn file(&self, id: FileId) -> &FileInfo {
        &self.files[id as usize]
    }

    pub fn dir_of(&self, loc: Loc) -> &Path {
        self.file(loc.file).dir()
    }

    /// The text of a span, when the file's text was kept.
    pub fn text_at(&self, loc: Loc) -> Option<&str> {
        self.file(loc.file)
            .text()?
            .get(loc.span.start..loc.span.end)
    }

    /// The migration manifest that governs a folder: the nearest one in it or above it.
    pub fn manifest_for(&self, dir: &Path) -> Option<&Manifest> {
        self.facts
            .manifests
            .iter()
            .filter(|m| dir.starts_with(self.file(m.file).dir()))
            .max_by_key(|m| self.file(m.file).dir().components().count())
    }
}
