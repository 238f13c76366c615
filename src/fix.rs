//! Applying fixes. Edits touch only their spans, so formatting and comments survive. A fix is
//! taken whole or not at all: when one of its edits overlaps an edit already taken, the fix is
//! deferred to a later pass (the caller re-runs the check on the written files) rather than
//! merged. Identical edits (two findings asking for the same insertion) are made once.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::Applicability;
use crate::extract::Contract;
use crate::rules::{Finding, Fix};
use crate::source::{FileId, Span};

/// Apply the edits of `fixes` to one file's text, skipping any that overlap an earlier one.
pub fn apply_all<'a>(text: &str, fixes: impl Iterator<Item = &'a Fix>) -> String {
    let edits: Vec<(Span, &str)> = fixes
        .flat_map(|f| f.edits.iter().map(|e| (e.span, e.replacement.as_str())))
        .collect();
    apply_edits(text, edits)
}

pub fn apply_edits(text: &str, mut edits: Vec<(Span, &str)>) -> String {
    edits.sort_by_key(|(s, _)| (s.start, s.end));
    edits.dedup();
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    for (span, replacement) in edits {
        let fits = span.start >= pos
            && span.start <= span.end
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end);
        if !fits {
            continue;
        }
        out.push_str(&text[pos..span.start]);
        out.push_str(replacement);
        pos = span.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// The edits chosen for one file in one pass.
#[derive(Debug, Clone, Default)]
pub struct FilePlan {
    pub file: FileId,
    /// Pairwise disjoint (an insertion never shares an offset with another edit).
    pub edits: Vec<(Span, String)>,
    /// Fixes that edit this file.
    pub fixes: usize,
    pub unsafe_fixes: usize,
}

/// What one pass would do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub files: Vec<FilePlan>,
    /// Findings whose fix is taken (including those whose edits another fix already made).
    pub applied: usize,
    /// Fixes left for a later pass because they overlap a fix taken before them.
    pub deferred: usize,
    /// Unsafe fixes not taken because unsafe fixes were not asked for.
    pub unsafe_skipped: usize,
    /// Fixes whose edits do not fit the file's text (no text kept, out of range, mid-character).
    pub invalid: usize,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Whether two edits of one file cannot both be made without guessing an order or merging.
fn conflicts(a: Span, b: Span) -> bool {
    if a.is_empty() || b.is_empty() {
        // An insertion at the edge of another edit: which text comes first is a guess.
        a.start <= b.end && b.start <= a.end
    } else {
        a.start < b.end && b.start < a.end
    }
}

/// Choose, in finding order, the fixes one pass can make.
pub fn plan(contract: &Contract, findings: &[Finding], unsafe_fixes: bool) -> Plan {
    let mut plan = Plan::default();
    let mut taken: BTreeMap<FileId, FilePlan> = BTreeMap::new();
    for fix in findings.iter().filter_map(|f| f.fix.as_ref()) {
        let is_unsafe = fix.applicability == Applicability::Unsafe;
        if is_unsafe && !unsafe_fixes {
            plan.unsafe_skipped += 1;
            continue;
        }
        let fits = !fix.edits.is_empty()
            && fix.edits.iter().all(|e| {
                contract.file(e.file).text().is_some_and(|t| {
                    e.span.start <= e.span.end
                        && t.is_char_boundary(e.span.start)
                        && t.is_char_boundary(e.span.end)
                })
            });
        if !fits {
            plan.invalid += 1;
            continue;
        }
        let mut new: Vec<(FileId, Span, &str)> = Vec::new();
        let mut clash = false;
        for e in &fix.edits {
            let done = taken.get(&e.file).map_or(&[][..], |p| &p.edits[..]);
            let same = |(s, r): &(Span, String)| *s == e.span && *r == e.replacement;
            if done.iter().any(same)
                || new
                    .iter()
                    .any(|(f, s, r)| *f == e.file && *s == e.span && *r == e.replacement)
            {
                continue;
            }
            let overlaps = done.iter().any(|(s, _)| conflicts(*s, e.span))
                || new
                    .iter()
                    .any(|(f, s, _)| *f == e.file && conflicts(*s, e.span));
            if overlaps {
                clash = true;
                break;
            }
            new.push((e.file, e.span, &e.replacement));
        }
        if clash {
            plan.deferred += 1;
            continue;
        }
        plan.applied += 1;
        let mut files: Vec<FileId> = fix.edits.iter().map(|e| e.file).collect();
        files.sort_unstable();
        files.dedup();
        for id in files {
            let p = taken.entry(id).or_insert_with(|| FilePlan {
                file: id,
                ..FilePlan::default()
            });
            p.fixes += 1;
            p.unsafe_fixes += usize::from(is_unsafe);
        }
        for (id, span, replacement) in new {
            if let Some(p) = taken.get_mut(&id) {
                p.edits.push((span, replacement.to_string()));
            }
        }
    }
    plan.files = taken
        .into_values()
        .filter(|p| !p.edits.is_empty())
        .collect();
    plan
}

/// One file's text after its planned edits.
pub fn apply_plan(text: &str, p: &FilePlan) -> String {
    apply_edits(
        text,
        p.edits.iter().map(|(s, r)| (*s, r.as_str())).collect(),
    )
}

/// Why a file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file on disk is no longer the text the check read.
    Changed,
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => f.write_str("it changed on disk since it was read"),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Write `p`'s edits of `text` (the file as this run read it) to `path`, atomically: only when
/// the file on disk still holds `text`, through a temporary file in the same folder renamed over
/// it. A UTF-8 byte order mark the reader turned into three spaces is kept.
pub fn write_fixed(path: &Path, text: &str, p: &FilePlan) -> Result<(), WriteError> {
    let disk = std::fs::read(path).map_err(WriteError::Io)?;
    let bytes = if disk == text.as_bytes() {
        apply_plan(text, p).into_bytes()
    } else if disk.starts_with(BOM)
        && text.starts_with("   ")
        && disk[BOM.len()..] == text.as_bytes()[3..]
    {
        // Edits are planned on the text with three spaces for the mark: make them on the text
        // after it, an insertion at the very start going after the mark.
        let mut shifted = Vec::with_capacity(p.edits.len());
        for (s, r) in &p.edits {
            if s.is_empty() && s.start <= 3 {
                shifted.push((Span::new(0, 0), r.as_str()));
            } else if s.start >= 3 {
                shifted.push((Span::new(s.start - 3, s.end - 3), r.as_str()));
            } else {
                return Err(WriteError::Changed);
            }
        }
        let mut out = BOM.to_vec();
        out.extend_from_slice(apply_edits(&text[3..], shifted).as_bytes());
        out
    } else {
        return Err(WriteError::Changed);
    };
    write_atomic(path, &bytes).map_err(WriteError::Io)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let perms = std::fs::metadata(path)?.permissions();
    let mut attempt = 0;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(
            ".{name}.egress-fix-{}-{attempt}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    };
    let written = file
        .write_all(bytes)
        .and_then(|_| file.sync_all())
        .and_then(|_| std::fs::set_permissions(&tmp, perms))
        .and_then(|_| {
            drop(file);
            std::fs::rename(&tmp, path)
        });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// A unified diff of two texts (`--- a/path`, `+++ b/path`, hunks with three lines of context);
/// empty when they are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    const CONTEXT: usize = 3;
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = line_ops(&a, &b);
    // Group changes whose contexts touch into hunks.
    let changed: Vec<usize> = (0..ops.len())
        .filter(|&i| !matches!(ops[i], Op::Same(..)))
        .collect();
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    let mut i = 0;
    while i < changed.len() {
        let first = changed[i];
        let mut last = first;
        while i + 1 < changed.len() && changed[i + 1] - last <= 2 * CONTEXT + 1 {
            i += 1;
            last = changed[i];
        }
        i += 1;
        let lo = first.saturating_sub(CONTEXT);
        let hi = (last + CONTEXT + 1).min(ops.len());
        let (mut a_start, mut b_start) = (None, None);
        let (mut a_len, mut b_len) = (0, 0);
        let mut body = String::new();
        for op in &ops[lo..hi] {
            let (mark, line) = match *op {
                Op::Same(x, y) => {
                    a_start.get_or_insert(x);
                    b_start.get_or_insert(y);
                    a_len += 1;
                    b_len += 1;
                    (' ', a[x])
                }
                Op::Del(x, y) => {
                    a_start.get_or_insert(x);
                    b_start.get_or_insert(y);
                    a_len += 1;
                    ('-', a[x])
                }
                Op::Add(x, y) => {
                    a_start.get_or_insert(x);
                    b_start.get_or_insert(y);
                    b_len += 1;
                    ('+', b[y])
                }
            };
            body.push(mark);
            body.push_str(line);
            if !line.ends_with('\n') {
                body.push_str("\n\\ No newline at end of file\n");
            }
        }
        // An empty range starts at the line before it (GNU diff convention).
        let start =
            |s: Option<usize>, len: usize| s.map_or(0, |s| if len == 0 { s } else { s + 1 });
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            start(a_start, a_len),
            a_len,
            start(b_start, b_len),
            b_len
        ));
        out.push_str(&body);
    }
    out
}

