//! The card browser as a learner uses it: B on home, search, sort by a heading, select rows,
//! suspend and unsuspend, flag, undo, card info and editing a card from the table.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubestudy::app::{App, Screen};
use kubestudy::progress::Flag;

const CONTENT: &str = r#"    glossary: [
        (id: "etcd", term: "etcd", definition: "The key-value store that holds the cluster's state."),
    ],
    cards: [
        (id: "one", front: "Which component stores cluster state?", answer: Text("etcd"), tags: ["storage"]),
        (id: "two", front: "Which port does the API server serve on?", answer: Text("6443")),
    ],"#;

fn browsing() -> (tempfile::TempDir, common::PackDir, Harness<'static, App>) {
    let (pack, library) = common::ui::library(CONTENT);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness.key_press(egui::Key::B);
    harness.run();
    assert!(
        matches!(harness.state().screen(), Screen::Browser(_)),
        "B opened no browser"
    );
    (home, pack, harness)
}

fn listed(harness: &Harness<'static, App>) -> Vec<String> {
    let Screen::Browser(state) = harness.state().screen() else {
        panic!("not browsing");
    };
    (0..state.browser.len())
        .map(|p| state.browser.row(p).unwrap().key.item.clone())
        .collect()
}

fn search(harness: &mut Harness<'static, App>, query: &str) {
    harness.key_press(egui::Key::Slash);
    harness.run();
    common::ui::set_field(harness, Role::TextInput, "Search", query);
}

fn suspended(harness: &Harness<'static, App>, item: &str) -> bool {
    common::ui::marks_of(harness, item).suspended
}

#[test]
fn search_sort_select_suspend_and_undo() {
    let (_home, _pack, mut harness) = browsing();
    harness.get_by_label("3 of 3 items");
    harness.get_by_role_and_label(Role::Button, "Which port does the API server serve on?");
    search(&mut harness, "kind:card");
    harness.get_by_label("2 of 3 items");
    // Sorting by the question heading, then the other way.
    harness.get_by_label_contains("Question or name").click();
    harness.run();
    assert_eq!(listed(&harness), ["one", "two"]);
    harness.get_by_label_contains("Question or name").click();
    harness.run();
    assert_eq!(listed(&harness), ["two", "one"]);

    // Click a row, Suspend: it is suspended, and `is:suspended` finds it.
    harness
        .get_by_role_and_label(Role::Button, "Which component stores cluster state?")
        .click();
    harness.run();
    harness.get_by_label("1 selected");
    common::ui::click_button(&mut harness, "Suspend");
    harness.run();
    assert!(suspended(&harness, "one"));
    assert!(!suspended(&harness, "two"));
    harness.get_by_label_contains("Suspended 1 item");
    search(&mut harness, "is:suspended");
    assert_eq!(listed(&harness), ["one"]);
    // Unsuspend by the button; then Ctrl+Z (outside the search box) puts the suspension back.
    common::ui::click_button(&mut harness, "Unsuspend");
    harness.run();
    assert!(!suspended(&harness, "one"));
    common::ui::click_button(&mut harness, "Undo");
    harness.run();
    assert!(suspended(&harness, "one"));
}

#[test]
fn a_search_that_cannot_be_read_says_where() {
    let (_home, _pack, mut harness) = browsing();
    search(&mut harness, "prop:lapses>>3");
    harness.get_by_label_contains("This search cannot be read at character");
    harness.get_by_label("3 of 3 items");
}

#[test]
fn select_all_then_flag_by_key_and_esc_goes_home() {
    let (_home, _pack, mut harness) = browsing();
    common::ui::click_button(&mut harness, "Select all");
    harness.run();
    harness.get_by_label("3 selected");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    harness.run();
    for item in ["one", "two", "etcd"] {
        assert_eq!(
            common::ui::marks_of(&harness, item).flag,
            Some(Flag::Orange),
            "{item}"
        );
    }
    // Esc in the search box leaves the box; the next Esc goes home.
    search(&mut harness, "flag:2");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(matches!(harness.state().screen(), Screen::Browser(_)));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(matches!(harness.state().screen(), Screen::Home));
    harness.get_by_label_contains("3 flagged");
}

