//! Files as the pipeline sees them: a path, its kind and its text, plus byte spans into it.

use std::path::{Path, PathBuf};

/// Kinds of files, decided from the path by `discover::classify`.
/// A programming language, for code files and for the app's detected runtime.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Ruby,
    Python,
    JavaScript,
    TypeScript,
    Go,
    Java,
    Kotlin,
    Php,
    Elixir,
    Shell,
}

/// What a file is, decided once from its path. Extractors dispatch on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    Procfile,
    AppJson,
    MigrationManifest,
    MigrationContract,
    /// Single-purpose version files: `.python-version`, `runtime.txt`, `.nvmrc`,
    /// `elixir_buildpack.config`, ...
    VersionFile,
    ToolVersions,
    MiseToml,
    SystemProperties,
    PackageJson,
    ComposerJson,
    Gemfile,
    GemfileLock,
    GoMod,
    Dockerfile,
    /// Manifests that only tell the app's language: requirements.txt, pom.xml, mix.exs, ...
    LanguageManifest,
    /// `pyproject.toml`: tells the language too, and must parse to tell it.
    PyProject,
    /// Platform configuration files the move reads or writes: `heroku.yml`, `render.yaml`,
    /// `fly.toml`, `railway.json` / `railway.toml`.
    HerokuYml,
    RenderYaml,
    FlyToml,
    RailwayJson,
    RailwayToml,
    /// A YAML file that is a Kubernetes manifest by its content (`apiVersion:` and `kind:`).
    Kubernetes,
    /// `.github/workflows/*.yml`: GitHub Actions workflows.
    GithubWorkflow,
    /// `.gitlab-ci.yml` (and `*.gitlab-ci.yml` includes).
    GitlabCi,
    /// `Makefile`, `*.mk`: recipes are shell commands.
    Makefile,
    /// A file without an extension in `bin/`, `script/` or `scripts/`: code if its shebang
    /// says so (`formats::sniff`).
    Script,
    EnvFile,
    Compose,
    Crontab,
    /// `config/schedule.rb`, the whenever gem's schedule (also Ruby code).
    Whenever,
    /// `Aptfile`: system packages Heroku's apt buildpack installs.
    Aptfile,
    /// `.buildpacks`: the buildpacks heroku-buildpack-multi (and Dokku) run, one URL a line.
    BuildpacksFile,
    Yaml,
    Json,
    Toml,
    Sql,
    /// Rails `db/schema.rb` (also Ruby code).
    RailsSchema,
    Code(Lang),
    /// Markdown, text, reStructuredText: prose never produces facts.
    Prose,
    /// Everything else: never read.
    Other,
}

impl SourceKind {
    /// Whether the file must be read at all.
    pub fn is_read(self) -> bool {
        !matches!(self, SourceKind::Other | SourceKind::Prose)
    }

    /// The code language a kind is written in, if it holds code.
    pub fn lang(self) -> Option<Lang> {
        match self {
            SourceKind::Code(l) => Some(l),
            SourceKind::Gemfile | SourceKind::Whenever | SourceKind::RailsSchema => {
                Some(Lang::Ruby)
            }
            _ => None,
        }
    }

    pub fn is_yaml(self) -> bool {
        matches!(
            self,
            SourceKind::Yaml
                | SourceKind::Compose
                | SourceKind::MigrationManifest
                | SourceKind::HerokuYml
                | SourceKind::RenderYaml
                | SourceKind::Kubernetes
                | SourceKind::GithubWorkflow
                | SourceKind::GitlabCi
        )
    }
}

/// Index of a file in the run; facts and findings refer to files by it.
pub type FileId = u32;

/// A half-open byte range into a file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn offset(self, by: usize) -> Self {
        Span::new(self.start + by, self.end + by)
    }
    pub fn len(self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// The span clamped to `text` and widened to whole characters: slicing `text` with it
    /// cannot panic. Extractors scan bytes; this is where their offsets become text offsets.
    pub fn snap(self, text: &str) -> Span {
        let start = floor_char(text, self.start.min(self.end));
        Span::new(start, ceil_char(text, self.end).max(start))
    }
}

/// The largest char boundary of `text` at or before `i` (clamped to its length).
pub fn floor_char(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `text` at or after `i` (clamped to its length).
pub fn ceil_char(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The text under a span, never panicking: see `Span::snap`.
pub fn slice(text: &str, span: Span) -> &str {
    let s = span.snap(text);
    &text[s.start..s.end]
}

/// Where a fact came from: a file and a span in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: FileId,
    pub span: Span,
}

/// One file handed to the extractors.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path as the user will read it: relative to the current directory when possible.
    pub path: PathBuf,
    pub kind: SourceKind,
    /// Leading components of `path` that are the folder being linted (see `role`).
    pub root_depth: usize,
    /// Owned, not shared: most files are dropped right after extraction, and only the few with
    /// facts are moved into an `Arc` for the reports.
    pub text: String,
    /// False for files read only as context for cross-file rules (pins beside a file named on
    /// the command line): their facts count, their findings are not reported.
    pub reported: bool,
}

impl Source {
    /// What the file is for (deployment, development, tests), judged below the linted folder.
    pub fn role(&self) -> crate::role::Role {
        crate::role::below(&self.path, self.root_depth)
    }
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }
    pub fn file_name(&self) -> &str {
        self.path.file_name().and_then(|n| n.to_str()).unwrap_or("")
    }
}

/// Line starts of a text, for turning byte offsets into 1-based lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and 1-based column counted in characters.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line + 1, col + 1)
    }

    /// Byte range of the 1-based line, without its line ending.
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.starts[line.saturating_sub(1).min(self.starts.len() - 1)];
        let end = text[start..]
            .find('\n')
            .map(|i| start + i)
            .unwrap_or(text.len());
        let end = if end > start && text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Span::new(start, end)
    }
}

/// 1-based line of a byte offset, for extractors that only need the line.
pub fn line_of(text: &str, offset: usize) -> usize {
    memchr::memchr_iter(b'\n', &text.as_bytes()[..offset.min(text.len())]).count() + 1
}

/// End of the line holding `from`, before its `\n` or `\r\n`.
pub fn line_end(text: &str, from: usize) -> usize {
    let from = from.min(text.len());
    let end = memchr::memchr(b'\n', &text.as_bytes()[from..]).map_or(text.len(), |n| from + n);
    if end > from && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}
