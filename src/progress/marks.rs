//! What the learner does to an item besides answering it: a coloured flag, suspending it,
//! burying it until the next study day, and the leech mark an item gets after too many lapses.
//!
//! Kept on the item's row, never in a pack. `hidden` is a set of bits (1: the item left its
//! pack, 2: suspended, 4: buried), so every queue query's `hidden = 0` keeps suspended and
//! buried items out without a query of its own; a buried item comes back on the first queue
//! built on a later study day ([`Store::unbury`]).

use rusqlite::{OptionalExtension as _, params};

use super::answers::{ItemKey, ItemKind};
use super::error::Result;
use super::store::Store;

/// `hidden` bit: the item's pack no longer has it.
pub const GONE: i64 = 1;
/// `hidden` bit: suspended by the learner (or as a leech).
pub const SUSPENDED: i64 = 2;
/// `hidden` bit: buried until the next study day.
pub const BURIED: i64 = 4;

/// A flag colour, as in Anki (Ctrl+1-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Flag {
    /// 1.
    Red,
    /// 2.
    Orange,
    /// 3.
    Green,
    /// 4.
    Blue,
}

impl Flag {
    /// The four, in key order.
    pub const ALL: [Self; 4] = [Self::Red, Self::Orange, Self::Green, Self::Blue];

    /// The stored number (1-4), also its key and its number in searches (`flag:1`).
    pub fn number(self) -> u8 {
        match self {
            Self::Red => 1,
            Self::Orange => 2,
            Self::Green => 3,
            Self::Blue => 4,
        }
    }

    /// The flag numbered `n` (1-4).
    pub fn from_number(n: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|f| i64::from(f.number()) == n)
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Red => "red",
            Self::Orange => "orange",
            Self::Green => "green",
            Self::Blue => "blue",
        }
    }
}

/// How an item became a leech, and what that did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Leech {
    /// Not a leech.
    #[default]
    No,
    /// Marked a leech.
    Marked,
    /// Marked a leech, and suspended because of it (undoing the lapse unsuspends it).
    Suspended,
}

impl Leech {
    /// The stored number (0 none, 1 marked, 2 marked and suspended).
    pub fn code(self) -> i64 {
        match self {
            Self::No => 0,
            Self::Marked => 1,
            Self::Suspended => 2,
        }
    }

    /// The mark stored as `code` (anything unknown: none).
    pub fn from_code(code: i64) -> Self {
        match code {
            1 => Self::Marked,
            2 => Self::Suspended,
            _ => Self::No,
        }
    }

    /// Whether the item is a leech.
    pub fn is_leech(self) -> bool {
        self != Self::No
    }
}

/// The learner's marks on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Marks {
    /// Its flag, if any.
    pub flag: Option<Flag>,
    /// Suspended: never shown until unsuspended.
    pub suspended: bool,
    /// Buried on this study day: not shown again before the next one.
    pub buried: Option<i64>,
    /// The leech mark.
    pub leech: Leech,
}

impl Marks {
    /// The `hidden` bits these marks set (the "left the pack" bit is the store's own).
    pub(super) fn hidden_bits(self) -> i64 {
        (if self.suspended { SUSPENDED } else { 0 })
            | (if self.buried.is_some() { BURIED } else { 0 })
    }
}

/// How many items carry each mark, over the items still in their packs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MarkCounts {
    /// Suspended.
    pub suspended: u64,
    /// Buried today.
    pub buried: u64,
    /// Flagged (any colour).
    pub flagged: u64,
    /// Leeches.
    pub leeches: u64,
}

