//! Item state, answers and undo: each answer is one transaction, committed before it returns.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension as _, Row, params};
use serde::{Deserialize, Serialize};

use super::error::Result;
use super::store::Store;
use super::types::Timestamp;
use super::types::{ItemState, Memory, Phase, Rating};

/// What is studied: a card, a glossary term, a primer check or a diagram node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ItemKind {
    /// A flashcard.
    Card,
    /// A glossary term (recalled from its definition and back).
    Term,
    /// A primer's check question.
    Check,
    /// A diagram node (located, identified, connected, labelled).
    Node,
    /// A hands-on task (a command to type, checked).
    Task,
}

impl ItemKind {
    /// Stable number stored in the database.
    pub fn code(self) -> i64 {
        match self {
            Self::Card => 0,
            Self::Term => 1,
            Self::Check => 2,
            Self::Node => 3,
            Self::Task => 4,
        }
    }

    /// The kind stored as `code`.
    pub fn from_code(code: i64) -> Option<Self> {
        [Self::Card, Self::Term, Self::Check, Self::Node, Self::Task]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// An item's identity across pack versions: (pack id, item id).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ItemKey {
    /// Pack id.
    pub pack: String,
    /// Item id within the pack (diagram nodes: `diagram-id/node-id`).
    pub item: String,
}

impl ItemKey {
    /// A key.
    pub fn new(pack: impl Into<String>, item: impl Into<String>) -> Self {
        Self {
            pack: pack.into(),
            item: item.into(),
        }
    }
}

/// The facts of one answer, logged with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// When it was given.
    pub time: Timestamp,
    /// The study day it counts for.
    pub day: i64,
    /// The rating.
    pub rating: Rating,
    /// Whole days since the previous answer (0 for the first).
    pub elapsed_days: u32,
    /// Which mode asked it (`review`, `glossary`, `diagram`, `primer`, `cram`).
    pub mode: String,
    /// How long the learner took, in milliseconds.
    pub duration_ms: u32,
}

/// An answer taken back by undo.
#[derive(Debug, Clone, PartialEq)]
pub struct Undone {
    /// The item.
    pub key: ItemKey,
    /// Its state again, as before the answer.
    pub restored: ItemState,
}

pub(super) const STATE_COLUMNS: &str =
    "phase, step, stability, difficulty, due, last_review, interval_days, reps, lapses";

/// The values of `STATE_COLUMNS` for `s`, in that order.
pub(super) fn state_values(s: &ItemState) -> [Value; 9] {
    let real = |v: Option<f32>| v.map_or(Value::Null, |v| Value::Real(f64::from(v)));
    [
        Value::Integer(s.phase.code()),
        Value::Integer(i64::from(s.step)),
        real(s.memory.map(|m| m.stability)),
        real(s.memory.map(|m| m.difficulty)),
        Value::Integer(s.due.0),
        s.last_review.map_or(Value::Null, |t| Value::Integer(t.0)),
        Value::Integer(i64::from(s.interval_days)),
        Value::Integer(i64::from(s.reps)),
        Value::Integer(i64::from(s.lapses)),
    ]
}

/// Reads an `ItemState` from `STATE_COLUMNS` starting at column `at`.
pub(super) fn state_from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<ItemState> {
    let phase = Phase::from_code(row.get(at)?).unwrap_or(Phase::New);
    let stability: Option<f64> = row.get(at + 2)?;
    let difficulty: Option<f64> = row.get(at + 3)?;
    #[allow(clippy::cast_possible_truncation)] // Stored from f32.
    let memory = stability.zip(difficulty).map(|(s, d)| Memory {
        stability: s as f32,
        difficulty: d as f32,
    });
    Ok(ItemState {
        phase,
        step: row.get(at + 1)?,
        memory,
        due: Timestamp(row.get(at + 4)?),
        last_review: row.get::<_, Option<i64>>(at + 5)?.map(Timestamp),
        interval_days: row.get(at + 6)?,
        reps: row.get(at + 7)?,
        lapses: row.get(at + 8)?,
    })
}

