//! Exam week in the window: the exam screen, a practice-only cram that leaves every item's row
//! exactly as it was, a counting cram that writes reviews, a time box running out, and a whole
//! mock exam kept apart from the review log.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::rc::Rc;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kubestudy::app::{App, Screen};
use kubestudy::study::clock::FixedClock;

/// Six cards: three multiple choice, three recall; KCNA domains.
const PACK: &str = r#"    cards: [
        (id: "a", front: "Which component stores cluster state?", answer: Text("etcd"), distractors: ["kubelet", "CoreDNS"], competencies: ["kcna.fundamentals.core-concepts"], tags: ["kcna"]),
        (id: "b", front: "Default API server port?", answer: Text("6443"), distractors: ["80", "10250"], competencies: ["kcna.fundamentals.core-concepts"], tags: ["kcna"]),
        (id: "c", front: "Which controller replaces failed Pods of a Deployment?", answer: Text("ReplicaSet controller"), distractors: ["Namespace controller"], competencies: ["kcna.orchestration.networking"], tags: ["kcna"]),
        (id: "d", front: "What does a Service give a set of Pods?", answer: Text("A stable virtual IP and DNS name"), competencies: ["kcna.orchestration.networking"], tags: ["kcna"]),
        (id: "e", front: "Name the three pillars of observability.", answer: Set(["metrics", "logs", "traces"]), competencies: ["kcna.architecture.observability"], tags: ["kcna"]),
        (id: "f", front: "What does a liveness probe failure cause?", answer: Text("The kubelet restarts the container"), competencies: ["kcna.fundamentals.core-concepts"], tags: ["kcna"]),
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
    click_radio(harness, length);
    harness.run();
    click_radio(harness, counting);
    harness.run();
    common::ui::click_button(harness, "Start cram");
    harness.run();
}

/// Clicks a radio button, scrolled into view first.
fn click_radio(harness: &mut Harness<'static, App>, label: &str) {
    harness
        .get_by_role_and_label(Role::RadioButton, label)
        .scroll_to_me();
    harness.run();
    harness
        .get_by_role_and_label(Role::RadioButton, label)
        .click();
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
            egui::Key::Num3
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
    harness.get_by_label("0 % \u{2192} 0 %");
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

/// The same cards tagged for the CKA (a hands-on exam: written answers are asked too).
fn cka_pack() -> String {
    PACK.replace("\"kcna\"", "\"cka\"")
        .replace(
            "kcna.fundamentals.core-concepts",
            "cka.troubleshooting.components",
        )
        .replace(
            "kcna.orchestration.networking",
            "cka.networking.service-types",
        )
        .replace("kcna.architecture.observability", "cka.storage.pv-pvc")
}

fn open_exam_week(harness: &mut Harness<'static, App>) {
    harness.run();
    harness.key_press(egui::Key::E);
    harness.run();
}

fn start_mock(harness: &mut Harness<'static, App>, exam: &str) {
    open_exam_week(harness);
    common::ui::click_button(harness, &format!("Start a {exam} mock exam"));
    harness.run();
}

fn mock(harness: &Harness<'static, App>) -> kubestudy::modes::mock::Mock {
    let Screen::Mock(mock) = harness.state().screen() else {
        panic!("in the mock")
    };
    (**mock).clone()
}

#[test]
fn a_whole_cka_mock_exam_with_written_answers() {
    let (_pack, library) = common::ui::library(&cka_pack());
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("settings.ron"),
        "(version: 1, exam_date: Some(\"2026-12-10\"), exam: Some(Cka))",
    )
    .unwrap();
    let mut harness = common::ui::app(library, home.path());
    start_mock(&mut harness, "CKA");
    harness.get_by_label("Question 1 of 6");
    harness.get_by_label("120:00 left");
    let questions = mock(&harness).questions;
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
    harness.get_by_label("6 of 6 answered");
    // Everything answered, but time is left: asked first.
    harness
        .get_by_role_and_label(Role::Button, "Finish exam")
        .click();
    harness.run();
    harness.get_by_label_contains("0 of 6 questions are unanswered and 120:00 is left");
    harness
        .get_by_role_and_label(Role::Button, "Finish now")
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
            common::ui::click_button(&mut harness, &format!("{mark} ({})", i + 1));
            harness.run();
        }
    }
    harness.get_by_label("5 of 6 right: 83 %");
    harness.get_by_label("Pass (pass mark 66 %)");
    harness.get_by_label("Troubleshooting: 100 % (pass mark 66 %), 3 of 3");
    harness.get_by_label("Storage: 0 % (pass mark 66 %), 0 of 1");
    common::ui::click_button(&mut harness, "Save this attempt");
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

