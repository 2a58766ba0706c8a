//! Flag, suspend and bury during review, undo of each, and leeches: without a window.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::sync::Arc;

use kubestudy::modes::review::{Mark, ReviewSession};
use kubestudy::pack::Library;
use kubestudy::progress::settings::Settings;
use kubestudy::progress::{Flag, ItemKey, Leech, Marks};
use kubestudy::study::Engine;
use kubestudy::study::clock::FixedClock;
use kubestudy::study::schedule::Rating;

const CARDS: &str = r#"    cards: [
        (id: "one", front: "First?", answer: Text("1")),
        (id: "two", front: "Second?", answer: Text("2")),
        (id: "three", front: "Third?", answer: Text("3")),
    ],"#;

fn setup(
    settings: Settings,
) -> (
    tempfile::TempDir,
    common::PackDir,
    Arc<Library>,
    Engine,
    FixedClock,
) {
    common::engine_on(CARDS, settings)
}

fn showing(session: &ReviewSession) -> Option<String> {
    session.shown().map(|s| s.entry.key.item.clone())
}

#[test]
fn a_flag_toggles_stays_on_the_card_and_undo_takes_it_off() {
    let (_home, _pack, library, mut engine, clock) = setup(Settings::default());
    let mut session = ReviewSession::start(&engine, library, &[], &clock).unwrap();
    let first = showing(&session).unwrap();
    let key = ItemKey::new(common::PACK_ID, &first);
    session
        .mark(&mut engine, Mark::Flag(Flag::Red), &clock)
        .unwrap();
    assert_eq!(session.marks().flag, Some(Flag::Red));
    assert_eq!(engine.marks(&key).unwrap().flag, Some(Flag::Red));
    assert_eq!(
        showing(&session).as_deref(),
        Some(first.as_str()),
        "the card stays"
    );
    session
        .mark(&mut engine, Mark::Flag(Flag::Blue), &clock)
        .unwrap();
    assert_eq!(engine.marks(&key).unwrap().flag, Some(Flag::Blue));
    session
        .mark(&mut engine, Mark::Flag(Flag::Blue), &clock)
        .unwrap();
    assert_eq!(
        engine.marks(&key).unwrap().flag,
        None,
        "the same flag again unflags"
    );
    // Three undos: back to blue, to red, to none.
    for expected in [Some(Flag::Blue), Some(Flag::Red), None] {
        assert!(session.undo(&mut engine, &clock).unwrap());
        assert_eq!(engine.marks(&key).unwrap().flag, expected);
        assert_eq!(session.marks().flag, expected);
    }
}

#[test]
fn a_suspended_card_leaves_today_and_every_later_day_until_undone() {
    let (_home, _pack, library, mut engine, clock) = setup(Settings::default());
    let mut session = ReviewSession::start(&engine, Arc::clone(&library), &[], &clock).unwrap();
    assert_eq!(session.progress(), (0, 3));
    let first = showing(&session).unwrap();
    session.mark(&mut engine, Mark::Suspend, &clock).unwrap();
    assert_ne!(showing(&session).as_deref(), Some(first.as_str()));
    assert_eq!(session.progress(), (0, 2));
    assert!(session.notice().unwrap().contains("Suspended"));
    // Undo brings it back, showing, and unsuspended in the store.
    assert!(session.undo(&mut engine, &clock).unwrap());
    assert_eq!(showing(&session).as_deref(), Some(first.as_str()));
    assert_eq!(session.progress(), (0, 3));
    assert!(
        !engine
            .marks(&ItemKey::new(common::PACK_ID, &first))
            .unwrap()
            .suspended
    );
    // Suspended again: not in a new session, nor a week later.
    session.mark(&mut engine, Mark::Suspend, &clock).unwrap();
    clock.advance_secs(7 * 86_400);
    let later = ReviewSession::start(&engine, library, &[], &clock).unwrap();
    assert_eq!(later.progress(), (0, 2));
    assert_ne!(showing(&later).as_deref(), Some(first.as_str()));
}

