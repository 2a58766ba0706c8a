//! The progress layer's errors: each says what happened, where the file is, and what to do.

use std::path::PathBuf;

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
        "{path} is damaged ({detail}); kubestudy left it untouched. Restore a copy from {backups} \
         (see the README, \"Recovering progress\"), or move the damaged file away to start afresh"
    )]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What SQLite reported.
        detail: String,
        /// Where daily backups are kept.
        backups: PathBuf,
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
        "the disk holding {path} is full; your last answer was not saved and nothing else changed. Free some space and answer again"
    )]
    Full {
        /// The database file.
        path: PathBuf,
    },
    /// The file or its folder cannot be written.
    #[error(
        "{path} cannot be written (read-only); your last answer was not saved and nothing else changed"
    )]
    ReadOnly {
        /// The database file.
        path: PathBuf,
    },
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

/// Classifies a SQLite error on `path`.
pub fn from_sqlite(err: &rusqlite::Error, path: &std::path::Path) -> StoreError {
    use rusqlite::ErrorCode;
    let path = path.to_owned();
    let detail = err.to_string();
    match err.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => StoreError::Full { path },
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            StoreError::ReadOnly { path }
        }
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            let backups = path.parent().map(|p| p.join("backups")).unwrap_or_default();
            StoreError::Corrupt {
                path,
                detail,
                backups,
            }
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::InUse { path },
        _ => StoreError::Database { path, detail },
    }
}
