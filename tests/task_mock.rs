//! The hands-on mock exam: drawn by domain weight from the built-in tasks, answered in any
//! order with flags, graded only at the end with partial credit per check, saved apart.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::HashSet;

use kubestudy::modes::hands_on::Verdict;
use kubestudy::modes::mock::Ask;
use kubestudy::modes::task_mock::{MOCK_TASKS, MockTask, Status, TaskMock, task_candidates};
use kubestudy::pack::{Library, TaskKind};
use kubestudy::progress::settings::Exam;
use kubestudy::study::clock::Timestamp;
use kubestudy::study::exam::profile;

fn mock(exam: Exam, seed: u64) -> TaskMock {
    let (library, _) = Library::builtin();
    let profile = profile(exam);
    TaskMock::draw(
        profile,
        task_candidates(&library, profile),
        seed,
        Timestamp(1_000),
    )
}

#[test]
fn the_mock_draws_seventeen_tasks_by_domain_weight_without_explain_items() {
    for exam in [Exam::Cka, Exam::Ckad] {
        let m = mock(exam, 7);
        assert_eq!(m.tasks.len(), MOCK_TASKS, "{exam:?}");
        let keys: HashSet<_> = m.tasks.iter().map(|t| &t.key).collect();
        assert_eq!(keys.len(), MOCK_TASKS, "a task drawn twice");
        assert!(
            m.tasks
                .iter()
                .all(|t| !matches!(t.task.kind, TaskKind::Explain { .. }))
        );
        // Every domain with tasks gets its share of 17 by weight, rounded: within one task.
        let p = m.profile;
        let total: u32 = p.domains.iter().map(|d| d.weight).sum();
        for (i, d) in p.domains.iter().enumerate() {
            let drawn = m.tasks.iter().filter(|t| t.domain == i).count() as f64;
            let share = MOCK_TASKS as f64 * f64::from(d.weight) / f64::from(total);
            assert!(
                (drawn - share).abs() <= 1.0,
                "{exam:?} {}: {drawn} tasks for a share of {share:.1}",
                d.name
            );
        }
    }
    // Another seed, another exam: not the same tasks in the same order.
    let a: Vec<_> = mock(Exam::Cka, 1)
        .tasks
        .into_iter()
        .map(|t| t.key)
        .collect();
    let b: Vec<_> = mock(Exam::Cka, 2)
        .tasks
        .into_iter()
        .map(|t| t.key)
        .collect();
    assert_ne!(a, b);
}

fn first(m: &TaskMock, command: bool) -> usize {
    m.tasks
        .iter()
        .position(|t| matches!(t.task.kind, TaskKind::Command { .. }) == command)
        .unwrap()
}

#[test]
fn nothing_is_graded_before_the_end_but_the_terminal_refuses_what_kubectl_would() {
    let mut m = mock(Exam::Ckad, 3);
    let c = first(&m, true);
    m.go(c);
    assert_eq!(m.tasks[c].status(), Status::Open);
    m.set_answer("kubectl get pods --no-such-flag".to_owned());
    assert_eq!(m.tasks[c].status(), Status::Answered);
    assert_eq!(m.tasks[c].refused.len(), 1, "{:?}", m.tasks[c].refused);
    assert!(m.tasks[c].refused[0].1.contains("no-such-flag"));
    assert!(m.tasks[c].verdict.is_none(), "graded before the end");
    let manifest = first(&m, false);
    m.go(manifest);
    m.set_answer(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  contianers: []\n".to_owned(),
    );
    assert!(
        m.tasks[manifest]
            .live
            .problems
            .iter()
            .any(|p| p.message.contains("contianers")),
        "{:?}",
        m.tasks[manifest].live.problems
    );
    assert!(m.tasks[manifest].verdict.is_none());
}

#[test]
fn flags_and_moves_are_free_until_the_end_then_answers_are_locked() {
    let mut m = mock(Exam::Cka, 4);
    m.go(5);
    m.toggle_flag();
    m.go(99);
    assert_eq!(m.current, MOCK_TASKS - 1, "clamped to the last task");
    m.toggle_flag();
    m.toggle_flag();
    assert_eq!(m.flagged(), 1);
    assert!(m.tasks[5].flagged);
    m.finish(Timestamp(2_000));
    let before = m.tasks[m.current].answer.clone();
    m.set_answer("kubectl get pods".to_owned());
    m.toggle_flag();
    assert_eq!(
        m.tasks[m.current].answer, before,
        "an answer changed after the end"
    );
    assert_eq!(m.flagged(), 1);
}

