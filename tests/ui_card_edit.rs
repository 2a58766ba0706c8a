//! Editing a card during review (E), as a learner does it: the form, its checks, saving, the
//! edit surviving a restart and a pack update, reverting to the pack's text, and undo.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kubestudy::app::{App, Screen};

const CARDS: &str = r#"    cards: [
        (id: "one", front: "Which component stores cluster state?", answer: Text("etcd")),
    ],"#;

const REWORDED: &str = r#"    cards: [
        (id: "one", front: "Where does Kubernetes keep the cluster's state?", answer: Text("etcd")),
    ],"#;

fn front(harness: &Harness<'static, App>) -> Option<String> {
    match harness.state().screen() {
        Screen::Review(session) => session.shown().map(|s| s.card.front.clone()),
        _ => panic!("not reviewing"),
    }
}

/// Opens the form with E and sets its question to `text`.
fn edit_question(harness: &mut Harness<'static, App>, text: &str) {
    harness.key_press(egui::Key::E);
    harness.run();
    assert!(harness.state().editing().is_some(), "E opened no form");
    common::ui::set_field(harness, Role::MultilineTextInput, "Question", text);
}

/// The app on `home` over the pack folder `pack`, reviewing.
fn reopen(pack: &common::PackDir, home: &std::path::Path) -> Harness<'static, App> {
    let mut harness = common::ui::app_from_folder(pack.path(), home);
    harness.run();
    common::ui::click_button(&mut harness, "Study now");
    harness.run();
    harness
}

#[test]
fn an_edit_is_saved_shown_kept_across_a_restart_and_a_pack_update_and_reverted() {
    let (home, pack, mut harness) = common::ui::review_session(CARDS);
    edit_question(
        &mut harness,
        "Which store holds every object of the cluster?",
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    assert!(harness.state().editing().is_none(), "the form stayed open");
    assert_eq!(
        front(&harness).as_deref(),
        Some("Which store holds every object of the cluster?")
    );
    harness.get_by_label("edited");
    harness.get_by_label_contains("Saved your text of this card");
    // Nothing was answered while typing.
    let engine = harness.state().engine().unwrap();
    assert_eq!(engine.store().review_count().unwrap(), 0);
    drop(harness);

    // A new start shows the learner's text.
    let harness = reopen(&pack, home.path());
    assert_eq!(
        front(&harness).as_deref(),
        Some("Which store holds every object of the cluster?")
    );
    drop(harness);

    // The pack's author rewords the card: the learner's text stays, and they are told.
    pack.write(
        "pack.ron",
        &format!("{}{REWORDED}\n)\n", common::MANIFEST_HEAD),
    );
    let mut harness = reopen(&pack, home.path());
    assert_eq!(
        front(&harness).as_deref(),
        Some("Which store holds every object of the cluster?")
    );
    harness.get_by_label("edited \u{b7} pack changed");
    harness.key_press(egui::Key::E);
    harness.run();
    harness.get_by_label("The pack's own text of this card changed since you edited it.");
    harness.get_by_label_contains("Where does Kubernetes keep the cluster's state?");
    common::ui::click_button(&mut harness, "Revert to the pack's text");
    harness.run();
    assert_eq!(
        front(&harness).as_deref(),
        Some("Where does Kubernetes keep the cluster's state?")
    );
    assert!(harness.query_by_label("edited").is_none());
    assert!(
        harness
            .state()
            .engine()
            .unwrap()
            .store()
            .overrides()
            .unwrap()
            .is_empty()
    );

    // Ctrl+Z takes the revert back: the learner's text shows again.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(
        front(&harness).as_deref(),
        Some("Which store holds every object of the cluster?")
    );
    harness.get_by_label("edited \u{b7} pack changed");
}

