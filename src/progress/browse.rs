//! What the card browser shows of every item the store knows: its state and the learner's marks,
//! read in one scan.

use std::collections::HashMap;

use rusqlite::types::Value;

use super::answers::{ItemKey, ItemKind, STATE_COLUMNS, state_from_row, state_values};
use super::error::Result;
use super::marks::{BURIED, Flag, Leech, Marks, SUSPENDED};
use super::store::Store;
use super::types::ItemState;

impl Store {
    /// The state and marks of every item still in its pack, by key (items never seen are not
    /// there: they are new and unmarked). One pass over the items table.
    pub fn browse(&self) -> Result<HashMap<ItemKey, (ItemState, Marks)>> {
        let sql = format!(
            "SELECT pack, item, hidden, flag, buried_day, leech, {STATE_COLUMNS}
             FROM items WHERE hidden & 1 = 0"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([], |r| {
                let hidden: i64 = r.get(2)?;
                let buried: Option<i64> = r.get(4)?;
                let marks = Marks {
                    flag: Flag::from_number(r.get(3)?),
                    suspended: hidden & SUSPENDED != 0,
                    buried: buried.filter(|_| hidden & BURIED != 0),
                    leech: Leech::from_code(r.get(5)?),
                };
                let key = ItemKey::new(r.get::<_, String>(0)?, r.get::<_, String>(1)?);
                Ok((key, (state_from_row(r, 6)?, marks)))
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(&e))
    }

    /// Puts each (key, kind, state) in place, in one transaction (an item the store has not
    /// seen gets its row); the answer log is not touched. Returns each item's state before
    /// (`None`: the store had not seen it), for undo.
    pub fn set_states(
        &mut self,
        rows: &[(ItemKey, ItemKind, ItemState)],
    ) -> Result<Vec<Option<ItemState>>> {
        let before = rows
            .iter()
            .map(|(key, _, _)| self.item_state(key))
            .collect::<Result<Vec<_>>>()?;
        let path = self.path.clone();
        let err = |e: rusqlite::Error| super::error::from_sqlite(&e, &path);
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut write = tx
                .prepare_cached(&format!(
                    "INSERT INTO items (pack, item, kind, position, {STATE_COLUMNS})
                     VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                     ON CONFLICT (pack, item) DO UPDATE SET ({STATE_COLUMNS}) =
                         (excluded.phase, excluded.step, excluded.stability,
                          excluded.difficulty, excluded.due, excluded.last_review,
                          excluded.interval_days, excluded.reps, excluded.lapses)"
                ))
                .map_err(err)?;
            for (key, kind, state) in rows {
                let values = [
                    Value::Text(key.pack.clone()),
                    Value::Text(key.item.clone()),
                    Value::Integer(kind.code()),
                ]
                .into_iter()
                .chain(state_values(state));
                write
                    .execute(rusqlite::params_from_iter(values))
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(before)
    }
}
