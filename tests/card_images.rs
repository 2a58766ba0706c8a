//! Images on cards: from the pack's `assets/`, checked like diagram backgrounds, shown under the
//! question in review, and a card whose image cannot be read says why instead of failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui_kittest::kittest::Queryable as _;

const CARD: &str = r#"    cards: [
        (id: "which-object", front: "Which object does this picture show?",
         answer: Text("a Deployment"), image: "assets/deploy.png"),
    ],"#;

#[test]
fn a_card_image_is_checked_with_the_pack() {
    let pack = common::PackDir::with_manifest(CARD);
    pack.write_bytes("assets/deploy.png", &common::png(640, 200));
    let report = pack.load();
    assert!(
        report.problems.is_empty(),
        "{}",
        common::render(&report.problems)
    );
    let loaded = report.pack.unwrap();
    assert_eq!(loaded.cards[0].image.as_deref(), Some("assets/deploy.png"));

    for (bytes, needle) in [
        (None, "not found"),
        (Some(b"not a picture".to_vec()), "not a PNG or JPEG"),
        (Some(common::png(5000, 100)), "limit is 4096"),
    ] {
        let pack = common::PackDir::with_manifest(CARD);
        if let Some(bytes) = &bytes {
            pack.write_bytes("assets/deploy.png", bytes);
        }
        let report = pack.load();
        common::expect_problem(&report, "pack.ron", (12, 47), "which-object", needle);
    }
    let outside = common::PackDir::with_manifest(&CARD.replace("assets/deploy.png", "deploy.png"));
    let report = outside.load();
    common::expect_problem(
        &report,
        "pack.ron",
        (12, 47),
        "which-object",
        "under assets/",
    );
}

#[test]
fn review_shows_the_image_under_the_question_or_says_why_not() {
    let pack = common::PackDir::with_manifest(CARD);
    pack.write_bytes("assets/deploy.png", &common::png(640, 200));
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app_from_folder(pack.path(), home.path());
    harness.run();
    common::ui::click_button(&mut harness, "Study now");
    harness.run();
    harness.get_by_label("Which object does this picture show?");
    harness.get_by_label("Image assets/deploy.png");
    drop(harness);

    // The file went away after the pack was loaded: the card is still asked, with the reason.
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app_from_folder(pack.path(), home.path());
    std::fs::remove_file(pack.path().join("assets/deploy.png")).unwrap();
    harness.run();
    common::ui::click_button(&mut harness, "Study now");
    harness.run();
    harness.get_by_label("Which object does this picture show?");
    harness.get_by_label_contains("The card's image cannot be shown");
}
