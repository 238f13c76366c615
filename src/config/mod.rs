//! `.egress.yml`: project configuration, found by walking up from the linted path (the nearest
//! file applies; `extends:` opts into a parent). Unknown keys and rule names are errors that name
//! the file, the line and the closest valid spelling.

pub mod schema;

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::diagnostic::Severity;
use crate::parse::{yaml, Tree};
use crate::rules::{select, RuleId, RuleSet};
use crate::source::line_of;
use crate::spelling::closest;

pub const FILE_NAMES: &[&str] = &[".egress.yml", "egress.yml"];
const KEYS: &[&str] = &[
    "extends",
    "select",
    "ignore",
    "extend-select",
    "severity",
    "per-path",
    "exclude",
    "fail-on",
    "non-suppressible",
    "require-reason",
    "custom-rules",
];

/// Rules switched off (or on) for the paths matching a glob.
#[derive(Debug, Clone)]
pub struct PerPath {
    pub globs: GlobSet,
    pub ignore: Vec<RuleId>,
    pub select: Option<Vec<RuleId>>,
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from (the nearest one; parents merged in through `extends`).
    pub path: Option<PathBuf>,
    pub select: Option<Vec<RuleId>>,
    pub ignore: Vec<RuleId>,
    pub extend_select: Vec<RuleId>,
    pub severity: Vec<(RuleId, Severity)>,
    pub per_path: Vec<PerPath>,
    pub exclude: Option<GlobSet>,
    pub fail_on: Option<Severity>,
    pub non_suppressible: Vec<RuleId>,
    pub require_reason: bool,
}

