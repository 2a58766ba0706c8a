//! The progress engine end to end: answers persist, undo, daily limits, queue order, pack updates,
//! and files that must not be touched.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;

use kubestudy::progress::settings::Settings;
use kubestudy::progress::{ItemKey, ItemKind, PackItems, Store, StoreError};
use kubestudy::study::Engine;
use kubestudy::study::clock::{Clock as _, FixedClock, Timestamp};
use kubestudy::study::queue::Reason;
use kubestudy::study::schedule::{Phase, Rating};

/// 2026-11-22 10:00 UTC.
const START: Timestamp = Timestamp(1_795_341_600_000);

fn pack(id: &str, version: &str, items: &[&str]) -> PackItems {
    PackItems {
        pack: id.to_owned(),
        version: version.to_owned(),
        items: items
            .iter()
            .map(|i| ((*i).to_owned(), ItemKind::Card))
            .collect(),
    }
}

fn engine(dir: &Path, settings: Settings) -> Engine {
    Engine::new(Store::open(dir).unwrap(), settings).unwrap()
}

fn key(pack: &str, item: &str) -> ItemKey {
    ItemKey::new(pack, item)
}

fn queue_ids(engine: &Engine, packs: &[&str], clock: &FixedClock) -> Vec<(String, Reason)> {
    let request = engine.request(
        packs.iter().map(|p| (*p).to_owned()).collect(),
        vec![ItemKind::Card],
    );
    engine
        .queue(&request, clock)
        .unwrap()
        .entries()
        .map(|e| (e.key.item.clone(), e.reason))
        .collect()
}

#[test]
fn answers_persist_across_reopening_and_undo_restores() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(START, 0);
    let mut engine = engine(dir.path(), Settings::default());
    let good = engine
        .answer(
            &key("p", "a"),
            ItemKind::Card,
            Rating::Good,
            "review",
            1200,
            &clock,
        )
        .unwrap();
    assert_eq!((good.phase, good.step, good.reps), (Phase::Learning, 1, 1));
    clock.advance_secs(600);
    let graduated = engine
        .answer(
            &key("p", "a"),
            ItemKind::Card,
            Rating::Good,
            "review",
            900,
            &clock,
        )
        .unwrap();
    assert_eq!(graduated.phase, Phase::Review);
    drop(engine);

    let mut engine = self::engine(dir.path(), Settings::default());
    assert_eq!(engine.state(&key("p", "a")).unwrap(), graduated);
    assert_eq!(engine.store().review_count().unwrap(), 2);

    let undone = engine.undo().unwrap().expect("an answer to undo");
    assert_eq!(undone.key, key("p", "a"));
    assert_eq!(undone.restored, good);
    assert_eq!(engine.state(&key("p", "a")).unwrap(), good);
    assert_eq!(engine.store().review_count().unwrap(), 1);
    engine.undo().unwrap().expect("the first answer");
    assert_eq!(engine.state(&key("p", "a")).unwrap().phase, Phase::New);
    assert!(engine.undo().unwrap().is_none());
    // Undoing a new item's first answer gives back its place in today's new-item allowance.
    assert_eq!(
        engine
            .store()
            .introduced_on(engine.days(&clock).day_of(clock.now()), "p")
            .unwrap(),
        0
    );
}

#[test]
fn new_item_limit_per_pack_and_day_and_again_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(START, 0);
    let settings = Settings {
        new_per_day: 3,
        ..Settings::default()
    };
    let mut engine = engine(dir.path(), settings);
    let ids: Vec<String> = (0..10).map(|i| format!("c{i}")).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    engine.sync_items(&pack("p", "1.0.0", &ids), 0).unwrap();
    engine
        .sync_items(&pack("q", "1.0.0", &["q0", "q1", "q2", "q3"]), 0)
        .unwrap();

    let queue = queue_ids(&engine, &["p", "q"], &clock);
    let expected: Vec<(String, Reason)> = ["c0", "c1", "c2", "q0", "q1", "q2"]
        .iter()
        .map(|i| ((*i).to_owned(), Reason::New))
        .collect();
    assert_eq!(queue, expected, "three new items per pack, in pack order");

    engine
        .answer(
            &key("p", "c0"),
            ItemKind::Card,
            Rating::Again,
            "review",
            1,
            &clock,
        )
        .unwrap();
    engine
        .answer(
            &key("p", "c1"),
            ItemKind::Card,
            Rating::Good,
            "review",
            1,
            &clock,
        )
        .unwrap();
    let queue = queue_ids(&engine, &["p"], &clock);
    // c0 (Again, due in 1 min) and c1 (Good, due in 10 min) are learning items within the
    // 20-minute learn-ahead; one new item is left of today's three.
    assert_eq!(
        queue,
        vec![
            ("c0".into(), Reason::Learning),
            ("c1".into(), Reason::Learning),
            ("c2".into(), Reason::New)
        ]
    );

    clock.advance_secs(24 * 3600);
    let queue = queue_ids(&engine, &["p"], &clock);
    let new: Vec<&str> = queue
        .iter()
        .filter(|(_, r)| *r == Reason::New)
        .map(|(i, _)| i.as_str())
        .collect();
    assert_eq!(new, ["c2", "c3", "c4"], "a new day brings three more");
}

