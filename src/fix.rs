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
    /// The file on disk is no longer the text the check read, or it changed (content, size,
    /// modification time, inode, links) while the fixed text was being written.
    Changed,
    /// The owner has no write permission (checked on the mode bits, so also when running as
    /// root), or the file cannot be opened for writing.
    ReadOnly,
    /// Neither a regular file nor a symlink to one.
    NotRegular,
    /// The fixed file could not be given the original owner and group.
    Owner(std::io::Error),
    Io(std::io::Error),
}

impl WriteError {
    /// A few words for the summary line's count of files skipped for this reason.
    pub fn reason(&self) -> &'static str {
        match self {
            WriteError::Changed => "changed on disk",
            WriteError::ReadOnly => "read-only",
            WriteError::NotRegular => "not a regular file",
            WriteError::Owner(_) => "owner cannot be kept",
            WriteError::Io(_) => "I/O error",
        }
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => f.write_str("it changed on disk since it was read"),
            WriteError::ReadOnly => f.write_str("it is read-only"),
            WriteError::NotRegular => {
                f.write_str("it is not a regular file (nor a symlink to one)")
            }
            WriteError::Owner(e) => write!(f, "cannot keep its owner and group: {e}"),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Which file a path names, to tell two names of one file apart from two files (a symlink and
/// its target, two hard links): the device and inode on Unix, the canonical path elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileKey(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

/// The file `path` names (through symlinks), None when it cannot be read.
pub fn file_key(path: &Path) -> Option<FileKey> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some(FileKey((m.dev(), m.ino())))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(FileKey)
    }
}

/// Write `p`'s edits of `text` (the file as this run read it) to `path`, only when the file on
/// disk still holds `text` and does not change while the fixed text is written. A UTF-8 byte
/// order mark the reader turned into three spaces is kept.
///
/// A symlink is written through: its target (a regular file) gets the fix, the link stays. The
/// file's mode, owner and group are kept. A file with no write permission for its owner is left
/// alone ([`WriteError::ReadOnly`]), even when root could write it.
///
/// The write is atomic (a temporary file beside the target, synced, renamed over it) unless the
/// file has more than one hard link; see [`write_in_place`]. Just before the rename (or the
/// in-place write) the file is read and looked up again: any change to its content, size,
/// modification or status-change time, inode or link count since it was first read here skips
/// it as [`WriteError::Changed`]. What is left is the time between that last look and the
/// rename, which no rename-based write can close.
pub fn write_fixed(path: &Path, text: &str, p: &FilePlan) -> Result<(), WriteError> {
    write_fixed_with(path, text, p, &mut || {})
}

/// `write_fixed`, calling `before_commit` after the fixed text is written (to the temporary
/// file) and before the last look at the file: tests change the file there.
fn write_fixed_with(
    path: &Path,
    text: &str,
    p: &FilePlan,
    before_commit: &mut dyn FnMut(),
) -> Result<(), WriteError> {
    let target = resolve(path)?;
    // Looked up before it is read: a write after this changes the size or times, a write after
    // the read changes the content too.
    let before = std::fs::symlink_metadata(&target)?;
    if !before.is_file() {
        return Err(WriteError::NotRegular);
    }
    if read_only(&before) {
        return Err(WriteError::ReadOnly);
    }
    // Opening for writing asks the OS whether this user may write (any mode bits, ACLs, a
    // read-only mount); it writes nothing. The in-place write uses the handle.
    let handle = match std::fs::OpenOptions::new().write(true).open(&target) {
        Ok(f) => f,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            return Err(WriteError::ReadOnly)
        }
        Err(e) => return Err(WriteError::Io(e)),
    };
    let disk = std::fs::read(&target)?;
    let bytes = fixed_bytes(&disk, text, p)?;
    if link_count(&before) > 1 {
        write_in_place(handle, &target, &before, &disk, &bytes, before_commit)
    } else {
        drop(handle);
        write_atomic(&target, &before, &disk, &bytes, before_commit)
    }
}

/// The regular file `path` names: itself, or a symlink's final target (so the link survives
/// and the temporary file goes in the target's folder).
fn resolve(path: &Path) -> Result<PathBuf, WriteError> {
    let meta = std::fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        let target = std::fs::canonicalize(path)?;
        if !std::fs::symlink_metadata(&target)?.is_file() {
            return Err(WriteError::NotRegular);
        }
        Ok(target)
    } else if meta.is_file() {
        Ok(path.to_path_buf())
    } else {
        Err(WriteError::NotRegular)
    }
}

/// No write bit for the owner. On the mode bits, not access(2): root may write anything, and a
/// file someone made read-only is still not to be rewritten.
fn read_only(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o200 == 0
    }
    #[cfg(not(unix))]
    {
        meta.permissions().readonly()
    }
}

