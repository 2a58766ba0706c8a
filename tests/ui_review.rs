//! The review screen driven like a person would: keys and buttons, found by label and role.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kubestudy::app::{App, Screen};
use kubestudy::modes::review::Shown;

const CARDS: &str = r#"    cards: [
        (id: "one", front: "Which component stores cluster state?", answer: Text("etcd")),
        (id: "two", front: "Which port does the API server serve on by default?", answer: Text("6443"), distractors: ["80", "8080", "10250"]),
    ],"#;

const NUMBERS: [egui::Key; 9] = [
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
    egui::Key::Num9,
];

use common::ui::review_session as session;

/// The card showing.
fn shown(harness: &Harness<'static, App>) -> Shown {
    match harness.state().screen() {
        Screen::Review(session) => session.shown().expect("a card").clone(),
        _ => panic!("not reviewing"),
    }
}

/// The grade buttons showing, by name (their labels also carry the interval: "Good\n3d").
fn grades(harness: &Harness<'static, App>) -> Vec<String> {
    harness
        .query_all_by_role(Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .filter_map(|l| {
            let name = l.split('\n').next().unwrap_or_default().to_owned();
            ["Again", "Hard", "Good", "Easy"]
                .contains(&name.as_str())
                .then_some(name)
        })
        .collect()
}

fn click_grade(harness: &mut Harness<'static, App>, name: &str) {
    let node = harness
        .query_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.split('\n').next() == Some(name))
        })
        .unwrap_or_else(|| panic!("no {name} button"));
    node.click();
    harness.run();
}

/// Every rating logged for `item`, 1-4.
fn ratings(harness: &Harness<'static, App>, item: &str) -> Vec<u8> {
    let history = harness
        .state()
        .engine()
        .unwrap()
        .store()
        .review_history()
        .unwrap();
    history
        .into_iter()
        .find(|(key, _)| key.item == item)
        .map(|(_, answers)| answers.into_iter().map(|(_, r)| r).collect())
        .unwrap_or_default()
}

fn press(harness: &mut Harness<'static, App>, key: egui::Key) {
    harness.key_press(key);
    harness.run();
}

#[test]
fn a_whole_review_session_by_keys_and_buttons() {
    let (_home, _pack, mut harness) = session(CARDS);
    harness.get_by_label("Which component stores cluster state?");
    assert!(
        harness.query_by_label("etcd").is_none(),
        "answer hidden before reveal"
    );
    press(&mut harness, egui::Key::Space);
    harness.get_by_label("etcd");
    // Each grade button carries its next interval.
    harness.get_by_role_and_label(Role::Button, "Again\n1m");
    harness.get_by_role_and_label(Role::Button, "Hard\n6m");
    press(&mut harness, egui::Key::Num1); // Again
    assert_eq!(ratings(&harness, "one"), [1]);

    // The multiple-choice card: pick the right option by its number key.
    harness.get_by_label("Which port does the API server serve on by default?");
    let right = shown(&harness)
        .options
        .iter()
        .position(|o| o == "6443")
        .unwrap();
    harness.get_by_label(&format!("{}. 6443", right + 1));
    press(&mut harness, NUMBERS[right]);
    harness.get_by_label("Right");
    assert_eq!(grades(&harness), ["Again", "Hard", "Good", "Easy"]);
    click_grade(&mut harness, "Good");
    assert_eq!(ratings(&harness, "two"), [3]);

    // Undo (Ctrl+Z) brings the multiple-choice card back.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    harness.get_by_label("Which port does the API server serve on by default?");
    assert!(ratings(&harness, "two").is_empty());

    // Answer everything with the buttons until the session ends.
    for _ in 0..10 {
        if harness.query_by_label("Session finished").is_some() {
            break;
        }
        if let Some(show) = harness.query_by_role_and_label(Role::Button, "Show answer") {
            show.click();
            harness.run();
        }
        click_grade(&mut harness, "Easy");
    }
    harness.get_by_label("Session finished");
    harness.get_by_label("answers");
    common::ui::click_button(&mut harness, "Back home");
    harness.run();
    assert!(matches!(harness.state().screen(), Screen::Home));
    harness.get_by_role_and_label(Role::Button, "Study now");
}

