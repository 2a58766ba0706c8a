//! Sharing packs as one file: `<id>-<version>.kspack`, a zip of the pack folder (manifest,
//! content, assets; never progress). Export is byte-for-byte repeatable. Import treats the file
//! as hostile: limits on size, entry count and decompressed bytes (counted while inflating),
//! no paths that leave the folder, no links, no duplicates; it unpacks into a fresh folder inside
//! the packs folder, validates, and only then renames it into place, so a failed import leaves
//! the previous version untouched.

use std::collections::BTreeSet;
use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization as _;

use super::load::{LoadReport, load, load_checked};
use super::model::ManifestFile;
use super::pack::Pack;

use super::source::{MANIFEST, MAX_ASSET_BYTES, MAX_TEXT_BYTES, PackSource, check_relative_path};

/// Largest archive accepted.
pub const MAX_ARCHIVE_BYTES: u64 = 200 * 1024 * 1024;
/// Most entries accepted.
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes all entries may inflate to.
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// Largest inflated/compressed ratio accepted for an entry over [`RATIO_FLOOR`] (a zip bomb's is
/// in the thousands; RON text compresses about 5-15:1, images barely at all).
pub const MAX_RATIO: u64 = 200;
/// Entries up to this size are not held to [`MAX_RATIO`] on their own (a tiny file can have any
/// ratio); the whole archive still is, by [`MAX_ARCHIVE_RATIO`].
pub const RATIO_FLOOR: u64 = 64 * 1024;
/// Largest ratio of all inflated bytes to the archive's size, once past [`RATIO_FLOOR`]: many
/// small entries of zeros stay under every entry's limit but not under this one.
pub const MAX_ARCHIVE_RATIO: u64 = 50;
/// The file extension of a shared pack.
pub const EXTENSION: &str = "kspack";

/// The file name an export gets: `<id>-<version>.kspack`.
pub fn file_name(pack: &Pack) -> String {
    format!("{}-{}.{EXTENSION}", pack.id(), pack.manifest.version)
}

/// The pack's files, sorted: the manifest, its included content files, and its diagrams'
/// background images.
pub fn pack_files(source: &PackSource, pack: &Pack) -> Result<Vec<(String, Vec<u8>)>, String> {
    let read = |rel: &str, limit| {
        source
            .read(rel, limit)
            .map_err(|e| format!("{}: {}", source.display(rel), e.describe()))
    };
    let manifest = read(MANIFEST, MAX_TEXT_BYTES)?;
    let mut files = vec![(MANIFEST.to_owned(), Vec::new())];
    for name in used_names(source, pack, &manifest)? {
        let limit = if name.to_ascii_lowercase().ends_with(".ron") {
            MAX_TEXT_BYTES
        } else {
            MAX_ASSET_BYTES
        };
        files.push((name.clone(), read(&name, limit)?));
    }
    if let Some(first) = files.first_mut() {
        first.1 = manifest;
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// The files a pack uses besides its manifest (`manifest` is its bytes): its includes, its
/// diagrams' backgrounds and its cards' images, each named once in normal form (`./a//b.ron`
/// is `a/b.ron`).
fn used_names(
    source: &PackSource,
    pack: &Pack,
    manifest: &[u8],
) -> Result<BTreeSet<String>, String> {
    let mut names: BTreeSet<String> = BTreeSet::new();
    if !source.is_folder() {
        return Ok(names);
    }
    let text = String::from_utf8_lossy(manifest);
    let file: ManifestFile = super::parse::parse_ron(&text)
        .map_err(|e| format!("{}: {e:?}", source.display(MANIFEST)))?;
    let backgrounds = pack.diagrams.iter().filter_map(|d| d.background.as_deref());
    // Card images, the primers' check questions' included.
    let checks = pack
        .primers
        .iter()
        .flat_map(|p| &p.sections)
        .flat_map(|s| &s.checks);
    let images = pack
        .cards
        .iter()
        .chain(checks)
        .flat_map(|c| [c.image.as_deref(), c.answer_image.as_deref()])
        .flatten();
    for name in file
        .include
        .iter()
        .map(String::as_str)
        .chain(backgrounds)
        .chain(images)
    {
        names.insert(super::source::pack_file_name(name)?);
    }
    Ok(names)
}

/// The `.kspack` bytes of a pack: the same pack always gives the same bytes (sorted entries,
/// fixed times and permissions).
pub fn export(source: &PackSource, pack: &Pack) -> Result<Vec<u8>, String> {
    let files = pack_files(source, pack)?;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options)
            .map_err(|e| e.to_string())?;
        zip.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    zip.finish()
        .map(Cursor::into_inner)
        .map_err(|e| e.to_string())
}

/// Whether an archive entry can be part of a pack: a content file (`.ron`) or an image under
/// `assets/`. Anything else (`README.exe`, `.hidden`, a `progress.sqlite3`) is never written.
fn wanted_entry(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let hidden = name
        .split('/')
        .any(|part| part.starts_with('.') && part != ".");
    let image = [".png", ".jpg", ".jpeg"].iter().any(|e| lower.ends_with(e));
    !hidden && (lower.ends_with(".ron") || (lower.starts_with("assets/") && image))
}

/// What unpacking left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unpacked {
    /// Entries that are not pack files, not written.
    pub left_out: Vec<String>,
}

