//! Glossary search folding and tags, and the "Quiz me" drill's questions, over the built-in packs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::sync::Arc;

use kubestudy::modes::drill::{BLANK, Direction, Drill};
use kubestudy::modes::glossary::{GlossaryIndex, Rank, TermRef, fold};
use kubestudy::pack::Library;

fn builtin() -> GlossaryIndex {
    let (library, reports) = Library::builtin();
    assert!(reports.iter().all(|r| r.problems.is_empty()));
    GlossaryIndex::new(Arc::new(library))
}

#[test]
fn search_ignores_case_and_accents_both_ways() {
    let (_pack, library) = common::ui::library(
        r#"    glossary: [
        (id: "cni", term: "Réseau CNI", definition: "Un greffon réseau qui câble les Pods.", tags: ["network"]),
        (id: "etcd", term: "etcd", definition: "The key-value store of cluster state.", tags: ["control-plane"]),
    ],"#,
    );
    let index = GlossaryIndex::new(library);
    let first = |q: &str| index.search(q, None).first().copied();
    let cni = TermRef { pack: 0, term: 0 };
    assert_eq!(first("reseau"), Some((cni, Rank::Prefix)));
    assert_eq!(first("RÉSEAU cni"), Some((cni, Rank::Exact)));
    assert_eq!(first("cable"), Some((cni, Rank::Definition)));
    assert_eq!(
        first("ETCD"),
        Some((TermRef { pack: 0, term: 1 }, Rank::Exact))
    );
    assert_eq!(fold("Câble"), "cable");
}

#[test]
fn the_tag_filter_keeps_only_tagged_terms_in_rank_order() {
    let index = builtin();
    let tags: Vec<&str> = index.tags().collect();
    assert!(tags.contains(&"networking"), "{tags:?}");
    let all = index.search("", None).len();
    let networking = index.search("", Some("networking"));
    assert!(!networking.is_empty() && networking.len() < all);
    for (at, _) in &networking {
        assert!(
            index
                .term(*at)
                .unwrap()
                .tags
                .iter()
                .any(|t| t == "networking")
        );
    }
    assert!(index.search("", Some("no-such-tag")).is_empty());
    // Filtered and searched: still best first.
    let hits = index.search("proxy", Some("networking"));
    assert!(hits.windows(2).all(|w| w[0].1 <= w[1].1), "{hits:?}");
}

#[test]
fn drill_questions_are_fair_and_repeatable() {
    let index = builtin();
    let candidates: Vec<(TermRef, f32)> = index
        .search("", None)
        .into_iter()
        .map(|(at, _)| (at, 0.0))
        .collect();
    let a = Drill::new(&index, &candidates, 10, 7);
    assert_eq!(
        a,
        Drill::new(&index, &candidates, 10, 7),
        "same seed, same drill"
    );
    assert_ne!(
        a,
        Drill::new(&index, &candidates, 10, 8),
        "another seed, another drill"
    );
    let mut directions = Vec::new();
    let mut drill = a;
    while let Some(q) = drill.current().cloned() {
        let term = index.term(q.at).unwrap();
        let answer = match q.direction {
            Direction::TermToDefinition => &term.definition,
            Direction::DefinitionToTerm => &term.term,
        };
        assert_eq!(&q.options[q.right], answer);
        assert!((2..=4).contains(&q.options.len()));
        let folded: Vec<String> = q.options.iter().map(|o| fold(o)).collect();
        for (i, o) in folded.iter().enumerate() {
            assert!(!folded[..i].contains(o), "duplicate option {o}");
        }
        // Every distractor is a term of the same pack.
        let pack: Vec<String> = (0..index.pack_len(q.at.pack))
            .map(|t| TermRef {
                pack: q.at.pack,
                term: t,
            })
            .map(|r| {
                let t = index.term(r).unwrap();
                match q.direction {
                    Direction::TermToDefinition => t.definition.clone(),
                    Direction::DefinitionToTerm => t.term.clone(),
                }
            })
            .collect();
        assert!(q.options.iter().all(|o| pack.contains(o)));
        if q.direction == Direction::DefinitionToTerm {
            assert!(
                !fold(&q.prompt).contains(&fold(&term.term)),
                "the definition gives the term away: {}",
                q.prompt
            );
        }
        directions.push(q.direction);
        assert_eq!(drill.pick(q.right), Some(true));
        assert_eq!(drill.pick(0), None, "one answer per question");
        drill.next();
    }
    assert_eq!(directions.len(), 10);
    assert!(directions.contains(&Direction::TermToDefinition));
    assert!(directions.contains(&Direction::DefinitionToTerm));
    assert_eq!(drill.score(), (10, 10));
    assert!(BLANK.chars().count() == 3);
}

