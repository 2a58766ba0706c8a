//! Home: one primary action with what waits, each card counted once (learning, to review or
//! new), and the counts the same as the session "Study now" starts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::rc::Rc;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kubestudy::app::{App, Screen};
use kubestudy::study::clock::FixedClock;

const CARDS: &str = r#"    cards: [
        (id: "one", front: "Which component stores cluster state?", answer: Text("etcd")),
        (id: "two", front: "Which port does the API server serve on?", answer: Text("6443")),
        (id: "three", front: "Which agent runs on every node?", answer: Text("the kubelet")),
    ],"#;

fn press(harness: &mut Harness<'static, App>, key: egui::Key) {
    harness.key_press(key);
    harness.run();
}

/// Starts "Study now", checks that the session counts what Home said, and goes back home.
fn session_counts(
    harness: &mut Harness<'static, App>,
    left: usize,
    new: usize,
    learning: usize,
    review: usize,
) {
    common::ui::click_button(harness, "Study now");
    harness.run();
    harness.get_by_label(&format!("0 answered \u{b7} {left} left today"));
    harness.get_by_label(&format!(
        "{new} new \u{b7} {learning} learning \u{b7} {review} review"
    ));
    press(harness, egui::Key::Escape);
    assert!(matches!(harness.state().screen(), Screen::Home));
}

#[test]
fn home_counts_each_card_once_and_as_the_session_does() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    let clock = Rc::new(FixedClock::new(common::ui::NOW, 0));
    let mut harness = common::ui::app_with_clock(library, home.path(), Rc::clone(&clock));
    harness.run();
    harness.get_by_label("cards to study now");
    harness.get_by_label("0 learning \u{b7} 0 to review \u{b7} 3 new");

    // "one" Again (a learning step due in a minute), "two" Easy (a review in some days).
    press(&mut harness, egui::Key::Enter);
    press(&mut harness, egui::Key::Space);
    press(&mut harness, egui::Key::Num1);
    press(&mut harness, egui::Key::Space);
    press(&mut harness, egui::Key::Num4);
    press(&mut harness, egui::Key::Escape); // the summary
    press(&mut harness, egui::Key::Escape); // home
    assert!(matches!(harness.state().screen(), Screen::Home));
    // The learning card is counted as learning only, not also as due.
    harness.get_by_label("1 learning \u{b7} 0 to review \u{b7} 1 new");
    session_counts(&mut harness, 2, 1, 1, 0);

    // Sixty days on, "two" is due for review and "one" still waits in learning.
    clock.advance_secs(60 * 86_400);
    harness
        .get_by_role_and_label(Role::Button, "Glossary")
        .click();
    harness.run();
    press(&mut harness, egui::Key::Escape);
    harness.get_by_label("1 learning \u{b7} 1 to review \u{b7} 1 new");
    session_counts(&mut harness, 3, 1, 1, 1);
}

#[test]
fn a_first_visit_says_how_to_start_and_enter_studies() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness.get_by_label_contains("New here?");
    harness.get_by_role_and_label(Role::Button, "Study now");
    press(&mut harness, egui::Key::Enter);
    assert!(matches!(harness.state().screen(), Screen::Review(_)));
}

#[test]
fn with_nothing_due_study_now_is_off_and_home_says_so() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    press(&mut harness, egui::Key::Enter);
    for _ in 0..3 {
        press(&mut harness, egui::Key::Space);
        press(&mut harness, egui::Key::Num4); // Easy: each graduates at once.
    }
    harness.get_by_label("Session finished");
    press(&mut harness, egui::Key::Enter);
    harness.get_by_label("Nothing is due today. Well done.");
    let study = harness.get_by_role_and_label(Role::Button, "Study now");
    assert!(study.accesskit_node().is_disabled());
    press(&mut harness, egui::Key::Enter);
    assert!(matches!(harness.state().screen(), Screen::Home));
}
