//! The primer reader: contents, formatted sections, checks graded like cards, position remembered.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use kubestudy::progress::ItemKey;

const PRIMER: &str = r#"    primers: [
        (id: "net", title: "Tiny networking", summary: "Two sections.",
         sections: [
            (id: "links", heading: "Links",
             body: [Para("List interfaces with `ip link`."), Bullets(["layer 2", "MAC addresses"]), Code(lang: "sh", text: "ip link show")],
             checks: [(id: "what-lists-links", front: "Which command lists interfaces?", answer: Text("ip link"))]),
            (id: "routes", heading: "Routes",
             body: [Numbered(["look up the destination", "send to the next hop"])],
             checks: [(id: "route-table", front: "Which command shows the routing table?", answer: Text("ip route"))]),
         ]),
    ],"#;

#[test]
fn read_check_and_come_back_to_the_same_section() {
    let (_pack, library) = common::ui::library(PRIMER);
    let home = tempfile::tempdir().unwrap();
    {
        let mut harness = common::ui::app(library.clone(), home.path());
        harness.run();
        harness
            .get_by_role_and_label(Role::Button, "Read Tiny networking")
            .click();
        harness.run();
        harness.get_by_label("1. Links");
        harness.get_by_label("2. Routes");
        harness.get_by_label("List interfaces with ip link.");
        harness.get_by_label("ip link show");

        harness
            .get_by_role_and_label(Role::Button, "Show answer: Which command lists interfaces?")
            .click();
        harness.run();
        harness.get_by_label("ip link");
        harness.get_by_role_and_label(Role::Button, "Good").click();
        harness.run();
        harness.get_by_label("Graded; it will come back when due.");
        let engine = harness.state().engine().unwrap();
        assert_eq!(engine.store().review_count().unwrap(), 1);
        assert!(
            engine
                .store()
                .item_state(&ItemKey::new("test-pack", "what-lists-links"))
                .unwrap()
                .is_some()
        );

        harness
            .get_by_role_and_label(Role::Button, "Next section")
            .click();
        harness.run();
        harness.get_by_label("1. look up the destination");
    }
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Read Tiny networking")
        .click();
    harness.run();
    harness.get_by_label("1. look up the destination");
}

#[test]
fn a_primer_is_read_and_checked_without_the_mouse() {
    let (_pack, library) = common::ui::library(PRIMER);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Read Tiny networking")
        .click();
    harness.run();
    harness.get_by_label("Section 1 of 2");

    // Space shows the answer of the first check; 1-4 grade it (3 = Good).
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label("ip link");
    harness.get_by_role_and_label(Role::Button, "Good");
    // Space again does not grade or skip: the shown check waits for its grade.
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Good");
    harness.key_press(egui::Key::Num3);
    harness.run();
    harness.get_by_label("Graded; it will come back when due.");
    let engine = harness.state().engine().unwrap();
    assert_eq!(engine.store().review_count().unwrap(), 1);
    let state = engine
        .store()
        .item_state(&ItemKey::new("test-pack", "what-lists-links"))
        .unwrap()
        .unwrap();
    assert_eq!(state.reps, 1);

    // Every check done: Enter goes on to the next section.
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("Section 2 of 2");
    harness.get_by_label("1. look up the destination");
    // Enter shows this section's check; 1 grades it Again.
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("ip route");
    harness.key_press(egui::Key::Num1);
    harness.run();
    assert_eq!(
        harness
            .state()
            .engine()
            .unwrap()
            .store()
            .review_count()
            .unwrap(),
        2
    );

    // Left and P go back, Right and N forward, and not past either end.
    harness.key_press(egui::Key::ArrowLeft);
    harness.run();
    harness.get_by_label("Section 1 of 2");
    harness.key_press(egui::Key::P);
    harness.run();
    harness.get_by_label("Section 1 of 2");
    harness.key_press(egui::Key::N);
    harness.run();
    harness.get_by_label("Section 2 of 2");
    harness.key_press(egui::Key::ArrowRight);
    harness.run();
    harness.get_by_label("Section 2 of 2");

    // After a section is chosen with the mouse, Space still goes on (reveals its check).
    harness.get_by_label("1. Links").click();
    harness.run();
    harness.get_by_label("Section 1 of 2");
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label("Section 2 of 2");

    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Study now");
}
