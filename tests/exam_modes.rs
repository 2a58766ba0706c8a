//! Cram and mock exam as plain state machines: misses come back, limits end the session, the
//! mock draws by domain weight and scores against the pass mark.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use kubestudy::modes::cram::{Counting, Cram, CramItem, Limit};
use kubestudy::modes::mock::{Candidate, Form, Mock, quotas};
use kubestudy::progress::settings::Exam;
use kubestudy::progress::{ItemKey, ItemKind};
use kubestudy::study::clock::Timestamp;
use kubestudy::study::exam::profile;

const T0: Timestamp = Timestamp(1_795_341_600_000);

fn items(n: usize) -> Vec<CramItem> {
    (0..n)
        .map(|i| CramItem {
            key: ItemKey::new("p", format!("i{i}")),
            kind: ItemKind::Card,
            prompt: format!("Q{i}"),
            answer: format!("A{i}"),
            options: Vec::new(),
            right: None,
            recall: 0.0,
        })
        .collect()
}

#[test]
fn misses_come_back_until_answered_right() {
    let mut cram = Cram::new(items(5), Counting::Counts, Limit::Items(5), T0);
    let order = |cram: &Cram| cram.current(T0).map(|i| i.prompt.clone());
    assert_eq!(order(&cram).as_deref(), Some("Q0"));
    cram.answer(false, T0); // Q0 missed: back after three others
    let mut seen = Vec::new();
    for _ in 0..3 {
        seen.push(order(&cram).unwrap());
        cram.answer(true, T0);
    }
    assert_eq!(seen, ["Q1", "Q2", "Q3"]);
    assert_eq!(order(&cram).as_deref(), Some("Q0"));
    cram.answer(true, T0);
    cram.answer(true, T0);
    assert!(cram.is_over(T0));
    assert_eq!(cram.score(), (6, 5));
    assert_eq!(cram.weakest(3)[0].0.prompt, "Q0");
}

#[test]
fn limits_end_the_cram() {
    let mut by_count = Cram::new(items(10), Counting::PracticeOnly, Limit::Items(2), T0);
    by_count.answer(true, T0);
    assert!(!by_count.is_over(T0));
    by_count.answer(true, T0);
    assert!(by_count.is_over(T0), "two right is the count");
    let timed = Cram::new(items(10), Counting::Counts, Limit::Minutes(10), T0);
    let later = |mins: i64| Timestamp(T0.0 + mins * 60_000);
    assert_eq!(timed.time_left(later(4)), Some(6 * 60_000));
    assert!(!timed.is_over(later(9)));
    assert!(timed.is_over(later(10)));
    assert!(timed.current(later(11)).is_none());
}

#[test]
fn the_mock_draws_by_domain_weight() {
    let kcna = profile(Exam::Kcna);
    // Plenty everywhere: 60 questions split 44/28/16/12 (the four KCNA domains, then the
    // general pool).
    let q = quotas(kcna, &[100, 100, 100, 100, 0], 60);
    assert_eq!(q.iter().sum::<usize>(), 60);
    for (quota, d) in q.iter().zip(kcna.domains) {
        let exact = 60.0 * f64::from(d.weight) / 100.0;
        assert!(
            (*quota as f64 - exact).abs() <= 1.0,
            "{} {quota} vs {exact}",
            d.name
        );
    }
    // A domain without items: the others share its weight; never more than a domain has, and
    // what a small domain cannot give goes to the others: still 60.
    let q = quotas(kcna, &[100, 5, 100, 0, 0], 60);
    assert_eq!(q[1], 5);
    assert_eq!(q[3], 0);
    assert_eq!(q.iter().sum::<usize>(), 60);
    assert!(q[0] > q[2], "by weight, 44 to 16: {q:?}");
    // Domains short of questions, and the general pool makes up the rest.
    let q = quotas(kcna, &[10, 3, 2, 1, 100], 60);
    assert_eq!(q, [10, 3, 2, 1, 44]);
    // Not enough anywhere: everything there is.
    let q = quotas(kcna, &[10, 3, 2, 1, 4], 60);
    assert_eq!(q, [10, 3, 2, 1, 4]);
    // No domain tags at all (CKA's packs): the general pool.
    let cka = profile(Exam::Cka);
    let q = quotas(cka, &[0, 0, 0, 0, 0, 30], 40);
    assert_eq!(q[5], 30);
}