impl Store {
    /// The marks on `key` (none when the store has never seen it).
    pub fn marks(&self, key: &ItemKey) -> Result<Marks> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT hidden, flag, buried_day, leech FROM items WHERE pack = ?1 AND item = ?2",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![key.pack, key.item], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, Option<i64>>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                })
                .optional()
            })
            .map_err(|e| self.err(&e))?;
        Ok(
            row.map_or_else(Marks::default, |(hidden, flag, buried, leech)| Marks {
                flag: Flag::from_number(flag),
                suspended: hidden & SUSPENDED != 0,
                buried: buried.filter(|_| hidden & BURIED != 0),
                leech: Leech::from_code(leech),
            }),
        )
    }

    /// Sets the marks on `key` (an item of `kind`), one committed write. An item the store has
    /// not seen yet gets its row (as the first answer would give it).
    pub fn set_marks(&mut self, key: &ItemKey, kind: ItemKind, marks: Marks) -> Result<()> {
        self.set_marks_of(std::slice::from_ref(key), kind, |_| marks)
            .map(drop)
    }

    /// Sets the marks of every key in `keys` (items of `kind`) to `change(their marks)`, in one
    /// transaction. Returns the marks each had before, in order, for undo.
    pub fn set_marks_of(
        &mut self,
        keys: &[ItemKey],
        kind: ItemKind,
        change: impl Fn(Marks) -> Marks,
    ) -> Result<Vec<Marks>> {
        let rows = keys
            .iter()
            .map(|k| Ok((k.clone(), kind, change(self.marks(k)?))))
            .collect::<Result<Vec<_>>>()?;
        self.set_marks_each(&rows)
    }

    /// Sets each (key, kind, marks), in one transaction. Returns the marks each had before, in
    /// order, for undo.
    pub fn set_marks_each(&mut self, rows: &[(ItemKey, ItemKind, Marks)]) -> Result<Vec<Marks>> {
        let before = rows
            .iter()
            .map(|(k, _, _)| self.marks(k))
            .collect::<Result<Vec<_>>>()?;
        let path = self.path.clone();
        let err = |e: rusqlite::Error| super::error::from_sqlite(&e, &path);
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut write = tx
                .prepare_cached(
                    "INSERT INTO items (pack, item, kind, position, hidden, flag, buried_day, leech)
                     VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?7)
                     ON CONFLICT (pack, item) DO UPDATE SET
                         hidden = (hidden & 1) | excluded.hidden, flag = excluded.flag,
                         buried_day = excluded.buried_day, leech = excluded.leech",
                )
                .map_err(err)?;
            for (key, kind, new) in rows {
                write
                    .execute(params![
                        key.pack,
                        key.item,
                        kind.code(),
                        new.hidden_bits(),
                        new.flag.map_or(0, |f| i64::from(f.number())),
                        new.buried,
                        new.leech.code()
                    ])
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(before)
    }

    /// The kind of `key` as the store has it; `None` when it has never seen it.
    pub fn item_kind(&self, key: &ItemKey) -> Result<Option<ItemKind>> {
        let code: Option<i64> = self
            .conn
            .query_row(
                "SELECT kind FROM items WHERE pack = ?1 AND item = ?2",
                params![key.pack, key.item],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(&e))?;
        Ok(code.and_then(ItemKind::from_code))
    }

    /// Brings back every item buried on a study day before `today`. Does nothing on a read-only
    /// view (nothing can be written; its queue leaves them out).
    pub fn unbury(&self, today: i64) -> Result<usize> {
        if self.is_read_only() {
            return Ok(0);
        }
        self.conn
            .prepare_cached(
                "UPDATE items SET hidden = hidden & ~4, buried_day = NULL
                 WHERE buried_day IS NOT NULL AND buried_day < ?1",
            )
            .and_then(|mut stmt| stmt.execute([today]))
            .map_err(|e| self.err(&e))
    }

    /// Every suspended item (the cram leaves them out, as review does).
    pub fn suspended_items(&self) -> Result<std::collections::HashSet<ItemKey>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT pack, item FROM items INDEXED BY items_marked
                 WHERE (flag != 0 OR leech != 0 OR hidden > 1) AND hidden & 2 != 0",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ItemKey::new(r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(&e))
    }

    /// How many items of the packs still there are suspended, buried, flagged and leeches.
    pub fn mark_counts(&self) -> Result<MarkCounts> {
        self.conn
            .query_row(
                "SELECT coalesce(sum(hidden & 2 != 0), 0), coalesce(sum(hidden & 4 != 0), 0),
                        coalesce(sum(flag != 0), 0), coalesce(sum(leech != 0), 0)
                 FROM items INDEXED BY items_marked
                 WHERE (flag != 0 OR leech != 0 OR hidden > 1) AND hidden & 1 = 0",
                [],
                |r| {
                    let n = |i: usize| r.get::<_, i64>(i).map(|v| u64::try_from(v).unwrap_or(0));
                    Ok(MarkCounts {
                        suspended: n(0)?,
                        buried: n(1)?,
                        flagged: n(2)?,
                        leeches: n(3)?,
                    })
                },
            )
            .map_err(|e| self.err(&e))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::progress::PackItems;

    fn store_with(items: &[&str]) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let pack = PackItems {
            pack: "p".into(),
            version: "1.0.0".into(),
            items: items
                .iter()
                .map(|i| ((*i).to_owned(), ItemKind::Card))
                .collect(),
        };
        store.sync_pack(&pack, 0).unwrap();
        (dir, store)
    }

    #[test]
    fn marks_round_trip_and_survive_a_pack_update() {
        let (_dir, mut store) = store_with(&["a", "b"]);
        let a = ItemKey::new("p", "a");
        assert_eq!(store.marks(&a).unwrap(), Marks::default());
        let marked = Marks {
            flag: Some(Flag::Green),
            suspended: true,
            buried: Some(7),
            leech: Leech::Marked,
        };
        store.set_marks(&a, ItemKind::Card, marked).unwrap();
        assert_eq!(store.marks(&a).unwrap(), marked);
        // A new version of the pack without `a`, then with it again: the marks stay.
        let mut items = PackItems {
            pack: "p".into(),
            version: "1.1.0".into(),
            items: vec![("b".into(), ItemKind::Card)],
        };
        store.sync_pack(&items, 1).unwrap();
        assert_eq!(store.is_hidden(&a).unwrap(), Some(true));
        assert_eq!(store.marks(&a).unwrap(), marked);
        items.version = "1.2.0".into();
        items.items.push(("a".into(), ItemKind::Card));
        let report = store.sync_pack(&items, 2).unwrap();
        assert_eq!(report.restored, 1);
        assert_eq!(store.is_hidden(&a).unwrap(), Some(false));
        assert_eq!(store.marks(&a).unwrap(), marked);
        let counts = store.mark_counts().unwrap();
        assert_eq!(
            store.suspended_items().unwrap(),
            std::iter::once(a.clone()).collect()
        );
        assert_eq!(
            counts,
            MarkCounts {
                suspended: 1,
                buried: 1,
                flagged: 1,
                leeches: 1
            }
        );
    }

    #[test]
    fn suspended_and_buried_items_leave_the_queue_and_buried_ones_come_back_the_next_day() {
        let (_dir, mut store) = store_with(&["a", "b", "c"]);
        let new_ones = |store: &Store| {
            store
                .new_items("p", &[ItemKind::Card], 10)
                .unwrap()
                .into_iter()
                .map(|(k, _)| k.item)
                .collect::<Vec<_>>()
        };
        let before = store
            .set_marks_of(
                &[ItemKey::new("p", "a"), ItemKey::new("p", "b")],
                ItemKind::Card,
                |m| m,
            )
            .unwrap();
        assert_eq!(before, vec![Marks::default(); 2]);
        store
            .set_marks(
                &ItemKey::new("p", "a"),
                ItemKind::Card,
                Marks {
                    suspended: true,
                    ..Marks::default()
                },
            )
            .unwrap();
        store
            .set_marks(
                &ItemKey::new("p", "b"),
                ItemKind::Card,
                Marks {
                    buried: Some(10),
                    ..Marks::default()
                },
            )
            .unwrap();
        assert_eq!(new_ones(&store), ["c"]);
        assert_eq!(store.unbury(10).unwrap(), 0, "the same day: still buried");
        assert_eq!(new_ones(&store), ["c"]);
        assert_eq!(store.unbury(11).unwrap(), 1);
        assert_eq!(new_ones(&store), ["b", "c"]);
        assert_eq!(
            store.marks(&ItemKey::new("p", "b")).unwrap(),
            Marks::default()
        );
    }
}
