//! Merging what other devices sent into the store, in one transaction: the union of answers
//! (de-duplicated by their id, less those taken back), each mark's and edit's latest write, and
//! every touched item's state rebuilt from its whole merged history in stamp order. Any two
//! stores that merged the same records agree, whatever order the records came in.
//!
//! Built for a first sync of a long history: new answers are put in order with the item's own
//! rows in memory and written once, with the state before them, many rows to a statement; an
//! existing row is rewritten only when the merge changed the state before it.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::{OptionalExtension as _, params};

use super::answers::{
    DayDelta, ItemKey, ItemKind, bump_daily, decode_before, encode_before, write_state,
};
use super::devices::{
    FileMark, FromDevice, MergeCounts, Step, SyncedAnswer, SyncedWrite, WHAT_EDIT, WHAT_MARKS,
    Write, stamp_of,
};
use super::error::Result;
use super::store::Store;
use super::types::{ItemState, Phase, Rating, Timestamp};

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
    /// The latest stamp read besides those in `devices` (settings, the learner's own cards),
    /// for this device's clock to move past.
    pub stamps_read: i64,
}

/// One row of an item's history: logged already (`id`), or new from another device.
struct Entry<'a> {
    id: Option<i64>,
    origin: i64,
    hlc: i64,
    time: i64,
    day: i64,
    rating: Rating,
    /// The logged state before it (`None` for a new answer).
    before: Option<String>,
    new: Option<&'a SyncedAnswer>,
}

/// A new answer ready to log: from `origin`, with the state before it.
struct Ready<'a> {
    origin: i64,
    answer: &'a SyncedAnswer,
    before: String,
}

impl Store {
    /// Merges `merge` into the store in one transaction, rebuilding each touched item's state
    /// with `replay`, which is given the item's merged history in stamp order and returns the
    /// state before each step and after the last (one more than the steps).
    pub fn merge(&mut self, merge: &Merge<'_>, replay: &Replay<'_>) -> Result<MergeCounts> {
        self.in_bulk(|store| store.merge_in_cache(merge, replay))
    }

    fn merge_in_cache(&mut self, merge: &Merge<'_>, replay: &Replay<'_>) -> Result<MergeCounts> {
        let path = self.path.clone();
        let err = |e: rusqlite::Error| super::error::from_sqlite(&e, &path);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute("UPDATE sync_clock SET applying = 1", [])
            .map_err(err)?;
        let mut counts = MergeCounts::default();
        let numbers = device_numbers(&tx, merge.devices, merge.now_ms).map_err(err)?;
        let ids = device_ids(&tx).map_err(err)?;
        let mut retracted = retracted(&tx).map_err(err)?;
        let mut per_device: BTreeMap<i64, i64> = BTreeMap::new();
        let mut deltas: BTreeMap<(i64, String), DayDelta> = BTreeMap::new();
        let seen = latest_seen(merge);
        let mut touched: BTreeMap<ItemKey, Incoming<'_>> = BTreeMap::new();
        for from in merge.devices {
            let origin = numbers.get(&from.device).copied().unwrap_or(0);
            for (hlc, key) in &from.retracted {
                if !retracted.insert((origin, *hlc)) {
                    continue;
                }
                if let Some((day, rating, before)) = retract(&tx, origin, *hlc, key).map_err(err)? {
                    counts.retracted += 1;
                    *per_device.entry(origin).or_default() -= 1;
                    if let Some(old) = delta_of(&before, rating) {
                        deltas.entry((day, key.pack.clone())).or_default().sub(&old);
                    }
                    touched
                        .entry(key.clone())
                        .or_insert((ItemKind::Card, Vec::new()));
                }
            }
        }
        for from in merge.devices {
            let origin = numbers.get(&from.device).copied().unwrap_or(0);
            for a in &from.answers {
                if !retracted.contains(&(origin, a.hlc)) {
                    let entry = touched.entry(a.key.clone()).or_insert((a.kind, Vec::new()));
                    entry.0 = a.kind;
                    entry.1.push((origin, a));
                }
            }
            for w in &from.writes {
                if apply_write(&tx, origin, &from.device, w).map_err(err)? {
                    counts.writes += 1;
                }
            }
        }
        for key in merge.sent {
            touched
                .entry(key.clone())
                .or_insert((ItemKind::Card, Vec::new()));
        }
        let logged = logged_rows(&tx, &touched).map_err(err)?;
        let jobs: Vec<Job<'_, '_>> = touched
            .iter()
            .zip(logged)
            .map(|((key, (kind, incoming)), entries)| Job {
                key,
                kind: *kind,
                entries,
                incoming,
            })
            .collect();
        let done = replay_all(jobs, &ids, replay);
        for ((day, pack), delta) in &done.deltas {
            deltas.entry((*day, pack.clone())).or_default().add(delta);
        }
        let (ready, out) = (done.ready, done.out);
        counts.answers += ready.len();
        out.write(&tx).map_err(err)?;
        counts.rebuilt = touched.len();
        insert_ready(&tx, &ready).map_err(err)?;
        for r in &ready {
            *per_device.entry(r.origin).or_default() += 1;
        }
        count_answers(&tx, &per_device).map_err(err)?;
        for ((day, pack), delta) in &deltas {
            bump_daily(&tx, *day, pack, delta).map_err(err)?;
        }
        save_file_marks(&tx, merge.files).map_err(err)?;
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

/// An item's kind and the answers new to it, with the store's number of their device.
type Incoming<'a> = (ItemKind, Vec<(i64, &'a SyncedAnswer)>);

