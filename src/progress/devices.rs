//! The store's side of folder sync: this device's identity, what it has not sent yet, and
//! merging what other devices sent, all in the store's own terms (no file formats here).
//!
//! Every answer has an id that is the same on every device: the device that gave it and its
//! hybrid-clock stamp (`hlc`, milliseconds times 65536 plus a counter). Marks and edits are
//! last-writer-wins registers stamped the same way (`sync_changes`). A merge is one transaction:
//! the union of answers (de-duplicated by id, less those taken back), each register's latest
//! write, and every touched item's state rebuilt from its whole merged history in stamp order,
//! so any two stores that have merged the same records agree, whatever order they came in.

use std::collections::HashMap;

use rusqlite::{OptionalExtension as _, params};

use super::answers::{Answer, ItemKey, ItemKind};
use super::error::Result;
use super::marks::{Flag, Leech, Marks};
use super::overrides::Override;
use super::store::Store;
use super::types::{Rating, Timestamp};

/// Counter values per millisecond in a stamp.
pub const STAMP_COUNTER: i64 = 65_536;
/// Latest time (ms) a stamp is made from; later (a wrong clock, a hostile file) counts as 0.
const LATEST_STAMP_MS: i64 = 100_000_000_000_000;
/// `sync_changes.what` of an item's marks.
pub(super) const WHAT_MARKS: i64 = 0;
/// `sync_changes.what` of an item's edit.
pub(super) const WHAT_EDIT: i64 = 1;
/// Most unsent records gathered by one call (the rest go on the next sync).
pub const MAX_OUTGOING: usize = 1_000_000;

/// The stamp of an event at `time_ms`, `n` (a counter) telling apart events of one millisecond.
pub fn stamp_of(time_ms: i64, n: i64) -> i64 {
    let ms = if (0..=LATEST_STAMP_MS).contains(&time_ms) {
        time_ms
    } else {
        0
    };
    ms * STAMP_COUNTER + n.rem_euclid(STAMP_COUNTER)
}

/// An answer given on some device, as sync carries it.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncedAnswer {
    /// Its stamp (with the device, its id).
    pub hlc: i64,
    /// The item.
    pub key: ItemKey,
    /// The item's kind.
    pub kind: ItemKind,
    /// The answer's facts.
    pub answer: Answer,
}

/// A register write: an item's marks, or its edit (`None` when the edit was taken back).
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// The item's marks.
    Marks(ItemKind, Marks),
    /// The item's edit.
    Edit(Option<Override>),
}

/// One stamped register write.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncedWrite {
    /// Its stamp.
    pub hlc: i64,
    /// The item.
    pub key: ItemKey,
    /// What was written.
    pub write: Write,
}

/// What this device has to send.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outgoing {
    /// Answers not sent yet, in log order.
    pub answers: Vec<SyncedAnswer>,
    /// Sent answers since taken back (undo): their stamps and items.
    pub retracted: Vec<(i64, ItemKey)>,
    /// Marks and edits changed here since they were last sent.
    pub writes: Vec<SyncedWrite>,
    /// The log id of the last answer in `answers` (0 when none).
    pub upto: i64,
}

/// Records from one device, read from the folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FromDevice {
    /// Its id.
    pub device: String,
    /// The name it gave itself.
    pub name: String,
    /// Its answers.
    pub answers: Vec<SyncedAnswer>,
    /// Its answers it took back: their stamps and items.
    pub retracted: Vec<(i64, ItemKey)>,
    /// Its marks and edits.
    pub writes: Vec<SyncedWrite>,
}

/// How far a file in the folder has been read: a fingerprint of its start (another file under
/// the same name starts otherwise) and the bytes read up to the last whole record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMark {
    /// The fingerprint.
    pub head: String,
    /// Bytes read.
    pub consumed: u64,
}

/// One step of an item's merged history, for the scheduler to replay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// When it counts as given (the time its stamp stands for).
    pub time: Timestamp,
    /// The rating.
    pub rating: Rating,
}

/// A device the store has heard from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// Its id.
    pub id: String,
    /// The name it gave itself.
    pub name: String,
    /// This device.
    pub this: bool,
    /// When this store last read something of it (ms; 0 never).
    pub last_seen: i64,
    /// Answers of it in the store.
    pub answers: i64,
}

/// What a merge changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeCounts {
    /// Answers new to this store.
    pub answers: usize,
    /// Answers removed because their device took them back.
    pub retracted: usize,
    /// Marks and edits taken from another device.
    pub writes: usize,
    /// Items whose state was rebuilt from their merged history.
    pub rebuilt: usize,
}

