//! The glossary's tag filter and "Quiz me" drill, a card's term chips, and the stats screen,
//! driven by label and role.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kubestudy::app::Screen;
use kubestudy::progress::ItemKey;

const PACK: &str = r#"    glossary: [
        (id: "kubelet", term: "kubelet", definition: "The agent on every node that runs Pods through the container runtime.", see_also: ["kube-proxy"], tags: ["node"]),
        (id: "kube-proxy", term: "kube-proxy", definition: "Programs each node's packet rules so Service addresses reach Pods.", tags: ["node", "networking"]),
        (id: "etcd", term: "etcd", definition: "The key-value store that holds all cluster state.", tags: ["control-plane"]),
        (id: "kube-scheduler", term: "kube-scheduler", definition: "Chooses a node for each new Pod.", tags: ["control-plane"]),
    ],
    cards: [(id: "who-runs-pods", front: "Which node agent starts a Pod's containers?", answer: Text("the kubelet"), terms: ["kubelet", "etcd"])],"#;

fn open_glossary(harness: &mut egui_kittest::Harness<'static, kubestudy::app::App>) {
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Glossary")
        .click();
    harness.run();
}

#[test]
fn tag_filter_then_a_whole_quiz_by_keys_feeds_the_scheduler() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open_glossary(&mut harness);
    harness.get_by_label("4 terms");

    harness.get_by_label("Tag").click(); // the combo box is labelled by "Tag"
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "control-plane")
        .click();
    harness.run();
    harness.get_by_label("2 terms");

    harness
        .get_by_role_and_label(Role::Button, "Quiz me")
        .click();
    harness.run();
    harness.get_by_label("Question 1 of 2");
    for n in 1..=2 {
        harness.get_by_label(&format!("Question {n} of 2"));
        harness.key_press(egui::Key::Num1);
        harness.run();
        let verdict = harness.query_by_label("Right: counted as Good").is_some()
            || harness
                .query_by_label("Not this one: counted as Again")
                .is_some();
        assert!(verdict, "each answer is marked at once");
        harness.key_press(egui::Key::Enter);
        harness.run();
    }
    harness.get_by_label("Quiz finished");
    harness.get_by_label_contains("of 2 right");

    let engine = harness.state().engine().unwrap();
    assert_eq!(engine.store().review_count().unwrap(), 2);
    for id in ["etcd", "kube-scheduler"] {
        let state = engine
            .store()
            .item_state(&ItemKey::new("test-pack", id))
            .unwrap()
            .unwrap();
        assert_eq!(state.reps, 1, "{id} was answered once");
    }
    let untouched = engine
        .store()
        .item_state(&ItemKey::new("test-pack", "kubelet"))
        .unwrap()
        .unwrap();
    assert_eq!(untouched.reps, 0, "terms outside the filter are not asked");

    harness.key_press(egui::Key::Enter); // Done
    harness.run();
    harness.get_by_label("2 terms");
    assert!(harness.query_by_label("Quiz finished").is_none());
}

#[test]
fn quiz_me_by_mouse_shows_right_and_wrong() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open_glossary(&mut harness);
    harness.key_press(egui::Key::Slash);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .type_text("kube");
    harness.run();
    harness.get_by_label("3 terms");
    harness
        .get_by_role_and_label(Role::Button, "Quiz me")
        .click();
    harness.run();
    let Screen::Glossary(state) = harness.state().screen() else {
        panic!("on the glossary")
    };
    let question = state.drill.as_ref().unwrap().current().unwrap().clone();
    let wrong = (question.right + 1) % question.options.len();
    harness
        .get_by_label_contains(&format!("{}. ", wrong + 1))
        .click();
    harness.run();
    harness.get_by_label("Not this one: counted as Again");
    harness.get_by_label_contains("\u{2714}"); // the right option is shown
    harness.get_by_role_and_label(Role::Button, "Next").click();
    harness.run();
    harness.get_by_label("Question 2 of 3");
    harness.key_press(egui::Key::Escape); // stop the quiz
    harness.run();
    harness.get_by_label("3 terms");
}

#[test]
fn a_cards_term_chip_opens_the_term_over_the_review() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Study now")
        .click();
    harness.run();
    harness.get_by_label("Which node agent starts a Pod's containers?");
    harness.key_press(egui::Key::Space); // term chips show with the answer
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "kubelet")
        .click();
    harness.run();
    harness.get_by_label("The agent on every node that runs Pods through the container runtime.");
    // Its see-also link opens the next term in the same window.
    harness
        .get_by_role_and_label(Role::Button, "kube-proxy")
        .click();
    harness.run();
    harness.get_by_label("Programs each node's packet rules so Service addresses reach Pods.");
    harness.key_press(egui::Key::Escape); // closes the term, not the session
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Programs each node")
            .is_none()
    );
    harness.get_by_label("Which node agent starts a Pod's containers?");
    assert!(matches!(harness.state().screen(), Screen::Review(_)));
}

