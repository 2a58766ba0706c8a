//! Embeds the built-in packs (`packs/<id>/`) into the binary and fails the build, with
//! `path:line:col`, when one of their RON files does not parse. Full validation is a test
//! (`tests/builtin_packs.rs`); this stays cheap and reruns only when `packs/` changes.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/pack/model.rs"]
mod model;

#[path = "src/tasks/expect.rs"]
mod expect;

/// Where `model.rs` finds what a command task expects.
mod tasks {
    pub mod kubectl {
        pub use crate::expect::Expect;
    }
    pub mod manifest {
        pub use crate::expect::{Ask, Want};
    }
}
#[allow(dead_code)]
#[path = "src/pack/parse.rs"]
mod parse;

fn main() {
    println!("cargo::rerun-if-changed=packs");
    println!("cargo::rerun-if-changed=src/pack/model.rs");
    println!("cargo::rerun-if-changed=src/tasks/expect.rs");
    println!("cargo::rerun-if-changed=src/pack/parse.rs");
    let root = Path::new("packs");
    let mut code = String::from("/// Built-in packs: (folder, [(relative path, bytes)]).\n");
    code.push_str("pub static BUILTIN_PACKS: &[(&str, EmbeddedFiles)] = &[\n");
    let mut failed = false;
    for dir in sorted_entries(root)
        .into_iter()
        .filter(|p| p.join("pack.ron").is_file())
    {
        let folder = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let _ = writeln!(code, "    ({folder:?}, &[");
        let mut files = Vec::new();
        collect_files(&dir, &dir, &mut files);
        for (rel, path) in files {
            if rel.ends_with(".ron") {
                failed |= !parses(&path, &rel);
            }
            let abs = fs::canonicalize(&path).unwrap_or(path);
            let _ = writeln!(
                code,
                "        ({rel:?}, include_bytes!({:?})),",
                abs.display().to_string()
            );
        }
        code.push_str("    ]),\n");
    }
    code.push_str("];\n");
    if failed {
        std::process::exit(1);
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("builtin_packs.rs");
    if let Err(err) = fs::write(&out, code) {
        println!("cargo::error=cannot write {}: {err}", out.display());
        std::process::exit(1);
    }
}

/// Pack files to embed: RON files and everything under `assets/`; notes such as `*.md` stay out.
fn collect_files(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    for path in sorted_entries(dir) {
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            collect_files(root, &path, out);
        } else if rel.ends_with(".ron") || rel.starts_with("assets/") {
            out.push((rel, path));
        }
    }
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}

/// Parses one pack file; prints `cargo::error=path:line:col: item: message` when it does not.
fn parses(path: &Path, rel: &str) -> bool {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            println!(
                "cargo::error={}: cannot read as UTF-8 text: {err}",
                path.display()
            );
            return false;
        }
    };
    let result = if rel == "pack.ron" {
        parse::parse_ron::<model::ManifestFile>(&text).map(|_| ())
    } else {
        parse::parse_ron::<model::Content>(&text).map(|_| ())
    };
    match result {
        Ok(()) => true,
        Err(err) => {
            let item = near_id(&text, err.line).unwrap_or("-");
            println!(
                "cargo::error={}:{}:{}: {item}: {}",
                path.display(),
                err.line,
                err.col,
                err.message
            );
            false
        }
    }
}

/// The last `id: "..."` at or before `line`, to name the item a syntax error is in.
fn near_id(text: &str, line: usize) -> Option<&str> {
    text.lines()
        .take(line)
        .filter_map(|l| {
            let at = l.find("id: \"")?;
            let rest = l.get(at + 5..)?;
            rest.get(..rest.find('"')?)
        })
        .last()
}
