//! Settings: a change is saved to settings.ron and still there after a restart.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use kubestudy::progress::settings::Theme;

const CARDS: &str = r#"    cards: [(id: "one", front: "First?", answer: Text("1"))],"#;

#[test]
fn a_setting_changed_is_still_there_after_restart() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    {
        let mut harness = common::ui::app(library.clone(), home.path());
        harness.run();
        harness
            .get_by_role_and_label(Role::Button, "Settings")
            .click();
        harness.run();
        harness
            .get_by_role_and_label(Role::RadioButton, "Light")
            .click();
        harness.run();
        harness.get_by_role_and_label(Role::Button, "Save").click();
        harness.run();
        harness.get_by_label("Saved.");
        assert_eq!(harness.state().settings().theme, Theme::Light);
    }
    assert!(
        std::fs::read_to_string(home.path().join("settings.ron"))
            .unwrap()
            .contains("Light")
    );

    // A new app on the same folder: the theme is still Light, in the app and in the engine.
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    assert_eq!(harness.state().settings().theme, Theme::Light);
    assert_eq!(
        harness.state().engine().unwrap().settings().theme,
        Theme::Light
    );
    harness
        .get_by_role_and_label(Role::Button, "Settings")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Save")
            .is_some()
    );
}
