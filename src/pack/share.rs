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

use super::load::{LoadReport, load};
use super::model::ManifestFile;
use super::pack::Pack;
use super::source::{MANIFEST, MAX_ASSET_BYTES, MAX_TEXT_BYTES, PackSource, check_relative_path};

/// Largest archive accepted.
pub const MAX_ARCHIVE_BYTES: u64 = 200 * 1024 * 1024;
/// Most entries accepted.
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes all entries may inflate to.
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// Largest inflated/compressed ratio accepted for an entry over 1 MiB (a zip bomb's is in the
/// thousands; text compresses about 10:1).
pub const MAX_RATIO: u64 = 200;
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
    let mut names: BTreeSet<String> = BTreeSet::new();
    if source.is_folder() {
        let text = String::from_utf8_lossy(&manifest);
        let file: ManifestFile = super::parse::parse_ron(&text)
            .map_err(|e| format!("{}: {e:?}", source.display(MANIFEST)))?;
        names.extend(
            file.include
                .iter()
                .map(|n| n.trim_start_matches("./").to_owned()),
        );
        names.extend(
            pack.diagrams
                .iter()
                .filter_map(|d| d.background.as_deref())
                .map(|n| n.trim_start_matches("./").to_owned()),
        );
    }
    let mut files = vec![(MANIFEST.to_owned(), manifest)];
    for name in names {
        let limit = if name.ends_with(".ron") {
            MAX_TEXT_BYTES
        } else {
            MAX_ASSET_BYTES
        };
        files.push((name.clone(), read(&name, limit)?));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
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

/// Unpacks `archive` into the empty folder `into`, refusing anything hostile; on an error,
/// whatever was written under `into` is the caller's to remove.
pub fn unpack(archive: &Path, into: &Path) -> Result<(), String> {
    let size = fs::metadata(archive)
        .map_err(|e| format!("{}: {e}", archive.display()))?
        .len();
    if size > MAX_ARCHIVE_BYTES {
        return Err(format!(
            "{} is {} MiB; a pack file may be at most {} MiB",
            archive.display(),
            size >> 20,
            MAX_ARCHIVE_BYTES >> 20
        ));
    }
    let file = fs::File::open(archive).map_err(|e| format!("{}: {e}", archive.display()))?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|e| format!("{} is not a pack file (zip): {e}", archive.display()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "the pack file has {} entries; at most {MAX_ENTRIES} are accepted",
            zip.len()
        ));
    }
    let mut seen = BTreeSet::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| format!("entry {}: {e}", i + 1))?;
        let name = entry
            .name()
            .map_err(|e| format!("entry {}: a name that is not text: {e}", i + 1))?
            .into_owned();
        let entry_err = |why: String| format!("{name}: {why}");
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
        if !seen.insert(name.to_lowercase()) {
            return Err(entry_err("this file is in the pack file twice".to_owned()));
        }
        let limit = if name.ends_with(".ron") {
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
        if read > 1024 * 1024 && read / compressed > MAX_RATIO {
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
        let path = into.join(&name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| entry_err(e.to_string()))?;
        }
        fs::write(&path, &bytes).map_err(|e| entry_err(e.to_string()))?;
    }
    if !into.join(MANIFEST).is_file() {
        return Err(format!("the pack file has no {MANIFEST} at its top"));
    }
    Ok(())
}

/// A pack unpacked into a folder inside the packs folder, validated, not yet installed.
#[derive(Debug)]
pub struct Staged {
    /// The folder (removed when this is dropped without installing).
    pub dir: PathBuf,
    /// What loading it found.
    pub report: LoadReport,
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
    /// A fresh, empty staging folder inside `packs_dir` (removed again unless installed).
    fn empty(packs_dir: &Path) -> Result<Self, String> {
        fs::create_dir_all(packs_dir).map_err(|e| format!("{}: {e}", packs_dir.display()))?;
        Ok(Self {
            dir: fresh_dir(packs_dir, ".import")?,
            report: LoadReport {
                origin: String::new(),
                pack: None,
                problems: Vec::new(),
            },
            installed: false,
        })
    }
}

/// Unpacks and validates `archive` (a `.kspack`) or copies a pack folder, into a fresh folder
/// inside `packs_dir`. Nothing outside that folder is written.
pub fn stage(packs_dir: &Path, from: &Path) -> Result<Staged, String> {
    let mut staged = Staged::empty(packs_dir)?;
    let dir = staged.dir.clone();
    if from.is_dir() {
        copy_pack_folder(from, &dir)?;
    } else {
        unpack(from, &dir)?;
    }
    staged.report = load(&PackSource::Dir(dir));
    Ok(staged)
}

/// Stages a pack made here (a text import): `files` written into a fresh folder inside
/// `packs_dir`, then validated.
pub fn stage_files(packs_dir: &Path, files: &[(&str, String)]) -> Result<Staged, String> {
    let mut staged = Staged::empty(packs_dir)?;
    let dir = staged.dir.clone();
    for (name, text) in files {
        check_relative_path(name)?;
        fs::write(dir.join(name), text).map_err(|e| format!("{name}: {e}"))?;
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

/// Moves a validated staged pack into `packs_dir/<id>`, replacing any previous folder for that
/// id only once the new one is in place. Returns the installed folder.
pub fn install(mut staged: Staged, packs_dir: &Path) -> Result<PathBuf, String> {
    let pack = staged
        .report
        .pack
        .as_ref()
        .ok_or("the pack has no readable manifest")?;
    if !staged.report.problems.is_empty() {
        return Err(format!(
            "the pack has {} problems; nothing was installed",
            staged.report.problems.len()
        ));
    }
    let target = packs_dir.join(pack.id().as_str());
    let aside = if target.exists() {
        let aside = fresh_dir(packs_dir, ".replaced")?;
        fs::remove_dir(&aside).map_err(|e| e.to_string())?;
        fs::rename(&target, &aside).map_err(|e| format!("{}: {e}", target.display()))?;
        Some(aside)
    } else {
        None
    };
    if let Err(e) = fs::rename(&staged.dir, &target) {
        if let Some(aside) = &aside {
            let _ = fs::rename(aside, &target); // put the previous version back
        }
        return Err(format!("{}: {e}", target.display()));
    }
    staged.installed = true;
    if let Some(aside) = aside {
        let _ = fs::remove_dir_all(aside);
    }
    Ok(target)
}