/// A line of the diff: its index in the old text and the new one.
#[derive(Debug, Clone, Copy)]
enum Op {
    Same(usize, usize),
    Del(usize, usize),
    Add(usize, usize),
}

/// Common prefix and suffix, and a longest common subsequence of the lines between (fixes change
/// a few lines, so that middle is small; past a size limit it is shown as replaced whole).
fn line_ops(a: &[&str], b: &[&str]) -> Vec<Op> {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut ops: Vec<Op> = (0..pre).map(|i| Op::Same(i, i)).collect();
    if ma.len().saturating_mul(mb.len()) <= 4_000_000 {
        // lcs[i][j]: length of an LCS of ma[i..] and mb[j..].
        let w = mb.len() + 1;
        let mut lcs = vec![0u32; (ma.len() + 1) * w];
        for i in (0..ma.len()).rev() {
            for j in (0..mb.len()).rev() {
                lcs[i * w + j] = if ma[i] == mb[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < ma.len() || j < mb.len() {
            if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
                ops.push(Op::Same(pre + i, pre + j));
                i += 1;
                j += 1;
            } else if i < ma.len() && (j == mb.len() || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])
            {
                ops.push(Op::Del(pre + i, pre + j));
                i += 1;
            } else {
                ops.push(Op::Add(pre + i, pre + j));
                j += 1;
            }
        }
    } else {
        ops.extend((0..ma.len()).map(|i| Op::Del(pre + i, pre)));
        ops.extend((0..mb.len()).map(|j| Op::Add(pre + ma.len(), pre + j)));
    }
    let (ea, eb) = (a.len() - suf, b.len() - suf);
    ops.extend((0..suf).map(|k| Op::Same(ea + k, eb + k)));
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_edits_are_skipped_not_merged() {
        let out = apply_edits(
            "abcdef",
            vec![
                (Span::new(1, 3), "X"),
                (Span::new(2, 4), "Y"),
                (Span::new(5, 5), "!"),
            ],
        );
        assert_eq!(out, "aXde!f");
    }

    #[test]
    fn conflicts_cover_insertions_at_an_edge() {
        assert!(conflicts(Span::new(2, 2), Span::new(2, 2)));
        assert!(conflicts(Span::new(2, 2), Span::new(0, 2)));
        assert!(conflicts(Span::new(1, 3), Span::new(2, 4)));
        assert!(!conflicts(Span::new(1, 2), Span::new(2, 4)));
        assert!(!conflicts(Span::new(5, 5), Span::new(0, 2)));
    }

    #[test]
    fn diff_of_one_changed_line_has_context() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assert_eq!(
            unified_diff("f", old, new),
            "--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn diff_of_an_insertion_at_the_top_and_a_missing_newline() {
        assert_eq!(
            unified_diff("f", "a\nb", "x\na\nb"),
            "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n+x\n a\n b\n\\ No newline at end of file\n"
        );
        assert_eq!(
            unified_diff("f", "a\n", "a\nb\n"),
            "--- a/f\n+++ b/f\n@@ -1,1 +1,2 @@\n a\n+b\n"
        );
        assert_eq!(unified_diff("f", "same\n", "same\n"), "");
    }

    #[test]
    fn far_apart_changes_make_two_hunks() {
        let old: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let new = old
            .replace("2\n", "two\n")
            .replacen("19\n", "nineteen\n", 1);
        let d = unified_diff("f", &old, &new);
        assert_eq!(d.matches("@@ -").count(), 2, "{d}");
        assert!(d.contains("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n"), "{d}");
    }
}
