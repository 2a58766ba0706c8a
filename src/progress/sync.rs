//! Keeping the store's item list in step with the installed packs, by item id.
//!
//! Items new to the store get a row (phase New) with their position in the pack; items that left
//! a pack are hidden, keeping their history; an item that comes back is shown again with that
//! history. Nothing is ever deleted.

use rusqlite::params;

use super::answers::{ItemKey, ItemKind};
use super::error::Result;
use super::store::Store;

/// A pack's study items in author order, as the store needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackItems {
    /// Pack id.
    pub pack: String,
    /// Pack version; an unchanged version with the same item count skips the sync.
    pub version: String,
    /// Item ids and kinds, in the order new items are introduced.
    pub items: Vec<(String, ItemKind)>,
}

/// What a sync changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Whether the pack had to be compared at all.
    pub compared: bool,
    /// Items seen for the first time.
    pub added: usize,
    /// Items hidden because the pack no longer has them.
    pub hidden: usize,
    /// Hidden items that came back.
    pub restored: usize,
}

impl Store {
    /// Brings the store's items for `pack` in line with its current content.
    pub fn sync_pack(&mut self, pack: &PackItems, now_ms: i64) -> Result<SyncReport> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| super::error::from_sqlite(&e, &path);
        let count = i64::try_from(pack.items.len()).unwrap_or(i64::MAX);
        let known: Option<(String, i64)> = self
            .conn
            .query_row(
                "SELECT version, items FROM packs WHERE pack = ?1",
                [&pack.pack],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        if known
            .as_ref()
            .is_some_and(|(version, items)| *version == pack.version && *items == count)
        {
            return Ok(SyncReport::default());
        }
        let tx = self.conn.transaction().map_err(err)?;
        let count_where =
            |tx: &rusqlite::Transaction<'_>, hidden: &str| -> rusqlite::Result<usize> {
                let sql = format!("SELECT count(*) FROM items WHERE pack = ?1{hidden}");
                tx.query_row(&sql, [&pack.pack], |r| r.get::<_, i64>(0))
                    .map(|n| usize::try_from(n).unwrap_or(0))
            };
        let hidden_before: std::collections::HashSet<String> = {
            let mut stmt = tx
                .prepare("SELECT item FROM items WHERE pack = ?1 AND hidden & 1 = 1")
                .map_err(err)?;
            let rows = stmt
                .query_map([&pack.pack], |r| r.get::<_, String>(0))
                .map_err(err)?;
            rows.collect::<rusqlite::Result<_>>().map_err(err)?
        };
        let total_before = count_where(&tx, "").map_err(err)?;
        // Hide everything, then show what the pack has: what is left hidden has left the pack.
        // Bit 1 of `hidden` is "left the pack"; the learner's own bits (suspended, buried) stay.
        tx.execute(
            "UPDATE items SET hidden = hidden | 1 WHERE pack = ?1",
            [&pack.pack],
        )
        .map_err(err)?;
        {
            let values: Vec<[rusqlite::types::Value; 4]> = (0_i64..)
                .zip(&pack.items)
                .map(|(position, (item, kind))| {
                    use rusqlite::types::Value;
                    [
                        Value::Text(pack.pack.clone()),
                        Value::Text(item.clone()),
                        Value::Integer(kind.code()),
                        Value::Integer(position),
                    ]
                })
                .collect();
            super::answers::write_many(
                &tx,
                (
                    "INSERT INTO items (pack, item, kind, position)",
                    "(?, ?, ?, ?)",
                    "ON CONFLICT (pack, item) DO UPDATE SET kind = excluded.kind,
                         position = excluded.position, hidden = hidden & ~1",
                ),
                &values,
                |row, out| out.extend(row.iter().map(|v| v as &dyn rusqlite::ToSql)),
            )
            .map_err(err)?;
        }
        let total_after = count_where(&tx, "").map_err(err)?;
        let hidden_after = count_where(&tx, " AND hidden & 1 = 1").map_err(err)?;
        tx.execute(
            "INSERT INTO packs (pack, version, items, synced) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (pack) DO UPDATE SET version = excluded.version, items = excluded.items, synced = excluded.synced",
            params![pack.pack, pack.version, count, now_ms],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        let restored = pack
            .items
            .iter()
            .filter(|(id, _)| hidden_before.contains(id))
            .count();
        Ok(SyncReport {
            compared: true,
            added: total_after.saturating_sub(total_before),
            hidden: hidden_after.saturating_sub(hidden_before.len().saturating_sub(restored)),
            restored,
        })
    }

    /// Whether `key` is hidden (its pack no longer has it); `None` if the store never saw it.
    pub fn is_hidden(&self, key: &ItemKey) -> Result<Option<bool>> {
        use rusqlite::OptionalExtension as _;
        self.conn
            .query_row(
                "SELECT hidden & 1 FROM items WHERE pack = ?1 AND item = ?2",
                params![key.pack, key.item],
                |r| r.get::<_, i64>(0),
            )
            .optional()
            .map(|h| h.map(|h| h != 0))
            .map_err(|e| self.err(&e))
    }
}
