//! The progress database: opening it safely, its schema and migrations.
//!
//! `progress.sqlite3` in the data folder (SQLite in WAL mode). Opening never writes to a file
//! that is damaged or from a newer kubestudy, and a lock file tells a second kubestudy that the
//! data is in use. Item state is keyed by (pack id, item id), never by position or text (the
//! table's integer row id is internal: small index entries for fast queue queries).

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::error::{Result, StoreError, from_sqlite};

/// The database file name in the data folder.
pub const DB_FILE: &str = "progress.sqlite3";
/// The lock file name in the data folder.
pub const LOCK_FILE: &str = "progress.lock";
/// The schema version this build writes (SQLite `user_version`).
pub const SCHEMA_VERSION: i64 = 2;

/// Schema migrations: entry `n` brings a database from version `n` to `n + 1`.
const MIGRATIONS: [&str; 2] = [
    r"
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE packs (
        pack TEXT PRIMARY KEY, version TEXT NOT NULL, items INTEGER NOT NULL, synced INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE items (
        id INTEGER PRIMARY KEY, pack TEXT NOT NULL, item TEXT NOT NULL,
        kind INTEGER NOT NULL, position INTEGER NOT NULL, hidden INTEGER NOT NULL DEFAULT 0,
        phase INTEGER NOT NULL DEFAULT 0, step INTEGER NOT NULL DEFAULT 0,
        stability REAL, difficulty REAL,
        due INTEGER NOT NULL DEFAULT 0, last_review INTEGER, interval_days INTEGER NOT NULL DEFAULT 0,
        reps INTEGER NOT NULL DEFAULT 0, lapses INTEGER NOT NULL DEFAULT 0,
        review_answers INTEGER NOT NULL DEFAULT 0, review_passed INTEGER NOT NULL DEFAULT 0,
        UNIQUE (pack, item)
    );
    CREATE INDEX items_new ON items (pack, kind, position) WHERE phase = 0 AND hidden = 0;
    CREATE INDEX items_due ON items (phase, due) WHERE hidden = 0;
    CREATE INDEX items_queue ON items (phase, pack, due, stability, kind) WHERE hidden = 0;
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY, pack TEXT NOT NULL, item TEXT NOT NULL,
        time INTEGER NOT NULL, day INTEGER NOT NULL, rating INTEGER NOT NULL,
        elapsed_days INTEGER NOT NULL, mode TEXT NOT NULL, duration_ms INTEGER NOT NULL,
        before TEXT NOT NULL
    );
    CREATE INDEX reviews_item ON reviews (pack, item, id);
    CREATE TABLE daily (
        day INTEGER NOT NULL, pack TEXT NOT NULL,
        answers INTEGER NOT NULL DEFAULT 0, passed INTEGER NOT NULL DEFAULT 0,
        introduced INTEGER NOT NULL DEFAULT 0,
        review_answers INTEGER NOT NULL DEFAULT 0, review_passed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, pack)
    ) WITHOUT ROWID;
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY, mode TEXT NOT NULL, started INTEGER NOT NULL, ended INTEGER,
        answered INTEGER NOT NULL DEFAULT 0
    );
",
    // Version 2: exam week. Practice-only cram answers live apart from the review log, and mock
    // exams apart from spaced repetition.
    r"
    CREATE TABLE cram_log (
        id INTEGER PRIMARY KEY, pack TEXT NOT NULL, item TEXT NOT NULL, time INTEGER NOT NULL,
        right INTEGER NOT NULL, duration_ms INTEGER NOT NULL
    );
    CREATE TABLE mock_attempts (
        id INTEGER PRIMARY KEY, exam TEXT NOT NULL, started INTEGER NOT NULL,
        ended INTEGER NOT NULL, questions INTEGER NOT NULL, right INTEGER NOT NULL,
        passed INTEGER NOT NULL, domains TEXT NOT NULL
    );
",
];

/// The open progress database.
#[derive(Debug)]
pub struct Store {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
    /// Held for the store's lifetime; the OS releases it if the process dies.
    _lock: File,
}

