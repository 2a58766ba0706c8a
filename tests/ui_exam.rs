//! Exam week in the window: the exam screen, a practice-only cram that leaves every item's row
//! exactly as it was, a counting cram that writes reviews, a time box running out, and a whole
//! mock exam kept apart from the review log.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::rc::Rc;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kubestudy::app::{App, Screen};
use kubestudy::study::clock::FixedClock;

/// Six cards: three multiple choice, three recall; KCNA domains.
const PACK: &str = r#"    cards: [
        (id: "a", front: "Which component stores cluster state?", answer: Text("etcd"), distractors: ["kubelet", "CoreDNS"], tags: ["kcna", "kcna-fundamentals"]),
        (id: "b", front: "Default API server port?", answer: Text("6443"), distractors: ["80", "10250"], tags: ["kcna", "kcna-fundamentals"]),
        (id: "c", front: "Which controller replaces failed Pods of a Deployment?", answer: Text("ReplicaSet controller"), distractors: ["Namespace controller"], tags: ["kcna", "kcna-orchestration"]),
        (id: "d", front: "What does a Service give a set of Pods?", answer: Text("A stable virtual IP and DNS name"), tags: ["kcna", "kcna-orchestration"]),
        (id: "e", front: "Name the three pillars of observability.", answer: Set(["metrics", "logs", "traces"]), tags: ["kcna", "kcna-observability"]),
        (id: "f", front: "What does a liveness probe failure cause?", answer: Text("The kubelet restarts the container"), tags: ["kcna", "kcna-fundamentals"]),
    ],"#;

fn settings(home: &std::path::Path) {
    std::fs::write(
        home.join("settings.ron"),
        "(version: 1, exam_date: Some(\"2026-12-10\"), exam: Some(Kcna))",
    )
    .unwrap();
}

/// Every item row, as text, to compare before and after.
fn rows(home: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open_with_flags(
        home.join("progress.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let mut stmt = conn.prepare("SELECT * FROM items ORDER BY id").unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        Ok((0..n)
            .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn start_cram(harness: &mut Harness<'static, App>, counting: &str, length: &str) {
    harness.run();
    harness.key_press(egui::Key::E);
    harness.run();
    harness.get_by_label_contains("Predicted recall on exam day: 0 % of 6 items");
    harness
        .get_by_role_and_label(Role::RadioButton, length)
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::RadioButton, counting)
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Start cram")
        .click();
    harness.run();
}

/// Answers the showing item: the right option of a multiple-choice item, else "got it".
fn answer(harness: &mut Harness<'static, App>, right: bool) {
    let Screen::Cram(state) = harness.state().screen() else {
        panic!("cramming")
    };
    let item = state.cram.current(state.cram.started).cloned();
    let Some(item) = item else { return };
    if let Some(r) = item.right {
        let pick = if right {
            r
        } else {
            (r + 1) % item.options.len()
        };
        harness.key_press([egui::Key::Num1, egui::Key::Num2, egui::Key::Num3][pick]);
        harness.run();
        harness.key_press(egui::Key::Enter);
    } else {
        harness.key_press(egui::Key::Space);
        harness.run();
        harness.key_press(if right {
            egui::Key::Num2
        } else {
            egui::Key::Num1
        });
    }
    harness.run();
}

#[test]
fn a_practice_only_cram_leaves_every_row_as_it_was() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    settings(home.path());
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    let before = rows(home.path());
    start_cram(
        &mut harness,
        "is practice only (your schedule stays as it is)",
        "20 items",
    );
    harness.get_by_label("Cram: practice only (your schedule does not change)");
    // Miss the first item once: it comes back; then get everything right.
    answer(&mut harness, false);
    for _ in 0..10 {
        answer(&mut harness, true);
    }
    harness.get_by_label("Cram finished");
    harness.get_by_label("7 answers, 86 % right");
    harness.get_by_label("Practice only: your schedule is exactly as it was.");
    harness.get_by_label_contains("Predicted recall on exam day: 0 % \u{2192} 0 %");
    let engine = harness.state().engine().unwrap();
    assert_eq!(engine.store().review_count().unwrap(), 0);
    assert_eq!(engine.store().cram_count().unwrap(), 7);
    assert_eq!(
        rows(home.path()),
        before,
        "no item's state or due date changed"
    );
}

#[test]
fn a_counting_cram_writes_reviews_and_lifts_the_forecast() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    settings(home.path());
    let mut harness = common::ui::app(library, home.path());
    start_cram(
        &mut harness,
        "counts (answers update your schedule)",
        "20 items",
    );
    harness.get_by_label("Cram: counts (answers update your schedule)");
    for _ in 0..6 {
        answer(&mut harness, true);
    }
    harness.get_by_label("Cram finished");
    harness.get_by_label("6 answers, 100 % right");
    let engine = harness.state().engine().unwrap();
    assert_eq!(engine.store().review_count().unwrap(), 6);
    assert_eq!(engine.store().cram_count().unwrap(), 0);
    let Screen::Cram(state) = harness.state().screen() else {
        panic!()
    };
    assert_eq!(state.before, Some(0.0));
    assert!(
        state.after.unwrap() > 0.0,
        "answered items now have a memory"
    );
    harness
        .get_by_role_and_label(Role::Button, "Back to exam week")
        .click();
    harness.run();
    harness.get_by_label_contains("Predicted recall on exam day:");
}