#[test]
fn term_chips_show_only_with_the_answer() {
    let cards = r#"    glossary: [(id: "etcd", term: "etcd", definition: "The key-value store of cluster state.")],
    cards: [(id: "one", front: "Which component stores cluster state?", answer: Text("the store"), terms: ["etcd"])],"#;
    let (_home, _pack, mut harness) = session(cards);
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "etcd")
            .is_none(),
        "a chip naming the answer before it is shown"
    );
    press(&mut harness, egui::Key::Space);
    harness.get_by_role_and_label(Role::Button, "etcd");
}

#[test]
fn a_wrong_pick_shows_the_one_outcome_and_space_goes_on() {
    let (_home, _pack, mut harness) = session(CARDS);
    press(&mut harness, egui::Key::Space);
    press(&mut harness, egui::Key::Num4); // Easy: "one" graduates, "two" shows.
    let wrong = shown(&harness)
        .options
        .iter()
        .position(|o| o == "8080")
        .unwrap();
    press(&mut harness, NUMBERS[wrong]);
    harness.get_by_label("Not quite: this counts as Again");
    assert_eq!(
        grades(&harness),
        ["Again"],
        "no Hard/Good/Easy that would record Again"
    );
    harness.get_by_role_and_label(Role::Button, "Again\n1m");
    // Grade keys do nothing here; Space (or Enter) records the one outcome.
    press(&mut harness, egui::Key::Num3);
    assert!(ratings(&harness, "two").is_empty());
    assert_eq!(shown(&harness).card.id.as_str(), "two");
    press(&mut harness, egui::Key::Enter);
    assert_eq!(ratings(&harness, "two"), [1]);
}

#[test]
fn a_right_pick_suggests_good_and_space_records_it() {
    let (_home, _pack, mut harness) = session(CARDS);
    press(&mut harness, egui::Key::Space);
    press(&mut harness, egui::Key::Num4);
    let right = shown(&harness)
        .options
        .iter()
        .position(|o| o == "6443")
        .unwrap();
    press(&mut harness, NUMBERS[right]);
    harness.get_by_label("1-4 to grade \u{b7} Space or Enter: Good");
    press(&mut harness, egui::Key::Space);
    assert_eq!(ratings(&harness, "two"), [3]);
}

#[test]
fn pick_all_says_how_many_and_checks_on_space() {
    let cards = r#"    cards: [(id: "set", front: "Which roles can a Raft member have?", answer: Set(["Leader", "Follower", "Candidate"]), distractors: ["Observer", "Arbiter"])],"#;
    let (_home, _pack, mut harness) = session(cards);
    harness.get_by_label_contains("Pick all that apply (3)");
    let card = shown(&harness);
    for (i, option) in card.options.iter().enumerate() {
        if card.card.answer.parts().contains(option) {
            press(&mut harness, NUMBERS[i]);
        }
    }
    assert!(
        !shown(&harness).revealed,
        "picking one of several does not check"
    );
    harness.get_by_role_and_label(Role::Button, "Check");
    press(&mut harness, egui::Key::Space);
    harness.get_by_label("Right");
    press(&mut harness, egui::Key::Num4);
    assert_eq!(ratings(&harness, "set"), [4]);
}

#[test]
fn a_pick_all_missing_one_shows_it_and_records_again() {
    let cards = r#"    cards: [(id: "set", front: "Which roles can a Raft member have?", answer: Set(["Leader", "Follower", "Candidate"]), distractors: ["Observer", "Arbiter"])],"#;
    let (_home, _pack, mut harness) = session(cards);
    let options = shown(&harness).options;
    let at = |name: &str| options.iter().position(|o| o == name).unwrap();
    press(&mut harness, NUMBERS[at("Leader")]);
    press(&mut harness, NUMBERS[at("Observer")]);
    press(&mut harness, egui::Key::Enter);
    harness.get_by_label("Not quite: this counts as Again");
    harness.get_by_label(&format!("{}. Leader \u{2714}", at("Leader") + 1));
    harness.get_by_label(&format!("{}. Observer \u{2718}", at("Observer") + 1));
    harness.get_by_label(&format!(
        "{}. Follower \u{2714} not picked",
        at("Follower") + 1
    ));
    harness.get_by_label(&format!("{}. Arbiter", at("Arbiter") + 1));
    assert_eq!(grades(&harness), ["Again"]);
    press(&mut harness, egui::Key::Space);
    assert_eq!(ratings(&harness, "set"), [1]);
}

