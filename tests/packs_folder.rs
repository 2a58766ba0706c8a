//! The packs folder under attack (hostile-test findings 3, 4, 5, 10, 11, 12, 13, 14, 18, 24, 28,
//! 34, 38, 39): removes take only an installed pack's id and remove that pack, installs follow
//! the version rules under one lock, unused files are never installed, and a killed command's
//! leftovers are finished at the next start.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use kubestudy::dirs::AppDirs;
use kubestudy::pack::{Library, load};

fn dirs(home: &Path) -> AppDirs {
    AppDirs::resolve(Some(home)).unwrap()
}

/// A pack manifest with this id, version and title, and `cards` cards.
fn manifest(id: &str, version: &str, title: &str, cards: usize) -> String {
    let cards: Vec<String> = (0..cards)
        .map(|i| format!(r#"(id: "c{i}", front: "Q{i}?", answer: Text("a{i}"))"#))
        .collect();
    format!(
        r#"(id: "{id}", version: "{version}", title: "{title}", summary: "A pack for tests.", language: "en",
 license: "CC0-1.0", authors: ["Tester"], kubernetes: "1.35", cards: [{}])"#,
        cards.join(", ")
    )
}

/// A `.kspack` in `dir` named `name`, with these entries.
fn kspack(dir: &Path, name: &str, entries: &[(&str, &[u8])]) -> PathBuf {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (entry, bytes) in entries {
        zip.start_file(*entry, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    let path = dir.join(name);
    fs::write(&path, zip.finish().unwrap().into_inner()).unwrap();
    path
}

fn import(home: &Path, file: &Path, force: bool) -> (i32, String, String) {
    common::run_cli(|o, e| kubestudy::cli::import(Some(&dirs(home)), file, force, o, e))
}

fn remove(home: &Path, id: &str, delete_progress: bool) -> (i32, String, String) {
    common::run_cli(|o, e| kubestudy::cli::remove(Some(&dirs(home)), id, delete_progress, o, e))
}

/// (id, version, title) of every installed pack that loads.
fn installed(home: &Path) -> Vec<(String, String, String)> {
    let sources = kubestudy::pack::library::installed_sources(&home.join("packs"));
    let mut out: Vec<_> = sources
        .iter()
        .filter_map(|s| load(s).pack)
        .map(|p| {
            (
                p.id().to_string(),
                p.manifest.version.to_string(),
                p.manifest.title.clone(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Names in `packs/` other than the lock file.
fn names_in_packs(home: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(home.join("packs"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.retain(|n| n != ".lock");
    names.sort();
    names
}

/// Finding 3: `remove ""` deleted the whole packs folder (a single-file pack named `pack.ron`).
#[test]
fn remove_refuses_anything_but_a_pack_id() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let team = manifest("team-notes", "3.2.0", "Team", 2);
    let file = kspack(work.path(), "team.kspack", &[("pack.ron", team.as_bytes())]);
    assert_eq!(import(home.path(), &file, false).0, 0);
    fs::write(
        home.path().join("packs/pack.ron"),
        manifest("solo", "1.0.0", "Solo", 1),
    )
    .unwrap();
    for id in [
        "",
        ".",
        "..",
        "../packs",
        "packs",
        "pack.ron",
        "/",
        "team-notes/",
    ] {
        let (code, _, err) = remove(home.path(), id, false);
        assert_ne!(code, 0, "{id:?}: {err}");
        assert_eq!(
            names_in_packs(home.path()),
            ["pack.ron", "team-notes"],
            "{id:?} removed something"
        );
    }
}

/// Findings 4 and 39: `remove ID` deleted the folder named ID whatever pack it held, and a
/// single-file pack could not be removed.
#[test]
fn remove_removes_the_pack_with_that_id_wherever_it_is() {
    let home = tempfile::tempdir().unwrap();
    let packs = home.path().join("packs");
    fs::create_dir_all(packs.join("alpha")).unwrap();
    fs::create_dir_all(packs.join("beta")).unwrap();
    fs::write(
        packs.join("alpha/pack.ron"),
        manifest("beta", "1.0.0", "B", 1),
    )
    .unwrap();
    fs::write(
        packs.join("beta/pack.ron"),
        manifest("alpha", "1.0.0", "A", 1),
    )
    .unwrap();
    fs::write(packs.join("solo.ron"), manifest("solo", "1.0.0", "S", 1)).unwrap();
    let (code, out, err) = remove(home.path(), "alpha", false);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(names_in_packs(home.path()), ["alpha", "solo.ron"]);
    assert_eq!(installed(home.path())[0].0, "beta", "beta is untouched");
    let (code, out, err) = remove(home.path(), "solo", false);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(names_in_packs(home.path()), ["alpha"]);
}

/// Findings 5, 28 and 34: the version rules, for `import` and `import-text` alike.
#[test]
fn the_version_rules_hold_for_every_way_in() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let v320 = manifest("team-notes", "3.2.0", "Curated", 2);
    let team = kspack(w, "team.kspack", &[("pack.ron", v320.as_bytes())]);
    assert_eq!(import(home.path(), &team, false).0, 0);
    // A text import over it needs --force, and names the installed version.
    let tsv = w.join("anki.tsv");
    fs::write(&tsv, "q1\ta1\nq2\ta2\n").unwrap();
    let text = |id: &'static str, force: bool| {
        let tsv = tsv.clone();
        let home = home.path().to_owned();
        common::run_cli(move |o, e| {
            let args = kubestudy::cli::TextImport {
                file: &tsv,
                id,
                columns: kubestudy::pack::tsv::Columns::default(),
                preview: false,
                force,
            };
            kubestudy::cli::import_text(Some(&dirs(&home)), &args, o, e)
        })
    };
    let (code, out, err) = text("team-notes", false);
    assert_ne!(code, 0, "{out}{err}");
    assert!(
        err.contains("3.2.0 is already installed") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(installed(home.path())[0].2, "Curated");
    // Build metadata has no precedence: 3.2.0+other is the same version.
    let other = manifest("team-notes", "3.2.0+other", "Other", 1);
    let other = kspack(w, "other.kspack", &[("pack.ron", other.as_bytes())]);
    let (code, _, err) = import(home.path(), &other, false);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(installed(home.path())[0].2, "Curated");
    // A built-in of the same or a newer version wins, so even --force is refused and says why.
    let (library, _) = Library::builtin();
    let builtin = &library.packs()[0];
    let same = manifest(
        builtin.id().as_str(),
        &builtin.manifest.version.to_string(),
        "Mine",
        1,
    );
    let same = kspack(w, "same.kspack", &[("pack.ron", same.as_bytes())]);
    let (code, _, err) = import(home.path(), &same, true);
    assert_ne!(code, 0, "{err}");
    assert!(
        err.contains("takes precedence") && err.contains("higher version"),
        "{err}"
    );
    let (code, _, err) = text("k8s-workloads", true);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("takes precedence"), "{err}");
    assert_eq!(installed(home.path()).len(), 1, "nothing else installed");
}

/// Findings 10 and 24: unused files are never installed, and problems name the user's file.
#[test]
fn only_the_files_a_pack_uses_are_installed_and_problems_name_the_archive() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let m = manifest("fill", "1.0.0", "Fill", 1);
    let zeros = vec![0u8; 1 << 20];
    let fill = |ext: &str| {
        let mut entries: Vec<(String, Vec<u8>)> = vec![("pack.ron".into(), m.clone().into_bytes())];
        for i in 0..40 {
            entries.push((format!("assets/junk{i}.{ext}"), zeros.clone()));
        }
        let refs: Vec<(&str, &[u8])> = entries
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        kspack(work.path(), &format!("fill-{ext}.kspack"), &refs)
    };
    // The report's repro (300 there, 40 here): never-used 1 MiB files are not even inflated.
    let (code, out, err) = import(home.path(), &fill("bin"), false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("left out 40 files"), "{out}");
    let files: Vec<_> = fs::read_dir(home.path().join("packs/fill"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files, ["pack.ron"]);
    assert_eq!(remove(home.path(), "fill", false).0, 0);
    // As images they would be kept, so the whole archive's ratio refuses them, each under 1 MiB.
    let (code, out, err) = import(home.path(), &fill("png"), false);
    assert_ne!(code, 0, "{out}{err}");
    assert!(err.contains("zip bomb"), "{err}");
    assert!(
        names_in_packs(home.path()).is_empty(),
        "{:?}",
        names_in_packs(home.path())
    );
    // Files that are not pack files are left out and named, never installed.
    let m = manifest("extra", "1.0.0", "Extra", 1);
    let extra = kspack(
        work.path(),
        "extra.kspack",
        &[
            ("pack.ron", m.as_bytes()),
            ("README.exe", b"MZ"),
            (".hidden", b"x"),
            ("progress.sqlite3", b"SQLite format 3\0"),
            ("unused.ron", b"(cards: [])"),
        ],
    );
    let (code, out, err) = import(home.path(), &extra, false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("left out 4 files"), "{out}");
    let files: Vec<_> = fs::read_dir(home.path().join("packs/extra"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files, ["pack.ron"]);
    // A broken pack's problems cite `file.kspack!pack.ron:line:col`.
    let broken = kspack(
        work.path(),
        "broken.kspack",
        &[("pack.ron", b"(id: \"broken\", version: 1)")],
    );
    let (code, out, err) = import(home.path(), &broken, false);
    assert_ne!(code, 0);
    let shown = format!("{}!pack.ron:1:", broken.display());
    assert!(out.contains(&shown), "{out}{err}");
    assert!(!out.contains(".import-"), "{out}");
}

/// Finding 14: a title with escape sequences reaches the terminal escaped.
#[test]
fn pack_text_reaches_the_terminal_escaped() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let m = manifest(
        "ansi",
        "1.0.0",
        r"\u{1b}[2J\u{1b}[32mkubestudy: verified\u{1b}[0m\u{1b}]0;pwned\u{7}",
        1,
    );
    let file = kspack(work.path(), "ansi.kspack", &[("pack.ron", m.as_bytes())]);
    let (_, out, err) = import(home.path(), &file, false);
    assert!(
        !out.contains('\u{1b}') && !err.contains('\u{1b}'),
        "{out}{err}"
    );
    assert!(!out.contains('\u{7}'), "{out}");
}

/// Finding 18: with the store locked (the window open), `remove --delete-progress` removes
/// nothing, so it can be retried.
#[test]
fn remove_with_progress_checks_the_store_first() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let m = manifest("team-notes", "1.0.0", "Team", 1);
    let file = kspack(work.path(), "t.kspack", &[("pack.ron", m.as_bytes())]);
    assert_eq!(import(home.path(), &file, false).0, 0);
    let store = kubestudy::progress::Store::open(home.path()).unwrap();
    let (code, _, err) = remove(home.path(), "team-notes", true);
    assert_ne!(code, 0);
    assert!(err.contains("nothing was removed"), "{err}");
    assert_eq!(names_in_packs(home.path()), ["team-notes"]);
    drop(store);
    let (code, out, err) = remove(home.path(), "team-notes", true);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("deleted its progress"), "{out}");
}

/// Finding 38: export does not overwrite without --force, and replaces atomically with it.
#[test]
fn export_asks_before_replacing_a_file() {
    let work = tempfile::tempdir().unwrap();
    let target = work.path().join("mine.kspack");
    fs::write(&target, b"keep me").unwrap();
    let run = |force: bool| {
        let target = target.clone();
        common::run_cli(move |o, e| {
            kubestudy::cli::export(None, "k8s-workloads", Some(&target), force, o, e)
        })
    };
    let (code, _, err) = run(false);
    assert_ne!(code, 0);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(fs::read(&target).unwrap(), b"keep me");
    let (code, out, err) = run(true);
    assert_eq!(code, 0, "{out}{err}");
    assert!(fs::read(&target).unwrap().starts_with(b"PK"));
}

/// Findings 12 and 13: what a killed command leaves (a half-removed copy, a staging folder of
/// a process that is gone, a copy set aside by an install that never finished) is finished at
/// the next start.
#[test]
fn leftovers_of_killed_commands_are_finished_at_start() {
    let home = tempfile::tempdir().unwrap();
    let packs = home.path().join("packs");
    fs::create_dir_all(packs.join(".removing-1-2-0-flat")).unwrap();
    fs::write(packs.join(".removing-1-2-0-flat/junk.txt"), "x").unwrap();
    fs::create_dir_all(packs.join(".import-1-2-0")).unwrap();
    fs::write(packs.join(".import-1-2-0/pack.ron"), "(").unwrap();
    // An install killed between its renames: the old copy aside, the new one not in place.
    fs::create_dir_all(packs.join(".replaced-1-2-0-team-notes")).unwrap();
    fs::write(
        packs.join(".replaced-1-2-0-team-notes/pack.ron"),
        manifest("team-notes", "1.0.0", "Team", 1),
    )
    .unwrap();
    // An install killed after its renames: the new copy is in place, the old one aside.
    fs::create_dir_all(packs.join("other")).unwrap();
    fs::write(
        packs.join("other/pack.ron"),
        manifest("other", "2.0.0", "New", 1),
    )
    .unwrap();
    fs::create_dir_all(packs.join(".replaced-1-3-0-other")).unwrap();
    fs::write(
        packs.join(".replaced-1-3-0-other/pack.ron"),
        manifest("other", "1.0.0", "Old", 1),
    )
    .unwrap();
    let (code, out, err) =
        common::run_cli(|o, e| kubestudy::cli::list(Some(&dirs(home.path())), false, o, e));
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(names_in_packs(home.path()), ["other", "team-notes"]);
    let now = installed(home.path());
    assert_eq!(now[0].1, "2.0.0");
    assert_eq!(now[1].1, "1.0.0");
}

/// A staging folder of a live process (the window's preview of an import) is not taken for a
/// leftover.
#[test]
fn a_live_staging_folder_is_left_alone() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let m = manifest("team-notes", "1.0.0", "Team", 1);
    let file = kspack(work.path(), "t.kspack", &[("pack.ron", m.as_bytes())]);
    let packs = home.path().join("packs");
    let staged = kubestudy::pack::share::stage(&packs, &file).unwrap();
    fs::create_dir_all(packs.join(".removing-1-2-0-x")).unwrap();
    kubestudy::pack::installed::recover(&packs);
    assert!(staged.dir().is_dir());
    assert!(!packs.join(".removing-1-2-0-x").exists());
}

/// Finding 11: two imports at once never leave the older version installed.
#[test]
fn concurrent_imports_never_downgrade() {
    let bin = env!("CARGO_BIN_EXE_kubestudy");
    let work = tempfile::tempdir().unwrap();
    let padding = vec![b'x'; 100];
    let make = |v: &str| {
        let m = manifest("race", v, v, 1);
        let mut entries: Vec<(String, Vec<u8>)> = vec![("pack.ron".into(), m.into_bytes())];
        for i in 0..100 {
            entries.push((format!("f{i}.ron"), padding.clone()));
        }
        let refs: Vec<(&str, &[u8])> = entries
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        kspack(work.path(), &format!("race-{v}.kspack"), &refs)
    };
    let (v1, v2, v3) = (make("1.0.0"), make("2.0.0"), make("3.0.0"));
    for round in 0..8 {
        let home = tempfile::tempdir().unwrap();
        let run = |file: &Path| {
            Command::new(bin)
                .arg("import")
                .arg(file)
                .env("KUBESTUDY_HOME", home.path())
                .output()
                .unwrap()
        };
        assert!(run(&v1).status.success());
        let spawn = |file: &Path| {
            Command::new(bin)
                .arg("import")
                .arg(file)
                .env("KUBESTUDY_HOME", home.path())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        };
        let (mut a, mut b) = (spawn(&v3), spawn(&v2));
        let (_, _) = (a.wait().unwrap(), b.wait().unwrap());
        let now = installed(home.path());
        assert_eq!(now.len(), 1, "round {round}: {now:?}");
        assert_eq!(now[0].1, "3.0.0", "round {round}: downgraded");
        assert_eq!(names_in_packs(home.path()), ["race"], "round {round}");
    }
}

/// Finding 14: `list` and `check` print ids, titles and problems escaped.
#[test]
fn list_and_check_print_no_escape_sequences() {
    let home = tempfile::tempdir().unwrap();
    let packs = home.path().join("packs");
    fs::create_dir_all(packs.join("ansi")).unwrap();
    let m = manifest("ansi", "1.0.0", r"\u{1b}[2J\u{1b}[32mverified\u{1b}[8m", 1)
        .replace(r#"id: "c0""#, r#"id: "x\u{1b}[2K\rinstalled""#);
    fs::write(packs.join("ansi/pack.ron"), m).unwrap();
    let (_, out, err) =
        common::run_cli(|o, e| kubestudy::cli::list(Some(&dirs(home.path())), false, o, e));
    assert!(out.contains("verified"), "{out}");
    assert!(
        !out.contains('\u{1b}') && !err.contains('\u{1b}'),
        "{out}{err}"
    );
    let (_, out, err) =
        common::run_cli(|o, e| kubestudy::cli::check(&[packs.join("ansi")], false, o, e));
    assert!(!out.contains('\u{1b}') && !out.contains('\r'), "{out}{err}");
}

/// An include however it is spelled (`./x/./more.ron`) is a file the pack uses, so it is kept.
#[test]
fn includes_spelled_oddly_are_kept() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let m = manifest("odd", "1.0.0", "Odd", 1)
        .replace("cards: [", r#"include: ["./x/./more.ron"], cards: ["#);
    let file = kspack(
        work.path(),
        "odd.kspack",
        &[
            ("pack.ron", m.as_bytes()),
            (
                "x/more.ron",
                br#"(cards: [(id: "m", front: "M?", answer: Text("m"))])"#,
            ),
        ],
    );
    let (code, out, err) = import(home.path(), &file, false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("left out"), "{out}");
    let report = load(&kubestudy::pack::PackSource::Dir(
        home.path().join("packs/odd"),
    ));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.pack.unwrap().cards.len(), 2);
}