#[test]
fn a_buried_card_comes_back_the_next_study_day_and_not_before() {
    let (_home, _pack, library, mut engine, clock) = setup(Settings::default());
    let mut session = ReviewSession::start(&engine, Arc::clone(&library), &[], &clock).unwrap();
    let first = showing(&session).unwrap();
    let key = ItemKey::new(common::PACK_ID, &first);
    session.mark(&mut engine, Mark::Bury, &clock).unwrap();
    assert!(engine.marks(&key).unwrap().buried.is_some());
    let again = ReviewSession::start(&engine, Arc::clone(&library), &[], &clock).unwrap();
    assert_eq!(again.progress(), (0, 2), "still buried today");
    clock.advance_secs(86_400);
    let tomorrow = ReviewSession::start(&engine, library, &[], &clock).unwrap();
    assert_eq!(tomorrow.progress(), (0, 3), "back the next day");
    assert_eq!(engine.marks(&key).unwrap(), Marks::default());
}

#[test]
fn undo_takes_back_answers_and_marks_in_the_order_they_were_made() {
    let (_home, _pack, library, mut engine, clock) = setup(Settings::default());
    let mut session = ReviewSession::start(&engine, library, &[], &clock).unwrap();
    let first = showing(&session).unwrap();
    session.reveal();
    session.answer(&mut engine, Rating::Good, &clock).unwrap();
    let second = showing(&session).unwrap();
    session.mark(&mut engine, Mark::Bury, &clock).unwrap();
    assert_eq!(engine.store().review_count().unwrap(), 1);
    // First undo: the burial (the second card shows again); second: the answer.
    assert!(session.undo(&mut engine, &clock).unwrap());
    assert_eq!(showing(&session).as_deref(), Some(second.as_str()));
    assert_eq!(engine.store().review_count().unwrap(), 1);
    assert!(session.undo(&mut engine, &clock).unwrap());
    assert_eq!(showing(&session).as_deref(), Some(first.as_str()));
    assert_eq!(engine.store().review_count().unwrap(), 0);
    assert!(
        !session.undo(&mut engine, &clock).unwrap(),
        "nothing left to undo"
    );
}

/// Answers `item` Good until it graduates, then forgets it `lapses` times (each Again, then
/// Good through relearning, a day or more later each time).
fn lapse(engine: &mut Engine, clock: &FixedClock, item: &str, lapses: u32) {
    use kubestudy::progress::ItemKind;
    let key = ItemKey::new(common::PACK_ID, item);
    let good = |engine: &mut Engine| {
        engine
            .answer(&key, ItemKind::Card, Rating::Good, "review", 1000, clock)
            .unwrap()
    };
    while engine.state(&key).unwrap().phase != kubestudy::study::schedule::Phase::Review {
        good(engine);
        clock.advance_secs(600);
    }
    for _ in 0..lapses {
        clock.advance_secs(86_400 * 2);
        engine
            .answer(&key, ItemKind::Card, Rating::Again, "review", 1000, clock)
            .unwrap();
        clock.advance_secs(600);
        good(engine);
    }
}

#[test]
fn the_eighth_lapse_makes_a_leech_and_undo_takes_the_mark_back() {
    let (_home, _pack, _library, mut engine, clock) = setup(Settings::default());
    let key = ItemKey::new(common::PACK_ID, "one");
    lapse(&mut engine, &clock, "one", 7);
    assert_eq!(engine.state(&key).unwrap().lapses, 7);
    assert_eq!(engine.marks(&key).unwrap().leech, Leech::No);
    clock.advance_secs(86_400 * 2);
    engine
        .answer(
            &key,
            kubestudy::progress::ItemKind::Card,
            Rating::Again,
            "review",
            1000,
            &clock,
        )
        .unwrap();
    assert_eq!(
        engine.new_leech().map(|(k, l)| (k.clone(), *l)),
        Some((key.clone(), Leech::Marked))
    );
    let marks = engine.marks(&key).unwrap();
    assert_eq!(marks.leech, Leech::Marked);
    assert!(!marks.suspended, "by default a leech is only marked");
    assert_eq!(engine.store().mark_counts().unwrap().leeches, 1);
    engine.undo().unwrap().unwrap();
    assert_eq!(engine.marks(&key).unwrap(), Marks::default());
}