/// Unpacks `archive` into the empty folder `into`, refusing anything hostile; on an error,
/// whatever was written under `into` is the caller's to remove.
pub fn unpack(archive: &Path, into: &Path) -> Result<Unpacked, String> {
    let shown = archive.display();
    // Regular files only: never a FIFO or a device.
    let (file, meta) =
        crate::files::open_regular(archive).map_err(|e| format!("{shown}: {}", e.describe()))?;
    let archive_size = meta.len();
    if archive_size > MAX_ARCHIVE_BYTES {
        return Err(format!(
            "{shown} is {} MiB; a pack file may be at most {} MiB",
            archive_size >> 20,
            MAX_ARCHIVE_BYTES >> 20
        ));
    }
    let mut zip =
        zip::ZipArchive::new(file).map_err(|e| format!("{shown} is not a pack file (zip): {e}"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "the pack file has {} entries; at most {MAX_ENTRIES} are accepted",
            zip.len()
        ));
    }
    let mut seen = BTreeSet::new();
    let mut total = 0u64;
    let mut unpacked = Unpacked::default();
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| format!("entry {}: {e}", i + 1))?;
        let name = entry
            .name()
            .map_err(|e| format!("entry {}: a name that is not text: {e}", i + 1))?
            .into_owned();
        let entry_err =
            |why: String| format!("{}: {why}", crate::files::terminal_safe(&name, false));
        if entry.is_symlink() {
            return Err(entry_err("links are not allowed in a pack file".to_owned()));
        }
        if entry.is_dir() {
            continue;
        }
        check_relative_path(&name).map_err(entry_err)?;
        if name.contains('\\') || entry.enclosed_name().is_none() {
            return Err(entry_err("the path leaves the pack folder".to_owned()));
        }
        // Names that differ only by case or Unicode normalisation are one file on macOS and
        // Windows: the second would silently overwrite the first.
        let folded: String = name.to_lowercase().nfc().collect();
        if !seen.insert(folded) {
            return Err(entry_err("this file is in the pack file twice".to_owned()));
        }
        if !wanted_entry(&name) {
            unpacked
                .left_out
                .push(crate::files::terminal_safe(&name, false));
            continue;
        }
        let limit = if name.to_ascii_lowercase().ends_with(".ron") {
            MAX_TEXT_BYTES
        } else {
            MAX_ASSET_BYTES
        };
        let compressed = entry.compressed_size().max(1);
        // The header's sizes may lie: count the bytes actually inflated.
        let mut bytes = Vec::new();
        let read = (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| entry_err(format!("cannot be read: {e}")))?;
        let read = read as u64;
        if read > limit {
            return Err(entry_err(format!(
                "inflates past {} MiB, the limit for this kind of file",
                limit >> 20
            )));
        }
        if read > RATIO_FLOOR && read / compressed > MAX_RATIO {
            return Err(entry_err(format!(
                "inflates {}:1, far more than any real pack file (a zip bomb?)",
                read / compressed
            )));
        }
        total += read;
        if total > MAX_UNPACKED_BYTES {
            return Err(format!(
                "the pack file inflates past {} MiB in all",
                MAX_UNPACKED_BYTES >> 20
            ));
        }
        if total > RATIO_FLOOR && total / archive_size.max(1) > MAX_ARCHIVE_RATIO {
            return Err(format!(
                "the pack file inflates more than {MAX_ARCHIVE_RATIO}:1 in all, far more than \
                 any real pack (a zip bomb?)"
            ));
        }
        let path = into.join(&name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| entry_err(e.to_string()))?;
        }
        fs::write(&path, &bytes).map_err(|e| entry_err(e.to_string()))?;
    }
    if !into.join(MANIFEST).is_file() {
        return Err(format!("the pack file has no {MANIFEST} at its top"));
    }
    Ok(unpacked)
}

/// The lock file inside a staging folder, held by the process staging it: a staging folder
/// whose lock can be taken belongs to a process that is gone.
const STAGING_LOCK: &str = ".staging.lock";

