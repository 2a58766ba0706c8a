//! Sharing packs: export is repeatable, import round-trips, an update keeps progress and reports
//! what changed, and every hostile archive is refused with nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::io::Write as _;
use std::path::Path;

use kubestudy::dirs::AppDirs;
use kubestudy::pack::share::{export, stage, unpack};
use kubestudy::pack::{Library, PackSource, load};
use kubestudy::progress::settings::Settings;
use kubestudy::progress::{ItemKey, ItemKind, Store};
use kubestudy::study::Engine;
use kubestudy::study::clock::FixedClock;
use kubestudy::study::schedule::Rating;

fn dirs(home: &Path) -> AppDirs {
    AppDirs::resolve(Some(home)).unwrap()
}

/// A zip with these (name, bytes) entries, stored as given.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const MANIFEST: &str = r#"(id: "shared", version: "1.0.0", title: "Shared", summary: "A shared pack.", language: "en",
 license: "CC0-1.0", authors: ["a friend"], kubernetes: "1.35",
 cards: [(id: "a", front: "A?", answer: Text("a")), (id: "b", front: "B?", answer: Text("b"))])"#;

/// Nothing but the packs folder exists in `home`, and it holds no pack and no leftovers.
fn nothing_written(home: &Path) {
    let packs = home.join("packs");
    let left: Vec<_> = std::fs::read_dir(&packs)
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "left in packs/: {left:?}");
    let outside: Vec<_> = std::fs::read_dir(home)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "packs")
        .collect();
    assert!(outside.is_empty(), "written beside packs/: {outside:?}");
}

#[test]
fn export_is_repeatable_and_round_trips() {
    let (library, _) = Library::builtin();
    let sources = kubestudy::pack::builtin::sources();
    for (source, pack) in sources.iter().zip(library.packs()) {
        let a = export(source, pack).unwrap();
        assert_eq!(
            a,
            export(source, pack).unwrap(),
            "{}: same bytes",
            pack.id()
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.kspack");
        std::fs::write(&file, &a).unwrap();
        let into = dir.path().join("out");
        std::fs::create_dir(&into).unwrap();
        unpack(&file, &into).unwrap();
        let again = load(&PackSource::Dir(into));
        assert!(again.problems.is_empty());
        assert_eq!(again.pack.as_ref().unwrap().cards, pack.cards);
        assert_eq!(again.pack.as_ref().unwrap().diagrams, pack.diagrams);
        assert_eq!(again.pack.as_ref().unwrap().primers, pack.primers);
    }
}

#[test]
fn an_update_keeps_progress_and_reports_the_diff_and_a_failed_one_changes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let v1 = work.path().join("v1.kspack");
    std::fs::write(&v1, zip_of(&[("pack.ron", MANIFEST.as_bytes())])).unwrap();
    let (code, out, err) =
        common::run_cli(|o, e| kubestudy::cli::import(Some(&dirs(home.path())), &v1, false, o, e));
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Shared 1.0.0 (shared)") && out.contains("license CC0-1.0"),
        "{out}"
    );
    // Study card a.
    let clock = FixedClock::new(common::ui::NOW, 0);
    {
        let library =
            Library::from_reports(&[load(&PackSource::Dir(home.path().join("packs/shared")))]);
        let mut engine =
            Engine::new(Store::open(home.path()).unwrap(), Settings::default()).unwrap();
        engine.sync_library(&library, &clock).unwrap();
        engine
            .answer(
                &ItemKey::new("shared", "a"),
                ItemKind::Card,
                Rating::Good,
                "review",
                0,
                &clock,
            )
            .unwrap();
    }
    // 1.1.0: a changed, b removed, c added.
    let v2_text = MANIFEST
        .replace("1.0.0", "1.1.0")
        .replace(r#"(id: "a", front: "A?", answer: Text("a")), (id: "b", front: "B?", answer: Text("b"))"#,
                 r#"(id: "a", front: "A, again?", answer: Text("a")), (id: "c", front: "C?", answer: Text("c"))"#);
    let v2 = work.path().join("v2.kspack");
    std::fs::write(&v2, zip_of(&[("pack.ron", v2_text.as_bytes())])).unwrap();
    let (code, out, err) =
        common::run_cli(|o, e| kubestudy::cli::import(Some(&dirs(home.path())), &v2, false, o, e));
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("installed now: 1.0.0; 1 item added, 1 changed, 1 removed"),
        "{out}"
    );
    let library =
        Library::from_reports(&[load(&PackSource::Dir(home.path().join("packs/shared")))]);
    let mut engine = Engine::new(Store::open(home.path()).unwrap(), Settings::default()).unwrap();
    engine.sync_library(&library, &clock).unwrap();
    assert_eq!(
        engine.state(&ItemKey::new("shared", "a")).unwrap().reps,
        1,
        "progress kept by id"
    );
    drop(engine);
    // Older again: refused without --force. Broken: refused, 1.1.0 stays.
    let (code, _, err) =
        common::run_cli(|o, e| kubestudy::cli::import(Some(&dirs(home.path())), &v1, false, o, e));
    assert_eq!(code, 1);
    assert!(err.contains("already installed"), "{err}");
    let broken = work.path().join("broken.kspack");
    std::fs::write(
        &broken,
        zip_of(&[(
            "pack.ron",
            v2_text
                .replace("1.1.0", "1.2.0")
                .replace("front:", "frnt:")
                .as_bytes(),
        )]),
    )
    .unwrap();
    let (code, out, err) = common::run_cli(|o, e| {
        kubestudy::cli::import(Some(&dirs(home.path())), &broken, false, o, e)
    });
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("pack.ron:") && err.contains("nothing was installed"),
        "{out}{err}"
    );
    let kept = load(&PackSource::Dir(home.path().join("packs/shared")));
    assert_eq!(kept.pack.unwrap().manifest.version.to_string(), "1.1.0");
    let left: Vec<_> = std::fs::read_dir(home.path().join("packs"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != ".lock")
        .collect();
    assert_eq!(left, ["shared"], "no staging folder left behind");
    // Remove keeps progress unless asked.
    let (code, out, _) = common::run_cli(|o, e| {
        kubestudy::cli::remove(Some(&dirs(home.path())), "shared", false, o, e)
    });
    assert_eq!(code, 0);
    assert!(out.contains("progress is kept"));
    assert_eq!(Store::open(home.path()).unwrap().review_count().unwrap(), 1);
}

