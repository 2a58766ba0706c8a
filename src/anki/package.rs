//! An `.apkg` or `.colpkg` opened as the hostile zip it may be: regular files only, sizes and
//! entry counts bounded, bytes counted as they inflate (zip and zstd alike), the newest
//! collection inside copied into a staging folder and opened read-only.
//!
//! Anki writes three collection files: `collection.anki2` (schema 11, genanki and old
//! desktops; in current exports only a stub telling old clients to update),
//! `collection.anki21` (plain SQLite) and `collection.anki21b` (zstd-compressed SQLite, schema
//! 18). The newest present is read. The media map is JSON in older packages and a
//! zstd-compressed protobuf in current ones; media files are then zstd too.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::proto;

/// The largest package read.
pub const MAX_PACKAGE_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// The largest collection database, inflated.
pub const MAX_COLLECTION_BYTES: u64 = 1024 * 1024 * 1024;
/// The largest media map, inflated.
pub const MAX_MEDIA_MAP_BYTES: u64 = 64 * 1024 * 1024;
/// The largest media file kept, inflated (the pack's own image limit applies after).
pub const MAX_MEDIA_BYTES: u64 = 16 * 1024 * 1024;
/// Most zip entries read.
pub const MAX_ENTRIES: usize = 200_000;
/// Room made ahead for an inflating zstd frame, at most.
const ROOM_AHEAD: usize = 64 * 1024 * 1024;

/// The collection files Anki writes, newest first.
const COLLECTIONS: [&str; 3] = [
    "collection.anki21b",
    "collection.anki21",
    "collection.anki2",
];

/// A package opened: its collection (read-only, in the staging folder) and its media map.
#[derive(Debug)]
pub struct Package {
    /// Which collection file was read (`collection.anki21b`…).
    pub collection_name: &'static str,
    /// The collection, opened read-only.
    pub conn: Connection,
    /// Media file names by zip member (`"0"` → `kubernetes_logo.png`).
    pub media: BTreeMap<String, String>,
    /// Whether media members are zstd-compressed (current packages).
    pub media_zstd: bool,
    /// The package, for its media.
    zip: zip::ZipArchive<std::fs::File>,
    /// Zip member by media file name (the first, if two members claim one name).
    members: BTreeMap<String, String>,
}

impl Package {
    /// The bytes of the media file Anki names `name` (`kubernetes_logo.png`), at most
    /// [`MAX_MEDIA_BYTES`] inflated.
    pub fn media_file(&mut self, name: &str) -> Result<Vec<u8>, String> {
        let member = self
            .members
            .get(name)
            .cloned()
            .ok_or_else(|| "not in the package".to_owned())?;
        let raw = read_entry(&mut self.zip, &member, MAX_MEDIA_BYTES)?;
        if self.media_zstd {
            inflate_zstd(&raw, MAX_MEDIA_BYTES)
        } else {
            Ok(raw)
        }
    }
}

fn shown(path: &Path) -> String {
    crate::files::terminal_safe(&path.display().to_string(), false)
}

