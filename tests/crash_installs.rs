//! Crash consistency of installs and removes (hostile-test findings 6, 12, 13): the real binary
//! is killed (SIGKILL, by strace's fault injection) at each invocation in turn of every
//! syscall that changes the packs folder (renames, folder creation, unlinks, writes, syncs),
//! then started again. Every time, the previous or the new version is installed, whole, and
//! nothing is left over.
//!
//! Needs `strace` (`bash .ci/install-system-packages` installs it); without it the test fails
//! and says so, rather than passing without having run.
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Syscalls a kill is injected at, each counted on its own by strace.
const SYSCALLS: &[&str] = &[
    "rename",
    "renameat",
    "renameat2",
    "mkdir",
    "mkdirat",
    "unlink",
    "unlinkat",
    "rmdir",
    "write",
    "fsync",
    "openat",
];

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_kubestudy")
}

fn manifest(version: &str, cards: usize) -> String {
    let cards: Vec<String> = (0..cards)
        .map(|i| format!(r#"(id: "c{i}", front: "Q{i}?", answer: Text("a{i}"))"#))
        .collect();
    format!(
        r#"(id: "team-notes", version: "{version}", title: "Team {version}", summary: "s", language: "en",
 license: "CC0-1.0", authors: ["T"], kubernetes: "1.35", include: ["more.ron"], cards: [{}])"#,
        cards.join(", ")
    )
}

/// A two-file `.kspack` of version `version`.
fn kspack(dir: &Path, version: &str, cards: usize) -> PathBuf {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("pack.ron", options).unwrap();
    zip.write_all(manifest(version, cards).as_bytes()).unwrap();
    zip.start_file("more.ron", options).unwrap();
    zip.write_all(
        format!(r#"(cards: [(id: "m", front: "{version}?", answer: Text("m"))])"#).as_bytes(),
    )
    .unwrap();
    let path = dir.join(format!("team-{version}.kspack"));
    fs::write(&path, zip.finish().unwrap().into_inner()).unwrap();
    path
}

fn run(home: &Path, args: &[&str], kill_at: Option<(&str, usize)>) -> Output {
    let mut command = match kill_at {
        Some((syscall, n)) => {
            let mut c = Command::new("strace");
            c.args([
                "-f",
                "-qq",
                "-o",
                "/dev/null",
                "-e",
                &format!("trace={syscall}"),
                "-e",
                &format!("inject={syscall}:signal=SIGKILL:when={n}"),
                bin(),
            ]);
            c
        }
        None => Command::new(bin()),
    };
    command
        .args(args)
        .env("KUBESTUDY_HOME", home)
        .output()
        .unwrap()
}

/// The versions of team-notes installed, after a start (`list`) has recovered the folder;
/// fails on any leftover or a copy that does not load clean.
fn after_restart(home: &Path, context: &str) -> Vec<String> {
    let out = run(home, &["list", "--json"], None);
    assert!(out.status.success(), "{context}: list failed");
    let packs = home.join("packs");
    let mut versions = Vec::new();
    let Ok(entries) = fs::read_dir(&packs) else {
        return versions;
    };
    for entry in entries {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name == ".lock" {
            continue;
        }
        assert!(!name.starts_with('.'), "{context}: leftover {name}");
        let report =
            kubestudy::pack::load(&kubestudy::pack::PackSource::from_path(&packs.join(&name)));
        assert!(
            report.problems.is_empty(),
            "{context}: {name} is not whole: {:?}",
            report.problems
        );
        let pack = report.pack.unwrap();
        versions.push(pack.manifest.version.to_string());
    }
    versions
}

/// Runs `args` killed at each invocation of each syscall in turn, `setup` making the starting
/// state each time; `check` judges the versions installed after a restart. Returns how many
/// kills were injected.
fn kill_loop(args: &[&str], setup: &dyn Fn(&Path), check: &dyn Fn(&[String], &str)) -> usize {
    let mut kills = 0;
    for syscall in SYSCALLS {
        for n in 1..10_000 {
            let home = tempfile::tempdir().unwrap();
            setup(home.path());
            let out = run(home.path(), args, Some((syscall, n)));
            let killed = !out.status.success() && out.status.code().is_none();
            let context = format!("{} killed at {syscall} #{n}", args.join(" "));
            let versions = after_restart(home.path(), &context);
            check(&versions, &context);
            if !killed {
                break; // The command ran to its end: every invocation has had its turn.
            }
            kills += 1;
        }
    }
    kills
}

fn strace_present() {
    let ok = Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "this test needs strace: run `bash .ci/install-system-packages` (Debian/Ubuntu)"
    );
}

#[test]
fn a_killed_update_leaves_the_old_or_the_new_version() {
    strace_present();
    let work = tempfile::tempdir().unwrap();
    let v1 = kspack(work.path(), "1.0.0", 3);
    let v2 = kspack(work.path(), "2.0.0", 5);
    let setup = |home: &Path| {
        let out = run(home, &["import", v1.to_str().unwrap()], None);
        assert!(out.status.success());
    };
    let check = |versions: &[String], context: &str| {
        assert!(
            versions == ["1.0.0"] || versions == ["2.0.0"],
            "{context}: installed {versions:?}"
        );
    };
    let kills = kill_loop(&["import", v2.to_str().unwrap()], &setup, &check);
    eprintln!("{kills} kills injected");
    assert!(kills > 20, "only {kills} kills were injected");
}

#[test]
fn a_killed_first_install_leaves_nothing_or_the_pack() {
    strace_present();
    let work = tempfile::tempdir().unwrap();
    let v1 = kspack(work.path(), "1.0.0", 3);
    let check = |versions: &[String], context: &str| {
        assert!(
            versions.is_empty() || versions == ["1.0.0"],
            "{context}: installed {versions:?}"
        );
    };
    let kills = kill_loop(&["import", v1.to_str().unwrap()], &|_| {}, &check);
    assert!(kills > 10, "only {kills} kills were injected");
}

#[test]
fn a_killed_remove_leaves_the_pack_whole_or_gone() {
    strace_present();
    let work = tempfile::tempdir().unwrap();
    let v1 = kspack(work.path(), "1.0.0", 3);
    let setup = |home: &Path| {
        let out = run(home, &["import", v1.to_str().unwrap()], None);
        assert!(out.status.success());
    };
    let check = |versions: &[String], context: &str| {
        assert!(
            versions.is_empty() || versions == ["1.0.0"],
            "{context}: installed {versions:?}"
        );
    };
    let kills = kill_loop(&["remove", "team-notes"], &setup, &check);
    assert!(kills > 5, "only {kills} kills were injected");
}
