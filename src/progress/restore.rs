//! Putting a backup back as the progress database, safely.
//!
//! Under the store's lock: the backup is copied to a temporary file beside the database and the
//! copy is checked (SQLite's `integrity_check`, the schema) before anything else happens. The
//! current database is kept under a new name, `progress.sqlite3.before-restore-<stamp>` (a hard
//! link, so it is never copied or overwritten, and its `-wal` goes with it), and the checked
//! copy is renamed over the database, synced, with the folder synced too. At every moment
//! `progress.sqlite3` is either the old database or the restored one.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use super::backup::{self, BackupFile};
use super::error::{Result, StoreError, from_io, with_suffix};
use super::schema::verify_copy;
use super::store::{DB_FILE, lock};

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The backup put back.
    pub from: PathBuf,
    /// Answers it holds.
    pub answers: i64,
    /// The database it now is.
    pub database: PathBuf,
    /// Where the database it replaced was kept (`None`: there was none).
    pub aside: Option<PathBuf>,
}

impl Restored {
    /// One sentence for a person.
    pub fn describe(&self) -> String {
        let kept = self.aside.as_ref().map_or_else(
            || " (there was no database to keep)".to_owned(),
            |aside| format!("; the file it replaced is kept as {}", aside.display()),
        );
        format!(
            "restored {} ({} answers) as {}{kept}",
            self.from.display(),
            self.answers,
            self.database.display()
        )
    }
}

/// `YYYYMMDD-HHMMSS` (UTC) of `time`: the stamp in the name a replaced database is kept under.
pub fn stamp_of(time: super::types::Timestamp) -> String {
    chrono::DateTime::from_timestamp_millis(time.0).map_or_else(
        || time.0.to_string(),
        |at| at.format("%Y%m%d-%H%M%S").to_string(),
    )
}

/// Restores `backup` (any progress database file) as the database in `data_dir`. `stamp`
/// (from the caller's clock, e.g. `20261122-101500`) names the file the current database is
/// kept as.
pub fn restore(data_dir: &Path, backup: &Path, stamp: &str) -> Result<Restored> {
    // Restoring into a new home (a backup copied from another machine) is fine.
    fs::create_dir_all(data_dir).map_err(|e| from_io(&e, data_dir))?;
    let _lock = lock(data_dir)?;
    restore_locked(data_dir, backup, stamp)
}

/// Restores the newest backup that passes the checks (trying older ones when the newest is
/// damaged). `today` (`YYYY-MM-DD`) puts backups dated after it last.
pub fn restore_newest(data_dir: &Path, stamp: &str, today: Option<&str>) -> Result<Restored> {
    let _lock = lock(data_dir)?;
    let backups = backup::list(data_dir, today)?;
    let mut refused = Vec::new();
    for candidate in in_order_of_trial(&backups) {
        match restore_locked(data_dir, &candidate.path, stamp) {
            Ok(restored) => return Ok(restored),
            Err(StoreError::BadBackup { path, detail }) => {
                refused.push(format!("{}: {detail}", path.display()));
            }
            Err(e) => return Err(e),
        }
    }
    let detail = if refused.is_empty() {
        "there is no backup to restore".to_owned()
    } else {
        format!("no backup passed the checks ({})", refused.join("; "))
    };
    Err(StoreError::Io {
        path: backup::folder(data_dir),
        detail,
    })
}

/// The backup to offer when the progress cannot be opened: the newest, when the database is
/// damaged or emptied (not when it is merely in use, or from a newer kubestudy).
pub fn offer(data_dir: &Path, today: Option<&str>) -> Option<BackupFile> {
    match super::Store::open(data_dir) {
        Err(StoreError::Corrupt { .. } | StoreError::Emptied { .. }) => newest(data_dir, today),
        _ => None,
    }
}

/// The backup [`restore_newest`] would try first, if any.
pub fn newest(data_dir: &Path, today: Option<&str>) -> Option<BackupFile> {
    let backups = backup::list(data_dir, today).ok()?;
    in_order_of_trial(&backups).first().map(|b| (*b).clone())
}

/// The readable backups in the order a restore tries them: the newest holding answers first
/// (a database that was emptied leaves backups of nothing behind it, newer than its last good
/// one), then those with none; newest first within each.
fn in_order_of_trial(oldest_first: &[BackupFile]) -> Vec<&BackupFile> {
    let readable = || oldest_first.iter().rev().filter(|b| b.is_readable());
    let with_answers = readable().filter(|b| b.answers.is_some_and(|n| n > 0));
    let without = readable().filter(|b| b.answers.is_none_or(|n| n <= 0));
    with_answers.chain(without).collect()
}

