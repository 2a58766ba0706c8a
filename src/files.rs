//! Every read of a learner's or a pack's file, and every write that must survive a crash, goes
//! through here.
//!
//! Reading: only regular files (a FIFO, a device or a folder is refused before a byte is read,
//! and the file is opened non-blocking so a FIFO swapped in after the check cannot hang us), and
//! never more than a stated number of bytes, whatever the file claims its size is.
//!
//! Writing: [`write_atomic`] writes a temporary file beside the target, syncs it, renames it over
//! the target and syncs the folder, so after a crash or power cut the target holds either the
//! old bytes or the new ones, never a mix or nothing.

use std::fs;
use std::io::{Read as _, Write as _};
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The path is not a plain relative path inside the pack.
    Escapes(String),
    /// No such file.
    NotFound,
    /// Not a regular file: a folder, a FIFO, a device or a socket (named).
    NotRegular(&'static str),
    /// Larger than the limit.
    TooLarge {
        /// Its size in bytes (at least this many: the read stopped one byte past the limit).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// Any other I/O failure.
    Io(String),
}

impl ReadError {
    /// A sentence for a person.
    pub fn describe(&self) -> String {
        match self {
            Self::Escapes(why) => why.clone(),
            Self::NotFound => "file not found".to_owned(),
            Self::NotRegular(kind) => format!("it is {kind}, not a regular file"),
            Self::TooLarge { size, limit } => {
                format!(
                    "file is {} but the limit is {}",
                    size_against(*size, *limit),
                    human_size(*limit)
                )
            }
            Self::Io(err) => format!("cannot read: {err}"),
        }
    }
}

/// `12.3 MiB`, `512 B`.
pub fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        #[allow(clippy::cast_precision_loss)] // Display only.
        let mib = bytes as f64 / MIB as f64;
        format!("{mib:.1} MiB")
    } else if bytes >= 1024 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} B")
    }
}

/// `size` written so that it reads differently from `limit`: in bytes when the rounded sizes
/// would look the same ("32.0 MiB but the limit is 32.0 MiB").
fn size_against(size: u64, limit: u64) -> String {
    let (shown, limit_shown) = (human_size(size), human_size(limit));
    if shown == limit_shown {
        format!("over {limit} bytes")
    } else {
        shown
    }
}

/// What kind of non-regular file `meta` describes, in words.
fn kind_of(meta: &fs::Metadata) -> Option<&'static str> {
    let ty = meta.file_type();
    if ty.is_file() {
        return None;
    }
    if ty.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if ty.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if ty.is_char_device() || ty.is_block_device() {
            return Some("a device");
        }
        if ty.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a file")
}

/// Opens `path` for reading without blocking on a FIFO (the open of a FIFO with no writer
/// blocks forever otherwise).
fn open_nonblocking(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

fn io_error(err: &std::io::Error) -> ReadError {
    match err.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(err.to_string()),
    }
}

/// Reads the regular file at `path` (symlinks followed), at most `limit` bytes: anything else is
/// refused before it is read, and a file longer than `limit` is an error however its size is
/// reported (devices report 0).
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // One byte past the limit, so a file that grows while we read is still caught.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(&e))?;
    let read = bytes.len() as u64;
    if read > limit {
        return Err(ReadError::TooLarge { size: read, limit });
    }
    Ok(bytes)
}

/// Opens the regular file at `path` (symlinks followed) for reading, refusing anything else
/// before it is opened and checking again what was opened; returns it with its metadata.
pub fn open_regular(path: &Path) -> Result<(fs::File, fs::Metadata), ReadError> {
    let meta = fs::metadata(path).map_err(|e| io_error(&e))?;
    if let Some(kind) = kind_of(&meta) {
        return Err(ReadError::NotRegular(kind));
    }
    let file = open_nonblocking(path).map_err(|e| io_error(&e))?;
    // The path may have been swapped between the check and the open: check what was opened.
    let meta = file.metadata().map_err(|e| io_error(&e))?;
    if let Some(kind) = kind_of(&meta) {
        return Err(ReadError::NotRegular(kind));
    }
    Ok((file, meta))
}

/// [`read_bounded`], as UTF-8 text (a leading byte-order mark is dropped); `Err(None)` inside
/// the `Ok` means the bytes are not UTF-8, with the offset of the first bad byte.
pub fn read_text_bounded(path: &Path, limit: u64) -> Result<Result<String, usize>, ReadError> {
    let bytes = read_bounded(path, limit)?;
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    Ok(String::from_utf8(bytes).map_err(|e| e.utf8_error().valid_up_to()))
}

