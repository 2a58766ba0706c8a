//! The packs screen: import by typed path and by dropping a file on the window, see what it is
//! and what it changes, install, export, remove; the library reloads each time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

const MANIFEST: &str = r#"(id: "shared", version: "1.0.0", title: "Shared deck", summary: "A classmate's deck.", language: "en",
 license: "CC0-1.0", authors: ["a friend"], kubernetes: "1.35",
 cards: [(id: "a", front: "A?", answer: Text("a")), (id: "b", front: "B?", answer: Text("b"))])"#;

fn kspack(dir: &Path, name: &str, manifest: &str) -> PathBuf {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("pack.ron", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, zip.finish().unwrap().into_inner()).unwrap();
    path
}

/// A file dropped on the window, as the windowing layer hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

type Harness = egui_kittest::Harness<'static, kubestudy::app::App>;

/// Scrolls the packs screen back to its top, where messages show (only what is in view can be
/// read).
fn scroll_to_top(harness: &mut Harness) {
    harness
        .get_by_role_and_label(Role::TextInput, "Path")
        .scroll_to_me();
    harness.run();
}

/// Replaces the text of the Path box.
fn type_path(harness: &mut Harness, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, "Path")
        .click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Path")
        .type_text(text);
    harness.run();
}

/// Drops a file on the window.
fn drop_file(harness: &mut Harness, path: PathBuf) {
    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(path)));
    harness.run();
}

#[test]
fn import_by_path_and_by_drop_then_export_and_remove() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let v1 = kspack(work.path(), "shared-1.0.0.kspack", MANIFEST);
    let mut harness = common::ui::app_with_home_packs(home.path());
    harness.run();
    common::ui::click_button(&mut harness, "Packs");
    harness.run();
    type_path(&mut harness, &v1.display().to_string());
    harness
        .get_by_role_and_label(Role::Button, "Import")
        .click();
    harness.run();
    harness.get_by_label("Shared deck 1.0.0 (shared)");
    harness.get_by_label("By a friend; license CC0-1.0; checked against Kubernetes 1.35.");
    harness
        .get_by_role_and_label(Role::Button, "Install")
        .click();
    harness.run();
    harness.get_by_label_contains("Installed into");
    harness.get_by_label("Shared deck");

    // A newer version dropped on the window: what it changes, then install.
    let v2 = kspack(
        work.path(),
        "shared-1.1.0.kspack",
        &MANIFEST.replace("1.0.0", "1.1.0").replace(
            r#"(id: "b", front: "B?", answer: Text("b"))"#,
            r#"(id: "c", front: "C?", answer: Text("c"))"#,
        ),
    );
    drop_file(&mut harness, v2);
    harness.get_by_label("Installed now: 1.0.0. This adds 1 items, changes 0 and removes 1; your progress is kept by item id.");
    harness
        .get_by_role_and_label(Role::Button, "Install")
        .click();
    harness.run();
    // The same version again needs a second thought; a broken one cannot be installed.
    drop_file(&mut harness, work.path().join("shared-1.0.0.kspack"));
    harness.get_by_role_and_label(Role::Button, "Replace anyway");
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    let broken = kspack(
        work.path(),
        "broken.kspack",
        &MANIFEST
            .replace("1.0.0", "2.0.0")
            .replace("Text(\"a\")", "Text(\"\")"),
    );
    drop_file(&mut harness, broken);
    harness.get_by_label_contains("problems: it cannot be installed");
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Install")
            .accesskit_node()
            .is_disabled()
    );
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();

    // Export to a folder typed in the path box.
    let out = tempfile::tempdir().unwrap();
    type_path(&mut harness, &out.path().display().to_string());
    common::ui::click_button(&mut harness, "Export shared");
    harness.run();
    scroll_to_top(&mut harness);
    harness.get_by_label_contains("Exported to");
    assert!(out.path().join("shared-1.1.0.kspack").is_file());

    common::ui::click_button(&mut harness, "Remove shared and its progress");
    harness.run();
    scroll_to_top(&mut harness);
    harness.get_by_label_contains("Removed shared; its progress (");
    let engine = harness.state().engine().unwrap();
    let key = kubestudy::progress::ItemKey::new("shared", "a");
    assert!(
        engine.store().item_state(&key).unwrap().is_none(),
        "progress deleted as asked"
    );
    assert!(harness.query_by_label("Shared deck").is_none());
    assert!(!home.path().join("packs/shared").exists());
}

