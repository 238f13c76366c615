//! The pipeline: discover → extract (in parallel, each file read and parsed once) → rules.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::discover::{self, Candidate, MissingPath, Skipped, WalkOptions};
use crate::extract::{self, Contract, Facts, FileInfo};
use crate::facts::Origin;
use crate::report::MAX_FINDINGS_PER_FILE;
use crate::rules::{self, Finding, RuleSet};
use crate::source::{FileId, Loc, Source, SourceKind, Span};

pub struct Options {
    pub paths: Vec<PathBuf>,
    pub walk: WalkOptions,
    pub rules: RuleSet,
    /// Show a progress bar on stderr (the caller decides: terminal, human format, not quiet).
    pub progress: bool,
    /// Lint this text as if it were the file at this path (`--stdin-filename`): editors and
    /// hooks that hold unsaved buffers. The app root around the path is still read from disk.
    pub stdin: Option<(PathBuf, String)>,
    /// Rules no inline directive may silence (config `non-suppressible`).
    pub non_suppressible: Vec<crate::rules::RuleId>,
    /// Record every env read of every app root (`egress inventory`), not only of those with a
    /// target config.
    pub env_uses: bool,
}

pub struct Outcome {
    pub contract: Contract,
    /// Findings on reported files, sorted by path, line, column, rule.
    pub findings: Vec<Finding>,
    pub skipped: Vec<Skipped>,
    /// Files with more findings than a report shows, and how many were left out (set by
    /// `cap_per_file`).
    pub truncated: Vec<(FileId, usize)>,
    pub files_scanned: usize,
    pub elapsed: Duration,
}

pub fn run(opts: &Options) -> Result<Outcome, MissingPath> {
    let started = Instant::now();
    let bar = opts.progress.then(progress_bar);
    let max = opts.walk.max_file_size;
    let process = |c: &Candidate| {
        let slot = read_and_extract(c, max);
        if let Some(b) = &bar {
            b.inc(1);
        }
        slot
    };
    let walk = match &opts.stdin {
        Some((path, text)) => {
            let path = discover::clean_path(path);
            let kind = discover::classify(&path);
            let c = Candidate {
                path: path.clone(),
                kind,
                reported: true,
                regular: false,
                root_depth: 0,
            };
            let src = Source {
                path,
                kind,
                root_depth: 0,
                text: text.clone(),
                reported: true,
            };
            discover::Walk {
                files: vec![(c, extract_source(src))],
                skipped: Vec::new(),
            }
        }
        None => discover::walk(&opts.paths, &opts.walk, &process)?,
    };
    let mut files = walk.files;
    let named: Vec<PathBuf> = match &opts.stdin {
        Some((path, _)) => vec![path.clone()],
        None => opts.paths.iter().filter(|p| !p.is_dir()).cloned().collect(),
    };
    let explicit: Vec<Candidate> = named
        .iter()
        .map(|p| discover::clean_path(p))
        .filter_map(|p| {
            files
                .iter()
                .find(|(c, _)| c.path == p)
                .map(|(c, _)| c.clone())
        })
        .collect();
    // A folder named below the current directory (`egress check config`) reads the same
    // context from the folders above it, up to the current directory: the Gemfile there says
    // the schedules in config/ run inside Rails. Folders outside it get none.
    let folders = opts
        .stdin
        .is_none()
        .then_some(&opts.paths)
        .into_iter()
        .flatten();
    let anchors: Vec<Candidate> = folders
        .filter(|p| p.is_dir())
        .map(|p| discover::clean_path(p))
        .filter(|p| p.is_relative() && !p.as_os_str().is_empty() && p.as_os_str() != ".")
        .map(|path| Candidate {
            path,
            kind: SourceKind::Other,
            reported: false,
            regular: false,
            root_depth: 0,
        })
        .chain(explicit.iter().cloned())
        .collect();
    if !anchors.is_empty() {
        let context = discover::context_for(&anchors);
        let known = |c: &Candidate| files.iter().any(|(f, _)| f.path == c.path);
        let extra: Vec<_> = context.into_iter().filter(|c| !known(c)).collect();
        files.extend(
            extra
                .into_par_iter()
                .map(|c| {
                    let slot = read_and_extract(&c, max);
                    (c, slot)
                })
                .collect::<Vec<_>>(),
        );
        files.sort_unstable_by(|a, b| a.0.path.as_os_str().cmp(b.0.path.as_os_str()));
    }
    let stdin = opts
        .stdin
        .as_ref()
        .map(|(path, text)| (discover::clean_path(path), text.as_str()));
    second_look(
        &mut files,
        max,
        stdin.as_ref().map(|(p, t)| (p.as_path(), *t)),
        opts.env_uses,
        opts.env_uses || opts.rules.contains(crate::rules::RuleId::EG802),
    );
    if let Some(b) = bar {
        b.finish_and_clear();
    }

    let mut skipped = walk.skipped;
    let mut files_scanned = 0;
    let mut contract = Contract::with_capacity(files.len());
    for (c, slot) in files {
        let read = !matches!(slot, Slot::Skipped(_));
        files_scanned += usize::from(read && c.reported);
        // Only files with facts are judged by role (the rest are never looked at again).
        let role = matches!(slot, Slot::Facts(_)).then(|| c.role());
        let mut info = FileInfo::new(c.path, c.kind, c.reported && read);
        match slot {
            Slot::Read => contract.add(info, None, Facts::default()),
            Slot::Facts(b) => {
                let (text, facts) = *b;
                info.role = role.unwrap_or_default();
                contract.add(info, Some(text), facts);
            }
            Slot::Skipped(s) => {
                if c.reported {
                    skipped.push(*s);
                }
                contract.add(info, None, Facts::default());
            }
        }
    }
    // Data files egress does not need that do not parse: a note, not a finding (EG001 is for
    // the files that carry the platform contract).
    for e in &contract.facts.unparsed {
        let file = contract.file(e.at.file);
        if file.reported {
            let (line, _) = file.line_col(e.at.span.start);
            skipped.push(Skipped {
                path: file.path.clone(),
                reason: format!("{} (line {line}): its values were not checked", e.message),
            });
        }
    }
    skipped.sort();
    let extracted = started.elapsed();
    let findings = finish(&contract, &opts.rules, &opts.non_suppressible);
    if std::env::var_os("EGRESS_TIMINGS").is_some() {
        eprintln!(
            "egress: walk+read+extract {extracted:.2?}, rules {:.2?}",
            started.elapsed() - extracted
        );
    }
    Ok(Outcome {
        contract,
        findings,
        skipped,
        truncated: Vec::new(),
        files_scanned,
        elapsed: started.elapsed(),
    })
}