fn restore_locked(data_dir: &Path, backup: &Path, stamp: &str) -> Result<Restored> {
    let database = data_dir.join(DB_FILE);
    check_source(backup, &database)?;
    remove_stale_copies(data_dir);
    let copy = data_dir.join(format!(".{DB_FILE}.restoring-{}", std::process::id()));
    let checked = copy_file(backup, &copy)
        .and_then(|()| verify_copy(&copy, backup).map_err(|e| as_bad_backup(e, backup)))
        .and_then(|answers| {
            File::open(&copy)
                .and_then(|f| f.sync_all())
                .map_err(|e| from_io(&e, &copy))?;
            Ok(answers)
        });
    let answers = match checked {
        Ok(answers) => answers,
        Err(e) => {
            remove_copy(&copy);
            return Err(e);
        }
    };
    let aside = match keep_aside(&database, stamp) {
        Ok(aside) => aside,
        Err(e) => {
            remove_copy(&copy);
            return Err(e);
        }
    };
    fs::rename(&copy, &database).map_err(|e| from_io(&e, &database))?;
    crate::files::sync_dir(data_dir).map_err(|e| from_io(&e, data_dir))?;
    Ok(Restored {
        from: backup.to_owned(),
        answers,
        database,
        aside,
    })
}

/// The backup must be a regular file, not the database itself, and whole on its own.
fn check_source(backup: &Path, database: &Path) -> Result<()> {
    let bad = |detail: &str| StoreError::BadBackup {
        path: backup.to_owned(),
        detail: detail.to_owned(),
    };
    let meta = fs::metadata(backup).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => bad("there is no such file"),
        _ => from_io(&e, backup),
    })?;
    if !meta.is_file() {
        return Err(bad("it is not a regular file"));
    }
    if let (Ok(a), Ok(b)) = (fs::canonicalize(backup), fs::canonicalize(database))
        && a == b
    {
        return Err(bad("it is the progress database itself"));
    }
    let wal = with_suffix(backup, "-wal");
    if fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(bad(&format!(
            "{} beside it holds changes the file itself does not have yet",
            wal.display()
        )));
    }
    Ok(())
}

/// A problem with the copy is a problem with the backup it came from.
fn as_bad_backup(err: StoreError, backup: &Path) -> StoreError {
    let detail = match err {
        StoreError::Corrupt { detail, .. } => detail,
        StoreError::Foreign { tables, .. } => {
            format!("it is not a kubestudy database (its tables: {tables})")
        }
        StoreError::Newer {
            found, supported, ..
        } => format!(
            "it was written by a newer kubestudy (progress format {found}; this one reads up to \
             {supported})"
        ),
        other => return other,
    };
    StoreError::BadBackup {
        path: backup.to_owned(),
        detail,
    }
}

/// Copies the bytes of `from` into a new file `to` (not its permissions: a read-only backup
/// must make a writable database).
fn copy_file(from: &Path, to: &Path) -> Result<()> {
    let mut source = File::open(from).map_err(|e| from_io(&e, from))?;
    let mut target = File::options()
        .write(true)
        .create_new(true)
        .open(to)
        .map_err(|e| from_io(&e, to))?;
    std::io::copy(&mut source, &mut target).map_err(|e| from_io(&e, to))?;
    Ok(())
}

fn remove_copy(copy: &Path) {
    let _ = fs::remove_file(copy);
    let _ = fs::remove_file(with_suffix(copy, "-journal"));
}

/// Copies a restore that was cut short left behind (the caller holds the lock).
fn remove_stale_copies(data_dir: &Path) {
    let Ok(entries) = fs::read_dir(data_dir) else {
        return;
    };
    let prefix = format!(".{DB_FILE}.restoring-");
    for entry in entries.filter_map(std::result::Result::ok) {
        if entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(&prefix))
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Keeps the current database (if any) as `progress.sqlite3.before-restore-<stamp>` (`-2`, `-3`
/// … when that name is taken: an older file is never overwritten), its `-wal` and `-journal`
/// with it; its `-shm` (an index SQLite rebuilds from the `-wal`) is removed.
fn keep_aside(database: &Path, stamp: &str) -> Result<Option<PathBuf>> {
    let exists = |p: &Path| fs::symlink_metadata(p).is_ok();
    let base = format!("{DB_FILE}.before-restore-{stamp}");
    let dir = database.parent().unwrap_or(Path::new("."));
    let taken = |p: &Path| {
        ["", "-wal", "-journal"]
            .iter()
            .any(|s| exists(&with_suffix(p, s)))
    };
    let mut aside = dir.join(&base);
    for n in 2.. {
        if !taken(&aside) {
            break;
        }
        aside = dir.join(format!("{base}-{n}"));
    }
    let had_database = exists(database);
    if had_database && fs::hard_link(database, &aside).is_err() {
        // A file system without hard links: a copy, made without overwriting anything.
        copy_file(database, &aside)?;
    }
    // A -wal left without its database is kept too: it is the learner's data, not ours to drop.
    for suffix in ["-wal", "-journal"] {
        let from = with_suffix(database, suffix);
        if exists(&from) {
            let to = with_suffix(&aside, suffix);
            fs::rename(&from, &to).map_err(|e| from_io(&e, &from))?;
        }
    }
    let shm = with_suffix(database, "-shm");
    match fs::remove_file(&shm) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(from_io(&e, &shm)),
        _ => Ok(had_database.then_some(aside)),
    }
}

#[cfg(test)]
#[path = "restore_tests.rs"]
mod tests;