impl Store {
    /// Opens (or creates) `progress.sqlite3` in `dir`.
    ///
    /// Refuses, leaving the file untouched: a file that is not a kubestudy progress database,
    /// one from a newer kubestudy, and a data folder another kubestudy has open.
    pub fn open(dir: &Path) -> Result<Self> {
        fs::create_dir_all(dir).map_err(|e| StoreError::Io {
            path: dir.to_owned(),
            detail: e.to_string(),
        })?;
        let lock = lock(dir)?;
        let path = dir.join(DB_FILE);
        check_header(&path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(|e| from_sqlite(&e, &path))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| from_sqlite(&e, &path))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path,
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version > 0 {
            // Reading the schema proves the file is a database we can use before we write to it.
            let tables: i64 = conn
                .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('items', 'reviews')", [], |r| r.get(0))
                .map_err(|e| from_sqlite(&e, &path))?;
            if tables != 2 {
                let backups = dir.join("backups");
                return Err(StoreError::Corrupt {
                    path,
                    detail: "kubestudy tables are missing".to_owned(),
                    backups,
                });
            }
        }
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 2000;",
        )
        .map_err(|e| from_sqlite(&e, &path))?;
        let mut store = Self {
            conn,
            path,
            _lock: lock,
        };
        store.migrate(version)?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Converts a SQLite error on this store.
    pub(super) fn err(&self, e: &rusqlite::Error) -> StoreError {
        from_sqlite(e, &self.path)
    }

    fn migrate(&mut self, from: i64) -> Result<()> {
        let start = usize::try_from(from).unwrap_or(0);
        let path = self.path.clone();
        for (version, sql) in MIGRATIONS.iter().enumerate().skip(start) {
            let tx = self
                .conn
                .transaction()
                .map_err(|e| from_sqlite(&e, &path))?;
            tx.execute_batch(sql).map_err(|e| from_sqlite(&e, &path))?;
            tx.pragma_update(
                None,
                "user_version",
                i64::try_from(version + 1).unwrap_or(SCHEMA_VERSION),
            )
            .map_err(|e| from_sqlite(&e, &path))?;
            tx.commit().map_err(|e| from_sqlite(&e, &path))?;
        }
        Ok(())
    }

    /// A value from the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")
            .map_err(|e| self.err(&e))?;
        let mut rows = stmt.query([key]).map_err(|e| self.err(&e))?;
        match rows.next().map_err(|e| self.err(&e))? {
            Some(row) => row.get(0).map(Some).map_err(|e| self.err(&e)),
            None => Ok(None),
        }
    }

    /// Sets a value in the `meta` table.
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn
            .execute("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])
            .map(drop)
            .map_err(|e| self.err(&e))
    }

    /// Writes a consistent copy of the database to `target` (which must not exist yet).
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        let target_text = target.to_string_lossy();
        self.conn
            .execute("VACUUM INTO ?1", [target_text.as_ref()])
            .map(drop)
            .map_err(|e| self.err(&e))
    }
}

/// Takes the data folder's lock, or says who holds it.
fn lock(dir: &Path) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| StoreError::Io {
            path: path.clone(),
            detail: e.to_string(),
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(StoreError::InUse { path }),
        Err(fs::TryLockError::Error(e)) => Err(StoreError::Io {
            path,
            detail: e.to_string(),
        }),
    }
}

/// A non-empty file must start with SQLite's header; anything else is not ours to touch.
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read as _;
    let Ok(mut file) = File::open(path) else {
        return Ok(());
    };
    let mut header = Vec::with_capacity(16);
    (&mut file)
        .take(16)
        .read_to_end(&mut header)
        .map_err(|e| StoreError::Io {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
    if header.is_empty() || header == b"SQLite format 3\0" {
        return Ok(());
    }
    let backups = path.parent().map(|p| p.join("backups")).unwrap_or_default();
    Err(StoreError::Corrupt {
        path: path.to_owned(),
        detail: "it is not a SQLite database".to_owned(),
        backups,
    })
}
