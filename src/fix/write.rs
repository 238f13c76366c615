//! Writing a planned fix to disk safely: only over the text the run read, atomically where it
//! can, keeping mode and owner; creating and removing files the same careful way.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{apply_edits, apply_plan, FilePlan};
use crate::rules::is_plain_file_name;
use crate::source::Span;

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
pub(super) fn write_fixed_with(
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