fn engine_sync(engine: &mut Engine, p: &PackItems) {
    engine.sync_items(p, 0).unwrap();
}

#[test]
fn reviews_come_most_overdue_first_and_respect_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(START, 0);
    let settings = Settings {
        reviews_per_day: 2,
        new_per_day: 0,
        learning_steps_minutes: vec![],
        ..Settings::default()
    };
    let mut engine = engine(dir.path(), settings);
    engine_sync(&mut engine, &pack("p", "1", &["a", "b", "c"]));
    // Graduate all three at once (no learning steps), with different ratings so stabilities differ.
    for (item, rating) in [
        ("a", Rating::Hard),
        ("b", Rating::Good),
        ("c", Rating::Easy),
    ] {
        let state = engine
            .answer(&key("p", item), ItemKind::Card, rating, "review", 1, &clock)
            .unwrap();
        assert_eq!(state.phase, Phase::Review);
    }
    clock.advance_secs(400 * 24 * 3600);
    let queue = queue_ids(&engine, &["p"], &clock);
    // All are long overdue; relative to stability, the Hard one (lowest stability) is the most.
    assert_eq!(
        queue,
        vec![("a".into(), Reason::Review), ("b".into(), Reason::Review)]
    );
    engine
        .answer(
            &key("p", "a"),
            ItemKind::Card,
            Rating::Good,
            "review",
            1,
            &clock,
        )
        .unwrap();
    assert_eq!(
        queue_ids(&engine, &["p"], &clock),
        vec![("b".into(), Reason::Review)],
        "one review left under the cap"
    );
}

#[test]
fn pack_updates_keep_progress_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(START, 0);
    let mut engine = engine(dir.path(), Settings::default());
    let first = engine
        .sync_items(&pack("p", "1.0.0", &["a", "b", "c"]), 0)
        .unwrap();
    assert_eq!((first.added, first.hidden, first.restored), (3, 0, 0));
    let b = engine
        .answer(
            &key("p", "b"),
            ItemKind::Card,
            Rating::Good,
            "review",
            1,
            &clock,
        )
        .unwrap();

    // Same version again: nothing to compare.
    assert!(
        !engine
            .sync_items(&pack("p", "1.0.0", &["a", "b", "c"]), 0)
            .unwrap()
            .compared
    );

    // b is removed (and d added): hidden, history kept, not queued.
    let second = engine
        .sync_items(&pack("p", "1.1.0", &["a", "c", "d"]), 0)
        .unwrap();
    assert_eq!((second.added, second.hidden, second.restored), (1, 1, 0));
    assert_eq!(
        engine.store().is_hidden(&key("p", "b")).unwrap(),
        Some(true)
    );
    assert_eq!(engine.state(&key("p", "b")).unwrap(), b);
    assert!(
        queue_ids(&engine, &["p"], &clock)
            .iter()
            .all(|(i, _)| i != "b")
    );

    // b comes back with its history; reordering changes nothing else.
    let third = engine
        .sync_items(&pack("p", "1.2.0", &["d", "c", "b", "a"]), 0)
        .unwrap();
    assert_eq!((third.added, third.hidden, third.restored), (0, 0, 1));
    assert_eq!(
        engine.store().is_hidden(&key("p", "b")).unwrap(),
        Some(false)
    );
    assert_eq!(engine.state(&key("p", "b")).unwrap(), b);
    let new: Vec<String> = queue_ids(&engine, &["p"], &clock)
        .into_iter()
        .filter(|(_, r)| *r == Reason::New)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(new, ["d", "c", "a"], "new items follow the new pack order");
}

