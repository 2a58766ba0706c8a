//! Settings: a change is saved to settings.ron and still there after a restart.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use kubestudy::app::Screen;
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

#[test]
fn a_broken_settings_file_is_shown_on_home_and_in_settings_until_saved() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("settings.ron"), "(theme: Dark").unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    let path = home.path().join("settings.ron");
    let warning = format!("{}:1:", path.display());
    harness.get_by_label_contains(&warning);
    harness
        .get_by_role_and_label(Role::Button, "Settings")
        .click();
    harness.run();
    harness.get_by_label_contains(&warning);

    // Saving writes good settings and keeps the broken file; the warning goes away.
    harness
        .get_by_role_and_label(Role::RadioButton, "Light")
        .click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    harness.get_by_label_contains("was kept as");
    assert!(harness.query_by_label_contains(&warning).is_none());
    assert_eq!(
        std::fs::read_to_string(home.path().join("settings.ron.broken")).unwrap(),
        "(theme: Dark"
    );
    harness.get_by_role_and_label(Role::Button, "Home").click();
    harness.run();
    assert!(harness.query_by_label_contains("settings.ron").is_none());
    assert!(harness.state().warnings().is_empty());
}

#[test]
fn a_nan_text_size_is_replaced_and_named_on_home() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("settings.ron"),
        "(font_scale: NaN, desired_retention: NaN, learning_steps_minutes: [])",
    )
    .unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    let settings = harness.state().settings();
    assert_eq!(
        (settings.font_scale, settings.desired_retention),
        (1.0, 0.9)
    );
    assert_eq!(harness.state().engine().unwrap().settings().font_scale, 1.0);
    harness.get_by_label_contains("font_scale is NaN, not from 0.5 to 3, so 1 is used");
    harness.get_by_label_contains("desired_retention is NaN");
}

#[test]
fn a_home_that_is_a_file_is_named_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("regular-file-home");
    std::fs::write(&file, "not a folder").unwrap();
    let mut harness = common::ui::app_opened(&file);
    harness.run();
    harness.get_by_label_contains(&format!(
        "KUBESTUDY_HOME ({}) is a file, not a folder",
        file.display()
    ));
    // Nothing else complains about the same cause (settings.ron "cannot be read").
    assert!(harness.query_by_label_contains("settings.ron").is_none());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
}

#[test]
fn a_clock_before_1970_is_called_wrong_and_nothing_panics() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    // Local midnight on 1970-01-01 in Kathmandu (UTC+05:45): still before the epoch.
    let clock = std::rc::Rc::new(kubestudy::study::clock::FixedClock::new(
        kubestudy::study::clock::Timestamp(-20_700_000),
        20_700,
    ));
    let mut harness = common::ui::app_with_clock(library, home.path(), clock);
    harness.run();
    harness
        .get_by_label_contains("the computer's clock says 1969-12-31 (UTC), which cannot be right");
    harness
        .get_by_role_and_label(Role::Button, "Study now")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Show answer")
        .click();
    harness.run();
}

fn open_settings(harness: &mut egui_kittest::Harness<'static, kubestudy::app::App>) {
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Settings")
        .click();
    harness.run();
}

fn on_settings(harness: &egui_kittest::Harness<'static, kubestudy::app::App>) -> bool {
    matches!(
        harness.state().screen(),
        kubestudy::app::Screen::Settings(_)
    )
}

