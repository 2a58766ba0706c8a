//! Exam-week records kept apart from spaced repetition: practice-only cram answers and mock
//! exam attempts. Neither touches an item's schedule.

use serde::{Deserialize, Serialize};

use super::types::Timestamp;
use super::{ItemKey, Result, Store};

/// One domain's result in a mock exam.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainScore {
    /// The domain's name.
    pub name: String,
    /// Questions asked from it.
    pub questions: u32,
    /// Answered right (in a hands-on mock: tasks fully passed).
    pub right: u32,
    /// A hands-on mock's partial credit: the sum over its tasks of the share of each task's
    /// checks met, in hundredths of a task (`None` for a question mock, where an answer is
    /// right or not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<u32>,
}

/// A finished mock exam.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MockAttempt {
    /// Which exam (its short name).
    pub exam: String,
    /// When it started and ended.
    pub started: Timestamp,
    /// When it ended.
    pub ended: Timestamp,
    /// Questions asked.
    pub questions: u32,
    /// Answered right.
    pub right: u32,
    /// Whether the score reached the pass mark.
    pub passed: bool,
    /// Per domain.
    pub domains: Vec<DomainScore>,
}

impl MockAttempt {
    /// The score as a share of the whole: partial credit where the mock gave it (a hands-on
    /// mock), else right answers over questions.
    pub fn share(&self) -> f64 {
        let points = if self.hands_on() {
            let credit: u32 = self.domains.iter().filter_map(|d| d.credit).sum();
            f64::from(credit) / 100.0
        } else {
            f64::from(self.right)
        };
        points / f64::from(self.questions.max(1))
    }

    /// Whether it was a hands-on mock (tasks with partial credit).
    pub fn hands_on(&self) -> bool {
        !self.domains.is_empty() && self.domains.iter().all(|d| d.credit.is_some())
    }
}

impl Store {
    /// Logs a practice-only cram answer (the item's state and the review log are untouched).
    pub fn log_cram(
        &mut self,
        key: &ItemKey,
        time: Timestamp,
        right: bool,
        duration_ms: u32,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO cram_log (pack, item, time, right, duration_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut stmt| {
                stmt.execute(rusqlite::params![key.pack, key.item, time.0, right, duration_ms])
            })
            .map(drop)
            .map_err(|e| self.err(&e))
    }

    /// Practice-only cram answers logged so far.
    pub fn cram_count(&self) -> Result<u64> {
        self.conn
            .query_row("SELECT count(*) FROM cram_log", [], |r| r.get::<_, i64>(0))
            .map(|n| u64::try_from(n).unwrap_or(0))
            .map_err(|e| self.err(&e))
    }

    /// Saves a finished mock exam.
    pub fn save_mock(&mut self, attempt: &MockAttempt) -> Result<()> {
        let domains = serde_json::to_string(&attempt.domains).unwrap_or_default();
        self.conn
            .execute(
                "INSERT INTO mock_attempts (exam, started, ended, questions, right, passed, domains)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![
                    attempt.exam,
                    attempt.started.0,
                    attempt.ended.0,
                    attempt.questions,
                    attempt.right,
                    attempt.passed,
                    domains
                ],
            )
            .map(drop)
            .map_err(|e| self.err(&e))
    }

    /// Past mock exams, newest first.
    pub fn mock_attempts(&self) -> Result<Vec<MockAttempt>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT exam, started, ended, questions, right, passed, domains FROM mock_attempts
                 ORDER BY started DESC, id DESC",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([], |r| {
                let domains: String = r.get(6)?;
                Ok(MockAttempt {
                    exam: r.get(0)?,
                    started: Timestamp(r.get(1)?),
                    ended: Timestamp(r.get(2)?),
                    questions: r.get(3)?,
                    right: r.get(4)?,
                    passed: r.get(5)?,
                    domains: serde_json::from_str(&domains).unwrap_or_default(),
                })
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(&e))
    }
}

impl Store {
    /// Deletes every item, answer and log entry of `pack`; returns how many items went.
    pub fn delete_pack(&mut self, pack: &str) -> Result<u64> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| super::error::from_sqlite(&e, &path);
        let tx = self.conn.transaction().map_err(err)?;
        let items = tx
            .execute("DELETE FROM items WHERE pack = ?1", [pack])
            .map_err(err)?;
        for table in ["reviews", "daily", "cram_log"] {
            tx.execute(&format!("DELETE FROM {table} WHERE pack = ?1"), [pack])
                .map_err(err)?;
        }
        tx.execute("DELETE FROM packs WHERE pack = ?1", [pack])
            .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(u64::try_from(items).unwrap_or(0))
    }
}