#[test]
fn a_kcna_mock_asks_only_multiple_choice_and_asks_before_finishing_early() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    settings(home.path());
    let mut harness = common::ui::app(library, home.path());
    start_mock(&mut harness, "KCNA");
    // Of six KCNA cards, the three with options: the KCNA is multiple choice.
    let questions = mock(&harness).questions;
    assert_eq!(questions.len(), 3);
    assert!(
        questions
            .iter()
            .all(|q| matches!(q.form, kubestudy::modes::mock::Form::Choice { .. })),
        "{questions:?}"
    );
    assert!(harness.query_by_label_contains("Your answer").is_none());
    harness.key_press(egui::Key::Num1);
    harness.run();
    harness.get_by_label("1 of 3 answered");
    harness
        .get_by_role_and_label(Role::Button, "Finish exam")
        .click();
    harness.run();
    harness.get_by_label("Finish the exam now?");
    harness.get_by_label_contains("2 of 3 questions are unanswered and 90:00 is left");
    // Keep going: nothing ended, the answer is still there.
    harness
        .get_by_role_and_label(Role::Button, "Keep going")
        .click();
    harness.run();
    assert!(harness.query_by_label("Finish the exam now?").is_none());
    let running = mock(&harness);
    assert!(running.ended.is_none());
    assert_eq!(running.answered(), 1);
    // Esc asks too, and Esc again closes the question.
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_label("Finish the exam now?");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Finish the exam now?").is_none());
    assert!(mock(&harness).ended.is_none());
    // Enter on the question finishes.
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(mock(&harness).ended.is_some());
    harness.get_by_label_contains("of 3 right:");
}

#[test]
fn leaving_a_mock_with_answers_asks_first() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    settings(home.path());
    let mut harness = common::ui::app(library, home.path());
    // Nothing answered: Leave goes straight home.
    start_mock(&mut harness, "KCNA");
    harness.get_by_role_and_label(Role::Button, "Leave").click();
    harness.run();
    assert!(matches!(harness.state().screen(), Screen::Home));
    // One answer: asked, and staying keeps it.
    start_mock(&mut harness, "KCNA");
    harness.key_press(egui::Key::Num2);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Leave").click();
    harness.run();
    harness.get_by_label("Leave the mock exam?");
    harness.get_by_label_contains("Your 1 answers are lost");
    harness
        .get_by_role_and_label(Role::Button, "Keep going")
        .click();
    harness.run();
    assert_eq!(mock(&harness).answered(), 1);
    harness.get_by_role_and_label(Role::Button, "Leave").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Leave without saving")
        .click();
    harness.run();
    assert!(matches!(harness.state().screen(), Screen::Exam(_)));
    let engine = harness.state().engine().unwrap();
    assert!(engine.store().mock_attempts().unwrap().is_empty());
}

/// Cards whose text and options hold `inline code`.
const CODE_PACK: &str = r#"    cards: [
        (id: "ls", front: "Which command lists the Pods of `kube-system`?", answer: Text("`kubectl get pods -n kube-system`"), distractors: ["`kubectl list pods -n kube-system`", "`kubectl pods kube-system`"], competencies: ["kcna.fundamentals.core-concepts"], tags: ["kcna"]),
        (id: "port", front: "Which port does `kube-apiserver` listen on by default?", answer: Text("`6443`"), competencies: ["kcna.fundamentals.core-concepts"], tags: ["kcna"]),
    ],"#;

/// Every label of the screen.
fn labels(harness: &Harness<'static, App>) -> Vec<String> {
    harness
        .get_all_by_role(Role::Label)
        .chain(harness.get_all_by_role(Role::Button))
        .filter_map(|n| n.accesskit_node().label())
        .collect()
}

#[test]
fn backticks_show_as_code_in_mocks_and_crams() {
    let (_pack, library) = common::ui::library(CODE_PACK);
    let home = tempfile::tempdir().unwrap();
    settings(home.path());
    let mut harness = common::ui::app(library, home.path());
    start_mock(&mut harness, "KCNA");
    harness.get_by_label("Which command lists the Pods of kube-system?");
    harness.get_by_label_contains("kubectl get pods -n kube-system");
    assert!(
        labels(&harness).iter().all(|l| !l.contains('`')),
        "{:?}",
        labels(&harness)
    );
    harness.key_press(egui::Key::Num1);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label_contains("You chose: kubectl");
    assert!(labels(&harness).iter().all(|l| !l.contains('`')));
    // A cram of the recall card: its answer too.
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Leave without saving")
        .click();
    harness.run();
    click_radio(&mut harness, "counts (answers update your schedule)");
    harness.run();
    common::ui::click_button(&mut harness, "Start cram");
    harness.run();
    for _ in 0..2 {
        harness.key_press(egui::Key::Space);
        harness.run();
        assert!(
            labels(&harness).iter().all(|l| !l.contains('`')),
            "{:?}",
            labels(&harness)
        );
        harness.key_press(egui::Key::Num3);
        harness.run();
    }
    harness.get_by_label("Cram finished");
}

