//! The card browser without a window: every item listed with its state, searched and sorted,
//! and bulk suspend, flag, reset and set-due through the engine, each undone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::collections::HashMap;

use kubestudy::modes::browser::{Browser, Select};
use kubestudy::progress::settings::Settings;
use kubestudy::progress::{Flag, ItemKey, ItemKind};
use kubestudy::study::browse::{Bulk, Column};
use kubestudy::study::schedule::{Phase, Rating};

const CONTENT: &str = r#"    glossary: [
        (id: "etcd", term: "etcd", definition: "The key-value store that holds the cluster's state.", tags: ["storage"]),
    ],
    cards: [
        (id: "one", front: "Which component stores cluster state?", answer: Text("etcd"), tags: ["storage"]),
        (id: "two", front: "Which port does the API server serve on?", answer: Text("6443")),
        (id: "three", front: "Which agent runs on every node?", answer: Text("the kubelet")),
    ],"#;

/// The pack, a store, and card `one` answered Good once.
fn one_answered() -> (
    tempfile::TempDir,
    common::PackDir,
    std::sync::Arc<kubestudy::pack::Library>,
    kubestudy::study::Engine,
    kubestudy::study::clock::FixedClock,
) {
    let (home, pack, library, mut engine, clock) = common::engine_on(CONTENT, Settings::default());
    let one = ItemKey::new(common::PACK_ID, "one");
    engine
        .answer(&one, ItemKind::Card, Rating::Good, "review", 1000, &clock)
        .unwrap();
    (home, pack, library, engine, clock)
}

fn keys(browser: &Browser) -> Vec<String> {
    (0..browser.len())
        .map(|p| browser.row(p).unwrap().key.item.clone())
        .collect()
}

#[test]
fn every_item_is_listed_searched_and_sorted() {
    let (_home, _pack, library, engine, clock) = one_answered();
    let items = engine
        .browser_items(&library, &HashMap::new(), &[], &clock)
        .unwrap();
    let mut browser = Browser::new(items);
    assert_eq!(browser.len_all(), 4, "three cards and a term");
    assert_eq!(
        keys(&browser),
        ["etcd", "one", "three", "two"],
        "by pack, then id"
    );

    browser.search("tag:storage kind:card".into());
    assert_eq!(keys(&browser), ["one"]);
    browser.search("\"API server\" or kubelet".into());
    assert_eq!(keys(&browser), ["three", "two"]);
    browser.search("is:new".into());
    assert_eq!(keys(&browser), ["etcd", "three", "two"]);
    // A search that cannot be read says where, and keeps the last good rows.
    browser.search("prop:lapses>".into());
    assert!(browser.error.is_some());
    assert_eq!(keys(&browser), ["etcd", "three", "two"]);

    browser.search(String::new());
    browser.sort_by(Column::Due);
    assert_eq!(
        keys(&browser)[0],
        "one",
        "the only item with a due date comes first"
    );
    browser.sort_by(Column::Due);
    assert_eq!(keys(&browser).last().map(String::as_str), Some("one"));
    browser.sort_by(Column::Front);
    assert_eq!(keys(&browser), ["etcd", "three", "one", "two"]);
    let answered = browser.row(2).unwrap();
    assert_eq!(answered.state.unwrap().reps, 1);
    assert!(answered.recall.is_some());
}

#[test]
fn a_click_a_ctrl_click_and_a_shift_click_select_as_in_a_file_manager() {
    let (_home, _pack, library, engine, clock) = common::engine_on(CONTENT, Settings::default());
    let mut browser = Browser::new(
        engine
            .browser_items(&library, &HashMap::new(), &[], &clock)
            .unwrap(),
    );
    browser.select(0, Select::One);
    browser.select(2, Select::Range);
    assert_eq!(browser.selected_count(), 3);
    browser.select(1, Select::Toggle);
    assert_eq!(browser.selected_count(), 2);
    assert!(!browser.is_selected(1));
    browser.select(3, Select::One);
    assert_eq!(browser.selected_count(), 1);
    browser.select_all();
    assert_eq!(browser.selected_count(), 4);
    // A search narrows what is listed, not what is selected; Select all takes what is listed.
    browser.search("kind:term".into());
    browser.select_all();
    assert_eq!(browser.selected_count(), 1);
}

#[test]
fn bulk_changes_apply_to_the_selection_keep_it_and_are_undone() {
    let (_home, _pack, library, mut engine, clock) = one_answered();
    let one = ItemKey::new(common::PACK_ID, "one");
    let edits = HashMap::new();
    let mut browser = Browser::new(engine.browser_items(&library, &edits, &[], &clock).unwrap());
    browser.search("kind:card".into());
    browser.select_all();
    let chosen = browser.selected();
    assert_eq!(chosen.len(), 3);

    let suspended = engine.bulk(&chosen, Bulk::Suspend(true), &clock).unwrap();
    assert_eq!(suspended.changed, 3);
    browser.refresh(engine.browser_items(&library, &edits, &[], &clock).unwrap());
    assert_eq!(
        browser.selected_count(),
        3,
        "the selection survives the refresh"
    );
    browser.search("is:suspended".into());
    assert_eq!(browser.len(), 3);
    let queue = engine
        .request_for_exam(vec![common::PACK_ID.into()], vec![ItemKind::Card], &clock)
        .and_then(|r| engine.queue(&r, &clock))
        .unwrap();
    assert_eq!(queue.len(), 0, "suspended cards are not studied");

    let flagged = engine
        .bulk(&chosen, Bulk::Flag(Some(Flag::Green)), &clock)
        .unwrap();
    assert_eq!(engine.marks(&one).unwrap().flag, Some(Flag::Green));
    engine.undo_bulk(flagged.undo).unwrap();
    assert_eq!(engine.marks(&one).unwrap().flag, None);
    assert!(
        engine.marks(&one).unwrap().suspended,
        "undoing the flag keeps the suspension"
    );
    engine.undo_bulk(suspended.undo).unwrap();
    assert!(!engine.marks(&one).unwrap().suspended);

    // Set due: the answered card moves, the new ones have nothing to schedule.
    let row = |engine: &kubestudy::study::Engine| {
        engine
            .browser_items(&library, &edits, &[], &clock)
            .unwrap()
            .into_iter()
            .find(|r| r.key == one)
            .unwrap()
    };
    let before = row(&engine).state.unwrap();
    assert_ne!(row(&engine).due_in_days, Some(5));
    let due = engine.bulk(&chosen, Bulk::DueIn(5), &clock).unwrap();
    assert_eq!((due.changed, due.skipped), (1, 2));
    assert_eq!(row(&engine).due_in_days, Some(5));
    // Reset as new, then undo: the earlier state is back.
    let forgot = engine.bulk(&chosen, Bulk::Forget, &clock).unwrap();
    assert_eq!(row(&engine).state.unwrap().phase, Phase::New);
    engine.undo_bulk(forgot.undo).unwrap();
    assert_eq!(row(&engine).due_in_days, Some(5));
    assert_eq!(row(&engine).state.unwrap().reps, 1);
    engine.undo_bulk(due.undo).unwrap();
    assert_eq!(row(&engine).state.unwrap(), before);
}