/// The log's text for the state before an answer: a JSON list, `[phase, step, stability,
/// difficulty, due, last_review, interval_days, reps, lapses]` (a third of the object's size,
/// which a long merged history writes hundreds of thousands of times).
pub fn encode_before(s: &ItemState) -> String {
    let tuple = (
        s.phase.code(),
        s.step,
        s.memory.map(|m| m.stability),
        s.memory.map(|m| m.difficulty),
        s.due.0,
        s.last_review.map(|t| t.0),
        s.interval_days,
        s.reps,
        s.lapses,
    );
    serde_json::to_string(&tuple).unwrap_or_default()
}

/// The state before an answer as logged: the list [`encode_before`] writes, or the object
/// older kubestudy wrote; `None` for anything else (imported history logs `null`).
pub fn decode_before(text: &str) -> Option<ItemState> {
    type Tuple = (
        i64,
        u8,
        Option<f32>,
        Option<f32>,
        i64,
        Option<i64>,
        u32,
        u32,
        u32,
    );
    if let Ok((phase, step, stability, difficulty, due, last, interval_days, reps, lapses)) =
        serde_json::from_str::<Tuple>(text)
    {
        return Some(ItemState {
            phase: Phase::from_code(phase)?,
            step,
            memory: stability
                .zip(difficulty)
                .map(|(stability, difficulty)| Memory {
                    stability,
                    difficulty,
                }),
            due: Timestamp(due),
            last_review: last.map(Timestamp),
            interval_days,
            reps,
            lapses,
        });
    }
    serde_json::from_str(text).ok()
}

fn passed(rating: Rating) -> i64 {
    i64::from(rating != Rating::Again)
}

