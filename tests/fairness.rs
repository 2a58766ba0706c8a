//! Multiple choice that cannot be passed by its form, over all built-in content: the cards'
//! options, the glossary quiz's, and the diagram Identify options; and the `check` lint that
//! keeps authors' cards so.
//!
//! The statistic: for every question and every form rule of the lint (the option that is the
//! longest or the shortest, the only one ending, starting, using code or an aside as it does),
//! count the options the rule marks. If the right option were placed among the others blind to
//! its form, it would be marked with probability marked/options; summed over all questions that
//! gives the count chance expects, and its hypergeometric variance. The right option must be
//! marked neither more often nor less often (a marked distractor can be ruled out) than chance,
//! within [`SIGMAS`] standard deviations. Run with `--nocapture` to read the figures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::sync::Arc;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use kubestudy::app::Screen;
use kubestudy::modes::diagram_quiz::{Ask, Mode, questions, shows_label};
use kubestudy::modes::drill::{Direction, Drill, names};
use kubestudy::modes::glossary::{GlossaryIndex, TermRef};
use kubestudy::pack::validate::fairness::{Chance, Form, Tell, Tells, odd_ones};
use kubestudy::pack::{Answer, Library};

/// How far from chance a count may be, in standard deviations: a fair generator stays within it
/// about 999 times in 1000. (The built-in cards before the lint had the right option the longest
/// in 86 of 116 cards where chance gives 29: over 12 standard deviations.)
const SIGMAS: f64 = 3.5;

/// What a rule marks among a question's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Strictly longer than every other option.
    Longest,
    /// Strictly shorter than every other option.
    Shortest,
    /// One of the lint's tells against all the other options.
    Odd(Tell),
}

const RULES: [Rule; 8] = [
    Rule::Longest,
    Rule::Shortest,
    Rule::Odd(Tell::Longer),
    Rule::Odd(Tell::Shorter),
    Rule::Odd(Tell::Ending),
    Rule::Odd(Tell::Initial),
    Rule::Odd(Tell::Code),
    Rule::Odd(Tell::Aside),
];

/// The counts of one set of questions, per rule.
#[derive(Default)]
struct Tally {
    questions: usize,
    chance: [Chance; RULES.len()],
}

impl Tally {
    /// Counts one question: its options and which of them are right.
    fn add(&mut self, options: &[&str], right: &[bool]) {
        assert_eq!(options.len(), right.len());
        let rights = right.iter().filter(|r| **r).count();
        let chars: Vec<usize> = options.iter().map(|o| Form::of(o).chars).collect();
        let odd: Vec<Tells> = odd_ones(options);
        let extreme = |i: usize, longer: bool| {
            chars
                .iter()
                .enumerate()
                .all(|(j, &c)| j == i || if longer { chars[i] > c } else { chars[i] < c })
        };
        self.questions += 1;
        for (rule, chance) in RULES.iter().zip(&mut self.chance) {
            let marked: Vec<bool> = (0..options.len())
                .map(|i| match rule {
                    Rule::Longest => extreme(i, true),
                    Rule::Shortest => extreme(i, false),
                    Rule::Odd(tell) => odd[i].contains(*tell),
                })
                .collect();
            let hits = marked.iter().zip(right).filter(|(m, r)| **m && **r).count();
            let count = marked.iter().filter(|m| **m).count();
            chance.add(hits, count, rights, options.len());
        }
    }

    /// Prints the figures and asserts every rule is within chance.
    fn assert_fair(&self, what: &str) {
        println!("{what}: {} questions", self.questions);
        for (rule, c) in RULES.iter().zip(&self.chance) {
            println!(
                "  {rule:?}: right option marked {} times, chance {:.1}, {:+.1} sigma",
                c.observed,
                c.expected,
                c.sigmas()
            );
        }
        assert!(self.questions > 0, "{what}: no questions");
        for (rule, c) in RULES.iter().zip(&self.chance) {
            assert!(
                c.sigmas().abs() <= SIGMAS,
                "{what}: {rule:?} marks the right option {} times where chance gives {:.1} \
                 ({:+.1} sigma)",
                c.observed,
                c.expected,
                c.sigmas()
            );
        }
    }
}

fn builtin() -> Arc<Library> {
    let (library, reports) = Library::builtin();
    let problems: Vec<String> = reports
        .iter()
        .flat_map(|r| &r.problems)
        .map(ToString::to_string)
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Arc::new(library)
}

