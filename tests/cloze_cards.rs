//! Cloze and reversed cards in the pack format, and siblings in review: a cloze card is one item
//! per deletion number, a reversed card two, and review shows one card of a family a day.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use kubestudy::modes::review::ReviewSession;
use kubestudy::pack::Answer;
use kubestudy::progress::settings::Settings;
use kubestudy::study::schedule::Rating;

const CARDS: &str = r#"    cards: [
        (id: "pod-net", front: "Containers of a Pod share a {{c1::network namespace}} and reach each other on {{c2::localhost::a host name}}.",
         answer: Cloze),
        (id: "default-type", front: "The Service type you get when you name none",
         answer: Text("ClusterIP"), reverse: true),
        (id: "alone", front: "Which component stores the cluster's state?", answer: Text("etcd")),
        (id: "same-a", front: "What does a Deployment manage directly?", answer: Text("ReplicaSets")),
        (id: "same-b", front: "Which object keeps a Deployment's Pods running?",
         answer: Text("its ReplicaSet"), siblings: ["same-a"]),
        (id: "same-c", front: "A Deployment's rollout makes a new what?",
         answer: Text("ReplicaSet"), siblings: ["same-b"]),
    ],"#;

fn ids(cards: &[kubestudy::pack::Card]) -> Vec<&str> {
    cards.iter().map(|c| c.id.as_str()).collect()
}

#[test]
fn cloze_and_reversed_cards_are_asked_as_their_own_items() {
    let (_pack, library) = common::ui::library(CARDS);
    let pack = &library.packs()[0];
    assert_eq!(
        ids(&pack.cards),
        [
            "pod-net/c1",
            "pod-net/c2",
            "default-type",
            "default-type/reverse",
            "alone",
            "same-a",
            "same-b",
            "same-c"
        ]
    );
    let c1 = &pack.cards[0];
    assert_eq!(
        c1.front,
        "Containers of a Pod share a […] and reach each other on localhost."
    );
    assert_eq!(c1.answer, Answer::Text("network namespace".into()));
    assert_eq!(
        pack.cards[1].front,
        "Containers of a Pod share a network namespace and reach each other on [a host name]."
    );
    let reverse = &pack.cards[3];
    assert_eq!(reverse.front, "ClusterIP");
    assert_eq!(
        reverse.answer,
        Answer::Text("The Service type you get when you name none".into())
    );
}

#[test]
fn broken_cloze_markup_and_bad_links_are_placed() {
    let pack = common::PackDir::with_manifest(
        r#"    cards: [
        (id: "open", front: "A {{c1::Pod", answer: Cloze),
        (id: "none", front: "No deletion here", answer: Cloze),
        (id: "with-options", front: "A {{c1::Pod}}", answer: Cloze, distractors: ["x"]),
        (id: "read-off", front: "A {{c1::Pod}} is a Pod", answer: Cloze),
        (id: "set-back", front: "Two?", answer: Set(["a", "b"]), reverse: true),
        (id: "lonely", front: "Q?", answer: Text("a"), siblings: ["lonely", "nowhere"]),
    ],"#,
    );
    let report = pack.load();
    common::expect_problem(&report, "pack.ron", (11, 29), "open", "not closed");
    common::expect_problem(&report, "pack.ron", (12, 29), "none", "has none");
    common::expect_problem(
        &report,
        "pack.ron",
        (13, 82),
        "with-options",
        "no distractors",
    );
    common::expect_problem(&report, "pack.ron", (14, 33), "read-off", "shows elsewhere");
    common::expect_problem(
        &report,
        "pack.ron",
        (15, 75),
        "set-back",
        "needs a Text answer",
    );
    common::expect_problem(&report, "pack.ron", (16, 67), "lonely", "its own sibling");
    common::expect_problem(&report, "pack.ron", (16, 77), "lonely", "not a card");
    // A card whose markup does not read is not asked at all.
    let loaded = report.pack.unwrap();
    assert!(!ids(&loaded.cards).iter().any(|id| id.starts_with("open")));
}

#[test]
fn review_shows_one_card_of_a_family_a_day() {
    let (_home, _pack, library, mut engine, clock) = common::engine_on(CARDS, Settings::default());
    let mut session = ReviewSession::start(&engine, library.clone(), &[], &clock).unwrap();
    // Eight items, three families (same-c joins same-a through same-b): one of each, and the
    // card with none.
    assert_eq!(session.progress(), (0, 4));
    let first = session.shown().unwrap().card.id.as_str().to_owned();
    assert_eq!(first, "pod-net/c1");

    let mut seen = Vec::new();
    while let Some(shown) = session.shown() {
        seen.push(shown.card.id.as_str().to_owned());
        session.reveal();
        session.answer(&mut engine, Rating::Easy, &clock).unwrap();
    }
    assert_eq!(seen, ["pod-net/c1", "default-type", "alone", "same-a"]);

    // The same day again: the families answered today wait.
    let again = ReviewSession::start(&engine, library.clone(), &[], &clock).unwrap();
    assert!(
        again.shown().is_none(),
        "{:?}",
        again.shown().map(|s| &s.card.id)
    );

    // The next day, the siblings' turn (the cards answered Easy are not due yet).
    clock.advance_secs(24 * 3600);
    let mut next = ReviewSession::start(&engine, library.clone(), &[], &clock).unwrap();
    let mut seen = Vec::new();
    while let Some(shown) = next.shown() {
        seen.push(shown.card.id.as_str().to_owned());
        next.reveal();
        next.answer(&mut engine, Rating::Easy, &clock).unwrap();
    }
    assert_eq!(seen, ["pod-net/c2", "default-type/reverse", "same-b"]);
    clock.advance_secs(24 * 3600);
    let mut third = ReviewSession::start(&engine, library, &[], &clock).unwrap();
    assert_eq!(third.shown().unwrap().card.id.as_str(), "same-c");
    third.reveal();
    third.answer(&mut engine, Rating::Easy, &clock).unwrap();
    assert!(third.shown().is_none());
}
