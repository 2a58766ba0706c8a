//! Anki packages (`.apkg`, `.colpkg`): the package opened safely, its collection read, and each
//! card's memory rebuilt from its review history. No UI and no pack writing here.

pub mod collection;
pub mod convert;
pub mod history;
pub mod import;
pub mod memory;
pub mod package;
pub mod proto;
