//! Read queries the study layer builds queues and statistics from.

use rusqlite::params;

use super::answers::{ItemKey, ItemKind, state_from_row};
use super::error::Result;
use super::store::Store;
use crate::study::clock::Timestamp;
use crate::study::schedule::ItemState;

/// Which packs and kinds a query covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Pack ids.
    pub packs: Vec<String>,
    /// Item kinds.
    pub kinds: Vec<ItemKind>,
}

impl Scope {
    fn packs_json(&self) -> String {
        serde_json::to_string(&self.packs).unwrap_or_default()
    }

    fn kinds_json(&self) -> String {
        serde_json::to_string(&self.kinds.iter().map(|k| k.code()).collect::<Vec<_>>())
            .unwrap_or_default()
    }
}

const SCOPED: &str = "hidden = 0 AND pack IN (SELECT value FROM json_each(?1)) AND kind IN (SELECT value FROM json_each(?2))";
const STATE: &str =
    "phase, step, stability, difficulty, due, last_review, interval_days, reps, lapses";

/// A row with its key and state.
pub type Keyed = (ItemKey, ItemState);

fn keyed(row: &rusqlite::Row<'_>) -> rusqlite::Result<Keyed> {
    Ok((
        ItemKey {
            pack: row.get(0)?,
            item: row.get(1)?,
        },
        state_from_row(row, 2)?,
    ))
}

impl Store {
    /// Learning and relearning items due by `until`, soonest first.
    pub fn due_learning(&self, scope: &Scope, until: Timestamp) -> Result<Vec<Keyed>> {
        let sql = format!(
            "SELECT pack, item, {STATE} FROM items INDEXED BY items_due
             WHERE phase > 0 AND phase IN (1, 3) AND due <= ?3 AND {SCOPED} ORDER BY due, pack, item"
        );
        self.collect(
            &sql,
            params![scope.packs_json(), scope.kinds_json(), until.0],
        )
    }

    /// Review items due before `before`, the most overdue relative to their stability first,
    /// at most `limit`.
    pub fn due_reviews(
        &self,
        scope: &Scope,
        before: Timestamp,
        now: Timestamp,
        limit: usize,
    ) -> Result<Vec<Keyed>> {
        let sql = format!(
            "SELECT pack, item, {STATE} FROM items INDEXED BY items_due
             WHERE phase > 0 AND phase = 2 AND due < ?3 AND {SCOPED}
             ORDER BY (?4 - due) / (max(coalesce(stability, 1.0), 0.01) * 86400000.0) DESC, pack, item LIMIT ?5"
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.collect(
            &sql,
            params![
                scope.packs_json(),
                scope.kinds_json(),
                before.0,
                now.0,
                limit
            ],
        )
    }

    /// The first `limit` new items of `pack` (of the scope's kinds) in pack order.
    pub fn new_items(&self, pack: &str, kinds: &[ItemKind], limit: usize) -> Result<Vec<Keyed>> {
        let scope = Scope {
            packs: vec![pack.to_owned()],
            kinds: kinds.to_vec(),
        };
        let sql = format!(
            "SELECT pack, item, {STATE} FROM items INDEXED BY items_new
             WHERE phase = 0 AND {SCOPED} ORDER BY position LIMIT ?3"
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.collect(&sql, params![scope.packs_json(), scope.kinds_json(), limit])
    }

    /// How many new items of `pack` were introduced on study day `day`.
    pub fn introduced_on(&self, day: i64, pack: &str) -> Result<usize> {
        let n: Option<i64> = self
            .conn
            .query_row(
                "SELECT introduced FROM daily WHERE day = ?1 AND pack = ?2",
                params![day, pack],
                |r| r.get(0),
            )
            .ok();
        Ok(usize::try_from(n.unwrap_or(0).max(0)).unwrap_or(0))
    }

    /// How many review-phase answers were given on study day `day` in these packs.
    pub fn reviews_answered_on(&self, day: i64, packs: &[String]) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row(
                "SELECT coalesce(sum(review_answers), 0) FROM daily WHERE day = ?1 AND pack IN (SELECT value FROM json_each(?2))",
                params![day, serde_json::to_string(packs).unwrap_or_default()],
                |r| r.get(0),
            )
            .map_err(|e| self.err(&e))?;
        Ok(usize::try_from(n.max(0)).unwrap_or(0))
    }

    fn collect(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Keyed>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(&e))?;
        let rows = stmt.query_map(params, keyed).map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(&e))
    }
}
