//! Content packs: the format, loading, validation, and the library of available packs.
//!
//! Nothing here knows about the UI or the learner's progress.

pub mod assets;
pub mod blueprint;
pub mod builtin;
pub mod cloze;
pub mod edit;
pub mod installed;
pub mod library;
pub mod load;
pub mod locate;
pub mod model;
#[allow(clippy::module_inception)] // `pack::pack::Pack` reads fine from outside as `pack::Pack`.
pub mod pack;
pub mod parse;
pub mod parsed;
pub mod personal;
pub mod problem;
pub mod share;
pub mod source;
pub mod template;
pub mod tsv;
pub mod validate;
mod validate_diagram;
mod validate_items;

pub use library::Library;
pub use load::{LoadReport, load, load_checked};
pub use model::{Answer, Block, Card, Diagram, ItemId, PackId, Primer, Task, TaskKind, Term};
pub use pack::{Counts, Manifest, Pack, plural};
pub use problem::Problem;
pub use source::PackSource;
pub use validate_diagram::route_warnings;