#[test]
fn a_pack_folder_open_for_authoring_reloads_when_a_file_changes() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(
        kubestudy::cli::new_pack("draft", work.path(), &mut out, &mut err),
        0
    );
    let dir = work.path().join("draft");
    let clock = std::rc::Rc::new(kubestudy::study::clock::FixedClock::new(common::ui::NOW, 0));
    let (_pack, library) =
        common::ui::library(r#"    cards: [(id: "x", front: "X?", answer: Text("x"))],"#);
    let mut harness = common::ui::app_with_clock(library, home.path(), std::rc::Rc::clone(&clock));
    harness.run();
    common::ui::click_button(&mut harness, "Packs");
    harness.run();
    type_path(&mut harness, &dir.display().to_string());
    harness
        .get_by_role_and_label(Role::Button, "Open for authoring")
        .click();
    harness.run();
    harness.get_by_label("Loaded draft 0.1.0: 0 problems.");
    // The author renames the pack and breaks a card; saving reloads it within a second.
    let manifest = std::fs::read_to_string(dir.join("pack.ron")).unwrap();
    std::fs::write(
        dir.join("pack.ron"),
        manifest.replace("title: \"draft\"", "title: \"My draft pack\""),
    )
    .unwrap();
    let cards = std::fs::read_to_string(dir.join("cards.ron")).unwrap();
    std::fs::write(
        dir.join("cards.ron"),
        cards.replace("front: \"Which node agent", "frnt: \"Which node agent"),
    )
    .unwrap();
    clock.advance_secs(2);
    harness.run();
    harness.get_by_label("Loaded My draft pack 0.1.0: 1 problems.");
    harness.get_by_label_contains("cards.ron:");
    harness
        .get_by_role_and_label(Role::Button, "Stop authoring")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Loaded My draft pack")
            .is_none()
    );
}

#[test]
fn a_dropped_text_export_is_previewed_then_installed() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("My Anki deck.txt");
    std::fs::write(
        &file,
        "#separator:tab\n#html:true\nWhat is a Pod?\tThe smallest <b>deployable</b> unit\tk8s\n\"Two\nlines\"\tback\t\n",
    )
    .unwrap();
    let mut harness = common::ui::app_with_home_packs(home.path());
    harness.run();
    drop_file(&mut harness, file);
    harness.get_by_label("My Anki deck 1.0.0 (my-anki-deck)");
    harness.get_by_label_contains("2 rows separated by tabs: front = column 1, back = column 2");
    harness.get_by_label_contains("What is a Pod?");
    harness
        .get_by_role_and_label(Role::Button, "Install")
        .click();
    harness.run();
    harness.get_by_label_contains("Installed into");
    harness.get_by_label("My Anki deck");
}

