//! The diagram screen: explore, and each quiz mode answered by mouse and by keyboard, with every
//! answer recorded per node; a broken diagram says why.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kubestudy::app::{App, Screen};
use kubestudy::modes::diagram_quiz::{Ask, Mode};
use kubestudy::progress::ItemKey;

const PACK: &str = r#"    glossary: [(id: "etcd", term: "etcd", definition: "The key-value store of all cluster state.")],
    diagrams: [(id: "mini", title: "Mini control plane", summary: "Three components.", canvas: (600, 300),
        nodes: [
            (id: "api", label: "kube-apiserver", aliases: ["API server"], rect: (20, 20, 160, 60), role: "Front door of the control plane."),
            (id: "etcd", label: "etcd", rect: (400, 20, 160, 60), term: "etcd", role: "Stores all cluster state."),
            (id: "sched", label: "kube-scheduler", rect: (20, 200, 160, 60), role: "Chooses a node for each new Pod."),
            (id: "kubelet", label: "kubelet", rect: (400, 200, 160, 60), role: "Runs the Pods bound to its node."),
        ],
        edges: [
            (from: "api", to: "etcd", label: "reads and writes"),
            (from: "sched", to: "api", label: "watches Pods, writes bindings"),
            (from: "kubelet", to: "api", label: "watches its Pods"),
        ])],"#;

fn open(harness: &mut Harness<'static, App>) {
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Mini control plane")
        .click();
    harness.run();
}

fn quiz(harness: &Harness<'static, App>) -> kubestudy::modes::diagram_quiz::QuizState {
    let Screen::Diagram(state) = harness.state().screen() else {
        panic!("on the diagram")
    };
    state.quiz.clone().unwrap()
}

fn reps(harness: &Harness<'static, App>, node: &str) -> u32 {
    let key = ItemKey::new("test-pack", format!("mini/{node}"));
    harness
        .state()
        .engine()
        .unwrap()
        .store()
        .item_state(&key)
        .unwrap()
        .unwrap()
        .reps
}

const IDS: [&str; 4] = ["api", "etcd", "sched", "kubelet"];
const LABELS: [&str; 4] = ["kube-apiserver", "etcd", "kube-scheduler", "kubelet"];

#[test]
fn explore_a_node_and_open_its_term() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open(&mut harness);
    harness.get_by_label("Three components.");
    harness.get_by_role_and_label(Role::Button, "etcd").click();
    harness.run();
    harness.get_by_label("Stores all cluster state.");
    harness.get_by_label("\u{2190} kube-apiserver: reads and writes");
    harness
        .get_by_role_and_label(Role::Button, "Open in the glossary")
        .click();
    harness.run();
    harness.get_by_label("The key-value store of all cluster state.");
}

#[test]
fn locate_by_mouse_then_by_keyboard() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Locate")
        .click();
    harness.run();
    let q = quiz(&harness);
    assert_eq!(
        q.questions.len(),
        4,
        "four unambiguous nodes, none seen yet"
    );
    // First question: click the right box.
    let asked = q.questions[0].node.unwrap();
    harness
        .get_by_role_and_label(Role::Button, LABELS[asked])
        .click();
    harness.run();
    harness.get_by_label("Right: counted as Good");
    assert_eq!(reps(&harness, IDS[asked]), 1);
    harness.key_press(egui::Key::Enter);
    harness.run();
    // Second: by keyboard, Tab to a wrong box and Enter.
    let asked = quiz(&harness).questions[1].node.unwrap();
    let wrong = (asked + 1) % 4;
    harness
        .get_by_role_and_label(Role::Button, LABELS[wrong])
        .focus();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("Not quite: counted as Again");
    harness.get_by_label(&format!("It is {}.", LABELS[asked]));
    assert_eq!(reps(&harness, IDS[asked]), 1);
    assert_eq!(
        reps(&harness, IDS[wrong]),
        if wrong == quiz(&harness).questions[0].node.unwrap() {
            1
        } else {
            0
        }
    );
}

