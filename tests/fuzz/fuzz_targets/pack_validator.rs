//! Loading and validating a pack from bytes (`pack::load` on an embedded source): the input,
//! split on NUL bytes, is `pack.ron`, `content.ron`, `extra.ron` and `assets/bg.png`. Loading
//! must never panic, and every problem must be counted and point at a real place in its file.
#![no_main]

use kubestudy::pack::source::EmbeddedFiles;
use kubestudy::pack::{LoadReport, PackSource, load};
use libfuzzer_sys::fuzz_target;

/// The pack's files, in the order the input's NUL-separated parts fill them.
const NAMES: [&str; 4] = ["pack.ron", "content.ron", "extra.ron", "assets/bg.png"];

fuzz_target!(|data: &[u8]| {
    let files: Vec<(&str, &[u8])> = NAMES.into_iter().zip(data.split(|&b| b == 0)).collect();
    let report = load_embedded(&files);
    if let Some(pack) = &report.pack {
        assert_eq!(
            pack.problem_count,
            report.problems.len(),
            "problems miscounted"
        );
    }
    for problem in &report.problems {
        assert!(
            !problem.message.is_empty(),
            "a problem without a message: {problem:?}"
        );
        assert!(
            problem.line >= 1 && problem.col >= 1,
            "position below 1: {problem:?}"
        );
        // A problem in one of the given files points inside it.
        let rel = problem.file.strip_prefix("packs/fuzz/").unwrap_or_default();
        let rel = rel.trim_start_matches("./");
        let Some((_, bytes)) = files.iter().find(|(name, _)| *name == rel) else {
            continue;
        };
        if !rel.ends_with(".ron") {
            continue;
        }
        // Lines end at `\n`, or also at a lone `\r`, as editors count them.
        let text = String::from_utf8_lossy(bytes);
        assert!(
            fits(text.split('\n'), problem.line, problem.col)
                || fits(editor_lines(&text).into_iter(), problem.line, problem.col),
            "position past the end of its line or of {rel}: {problem:?}"
        );
    }
});

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

/// Loads a pack whose files live only as long as this call.
fn load_embedded(files: &[(&str, &[u8])]) -> LoadReport {
    // SAFETY: `PackSource::Embedded` holds `'static` slices because built-in packs are compiled
    // into the binary. Here the source lives only for this call and is dropped before it
    // returns; `LoadReport` has no lifetime, so it owns everything it holds and nothing that
    // borrows `files` outlives them.
    let files: EmbeddedFiles =
        unsafe { std::mem::transmute::<&[(&str, &[u8])], EmbeddedFiles>(files) };
    load(&PackSource::Embedded {
        folder: "fuzz",
        files,
    })
}
