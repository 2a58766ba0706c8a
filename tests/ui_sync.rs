//! Settings' sync section: choose a folder, save, and the window syncs at once, says what the
//! last sync brought and lists every device it heard from; its due counts follow.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use kubestudy::progress::ItemKey;
use kubestudy::study::schedule::Rating;

const CARDS: &str = r#"    cards: [(id: "one", front: "First?", answer: Text("1")),
                    (id: "two", front: "Second?", answer: Text("2"))],"#;

#[test]
fn choosing_a_sync_folder_brings_the_other_devices_answers_and_lists_it() {
    let (_pack, library) = common::ui::library(CARDS);
    let (_f, folder) = crate::sync::new_folder();
    // The desktop answered "one" and synced.
    let mut desktop = crate::sync::Device::new("desktop", 0);
    desktop
        .engine
        .answer(
            &ItemKey::new("test-pack", "one"),
            kubestudy::progress::ItemKind::Card,
            Rating::Good,
            "review",
            1000,
            &desktop.clock,
        )
        .unwrap();
    desktop.sync(&folder);

    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Settings")
        .click();
    harness.run();
    harness
        .get_by_label("Sync with your other devices")
        .scroll_to_me();
    harness.run();
    common::ui::set_field(
        &mut harness,
        Role::TextInput,
        "Sync folder",
        &folder.display().to_string(),
    );
    harness.get_by_label("Save to sync through this folder.");
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    harness.run();
    harness.get_by_label_contains("1 new answer");
    harness.get_by_label_contains("desktop · ");
    harness.get_by_label_contains("this device · 0 answers");
    // The settings file keeps the folder.
    let saved = kubestudy::progress::settings::load(home.path()).settings;
    assert_eq!(saved.sync_folder, Some(folder.display().to_string()));
    // The desktop's answer is in this device's history, and its file is in the folder.
    let files = std::fs::read_dir(&folder).unwrap().count();
    assert_eq!(files, 2, "each device its own file");
    harness
        .get_by_role_and_label(Role::Button, "Sync now")
        .click();
    harness.run();
    harness.get_by_label_contains("up to date");
}
