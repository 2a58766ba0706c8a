//! Shared helpers for integration tests: temporary pack folders and problem matchers.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fs;
use std::path::{Path, PathBuf};

use kubestudy::pack::{LoadReport, PackSource, Problem, load};

/// A valid manifest header; append content fields and close with `)`.
pub const MANIFEST_HEAD: &str = r#"(
    id: "test-pack",
    version: "1.0.0",
    title: "Test pack",
    summary: "A pack for tests.",
    language: "en",
    license: "CC0-1.0",
    authors: ["Tester"],
    kubernetes: "1.35",
"#;

/// A temporary pack folder that is deleted on drop.
pub struct PackDir {
    pub dir: tempfile::TempDir,
}

impl PackDir {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A pack whose manifest is `MANIFEST_HEAD` + `body` + `)`.
    pub fn with_manifest(body: &str) -> Self {
        let pack = Self::new();
        pack.write("pack.ron", &format!("{MANIFEST_HEAD}{body}\n)\n"));
        pack
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(&path, bytes).expect("write");
        path
    }

    pub fn load(&self) -> LoadReport {
        load(&PackSource::Dir(self.dir.path().to_owned()))
    }
}

/// Asserts that exactly one problem is in `file` (a path suffix) at `line:col` for `item` with a
/// message containing `needle`, and returns it.
#[track_caller]
pub fn expect_problem<'a>(
    report: &'a LoadReport,
    file: &str,
    (line, col): (usize, usize),
    item: &str,
    needle: &str,
) -> &'a Problem {
    let found: Vec<&Problem> = report
        .problems
        .iter()
        .filter(|p| {
            p.file.ends_with(file)
                && p.line == line
                && p.col == col
                && p.item == item
                && p.message.contains(needle)
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one problem {file}:{line}:{col}: {item}: ..{needle}..; got:\n{}",
        render(&report.problems)
    );
    found[0]
}

pub fn render(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("  {p}\n")).collect()
}