#[test]
fn identify_by_option_key_and_by_typing_an_alias() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Identify")
        .click();
    harness.run();
    // The asked box's label is hidden, on screen and for screen readers.
    harness.get_by_label("Box 1, the one asked about");
    let q = quiz(&harness);
    let Ask::Identify { right, .. } = &q.questions[0].ask else {
        panic!()
    };
    let key = [
        egui::Key::Num1,
        egui::Key::Num2,
        egui::Key::Num3,
        egui::Key::Num4,
    ][*right];
    harness.key_press(key);
    harness.run();
    harness.get_by_label("Right: counted as Good");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let asked = quiz(&harness).questions[1].node.unwrap();
    let name = if asked == 0 {
        "api SERVER"
    } else {
        LABELS[asked]
    };
    harness
        .get_by_role_and_label(Role::TextInput, "Name")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Name")
        .type_text(name);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("Right: counted as Good");
}

#[test]
fn connect_by_selecting_boxes_shows_the_directions() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Connect")
        .click();
    harness.run();
    // Ask about kube-apiserver: it is first in a new diagram.
    let q = quiz(&harness);
    assert_eq!(q.questions[0].node, Some(0));
    assert!(
        harness
            .query_by_label_contains("reads and writes")
            .is_none(),
        "edges hidden: they are the answer"
    );
    for label in ["etcd", "kube-scheduler"] {
        harness.get_by_role_and_label(Role::Button, label).click();
        harness.run();
    }
    harness.key_press(egui::Key::C);
    harness.run();
    harness.get_by_label("Not quite: counted as Again");
    harness.get_by_label("\u{2192} etcd: reads and writes (\u{2714})");
    harness.get_by_label("\u{2190} kubelet: watches its Pods (missed)");
    assert_eq!(reps(&harness, "api"), 1);
    harness.key_press(egui::Key::Enter);
    harness.run();
    // etcd's only neighbour, by keyboard: focus its box, Enter, then Check.
    let asked = quiz(&harness).questions[1].node.unwrap();
    let Ask::Connect { neighbours } = &quiz(&harness).questions[1].ask else {
        panic!()
    };
    for &n in neighbours {
        harness
            .get_by_role_and_label(Role::Button, LABELS[n])
            .focus();
        harness.run();
        harness.key_press(egui::Key::Enter);
        harness.run();
    }
    harness.get_by_role_and_label(Role::Button, "Check").click();
    harness.run();
    harness.get_by_label("Right: counted as Good");
    assert_eq!(reps(&harness, IDS[asked]), 1);
}

#[test]
fn label_every_box_by_mouse_and_keyboard_and_see_the_summary() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open(&mut harness);
    harness.get_by_role_and_label(Role::Button, "Label").click();
    harness.run();
    let Ask::Label { labels } = quiz(&harness).questions[0].ask.clone() else {
        panic!()
    };
    for (n, name) in LABELS.iter().enumerate() {
        let l = labels.iter().position(|x| x == name).unwrap();
        let chip = format!("{}. {name}", l + 1);
        if n % 2 == 0 {
            // Mouse: pick the label, click the box.
            harness.get_by_role_and_label(Role::Button, &chip).click();
            harness.run();
            harness
                .get_by_role_and_label(Role::Button, &format!("Box {}: empty", n + 1))
                .click();
        } else {
            // Keyboard: focus the box, Enter, then the label's number.
            harness
                .get_by_role_and_label(Role::Button, &format!("Box {}: empty", n + 1))
                .focus();
            harness.run();
            harness.key_press(egui::Key::Enter);
            harness.run();
            harness.key_press(
                [
                    egui::Key::Num1,
                    egui::Key::Num2,
                    egui::Key::Num3,
                    egui::Key::Num4,
                ][l],
            );
        }
        harness.run();
        harness.get_by_role_and_label(Role::Button, &format!("Box {}: {name}", n + 1));
    }
    harness.get_by_label("4 of 4 boxes labelled");
    harness.key_press(egui::Key::C);
    harness.run();
    harness.get_by_label("Right: counted as Good");
    for id in IDS {
        assert_eq!(reps(&harness, id), 1, "{id}");
    }
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("Quiz finished");
    harness.get_by_label("Label: 4 of 4 right");
    harness.get_by_label("No box missed.");
    assert_eq!(quiz(&harness).mode, Mode::Label);

    // The stats keep the score per diagram.
    harness.key_press(egui::Key::Escape); // back to exploring
    harness.run();
    harness.key_press(egui::Key::Escape); // home
    harness.run();
    harness.key_press(egui::Key::S);
    harness.run();
    harness.get_by_label("Diagram quizzes");
    harness.get_by_label("Mini control plane");
    harness.get_by_label("Boxes asked: 4 of 4. Right: 100 % of 4 answers.");
    harness.get_by_label("Missed last time: none");
}

