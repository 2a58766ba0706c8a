//! The session log: when each study session started and ended, in which mode, how many answers.

use rusqlite::{OptionalExtension as _, params};

use super::error::Result;
use super::store::Store;
use super::types::Timestamp;

/// One logged session.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Session {
    /// Log id.
    pub id: i64,
    /// Mode (`review`, `glossary`, `diagram`, `primer`, `cram`).
    pub mode: String,
    /// When it started.
    pub started: Timestamp,
    /// When it ended; `None` while running or if the app stopped first.
    pub ended: Option<Timestamp>,
    /// Answers given in it.
    pub answered: u32,
}

fn session_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Session> {
    Ok(Session {
        id: r.get(0)?,
        mode: r.get(1)?,
        started: Timestamp(r.get(2)?),
        ended: r.get::<_, Option<i64>>(3)?.map(Timestamp),
        answered: r.get(4)?,
    })
}

impl Store {
    /// Logs the start of a session; returns its id.
    pub fn start_session(&mut self, mode: &str, started: Timestamp) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO sessions (mode, started) VALUES (?1, ?2)",
                params![mode, started.0],
            )
            .map_err(|e| self.err(&e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Logs the end of session `id` with the answers given in it (counted from the review log).
    pub fn end_session(&mut self, id: i64, ended: Timestamp) -> Result<()> {
        self.conn
            .execute(
                "UPDATE sessions SET ended = ?2,
                     answered = (SELECT count(*) FROM reviews WHERE time >= sessions.started AND time <= ?2)
                 WHERE id = ?1",
                params![id, ended.0],
            )
            .map(drop)
            .map_err(|e| self.err(&e))
    }

    /// The most recent sessions, newest first.
    pub fn recent_sessions(&self, limit: usize) -> Result<Vec<Session>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, mode, started, ended, answered FROM sessions ORDER BY id DESC LIMIT ?1",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], session_from_row)
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(&e))
    }

    /// The session `id`, if logged.
    pub fn session(&self, id: i64) -> Result<Option<Session>> {
        self.conn
            .query_row(
                "SELECT id, mode, started, ended, answered FROM sessions WHERE id = ?1",
                [id],
                session_from_row,
            )
            .optional()
            .map_err(|e| self.err(&e))
    }
}
