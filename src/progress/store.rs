//! The progress database: opening it safely, read-write or as a read-only view.
//!
//! `progress.sqlite3` in the data folder (SQLite in WAL mode). Opening never writes to a file
//! that is damaged, from a newer kubestudy or another program's, and a lock file tells a second
//! kubestudy that the data is in use. An empty file beside backups that hold answers is refused
//! too: it lost its content, and starting afresh on it would let the backups rotate away. Item
//! state is keyed by (pack id, item id), never by position or text (the table's integer row id
//! is internal: small index entries for fast queue queries).
//!
//! Memory-mapped I/O is off (`mmap_size = 0`, also SQLite's default in this build): with it, a
//! database file truncated by another program under a running kubestudy would crash it with
//! SIGBUS instead of giving an error. The WAL index (`-shm`) is always mapped in WAL mode; only
//! `locking_mode = EXCLUSIVE` avoids that, at the price of locking out every other reader
//! (`sqlite3`, a backup tool) for as long as kubestudy runs. Truncating a running program's
//! `-shm` takes deliberate outside tampering, so WAL stays shared.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::error::{Result, StoreError, from_io, from_sqlite, with_suffix};
use super::schema::{Contents, MIGRATIONS, check};

pub use super::schema::SCHEMA_VERSION;

/// The database file name in the data folder.
pub const DB_FILE: &str = "progress.sqlite3";
/// The lock file name in the data folder.
pub const LOCK_FILE: &str = "progress.lock";

/// The open progress database.
#[derive(Debug)]
pub struct Store {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
    /// Opened read-only (a read-only home): every write fails with [`StoreError::ReadOnly`].
    read_only: bool,
    /// Held for the store's lifetime; the OS releases it if the process dies.
    _lock: Option<File>,
    /// The last hybrid-clock stamp this store gave or saw (read on first use).
    pub(super) stamp: Option<i64>,
}

impl Store {
    /// Opens (or creates) `progress.sqlite3` in `dir`.
    ///
    /// Refuses, leaving the file untouched: a file that is not a kubestudy progress database,
    /// one from a newer kubestudy, an empty file while a backup holds answers, and a data folder
    /// another kubestudy has open. A data folder that cannot be written is
    /// [`StoreError::ReadOnly`]; [`Store::open_read_only`] can still show it.
    pub fn open(dir: &Path) -> Result<Self> {
        fs::create_dir_all(dir).map_err(|e| from_io(&e, dir))?;
        let lock = lock(dir)?;
        let path = dir.join(DB_FILE);
        check_companions(&path)?;
        let file = check_header(&path)?;
        if file == FileState::Empty {
            refuse_if_emptied(dir, &path)?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(|e| from_sqlite(&e, &path))?;
        conn.pragma_update(None, "mmap_size", 0)
            .map_err(|e| from_sqlite(&e, &path))?;
        let version = match check(&conn, &path)? {
            Contents::Empty => {
                if file == FileState::Sqlite {
                    refuse_if_emptied(dir, &path)?;
                }
                0
            }
            Contents::Version(version) => version,
        };
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 2000;",
        )
        .map_err(|e| from_sqlite(&e, &path))?;
        let mut store = Self {
            conn,
            path,
            read_only: false,
            _lock: Some(lock),
            stamp: None,
        };
        store.migrate(version)?;
        Ok(store)
    }

