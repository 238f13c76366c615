//! The facts of a run and the files they came from: the `Contract` rules, reports and fixes
//! read.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::{Facts, Manifest};
use crate::source::{FileId, LineIndex, Loc, SourceKind, Span};

/// A file of the run as the rules and reports see it.
#[derive(Debug, Clone)]
pub struct FileInfo {
    pub path: PathBuf,
    pub kind: SourceKind,
    /// What the file is for: rules about the deployment contract skip test code (set by
    /// whoever knows the folder being linted; `Deploy` until then).
    pub role: crate::role::Role,
    pub reported: bool,
    /// Only files with facts keep their text: reports show snippets, fixes edit them. Boxed so
    /// the other 99% of a large tree cost a path and a few bytes each.
    body: Option<Box<FileBody>>,
}

/// A kept file's text. Its line index and its secrets are made when first asked for: most
/// files with facts never have a finding to show (a Kubernetes manifest's declared env is a
/// fact), and finding every secret of a file is a handful of regexes over all of it.
#[derive(Debug, Clone)]
struct FileBody {
    text: Arc<str>,
    lines: OnceLock<LineIndex>,
    /// What the extractors recorded as secret (a password inside a URL they parsed, a value
    /// under a secret-looking key); [`FileInfo::secrets`] adds what the redactor finds.
    recorded: Vec<Span>,
    secrets: OnceLock<Vec<Span>>,
}

impl FileBody {
    fn new(text: Arc<str>, recorded: Vec<Span>) -> FileBody {
        FileBody {
            text,
            lines: OnceLock::new(),
            recorded,
            secrets: OnceLock::new(),
        }
    }
}

impl FileInfo {
    pub fn new(path: PathBuf, kind: SourceKind, reported: bool) -> FileInfo {
        FileInfo {
            role: crate::role::Role::default(),
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
        self.body.as_deref().map_or((1, 1), |b| {
            b.lines
                .get_or_init(|| LineIndex::new(&b.text))
                .line_col(&b.text, offset)
        })
    }

    /// Byte ranges holding secrets, sorted.
    pub fn secrets(&self) -> &[Span] {
        self.body.as_deref().map_or(&[], |b| {
            b.secrets.get_or_init(|| {
                let mut all = b.recorded.clone();
                all.extend(crate::redact::secret_spans(&b.text));
                crate::redact::merge(all)
            })
        })
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
        info.body = Some(Box::new(FileBody::new(text, Vec::new())));
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
            let recorded = std::mem::take(&mut facts.secrets);
            info.body = Some(Box::new(FileBody::new(text, recorded)));
            self.facts.append(facts);
        }
        self.files.push(info);
    }

    pub fn file(&self, id: FileId) -> &FileInfo {
        &self.files[id as usize]
    }

    /// Whether a fact sits in test code (fixtures, specs, `*_test.go`): not part of what the
    /// app deploys with.
    pub fn in_test_code(&self, loc: Loc) -> bool {
        self.file(loc.file).role == crate::role::Role::Test
    }

    /// Whether a fact sits in test code or in a template of settings (`.env.example`): neither
    /// is what the app deploys with.
    pub fn in_test_or_example(&self, loc: Loc) -> bool {
        self.in_test_code(loc) || crate::role::is_example(&self.file(loc.file).path)
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

    /// Whether a fact sits in a Rails app (a Gemfile with `rails` in its folder or above).
    /// sidekiq-cron, sidekiq-scheduler, rufus-scheduler and GoodJob (Fugit/et-orbi) take their
    /// zone from `TZ`, else from Rails' `config.time_zone` (default UTC), and only then from the
    /// host: inside a Rails app they do not depend on where they run.
    pub fn in_rails_app(&self, at: Loc) -> bool {
        let dir = self.dir_of(at);
        self.facts
            .frameworks
            .iter()
            .any(|f| f.framework == super::Framework::Rails && dir.starts_with(self.dir_of(f.at)))
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
