//! The scheduler: what an answer does to an item, as Anki does it with FSRS.
//!
//! New items go through learning steps (short, same-day delays), then graduate to review with an
//! interval from FSRS; a lapse sends a review item through relearning steps. FSRS-6 (the `fsrs`
//! crate) updates the memory state (stability, difficulty) on every answer, same-day ones
//! included. Everything here is a pure function of (state, rating, now, calendar, seed).

use super::clock::{Days, Timestamp};
pub use crate::progress::types::{ItemState, Memory, Phase, Rating};

impl Phase {
    /// Stable number stored in the database.
    pub fn code(self) -> i64 {
        match self {
            Self::New => 0,
            Self::Learning => 1,
            Self::Review => 2,
            Self::Relearning => 3,
        }
    }

    /// The phase stored as `code`.
    pub fn from_code(code: i64) -> Option<Self> {
        Some(match code {
            0 => Self::New,
            1 => Self::Learning,
            2 => Self::Review,
            3 => Self::Relearning,
            _ => return None,
        })
    }
}

impl Rating {
    /// All four, in button order.
    pub const ALL: [Self; 4] = [Self::Again, Self::Hard, Self::Good, Self::Easy];

    /// 1-4, as FSRS and Anki number them.
    pub fn number(self) -> u8 {
        match self {
            Self::Again => 1,
            Self::Hard => 2,
            Self::Good => 3,
            Self::Easy => 4,
        }
    }

    /// The rating numbered `n` (1-4).
    pub fn from_number(n: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|r| i64::from(r.number()) == n)
    }
}

impl From<fsrs::MemoryState> for Memory {
    fn from(m: fsrs::MemoryState) -> Self {
        Self {
            stability: m.stability,
            difficulty: m.difficulty,
        }
    }
}

impl From<Memory> for fsrs::MemoryState {
    fn from(m: Memory) -> Self {
        Self {
            stability: m.stability,
            difficulty: m.difficulty,
        }
    }
}

/// How the scheduler behaves; defaults as Anki's.
#[derive(Debug, Clone, PartialEq)]
pub struct SchedulerConfig {
    /// Target probability of recall when an item comes due (0.70-0.99).
    pub desired_retention: f32,
    /// Learning steps in seconds (default 1 min, 10 min).
    pub learning_steps: Vec<u32>,
    /// Relearning steps in seconds (default 10 min).
    pub relearning_steps: Vec<u32>,
    /// Longest interval in days.
    pub maximum_interval: u32,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        Self {
            desired_retention: 0.9,
            learning_steps: vec![60, 600],
            relearning_steps: vec![600],
            maximum_interval: 36_500,
        }
    }
}

/// When an answer makes the item due next, for the answer buttons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Next {
    /// The rating.
    pub rating: Rating,
    /// The state after it.
    pub state: ItemState,
    /// Seconds from now until due.
    pub delay_secs: i64,
}

/// The FSRS scheduler with its parameters and configuration.
#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: fsrs::FSRS,
    config: SchedulerConfig,
}

/// Why the scheduler could not be built.
#[derive(Debug, Clone, PartialEq)]
pub struct BadParameters(pub String);

impl Scheduler {
    /// A scheduler with FSRS `parameters` (empty for the defaults).
    pub fn new(parameters: &[f32], config: SchedulerConfig) -> Result<Self, BadParameters> {
        let fsrs = fsrs::FSRS::new(parameters).map_err(|e| BadParameters(e.to_string()))?;
        let desired_retention = config.desired_retention.clamp(0.7, 0.99);
        Ok(Self {
            fsrs,
            config: SchedulerConfig {
                desired_retention,
                ..config
            },
        })
    }

