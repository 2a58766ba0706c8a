//! The flashcard review session without a window: reveal, rate, Again comes back, multiple choice
//! graded automatically, undo, summary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::sync::Arc;

use kubestudy::modes::review::{Outcome, ReviewSession};
use kubestudy::pack::{Library, PackSource, load};
use kubestudy::progress::Store;
use kubestudy::progress::settings::Settings;
use kubestudy::study::Engine;
use kubestudy::study::clock::{FixedClock, Timestamp};
use kubestudy::study::schedule::Rating;

const CARDS: &str = r#"    cards: [
        (id: "one", front: "First?", answer: Text("1")),
        (id: "two", front: "Second?", answer: Text("2"), distractors: ["3", "4", "5"]),
        (id: "three", front: "Third?", answer: Set(["a", "b"]), distractors: ["c"]),
    ],"#;

fn setup() -> (
    tempfile::TempDir,
    common::PackDir,
    Arc<Library>,
    Engine,
    FixedClock,
) {
    common::engine_on(CARDS, Settings::default())
}

#[test]
fn a_whole_session_with_again_and_undo() {
    let (_home, _pack, library, mut engine, clock) = setup();
    let mut session = ReviewSession::start(&engine, library, &[], &clock).unwrap();
    assert_eq!(session.progress(), (0, 3));
    let shown = session.shown().expect("a card");
    assert_eq!((shown.card.id.as_str(), shown.revealed), ("one", false));

    session.reveal();
    assert!(session.shown().unwrap().revealed);
    clock.advance_secs(4);
    session.answer(&mut engine, Rating::Again, &clock).unwrap();
    assert_eq!(
        session.progress(),
        (1, 4),
        "Again brings the card back in this session"
    );

    // Multiple choice, one right answer: picking reveals and grades it.
    let shown = session.shown().unwrap();
    assert_eq!(shown.card.id.as_str(), "two");
    assert_eq!(shown.options.len(), 4);
    let wrong = shown.options.iter().position(|o| o == "4").unwrap();
    session.pick(wrong);
    assert_eq!(session.picked_right(), Some(false));
    session.answer(&mut engine, Rating::Good, &clock).unwrap();
    assert_eq!(
        session.summary().correct,
        0,
        "a wrong pick is rated Again whatever was pressed"
    );

    // Undo brings card two back, unanswered.
    assert!(session.undo(&mut engine, &clock).unwrap());
    let shown = session.shown().unwrap();
    assert_eq!((shown.card.id.as_str(), shown.picked.len()), ("two", 0));
    let right = shown.options.iter().position(|o| o == "2").unwrap();
    session.pick(right);
    assert_eq!(session.picked_right(), Some(true));
    session.answer(&mut engine, Rating::Good, &clock).unwrap();

    // A set answer: pick both right options, then reveal.
    let shown = session.shown().unwrap();
    assert_eq!(shown.card.id.as_str(), "three");
    let (a, b) = (
        shown.options.iter().position(|o| o == "a").unwrap(),
        shown.options.iter().position(|o| o == "b").unwrap(),
    );
    session.pick(a);
    session.pick(b);
    assert!(!session.shown().unwrap().revealed);
    session.reveal();
    assert_eq!(session.picked_right(), Some(true));
    session.answer(&mut engine, Rating::Easy, &clock).unwrap();

    // Cards still in learning steps come back until they graduate: two (new, Good -> step 2),
    // then one (Again, Good -> step 2); answering Good on step 2 graduates each.
    let mut order = Vec::new();
    while let Some(shown) = session.shown() {
        order.push(shown.card.id.as_str().to_owned());
        let right: Vec<usize> = shown
            .options
            .iter()
            .enumerate()
            .filter(|(_, o)| shown.card.answer.parts().contains(o))
            .map(|(i, _)| i)
            .collect();
        for i in right {
            session.pick(i);
        }
        session.reveal();
        session.answer(&mut engine, Rating::Good, &clock).unwrap();
    }
    assert_eq!(order, ["one", "two", "one"]);
    assert!(session.shown().is_none());
    let summary = session.summary();
    assert_eq!((summary.answered, summary.correct), (6, 5));
    assert!(summary.next_due.is_some());
    assert_eq!(engine.store().review_count().unwrap(), 6);
}

#[test]
fn what_is_left_is_counted_by_reason_and_kept_when_ending_early() {
    let (_home, _pack, library, mut engine, clock) = setup();
    let mut session = ReviewSession::start(&engine, library, &[], &clock).unwrap();
    let left = session.left();
    assert_eq!((left.new, left.learning, left.review), (3, 0, 0));
    session.reveal();
    session.answer(&mut engine, Rating::Again, &clock).unwrap();
    let left = session.left();
    assert_eq!(
        (left.new, left.learning, left.review),
        (2, 1, 0),
        "the card answered Again waits as learning"
    );
    assert_eq!(left.total() + session.progress().0, session.progress().1);

    session.end();
    assert!(session.shown().is_none(), "the summary shows");
    assert_eq!(session.summary().left, 3);
    assert_eq!(session.summary().answered, 1);
    // Undo from the summary brings the card back and clears "left for later".
    assert!(session.undo(&mut engine, &clock).unwrap());
    assert_eq!(session.shown().unwrap().card.id.as_str(), "one");
    assert_eq!(session.summary().left, 0);
}

#[test]
fn ordered_steps_are_arranged_checked_and_graded() {
    let pack = common::PackDir::with_manifest(
        r#"    cards: [(id: "steps", front: "Order?", answer: Ordered(["a", "b", "c"]))],"#,
    );
    let report = load(&PackSource::Dir(pack.path().to_owned()));
    let library = Arc::new(Library::from_reports(&[report]));
    let home = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(Timestamp(1_795_341_600_000), 0);
    let mut engine = Engine::new(Store::open(home.path()).unwrap(), Settings::default()).unwrap();
    engine.sync_library(&library, &clock).unwrap();
    let mut session = ReviewSession::start(&engine, library, &[], &clock).unwrap();
    let order = session.shown().unwrap().order.clone();
    assert_ne!(order, [0, 1, 2]);
    // Moving does nothing once checked, and nothing past the end.
    for target in 0..3 {
        let at = session
            .shown()
            .unwrap()
            .order
            .iter()
            .position(|&s| s == target)
            .unwrap();
        session.move_step(at, target);
    }
    session.move_step(7, 0);
    assert_eq!(session.shown().unwrap().order, [0, 1, 2]);
    assert_eq!(session.outcome(), None, "no outcome before the check");
    session.reveal();
    session.move_step(0, 2);
    assert_eq!(session.shown().unwrap().order, [0, 1, 2], "checked: fixed");
    assert_eq!(
        session.outcome(),
        Some(Outcome::Grade {
            suggested: Rating::Good
        })
    );
    session.answer(&mut engine, Rating::Good, &clock).unwrap();
    assert_eq!(session.summary().correct, 1);
    // It comes back (a learning step) in a new shuffled order.
    let again = session.shown().unwrap();
    assert_eq!(again.card.id.as_str(), "steps");
    assert_ne!(again.order, [0, 1, 2]);
}
