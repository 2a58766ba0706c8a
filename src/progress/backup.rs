//! Daily backup copies of the progress database: `backups/progress-YYYY-MM-DD.sqlite3`, the
//! newest seven kept. Each is a consistent copy (`VACUUM INTO`) written under a temporary name
//! and renamed into place, so a backup on disk is always whole.

use std::fs;
use std::path::{Path, PathBuf};

use super::error::{Result, StoreError};
use super::store::Store;

/// Backups kept.
pub const KEEP: usize = 7;

/// The backups folder next to the database.
pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// Makes today's backup if there is none yet (`date` is `YYYY-MM-DD`) and deletes all but the
/// newest [`KEEP`]. Returns the new backup's path, or `None` when today's already exists.
pub fn daily(store: &Store, data_dir: &Path, date: &str) -> Result<Option<PathBuf>> {
    let dir = folder(data_dir);
    let io = |path: &Path, e: std::io::Error| StoreError::Io {
        path: path.to_owned(),
        detail: e.to_string(),
    };
    fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    let target = dir.join(format!("progress-{date}.sqlite3"));
    if target.exists() {
        return Ok(None);
    }
    let partial = dir.join(format!("progress-{date}.sqlite3.partial"));
    let _ = fs::remove_file(&partial);
    store.backup_to(&partial)?;
    fs::rename(&partial, &target).map_err(|e| io(&target, e))?;
    let mut backups: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|e| io(&dir, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("progress-") && n.ends_with(".sqlite3"))
        })
        .collect();
    backups.sort();
    let excess = backups.len().saturating_sub(KEEP);
    for old in backups.iter().take(excess) {
        fs::remove_file(old).map_err(|e| io(old, e))?;
    }
    Ok(Some(target))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn one_backup_a_day_and_seven_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        for day in 1..=10 {
            let date = format!("2026-11-{day:02}");
            assert!(daily(&store, dir.path(), &date).unwrap().is_some());
            assert!(
                daily(&store, dir.path(), &date).unwrap().is_none(),
                "once a day"
            );
        }
        let mut names: Vec<String> = fs::read_dir(folder(dir.path()))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names.len(), KEEP);
        assert_eq!(
            names.first().map(String::as_str),
            Some("progress-2026-11-04.sqlite3")
        );
        // A backup is a database kubestudy can open.
        let restored = tempfile::tempdir().unwrap();
        fs::copy(
            folder(dir.path()).join("progress-2026-11-10.sqlite3"),
            restored.path().join("progress.sqlite3"),
        )
        .unwrap();
        assert!(Store::open(restored.path()).is_ok());
    }
}