    /// Opens `progress.sqlite3` in `dir` for reading only, for a data folder that cannot be
    /// written (a read-only home): nothing is created, migrated or written, and every write
    /// fails with [`StoreError::ReadOnly`]. The lock is taken when the lock file exists.
    pub fn open_read_only(dir: &Path) -> Result<Self> {
        let lock = File::open(dir.join(LOCK_FILE)).ok();
        if let Some(file) = &lock
            && let Err(fs::TryLockError::WouldBlock) = file.try_lock_shared()
        {
            return Err(StoreError::InUse {
                path: dir.join(LOCK_FILE),
            });
        }
        let path = dir.join(DB_FILE);
        check_companions(&path)?;
        if check_header(&path)? != FileState::Sqlite {
            // Nothing to show, and nothing may be created.
            return Err(StoreError::ReadOnly {
                path: dir.to_owned(),
            });
        }
        let conn = open_reading(&path).map_err(|e| from_sqlite(&e, &path))?;
        match check(&conn, &path)? {
            Contents::Version(SCHEMA_VERSION) => {}
            // An older format needs a migration, which needs write access.
            Contents::Empty | Contents::Version(_) => return Err(StoreError::ReadOnly { path }),
        }
        conn.execute_batch("PRAGMA busy_timeout = 2000;")
            .map_err(|e| from_sqlite(&e, &path))?;
        Ok(Self {
            conn,
            path,
            read_only: true,
            _lock: lock,
            stamp: None,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this is a read-only view ([`Store::open_read_only`]).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The stamp of a new event of this device at `time` (an answer, a setting, a card of its
    /// own): later than every stamp given or seen.
    pub fn next_stamp(&mut self, time: super::types::Timestamp) -> Result<i64> {
        let last = match self.stamp {
            Some(last) => last,
            None => self.stamp_seen()?,
        };
        let stamp = super::devices::stamp_of(time.0, 0).max(last.saturating_add(1));
        self.stamp = Some(stamp);
        Ok(stamp)
    }

    /// Notes that a merge saw stamps up to `seen`.
    pub(super) fn saw_stamp(&mut self, seen: i64) {
        self.stamp = Some(self.stamp.map_or(seen, |s| s.max(seen)));
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

    /// Runs `write`, a long write (a first sync of a long history), with a page cache its
    /// rows and indexes fit in: with SQLite's default 2 MiB the index pages would be written out
    /// and read back over and over. Its commit leaves the write-ahead log long: copying it into
    /// the database (the checkpoint) is left to a connection of its own, off this thread,
    /// instead of holding up the commit (and the learner's next answer).
    pub(super) fn in_bulk<T>(&mut self, write: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        self.conn
            .execute_batch(&format!(
                "PRAGMA cache_size = -{BULK_CACHE_KIB}; PRAGMA temp_store = MEMORY;
                 PRAGMA wal_autocheckpoint = 0;"
            ))
            .map_err(|e| super::error::from_sqlite(&e, &path))?;
        let result = write(self);
        let _ = self.conn.execute_batch(
            "PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT; PRAGMA wal_autocheckpoint = 1000;",
        );
        if result.is_ok() {
            checkpoint_aside(path);
        }
        result
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

    /// Writes a consistent copy of the database to `target` (which must not exist yet) with
    /// SQLite's backup API, so any path works (one that is not UTF-8 too), then checks the copy
    /// (`quick_check`: a damaged database gives a damaged copy, which must not pass for a
    /// backup) and syncs it to disk. The copy uses a rollback journal: no `-wal` belongs to it.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        let on_target = |e: rusqlite::Error| from_sqlite(&e, target);
        let mut copy = Connection::open(target).map_err(on_target)?;
        {
            use rusqlite::backup::{Backup, StepResult};
            let backup = Backup::new(&self.conn, &mut copy).map_err(|e| self.err(&e))?;
            let mut waits = 0;
            loop {
                match backup.step(4096).map_err(|e| self.err(&e))? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    // Only this process writes (it holds the lock), so a busy copy is brief.
                    StepResult::Busy | StepResult::Locked if waits < 200 => {
                        waits += 1;
                        std::thread::sleep(std::time::Duration::from_millis(10));
                    }
                    _ => {
                        return Err(StoreError::InUse {
                            path: target.to_owned(),
                        });
                    }
                }
            }
        }
        copy.query_row("PRAGMA journal_mode = DELETE", [], |r| {
            r.get::<_, String>(0)
        })
        .map_err(on_target)?;
        let check: String = copy
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| self.err(&e))?;
        if check != "ok" {
            return Err(super::error::corrupt(
                &self.path,
                format!("its copy failed SQLite's check: {check}"),
            ));
        }
        drop(copy);
        File::open(target)
            .and_then(|f| f.sync_all())
            .map_err(|e| from_io(&e, target))
    }
}

/// Opens `path` read-only, never changing it. A WAL-mode database whose `-wal` and `-shm` are
/// gone (it was closed cleanly) cannot be opened so where they cannot be created (a read-only
/// folder); it is then opened as immutable, which nothing can change there anyway.
pub(super) fn open_reading(path: &Path) -> rusqlite::Result<Connection> {
    match open_reading_as(path, false) {
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) => {
            open_reading_as(path, true)
        }
        other => other,
    }
}

/// The page cache a long write works in (KiB): a history of several hundred thousand answers
/// and its indexes fit.
const BULK_CACHE_KIB: i64 = 128 * 1024;

/// Copies the write-ahead log of the database at `path` into it, on a thread and connection
/// of its own (SQLite lets a checkpoint run beside the store's own connection; one that finds
/// the log busy leaves it to the next).
fn checkpoint_aside(path: std::path::PathBuf) {
    let _ = std::thread::Builder::new()
        .name("kubestudy-checkpoint".to_owned())
        .spawn(move || {
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
            if let Ok(conn) = rusqlite::Connection::open_with_flags(&path, flags) {
                let _ = conn.busy_timeout(std::time::Duration::from_secs(5));
                let _ = conn.execute_batch("PRAGMA mmap_size = 0; PRAGMA wal_checkpoint(PASSIVE);");
            }
        });
}

/// Opens `path` read-only (`immutable`: as a file nothing changes, needing no lock, `-wal` or
/// `-shm`), reading it once to find out whether that works.
fn open_reading_as(path: &Path, immutable: bool) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if immutable {
        Connection::open_with_flags(
            format!("{}?immutable=1", file_uri(path)),
            flags | OpenFlags::SQLITE_OPEN_URI,
        )?
    } else {
        Connection::open_with_flags(path, flags)?
    };
    conn.pragma_update(None, "mmap_size", 0)?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
    Ok(conn)
}

/// `file:` URI of `path`, every byte but unreserved ones and `/` percent-encoded (so a name
/// that is not UTF-8 survives).
fn file_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let bytes = absolute.as_os_str().as_encoded_bytes();
    let mut uri = String::from("file:");
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// Takes the data folder's lock, or says who holds it. A folder that cannot be written gives
/// [`StoreError::ReadOnly`].
pub(super) fn lock(dir: &Path) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    // Opening a FIFO for writing would wait forever for a reader: the opener refuses anything
    // but a regular file, checking what it opened (never blocking on it).
    if let Ok(meta) = fs::metadata(&path)
        && !meta.is_file()
    {
        return Err(StoreError::NotAFile { path });
    }
    let file = crate::files::open_lock_file(&path).map_err(|e| from_io(&e, &path))?;
    // A process that has just let go may not have closed its copy yet (a child between fork
    // and exec holds it for a moment): look again for a short while before saying "in use".
    let start = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::WouldBlock)
                if start.elapsed() < std::time::Duration::from_millis(400) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(fs::TryLockError::WouldBlock) => return Err(StoreError::InUse { path }),
            Err(fs::TryLockError::Error(e)) => return Err(from_io(&e, &path)),
        }
    }
}

