//! Where a pack's files come from: a folder, a single file, or the copies embedded in the binary.
//!
//! Every read goes through [`PackSource::read`], which refuses paths that leave the pack (absolute,
//! `..`, symlinks pointing out), anything but regular files, and files over a size limit; a
//! [`ReadBudget`] caps the bytes of one pack in all, so hostile packs cannot make us read
//! anything else or allocate without bound. [`pack_file_name`] turns the names a manifest writes
//! into one spelling per file, and [`FileNames`] catches names that are one file on Windows or
//! macOS, before anything is read.

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use unicode_normalization::UnicodeNormalization as _;

/// Largest content file (RON) we read.
pub const MAX_TEXT_BYTES: u64 = 32 * 1024 * 1024;
/// Largest asset (image) we read.
pub const MAX_ASSET_BYTES: u64 = 8 * 1024 * 1024;
/// Most bytes one pack may read in all: manifest, included files and images together. Twice the
/// largest content file, and more than twice the 100,000-card benchmark pack (27 MiB); it bounds
/// what loading one pack can hold in memory (the text is kept to locate problems).
pub const MAX_PACK_BYTES: u64 = 64 * 1024 * 1024;
/// The manifest's file name in a pack folder.
pub const MANIFEST: &str = "pack.ron";

/// Files of an embedded pack: (path relative to the pack folder, bytes).
pub type EmbeddedFiles = &'static [(&'static str, &'static [u8])];

/// A pack's origin.
#[derive(Debug, Clone)]
pub enum PackSource {
    /// A folder holding `pack.ron`.
    Dir(PathBuf),
    /// A single `.ron` file with the manifest and all content inline.
    File(PathBuf),
    /// A built-in pack compiled into the binary from `packs/<folder>/`.
    Embedded {
        /// Folder name under `packs/`.
        folder: &'static str,
        /// Its files.
        files: EmbeddedFiles,
    },
}

pub use crate::files::{ReadError, human_size};

/// Checks that `rel` is a plain relative path with `/` separators that stays inside the pack.
pub fn check_relative_path(rel: &str) -> Result<(), String> {
    if rel.trim().is_empty() {
        return Err("path is empty".to_owned());
    }
    if rel.contains('\0') || rel.contains('\\') {
        return Err(format!(
            "path `{rel}` must use `/` separators and no NUL bytes"
        ));
    }
    let bytes = rel.as_bytes();
    let drive = bytes.len() >= 2
        && bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.get(1) == Some(&b':');
    if rel.starts_with('/') || drive {
        return Err(format!(
            "path `{rel}` is absolute; write it relative to the pack folder"
        ));
    }
    for component in Path::new(rel).components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!(
                    "path `{rel}` uses `..` and would leave the pack folder"
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "path `{rel}` is absolute; write it relative to the pack folder"
                ));
            }
        }
    }
    Ok(())
}

/// Device names Windows reserves in every folder, with or without an extension.
const WINDOWS_RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Whether `name` is a device name on Windows (`con`, `NUL.txt`, `com1.ron`): a file or folder
/// of that name cannot be made there.
pub fn is_windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    WINDOWS_RESERVED
        .iter()
        .any(|reserved| stem.eq_ignore_ascii_case(reserved))
}

/// A pack file's name as the manifest writes it, checked ([`check_relative_path`], and portable to
/// Windows and macOS) and normalised: `./a//b.ron` and `a/./b.ron` are both `a/b.ron`, so one
/// file has one name however it is spelled.
pub fn pack_file_name(rel: &str) -> Result<String, String> {
    check_relative_path(rel)?;
    let parts: Vec<&str> = rel
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    if parts.is_empty() {
        return Err(format!("path `{rel}` names no file"));
    }
    for part in &parts {
        if let Some(c) = part
            .chars()
            .find(|c| c.is_control() || r#"<>:"|?*"#.contains(*c))
        {
            return Err(format!(
                "path `{rel}` has {}, which file names cannot hold on every system; rename the file",
                super::parse::describe_char(c)
            ));
        }
        if is_windows_reserved(part) {
            return Err(format!(
                "path `{rel}` uses `{part}`, a device name on Windows (CON, PRN, AUX, NUL, COM1-9, \
                 LPT1-9), where the file could not exist; rename it"
            ));
        }
        if part.ends_with(['.', ' ']) {
            return Err(format!(
                "path `{rel}` has a name ending in a dot or a space, which Windows drops; rename it"
            ));
        }
    }
    Ok(parts.join("/"))
}

/// The one name a file has on a system that ignores case and Unicode normalisation (Windows,
/// macOS): lowercased, then NFC.
fn collision_key(name: &str) -> String {
    name.to_lowercase().nfc().collect()
}

/// How a name clashes with one seen before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameClash {
    /// The same file again (same normalised name).
    Same,
    /// A different spelling of it that differs only in case or Unicode normalisation (NFC/NFD):
    /// two files on Linux, one on Windows and macOS.
    Spelling(String),
}

