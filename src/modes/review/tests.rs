//! The review session's answering rules: tasks, shuffles, order and recall checks, outcomes.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use super::question::{
    Outcome, Shown, Task, moves_to_fix, order_grade, recall_grade, shown_card, shuffled_order,
    task_of,
};
use crate::pack::{Answer, Card, ItemId};
use crate::progress::ItemKey;
use crate::study::clock::Timestamp;
use crate::study::queue::{Entry, Reason};
use crate::study::schedule::{ItemState, Rating};

fn card(answer: Answer, distractors: &[&str]) -> Card {
    Card {
        id: ItemId("c".to_owned()),
        front: "Q?".to_owned(),
        answer,
        distractors: distractors.iter().map(|d| (*d).to_owned()).collect(),
        explanation: None,
        terms: Vec::new(),
        tags: Vec::new(),
        competencies: Vec::new(),
        source: None,
        reverse: false,
        siblings: Vec::new(),
        image: None,
        answer_image: None,
    }
}

fn words(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn shown(card: Card) -> Shown {
    let entry = Entry {
        key: ItemKey::new("p", "c"),
        state: ItemState::new_item(),
        reason: Reason::New,
    };
    shown_card(entry, card, Timestamp(0))
}

#[test]
fn each_answer_kind_is_asked_its_own_way() {
    let cases = [
        (card(Answer::Text("a".into()), &[]), Task::Recall),
        (card(Answer::Text("a".into()), &["b"]), Task::PickOne),
        (
            card(Answer::Set(words(&["a", "b", "c"])), &["d"]),
            Task::PickAll { right: 3 },
        ),
        (
            card(Answer::Set(words(&["a", "b"])), &[]),
            Task::TickRecalled,
        ),
        (card(Answer::Set(words(&["a"])), &[]), Task::Recall),
        (
            card(Answer::Ordered(words(&["a", "b"])), &["x"]),
            Task::Arrange,
        ),
        (card(Answer::Ordered(words(&["a"])), &[]), Task::Recall),
    ];
    for (card, task) in cases {
        assert_eq!(task_of(&card), task, "{:?}", card.answer);
        let shown = shown(card);
        assert_eq!(shown.task, task);
        let options = matches!(task, Task::PickOne | Task::PickAll { .. });
        assert_eq!(!shown.options.is_empty(), options, "{task:?}");
        assert_eq!(!shown.order.is_empty(), task == Task::Arrange, "{task:?}");
    }
}

#[test]
fn shuffles_are_permutations_fixed_by_the_seed_and_never_already_right() {
    for n in 0..9 {
        let mut seen = std::collections::BTreeSet::new();
        for seed in 0..200 {
            let order = shuffled_order(n, seed);
            assert_eq!(order, shuffled_order(n, seed), "same seed, same order");
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..n).collect::<Vec<_>>(), "a permutation of {n}");
            if n >= 2 {
                assert!(
                    order.iter().enumerate().any(|(at, &i)| at != i),
                    "n={n} seed={seed} came out in the right order"
                );
            }
            seen.insert(order);
        }
        if n >= 3 {
            assert!(seen.len() > 3, "n={n}: only {} orders", seen.len());
        }
    }
}

#[test]
fn moves_to_fix_an_order() {
    let parts = words(&["a", "b", "c", "d", "e"]);
    let cases: [(&[usize], usize); 6] = [
        (&[0, 1, 2, 3, 4], 0),
        (&[1, 0, 2, 3, 4], 1),
        (&[4, 0, 1, 2, 3], 1),
        (&[1, 2, 3, 4, 0], 1),
        (&[4, 3, 2, 1, 0], 4),
        (&[1, 0, 3, 2, 4], 2),
    ];
    for (order, moves) in cases {
        assert_eq!(moves_to_fix(&parts, order), moves, "{order:?}");
    }
    // Two equal steps swapped are still in order.
    let twice = words(&["a", "x", "x"]);
    assert_eq!(moves_to_fix(&twice, &[0, 2, 1]), 0);
    assert_eq!(order_grade(&twice, &[0, 2, 1]), Rating::Good);
}

#[test]
fn an_order_suggests_a_grade() {
    let three = words(&["a", "b", "c"]);
    let two = words(&["a", "b"]);
    let cases: [(&[String], &[usize], Rating); 6] = [
        (&three, &[0, 1, 2], Rating::Good),
        (&three, &[1, 0, 2], Rating::Hard),
        (&three, &[2, 0, 1], Rating::Hard),
        (&three, &[2, 1, 0], Rating::Again),
        (&two, &[0, 1], Rating::Good),
        (&two, &[1, 0], Rating::Again),
    ];
    for (parts, order, rating) in cases {
        assert_eq!(order_grade(parts, order), rating, "{parts:?} {order:?}");
    }
}

#[test]
fn a_recalled_set_suggests_a_grade() {
    let cases = [
        (4, 4, Rating::Good),
        (3, 4, Rating::Hard),
        (2, 4, Rating::Hard),
        (1, 4, Rating::Again),
        (0, 4, Rating::Again),
        (1, 3, Rating::Again),
        (2, 3, Rating::Hard),
    ];
    for (recalled, total, rating) in cases {
        assert_eq!(
            recall_grade(recalled, total),
            rating,
            "{recalled} of {total}"
        );
    }
}

#[test]
fn outcomes_follow_what_was_answered() {
    // A wrong pick has one outcome; a right pick suggests Good and can be graded.
    let mut pick = shown(card(Answer::Text("a".into()), &["b", "c"]));
    assert_eq!(pick.outcome(), None, "nothing before the answer");
    let wrong = pick.options.iter().position(|o| o == "b").unwrap();
    pick.picked = vec![wrong];
    pick.revealed = true;
    pick.checked = true;
    assert_eq!(pick.outcome(), Some(Outcome::Fixed(Rating::Again)));
    let right = pick.options.iter().position(|o| o == "a").unwrap();
    pick.picked = vec![right];
    assert_eq!(
        pick.outcome(),
        Some(Outcome::Grade {
            suggested: Rating::Good
        })
    );

    // Steps: checked in the shuffled order, then in the right one.
    let mut steps = shown(card(Answer::Ordered(words(&["a", "b", "c", "d"])), &[]));
    steps.revealed = true;
    steps.checked = true;
    let wrong_places = steps.in_place().iter().filter(|ok| !**ok).count();
    assert!(wrong_places > 0);
    assert_ne!(steps.outcome().unwrap().go_on(), Rating::Good);
    steps.order = vec![0, 1, 2, 3];
    assert_eq!(steps.in_place(), vec![true; 4]);
    assert_eq!(steps.outcome().unwrap().go_on(), Rating::Good);

    // A recalled set: the ticks decide.
    let mut set = shown(card(Answer::Set(words(&["a", "b", "c", "d"])), &[]));
    set.revealed = true;
    assert_eq!(set.outcome(), None, "shown, not yet ticked");
    set.checked = true;
    assert_eq!(set.outcome().unwrap().go_on(), Rating::Again);
    set.picked = vec![0, 2];
    assert_eq!(set.outcome().unwrap().go_on(), Rating::Hard);
}