/// A pack unpacked into a folder inside the packs folder, validated, not yet installed.
#[derive(Debug)]
pub struct Staged {
    /// The folder (removed when this is dropped without installing).
    dir: PathBuf,
    /// What loading it found (problems name the user's file, not the staging folder).
    pub report: LoadReport,
    /// Files of the archive that are not pack files (never written).
    pub left_out: Vec<String>,
    /// Held while the folder is being staged or looked at.
    lock: Option<fs::File>,
    installed: bool,
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.installed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Staged {
    /// A fresh, empty staging folder inside `packs_dir` (removed again unless installed),
    /// locked so that no other process takes it for a leftover.
    pub fn empty(packs_dir: &Path) -> Result<Self, String> {
        fs::create_dir_all(packs_dir).map_err(|e| format!("{}: {e}", packs_dir.display()))?;
        let dir = fresh_dir(packs_dir, super::installed::STAGING.trim_end_matches('-'))?;
        let mut staged = Self {
            dir,
            report: LoadReport {
                origin: String::new(),
                pack: None,
                problems: Vec::new(),
            },
            left_out: Vec::new(),
            lock: None,
            installed: false,
        };
        let lock = super::installed::open_lock_file(&staged.dir.join(STAGING_LOCK))?;
        lock.try_lock()
            .map_err(|e| format!("{}: {e}", staged.dir.display()))?;
        staged.lock = Some(lock);
        Ok(staged)
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Flushes every staged file and the folders holding them to disk, so the rename that
    /// installs them cannot survive a power cut without them; drops the staging lock file.
    pub(super) fn sync(&mut self) -> Result<(), String> {
        self.lock = None;
        let _ = fs::remove_file(self.dir.join(STAGING_LOCK));
        sync_tree(&self.dir).map_err(|e| format!("{}: {e}", self.dir.display()))
    }

    /// Records that the folder now lives at `target`.
    pub(super) fn mark_installed(&mut self, target: PathBuf) {
        self.dir = target;
        self.installed = true;
    }

    /// Loads the staged folder; problems and the origin name `shown` (the user's file or
    /// folder) instead of the staging folder.
    fn load_as(&mut self, shown: &str, separator: &str) {
        let mut report = load_checked(&PackSource::Dir(self.dir.clone()));
        let staging = self.dir.display().to_string();
        let rename = |file: &str| match file.strip_prefix(&staging) {
            Some(rest) => format!("{shown}{separator}{}", rest.trim_start_matches('/')),
            None => file.to_owned(),
        };
        report.origin = shown.to_owned();
        for problem in &mut report.problems {
            problem.file = rename(&problem.file);
        }
        self.report = report;
    }

    /// Deletes the staged files the pack does not use (not its manifest, an include or a
    /// diagram's background), returning their names.
    fn prune_unused(&mut self) -> Vec<String> {
        let Some(pack) = self.report.pack.as_ref() else {
            return Vec::new();
        };
        let source = PackSource::Dir(self.dir.clone());
        let Ok(manifest) = source.read(MANIFEST, MAX_TEXT_BYTES) else {
            return Vec::new();
        };
        let Ok(mut used) = used_names(&source, pack, &manifest) else {
            return Vec::new();
        };
        used.insert(MANIFEST.to_owned());
        let mut unused = Vec::new();
        for name in staged_files(&self.dir) {
            if name != STAGING_LOCK
                && !used.contains(&name)
                && fs::remove_file(self.dir.join(&name)).is_ok()
            {
                unused.push(crate::files::terminal_safe(&name, false));
            }
        }
        unused
    }
}

/// "N files the pack does not use: a, b, c and M more" for files an import left out, if any.
pub fn left_out_line(left_out: &[String]) -> Option<String> {
    let shown: Vec<&str> = left_out.iter().take(5).map(String::as_str).collect();
    let more = left_out.len().saturating_sub(shown.len());
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    (!shown.is_empty()).then(|| {
        format!(
            "{} files the pack does not use: {}{more}",
            left_out.len(),
            shown.join(", ")
        )
    })
}

/// Whether the staging folder `dir` belongs to no running process (its lock can be taken, or
/// it has none: a process killed before it made one, or after it let go).
pub(super) fn staging_is_stale(dir: &Path) -> bool {
    let Ok(file) = super::installed::open_lock_file(&dir.join(STAGING_LOCK)) else {
        return true;
    };
    file.try_lock().is_ok()
}

/// Every file under `dir`, as `/`-separated paths relative to it, sorted.
fn staged_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_owned(), String::new())];
    while let Some((folder, prefix)) = stack.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push((entry.path(), format!("{name}/"))),
                Ok(_) => out.push(name),
                Err(_) => {}
            }
        }
    }
    out.sort();
    out
}

/// `fsync` of every file and folder under `dir`, then of `dir`.
fn sync_tree(dir: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            sync_tree(&entry.path())?;
        } else {
            fs::File::open(entry.path())?.sync_all()?;
        }
    }
    crate::files::sync_dir(dir)
}

