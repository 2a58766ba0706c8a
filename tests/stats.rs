//! Statistics and the optimiser over a simulated learner with a fixed clock.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use kubestudy::progress::settings::Settings;
use kubestudy::progress::{ItemKey, ItemKind, PackItems, Store};
use kubestudy::study::Engine;
use kubestudy::study::clock::{Clock as _, FixedClock, Timestamp};
use kubestudy::study::optimise::OptimiseError;
use kubestudy::study::schedule::{Phase, Rating};
use kubestudy::study::stats;

/// 2026-11-22 10:00 UTC.
const START: Timestamp = Timestamp(1_795_341_600_000);

fn engine(dir: &std::path::Path) -> Engine {
    Engine::new(
        Store::open(dir).unwrap(),
        Settings {
            new_per_day: 10,
            ..Settings::default()
        },
    )
    .unwrap()
}

fn items(n: usize) -> PackItems {
    PackItems {
        pack: "sim".into(),
        version: "1".into(),
        items: (0..n)
            .map(|i| (format!("i{i:03}"), ItemKind::Card))
            .collect(),
    }
}

/// Studies every day for `days` days: the queue is worked through, each answer recalled with
/// the FSRS-predicted probability (a seeded generator decides), misses rated Again.
fn simulate(engine: &mut Engine, clock: &FixedClock, days: u32) -> usize {
    let mut seed: u64 = 0x1234_5678;
    let mut answered = 0;
    for _ in 0..days {
        let request = engine.request(vec!["sim".into()], vec![ItemKind::Card]);
        let mut queue = engine.queue(&request, clock).unwrap();
        let mut guard = 0;
        while let Some(entry) = queue.pop() {
            guard += 1;
            if guard > 500 {
                break;
            }
            let recall = entry
                .state
                .memory
                .zip(entry.state.last_review)
                .map_or(0.6, |(m, last)| {
                    stats::recall(m, last, clock.now(), engine.decay())
                });
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            #[allow(clippy::cast_precision_loss)]
            let roll = (seed % 10_000) as f32 / 10_000.0;
            let rating = if roll < recall {
                Rating::Good
            } else {
                Rating::Again
            };
            clock.advance_secs(20);
            let after = engine
                .answer(&entry.key, ItemKind::Card, rating, "review", 3000, clock)
                .unwrap();
            answered += 1;
            queue.after_answer(entry.key, after);
        }
        clock.advance_secs(24 * 3600 - i64::from(guard) * 20);
    }
    answered
}

#[test]
fn counts_heatmap_forecast_and_retention() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(START, 0);
    let mut engine = engine(dir.path());
    engine.sync_items(&items(50), 0).unwrap();
    let answered = simulate(&mut engine, &clock, 12);
    let days = engine.days(&clock);
    let today = days.day_of(clock.now());

    let overview = stats::overview(engine.store(), days, clock.now()).unwrap();
    assert_eq!(overview.len(), 1);
    let sim = &overview[0];
    assert_eq!(
        sim.counts.unseen + sim.counts.learning + sim.counts.young + sim.counts.mature,
        50
    );
    assert_eq!(
        sim.counts.unseen, 0,
        "ten new a day: all fifty introduced within five days"
    );
    assert!(sim.retention.answers > 0 && sim.retention.passed <= sim.retention.answers);

    let heatmap = stats::heatmap(engine.store(), today, 30).unwrap();
    assert_eq!(heatmap.len(), 30);
    assert_eq!(heatmap.last().map(|d| d.0), Some(today));
    assert_eq!(
        heatmap.iter().map(|d| d.1).sum::<u64>(),
        u64::try_from(answered).unwrap(),
        "every answer counted once"
    );
    assert_eq!(heatmap.iter().filter(|d| d.1 > 0).count(), 12);

    let forecast = stats::forecast(engine.store(), days, clock.now(), 30).unwrap();
    assert_eq!(forecast.len(), 30);
    let answered_items = 50 - sim.counts.unseen;
    assert!(forecast.iter().sum::<u64>() <= answered_items);
    assert!(forecast.iter().sum::<u64>() > 0);

    // Recall now is a probability; for items just reviewed it is high, and it falls with time.
    let now = stats::predicted_recall(engine.store(), clock.now(), engine.decay()).unwrap();
    let later = stats::predicted_recall(
        engine.store(),
        clock.now().plus_secs(90 * 24 * 3600),
        engine.decay(),
    )
    .unwrap();
    assert_eq!(now.len(), later.len());
    for ((key, r_now), (_, r_later)) in now.iter().zip(&later) {
        assert!(
            (0.0..=1.0).contains(r_now) && r_later < r_now,
            "{key:?}: {r_now} -> {r_later}"
        );
    }
}

#[test]
fn the_optimiser_needs_400_answers_then_fits_and_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(START, 0);
    let mut engine = engine(dir.path());
    engine.sync_items(&items(120), 0).unwrap();
    simulate(&mut engine, &clock, 3);
    let err = engine.optimise(&clock).unwrap_err();
    assert!(
        matches!(err, OptimiseError::NotEnough { need: 400, .. }),
        "{err}"
    );

    let answered = simulate(&mut engine, &clock, 60);
    assert!(answered >= 400, "{answered}");
    let outcome = engine.optimise(&clock).unwrap();
    assert_eq!(outcome.parameters.len(), 21);
    assert!(outcome.after.log_loss.is_finite() && outcome.before.log_loss.is_finite());
    assert!(
        outcome.after.log_loss <= outcome.before.log_loss + 0.01,
        "{outcome:?}"
    );
    assert_eq!(engine.parameters(), outcome.parameters.as_slice());
    drop(engine);

    // Reopened, the engine uses the stored parameters; the fit is recorded as Settings shows
    // it, and can be undone there.
    let engine = self::engine(dir.path());
    assert_eq!(engine.parameters().len(), 21);
    let record = engine.last_refit().unwrap().unwrap();
    assert!(record.applied && record.can_undo() && record.previous.is_empty());
    assert_eq!(record.reviews, outcome.reviews);
    let state = engine.state(&ItemKey::new("sim", "i000")).unwrap();
    assert_ne!(state.phase, Phase::New);
}
