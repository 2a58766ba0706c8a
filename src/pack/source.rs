//! Where a pack's files come from: a folder, a single file, or the copies embedded in the binary.
//!
//! Every read goes through [`PackSource::read`], which refuses paths that leave the pack (absolute,
//! `..`, symlinks pointing out) and files over a size limit, so hostile packs cannot make us read
//! anything else or allocate without bound.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// Largest content file (RON) we read.
pub const MAX_TEXT_BYTES: u64 = 32 * 1024 * 1024;
/// Largest asset (image) we read.
pub const MAX_ASSET_BYTES: u64 = 8 * 1024 * 1024;
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

impl PackSource {
    /// Picks `Dir` or `File` for a path on disk.
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
}