impl Store {
    /// This device's sync id, made (random, from SQLite's generator) on first use, named `name`.
    pub fn sync_device(&mut self, name: &str) -> Result<String> {
        let id: Option<String> = self
            .conn
            .query_row("SELECT id FROM sync_devices WHERE n = 0", [], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(&e))?;
        if let Some(id) = id {
            self.conn
                .execute("UPDATE sync_devices SET name = ?1 WHERE n = 0", [name])
                .map_err(|e| self.err(&e))?;
            return Ok(id);
        }
        self.conn
            .execute(
                "INSERT INTO sync_devices (n, id, name, last_seen, last_hlc)
                 VALUES (0, lower(hex(randomblob(8))), ?1, 0, 0)",
                [name],
            )
            .map_err(|e| self.err(&e))?;
        self.conn
            .query_row("SELECT id FROM sync_devices WHERE n = 0", [], |r| r.get(0))
            .map_err(|e| self.err(&e))
    }

    /// The highest stamp this store has seen: another device's, or the latest of the last
    /// thousand answers logged here (the log's end, not a scan of it: this runs before a
    /// session's first answer; a thousand rows see past a phone's backdated answers).
    pub fn stamp_seen(&self) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT max((SELECT seen FROM sync_clock),
                            coalesce((SELECT max(hlc) FROM (SELECT hlc FROM reviews
                                      WHERE origin = 0 ORDER BY id DESC LIMIT 1000)), 0))",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(&e))
    }

    /// Every device the store has heard from, this one first.
    pub fn devices(&self) -> Result<Vec<Device>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, name, n, last_seen,
                        CASE WHEN n = 0 THEN (SELECT count(*) FROM reviews)
                            - (SELECT coalesce(sum(answers), 0) FROM sync_devices WHERE n != 0)
                        ELSE answers END
                 FROM sync_devices ORDER BY n",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Device {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    this: r.get::<_, i64>(2)? == 0,
                    last_seen: r.get(3)?,
                    answers: r.get(4)?,
                })
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(&e))
    }

    /// How far each file of the folder has been read, by name.
    pub fn file_marks(&self) -> Result<HashMap<String, FileMark>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, head, consumed FROM sync_files")
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    FileMark {
                        head: r.get(1)?,
                        consumed: r.get::<_, i64>(2)?.try_into().unwrap_or(0),
                    },
                ))
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(&e))
    }

    /// What this device has not sent yet (at most [`MAX_OUTGOING`] answers).
    pub fn outgoing(&self) -> Result<Outgoing> {
        let sent: i64 = self
            .meta(SENT_KEY)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut out = Outgoing {
            upto: sent,
            ..Outgoing::default()
        };
        let limit = i64::try_from(MAX_OUTGOING).unwrap_or(i64::MAX);
        {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT r.id, r.hlc, r.pack, r.item, coalesce(i.kind, 0), r.time, r.day,
                            r.rating, r.elapsed_days, r.mode, r.duration_ms
                     FROM reviews r LEFT JOIN items i ON i.pack = r.pack AND i.item = r.item
                     WHERE r.id > ?1 AND r.origin = 0 ORDER BY r.id LIMIT ?2",
                )
                .map_err(|e| self.err(&e))?;
            let mut rows = stmt.query(params![sent, limit]).map_err(|e| self.err(&e))?;
            while let Some(r) = rows.next().map_err(|e| self.err(&e))? {
                let answer = (|| -> rusqlite::Result<(i64, SyncedAnswer)> {
                    Ok((
                        r.get(0)?,
                        SyncedAnswer {
                            hlc: r.get(1)?,
                            key: ItemKey::new(r.get::<_, String>(2)?, r.get::<_, String>(3)?),
                            kind: ItemKind::from_code(r.get(4)?).unwrap_or(ItemKind::Card),
                            answer: Answer {
                                time: Timestamp(r.get(5)?),
                                day: r.get(6)?,
                                rating: Rating::from_number(r.get(7)?).unwrap_or(Rating::Good),
                                elapsed_days: r.get(8)?,
                                mode: r.get(9)?,
                                duration_ms: r.get(10)?,
                            },
                        },
                    ))
                })()
                .map_err(|e| self.err(&e))?;
                out.upto = answer.0;
                out.answers.push(answer.1);
            }
        }
        {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT hlc, pack, item FROM sync_retracted WHERE origin = 0 AND sent = 0",
                )
                .map_err(|e| self.err(&e))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get(0)?,
                        ItemKey::new(r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                    ))
                })
                .map_err(|e| self.err(&e))?;
            out.retracted = rows
                .collect::<rusqlite::Result<_>>()
                .map_err(|e| self.err(&e))?;
        }
        out.writes = self.unsent_writes()?;
        Ok(out)
    }

    fn unsent_writes(&self) -> Result<Vec<SyncedWrite>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.pack, c.item, c.what, c.hlc, coalesce(i.kind, 0), i.hidden, i.flag,
                        i.buried_day, i.leech, o.body, o.base, o.edited
                 FROM sync_changes c
                 LEFT JOIN items i ON i.pack = c.pack AND i.item = c.item
                 LEFT JOIN overrides o ON o.pack = c.pack AND o.item = c.item
                 WHERE c.sent = 0 AND c.origin = 0 LIMIT ?1",
            )
            .map_err(|e| self.err(&e))?;
        let limit = i64::try_from(MAX_OUTGOING).unwrap_or(i64::MAX);
        let rows = stmt
            .query_map([limit], |r| {
                let key = ItemKey::new(r.get::<_, String>(0)?, r.get::<_, String>(1)?);
                let write = if r.get::<_, i64>(2)? == WHAT_MARKS {
                    let hidden: i64 = r.get::<_, Option<i64>>(5)?.unwrap_or(0);
                    let buried: Option<i64> = r.get(7)?;
                    Write::Marks(
                        ItemKind::from_code(r.get(4)?).unwrap_or(ItemKind::Card),
                        Marks {
                            flag: Flag::from_number(r.get::<_, Option<i64>>(6)?.unwrap_or(0)),
                            suspended: hidden & super::marks::SUSPENDED != 0,
                            buried: buried.filter(|_| hidden & super::marks::BURIED != 0),
                            leech: Leech::from_code(r.get::<_, Option<i64>>(8)?.unwrap_or(0)),
                        },
                    )
                } else {
                    let body: Option<String> = r.get(9)?;
                    Write::Edit(
                        body.map(|body| -> rusqlite::Result<Override> {
                            Ok(Override {
                                key: key.clone(),
                                body,
                                base: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
                                edited: Timestamp(r.get::<_, Option<i64>>(11)?.unwrap_or(0)),
                            })
                        })
                        .transpose()?,
                    )
                };
                Ok(SyncedWrite {
                    hlc: r.get(3)?,
                    key,
                    write,
                })
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(&e))
    }

    /// Whether this device has answers, undos, marks or edits it has not sent (cheap: one
    /// look at each table's end).
    pub fn has_unsent(&self) -> Result<bool> {
        let sent: i64 = self
            .meta(SENT_KEY)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM reviews WHERE id > ?1 AND origin = 0)
                     OR EXISTS (SELECT 1 FROM sync_changes WHERE sent = 0 AND origin = 0)
                     OR EXISTS (SELECT 1 FROM sync_retracted WHERE sent = 0 AND origin = 0)",
                [sent],
                |r| r.get(0),
            )
            .map_err(|e| self.err(&e))
    }

    /// Whether `key` has an answer within `within_ms` of `time_ms`.
    pub fn has_answer_near(&self, key: &ItemKey, time_ms: i64, within_ms: i64) -> Result<bool> {
        self.conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM reviews WHERE pack = ?1 AND item = ?2
                     AND time BETWEEN ?3 - ?4 AND ?3 + ?4)",
            )
            .and_then(|mut s| {
                s.query_row(params![key.pack, key.item, time_ms, within_ms], |r| {
                    r.get(0)
                })
            })
            .map_err(|e| self.err(&e))
    }

    /// Notes that everything in `sent` is safely in the folder.
    pub fn mark_sent(&mut self, sent: &Outgoing) -> Result<()> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| super::error::from_sqlite(&e, &path);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![SENT_KEY, sent.upto.to_string()],
        )
        .map_err(err)?;
        {
            let mut done = tx
                .prepare_cached("UPDATE sync_retracted SET sent = 1 WHERE origin = 0 AND hlc = ?1")
                .map_err(err)?;
            for (hlc, _) in &sent.retracted {
                done.execute([hlc]).map_err(err)?;
            }
            let mut done = tx
                .prepare_cached(
                    "UPDATE sync_changes SET sent = 1
                     WHERE pack = ?1 AND item = ?2 AND what = ?3 AND hlc = ?4 AND origin = 0",
                )
                .map_err(err)?;
            for w in &sent.writes {
                let what = match w.write {
                    Write::Marks(..) => WHAT_MARKS,
                    Write::Edit(_) => WHAT_EDIT,
                };
                done.execute(params![w.key.pack, w.key.item, what, w.hlc])
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }
}

/// The `meta` key holding the log id of the last answer sent.
const SENT_KEY: &str = "sync_sent";
