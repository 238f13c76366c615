//! Running a rule's examples (`examples:` of its YAML, built-in or the project's) through the
//! real engine: a `bad` example fires its rule, and no other, on its file at its `line`; a
//! `good` one is silent; `fixed` is what the fixes make of the file, and the rule no longer
//! fires on it; `fixed_files` and `removed` are the files the fix writes and removes; the fix's
//! applicability is the one the rule promises. `egress test-rules` and the catalog's drift test
//! both run this, so a user's rules are held to what the built-ins are.

use std::path::Path;

use crate::diagnostic::{Applicability, FixKind};
use crate::engine::lint_memory;
use crate::parse::{yaml, Tree};
use crate::rules::{select, Finding, RuleMeta, RuleSet};

/// One example that does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub rule: &'static str,
    /// `bad` or `good`.
    pub kind: &'static str,
    /// 1-based, in its list.
    pub index: usize,
    pub file: String,
    pub expected: String,
    pub found: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} example {} ({}): expected: {}; found: {}",
            self.rule, self.kind, self.index, self.file, self.expected, self.found
        )
    }
}

struct Example {
    files: Vec<(String, String)>,
    target: String,
    line: Option<usize>,
    fixed: Option<String>,
    fixed_files: Vec<(String, String)>,
    removed: Vec<String>,
}

fn text_map(n: Option<&yaml::Node>) -> Vec<(String, String)> {
    n.map(|f| {
        f.entries()
            .iter()
            .filter_map(|(k, v)| {
                Some((
                    k.as_str()?.to_string(),
                    v.as_str().unwrap_or("").to_string(),
                ))
            })
            .collect()
    })
    .unwrap_or_default()
}

