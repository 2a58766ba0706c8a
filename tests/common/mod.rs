//! Shared helpers for integration tests: temporary pack folders and problem matchers.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::fs;
use std::path::{Path, PathBuf};

use kubestudy::pack::{LoadReport, PackSource, Problem, load};

/// The id of the packs `PackDir::with_manifest` makes.
pub const PACK_ID: &str = "test-pack";

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

    /// Loads it as `kubestudy check` does: task answers checked against the schemas too.
    pub fn load_checked(&self) -> LoadReport {
        kubestudy::pack::load_checked(&PackSource::Dir(self.dir.path().to_owned()))
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

/// xorshift64*: a tiny deterministic generator, so a failure reproduces from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

pub const TOKENS: [&[u8]; 14] = [
    b"(",
    b")",
    b"[",
    b"]",
    b"\"",
    b",",
    b":",
    b"id: ",
    b"Some(",
    b"r#\"",
    b"/*",
    b"\xff",
    b"\n",
    b"99999999999999999999",
];

pub fn mutate(rng: &mut Rng, text: &[u8]) -> Vec<u8> {
    let mut bytes = text.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => {
                let last = bytes.len().saturating_sub(1);
                bytes[at.min(last)] = u8::try_from(rng.below(256)).unwrap_or(0);
            }
            1 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 => {
                let end = (at + rng.below(64)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                bytes.splice(at..at, token.iter().copied());
            }
        }
        if bytes.is_empty() {
            break;
        }
    }
    bytes
}

pub fn corpus() -> Vec<Vec<u8>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    let example = readme
        .split("### A complete pack")
        .nth(1)
        .and_then(|s| s.split("```ron\n").nth(1))
        .and_then(|s| s.split("\n```").next());
    let mut corpus = vec![example.expect("example").as_bytes().to_vec()];
    for pack in ["k8s-architecture", "k8s-workloads", "networking-primer"] {
        let Ok(entries) = std::fs::read_dir(root.join("packs").join(pack)) else {
            continue;
        };
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .collect();
        files.sort();
        corpus.extend(
            files
                .iter()
                .filter_map(|f| std::fs::read(f).ok())
                .map(|b| b[..b.len().min(6000)].to_vec()),
        );
    }
    corpus
}
pub mod ui;

/// Runs a command function with in-memory output: (exit code, stdout, stderr).
pub fn run_cli(f: impl FnOnce(&mut Vec<u8>, &mut Vec<u8>) -> i32) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = f(&mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

/// A pack of `cards` loaded, a fresh progress store synced with it under `settings`, and a fixed
/// clock: what a study session without a window needs.
pub fn engine_on(
    cards: &str,
    settings: kubestudy::progress::settings::Settings,
) -> (
    tempfile::TempDir,
    PackDir,
    std::sync::Arc<kubestudy::pack::Library>,
    kubestudy::study::Engine,
    kubestudy::study::clock::FixedClock,
) {
    use kubestudy::study::clock::{FixedClock, Timestamp};
    let (pack, library) = ui::library(cards);
    let home = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(Timestamp(1_795_341_600_000), 0);
    let store = kubestudy::progress::Store::open(home.path()).unwrap();
    let mut engine = kubestudy::study::Engine::new(store, settings).unwrap();
    engine.sync_library(&library, &clock).unwrap();
    (home, pack, library, engine, clock)
}

/// A `width`×`height` PNG of one colour: a plain picture standing in for an author's drawing.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 220, 240, 255]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgba8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("encode");
    bytes
}