#[test]
fn a_time_box_ends_the_cram_when_the_clock_runs_out() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    settings(home.path());
    let clock = Rc::new(FixedClock::new(common::ui::NOW, 0));
    let mut harness = common::ui::app_with_clock(library, home.path(), Rc::clone(&clock));
    start_cram(
        &mut harness,
        "counts (answers update your schedule)",
        "10 min",
    );
    harness.get_by_label("10:00 left");
    clock.advance_secs(4 * 60);
    answer(&mut harness, true);
    harness.get_by_label("6:00 left");
    clock.advance_secs(6 * 60 + 1);
    harness.run();
    harness.get_by_label("Cram finished");
    harness.get_by_label("1 answers, 100 % right");
}

#[test]
fn a_whole_mock_exam() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    settings(home.path());
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness.key_press(egui::Key::E);
    harness.run();
    common::ui::click_button(&mut harness, "Start a KCNA mock exam");
    harness.run();
    harness.get_by_label("Question 1 of 6");
    harness.get_by_label("90:00 left");
    let Screen::Mock(mock) = harness.state().screen() else {
        panic!("in the mock")
    };
    let questions = mock.questions.clone();
    for (i, q) in questions.iter().enumerate() {
        match &q.form {
            kubestudy::modes::mock::Form::Choice { right, .. } => {
                harness.key_press([egui::Key::Num1, egui::Key::Num2, egui::Key::Num3][*right]);
            }
            kubestudy::modes::mock::Form::Recall { .. } => {
                let label = "Your answer (you check it against the right one at the end)";
                harness
                    .get_by_role_and_label(Role::MultilineTextInput, label)
                    .click();
                harness.run();
                harness
                    .get_by_role_and_label(Role::MultilineTextInput, label)
                    .type_text("my answer");
            }
        }
        harness.run();
        // No feedback while the exam runs.
        assert!(harness.query_by_label_contains("Right answer").is_none());
        if i + 1 < questions.len() {
            harness.get_by_role_and_label(Role::Button, "Next").click();
            harness.run();
        }
    }
    harness
        .get_by_role_and_label(Role::Button, "Finish exam")
        .click();
    harness.run();
    // Three choices right; the three written answers wait for the learner's check.
    harness.get_by_label("3 of 6 right: 50 %");
    let save = harness.get_by_role_and_label(Role::Button, "Save this attempt");
    assert!(
        save.accesskit_node().is_disabled(),
        "not before the written answers are checked"
    );
    for (i, q) in questions.iter().enumerate() {
        if matches!(q.form, kubestudy::modes::mock::Form::Recall { .. }) {
            let mark = if q.key.item == "e" {
                "I missed it"
            } else {
                "I had it"
            };
            harness
                .get_by_role_and_label(Role::Button, &format!("{mark} ({})", i + 1))
                .click();
            harness.run();
        }
    }
    harness.get_by_label("5 of 6 right: 83 %");
    harness.get_by_label("Pass (pass mark 75 %)");
    harness.get_by_label("Kubernetes Fundamentals: 3 of 3");
    harness.get_by_label("Cloud Native Observability: 0 of 1");
    harness
        .get_by_role_and_label(Role::Button, "Save this attempt")
        .click();
    harness.run();
    harness.get_by_label("Past attempts");
    harness.get_by_label("5 of 6");
    let engine = harness.state().engine().unwrap();
    assert_eq!(engine.store().mock_attempts().unwrap().len(), 1);
    assert_eq!(
        engine.store().review_count().unwrap(),
        0,
        "kept apart from the review log"
    );
}
