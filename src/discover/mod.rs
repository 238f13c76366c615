//! discover: walk the paths given, honour ignore files and default excludes, classify each file
//! once, and read the ones a rule could care about.

mod kind;
pub mod open;

pub use kind::{classify, Lang, SourceKind};

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::source::Source;

/// Directories never worth linting: vendored or generated code and tool caches.
pub const DEFAULT_EXCLUDES: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "vendor",
    "target",
    ".venv",
    "venv",
    "__pycache__",
    ".tox",
    ".mypy_cache",
    ".pytest_cache",
    // egress's own rule files: their examples hold the hazards they describe.
    ".egress",
];

/// Options of the walk.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    pub honour_ignore_files: bool,
    pub max_file_size: u64,
    pub threads: usize,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            honour_ignore_files: true,
            max_file_size: 2 * 1024 * 1024,
            threads: 0,
        }
    }
}

/// A file found by the walk, not yet read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    pub kind: SourceKind,
    /// Named on the command line, or found in a folder named there.
    pub reported: bool,
    /// The walk saw a regular file (from the directory entry, no extra syscall), so it can be
    /// opened without a `stat` first. Anything else (symlinks, pipes) is checked before opening.
    pub regular: bool,
    /// How many leading components of `path` are the folder being linted: what the file is
    /// for is judged from the rest (`crate::role`), and only for files with facts.
    pub root_depth: usize,
}

impl Candidate {
    pub fn role(&self) -> crate::role::Role {
        crate::role::below(&self.path, self.root_depth)
    }
}

/// A file egress could not check, and why: shown to the user, never silently dropped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// A path given on the command line that does not exist.
#[derive(Debug)]
pub struct MissingPath(pub PathBuf);

/// What the walk found: each file with what `process` made of it, in path order, and notes
/// about what it had to leave out.
#[derive(Debug)]
pub struct Walk<T> {
    pub files: Vec<(Candidate, T)>,
    pub skipped: Vec<Skipped>,
}

/// Walk every path and run `process` on each file in the walker's own threads, so reading and
/// extracting overlap with listing directories (as ripgrep searches while it walks). Missing
/// paths are an error for the whole run (exit 2); anything else that goes wrong with one entry
/// becomes a `Skipped` note and the walk goes on.
pub fn walk<T: Send>(
    paths: &[PathBuf],
    opts: &WalkOptions,
    process: &(dyn Fn(&Candidate) -> T + Sync),
) -> Result<Walk<T>, MissingPath> {
    for p in paths {
        if fs::symlink_metadata(p).is_err() {
            return Err(MissingPath(p.clone()));
        }
    }
    let files: Mutex<Vec<(Candidate, T)>> = Mutex::new(Vec::new());
    let skipped: Mutex<Vec<Skipped>> = Mutex::new(Vec::new());
    let mut explicit_files = Vec::new();
    let mut dirs = Vec::new();
    for p in paths {
        let p = clean_path(p);
        if p.is_dir() {
            dirs.push(p);
        } else {
            explicit_files.push(p);
        }
    }

    if !dirs.is_empty() {
        let mut builder = ignore::WalkBuilder::new(&dirs[0]);
        for d in &dirs[1..] {
            builder.add(d);
        }
        builder
            .hidden(false)
            .parents(opts.honour_ignore_files)
            .ignore(opts.honour_ignore_files)
            .git_ignore(opts.honour_ignore_files)
            .git_global(opts.honour_ignore_files)
            .git_exclude(opts.honour_ignore_files)
            .require_git(false)
            .follow_links(false)
            .threads(opts.threads)
            .filter_entry(|e| {
                !(e.file_type().is_some_and(|t| t.is_dir())
                    && e.file_name()
                        .to_str()
                        .is_some_and(|n| DEFAULT_EXCLUDES.contains(&n)))
            });
        let roots = &dirs;
        builder.build_parallel().run(|| {
            let (files, skipped) = (&files, &skipped);
            Box::new(move |entry| {
                match entry {
                    Ok(e) if e.depth() > 0 && !e.file_type().is_some_and(|t| t.is_dir()) => {
                        let path = clean_path(e.path());
                        let kind = classify(&path);
                        if kind.is_read() || crate::policy::ACTIVE.reads(&path) {
                            let regular = e.file_type().is_some_and(|t| t.is_file());
                            let root_depth = root_depth(&path, roots);
                            let c = Candidate {
                                path,
                                kind,
                                reported: true,
                                regular,
                                root_depth,
                            };
                            let out = process(&c);
                            files.lock().unwrap().push((c, out));
                        }
                    }
                    Ok(_) => {}
                    Err(err) => {
                        let path = error_path(&err).unwrap_or_default();
                        skipped.lock().unwrap().push(Skipped {
                            path,
                            reason: err.to_string(),
                        });
                    }
                }
                ignore::WalkState::Continue
            })
        });
    }

    let mut files = files.into_inner().unwrap();
    for path in explicit_files {
        // Named explicitly: always linted, even if ignored or of a kind the walk would skip.
        let kind = classify(&path);
        let c = Candidate {
            root_depth: 0,
            path,
            kind,
            reported: true,
            regular: false,
        };
        let out = process(&c);
        files.push((c, out));
    }
    // Byte order is as deterministic as component order and much cheaper on 100k paths.
    files.sort_unstable_by(|a, b| a.0.path.as_os_str().cmp(b.0.path.as_os_str()));
    files.dedup_by(|a, b| a.0.path == b.0.path);
    let mut skipped = skipped.into_inner().unwrap();
    skipped.sort();
    Ok(Walk { files, skipped })
}

