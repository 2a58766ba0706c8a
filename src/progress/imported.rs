//! History brought from another app (an Anki package's review log): each answer logged as it
//! was given, marked by its mode, with the day counters the heatmap and stats read, and the
//! item's state after it. Imported answers are history, not an action: undo never takes one back.

use rusqlite::params;
use rusqlite::types::Value;

use super::answers::{
    Answer, DayDelta, ItemKey, ItemKind, STATE_COLUMNS, bump_daily, state_values,
};
use super::error::Result;
use super::store::Store;
use super::types::{ItemState, Rating};

/// The mode imported answers are logged under.
pub const IMPORTED_MODE: &str = "anki-import";

/// One answer from the other app.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedAnswer {
    /// The answer (its mode is [`IMPORTED_MODE`]).
    pub answer: Answer,
    /// Whether it was a review of a graduated item (counted in the review pass rate).
    pub in_review: bool,
}

/// One item's history and where it stands after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The item.
    pub key: ItemKey,
    /// Its kind.
    pub kind: ItemKind,
    /// Its state after the history.
    pub state: ItemState,
    /// The answers, oldest first.
    pub answers: Vec<ImportedAnswer>,
    /// Suspended in the other app: kept out of the queue here too.
    pub suspended: bool,
    /// Buried in the other app: buried here for this study day (the day given).
    pub buried_day: Option<i64>,
}

/// What an import wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Items given their history and state.
    pub items: usize,
    /// Answers logged.
    pub answers: usize,
    /// Items left as they were: they already have answers here (importing twice never doubles
    /// a history, and never overwrites what was studied here).
    pub kept: usize,
}

/// Logs each `(item, answer)` as imported, many to a statement.
fn insert_answers(
    tx: &rusqlite::Transaction<'_>,
    rows: &[(&ItemKey, &Answer)],
) -> rusqlite::Result<()> {
    // History from before: stamped by its own time (a counter tells apart one millisecond's).
    let rows: Vec<(&ItemKey, &Answer, [i64; 2])> = (0_i64..)
        .zip(rows)
        .map(|(n, (key, a))| {
            let numbers = [
                i64::from(a.rating.number()),
                super::devices::stamp_of(a.time.0, n),
            ];
            (*key, *a, numbers)
        })
        .collect();
    let head = "INSERT INTO reviews (pack, item, time, day, rating, elapsed_days, duration_ms, hlc, mode, before)";
    let tuple = format!("(?, ?, ?, ?, ?, ?, ?, ?, '{IMPORTED_MODE}', 'null')");
    super::answers::write_many(
        tx,
        (head, &tuple, ""),
        &rows,
        |(key, a, [rating, stamp]), out| {
            out.extend::<[&dyn rusqlite::ToSql; 8]>([
                &key.pack,
                &key.item,
                &a.time.0,
                &a.day,
                rating,
                &a.elapsed_days,
                &a.duration_ms,
                stamp,
            ]);
        },
    )
}

/// The `hidden` bits the other app's marks set.
fn hidden_bits(item: &Imported) -> i64 {
    (if item.suspended {
        super::marks::SUSPENDED
    } else {
        0
    }) | (if item.buried_day.is_some() {
        super::marks::BURIED
    } else {
        0
    })
}

impl Store {
    /// Writes `items` in one transaction: all or nothing.
    pub fn import_history(&mut self, items: &[Imported]) -> Result<ImportCounts> {
        let path = self.path().to_owned();
        let err = |e: rusqlite::Error| super::error::from_sqlite(&e, &path);
        let tx = self.conn.transaction().map_err(err)?;
        let mut counts = ImportCounts::default();
        // The item's state, its review counters and the other app's suspension or burial, in
        // one write, many items a statement.
        let upsert_head = format!(
            "INSERT INTO items (pack, item, kind, review_answers, review_passed, hidden,
                 buried_day, {STATE_COLUMNS}, position)"
        );
        let upsert_tail = format!(
            "ON CONFLICT (pack, item) DO UPDATE SET ({STATE_COLUMNS}) =
                 (excluded.phase, excluded.step, excluded.stability, excluded.difficulty,
                  excluded.due, excluded.last_review, excluded.interval_days, excluded.reps,
                  excluded.lapses),
                 review_answers = review_answers + excluded.review_answers,
                 review_passed = review_passed + excluded.review_passed,
                 hidden = hidden | excluded.hidden,
                 buried_day = coalesce(excluded.buried_day, buried_day)"
        );
        let upsert_row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
        let mut upserts: Vec<Vec<Value>> = Vec::new();
        // The answers, written together once every item is looked at.
        let mut rows: Vec<(&ItemKey, &Answer)> = Vec::new();
        // The day counters added up first: one write per (day, pack), not one per answer.
        let mut days: std::collections::BTreeMap<(i64, &str), DayDelta> =
            std::collections::BTreeMap::new();
        // In key order, every index is written front to back.
        let mut sorted: Vec<&Imported> = items.iter().collect();
        sorted.sort_unstable_by(|a, b| (&a.key.pack, &a.key.item).cmp(&(&b.key.pack, &b.key.item)));
        for item in sorted {
            let answered: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM reviews WHERE pack = ?1 AND item = ?2)",
                )
                .and_then(|mut s| s.query_row(params![item.key.pack, item.key.item], |r| r.get(0)))
                .map_err(err)?;
            if answered {
                counts.kept += 1;
                continue;
            }
            let (mut review_answers, mut review_passed) = (0, 0);
            for (i, a) in item.answers.iter().enumerate() {
                let x = &a.answer;
                rows.push((&item.key, x));
                let passed = i64::from(x.rating != Rating::Again);
                let in_review = i64::from(a.in_review);
                review_answers += in_review;
                review_passed += in_review * passed;
                let delta = DayDelta {
                    answers: 1,
                    passed,
                    introduced: i64::from(i == 0),
                    review_answers: in_review,
                    review_passed: in_review * passed,
                };
                days.entry((x.day, item.key.pack.as_str()))
                    .or_default()
                    .add(&delta);
            }
            let mut row = vec![
                Value::Text(item.key.pack.clone()),
                Value::Text(item.key.item.clone()),
                Value::Integer(item.kind.code()),
                Value::Integer(review_answers),
                Value::Integer(review_passed),
                Value::Integer(hidden_bits(item)),
                item.buried_day.map_or(Value::Null, Value::Integer),
            ];
            row.extend(state_values(&item.state));
            upserts.push(row);
            counts.items += 1;
            counts.answers += item.answers.len();
        }
        super::answers::write_many(
            &tx,
            (&upsert_head, upsert_row, &upsert_tail),
            &upserts,
            |row, out| out.extend(row.iter().map(|v| v as &dyn rusqlite::ToSql)),
        )
        .map_err(err)?;
        insert_answers(&tx, &rows).map_err(err)?;
        for ((day, pack), delta) in &days {
            bump_daily(&tx, *day, pack, delta).map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(counts)
    }
}
