//! Writing your own card (Ctrl+N) as a learner does: the form, its checks, the card landing in
//! a pack of your own that is studied like any other and survives a restart.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kubestudy::app::{App, Screen};

fn fill(harness: &mut Harness<'static, App>, field: &str, text: &str) {
    common::ui::set_field(harness, Role::MultilineTextInput, field, text);
}

/// Adds the card in the form (Ctrl+Enter).
fn add_it(harness: &mut Harness<'static, App>) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    assert!(harness.state().editing().is_none(), "the form stayed open");
}

/// Studies My cards from home; the card showing.
fn study_my_cards(harness: &mut Harness<'static, App>) -> kubestudy::modes::review::Shown {
    // My cards is the last pack line: below the fold of a 700-pixel window, as a learner scrolls.
    harness
        .get_by_role_and_label(Role::Button, "Study My cards")
        .scroll_to_me();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Study My cards")
        .click();
    harness.run();
    let Screen::Review(session) = harness.state().screen() else {
        panic!("not reviewing");
    };
    session.shown().unwrap().clone()
}

#[test]
fn ctrl_n_adds_a_card_to_my_cards_which_is_studied_and_kept() {
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app_with_home_packs(home.path());
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run();
    harness.get_by_label("Add a card");
    // Empty, it cannot be added; typing on home's keys (G, S, Enter) types.
    let add = harness.get_by_role_and_label(Role::Button, "Add card");
    assert!(add.accesskit_node().is_disabled());
    fill(
        &mut harness,
        "Question",
        "Which kubectl flag prints an object without creating it?",
    );
    harness.get_by_label("answer is empty");
    fill(&mut harness, "Answer", "--dry-run=client -o yaml");
    assert!(
        matches!(harness.state().screen(), Screen::Home),
        "typing left home"
    );
    add_it(&mut harness);
    harness.get_by_label_contains("Added to My cards");
    harness.get_by_label("My cards");
    // Studied like any pack's card.
    let shown = study_my_cards(&mut harness);
    assert_eq!(shown.entry.key.pack, "my-cards");
    assert_eq!(
        shown.card.front,
        "Which kubectl flag prints an object without creating it?"
    );
    drop(harness);
    // A new start finds it: it is a pack on disk, with progress like any other.
    let mut harness = common::ui::app_with_home_packs(home.path());
    harness.run();
    harness.get_by_label("My cards");
}

#[test]
fn a_cloze_card_is_written_in_the_form_and_reviewed_one_deletion_at_a_time() {
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app_with_home_packs(home.path());
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Cloze").click();
    harness.run();
    // A cloze card has no answer or wrong options to write: the question holds them.
    assert!(harness.query_by_label("Answer").is_none());
    fill(
        &mut harness,
        "Question",
        "A Pod's containers share {{c1::one IP",
    );
    harness.get_by_label_contains("not closed");
    fill(
        &mut harness,
        "Question",
        "A Service of type {{c1::NodePort}} opens the same port on {{c2::every node::which nodes?}}.",
    );
    // What the two cards will ask, as it is typed.
    harness.get_by_label_contains(
        "c2: A Service of type NodePort opens the same port on [which nodes?].",
    );
    add_it(&mut harness);
    let shown = study_my_cards(&mut harness);
    assert!(
        shown.entry.key.item.ends_with("/c1"),
        "{}",
        shown.entry.key.item
    );
    assert_eq!(
        shown.card.front,
        "A Service of type […] opens the same port on every node."
    );
    harness.get_by_label_contains("A Service of type […] opens");
    // Shown, then rated: its sibling (c2) waits for tomorrow, so the session ends.
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label("NodePort");
    harness.key_press(egui::Key::Num4);
    harness.run();
    let Screen::Review(session) = harness.state().screen() else {
        panic!("not reviewing");
    };
    assert!(
        session.shown().is_none(),
        "a sibling was shown the same day"
    );
    // The card as written stays one cloze card in the pack's file.
    let packs = kubestudy::dirs::AppDirs::resolve(Some(home.path()))
        .unwrap()
        .packs();
    let file = std::fs::read_to_string(packs.join("my-cards/cards.ron")).unwrap();
    assert!(file.contains("answer: Cloze"), "{file}");
    assert!(file.contains("{{c2::every node::which nodes?}}"), "{file}");
}