#[test]
fn hostile_archives_are_refused_with_nothing_written() {
    let manifest = MANIFEST.as_bytes();
    let zeros = vec![0u8; 30 * 1024 * 1024];
    let many: Vec<(String, Vec<u8>)> = (0..10_001)
        .map(|i| (format!("f{i}.ron"), Vec::new()))
        .collect();
    let many_refs: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let mut compressed = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflate = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    compressed.start_file("pack.ron", deflate).unwrap();
    compressed.write_all(manifest).unwrap();
    compressed.start_file("bomb.ron", deflate).unwrap();
    compressed.write_all(&zeros).unwrap();
    let bomb = compressed.finish().unwrap().into_inner();
    let mut linked = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    linked
        .start_file("pack.ron", zip::write::SimpleFileOptions::default())
        .unwrap();
    linked.write_all(manifest).unwrap();
    linked
        .add_symlink(
            "assets/x.png",
            "/etc/passwd",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    let linked = linked.finish().unwrap().into_inner();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "zip slip",
            zip_of(&[("pack.ron", manifest), ("../evil.ron", b"x")]),
            "leave the pack folder",
        ),
        (
            "absolute",
            zip_of(&[("pack.ron", manifest), ("/tmp/evil.ron", b"x")]),
            "absolute",
        ),
        (
            "backslash",
            zip_of(&[("pack.ron", manifest), ("..\\evil.ron", b"x")]),
            "separators",
        ),
        ("link", linked, "links are not allowed"),
        ("too many entries", zip_of(&many_refs), "entries"),
        ("bomb", bomb, "zip bomb"),
        (
            "duplicate",
            zip_of(&[("pack.ron", manifest), ("PACK.ron", manifest)]),
            "twice",
        ),
        (
            "no manifest",
            zip_of(&[("cards.ron", b"(cards: [])")]),
            "no pack.ron",
        ),
        ("not a zip", b"hello, not a zip".to_vec(), "not a pack file"),
    ];
    for (what, bytes, message) in cases {
        let home = tempfile::tempdir().unwrap();
        let work = tempfile::tempdir().unwrap();
        let file = work.path().join("hostile.kspack");
        std::fs::write(&file, bytes).unwrap();
        let (code, out, err) = common::run_cli(|o, e| {
            kubestudy::cli::import(Some(&dirs(home.path())), &file, false, o, e)
        });
        assert_eq!(code, 1, "{what}: {out}{err}");
        assert!(err.contains(message), "{what}: {err}");
        nothing_written(home.path());
        assert!(!work.path().parent().unwrap().join("evil.ron").exists());
    }
}