impl Store {
    /// The state of `key`; `None` when the store has never seen it.
    pub fn item_state(&self, key: &ItemKey) -> Result<Option<ItemState>> {
        let sql = format!("SELECT {STATE_COLUMNS} FROM items WHERE pack = ?1 AND item = ?2");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(&e))?;
        stmt.query_row(params![key.pack, key.item], |row| state_from_row(row, 0))
            .optional()
            .map_err(|e| self.err(&e))
    }

    /// Records an answer that took `key` from `before` to `after`, in one transaction: the log
    /// entry, the new state and the day's counters. Returns the log entry's id.
    pub fn record_answer(
        &mut self,
        key: &ItemKey,
        kind: super::ItemKind,
        before: &ItemState,
        after: &ItemState,
        answer: &Answer,
    ) -> Result<i64> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| super::error::from_sqlite(&e, &path);
        let before_json = encode_before(before);
        let stamp = self.next_stamp(answer.time)?;
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO reviews (pack, item, time, day, rating, elapsed_days, mode, duration_ms, before, hlc)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )
                .map_err(err)?;
            insert
                .execute(params![
                    key.pack,
                    key.item,
                    answer.time.0,
                    answer.day,
                    answer.rating.number(),
                    answer.elapsed_days,
                    answer.mode,
                    answer.duration_ms,
                    before_json,
                    stamp
                ])
                .map_err(err)?;
        }
        let id = tx.last_insert_rowid();
        write_state(&tx, key, kind, after).map_err(err)?;
        let delta = DayDelta::of(before, answer.rating);
        tx.prepare_cached(
            "UPDATE items SET review_answers = review_answers + ?3, review_passed = review_passed + ?4
             WHERE pack = ?1 AND item = ?2",
        )
        .and_then(|mut s| s.execute(params![key.pack, key.item, delta.review_answers, delta.review_passed]))
        .map_err(err)?;
        bump_daily(&tx, answer.day, &key.pack, &delta).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(id)
    }

    /// Takes back the most recent answer: its item's state is restored and its log entry
    /// removed. `None` when there is nothing to undo.
    pub fn undo_last(&mut self) -> Result<Option<Undone>> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| super::error::from_sqlite(&e, &path);
        let tx = self.conn.transaction().map_err(err)?;
        let last = tx
            .query_row(
                "SELECT id, pack, item, day, rating, before, hlc FROM reviews
                 WHERE mode NOT IN ('anki-import', 'anki-phone') AND origin = 0 ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, i64>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, i64>(6)?,
                    ))
                },
            )
            .optional()
            .map_err(err)?;
        let Some((id, pack, item, day, rating, before_json, stamp)) = last else {
            return Ok(None);
        };
        // An answer already in the sync folder is taken back there too.
        tx.execute(
            "INSERT INTO sync_retracted (origin, hlc, sent, pack, item)
             SELECT 0, ?2, 0, ?3, ?4 WHERE ?1 <= coalesce((SELECT CAST(value AS INTEGER) FROM meta
                                                   WHERE key = 'sync_sent'), 0)
             ON CONFLICT (origin, hlc) DO NOTHING",
            params![id, stamp, pack, item],
        )
        .map_err(err)?;
        let key = ItemKey { pack, item };
        let Some(restored) = decode_before(&before_json) else {
            return Err(super::error::StoreError::Database {
                path: self.path.clone(),
                detail: format!("review {id} cannot be undone: its saved state is unreadable"),
            });
        };
        let rating = Rating::from_number(rating).unwrap_or(Rating::Good);
        let delta = DayDelta::of(&restored, rating).negated();
        tx.execute(
            &format!(
                "UPDATE items SET ({STATE_COLUMNS}) = (?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11),
                      review_answers = review_answers - ?12, review_passed = review_passed - ?13
                      WHERE pack = ?1 AND item = ?2"
            ),
            rusqlite::params_from_iter(
                [Value::Text(key.pack.clone()), Value::Text(key.item.clone())]
                    .into_iter()
                    .chain(state_values(&restored))
                    .chain([
                        Value::Integer(-delta.review_answers),
                        Value::Integer(-delta.review_passed),
                    ]),
            ),
        )
        .map_err(err)?;
        bump_daily(&tx, day, &key.pack, &delta).map_err(err)?;
        tx.execute("DELETE FROM reviews WHERE id = ?1", [id])
            .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(Some(Undone { key, restored }))
    }

    /// The item of the most recent answer, the one [`Store::undo_last`] would take back.
    pub fn last_answered(&self) -> Result<Option<ItemKey>> {
        self.conn
            .query_row(
                "SELECT pack, item FROM reviews WHERE mode NOT IN ('anki-import', 'anki-phone') AND origin = 0
                 ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok(ItemKey::new(r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()
            .map_err(|e| self.err(&e))
    }

    /// How many answers are logged.
    pub fn review_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))
            .map_err(|e| self.err(&e))
    }

    /// Whether review `id` is in the log.
    pub fn has_review(&self, id: i64) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM reviews WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )
            .map_err(|e| self.err(&e))
    }
}

pub(super) fn write_state(
    tx: &rusqlite::Transaction<'_>,
    key: &ItemKey,
    kind: super::ItemKind,
    s: &ItemState,
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(&format!(
        "INSERT INTO items (pack, item, kind, position, {STATE_COLUMNS})
         VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (pack, item) DO UPDATE SET ({STATE_COLUMNS}) =
             (excluded.phase, excluded.step, excluded.stability, excluded.difficulty, excluded.due,
              excluded.last_review, excluded.interval_days, excluded.reps, excluded.lapses)"
    ))?;
    stmt.execute(rusqlite::params_from_iter(
        [
            Value::Text(key.pack.clone()),
            Value::Text(key.item.clone()),
            Value::Integer(kind.code()),
        ]
        .into_iter()
        .chain(state_values(s)),
    ))?;
    Ok(())
}

/// Changes to one day's counters for one pack (negative for undo).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct DayDelta {
    pub(super) answers: i64,
    pub(super) passed: i64,
    pub(super) introduced: i64,
    pub(super) review_answers: i64,
    pub(super) review_passed: i64,
}

impl DayDelta {
    /// Both changes together.
    pub(super) fn add(&mut self, other: &Self) {
        self.answers += other.answers;
        self.passed += other.passed;
        self.introduced += other.introduced;
        self.review_answers += other.review_answers;
        self.review_passed += other.review_passed;
    }