#[test]
fn the_weakest_terms_come_first() {
    let index = builtin();
    let terms: Vec<TermRef> = index
        .search("", None)
        .into_iter()
        .map(|(at, _)| at)
        .collect();
    // All well known except two.
    let candidates: Vec<(TermRef, f32)> = terms
        .iter()
        .enumerate()
        .map(|(i, &at)| (at, if i == 5 || i == 40 { 0.1 } else { 0.95 }))
        .collect();
    let drill = Drill::new(&index, &candidates, 2, 1);
    let mut asked = Vec::new();
    let mut drill = drill;
    while let Some(q) = drill.current().cloned() {
        asked.push(q.at);
        drill.pick((q.right + 1) % q.options.len());
        drill.next();
    }
    asked.sort();
    assert_eq!(asked, vec![terms[5], terms[40]]);
    assert_eq!(drill.score(), (0, 2));
    assert_eq!(drill.missed().len(), 2);
}

#[test]
fn a_pack_of_one_term_cannot_be_quizzed() {
    let (_pack, library) = common::ui::library(
        r#"    glossary: [(id: "etcd", term: "etcd", definition: "The key-value store of cluster state.")],"#,
    );
    let index = GlossaryIndex::new(library);
    let drill = Drill::new(&index, &[(TermRef { pack: 0, term: 0 }, 0.0)], 10, 1);
    assert!(drill.is_over());
}

#[test]
fn shared_names_are_marked_and_diagram_nodes_are_counted() {
    // The built-in packs define each term once; two packs that both define one are marked.
    let packs: Vec<common::PackDir> = ["one", "two"]
        .iter()
        .map(|id| {
            let body = "    glossary: [(id: \"kubelet\", term: \"kubelet\", definition: \"The agent \
                        on each node.\"), (id: \"etcd-store\", term: \"etcd store\", definition: \
                        \"A store.\")],";
            let pack = common::PackDir::with_manifest(body);
            let manifest = std::fs::read_to_string(pack.path().join("pack.ron")).unwrap();
            pack.write(
                "pack.ron",
                &manifest.replace("id: \"test-pack\"", &format!("id: \"{id}\"")),
            );
            pack
        })
        .collect();
    let reports: Vec<_> = packs
        .iter()
        .map(|p| kubestudy::pack::load(&kubestudy::pack::PackSource::Dir(p.path().to_owned())))
        .collect();
    assert!(
        reports.iter().all(|r| r.problems.is_empty()),
        "{:?}",
        reports[0].problems
    );
    let shared = GlossaryIndex::new(Arc::new(Library::from_reports(&reports)));
    let kubelets: Vec<TermRef> = shared
        .search("kubelet", None)
        .into_iter()
        .filter(|(_, rank)| *rank == Rank::Exact)
        .map(|(at, _)| at)
        .collect();
    assert_eq!(kubelets.len(), 2, "kubelet is in both packs");
    assert!(kubelets.iter().all(|&at| shared.is_ambiguous(at)));
    let etcd = shared.search("etcd store", None)[0].0;
    assert!(
        shared.is_ambiguous(etcd),
        "the same name in two packs, under any id"
    );
    // In the built-in packs: the one kubelet term and the diagram boxes that use it.
    let index = builtin();
    let kubelets: Vec<TermRef> = index
        .search("kubelet", None)
        .into_iter()
        .filter(|(_, rank)| *rank == Rank::Exact)
        .map(|(at, _)| at)
        .collect();
    assert_eq!(kubelets.len(), 1, "one definition per term");
    assert!(!index.is_ambiguous(kubelets[0]));
    let architecture = kubelets[0];
    assert_eq!(index.pack_id(architecture), "k8s-architecture");
    let nodes = index.nodes_using(architecture);
    assert!(
        nodes.contains(&("A Kubernetes cluster", "kubelet (node 1)", 1))
            && nodes.contains(&("A Kubernetes cluster", "kubelet (node 2)", 1)),
        "{nodes:?}"
    );
    // Boxes with the same label in one diagram are listed once, counted.
    let (_pack, library) = common::ui::library(
        r#"    glossary: [(id: "kubelet", term: "kubelet", definition: "The node agent.")],
    diagrams: [(id: "d", title: "Two nodes", canvas: (300, 100), nodes: [
        (id: "a", label: "kubelet", rect: (0, 0, 100, 50), term: "kubelet", role: "Agent on node A."),
        (id: "b", label: "kubelet", rect: (150, 0, 100, 50), term: "kubelet", role: "Agent on node B."),
    ])],"#,
    );
    let index = GlossaryIndex::new(library);
    assert_eq!(
        index.nodes_using(TermRef { pack: 0, term: 0 }),
        [("Two nodes", "kubelet", 2)]
    );
}