#[test]
fn oversized_malformed_and_staged_imports_write_nothing() {
    let manifest = MANIFEST.as_bytes();
    // Over 200 MB: refused before reading (a sparse file).
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let big = work.path().join("big.kspack");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(201 * 1024 * 1024)
        .unwrap();
    let (code, _, err) =
        common::run_cli(|o, e| kubestudy::cli::import(Some(&dirs(home.path())), &big, false, o, e));
    assert_eq!(code, 1);
    assert!(err.contains("at most 200 MiB"), "{err}");
    nothing_written(home.path());
    // Malformed content and non-UTF-8 text: located problems, nothing installed.
    for (what, bytes) in [
        ("malformed", b"(id: \"shared\", version: ".to_vec()),
        ("not utf-8", [MANIFEST.as_bytes(), &[0xff, 0xfe]].concat()),
    ] {
        let home = tempfile::tempdir().unwrap();
        let file = work.path().join(format!("{what}.kspack"));
        std::fs::write(&file, zip_of(&[("pack.ron", &bytes)])).unwrap();
        let (code, out, err) = common::run_cli(|o, e| {
            kubestudy::cli::import(Some(&dirs(home.path())), &file, false, o, e)
        });
        assert_eq!(code, 1, "{what}");
        assert!(
            out.contains("pack.ron:") || err.contains("pack.ron"),
            "{what}: {out}{err}"
        );
        nothing_written(home.path());
    }
    // Staging directly: a hostile file leaves no folder behind.
    let home = tempfile::tempdir().unwrap();
    let file = work.path().join("slip.kspack");
    std::fs::write(&file, zip_of(&[("pack.ron", manifest), ("../x.ron", b"x")])).unwrap();
    assert!(stage(&home.path().join("packs"), &file).is_err());
    nothing_written(home.path());
}

#[test]
fn a_newer_import_overrides_a_built_in_and_removing_it_restores_the_built_in() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let (library, _) = Library::builtin();
    let pack = library
        .packs()
        .iter()
        .find(|p| p.id().as_str() == "k8s-workloads")
        .unwrap();
    let source = kubestudy::pack::builtin::sources()
        .into_iter()
        .find(|s| s.describe().ends_with("k8s-workloads"))
        .unwrap();
    // The built-in's files with a newer version number (its patch number plus one).
    let builtin = pack.manifest.version.clone();
    let mut newer = builtin.clone();
    newer.patch += 1;
    let (builtin, newer) = (builtin.to_string(), newer.to_string());
    let files = kubestudy::pack::share::pack_files(&source, pack).unwrap();
    let entries: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(name, bytes)| {
            let bytes = if name == "pack.ron" {
                String::from_utf8(bytes)
                    .unwrap()
                    .replace(
                        &format!("version: \"{builtin}\""),
                        &format!("version: \"{newer}\""),
                    )
                    .into_bytes()
            } else {
                bytes
            };
            (name, bytes)
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let file = work.path().join(format!("k8s-workloads-{newer}.kspack"));
    std::fs::write(&file, zip_of(&refs)).unwrap();
    let current = |home: &Path| {
        let mut sources = kubestudy::pack::builtin::sources();
        sources.extend(kubestudy::pack::library::installed_sources(
            &home.join("packs"),
        ));
        let reports: Vec<_> = sources.iter().map(load).collect();
        let library = Library::from_reports(&reports);
        let p = library
            .packs()
            .iter()
            .find(|p| p.id().as_str() == "k8s-workloads")
            .unwrap()
            .clone();
        (p.manifest.version.to_string(), p.builtin)
    };
    assert_eq!(current(home.path()), (builtin.clone(), true));
    let (code, out, err) = common::run_cli(|o, e| {
        kubestudy::cli::import(Some(&dirs(home.path())), &file, false, o, e)
    });
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!(
            "installed now: {builtin}; 0 items added, 0 changed, 0 removed"
        )),
        "{out}"
    );
    assert_eq!(
        current(home.path()),
        (newer, false),
        "the newer import wins"
    );
    let (code, _, _) = common::run_cli(|o, e| {
        kubestudy::cli::remove(Some(&dirs(home.path())), "k8s-workloads", false, o, e)
    });
    assert_eq!(code, 0);
    assert_eq!(
        current(home.path()),
        (builtin, true),
        "the built-in is back"
    );
}