/// Flushes a folder's entries (a rename or a new file in it) to disk. Where folders cannot be
/// opened (Windows), this does nothing: renames there are durable on their own.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Writes `bytes` to `path` so that a crash leaves the old file or the new one: a temporary file
/// in the same folder, synced, renamed over `path`, then the folder synced. The temporary file is
/// removed on failure.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => Path::new(".").to_owned(),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other(format!("{} names no file", path.display())))?;
    let mut temporary_name = std::ffi::OsString::from(".");
    temporary_name.push(name);
    temporary_name.push(format!(".{}.tmp", std::process::id()));
    let temporary = dir.join(temporary_name);
    let result = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temporary, path)?;
        sync_dir(&dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// Opens (creating) a lock file for reading and writing without blocking on a FIFO or following
/// a symlink, and refuses anything but a regular file (a FIFO, a folder or a device put in its
/// place would otherwise hang or fail obscurely).
pub fn open_lock_file(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if let Some(kind) = kind_of(&meta) {
        return Err(std::io::Error::other(format!(
            "{kind} is in the lock file's place; move it away and try again"
        )));
    }
    Ok(file)
}

/// Text from a file made safe to print on a terminal: control characters (escape sequences,
/// carriage returns, bells, NUL) are shown as `\u{1b}`-style escapes; newlines and tabs are
/// kept only where `multiline` is set.
pub fn terminal_safe(text: &str, multiline: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let keep = !c.is_control() || (multiline && (c == '\n' || c == '\t'));
        // Bidirectional overrides reorder what follows them on screen.
        let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if keep && !bidi {
            out.push(c);
        } else {
            out.extend(c.escape_unicode());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(2048), "2 KiB");
        assert_eq!(human_size(50 * 1024 * 1024), "50.0 MiB");
        let limit = 32 * 1024 * 1024;
        let err = ReadError::TooLarge {
            size: limit + 1,
            limit,
        };
        assert_eq!(
            err.describe(),
            "file is over 33554432 bytes but the limit is 32.0 MiB"
        );
    }

    #[test]
    fn reads_regular_files_within_the_limit_only() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("a.txt");
        fs::write(&file, b"12345").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read_bounded(&file, 5), Ok(b"12345".to_vec()));
        assert!(matches!(
            read_bounded(&file, 4),
            Err(ReadError::TooLarge { size: 5, limit: 4 })
        ));
        assert_eq!(
            read_bounded(dir.path(), 5),
            Err(ReadError::NotRegular("a folder"))
        );
        assert_eq!(
            read_bounded(&dir.path().join("missing"), 5),
            Err(ReadError::NotFound)
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_without_blocking() {
        assert_eq!(
            read_bounded(Path::new("/dev/zero"), 5),
            Err(ReadError::NotRegular("a device"))
        );
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert_eq!(
                read_bounded(&fifo, 5),
                Err(ReadError::NotRegular("a named pipe (FIFO)"))
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_as_a_lock_file_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let fifo = dir.path().join("x.lock");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()));
        let err = open_lock_file(&fifo).err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("named pipe")));
        assert!(open_lock_file(&dir.path().join("ok.lock")).is_ok());
    }

    #[test]
    fn text_drops_a_byte_order_mark() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("a.ron");
        fs::write(&file, b"\xEF\xBB\xBF(a)").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read_text_bounded(&file, 100), Ok(Ok("(a)".to_owned())));
        fs::write(&file, b"ab\xFF").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read_text_bounded(&file, 100), Ok(Err(2)));
    }

    #[test]
    fn atomic_writes_replace_and_leave_no_temporary() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("settings.ron");
        write_atomic(&file, b"one").unwrap_or_else(|e| panic!("{e}"));
        write_atomic(&file, b"two").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read(&file).unwrap_or_default(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn terminal_text_has_no_escape_sequences() {
        let title = "\u{1b}[2J\u{1b}[32mverified\u{7}\r";
        let safe = terminal_safe(title, false);
        assert!(!safe.chars().any(char::is_control), "{safe}");
        assert!(safe.contains("verified"));
        assert_eq!(terminal_safe("a\nb\tc", true), "a\nb\tc");
        assert_eq!(terminal_safe("a\nb", false), "a\\u{a}b");
        assert!(!terminal_safe("x\u{202E}y", true).contains('\u{202E}'));
    }
}
