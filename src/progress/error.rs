//! The progress layer's errors: each says what happened, where the file is, and what to do.
//!
//! The messages fit whatever command met them: none claims an answer was lost unless one was
//! being saved ([`StoreError::AnswerNotSaved`] wraps the others then).

use std::path::{Path, PathBuf};

/// What the README section on recovery is called (messages point to it).
pub const RECOVERY_SECTION: &str = "Recovering progress";

/// Why the progress store cannot do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another kubestudy holds the lock.
    #[error("{path} is in use by another kubestudy window or command; close it and try again")]
    InUse {
        /// The lock file.
        path: PathBuf,
    },
    /// The file is not a readable progress database.
    #[error(
        "{path} is damaged ({detail}); kubestudy left it untouched. Run `kubestudy restore` to \
         put back a backup from {backups} (see the README, \"Recovering progress\"), or move the \
         damaged file away to start afresh"
    )]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
        /// Where daily backups are kept.
        backups: PathBuf,
    },
    /// The file is empty (0 bytes, or no tables) while a backup beside it holds answers: it
    /// lost its content (a crash, a sync tool), it is not a fresh start.
    #[error(
        "{path} is empty, but the backup {backup} holds {answers} answers; kubestudy left both \
         untouched. Run `kubestudy restore` to put the backup back (see the README, \
         \"Recovering progress\"), or delete the empty file to start afresh"
    )]
    Emptied {
        /// The database file.
        path: PathBuf,
        /// The newest backup with answers.
        backup: PathBuf,
        /// Answers in that backup.
        answers: i64,
    },
    /// A SQLite database of some other program.
    #[error(
        "{path} is a SQLite database but not kubestudy's (it holds the tables {tables}); \
         kubestudy left it untouched. Move it elsewhere, or point KUBESTUDY_HOME at another folder"
    )]
    Foreign {
        /// The database file.
        path: PathBuf,
        /// Its first few table names.
        tables: String,
    },
    /// Written by a newer kubestudy.
    #[error(
        "{path} was written by a newer kubestudy (progress format {found}; this one reads up to \
         {supported}); kubestudy left it untouched. Update kubestudy to use it"
    )]
    Newer {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this build reads.
        supported: i64,
    },
    /// The disk is full; nothing was changed.
    #[error(
        "the disk holding {path} is full, so nothing was changed; free some space and try again"
    )]
    Full {
        /// The database file (or the file that could not grow).
        path: PathBuf,
    },
    /// The file or its folder cannot be written.
    #[error("{path} cannot be written (read-only), so nothing was changed")]
    ReadOnly {
        /// The database file, the lock file or the folder.
        path: PathBuf,
    },
    /// The database, or a file SQLite keeps beside it, cannot be opened or created.
    #[error(
        "{path} cannot be opened or created ({detail}); check that its folder can be written and \
         has room. Nothing was changed"
    )]
    CannotOpen {
        /// The database file, or the companion file at fault.
        path: PathBuf,
        /// What failed.
        detail: String,
    },
    /// A backup that cannot be put back.
    #[error(
        "{path} cannot be restored ({detail}); nothing was changed. Choose another backup \
         (`kubestudy restore` lists them)"
    )]
    BadBackup {
        /// The backup file.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },
    /// Something other than a regular file where kubestudy keeps one (the database, its `-wal`
    /// or `-shm`, the lock file).
    #[error(
        "{path} is not a regular file (a folder, a link or a device); kubestudy changed nothing. \
         Move it away and try again"
    )]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// An answer could not be saved (the reason inside).
    #[error("your answer was not saved: {0}")]
    AnswerNotSaved(Box<StoreError>),
    /// A file-system failure.
    #[error("{path}: {detail}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What failed.
        detail: String,
    },
    /// Any other database failure.
    #[error("{path}: {detail}")]
    Database {
        /// The database file.
        path: PathBuf,
        /// What SQLite reported.
        detail: String,
    },
}

/// Results of the progress layer.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The backups folder beside the database `path`.
pub(super) fn backups_beside(path: &Path) -> PathBuf {
    path.parent()
        .map(|p| p.join(super::backup::FOLDER))
        .unwrap_or_default()
}

/// `path` is damaged: `detail` says how.
pub(super) fn corrupt(path: &Path, detail: impl Into<String>) -> StoreError {
    StoreError::Corrupt {
        path: path.to_owned(),
        detail: detail.into(),
        backups: backups_beside(path),
    }
}

/// SQLite's own sentence for `err`, without the SQL text it was running (a migration's SQL is
/// no help to a learner).
fn short_detail(err: &rusqlite::Error) -> String {
    match err {
        rusqlite::Error::SqliteFailure(_, Some(message)) if !message.is_empty() => message.clone(),
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        other => other.to_string(),
    }
}