#[test]
fn backticks_in_options_render_as_code_not_as_backticks() {
    let cards = r#"    cards: [(id: "cmd", front: "Which command lists Pods?", answer: Text("`kubectl get pods`"), distractors: ["`kubectl top`", "`kubectl logs`"])],"#;
    let (_home, _pack, mut harness) = session(cards);
    let right = shown(&harness)
        .options
        .iter()
        .position(|o| o == "`kubectl get pods`")
        .unwrap();
    harness.get_by_label(&format!("{}. kubectl get pods", right + 1));
    assert!(harness.query_by_label_contains("`").is_none());
    press(&mut harness, NUMBERS[right]);
    harness.get_by_label(&format!("{}. kubectl get pods \u{2714}", right + 1));
}

const STEPS: &str = r#"    cards: [(id: "steps", front: "In what order does kube-scheduler place a Pod?", answer: Ordered(["Filtering", "Scoring", "Binding", "Assume"]))],"#;

#[test]
fn steps_are_arranged_with_the_keys_then_checked() {
    let (_home, _pack, mut harness) = session(STEPS);
    harness.get_by_label_contains("Put the steps in order");
    let card = shown(&harness);
    assert_ne!(card.order, [0, 1, 2, 3], "the steps start shuffled");
    // Selection sort by keys: select the step that belongs at `target`, lift it with Alt+Up.
    for target in 0..4 {
        let order = shown(&harness).order;
        let at = order.iter().position(|&s| s == target).unwrap();
        press(&mut harness, NUMBERS[at]);
        assert_eq!(shown(&harness).selected, Some(at));
        for _ in target..at {
            harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowUp);
            harness.run();
        }
    }
    assert_eq!(shown(&harness).order, [0, 1, 2, 3]);
    harness.get_by_role_and_label(Role::Button, "Check order");
    press(&mut harness, egui::Key::Enter);
    harness.get_by_label("4 of 4 steps in the right place");
    harness.get_by_label("1. Filtering \u{2714}");
    harness.get_by_label("1-4 to grade \u{b7} Space or Enter: Good");
    press(&mut harness, egui::Key::Space);
    assert_eq!(ratings(&harness, "steps"), [3]);
}

#[test]
fn a_wrong_order_shows_each_place_and_suggests_again() {
    let (_home, _pack, mut harness) = session(STEPS);
    // Put the steps in reverse: every step at the top in turn.
    for target in [3, 2, 1, 0] {
        let order = shown(&harness).order;
        let at = order.iter().position(|&s| s == target).unwrap();
        press(&mut harness, NUMBERS[at]);
        for _ in 0..at {
            harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowUp);
            harness.run();
        }
    }
    assert_eq!(
        shown(&harness).order,
        [0, 1, 2, 3],
        "built from the top down"
    );
    // Unselect the top step (its number again), then move the last step to the top with the
    // arrows: Up selects the last, Alt+Up lifts it.
    press(&mut harness, NUMBERS[0]);
    assert_eq!(shown(&harness).selected, None);
    press(&mut harness, egui::Key::ArrowUp);
    assert_eq!(shown(&harness).selected, Some(3));
    for _ in 0..3 {
        harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowUp);
        harness.run();
    }
    let order = shown(&harness).order;
    assert_eq!(order[0], 3);
    press(&mut harness, egui::Key::Space);
    // One step moved: three steps out of place, one move fixes it, so Hard is suggested.
    harness.get_by_label("0 of 4 steps in the right place");
    harness.get_by_label("1. Assume \u{2718} step 4");
    harness.get_by_label("1-4 to grade \u{b7} Space or Enter: Hard");
    harness.get_by_label("The right order");
    assert_eq!(grades(&harness), ["Again", "Hard", "Good", "Easy"]);
    press(&mut harness, egui::Key::Num1);
    assert_eq!(ratings(&harness, "steps"), [1]);
}