/// The nearest config file at or above `start`.
pub fn find(start: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(start).ok()?;
    let dir = if abs.is_dir() {
        abs.as_path()
    } else {
        abs.parent()?
    };
    dir.ancestors()
        .flat_map(|d| FILE_NAMES.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

fn severity(s: &str) -> Option<Severity> {
    match s {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

/// Load a config file (and what it extends). Errors name the file and line.
pub fn load(path: &Path) -> Result<Config, String> {
    load_depth(path, 0)
}

fn load_depth(path: &Path, depth: usize) -> Result<Config, String> {
    if depth > 8 {
        return Err(format!(
            "{}: `extends` nests more than 8 levels (a cycle?)",
            path.display()
        ));
    }
    let (text, docs) = yaml::load_file(path, crate::discover::open::CONFIG_LIMIT)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    from_docs(path, &text, &docs, &mut |parent| {
        load_depth(&dir.join(parent), depth + 1)
    })
}

/// A config from the text of the file at `path`, without reading anything: `extends:` is not
/// followed (the config starts from the defaults). For tests and the fuzzer.
pub fn parse_text(path: &Path, text: &str) -> Result<Config, String> {
    let docs = yaml::parse_named(path, text)?;
    from_docs(path, text, &docs, &mut |_| Ok(Config::default()))
}

/// The config of one parsed file; `extends` yields the config a parent path names.
fn from_docs(
    path: &Path,
    text: &str,
    docs: &[yaml::Node],
    extends: &mut dyn FnMut(&str) -> Result<Config, String>,
) -> Result<Config, String> {
    let Some(root) = docs.first() else {
        return Ok(Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        });
    };
    let at = |n: &yaml::Node| format!("{}:{}", path.display(), line_of(text, n.span.start));
    let mut cfg = match root.get("extends").and_then(|e| e.as_str()) {
        Some(parent) => extends(parent)?,
        None => Config::default(),
    };
    cfg.path = Some(path.to_path_buf());
    let rules = |n: &yaml::Node| -> Result<Vec<RuleId>, String> {
        let items: Vec<&yaml::Node> = match n.as_str() {
            Some(_) => vec![n],
            None => n.items().iter().collect(),
        };
        let mut out = Vec::new();
        for item in items {
            let name = item.as_str().unwrap_or("");
            let ids = select::matching(name).map_err(|e| format!("{}: {e}", at(item)))?;
            out.extend(ids);
        }
        Ok(out)
    };
    for (key, value) in root.entries() {
        let k = key.as_str().unwrap_or("");
        match k {
            // Read before the catalog is (`policy::install_for`).
            "extends" | "custom-rules" => {}
            "select" => cfg.select = Some(rules(value)?),
            "ignore" => cfg.ignore.extend(rules(value)?),
            "extend-select" => cfg.extend_select.extend(rules(value)?),
            "non-suppressible" => cfg.non_suppressible.extend(rules(value)?),
            "require-reason" => cfg.require_reason = value.as_str() == Some("true"),
            "fail-on" => {
                cfg.fail_on =
                    Some(value.as_str().and_then(severity).ok_or_else(|| {
                        format!("{}: `fail-on` is error, warning or info", at(value))
                    })?)
            }
            "severity" => {
                for (rule, sev) in value.entries() {
                    let sev_text = sev.as_str().unwrap_or("");
                    let s = severity(sev_text).ok_or_else(|| {
                        format!(
                            "{}: severity `{sev_text}` is not error, warning or info",
                            at(sev)
                        )
                    })?;
                    for id in rules(rule)? {
                        cfg.severity.push((id, s));
                    }
                }
            }
            "exclude" => cfg.exclude = Some(globs(value.items(), &at)?),
            "per-path" => {
                for (glob, body) in value.entries() {
                    let set = globs(std::slice::from_ref(glob), &at)?;
                    for (k2, _) in body.entries() {
                        let k2s = k2.as_str().unwrap_or("");
                        if !matches!(k2s, "ignore" | "select") {
                            return Err(format!(
                                "{}: unknown key `{k2s}` in per-path (ignore, select)",
                                at(k2)
                            ));
                        }
                    }
                    cfg.per_path.push(PerPath {
                        globs: set,
                        ignore: body
                            .get("ignore")
                            .map(&rules)
                            .transpose()?
                            .unwrap_or_default(),
                        select: body.get("select").map(&rules).transpose()?,
                    });
                }
            }
            other => {
                let hint = closest(other, KEYS.iter().copied())
                    .map_or(String::new(), |c| format!(" (did you mean `{c}`?)"));
                return Err(format!("{}: unknown key `{other}`{hint}", at(key)));
            }
        }
    }
    Ok(cfg)
}

fn globs(items: &[yaml::Node], at: &dyn Fn(&yaml::Node) -> String) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for item in items {
        let g = item.as_str().unwrap_or("");
        b.add(Glob::new(g).map_err(|e| format!("{}: bad glob `{g}`: {e}", at(item)))?);
        // `dir/` and `dir` also mean everything below.
        if let Ok(sub) = Glob::new(&format!("{}/**", g.trim_end_matches('/'))) {
            b.add(sub);
        }
    }
    b.build().map_err(|e| e.to_string())
}

impl Config {
    /// The rules to run: config `select` (or all), plus `extend-select`, minus `ignore`; command
    /// line selections replace the config's, command line ignores add to them.
    pub fn rule_set(
        &self,
        cli_select: &[String],
        cli_ignore: &[String],
    ) -> Result<RuleSet, select::SelectError> {
        let mut set = if !cli_select.is_empty() {
            select::resolve(cli_select, &[])?
        } else if let Some(sel) = &self.select {
            let mut s = RuleSet::empty();
            sel.iter().for_each(|id| s.insert(*id));
            s
        } else {
            RuleSet::all()
        };
        self.extend_select.iter().for_each(|id| set.insert(*id));
        if self.require_reason {
            set.insert(RuleId::EG009);
        }
        self.ignore.iter().for_each(|id| set.remove(*id));
        for s in cli_ignore {
            select::matching(s)?
                .into_iter()
                .for_each(|id| set.remove(id));
        }
        Ok(set)
    }

    /// Path relative to the config file's folder, for globs.
    fn relative(&self, path: &Path) -> PathBuf {
        let Some(dir) = self.path.as_ref().and_then(|p| p.parent()) else {
            return path.to_path_buf();
        };
        let abs = std::env::current_dir()
            .map(|c| c.join(path))
            .unwrap_or_else(|_| path.to_path_buf());
        let abs = std::fs::canonicalize(&abs).unwrap_or(abs);
        abs.strip_prefix(dir).map(Path::to_path_buf).unwrap_or(abs)
    }

    /// Whether a finding of `rule` on `path` is kept by `exclude` and `per-path`.
    pub fn keeps(&self, rule: RuleId, path: &Path) -> bool {
        let rel = self.relative(path);
        if self.exclude.as_ref().is_some_and(|g| g.is_match(&rel)) {
            return false;
        }
        self.per_path
            .iter()
            .filter(|p| p.globs.is_match(&rel))
            .all(|p| {
                !p.ignore.contains(&rule) && p.select.as_ref().is_none_or(|s| s.contains(&rule))
            })
    }

    pub fn severity_of(&self, rule: RuleId) -> Option<Severity> {
        self.severity
            .iter()
            .rev()
            .find(|(r, _)| *r == rule)
            .map(|(_, s)| *s)
    }
}
