//! A full disk or a read-only database during an answer: a clear error, the previous state intact.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::study::clock::{Days, Timestamp};
use crate::study::schedule::{ItemState, Rating, Scheduler, SchedulerConfig};

const NOW: Timestamp = Timestamp(1_795_341_600_000);
const DAYS: Days = Days {
    offset_secs: 0,
    rollover_hour: 4,
};

fn answer_once(store: &mut Store, item: &str, n: u32) -> Result<ItemState> {
    let key = ItemKey::new("p", item);
    let before = store.item_state(&key)?.unwrap_or_else(ItemState::new_item);
    let now = NOW.plus_secs(i64::from(n) * 60);
    let after = Scheduler::with_default_parameters(SchedulerConfig::default()).answer(
        &before,
        Rating::Good,
        now,
        DAYS,
        1,
    );
    let answer = Answer {
        time: now,
        day: DAYS.day_of(now),
        rating: Rating::Good,
        elapsed_days: 0,
        mode: "review".into(),
        duration_ms: 5,
    };
    store
        .record_answer(&key, ItemKind::Card, &before, &after, &answer)
        .map(|_| after)
}

#[test]
fn a_full_disk_fails_the_answer_and_keeps_the_previous_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    answer_once(&mut store, "warm-up", 0).unwrap();
    let pages: i64 = store
        .conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    // Let the database grow no further: the next answer needing a new page fails as on a full disk.
    store
        .conn
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let mut failure = None;
    for n in 1..5000 {
        let item = format!("item-with-a-long-identifier-to-fill-pages-{n:05}");
        let before = store.item_state(&ItemKey::new("p", &item)).unwrap();
        let reviews = store.review_count().unwrap();
        if let Err(err) = answer_once(&mut store, &item, n) {
            assert_eq!(
                store.item_state(&ItemKey::new("p", &item)).unwrap(),
                before,
                "state untouched"
            );
            assert_eq!(store.review_count().unwrap(), reviews, "no log entry");
            failure = Some(err);
            break;
        }
    }
    let err = failure.expect("the page limit is reached");
    assert!(matches!(err, StoreError::Full { .. }), "{err}");
    assert!(
        err.to_string().contains("disk") && err.to_string().contains("progress.sqlite3"),
        "{err}"
    );
    // Space freed: answering works again and earlier answers are all there.
    store
        .conn
        .pragma_update(None, "max_page_count", 1_000_000)
        .unwrap();
    answer_once(&mut store, "after", 9999).unwrap();
    assert!(
        store
            .item_state(&ItemKey::new("p", "warm-up"))
            .unwrap()
            .is_some()
    );
}

#[test]
fn a_read_only_database_fails_the_answer_and_keeps_the_previous_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let first = answer_once(&mut store, "a", 0).unwrap();
    store.conn.pragma_update(None, "query_only", true).unwrap();
    let err = answer_once(&mut store, "a", 1).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
    assert_eq!(
        store.item_state(&ItemKey::new("p", "a")).unwrap(),
        Some(first)
    );
    assert_eq!(store.review_count().unwrap(), 1);
}

#[test]
fn an_answer_that_cannot_be_saved_says_so_and_nothing_else_does() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.conn.pragma_update(None, "query_only", true).unwrap();
    let mut engine =
        crate::study::Engine::new(store, crate::progress::settings::Settings::default()).unwrap();
    let clock = crate::study::clock::FixedClock::new(NOW, 0);
    let err = engine
        .answer(
            &ItemKey::new("p", "a"),
            ItemKind::Card,
            Rating::Good,
            "review",
            5,
            &clock,
        )
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("your answer was not saved: ") && text.contains("read-only"),
        "{text}"
    );
    // The same failure outside an answer does not speak of one.
    let err = engine.store_mut().set_meta("k", "v").unwrap_err();
    assert!(!err.to_string().contains("answer"), "{err}");
}
