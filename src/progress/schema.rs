//! The progress database's schema: its migrations, the tables each version has, and the checks
//! that a file is a kubestudy database of a version this build can use before anything writes
//! to it.

use std::collections::BTreeSet;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::error::{Result, StoreError, corrupt, from_sqlite};

/// The schema version this build writes (SQLite `user_version`).
pub const SCHEMA_VERSION: i64 = 4;

/// Schema migrations: entry `n` brings a database from version `n` to `n + 1`.
pub(super) const MIGRATIONS: [&str; 4] = [
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
    // Version 3: the learner's own marks and edits. `hidden` becomes bits (1: left the pack,
    // 2: suspended, 4: buried until the day after `buried_day`), so every queue query's
    // `hidden = 0` keeps suspended and buried items out; a flag colour (0 none, 1-4) and the
    // leech mark (0 none, 1 marked, 2 marked and suspended by it). An override is the learner's
    // own text for a pack's item, kept here, never in the pack.
    r"
    ALTER TABLE items ADD COLUMN flag INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE items ADD COLUMN buried_day INTEGER;
    ALTER TABLE items ADD COLUMN leech INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX items_buried ON items (buried_day) WHERE buried_day IS NOT NULL;
    CREATE INDEX items_marked ON items (pack, item) WHERE flag != 0 OR leech != 0 OR hidden > 1;
    CREATE TABLE overrides (
        pack TEXT NOT NULL, item TEXT NOT NULL, body TEXT NOT NULL, base TEXT NOT NULL,
        edited INTEGER NOT NULL, PRIMARY KEY (pack, item)
    ) WITHOUT ROWID;
",
    // Version 4: folder sync. Every answer gets an id that is the same on every device: the
    // device that gave it (`origin`, 0 for this one, else a row of `sync_devices`) and its
    // hybrid-clock stamp (`hlc`: milliseconds times 65536 plus a counter). Answers from before
    // get one from their time and row. `sync_changes` holds, for each mark or edit, the stamp
    // of its latest write and whether this device still has to send it; the triggers stamp
    // the learner's own changes, through the view `sync_touch` (not those a merge applies,
    // while `applying` is set).
    r"
    ALTER TABLE reviews ADD COLUMN origin INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE reviews ADD COLUMN hlc INTEGER NOT NULL DEFAULT 0;
    UPDATE reviews SET hlc =
        (CASE WHEN time BETWEEN 0 AND 100000000000000 THEN time ELSE 0 END) * 65536 + (id % 65536);
    CREATE TABLE sync_clock (
        one INTEGER PRIMARY KEY CHECK (one = 1), seen INTEGER NOT NULL, applying INTEGER NOT NULL
    );
    INSERT INTO sync_clock VALUES (1, 0, 0);
    CREATE TABLE sync_devices (
        n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
        last_seen INTEGER NOT NULL, last_hlc INTEGER NOT NULL, answers INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE sync_files (
        name TEXT PRIMARY KEY, head TEXT NOT NULL, consumed INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE sync_retracted (
        origin INTEGER NOT NULL, hlc INTEGER NOT NULL, sent INTEGER NOT NULL,
        pack TEXT NOT NULL, item TEXT NOT NULL,
        PRIMARY KEY (origin, hlc)
    ) WITHOUT ROWID;
    CREATE TABLE sync_changes (
        pack TEXT NOT NULL, item TEXT NOT NULL, what INTEGER NOT NULL,
        hlc INTEGER NOT NULL, origin INTEGER NOT NULL, sent INTEGER NOT NULL,
        PRIMARY KEY (pack, item, what)
    ) WITHOUT ROWID;
    CREATE INDEX sync_unsent ON sync_changes (sent) WHERE sent = 0;
    CREATE VIEW sync_touch (pack, item, what) AS SELECT pack, item, what FROM sync_changes;
    CREATE TRIGGER sync_touched INSTEAD OF INSERT ON sync_touch
    WHEN (SELECT applying FROM sync_clock) = 0
    BEGIN
        INSERT INTO sync_changes (pack, item, what, hlc, origin, sent) VALUES (NEW.pack, NEW.item,
            NEW.what,
            max(CAST(unixepoch('subsec') * 1000 AS INTEGER) * 65536, (SELECT seen FROM sync_clock) + 1),
            0, 0)
        ON CONFLICT (pack, item, what) DO UPDATE SET
            hlc = max(excluded.hlc, sync_changes.hlc + 1), origin = 0, sent = 0;
    END;
    CREATE TRIGGER sync_marks_changed AFTER UPDATE OF hidden, flag, buried_day, leech ON items
    WHEN OLD.flag != NEW.flag OR (OLD.hidden & 6) != (NEW.hidden & 6) OR OLD.leech != NEW.leech
        OR OLD.buried_day IS NOT NEW.buried_day
    BEGIN INSERT INTO sync_touch VALUES (NEW.pack, NEW.item, 0); END;
    CREATE TRIGGER sync_marks_new AFTER INSERT ON items
    WHEN NEW.flag != 0 OR (NEW.hidden & 6) != 0 OR NEW.leech != 0
    BEGIN INSERT INTO sync_touch VALUES (NEW.pack, NEW.item, 0); END;
    CREATE TRIGGER sync_edit_set AFTER INSERT ON overrides
    BEGIN INSERT INTO sync_touch VALUES (NEW.pack, NEW.item, 1); END;
    CREATE TRIGGER sync_edit_changed AFTER UPDATE ON overrides
    BEGIN INSERT INTO sync_touch VALUES (NEW.pack, NEW.item, 1); END;
    CREATE TRIGGER sync_edit_removed AFTER DELETE ON overrides
    BEGIN INSERT INTO sync_touch VALUES (OLD.pack, OLD.item, 1); END;
",
];

/// The tables each migration creates (entry `n`: those of version `n + 1`).
const TABLES: [&[&str]; 4] = [
    &["daily", "items", "meta", "packs", "reviews", "sessions"],
    &["cram_log", "mock_attempts"],
    &["overrides"],
    &[
        "sync_changes",
        "sync_clock",
        "sync_devices",
        "sync_files",
        "sync_retracted",
    ],
];

/// What a database file holds, as far as kubestudy is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Contents {
    /// No tables at all and version 0: a new file (or one that lost everything).
    Empty,
    /// kubestudy's tables at this version.
    Version(i64),
}

/// Checks that the database open on `conn` (the file `path`) is one kubestudy can use, without
/// writing to it: version 0 with no tables, or a known version whose tables are all there and
/// none of a later version's. Refuses a newer version, another program's database, and a
/// version number that does not match the tables (rather than run migrations that would fail
/// halfway or, worse, write into someone else's file).
pub(super) fn check(conn: &Connection, path: &Path) -> Result<Contents> {
    let sqlite = |e: rusqlite::Error| from_sqlite(&e, path);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sqlite)?;
    let tables: BTreeSet<String> = {
        let mut stmt = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 ORDER BY name",
            )
            .map_err(sqlite)?;
        let names = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(sqlite)?;
        names.collect::<rusqlite::Result<_>>().map_err(sqlite)?
    };
    if version > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: path.to_owned(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version == 0 {
        if tables.is_empty() {
            return Ok(Contents::Empty);
        }
        let ours = TABLES.iter().flat_map(|t| t.iter()).copied();
        let shared = ours.filter(|t| tables.contains(*t)).count();
        if shared == 0 {
            let mut names: Vec<String> = tables.iter().take(3).map(|t| format!("`{t}`")).collect();
            if tables.len() > 3 {
                names.push(format!("and {} more", tables.len() - 3));
            }
            return Err(StoreError::Foreign {
                path: path.to_owned(),
                tables: names.join(", "),
            });
        }
        return Err(corrupt(
            path,
            "unexpected schema version 0 for a file with kubestudy's tables",
        ));
    }
    let Ok(upto) = usize::try_from(version) else {
        return Err(corrupt(
            path,
            format!("unexpected schema version {version}"),
        ));
    };
    let missing: Vec<&str> = TABLES
        .iter()
        .take(upto)
        .flat_map(|t| t.iter())
        .copied()
        .filter(|t| !tables.contains(*t))
        .collect();
    if !missing.is_empty() {
        return Err(corrupt(
            path,
            format!("kubestudy tables are missing: {}", missing.join(", ")),
        ));
    }
    let later = TABLES
        .iter()
        .enumerate()
        .skip(upto)
        .find(|(_, t)| t.iter().any(|name| tables.contains(*name)));
    if let Some((index, _)) = later {
        return Err(corrupt(
            path,
            format!(
                "unexpected schema version {version}: it has the tables of version {}",
                index + 1
            ),
        ));
    }
    Ok(Contents::Version(version))
}

