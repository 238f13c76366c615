//! Opening files without blocking or running out of memory. A path from the repository
//! (`extends:` in `.egress.yml`) or from the command line can name a FIFO, which would block
//! `open` forever, or `/dev/zero`, which never ends: only regular files are read, and never
//! more than a limit.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug)]
pub enum OpenError {
    NotRegular,
    TooLarge(u64),
    Io(io::Error),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::NotRegular => f.write_str("not a regular file"),
            OpenError::TooLarge(limit) => write!(f, "larger than {limit} bytes"),
            OpenError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Open a regular file for reading. Non-blocking, so a FIFO swapped in after any check cannot
/// hang the open; the handle's own metadata then decides.
pub fn open_regular(path: &Path) -> Result<File, OpenError> {
    let file = open_nonblocking(path).map_err(OpenError::Io)?;
    let meta = file.metadata().map_err(OpenError::Io)?;
    if !meta.is_file() {
        return Err(OpenError::NotRegular);
    }
    Ok(file)
}

/// Open for reading without blocking on a FIFO (reading one without a writer then ends at once).
pub fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    opts.open(path)
}

/// Read at most `limit` bytes of `reader`; more is an error, never a partial read.
pub fn read_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, OpenError> {
    let mut bytes = Vec::with_capacity(16 * 1024);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(OpenError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(OpenError::TooLarge(limit));
    }
    Ok(bytes)
}

/// A whole regular file as UTF-8 text, up to `limit` bytes. Errors say what is wrong; callers
/// name the file.
pub fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let file = open_regular(path).map_err(|e| e.to_string())?;
    let bytes = read_limited(file, limit).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Limits of the files egress reads for itself rather than lints.
pub const CONFIG_LIMIT: u64 = 1 << 20;
pub const MANIFEST_LIMIT: u64 = 4 << 20;
pub const BASELINE_LIMIT: u64 = 64 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn fifos_and_devices_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(matches!(open_regular(&fifo), Err(OpenError::NotRegular)));
        }
        assert!(matches!(
            open_regular(Path::new("/dev/zero")),
            Err(OpenError::NotRegular)
        ));
        assert!(read_text(Path::new("/dev/zero"), 10).is_err());
    }

    #[test]
    fn reads_stop_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("f");
        std::fs::write(&f, "0123456789").unwrap();
        assert_eq!(read_text(&f, 10).unwrap(), "0123456789");
        assert_eq!(read_text(&f, 9).unwrap_err(), "larger than 9 bytes");
        assert!(read_limited(io::repeat(0), 1000).is_err());
        assert_eq!(read_limited(&b"ab"[..], u64::MAX).unwrap(), b"ab");
    }
}
