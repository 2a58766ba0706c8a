//! Read queries the study layer builds queues from.
//!
//! The due queries run on the covering index `items_queue (phase, pack, due, stability, kind)`:
//! each pack is one range of it, candidates are ranked from the index alone (its entries carry
//! the row id), and full state is read only for the items chosen.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::answers::{ItemKey, ItemKind, state_from_row};
use super::error::Result;
use super::store::Store;
use super::types::ItemState;
use super::types::Timestamp;

/// Which packs and kinds a query covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Pack ids.
    pub packs: Vec<String>,
    /// Item kinds.
    pub kinds: Vec<ItemKind>,
}

impl Scope {
    /// `pack IN (?, ..) AND kind IN (?, ..)` with parameters numbered from `first`, and the values.
    fn filter(&self, first: usize) -> (String, Vec<Value>) {
        let list = |from: usize, n: usize| {
            (from..from + n)
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let packs = list(first, self.packs.len());
        let kinds = list(first + self.packs.len(), self.kinds.len());
        let mut values: Vec<Value> = self.packs.iter().map(|p| Value::Text(p.clone())).collect();
        values.extend(self.kinds.iter().map(|k| Value::Integer(k.code())));
        (format!("pack IN ({packs}) AND kind IN ({kinds})"), values)
    }
}

const STATE: &str =
    "phase, step, stability, difficulty, due, last_review, interval_days, reps, lapses";

/// A row with its key and state.
pub type Keyed = (ItemKey, ItemState);

impl Store {
    /// Learning and relearning items due by `until`, soonest first.
    pub fn due_learning(&self, scope: &Scope, until: Timestamp) -> Result<Vec<Keyed>> {
        if scope.packs.is_empty() || scope.kinds.is_empty() {
            return Ok(Vec::new());
        }
        let (filter, mut values) = scope.filter(2);
        let sql = format!(
            "SELECT pack, item, {STATE} FROM items INDEXED BY items_queue
             WHERE hidden = 0 AND phase IN (1, 3) AND due <= ?1 AND {filter} ORDER BY due, pack, item"
        );
        values.insert(0, Value::Integer(until.0));
        self.keyed_rows(&sql, values)
    }

    /// Review items due before `before`, the most overdue relative to their stability first
    /// (ties by the internal row id), at most `limit`. Relative overdueness depends on `now`, so
    /// every due review is ranked; SQLite keeps the best `limit` while scanning the index.
    pub fn due_reviews(
        &self,
        scope: &Scope,
        before: Timestamp,
        now: Timestamp,
        limit: usize,
    ) -> Result<Vec<Keyed>> {
        if scope.packs.is_empty() || scope.kinds.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let (filter, mut values) = scope.filter(4);
        let sql = format!(
            "SELECT id FROM items INDEXED BY items_queue
             WHERE hidden = 0 AND phase = 2 AND due < ?1 AND {filter}
             ORDER BY (?2 - due) / stability DESC, id LIMIT ?3"
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        values.splice(
            0..0,
            [
                Value::Integer(before.0),
                Value::Integer(now.0),
                Value::Integer(limit),
            ],
        );
        let ids: Vec<i64> = {
            let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(&e))?;
            let rows = stmt
                .query_map(params_from_iter(values), |row| row.get(0))
                .map_err(|e| self.err(&e))?;
            rows.collect::<rusqlite::Result<_>>()
                .map_err(|e| self.err(&e))?
        };
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT pack, item, {STATE} FROM items WHERE id = ?1"
            ))
            .map_err(|e| self.err(&e))?;
        ids.iter()
            .map(|id| {
                stmt.query_row([id], |row| {
                    Ok((
                        ItemKey {
                            pack: row.get(0)?,
                            item: row.get(1)?,
                        },
                        state_from_row(row, 2)?,
                    ))
                })
            })
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(&e))
    }

    /// The first `limit` new items of `pack` (of these kinds) in pack order.
    pub fn new_items(&self, pack: &str, kinds: &[ItemKind], limit: usize) -> Result<Vec<Keyed>> {
        if kinds.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let scope = Scope {
            packs: vec![pack.to_owned()],
            kinds: kinds.to_vec(),
        };
        let (filter, mut values) = scope.filter(2);
        let sql = format!(
            "SELECT pack, item, {STATE} FROM items INDEXED BY items_new
             WHERE phase = 0 AND hidden = 0 AND {filter} ORDER BY position LIMIT ?1"
        );
        values.insert(0, Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        self.keyed_rows(&sql, values)
    }

    /// How many new items of `pack` were introduced on study day `day`.
    pub fn introduced_on(&self, day: i64, pack: &str) -> Result<usize> {
        let n: Option<i64> = self
            .conn
            .query_row(
                "SELECT introduced FROM daily WHERE day = ?1 AND pack = ?2",
                rusqlite::params![day, pack],
                |r| r.get(0),
            )
            .ok();
        Ok(usize::try_from(n.unwrap_or(0).max(0)).unwrap_or(0))
    }

    /// How many review-phase answers were given on study day `day` in these packs.
    pub fn reviews_answered_on(&self, day: i64, packs: &[String]) -> Result<usize> {
        let mut total = 0;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT coalesce(review_answers, 0) FROM daily WHERE day = ?1 AND pack = ?2",
            )
            .map_err(|e| self.err(&e))?;
        for pack in packs {
            let n: Option<i64> = stmt
                .query_row(rusqlite::params![day, pack], |r| r.get(0))
                .ok();
            total += usize::try_from(n.unwrap_or(0).max(0)).unwrap_or(0);
        }
        Ok(total)
    }

    /// Rows of (pack, item, state columns).
    fn keyed_rows(&self, sql: &str, values: Vec<Value>) -> Result<Vec<Keyed>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map(params_from_iter(values), |row| {
                Ok((
                    ItemKey {
                        pack: row.get(0)?,
                        item: row.get(1)?,
                    },
                    state_from_row(row, 2)?,
                ))
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(&e))
    }
}
