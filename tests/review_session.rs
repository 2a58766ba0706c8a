//! The flashcard review session without a window: reveal, rate, Again comes back, multiple choice
//! graded automatically, undo, summary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::sync::Arc;

use kubestudy::modes::review::ReviewSession;
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
    let pack = common::PackDir::with_manifest(CARDS);
    let report = load(&PackSource::Dir(pack.path().to_owned()));
    assert!(
        report.problems.is_empty(),
        "{}",
        common::render(&report.problems)
    );
    let library = Arc::new(Library::from_reports(&[report]));
    let home = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(Timestamp(1_795_341_600_000), 0);
    let mut engine = Engine::new(Store::open(home.path()).unwrap(), Settings::default()).unwrap();
    engine.sync_library(&library, &clock).unwrap();
    (home, pack, library, engine, clock)
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
