//! Exam week: the readiness forecast against hand-computed values, the last-pass clamp, and new
//! items raised so every pack is introduced a week before the exam.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use kubestudy::progress::settings::{Exam, Settings};
use kubestudy::progress::{ItemKey, ItemKind, Store};
use kubestudy::study::Engine;
use kubestudy::study::clock::{Clock as _, Days, FixedClock, Timestamp};
use kubestudy::study::exam::{ExamPlan, clamp_to_exam, parse_day, profile};
use kubestudy::study::forecast::{ForecastInput, forecast};
use kubestudy::study::schedule::{ItemState, Phase, Rating};

/// 2026-11-22 10:00 UTC, a Sunday.
const NOW: Timestamp = Timestamp(1_795_341_600_000);
const DAY_MS: i64 = 86_400_000;

fn cards(n: usize) -> String {
    let mut body = String::from("    cards: [\n");
    for i in 0..n {
        let competency = if i % 2 == 0 {
            "kcna.fundamentals.core-concepts"
        } else {
            "kcna.orchestration.networking"
        };
        body.push_str(&format!(
            "        (id: \"c{i}\", front: \"Question {i}?\", answer: Text(\"{i}\"), competencies: [\"{competency}\"]),\n"
        ));
    }
    body.push_str("    ],");
    body
}

fn engine(dir: &std::path::Path, exam_date: Option<&str>, new_per_day: u32) -> Engine {
    let settings = Settings {
        exam_date: exam_date.map(str::to_owned),
        exam: Some(Exam::Kcna),
        new_per_day,
        ..Settings::default()
    };
    Engine::new(Store::open(dir).unwrap(), settings).unwrap()
}

