//! Importing a `.kspack` (`pack::share::stage`: unpack into a fresh folder inside the packs
//! folder, then load and validate). An input starting with `PK` is the archive itself; any other
//! input is a list of entries, `name NUL bytes NUL name NUL bytes ...` (a name ending in `/` is a
//! folder, one starting with `@` a link to its bytes), zipped here, so the
//! checks after the zip reader (paths, links, duplicates, sizes, the manifest) are reached often.
//! It must never panic, and nothing may be left behind or written outside the packs folder.
#![no_main]

use std::fs;
use std::io::{Cursor, Write as _};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kubestudy::pack::share::stage;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let root = root();
    let archive = root.join("in.kspack");
    let packs = root.join("packs");
    let bytes = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        match zip_of(data) {
            Some(bytes) => bytes,
            None => return,
        }
    };
    if fs::write(&archive, bytes).is_err() {
        return;
    }
    if let Ok(staged) = stage(&packs, &archive) {
        assert!(
            staged.dir().starts_with(&packs),
            "staged outside the packs folder"
        );
        if let Some(pack) = &staged.report.pack {
            assert_eq!(pack.problem_count, staged.report.problems.len());
        }
    }
    // Whatever happened, the staging folder is gone and nothing else was written.
    assert_eq!(
        entries(&packs),
        Vec::<String>::new(),
        "left in the packs folder"
    );
    assert_eq!(
        entries(root),
        ["in.kspack", "packs"],
        "written beside the packs folder"
    );
});

/// A folder of this process's own under `kubestudy-fuzz/` on a RAM disk where there is one.
fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let shm = Path::new("/dev/shm");
        let base = if shm.is_dir() {
            shm.to_owned()
        } else {
            std::env::temp_dir()
        };
        let root = base.join(format!("kubestudy-fuzz/unpack-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("packs"))
            .unwrap_or_else(|e| panic!("{}: {e}", root.display()));
        root
    })
}

/// The names in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A zip of the (name, bytes) pairs in `data` (NUL-separated), stored uncompressed.
fn zip_of(data: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    let mut parts = data.split(|&b| b == 0);
    while let Some(name) = parts.next() {
        let name = String::from_utf8_lossy(name);
        if name.ends_with('/') {
            zip.add_directory(name.as_ref(), options).ok()?;
            continue;
        }
        let body = parts.next().unwrap_or_default();
        if let Some(link) = name.strip_prefix('@') {
            let target = String::from_utf8_lossy(body);
            zip.add_symlink(link, target.as_ref(), options).ok()?;
            continue;
        }
        zip.start_file(name.as_ref(), options).ok()?;
        zip.write_all(body).ok()?;
    }
    zip.finish().ok().map(Cursor::into_inner)
}