/// The latest stamp `merge` holds, for this device's clock. One further ahead than a day (a
/// wrong clock, a damaged file) is merged but does not move the clock: this device's own
/// answers stay stamped by its own time.
fn latest_seen(merge: &Merge<'_>) -> i64 {
    let cap = stamp_of(merge.now_ms.saturating_add(86_400_000), 0);
    merge
        .devices
        .iter()
        .flat_map(|from| {
            let answers = from.answers.iter().map(|a| a.hlc);
            let retracted = from.retracted.iter().map(|(h, _)| *h);
            let writes = from.writes.iter().map(|w| w.hlc);
            answers.chain(retracted).chain(writes)
        })
        .chain([merge.stamps_read])
        .filter(|h| *h <= cap)
        .max()
        .unwrap_or(0)
}

/// Adds to each other device's count of answers the store holds (this one's are the rest).
fn count_answers(
    tx: &rusqlite::Transaction<'_>,
    per_device: &BTreeMap<i64, i64>,
) -> rusqlite::Result<()> {
    let mut count = tx
        .prepare_cached("UPDATE sync_devices SET answers = answers + ?2 WHERE n = ?1 AND n != 0")?;
    for (origin, n) in per_device {
        count.execute(params![origin, n])?;
    }
    Ok(())
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
    Some(day_delta(&decode_before(before)?, rating))
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

/// The store's number for each device of `devices` (made on first sight; this one is 0).
fn device_numbers(
    tx: &rusqlite::Transaction<'_>,
    devices: &[FromDevice],
    now_ms: i64,
) -> rusqlite::Result<HashMap<String, i64>> {
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
    Ok(numbers)
}

fn device_ids(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<HashMap<i64, String>> {
    let mut stmt = tx.prepare_cached("SELECT n, id FROM sync_devices")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Every answer id taken back.
fn retracted(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<HashSet<(i64, i64)>> {
    let mut stmt = tx.prepare_cached("SELECT origin, hlc FROM sync_retracted")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Takes back answer (`origin`, `hlc`) of `key` and remembers it is taken back; returns its
/// day, rating and logged state when the store had it.
fn retract(
    tx: &rusqlite::Transaction<'_>,
    origin: i64,
    hlc: i64,
    key: &ItemKey,
) -> rusqlite::Result<Option<(i64, Rating, String)>> {
    tx.prepare_cached(
        "INSERT INTO sync_retracted (origin, hlc, sent, pack, item) VALUES (?1, ?2, 1, ?3, ?4)
         ON CONFLICT (origin, hlc) DO NOTHING",
    )?
    .execute(params![origin, hlc, key.pack, key.item])?;
    tx.prepare_cached(
        "DELETE FROM reviews WHERE pack = ?3 AND item = ?4 AND origin = ?1 AND hlc = ?2
         RETURNING day, rating, before",
    )?
    .query_row(params![origin, hlc, key.pack, key.item], |r| {
        Ok((
            r.get(0)?,
            Rating::from_number(r.get(1)?).unwrap_or(Rating::Good),
            r.get(2)?,
        ))
    })
    .optional()
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

/// The scheduler's replay of one item's history: the state before each step and after the
/// last. Shared by the threads a long merge replays on.
pub type Replay<'r> = dyn Fn(&ItemKey, &[Step]) -> Vec<ItemState> + Sync + 'r;

/// Items at least this many are replayed on more than one thread.
const PARALLEL_ITEMS: usize = 2_000;

/// One item to rebuild: its logged rows and the answers new to it.
struct Job<'k, 'a> {
    key: &'k ItemKey,
    kind: ItemKind,
    entries: Vec<Entry<'a>>,
    incoming: &'k [(i64, &'a SyncedAnswer)],
}

/// What replaying some items gives: the day counters' change, the new answers ready to log,
/// and the rows and states to write.
#[derive(Default)]
struct Done<'a> {
    deltas: BTreeMap<(i64, String), DayDelta>,
    ready: Vec<Ready<'a>>,
    out: Rebuilt,
}

/// Replays every job, on as many threads as the machine has (up to four) when there are many:
/// each item's replay is its own, and the results are put together in the jobs' order.
fn replay_all<'a>(
    jobs: Vec<Job<'_, 'a>>,
    ids: &HashMap<i64, String>,
    replay: &Replay<'_>,
) -> Done<'a> {
    let run = |jobs: Vec<Job<'_, 'a>>| {
        let mut done = Done::default();
        for job in jobs {
            rebuild(job, ids, &mut done, replay);
        }
        done
    };
    let results = crate::parallel::in_parts(jobs, PARALLEL_ITEMS, run);
    let mut all = Done::default();
    for done in results {
        for (k, d) in done.deltas {
            all.deltas.entry(k).or_default().add(&d);
        }
        all.ready.extend(done.ready);
        all.out.befores.extend(done.out.befores);
        all.out.states.extend(done.out.states);
    }
    all
}

/// What the rebuilds write once every item is replayed: logged rows whose state before changed
/// (by id, so the table is written in its own order) and each item's state and review counters.
#[derive(Default)]
struct Rebuilt {
    befores: Vec<(i64, String)>,
    states: Vec<(ItemKey, ItemKind, ItemState, i64, i64)>,
}

impl Rebuilt {
    fn write(mut self, tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
        self.befores.sort_unstable_by_key(|(id, _)| *id);
        let mut update = tx.prepare_cached("UPDATE reviews SET before = ?2 WHERE id = ?1")?;
        for (id, json) in &self.befores {
            update.execute(params![id, json])?;
        }
        let mut counters = tx.prepare_cached(
            "UPDATE items SET review_answers = ?3, review_passed = ?4 WHERE pack = ?1 AND item = ?2",
        )?;
        for (key, kind, state, answers, passed) in &self.states {
            write_state(tx, key, *kind, state)?;
            counters.execute(params![key.pack, key.item, answers, passed])?;
        }
        Ok(())
    }
}

/// The logged rows of each of `touched`, in its order, read in one pass over the log's item
/// index (a temporary table holds the keys).
fn logged_rows<'a, T>(
    tx: &rusqlite::Transaction<'_>,
    touched: &BTreeMap<ItemKey, T>,
) -> rusqlite::Result<Vec<Vec<Entry<'a>>>> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS merge_keys (pack TEXT NOT NULL, item TEXT NOT NULL);
         DELETE FROM temp.merge_keys;",
    )?;
    {
        let mut insert =
            tx.prepare_cached("INSERT INTO temp.merge_keys (pack, item) VALUES (?1, ?2)")?;
        for key in touched.keys() {
            insert.execute(params![key.pack, key.item])?;
        }
    }
    let mut out: Vec<Vec<Entry<'a>>> = Vec::with_capacity(touched.len());
    let mut keys = touched.keys().peekable();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT k.pack, k.item, r.id, r.origin, r.hlc, r.time, r.day, r.rating, r.before
             FROM temp.merge_keys k JOIN reviews r ON r.pack = k.pack AND r.item = k.item
             ORDER BY k.rowid",
        )?;
        let mut rows = stmt.query([])?;
        let mut current: Vec<Entry<'a>> = Vec::new();
        let mut at: Option<&ItemKey> = keys.next();
        while let Some(r) = rows.next()? {
            let (pack, item): (String, String) = (r.get(0)?, r.get(1)?);
            // Keys with no rows (or done) before this row's key.
            while let Some(key) = at {
                if key.pack == pack && key.item == item {
                    break;
                }
                out.push(std::mem::take(&mut current));
                at = keys.next();
            }
            current.push(Entry {
                id: Some(r.get(2)?),
                origin: r.get(3)?,
                hlc: r.get(4)?,
                time: r.get(5)?,
                day: r.get(6)?,
                rating: Rating::from_number(r.get(7)?).unwrap_or(Rating::Good),
                before: Some(r.get(8)?),
                new: None,
            });
        }
        if at.is_some() {
            out.push(current);
        }
    }
    // Keys after the last row's.
    out.extend(keys.map(|_| Vec::new()));
    tx.execute_batch("DELETE FROM temp.merge_keys;")?;
    Ok(out)
}

