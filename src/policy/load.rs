//! Reading a rule file: its shape first (unknown keys name the closest one), then each value
//! (ids, severities, regular expressions, templates), every error with the file and line.

use std::path::{Path, PathBuf};

use super::reader::Reader;
use super::{template, FixTemplate, Matcher, NodeTest, Policy};
use crate::diagnostic::{Applicability, FixKind, Severity};
use crate::parse::{yaml, Tree};
use crate::source::line_of;

/// A rule file, read and checked.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub base: PathBuf,
    pub meta: Meta,
    pub policy: Policy,
}

/// A rule file's catalog entry (`rules::RuleMeta` without its place in the catalog).
#[derive(Debug, Clone)]
pub struct Meta {
    pub code: &'static str,
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub tags: &'static [&'static str],
    pub category: &'static str,
    pub severity: Severity,
    pub status: &'static str,
    pub fix: FixKind,
    pub summary: &'static str,
    pub why: &'static str,
    pub how_to_fix: &'static str,
    /// The file's path as found.
    pub file: &'static str,
    pub source: &'static str,
}

/// At most this much of a rule file is read (a pack of rules is a few kilobytes).
const LIMIT: u64 = 1 << 20;

pub fn load_file(path: &Path, base: PathBuf) -> Result<Loaded, String> {
    // Named as the user sees it: relative to the current folder when it is below it.
    let path = path.strip_prefix(&*super::CWD).unwrap_or(path);
    let (text, docs) = yaml::load_file(path, LIMIT)?;
    load_docs(path, &text, &docs, base, false)
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

fn leak_list(v: Vec<String>) -> &'static [&'static str] {
    Box::leak(
        v.iter()
            .map(|s| leak(s))
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    )
}

/// A rule file from its text. `builtin`: one of egress's own (`rules/*.yml`), whose metadata the
/// build checked and whose ids are `EG`.
pub fn load_text(path: &Path, text: &str, base: PathBuf, builtin: bool) -> Result<Loaded, String> {
    load_docs(path, text, &yaml::parse_named(path, text)?, base, builtin)
}