#[test]
fn cram_keys_space_reveals_a_choice_1_misses_3_gets_it_esc_leaves_through_the_summary() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    settings(home.path());
    let mut harness = common::ui::app(library, home.path());
    start_cram(
        &mut harness,
        "is practice only (your schedule stays as it is)",
        "20 items",
    );
    let current = |harness: &Harness<'static, App>| {
        let Screen::Cram(state) = harness.state().screen() else {
            panic!("cramming")
        };
        (
            state.cram.current(state.cram.started).cloned(),
            state.cram.revealed(),
            state.cram.score(),
        )
    };
    // Go through the items until a multiple-choice one shows, answering the others by keys.
    let mut guard = 0;
    loop {
        guard += 1;
        assert!(guard < 10, "a multiple-choice item comes");
        let (item, _, (answered, right)) = current(&harness);
        let item = item.unwrap();
        if item.right.is_some() {
            break;
        }
        harness.key_press(egui::Key::Space);
        harness.run();
        assert!(current(&harness).1, "Space shows the answer");
        // 2 does nothing on a self-graded item; 3 is "got it".
        harness.key_press(egui::Key::Num2);
        harness.run();
        assert_eq!(current(&harness).2, (answered, right));
        harness.key_press(egui::Key::Num3);
        harness.run();
        assert_eq!(current(&harness).2, (answered + 1, right + 1));
    }
    // Space on a multiple choice shows the answer without a pick; then 1 is "missed it".
    let (_, _, (answered, right)) = current(&harness);
    harness.key_press(egui::Key::Space);
    harness.run();
    assert!(current(&harness).1);
    harness.get_by_role_and_label(Role::Button, "Missed it\n1");
    harness.key_press(egui::Key::Num1);
    harness.run();
    assert_eq!(current(&harness).2, (answered + 1, right));
    // Esc: the summary of what was answered, then exam week.
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_label("Cram finished");
    harness.get_by_label_contains(&format!("{} answers, ", answered + 1));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(matches!(harness.state().screen(), Screen::Exam(_)));
    // Esc before any answer leaves at once.
    common::ui::click_button(&mut harness, "Start cram");
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(matches!(harness.state().screen(), Screen::Exam(_)));
}

#[test]
fn a_picked_cram_option_shows_the_one_outcome_and_space_goes_on() {
    let (_pack, library) = common::ui::library(CODE_PACK);
    let home = tempfile::tempdir().unwrap();
    settings(home.path());
    let mut harness = common::ui::app(library, home.path());
    open_exam_week(&mut harness);
    click_radio(
        &mut harness,
        "is practice only (your schedule stays as it is)",
    );
    harness.run();
    common::ui::click_button(&mut harness, "Start cram");
    harness.run();
    let Screen::Cram(state) = harness.state().screen() else {
        panic!("cramming")
    };
    let item = state.cram.current(state.cram.started).cloned().unwrap();
    if item.right.is_none() {
        // The recall card first: got it.
        harness.key_press(egui::Key::Space);
        harness.run();
        harness.key_press(egui::Key::Num3);
        harness.run();
    }
    let Screen::Cram(state) = harness.state().screen() else {
        panic!("cramming")
    };
    let item = state.cram.current(state.cram.started).cloned().unwrap();
    let before = state.cram.score();
    let wrong = (item.right.unwrap() + 1) % item.options.len();
    harness.key_press([egui::Key::Num1, egui::Key::Num2, egui::Key::Num3][wrong]);
    harness.run();
    harness.get_by_label("Not this one: recorded as missed; it comes back soon.");
    assert!(
        harness.query_by_label_contains("Got it").is_none(),
        "one outcome, no grades"
    );
    harness.key_press(egui::Key::Space);
    harness.run();
    let Screen::Cram(state) = harness.state().screen() else {
        panic!("cramming")
    };
    assert_eq!(
        state.cram.score(),
        (before.0 + 1, before.1),
        "recorded as missed"
    );
    assert!(!state.cram.revealed(), "on to the next item");
}

#[test]
fn exam_week_opens_at_the_top_at_900_by_600() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    settings(home.path());
    let mut harness = common::ui::app(library, home.path());
    harness.set_size(egui::vec2(900.0, 600.0));
    open_exam_week(&mut harness);
    let top = |harness: &Harness<'static, App>| {
        harness
            .get_by_label("Readiness per KCNA domain, weakest first")
            .rect()
    };
    let first = top(&harness);
    assert!(first.top() >= 0.0 && first.bottom() <= 600.0, "{first:?}");
    // Scrolled down to the mock exam, away and back: at the top again.
    harness
        .get_by_role_and_label(Role::Button, "Start a KCNA mock exam")
        .scroll_to_me();
    harness.run();
    assert!(top(&harness).top() < 0.0, "scrolled away from the charts");
    harness.key_press(egui::Key::Escape);
    harness.run();
    open_exam_week(&mut harness);
    assert_eq!(top(&harness), first);
    harness.get_by_label_contains("Predicted readiness: 0 % today, 0 % on exam day");
    harness.get_by_label("Kubernetes Fundamentals: 0 % (target 90 %), 44 % of the exam, 3 items");
}