#[test]
fn model_answers_pass_and_partial_answers_get_partial_credit() {
    let mut m = mock(Exam::Cka, 5);
    let profile = m.profile;
    // A command task answered in part, eight others with the model, the rest blank.
    let partial = (0..MOCK_TASKS)
        .find(|&i| match &m.tasks[i].task.kind {
            TaskKind::Command { steps } => steps.len() == 1 && steps[0].len() >= 3,
            _ => false,
        })
        .expect("a one-step command task");
    let half = MOCK_TASKS / 2;
    let modelled: Vec<usize> = (0..MOCK_TASKS)
        .filter(|&i| i != partial)
        .take(half)
        .collect();
    for &i in &modelled {
        m.go(i);
        let model = m.tasks[i].task.model.clone();
        m.set_answer(model);
    }
    m.go(partial);
    // The model's line without its last flag (and the flag's value) or argument.
    let model = m.tasks[partial].task.model.clone();
    let mut words: Vec<&str> = model.split_whitespace().collect();
    let flag_value = words.len() > 2 && words[words.len() - 2].starts_with('-');
    words.truncate(words.len() - if flag_value { 2 } else { 1 });
    m.set_answer(words.join(" "));
    m.asking = Some(Ask::Finish);
    // Time runs out: everything is graded, nothing is asked any more.
    assert!(m.tick(Timestamp(1_000 + i64::from(profile.minutes) * 60_000)));
    assert_eq!(m.asking, None);
    for &i in &modelled {
        let t = &m.tasks[i];
        assert_eq!(t.credit(), 100, "task {i} ({}) model answer", t.key.item);
        assert!(t.verdict.as_ref().is_some_and(Verdict::passed));
    }
    let (met, all) = m.tasks[partial].score().unwrap();
    assert!(met > 0 && met < all, "partial credit: {met} of {all}");
    let blank: Vec<&MockTask> = m
        .tasks
        .iter()
        .filter(|t| t.status() == Status::Open)
        .collect();
    assert!(!blank.is_empty());
    let r = m.result();
    assert_eq!(r.exam, "CKA hands-on");
    assert_eq!(r.questions as usize, MOCK_TASKS);
    assert_eq!(r.right as usize, half, "tasks fully passed");
    let credit: u32 = m.tasks.iter().map(MockTask::credit).sum();
    assert_eq!(
        r.domains.iter().map(|d| d.credit.unwrap()).sum::<u32>(),
        credit
    );
    assert!((r.share() - f64::from(credit) / 100.0 / MOCK_TASKS as f64).abs() < 1e-9);
    assert!(r.hands_on());
    // 8 of 17 models and a bit is under 66 %.
    assert!(!r.passed, "{}", r.share());
}

#[test]
fn all_models_pass_the_exam_and_the_attempt_is_saved_apart() {
    use kubestudy::progress::Store;
    let mut m = mock(Exam::Ckad, 6);
    for i in 0..m.tasks.len() {
        m.go(i);
        let model = m.tasks[i].task.model.clone();
        m.set_answer(model);
    }
    m.finish(Timestamp(60_000));
    let r = m.result();
    assert!(r.passed);
    assert!((r.share() - 1.0).abs() < 1e-9);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.save_mock(&r).unwrap();
    let back = store.mock_attempts().unwrap();
    assert_eq!(back, vec![r]);
    assert!(back[0].hands_on());
    assert_eq!(store.review_count().unwrap(), 0);
}

#[test]
fn a_manifest_left_as_given_earns_nothing_even_where_parts_of_it_hold() {
    let (library, _) = Library::builtin();
    let profile = profile(Exam::Cka);
    let mut candidates = task_candidates(&library, profile);
    // Only tasks that start from a manifest, so the draw gives some.
    candidates.retain(|t| matches!(&t.task.kind, TaskKind::Manifest { start: Some(_), .. }));
    let mut m = TaskMock::draw(profile, candidates, 9, Timestamp(0));
    assert!(!m.tasks.is_empty());
    m.finish(Timestamp(1));
    let mut some_part_held = false;
    for t in &m.tasks {
        assert_eq!(t.status(), Status::Open);
        let Some(Verdict::Manifest(v)) = &t.verdict else {
            panic!("a manifest task graded as something else")
        };
        some_part_held |= v.score().0 > 0;
        assert_eq!(t.credit(), 0, "{} left as given earned credit", t.key.item);
    }
    assert!(
        some_part_held,
        "no start manifest met any want: the test shows nothing"
    );
}