#[test]
fn the_last_pass_clamp() {
    let clock = FixedClock::new(NOW, 0);
    let days = Days::of(&clock, 4);
    let today = days.day_of(NOW);
    assert_eq!(parse_day("2026-11-22"), Some(today));
    let plan = ExamPlan::new(Some("2026-12-02"), 3).unwrap();
    assert_eq!(plan.exam_day, today + 10);
    let far = ItemState {
        phase: Phase::Review,
        due: Timestamp(NOW.0 + 30 * DAY_MS),
        interval_days: 30,
        ..ItemState::new_item()
    };
    // Before the last pass: due at its start, 7 days from now.
    let clamped = clamp_to_exam(far, Some(plan), NOW, days);
    assert_eq!(clamped.due, days.start_of(today + 7));
    assert_eq!(clamped.interval_days, 7);
    // A step due in ten minutes is left alone.
    let soon = ItemState {
        due: Timestamp(NOW.0 + 600_000),
        ..far
    };
    assert_eq!(clamp_to_exam(soon, Some(plan), NOW, days), soon);
    // In the last pass: due on exam day at the latest.
    let late = Timestamp(NOW.0 + 8 * DAY_MS);
    let clamped = clamp_to_exam(far, Some(plan), late, days);
    assert_eq!(clamped.due, days.start_of(today + 10));
    // After the exam, or with no exam: untouched.
    assert_eq!(
        clamp_to_exam(far, Some(plan), Timestamp(NOW.0 + 11 * DAY_MS), days),
        far
    );
    assert_eq!(clamp_to_exam(far, None, NOW, days), far);

    // Through the engine: an Easy first answer would wait longer than the last pass.
    let dir = tempfile::tempdir().unwrap();
    let mut with_exam = engine(dir.path(), Some("2026-11-27"), 20);
    let key = ItemKey::new("p", "c0");
    let state = with_exam
        .answer(&key, ItemKind::Card, Rating::Easy, "review", 0, &clock)
        .unwrap();
    assert_eq!(
        state.due,
        days.start_of(today + 2),
        "exam in 5 days, last pass from day 2"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut without = engine(dir.path(), None, 20);
    let free = without
        .answer(&key, ItemKind::Card, Rating::Easy, "review", 0, &clock)
        .unwrap();
    assert!(
        free.due.0 > days.start_of(today + 2).0,
        "without an exam it waits longer"
    );
}

#[test]
fn new_items_are_raised_to_finish_a_week_before_the_exam() {
    let (_pack, library) = common::ui::library(&cards(100));
    let clock = FixedClock::new(NOW, 0);
    let dir = tempfile::tempdir().unwrap();
    // Exam in 12 days: 5 days to introduce 100 cards → 20 a day, above the limit of 10.
    let mut engine = engine(dir.path(), Some("2026-12-04"), 10);
    engine.sync_library(&library, &clock).unwrap();
    assert_eq!(
        engine.raised_new_limits(&clock).unwrap(),
        [("test-pack".to_owned(), 20)]
    );
    let request = engine
        .request_for_exam(vec!["test-pack".into()], vec![ItemKind::Card], &clock)
        .unwrap();
    assert_eq!(engine.queue(&request, &clock).unwrap().len(), 20);
    // No exam: the daily limit.
    let dir = tempfile::tempdir().unwrap();
    let mut plain = self::engine(dir.path(), None, 10);
    plain.sync_library(&library, &clock).unwrap();
    assert!(plain.raised_new_limits(&clock).unwrap().is_empty());
    let request = plain
        .request_for_exam(vec!["test-pack".into()], vec![ItemKind::Card], &clock)
        .unwrap();
    assert_eq!(plain.queue(&request, &clock).unwrap().len(), 10);
}

/// FSRS-6 forgetting curve, written out: R(t, S) = (1 + f·t/S)^(−d), f = 0.9^(−1/d) − 1.
fn by_hand(elapsed_days: f64, stability: f64, decay: f64) -> f64 {
    let factor = 0.9_f64.powf(-1.0 / decay) - 1.0;
    (1.0 + factor * elapsed_days / stability).powf(-decay)
}

#[test]
fn the_forecast_matches_the_forgetting_curve_by_hand() {
    let (_pack, library) = common::ui::library(&cards(4));
    let clock = FixedClock::new(NOW, 0);
    let dir = tempfile::tempdir().unwrap();
    let mut engine = engine(dir.path(), Some("2026-12-02"), 20);
    engine.sync_library(&library, &clock).unwrap();
    // c0 answered Good, c1 answered Easy; c2 and c3 never seen.
    for (item, rating) in [("c0", Rating::Good), ("c1", Rating::Easy)] {
        engine
            .answer(
                &ItemKey::new("test-pack", item),
                ItemKind::Card,
                rating,
                "review",
                0,
                &clock,
            )
            .unwrap();
    }
    let days = engine.days(&clock);
    let plan = engine.exam_plan().unwrap();
    let exam_at = plan.exam_time(days);
    let decay = f64::from(engine.decay());
    let mut expected = 0.0;
    let mut fundamentals = 0.0;
    for (i, item) in ["c0", "c1"].iter().enumerate() {
        let state = engine.state(&ItemKey::new("test-pack", *item)).unwrap();
        let memory = state.memory.unwrap();
        let elapsed = (exam_at.0 - state.last_review.unwrap().0) as f64 / DAY_MS as f64;
        let r = by_hand(elapsed, f64::from(memory.stability), decay);
        expected += r;
        if i == 0 {
            fundamentals += r;
        }
    }
    let input = ForecastInput {
        plan,
        days,
        now: clock.now(),
        decay: engine.decay(),
        target: 0.9,
        learning_answers: 2,
        profile: Some(profile(Exam::Kcna)),
    };
    let f = forecast(engine.store(), &library, input).unwrap();
    assert_eq!(f.overall.items, 4);
    assert!(
        (f.overall.expected - expected).abs() < 1e-4,
        "{} vs {expected}",
        f.overall.expected
    );
    assert!((f.overall.share() - expected / 4.0).abs() < 1e-4);
    assert_eq!(f.unseen, 2);
    assert_eq!(f.days_left, 10);
    // Unseen: 2 × (2 steps + 1 review); below 90% on exam day: each seen item once.
    assert_eq!(f.answers_needed, 2 * 3 + f.to_refresh);
    // Domains: c0 and c2 are fundamentals (44%), c1 and c3 orchestration (28%), weakest first.
    let fund = f
        .domains
        .iter()
        .find(|(n, _)| n == "Kubernetes Fundamentals")
        .unwrap();
    assert_eq!(fund.1.group.items, 2);
    assert!((fund.1.group.expected - fundamentals).abs() < 1e-4);
    let orch = f
        .domains
        .iter()
        .find(|(n, _)| n == "Container Orchestration")
        .unwrap();
    let weighted = (44.0 * fund.1.group.share() + 28.0 * orch.1.group.share()) / 72.0;
    assert!((f.weighted.unwrap() - weighted).abs() < 1e-9);
    assert!(
        f.domains
            .windows(2)
            .all(|w| w[0].1.group.share() <= w[1].1.group.share())
    );
    assert!(f.tags.windows(2).all(|w| w[0].share() <= w[1].share()));
}

#[test]
fn the_engines_cached_forecast_follows_answers_and_undo() {
    let (_pack, library) = common::ui::library(&cards(6));
    let clock = FixedClock::new(NOW, 0);
    let dir = tempfile::tempdir().unwrap();
    let mut engine = engine(dir.path(), Some("2026-12-02"), 20);
    engine.sync_library(&library, &clock).unwrap();
    let input = |engine: &Engine| ForecastInput {
        plan: engine.exam_plan().unwrap(),
        days: engine.days(&clock),
        now: clock.now(),
        decay: engine.decay(),
        target: 0.9,
        learning_answers: 2,
        profile: Some(profile(Exam::Kcna)),
    };
    let same = |engine: &Engine| {
        let cached = engine.forecast(&library, input(engine)).unwrap();
        let scanned = forecast(engine.store(), &library, input(engine)).unwrap();
        assert!((cached.overall.expected - scanned.overall.expected).abs() < 1e-4);
        assert_eq!(cached.unseen, scanned.unseen);
        cached
    };
    assert_eq!(same(&engine).unseen, 6);
    let key = ItemKey::new("test-pack", "c3");
    engine
        .answer(&key, ItemKind::Card, Rating::Good, "cram", 0, &clock)
        .unwrap();
    let after = same(&engine);
    assert_eq!(after.unseen, 5);
    assert!(after.overall.expected > 0.5);
    engine.undo().unwrap();
    assert_eq!(same(&engine).unseen, 6);
}

#[test]
fn readiness_day_by_day_follows_the_forgetting_curve_to_the_exam() {
    let (_pack, library) = common::ui::library(&cards(4));
    let clock = FixedClock::new(NOW, 0);
    let dir = tempfile::tempdir().unwrap();
    let mut engine = engine(dir.path(), Some("2026-12-02"), 20);
    engine.sync_library(&library, &clock).unwrap();
    let input = |engine: &Engine| ForecastInput {
        plan: engine.exam_plan().unwrap(),
        days: engine.days(&clock),
        now: clock.now(),
        decay: engine.decay(),
        target: 0.9,
        learning_answers: 2,
        profile: Some(profile(Exam::Kcna)),
    };
    let today = engine.days(&clock).day_of(NOW);
    // Nothing studied: ten days ahead, every day at 0.
    let flat = engine.readiness_by_day(&library, input(&engine)).unwrap();
    assert_eq!(flat.len(), 11, "today and the ten days to the exam");
    assert_eq!(flat.first().unwrap().day, today);
    assert_eq!(flat.last().unwrap().day, today + 10);
    assert!(flat.iter().all(|d| d.share == 0.0));

    for item in ["c0", "c1"] {
        engine
            .answer(
                &ItemKey::new("test-pack", item),
                ItemKind::Card,
                Rating::Good,
                "review",
                0,
                &clock,
            )
            .unwrap();
    }
    let by_day = engine.readiness_by_day(&library, input(&engine)).unwrap();
    let days: Vec<i64> = by_day.iter().map(|d| d.day).collect();
    assert_eq!(days, (today..=today + 10).collect::<Vec<_>>());
    // Without further study the line only falls, and on exam day it is the forecast.
    assert!(by_day.windows(2).all(|w| w[1].share <= w[0].share));
    assert!(by_day[0].share > by_day[10].share);
    let f = engine.forecast(&library, input(&engine)).unwrap();
    assert!((by_day[10].share - f.overall.share()).abs() < 1e-9);
    // Day 5 by hand: two items on their curve at the exam's time of day, two unseen.
    let days_cal = engine.days(&clock);
    let plan = engine.exam_plan().unwrap();
    let time_of_day = plan.exam_time(days_cal).0 - days_cal.start_of(plan.exam_day).0;
    let at = days_cal.start_of(today + 5).0 + time_of_day;
    let decay = f64::from(engine.decay());
    let mut expected = 0.0;
    for item in ["c0", "c1"] {
        let state = engine.state(&ItemKey::new("test-pack", item)).unwrap();
        let elapsed = (at - state.last_review.unwrap().0) as f64 / DAY_MS as f64;
        expected += by_hand(elapsed, f64::from(state.memory.unwrap().stability), decay);
    }
    assert!(
        (by_day[5].share - expected / 4.0).abs() < 1e-4,
        "{} vs {}",
        by_day[5].share,
        expected / 4.0
    );
}

#[test]
fn a_far_exam_is_sampled_and_a_past_one_has_no_line() {
    use kubestudy::study::forecast::MAX_DAY_POINTS;
    let (_pack, library) = common::ui::library(&cards(2));
    let clock = FixedClock::new(NOW, 0);
    let today = Days::of(&clock, 4).day_of(NOW);
    for (date, points) in [("2027-11-22", MAX_DAY_POINTS), ("2026-11-20", 0)] {
        let dir = tempfile::tempdir().unwrap();
        let mut engine = engine(dir.path(), Some(date), 20);
        engine.sync_library(&library, &clock).unwrap();
        let plan = engine.exam_plan().unwrap();
        let input = ForecastInput {
            plan,
            days: engine.days(&clock),
            now: clock.now(),
            decay: engine.decay(),
            target: 0.9,
            learning_answers: 2,
            profile: None,
        };
        let by_day = engine.readiness_by_day(&library, input).unwrap();
        assert_eq!(by_day.len(), points, "{date}");
        if points > 0 {
            assert_eq!(by_day.first().unwrap().day, today);
            assert_eq!(by_day.last().unwrap().day, plan.exam_day);
            assert!(by_day.windows(2).all(|w| w[0].day < w[1].day));
        }
    }
}

#[test]
fn a_kcna_mock_asks_only_multiple_choice_a_cka_mock_also_recall() {
    use kubestudy::modes::exam_items::mock_candidates;
    use kubestudy::modes::mock::{Form, Mock};
    let reports: Vec<_> = kubestudy::pack::builtin::sources()
        .iter()
        .map(kubestudy::pack::load)
        .collect();
    let library = kubestudy::pack::Library::from_reports(&reports);
    let kcna = profile(Exam::Kcna);
    for seed in [1, 2, 3] {
        let mock = Mock::draw(kcna, mock_candidates(&library, kcna, seed), seed, NOW);
        assert_eq!(mock.questions.len(), kcna.questions, "a full KCNA mock");
        for q in &mock.questions {
            let Form::Choice { options, right } = &q.form else {
                panic!("{:?} is not multiple choice", q.key);
            };
            assert!(options.len() >= 2 && *right < options.len(), "{:?}", q.key);
        }
    }
    // Every KCNA-tagged card with distractors is a candidate, and no card without.
    let candidates = mock_candidates(&library, kcna, 1);
    let cards_with_options = library
        .packs()
        .iter()
        .flat_map(|p| &p.cards)
        .filter(|c| c.tags.iter().any(|t| t == "kcna"))
        .filter(|c| {
            matches!(c.answer, kubestudy::pack::Answer::Text(_)) && !c.distractors.is_empty()
        })
        .count();
    let card_candidates = candidates
        .iter()
        .filter(|c| !c.prompt.starts_with("Which term does this describe?"))
        .count();
    assert_eq!(card_candidates, cards_with_options);
    // The CKA is hands-on: cards without options are asked as written answers.
    let cka = profile(Exam::Cka);
    let cka_candidates = mock_candidates(&library, cka, 1);
    assert!(
        cka_candidates
            .iter()
            .any(|c| matches!(c.form, Form::Recall { .. })),
        "a CKA mock may ask recall"
    );
}

#[test]
fn a_term_question_blanks_its_name_and_offers_other_terms() {
    use kubestudy::modes::exam_items::mock_candidates;
    use kubestudy::modes::mock::Form;
    let body = r#"    glossary: [
        (id: "etcd", term: "etcd", definition: "The key-value store where etcd keeps cluster state.", competencies: ["kcna.fundamentals.core-concepts"]),
        (id: "kubelet", term: "kubelet", definition: "The node agent that runs Pods.", competencies: ["kcna.fundamentals.core-concepts"]),
        (id: "coredns", term: "CoreDNS", definition: "The cluster DNS server.", competencies: ["kcna.orchestration.networking"]),
        (id: "untagged", term: "Untagged", definition: "Not for any exam."),
    ],"#;
    let (_pack, library) = common::ui::library(body);
    let kcna = profile(Exam::Kcna);
    let candidates = mock_candidates(&library, kcna, 7);
    assert_eq!(candidates.len(), 3, "the untagged term is not asked");
    let etcd = candidates.iter().find(|c| c.key.item == "etcd").unwrap();
    assert!(!etcd.prompt.contains("etcd"), "{}", etcd.prompt);
    assert_eq!(etcd.domain, 0);
    let Form::Choice { options, right } = &etcd.form else {
        panic!("a choice")
    };
    assert_eq!(options[*right], "etcd");
    assert_eq!(options.len(), 4, "etcd and the three other names");
    let coredns = candidates.iter().find(|c| c.key.item == "coredns").unwrap();
    assert_eq!(coredns.domain, 1, "Container Orchestration");
}
