//! Flag, suspend, bury, undo and card info on the review screen, by keys and buttons.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kubestudy::app::{App, Screen};
use kubestudy::progress::Flag;

const CARDS: &str = r#"    cards: [
        (id: "one", front: "Which component stores cluster state?", answer: Text("etcd")),
        (id: "two", front: "Which port does the API server serve on by default?", answer: Text("6443")),
    ],"#;

fn session() -> (tempfile::TempDir, common::PackDir, Harness<'static, App>) {
    common::ui::review_session(CARDS)
}

fn showing(harness: &Harness<'static, App>) -> Option<String> {
    match harness.state().screen() {
        Screen::Review(session) => session.shown().map(|s| s.entry.key.item.clone()),
        _ => panic!("not reviewing"),
    }
}

fn flag_of(harness: &Harness<'static, App>, item: &str) -> Option<Flag> {
    common::ui::marks_of(harness, item).flag
}

fn suspended(harness: &Harness<'static, App>, item: &str) -> bool {
    common::ui::marks_of(harness, item).suspended
}

#[test]
fn ctrl_number_flags_the_card_and_ctrl_z_unflags_it() {
    let (_home, _pack, mut harness) = session();
    let first = showing(&harness).unwrap();
    let red = |h: &Harness<'static, App>| {
        h.get_by_role_and_label(Role::CheckBox, "red flag")
            .accesskit_node()
            .toggled()
    };
    assert_eq!(red(&harness), Some(egui::accesskit::Toggled::False));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num1);
    harness.run();
    assert_eq!(flag_of(&harness, &first), Some(Flag::Red));
    assert_eq!(red(&harness), Some(egui::accesskit::Toggled::True));
    // Ctrl+1 picked no option and graded nothing.
    assert_eq!(
        harness
            .state()
            .engine()
            .unwrap()
            .store()
            .review_count()
            .unwrap(),
        0
    );
    // The blue flag by its button.
    harness
        .get_by_role_and_label(Role::CheckBox, "blue flag")
        .click();
    harness.run();
    assert_eq!(flag_of(&harness, &first), Some(Flag::Blue));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(flag_of(&harness, &first), Some(Flag::Red));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(flag_of(&harness, &first), None);
}

#[test]
fn at_suspends_minus_buries_and_undo_brings_each_card_back() {
    let (_home, _pack, mut harness) = session();
    let first = showing(&harness).unwrap();
    harness.event(egui::Event::Text("@".to_owned()));
    harness.run();
    assert!(suspended(&harness, &first));
    let second = showing(&harness).unwrap();
    assert_ne!(first, second, "the suspended card left");
    harness.get_by_label_contains("Suspended: it comes back only when unsuspended");
    harness.key_press(egui::Key::Minus);
    harness.run();
    assert_eq!(showing(&harness), None, "both gone: the session is over");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(showing(&harness).as_deref(), Some(second.as_str()));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(showing(&harness).as_deref(), Some(first.as_str()));
    assert!(!suspended(&harness, &first));
    // The Suspend button does what @ does.
    common::ui::click_button(&mut harness, "Suspend");
    harness.run();
    assert!(suspended(&harness, &first));
    // Home says what is set aside; the count opens those cards in the browser, where they are
    // unsuspended.
    common::ui::click_button(&mut harness, "Home");
    harness.run();
    harness.get_by_label("Set aside:");
    harness
        .get_by_role_and_label(Role::Link, "1 suspended")
        .click();
    harness.run();
    let Screen::Browser(state) = harness.state().screen() else {
        panic!("the count opened no browser");
    };
    assert_eq!(state.browser.query, "is:suspended");
    assert_eq!(state.browser.len(), 1);
    assert_eq!(state.browser.row(0).unwrap().key.item, first);
    common::ui::click_button(&mut harness, "Select all");
    harness.run();
    common::ui::click_button(&mut harness, "Unsuspend");
    harness.run();
    assert!(!suspended(&harness, &first));
}

#[test]
fn i_opens_card_info_with_the_answers_and_memory_and_esc_closes_it() {
    let (_home, _pack, mut harness) = session();
    let first = showing(&harness).unwrap();
    // Answer it Again, so it has a history and comes back.
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.key_press(egui::Key::Num1);
    harness.run();
    // On the second card, nothing answered yet.
    harness.key_press(egui::Key::I);
    harness.run();
    harness.get_by_label("Card info");
    harness.get_by_label("Not answered yet.");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Card info").is_none());
    assert!(
        matches!(harness.state().screen(), Screen::Review(_)),
        "Esc closed only the window"
    );
    // Answer the second, then the first is back: its info lists the Again.
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.key_press(egui::Key::Num3);
    harness.run();
    assert_eq!(showing(&harness).as_deref(), Some(first.as_str()));
    common::ui::click_button(&mut harness, "Info");
    harness.run();
    harness.get_by_label("Stability");
    harness.get_by_label("Again");
    harness.get_by_label("review");
    harness.get_by_label("1 (0 lapses)");
}

