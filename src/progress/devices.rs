//! The store's side of folder sync: this device's identity, what it has not sent yet, and
//! merging what other devices sent, all in the store's own terms (no file formats here).
//!
//! Every answer has an id that is the same on every device: the device that gave it and its
//! hybrid-clock stamp (`hlc`, milliseconds times 65536 plus a counter). Marks and edits are
//! last-writer-wins registers stamped the same way (`sync_changes`). A merge is one transaction:
//! the union of answers (de-duplicated by id, less those taken back), each register's latest
//! write, and every touched item's state rebuilt from its whole merged history in stamp order,
//! so any two stores that have merged the same records agree, whatever order they came in.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{OptionalExtension as _, params};

use super::answers::{Answer, DayDelta, ItemKey, ItemKind, bump_daily, write_state};
use super::error::Result;
use super::marks::{Flag, Leech, Marks};
use super::overrides::Override;
use super::store::Store;
use super::types::{ItemState, Phase, Rating, Timestamp};

/// Counter values per millisecond in a stamp.
pub const STAMP_COUNTER: i64 = 65_536;
/// Latest time (ms) a stamp is made from; later (a wrong clock, a hostile file) counts as 0.
const LATEST_STAMP_MS: i64 = 100_000_000_000_000;
/// `sync_changes.what` of an item's marks.
const WHAT_MARKS: i64 = 0;
/// `sync_changes.what` of an item's edit.
const WHAT_EDIT: i64 = 1;
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

/// The wall-clock time a stamp stands for.
pub fn stamp_time(stamp: i64) -> Timestamp {
    Timestamp(stamp.div_euclid(STAMP_COUNTER))
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
    /// Stamps of sent answers since taken back (undo).
    pub retracted: Vec<i64>,
    /// Marks and edits changed here since they were last sent.
    pub writes: Vec<SyncedWrite>,
    /// The log id of the last answer in `answers` (0 when none).
    pub upto: i64,
}

impl Outgoing {
    /// Whether there is nothing to send.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty() && self.retracted.is_empty() && self.writes.is_empty()
    }
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
    /// Stamps of its answers it took back.
    pub retracted: Vec<i64>,
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

    /// The highest stamp this store has seen (its own or another device's).
    pub fn stamp_seen(&self) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT max((SELECT seen FROM sync_clock),
                            (SELECT coalesce(max(hlc), 0) FROM reviews WHERE origin = 0))",
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
                "SELECT d.id, d.name, d.n, d.last_seen,
                        (SELECT count(*) FROM reviews r WHERE r.origin = d.n)
                 FROM sync_devices d ORDER BY d.n",
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
                .prepare_cached("SELECT hlc FROM sync_retracted WHERE origin = 0 AND sent = 0")
                .map_err(|e| self.err(&e))?;
            let rows = stmt.query_map([], |r| r.get(0)).map_err(|e| self.err(&e))?;
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
            for hlc in &sent.retracted {
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

/// One row of an item's history as the rebuild reads it.
struct Row {
    id: i64,
    origin: i64,
    hlc: i64,
    day: i64,
    rating: Rating,
    before: String,
}

/// The store's device number of each id, for this merge.
struct Numbers(HashMap<String, i64>);

/// Everything a merge is given.
pub struct Merge<'a> {
    /// Records read, by device.
    pub devices: &'a [FromDevice],
    /// Items this device sent in this sync (rebuilt like the others, so every store's states
    /// come from the same replay).
    pub sent: &'a [ItemKey],
    /// Files read, and how far.
    pub files: &'a [(String, FileMark)],
    /// When (this device's clock, ms).
    pub now_ms: i64,
}