/// Opens `path`, copying its newest collection into `staging` (an existing folder that the
/// caller removes afterwards).
pub fn open(path: &Path, staging: &Path) -> Result<Package, String> {
    let name = shown(path);
    let (file, meta) =
        crate::files::open_regular(path).map_err(|e| format!("{name}: {}", e.describe()))?;
    if meta.len() > MAX_PACKAGE_BYTES {
        return Err(format!(
            "{name} is {}; an Anki package may be at most {}",
            crate::files::human_size(meta.len()),
            crate::files::human_size(MAX_PACKAGE_BYTES)
        ));
    }
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|e| format!("{name} is not an Anki package (a zip file): {e}"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "{name} has {} entries; at most {MAX_ENTRIES} are read",
            zip.len()
        ));
    }
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(std::borrow::Cow::into_owned)
        .collect();
    let Some(collection_name) = COLLECTIONS
        .into_iter()
        .find(|c| names.iter().any(|n| n == c))
    else {
        return Err(format!(
            "{name} holds no Anki collection (collection.anki21b, collection.anki21 or \
             collection.anki2): is it an Anki package?"
        ));
    };
    let raw = read_entry(&mut zip, collection_name, MAX_COLLECTION_BYTES)
        .map_err(|e| format!("{name}!{collection_name}: {e}"))?;
    let db = if collection_name.ends_with('b') {
        inflate_zstd(&raw, MAX_COLLECTION_BYTES)
            .map_err(|e| format!("{name}!{collection_name}: {e}"))?
    } else {
        raw
    };
    if !db.starts_with(b"SQLite format 3\0") {
        return Err(format!(
            "{name}!{collection_name} is not an SQLite database"
        ));
    }
    let copy = staging.join("collection.sqlite3");
    std::fs::write(&copy, &db).map_err(|e| format!("{}: {e}", copy.display()))?;
    drop(db);
    let conn = Connection::open_with_flags(
        &copy,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| format!("{name}!{collection_name}: {e}"))?;
    // No writes; the reader bounds every query by rows.
    conn.pragma_update(None, "query_only", true)
        .map_err(|e| format!("{name}!{collection_name}: {e}"))?;
    // Anki's tables sort names with its own case-insensitive collation: without it SQLite finds
    // no way to read them.
    conn.create_collation("unicase", |a: &str, b: &str| {
        a.to_lowercase().cmp(&b.to_lowercase())
    })
    .map_err(|e| format!("{name}!{collection_name}: {e}"))?;
    let (media, media_zstd) = if names.iter().any(|n| n == "media") {
        let raw = read_entry(&mut zip, "media", MAX_MEDIA_MAP_BYTES)
            .map_err(|e| format!("{name}!media: {e}"))?;
        media_map(&raw).map_err(|e| format!("{name}!media: {e}"))?
    } else {
        (BTreeMap::new(), false)
    };
    let mut members = BTreeMap::new();
    for (member, file) in &media {
        members
            .entry(file.clone())
            .or_insert_with(|| member.clone());
    }
    Ok(Package {
        collection_name,
        conn,
        media,
        media_zstd,
        zip,
        members,
    })
}

/// The bytes of entry `entry`, counted as they inflate: more than `limit` is refused.
fn read_entry<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    entry: &str,
    limit: u64,
) -> Result<Vec<u8>, String> {
    let file = zip.by_name(entry).map_err(|e| e.to_string())?;
    if file.is_symlink() || file.is_dir() {
        return Err("not a file".to_owned());
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "inflates past {}, the limit",
            crate::files::human_size(limit)
        ));
    }
    Ok(bytes)
}

/// A zstd frame inflated, refused as soon as it passes `limit`.
pub fn inflate_zstd(raw: &[u8], limit: u64) -> Result<Vec<u8>, String> {
    // Read straight from `raw` (no buffer between), into room for what a collection usually
    // inflates to (64 MiB at most ahead: a hostile frame must earn the rest by inflating):
    // growing from nothing would copy it over and over.
    let decoder =
        zstd::stream::read::Decoder::with_buffer(raw).map_err(|e| format!("zstd: {e}"))?;
    let room = raw
        .len()
        .saturating_mul(8)
        .min(usize::try_from(limit).unwrap_or(usize::MAX))
        .min(ROOM_AHEAD);
    let mut out = Vec::with_capacity(room);
    decoder
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("is not a valid zstd frame: {e}"))?;
    if out.len() as u64 > limit {
        return Err(format!(
            "inflates past {}, the limit",
            crate::files::human_size(limit)
        ));
    }
    Ok(out)
}

/// The media map: JSON `{"0": "name.png"}` (older packages) or a zstd-compressed protobuf
/// `MediaEntries { repeated MediaEntry entries = 1 }` with `MediaEntry { string name = 1; … }`,
/// entry `i` naming member `i` (current ones). Returns it and whether media are zstd.
fn media_map(raw: &[u8]) -> Result<(BTreeMap<String, String>, bool), String> {
    if raw.starts_with(b"{") {
        let map: BTreeMap<String, String> =
            serde_json::from_slice(raw).map_err(|e| format!("not a media map: {e}"))?;
        return Ok((map, false));
    }
    let bytes = inflate_zstd(raw, MAX_MEDIA_MAP_BYTES)?;
    let mut map = BTreeMap::new();
    for (i, entry) in proto::fields(&bytes)
        .filter_map(|f| f.ok())
        .filter(|f| f.number == 1)
        .enumerate()
    {
        let Some(body) = entry.bytes() else { continue };
        let name = proto::fields(body)
            .filter_map(|f| f.ok())
            .find(|f| f.number == 1)
            .and_then(|f| f.text().map(str::to_owned));
        if let Some(name) = name {
            map.insert(i.to_string(), name);
        }
    }
    Ok((map, true))
}