/// Rebuilds `job`'s item from its logged rows and the answers new to it, all in stamp order
/// (device ids break ties): the new answers go to `done.ready` with the state before each,
/// logged rows whose state before changed and the item's state and review counters to
/// `done.out`, the day counters' change to `done.deltas`.
fn rebuild<'a>(
    job: Job<'_, 'a>,
    ids: &HashMap<i64, String>,
    done: &mut Done<'a>,
    replay: &Replay<'_>,
) {
    let (key, kind, incoming) = (job.key, job.kind, job.incoming);
    let mut entries: Vec<Entry<'a>> = job.entries;
    let mut known: HashSet<(i64, i64)> = entries.iter().map(|e| (e.origin, e.hlc)).collect();
    for (origin, a) in incoming {
        // Logged already, or twice in what was read (a conflict copy): once.
        if known.insert((*origin, a.hlc)) {
            entries.push(Entry {
                id: None,
                origin: *origin,
                hlc: a.hlc,
                time: a.answer.time.0,
                day: a.answer.day,
                rating: a.answer.rating,
                before: None,
                new: Some(a),
            });
        }
    }
    let empty = String::new();
    entries.sort_by(|a, b| {
        let id = |e: &Entry<'_>| ids.get(&e.origin).unwrap_or(&empty);
        (a.hlc, id(a), a.time, a.rating.number()).cmp(&(b.hlc, id(b), b.time, b.rating.number()))
    });
    // Each answer scheduled at the time its device gave it, never before the answer the stamps
    // put ahead of it (a device whose clock is behind answered after what it had seen).
    let mut at = i64::MIN;
    let steps: Vec<Step> = entries
        .iter()
        .map(|e| {
            at = at.max(e.time);
            Step {
                time: Timestamp(at),
                rating: e.rating,
            }
        })
        .collect();
    let states = replay(key, &steps);
    let (mut review_answers, mut review_passed) = (0_i64, 0_i64);
    for (entry, before) in entries.iter().zip(&states) {
        let new = day_delta(before, entry.rating);
        review_answers += new.review_answers;
        review_passed += new.review_passed;
        let json = encode_before(before);
        match (&entry.new, &entry.before, entry.id) {
            (Some(answer), _, _) => {
                done.deltas
                    .entry((entry.day, key.pack.clone()))
                    .or_default()
                    .add(&new);
                done.ready.push(Ready {
                    origin: entry.origin,
                    answer,
                    before: json,
                });
            }
            (None, Some(logged), Some(id)) if *logged != json => {
                // Imported history ('null') keeps the counters its import gave it.
                let old = if logged == "null" && entry.origin == 0 {
                    Some(new)
                } else {
                    delta_of(logged, entry.rating)
                };
                let slot = done
                    .deltas
                    .entry((entry.day, key.pack.clone()))
                    .or_default();
                slot.add(&new);
                if let Some(old) = old {
                    slot.sub(&old);
                }
                done.out.befores.push((id, json));
            }
            _ => {}
        }
    }
    let last = states.last().copied().unwrap_or_else(ItemState::new_item);
    done.out
        .states
        .push((key.clone(), kind, last, review_answers, review_passed));
}