/// Unpacks and validates `archive` (a `.kspack`) or copies a pack folder, into a fresh folder
/// inside `packs_dir`. Nothing outside that folder is written; only the files the pack uses are
/// kept.
pub fn stage(packs_dir: &Path, from: &Path) -> Result<Staged, String> {
    let mut staged = Staged::empty(packs_dir)?;
    let dir = staged.dir.clone();
    let shown = from.display().to_string();
    if from.is_dir() {
        copy_pack_folder(from, &dir)?;
        staged.load_as(shown.trim_end_matches('/'), "/");
    } else {
        staged.left_out = unpack(from, &dir)?.left_out;
        staged.load_as(&shown, "!");
    }
    let unused = staged.prune_unused();
    staged.left_out.extend(unused);
    Ok(staged)
}

/// Stages a pack made here (a text import): `files` written into a fresh folder inside
/// `packs_dir`, then validated.
pub fn stage_files(packs_dir: &Path, files: &[(&str, String)]) -> Result<Staged, String> {
    stage_files_with(packs_dir, files, &[])
}

/// [`stage_files`] with binary files too (`assets/…` images), folders made as needed.
pub fn stage_files_with(
    packs_dir: &Path,
    files: &[(&str, String)],
    binaries: &[(String, Vec<u8>)],
) -> Result<Staged, String> {
    let mut staged = Staged::empty(packs_dir)?;
    let dir = staged.dir.clone();
    for (name, text) in files {
        check_relative_path(name)?;
        fs::write(dir.join(name), text).map_err(|e| format!("{name}: {e}"))?;
    }
    for (name, bytes) in binaries {
        check_relative_path(name)?;
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{name}: {e}"))?;
        }
        fs::write(&path, bytes).map_err(|e| format!("{name}: {e}"))?;
    }
    staged.report = load(&PackSource::Dir(dir));
    Ok(staged)
}

/// Copies a pack folder's files (the ones the pack uses) into `into`.
fn copy_pack_folder(from: &Path, into: &Path) -> Result<(), String> {
    let source = PackSource::Dir(from.to_owned());
    let report = load(&source);
    let pack = report
        .pack
        .ok_or_else(|| format!("{}: no readable {MANIFEST}", from.display()))?;
    for (name, bytes) in pack_files(&source, &pack)? {
        let path = into.join(&name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn fresh_dir(parent: &Path, prefix: &str) -> Result<PathBuf, String> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    for n in 0..100 {
        let dir = parent.join(format!("{prefix}-{}-{stamp}-{n}", std::process::id()));
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(format!("{}: {e}", dir.display())),
        }
    }
    Err(format!("no free folder name in {}", parent.display()))
}

/// Items added, changed and removed between two versions of a pack, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Diff {
    /// New item ids.
    pub added: Vec<String>,
    /// Ids whose content changed.
    pub changed: Vec<String>,
    /// Ids no longer in the pack (their progress is kept, hidden).
    pub removed: Vec<String>,
}

/// What changes from `old` to `new`.
pub fn diff(old: &Pack, new: &Pack) -> Diff {
    let items = |pack: &Pack| -> Vec<(String, String)> {
        // An item's debug text stands for its content.
        let mut out: Vec<(String, String)> = Vec::new();
        out.extend(
            pack.cards
                .iter()
                .map(|c| (c.id.0.clone(), format!("{c:?}"))),
        );
        out.extend(
            pack.glossary
                .iter()
                .map(|t| (t.id.0.clone(), format!("{t:?}"))),
        );
        let checks = pack
            .primers
            .iter()
            .flat_map(|p| &p.sections)
            .flat_map(|s| &s.checks);
        out.extend(checks.map(|c| (c.id.0.clone(), format!("{c:?}"))));
        for d in &pack.diagrams {
            out.extend(
                d.nodes
                    .iter()
                    .map(|n| (format!("{}/{}", d.id, n.id), format!("{n:?}"))),
            );
        }
        out.sort();
        out
    };
    let (before, after) = (items(old), items(new));
    let find = |list: &[(String, String)], id: &str| {
        list.binary_search_by(|(i, _)| i.as_str().cmp(id))
            .ok()
            .and_then(|i| list.get(i))
            .map(|(_, t)| t.clone())
    };
    let mut d = Diff::default();
    for (id, text) in &after {
        match find(&before, id) {
            None => d.added.push(id.clone()),
            Some(old) if &old != text => d.changed.push(id.clone()),
            Some(_) => {}
        }
    }
    d.removed = before
        .iter()
        .filter(|(id, _)| find(&after, id).is_none())
        .map(|(id, _)| id.clone())
        .collect();
    d
}
