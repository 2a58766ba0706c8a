//! The glossary: search (typo-tolerant, ranked) -> read a term -> follow a see-also link.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use kubestudy::modes::glossary::{GlossaryIndex, Rank};

const TERMS: &str = r#"    glossary: [
        (id: "kubelet", term: "kubelet", aliases: ["node agent"], definition: "The agent on every node that runs Pods through the container runtime.", see_also: ["kube-proxy"]),
        (id: "kube-proxy", term: "kube-proxy", definition: "Programs each node's packet rules so Service addresses reach Pods.", see_also: ["kubelet"]),
        (id: "etcd", term: "etcd", definition: "The key-value store that holds all cluster state; every node's kubelet reaches it only through the API server."),
        (id: "kube-scheduler", term: "kube-scheduler", aliases: ["scheduler"], definition: "Chooses a node for each new Pod."),
    ],
    cards: [
        (id: "who-runs-pods", front: "Which node agent starts a Pod's containers?", answer: Text("the kubelet on that node"), explanation: Some("It asks the container runtime through `CRI`."), terms: ["kubelet"]),
        (id: "agent-steps", front: "What does the node agent do for a new Pod?", answer: Ordered(["pull the images", "start the containers"]), terms: ["kubelet"]),
    ],"#;

#[test]
fn ranking_exact_prefix_alias_contains_typo_definition() {
    let (_pack, library) = common::ui::library(TERMS);
    let index = GlossaryIndex::new(library);
    let names = |query: &str| -> Vec<(String, Rank)> {
        index
            .search(query, None)
            .into_iter()
            .map(|(at, rank)| (index.term(at).unwrap().term.clone(), rank))
            .collect()
    };
    assert_eq!(names("kubelet")[0], ("kubelet".to_owned(), Rank::Exact));
    // Term prefixes first (case-insensitive), then etcd, whose definition mentions the kubelet.
    let kube = names("KUBE");
    assert_eq!(
        kube.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["kubelet", "kube-proxy", "kube-scheduler", "etcd"]
    );
    assert_eq!(kube[3].1, Rank::Definition);
    assert_eq!(
        names("scheduler")[0],
        ("kube-scheduler".to_owned(), Rank::Alias)
    );
    assert_eq!(names("proxy")[0], ("kube-proxy".to_owned(), Rank::Contains));
    assert_eq!(names("kublet")[0], ("kubelet".to_owned(), Rank::Typo));
    let state = names("cluster state");
    assert_eq!(state, vec![("etcd".to_owned(), Rank::Definition)]);
    assert!(names("zzzz").is_empty());
    assert_eq!(names("").len(), 4);
}

#[test]
fn search_open_a_term_and_follow_see_also() {
    let (_pack, library) = common::ui::library(TERMS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Glossary")
        .click();
    harness.run();
    harness.get_by_label("4 terms");

    harness.key_press(egui::Key::Slash); // focuses the search box
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .type_text("kublet");
    harness.run();
    harness.get_by_label("1 terms");
    harness.get_by_label("The agent on every node that runs Pods through the container runtime.");
    harness.get_by_label_contains("Which node agent starts a Pod's containers?");

    harness
        .get_by_role_and_label(Role::Button, "kube-proxy")
        .click();
    harness.run();
    harness.get_by_label("Programs each node's packet rules so Service addresses reach Pods.");

    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Study now");
}

#[test]
fn the_glossary_opens_even_when_progress_cannot() {
    let (_pack, library) = common::ui::library(TERMS);
    let mut harness = common::ui::app_with_store_error(library, "progress.sqlite3 is in use");
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Glossary")
        .click();
    harness.run();
    harness.get_by_label("4 terms");
}

fn open_glossary(harness: &mut egui_kittest::Harness<'static, kubestudy::app::App>) {
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Glossary")
        .click();
    harness.run();
}

fn on_glossary(harness: &egui_kittest::Harness<'static, kubestudy::app::App>) -> bool {
    matches!(
        harness.state().screen(),
        kubestudy::app::Screen::Glossary(_)
    )
}

#[test]
fn esc_with_the_tag_menu_open_closes_the_menu_not_the_glossary() {
    let (_pack, library) = common::ui::library(TERMS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open_glossary(&mut harness);
    harness.get_by_label("Tag").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "all");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(on_glossary(&harness), "Esc closed the menu only");
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "all")
            .is_none()
    );
    harness.get_by_label("4 terms");
    // Nothing open: Esc leaves.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!on_glossary(&harness));
}

#[test]
fn esc_in_the_search_box_leaves_the_box_not_the_glossary() {
    let (_pack, library) = common::ui::library(TERMS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open_glossary(&mut harness);
    harness.key_press(egui::Key::Slash);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .type_text("etcd");
    harness.run();
    harness.get_by_label("1 terms");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(on_glossary(&harness));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!on_glossary(&harness));
}

#[test]
fn a_card_that_tests_the_term_opens_with_its_answer_and_explanation() {
    let (_pack, library) = common::ui::library(TERMS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    open_glossary(&mut harness);
    harness.key_press(egui::Key::Slash);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Search")
        .type_text("kubelet");
    harness.run();
    harness.get_by_label("Cards that test it (2)");
    // Before opening, the answer is not on screen.
    assert!(harness.query_by_label("the kubelet on that node").is_none());
    harness
        .get_by_role_and_label(Role::Button, "Which node agent starts a Pod's containers?")
        .click();
    harness.run();
    harness.get_by_label("Card");
    harness.get_by_label("It asks the container runtime through CRI.");
    harness.get_by_label("the kubelet on that node");

    // Esc closes the card first, then leaves the glossary.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(on_glossary(&harness));
    assert!(
        harness
            .query_by_label("It asks the container runtime through CRI.")
            .is_none()
    );

    // Another card: an ordered answer, listed in order; Close card shuts it.
    harness
        .get_by_role_and_label(Role::Button, "What does the node agent do for a new Pod?")
        .click();
    harness.run();
    harness.get_by_label("1. pull the images");
    harness.get_by_label("2. start the containers");
    harness
        .get_by_role_and_label(Role::Button, "Close card")
        .click();
    harness.run();
    assert!(harness.query_by_label("1. pull the images").is_none());
    assert!(on_glossary(&harness));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!on_glossary(&harness));
}
