//! The memory model re-fitted without being asked: due after 1,000 new answers or a month, kept
//! only when it predicts better, undoable, and run by the window on a thread of its own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use kubestudy::progress::Store;
use kubestudy::study::Engine;
use kubestudy::study::clock::{FixedClock, Timestamp};
use kubestudy::study::optimise::{Fit, OptimiseError, Optimised};

const DAY_MS: i64 = 24 * 3600 * 1000;

/// `items` items answered over months at widening gaps, mostly remembered: what a learner's log
/// looks like to FSRS (`per_item` answers each; the ratings come from a fixed seed).
fn add_history(home: &Path, items: usize, per_item: usize) {
    let mut conn = rusqlite::Connection::open(home.join("progress.sqlite3")).unwrap();
    let tx = conn.transaction().unwrap();
    let mut seed: u64 = 7;
    for item in 0..items {
        let mut day = 20_000_i64;
        let mut gap = 1_i64;
        for _ in 0..per_item {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let rating = if (seed >> 33) % 10 < 2 { 1 } else { 3 };
            tx.execute(
                "INSERT INTO reviews (pack, item, time, day, rating, elapsed_days, mode, \
                 duration_ms, before) VALUES ('p', ?1, ?2, ?3, ?4, ?5, 'review', 0, '{}')",
                rusqlite::params![format!("item-{item}"), day * DAY_MS, day, rating, gap],
            )
            .unwrap();
            gap = if rating == 1 { 1 } else { gap * 2 + 1 };
            day += gap;
        }
    }
    tx.commit().unwrap();
}

fn open(home: &Path) -> Engine {
    Engine::new(Store::open(home).unwrap(), Default::default()).unwrap()
}

fn outcome(before: f32, after: f32) -> Result<Optimised, OptimiseError> {
    Ok(Optimised {
        reviews: 1080,
        parameters: fsrs::DEFAULT_PARAMETERS.iter().map(|p| p * 1.01).collect(),
        before: Fit {
            log_loss: before,
            rmse: 0.05,
        },
        after: Fit {
            log_loss: after,
            rmse: 0.04,
        },
    })
}

#[test]
fn a_refit_is_due_every_thousand_answers_or_month_and_kept_only_when_better() {
    let home = tempfile::tempdir().unwrap();
    drop(Store::open(home.path()).unwrap());
    let clock = FixedClock::new(Timestamp(1_795_341_600_000), 0);
    add_history(home.path(), 40, 9);
    let engine = open(home.path());
    assert!(
        !engine.refit_due(&clock).unwrap(),
        "360 answers are too few"
    );
    drop(engine);
    add_history(home.path(), 80, 9);
    let mut engine = open(home.path());
    assert!(
        engine.refit_due(&clock).unwrap(),
        "1,080 answers and no fit yet"
    );

    // Worse than the parameters in use: recorded, not used, not tried again at once.
    let record = engine.apply_refit(outcome(0.40, 0.45), &clock).unwrap();
    assert!(!record.applied && !record.can_undo());
    assert!(engine.parameters().is_empty());
    assert!(!engine.refit_due(&clock).unwrap());

    // A month later with no new answers: nothing to learn. With new answers: due.
    clock.advance_secs(31 * 24 * 3600);
    assert!(!engine.refit_due(&clock).unwrap());
    drop(engine);
    add_history(home.path(), 1, 3);
    let mut engine = open(home.path());
    assert!(engine.refit_due(&clock).unwrap());

    // Better: used from now on, and kept across a restart; undo puts the defaults back.
    let record = engine.apply_refit(outcome(0.40, 0.35), &clock).unwrap();
    assert!(record.applied && record.can_undo());
    let fitted = engine.parameters().to_vec();
    assert_eq!(fitted.len(), fsrs::DEFAULT_PARAMETERS.len());
    drop(engine);
    let mut engine = open(home.path());
    assert_eq!(engine.parameters(), fitted.as_slice());
    assert!(engine.undo_refit().unwrap());
    assert!(engine.parameters().is_empty());
    assert!(!engine.undo_refit().unwrap(), "undone once");
    drop(engine);
    let engine = open(home.path());
    assert!(engine.parameters().is_empty());
    assert!(engine.warnings().is_empty(), "{:?}", engine.warnings());
    assert!(engine.last_refit().unwrap().unwrap().undone);

    // A fit that cannot run is recorded with the reason, and waits for more answers.
    let mut engine = engine;
    let record = engine
        .apply_refit(Err(OptimiseError::Fsrs("no".into())), &clock)
        .unwrap();
    assert!(record.failed.is_some() && !record.applied);
    assert!(!engine.refit_due(&clock).unwrap());
}

#[test]
fn the_window_refits_on_its_own_and_settings_can_undo_it() {
    let home = tempfile::tempdir().unwrap();
    drop(Store::open(home.path()).unwrap());
    add_history(home.path(), 120, 9);
    let mut harness = common::ui::app_with_home_packs(home.path());
    // The fit runs on a thread of its own: the window keeps drawing meanwhile.
    let mut waited = 0;
    while harness
        .query_by_label_contains("Your memory model was re-fitted")
        .is_none()
    {
        assert!(waited < 600, "no re-fit after 60 s");
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(100));
        waited += 1;
    }
    let fitted = harness.state().engine().unwrap().parameters().to_vec();
    assert!(!fitted.is_empty());
    harness.run();
    common::ui::click_button(&mut harness, "Settings");
    harness.run();
    harness.get_by_label_contains("Last re-fit:");
    harness.get_by_label_contains("on 1080 answers");
    harness
        .get_by_role_and_label(Role::Button, "Undo the re-fit")
        .click();
    harness.run();
    assert!(harness.state().engine().unwrap().parameters().is_empty());
    harness.get_by_label_contains("You undid it");
}