#[test]
fn damaged_newer_and_locked_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("progress.sqlite3");

    std::fs::write(&db, b"this is not a database at all, but a learner's file").unwrap();
    let before = std::fs::read(&db).unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains(&db.display().to_string()), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);

    // A SQLite header with garbage after it.
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0xA5u8, 8192));
    std::fs::write(&db, &bytes).unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes);

    std::fs::remove_file(&db).unwrap();
    drop(Store::open(dir.path()).unwrap());
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = std::fs::read(&db).unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::Newer { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("newer kubestudy"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);

    let other = tempfile::tempdir().unwrap();
    let first = Store::open(other.path()).unwrap();
    let err = Store::open(other.path()).unwrap_err();
    assert!(matches!(err, StoreError::InUse { .. }), "{err}");
    drop(first);
    assert!(
        Store::open(other.path()).is_ok(),
        "the lock goes with the first store"
    );
}

#[test]
fn sessions_are_logged_with_their_answers() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(START, 0);
    let mut store = Store::open(dir.path()).unwrap();
    let id = store.start_session("review", clock.now()).unwrap();
    drop(store);
    let mut engine = engine(dir.path(), Settings::default());
    for item in ["a", "b", "c"] {
        clock.advance_secs(5);
        engine
            .answer(
                &key("p", item),
                ItemKind::Card,
                Rating::Good,
                "review",
                800,
                &clock,
            )
            .unwrap();
    }
    drop(engine);
    let mut store = Store::open(dir.path()).unwrap();
    clock.advance_secs(5);
    store.end_session(id, clock.now()).unwrap();
    let session = store.session(id).unwrap().expect("logged");
    assert_eq!(
        (session.mode.as_str(), session.answered, session.ended),
        ("review", 3, Some(clock.now()))
    );
    assert_eq!(store.recent_sessions(5).unwrap(), vec![session]);
}

#[test]
fn a_version_1_store_gains_the_exam_week_tables_and_the_marks_and_keeps_its_answers() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(Timestamp(1_795_341_600_000), 0);
    {
        let mut engine = engine(dir.path(), Settings::default());
        engine
            .answer(
                &key("p", "a"),
                ItemKind::Card,
                Rating::Good,
                "review",
                0,
                &clock,
            )
            .unwrap();
    }
    // Make it the file an earlier kubestudy wrote.
    let conn = rusqlite::Connection::open(dir.path().join("progress.sqlite3")).unwrap();
    conn.execute_batch(
        "DROP TRIGGER sync_marks_changed; DROP TRIGGER sync_marks_new; DROP VIEW sync_touch;
         DROP TRIGGER sync_edit_set; DROP TRIGGER sync_edit_changed; DROP TRIGGER sync_edit_removed;
         DROP TABLE sync_changes; DROP TABLE sync_clock; DROP TABLE sync_devices;
         DROP TABLE sync_files; DROP TABLE sync_retracted;
         ALTER TABLE reviews DROP COLUMN origin; ALTER TABLE reviews DROP COLUMN hlc;
         DROP TABLE cram_log; DROP TABLE mock_attempts; DROP TABLE overrides;
         DROP INDEX items_buried; DROP INDEX items_marked;
         ALTER TABLE items DROP COLUMN flag; ALTER TABLE items DROP COLUMN buried_day;
         ALTER TABLE items DROP COLUMN leech; PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(conn);
    let mut engine = engine(dir.path(), Settings::default());
    assert_eq!(engine.store().review_count().unwrap(), 1);
    assert_eq!(engine.store().cram_count().unwrap(), 0);
    engine
        .store_mut()
        .log_cram(&key("p", "a"), clock.now(), true, 100)
        .unwrap();
    assert_eq!(engine.store().cram_count().unwrap(), 1);
    assert!(engine.store().mock_attempts().unwrap().is_empty());
    // Version 3: marks, on the answered item as on any other.
    assert_eq!(
        engine.marks(&key("p", "a")).unwrap(),
        kubestudy::progress::Marks::default()
    );
    let flagged = kubestudy::progress::Marks {
        flag: Some(kubestudy::progress::Flag::Orange),
        ..Default::default()
    };
    engine
        .set_marks(&key("p", "a"), ItemKind::Card, flagged)
        .unwrap();
    assert_eq!(engine.marks(&key("p", "a")).unwrap(), flagged);
    assert_eq!(engine.state(&key("p", "a")).unwrap().reps, 1);
}
