//! The coverage map on the exam screen: per domain of the chosen exam, the questions the packs
//! have, their share against the weight and the gaps; per competency, opened; a domain's Cram
//! button narrows the cram to it. And the security exams can be chosen in Settings.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubestudy::app::{App, Screen};

/// Three Fundamentals cards, two Orchestration, one Architecture: 50 %, 33 %, 0 % and 17 % of
/// the questions against weights 44, 28, 16 and 12.
const PACK: &str = r#"    cards: [
        (id: "a", front: "Which component stores cluster state?", answer: Text("etcd"), distractors: ["kubelet", "CoreDNS"], competencies: ["kcna.fundamentals.core-concepts"]),
        (id: "b", front: "Default API server port?", answer: Text("6443"), distractors: ["80", "10250"], competencies: ["kcna.fundamentals.core-concepts"]),
        (id: "c", front: "Which object gives Pods a stable virtual IP?", answer: Text("Service"), distractors: ["Namespace"], competencies: ["kcna.orchestration.networking"]),
        (id: "d", front: "What does a Service give a set of Pods?", answer: Text("A stable virtual IP and DNS name"), competencies: ["kcna.orchestration.networking"]),
        (id: "e", front: "Name the three pillars of observability.", answer: Set(["metrics", "logs", "traces"]), competencies: ["kcna.architecture.observability"]),
        (id: "f", front: "What does a liveness probe failure cause?", answer: Text("The kubelet restarts the container"), competencies: ["kcna.fundamentals.core-concepts"]),
    ],"#;

fn exam_week(settings: &str) -> (common::PackDir, tempfile::TempDir, Harness<'static, App>) {
    let (pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("settings.ron"), settings).unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.set_size(egui::vec2(1200.0, 900.0));
    harness.run();
    harness.key_press(egui::Key::E);
    harness.run();
    (pack, home, harness)
}

fn shown(harness: &mut Harness<'static, App>, label: &str) {
    harness.get_by_label_contains(label).scroll_to_me();
    harness.run();
}

#[test]
fn the_exam_screen_maps_domains_competencies_and_gaps() {
    let (_pack, _home, mut harness) = exam_week("(version: 1, exam: Some(Kcna))");
    shown(
        &mut harness,
        "What your packs cover of the Kubernetes and Cloud Native Associate (KCNA)",
    );
    harness.get_by_label_contains("Curriculum 2025-11: 6 questions");
    harness.get_by_label("44 % of the exam; 3 questions, 50 % of all, predicted recall 0 %");
    harness.get_by_label("28 % of the exam; 2 questions, 33 % of all, predicted recall 0 %");
    // Off their weights: nothing for Application Delivery, too much for Architecture.
    harness.get_by_label("0 % of the questions, wanted 11 % to 21 %");
    harness.get_by_label("17 % of the questions, wanted 8 % to 16 %");
    assert!(
        harness
            .query_by_label_contains("wanted 31 % to 57 %")
            .is_none(),
        "Fundamentals is within its band"
    );
    // Per competency, opened: the few questions and the weak recall of never-seen items.
    let heading = "4 competencies: 4 short of questions, 1 below your recall target";
    assert_eq!(
        harness.query_all_by_label(heading).count(),
        2,
        "Fundamentals and Orchestration"
    );
    harness.get_all_by_label(heading).next().unwrap().click();
    harness.run();
    shown(&mut harness, "Kubernetes Core Concepts");
    harness.get_by_label("3 questions, 0 terms, 0 boxes, 0 %");
    harness.get_by_label("3 of 10 questions; recall 0 % under 90 %");
}

#[test]
fn a_domains_cram_button_narrows_the_cram_to_its_items() {
    let (_pack, _home, mut harness) = exam_week("(version: 1, exam: Some(Kcna))");
    common::ui::click_button(&mut harness, "Cram Container Orchestration");
    harness.run();
    let tag = harness.get_by_role_and_label(Role::ComboBox, "Tag");
    assert_eq!(
        tag.value().as_deref(),
        Some("domain: Container Orchestration")
    );
    let Screen::Exam(state) = harness.state().screen() else {
        panic!("on the exam screen")
    };
    assert_eq!(state.setup.tag.as_deref(), Some("kcna.orchestration"));
    harness
        .get_by_role_and_label(
            Role::RadioButton,
            "is practice only (your schedule stays as it is)",
        )
        .scroll_to_me();
    harness.run();
    harness
        .get_by_role_and_label(
            Role::RadioButton,
            "is practice only (your schedule stays as it is)",
        )
        .click();
    harness.run();
    common::ui::click_button(&mut harness, "Start cram");
    harness.run();
    let Screen::Cram(state) = harness.state().screen() else {
        panic!("cramming")
    };
    assert_eq!(
        state.cram.progress().1,
        2,
        "the two Orchestration cards, c and d"
    );
}

#[test]
fn without_an_exam_chosen_there_is_no_map() {
    let (_pack, _home, harness) = exam_week("(version: 1)");
    assert!(
        harness
            .query_by_label_contains("What your packs cover")
            .is_none()
    );
}

#[test]
fn the_security_exams_can_be_chosen_and_get_their_own_map() {
    let (_pack, _home, mut harness) = exam_week("(version: 1, exam: Some(Kcsa))");
    shown(
        &mut harness,
        "What your packs cover of the Kubernetes and Cloud Native Security Associate (KCSA)",
    );
    harness.get_by_label_contains("Curriculum");
    harness.get_by_role_and_label(Role::Button, "Start a KCSA mock exam");
    // Settings lists all five exams.
    harness.key_press(egui::Key::Escape);
    harness.run();
    common::ui::click_button(&mut harness, "Settings");
    harness.run();
    harness.get_by_label("Exam").click();
    harness.run();
    for name in ["KCNA", "CKA", "CKAD", "KCSA", "CKS"] {
        harness.get_by_role_and_label(Role::Button, name);
    }
}

#[test]
fn the_cram_offers_only_packs_with_something_to_study() {
    let (library, _) = kubestudy::pack::Library::builtin();
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("settings.ron"),
        "(version: 1, exam: Some(Cka))",
    )
    .unwrap();
    let mut harness = common::ui::app(std::sync::Arc::new(library), home.path());
    harness.set_size(egui::vec2(1200.0, 900.0));
    harness.run();
    harness.key_press(egui::Key::E);
    harness.run();
    harness.get_by_role_and_label(Role::CheckBox, "Kubernetes storage");
    assert!(
        harness
            .query_by_role_and_label(Role::CheckBox, "CNCF exam blueprints")
            .is_none(),
        "the blueprints pack has no items to cram"
    );
}