#[test]
fn a_broken_diagram_says_why_and_the_pack_still_works() {
    let pack =
        common::PackDir::with_manifest(&PACK.replace("(400, 200, 160, 60)", "(500, 200, 160, 60)"));
    assert!(
        !pack.load().problems.is_empty(),
        "a box off the canvas is a problem"
    );
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app_from_folder(pack.path(), home.path());
    open(&mut harness);
    harness.get_by_label("This diagram cannot be used");
    harness.get_by_label_contains("pack.ron:");
    assert!(harness.query_by_label("Locate").is_none());
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Glossary")
        .click();
    harness.run();
    harness.get_by_label("1 terms");
}

#[test]
fn a_background_picture_with_hotspots_and_a_corrupt_one() {
    let with_picture = PACK.replace(
        "canvas: (600, 300),",
        "canvas: (600, 300), background: \"assets/cluster.png\",",
    );
    let pack = common::PackDir::with_manifest(&with_picture);
    pack.write_bytes("assets/cluster.png", &common::png(600, 300));
    let report = pack.load();
    assert!(
        report.problems.is_empty(),
        "{}",
        common::render(&report.problems)
    );
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app_from_folder(pack.path(), home.path());
    open(&mut harness);
    let Screen::Diagram(state) = harness.state().screen() else {
        panic!()
    };
    assert_eq!(
        state.background.as_ref().unwrap().as_ref().unwrap().size,
        (600, 300)
    );
    // The hotspots are still boxes to click, by name.
    harness.get_by_role_and_label(Role::Button, "etcd").click();
    harness.run();
    harness.get_by_label("Stores all cluster state.");
    harness
        .get_by_role_and_label(Role::Button, "Identify")
        .click();
    harness.run();
    harness.get_by_label("Box 1, the one asked about");

    // The same pack with the picture's bytes damaged: the diagram says why, the pack works.
    pack.write_bytes("assets/cluster.png", &common::png(600, 300)[..200]);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app_from_folder(pack.path(), home.path());
    open(&mut harness);
    harness.get_by_label("This diagram cannot be used");
    harness.get_by_label_contains("assets/cluster.png");
}

#[test]
fn label_check_with_empty_boxes_says_which_and_grades_only_the_labelled_on_request() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open(&mut harness);
    harness.get_by_role_and_label(Role::Button, "Label").click();
    harness.run();
    let Ask::Label { labels } = quiz(&harness).questions[0].ask.clone() else {
        panic!()
    };
    // One label, on its own box (etcd, box 2); the three others stay empty.
    let l = labels.iter().position(|x| x == "etcd").unwrap();
    harness
        .get_by_role_and_label(Role::Button, &format!("{}. etcd", l + 1))
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Box 2: empty")
        .click();
    harness.run();
    harness.get_by_label("1 of 4 boxes labelled");
    // Space checks: nothing is graded, the empty boxes are named.
    harness.key_press(egui::Key::Space);
    harness.run();
    assert!(quiz(&harness).graded.is_none(), "not graded yet");
    harness.get_by_label("3 boxes are still empty (outlined): Box 1, Box 3, Box 4.");
    for id in IDS {
        assert_eq!(reps(&harness, id), 0, "{id} not recorded");
    }
    // Grading the labelled one only: etcd right, the others not recorded at all.
    common::ui::click_button(&mut harness, "Grade only the 1 labelled");
    harness.run();
    harness.get_by_label("Right: counted as Good");
    harness.get_by_label_contains("the 3 left empty were not counted");
    assert_eq!(reps(&harness, "etcd"), 1);
    for id in ["api", "sched", "kubelet"] {
        assert_eq!(reps(&harness, id), 0, "{id} left out");
    }
}

