//! policy: rules written as data. A rule file (`.egress/rules/*.yml`, `custom-rules:` in
//! `.egress.yml`, and the built-ins whose logic is declarative) has the built-in rules' keys
//! plus `match:`, one of three kinds of matcher:
//!
//! - text (`regex`): run at extraction, where the text is, behind one multi-pattern prefilter
//!   shared by every text rule; comments and strings as the lexer sees them;
//! - structured (`files` + `path-query`): run at extraction over the YAML, JSON or TOML
//!   document, reporting at the node;
//! - facts (`env-read`, `connection`, `schedule`, `process`, `runtime`, `extension`): run with
//!   the rules, over the facts the built-ins use.
//!
//! Text and structured matches become `PolicyMatch` facts, and `rules::policies` turns them
//! and the fact matchers into findings, so a policy's findings go through suppressions,
//! baselines and every report like a built-in's. This module sits below `extract` and `rules`
//! (both call it) and imports neither.

mod find;
mod load;
mod matcher;
pub mod query;
mod reader;
pub mod rule_shape;
pub mod template;
mod text;

use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};

use globset::GlobSet;
use regex::Regex;

use crate::diagnostic::Applicability;

pub use load::{key_line, load_text, Loaded, Meta};
pub use text::{scan, scan_with};

/// A compiled rule file.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The rule's id (`EG201`, `ACME001`).
    pub code: String,
    /// The folder its globs are relative to (the project's; empty for built-ins: the path as
    /// linted).
    pub base: PathBuf,
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
    pub include_tests: bool,
    /// `target.platform`s whose apps it leaves alone.
    pub unless_target: Vec<String>,
    pub paths: Option<GlobSet>,
    pub not_paths: Option<GlobSet>,
    pub matcher: Matcher,
    pub fix: Option<FixTemplate>,
}

#[derive(Debug, Clone)]
pub struct FixTemplate {
    pub replace: String,
    pub applicability: Applicability,
    pub description: String,
}

#[derive(Debug, Clone)]
pub enum Matcher {
    Text(TextMatch),
    Structured(StructuredMatch),
    Fact(FactMatch),
}

/// Where a text match may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regions {
    pub code: bool,
    pub comments: bool,
    pub strings: bool,
}

#[derive(Debug, Clone)]
pub struct TextMatch {
    pub regex: Regex,
    pub not_regex: Option<Regex>,
    pub regions: Regions,
    /// Literals one of which every match contains (prefixes or suffixes of the pattern,
    /// compared without ASCII case): files without any are never searched. None: the pattern
    /// has no such literal and is run on every file in scope.
    pub literals: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct StructuredMatch {
    pub files: GlobSet,
    pub query: query::Query,
    pub test: NodeTest,
}

#[derive(Debug, Clone)]
pub enum NodeTest {
    /// Every node the query reaches.
    Present,
    Equals(String),
    Matches(Regex),
    /// The query's last step finds nothing: reported at the node it was looked up in.
    Absent,
}

#[derive(Debug, Clone)]
pub enum FactMatch {
    EnvRead(Vec<String>),
    Connection {
        host: Option<Regex>,
        sslmode: SslTest,
    },
    Schedule {
        expression: Option<Regex>,
        command: Option<Regex>,
        timezone: Option<ZoneTest>,
    },
    Process {
        name: Option<Regex>,
        command: Option<Regex>,
    },
    Runtime {
        language: Option<crate::facts::Runtime>,
        version: Option<Regex>,
    },
    Extension(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslTest {
    Any,
    Absent,
    Weak,
    Set,
}

#[derive(Debug, Clone)]
pub enum ZoneTest {
    Absent,
    Matches(Regex),
}

/// Two automata: most files hold no literal, and the gate tells them in one fast pass; in the
/// rest, the overlapping one finds every literal from the gate's first match on. The gate
/// searches each literal's first four bytes, so fifty rules need a few dozen needles, few enough
/// for aho-corasick's SIMD searcher; an automaton over every literal (a case-insensitive word is
/// a literal per spelling) falls back to a byte-at-a-time scan that cost 17% of a whole-tree run.
pub(crate) struct Prefilter {
    pub gate: aho_corasick::AhoCorasick,
    pub all: aho_corasick::AhoCorasick,
    pub owners: Vec<usize>,
}

/// Above this many needles the SIMD searcher gives up.
const GATE_NEEDLES: usize = 64;

impl Prefilter {
    fn new(patterns: &[String], owners: Vec<usize>) -> Option<Prefilter> {
        use aho_corasick::{AhoCorasick, MatchKind};
        if patterns.is_empty() {
            return None;
        }
        let all = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .ok()?;
        let mut needles: Vec<&[u8]> = patterns
            .iter()
            .map(|p| &p.as_bytes()[..p.len().min(4)])
            .collect();
        needles.sort();
        needles.dedup();
        let gate = if needles.len() <= GATE_NEEDLES {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostFirst)
                .build(&needles)
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostFirst)
                .build(patterns)
        }
        .ok()?;
        Some(Prefilter { gate, all, owners })
    }
}

/// The policies of a run: the built-ins written as rule files, then the project's.
pub struct PolicySet {
    pub policies: Vec<Policy>,
    /// The prefilter over every text policy's literals, with the policy each pattern is of.
    prefilter: Option<Prefilter>,
    /// Text policies without literals: searched in every file in scope.
    unfiltered: Vec<usize>,
    /// Variables `env-read` matchers name: extraction records their reads.
    pub env_names: Vec<String>,
    /// Whether any policy is structured: every file is then looked at by path.
    structured: bool,
}

impl PolicySet {
    /// The policies of loaded rule files alone (the fuzzer scans with them).
    pub fn of(loaded: &[Loaded]) -> PolicySet {
        PolicySet::new(loaded.iter().map(|l| l.policy.clone()).collect())
    }

