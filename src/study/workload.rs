//! What each desired retention would cost and give, on the learner's own items: fsrs's
//! workload simulation (`fsrs::simulate`) run from the store's memory states at ten desired
//! retentions from 0.70 to 0.97, over the next 90 days with the learner's daily limits (the new
//! limit once per pack that still has new items, as the queue applies it).

use super::clock::{Clock, Timestamp};
use super::engine::Engine;
use super::schedule::Phase;
use crate::progress::Result;

/// Desired retentions the simulation tries.
pub const RETENTIONS: [f32; 10] = [0.70, 0.73, 0.76, 0.79, 0.82, 0.85, 0.88, 0.91, 0.94, 0.97];
/// Days simulated.
pub const SPAN_DAYS: usize = 90;
/// Most items simulated: a larger collection is sampled evenly (every k-th item in key order),
/// its daily limits scaled to the sample, and the counts scaled back to the whole, so the plot
/// takes the same time for 5,000 items or 100,000.
pub const MAX_ITEMS: usize = 5_000;

/// One desired retention's outcome.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetentionPoint {
    /// The desired retention tried.
    pub retention: f32,
    /// Reviews a day, on average over the span (new items' first answers not counted).
    pub reviews_per_day: f32,
    /// Minutes of study a day, on average (fsrs's default answer times).
    pub minutes_per_day: f32,
    /// Share of all the items remembered at the end of the span (0-1).
    pub remembered: f32,
}

fn days_between(from: Timestamp, to: Timestamp) -> f32 {
    #[allow(clippy::cast_precision_loss)] // Milliseconds to days.
    let days = (to.0 - from.0) as f32 / 86_400_000.0;
    days
}

impl Engine {
    /// The simulation at every retention of [`RETENTIONS`], for the items the store knows (new
    /// ones introduced at the learner's daily new limit). The same inputs give the same points.
    pub fn retention_choices(&self, clock: &dyn Clock) -> Result<Vec<RetentionPoint>> {
        let now = clock.now();
        let parameters = if self.parameters().is_empty() {
            fsrs::DEFAULT_PARAMETERS.to_vec()
        } else {
            self.parameters().to_vec()
        };
        let shared = std::sync::Arc::new(parameters.clone());
        let mut existing = Vec::new();
        let mut new_items = 0_usize;
        // The new limit is per pack: as many packs as still have new items, that many limits.
        let mut packs_with_new = std::collections::HashSet::new();
        // In key order, so the seeded simulation sees the same deck every time.
        let mut known: Vec<_> = self
            .store()
            .browse()?
            .into_iter()
            .filter(|(_, (_, marks))| !marks.suspended)
            .collect();
        known.sort_unstable_by(|a, b| (&a.0.pack, &a.0.item).cmp(&(&b.0.pack, &b.0.item)));
        let step = known.len().div_ceil(MAX_ITEMS).max(1);
        for (at, (key, (state, _))) in known.iter().enumerate() {
            let sampled = at % step == 0;
            match (state.phase, state.memory, state.last_review) {
                (Phase::New, _, _) | (_, None, _) | (_, _, None) => {
                    new_items += usize::from(sampled);
                    packs_with_new.insert(key.pack.as_str());
                }
                (_, Some(memory), Some(last)) if sampled => {
                    let id = i64::try_from(existing.len()).unwrap_or(i64::MAX);
                    existing.push(fsrs::Card {
                        id,
                        difficulty: memory.difficulty,
                        stability: memory.stability,
                        last_date: days_between(now, last),
                        due: days_between(now, state.due).max(0.0),
                        interval: days_between(last, state.due).max(1.0),
                        lapses: state.lapses,
                        desired_retention: self.settings().desired_retention,
                        parameters: std::sync::Arc::clone(&shared),
                    });
                }
                _ => {}
            }
        }
        // What share of the collection the sample is: limits shrink by it, counts grow back.
        #[allow(clippy::cast_precision_loss)] // Item counts far below 2^24.
        let share = (existing.len() + new_items) as f32 / known.len().max(1) as f32;
        let scaled = |limit: u32| -> usize {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // Small, positive.
            let n = (limit as f32 * share).round().max(1.0) as usize;
            n
        };
        let total = existing.len() + new_items;
        let settings = self.settings();
        let mut points = Vec::with_capacity(RETENTIONS.len());
        for retention in RETENTIONS {
            let config = fsrs::SimulatorConfig {
                deck_size: total,
                learn_span: SPAN_DAYS,
                learn_limit: scaled(settings.new_per_day)
                    .saturating_mul(packs_with_new.len().max(1)),
                review_limit: scaled(settings.reviews_per_day),
                max_cost_perday: f32::INFINITY,
                ..fsrs::SimulatorConfig::default()
            };
            let seed = Some(42);
            let result = fsrs::simulate(
                &config,
                &parameters,
                retention,
                seed,
                Some(existing.clone()),
            );
            let Ok(result) = result else {
                continue;
            };
            #[allow(clippy::cast_precision_loss)] // Counts far below 2^24.
            let reviews = result.review_cnt_per_day.iter().sum::<usize>() as f32;
            let cost: f32 = result.cost_per_day.iter().sum();
            let remembered = result.memorized_cnt_per_day.last().copied().unwrap_or(0.0);
            #[allow(clippy::cast_precision_loss)]
            let (span, total) = (SPAN_DAYS as f32, total.max(1) as f32);
            let share = share.max(f32::MIN_POSITIVE);
            points.push(RetentionPoint {
                retention,
                reviews_per_day: reviews / span / share,
                minutes_per_day: cost / span / 60.0 / share,
                remembered: (remembered / total).clamp(0.0, 1.0),
            });
        }
        Ok(points)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::progress::{ItemKey, ItemKind, Store};
    use crate::study::clock::FixedClock;
    use crate::study::schedule::Rating;

    #[test]
    fn higher_retention_costs_more_reviews_and_remembers_more() {
        let dir = tempfile::tempdir().unwrap();
        let clock = FixedClock::new(Timestamp(1_795_341_600_000), 0);
        let mut engine = Engine::new(Store::open(dir.path()).unwrap(), Default::default()).unwrap();
        let library = crate::pack::Library::builtin().0;
        engine.sync_library(&library, &clock).unwrap();
        let pack = library
            .packs()
            .iter()
            .find(|p| p.cards.len() >= 40)
            .unwrap();
        for (i, card) in pack.cards.iter().take(40).enumerate() {
            let key = ItemKey::new(pack.id().as_str(), card.id.as_str());
            let rating = if i % 4 == 0 {
                Rating::Again
            } else {
                Rating::Good
            };
            engine
                .answer(&key, ItemKind::Card, rating, "review", 3000, &clock)
                .unwrap();
        }
        let points = engine.retention_choices(&clock).unwrap();
        assert_eq!(points.len(), RETENTIONS.len());
        let (low, high) = (points[0], points[RETENTIONS.len() - 1]);
        assert!(
            high.reviews_per_day > low.reviews_per_day,
            "{low:?} {high:?}"
        );
        assert!(high.remembered > low.remembered, "{low:?} {high:?}");
        assert!(points.iter().all(|p| (0.0..=1.0).contains(&p.remembered)));
        // Seeded: the same store gives the same plot.
        assert_eq!(engine.retention_choices(&clock).unwrap(), points);
    }
}