#[test]
fn a_card_suspended_in_review_stays_out_of_the_cram() {
    let (_home, _pack, mut harness) = session();
    let first = showing(&harness).unwrap();
    harness.event(egui::Event::Text("@".to_owned()));
    harness.run();
    assert!(suspended(&harness, &first));
    common::ui::click_button(&mut harness, "Home");
    harness.run();
    start_cram(&mut harness);
    let Screen::Cram(state) = harness.state().screen() else {
        panic!("not cramming")
    };
    assert_eq!(state.cram.progress().1, 1, "only the card not suspended");
    let current = state.cram.current(state.cram.started).unwrap();
    assert_ne!(current.key.item, first);
}

/// Home → exam week → a practice cram of 20 items.
fn start_cram(harness: &mut Harness<'static, App>) {
    harness.key_press(egui::Key::E);
    harness.run();
    for radio in [
        "20 items",
        "is practice only (your schedule stays as it is)",
    ] {
        harness
            .get_by_role_and_label(Role::RadioButton, radio)
            .scroll_to_me();
        harness.run();
        harness
            .get_by_role_and_label(Role::RadioButton, radio)
            .click();
        harness.run();
    }
    common::ui::click_button(harness, "Start cram");
    harness.run();
}

fn cramming(harness: &Harness<'static, App>) -> Option<String> {
    let Screen::Cram(state) = harness.state().screen() else {
        panic!("not cramming")
    };
    state
        .cram
        .current(state.cram.started)
        .map(|item| item.key.item.clone())
}

#[test]
fn in_the_cram_the_same_keys_flag_suspend_and_undo() {
    let (pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    start_cram(&mut harness);
    let first = cramming(&harness).unwrap();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num3);
    harness.run();
    assert_eq!(flag_of(&harness, &first), Some(Flag::Green));
    harness.get_by_role_and_label(Role::CheckBox, "green flag");
    // @ suspends: the item leaves the cram, the other shows.
    harness.event(egui::Event::Text("@".to_owned()));
    harness.run();
    assert!(suspended(&harness, &first));
    harness.get_by_label_contains("Suspended: out of this cram");
    let second = cramming(&harness).unwrap();
    assert_ne!(second, first);
    // I opens its card info; Esc closes only the window.
    harness.key_press(egui::Key::I);
    harness.run();
    harness.get_by_label("Card info");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Card info").is_none());
    assert_eq!(cramming(&harness), Some(second));
    // Ctrl+Z: the suspension is taken back and the item shows again; again: the flag.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(!suspended(&harness, &first));
    assert_eq!(cramming(&harness), Some(first.clone()));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(flag_of(&harness, &first), None);
    // E edits the card: the cram asks it in the new words at once.
    harness.key_press(egui::Key::E);
    harness.run();
    common::ui::set_field(
        &mut harness,
        Role::MultilineTextInput,
        "Question",
        "In my own words?",
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    let Screen::Cram(state) = harness.state().screen() else {
        panic!("the edit left the cram")
    };
    let item = state.cram.current(state.cram.started).unwrap();
    assert_eq!(
        (item.key.item.as_str(), item.prompt.as_str()),
        (first.as_str(), "In my own words?")
    );
    drop(pack);
}

#[test]
fn a_card_forgotten_past_the_setting_becomes_a_leech_that_home_opens_in_the_browser() {
    let (pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    // One lapse makes a leech here, so the test need not forget a card eight times.
    std::fs::write(home.path().join("settings.ron"), "(leech_lapses: 1)").unwrap();
    let clock = std::rc::Rc::new(kubestudy::study::clock::FixedClock::new(
        kubestudy::study::clock::Timestamp(1_795_341_600_000),
        0,
    ));
    let mut harness = common::ui::app_with_clock(library, home.path(), std::rc::Rc::clone(&clock));
    harness.run();
    common::ui::click_button(&mut harness, "Study now");
    harness.run();
    // Both known at once (Easy): they leave learning for days.
    for _ in 0..2 {
        harness.key_press(egui::Key::Space);
        harness.run();
        harness.key_press(egui::Key::Num4);
        harness.run();
    }
    assert_eq!(showing(&harness), None);
    // A month later both are due; the first is forgotten.
    clock.advance_secs(30 * 24 * 3600);
    common::ui::click_button(&mut harness, "Home");
    harness.run();
    common::ui::click_button(&mut harness, "Study now");
    harness.run();
    let forgotten = showing(&harness).unwrap();
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.key_press(egui::Key::Num1);
    harness.run();
    harness.get_by_label_contains("it is now a leech");
    assert_eq!(
        common::ui::marks_of(&harness, &forgotten).leech,
        kubestudy::progress::Leech::Marked
    );
    assert!(!suspended(&harness, &forgotten), "marked, not suspended");
    common::ui::click_button(&mut harness, "Home");
    harness.run();
    harness.get_by_role_and_label(Role::Link, "1 leech").click();
    harness.run();
    let Screen::Browser(state) = harness.state().screen() else {
        panic!("not browsing");
    };
    let listed: Vec<String> = state
        .browser
        .listed()
        .map(|item| item.key.item.clone())
        .collect();
    assert_eq!(listed, [forgotten]);
    drop(pack);
}
