//! Backups: one a day, rotation that never loses the last good history, any path.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::progress::StoreError;

/// Logs `n` more answers straight into the store (the restore tests use it too).
pub(crate) fn answer(store: &Store, n: usize) {
    for _ in 0..n {
        store
            .conn
            .execute(
                "INSERT INTO reviews (pack, item, time, day, rating, elapsed_days, mode, \
                 duration_ms, before) VALUES ('p', 'a', 0, 0, 3, 0, 'review', 0, '{}')",
                [],
            )
            .unwrap();
    }
}

fn names(data_dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(folder(data_dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn date(day: u32) -> String {
    format!("2026-11-{day:02}")
}

#[test]
fn one_backup_a_day_and_seven_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for day in 1..=10 {
        assert!(
            daily(&store, dir.path(), &date(day))
                .unwrap()
                .made
                .is_some()
        );
        assert!(
            daily(&store, dir.path(), &date(day))
                .unwrap()
                .made
                .is_none(),
            "once a day"
        );
    }
    let names = names(dir.path());
    assert_eq!(names.len(), KEEP);
    assert_eq!(
        names.first().map(String::as_str),
        Some("progress-2026-11-04.sqlite3")
    );
    // A backup is a database kubestudy can open, with no -wal of its own.
    let restored = tempfile::tempdir().unwrap();
    fs::copy(
        folder(dir.path()).join("progress-2026-11-10.sqlite3"),
        restored.path().join("progress.sqlite3"),
    )
    .unwrap();
    assert!(Store::open(restored.path()).is_ok());
}

#[test]
fn a_database_that_lost_its_answers_keeps_its_last_good_backup() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    answer(&store, 30);
    for day in 1..=3 {
        daily(&store, dir.path(), &date(day)).unwrap();
    }
    // The learner moves the database away and starts afresh (or a sync tool replaced it).
    drop(store);
    fs::rename(
        dir.path().join("progress.sqlite3"),
        dir.path().join("moved.sqlite3"),
    )
    .unwrap();
    let store = Store::open(dir.path()).unwrap();
    answer(&store, 2);
    for day in 4..=20 {
        daily(&store, dir.path(), &date(day)).unwrap();
    }
    let names = names(dir.path());
    assert!(
        names.contains(&"progress-2026-11-03.sqlite3".to_owned()),
        "the newest backup with more answers stays: {names:?}"
    );
    assert_eq!(names.len(), KEEP, "{names:?}");
    let kept = list(dir.path(), None).unwrap();
    assert_eq!(kept.first().and_then(|b| b.answers), Some(30));
    // Once the new database has caught up, the old backup rotates away as usual.
    answer(&store, 40);
    daily(&store, dir.path(), &date(21)).unwrap();
    assert!(!names_contain(dir.path(), "progress-2026-11-03.sqlite3"));
}

fn names_contain(data_dir: &Path, name: &str) -> bool {
    names(data_dir).iter().any(|n| n == name)
}

#[test]
fn an_emptied_database_beside_a_good_backup_is_refused_and_the_backup_offered() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    answer(&store, 5);
    daily(&store, dir.path(), &date(1)).unwrap();
    drop(store);
    let db = dir.path().join("progress.sqlite3");
    fs::write(&db, b"").unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(err, StoreError::Emptied { answers: 5, .. }),
        "{text}"
    );
    assert!(
        text.contains("progress-2026-11-01.sqlite3") && text.contains("kubestudy restore"),
        "{text}"
    );
    assert_eq!(fs::read(&db).unwrap(), b"", "left untouched");
    // An empty SQLite file (no tables) is the same.
    drop(
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch("VACUUM"),
    );
    assert!(matches!(
        Store::open(dir.path()),
        Err(StoreError::Emptied { .. })
    ));
    // Without backups, an empty file is a new store.
    fs::remove_dir_all(folder(dir.path())).unwrap();
    assert!(Store::open(dir.path()).is_ok());
}

#[test]
fn backups_from_a_clock_that_was_ahead_do_not_push_out_todays() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for day in 1..=7 {
        daily(&store, dir.path(), &format!("2028-01-{day:02}")).unwrap();
    }
    answer(&store, 1);
    let made = daily(&store, dir.path(), &date(22)).unwrap();
    let today = "progress-2026-11-22.sqlite3";
    assert!(names_contain(dir.path(), today), "{:?}", names(dir.path()));
    assert_eq!(made.warnings.len(), 6, "{:?}", made.warnings);
    assert!(
        made.warnings
            .iter()
            .all(|w| w.contains("dated after today") && w.contains("2028-01-")),
        "{:?}",
        made.warnings
    );
    for day in 23..=29 {
        daily(&store, dir.path(), &date(day)).unwrap();
    }
    let names = names(dir.path());
    assert!(
        names.iter().all(|n| n.starts_with("progress-2026-")),
        "the future-dated ones went first: {names:?}"
    );
    assert_eq!(names.len(), KEEP);
}

#[test]
fn partial_copies_are_cleaned_up() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    fs::create_dir_all(folder(dir.path())).unwrap();
    for day in 1..=3 {
        fs::write(
            folder(dir.path()).join(format!("progress-{}.sqlite3.partial", date(day))),
            b"cut short",
        )
        .unwrap();
    }
    daily(&store, dir.path(), &date(5)).unwrap();
    assert_eq!(names(dir.path()), ["progress-2026-11-05.sqlite3"]);
    // Also on a day whose backup exists already.
    fs::write(folder(dir.path()).join("progress-x.sqlite3.partial"), b"").unwrap();
    assert!(daily(&store, dir.path(), &date(5)).unwrap().made.is_none());
    assert_eq!(names(dir.path()), ["progress-2026-11-05.sqlite3"]);
}

#[cfg(unix)]
#[test]
fn a_data_folder_whose_name_is_not_utf8_gets_backups() {
    use std::os::unix::ffi::OsStrExt as _;
    let parent = tempfile::tempdir().unwrap();
    let home = parent
        .path()
        .join(std::ffi::OsStr::from_bytes(b"bad\xff\xfe"));
    let store = Store::open(&home).unwrap();
    answer(&store, 3);
    let made = daily(&store, &home, &date(1)).unwrap().made.unwrap();
    assert!(made.exists());
    assert_eq!(answers_in(&made).unwrap(), 3);
}

#[test]
fn a_damaged_database_makes_no_backup_and_leaves_no_partial() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .conn
        .execute_batch(
            "CREATE TABLE filler (x TEXT);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
             INSERT INTO filler SELECT printf('%0500d', i) FROM n;
             PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .unwrap();
    drop(store);
    // Scribble over the middle of the file: b-tree pages of the filler table.
    let db = dir.path().join("progress.sqlite3");
    let mut bytes = fs::read(&db).unwrap();
    let middle = bytes.len() / 2;
    for byte in bytes.iter_mut().skip(middle).take(8192) {
        *byte = 0x5a;
    }
    fs::write(&db, &bytes).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let err = daily(&store, dir.path(), &date(1)).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
}