#[test]
fn builtin_cards_cannot_be_passed_by_form() {
    let library = builtin();
    let mut tally = Tally::default();
    let mut single = 0;
    let (mut right_stops, mut wrong_stops, mut wrong) = (0, 0, 0);
    for pack in library.packs() {
        let checks = pack
            .primers
            .iter()
            .flat_map(|p| p.sections.iter().flat_map(|s| s.checks.iter()));
        for card in pack.cards.iter().chain(checks) {
            let rights: &[String] = match &card.answer {
                Answer::Text(text) => std::slice::from_ref(text),
                Answer::Set(parts) => parts,
                Answer::Ordered(_) | Answer::Cloze => continue,
            };
            if card.distractors.is_empty() {
                continue;
            }
            let options: Vec<&str> = rights
                .iter()
                .chain(&card.distractors)
                .map(String::as_str)
                .collect();
            let right: Vec<bool> = (0..options.len()).map(|i| i < rights.len()).collect();
            tally.add(&options, &right);
            if rights.len() == 1 {
                single += 1;
                right_stops += usize::from(rights[0].trim_end().ends_with('.'));
                wrong += card.distractors.len();
                wrong_stops += card
                    .distractors
                    .iter()
                    .filter(|d| d.trim_end().ends_with('.'))
                    .count();
            }
        }
    }
    println!(
        "single-answer cards: {single}; right option ends with a full stop in {right_stops}, \
         wrong options in {wrong_stops} of {wrong}"
    );
    assert!(
        single >= 100,
        "the built-in packs ask {single} single-answer cards"
    );
    tally.assert_fair("built-in multiple-choice cards");
}

/// Every built-in term asked in a drill, over a few seeds (each seed asks every term once, the
/// direction alternating).
fn drill_questions(index: &GlossaryIndex) -> Vec<kubestudy::modes::drill::Question> {
    let candidates: Vec<(TermRef, f32)> = index
        .search("", None)
        .into_iter()
        .map(|(at, _)| (at, 0.0))
        .collect();
    let mut out = Vec::new();
    for seed in 0..4 {
        let mut drill = Drill::new(index, &candidates, candidates.len(), seed);
        while let Some(q) = drill.current().cloned() {
            drill.pick(q.right);
            drill.next();
            out.push(q);
        }
    }
    out
}

#[test]
fn glossary_quiz_options_cannot_be_passed_by_form() {
    let index = GlossaryIndex::new(builtin());
    let questions = drill_questions(&index);
    let mut by_direction = [Tally::default(), Tally::default()];
    // Options that say which term they define, or that the question rules out.
    let (mut named_right, mut named_wrong, mut in_prompt) = (0, 0, 0);
    for q in &questions {
        let term = index.term(q.at).unwrap();
        let options: Vec<&str> = q.options.iter().map(String::as_str).collect();
        let right: Vec<bool> = (0..options.len()).map(|i| i == q.right).collect();
        let slot = usize::from(q.direction == Direction::DefinitionToTerm);
        by_direction[slot].add(&options, &right);
        let prompt = q.prompt.to_lowercase();
        for (i, option) in q.options.iter().enumerate() {
            match q.direction {
                // A definition naming the term asked gives itself away when right.
                Direction::TermToDefinition if names(option, term) => {
                    if i == q.right {
                        named_right += 1;
                    } else {
                        named_wrong += 1;
                    }
                }
                // A term named by the definition asked is ruled out.
                Direction::DefinitionToTerm
                    if i != q.right && prompt.contains(&option.to_lowercase()) =>
                {
                    in_prompt += 1;
                }
                _ => {}
            }
        }
    }
    println!(
        "glossary quiz: the right definition names the term in {named_right} questions, a wrong \
         one in {named_wrong}; a wrong term is named by the question in {in_prompt}"
    );
    assert_eq!((named_right, named_wrong, in_prompt), (0, 0, 0));
    let [to_definition, to_term] = by_direction;
    to_definition.assert_fair("glossary quiz, term to definition");
    to_term.assert_fair("glossary quiz, definition to term");
    assert!(to_definition.questions >= 100 && to_term.questions >= 100);
}

#[test]
fn identify_options_cannot_be_passed_by_form_or_by_reading_the_canvas() {
    let library = builtin();
    let mut tally = Tally::default();
    for pack in library.packs() {
        for d in &pack.diagrams {
            let order: Vec<usize> = (0..d.nodes.len()).collect();
            for seed in 0..4 {
                for q in questions(d, Mode::Identify, &order, usize::MAX, seed) {
                    let Ask::Identify { options, right } = &q.ask else {
                        panic!("{}: not an Identify question", d.id)
                    };
                    let texts: Vec<&str> = options.iter().map(String::as_str).collect();
                    let rights: Vec<bool> = (0..texts.len()).map(|i| i == *right).collect();
                    tally.add(&texts, &rights);
                    // No option is readable anywhere on the canvas while the question is open.
                    for (n, node) in d.nodes.iter().enumerate() {
                        if shows_label(d, &q, n) {
                            assert!(!options.contains(&node.label), "{}: {}", d.id, node.label);
                        }
                    }
                }
            }
        }
    }
    tally.assert_fair("diagram Identify");
}

