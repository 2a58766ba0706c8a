//! Table tests of every (phase, rating) path with a fixed clock.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::too_many_lines
)]

use super::*;

/// 2026-11-22 10:00 UTC; study days roll over at 04:00 UTC.
const NOW: Timestamp = Timestamp(1_795_341_600_000);
const DAYS: Days = Days {
    offset_secs: 0,
    rollover_hour: 4,
};

fn scheduler() -> Scheduler {
    Scheduler::new(&[], SchedulerConfig::default()).unwrap()
}

fn learning(step: u8) -> ItemState {
    let mut state = scheduler().answer(
        &ItemState::new_item(),
        Rating::Good,
        NOW.plus_secs(-3600),
        DAYS,
        1,
    );
    state.step = step;
    state
}

fn review(interval_days: u32, stability: f32) -> ItemState {
    ItemState {
        phase: Phase::Review,
        step: 0,
        memory: Some(Memory {
            stability,
            difficulty: 5.0,
        }),
        due: NOW,
        last_review: Some(NOW.plus_secs(-i64::from(interval_days) * 86_400)),
        interval_days,
        reps: 5,
        lapses: 0,
    }
}

fn relearning() -> ItemState {
    ItemState {
        phase: Phase::Relearning,
        step: 0,
        lapses: 1,
        last_review: Some(NOW.plus_secs(-600)),
        ..review(10, 2.0)
    }
}

/// What a case expects: phase, step, and the delay until due (seconds, or whole study days).
#[derive(Debug, Clone, Copy)]
enum Due {
    InSecs(i64),
    InDays,
}

#[test]
fn every_rating_path() {
    let cases: Vec<(&str, ItemState, Rating, Phase, u8, Due)> = vec![
        (
            "new again",
            ItemState::new_item(),
            Rating::Again,
            Phase::Learning,
            0,
            Due::InSecs(60),
        ),
        (
            "new hard",
            ItemState::new_item(),
            Rating::Hard,
            Phase::Learning,
            0,
            Due::InSecs(330),
        ),
        (
            "new good",
            ItemState::new_item(),
            Rating::Good,
            Phase::Learning,
            1,
            Due::InSecs(600),
        ),
        (
            "new easy",
            ItemState::new_item(),
            Rating::Easy,
            Phase::Review,
            0,
            Due::InDays,
        ),
        (
            "learning 0 again",
            learning(0),
            Rating::Again,
            Phase::Learning,
            0,
            Due::InSecs(60),
        ),
        (
            "learning 0 hard",
            learning(0),
            Rating::Hard,
            Phase::Learning,
            0,
            Due::InSecs(330),
        ),
        (
            "learning 0 good",
            learning(0),
            Rating::Good,
            Phase::Learning,
            1,
            Due::InSecs(600),
        ),
        (
            "learning 1 again",
            learning(1),
            Rating::Again,
            Phase::Learning,
            0,
            Due::InSecs(60),
        ),
        (
            "learning 1 hard",
            learning(1),
            Rating::Hard,
            Phase::Learning,
            1,
            Due::InSecs(600),
        ),
        (
            "learning 1 good",
            learning(1),
            Rating::Good,
            Phase::Review,
            0,
            Due::InDays,
        ),
        (
            "learning 1 easy",
            learning(1),
            Rating::Easy,
            Phase::Review,
            0,
            Due::InDays,
        ),
        (
            "review again",
            review(10, 10.0),
            Rating::Again,
            Phase::Relearning,
            0,
            Due::InSecs(600),
        ),
        (
            "review hard",
            review(10, 10.0),
            Rating::Hard,
            Phase::Review,
            0,
            Due::InDays,
        ),
        (
            "review good",
            review(10, 10.0),
            Rating::Good,
            Phase::Review,
            0,
            Due::InDays,
        ),
        (
            "review easy",
            review(10, 10.0),
            Rating::Easy,
            Phase::Review,
            0,
            Due::InDays,
        ),
        (
            "relearning again",
            relearning(),
            Rating::Again,
            Phase::Relearning,
            0,
            Due::InSecs(600),
        ),
        (
            "relearning hard",
            relearning(),
            Rating::Hard,
            Phase::Relearning,
            0,
            Due::InSecs(900),
        ),
        (
            "relearning good",
            relearning(),
            Rating::Good,
            Phase::Review,
            0,
            Due::InDays,
        ),
        (
            "relearning easy",
            relearning(),
            Rating::Easy,
            Phase::Review,
            0,
            Due::InDays,
        ),
    ];
    let scheduler = scheduler();
    for (name, before, rating, phase, step, due) in cases {
        let after = scheduler.answer(&before, rating, NOW, DAYS, 42);
        assert_eq!(
            (after.phase, after.step),
            (phase, step),
            "{name}: {after:?}"
        );
        assert_eq!(after.reps, before.reps + 1, "{name}");
        assert_eq!(after.last_review, Some(NOW), "{name}");
        assert!(
            after
                .memory
                .is_some_and(|m| m.stability > 0.0 && (1.0..=10.0).contains(&m.difficulty)),
            "{name}: {after:?}"
        );
        let lapse = before.phase == Phase::Review && rating == Rating::Again;
        assert_eq!(after.lapses, before.lapses + u32::from(lapse), "{name}");
        match due {
            Due::InSecs(secs) => assert_eq!(after.due, NOW.plus_secs(secs), "{name}"),
            Due::InDays => {
                assert!(after.interval_days >= 1, "{name}: {after:?}");
                let due_day = DAYS.day_of(NOW) + i64::from(after.interval_days);
                assert_eq!(
                    after.due,
                    DAYS.start_of(due_day),
                    "{name}: due at the start of its study day"
                );
            }
        }
    }
}

