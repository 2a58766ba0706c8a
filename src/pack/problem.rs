//! A problem found in a pack, with its place: `path:line:col: item-id: message`.

use std::fmt;

use serde::Serialize;

/// One problem in a pack, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Problem {
    /// The file, as the user knows it (a path on disk, or `packs/<id>/<file>` for built-ins).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// The item the problem belongs to (an item id, or the pack id for manifest problems).
    pub item: String,
    /// What is wrong, and where it helps, what to do.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            file,
            line,
            col,
            item,
            message,
        } = self;
        write!(f, "{file}:{line}:{col}: {item}: {message}")
    }
}
