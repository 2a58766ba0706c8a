//! A manifest task in the window, by keyboard: the broken manifest in the editor, its problem
//! at its line as it stands, the fix typed (Enter keeping the indentation, Tab two spaces),
//! checked, passed, the model answer with the diff, graded.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubestudy::app::{App, Screen};
use kubestudy::study::schedule::Rating;

const TASK: &str = r#"
    tasks: [
        (
            id: "fix-job",
            scenario: "This Job is refused. Fix it so that the Job `pi` runs its Pod once.",
            kind: Manifest(
                start: Some("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl\n"),
                objects: [(kind: "Job", name: "pi", fields: [Has("spec.template.spec.restartPolicy"), Is("spec.template.spec.containers[name=pi].image", "perl")])],
            ),
            model: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: pi\n        image: perl\n",
            hint: "A Job's Pods may not restart Always.",
            explanation: "A Job's Pod template must set restartPolicy to Never or OnFailure.",
        ),
    ],
"#;

const EDITOR: &str = "Your manifest (YAML; Tab indents, Enter keeps the indentation)";

fn typed(harness: &Harness<'static, App>) -> String {
    match harness.state().screen() {
        Screen::HandsOn(session) => session.current().map(|c| c.answer.clone()).unwrap(),
        _ => panic!("not on the hands-on screen"),
    }
}

#[test]
fn a_broken_manifest_is_fixed_by_keyboard_checked_and_graded() {
    let (_pack, library) = common::ui::library(TASK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness.key_press(Key::H);
    harness.run();
    harness.run();
    harness.get_by_label_contains("This Job is refused");
    // The manifest to fix is in the editor, and its problem shows at its line before checking.
    assert!(typed(&harness).starts_with("apiVersion: batch/v1"));
    harness.get_by_label_contains("Line 7, column 5: spec.template.spec.restartPolicy");

    // A check now: not passed, the server's problem and the wants listed.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    harness.get_by_label_contains("Not yet:");
    harness.get_by_label_contains("\u{2717} Line 7");
    harness.get_by_label_contains("\u{2713} Job `pi` (line 1)");

    // Typing: Enter at the end of a line keeps its indentation, after `key:` it indents more,
    // and Tab inserts two spaces.
    kubestudy_set(
        &mut harness,
        "spec:\n  containers:\n  - name: pi\n    image: perl",
    );
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        typed(&harness).ends_with("image: perl\n    "),
        "{:?}",
        typed(&harness)
    );
    kubestudy_set(
        &mut harness,
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl",
    );
    // Beside the cursor: what `kubectl explain` says of the field on its line.
    harness.get_by_label_contains("job.spec.template.spec.containers.image <string>");
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        typed(&harness).ends_with("image: perl\n        "),
        "{:?}",
        typed(&harness)
    );
    harness.key_press(Key::Tab);
    harness.run();
    assert!(
        typed(&harness).ends_with("\n          "),
        "{:?}",
        typed(&harness)
    );

    let fixed = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      \
                 restartPolicy: OnFailure\n      containers:\n      - name: pi\n        image: perl\n";
    kubestudy_set(&mut harness, fixed);
    harness.get_by_label_contains("The API server would take this as it stands.");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    harness.get_by_label_contains("Passed: every requirement is met");
    harness.get_by_label_contains("A model answer, against yours");
    // Passed after a failed check: Hard is suggested; Enter records it.
    harness.get_by_label_contains("Space or Enter: Hard");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(common::ui::ratings(&harness, "fix-job"), [Rating::Hard]);
    // A learning step: it comes back, from the broken manifest again.
    harness.get_by_label_contains("This Job is refused");
    assert!(!typed(&harness).contains("restartPolicy"));
    harness.key_press(Key::Escape);
    harness.run();
    assert!(matches!(harness.state().screen(), Screen::Home));
}

/// Replaces the editor's text, as select-all then typing does.
fn kubestudy_set(harness: &mut Harness<'static, App>, text: &str) {
    common::ui::replace_text(harness, EDITOR, text);
    assert_eq!(typed(harness), text);
}

#[test]
fn an_explain_task_by_keyboard_shows_the_fields_own_description() {
    let (_pack, library) = common::ui::library(
        r#"
    tasks: [
        (
            id: "grace",
            scenario: "Which field of a Pod sets how long its containers get to stop after SIGTERM?",
            kind: Explain(kind: "Pod", field: "spec.terminationGracePeriodSeconds", ask: Path),
            model: "pod.spec.terminationGracePeriodSeconds",
            explanation: "It defaults to 30 seconds.",
        ),
    ],
"#,
    );
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness.key_press(Key::H);
    harness.run();
    harness.run();
    let label = "The field's path, as `kubectl explain` takes it (Enter checks)";
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text("pod.spec.activeDeadlineSeconds");
    harness.run();
    // Enter checks: wrong, and the box keeps the keyboard for the next try.
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label_contains("Not yet: 0 of 1");
    harness.get_by_label_contains("\u{2717} that is not the field");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text("po.spec.terminationGracePeriodSeconds");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label_contains("Passed: every requirement is met");
    harness.get_by_label_contains("kubectl explain pod.spec.terminationGracePeriodSeconds");
    harness.get_by_label_contains("FIELD: terminationGracePeriodSeconds <integer>");
    harness.get_by_label_contains("Space or Enter: Hard");
    harness.key_press(Key::Num4);
    harness.run();
    assert_eq!(common::ui::ratings(&harness, "grace"), [Rating::Easy]);
}

#[test]
fn a_10_mb_paste_is_cut_to_what_the_editor_holds_and_said_so() {
    let (_pack, library) = common::ui::library(TASK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness.key_press(Key::H);
    harness.run();
    harness.run();
    // A pasted log: before the limit, laying this out on every frame hung the window.
    common::ui::replace_text(&mut harness, EDITOR, &"a: b\n".repeat(2_000_000));
    let limit = kubestudy::ui::yaml_editor::MAX_EDIT_CHARS;
    assert_eq!(typed(&harness).chars().count(), limit);
    harness.get_by_label_contains("This box holds 32 K characters at most");
    // And the checker still answers for what is there.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    harness.get_by_label_contains("Not yet:");
}