    fn new(policies: Vec<Policy>) -> PolicySet {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        let mut unfiltered = Vec::new();
        let mut env_names = Vec::new();
        for (i, p) in policies.iter().enumerate() {
            match &p.matcher {
                Matcher::Text(t) => match &t.literals {
                    Some(lits) => {
                        for l in lits {
                            patterns.push(l.clone());
                            owners.push(i);
                        }
                    }
                    None => unfiltered.push(i),
                },
                Matcher::Fact(FactMatch::EnvRead(names)) => env_names.extend(names.iter().cloned()),
                _ => {}
            }
        }
        env_names.sort();
        env_names.dedup();
        let prefilter = Prefilter::new(&patterns, owners);
        let structured = policies
            .iter()
            .any(|p| matches!(p.matcher, Matcher::Structured(_)));
        PolicySet {
            policies,
            prefilter,
            unfiltered,
            env_names,
            structured,
        }
    }

    pub fn has_text(&self) -> bool {
        self.prefilter.is_some() || !self.unfiltered.is_empty()
    }

    pub fn has_structured(&self) -> bool {
        self.structured
    }

    /// Whether a file the walk would not read (Markdown, an unknown extension) is in the scope
    /// of a policy that names it by `paths` or `files`.
    pub fn reads(&self, path: &Path) -> bool {
        self.policies.iter().any(|p| {
            let rel = relative(&p.base, path);
            match &p.matcher {
                Matcher::Structured(s) => s.files.is_match(&rel),
                Matcher::Text(_) => p.paths.as_ref().is_some_and(|g| g.is_match(&rel)),
                Matcher::Fact(_) => false,
            }
        })
    }
}

include!(concat!(env!("OUT_DIR"), "/declarative.rs"));

/// Rule files loaded at start-up, before the catalog is first read.
static EXTRA: OnceLock<Vec<Loaded>> = OnceLock::new();

/// Every policy of the run: the built-ins written as rule files, then the project's, in
/// catalog order.
pub static ACTIVE: LazyLock<PolicySet> = LazyLock::new(|| {
    let mut policies: Vec<Policy> = DECLARATIVE
        .iter()
        .filter_map(|(code, file, text)| {
            let path = Path::new("rules").join(file);
            match load::load_text(&path, text, PathBuf::new(), true) {
                Ok(l) => Some(l.policy),
                Err(e) => {
                    debug_assert!(false, "built-in {code}: {e}");
                    None
                }
            }
        })
        .collect();
    policies.extend(EXTRA.get().into_iter().flatten().map(|l| l.policy.clone()));
    PolicySet::new(policies)
});

/// Load the project's rule files for a run that starts at `start` (the first linted path) with
/// `config` (`--config`, else the nearest `.egress.yml`). Errors name the rule file and line;
/// the caller exits 2. Every broken file is named, not only the first.
pub fn load_for(start: &Path, config: Option<&Path>) -> Result<Vec<Loaded>, String> {
    let files = find::rule_files(start, config)?;
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for (path, base) in files {
        match load::load_file(&path, base) {
            Ok(l) => loaded.push(l),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    load::check_unique(&loaded)?;
    Ok(loaded)
}

/// Make loaded rule files part of the run (once, before `ACTIVE` is first read; `rules`
/// registers their metadata in the same step).
pub fn install(loaded: Vec<Loaded>) -> Result<(), String> {
    EXTRA
        .set(loaded)
        .map_err(|_| "rule files were already loaded".to_string())
}

static CWD: LazyLock<PathBuf> = LazyLock::new(|| {
    std::env::current_dir()
        .and_then(std::fs::canonicalize)
        .unwrap_or_default()
});

/// `path` relative to `base` for glob matching: as linted when `base` is empty or the file is
/// outside it.
pub fn relative(base: &Path, path: &Path) -> PathBuf {
    if base.as_os_str().is_empty() {
        return path.to_path_buf();
    }
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        normalize(&CWD.join(path))
    };
    abs.strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// `a/b/../c` → `a/c`, without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

impl Policy {
    /// Whether the policy looks at a path: its `paths` and `not-paths`, and never egress's own
    /// rule files (their examples hold what the rules match).
    pub fn in_scope(&self, path: &Path) -> bool {
        in_scope(self, path)
    }
}

fn in_scope(p: &Policy, path: &Path) -> bool {
    if path.components().any(|c| c.as_os_str() == ".egress") {
        return false;
    }
    if p.paths.is_none() && p.not_paths.is_none() {
        return true;
    }
    let rel = relative(&p.base, path);
    p.paths.as_ref().is_none_or(|g| g.is_match(&rel))
        && !p.not_paths.as_ref().is_some_and(|g| g.is_match(&rel))
}
