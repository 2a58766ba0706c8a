//! Hands-on manifest tasks: the pack format's checks, and a session that starts from the
//! broken manifest, checks it, fixes it and grades it through the engine.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use crate::common::{PackDir, engine_on, render};
use kubestudy::modes::hands_on::{HandsOn, Verdict};
use kubestudy::pack::LoadReport;
use kubestudy::progress::settings::Settings;
use kubestudy::study::schedule::Rating;

const FIX: &str = r#"
    tasks: [
        (
            id: "fix-selector",
            scenario: "Fix the Deployment `api` so that it is taken and its Pods are labelled `app: api`.",
            kind: Manifest(
                start: Some("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: backend\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n      - name: api\n        image: nginx\n"),
                objects: [(kind: "Deployment", name: "api", fields: [Is("spec.selector.matchLabels.app", "api"), Is("spec.template.metadata.labels.app", "api")])],
            ),
            model: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n      - name: api\n        image: nginx\n",
            explanation: "The selector must select the template's labels.",
        ),
    ],
"#;

fn has_problem(report: &LoadReport, item: &str, needle: &str) {
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.item == item && p.message.contains(needle) && p.line > 0),
        "no problem on {item} saying {needle:?} in:\n{}",
        render(&report.problems)
    );
}

#[test]
fn a_clean_manifest_task_loads() {
    let report = PackDir::with_manifest(FIX).load_checked();
    assert!(report.problems.is_empty(), "{}", render(&report.problems));
    assert_eq!(report.pack.unwrap().counts().tasks, 1);
}

#[test]
fn check_refuses_unknown_kinds_bad_paths_a_start_that_passes_and_a_failing_model() {
    let good = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n";
    let tasks = format!(
        r#"
    tasks: [
        (
            id: "unknown-kind",
            scenario: "Write it.",
            kind: Manifest(objects: [(kind: "Deploy", name: "web")]),
            model: {good:?},
        ),
        (
            id: "bad-path",
            scenario: "Write it.",
            kind: Manifest(objects: [(kind: "ConfigMap", name: "c", fields: [Is("data[x", "b")])]),
            model: {good:?},
        ),
        (
            id: "nothing-to-do",
            scenario: "Fix it.",
            kind: Manifest(start: Some({good:?}), objects: [(kind: "ConfigMap", name: "c", fields: [Is("data.a", "b")])]),
            model: {good:?},
        ),
        (
            id: "failing-model",
            scenario: "Write it.",
            kind: Manifest(objects: [(kind: "ConfigMap", name: "c", fields: [Is("data.a", "z")])]),
            model: {good:?},
        ),
        (
            id: "refused-model",
            scenario: "Write it.",
            kind: Manifest(objects: [(kind: "ConfigMap", name: "c")]),
            model: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: C\n",
        ),
        (
            id: "no-objects",
            scenario: "Write it.",
            kind: Manifest(objects: []),
            model: {good:?},
        ),
    ],
"#
    );
    let report = PackDir::with_manifest(&tasks).load_checked();
    has_problem(
        &report,
        "unknown-kind",
        "`Deploy` is not a kind the checker knows",
    );
    has_problem(&report, "bad-path", "a `[` is not closed");
    has_problem(
        &report,
        "nothing-to-do",
        "the start already passes the task",
    );
    has_problem(
        &report,
        "failing-model",
        "the model answer does not pass its own task: ConfigMap `c`: not met: `data.a` is `z` (it is `b`)",
    );
    has_problem(&report, "refused-model", "line 4: `C` is not a valid name");
    has_problem(&report, "no-objects", "needs at least one object");
}

#[test]
fn a_session_starts_from_the_broken_manifest_and_grades_by_the_verdict() {
    let (_home, _pack, library, mut engine, clock) = engine_on(FIX, Settings::default());
    let mut session = HandsOn::start(&engine, library, &clock).unwrap();
    let current = session.current().unwrap();
    assert!(
        current.answer.contains("app: backend"),
        "starts from the manifest to fix"
    );
    assert!(
        current
            .live
            .problems
            .iter()
            .any(|p| p.message.contains("selector must match")),
        "{:?}",
        current.live.problems
    );
    session.check();
    let current = session.current().unwrap();
    let Some(Verdict::Manifest(verdict)) = &current.verdict else {
        panic!("no manifest verdict");
    };
    assert!(!verdict.passed());
    assert_eq!(verdict.score(), (2, 4));
    let fixed = current.answer.replace("app: backend", "app: api");
    session.set_answer(fixed);
    assert!(session.current().unwrap().live.problems.is_empty());
    session.check();
    let current = session.current().unwrap();
    assert!(current.revealed && current.verdict.as_ref().unwrap().passed());
    assert_eq!(current.suggested(), Some(Rating::Hard));
    session.answer(&mut engine, Rating::Hard, &clock).unwrap();
    assert_eq!(session.summary().passed, 1);
}

#[test]
fn explain_tasks_are_checked_against_the_schema_and_graded() {
    let tasks = r#"
    tasks: [
        (
            id: "grace",
            scenario: "Which field sets how long the containers get to stop?",
            kind: Explain(kind: "Pod", field: "spec.terminationGracePeriodSeconds", ask: Path),
            model: "pod.spec.terminationGracePeriodSeconds",
        ),
        (
            id: "no-such-field",
            scenario: "Which field?",
            kind: Explain(kind: "Pod", field: "spec.gracePeriod", ask: Path),
            model: "spec.gracePeriod",
        ),
        (
            id: "no-such-kind",
            scenario: "Which field?",
            kind: Explain(kind: "Pood", field: "spec", ask: Path),
            model: "spec",
        ),
        (
            id: "wrong-type",
            scenario: "What type is replicas?",
            kind: Explain(kind: "Deployment", field: "spec.replicas", ask: Type),
            model: "string",
        ),
    ],
"#;
    let report = PackDir::with_manifest(tasks).load_checked();
    has_problem(
        &report,
        "no-such-field",
        "Pod has no field `spec.gracePeriod`",
    );
    has_problem(
        &report,
        "no-such-kind",
        "`Pood` is not a kind the checker knows",
    );
    has_problem(&report, "wrong-type", "the answer is `integer`");
    assert_eq!(report.problems.len(), 3, "{}", render(&report.problems));

    let (_home, _pack, library, mut engine, clock) = engine_on(
        &tasks
            .replace("model: \"string\"", "model: \"integer\"")
            .replace("spec.gracePeriod", "spec.activeDeadlineSeconds")
            .replace("kind: \"Pood\"", "kind: \"Pod\""),
        Settings::default(),
    );
    let mut session = HandsOn::start(&engine, library, &clock).unwrap();
    session.set_answer("spec.activeDeadlineSeconds".to_owned());
    session.check();
    let current = session.current().unwrap();
    assert!(!current.revealed, "a wrong field is a failed check");
    let Some(Verdict::Explain(verdict)) = &current.verdict else {
        panic!("no explain verdict");
    };
    assert_eq!(verdict.first_problem().unwrap(), "that is not the field");
    session.set_answer("kubectl explain po.spec.terminationGracePeriodSeconds".to_owned());
    session.check();
    let current = session.current().unwrap();
    assert!(current.revealed);
    let Some(Verdict::Explain(verdict)) = &current.verdict else {
        panic!("no explain verdict");
    };
    assert_eq!(verdict.info.as_ref().unwrap().type_name, "integer");
    session.answer(&mut engine, Rating::Hard, &clock).unwrap();
}
