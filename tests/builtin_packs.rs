//! The built-in packs: embedded, free of problems, big enough, and traceable to the seed notes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;

use kubestudy::pack::{Counts, Library, Pack};

/// The seed notes the built-in packs were written from (`../shared/seeds/`).
const SEEDS: [&str; 5] = [
    "000_2bb42436a93c8362.txt",
    "001_01fe865a829b33ea.txt",
    "002_8220b9ade00d63e2.txt",
    "003_ecf31a3cf89c3c77.txt",
    "004_5a7dbfac375fc036.txt",
];

fn builtin() -> Library {
    let (library, reports) = Library::builtin();
    let problems: Vec<String> = reports
        .iter()
        .flat_map(|r| &r.problems)
        .map(ToString::to_string)
        .collect();
    assert!(
        problems.is_empty(),
        "built-in packs have problems:\n{}",
        problems.join("\n")
    );
    library
}

#[test]
fn built_in_packs_are_clean_and_complete() {
    let library = builtin();
    let ids: Vec<&str> = library.packs().iter().map(|p| p.id().as_str()).collect();
    assert_eq!(
        ids,
        [
            "cloud-native-architecture",
            "cloud-native-delivery",
            "cluster-operations",
            "cncf-exams",
            "hands-on",
            "k8s-architecture",
            "k8s-config-security",
            "k8s-storage",
            "k8s-traffic",
            "k8s-workloads",
            "networking-primer",
        ]
    );
    let mut total = Counts::default();
    for pack in library.packs() {
        total += pack.counts();
        assert!(
            pack.manifest.kubernetes.starts_with("1."),
            "{} records the Kubernetes version",
            pack.id()
        );
    }
    // What a candidate needs to prepare with kubestudy alone (issue 13's quantities).
    assert!(total.cards >= 1000, "{total:?}");
    assert!(total.terms >= 350, "{total:?}");
    assert!(total.primers >= 5, "{total:?}");
    assert!(total.diagrams >= 12, "{total:?}");
    assert_eq!(total.exams, 5, "{total:?}");
    let primer_ok = library
        .packs()
        .iter()
        .flat_map(|p| &p.primers)
        .any(|primer| {
            primer.sections.len() >= 6 && primer.sections.iter().all(|s| !s.checks.is_empty())
        });
    assert!(
        primer_ok,
        "a primer with at least 6 sections, each with a check"
    );
}

#[test]
fn the_three_required_diagrams_exist() {
    let library = builtin();
    let diagrams: Vec<&str> = library
        .packs()
        .iter()
        .flat_map(|p| &p.diagrams)
        .map(|d| d.id.as_str())
        .collect();
    for wanted in ["cluster", "deployment-flow", "pod-anatomy"] {
        assert!(
            diagrams.contains(&wanted),
            "diagram `{wanted}` missing from {diagrams:?}"
        );
    }
}

/// Lists, per seed file, the items sourced from it (run with `--nocapture` to read it), and
/// checks that every seed feeds the packs and that no item names an unknown source.
#[test]
fn items_per_seed_file() {
    let library = builtin();
    let mut by_seed: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut unsourced = 0;
    for pack in library.packs() {
        for (source, ids) in Pack::items_by_source(pack) {
            let Some(source) = source else {
                unsourced += ids.len();
                continue;
            };
            assert!(
                SEEDS.contains(&source),
                "{}: unknown source `{source}` on {ids:?}",
                pack.id()
            );
            by_seed
                .entry(source)
                .or_default()
                .extend(ids.iter().map(|id| format!("{}/{id}", pack.id())));
        }
    }
    for seed in SEEDS {
        let items = by_seed.get(seed).map(Vec::as_slice).unwrap_or_default();
        println!("{seed}: {} items\n  {}", items.len(), items.join("\n  "));
        assert!(
            items.len() >= 10,
            "seed {seed} feeds only {} items",
            items.len()
        );
    }
    println!("items beyond the seeds (no source): {unsourced}");
}

#[test]
fn every_kcna_card_can_be_asked_as_multiple_choice() {
    // The KCNA is all multiple choice: a card or check of a KCNA competency needs three
    // distractors, so a KCNA mock never falls back to written answers.
    let library = builtin();
    let mut short = Vec::new();
    for pack in library.packs() {
        let checks = pack
            .primers
            .iter()
            .flat_map(|p| &p.sections)
            .flat_map(|s| &s.checks);
        for card in pack.cards.iter().chain(checks) {
            let kcna = card.competencies.iter().any(|c| c.starts_with("kcna."));
            if kcna && card.distractors.len() < 3 {
                short.push(format!("{}/{}", pack.id(), card.id));
            }
        }
    }
    assert!(
        short.is_empty(),
        "KCNA cards with fewer than 3 distractors: {short:?}"
    );
}