impl Store {
    /// Merges `merge` into the store in one transaction, rebuilding each touched item's state
    /// with `replay`, which is given the item's merged history in stamp order and returns the
    /// state before each step and after the last (one more than the steps).
    pub fn merge(
        &mut self,
        merge: &Merge<'_>,
        replay: &mut dyn FnMut(&ItemKey, &[Step]) -> Vec<ItemState>,
    ) -> Result<MergeCounts> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| super::error::from_sqlite(&e, &path);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute("UPDATE sync_clock SET applying = 1", [])
            .map_err(err)?;
        let mut counts = MergeCounts::default();
        let numbers = device_numbers(&tx, merge.devices, merge.now_ms).map_err(err)?;
        let mut touched: BTreeMap<ItemKey, ItemKind> = BTreeMap::new();
        let mut deltas: BTreeMap<(i64, String), DayDelta> = BTreeMap::new();
        let mut seen = 0_i64;
        for from in merge.devices {
            let origin = numbers.0.get(&from.device).copied().unwrap_or(0);
            for a in &from.answers {
                seen = seen.max(a.hlc);
                if insert_answer(&tx, origin, a).map_err(err)? {
                    counts.answers += 1;
                    touched.entry(a.key.clone()).or_insert(a.kind);
                }
            }
            for hlc in &from.retracted {
                seen = seen.max(*hlc);
                if let Some((key, day, rating, before)) = retract(&tx, origin, *hlc).map_err(err)? {
                    counts.retracted += 1;
                    if let Some(old) = delta_of(&before, rating) {
                        let mut neg = DayDelta::default();
                        neg.add(&old);
                        deltas.entry((day, key.pack.clone())).or_default().sub(&neg);
                    }
                    touched.entry(key).or_insert(ItemKind::Card);
                }
            }
            for w in &from.writes {
                seen = seen.max(w.hlc);
                if apply_write(&tx, origin, &from.device, w).map_err(err)? {
                    counts.writes += 1;
                }
            }
        }
        for key in merge.sent {
            touched.entry(key.clone()).or_insert(ItemKind::Card);
        }
        let ids = device_ids(&tx).map_err(err)?;
        for (key, kind) in &touched {
            rebuild(&tx, key, *kind, &ids, &mut deltas, replay).map_err(err)?;
        }
        counts.rebuilt = touched.len();
        for ((day, pack), delta) in &deltas {
            bump_daily(&tx, *day, pack, delta).map_err(err)?;
        }
        {
            let mut file = tx
                .prepare_cached(
                    "INSERT INTO sync_files (name, head, consumed) VALUES (?1, ?2, ?3)
                     ON CONFLICT (name) DO UPDATE SET head = excluded.head, consumed = excluded.consumed",
                )
                .map_err(err)?;
            for (name, mark) in merge.files {
                file.execute(params![
                    name,
                    mark.head,
                    i64::try_from(mark.consumed).unwrap_or(i64::MAX)
                ])
                .map_err(err)?;
            }
        }
        tx.execute(
            "UPDATE sync_clock SET applying = 0, seen = max(seen, ?1)",
            [seen],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        self.saw_stamp(seen);
        Ok(counts)
    }
}

impl DayDelta {
    fn sub(&mut self, other: &Self) {
        self.answers -= other.answers;
        self.passed -= other.passed;
        self.introduced -= other.introduced;
        self.review_answers -= other.review_answers;
        self.review_passed -= other.review_passed;
    }
}

/// The day counters an answer from `before` (as logged) with `rating` adds; `None` when the
/// logged state is unreadable (imported history keeps the counters its import gave it).
fn delta_of(before: &str, rating: Rating) -> Option<DayDelta> {
    let before: ItemState = serde_json::from_str(before).ok()?;
    Some(day_delta(&before, rating))
}

fn day_delta(before: &ItemState, rating: Rating) -> DayDelta {
    let passed = i64::from(rating != Rating::Again);
    let in_review = i64::from(before.phase == Phase::Review);
    DayDelta {
        answers: 1,
        passed,
        introduced: i64::from(before.phase == Phase::New),
        review_answers: in_review,
        review_passed: in_review * passed,
    }
}

fn device_numbers(
    tx: &rusqlite::Transaction<'_>,
    devices: &[FromDevice],
    now_ms: i64,
) -> rusqlite::Result<Numbers> {
    let mut numbers = HashMap::new();
    for from in devices {
        tx.prepare_cached(
            "INSERT INTO sync_devices (n, id, name, last_seen, last_hlc)
             VALUES ((SELECT max(max(n) + 1, 1) FROM sync_devices), ?1, ?2, ?3, 0)
             ON CONFLICT (id) DO UPDATE SET name = CASE WHEN n = 0 THEN name ELSE excluded.name END,
                 last_seen = excluded.last_seen",
        )?
        .execute(params![from.device, from.name, now_ms])?;
        let n: i64 = tx.query_row(
            "SELECT n FROM sync_devices WHERE id = ?1",
            [&from.device],
            |r| r.get(0),
        )?;
        numbers.insert(from.device.clone(), n);
    }
    Ok(Numbers(numbers))
}

