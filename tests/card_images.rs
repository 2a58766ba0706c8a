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

#[test]
fn the_answer_image_shows_once_the_answer_is_revealed() {
    let pack = common::PackDir::with_manifest(
        r#"    cards: [
        (id: "draw", front: "What does a Service of type NodePort open?",
         answer: Text("A port on every node"), answer_image: "assets/nodeport.png"),
    ],"#,
    );
    pack.write_bytes("assets/nodeport.png", &common::png(300, 120));
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app_from_folder(pack.path(), home.path());
    harness.run();
    common::ui::click_button(&mut harness, "Study now");
    harness.run();
    harness.get_by_label("What does a Service of type NodePort open?");
    // Not with the question: it would give the answer away.
    assert!(
        harness
            .query_by_label("Image assets/nodeport.png")
            .is_none()
    );
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.run();
    harness.get_by_label("Image assets/nodeport.png");
}

#[test]
fn a_pack_folder_with_card_images_installs_and_shares_them() {
    let pack = common::PackDir::with_manifest(
        r#"    cards: [
        (id: "which-object", front: "Which object does this picture show?",
         answer: Text("a Deployment"), image: "assets/deploy.png",
         answer_image: "assets/answer.png"),
    ],"#,
    );
    pack.write_bytes("assets/deploy.png", &common::png(64, 20));
    pack.write_bytes("assets/answer.png", &common::png(20, 20));
    let home = tempfile::tempdir().unwrap();
    let dirs = kubestudy::dirs::AppDirs::resolve(Some(home.path())).unwrap();
    let (code, out, err) =
        common::run_cli(|o, e| kubestudy::cli::import(Some(&dirs), pack.path(), false, o, e));
    assert_eq!(code, 0, "{out}\n{err}");
    let installed = dirs.packs().join(common::PACK_ID).join("assets");
    assert!(installed.join("deploy.png").is_file());
    assert!(installed.join("answer.png").is_file());
    let share = tempfile::tempdir().unwrap();
    let (code, out, err) = common::run_cli(|o, e| {
        kubestudy::cli::export(
            Some(&dirs),
            common::PACK_ID,
            Some(share.path()),
            false,
            o,
            e,
        )
    });
    assert_eq!(code, 0, "{out}\n{err}");
    let file = std::fs::read_dir(share.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let zip = zip::ZipArchive::new(std::fs::File::open(file.path()).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert!(names.iter().any(|n| n == "assets/deploy.png"), "{names:?}");
    assert!(names.iter().any(|n| n == "assets/answer.png"), "{names:?}");
}