#[test]
fn identify_hides_every_box_an_option_names() {
    let (_pack, library) = common::ui::library(
        r#"    diagrams: [(id: "six", title: "Six boxes", canvas: (900, 400),
        nodes: [
            (id: "a", label: "kube-apiserver", rect: (20, 20, 200, 60), role: "Serves the API."),
            (id: "b", label: "etcd", rect: (300, 20, 200, 60), role: "Stores state."),
            (id: "c", label: "kube-scheduler", rect: (600, 20, 200, 60), role: "Places Pods."),
            (id: "d", label: "kubelet", rect: (20, 200, 200, 60), role: "Runs Pods."),
            (id: "e", label: "kube-proxy", rect: (300, 200, 200, 60), role: "Programs rules."),
            (id: "f", label: "CoreDNS", rect: (600, 200, 200, 60), role: "Answers DNS."),
        ])],"#,
    );
    let home = tempfile::tempdir().unwrap();
    let mut harness = common::ui::app(library, home.path());
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Six boxes")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Identify")
        .click();
    harness.run();
    let Screen::Diagram(state) = harness.state().screen() else {
        panic!("on the diagram")
    };
    let quiz = state.quiz.clone().unwrap();
    let question = &quiz.questions[0];
    let Ask::Identify { options, .. } = &question.ask else {
        panic!("an Identify question")
    };
    assert_eq!(options.len(), 4, "{options:?}");
    let labels = [
        "kube-apiserver",
        "etcd",
        "kube-scheduler",
        "kubelet",
        "kube-proxy",
        "CoreDNS",
    ];
    let mut hidden = 0;
    for (i, label) in labels.iter().enumerate() {
        let number = i + 1;
        if question.node == Some(i) {
            harness.get_by_label(&format!("Box {number}, the one asked about"));
        } else if options.iter().any(|o| o == label) {
            harness.get_by_label(&format!("Box {number}, hidden"));
            assert!(
                harness
                    .query_by_role_and_label(Role::Button, label)
                    .is_none(),
                "{label} is an option: its box must not show it"
            );
            hidden += 1;
        } else {
            harness.get_by_role_and_label(Role::Button, label);
        }
    }
    assert_eq!(hidden, 3, "every wrong option's box is hidden");
}

#[test]
fn check_reports_a_giveaway_card_where_its_answer_is() {
    let pack = common::PackDir::with_manifest(r#"    include: ["cards.ron"],"#);
    pack.write(
        "cards.ron",
        r#"(cards: [
    (id: "fair", front: "Which consensus algorithm does etcd use?",
     answer: Text("Raft"), distractors: ["Paxos", "Gossip", "Zab"]),
    (id: "giveaway", front: "What does kube-scheduler do?",
     answer: Text("It watches for new Pods without a node and binds each one to a suitable node."),
     distractors: ["It starts containers", "It stores state", "It routes traffic"]),
])
"#,
    );
    let report = pack.load();
    let problem = common::expect_problem(
        &report,
        "cards.ron",
        (5, 14),
        "giveaway",
        "multiple choice gives the answer away: the right option is over 30% longer",
    );
    assert!(
        problem
            .message
            .contains("ends with a full stop (or ? ! …) where no distractor does"),
        "{problem}"
    );
    assert_eq!(
        report.problems.len(),
        1,
        "{}",
        common::render(&report.problems)
    );
}