/// The depth of the linted folder a path was found in: the folders above a file
/// (`~/src/tests/app`) say nothing about what it is for.
fn root_depth(path: &Path, roots: &[PathBuf]) -> usize {
    roots
        .iter()
        .filter(|r| r.as_os_str() != "." && path.starts_with(r))
        .map(|r| r.components().count())
        .max()
        .unwrap_or(0)
}

/// Files that cross-file rules read beside a file named explicitly (pre-commit passes only the
/// changed files): app markers, runtime pins, manifests and platform configs in its folder and
/// the folders above, up to the current directory, and the scripts in those folders' `bin/`
/// (Procfile commands run them: EG204 asks whether the app carries one). They are read as
/// context and never reported on.
pub fn context_for(explicit: &[Candidate]) -> Vec<Candidate> {
    let cwd = std::env::current_dir().ok();
    let mut dirs: Vec<&Path> = Vec::new();
    for c in explicit {
        for d in c.path.parent().into_iter().flat_map(Path::ancestors) {
            if !dirs.contains(&d) {
                dirs.push(d);
            }
            if d.is_absolute() && cwd.as_deref() == Some(d) {
                break;
            }
        }
    }
    let mut out = Vec::new();
    for d in dirs {
        let listing = if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        };
        let Ok(entries) = fs::read_dir(listing) else {
            continue;
        };
        let here: Vec<(PathBuf, bool)> = entries
            .flatten()
            .map(|e| (d.join(e.file_name()), false))
            .collect();
        // Only beside a Procfile or heroku.yml (never `/bin` above an absolute path).
        let runs_scripts = here
            .iter()
            .any(|(p, _)| matches!(classify(p), SourceKind::Procfile | SourceKind::HerokuYml));
        let scripts = runs_scripts
            .then(|| fs::read_dir(listing.join("bin")).ok())
            .flatten()
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| (d.join("bin").join(e.file_name()), true));
        for (path, script) in here.into_iter().chain(scripts) {
            let path = clean_path(&path);
            let kind = classify(&path);
            if (script || is_context_kind(kind)) && !explicit.iter().any(|c| c.path == path) {
                out.push(Candidate {
                    root_depth: 0,
                    path,
                    kind,
                    reported: false,
                    regular: false,
                });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn is_context_kind(kind: SourceKind) -> bool {
    matches!(
        kind,
        SourceKind::Procfile
            | SourceKind::AppJson
            | SourceKind::MigrationManifest
            | SourceKind::MigrationContract
            | SourceKind::VersionFile
            | SourceKind::ToolVersions
            | SourceKind::MiseToml
            | SourceKind::SystemProperties
            | SourceKind::PackageJson
            | SourceKind::ComposerJson
            | SourceKind::Gemfile
            | SourceKind::GemfileLock
            | SourceKind::GoMod
            | SourceKind::Dockerfile
            | SourceKind::LanguageManifest
            | SourceKind::PyProject
            | SourceKind::HerokuYml
            | SourceKind::RenderYaml
            | SourceKind::FlyToml
            | SourceKind::RailwayJson
            | SourceKind::RailwayToml
    )
}

/// Read one candidate: regular files only, within the size limit, text only, valid UTF-8.
pub fn read(c: &Candidate, max_size: u64) -> Result<Source, Skipped> {
    let skip = |reason: String| Skipped {
        path: c.path.clone(),
        reason,
    };
    let cannot = |e: std::io::Error| skip(format!("cannot read: {}", io_reason(&e)));
    // The walk vouched for regular files from their directory entries (no extra syscall);
    // anything else is checked on the open handle, and no open can block on a FIFO.
    let file = if c.regular {
        open::open_nonblocking(&c.path).map_err(cannot)?
    } else {
        match open::open_regular(&c.path) {
            Ok(f) => f,
            Err(open::OpenError::NotRegular) => return Err(skip("not a regular file".into())),
            Err(e) => return Err(skip(format!("cannot read: {e}"))),
        }
    };
    // No fstat: read up to the limit plus one byte and look at what came back (two reads for a
    // typical file, the same as ripgrep).
    let mut bytes = match open::read_limited(file, max_size) {
        Ok(b) => b,
        Err(open::OpenError::TooLarge(_)) => {
            return Err(skip(format!(
                "larger than the size limit ({max_size} bytes; see --max-file-size)"
            )))
        }
        Err(e) => return Err(skip(format!("cannot read: {e}"))),
    };
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Err(skip("binary file (contains NUL bytes)".into()));
    }
    // A UTF-8 byte order mark is not text: the JSON, env, Procfile and crontab readers would take
    // it for part of the first token. It becomes three spaces, so byte offsets stay valid
    // (columns on line 1 are then two more than when U+FEFF counts as one character). YAML keeps
    // it: the YAML parser skips a BOM itself, and three spaces would indent its first line.
    if bytes.starts_with(b"\xEF\xBB\xBF") && !c.kind.is_yaml() {
        bytes[..3].copy_from_slice(b"   ");
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        skip(format!(
            "not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(Source {
        path: c.path.clone(),
        kind: c.kind,
        root_depth: c.root_depth,
        text,
        reported: c.reported,
    })
}

fn io_reason(e: &std::io::Error) -> String {
    // The OS text ("Too many levels of symbolic links (os error 40)") already says what is wrong.
    e.to_string()
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// Drop `./` components so paths print the way the user wrote them, minus noise.
pub fn clean_path(p: &Path) -> PathBuf {
    let cleaned: PathBuf = p
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if cleaned.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_not_text() {
        let dir = tempfile::tempdir().unwrap();
        let url = "postgres://app@db.example.com/app";
        for (name, text) in [
            (
                "package.json",
                "{\"name\": \"x\", \"engines\": {\"node\": \"20.x\"}}".to_string(),
            ),
            ("config.json", format!("{{\"db\": \"{url}\"}}")),
            (".env", format!("DATABASE_URL={url}\n")),
            (
                "Procfile",
                "web: gunicorn app:app\r\nworker: celery\r\n".to_string(),
            ),
            ("app.cron", "0 3 * * * /x\n".to_string()),
            ("c.yml", format!("url: {url}\nother: 1\n")),
            ("c.toml", format!("db = \"{url}\"\nx = 1\n")),
        ] {
            let path = dir.path().join(name);
            fs::write(&path, format!("\u{feff}{text}")).unwrap();
            let c = Candidate {
                kind: classify(&path),
                root_depth: 0,
                path,
                reported: true,
                regular: true,
            };
            let src = read(&c, 1 << 20).unwrap();
            let facts = crate::extract::extract(&src, 0);
            assert!(
                facts.parse_errors.is_empty(),
                "{name}: {:?}",
                facts.parse_errors
            );
            let found = facts.connections.len()
                + facts.pins.len()
                + facts.cron_jobs.len()
                + facts.services.len();
            assert!(found > 0, "{name}: no facts");
            if name == "app.cron" {
                assert_eq!(facts.cron_jobs[0].schedule, "0 3 * * *");
            }
            if name == "Procfile" {
                assert_eq!(facts.services[0].name, "web");
            }
        }
    }
}
