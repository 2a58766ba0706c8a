//! Aggregate queries behind the statistics: counts, daily activity, due dates, retention.

use rusqlite::params;

use super::answers::ItemKey;
use super::error::Result;
use super::store::Store;
use super::types::Memory;
use super::types::Timestamp;

/// Items of one pack by where they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PhaseCounts {
    /// Pack id.
    pub pack: String,
    /// Never answered (home's "new" is different: the unseen items today's limit lets in).
    pub unseen: u64,
    /// In learning or relearning steps.
    pub learning: u64,
    /// In review with an interval under 21 days.
    pub young: u64,
    /// In review with an interval of 21 days or more.
    pub mature: u64,
    /// Answered before and due by the end of today.
    pub due_today: u64,
}

/// How an item did in one mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModeResult {
    /// The item.
    pub key: ItemKey,
    /// Answers in the mode.
    pub answers: u64,
    /// Of which not Again.
    pub right: u64,
    /// Whether the latest answer was not Again.
    pub last_right: bool,
}

/// Answers in the review phase and how many were recalled: true retention.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Retention {
    /// Review-phase answers.
    pub answers: u64,
    /// Of which not Again.
    pub passed: u64,
}

impl Retention {
    /// Passed / answers, if there were any.
    pub fn rate(self) -> Option<f64> {
        #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
        (self.answers > 0).then(|| self.passed as f64 / self.answers as f64)
    }