#[test]
fn a_card_that_breaks_checks_rules_cannot_be_saved_and_esc_leaves_it_as_it_was() {
    let (_home, _pack, mut harness) = common::ui::review_session(CARDS);
    edit_question(&mut harness, "   ");
    harness.get_by_label("front is empty");
    let save = harness.get_by_role_and_label(Role::Button, "Save");
    assert!(save.accesskit_node().is_disabled());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    assert!(
        harness.state().editing().is_some(),
        "a broken card was saved"
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.state().editing().is_none());
    assert!(matches!(harness.state().screen(), Screen::Review(_)));
    assert_eq!(
        front(&harness).as_deref(),
        Some("Which component stores cluster state?")
    );
}

#[test]
fn typing_in_the_form_does_not_answer_or_mark_the_card() {
    let (_home, _pack, mut harness) = common::ui::review_session(CARDS);
    harness.key_press(egui::Key::E);
    harness.run();
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Explanation")
        .focus();
    harness.run();
    // Space, 1-4, @ and - are review keys; in the form they are text.
    for key in [
        egui::Key::Space,
        egui::Key::Num3,
        egui::Key::Minus,
        egui::Key::I,
    ] {
        harness.key_press(key);
        harness.run();
    }
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Explanation")
        .type_text("@ 3 -");
    harness.run();
    assert!(harness.state().editing().is_some());
    let Screen::Review(session) = harness.state().screen() else {
        panic!("left the review");
    };
    let shown = session.shown().unwrap();
    assert!(!shown.revealed, "a key in the form revealed the card");
    let engine = harness.state().engine().unwrap();
    assert_eq!(engine.store().review_count().unwrap(), 0);
    let marks = engine.marks(&shown.entry.key).unwrap();
    assert!(!marks.suspended && marks.buried.is_none());
}

const LINKABLE: &str = r#"    glossary: [
        (id: "etcd", term: "etcd", definition: "The key-value store that holds the cluster's state."),
        (id: "storage-class", term: "StorageClass", definition: "Names a kind of storage that volumes can be provisioned from."),
    ],
    cards: [
        (id: "one", front: "Which object lets a claim get a volume made on demand?", answer: Text("a StorageClass")),
    ],"#;

#[test]
fn the_form_links_glossary_terms_and_exam_competencies_from_pickers() {
    let (_home, _pack, mut harness) = common::ui::review_session(LINKABLE);
    // The pickers sit below the fold of the form: they are reached as a screen reader does.
    harness.key_press(egui::Key::E);
    harness.run();
    harness
        .get_by_label("Glossary terms it tests (0)")
        .click_accesskit();
    harness.run();
    common::ui::set_field(
        &mut harness,
        Role::TextInput,
        "Find glossary terms it tests",
        "stor",
    );
    // Only what matches the filter is offered.
    assert!(harness.query_by_label("+ etcd").is_none());
    harness.get_by_label("+ StorageClass").click_accesskit();
    harness.run();
    harness.get_by_label("Glossary terms it tests (1)");

    harness
        .get_by_label("Exam competencies it teaches (0)")
        .click_accesskit();
    harness.run();
    common::ui::set_field(
        &mut harness,
        Role::TextInput,
        "Find exam competencies it teaches",
        "cka.storage.storageclass",
    );
    harness
        .get_by_label("+ Implement storage classes and dynamic volume provisioning")
        .click_accesskit();
    harness.run();
    harness.get_by_label("Exam competencies it teaches (1)");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    assert!(harness.state().editing().is_none(), "the form stayed open");
    let Screen::Review(session) = harness.state().screen() else {
        panic!("not reviewing");
    };
    let card = &session.shown().unwrap().card;
    assert_eq!(card.terms[0].as_str(), "storage-class");
    assert_eq!(card.competencies, ["cka.storage.storageclass"]);
    // The competency gives the card its exam and domain as tags, as loading a pack does.
    assert!(card.tags.iter().any(|t| t == "cka"), "{:?}", card.tags);
    assert!(
        card.tags.iter().any(|t| t == "cka.storage"),
        "{:?}",
        card.tags
    );
}
