//! Applying fixes. Edits touch only their spans, so formatting and comments survive. A fix is
//! taken whole or not at all: when one of its edits overlaps an edit already taken, the fix is
//! deferred to a later pass (the caller re-runs the check on the written files) rather than
//! merged. Identical edits (two findings asking for the same insertion) are made once.
//!
//! A fix may also create a file (a plain name in the folder of a file the run read, so never
//! outside the linted tree, and never over an existing file) or remove one the run read (only
//! while it still holds the text read, and only after the fix's other parts are written).

mod diff;
mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use diff::{file_diff, unified_diff};
#[cfg(test)]
use write::write_fixed_with;
pub use write::{create_file, file_key, remove_file, write_fixed, FileKey, WriteError};

use crate::diagnostic::Applicability;
use crate::extract::Contract;
use crate::rules::{is_plain_file_name, FileChange, Finding, Fix};
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

/// A file one pass creates or removes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Create `path` (which no file of the run has) holding `text`.
    Create { path: PathBuf, text: String },
    /// Remove file `file` of the run.
    Remove { file: FileId },
}

/// A change chosen for one pass.
#[derive(Debug, Clone)]
pub struct ChangePlan {
    pub change: Change,
    /// Findings this change fixes (a fix that also edits counts where it edits).
    pub fixes: usize,
    pub unsafe_fixes: usize,
    /// For a removal: the paths the same fix writes or creates, which must be written first.
    pub requires: Vec<PathBuf>,
}

/// What one pass would do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub files: Vec<FilePlan>,
    /// Files created or removed, creations first.
    pub changes: Vec<ChangePlan>,
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
        self.files.is_empty() && self.changes.is_empty()
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
        let fits = !(fix.edits.is_empty() && fix.changes.is_empty())
            && fix.edits.iter().all(|e| {
                contract.file(e.file).text().is_some_and(|t| {
                    e.span.start <= e.span.end
                        && t.is_char_boundary(e.span.start)
                        && t.is_char_boundary(e.span.end)
                })
            });
        let Some(changes) = fits.then(|| changes_of(contract, fix)).flatten() else {
            plan.invalid += 1;
            continue;
        };
        // A file removed is edited by nobody, and a path created by one text only.
        let removed = |id: FileId| {
            plan.changes
                .iter()
                .any(|c| c.change == Change::Remove { file: id })
        };
        let clashes = fix.edits.iter().any(|e| removed(e.file))
            || changes.iter().any(|c| match c {
                Change::Remove { file } => {
                    taken.contains_key(file) || fix.edits.iter().any(|e| e.file == *file)
                }
                Change::Create { path, text } => plan.changes.iter().any(|p| {
                    matches!(&p.change, Change::Create { path: q, text: t } if q == path && t != text)
                }),
            });
        if clashes {
            plan.deferred += 1;
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
        let requires: Vec<PathBuf> = fix
            .edits
            .iter()
            .map(|e| contract.file(e.file).path.clone())
            .chain(changes.iter().filter_map(|c| match c {
                Change::Create { path, .. } => Some(path.clone()),
                Change::Remove { .. } => None,
            }))
            .collect();
        for (n, change) in changes.into_iter().enumerate() {
            // The finding counts once: where the fix edits, else at its first change.
            let counts = usize::from(fix.edits.is_empty() && n == 0);
            let requires = match change {
                Change::Remove { .. } => requires.clone(),
                Change::Create { .. } => Vec::new(),
            };
            match plan.changes.iter_mut().find(|p| p.change == change) {
                Some(p) => {
                    p.fixes += counts;
                    p.unsafe_fixes += counts * usize::from(is_unsafe);
                    p.requires.extend(requires);
                }
                None => plan.changes.push(ChangePlan {
                    change,
                    fixes: counts,
                    unsafe_fixes: counts * usize::from(is_unsafe),
                    requires,
                }),
            }
        }
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
    plan.changes
        .sort_by_key(|c| matches!(c.change, Change::Remove { .. }));
    plan
}

/// A fix's file changes with their paths, None when one cannot be made: a name that is not a
/// plain file name, a path a file of the run already has, a file whose text was not kept.
fn changes_of(contract: &Contract, fix: &Fix) -> Option<Vec<Change>> {
    fix.changes
        .iter()
        .map(|c| match c {
            FileChange::Create { beside, name, text } => {
                if !is_plain_file_name(name) {
                    return None;
                }
                let path = contract.file(*beside).dir().join(name);
                if contract.files.iter().any(|f| f.path == path) {
                    return None;
                }
                Some(Change::Create {
                    path,
                    text: text.clone(),
                })
            }
            FileChange::Remove { file } => {
                contract.file(*file).text()?;
                Some(Change::Remove { file: *file })
            }
        })
        .collect()
}

