//! Which rule files a run loads: `.egress/rules/*.yml` beside the nearest `.egress.yml` and in
//! the nearest folder at or above the linted path that has one, and what `custom-rules:` names in the config (and in the configs it
//! `extends`): files, globs and folders, relative to the config that names them.

use std::path::{Path, PathBuf};

use crate::parse::{yaml, Tree};
use crate::source::line_of;

/// Each rule file with the folder its globs are relative to, in a stable order, once each.
pub fn rule_files(start: &Path, config: Option<&Path>) -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let mut out: Vec<(PathBuf, PathBuf)> = Vec::new();
    let start_dir = if start.is_dir() {
        start.to_path_buf()
    } else {
        start.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let start_dir = canonical(if start_dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &start_dir
    });
    // The nearest folder at or above the start with `.egress/rules/`: pre-commit names files
    // deep in the tree, and the project's rules still apply to them.
    let mut folders: Vec<PathBuf> = start_dir
        .ancestors()
        .find(|d| d.join(".egress").join("rules").is_dir())
        .map(Path::to_path_buf)
        .into_iter()
        .collect();
    if let Some(c) = config {
        let dir = canonical(
            c.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
        );
        folders.push(dir);
        from_config(c, 0, &mut out)?;
    }
    folders.dedup();
    for dir in folders {
        let rules = dir.join(".egress").join("rules");
        if rules.is_dir() {
            for f in yaml_files_in(&rules) {
                out.push((f, dir.clone()));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|(p, _)| seen.insert(canonical(p)));
    Ok(out)
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn yaml_files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yml" | "yaml"))
        })
        .collect();
    files.sort();
    files
}

/// The `custom-rules:` of a config file and of those it extends (theirs first).
fn from_config(path: &Path, depth: usize, out: &mut Vec<(PathBuf, PathBuf)>) -> Result<(), String> {
    if depth > 8 {
        return Err(format!(
            "{}: `extends` nests more than 8 levels (a cycle?)",
            path.display()
        ));
    }
    let (text, docs) = yaml::load_file(path, 1 << 20)?;
    let Some(root) = docs.first() else {
        return Ok(());
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(parent) = root.get("extends").and_then(|e| e.as_str()) {
        from_config(&dir.join(parent), depth + 1, out)?;
    }
    let Some(list) = root.get("custom-rules") else {
        return Ok(());
    };
    let base = canonical(dir);
    let items: Vec<&yaml::Node> = match list.as_str() {
        Some(_) => vec![list],
        None => list.items().iter().collect(),
    };
    for item in items {
        let at = format!("{}:{}", path.display(), line_of(&text, item.span.start));
        let Some(entry) = item.as_str().map(str::trim).filter(|s| !s.is_empty()) else {
            return Err(format!(
                "{at}: `custom-rules` lists files, globs or folders of rule files"
            ));
        };
        let full = dir.join(entry);
        let found: Vec<PathBuf> = if full.is_dir() {
            yaml_files_in(&full)
        } else if entry.contains(['*', '?', '[', '{']) {
            glob_files(dir, entry)
                .map_err(|e| format!("{at}: `custom-rules`: bad glob `{entry}`: {e}"))?
        } else if full.is_file() {
            vec![full]
        } else {
            return Err(format!(
                "{at}: `custom-rules`: `{entry}` does not exist (relative to {})",
                dir.display()
            ));
        };
        if found.is_empty() {
            return Err(format!(
                "{at}: `custom-rules`: `{entry}` names no rule file"
            ));
        }
        out.extend(found.into_iter().map(|f| (f, base.clone())));
    }
    Ok(())
}

/// The files under `dir` a glob matches (relative to `dir`).
fn glob_files(dir: &Path, glob: &str) -> Result<Vec<PathBuf>, String> {
    let matcher = globset::Glob::new(glob.trim_start_matches("./"))
        .map_err(|e| e.to_string())?
        .compile_matcher();
    let mut out: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .max_depth(Some(8))
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| p.strip_prefix(dir).is_ok_and(|r| matcher.is_match(r)))
        .collect();
    out.sort();
    Ok(out)
}
