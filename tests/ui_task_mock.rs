//! The hands-on mock exam in the window, by keyboard: started from exam week, tasks answered in
//! any order through the task list, a refused command line shown as typed but no verdict before
//! the end, a task flagged, finishing asked first, partial credit per check in the results, and
//! the attempt saved apart from the reviews. Time running out ends and grades it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::rc::Rc;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kubestudy::app::{App, Screen};
use kubestudy::modes::task_mock::TaskMock;
use kubestudy::pack::TaskKind;
use kubestudy::study::clock::FixedClock;

const TASKS: &str = r#"
    tasks: [
        (
            id: "deploy-web",
            scenario: "In namespace `shop`, create a Deployment `web` running `nginx:1.27`.",
            kind: Command(steps: [
                [Command("create deployment"), Name("web"), Flag("image", "nginx:1.27"), Flag("namespace", "shop")],
            ]),
            model: "kubectl create deployment web --image=nginx:1.27 -n shop",
            competencies: ["cka.workloads.deployments-rollouts"],
        ),
        (
            id: "scale-web",
            scenario: "Scale the Deployment `web` in namespace `shop` to 3 replicas.",
            kind: Command(steps: [
                [Command("scale"), Resource("deployments"), Name("web"), Flag("replicas", "3"), Flag("namespace", "shop")],
            ]),
            model: "kubectl scale deployment web --replicas=3 -n shop",
            competencies: ["cka.workloads.deployments-rollouts"],
        ),
        (
            id: "fix-job",
            scenario: "This Job is refused. Fix it so that the Job `pi` runs its Pod once.",
            kind: Manifest(
                start: Some("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl\n"),
                objects: [(kind: "Job", name: "pi", fields: [Has("spec.template.spec.restartPolicy"), Is("spec.template.spec.containers[name=pi].image", "perl")])],
            ),
            model: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: pi\n        image: perl\n",
            competencies: ["cka.troubleshooting.clusters-nodes"],
        ),
    ],
"#;

const COMMANDS: &str = "Your commands, one per line (as at the exam's terminal)";
const EDITOR: &str = "Your manifest (YAML; Tab indents, Enter keeps the indentation)";

fn cka(home: &std::path::Path) {
    std::fs::write(
        home.join("settings.ron"),
        "(version: 1, exam_date: Some(\"2026-12-10\"), exam: Some(Cka))",
    )
    .unwrap();
}

fn mock(harness: &Harness<'static, App>) -> TaskMock {
    let Screen::TaskMock(mock) = harness.state().screen() else {
        panic!("not in the hands-on mock")
    };
    (**mock).clone()
}

fn index_of(harness: &Harness<'static, App>, id: &str) -> usize {
    mock(harness)
        .tasks
        .iter()
        .position(|t| t.key.item == id)
        .unwrap()
}

fn start(harness: &mut Harness<'static, App>) {
    harness.run();
    harness.key_press(Key::E);
    harness.run();
    harness.get_by_label_contains("3 tasks to draw from");
    common::ui::click_button(harness, "Start a CKA hands-on mock");
    harness.run();
    harness.run();
}

/// Goes to task `i` through the task list.
fn open_task(harness: &mut Harness<'static, App>, i: usize) {
    let number = format!("{}", i + 1);
    let button = harness
        .query_all_by_role(Role::Button)
        .find(|b| {
            b.accesskit_node()
                .label()
                .is_some_and(|l| l == number || l.starts_with(&format!("{number} ")))
        })
        .expect("the task's button in the task list");
    button.click();
    harness.run();
    harness.run();
}

fn type_commands(harness: &mut Harness<'static, App>, text: &str) {
    let input = harness.get_by_role_and_label(Role::MultilineTextInput, COMMANDS);
    input.focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::MultilineTextInput, COMMANDS)
        .type_text(text);
    harness.run();
}

