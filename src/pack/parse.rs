//! RON parsing with the options every pack file is read with.
//!
//! Also compiled by `build.rs` (through `#[path]`), so it depends only on `ron`, `serde` and std.

use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

/// Nesting deeper than this is rejected (packs need about 10 levels).
pub const MAX_NESTING: usize = 64;

/// A RON error with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What the parser said.
    pub message: String,
}

/// Parses `text` as a `T`, allowing bare optional values (`term: "etcd"` for `Some("etcd")`).
pub fn parse_ron<T: DeserializeOwned>(text: &str) -> Result<T, SyntaxError> {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
        .from_str(text)
        .map_err(|err| SyntaxError {
            line: err.span.start.line.max(1),
            col: err.span.start.col.max(1),
            message: describe(&err.code),
        })
}

fn describe(code: &ron::Error) -> String {
    match code {
        ron::Error::ExceededRecursionLimit => {
            format!("nested more than {MAX_NESTING} levels deep")
        }
        other => other.to_string(),
    }
}
