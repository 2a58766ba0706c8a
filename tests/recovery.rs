//! Getting progress back: backups that survive a database gone wrong, `kubestudy restore`, the
//! window's restore button, and storage messages that say what happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use kubestudy::progress::{Store, backup};

/// Runs the binary on `home`: (exit code, stdout, stderr).
fn run(home: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_kubestudy"))
        .args(args)
        .env("KUBESTUDY_HOME", home)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn db(home: &Path) -> PathBuf {
    home.join("progress.sqlite3")
}

/// Logs `n` answers on study day `day` straight into the database (a store must exist).
fn add_answers(home: &Path, n: usize, day: i64) {
    let mut conn = rusqlite::Connection::open(db(home)).unwrap();
    let tx = conn.transaction().unwrap();
    for i in 0..n {
        tx.execute(
            "INSERT INTO reviews (pack, item, time, day, rating, elapsed_days, mode, duration_ms, \
             before) VALUES ('k8s-workloads', ?1, 0, ?2, 3, 0, 'review', 0, '{}')",
            rusqlite::params![format!("item-{}", i % 40), day],
        )
        .unwrap();
    }
    tx.commit().unwrap();
}

/// A home with `n` answers and a backup of them dated `date`.
fn home_with_backup(n: usize, date: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    drop(Store::open(home.path()).unwrap());
    add_answers(home.path(), n, 20_000);
    let store = Store::open(home.path()).unwrap();
    backup::daily(&store, home.path(), date).unwrap();
    home
}

fn aside_files(home: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(home)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".before-restore-"))
        .collect();
    found.sort();
    found
}

