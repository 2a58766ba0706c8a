//! The hands-on screen driven by keyboard: open it from home, type a command, see what is not
//! met, fix it, pass, grade, and reach the summary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubestudy::app::{App, Screen};
use kubestudy::progress::ItemKey;
use kubestudy::study::schedule::Rating;

const TASK: &str = r#"
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
    ],
"#;

const ANSWER_BOX: &str = "Your commands, one per line (as at the exam's terminal)";

fn typed(harness: &Harness<'static, App>) -> String {
    match harness.state().screen() {
        Screen::HandsOn(session) => session.current().map(|c| c.answer.clone()).unwrap(),
        _ => panic!("not on the hands-on screen"),
    }
}

/// Types `text` into the answer box, which has the keyboard focus.
fn type_answer(harness: &mut Harness<'static, App>, text: &str) {
    harness
        .get_by_role_and_label(Role::MultilineTextInput, ANSWER_BOX)
        .type_text(text);
    harness.run();
}

#[test]
fn a_command_task_by_keyboard_from_home_to_summary() {
    let (_pack, library) = common::ui::library(TASK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Hands-on");
    harness.get_by_label_contains("1 hands-on task today");
    harness.get_by_role_and_label(Role::Button, "Practise");
    harness.key_press(Key::H);
    harness.run();
    harness.run();
    harness.get_by_label_contains("task 1 of 1");
    harness.get_by_label_contains("create a Deployment");

    // The box has the focus: typing goes straight in, and Ctrl+Enter checks.
    type_answer(&mut harness, "kubectl create deploy web --image=nginx:1.27");
    assert_eq!(
        typed(&harness),
        "kubectl create deploy web --image=nginx:1.27"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    harness.get_by_label_contains("Not yet: 3 of 4 requirements met");
    harness.get_by_label_contains("\u{2717} --namespace is shop");
    // Ctrl+Enter did not reach the box as a new line.
    assert_eq!(
        typed(&harness),
        "kubectl create deploy web --image=nginx:1.27"
    );

    // The hint, then the fix: passed, the model answer and the grades show, Hard suggested.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::H);
    harness.run();
    harness.get_by_label_contains("Hint: ");
    type_answer(&mut harness, " -n shop");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    harness.get_by_label_contains("Passed: every requirement is met");
    harness.get_by_label_contains("A model answer");
    harness.get_by_label_contains("Space or Enter: Hard");
    harness.key_press(Key::Num3);
    harness.run();
    let key = ItemKey::new(common::PACK_ID, "deploy-web");
    let logged = harness
        .state()
        .engine()
        .unwrap()
        .store()
        .history(&key)
        .unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].answer.rating, Rating::Good);

    // Good on a new task is a learning step: it comes back; asking for the answer ends it.
    harness.get_by_label_contains("create a Deployment");
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Enter);
    harness.run();
    harness.get_by_label_contains("Not passed: 0 of 4 requirements met");
    harness.get_by_label_contains("Space or Enter: Again");
    harness.key_press(Key::Enter);
    harness.run();
    let logged = harness
        .state()
        .engine()
        .unwrap()
        .store()
        .history(&key)
        .unwrap();
    assert_eq!(logged.len(), 2);
    assert_eq!(logged[1].answer.rating, Rating::Again);
    // Esc leaves for home.
    harness.key_press(Key::Escape);
    harness.run();
    assert!(matches!(harness.state().screen(), Screen::Home));
}

#[test]
fn with_no_tasks_the_screen_says_so_and_goes_home() {
    let (_pack, library) = common::ui::library(
        r#"    cards: [(id: "one", front: "Which component stores cluster state?", answer: Text("etcd"))],"#,
    );
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    // No pack has tasks: home says nothing of them, and the screen says why it is empty.
    assert!(harness.query_by_label_contains("hands-on task").is_none());
    common::ui::click_button(&mut harness, "Hands-on");
    harness.run();
    harness.get_by_label("No hands-on tasks today");
    harness.key_press(Key::Enter);
    harness.run();
    assert!(matches!(harness.state().screen(), Screen::Home));
}