/// The examples of one kind, or why one cannot be run.
fn examples(doc: &yaml::Node, kind: &str) -> Vec<Result<Example, String>> {
    let Some(list) = doc.path(&["examples", kind]) else {
        return Vec::new();
    };
    list.items()
        .iter()
        .map(|ex| {
            let mut files = text_map(ex.get("files"));
            let target = ex.get("file").and_then(|f| f.as_str()).map(str::to_string);
            if let (Some(t), Some(code)) = (&target, ex.get("code")) {
                files.push((t.clone(), code.as_str().unwrap_or("").to_string()));
            }
            let target = target
                .or_else(|| files.first().map(|f| f.0.clone()))
                .ok_or("the example has no `file` (or `files`)")?;
            let line = match ex.get("line").and_then(|l| l.as_str()) {
                None => None,
                Some(l) => Some(
                    l.trim()
                        .parse()
                        .map_err(|_| format!("`line: {l}` is not a line number"))?,
                ),
            };
            Ok(Example {
                target,
                files,
                line,
                fixed: ex.get("fixed").and_then(|f| f.as_str()).map(str::to_string),
                fixed_files: text_map(ex.get("fixed_files")),
                removed: ex
                    .get("removed")
                    .map(|r| {
                        r.items()
                            .iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// What a run found, briefly: `EG101 at line 2, EG201 at line 4` (`nothing`).
fn describe(c: &crate::facts::Contract, found: &[&Finding]) -> String {
    if found.is_empty() {
        return "nothing".into();
    }
    found
        .iter()
        .map(|f| {
            let info = c.file(f.at.file);
            let (line, _) = info.line_col(f.at.span.start);
            format!("{} at {}:{line}", f.rule.code(), info.path.display())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every example of `meta` that does not hold (examples run with every rule selected, previews
/// too). `root`: where `examples_tested_in` paths are read from.
pub fn run(meta: &RuleMeta, root: &Path) -> Vec<Failure> {
    let all = select::resolve(&["ALL".to_string()], &[]).unwrap_or_else(|_| RuleSet::all());
    let doc = match yaml::parse(meta.source) {
        Ok(mut d) if !d.is_empty() => d.remove(0),
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    let fail =
        |kind: &'static str, index: usize, file: &str, expected: String, found: String| Failure {
            rule: meta.code,
            kind,
            index,
            file: file.to_string(),
            expected,
            found,
        };
    if let Some(test) = doc.get("examples_tested_in").and_then(|t| t.as_str()) {
        match std::fs::read_to_string(root.join(test)) {
            Ok(text) if !text.contains(meta.code) => out.push(fail(
                "bad",
                0,
                test,
                format!("{test} names {}", meta.code),
                "it does not".into(),
            )),
            _ => {}
        }
    }
    for (i, ex) in examples(&doc, "bad").into_iter().enumerate() {
        let index = i + 1;
        let ex = match ex {
            Ok(e) => e,
            Err(e) => {
                out.push(fail("bad", index, "?", "a runnable example".into(), e));
                continue;
            }
        };
        out.extend(
            bad(meta, &all, &ex)
                .into_iter()
                .map(|(expected, found)| fail("bad", index, &ex.target, expected, found)),
        );
    }
    for (i, ex) in examples(&doc, "good").into_iter().enumerate() {
        let index = i + 1;
        let ex = match ex {
            Ok(e) => e,
            Err(e) => {
                out.push(fail("good", index, "?", "a runnable example".into(), e));
                continue;
            }
        };
        let files: Vec<(&str, &str)> = ex
            .files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let (contract, found) = lint_memory(&files, &all);
        if !found.is_empty() {
            let found: Vec<&Finding> = found.iter().collect();
            out.push(fail(
                "good",
                index,
                &ex.target,
                "silent".into(),
                describe(&contract, &found),
            ));
        }
    }
    out
}

/// What a bad example gets wrong: (expected, found) pairs.
fn bad(meta: &RuleMeta, all: &RuleSet, ex: &Example) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let files: Vec<(&str, &str)> = ex
        .files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let (contract, found) = lint_memory(&files, all);
    let path_of = |f: &Finding| {
        contract
            .file(f.at.file)
            .path
            .to_string_lossy()
            .replace('\\', "/")
    };
    let everything: Vec<&Finding> = found.iter().collect();
    let mine: Vec<&Finding> = found
        .iter()
        .filter(|f| f.rule == meta.id && path_of(f) == ex.target)
        .collect();
    let expected = match ex.line {
        Some(l) => format!("fires at line {l}"),
        None => "fires".to_string(),
    };
    if mine.is_empty() {
        out.push((expected, describe(&contract, &everything)));
        return out;
    }
    if let Some(line) = ex.line {
        let lines: Vec<usize> = mine
            .iter()
            .map(|f| contract.file(f.at.file).line_col(f.at.span.start).0)
            .collect();
        if !lines.contains(&line) {
            out.push((expected, describe(&contract, &mine)));
        }
    }
    let others: Vec<&Finding> = found.iter().filter(|f| f.rule != meta.id).collect();
    if !others.is_empty() {
        out.push((
            format!("{} and no other rule", meta.code),
            describe(&contract, &others),
        ));
    }
    for f in found.iter().filter(|f| f.rule == meta.id) {
        let wrong = match (&f.fix, meta.fix) {
            (Some(_), FixKind::None) => Some("no fix (the rule promises none)"),
            (Some(x), FixKind::Safe) if x.applicability != Applicability::Safe => {
                Some("a safe fix")
            }
            (Some(x), FixKind::Unsafe) if x.applicability != Applicability::Unsafe => {
                Some("an unsafe fix")
            }
            (None, FixKind::Safe | FixKind::Unsafe) => Some("a fix (the rule promises one)"),
            _ => None,
        };
        if let Some(w) = wrong {
            let got = match &f.fix {
                Some(x) => format!("a {} fix", x.applicability.as_str()),
                None => "no fix".into(),
            };
            out.push((w.to_string(), got));
            break;
        }
    }
    if let Some(fixed) = &ex.fixed {
        let original = ex
            .files
            .iter()
            .find(|(p, _)| *p == ex.target)
            .map(|(_, t)| t.as_str())
            .unwrap_or("");
        let after = crate::fix::apply_all(original, found.iter().filter_map(|f| f.fix.as_ref()));
        if &after != fixed {
            out.push((
                "the fixes give `fixed:`".into(),
                format!("they give {:?}", crate::redact::text(&after)),
            ));
        } else {
            let again: Vec<(&str, &str)> = files
                .iter()
                .map(|(p, t)| {
                    if *p == ex.target {
                        (*p, fixed.as_str())
                    } else {
                        (*p, *t)
                    }
                })
                .collect();
            let (c2, f2) = lint_memory(&again, all);
            let still: Vec<&Finding> = f2.iter().filter(|f| f.rule == meta.id).collect();
            if !still.is_empty() {
                out.push(("silent after the fix".into(), describe(&c2, &still)));
            }
        }
    }
    if !ex.fixed_files.is_empty() || !ex.removed.is_empty() {
        out.extend(file_changes(meta, all, ex, &contract, &found));
    }
    out
}

/// The files a fix creates, changes and removes, and the rule silent after it.
fn file_changes(
    meta: &RuleMeta,
    all: &RuleSet,
    ex: &Example,
    contract: &crate::facts::Contract,
    found: &[Finding],
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let after = crate::fix::apply_in_memory(
        contract,
        found
            .iter()
            .filter(|f| f.rule == meta.id)
            .filter_map(|f| f.fix.as_ref()),
    );
    let path_of = |p: &Path| p.to_string_lossy().replace('\\', "/");
    let written: Vec<(String, String)> = after
        .iter()
        .filter(|(p, _)| ex.fixed.is_none() || path_of(p) != ex.target)
        .filter_map(|(p, t)| t.clone().map(|t| (path_of(p), t)))
        .collect();
    let removed: Vec<String> = after
        .iter()
        .filter(|(_, t)| t.is_none())
        .map(|(p, _)| path_of(p))
        .collect();
    let mut want = ex.fixed_files.clone();
    want.sort();
    let names = |v: &[(String, String)]| {
        v.iter()
            .map(|(p, _)| p.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if written != want {
        out.push((
            format!("the fix writes {}", names(&want)),
            format!("it writes {}", names(&written)),
        ));
    }
    if removed != ex.removed {
        out.push((
            format!("the fix removes {}", ex.removed.join(", ")),
            format!("it removes {}", removed.join(", ")),
        ));
    }
    let mut left: Vec<(String, String)> = ex
        .files
        .iter()
        .filter(|(p, _)| !removed.contains(p))
        .map(|(p, t)| {
            let t = after
                .iter()
                .find(|(q, _)| path_of(q) == *p)
                .and_then(|(_, t)| t.clone())
                .unwrap_or_else(|| t.clone());
            (p.clone(), t)
        })
        .collect();
    left.extend(
        written
            .into_iter()
            .filter(|(p, _)| !ex.files.iter().any(|(q, _)| q == p)),
    );
    let left: Vec<(&str, &str)> = left.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let (c2, again) = lint_memory(&left, all);
    let still: Vec<&Finding> = again.iter().filter(|f| f.rule == meta.id).collect();
    if !still.is_empty() {
        out.push((
            "silent after the fix creates and removes files".into(),
            describe(&c2, &still),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleId, CATALOG};

    fn with_source(code: &str, source: &'static str) -> RuleMeta {
        let mut m = CATALOG.iter().find(|m| m.code == code).unwrap().clone();
        m.source = source;
        m
    }

    #[test]
    fn built_in_examples_hold() {
        assert_eq!(run(RuleId::EG201.meta(), Path::new(".")), []);
    }

    #[test]
    fn a_wrong_line_and_a_noisy_good_example_fail() {
        let m = with_source(
            "EG201",
            "examples:\n  bad:\n    - file: a.rb\n      line: 3\n      code: |\n        x = ENV['DYNO']\n  good:\n    - file: b.rb\n      code: |\n        y = ENV['DYNO']\n    - code: x\n",
        );
        let f = run(&m, Path::new("."));
        assert_eq!(f.len(), 3, "{f:#?}");
        assert_eq!(
            (f[0].kind, f[0].index, f[0].file.as_str()),
            ("bad", 1, "a.rb")
        );
        assert_eq!(f[0].expected, "fires at line 3");
        assert_eq!(f[0].found, "EG201 at a.rb:1");
        assert_eq!(
            (f[1].kind, f[1].index, f[1].file.as_str()),
            ("good", 1, "b.rb")
        );
        assert_eq!(f[1].found, "EG201 at b.rb:1");
        assert!(f[2].found.contains("no `file`"), "{:?}", f[2]);
    }
}