    fn of(before: &ItemState, rating: Rating) -> Self {
        let in_review = i64::from(before.phase == Phase::Review);
        Self {
            answers: 1,
            passed: passed(rating),
            introduced: i64::from(before.phase == Phase::New),
            review_answers: in_review,
            review_passed: in_review * passed(rating),
        }
    }

    fn negated(self) -> Self {
        Self {
            answers: -self.answers,
            passed: -self.passed,
            introduced: -self.introduced,
            review_answers: -self.review_answers,
            review_passed: -self.review_passed,
        }
    }
}

pub(super) fn bump_daily(
    tx: &rusqlite::Transaction<'_>,
    day: i64,
    pack: &str,
    d: &DayDelta,
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO daily (day, pack, answers, passed, introduced, review_answers, review_passed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (day, pack) DO UPDATE SET answers = answers + excluded.answers,
             passed = passed + excluded.passed, introduced = introduced + excluded.introduced,
             review_answers = review_answers + excluded.review_answers,
             review_passed = review_passed + excluded.review_passed",
    )?;
    stmt.execute(params![
        day,
        pack,
        d.answers,
        d.passed,
        d.introduced,
        d.review_answers,
        d.review_passed
    ])?;
    Ok(())
}

/// One logged answer of an item, for its card info.
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    /// The answer's facts.
    pub answer: Answer,
    /// The item's state just before it.
    pub before: Option<ItemState>,
}

/// The most answers [`Store::history`] reads for one item (an item answered more often shows
/// its latest ones).
pub const HISTORY_LIMIT: usize = 2000;

impl Store {
    /// The answers given to `key`, oldest first (the latest [`HISTORY_LIMIT`] of them).
    pub fn history(&self, key: &ItemKey) -> Result<Vec<Logged>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT time, day, rating, elapsed_days, mode, duration_ms, before FROM reviews
                 WHERE pack = ?1 AND item = ?2 ORDER BY id DESC LIMIT ?3",
            )
            .map_err(|e| self.err(&e))?;
        let limit = i64::try_from(HISTORY_LIMIT).unwrap_or(i64::MAX);
        let rows = stmt
            .query_map(params![key.pack, key.item, limit], |r| {
                Ok(Logged {
                    answer: Answer {
                        time: Timestamp(r.get(0)?),
                        day: r.get(1)?,
                        rating: Rating::from_number(r.get(2)?).unwrap_or(Rating::Good),
                        elapsed_days: r.get(3)?,
                        mode: r.get(4)?,
                        duration_ms: r.get(5)?,
                    },
                    before: decode_before(&r.get::<_, String>(6)?),
                })
            })
            .map_err(|e| self.err(&e))?;
        let mut logged = rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(&e))?;
        logged.reverse();
        Ok(logged)
    }
}

/// Rows written by one statement.
const ROWS_PER_INSERT: usize = 100;

/// Runs `head VALUES tuple, tuple, … tail` over `rows`, [`ROWS_PER_INSERT`] of them a
/// statement, `values` giving each row's values (as many as `tuple` has places): a
/// statement's own cost (lookup, binding, step and reset) is paid a hundred times less often
/// (about a tenth of an imported item's write, measured). Values are gathered a statement at
/// a time, so a long history is never held twice.
pub(super) fn write_many<'r, R>(
    tx: &rusqlite::Transaction<'_>,
    (head, tuple, tail): (&str, &str, &str),
    rows: &'r [R],
    values: impl Fn(&'r R, &mut Vec<&'r dyn rusqlite::ToSql>),
) -> rusqlite::Result<()> {
    let statement = |n: usize| format!("{head} VALUES {} {tail}", vec![tuple; n].join(", "));
    let full = statement(ROWS_PER_INSERT);
    let mut bound: Vec<&'r dyn rusqlite::ToSql> = Vec::new();
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        bound.clear();
        for row in chunk {
            values(row, &mut bound);
        }
        let mut stmt = if chunk.len() == ROWS_PER_INSERT {
            tx.prepare_cached(&full)?
        } else {
            tx.prepare_cached(&statement(chunk.len()))?
        };
        stmt.execute(rusqlite::params_from_iter(&bound))?;
    }
    Ok(())
}