const CODE_TERMS: &str = r#"    glossary: [
        (id: "ip-link", term: "ip link", definition: "Lists the interfaces with `ip link show`."),
        (id: "ip-route", term: "ip route", definition: "Prints the routing table with `ip route`."),
        (id: "ss", term: "ss", definition: "Lists open sockets with `ss -tlnp`."),
    ],"#;

fn start_quiz(
    harness: &mut egui_kittest::Harness<'static, kubestudy::app::App>,
) -> kubestudy::modes::drill::Drill {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable as _;
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Glossary")
        .click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
    harness.run();
    drill_of(harness)
}

fn drill_of(
    harness: &egui_kittest::Harness<'static, kubestudy::app::App>,
) -> kubestudy::modes::drill::Drill {
    match harness.state().screen() {
        kubestudy::app::Screen::Glossary(state) => state.drill.clone().expect("a drill runs"),
        other => panic!("not the glossary: {other:?}"),
    }
}

#[test]
fn the_quiz_runs_on_the_shared_keys_and_esc_ends_through_its_score() {
    use egui_kittest::kittest::Queryable as _;
    let (_pack, library) = common::ui::library(CODE_TERMS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    let drill = start_quiz(&mut harness);
    let (_, total) = drill.progress();
    assert_eq!(total, 3);
    harness.get_by_label("Question 1 of 3");
    // Backticks are inline code, never shown raw, in the prompt or the options.
    assert_eq!(harness.query_all_by_label_contains("`").count(), 0);
    let question = drill.current().unwrap().clone();
    let wrong = (question.right + 1) % question.options.len();
    let key = kubestudy::ui::keys::NUMBER_KEYS[wrong];
    harness.key_press(key);
    harness.run();
    // One outcome, recorded at once; Space goes on (Enter would too).
    harness.get_by_label("Not this one: counted as Again");
    assert_eq!(
        harness
            .state()
            .engine()
            .unwrap()
            .store()
            .review_count()
            .unwrap(),
        1
    );
    harness.key_press(key);
    harness.run();
    assert_eq!(
        drill_of(&harness).score(),
        (0, 1),
        "a second key is not a second answer"
    );
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label("Question 2 of 3");
    assert_eq!(harness.query_all_by_label_contains("`").count(), 0);
    let right = drill_of(&harness).current().unwrap().right;
    harness.key_press(kubestudy::ui::keys::NUMBER_KEYS[right]);
    harness.run();
    harness.get_by_label("Right: counted as Good");

    // Esc with answers given: the score of those answered, and the missed term.
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_label("Quiz finished");
    harness.get_by_label("1 of 2 right");
    let missed = drill_of(&harness).missed().to_vec();
    assert_eq!(missed, vec![question.at]);
    assert_eq!(
        harness
            .state()
            .engine()
            .unwrap()
            .store()
            .review_count()
            .unwrap(),
        2
    );
    // Esc again: back to reading the glossary.
    harness.key_press(egui::Key::Escape);
    harness.run();
    match harness.state().screen() {
        kubestudy::app::Screen::Glossary(state) => assert!(state.drill.is_none()),
        other => panic!("left the glossary: {other:?}"),
    }
    harness.get_by_label("3 terms");
}

#[test]
fn esc_before_any_answer_stops_the_quiz_without_a_score() {
    use egui_kittest::kittest::Queryable as _;
    let (_pack, library) = common::ui::library(CODE_TERMS);
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    start_quiz(&mut harness);
    harness.get_by_label("Question 1 of 3");
    // Space before an answer does nothing: there is nothing to go on to.
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.get_by_label("Question 1 of 3");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Quiz finished").is_none());
    match harness.state().screen() {
        kubestudy::app::Screen::Glossary(state) => assert!(state.drill.is_none()),
        other => panic!("left the glossary: {other:?}"),
    }
    assert_eq!(
        harness
            .state()
            .engine()
            .unwrap()
            .store()
            .review_count()
            .unwrap(),
        0
    );
}
