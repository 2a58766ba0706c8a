//! The `?` list of keys: opens, lists every screen's keys, closes with Esc, and blocks the screen
//! behind it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use kubestudy::app::Screen;

const CARDS: &str = r#"    cards: [(id: "one", front: "First?", answer: Text("1"))],"#;

#[test]
fn question_mark_lists_the_keys() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness.key_press(egui::Key::Questionmark);
    harness.run();
    harness.get_by_label("Keyboard");
    for (screen, keys) in kubestudy::ui::keys::KEYS {
        harness.get_by_role_and_label(Role::Label, screen);
        for (_, what) in *keys {
            harness.get_by_label(what);
        }
    }
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