fn device_ids(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<HashMap<i64, String>> {
    let mut stmt = tx.prepare_cached("SELECT n, id FROM sync_devices")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Logs `a` from device `origin` unless the store has it or its device took it back.
fn insert_answer(
    tx: &rusqlite::Transaction<'_>,
    origin: i64,
    a: &SyncedAnswer,
) -> rusqlite::Result<bool> {
    let known: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM reviews WHERE origin = ?1 AND hlc = ?2)
                 OR EXISTS (SELECT 1 FROM sync_retracted WHERE origin = ?1 AND hlc = ?2)",
        )?
        .query_row(params![origin, a.hlc], |r| r.get(0))?;
    if known {
        return Ok(false);
    }
    tx.prepare_cached(
        "INSERT INTO reviews (pack, item, time, day, rating, elapsed_days, mode, duration_ms,
             before, origin, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'null', ?9, ?10)",
    )?
    .execute(params![
        a.key.pack,
        a.key.item,
        a.answer.time.0,
        a.answer.day,
        a.answer.rating.number(),
        a.answer.elapsed_days,
        a.answer.mode,
        a.answer.duration_ms,
        origin,
        a.hlc
    ])?;
    Ok(true)
}

/// Takes back answer (`origin`, `hlc`) and remembers it is taken back; returns its item, day,
/// rating and logged state when the store had it.
fn retract(
    tx: &rusqlite::Transaction<'_>,
    origin: i64,
    hlc: i64,
) -> rusqlite::Result<Option<(ItemKey, i64, Rating, String)>> {
    tx.prepare_cached(
        "INSERT INTO sync_retracted (origin, hlc, sent) VALUES (?1, ?2, 1)
         ON CONFLICT (origin, hlc) DO NOTHING",
    )?
    .execute(params![origin, hlc])?;
    let row = tx
        .prepare_cached(
            "DELETE FROM reviews WHERE origin = ?1 AND hlc = ?2
             RETURNING pack, item, day, rating, before",
        )?
        .query_row(params![origin, hlc], |r| {
            Ok((
                ItemKey::new(r.get::<_, String>(0)?, r.get::<_, String>(1)?),
                r.get(2)?,
                Rating::from_number(r.get(3)?).unwrap_or(Rating::Good),
                r.get(4)?,
            ))
        })
        .optional()?;
    Ok(row)
}

/// Applies `w` from device `origin` (id `device`) when it is later than the register's latest
/// write (stamps, then device ids, decide); returns whether it was applied.
fn apply_write(
    tx: &rusqlite::Transaction<'_>,
    origin: i64,
    device: &str,
    w: &SyncedWrite,
) -> rusqlite::Result<bool> {
    let what = match w.write {
        Write::Marks(..) => WHAT_MARKS,
        Write::Edit(_) => WHAT_EDIT,
    };
    let current: Option<(i64, String)> = tx
        .prepare_cached(
            "SELECT c.hlc, coalesce(d.id, '') FROM sync_changes c
             LEFT JOIN sync_devices d ON d.n = c.origin
             WHERE c.pack = ?1 AND c.item = ?2 AND c.what = ?3",
        )?
        .query_row(params![w.key.pack, w.key.item, what], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if let Some((hlc, by)) = &current
        && (*hlc, by.as_str()) >= (w.hlc, device)
    {
        return Ok(false);
    }
    tx.prepare_cached(
        "INSERT INTO sync_changes (pack, item, what, hlc, origin, sent) VALUES (?1, ?2, ?3, ?4, ?5, 1)
         ON CONFLICT (pack, item, what) DO UPDATE SET hlc = excluded.hlc, origin = excluded.origin,
             sent = 1",
    )?
    .execute(params![w.key.pack, w.key.item, what, w.hlc, origin])?;
    match &w.write {
        Write::Marks(kind, marks) => {
            tx.prepare_cached(
                "INSERT INTO items (pack, item, kind, position, hidden, flag, buried_day, leech)
                 VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?7)
                 ON CONFLICT (pack, item) DO UPDATE SET
                     hidden = (hidden & 1) | excluded.hidden, flag = excluded.flag,
                     buried_day = excluded.buried_day, leech = excluded.leech",
            )?
            .execute(params![
                w.key.pack,
                w.key.item,
                kind.code(),
                marks.hidden_bits(),
                marks.flag.map_or(0, |f| i64::from(f.number())),
                marks.buried,
                marks.leech.code()
            ])?;
        }
        Write::Edit(Some(o)) => {
            tx.prepare_cached(
                "INSERT INTO overrides (pack, item, body, base, edited) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (pack, item) DO UPDATE SET
                     body = excluded.body, base = excluded.base, edited = excluded.edited",
            )?
            .execute(params![w.key.pack, w.key.item, o.body, o.base, o.edited.0])?;
        }
        Write::Edit(None) => {
            tx.prepare_cached("DELETE FROM overrides WHERE pack = ?1 AND item = ?2")?
                .execute(params![w.key.pack, w.key.item])?;
        }
    }
    Ok(true)
}

