//! The review screen driven like a person would: keys and buttons, found by label and role.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use kubestudy::app::Screen;

const CARDS: &str = r#"    cards: [
        (id: "one", front: "Which component stores cluster state?", answer: Text("etcd")),
        (id: "two", front: "Which port does the API server serve on by default?", answer: Text("6443"), distractors: ["80", "8080", "10250"]),
    ],"#;

#[test]
fn a_whole_review_session_by_keys_and_buttons() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness.get_by_label_contains("New here?");
    harness
        .get_by_role_and_label(Role::Button, "Study now")
        .click();
    harness.run();

    harness.get_by_label("Which component stores cluster state?");
    assert!(
        harness.query_by_label("etcd").is_none(),
        "answer hidden before reveal"
    );
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label("etcd");
    // Each rating button is labelled with its next interval.
    harness.get_by_label("1m");
    harness.get_by_label("10m");
    harness.key_press(egui::Key::Num1); // Again
    harness.run();

    // The multiple-choice card: pick the right option by its number key.
    harness.get_by_label("Which port does the API server serve on by default?");
    let options: Vec<String> = ["80", "8080", "10250", "6443"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let right = (1..=4)
        .find(|n| {
            harness
                .query_by_label_contains(&format!("{n}. 6443"))
                .is_some()
        })
        .unwrap();
    assert_eq!(options.len(), 4);
    harness.key_press(
        [
            egui::Key::Num1,
            egui::Key::Num2,
            egui::Key::Num3,
            egui::Key::Num4,
        ][right - 1],
    );
    harness.run();
    harness.get_by_label("Right");
    harness.get_by_role_and_label(Role::Button, "Good").click();
    harness.run();

    // Undo (Ctrl+Z) brings the multiple-choice card back.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    harness.get_by_label("Which port does the API server serve on by default?");
    assert_eq!(
        harness
            .state()
            .engine()
            .unwrap()
            .store()
            .review_count()
            .unwrap(),
        1
    );

    // Answer everything with the buttons until the session ends.
    for _ in 0..10 {
        if harness.query_by_label("Session finished").is_some() {
            break;
        }
        if let Some(show) = harness.query_by_role_and_label(Role::Button, "Show answer") {
            show.click();
            harness.run();
        }
        harness.get_by_role_and_label(Role::Button, "Easy").click();
        harness.run();
    }
    harness.get_by_label("Session finished");
    harness.get_by_label_contains("Reviewed:");
    harness
        .get_by_role_and_label(Role::Button, "Back home")
        .click();
    harness.run();
    assert!(matches!(harness.state().screen(), Screen::Home));
    harness.get_by_role_and_label(Role::Button, "Study now");
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