#[test]
fn esc_mid_quiz_shows_the_summary_of_what_was_answered_then_leaves() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Locate")
        .click();
    harness.run();
    // Esc before any answer: straight back to exploring.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(quiz_open(&harness).is_none());
    harness
        .get_by_role_and_label(Role::Button, "Locate")
        .click();
    harness.run();
    let asked = quiz(&harness).questions[0].node.unwrap();
    harness
        .get_by_role_and_label(Role::Button, LABELS[asked])
        .click();
    harness.run();
    // Space goes on after an answer.
    harness.key_press(egui::Key::Space);
    harness.run();
    assert_eq!(quiz(&harness).current, 1);
    // Esc with one answered: the summary of that one, then Esc leaves the quiz.
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_label("Quiz finished");
    harness.get_by_label("Locate: 1 of 1 right");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(quiz_open(&harness).is_none());
    harness.get_by_label("Three components.");
}

#[test]
fn connect_checks_with_space_when_no_box_has_the_focus() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Connect")
        .click();
    harness.run();
    assert_eq!(quiz(&harness).questions[0].node, Some(0));
    for label in ["etcd", "kube-scheduler", "kubelet"] {
        harness.get_by_role_and_label(Role::Button, label).click();
        harness.run();
    }
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label("Right: counted as Good");
    assert_eq!(reps(&harness, "api"), 1);
}

fn quiz_open(harness: &Harness<'static, App>) -> Option<kubestudy::modes::diagram_quiz::QuizState> {
    let Screen::Diagram(state) = harness.state().screen() else {
        panic!("on the diagram")
    };
    state.quiz.clone()
}

/// The built-in cluster diagram at 900×600: every box is big enough for its name at the
/// readable size (the canvas scrolls instead of shrinking), and the side panel leaves the
/// canvas most of the width.
#[test]
fn a_big_diagram_in_a_small_window_keeps_its_text_readable() {
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app_with_home_packs(home.path());
    harness.set_size(egui::vec2(900.0, 600.0));
    harness.run();
    // Home lists every pack first: the diagram's button is below the fold at 900x600.
    common::ui::click_button(&mut harness, "A Kubernetes cluster");
    harness.run();
    let font = egui::FontId::proportional(kubestudy::ui::theme::size::MIN_READABLE);
    let Screen::Diagram(state) = harness.state().screen() else {
        panic!("on the diagram")
    };
    let (library, _) = kubestudy::pack::Library::builtin();
    let diagram = library.packs()[state.pack].diagrams[state.diagram].clone();
    for node in &diagram.nodes {
        let rect = harness
            .get_by_role_and_label(Role::Button, &node.label)
            .rect();
        // The name at the readable size, wrapped to the box's width (less its padding): it
        // fits, on one line or two, without a word running out of the box.
        let wrap = rect.width() - 16.0;
        let text = harness
            .ctx
            .fonts_mut(|f| f.layout(node.label.clone(), font.clone(), egui::Color32::WHITE, wrap));
        assert!(
            text.size().x <= wrap + 0.5 && text.size().y <= rect.height() && text.rows.len() <= 2,
            "{}: box {rect:?}, text {:?} in {} rows",
            node.id,
            text.size(),
            text.rows.len()
        );
    }
}

#[test]
fn an_arrow_with_no_way_around_is_drawn_straight_and_said() {
    // Box "in" is walled in by eight boxes touching it: its arrow cannot get out.
    let mut nodes = String::new();
    for (i, (x, y)) in [
        (100, 100),
        (0, 0),
        (100, 0),
        (200, 0),
        (0, 100),
        (200, 100),
        (0, 200),
        (100, 200),
        (200, 200),
    ]
    .iter()
    .enumerate()
    {
        let id = if i == 0 {
            "in".to_owned()
        } else {
            format!("wall-{i}")
        };
        nodes.push_str(&format!(
            "(id: \"{id}\", label: \"{id}\", rect: ({x}, {y}, 100, 100), role: \"A box.\"),"
        ));
    }
    let pack = format!(
        r#"    diagrams: [(id: "walled", title: "Walled in", canvas: (600, 300),
        nodes: [{nodes} (id: "out", label: "out", rect: (450, 100, 100, 60), role: "Far away.")],
        edges: [(from: "in", to: "out", label: "tries to reach")])],"#
    );
    let (_pack, library) = common::ui::library(&pack);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Walled in")
        .click();
    harness.run();
    harness.get_by_label_contains("walled/in->out: no way around the boxes was found");
    let Screen::Diagram(state) = harness.state().screen() else {
        panic!()
    };
    assert_eq!(state.layout.routes.unrouted(), vec![0]);
}