#[test]
fn a_cka_hands_on_mock_by_keyboard_scores_partial_credit_and_is_saved_apart() {
    let (_pack, library) = common::ui::library(TASKS);
    let home = tempfile::tempdir().unwrap();
    cka(home.path());
    let mut harness = common::ui::app(library, home.path());
    start(&mut harness);
    harness.get_by_label("CKA hands-on mock exam");
    harness.get_by_label("120:00 left");
    harness.get_by_label("0 of 3 answered");
    assert_eq!(mock(&harness).tasks.len(), 3);

    // The model answer for one task.
    let deploy = index_of(&harness, "deploy-web");
    open_task(&mut harness, deploy);
    harness.get_by_label_contains(&format!("Task {} of 3", deploy + 1));
    type_commands(
        &mut harness,
        "kubectl create deployment web --image=nginx:1.27 -n shop",
    );
    harness.get_by_label("1 of 3 answered");
    // No verdict while the exam runs.
    assert!(harness.query_by_label_contains("checks").is_none());

    // A line kubectl would refuse shows as typed, as at a terminal.
    let scale = index_of(&harness, "scale-web");
    open_task(&mut harness, scale);
    type_commands(
        &mut harness,
        "kubectl scale deployment web --replicas=3 -n shop --bogus",
    );
    harness.get_by_label_contains("Line 1: kubectl would refuse it");
    harness.get_by_label_contains("--bogus");

    // The manifest to fix: its server problem shows at its line; flagged with Ctrl+F, left.
    let job = index_of(&harness, "fix-job");
    open_task(&mut harness, job);
    harness.get_by_label_contains("Line 7, column 5: spec.template.spec.restartPolicy");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(mock(&harness).tasks[job].flagged);
    harness.get_by_label("2 of 3 answered, 1 flagged");
    // Edited, but still refused: the image changed, the fix still missing.
    common::ui::replace_text(
        &mut harness,
        EDITOR,
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl:5.40\n",
    );
    harness.get_by_label("3 of 3 answered, 1 flagged");
    harness.get_by_role_and_label(Role::Button, &format!("{} \u{2691}", job + 1));
    harness.get_by_role_and_label(Role::Button, "Unflag");

    // Ctrl+Enter goes on to the next task, and on the last asks to finish.
    open_task(&mut harness, 0);
    for i in 1..3 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
        harness.run();
        assert_eq!(mock(&harness).current, i);
    }
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    harness.get_by_label("Finish the exam now?");
    harness.get_by_label_contains("0 of 3 tasks have no answer, 1 flagged, and 120:00 is left");
    harness.key_press(Key::Enter);
    harness.run();
    harness.run();

    // One task whole, one line refused (nothing ran), the Job still broken: the server refuses
    // it, so nothing of it was created and none of its checks counts.
    harness.get_by_label("Score 33 %");
    harness.get_by_label("Not yet a pass (pass mark 66 %)");
    harness.get_by_label_contains("Checks met are worth 1.0 of 3 tasks; 1 of 3 tasks fully done");
    harness.get_by_label_contains(&format!("\u{2714} Task {}: 4 of 4 checks", deploy + 1));
    harness.get_by_label_contains(&format!(
        "\u{2718} Task {}: 0 of 4 checks (the API server refused it",
        job + 1
    ));
    // A task opened: what it wanted, and the model with the diff.
    harness
        .get_by_label_contains(&format!("\u{2718} Task {}: 0 of 4 checks", job + 1))
        .click();
    harness.run();
    harness.get_by_label_contains("A model answer, against yours");

    common::ui::click_button(&mut harness, "Save this attempt");
    harness.run();
    harness.get_by_label("Past attempts");
    harness.get_by_label("1 of 3 tasks done");
    harness.get_by_label("33 %");
    let engine = harness.state().engine().unwrap();
    let attempts = engine.store().mock_attempts().unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].exam, "CKA hands-on");
    assert_eq!(engine.store().review_count().unwrap(), 0, "kept apart");
}

#[test]
fn time_running_out_ends_and_grades_the_mock_and_leaving_asks_first() {
    let (_pack, library) = common::ui::library(TASKS);
    let home = tempfile::tempdir().unwrap();
    cka(home.path());
    let clock = Rc::new(FixedClock::new(common::ui::NOW, 0));
    let mut harness = common::ui::app_with_clock(library, home.path(), clock.clone());
    start(&mut harness);
    let deploy = index_of(&harness, "deploy-web");
    open_task(&mut harness, deploy);
    type_commands(
        &mut harness,
        "kubectl create deployment web --image=nginx:1.27 -n shop",
    );
    clock.advance_secs(119 * 60);
    harness.run();
    harness.get_by_label("1:00 left");
    clock.advance_secs(60);
    harness.run();
    harness.run();
    // Over: graded without being asked.
    harness.get_by_label("Score 33 %");
    let m = mock(&harness);
    assert!(m.tasks.iter().all(|t| t.verdict.is_some()));
    assert!(
        m.tasks
            .iter()
            .any(|t| matches!(t.task.kind, TaskKind::Manifest { .. }))
    );
    // Leaving unsaved asks first; Esc stays.
    harness.key_press(Key::Escape);
    harness.run();
    harness.get_by_label("Leave without saving?");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(matches!(harness.state().screen(), Screen::TaskMock(_)));
    common::ui::click_button(&mut harness, "Leave");
    harness.run();
    common::ui::click_button(&mut harness, "Leave without saving");
    harness.run();
    assert!(matches!(harness.state().screen(), Screen::Exam(_)));
    let engine = harness.state().engine().unwrap();
    assert!(engine.store().mock_attempts().unwrap().is_empty());
}
