//! The sync folder on disk: listing the device files in it, reading one from where the last
//! sync stopped, and appending to this device's own.
//!
//! Every read is bounded (files looked at, bytes read per file per sync, line length) and
//! nothing but a regular file is opened, so a FIFO, a huge file or a folder full of junk cannot
//! hang or exhaust a sync.

use std::fs;
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use super::record::{self, Line, Record};
use crate::progress::devices::FileMark;

/// Every file of ours in the folder starts so (conflict copies keep the start of the name).
pub const PREFIX: &str = "kubestudy-";
/// Most folder entries looked at.
pub const MAX_ENTRIES: usize = 20_000;
/// Most sync files read.
pub const MAX_FILES: usize = 500;
/// Most bytes read from one file in one sync (the rest is read by the next).
pub const MAX_READ: u64 = 64 * 1024 * 1024;

/// This device's file in the folder.
pub fn own_name(device: &str) -> String {
    format!("{PREFIX}{device}.jsonl")
}

/// A file of ours in the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Its name.
    pub name: String,
    /// Its path.
    pub path: PathBuf,
    /// Its size.
    pub len: u64,
    /// When it last changed (ns since the epoch; 0 when unknown).
    pub modified: u128,
}

/// The files of ours in `folder`, by name, and a sentence for anything left out.
pub fn list(folder: &Path) -> Result<(Vec<Listed>, Vec<String>), String> {
    let entries = fs::read_dir(folder).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!(
            "the sync folder {} does not exist (is its drive plugged in?)",
            folder.display()
        ),
        _ => format!("the sync folder {} cannot be read: {e}", folder.display()),
    })?;
    let mut files = Vec::new();
    let mut notes = Vec::new();
    for (n, entry) in entries.enumerate() {
        if n >= MAX_ENTRIES {
            notes.push(format!(
                "{}: only the first {MAX_ENTRIES} entries were looked at",
                folder.display()
            ));
            break;
        }
        let Ok(entry) = entry else { continue };
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if !name.starts_with(PREFIX) || name.ends_with(".tmp") || name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Follows a symlink, as the sync tool would.
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        if !meta.is_file() {
            notes.push(format!(
                "{}: not a regular file, left alone",
                path.display()
            ));
            continue;
        }
        if files.len() >= MAX_FILES {
            notes.push(format!(
                "{}: more than {MAX_FILES} sync files; the rest were left for later",
                folder.display()
            ));
            break;
        }
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        files.push(Listed {
            name,
            path,
            len: meta.len(),
            modified,
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((files, notes))
}

/// What one file gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileRead {
    /// The device that wrote it, and its name; `None` when the file's head is not whole yet.
    pub device: Option<(String, String)>,
    /// How far it is read now.
    pub mark: Option<FileMark>,
    /// Its records after the head, in file order.
    pub records: Vec<Record>,
    /// Lines skipped as damaged or cut short.
    pub damaged: usize,
    /// Whole lines of a kind this build does not know.
    pub unknown: usize,
    /// A sentence for the learner when the file was left out (a newer format, not ours).
    pub skipped: Option<String>,
    /// Bytes read.
    pub bytes: u64,
}

/// Reads `file` from where `previous` stopped (from its start when the file is new, shorter
/// than what was read, or starts otherwise).
pub fn read(file: &Listed, previous: Option<&FileMark>, budget: u64) -> FileRead {
    let mut out = FileRead::default();
    let (mut handle, meta) = match crate::files::open_regular(&file.path) {
        Ok(opened) => opened,
        Err(e) => {
            out.skipped = Some(format!("{}: {}", file.path.display(), e.describe()));
            return out;
        }
    };
    let len = meta.len();
    let mut first = Vec::new();
    let head_limit = u64::try_from(record::MAX_LINE).unwrap_or(u64::MAX);
    if let Err(e) = (&mut handle).take(head_limit).read_to_end(&mut first) {
        out.skipped = Some(format!("{}: cannot read: {e}", file.path.display()));
        return out;
    }
    let Some(end) = memchr::memchr(b'\n', &first) else {
        if first.len() >= record::MAX_LINE {
            out.skipped = Some(format!(
                "{}: not a kubestudy sync file",
                file.path.display()
            ));
        }
        // Otherwise its head is still arriving.
        return out;
    };
    let head_line = first.get(..end).unwrap_or_default();
    match record::unframe(head_line) {
        Line::Record(Record::Head { v, device, name }) => {
            if v > record::FORMAT {
                out.skipped = Some(format!(
                    "{}: written by a newer kubestudy (sync format {v}; this one reads {}); \
                     update kubestudy on this device to merge it",
                    file.path.display(),
                    record::FORMAT
                ));
                return out;
            }
            out.device = Some((device, name));
        }
        Line::Damaged => {
            out.skipped = Some(format!(
                "{}: its first line is damaged; not read (is it a kubestudy sync file?)",
                file.path.display()
            ));
            return out;
        }
        Line::Record(_) | Line::Unknown => {
            out.skipped = Some(format!(
                "{}: not a kubestudy sync file",
                file.path.display()
            ));
            return out;
        }
    }
    let head = String::from_utf8_lossy(head_line.get(..8).unwrap_or_default()).into_owned();
    let body_start = end as u64 + 1;
    let start = previous
        .filter(|p| p.head == head && p.consumed >= body_start && p.consumed <= len)
        .map_or(body_start, |p| p.consumed);
    let mut bytes = Vec::new();
    let read = handle.seek(SeekFrom::Start(start)).and_then(|_| {
        (&mut handle)
            .take(MAX_READ.min(budget))
            .read_to_end(&mut bytes)
    });
    out.bytes = bytes.len() as u64;
    if let Err(e) = read {
        out.skipped = Some(format!("{}: cannot read: {e}", file.path.display()));
        return out;
    }
    let mut consumed = start;
    let mut clean = true;
    let mut at = 0_usize;
    while let Some(rest) = bytes.get(at..) {
        let Some(nl) = memchr::memchr(b'\n', rest) else {
            break; // Cut short: read again once whole.
        };
        let line = rest.get(..nl).unwrap_or_default();
        at += nl + 1;
        let parsed = if line.len() > record::MAX_LINE {
            Line::Damaged
        } else {
            record::unframe(line)
        };
        match parsed {
            Line::Record(Record::Head { .. }) => {}
            Line::Record(r) => out.records.push(r),
            Line::Unknown => out.unknown += 1,
            Line::Damaged => {
                // Left unread; read again from here, in case it is whole next time.
                out.damaged += usize::from(!line.is_empty());
                clean = false;
            }
        }
        if clean {
            consumed = start + at as u64;
        }
    }
    out.mark = Some(FileMark { head, consumed });
    out
}

/// Reads each of `files` from where `marks` say the last sync stopped, several at a time (one
/// a core, up to four), `budget` bytes at most in all (files past it wait for the next sync).
pub fn read_all<'f>(
    files: &'f [Listed],
    marks: &std::collections::HashMap<String, FileMark>,
    budget: u64,
) -> Vec<(&'f Listed, FileRead)> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 4);
    let mut left = budget;
    let mut out = Vec::with_capacity(files.len());
    for group in files.chunks(threads) {
        if left == 0 {
            break;
        }
        let share = left / group.len() as u64;
        let reads: Vec<FileRead> = std::thread::scope(|scope| {
            let handles: Vec<_> = group
                .iter()
                .map(|file| scope.spawn(move || read(file, marks.get(&file.name), share)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        for (file, r) in group.iter().zip(reads) {
            left = left.saturating_sub(r.bytes);
            out.push((file, r));
        }
    }
    out
}

/// Appends `lines` (framed records) to this device's file in `folder`, writing its head first
/// when the file is new, and syncs it to disk. A write that fails is cut back off, so the file
/// never keeps half a record of ours.
pub fn append(folder: &Path, device: &str, name: &str, lines: &str) -> Result<(), String> {
    let path = folder.join(own_name(device));
    let shown = path.display();
    if let Ok(meta) = fs::symlink_metadata(&path)
        && !meta.is_file()
    {
        return Err(format!("{shown}: not a regular file; move it away"));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let mut file = options
        .open(&path)
        .map_err(|e| format!("{shown}: cannot write: {e}"))?;
    let len = file.metadata().map_err(|e| format!("{shown}: {e}"))?.len();
    let mut text = String::new();
    if len == 0 {
        text.push_str(&record::frame(&Record::Head {
            v: record::FORMAT,
            device: device.to_owned(),
            name: name.to_owned(),
        }));
    } else {
        let mut last = [0_u8; 1];
        file.seek(SeekFrom::Start(len - 1))
            .and_then(|_| file.read_exact(&mut last))
            .map_err(|e| format!("{shown}: cannot read: {e}"))?;
        if last != *b"\n" {
            text.push('\n'); // Ends a torn line of ours; readers skip it.
        }
    }
    text.push_str(lines);
    let written = file
        .seek(SeekFrom::Start(len))
        .and_then(|_| file.write_all(text.as_bytes()))
        .and_then(|()| file.sync_all());
    if let Err(e) = written {
        let _ = file.set_len(len);
        let _ = file.sync_all();
        return Err(format!("{shown}: could not write: {e}"));
    }
    if len == 0 {
        let _ = crate::files::sync_dir(folder);
    }
    Ok(())
}
