//! The learner's own text for a pack's item: an edit made during review, kept here (never in the
//! pack), keyed by (pack, item), so a pack update keeps it.
//!
//! The store holds the text as the pack layer writes it and does not read it: `body` is the
//! learner's version, `base` the pack's version it was made from, so a later load can tell the
//! learner that the pack's own text changed underneath the edit.

use rusqlite::{OptionalExtension as _, params};

use super::answers::ItemKey;
use super::error::Result;
use super::store::Store;
use super::types::Timestamp;

/// Most overrides read at once: far more than anyone edits by hand; a store holding more (a
/// damaged or hostile file) has the rest left unread rather than filling memory.
pub const MAX_OVERRIDES: usize = 100_000;
/// Longest text of one override read back (either side); a longer one is skipped.
pub const MAX_OVERRIDE_BYTES: usize = 256 * 1024;

/// One item's override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The item.
    pub key: ItemKey,
    /// The learner's text of the item.
    pub body: String,
    /// The pack's text of the item when the learner edited it.
    pub base: String,
    /// When it was last edited.
    pub edited: Timestamp,
}

impl Store {
    /// Every override, in (pack, item) order (at most [`MAX_OVERRIDES`]; any whose text is over
    /// [`MAX_OVERRIDE_BYTES`] is left out).
    pub fn overrides(&self) -> Result<Vec<Override>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT pack, item, body, base, edited FROM overrides
                 WHERE length(CAST(body AS BLOB)) <= ?1 AND length(CAST(base AS BLOB)) <= ?1
                 ORDER BY pack, item LIMIT ?2",
            )
            .map_err(|e| self.err(&e))?;
        let limit = i64::try_from(MAX_OVERRIDES).unwrap_or(i64::MAX);
        let bytes = i64::try_from(MAX_OVERRIDE_BYTES).unwrap_or(i64::MAX);
        let rows = stmt
            .query_map(params![bytes, limit], |r| {
                Ok(Override {
                    key: ItemKey::new(r.get::<_, String>(0)?, r.get::<_, String>(1)?),
                    body: r.get(2)?,
                    base: r.get(3)?,
                    edited: Timestamp(r.get(4)?),
                })
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(&e))
    }

    /// The override of `key`, if any.
    pub fn override_of(&self, key: &ItemKey) -> Result<Option<Override>> {
        self.conn
            .prepare_cached(
                "SELECT body, base, edited FROM overrides WHERE pack = ?1 AND item = ?2
                 AND length(CAST(body AS BLOB)) <= ?3 AND length(CAST(base AS BLOB)) <= ?3",
            )
            .and_then(|mut stmt| {
                let bytes = i64::try_from(MAX_OVERRIDE_BYTES).unwrap_or(i64::MAX);
                stmt.query_row(params![key.pack, key.item, bytes], |r| {
                    Ok(Override {
                        key: key.clone(),
                        body: r.get(0)?,
                        base: r.get(1)?,
                        edited: Timestamp(r.get(2)?),
                    })
                })
                .optional()
            })
            .map_err(|e| self.err(&e))
    }

    /// Puts `over` in place of `over.key`'s override (or none), one committed write. Returns the
    /// override it replaced, for undo.
    pub fn set_override(
        &mut self,
        key: &ItemKey,
        over: Option<&Override>,
    ) -> Result<Option<Override>> {
        let before = self.override_of(key)?;
        let path = self.path.clone();
        let err = |e: rusqlite::Error| super::error::from_sqlite(&e, &path);
        match over {
            Some(o) => self
                .conn
                .prepare_cached(
                    "INSERT INTO overrides (pack, item, body, base, edited) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (pack, item) DO UPDATE SET
                         body = excluded.body, base = excluded.base, edited = excluded.edited",
                )
                .and_then(|mut stmt| stmt.execute(params![key.pack, key.item, o.body, o.base, o.edited.0]))
                .map_err(err)?,
            None => self
                .conn
                .prepare_cached("DELETE FROM overrides WHERE pack = ?1 AND item = ?2")
                .and_then(|mut stmt| stmt.execute(params![key.pack, key.item]))
                .map_err(err)?,
        };
        Ok(before)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    fn over(item: &str, body: &str) -> Override {
        Override {
            key: ItemKey::new("p", item),
            body: body.to_owned(),
            base: "base".to_owned(),
            edited: Timestamp(5),
        }
    }

    #[test]
    fn set_replace_read_and_remove() {
        let (_dir, mut store) = store();
        let a = over("a", "one");
        assert_eq!(store.set_override(&a.key, Some(&a)).expect("set"), None);
        let b = Override {
            body: "two".to_owned(),
            ..a.clone()
        };
        assert_eq!(
            store.set_override(&a.key, Some(&b)).expect("set"),
            Some(a.clone())
        );
        let c = over("c", "three");
        store.set_override(&c.key, Some(&c)).expect("set");
        assert_eq!(store.overrides().expect("read"), vec![b.clone(), c.clone()]);
        assert_eq!(store.set_override(&a.key, None).expect("remove"), Some(b));
        assert_eq!(store.overrides().expect("read"), vec![c]);
    }

    #[test]
    fn an_oversized_override_is_left_unread() {
        let (_dir, mut store) = store();
        let big = over("big", &"x".repeat(MAX_OVERRIDE_BYTES + 1));
        store.set_override(&big.key, Some(&big)).expect("set");
        assert!(store.overrides().expect("read").is_empty());
        assert_eq!(store.override_of(&big.key).expect("read"), None);
    }
}