    /// Adds another tally.
    pub fn add(&mut self, other: Self) {
        self.answers += other.answers;
        self.passed += other.passed;
    }
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Store {
    /// Visible items never answered, per pack.
    pub fn new_counts(&self) -> Result<Vec<(String, u64)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT pack, count(*) FROM items WHERE phase = 0 AND hidden & 3 = 0 GROUP BY pack",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, count(r.get(1)?))))
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(&e))
    }

    /// Counts per visible pack; `end_of_today` bounds "due today".
    pub fn phase_counts(&self, end_of_today: Timestamp) -> Result<Vec<PhaseCounts>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT pack, sum(phase = 0), sum(phase IN (1, 3)), sum(phase = 2 AND interval_days < 21),
                        sum(phase = 2 AND interval_days >= 21), sum(phase > 0 AND due < ?1 AND hidden = 0)
                 FROM items WHERE hidden & 1 = 0 GROUP BY pack ORDER BY pack",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([end_of_today.0], |r| {
                Ok(PhaseCounts {
                    pack: r.get(0)?,
                    unseen: count(r.get(1)?),
                    learning: count(r.get(2)?),
                    young: count(r.get(3)?),
                    mature: count(r.get(4)?),
                    due_today: count(r.get(5)?),
                })
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(&e))
    }

    /// Answers per study day from `first_day` on, oldest first (days without answers left out).
    pub fn answers_per_day(&self, first_day: i64) -> Result<Vec<(i64, u64)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT day, sum(answers) FROM daily WHERE day >= ?1 GROUP BY day ORDER BY day",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([first_day], |r| Ok((r.get(0)?, count(r.get(1)?))))
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(&e))
    }

    /// How many answered items are due before `start` (overdue), and the due times of those due
    /// from `start` up to `end`, read from the covering due index.
    pub fn due_between(&self, start: Timestamp, end: Timestamp) -> Result<(u64, Vec<i64>)> {
        let overdue: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM items INDEXED BY items_due WHERE hidden = 0 AND phase IN (1, 2, 3) AND due < ?1")
            .and_then(|mut s| s.query_row([start.0], |r| r.get(0)))
            .map_err(|e| self.err(&e))?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT due FROM items INDEXED BY items_due WHERE hidden = 0 AND phase IN (1, 2, 3) AND due >= ?1 AND due < ?2")
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map(params![start.0, end.0], |r| r.get(0))
            .map_err(|e| self.err(&e))?;
        let due = rows
            .collect::<rusqlite::Result<Vec<i64>>>()
            .map_err(|e| self.err(&e))?;
        Ok((count(overdue), due))
    }

    /// True retention per pack over all time.
    pub fn retention_per_pack(&self) -> Result<Vec<(String, Retention)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT pack, sum(review_answers), sum(review_passed) FROM daily GROUP BY pack ORDER BY pack")
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    Retention {
                        answers: count(r.get(1)?),
                        passed: count(r.get(2)?),
                    },
                ))
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(&e))
    }

    /// True retention per item, for items with review-phase answers.
    pub fn retention_per_item(&self) -> Result<Vec<(ItemKey, Retention)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT pack, item, review_answers, review_passed FROM items WHERE review_answers > 0")
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    ItemKey {
                        pack: r.get(0)?,
                        item: r.get(1)?,
                    },
                    Retention {
                        answers: count(r.get(2)?),
                        passed: count(r.get(3)?),
                    },
                ))
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(&e))
    }

    /// Per item answered in `mode` (e.g. `diagram`): answers, answers not Again, and whether
    /// the latest was not Again.
    pub fn mode_results(&self, mode: &str) -> Result<Vec<ModeResult>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT pack, item, count(*), sum(rating > 1),
                        (SELECT l.rating > 1 FROM reviews l
                         WHERE l.pack = r.pack AND l.item = r.item AND l.mode = ?1
                         ORDER BY l.id DESC LIMIT 1)
                 FROM reviews r WHERE mode = ?1 GROUP BY pack, item",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([mode], |r| {
                Ok(ModeResult {
                    key: ItemKey {
                        pack: r.get(0)?,
                        item: r.get(1)?,
                    },
                    answers: count(r.get(2)?),
                    right: count(r.get(3)?),
                    last_right: r.get(4)?,
                })
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(&e))
    }

    /// Calls `visit(pack, position, memory, last answer)` for every visible answered item, in
    /// table order, without allocating per row (for forecasts over 100,000 items). `position`
    /// is the item's place in its pack as of the last sync.
    pub fn visit_memories(
        &self,
        mut visit: impl FnMut(&str, usize, Memory, Timestamp),
    ) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT pack, position, stability, difficulty, last_review FROM items NOT INDEXED
                 WHERE phase > 0 AND hidden & 1 = 0 AND stability IS NOT NULL AND last_review IS NOT NULL",
            )
            .map_err(|e| self.err(&e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(&e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(&e))? {
            let pack = r
                .get_ref(0)
                .ok()
                .and_then(|v| v.as_str().ok())
                .unwrap_or("");
            let position = usize::try_from(r.get::<_, i64>(1).map_err(|e| self.err(&e))?);
            #[allow(clippy::cast_possible_truncation)] // Stored from f32.
            let memory = Memory {
                stability: r.get::<_, f64>(2).map_err(|e| self.err(&e))? as f32,
                difficulty: r.get::<_, f64>(3).map_err(|e| self.err(&e))? as f32,
            };
            let last = Timestamp(r.get(4).map_err(|e| self.err(&e))?);
            visit(pack, position.unwrap_or(usize::MAX), memory, last);
        }
        Ok(())
    }

    /// Memory state and last answer of every visible answered item.
    pub fn memories(&self) -> Result<Vec<(ItemKey, Memory, Timestamp)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT pack, item, stability, difficulty, last_review FROM items NOT INDEXED
                 WHERE phase > 0 AND hidden & 1 = 0 AND stability IS NOT NULL AND last_review IS NOT NULL",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([], |r| {
                #[allow(clippy::cast_possible_truncation)] // Stored from f32.
                let memory = Memory {
                    stability: r.get::<_, f64>(2)? as f32,
                    difficulty: r.get::<_, f64>(3)? as f32,
                };
                Ok((
                    ItemKey {
                        pack: r.get(0)?,
                        item: r.get(1)?,
                    },
                    memory,
                    Timestamp(r.get(4)?),
                ))
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(&e))
    }
}

/// One item's answers in order, each as (study day, rating 1-4).
pub type ItemHistory = (ItemKey, Vec<(i64, u8)>);

impl Store {
    /// Every logged answer, grouped by item in answer order.
    pub fn review_history(&self) -> Result<Vec<ItemHistory>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT pack, item, day, rating FROM reviews ORDER BY pack, item, id")
            .map_err(|e| self.err(&e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(&e))?;
        let mut out: Vec<ItemHistory> = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.err(&e))? {
            let (pack, item): (String, String) = (
                row.get(0).map_err(|e| self.err(&e))?,
                row.get(1).map_err(|e| self.err(&e))?,
            );
            let day: i64 = row.get(2).map_err(|e| self.err(&e))?;
            let rating: u8 = row.get(3).map_err(|e| self.err(&e))?;
            match out.last_mut() {
                Some((key, answers)) if key.pack == pack && key.item == item => {
                    answers.push((day, rating))
                }
                _ => out.push((ItemKey { pack, item }, vec![(day, rating)])),
            }
        }
        Ok(out)
    }
}