/// Rebuilds `key`'s state from its whole history in stamp order (device ids break ties): each
/// answer's logged state, the item's state and review counters, and the day counters' change.
fn rebuild(
    tx: &rusqlite::Transaction<'_>,
    key: &ItemKey,
    kind: ItemKind,
    ids: &HashMap<i64, String>,
    deltas: &mut BTreeMap<(i64, String), DayDelta>,
    replay: &mut dyn FnMut(&ItemKey, &[Step]) -> Vec<ItemState>,
) -> rusqlite::Result<()> {
    let mut rows: Vec<Row> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id, origin, hlc, day, rating, before FROM reviews WHERE pack = ?1 AND item = ?2",
        )?;
        let rows = stmt.query_map(params![key.pack, key.item], |r| {
            Ok(Row {
                id: r.get(0)?,
                origin: r.get(1)?,
                hlc: r.get(2)?,
                day: r.get(3)?,
                rating: Rating::from_number(r.get(4)?).unwrap_or(Rating::Good),
                before: r.get(5)?,
            })
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let empty = String::new();
    rows.sort_by(|a, b| {
        let id = |r: &Row| ids.get(&r.origin).unwrap_or(&empty);
        (a.hlc, id(a), a.id).cmp(&(b.hlc, id(b), b.id))
    });
    let steps: Vec<Step> = rows
        .iter()
        .map(|r| Step {
            time: stamp_time(r.hlc),
            rating: r.rating,
        })
        .collect();
    let states = replay(key, &steps);
    let (mut review_answers, mut review_passed) = (0_i64, 0_i64);
    let mut update = tx.prepare_cached("UPDATE reviews SET before = ?2 WHERE id = ?1")?;
    for (row, before) in rows.iter().zip(&states) {
        let new = day_delta(before, row.rating);
        review_answers += new.review_answers;
        review_passed += new.review_passed;
        let json = serde_json::to_string(before).unwrap_or_default();
        if json == row.before {
            continue;
        }
        let old = if row.before == "null" && row.origin == 0 {
            // Imported history: its counters stay as its import gave them.
            Some(new)
        } else {
            delta_of(&row.before, row.rating)
        };
        let entry = deltas.entry((row.day, key.pack.clone())).or_default();
        entry.add(&new);
        if let Some(old) = old {
            entry.sub(&old);
        }
        update.execute(params![row.id, json])?;
    }
    let last = states.last().copied().unwrap_or_else(new_state);
    write_state(tx, key, kind, &last)?;
    tx.prepare_cached(
        "UPDATE items SET review_answers = ?3, review_passed = ?4 WHERE pack = ?1 AND item = ?2",
    )?
    .execute(params![key.pack, key.item, review_answers, review_passed])?;
    Ok(())
}

/// A state never answered, for an item whose history is gone.
fn new_state() -> ItemState {
    ItemState {
        phase: Phase::New,
        step: 0,
        memory: None,
        due: Timestamp(0),
        last_review: None,
        interval_days: 0,
        reps: 0,
        lapses: 0,
    }
}