#[test]
fn card_info_and_edit_from_a_row() {
    let (_home, _pack, mut harness) = browsing();
    harness
        .get_by_role_and_label(Role::Button, "Which port does the API server serve on?")
        .click();
    harness.run();
    harness.key_press(egui::Key::I);
    harness.run();
    harness.get_by_label("Card info");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        matches!(harness.state().screen(), Screen::Browser(_)),
        "Esc closed more than the info"
    );
    harness.key_press(egui::Key::E);
    harness.run();
    common::ui::set_field(
        &mut harness,
        Role::MultilineTextInput,
        "Question",
        "On which port does kube-apiserver listen by default?",
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    assert!(harness.state().editing().is_none());
    harness.get_by_role_and_label(
        Role::Button,
        "On which port does kube-apiserver listen by default?",
    );
    search(&mut harness, "is:edited");
    assert_eq!(listed(&harness), ["two"]);
}

#[test]
fn an_edit_of_a_card_that_left_its_pack_stays_listed_until_dropped() {
    let (home, pack, mut harness) = browsing();
    harness
        .get_by_role_and_label(Role::Button, "Which port does the API server serve on?")
        .click();
    harness.run();
    harness.key_press(egui::Key::E);
    harness.run();
    common::ui::set_field(
        &mut harness,
        Role::MultilineTextInput,
        "Explanation",
        "My own note.",
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    drop(harness);
    // The next version of the pack no longer has the card.
    pack.write(
        "pack.ron",
        &format!(
            "{}{}\n)\n",
            common::MANIFEST_HEAD,
            CONTENT.replace(
                "        (id: \"two\", front: \"Which port does the API server serve on?\", answer: Text(\"6443\")),\n",
                ""
            )
        ),
    );
    let mut harness = common::ui::app_from_folder(pack.path(), home.path());
    harness.run();
    harness.key_press(egui::Key::B);
    harness.run();
    search(&mut harness, "is:edited");
    assert_eq!(listed(&harness), ["two"]);
    harness.get_by_label("gone");
    common::ui::click_button(&mut harness, "Select all");
    harness.run();
    common::ui::click_button(&mut harness, "Drop edits");
    harness.run();
    let overrides = |h: &Harness<'static, App>| {
        h.state()
            .engine()
            .unwrap()
            .store()
            .overrides()
            .unwrap()
            .len()
    };
    assert_eq!(overrides(&harness), 0);
    assert!(listed(&harness).is_empty());
    common::ui::click_button(&mut harness, "Undo");
    harness.run();
    assert_eq!(overrides(&harness), 1, "Undo brings the dropped edit back");
    assert_eq!(listed(&harness), ["two"]);
}

#[test]
fn add_tag_tags_the_selected_cards_as_edits_and_undo_takes_it_off() {
    let (_home, _pack, mut harness) = browsing();
    common::ui::click_button(&mut harness, "Select all");
    harness.run();
    common::ui::set_field(&mut harness, Role::TextInput, "Tag", "week-1");
    common::ui::click_button(&mut harness, "Add tag");
    harness.run();
    harness.get_by_label_contains("Tagged 2 cards `week-1`; 1 left as they were");
    search(&mut harness, "tag:week-1");
    assert_eq!(listed(&harness), ["one", "two"]);
    // A tag that is not kebab-case is refused with the reason.
    common::ui::set_field(&mut harness, Role::TextInput, "Tag", "Week 1");
    common::ui::click_button(&mut harness, "Select all");
    harness.run();
    common::ui::click_button(&mut harness, "Add tag");
    harness.run();
    harness.get_by_label_contains("cannot be a tag");
    common::ui::click_button(&mut harness, "Undo");
    harness.run();
    search(&mut harness, "tag:week-1");
    assert!(listed(&harness).is_empty(), "{:?}", listed(&harness));
}

#[test]
fn minus_buries_the_selected_cards_until_tomorrow_and_ctrl_z_unburies_them() {
    let (_home, _pack, mut harness) = browsing();
    harness
        .get_by_role_and_label(Role::Button, "Which component stores cluster state?")
        .click();
    harness.run();
    harness.key_press(egui::Key::Minus);
    harness.run();
    harness.get_by_label_contains("Buried 1 item until tomorrow");
    assert!(common::ui::marks_of(&harness, "one").buried.is_some());
    assert!(common::ui::marks_of(&harness, "two").buried.is_none());
    search(&mut harness, "is:buried");
    assert_eq!(listed(&harness), ["one"]);
    // The button says what it will do for the selection: this one is buried.
    common::ui::click_button(&mut harness, "Unbury");
    harness.run();
    assert!(common::ui::marks_of(&harness, "one").buried.is_none());
    common::ui::click_button(&mut harness, "Undo");
    harness.run();
    assert!(common::ui::marks_of(&harness, "one").buried.is_some());
}