/// Loads a pack of `n` cards `card-0`… whose answer and distractors `options(i)` writes.
fn load_cards(n: usize, options: impl Fn(usize) -> String) -> kubestudy::pack::LoadReport {
    let mut cards = String::from("(cards: [\n");
    for i in 0..n {
        cards.push_str(&format!(
            "    (id: \"card-{i}\", front: \"Question {i}?\", {}),\n",
            options(i)
        ));
    }
    cards.push_str("])\n");
    let pack = common::PackDir::with_manifest(r#"    include: ["cards.ron"],"#);
    pack.write("cards.ron", &cards);
    pack.load()
}

#[test]
fn check_reports_a_pack_whose_right_options_are_mostly_the_longest() {
    // Twelve cards, each fair on its own (no option over 30% longer), but the right option is
    // the longest in all of them: "pick the longest" would pass.
    let report = load_cards(12, |i| {
        format!(
            "answer: Text(\"the right one, {i}\"), \
             distractors: [\"wrong one, {i}\", \"wrong two, {i}\", \"wrong six, {i}\"]"
        )
    });
    common::expect_problem(
        &report,
        "pack.ron",
        (1, 1),
        "test-pack",
        "multiple choice can be passed by length: in 12 of 12 questions the right option is the \
         longest one",
    );
    assert_eq!(
        report.problems.len(),
        1,
        "{}",
        common::render(&report.problems)
    );
}

#[test]
fn check_reports_a_distractor_that_can_be_ruled_out_unread() {
    let pack = common::PackDir::with_manifest(r#"    include: ["cards.ron"],"#);
    pack.write(
        "cards.ron",
        r#"(cards: [
    (id: "odd-distractor", front: "Which consensus algorithm does etcd use?",
     answer: Text("Raft"),
     distractors: ["Paxos", "None: etcd replicates by copying files between members", "Gossip"]),
    (id: "odd-code", front: "Which command lists Pods?",
     answer: Text("`kubectl get pods`"),
     distractors: ["`kubectl list pods`", "Ask the scheduler", "`kubectl pods ls`"]),
])
"#,
    );
    let report = pack.load();
    let problem = common::expect_problem(
        &report,
        "cards.ron",
        (4, 29),
        "odd-distractor",
        "multiple choice lets a distractor be ruled out unread: \"None: etcd replicates by \
         copying files between members\" is over 30% longer than every other option",
    );
    assert!(
        problem
            .message
            .contains("(54 characters, the longest other option 6)"),
        "{problem}"
    );
    common::expect_problem(
        &report,
        "cards.ron",
        (7, 43),
        "odd-code",
        "\"Ask the scheduler\" starts with a capital letter where no other option does and has no \
         inline code where every other option has",
    );
    assert_eq!(
        report.problems.len(),
        2,
        "{}",
        common::render(&report.problems)
    );
}

#[test]
fn check_reports_a_pack_whose_right_options_are_never_the_longest_or_shortest() {
    // Forty cards, each fair on its own, but the right option is always in the middle: "rule out
    // the longest and the shortest" would pass.
    let report = load_cards(40, |i| {
        format!(
            "answer: Text(\"right one {i:02}\"), \
             distractors: [\"wrong {i:02}\", \"wrong three {i:02}\", \"wrong two {i:02}\"]"
        )
    });
    common::expect_problem(
        &report,
        "pack.ron",
        (1, 1),
        "test-pack",
        "in only 0 of 40 questions the right option is the",
    );
    assert_eq!(
        report.problems.len(),
        1,
        "{}",
        common::render(&report.problems)
    );
}

#[test]
fn the_glossary_quiz_never_lets_a_definition_name_its_term() {
    let (_pack, library) = common::ui::library(
        r#"    glossary: [
        (id: "etcd", term: "etcd", definition: "Every cluster keeps its state in etcd, as keys and values."),
        (id: "etcdctl", term: "etcdctl", definition: "The command-line client of etcd."),
        (id: "kubelet", term: "kubelet", definition: "The node agent that runs the containers of Pods."),
        (id: "kube-proxy", term: "kube-proxy", definition: "The node component that programs Service rules."),
        (id: "scheduler", term: "kube-scheduler", definition: "Chooses a node for each new Pod."),
        (id: "coredns", term: "CoreDNS", definition: "The cluster DNS server, answering names of Services."),
    ],"#,
    );
    let index = GlossaryIndex::new(library);
    let find = |id: &str| index.find(0, id).unwrap();
    let etcd = index.term(find("etcd")).unwrap();
    let candidates: Vec<(TermRef, f32)> = index
        .search("", None)
        .into_iter()
        .map(|(at, _)| (at, 0.0))
        .collect();
    let mut directions = Vec::new();
    for seed in 0..20 {
        let mut drill = Drill::new(&index, &candidates, candidates.len(), seed);
        while let Some(q) = drill.current().cloned() {
            directions.push(q.direction);
            if q.at == find("etcd") {
                // Its definition names it: asked only with the name blanked out.
                assert_eq!(q.direction, Direction::DefinitionToTerm);
                assert!(!q.prompt.contains("etcd"), "{}", q.prompt);
            }
            if q.direction == Direction::TermToDefinition {
                assert!(!q.options.contains(&etcd.definition), "{:?}", q.options);
            }
            if q.at == find("etcdctl") && q.direction == Direction::DefinitionToTerm {
                assert!(!q.options.iter().any(|o| o == "etcd"), "{:?}", q.options);
            }
            drill.pick(q.right);
            drill.next();
        }
    }
    assert!(directions.contains(&Direction::TermToDefinition));
    assert!(directions.contains(&Direction::DefinitionToTerm));
}
