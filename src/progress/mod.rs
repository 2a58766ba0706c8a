//! The learner's durable state: the progress database and the settings file.
//!
//! Nothing here knows about the UI; the study layer drives it.

pub mod answers;
pub mod backup;
pub mod browse;
pub mod devices;
pub mod error;
pub mod exam_log;
pub mod imported;
pub mod marks;
pub mod merge;
pub mod overrides;
pub mod queries;
pub mod restore;
pub mod schema;
pub mod sessions;
pub mod settings;
pub mod stats_queries;
pub mod store;
pub mod sync;
pub mod types;

pub use answers::{Answer, ItemKey, ItemKind, Undone};
pub use error::{Result, StoreError};
pub use marks::{Flag, Leech, MarkCounts, Marks};
pub use overrides::Override;
pub use store::Store;
pub use sync::{PackItems, SyncReport};

#[cfg(test)]
mod failure_tests;