#[test]
fn leaving_with_unsaved_changes_asks_and_each_answer_does_what_it_says() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open_settings(&mut harness);

    // Nothing changed: Home leaves at once.
    harness.get_by_role_and_label(Role::Button, "Home").click();
    harness.run();
    assert!(!on_settings(&harness));
    open_settings(&mut harness);

    // A change, then Home: the question, naming the change; Cancel stays with the draft.
    harness
        .get_by_role_and_label(Role::RadioButton, "Dark")
        .click();
    harness.run();
    harness.get_by_label("Not saved yet: theme");
    harness.get_by_role_and_label(Role::Button, "Home").click();
    harness.run();
    harness.get_by_label("Save changes?");
    harness.get_by_label("You changed: theme.");
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert!(on_settings(&harness));
    assert!(harness.query_by_label("Save changes?").is_none());
    harness.get_by_label("Not saved yet: theme");

    // Esc asks too; Esc again answers "stay".
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_label("Save changes?");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Save changes?").is_none());
    assert!(on_settings(&harness));

    // Discard: home, nothing written, nothing in force.
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Discard changes")
        .click();
    harness.run();
    assert!(!on_settings(&harness));
    assert_eq!(harness.state().settings().theme, Theme::System);
    assert!(!home.path().join("settings.ron").exists());

    // Save and leave: written, in force in the app and the engine, and home says so.
    open_settings(&mut harness);
    harness
        .get_by_role_and_label(Role::RadioButton, "Dark")
        .click();
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Save and leave")
        .click();
    harness.run();
    assert!(!on_settings(&harness));
    assert_eq!(harness.state().settings().theme, Theme::Dark);
    assert_eq!(
        harness.state().engine().unwrap().settings().theme,
        Theme::Dark
    );
    assert!(
        std::fs::read_to_string(home.path().join("settings.ron"))
            .unwrap()
            .contains("Dark")
    );
    harness.get_by_label("Saved.");
}

#[test]
fn a_draft_that_cannot_be_saved_stays_with_the_reason() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open_settings(&mut harness);
    harness
        .get_by_role_and_label(Role::TextInput, "Exam date (YYYY-MM-DD)")
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Exam date (YYYY-MM-DD)")
        .type_text("soon");
    harness.run();
    harness.get_by_label("not a date");
    // Leave the field (Esc there only leaves the field), then Esc asks.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(on_settings(&harness), "Esc in a text field stays");
    assert!(harness.query_by_label("Save changes?").is_none());
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_label("You changed: exam date.");
    harness
        .get_by_role_and_label(Role::Button, "Save and leave")
        .click();
    harness.run();
    assert!(on_settings(&harness), "not saved, so not left");
    harness.get_by_label_contains("`soon` is not a date");
    assert_eq!(harness.state().settings().exam_date, None);
    assert!(!home.path().join("settings.ron").exists());
}

#[test]
fn esc_with_the_exam_menu_open_closes_the_menu_and_ctrl_s_saves() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open_settings(&mut harness);
    harness.get_by_label("Exam").click(); // the combo box is labelled by "Exam"
    harness.run();
    harness.get_by_role_and_label(Role::Button, "CKA");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "CKA")
            .is_none()
    );
    assert!(on_settings(&harness), "the menu closed, not the screen");

    harness.get_by_label("Exam").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "CKA").click();
    harness.run();
    harness.get_by_label("Not saved yet: exam");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    harness.get_by_label("Saved.");
    assert_eq!(
        harness.state().settings().exam,
        Some(kubestudy::progress::settings::Exam::Cka)
    );
    // Saved: Esc leaves at once.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!on_settings(&harness));
}

#[test]
fn what_each_retention_costs_is_simulated_on_request_and_follows_the_slider() {
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app_with_home_packs(home.path());
    harness.run();
    common::ui::click_button(&mut harness, "Settings");
    harness.run();
    common::ui::click_button(&mut harness, "What does each retention cost?");
    harness.run();
    // The default desired retention is 0.90: its nearest point is 0.91.
    harness.get_by_label_contains("At 0.91: about");
    harness.get_by_label("Reviews a day");
    harness.get_by_label("Remembered after 90 days");
    let Screen::Settings(state) = harness.state().screen() else {
        panic!("left settings");
    };
    let points = state.choices.as_ref().unwrap();
    assert_eq!(points.len(), 10);
    assert!(points[9].reviews_per_day > points[0].reviews_per_day);
}
