//! Daily backup copies of the progress database: `backups/progress-YYYY-MM-DD.sqlite3`.
//!
//! Each is a consistent copy (SQLite's backup API, so any path works), checked, synced and
//! renamed into place, so a backup on disk is always whole; a copy cut short (`.partial`) is
//! removed on the next run. Rotation keeps the newest [`KEEP`] by date, with two exceptions that
//! protect the learner's history when the database went wrong: the newest readable backup is
//! never deleted, and neither is the newest one holding more answers than the database now
//! does (a database that lost answers must not push its last good copy out). A backup dated
//! after today (made while the clock was ahead) is flagged, and counts as the oldest: its date
//! says nothing true about its age.

use std::fs;
use std::path::{Path, PathBuf};

use super::error::{Result, from_io};
use super::schema::answers_in;
use super::store::Store;

/// Backups kept.
pub const KEEP: usize = 7;

/// The backups folder's name in the data folder.
pub const FOLDER: &str = "backups";

/// The backups folder next to the database.
pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join(FOLDER)
}

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    /// Its path.
    pub path: PathBuf,
    /// The study day it was made on (`YYYY-MM-DD`, from its name).
    pub date: String,
    /// Answers it holds; `None` when it cannot be read as a kubestudy database.
    pub answers: Option<i64>,
    /// Why it cannot be used, when it cannot.
    pub problem: Option<String>,
    /// Dated after today: made while the clock was ahead.
    pub future: bool,
}

impl BackupFile {
    /// Whether it opens as a kubestudy database.
    pub fn is_readable(&self) -> bool {
        self.answers.is_some()
    }
}

/// What [`daily`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Daily {
    /// The new backup; `None` when today's already existed.
    pub made: Option<PathBuf>,
    /// Backups deleted by rotation.
    pub removed: Vec<PathBuf>,
    /// Things the learner should know (backups dated in the future).
    pub warnings: Vec<String>,
}

/// The date in a backup's file name: `progress-YYYY-MM-DD.sqlite3`.
fn date_of(name: &str) -> Option<&str> {
    let date = name.strip_prefix("progress-")?.strip_suffix(".sqlite3")?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = date.split('-');
    let ok = parts.next().is_some_and(|y| digits(y, 4))
        && parts.next().is_some_and(|m| digits(m, 2))
        && parts.next().is_some_and(|d| digits(d, 2))
        && parts.next().is_none();
    ok.then_some(date)
}

/// Every backup in `data_dir`, oldest first, each opened read-only to count its answers.
/// `today` (`YYYY-MM-DD`) marks the ones dated after it as from the future (sorted first: their
/// age is unknown); without it, dates are taken as they are.
pub fn list(data_dir: &Path, today: Option<&str>) -> Result<Vec<BackupFile>> {
    let dir = folder(data_dir);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(from_io(&e, &dir)),
    };
    let mut backups: Vec<BackupFile> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|entry| {
            let name = entry.file_name();
            let date = date_of(name.to_str()?)?.to_owned();
            let path = entry.path();
            let (answers, problem) = match answers_in(&path) {
                Ok(n) => (Some(n), None),
                Err(e) => (None, Some(problem(&e))),
            };
            let future = today.is_some_and(|t| date.as_str() > t);
            Some(BackupFile {
                path,
                date,
                answers,
                problem,
                future,
            })
        })
        .collect();
    backups.sort_by(|a, b| (!a.future, &a.date).cmp(&(!b.future, &b.date)));
    Ok(backups)
}

/// What is wrong with a database file other than the open store, shortly (the long messages
/// say what to do about the progress database).
pub fn problem(err: &super::error::StoreError) -> String {
    use super::error::StoreError;
    match err {
        StoreError::Corrupt { detail, .. } => format!("damaged ({detail})"),
        StoreError::Foreign { .. } => "not a kubestudy database".to_owned(),
        StoreError::Newer { found, .. } => format!("from a newer kubestudy (format {found})"),
        other => other.to_string(),
    }
}

/// The newest readable backup holding at least one answer (the one to offer when the database
/// is empty or damaged).
pub fn newest_with_answers(data_dir: &Path) -> Option<BackupFile> {
    list(data_dir, None)
        .ok()?
        .into_iter()
        .rev()
        .find(|b| b.answers.is_some_and(|n| n > 0))
}

/// Makes today's backup if there is none yet (`date` is `YYYY-MM-DD`), then rotates (see the
/// module's comment). Copies left by a run that was cut short are removed first.
pub fn daily(store: &Store, data_dir: &Path, date: &str) -> Result<Daily> {
    let dir = folder(data_dir);
    fs::create_dir_all(&dir).map_err(|e| from_io(&e, &dir))?;
    remove_partials(&dir);
    let target = dir.join(format!("progress-{date}.sqlite3"));
    if target.exists() {
        return Ok(Daily::default());
    }
    let partial = dir.join(format!("progress-{date}.sqlite3.partial"));
    let made = store.backup_to(&partial).and_then(|()| {
        fs::rename(&partial, &target).map_err(|e| from_io(&e, &target))?;
        crate::files::sync_dir(&dir).map_err(|e| from_io(&e, &dir))
    });
    if let Err(e) = made {
        let _ = fs::remove_file(&partial);
        return Err(e);
    }
    let current = store.review_count()?;
    let backups = list(data_dir, Some(date))?;
    let mut removed = Vec::new();
    for old in to_remove(&backups, &target, current) {
        fs::remove_file(&old.path).map_err(|e| from_io(&e, &old.path))?;
        removed.push(old.path.clone());
    }
    let warnings = backups
        .iter()
        .filter(|b| b.future && !removed.contains(&b.path))
        .map(|b| {
            format!(
                "the backup {} is dated after today ({date}): the clock was ahead when it was \
                 made. It will be rotated away first",
                b.path.display()
            )
        })
        .collect();
    Ok(Daily {
        made: Some(target),
        removed,
        warnings,
    })
}

/// The backups rotation deletes, from `backups` (oldest first): the oldest beyond [`KEEP`],
/// never `newest` (the one just made), the newest readable one, or the newest one holding more
/// answers than the `current` database.
fn to_remove<'a>(backups: &'a [BackupFile], newest: &Path, current: i64) -> Vec<&'a BackupFile> {
    let newest_readable = backups.iter().rposition(BackupFile::is_readable);
    let newest_richer = backups
        .iter()
        .rposition(|b| b.answers.is_some_and(|n| n > current));
    let mut excess = backups.len().saturating_sub(KEEP);
    let mut remove = Vec::new();
    for (index, backup) in backups.iter().enumerate() {
        if excess == 0 {
            break;
        }
        let protected =
            backup.path == newest || Some(index) == newest_readable || Some(index) == newest_richer;
        if !protected {
            remove.push(backup);
            excess -= 1;
        }
    }
    remove
}

/// Removes copies a cut-short run left (`*.partial`); the caller holds the store's lock, so no
/// other kubestudy is writing one.
fn remove_partials(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(std::result::Result::ok) {
        let name = entry.file_name();
        let partial = name
            .to_str()
            .is_some_and(|n| n.starts_with("progress-") && n.ends_with(".partial"));
        if partial && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The path of the backup of `date` in `data_dir`.
pub fn path_of(data_dir: &Path, date: &str) -> PathBuf {
    folder(data_dir).join(format!("progress-{date}.sqlite3"))
}

/// Whether `text` is a backup date, `YYYY-MM-DD`.
pub fn is_date(text: &str) -> bool {
    date_of(&format!("progress-{text}.sqlite3")).is_some()
}

#[cfg(test)]
#[path = "backup_tests.rs"]
pub(crate) mod tests;
