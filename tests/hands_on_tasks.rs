//! Hands-on command tasks: the pack format's checks, and a session that types, checks, fixes
//! and grades them through the engine.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use crate::common::{PackDir, engine_on, expect_problem, render};
use kubestudy::modes::hands_on::HandsOn;
use kubestudy::progress::ItemKey;
use kubestudy::progress::settings::Settings;
use kubestudy::study::schedule::Rating;

/// Two tasks: one command, and one of two steps.
const TASKS: &str = r#"
    tasks: [
        (
            id: "deploy-web",
            scenario: "In namespace `shop`, create a Deployment `web` running `nginx:1.27`.",
            kind: Command(steps: [
                [Command("create deployment"), Name("web"), Flag("image", "nginx:1.27"), Flag("namespace", "shop")],
            ]),
            model: "kubectl create deployment web --image=nginx:1.27 -n shop",
            hint: "`kubectl create deployment NAME --image=IMAGE`",
            explanation: "Without `-n shop` it lands in the current namespace.",
        ),
        (
            id: "ns-then-sa",
            scenario: "Create the namespace `ci`, then a ServiceAccount `builder` in it.",
            kind: Command(steps: [
                [Command("create namespace"), Name("ci")],
                [Command("create serviceaccount"), Name("builder"), Flag("namespace", "ci")],
            ]),
            model: "kubectl create namespace ci\nkubectl create sa builder -n ci",
        ),
    ],
"#;

#[test]
fn a_clean_task_pack_loads_with_its_tasks_counted() {
    let pack = PackDir::with_manifest(TASKS);
    let report = pack.load();
    assert!(report.problems.is_empty(), "{}", render(&report.problems));
    let loaded = report.pack.unwrap();
    assert_eq!(loaded.counts().tasks, 2);
    assert_eq!(loaded.tasks[1].id.as_str(), "ns-then-sa");
}

#[test]
fn check_names_what_kubectl_lacks_and_a_model_that_fails_its_task() {
    let pack = PackDir::with_manifest(
        r#"
    tasks: [
        (
            id: "bad-flag",
            scenario: "Scale `api` to 5.",
            kind: Command(steps: [[Command("scale"), Name("api"), Flag("replica", "5")]]),
            model: "kubectl scale deploy api --replicas=5",
        ),
        (
            id: "bad-model",
            scenario: "Scale `api` to 5.",
            kind: Command(steps: [[Command("scale"), Name("api"), Flag("replicas", "5")]]),
            model: "kubectl scale deploy api --replicas=4",
        ),
        (
            id: "no-command",
            scenario: "Do it.",
            kind: Command(steps: [[Command("frobnicate")], []]),
            model: "kubectl get pods",
        ),
        (
            id: "no-steps",
            scenario: " ",
            kind: Command(steps: []),
            model: "",
        ),
        (
            id: "bad-model",
            scenario: "Again.",
            kind: Command(steps: [[Command("get")]]),
            model: "kubectl get pods",
        ),
    ],
"#,
    );
    let report = pack.load_checked();
    expect_problem(
        &report,
        "pack.ron",
        (15, 35),
        "bad-flag",
        "`kubectl scale` has no flag `--replica`",
    );
    expect_problem(
        &report,
        "pack.ron",
        (22, 20),
        "bad-model",
        "the model answer does not pass its own task: step 1 (line 1): not met: `--replicas` is `5`",
    );
    expect_problem(
        &report,
        "pack.ron",
        (27, 35),
        "no-command",
        "step 1: kubectl has no command `frobnicate`",
    );
    expect_problem(
        &report,
        "pack.ron",
        (27, 60),
        "no-command",
        "step 2: step lists nothing to meet",
    );
    expect_problem(
        &report,
        "pack.ron",
        (32, 23),
        "no-steps",
        "scenario is empty",
    );
    expect_problem(
        &report,
        "pack.ron",
        (33, 19),
        "no-steps",
        "a command task needs at least one step",
    );
    expect_problem(&report, "pack.ron", (34, 20), "no-steps", "model is empty");
    expect_problem(
        &report,
        "pack.ron",
        (37, 17),
        "bad-model",
        "duplicate id `bad-model` (task)",
    );
}

#[test]
fn a_session_checks_fixes_and_grades_by_the_verdict() {
    let (_home, _pack, library, mut engine, clock) = engine_on(TASKS, Settings::default());
    let mut session = HandsOn::start(&engine, library, &clock).unwrap();
    assert_eq!(session.progress(), (0, 2));
    let first = session.current().unwrap();
    assert_eq!(first.task.id.as_str(), "deploy-web");
    // Grading before the task is over does nothing.
    session.answer(&mut engine, Rating::Good, &clock).unwrap();
    assert_eq!(session.progress(), (0, 2));

    // Wrong namespace: not passed, the miss named; fixing it passes, and suggests Hard.
    session.set_answer("kubectl create deploy web --image nginx:1.27 -n default".into());
    session.check();
    let current = session.current().unwrap();
    assert!(!current.revealed);
    let verdict = current.verdict.as_ref().unwrap();
    assert_eq!(verdict.score(), (3, 4));
    assert!(
        verdict
            .first_problem()
            .unwrap()
            .contains("`--namespace` is `shop`")
    );
    assert_eq!(current.suggested(), None);
    session.set_answer("kubectl -n shop create deployment web --image=nginx:1.27".into());
    session.check();
    let current = session.current().unwrap();
    assert!(current.revealed);
    assert_eq!(current.suggested(), Some(Rating::Hard));
    // Once over, the answer can no longer change.
    session.set_answer("something else".into());
    assert!(session.current().unwrap().verdict.is_some());
    session.answer(&mut engine, Rating::Hard, &clock).unwrap();

    // Two steps, passed at the first check: Good.
    let second = session.current().unwrap();
    assert_eq!(second.task.id.as_str(), "ns-then-sa");
    session.set_answer("kubectl create ns ci\nkubectl get ns\nkubectl create serviceaccount builder --namespace=ci".into());
    session.check();
    assert_eq!(session.current().unwrap().suggested(), Some(Rating::Good));
    session.answer(&mut engine, Rating::Good, &clock).unwrap();

    let pack = crate::common::PACK_ID;
    let logged = engine
        .store()
        .history(&ItemKey::new(pack, "deploy-web"))
        .unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].answer.rating, Rating::Hard);
    assert_eq!(logged[0].answer.mode, "hands-on");
    let summary = session.summary();
    assert_eq!((summary.answered, summary.passed), (2, 2));
    // Both were new: answered, they are in learning and come back in this session.
    assert!(session.current().is_some());
}

#[test]
fn asking_for_the_answer_suggests_again_and_the_hint_hard() {
    let (_home, _pack, library, engine, clock) = engine_on(TASKS, Settings::default());
    let mut session = HandsOn::start(&engine, library, &clock).unwrap();
    session.show_hint();
    assert!(session.current().unwrap().hint_shown);
    session.set_answer("kubectl create deployment web --image=nginx:1.27 -n shop".into());
    session.check();
    assert_eq!(session.current().unwrap().suggested(), Some(Rating::Hard));

    let (_home, _pack, library, engine, clock) = engine_on(TASKS, Settings::default());
    let mut session = HandsOn::start(&engine, library, &clock).unwrap();
    session.set_answer("kubectl create deployment web".into());
    session.give_up();
    let current = session.current().unwrap();
    assert!(current.revealed);
    assert!(!current.verdict.as_ref().unwrap().passed());
    assert_eq!(current.suggested(), Some(Rating::Again));
}