/// What is at the database path before SQLite opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileState {
    /// No file: a new store.
    Missing,
    /// A file of 0 bytes.
    Empty,
    /// A file with SQLite's header.
    Sqlite,
}

/// A non-empty file must start with SQLite's header; anything else is not ours to touch.
fn check_header(path: &Path) -> Result<FileState> {
    use std::io::Read as _;
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
        Err(e) => return Err(from_io(&e, path)),
    };
    if !meta.is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_owned(),
        });
    }
    let mut header = Vec::with_capacity(16);
    File::open(path)
        .and_then(|file| file.take(16).read_to_end(&mut header))
        .map_err(|e| from_io(&e, path))?;
    if header.is_empty() {
        return Ok(FileState::Empty);
    }
    if header == b"SQLite format 3\0" {
        return Ok(FileState::Sqlite);
    }
    Err(super::error::corrupt(path, "it is not a SQLite database"))
}

/// The `-wal` and `-shm` files SQLite keeps beside the database must be regular files when they
/// exist (a folder in their place makes every open fail with a puzzling message).
fn check_companions(path: &Path) -> Result<()> {
    for suffix in ["-wal", "-shm", "-journal"] {
        let companion = with_suffix(path, suffix);
        if let Ok(meta) = fs::symlink_metadata(&companion)
            && !meta.is_file()
        {
            return Err(StoreError::NotAFile { path: companion });
        }
    }
    Ok(())
}

/// An empty database while a backup holds answers lost its content: say so, offer the backup.
fn refuse_if_emptied(dir: &Path, path: &Path) -> Result<()> {
    match super::backup::newest_with_answers(dir) {
        Some(backup) => Err(StoreError::Emptied {
            path: path.to_owned(),
            backup: backup.path,
            answers: backup.answers.unwrap_or(0),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn memory_mapping_is_off() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let size: i64 = store
            .conn
            .query_row("PRAGMA mmap_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(size, 0);
    }

    #[test]
    fn a_foreign_database_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE firefox (url TEXT); INSERT INTO firefox VALUES ('x');")
            .unwrap();
        let before = fs::read(&path).unwrap();
        let err = Store::open(dir.path()).unwrap_err();
        assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
        assert!(err.to_string().contains("`firefox`"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), before, "left untouched");
        let tables: i64 = Connection::open(&path)
            .unwrap()
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 1, "no kubestudy table was created in it");
    }

    #[test]
    fn a_folder_in_place_of_the_wal_is_named() {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open(dir.path()).unwrap());
        fs::create_dir(dir.path().join("progress.sqlite3-wal")).unwrap();
        let err = Store::open(dir.path()).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, StoreError::NotAFile { .. }), "{text}");
        assert!(
            text.starts_with(&format!(
                "{}",
                dir.path().join("progress.sqlite3-wal").display()
            )),
            "{text}"
        );
        assert!(
            !text.contains("read-only") && !text.contains("answer"),
            "{text}"
        );
    }

    #[test]
    fn a_read_only_view_reads_and_refuses_writes() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        store.set_meta("k", "v").unwrap();
        drop(store);
        let mut view = Store::open_read_only(dir.path()).unwrap();
        assert!(view.is_read_only());
        assert_eq!(view.meta("k").unwrap().as_deref(), Some("v"));
        let err = view.set_meta("k", "w").unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
        drop(view);
        let empty = tempfile::tempdir().unwrap();
        assert!(
            Store::open_read_only(empty.path())
                .unwrap_err()
                .is_read_only()
        );
    }
}
