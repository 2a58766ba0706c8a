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
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    assert!(harness.state().editing().is_none(), "the form stayed open");
    harness.get_by_label_contains("Added to My cards");
    harness.get_by_label("My cards");
    // Studied like any pack's card.
    harness
        .get_by_role_and_label(Role::Button, "Study My cards")
        .click();
    harness.run();
    let Screen::Review(session) = harness.state().screen() else {
        panic!("not reviewing");
    };
    let shown = session.shown().unwrap();
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