/// Logs the new answers, many to a statement.
fn insert_ready(tx: &rusqlite::Transaction<'_>, ready: &[Ready<'_>]) -> rusqlite::Result<()> {
    let rows: Vec<(&Ready<'_>, u8)> = ready
        .iter()
        .map(|r| (r, r.answer.answer.rating.number()))
        .collect();
    super::answers::write_many(
        tx,
        (
            "INSERT INTO reviews (pack, item, time, day, rating, elapsed_days, mode, duration_ms,
                 before, origin, hlc)",
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "",
        ),
        &rows,
        |(r, rating), out| {
            let a = &r.answer.answer;
            out.extend::<[&dyn rusqlite::ToSql; 11]>([
                &r.answer.key.pack,
                &r.answer.key.item,
                &a.time.0,
                &a.day,
                rating,
                &a.elapsed_days,
                &a.mode,
                &a.duration_ms,
                &r.before,
                &r.origin,
                &r.answer.hlc,
            ]);
        },
    )
}

fn save_file_marks(
    tx: &rusqlite::Transaction<'_>,
    files: &[(String, FileMark)],
) -> rusqlite::Result<()> {
    let mut file = tx.prepare_cached(
        "INSERT INTO sync_files (name, head, consumed) VALUES (?1, ?2, ?3)
         ON CONFLICT (name) DO UPDATE SET head = excluded.head, consumed = excluded.consumed",
    )?;
    for (name, mark) in files {
        file.execute(params![
            name,
            mark.head,
            i64::try_from(mark.consumed).unwrap_or(i64::MAX)
        ])?;
    }
    Ok(())
}