/// The files the fixes would leave, by path: the new text of every file they edit or create,
/// None for a file they remove. Every fix is applied, overlapping edits skipped as in
/// `apply_edits` (for examples and tests, which have no disk to write).
pub fn apply_in_memory<'a>(
    contract: &Contract,
    fixes: impl Iterator<Item = &'a Fix>,
) -> BTreeMap<PathBuf, Option<String>> {
    let mut edits: BTreeMap<FileId, Vec<(Span, &str)>> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for fix in fixes {
        for e in &fix.edits {
            edits
                .entry(e.file)
                .or_default()
                .push((e.span, e.replacement.as_str()));
        }
        for c in changes_of(contract, fix).unwrap_or_default() {
            match c {
                Change::Create { path, text } => {
                    out.insert(path, Some(text));
                }
                Change::Remove { file } => {
                    out.insert(contract.file(file).path.clone(), None);
                }
            }
        }
    }
    for (id, e) in edits {
        let f = contract.file(id);
        if let (Some(text), false) = (f.text(), out.contains_key(&f.path)) {
            out.insert(f.path.clone(), Some(apply_edits(text, e)));
        }
    }
    out
}

/// One file's text after its planned edits.
pub fn apply_plan(text: &str, p: &FilePlan) -> String {
    apply_edits(
        text,
        p.edits.iter().map(|(s, r)| (*s, r.as_str())).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::path::Path;

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

    /// A plan replacing `old` (which must occur once in `text`) with `new`.
    fn replacing(text: &str, old: &str, new: &str) -> FilePlan {
        let start = text.find(old).unwrap();
        FilePlan {
            edits: vec![(Span::new(start, start + old.len()), new.into())],
            fixes: 1,
            ..FilePlan::default()
        }
    }

    const TEXT: &str = "A=1\nB=2\n";

    /// Names in `dir`: a temporary file left behind would show here.
    fn names(dir: &Path) -> Vec<String> {
        let mut out: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn write_fixed_writes_the_edits() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f");
        std::fs::write(&path, TEXT).unwrap();
        write_fixed(&path, TEXT, &replacing(TEXT, "2", "3")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "A=1\nB=3\n");
        assert_eq!(names(tmp.path()), ["f"]);
    }

    #[test]
    fn a_file_that_is_not_the_text_read_is_not_written() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f");
        std::fs::write(&path, "A=1\nB=2\nC=3\n").unwrap();
        let e = write_fixed(&path, TEXT, &replacing(TEXT, "2", "3")).unwrap_err();
        assert!(matches!(e, WriteError::Changed), "{e:?}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "A=1\nB=2\nC=3\n");
    }

    /// Changes made after the file was read and the fixed text written to the temporary file,
    /// just before the rename: each one is kept, the fix is not made, nothing is left behind.
    #[test]
    fn a_change_just_before_the_rename_skips_the_file() {
        type Change = fn(&Path);
        let changes: [(&str, Change); 4] = [
            ("append", |p| {
                let mut f = std::fs::OpenOptions::new().append(true).open(p).unwrap();
                f.write_all(b"C=3\n").unwrap();
            }),
            ("same length", |p| std::fs::write(p, "A=1\nB=9\n").unwrap()),
            ("same text, older mtime", |p| {
                let f = std::fs::OpenOptions::new().write(true).open(p).unwrap();
                let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
                f.set_modified(old).unwrap();
            }),
            ("same text, another inode", |p| {
                let other = p.with_file_name("other");
                std::fs::write(&other, TEXT).unwrap();
                std::fs::rename(&other, p).unwrap();
            }),
        ];
        for (what, change) in changes {
            let tmp = tempfile::tempdir().unwrap();
            let path = tmp.path().join("f");
            std::fs::write(&path, TEXT).unwrap();
            let before = std::fs::read(&path).unwrap();
            let e = write_fixed_with(&path, TEXT, &replacing(TEXT, "2", "3"), &mut || {
                change(&path)
            })
            .unwrap_err();
            assert!(matches!(e, WriteError::Changed), "{what}: {e:?}");
            let after = std::fs::read_to_string(&path).unwrap();
            assert!(!after.contains("B=3"), "{what}: fixed anyway: {after:?}");
            if what == "append" {
                assert_eq!(after, "A=1\nB=2\nC=3\n", "{what}: the edit was lost");
            }
            if what.starts_with("same text") {
                assert_eq!(after.as_bytes(), before, "{what}");
            }
            assert_eq!(names(tmp.path()), ["f"], "{what}: a temporary file is left");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_linked_file_is_fixed_in_place_and_checked_first() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        std::fs::write(&a, TEXT).unwrap();
        std::fs::hard_link(&a, &b).unwrap();
        let ino = std::fs::metadata(&a).unwrap().ino();
        write_fixed(&a, TEXT, &replacing(TEXT, "2", "3")).unwrap();
        for p in [&a, &b] {
            assert_eq!(std::fs::read_to_string(p).unwrap(), "A=1\nB=3\n");
            assert_eq!(std::fs::metadata(p).unwrap().ino(), ino);
        }
        // Shorter text: the rest of the old one is cut.
        let fixed = "A=1\nB=3\n";
        write_fixed(&b, fixed, &replacing(fixed, "B=3\n", "")).unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "A=1\n");
        // Changed before the in-place write: not written, the change kept.
        let e = write_fixed_with(&a, "A=1\n", &replacing("A=1\n", "1", "2"), &mut || {
            let mut f = std::fs::OpenOptions::new().append(true).open(&b).unwrap();
            f.write_all(b"C=3\n").unwrap();
        })
        .unwrap_err();
        assert!(matches!(e, WriteError::Changed), "{e:?}");
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "A=1\nC=3\n");
        assert_eq!(names(tmp.path()), ["a", "b"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_written_through_and_kept() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("real")).unwrap();
        let target = tmp.path().join("real/f");
        let link = tmp.path().join("link");
        std::fs::write(&target, TEXT).unwrap();
        std::os::unix::fs::symlink("real/f", &link).unwrap();
        write_fixed(&link, TEXT, &replacing(TEXT, "2", "3")).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("real/f"));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "A=1\nB=3\n");
        // The temporary file went in the target's folder and is gone.
        assert_eq!(names(tmp.path()), ["link", "real"]);
        assert_eq!(names(&tmp.path().join("real")), ["f"]);

        // A link to a folder, and a dangling one, are not written.
        let to_dir = tmp.path().join("to-dir");
        std::os::unix::fs::symlink("real", &to_dir).unwrap();
        let e = write_fixed(&to_dir, TEXT, &replacing(TEXT, "2", "3")).unwrap_err();
        assert!(matches!(e, WriteError::NotRegular), "{e:?}");
        let dangling = tmp.path().join("dangling");
        std::os::unix::fs::symlink("nowhere", &dangling).unwrap();
        let e = write_fixed(&dangling, TEXT, &replacing(TEXT, "2", "3")).unwrap_err();
        assert!(matches!(e, WriteError::Io(_)), "{e:?}");
        assert!(std::fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink());
    }

    #[cfg(unix)]
    #[test]
    fn read_only_files_are_not_written_even_by_root() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f");
        std::fs::write(&path, TEXT).unwrap();
        for mode in [0o444, 0o464, 0o400] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            let e = write_fixed(&path, TEXT, &replacing(TEXT, "2", "3")).unwrap_err();
            assert!(matches!(e, WriteError::ReadOnly), "{mode:o}: {e:?}");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), TEXT);
            let now = std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
            assert_eq!(now, mode);
        }
    }

    #[cfg(unix)]
    #[test]
    fn mode_owner_and_group_are_kept() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f");
        std::fs::write(&path, TEXT).unwrap();
        let me = std::fs::metadata(&path).unwrap();
        // As root, a file of another user (the case a rename as root got wrong).
        let (uid, gid) = if me.uid() == 0 {
            (1000, 1000)
        } else {
            (me.uid(), me.gid())
        };
        std::os::unix::fs::chown(&path, Some(uid), Some(gid)).unwrap();
        // Set after the chown, which clears set-ID bits.
        let mode = if me.uid() == 0 { 0o6751 } else { 0o751 };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        write_fixed(&path, TEXT, &replacing(TEXT, "2", "3")).unwrap();
        let after = std::fs::metadata(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "A=1\nB=3\n");
        assert_ne!(after.ino(), me.ino(), "not written by rename");
        assert_eq!((after.uid(), after.gid()), (uid, gid));
        assert_eq!(after.permissions().mode() & 0o7777, mode);
    }

    #[test]
    fn created_files_never_replace_anything_and_stay_in_their_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let new = tmp.path().join(".python-version");
        create_file(&new, "3.12.4\n").unwrap();
        assert_eq!(std::fs::read_to_string(&new).unwrap(), "3.12.4\n");
        // An existing file, or a symlink (dangling or not), is never written through.
        let e = create_file(&new, "3.13\n").unwrap_err();
        assert!(matches!(e, WriteError::Exists), "{e:?}");
        assert_eq!(std::fs::read_to_string(&new).unwrap(), "3.12.4\n");
        #[cfg(unix)]
        {
            let link = tmp.path().join("link");
            std::os::unix::fs::symlink(tmp.path().join("elsewhere"), &link).unwrap();
            assert!(matches!(
                create_file(&link, "x").unwrap_err(),
                WriteError::Exists
            ));
            assert!(!tmp.path().join("elsewhere").exists());
        }
        // Names that are not one plain file name, and folders that are not folders.
        for bad in ["..", "."] {
            assert!(create_file(&tmp.path().join(bad), "x").is_err(), "{bad}");
        }
        let e = create_file(&new.join("inside-a-file"), "x").unwrap_err();
        assert!(
            matches!(e, WriteError::NotRegular | WriteError::Io(_)),
            "{e:?}"
        );
        assert_eq!(names(tmp.path()).len(), if cfg!(unix) { 2 } else { 1 });
    }

    #[test]
    fn removed_files_must_still_hold_the_text_read() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("runtime.txt");
        std::fs::write(&path, "python-3.12.4\n").unwrap();
        let e = remove_file(&path, "python-3.11.0\n").unwrap_err();
        assert!(matches!(e, WriteError::Changed), "{e:?}");
        assert!(path.exists());
        #[cfg(unix)]
        {
            let link = tmp.path().join("link.txt");
            std::os::unix::fs::symlink(&path, &link).unwrap();
            let e = remove_file(&link, "python-3.12.4\n").unwrap_err();
            assert!(matches!(e, WriteError::NotRegular), "{e:?}");
            std::fs::remove_file(&link).unwrap();
        }
        remove_file(&path, "python-3.12.4\n").unwrap();
        assert!(names(tmp.path()).is_empty());
    }

    #[test]
    fn plans_of_file_changes() {
        use crate::rules::RuleId;
        use crate::source::Loc;
        let files = [
            ("app/runtime.txt", "python-3.12.4\n"),
            ("app/.env", "A=1\n"),
        ];
        let set = crate::rules::RuleSet::empty();
        let (contract, _) = crate::engine::lint_memory(&files, &set);
        let id = |p: &str| {
            contract
                .files
                .iter()
                .position(|f| f.path == Path::new(p))
                .unwrap() as FileId
        };
        let (rt, env) = (id("app/runtime.txt"), id("app/.env"));
        let finding = |fix: Fix| {
            Finding::new(
                RuleId::EG504,
                Loc {
                    file: rt,
                    span: Span::new(0, 1),
                },
                "x",
            )
            .fix(fix)
        };
        let unsafe_fix = || Fix::new(Applicability::Unsafe, "t", Vec::new());
        let findings = vec![
            finding(
                unsafe_fix()
                    .create(rt, ".python-version", "3.12.4\n")
                    .remove(rt),
            ),
            // The same again: made once.
            finding(unsafe_fix().create(rt, ".python-version", "3.12.4\n")),
            // Another text for the same new file: deferred.
            finding(unsafe_fix().create(rt, ".python-version", "3.13\n")),
            // An edit of a file another fix removes: deferred.
            finding(Fix::replace(
                Applicability::Unsafe,
                "t",
                Loc {
                    file: rt,
                    span: Span::new(0, 6),
                },
                "py",
            )),
            // Over a file of the run, or outside the folder: never.
            finding(unsafe_fix().create(env, ".env", "B=2\n")),
            finding(Fix {
                changes: vec![FileChange::Create {
                    beside: env,
                    name: "../x".into(),
                    text: String::new(),
                }],
                ..unsafe_fix()
            }),
        ];
        let p = plan(&contract, &findings, true);
        assert_eq!((p.applied, p.deferred, p.invalid), (2, 2, 2));
        assert_eq!(
            p.changes.iter().map(|c| &c.change).collect::<Vec<_>>(),
            [
                &Change::Create {
                    path: PathBuf::from("app/.python-version"),
                    text: "3.12.4\n".into()
                },
                &Change::Remove { file: rt },
            ]
        );
        assert_eq!(
            p.changes[1].requires,
            [PathBuf::from("app/.python-version")]
        );
        let after = apply_in_memory(
            &contract,
            findings[..1].iter().filter_map(|f| f.fix.as_ref()),
        );
        assert_eq!(
            after.into_iter().collect::<Vec<_>>(),
            [
                (
                    PathBuf::from("app/.python-version"),
                    Some("3.12.4\n".into())
                ),
                (PathBuf::from("app/runtime.txt"), None),
            ]
        );
        // Unsafe changes wait for --unsafe-fixes.
        assert!(plan(&contract, &findings[..1], false).is_empty());
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