#[test]
fn every_competency_and_domain_of_the_kcna_cka_and_ckad_is_covered() {
    // Issue 13's bar: each competency has at least MIN_QUESTIONS cards or checks, and each
    // domain's share of the questions is within SHARE_TOLERANCE of its weight.
    use kubestudy::study::coverage::{Gap, competency_items, coverage};
    let library = builtin();
    let packs: Vec<&Pack> = library.packs().iter().map(AsRef::as_ref).collect();
    let items = competency_items(&packs);
    let catalog = kubestudy::pack::blueprint::builtin();
    let mut gaps = Vec::new();
    for exam in ["kcna", "cka", "ckad"] {
        let map = coverage(catalog.exam(exam).unwrap(), &items, None, 0.9);
        for domain in &map.domains {
            println!(
                "{exam} {:<60} weight {:>2} %  questions {:>4}  share {:>4.1} %",
                domain.name,
                domain.weight,
                domain.questions,
                domain.share * 100.0
            );
            gaps.extend(domain.gaps.iter().map(|g| format!("{}: {g}", domain.id)));
            for c in &domain.competencies {
                gaps.extend(
                    c.gaps
                        .iter()
                        .filter(|g| matches!(g, Gap::FewQuestions { .. }))
                        .map(|g| format!("{}: {g}", c.id)),
                );
            }
        }
    }
    assert!(gaps.is_empty(), "coverage gaps:\n{}", gaps.join("\n"));
}

#[test]
fn nine_cards_in_ten_explain_their_answer_in_every_pack() {
    let library = builtin();
    for pack in library.packs() {
        let checks = pack
            .primers
            .iter()
            .flat_map(|p| &p.sections)
            .flat_map(|s| &s.checks);
        let all: Vec<_> = pack.cards.iter().chain(checks).collect();
        if all.is_empty() {
            continue;
        }
        let explained = all
            .iter()
            .filter(|c| c.explanation.as_ref().is_some_and(|e| !e.trim().is_empty()))
            .count();
        assert!(
            explained * 10 >= all.len() * 9,
            "{}: {explained} of {} cards have an explanation",
            pack.id(),
            all.len()
        );
    }
}

/// Issue 14's content bar: at least 200 hands-on tasks, 80 command, 80 manifest (25 of them a
/// manifest the API server refuses, to fix), 40 explain; every CKA and CKAD competency that can
/// be practised hands-on has 4 tasks or more.
#[test]
fn the_hands_on_pack_covers_the_performance_exams() {
    use kubestudy::pack::TaskKind;
    use kubestudy::tasks::manifest::check;
    let library = builtin();
    let pack = library
        .packs()
        .iter()
        .find(|p| p.id().as_str() == "hands-on")
        .unwrap();
    let (mut command, mut manifest, mut fix, mut explain) = (0, 0, 0, 0);
    let mut per_competency: BTreeMap<&str, usize> = BTreeMap::new();
    for task in &pack.tasks {
        match &task.kind {
            TaskKind::Command { .. } => command += 1,
            TaskKind::Manifest { start, .. } => {
                manifest += 1;
                fix += usize::from(start.as_deref().is_some_and(|s| !check(s).is_clean()));
            }
            TaskKind::Explain { .. } => explain += 1,
        }
        for c in &task.competencies {
            *per_competency.entry(c.as_str()).or_default() += 1;
        }
    }
    println!("{command} command, {manifest} manifest ({fix} to fix), {explain} explain");
    assert!(command + manifest + explain >= 200);
    assert!(command >= 80 && manifest >= 80 && fix >= 25 && explain >= 40);
    // Competencies a terminal task cannot practise: knowledge of what to prepare, not a command
    // or a manifest (answered by cards and primers instead).
    const NOT_HANDS_ON: [&str; 1] = ["cka.cluster.infrastructure"];
    let catalog = kubestudy::pack::blueprint::builtin();
    let mut short = Vec::new();
    for exam in ["cka", "ckad"] {
        for domain in &catalog.exam(exam).unwrap().domains {
            for competency in &domain.competencies {
                let id = competency.id.as_str();
                let n = per_competency.get(id).copied().unwrap_or(0);
                println!("{id}: {n}");
                if n < 4 && !NOT_HANDS_ON.contains(&id) {
                    short.push(format!("{id}: {n}"));
                }
            }
        }
    }
    assert!(
        short.is_empty(),
        "competencies with fewer than 4 tasks: {short:?}"
    );
}
