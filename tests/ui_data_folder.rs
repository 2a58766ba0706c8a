//! Settings shows the data folder and opens it in the file manager, saying so, or saying why
//! not when the desktop has no way to.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

const CARDS: &str = r#"    cards: [(id: "one", front: "First?", answer: Text("1"))],"#;

#[test]
fn settings_shows_the_data_folder_and_opens_it() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    let asked: Rc<RefCell<Vec<PathBuf>>> = Rc::default();
    let record = Rc::clone(&asked);
    let mut harness = common::ui::app_with_folder_opener(
        library,
        home.path(),
        Box::new(move |path| {
            record.borrow_mut().push(path.to_owned());
            Ok(())
        }),
    );
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Settings")
        .click();
    harness.run();
    let shown = home.path().display().to_string();
    // The section is at the foot of the page.
    harness
        .get_by_role_and_label(Role::Button, "Open data folder")
        .scroll_to_me();
    harness.run();
    harness.get_by_label("Data folder");
    harness.get_by_label(&shown);
    harness
        .get_by_role_and_label(Role::Button, "Open data folder")
        .click();
    harness.run();
    assert_eq!(*asked.borrow(), [home.path().to_owned()]);
    harness.get_by_label(&format!("Opened {shown} in your file manager."));
}

#[test]
fn a_folder_that_cannot_be_opened_is_said_so() {
    let (_pack, library) = common::ui::library(CARDS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app_with_folder_opener(
        library,
        home.path(),
        Box::new(|_| Err(std::io::Error::other("no xdg-open"))),
    );
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Settings")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Open data folder")
        .scroll_to_me();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Open data folder")
        .click();
    harness.run();
    let notice = harness.get_by_label_contains("Could not open");
    let node = notice.accesskit_node();
    let text = node.label().or_else(|| node.value()).unwrap_or_default();
    assert!(
        text.contains("no xdg-open") && text.contains("open it in your file manager yourself"),
        "{text}"
    );
}