impl NameClash {
    /// A sentence for a person about `name` clashing this way.
    pub fn describe(&self, name: &str) -> String {
        match self {
            Self::Same => format!("`{name}` is named twice"),
            Self::Spelling(first) => format!(
                "`{name}` and `{first}` differ only in upper and lower case or in how accents are \
                 encoded (NFC/NFD); on Windows and macOS they are one file, so rename one"
            ),
        }
    }
}

/// Every file name of one pack seen so far (normalised by [`pack_file_name`]).
#[derive(Debug, Default)]
pub struct FileNames {
    by_key: HashMap<String, String>,
}

impl FileNames {
    /// Records `name`; a clash if it, or another spelling of the same file, was recorded before.
    pub fn claim(&mut self, name: &str) -> Result<(), NameClash> {
        match self.by_key.get(&collision_key(name)) {
            Some(first) if first == name => Err(NameClash::Same),
            Some(first) => Err(NameClash::Spelling(first.clone())),
            None => {
                self.by_key.insert(collision_key(name), name.to_owned());
                Ok(())
            }
        }
    }
}

/// Why a file of a pack was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackReadError {
    /// The file itself cannot be read (missing, not a regular file, over its own limit...).
    File(ReadError),
    /// Reading it would take the pack past [`MAX_PACK_BYTES`].
    PackFull {
        /// Bytes of the pack read before this file.
        used: u64,
    },
}

impl PackReadError {
    /// A sentence for a person.
    pub fn describe(&self) -> String {
        match self {
            Self::File(err) => err.describe(),
            Self::PackFull { used } => format!(
                "not read: it would take the pack past {}, the most one pack may hold ({} of \
                 its files were read before it); split the content into smaller packs",
                human_size(MAX_PACK_BYTES),
                human_size(*used)
            ),
        }
    }
}

/// The bytes one pack has read so far, checked before each read against [`MAX_PACK_BYTES`].
#[derive(Debug)]
pub struct ReadBudget {
    used: u64,
    limit: u64,
}

impl Default for ReadBudget {
    fn default() -> Self {
        Self::new(MAX_PACK_BYTES)
    }
}

impl ReadBudget {
    /// A budget of `limit` bytes.
    pub fn new(limit: u64) -> Self {
        Self { used: 0, limit }
    }

    /// Whether nothing more can be read.
    pub fn is_spent(&self) -> bool {
        self.used >= self.limit
    }

    /// Reads `rel` from `source`: at most `file_limit` bytes, and never past what the pack has
    /// left (a file too large for what is left is refused before a byte of it is read).
    pub fn read(
        &mut self,
        source: &PackSource,
        rel: &str,
        file_limit: u64,
    ) -> Result<Vec<u8>, PackReadError> {
        let left = self.limit.saturating_sub(self.used);
        match source.read(rel, file_limit.min(left)) {
            Ok(bytes) => {
                self.used = self.used.saturating_add(bytes.len() as u64);
                Ok(bytes)
            }
            Err(ReadError::TooLarge { size, .. }) if size <= file_limit => {
                Err(PackReadError::PackFull { used: self.used })
            }
            Err(ReadError::TooLarge { size, .. }) => {
                Err(PackReadError::File(ReadError::TooLarge {
                    size,
                    limit: file_limit,
                }))
            }
            Err(err) => Err(PackReadError::File(err)),
        }
    }
}

impl PackSource {
    /// Picks `Dir` or `File` for a path on disk (only a folder's type is asked for, nothing is
    /// opened: a named pipe becomes a `File` that [`PackSource::read`] refuses).
    pub fn from_path(path: &Path) -> Self {
        if path.is_dir() {
            Self::Dir(path.to_owned())
        } else {
            Self::File(path.to_owned())
        }
    }

    /// The manifest's path relative to the source.
    pub fn manifest_rel(&self) -> &str {
        MANIFEST
    }

    /// Whether the source can hold more than one file (includes, assets).
    pub fn is_folder(&self) -> bool {
        !matches!(self, Self::File(_))
    }

    /// How a person names the source: a path, or `packs/<folder>` for built-ins.
    pub fn describe(&self) -> String {
        match self {
            Self::Dir(dir) | Self::File(dir) => dir.display().to_string(),
            Self::Embedded { folder, .. } => format!("packs/{folder}"),
        }
    }

    /// How a person names one file of the source.
    pub fn display(&self, rel: &str) -> String {
        match self {
            Self::Dir(dir) => dir.join(rel).display().to_string(),
            Self::File(file) => file.display().to_string(),
            Self::Embedded { folder, .. } => format!("packs/{folder}/{rel}"),
        }
    }

