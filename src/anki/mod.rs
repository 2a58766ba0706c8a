//! Anki packages (`.apkg`, `.colpkg`): the package opened safely, its collection read, and each
//! card's memory rebuilt from its review history; and a pack written as a package for Anki.
//! No UI here.

mod apkg_schema;
pub mod collection;
pub mod convert;
pub mod export;
pub mod history;
mod history_out;
pub mod import;
mod media;
pub mod memory;
pub mod package;
pub mod proto;
pub mod round_trip;