#[test]
fn stats_show_todays_answers_and_retention() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Stats").click();
    harness.run();
    harness.get_by_label("0 answers today, 0 in all. 5 items never studied.");
    harness.get_by_label("True retention per pack");
    harness.key_press(egui::Key::Escape);
    harness.run();

    harness
        .get_by_role_and_label(Role::Button, "Study now")
        .click();
    harness.run();
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.key_press(egui::Key::Num3);
    harness.run();
    harness.key_press(egui::Key::Escape); // the session's summary
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.key_press(egui::Key::S);
    harness.run();
    harness.get_by_label("1 answers today, 1 in all. 4 items never studied.");
    harness.get_by_label("Answers per day, last 53 weeks");
    harness.get_by_label("Due in the next 30 days");
    harness.get_by_label("Predicted recall now, answered items");
}

#[test]
fn stats_count_items_by_stage_as_the_cli_does() {
    let (_pack, library) = common::ui::library(PACK);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Stats").click();
    harness.run();
    harness.get_by_label("Test pack: 5 unseen, 0 learning, 0 young, 0 mature");
    harness.key_press(egui::Key::Escape);
    harness.run();
    // One answer: a new card goes into learning.
    harness
        .get_by_role_and_label(Role::Button, "Study now")
        .click();
    harness.run();
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.key_press(egui::Key::Num3);
    harness.run();
    harness.key_press(egui::Key::Escape); // the session's summary
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.key_press(egui::Key::S);
    harness.run();
    // The same numbers as `kubestudy stats` prints, from the same query.
    let engine = harness.state().engine().unwrap();
    let clock = kubestudy::study::clock::FixedClock::new(common::ui::NOW, 0);
    let lines =
        kubestudy::study::stats::overview(engine.store(), engine.days(&clock), common::ui::NOW)
            .unwrap();
    let c = &lines[0].counts;
    assert_eq!((c.unseen, c.learning), (4, 1));
    harness.get_by_label(&format!(
        "Test pack: {} unseen, {} learning, {} young, {} mature",
        c.unseen, c.learning, c.young, c.mature
    ));
    harness.get_by_label("Items by stage");
    assert_eq!(
        harness.query_all_by_label("learning").count(),
        2,
        "the tile and the legend"
    );
    harness.get_by_label_contains("Due in the next 30 days: 1 items");
    harness.get_by_label("Predicted recall now: 1 answered items, 1 at 90 % or more");
}

/// A diagram whose boxes have long names, to be missed in its quiz.
const DIAGRAM_PACK: &str = r#"    diagrams: [(id: "big", title: "A control plane with many parts", summary: "Many boxes.", canvas: (1000, 600),
        nodes: [
            (id: "a", label: "kube-controller-manager", rect: (20, 20, 200, 60), role: "Runs the controllers."),
            (id: "b", label: "cloud-controller-manager", rect: (260, 20, 200, 60), role: "Runs the cloud controllers."),
            (id: "c", label: "EndpointSlice controller", rect: (500, 20, 200, 60), role: "Keeps EndpointSlices current."),
            (id: "d", label: "kube-scheduler", rect: (740, 20, 200, 60), role: "Chooses a node for each Pod."),
            (id: "e", label: "kube-apiserver", rect: (20, 200, 200, 60), role: "Front door."),
            (id: "f", label: "Horizontal Pod Autoscaler", rect: (260, 200, 200, 60), role: "Scales workloads."),
            (id: "g", label: "Container runtime interface", rect: (500, 200, 200, 60), role: "Talks to the runtime."),
            (id: "h", label: "Last box of the diagram", rect: (740, 200, 200, 60), role: "The last one."),
        ],
        edges: [])],"#;

#[test]
fn missed_boxes_of_a_diagram_wrap_inside_the_window() {
    use kubestudy::progress::ItemKind;
    use kubestudy::study::schedule::Rating;
    let (_pack, library) = common::ui::library(DIAGRAM_PACK);
    let home = tempfile::tempdir().unwrap();
    {
        let clock = kubestudy::study::clock::FixedClock::new(common::ui::NOW, 0);
        let store = kubestudy::progress::Store::open(home.path()).unwrap();
        let mut engine = kubestudy::study::Engine::new(store, Default::default()).unwrap();
        engine.sync_library(&library, &clock).unwrap();
        for node in ["a", "b", "c", "d", "e", "f", "g", "h"] {
            let item = kubestudy::study::items::node_item_id("big", node);
            engine
                .answer(
                    &ItemKey::new("test-pack", item),
                    ItemKind::Node,
                    Rating::Again,
                    "diagram",
                    0,
                    &clock,
                )
                .unwrap();
        }
    }
    let mut harness = common::ui::app(library, home.path());
    harness.set_size(egui::vec2(900.0, 600.0));
    harness.run();
    harness.key_press(egui::Key::S);
    harness.run();
    let missed = harness.get_by_label_contains("Missed last time:");
    missed.scroll_to_me();
    harness.run();
    let missed = harness.get_by_label_contains("Missed last time:");
    let node = missed.accesskit_node();
    let text = node.label().or_else(|| node.value()).unwrap_or_default();
    assert!(text.ends_with("Last box of the diagram"), "{text}");
    let rect = missed.rect();
    assert!(rect.left() >= 0.0 && rect.right() <= 900.0, "{rect:?}");
    assert!(rect.height() > 30.0, "wrapped over lines: {rect:?}");
    harness.get_by_label("Boxes asked: 8 of 8. Right: 0 % of 8 answers.");
}
