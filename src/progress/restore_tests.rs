//! Restoring: checked first, the current file kept, never a moment without a database.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::progress::Store;
use crate::progress::backup::daily;
use crate::progress::backup::tests::answer;

/// A home with `n` answers and a backup of them dated `date`.
fn home_with_backup(n: usize, date: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    answer(&store, n);
    let made = daily(&store, dir.path(), date).unwrap().made.unwrap();
    (dir, made)
}

fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restoring"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_backup_replaces_a_damaged_database_which_is_kept_aside() {
    let (dir, backup) = home_with_backup(4, "2026-11-21");
    let db = dir.path().join(DB_FILE);
    fs::write(&db, b"SQLite format 3\0 and then garbage").unwrap();
    let restored = restore(dir.path(), &backup, "20261122-100000").unwrap();
    assert_eq!(restored.answers, 4);
    let aside = restored.aside.clone().unwrap();
    assert_eq!(
        aside.file_name().unwrap(),
        "progress.sqlite3.before-restore-20261122-100000"
    );
    assert_eq!(
        fs::read(&aside).unwrap(),
        b"SQLite format 3\0 and then garbage"
    );
    assert!(
        restored.describe().contains("(4 answers)"),
        "{}",
        restored.describe()
    );
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.review_count().unwrap(), 4);
    assert!(leftovers(dir.path()).is_empty());
    assert!(backup.exists(), "the backup stays");
}

#[test]
fn a_store_in_use_is_not_restored_over() {
    let (dir, backup) = home_with_backup(2, "2026-11-21");
    let store = Store::open(dir.path()).unwrap();
    let err = restore(dir.path(), &backup, "t").unwrap_err();
    assert!(matches!(err, StoreError::InUse { .. }), "{err}");
    drop(store);
    assert!(restore(dir.path(), &backup, "t").is_ok());
}

#[test]
fn the_wal_of_the_replaced_database_is_kept_with_it() {
    let (dir, backup) = home_with_backup(2, "2026-11-21");
    let store = Store::open(dir.path()).unwrap();
    answer(&store, 5);
    // Copy the database and its -wal as a crash would leave them, into a second home.
    let other = tempfile::tempdir().unwrap();
    for name in ["progress.sqlite3", "progress.sqlite3-wal"] {
        fs::copy(dir.path().join(name), other.path().join(name)).unwrap();
    }
    drop(store);
    let restored = restore(other.path(), &backup, "t").unwrap();
    let aside = restored.aside.unwrap();
    assert!(with_suffix(&aside, "-wal").exists());
    assert!(!other.path().join("progress.sqlite3-wal").exists());
    // The kept file opens with every answer it had, the -wal's included.
    let check = tempfile::tempdir().unwrap();
    fs::copy(&aside, check.path().join(DB_FILE)).unwrap();
    fs::copy(
        with_suffix(&aside, "-wal"),
        check.path().join("progress.sqlite3-wal"),
    )
    .unwrap();
    assert_eq!(
        Store::open(check.path()).unwrap().review_count().unwrap(),
        7
    );
    // And the restored one is the backup's.
    assert_eq!(
        Store::open(other.path()).unwrap().review_count().unwrap(),
        2
    );
}

#[test]
fn a_second_restore_with_the_same_stamp_gets_a_new_name() {
    let (dir, backup) = home_with_backup(2, "2026-11-21");
    let first = restore(dir.path(), &backup, "s").unwrap().aside.unwrap();
    let before = fs::read(&first).unwrap();
    let second = restore(dir.path(), &backup, "s").unwrap().aside.unwrap();
    assert_ne!(first, second);
    assert_eq!(
        second.file_name().unwrap(),
        "progress.sqlite3.before-restore-s-2"
    );
    assert_eq!(fs::read(&first).unwrap(), before);
}