fn load_docs(
    path: &Path,
    text: &str,
    docs: &[yaml::Node],
    base: PathBuf,
    builtin: bool,
) -> Result<Loaded, String> {
    let r = Reader { path, text };
    let Some(root) = docs.first() else {
        return Err(format!("{}: the file is empty: a rule file is a mapping with `id`, `name`, `severity`, `summary` and `match`", path.display()));
    };
    if docs.len() > 1 {
        return Err(r.err(
            &docs[1],
            "one rule per file: a second YAML document starts here",
        ));
    }
    let errors = crate::shape::validate(0, text, root, &super::rule_shape::RULE, "a rule file");
    if !errors.is_empty() {
        let all: Vec<String> = errors
            .iter()
            .map(|e| {
                format!(
                    "{}:{}: {}: {}",
                    path.display(),
                    line_of(text, e.at.span.start),
                    e.key,
                    e.message
                )
            })
            .collect();
        return Err(all.join("\n"));
    }
    let s = |k: &str| {
        root.get(k)
            .and_then(|v| v.as_value_str())
            .map(|v| v.trim().to_string())
    };
    let node = |k: &str| root.get(k).unwrap_or(root);
    let id = s("id").unwrap_or_default();
    let name = s("name").unwrap_or_default();
    if !builtin {
        let letters = id.chars().take_while(|c| c.is_ascii_uppercase()).count();
        let digits = &id[letters..];
        if !(2..=8).contains(&letters)
            || digits.is_empty()
            || !digits.chars().all(|c| c.is_ascii_digit())
        {
            return Err(r.err(
                node("id"),
                format!("id `{id}` must be 2 to 8 capital letters, then digits (ACME001)"),
            ));
        }
        if id.starts_with("EG") {
            return Err(r.err(node("id"), format!("id `{id}`: ids starting with EG are egress's own; use your team's prefix (ACME001)")));
        }
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            || name.starts_with('-')
        {
            return Err(r.err(
                node("name"),
                format!("name `{name}` must be kebab-case (legacy-bucket-name)"),
            ));
        }
    }
    let severity = match s("severity").as_deref() {
        Some("error") => Severity::Error,
        Some("warning") => Severity::Warning,
        Some("info") => Severity::Info,
        other => {
            return Err(r.err(
                node("severity"),
                format!(
                    "severity `{}` is not error, warning or info",
                    other.unwrap_or("")
                ),
            ))
        }
    };
    let status = s("status").unwrap_or_else(|| "stable".into());
    if !matches!(status.as_str(), "stable" | "preview" | "deprecated") {
        return Err(r.err(
            node("status"),
            format!("status `{status}` is not stable, preview or deprecated"),
        ));
    }
    for t in root.get("tags").map(|t| t.items()).unwrap_or_default() {
        if t.as_value_str() != Some("security") {
            return Err(r.err(
                t,
                format!(
                    "unknown tag `{}` (known: security)",
                    t.as_value_str().unwrap_or("")
                ),
            ));
        }
    }
    let summary = s("summary").unwrap_or_default();
    let Some(m) = root.get("match") else {
        return Err(r.err(root, "the rule has no `match`: say what it matches (`regex`, `path-query` or a fact such as `env-read`)"));
    };
    let (matcher, vars) = super::matcher::read(&r, m)?;
    let templates = |k: &str| -> Result<Option<String>, String> {
        let Some(v) = root.get(k).and_then(|v| v.as_value_str()) else {
            return Ok(None);
        };
        check_vars(&r, node(k), k, v, &vars)?;
        Ok(Some(v.trim_end().to_string()))
    };
    let message = templates("message")?.unwrap_or_else(|| summary.clone());
    let label = templates("label")?;
    let help = templates("help")?;
    let (fix_kind, fix) = match root.get("fix") {
        None => (FixKind::None, None),
        Some(f) if f.as_value_str().is_some() => {
            let k = match f.as_value_str().map(str::trim) {
                Some("none") => FixKind::None,
                Some("safe") => FixKind::Safe,
                Some("unsafe") => FixKind::Unsafe,
                Some("sometimes") => FixKind::Sometimes,
                other => return Err(r.err(f, format!("fix `{}` is not none, safe, unsafe or sometimes, or a mapping with `replace`", other.unwrap_or("")))),
            };
            if k != FixKind::None {
                return Err(r.err(f, "a rule file's fix is a mapping: `fix: {replace: \"...\", applicability: safe}`"));
            }
            (k, None)
        }
        Some(f) => {
            if matches!(matcher, Matcher::Fact(_))
                || matches!(&matcher, Matcher::Structured(s) if matches!(s.test, NodeTest::Absent))
            {
                return Err(r.err(
                    f,
                    "`fix` needs a text or structured matcher that finds a value to replace",
                ));
            }
            let replace = f
                .get("replace")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            check_vars(&r, f, "fix.replace", &replace, &vars)?;
            let applicability = match f
                .get("applicability")
                .and_then(|v| v.as_value_str())
                .map(str::trim)
            {
                None | Some("unsafe") => Applicability::Unsafe,
                Some("safe") => Applicability::Safe,
                Some(other) => {
                    return Err(r.err(
                        f,
                        format!("fix.applicability `{other}` is not safe or unsafe"),
                    ))
                }
            };
            let description = f
                .get("description")
                .and_then(|v| v.as_value_str())
                .map(str::to_string)
                .unwrap_or_else(|| "replace it".into());
            let kind = match applicability {
                Applicability::Safe => FixKind::Safe,
                Applicability::Unsafe => FixKind::Unsafe,
            };
            (
                kind,
                Some(FixTemplate {
                    replace,
                    applicability,
                    description,
                }),
            )
        }
    };
    let m_flag = |k: &str| m.get(k).and_then(|v| v.as_value_str()) == Some("true");
    let policy = Policy {
        code: id.clone(),
        base: base.clone(),
        message,
        label,
        help,
        include_tests: m_flag("include-tests"),
        unless_target: m
            .get("unless-target")
            .map(|n| {
                r.texts(n)
                    .into_iter()
                    .map(|(_, t)| t.trim().to_ascii_lowercase())
                    .collect()
            })
            .unwrap_or_default(),
        paths: m.get("paths").map(|n| r.globs(n, "paths")).transpose()?,
        not_paths: m
            .get("not-paths")
            .map(|n| r.globs(n, "not-paths"))
            .transpose()?,
        matcher,
        fix,
    };
    let strings = |k: &str| -> Vec<String> {
        root.get(k)
            .map(|n| {
                n.items()
                    .iter()
                    .filter_map(|i| i.as_value_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let meta = Meta {
        code: leak(&id),
        name: leak(&name),
        aliases: leak_list(strings("aliases")),
        tags: leak_list(strings("tags")),
        category: leak(&s("category").unwrap_or_else(|| "custom".into())),
        severity,
        status: leak(&status),
        fix: fix_kind,
        summary: leak(&summary),
        why: leak(s("why").as_deref().unwrap_or("")),
        how_to_fix: leak(s("how_to_fix").as_deref().unwrap_or("")),
        file: leak(&path.to_string_lossy()),
        source: leak(text),
    };
    Ok(Loaded {
        path: path.to_path_buf(),
        base,
        meta,
        policy,
    })
}

fn check_vars(
    r: &Reader,
    n: &yaml::Node,
    key: &str,
    t: &str,
    vars: &[String],
) -> Result<(), String> {
    for v in template::placeholders(t).map_err(|e| r.err(n, format!("`{key}` {e}")))? {
        if !vars.iter().any(|k| k == v) {
            return Err(r.err(
                n,
                format!(
                    "`{key}` names `{{{v}}}`, which this matcher does not give (it gives {})",
                    vars.iter()
                        .map(|v| format!("{{{v}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// Ids, names and aliases are unique among the loaded files (`rules` checks them against the
/// built-ins).
pub fn check_unique(loaded: &[Loaded]) -> Result<(), String> {
    let mut seen: Vec<(&str, &Path)> = Vec::new();
    for l in loaded {
        for (key, value) in std::iter::once(("id", l.meta.code))
            .chain(std::iter::once(("name", l.meta.name)))
            .chain(l.meta.aliases.iter().map(|a| ("aliases", *a)))
        {
            if let Some((_, owner)) = seen.iter().find(|(v, _)| *v == value) {
                return Err(format!(
                    "{}:{}: {key} `{value}` is already used by {}",
                    l.path.display(),
                    key_line(l.meta.source, key),
                    owner.display()
                ));
            }
            seen.push((value, &l.path));
        }
    }
    Ok(())
}

/// The line of a top-level key of a rule file (1 when it has none).
pub fn key_line(source: &str, key: &str) -> usize {
    let offset = yaml::parse(source).ok().and_then(|d| {
        d.first()
            .and_then(|r| r.entry(key).map(|(k, _)| k.span.start))
    });
    line_of(source, offset.unwrap_or(0))
}