/// What a progress database file other than the open store holds (a backup, or a file being
/// restored): its answer count, after checking it is a kubestudy database of a version this build
/// reads. Opened read-only, so the file is never changed.
pub fn answers_in(path: &Path) -> Result<i64> {
    let conn = super::store::open_reading(path).map_err(|e| from_sqlite(&e, path))?;
    match check(&conn, path)? {
        Contents::Empty => Ok(0),
        Contents::Version(_) => conn
            .query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))
            .map_err(|e| from_sqlite(&e, path)),
    }
}

/// Checks a copy about to become the progress database (`copy`, a file of our own, made from
/// `path`, which messages name): SQLite's full `integrity_check`, then the schema; the copy is
/// left in rollback-journal mode so no `-wal` file belongs to it. Returns its answer count.
pub(super) fn verify_copy(copy: &Path, path: &Path) -> Result<i64> {
    let sqlite = |e: rusqlite::Error| from_sqlite(&e, path);
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(copy, flags).map_err(sqlite)?;
    conn.pragma_update(None, "mmap_size", 0).map_err(sqlite)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(sqlite)?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(corrupt(path, format!("its journal mode stays `{mode}`")));
    }
    let problems: Vec<String> = {
        let mut stmt = conn.prepare("PRAGMA integrity_check").map_err(sqlite)?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(sqlite)?;
        rows.collect::<rusqlite::Result<_>>().map_err(sqlite)?
    };
    if problems.iter().any(|p| p != "ok") {
        let first = problems.first().cloned().unwrap_or_default();
        return Err(corrupt(
            path,
            format!(
                "integrity check failed: {first} ({} problems)",
                problems.len()
            ),
        ));
    }
    match check(&conn, path)? {
        Contents::Empty => Err(corrupt(path, "it holds no kubestudy tables")),
        Contents::Version(_) => conn
            .query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))
            .map_err(sqlite),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn database(dir: &Path, sql: &str) -> std::path::PathBuf {
        let path = dir.join("progress.sqlite3");
        let _ = std::fs::remove_file(&path);
        Connection::open(&path).unwrap().execute_batch(sql).unwrap();
        path
    }

    #[test]
    fn versions_that_do_not_match_the_tables_are_named_without_sql() {
        let dir = tempfile::tempdir().unwrap();
        let all = format!(
            "{}{}",
            MIGRATIONS.first().unwrap(),
            MIGRATIONS.get(1).unwrap()
        );
        for (version, expected) in [
            (-1, "unexpected schema version -1"),
            (
                1,
                "unexpected schema version 1: it has the tables of version 2",
            ),
            (0, "unexpected schema version 0"),
        ] {
            let path = database(
                dir.path(),
                &format!("{all} PRAGMA user_version = {version};"),
            );
            let err = answers_in(&path).unwrap_err();
            let text = err.to_string();
            assert!(matches!(err, StoreError::Corrupt { .. }), "{text}");
            assert!(text.contains(expected), "{version}: {text}");
            assert!(!text.contains("CREATE"), "no SQL in messages: {text}");
        }
    }

    #[test]
    fn another_programs_database_is_foreign() {
        let dir = tempfile::tempdir().unwrap();
        let path = database(
            dir.path(),
            "CREATE TABLE firefox (x); CREATE TABLE places (y);",
        );
        let err = answers_in(&path).unwrap_err();
        assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
        assert!(err.to_string().contains("`firefox`, `places`"), "{err}");
    }
}