/// Keep the first `MAX_FINDINGS_PER_FILE` findings of each file (they are in report order):
/// the last step before reporting, after config, suppressions and `--changed-since`.
pub fn cap_per_file(findings: &mut Vec<Finding>) -> Vec<(FileId, usize)> {
    let mut per_file: std::collections::HashMap<FileId, usize> = Default::default();
    findings.retain(|f| {
        let n = per_file.entry(f.at.file).or_default();
        *n += 1;
        *n <= MAX_FINDINGS_PER_FILE
    });
    let mut over: Vec<(FileId, usize)> = per_file
        .into_iter()
        .filter(|(_, n)| *n > MAX_FINDINGS_PER_FILE)
        .map(|(f, n)| (f, n - MAX_FINDINGS_PER_FILE))
        .collect();
    over.sort_unstable();
    over
}

/// One small slot per file: most files have no fact, and a 100k-file tree must not hold a full
/// record for each.
fn read_and_extract(c: &Candidate, max: u64) -> Slot {
    match discover::read(c, max) {
        Ok(src) => extract_source(src),
        Err(s) => Slot::Skipped(Box::new(s)),
    }
}

fn extract_source(src: Source) -> Slot {
    // The real id is given when the contract is built in path order. A bug in an extractor
    // costs this file's facts, not the run.
    let extracted = crate::contain::contain(|| {
        crate::contain::injected_fault(&src.path);
        extract::extract(&src, 0)
    });
    let facts = extracted.unwrap_or_else(|message| Facts {
        internal_errors: vec![extract::InternalError {
            at: Loc {
                file: 0,
                span: Span::new(0, 0),
            },
            message,
        }],
        // The report shows the file's first lines: their secrets are found when it does.
        ..Facts::default()
    });
    if facts.is_empty() {
        Slot::Read
    } else {
        Slot::Facts(Box::new((src.text.into(), facts)))
    }
}

/// Kinds of file that can read an environment variable: code, scripts and the files that hold
/// commands (Procfile, package.json scripts, Makefiles, heroku.yml).
fn may_read_env(kind: SourceKind) -> bool {
    matches!(
        kind,
        SourceKind::Code(_)
            | SourceKind::Script
            | SourceKind::Procfile
            | SourceKind::PackageJson
            | SourceKind::Makefile
            | SourceKind::HerokuYml
            | SourceKind::Whenever
    )
}