#[test]
fn review_buttons_stay_in_order_and_grow_with_stability() {
    let scheduler = scheduler();
    for (interval, stability) in [(1, 1.0), (3, 3.0), (10, 10.0), (40, 40.0), (200, 250.0)] {
        let [again, hard, good, easy] =
            scheduler.preview(&review(interval, stability), NOW, DAYS, 7);
        assert!(
            again.delay_secs < hard.delay_secs,
            "{interval}: again {again:?} hard {hard:?}"
        );
        assert!(
            hard.state.interval_days <= good.state.interval_days,
            "{interval}"
        );
        assert!(
            good.state.interval_days < easy.state.interval_days,
            "{interval}"
        );
    }
    let short = scheduler
        .answer(&review(10, 10.0), Rating::Good, NOW, DAYS, 7)
        .interval_days;
    let long = scheduler
        .answer(&review(10, 100.0), Rating::Good, NOW, DAYS, 7)
        .interval_days;
    assert!(long > short * 3, "stability {short} vs {long}");
}

#[test]
fn preview_matches_answer_and_is_deterministic() {
    let scheduler = scheduler();
    for state in [
        ItemState::new_item(),
        learning(1),
        review(12, 15.0),
        relearning(),
    ] {
        for next in scheduler.preview(&state, NOW, DAYS, 99) {
            assert_eq!(
                next.state,
                scheduler.answer(&state, next.rating, NOW, DAYS, 99)
            );
            assert_eq!(
                next.state,
                scheduler.answer(&state, next.rating, NOW, DAYS, 99)
            );
        }
    }
}

#[test]
fn higher_retention_gives_shorter_intervals() {
    let interval_at = |retention| {
        let config = SchedulerConfig {
            desired_retention: retention,
            ..SchedulerConfig::default()
        };
        Scheduler::new(&[], config)
            .unwrap()
            .answer(&review(30, 30.0), Rating::Good, NOW, DAYS, 5)
            .interval_days
    };
    assert!(interval_at(0.95) < interval_at(0.9) && interval_at(0.9) < interval_at(0.8));
}

#[test]
fn without_steps_items_graduate_at_once() {
    let config = SchedulerConfig {
        learning_steps: vec![],
        relearning_steps: vec![],
        ..SchedulerConfig::default()
    };
    let scheduler = Scheduler::new(&[], config).unwrap();
    let after = scheduler.answer(&ItemState::new_item(), Rating::Again, NOW, DAYS, 1);
    assert_eq!(after.phase, Phase::Review);
    let lapsed = scheduler.answer(&review(10, 10.0), Rating::Again, NOW, DAYS, 1);
    assert_eq!((lapsed.phase, lapsed.lapses), (Phase::Review, 1));
}

#[test]
fn fuzz_stays_in_anki_ranges_and_depends_only_on_the_seed() {
    for (days, low, high) in [
        (1.0, 1, 1),
        (2.4, 2, 2),
        (5.0, 4, 6),
        (10.0, 8, 12),
        (100.0, 93, 107),
    ] {
        let mut seen = std::collections::BTreeSet::new();
        for item in 0..500 {
            let seed = fuzz_seed("pack", &format!("item-{item}"), 3);
            let interval = fuzzed_interval(days, 36_500, seed);
            assert!((low..=high).contains(&interval), "{days} -> {interval}");
            assert_eq!(interval, fuzzed_interval(days, 36_500, seed));
            seen.insert(interval);
        }
        assert_eq!(
            seen.len(),
            usize::try_from(high - low + 1).unwrap(),
            "{days}: every value in range is used"
        );
    }
    assert_eq!(fuzzed_interval(1000.0, 365, 12345), 365);
    assert_ne!(fuzz_seed("p", "a", 1), fuzz_seed("p", "a", 2));
    assert_ne!(fuzz_seed("p", "ab", 1), fuzz_seed("pa", "b", 1));
}