#[test]
fn a_damaged_or_foreign_backup_is_refused_and_nothing_changes() {
    let (dir, backup) = home_with_backup(3, "2026-11-21");
    let db = dir.path().join(DB_FILE);
    let before = fs::read(&db).unwrap();
    let mut bytes = fs::read(&backup).unwrap();
    bytes.truncate(bytes.len() / 2);
    let damaged = dir.path().join("damaged.sqlite3");
    fs::write(&damaged, &bytes).unwrap();
    let foreign = dir.path().join("foreign.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE firefox (x);")
        .unwrap();
    for (file, needle) in [
        (&damaged, "cannot be restored"),
        (&foreign, "not a kubestudy database"),
        (&dir.path().join("missing.sqlite3"), "no such file"),
        (&db, "the progress database itself"),
    ] {
        let err = restore(dir.path(), file, "t").unwrap_err();
        assert!(matches!(err, StoreError::BadBackup { .. }), "{err}");
        assert!(err.to_string().contains(needle), "{err}");
        assert!(
            err.to_string().contains(&file.display().to_string()),
            "{err}"
        );
    }
    assert_eq!(fs::read(&db).unwrap(), before);
    assert!(leftovers(dir.path()).is_empty());
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-restore"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

/// Makes `path` a database that opens and counts its answers but fails SQLite's full check: an
/// index whose definition no longer matches its entries.
pub(crate) fn break_an_index(path: &Path) {
    rusqlite::Connection::open(path)
        .unwrap()
        .execute_batch(
            "PRAGMA writable_schema = ON;
             UPDATE sqlite_master SET sql = 'CREATE INDEX reviews_item ON reviews (item, pack, id)'
             WHERE name = 'reviews_item';",
        )
        .unwrap();
}

#[test]
fn the_newest_backup_that_passes_the_checks_is_restored() {
    let (dir, _) = home_with_backup(3, "2026-11-20");
    let store = Store::open(dir.path()).unwrap();
    answer(&store, 2);
    let newer = daily(&store, dir.path(), "2026-11-21")
        .unwrap()
        .made
        .unwrap();
    drop(store);
    break_an_index(&newer);
    assert_eq!(crate::progress::schema::answers_in(&newer).unwrap(), 5);
    fs::write(dir.path().join(DB_FILE), b"").unwrap();
    assert_eq!(
        newest(dir.path(), None).map(|b| b.date).as_deref(),
        Some("2026-11-21")
    );
    let err = restore(dir.path(), &newer, "t").unwrap_err();
    assert!(err.to_string().contains("integrity check failed"), "{err}");
    let restored = restore_newest(dir.path(), "t", None).unwrap();
    assert_eq!(restored.answers, 3, "{restored:?}");
    assert_eq!(Store::open(dir.path()).unwrap().review_count().unwrap(), 3);
}

#[test]
fn a_backup_can_start_a_new_home() {
    let (_dir, backup) = home_with_backup(6, "2026-11-21");
    let parent = tempfile::tempdir().unwrap();
    let new_home = parent.path().join("new-machine");
    let restored = restore(&new_home, &backup, "t").unwrap();
    assert_eq!((restored.answers, restored.aside), (6, None));
    assert_eq!(Store::open(&new_home).unwrap().review_count().unwrap(), 6);
}

#[test]
fn backups_of_an_emptied_database_do_not_hide_the_last_good_one() {
    // Three answers backed up, then the file emptied: later backups hold nothing.
    let (dir, _) = home_with_backup(3, "2026-11-20");
    let empty = tempfile::tempdir().unwrap();
    let store = Store::open(empty.path()).unwrap();
    let made = daily(&store, empty.path(), "2026-11-21")
        .unwrap()
        .made
        .unwrap();
    drop(store);
    fs::copy(&made, backup::path_of(dir.path(), "2026-11-21")).unwrap();
    fs::write(dir.path().join(DB_FILE), b"").unwrap();
    assert_eq!(
        newest(dir.path(), None).map(|b| b.date).as_deref(),
        Some("2026-11-20"),
        "the newest with answers is offered"
    );
    let restored = restore_newest(dir.path(), "t", None).unwrap();
    assert_eq!(restored.answers, 3, "{restored:?}");
}