/// The process-type variables that migration manifests name and egress does not watch
/// (`target.process_type_env: APP_ROLE`), each with the folder its manifest governs.
fn process_type_names<'a>(
    manifests: impl Iterator<Item = (&'a Path, &'a Facts)>,
) -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = manifests
        .flat_map(|(dir, facts)| {
            facts
                .manifests
                .iter()
                .filter_map(|m| m.process_type_env.as_ref())
                .filter(|s| !extract::is_watched_env(&s.value))
                .map(move |s| (dir.to_path_buf(), s.value.clone()))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn names_for(wanted: &[(PathBuf, String)], path: &Path) -> Vec<String> {
    wanted
        .iter()
        .filter(|(dir, _)| path.starts_with(dir))
        .map(|(_, name)| name.clone())
        .collect()
}

/// App roots (folders of a Procfile, app.json or migration manifest) whose code the contract
/// inventory and the parity rules need every env read of: all of them for `egress inventory`,
/// else those with a target config beside them (`Origin::is_target_config`) that EG802 can
/// judge: a target that takes its variables from a source egress cannot list (a Kubernetes
/// `envFrom`, a Render group kept in the dashboard) is not judged, so its app needs no second
/// look. Most runs have none, and their files get no second look.
fn env_use_roots<'a>(
    facts: impl Iterator<Item = (&'a Path, &'a Facts)> + Clone,
    all: bool,
) -> Vec<PathBuf> {
    let compose = facts.clone().any(|(_, f)| {
        f.manifests.iter().any(|m| {
            m.target_platform
                .as_ref()
                .is_some_and(|p| crate::facts::is_compose_platform(&p.value))
        })
    });
    // Each target config file: its folder and platform.
    let mut targets: Vec<(&Path, Origin)> = facts
        .clone()
        .flat_map(|(dir, f)| {
            f.services
                .iter()
                .filter(|s| s.origin.is_target_config() && (compose || s.origin != Origin::Compose))
                .map(move |s| (dir, s.origin))
        })
        .collect();
    targets.sort();
    targets.dedup();
    if !all && targets.is_empty() {
        return Vec::new();
    }
    let mut opaque: Vec<(&Path, Origin)> = facts
        .clone()
        .flat_map(|(dir, f)| f.env_imports.iter().map(move |i| (dir, i.origin)))
        .collect();
    opaque.sort();
    opaque.dedup();
    let related = |a: &Path, b: &Path| a.starts_with(b) || b.starts_with(a);
    let judged = |root: &Path| {
        targets.iter().any(|(t, origin)| {
            related(root, t)
                && !opaque
                    .iter()
                    .any(|(o, oo)| oo == origin && related(root, o))
        })
    };
    let mut roots: Vec<PathBuf> = facts
        .filter(|(_, f)| !f.app_markers.is_empty())
        .map(|(dir, _)| dir)
        .filter(|r| all || judged(r))
        .map(Path::to_path_buf)
        .collect();
    roots.sort();
    roots.dedup();
    roots
}

/// What the second look records at one file: reads of the process-type variables its
/// manifest names (EG203), and every env read (`EnvUse`) when it is in an app root that needs
/// them.
struct Wanted {
    names: Vec<String>,
    uses: bool,
}

impl Wanted {
    fn of(
        types: &[(PathBuf, String)],
        roots: &[PathBuf],
        c_path: &Path,
        kind: SourceKind,
    ) -> Wanted {
        Wanted {
            names: names_for(types, c_path),
            uses: matches!(kind, SourceKind::Code(_))
                && roots.iter().any(|r| c_path.starts_with(r)),
        }
    }

    fn none(&self) -> bool {
        self.names.is_empty() && !self.uses
    }

    /// Whether the file may hold anything wanted (one substring search per name when only
    /// names are wanted).
    fn may_hold(&self, text: &str) -> bool {
        self.uses || self.names.iter().any(|n| text.contains(n.as_str()))
    }

    fn look(&self, src: &Source, file: FileId) -> Facts {
        Facts {
            env_reads: if self.names.is_empty() {
                Vec::new()
            } else {
                extract::env_reads_of(src, file, &self.names)
            },
            env_uses: if self.uses {
                extract::env_uses_of(src, file)
            } else {
                Vec::new()
            },
            ..Facts::default()
        }
    }
}

/// A second look at the files that can read a variable, for what the first pass could not
/// know to look for: the reads of a manifest's process-type variable (EG203), and every env
/// read of app roots the inventory or a parity rule holds against a target. Test code is left
/// alone; a file that never mentions a wanted name costs one substring search.
///
/// `stdin`: the file linted from standard input (`--stdin-filename`), whose text is not the one
/// on disk.
fn second_look(
    files: &mut [(Candidate, Slot)],
    max: u64,
    stdin: Option<(&Path, &str)>,
    all_env: bool,
    uses_wanted: bool,
) {
    // What the first pass found that says where to look; borrowed, not copied (a large tree
    // has thousands of files with facts).
    let (types, roots) = {
        let summary = files.iter().filter_map(|(c, slot)| match slot {
            Slot::Facts(b) => Some((c.path.parent().unwrap_or(Path::new("")), &b.1)),
            _ => None,
        });
        let types = process_type_names(summary.clone());
        let roots = if uses_wanted {
            env_use_roots(summary, all_env)
        } else {
            Vec::new()
        };
        (types, roots)
    };
    if types.is_empty() && roots.is_empty() {
        return;
    }
    files.par_iter_mut().for_each(|(c, slot)| {
        if !may_read_env(c.kind) || c.role() == crate::role::Role::Test {
            return;
        }
        let wanted = Wanted::of(&types, &roots, &c.path, c.kind);
        if wanted.none() {
            return;
        }
        let source = |text: String| Source {
            path: c.path.clone(),
            kind: c.kind,
            root_depth: c.root_depth,
            text,
            reported: c.reported,
        };
        match slot {
            Slot::Facts(b) if wanted.may_hold(&b.0) => {
                let found = wanted.look(&source(b.0.to_string()), 0);
                b.1.append(found);
            }
            Slot::Read => {
                let src = match stdin {
                    Some((path, text)) if path == c.path => source(text.to_string()),
                    _ => match discover::read(c, max) {
                        Ok(src) => src,
                        Err(_) => return,
                    },
                };
                if !wanted.may_hold(&src.text) {
                    return;
                }
                let found = wanted.look(&src, 0);
                if !found.is_empty() {
                    *slot = Slot::Facts(Box::new((src.text.into(), found)));
                }
            }
            Slot::Facts(_) | Slot::Skipped(_) => {}
        }
    });
}

enum Slot {
    Read,
    Facts(Box<(Arc<str>, Facts)>),
    Skipped(Box<Skipped>),
}

/// Run the rules, drop what inline suppressions silence (reporting the unused ones), and keep
/// the findings on reported files, in report order.
fn finish(
    contract: &Contract,
    selected: &RuleSet,
    locked: &[crate::rules::RuleId],
) -> Vec<Finding> {
    let findings = rules::check(contract, selected);
    let mut findings: Vec<Finding> =
        rules::unused_suppression::apply(contract, findings, selected, locked)
            .into_iter()
            .filter(|f| contract.file(f.at.file).reported)
            .collect();
    let key = |f: &Finding| {
        let file = contract.file(f.at.file);
        let (line, col) = file.line_col(f.at.span.start);
        (file.path.clone(), line, col, f.rule)
    };
    findings.sort_by_cached_key(key);
    findings
}

/// Lint files held in memory (tests, rule examples): the same extractors and rules, no disk.
pub fn lint_memory(files: &[(&str, &str)], selected: &RuleSet) -> (Contract, Vec<Finding>) {
    let mut sorted: Vec<_> = files.to_vec();
    sorted.sort();
    let mut contract = Contract::default();
    let sources: Vec<(Source, Facts)> = sorted
        .iter()
        .enumerate()
        .map(|(i, (path, text))| {
            let path = PathBuf::from(path);
            let src = Source {
                kind: discover::classify(&path),
                root_depth: 0,
                path,
                text: (*text).into(),
                reported: true,
            };
            let facts = extract::extract(&src, i as u32);
            (src, facts)
        })
        .collect();
    let dir_facts = || sources.iter().map(|(src, facts)| (src.dir(), facts));
    let types = process_type_names(dir_facts());
    let roots = env_use_roots(dir_facts(), false);
    for (i, (src, mut facts)) in sources.into_iter().enumerate() {
        let wanted = Wanted::of(&types, &roots, &src.path, src.kind);
        if !wanted.none() && may_read_env(src.kind) && src.role() != crate::role::Role::Test {
            facts.append(wanted.look(&src, i as u32));
        }
        let mut info = FileInfo::new(src.path.clone(), src.kind, true);
        info.role = src.role();
        contract.add(info, Some(src.text.into()), facts);
    }
    let findings = finish(&contract, selected, &[]);
    (contract, findings)
}

fn progress_bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        None,
        indicatif::ProgressDrawTarget::stderr_with_hz(10),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} checked {pos} files [{elapsed}]")
    {
        bar.set_style(style);
    }
    bar
}
