//! The `?` list of keys: it takes the whole window, lists every screen's keys grouped by screen
//! (the shared scheme), closes with Esc or `?`, and blocks the screen behind it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use kubestudy::app::Screen;
use kubestudy::ui::keys::KEYS;

const CARDS: &str = r#"    cards: [(id: "one", front: "First?", answer: Text("1"))],"#;

/// The keys a group lists for `screen`, joined.
fn keys_of(screen: &str) -> Vec<(&'static str, &'static str)> {
    KEYS.iter()
        .find(|(s, _)| *s == screen)
        .map(|(_, keys)| keys.to_vec())
        .unwrap_or_else(|| panic!("no group {screen}"))
}

#[test]
fn every_screen_that_asks_a_question_lists_the_shared_keys() {
    for screen in [
        "Review",
        "Cram",
        "Mock exam",
        "Diagram quiz",
        "Glossary quiz",
        "Primer",
    ] {
        let keys = keys_of(screen);
        let has = |k: &str| keys.iter().any(|(key, _)| *key == k);
        assert!(has("Space / Enter"), "{screen} has the go-on key");
        assert!(has("Esc"), "{screen} says what Esc does");
        assert!(has("1-9") || has("1 2 3 4"), "{screen} has number keys");
    }
    let everywhere = keys_of("Everywhere");
    for key in ["?", "Esc", "Ctrl+Z"] {
        assert!(everywhere.iter().any(|(k, _)| *k == key), "{key}");
    }
    // Grades on four on the four-grade screens, right/wrong on 1 and 3 elsewhere.
    assert!(keys_of("Review").iter().any(|(k, _)| *k == "1 2 3 4"));
    assert!(keys_of("Cram").iter().any(|(k, _)| *k == "1 / 3"));
    assert!(keys_of("Mock exam").iter().any(|(k, _)| *k == "1 / 3"));
    for (screen, _) in KEYS {
        assert_eq!(
            KEYS.iter().filter(|(s, _)| s == screen).count(),
            1,
            "{screen} is listed once"
        );
    }
}

#[test]
fn question_mark_fills_the_window_with_every_group_and_esc_closes_it() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.set_size(egui::Vec2::new(1600.0, 1000.0));
    harness.run();
    harness.key_press(egui::Key::Questionmark);
    harness.run();
    harness.get_by_label("Keyboard");
    for (screen, keys) in KEYS {
        harness.get_by_role_and_label(Role::Label, screen);
        for (_, what) in *keys {
            assert!(
                !harness
                    .query_all_by_label(what)
                    .collect::<Vec<_>>()
                    .is_empty(),
                "{screen}: {what}"
            );
        }
    }
    // The list uses the window: the groups spread over most of its width, in several columns.
    let lefts: Vec<f32> = KEYS
        .iter()
        .map(|(screen, _)| {
            harness
                .get_by_role_and_label(Role::Label, screen)
                .rect()
                .left()
        })
        .collect();
    let (min, max) = lefts
        .iter()
        .fold((f32::MAX, f32::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    assert!(max - min > 0.6 * 1600.0, "columns from {min} to {max}");
    let title = harness.get_by_label("Keyboard").rect();
    assert!(title.left() < 200.0 && title.top() < 150.0, "{title:?}");

    // Enter would start studying on home; with the list open it does nothing.
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(matches!(harness.state().screen(), Screen::Home));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Keyboard").is_none());
    assert!(matches!(harness.state().screen(), Screen::Home));
    harness.get_by_role_and_label(Role::Button, "Study now");
}

#[test]
fn at_900_by_600_the_list_scrolls_and_question_mark_closes_it() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.set_size(egui::Vec2::new(900.0, 600.0));
    harness.run();
    harness.key_press(egui::Key::Questionmark);
    harness.run();
    // Two columns: the first group and a later one side by side.
    let first = harness.get_by_role_and_label(Role::Label, KEYS[0].0).rect();
    let last_name = KEYS[KEYS.len() - 1].0;
    let last = harness.get_by_role_and_label(Role::Label, last_name).rect();
    assert!(last.left() > first.right(), "{first:?} {last:?}");
    // The Close button stays in the window.
    let close = harness.get_by_role_and_label(Role::Button, "Close").rect();
    assert!(
        close.right() <= 900.0 && close.bottom() <= 600.0,
        "{close:?}"
    );
    harness.key_press(egui::Key::Questionmark);
    harness.run();
    assert!(harness.query_by_label("Keyboard").is_none());
    // And `?` opens it again, Close shuts it.
    harness.key_press(egui::Key::Questionmark);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Close").click();
    harness.run();
    assert!(harness.query_by_label("Keyboard").is_none());
}