    /// A scheduler with FSRS's default parameters.
    pub fn with_default_parameters(config: SchedulerConfig) -> Self {
        let desired_retention = config.desired_retention.clamp(0.7, 0.99);
        Self {
            fsrs: fsrs::FSRS::default(),
            config: SchedulerConfig {
                desired_retention,
                ..config
            },
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &SchedulerConfig {
        &self.config
    }

    /// The state after answering `state` with `rating` at `now`. `seed` drives the interval fuzz;
    /// derive it from stable data ([`fuzz_seed`]) so the same answer always gives the same result.
    pub fn answer(
        &self,
        state: &ItemState,
        rating: Rating,
        now: Timestamp,
        days: Days,
        seed: u64,
    ) -> ItemState {
        let elapsed = state.last_review.map_or(0, |last| now.days_since(last));
        let next = self
            .fsrs
            .next_states(
                state.memory.map(Into::into),
                self.config.desired_retention,
                elapsed,
            )
            .ok();
        // FSRS's memory and interval (days) for each rating, buttons kept in order
        // (hard <= good < easy) as Anki does. Without a usable result, keep the memory, 1 day.
        let outcomes: [(Memory, f32); 4] = match &next {
            Some(n) => {
                let (hard, good, easy) = ordered(n.hard.interval, n.good.interval, n.easy.interval);
                [
                    (n.again.memory.into(), n.again.interval),
                    (n.hard.memory.into(), hard),
                    (n.good.memory.into(), good),
                    (n.easy.memory.into(), easy),
                ]
            }
            None => {
                [(
                    state.memory.unwrap_or(Memory {
                        stability: 1.0,
                        difficulty: 5.0,
                    }),
                    1.0,
                ); 4]
            }
        };
        let index = usize::from(rating.number() - 1);
        let (memory, interval) = outcomes.get(index).copied().unwrap_or((
            Memory {
                stability: 1.0,
                difficulty: 5.0,
            },
            1.0,
        ));
        let base = ItemState {
            memory: Some(memory),
            last_review: Some(now),
            reps: state.reps.saturating_add(1),
            ..*state
        };
        match (state.phase, rating) {
            (Phase::Review, Rating::Again) => {
                let lapsed = ItemState {
                    lapses: state.lapses.saturating_add(1),
                    ..base
                };
                let first = self.config.relearning_steps.first().copied();
                self.step_state(lapsed, Phase::Relearning, 0, first, now)
                    .unwrap_or_else(|| self.review_state(lapsed, interval, now, days, seed))
            }
            (Phase::Review, _) => self.review_state(base, interval, now, days, seed),
            (Phase::New | Phase::Learning | Phase::Relearning, _) => {
                let phase = if state.phase == Phase::Relearning {
                    Phase::Relearning
                } else {
                    Phase::Learning
                };
                let steps = if phase == Phase::Relearning {
                    &self.config.relearning_steps
                } else {
                    &self.config.learning_steps
                };
                let current = usize::from(state.step);
                let (step, delay) = match rating {
                    Rating::Again => (0, steps.first().copied()),
                    Rating::Hard => (current, hard_delay(steps, current)),
                    Rating::Good => (current + 1, steps.get(current + 1).copied()),
                    Rating::Easy => (0, None),
                };
                // Past the last step (or on Easy) the item graduates to review.
                self.step_state(base, phase, step, delay, now)
                    .unwrap_or_else(|| self.review_state(base, interval, now, days, seed))
            }
        }
    }

    /// The state after each rating, with the delay each would give, for the answer buttons.
    pub fn preview(&self, state: &ItemState, now: Timestamp, days: Days, seed: u64) -> [Next; 4] {
        Rating::ALL.map(|rating| {
            let next = self.answer(state, rating, now, days, seed);
            Next {
                rating,
                state: next,
                delay_secs: (next.due.0 - now.0) / 1000,
            }
        })
    }

    /// A (re)learning step `step` with `delay` seconds, or `None` when the steps are used up.
    fn step_state(
        &self,
        base: ItemState,
        phase: Phase,
        step: usize,
        delay: Option<u32>,
        now: Timestamp,
    ) -> Option<ItemState> {
        let delay = delay?;
        Some(ItemState {
            phase,
            step: u8::try_from(step).unwrap_or(u8::MAX),
            due: now.plus_secs(i64::from(delay)),
            interval_days: 0,
            ..base
        })
    }

    /// Review phase with an interval near `days_f` (fuzzed), due at the start of that study day.
    fn review_state(
        &self,
        base: ItemState,
        days_f: f32,
        now: Timestamp,
        days: Days,
        seed: u64,
    ) -> ItemState {
        let interval = fuzzed_interval(days_f, self.config.maximum_interval, seed);
        let due_day = days.day_of(now) + i64::from(interval);
        ItemState {
            phase: Phase::Review,
            step: 0,
            due: days.start_of(due_day),
            interval_days: interval,
            ..base
        }
    }
}

/// Delay for Hard on a learning step, as Anki: on the first of several steps, halfway between the
/// first two; otherwise the current step again (one-and-a-half times a lone step, capped at a day).
fn hard_delay(steps: &[u32], step: usize) -> Option<u32> {
    match (steps.get(step), steps.get(step + 1)) {
        (Some(&now), Some(&next)) if step == 0 => Some(now / 2 + next / 2),
        (Some(&now), None) if steps.len() == 1 => {
            Some((now.saturating_mul(3) / 2).min(now.saturating_add(86_400)))
        }
        (Some(&now), _) => Some(now),
        (None, _) => None,
    }
}

fn ordered(hard: f32, good: f32, easy: f32) -> (f32, f32, f32) {
    let hard = hard.min(good);
    let good = good.max(hard + 1.0);
    let easy = easy.max(good + 1.0);
    (hard, good, easy)
}

/// A whole number of days near `days_f`: at least 1, at most `maximum`, spread by up to about
/// 5-15% (Anki's fuzz ranges) so items learned together do not stay together.
pub fn fuzzed_interval(days_f: f32, maximum: u32, seed: u64) -> u32 {
    let maximum = maximum.max(1);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    // Clamped to 1..=maximum first.
    let interval = days_f.round().clamp(1.0, maximum as f32) as u32;
    if days_f < 2.5 {
        return interval;
    }
    let ivl = f64::from(days_f);
    let delta = 1.0
        + 0.15 * (ivl.min(7.0) - 2.5).max(0.0)
        + 0.1 * (ivl.min(20.0) - 7.0).max(0.0)
        + 0.05 * (ivl - 20.0).max(0.0);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // Bounded by `maximum`.
    let (low, high) = (
        ((ivl - delta).round().max(2.0) as u32).min(maximum),
        ((ivl + delta).round() as u32).min(maximum),
    );
    #[allow(clippy::cast_precision_loss)] // Only the top 53 bits matter.
    let fraction = (seed >> 11) as f64 / (1u64 << 53) as f64;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // Within 0..=high-low.
    let offset = (fraction * f64::from(high - low + 1)).floor() as u32;
    (low + offset).min(high)
}

/// A fuzz seed from stable data: the item's pack id, item id and answer count (FNV-1a).
pub fn fuzz_seed(pack: &str, item: &str, reps: u32) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in pack
        .bytes()
        .chain([0])
        .chain(item.bytes())
        .chain([0])
        .chain(reps.to_le_bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // Finalise (splitmix64) so nearby inputs spread over the whole range.
    hash ^= hash >> 30;
    hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^= hash >> 27;
    hash = hash.wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
