//! The built-in packs, embedded from `packs/` by `build.rs` so the app runs with nothing on disk.

use super::source::{EmbeddedFiles, PackSource};

include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// Every built-in pack folder, sorted by folder name.
pub fn sources() -> Vec<PackSource> {
    BUILTIN_PACKS
        .iter()
        .map(|&(folder, files)| PackSource::Embedded { folder, files })
        .collect()
}

/// The embedded files of one built-in folder.
pub fn files(folder: &str) -> Option<EmbeddedFiles> {
    BUILTIN_PACKS
        .iter()
        .find(|(name, _)| *name == folder)
        .map(|&(_, files)| files)
}