#[test]
fn a_step_can_be_dragged_to_its_place() {
    let (_home, _pack, mut harness) = session(STEPS);
    let order = shown(&harness).order;
    let first = order[0];
    let text = ["Filtering", "Scoring", "Binding", "Assume"][first];
    let from = harness.get_by_label(&format!("1. {text}")).rect().center();
    let last_text = ["Filtering", "Scoring", "Binding", "Assume"][order[3]];
    let to = harness
        .get_by_label(&format!("4. {last_text}"))
        .rect()
        .center();
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for step in 1..=8 {
        let t = step as f32 / 8.0;
        harness.hover_at(from + (to - from) * t);
        harness.run();
    }
    harness.drop_at(to);
    harness.run();
    let moved = shown(&harness).order;
    assert_eq!(
        moved[3], first,
        "dragged from the top to the bottom: {moved:?}"
    );
}

#[test]
fn a_set_without_options_is_ticked_after_it_shows() {
    let cards = r#"    cards: [(id: "uses", front: "What can you do with etcdctl?", answer: Set(["Put and get keys", "Check health", "Manage members", "Take snapshots"]))],"#;
    let (_home, _pack, mut harness) = session(cards);
    assert!(harness.query_by_label_contains("Check health").is_none());
    harness.get_by_role_and_label(Role::Button, "Show answer");
    press(&mut harness, egui::Key::Space);
    harness.get_by_label_contains("Tick each item you recalled");
    press(&mut harness, egui::Key::Num1);
    harness.get_by_label("3. Manage members").click();
    harness.run();
    assert_eq!(shown(&harness).picked, [0, 2]);
    assert!(
        grades(&harness).is_empty(),
        "no grades before the ticks are done"
    );
    common::ui::click_button(&mut harness, "Done ticking");
    harness.run();
    harness.get_by_label("2 of 4 recalled");
    harness.get_by_label("1-4 to grade \u{b7} Space or Enter: Hard");
    press(&mut harness, egui::Key::Enter);
    assert_eq!(ratings(&harness, "uses"), [2]);
}

#[test]
fn the_counter_says_what_it_counts() {
    let (_home, _pack, mut harness) = session(CARDS);
    harness.get_by_label("0 answered \u{b7} 2 left today");
    harness.get_by_label("2 new \u{b7} 0 learning \u{b7} 0 review");
    press(&mut harness, egui::Key::Space);
    press(&mut harness, egui::Key::Num1); // Again: the card comes back.
    harness.get_by_label("1 answered \u{b7} 2 left today");
    harness.get_by_label("1 new \u{b7} 1 learning \u{b7} 0 review");
}

#[test]
fn esc_mid_session_shows_the_summary_then_home() {
    let (_home, _pack, mut harness) = session(CARDS);
    press(&mut harness, egui::Key::Space);
    press(&mut harness, egui::Key::Num3);
    press(&mut harness, egui::Key::Escape);
    harness.get_by_label("Session finished");
    harness.get_by_label("Ended early: 2 cards left for later today");
    // Good on a new card: its next learning step.
    harness.get_by_label("The first of these cards comes back in 10m.");
    assert_eq!(
        harness.query_all_by_label("0:00").count(),
        1,
        "the time tile, and no running clock on the summary"
    );
    press(&mut harness, egui::Key::Escape);
    assert!(matches!(harness.state().screen(), Screen::Home));

    // With nothing answered, Esc goes straight home.
    common::ui::click_button(&mut harness, "Study now");
    harness.run();
    press(&mut harness, egui::Key::Escape);
    assert!(matches!(harness.state().screen(), Screen::Home));
}

#[test]
fn undo_on_the_summary_brings_the_last_card_back() {
    let (_home, _pack, mut harness) = session(CARDS);
    press(&mut harness, egui::Key::Space);
    press(&mut harness, egui::Key::Num3);
    press(&mut harness, egui::Key::Escape);
    harness.get_by_label("Session finished");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    harness.get_by_label("Which component stores cluster state?");
    assert!(ratings(&harness, "one").is_empty());
}

#[test]
fn the_store_error_screen_says_what_is_wrong() {
    let (_pack, library) = common::ui::library(CARDS);
    let mut harness = common::ui::app_with_store_error(
        library,
        "/home/me/progress.sqlite3 is damaged (file is not a database)",
    );
    harness.run();
    harness.get_by_label("Your progress cannot be opened");
    harness.get_by_label_contains("progress.sqlite3 is damaged");
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Study now")
            .is_none()
    );
}