#[test]
fn the_mock_scores_against_the_pass_mark_and_ends_on_time() {
    let kcna = profile(Exam::Kcna);
    let candidates: Vec<Candidate> = (0..8)
        .map(|i| Candidate {
            key: ItemKey::new("p", format!("c{i}")),
            domain: i % 2,
            prompt: format!("Q{i}"),
            form: if i < 4 {
                Form::Choice {
                    options: vec!["x".into(), "y".into()],
                    right: 0,
                }
            } else {
                Form::Recall { answer: "z".into() }
            },
        })
        .collect();
    let mut mock = Mock::draw(kcna, candidates.clone(), 3, T0);
    assert_eq!(
        mock,
        Mock::draw(kcna, candidates, 3, T0),
        "same seed, same exam"
    );
    assert_eq!(mock.questions.len(), 8);
    for i in 0..8 {
        match mock.questions[i].form {
            Form::Choice { .. } => mock.chosen[i] = Some(0),
            Form::Recall { .. } => {}
        }
    }
    assert!(!mock.tick(Timestamp(T0.0 + 89 * 60_000)));
    assert!(
        mock.tick(Timestamp(T0.0 + 90 * 60_000)),
        "90 minutes for the KCNA"
    );
    assert!(!mock.all_checked());
    let recall: Vec<usize> = (0..8)
        .filter(|&i| matches!(mock.questions[i].form, Form::Recall { .. }))
        .collect();
    mock.checked[recall[0]] = Some(true);
    mock.checked[recall[1]] = Some(true);
    mock.checked[recall[2]] = Some(false);
    mock.checked[recall[3]] = Some(false);
    let result = mock.result();
    assert_eq!((result.right, result.questions), (6, 8));
    assert!(result.passed, "75 % is the pass mark");
    mock.checked[recall[1]] = Some(false);
    assert!(!mock.result().passed, "5 of 8 is 62.5 %");
}

#[test]
fn a_cram_stopped_early_is_over_with_its_score() {
    let mut cram = Cram::new(items(5), Counting::Counts, Limit::Minutes(20), T0);
    cram.answer(true, T0);
    cram.reveal();
    assert!(cram.revealed());
    cram.stop();
    assert!(cram.is_over(T0), "stopped");
    assert!(cram.current(T0).is_none());
    assert!(!cram.revealed(), "the item showing is not recorded");
    assert_eq!(cram.score(), (1, 1));
    assert!(
        cram.answer(true, T0).is_none(),
        "nothing is answered after the end"
    );
    assert_eq!(cram.score(), (1, 1));
}

#[test]
fn the_mock_counts_answers_and_stops_asking_when_time_is_up() {
    use kubestudy::modes::mock::Ask;
    let cka = profile(Exam::Cka);
    let candidates: Vec<Candidate> = (0..4)
        .map(|i| Candidate {
            key: ItemKey::new("p", format!("c{i}")),
            domain: 0,
            prompt: format!("Q{i}"),
            form: if i < 2 {
                Form::Choice {
                    options: vec!["x".into(), "y".into()],
                    right: 0,
                }
            } else {
                Form::Recall { answer: "z".into() }
            },
        })
        .collect();
    let mut mock = Mock::draw(cka, candidates, 5, T0);
    assert_eq!((mock.answered(), mock.unanswered()), (0, 4));
    let choice = (0..4)
        .find(|&i| matches!(mock.questions[i].form, Form::Choice { .. }))
        .unwrap();
    let recall = (0..4)
        .find(|&i| matches!(mock.questions[i].form, Form::Recall { .. }))
        .unwrap();
    mock.chosen[choice] = Some(1);
    mock.typed[recall] = "   ".into();
    assert_eq!(mock.answered(), 1, "blank typing is no answer");
    mock.typed[recall] = "z".into();
    assert_eq!((mock.answered(), mock.unanswered()), (2, 2));
    mock.asking = Some(Ask::Finish);
    assert!(!mock.tick(Timestamp(T0.0 + 60_000)));
    assert_eq!(
        mock.asking,
        Some(Ask::Finish),
        "still asking while time is left"
    );
    assert!(
        mock.tick(Timestamp(T0.0 + 120 * 60_000)),
        "120 minutes for the CKA"
    );
    assert_eq!(mock.asking, None, "time is up: nothing left to ask");
    mock.asking = Some(Ask::Finish);
    mock.finish(Timestamp(T0.0 + 121 * 60_000));
    assert_eq!(mock.asking, None);
    assert_eq!(
        mock.ended,
        Some(Timestamp(T0.0 + 120 * 60_000)),
        "ended when time ran out"
    );
}