/// Hostile-test findings 4 and 28 in the window: Remove removes the pack with that id (not the
/// folder of that name), and a copy that a built-in would still beat is refused with why.
#[test]
fn remove_takes_the_pack_by_id_and_a_beaten_copy_of_a_built_in_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let packs = home.path().join("packs");
    // Hand-copied folders whose names are not their ids.
    std::fs::create_dir_all(packs.join("alpha")).unwrap();
    std::fs::create_dir_all(packs.join("shared")).unwrap();
    std::fs::write(packs.join("alpha/pack.ron"), MANIFEST).unwrap();
    std::fs::write(
        packs.join("shared/pack.ron"),
        MANIFEST
            .replace("\"shared\"", "\"alpha\"")
            .replace("Shared deck", "Alpha deck"),
    )
    .unwrap();
    let mut harness = common::ui::app_with_home_packs(home.path());
    harness.run();
    common::ui::click_button(&mut harness, "Packs");
    harness.run();
    common::ui::click_button(&mut harness, "Remove shared");
    harness.run();
    scroll_to_top(&mut harness);
    harness.get_by_label_contains("Removed shared");
    assert!(!packs.join("alpha").exists(), "the folder holding `shared`");
    assert!(packs.join("shared/pack.ron").is_file(), "`alpha` is kept");
    harness.get_by_label("Alpha deck");

    let (library, _) = kubestudy::pack::Library::builtin();
    let builtin = &library.packs()[0];
    let copy = MANIFEST
        .replace("\"shared\"", &format!("{:?}", builtin.id().as_str()))
        .replace("1.0.0", &builtin.manifest.version.to_string());
    let copy = kspack(work.path(), "copy.kspack", &copy);
    drop_file(&mut harness, copy);
    harness.get_by_label_contains("takes precedence");
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Replace anyway")
            .accesskit_node()
            .is_disabled(),
        "nothing to install: the built-in would still be studied"
    );
}

#[test]
fn a_dropped_anki_package_is_previewed_then_installed_with_its_history() {
    let home = tempfile::tempdir().unwrap();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/anki/anki-deck-1000-history.apkg");
    let mut harness = common::ui::app_with_home_packs(home.path());
    harness.run();
    drop_file(&mut harness, file);
    harness.get_by_label("Kubernetes 1.0.0 (kubernetes)");
    harness.get_by_label_contains("1000 notes, 1000 cards, 6143 reviews");
    harness.get_by_label_contains("card 1 asks Front, answers Back");
    harness
        .get_by_label_contains("Its review history (6143 answers) comes with it once installed.");
    harness
        .get_by_role_and_label(Role::Button, "Install")
        .click();
    harness.run();
    scroll_to_top(&mut harness);
    harness.get_by_label_contains("Imported 6143 answers of 1000 cards from the review history.");
    let engine = harness.state().engine().unwrap();
    assert_eq!(engine.store().review_count().unwrap(), 6143);
    // The image each note shows with its answer came along, once.
    let assets = home.path().join("packs/kubernetes/assets");
    let names: Vec<_> = std::fs::read_dir(&assets).unwrap().collect();
    assert_eq!(names.len(), 1, "{assets:?}");
    assert!(assets.join("kubernetes_logo.png").is_file());
}

#[test]
fn every_pack_can_be_saved_for_anki_with_or_without_progress() {
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app_with_home_packs(home.path());
    harness.run();
    common::ui::click_button(&mut harness, "Packs");
    harness.run();
    common::ui::click_button(&mut harness, "Save k8s-storage for Anki\u{2026}");
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Cards only");
    harness.get_by_role_and_label(Role::Button, "Cards and my progress");
}

#[test]
fn an_anki_preview_takes_one_deck_as_its_own_pack_and_reads_a_note_type_other_ways() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let file = crate::anki_import::two_deck_package(work.path());
    let mut harness = common::ui::app_with_home_packs(home.path());
    harness.run();
    drop_file(&mut harness, file);
    harness.get_by_label_contains("1000 notes, 1000 cards");
    harness.get_by_label("Decks:").click();
    harness.run();
    harness
        .get_by_label_contains("Only \u{201c}Kubernetes\u{201d} (500 cards)")
        .click();
    harness.run();
    harness.get_by_label("Kubernetes 1.0.0 (kubernetes)");
    harness.get_by_label_contains("500 notes, 500 cards");
    // The note type asked by its back instead: pick Back where Front is asked.
    harness
        .get_by_label("Note type \u{201c}Basic\u{201d}: a card asks")
        .click();
    harness.run();
    harness.get_by_label("Back").click();
    harness.run();
    harness.get_by_label_contains("one card asks Back, answers Front (your choice)");
    harness
        .get_by_role_and_label(Role::Button, "Install")
        .click();
    harness.run();
    scroll_to_top(&mut harness);
    harness.get_by_label_contains("Imported");
    assert!(home.path().join("packs/kubernetes").is_dir());
    assert!(!home.path().join("packs/storage").exists());
}
