//! Custom study as a learner finds it: more new cards than today's limit and reviews due ahead
//! from home's Custom study menu; a cram over a browser search with "Study these".
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubestudy::app::{App, Screen};

const CARDS: &str = r#"    cards: [
        (id: "one", front: "Which component stores cluster state?", answer: Text("etcd"), tags: ["storage"]),
        (id: "two", front: "Which port does the API server serve on?", answer: Text("6443")),
        (id: "three", front: "Which agent runs on every node?", answer: Text("the kubelet"), tags: ["storage"]),
    ],"#;

/// The app over the three cards with one new card a day.
fn app() -> (tempfile::TempDir, common::PackDir, Harness<'static, App>) {
    let (pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("settings.ron"), "(new_per_day: 1)").unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    (home, pack, harness)
}

fn session_size(harness: &Harness<'static, App>) -> usize {
    match harness.state().screen() {
        Screen::Review(session) => session.progress().1,
        _ => panic!("not reviewing"),
    }
}

fn choose(harness: &mut Harness<'static, App>, menu: &str, entry: &str) {
    common::ui::click_button(harness, menu);
    harness.run();
    harness.get_by_role_and_label(Role::Button, entry).click();
    harness.run();
}

#[test]
fn more_new_cards_today_goes_past_the_daily_limit() {
    let (_home, _pack, mut harness) = app();
    harness.get_by_label_contains("1 new");
    choose(&mut harness, "Custom study", "10 more new cards today");
    assert_eq!(
        session_size(&harness),
        3,
        "the day's one new card and two more"
    );
}

#[test]
fn study_ahead_shows_reviews_due_in_the_next_days() {
    let (_home, _pack, mut harness) = app();
    // Answer the day's one new card Easy: it graduates, due days from now.
    common::ui::click_button(&mut harness, "Study now");
    harness.run();
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.key_press(egui::Key::Num4);
    harness.run();
    assert_eq!(session_size(&harness), 1);
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    // Nothing is left today: the card is due in days, and the day's new card is spent.
    harness.get_by_label("Nothing is due today. Well done.");
    choose(
        &mut harness,
        "Custom study",
        "Study ahead: reviews due within 7 days",
    );
    let Screen::Review(session) = harness.state().screen() else {
        panic!("not reviewing");
    };
    let shown = session.shown().expect("the card due ahead shows");
    assert_eq!(
        shown.entry.state.phase,
        kubestudy::study::schedule::Phase::Review
    );
}

#[test]
fn study_these_crams_what_a_browser_search_lists() {
    let (_home, _pack, mut harness) = app();
    harness.key_press(egui::Key::B);
    harness.run();
    harness.key_press(egui::Key::Slash);
    harness.run();
    common::ui::set_field(&mut harness, Role::TextInput, "Search", "tag:storage");
    choose(
        &mut harness,
        "Study these",
        "Practice only: the schedule stays as it is",
    );
    let Screen::Cram(state) = harness.state().screen() else {
        panic!("Study these started no cram");
    };
    assert_eq!(state.cram.progress().1, 2);
    let first = state
        .cram
        .current(state.cram.started)
        .unwrap()
        .key
        .item
        .clone();
    assert!(["one", "three"].contains(&first.as_str()), "{first}");
}
