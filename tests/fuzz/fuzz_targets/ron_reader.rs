//! The pack RON reader (`pack::parse::parse_ron`) on any text, read as a manifest, as a content
//! file and as any value. It must never panic, every error must point inside the text, and
//! whatever it accepts the `ron` crate must read as the same value (as `tests/ron_compat.rs`).
#![no_main]

use std::fmt::Debug;

use kubestudy::pack::model::{Content, ManifestFile};
use kubestudy::pack::parse::{SyntaxError, parse_ron};
use libfuzzer_sys::fuzz_target;
use ron::extensions::Extensions;
use serde::de::{DeserializeOwned, IgnoredAny};

fuzz_target!(|data: &[u8]| {
    // Pack files must be UTF-8; other bytes still reach the reader the way a lossy viewer
    // would show them.
    let text = String::from_utf8_lossy(data);
    check::<ManifestFile>(&text);
    check::<Content>(&text);
    if let Err(err) = parse_ron::<IgnoredAny>(&text) {
        in_bounds(&text, &err);
    }
});

/// Parses `text` as a `T` and checks the outcome.
fn check<T: DeserializeOwned + PartialEq + Debug>(text: &str) {
    match parse_ron::<T>(text) {
        Ok(ours) => {
            // Ours skips a leading byte-order mark (as tests/ron_compat.rs says); ron does not.
            let theirs: Result<T, _> = ron::Options::default()
                .with_default_extension(Extensions::IMPLICIT_SOME)
                .from_str(text.strip_prefix('\u{feff}').unwrap_or(text));
            match theirs {
                Ok(theirs) => assert_eq!(ours, theirs, "both accept but read different values"),
                Err(err) => panic!("ours accepts what ron rejects ({err})"),
            }
        }
        Err(err) => in_bounds(text, &err),
    }
}

/// An error's 1-based line and column lie inside `text` (or just past its end), with lines
/// ended by `\n` alone or also by a lone `\r`, as editors count them.
fn in_bounds(text: &str, err: &SyntaxError) {
    assert!(err.line >= 1 && err.col >= 1, "position below 1: {err:?}");
    assert!(!err.message.is_empty(), "empty message at {err:?}");
    assert!(
        fits(text.split('\n'), err.line, err.col)
            || fits(editor_lines(text).into_iter(), err.line, err.col),
        "position past the end of its line or of the text: {err:?}"
    );
}

/// Whether the 1-based `line` and `col` fall inside `lines` (or just past a line's end).
fn fits<'a>(mut lines: impl Iterator<Item = &'a str>, line: usize, col: usize) -> bool {
    lines
        .nth(line - 1)
        .is_some_and(|text| col <= text.chars().count() + 1)
}

/// The lines of `text` as editors count them: a line ends at `\n`, `\r\n` or a lone `\r`.
fn editor_lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            lines.push(text.get(start..i).unwrap_or_default());
            start = i + 1;
        }
    }
    lines.push(text.get(start..).unwrap_or_default());
    lines
}
