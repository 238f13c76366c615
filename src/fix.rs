//! Applying fixes. Edits touch only their spans, so formatting and comments survive. A fix is
//! taken whole or not at all: when one of its edits overlaps an edit already taken, the fix is
//! deferred to a later pass (the caller re-runs the check on the written files) rather than
//! merged. Identical edits (two findings asking for the same insertion) are made once.
//!
//! A fix may also create a file (a plain name in the folder of a file the run read, so never
//! outside the linted tree, and never over an existing file) or remove one the run read (only
//! while it still holds the text read, and only after the fix's other parts are written).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// Why a file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file on disk is no longer the text the check read, or it changed (content, size,
    /// modification time, inode, links) while the fixed text was being written.
    Changed,
    /// The owner has no write permission (checked on the mode bits, so also when running as
    /// root), or the file cannot be opened for writing.
    ReadOnly,
    /// Neither a regular file nor a symlink to one (for a removal: not a regular file).
    NotRegular,
    /// A file to create exists already.
    Exists,
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
            WriteError::Exists => "already exists",
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
            WriteError::Exists => f.write_str("it exists already"),
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
        Err(e) => return Err(open_error(e)),
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

/// An open that failed: refused (permissions, a read-only mount) or another I/O error.
fn open_error(e: std::io::Error) -> WriteError {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            WriteError::ReadOnly
        }
        _ => WriteError::Io(e),
    }
}

/// Create `path` holding `text`, only when no file (nor a symlink, dangling or not) has that
/// name; its folder must be a real folder. The caller built `path` from the folder of a file it
/// read and a plain file name (`Plan`), so it lies inside the linted tree.
pub fn create_file(path: &Path, text: &str) -> Result<(), WriteError> {
    let name_ok = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(is_plain_file_name);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !name_ok || !std::fs::symlink_metadata(dir)?.is_dir() {
        return Err(WriteError::NotRegular);
    }
    let mut open = std::fs::OpenOptions::new();
    // O_EXCL: fails on any existing name, a symlink included, and never follows one.
    open.write(true).create_new(true);
    let mut file = match open.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(WriteError::Exists),
        Err(e) => return Err(open_error(e)),
    };
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all());
    if let Err(e) = written {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(WriteError::Io(e));
    }
    sync_dir(dir);
    Ok(())
}

/// Remove the regular file `path` (not a symlink: the link and its target would part), only
/// while it holds `text` (the text the run read) and its owner may write it.
pub fn remove_file(path: &Path, text: &str) -> Result<(), WriteError> {
    let before = std::fs::symlink_metadata(path)?;
    if !before.is_file() {
        return Err(WriteError::NotRegular);
    }
    if read_only(&before) {
        return Err(WriteError::ReadOnly);
    }
    let disk = std::fs::read(path)?;
    let same = disk == text.as_bytes()
        || disk.starts_with(BOM)
            && text.starts_with("   ")
            && disk[BOM.len()..] == text.as_bytes()[3..];
    if !same {
        return Err(WriteError::Changed);
    }
    unchanged(path, &before, &disk)?;
    std::fs::remove_file(path)?;
    if let Some(dir) = path.parent() {
        sync_dir(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        });
    }
    Ok(())
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
    file_diff(Some(path), Some(path), old, new)
}

/// `unified_diff` between two names, either of which may be missing (`/dev/null`: a file
/// created or removed). A created or removed file is shown even when empty.
pub fn file_diff(old_path: Option<&str>, new_path: Option<&str>, old: &str, new: &str) -> String {
    const CONTEXT: usize = 3;
    let label = |prefix: &str, p: Option<&str>| {
        p.map_or("/dev/null".to_string(), |p| format!("{prefix}{p}"))
    };
    let header = format!(
        "--- {}\n+++ {}\n",
        label("a/", old_path),
        label("b/", new_path)
    );
    if old == new {
        return if old_path == new_path {
            String::new()
        } else {
            header
        };
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = line_ops(&a, &b);
    // Group changes whose contexts touch into hunks.
    let changed: Vec<usize> = (0..ops.len())
        .filter(|&i| !matches!(ops[i], Op::Same(..)))
        .collect();
    let mut out = header;
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