    /// Reads one file of the pack, at most `limit` bytes.
    pub fn read(&self, rel: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
        match self {
            Self::File(file) => read_limited(file, limit),
            Self::Dir(dir) => {
                check_relative_path(rel).map_err(ReadError::Escapes)?;
                let path = dir.join(rel);
                ensure_inside(dir, &path)?;
                read_limited(&path, limit)
            }
            Self::Embedded { files, .. } => {
                check_relative_path(rel).map_err(ReadError::Escapes)?;
                let wanted = rel.trim_start_matches("./");
                let (_, bytes) = files
                    .iter()
                    .find(|(name, _)| *name == wanted)
                    .ok_or(ReadError::NotFound)?;
                let size = bytes.len() as u64;
                if size > limit {
                    return Err(ReadError::TooLarge { size, limit });
                }
                Ok(bytes.to_vec())
            }
        }
    }
}

/// Refuses a path whose real location (after symlinks) is outside the pack folder.
fn ensure_inside(root: &Path, path: &Path) -> Result<(), ReadError> {
    let real_root = fs::canonicalize(root).map_err(|err| ReadError::Io(err.to_string()))?;
    match fs::canonicalize(path) {
        Ok(real) if real.starts_with(&real_root) => Ok(()),
        Ok(real) => Err(ReadError::Escapes(format!(
            "path leads out of the pack folder (through a symlink, to {})",
            real.display()
        ))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Err(ReadError::NotFound),
        Err(err) => Err(ReadError::Io(err.to_string())),
    }
}

fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    crate::files::read_bounded(path, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let cases = [
            ("cards.ron", true),
            ("assets/a.png", true),
            ("./assets/a.png", true),
            ("", false),
            ("/etc/passwd", false),
            ("../other/pack.ron", false),
            ("assets/../../x", false),
            ("C:/x", false),
            ("assets\\a.png", false),
        ];
        for (path, ok) in cases {
            assert_eq!(check_relative_path(path).is_ok(), ok, "{path}");
        }
    }

    #[test]
    fn pack_file_names_are_normalised_and_portable() {
        let cases = [
            ("c.ron", Ok("c.ron")),
            ("./c.ron", Ok("c.ron")),
            ("././c.ron", Ok("c.ron")),
            ("a//./b.ron", Ok("a/b.ron")),
            ("assets/bg.png/", Ok("assets/bg.png")),
            ("./", Err("names no file")),
            ("a/../c.ron", Err("`..`")),
            ("con", Err("a device name on Windows")),
            ("assets/NUL.png", Err("`NUL.png`, a device name")),
            ("com1.tar.gz", Err("device name")),
            ("console.ron", Ok("console.ron")),
            (
                "assets/a:b.png",
                Err("has `:`, which file names cannot hold"),
            ),
            ("x\u{1b}.ron", Err("an escape character (U+001B)")),
            ("trailing.", Err("ending in a dot or a space")),
        ];
        for (rel, expected) in cases {
            match (pack_file_name(rel), expected) {
                (Ok(name), Ok(want)) => assert_eq!(name, want, "{rel:?}"),
                (Err(why), Err(needle)) => assert!(why.contains(needle), "{rel:?}: {why}"),
                (got, want) => panic!("{rel:?}: got {got:?}, wanted {want:?}"),
            }
        }
    }

    #[test]
    fn names_that_are_one_file_on_windows_or_macos_clash() {
        let mut names = FileNames::default();
        assert_eq!(names.claim("pack.ron"), Ok(()));
        assert_eq!(names.claim("cards.ron"), Ok(()));
        assert_eq!(names.claim("cards.ron"), Err(NameClash::Same));
        assert_eq!(
            names.claim("Cards.RON"),
            Err(NameClash::Spelling("cards.ron".to_owned()))
        );
        assert_eq!(names.claim("caf\u{e9}.ron"), Ok(()));
        assert_eq!(
            names.claim("cafe\u{301}.ron"),
            Err(NameClash::Spelling("caf\u{e9}.ron".to_owned()))
        );
    }

    #[test]
    fn the_budget_refuses_a_file_past_it_before_reading() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for (name, len) in [("a", 60), ("b", 30), ("c", 50)] {
            fs::write(dir.path().join(name), vec![b'x'; len]).unwrap_or_else(|e| panic!("{e}"));
        }
        let source = PackSource::Dir(dir.path().to_owned());
        let mut budget = ReadBudget::new(100);
        assert_eq!(budget.read(&source, "a", 1000).map(|b| b.len()), Ok(60));
        assert_eq!(budget.read(&source, "b", 1000).map(|b| b.len()), Ok(30));
        assert_eq!(
            budget.read(&source, "c", 1000),
            Err(PackReadError::PackFull { used: 90 })
        );
        // Over its own limit, a file is refused for that, whatever the budget.
        assert_eq!(
            budget.read(&source, "c", 40),
            Err(PackReadError::File(ReadError::TooLarge {
                size: 50,
                limit: 40
            }))
        );
        assert!(!budget.is_spent());
    }
}