#[test]
fn a_leech_is_suspended_when_the_settings_say_so_and_leaves_the_session() {
    let settings = Settings {
        leech_lapses: 2,
        suspend_leeches: true,
        ..Settings::default()
    };
    let (_home, _pack, library, mut engine, clock) = setup(settings);
    lapse(&mut engine, &clock, "one", 1);
    clock.advance_secs(86_400 * 40);
    let key = ItemKey::new(common::PACK_ID, "one");
    let mut session = ReviewSession::start(&engine, library, &[], &clock).unwrap();
    // Answer Again on "one" whenever it shows, Good on the others, until the session ends.
    let mut guard = 0;
    while let Some(item) = showing(&session) {
        guard += 1;
        assert!(guard < 20, "the session does not end");
        session.reveal();
        let rating = if item == "one" {
            Rating::Again
        } else {
            Rating::Good
        };
        session.answer(&mut engine, rating, &clock).unwrap();
        if item == "one" {
            assert!(session.notice().unwrap().contains("leech"));
            assert!(
                session.shown().is_none_or(|s| s.entry.key != key),
                "it left"
            );
        }
        clock.advance_secs(700);
    }
    let marks = engine.marks(&key).unwrap();
    assert_eq!(marks.leech, Leech::Suspended);
    assert!(marks.suspended);
}

#[test]
fn card_info_lists_each_answer_with_the_interval_it_gave_and_the_forgetting_curve() {
    use kubestudy::progress::ItemKind;
    let (_home, _pack, _library, mut engine, clock) = setup(Settings::default());
    let key = ItemKey::new(common::PACK_ID, "two");
    let fresh = engine.card_info(&key, &clock).unwrap();
    assert!(fresh.answers.is_empty() && fresh.curve.is_empty() && fresh.recall_now.is_none());
    let mut intervals = Vec::new();
    for rating in [Rating::Good, Rating::Good, Rating::Again, Rating::Good] {
        let after = engine
            .answer(&key, ItemKind::Card, rating, "review", 2500, &clock)
            .unwrap();
        intervals.push(after.interval_days);
        clock.advance_secs(i64::from(after.interval_days.max(1)) * 86_400);
    }
    engine
        .set_marks(
            &key,
            ItemKind::Card,
            Marks {
                flag: Some(Flag::Green),
                ..Marks::default()
            },
        )
        .unwrap();
    let info = engine.card_info(&key, &clock).unwrap();
    let ratings: Vec<Rating> = info.answers.iter().map(|a| a.rating).collect();
    assert_eq!(
        ratings,
        [Rating::Good, Rating::Good, Rating::Again, Rating::Good]
    );
    let given: Vec<u32> = info.answers.iter().map(|a| a.interval_days).collect();
    assert_eq!(
        given, intervals,
        "each answer's interval is the one it gave"
    );
    assert!(
        info.answers
            .iter()
            .all(|a| a.mode == "review" && a.duration_ms == 2500)
    );
    assert!(
        info.answers.windows(2).all(|w| w[0].time < w[1].time),
        "oldest first"
    );
    assert_eq!(info.state.lapses, 1);
    assert_eq!(info.marks.flag, Some(Flag::Green));
    let recall = info.recall_now.unwrap();
    assert!(recall > 0.0 && recall < 1.0, "{recall}");
    // The curve starts at 100 % at the last answer and only falls, past the due date.
    assert!((info.curve[0].1 - 1.0).abs() < 1e-6);
    assert!(
        info.curve
            .windows(2)
            .all(|w| w[1].1 <= w[0].1 && w[1].0 > w[0].0)
    );
    assert!(info.curve.last().unwrap().0 > info.due_after_days);
}

#[test]
fn undoing_an_answer_that_was_not_the_lapse_keeps_the_leech_mark() {
    let settings = Settings {
        leech_lapses: 1,
        ..Settings::default()
    };
    let (_home, _pack, _library, mut engine, clock) = setup(settings);
    let key = ItemKey::new(common::PACK_ID, "one");
    lapse(&mut engine, &clock, "one", 1);
    assert_eq!(engine.marks(&key).unwrap().leech, Leech::Marked);
    // Leeches turned off since: still, only the lapse that made one takes its mark back.
    engine.set_settings(Settings {
        leech_lapses: 0,
        ..Settings::default()
    });
    // The last answer was the Good after the lapse: undoing it leaves the leech a leech.
    engine.undo().unwrap().unwrap();
    assert_eq!(engine.marks(&key).unwrap().leech, Leech::Marked);
    // Undoing the Again itself takes the mark back.
    engine.undo().unwrap().unwrap();
    assert_eq!(engine.marks(&key).unwrap().leech, Leech::No);
}