#[test]
fn an_emptied_database_is_refused_and_restore_puts_the_backup_back() {
    let home = home_with_backup(30, "2026-11-20");
    let store = Store::open(home.path()).unwrap();
    backup::daily(&store, home.path(), "2026-11-21").unwrap();
    drop(store);
    std::fs::write(db(home.path()), b"").unwrap();

    // Every command refuses the empty file, naming the backup and the way back.
    let (code, _, stderr) = run(home.path(), &["stats"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("is empty, but the backup")
            && stderr.contains("progress-2026-11-21.sqlite3")
            && stderr.contains("holds 30 answers")
            && stderr.contains("kubestudy restore"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(db(home.path())).unwrap(), b"");

    // The list: newest first, answers in each, and which would be restored.
    let (code, stdout, stderr) = run(home.path(), &["restore"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].ends_with("progress.sqlite3: empty (0 bytes)"),
        "{stdout}"
    );
    let first = lines.iter().position(|l| l.contains("2026-11-21")).unwrap();
    let second = lines.iter().position(|l| l.contains("2026-11-20")).unwrap();
    assert!(first < second, "newest first: {stdout}");
    assert!(lines[first].contains("30 answers"), "{stdout}");
    assert!(
        stdout.contains(
            "`kubestudy restore 2026-11-21` puts back the newest with answers (30 answers)"
        ),
        "{stdout}"
    );

    let (code, stdout, stderr) = run(home.path(), &["restore", "2026-11-21"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("restored ") && stdout.contains("(30 answers)"),
        "{stdout}"
    );
    assert!(stdout.contains("opens with 30 answers"), "{stdout}");
    let aside = aside_files(home.path());
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        std::fs::read(&aside[0]).unwrap(),
        b"",
        "the emptied file is kept"
    );
    let (code, _, stderr) = run(home.path(), &["stats"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        Store::open(home.path()).unwrap().review_count().unwrap(),
        30
    );
}

#[test]
fn restore_refuses_a_damaged_backup_or_an_unknown_one_and_changes_nothing() {
    let home = home_with_backup(5, "2026-11-20");
    let backup = backup::path_of(home.path(), "2026-11-20");
    rusqlite::Connection::open(&backup)
        .unwrap()
        .execute_batch(
            "PRAGMA writable_schema = ON;
             UPDATE sqlite_master SET sql = 'CREATE INDEX reviews_item ON reviews (item, pack, id)'
             WHERE name = 'reviews_item';",
        )
        .unwrap();
    let before = std::fs::read(db(home.path())).unwrap();
    let (code, _, stderr) = run(home.path(), &["restore", "2026-11-20"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("cannot be restored (integrity check failed")
            && stderr.contains("progress-2026-11-20.sqlite3")
            && stderr.contains("nothing was changed"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(db(home.path())).unwrap(), before);
    assert!(aside_files(home.path()).is_empty());

    let (code, _, stderr) = run(home.path(), &["restore", "1999-01-01"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("there is no backup `1999-01-01`"),
        "{stderr}"
    );
}

#[test]
fn a_foreign_database_and_odd_schema_versions_are_refused_untouched() {
    let home = tempfile::tempdir().unwrap();
    rusqlite::Connection::open(db(home.path()))
        .unwrap()
        .execute_batch("CREATE TABLE firefox (url TEXT);")
        .unwrap();
    let before = std::fs::read(db(home.path())).unwrap();
    let (code, _, stderr) = run(home.path(), &["stats"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("is a SQLite database but not kubestudy's") && stderr.contains("`firefox`"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(db(home.path())).unwrap(), before);

    let home = tempfile::tempdir().unwrap();
    drop(Store::open(home.path()).unwrap());
    for version in [-1, 1] {
        rusqlite::Connection::open(db(home.path()))
            .unwrap()
            .pragma_update(None, "user_version", version)
            .unwrap();
        let (code, _, stderr) = run(home.path(), &["stats"]);
        assert_eq!(code, 1);
        assert!(
            stderr.contains(&format!("unexpected schema version {version}"))
                && stderr.contains("is damaged")
                && !stderr.contains("CREATE"),
            "{stderr}"
        );
    }
}

#[test]
fn unreadable_values_say_damaged_with_the_backup_hint() {
    let home = tempfile::tempdir().unwrap();
    assert_eq!(run(home.path(), &["stats"]).0, 0);
    rusqlite::Connection::open(db(home.path()))
        .unwrap()
        .execute_batch("UPDATE items SET pack = CAST(x'6b38ff' AS TEXT) WHERE id = 5;")
        .unwrap();
    let (code, _, stderr) = run(home.path(), &["stats"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("progress.sqlite3 is damaged (a saved value cannot be read")
            && stderr.contains("backups")
            && stderr.contains("kubestudy restore"),
        "{stderr}"
    );
}

#[test]
fn storage_messages_fit_the_command() {
    let home = tempfile::tempdir().unwrap();
    assert_eq!(run(home.path(), &["stats"]).0, 0);
    let wal = home.path().join("progress.sqlite3-wal");
    std::fs::create_dir(&wal).unwrap();
    let (code, _, stderr) = run(home.path(), &["stats"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!("{} is not a regular file", wal.display())),
        "{stderr}"
    );
    assert!(
        !stderr.contains("read-only") && !stderr.contains("answer"),
        "{stderr}"
    );
}

#[test]
fn unusable_saved_fsrs_parameters_are_reported_by_every_command() {
    let home = tempfile::tempdir().unwrap();
    let mut store = Store::open(home.path()).unwrap();
    store
        .set_meta(kubestudy::study::engine::PARAMETERS_KEY, "[0.4, 1e39]")
        .unwrap();
    drop(store);
    for args in [
        &["stats"][..],
        &["forecast", "--exam", "2099-01-01"],
        &["optimise"],
    ] {
        let (_, _, stderr) = run(home.path(), args);
        assert!(
            stderr.contains(
                "warning: the FSRS parameters saved in the progress database are unusable"
            ),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn optimise_says_when_no_answer_came_a_day_later() {
    let home = tempfile::tempdir().unwrap();
    drop(Store::open(home.path()).unwrap());
    add_answers(home.path(), 600, 20_000);
    let (code, _, stderr) = run(home.path(), &["optimise"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("600 answers logged, but none came a day or more after"),
        "{stderr}"
    );
}

#[test]
fn backups_dated_in_the_future_are_flagged_and_do_not_stop_todays() {
    let home = tempfile::tempdir().unwrap();
    let store = Store::open(home.path()).unwrap();
    for day in 1..=7 {
        backup::daily(&store, home.path(), &format!("2999-01-0{day}")).unwrap();
    }
    drop(store);
    let (code, stdout, stderr) = run(home.path(), &["stats"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("is dated after today") && stderr.contains("2999-01-0"),
        "{stderr}"
    );
    let date = stdout
        .lines()
        .last()
        .and_then(|l| l.strip_prefix("study day "))
        .map(|l| l.chars().take(10).collect::<String>())
        .unwrap();
    assert!(
        backup::path_of(home.path(), &date).exists(),
        "today's backup is kept: {date}"
    );
}

#[cfg(unix)]
#[test]
fn a_data_folder_whose_name_is_not_utf8_gets_its_backup() {
    use std::os::unix::ffi::OsStrExt as _;
    let parent = tempfile::tempdir().unwrap();
    let home = parent
        .path()
        .join(std::ffi::OsStr::from_bytes(b"bad\xff\xfe"));
    let (code, _, stderr) = run(&home, &["stats"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("backup"), "{stderr}");
    assert_eq!(backup::list(&home, None).unwrap().len(), 1);
}

/// Runs the binary on `home` mounted read-only in a private mount namespace (nothing outside
/// the command sees the mount); `None` where that is not allowed (not root).
fn run_read_only(home: &Path, args: &[&str]) -> Option<(i32, String, String)> {
    let bin = env!("CARGO_BIN_EXE_kubestudy");
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let script = format!(
        "mount --bind \"$H\" \"$H\" && mount -o remount,ro,bind \"$H\" \"$H\" || exit 97; \
         touch \"$H/probe\" 2>/dev/null && exit 98; exec \"{bin}\" {}",
        quoted.join(" ")
    );
    let output = Command::new("unshare")
        .args(["--mount", "sh", "-c", &script])
        .env("H", home)
        .env("KUBESTUDY_HOME", home)
        .output()
        .ok()?;
    let code = output.status.code()?;
    if code == 97 || code == 98 {
        return None;
    }
    Some((
        code,
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    ))
}

#[test]
fn a_read_only_home_still_shows_progress_and_refuses_writes_cleanly() {
    let home = tempfile::tempdir().unwrap();
    assert_eq!(run(home.path(), &["stats"]).0, 0);
    let before = std::fs::read(db(home.path())).unwrap();
    let Some((code, stdout, stderr)) = run_read_only(home.path(), &["stats"]) else {
        eprintln!("skipped: no private read-only mount here (needs root)");
        return;
    };
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("k8s-workloads"), "{stdout}");
    assert!(stderr.contains("read-only view"), "{stderr}");
    let (code, stdout, stderr) =
        run_read_only(home.path(), &["forecast", "--exam", "2099-01-01"]).unwrap();
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("exam 2099-01-01"), "{stdout}");
    let (code, _, stderr) = run_read_only(home.path(), &["optimise"]).unwrap();
    assert_eq!(code, 1);
    assert!(
        stderr.contains("cannot be written (read-only)")
            && stderr.contains("needs a data folder kubestudy can write"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(db(home.path())).unwrap(), before);
}

const CARDS: &str = r#"    cards: [
        (id: "one", front: "Which component stores cluster state?", answer: Text("etcd")),
    ],"#;

#[test]
fn the_store_error_screen_restores_the_newest_backup() {
    let home = home_with_backup(12, "2026-11-21");
    std::fs::write(db(home.path()), b"not a database, but a damaged file").unwrap();
    let (_pack, library) = common::ui::library(CARDS);
    let mut harness = common::ui::app_on_home(library, home.path());
    harness.run();
    harness.get_by_label("Your progress cannot be opened");
    harness
        .get_by_label_contains("The newest backup with answers, of 2026-11-21, holds 12 answers");
    harness
        .get_by_role_and_label(Role::Button, "Restore the newest backup")
        .click();
    harness.run();
    harness.get_by_label_contains("Your progress is back");
    harness.get_by_role_and_label(Role::Button, "Study now");
    assert!(
        harness
            .query_by_label("Your progress cannot be opened")
            .is_none()
    );
    let engine = harness.state().engine().expect("the store is open");
    assert_eq!(engine.store().review_count().unwrap(), 12);
    let aside = aside_files(home.path());
    assert_eq!(
        std::fs::read(&aside[0]).unwrap(),
        b"not a database, but a damaged file"
    );
}

#[test]
fn the_readme_has_the_section_the_messages_name() {
    use kubestudy::progress::error::RECOVERY_SECTION;
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let heading = format!("## {RECOVERY_SECTION}\n");
    let section = readme
        .split_once(&heading)
        .map(|(_, rest)| rest.split("\n## ").next().unwrap_or(rest))
        .expect("README has the section");
    for needed in ["backups/", "kubestudy restore", "Restore the newest backup"] {
        assert!(section.contains(needed), "{needed}");
    }
    let home = tempfile::tempdir().unwrap();
    std::fs::write(db(home.path()), b"not a database").unwrap();
    let (_, _, stderr) = run(home.path(), &["stats"]);
    assert!(
        stderr.contains(&format!("see the README, \"{RECOVERY_SECTION}\"")),
        "{stderr}"
    );
}

#[test]
fn the_window_shows_the_warning_about_unusable_saved_parameters() {
    let home = tempfile::tempdir().unwrap();
    let mut store = Store::open(home.path()).unwrap();
    store
        .set_meta(kubestudy::study::engine::PARAMETERS_KEY, "garbage")
        .unwrap();
    drop(store);
    let (_pack, library) = common::ui::library(CARDS);
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness.get_by_label_contains("FSRS parameters saved in the progress database are unusable");
    harness.get_by_role_and_label(Role::Button, "Study now");
}

#[test]
fn a_store_in_use_is_not_offered_a_restore() {
    let home = home_with_backup(3, "2026-11-21");
    let held = Store::open(home.path()).unwrap();
    let (_pack, library) = common::ui::library(CARDS);
    let mut harness = common::ui::app_on_home(library, home.path());
    harness.run();
    harness.get_by_label_contains("in use by another kubestudy");
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Restore the newest backup")
            .is_none()
    );
    drop(held);
}