/// SQLite's error code and extended code, wherever rusqlite keeps them.
fn codes(err: &rusqlite::Error) -> Option<rusqlite::ffi::Error> {
    match err {
        rusqlite::Error::SqliteFailure(e, _) | rusqlite::Error::SqlInputError { error: e, .. } => {
            Some(*e)
        }
        _ => None,
    }
}

/// `path` with `suffix` appended to its file name (`progress.sqlite3-shm`).
pub(super) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Classifies a SQLite error on `path`.
pub fn from_sqlite(err: &rusqlite::Error, path: &Path) -> StoreError {
    use rusqlite::{ErrorCode, ffi};
    let path = path.to_owned();
    // A value that cannot be decoded (text that is not UTF-8, a number where text belongs) is a
    // damaged file: the schema fixes every column's type.
    if matches!(
        err,
        rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::Utf8Error(..)
            | rusqlite::Error::InvalidColumnType(..)
    ) {
        return corrupt(&path, format!("a saved value cannot be read: {err}"));
    }
    let Some(code) = codes(err) else {
        return StoreError::Database {
            path,
            detail: short_detail(err),
        };
    };
    match (code.code, code.extended_code) {
        (ErrorCode::DiskFull, _) => StoreError::Full { path },
        // SQLite grows its `-shm` index by writing to it, so a full disk shows up there first.
        (ErrorCode::SystemIoFailure, ffi::SQLITE_IOERR_SHMSIZE) => StoreError::Full {
            path: with_suffix(&path, "-shm"),
        },
        (ErrorCode::SystemIoFailure, ffi::SQLITE_IOERR_SHMOPEN | ffi::SQLITE_IOERR_SHMMAP) => {
            StoreError::CannotOpen {
                path: with_suffix(&path, "-shm"),
                detail: "SQLite's index of the -wal file cannot be created".to_owned(),
            }
        }
        (ErrorCode::ReadOnly | ErrorCode::PermissionDenied, _) => StoreError::ReadOnly { path },
        (ErrorCode::CannotOpen, _) => StoreError::CannotOpen {
            path,
            detail: short_detail(err),
        },
        (ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase, _) => {
            corrupt(&path, short_detail(err))
        }
        (ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked, _) => StoreError::InUse { path },
        _ => StoreError::Database {
            path,
            detail: short_detail(err),
        },
    }
}

/// An I/O error on `path`: a read-only file system or a refused permission is
/// [`StoreError::ReadOnly`], a full disk [`StoreError::Full`].
pub(super) fn from_io(err: &std::io::Error, path: &Path) -> StoreError {
    use std::io::ErrorKind;
    let path = path.to_owned();
    match err.kind() {
        ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied => {
            StoreError::ReadOnly { path }
        }
        ErrorKind::StorageFull => StoreError::Full { path },
        _ => StoreError::Io {
            path,
            detail: err.to_string(),
        },
    }
}

impl StoreError {
    /// Whether the data folder can only be read (a read-only home): a read-only view may still
    /// show progress.
    pub fn is_read_only(&self) -> bool {
        matches!(self, Self::ReadOnly { .. })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn messages_fit_what_happened() {
        let path = Path::new("/h/progress.sqlite3");
        let full = StoreError::Full {
            path: path.to_owned(),
        };
        let read_only = StoreError::ReadOnly {
            path: path.to_owned(),
        };
        for err in [&full, &read_only] {
            let text = err.to_string();
            assert!(!text.contains("answer"), "no answer was given: {text}");
            assert!(text.contains("/h/progress.sqlite3"), "{text}");
        }
        let answer = StoreError::AnswerNotSaved(Box::new(full)).to_string();
        assert!(
            answer.starts_with("your answer was not saved: the disk holding"),
            "{answer}"
        );
        let cannot = from_sqlite(
            &rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
                Some("unable to open database file".into()),
            ),
            path,
        );
        assert!(matches!(cannot, StoreError::CannotOpen { .. }), "{cannot}");
        assert!(!cannot.is_read_only());
        let shm = from_sqlite(
            &rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR_SHMSIZE),
                Some("disk I/O error".into()),
            ),
            path,
        );
        assert_eq!(
            shm.to_string(),
            "the disk holding /h/progress.sqlite3-shm is full, so nothing was changed; free \
             some space and try again"
        );
    }

    #[test]
    fn unreadable_values_are_damage_with_the_backup_hint() {
        let err = from_sqlite(
            &rusqlite::Error::Utf8Error(0, String::from_utf8(vec![0xff]).unwrap_err().utf8_error()),
            Path::new("/h/progress.sqlite3"),
        );
        let text = err.to_string();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{text}");
        assert!(
            text.contains("is damaged") && text.contains("/h/backups"),
            "{text}"
        );
        assert!(text.contains("kubestudy restore"), "{text}");
    }
}