fn link_count(meta: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        1
    }
}

/// The fixed bytes of `disk`, when it still is `text` (or `text` with its byte order mark).
fn fixed_bytes(disk: &[u8], text: &str, p: &FilePlan) -> Result<Vec<u8>, WriteError> {
    if disk == text.as_bytes() {
        Ok(apply_plan(text, p).into_bytes())
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
        Ok(out)
    } else {
        Err(WriteError::Changed)
    }
}

/// Whether two looks at a file see the same file, unchanged: size and modification time, and on
/// Unix device, inode, link count and status-change time (a chmod, chown or new link).
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    let common = a.len() == b.len() && a.modified().ok() == b.modified().ok();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        common
            && (a.dev(), a.ino(), a.nlink(), a.ctime(), a.ctime_nsec())
                == (b.dev(), b.ino(), b.nlink(), b.ctime(), b.ctime_nsec())
    }
    #[cfg(not(unix))]
    {
        common
    }
}

/// The last look before the file is replaced: the same content as `disk`, then (the cheapest
/// check, so the last) the same metadata as `before`.
fn unchanged(target: &Path, before: &std::fs::Metadata, disk: &[u8]) -> Result<(), WriteError> {
    if std::fs::read(target)? != disk {
        return Err(WriteError::Changed);
    }
    if !same_file(before, &std::fs::symlink_metadata(target)?) {
        return Err(WriteError::Changed);
    }
    Ok(())
}

/// Replace `target` by a temporary file in its folder holding `bytes`, with `target`'s mode,
/// owner and group: write, sync, look at `target` once more, rename.
fn write_atomic(
    target: &Path,
    before: &std::fs::Metadata,
    disk: &[u8],
    bytes: &[u8],
    before_commit: &mut dyn FnMut(),
) -> Result<(), WriteError> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let mut attempt = 0;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(
            ".{name}.egress-fix-{}-{attempt}.tmp",
            std::process::id()
        ));
        let mut open = std::fs::OpenOptions::new();
        open.write(true).create_new(true);
        #[cfg(unix)]
        {
            // Nobody else reads the text before it has the file's own mode.
            use std::os::unix::fs::OpenOptionsExt;
            open.mode(0o600);
        }
        match open.open(&tmp) {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => return Err(WriteError::Io(e)),
        }
    };
    let written = (|| {
        file.write_all(bytes)?;
        keep_owner(&file, before)?;
        // After the chown, which clears set-user-ID and set-group-ID bits.
        file.set_permissions(permission_bits(before))?;
        file.sync_all()?;
        drop(file);
        before_commit();
        unchanged(target, before, disk)?;
        std::fs::rename(&tmp, target)?;
        Ok(())
    })();
    match written {
        Ok(()) => {
            sync_dir(&dir);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// A file with more than one hard link is rewritten in place, not renamed over: a rename gives
/// this name a new inode and leaves the other names with the old text. In place, every name sees
/// the fix and the mode, owner and group stay as they are, at the price of atomicity: a reader
/// can see a half-written file, and a crash can leave one. Refusing would leave such files (a
/// common way to share one config between apps) unfixable.
fn write_in_place(
    mut file: std::fs::File,
    target: &Path,
    before: &std::fs::Metadata,
    disk: &[u8],
    bytes: &[u8],
    before_commit: &mut dyn FnMut(),
) -> Result<(), WriteError> {
    use std::io::{Seek, SeekFrom};
    before_commit();
    unchanged(target, before, disk)?;
    // The handle must still be the file the path names.
    if !same_file(before, &file.metadata()?) {
        return Err(WriteError::Changed);
    }
    // Write over the old text, then cut what is left: readers never see an empty file.
    file.seek(SeekFrom::Start(0))?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.sync_all()?;
    Ok(())
}

/// The permission bits of `meta` (set-ID and sticky bits included), nothing else.
fn permission_bits(meta: &std::fs::Metadata) -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(meta.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        meta.permissions()
    }
}

/// Give the temporary file the original's owner and group. Only when they differ: a user who
/// owns the file gets the temporary file as theirs and needs no chown, which they may not be
/// allowed; when they differ and the chown fails, the file is not replaced.
fn keep_owner(file: &std::fs::File, before: &std::fs::Metadata) -> Result<(), WriteError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let now = file.metadata()?;
        if (now.uid(), now.gid()) != (before.uid(), before.gid()) {
            std::os::unix::fs::fchown(file, Some(before.uid()), Some(before.gid()))
                .map_err(WriteError::Owner)?;
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, before);
    }
    Ok(())
}

/// Make the rename durable (best effort: not every file system can sync a folder).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
    }
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
