//! A card's FSRS memory rebuilt from its Anki review log, the way Anki itself rebuilds it when
//! FSRS is turned on, so an imported card goes on where it was:
//!
//! - the history starts at the last run of learning steps (a card reset to new and learnt
//!   again forgets what came before); without learning steps, at the first graded review, and
//!   the memory then starts from Anki's SM-2 ease and interval;
//! - manual changes (set due date, reset, reschedule) and cramming in a filtered deck without
//!   rescheduling are not reviews;
//! - days between reviews count study days, which start at `day_start` seconds after midnight
//!   UTC (Anki's rollover hour in the learner's time zone).

use fsrs::{FSRS, FSRSItem, FSRSReview, MemoryState};

use super::collection::Review;

const LEARNING: i64 = 0;
const FILTERED: i64 = 3;
const MANUAL: i64 = 4;
const RESCHEDULED: i64 = 5;
const DAY_SECS: i64 = 86_400;

/// The reviews of one card (in time order) that FSRS learns from, and whether they reach back
/// to its first learning step (else its memory starts from SM-2).
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The reviews, with days since the previous one.
    pub reviews: Vec<FSRSReview>,
    /// Whether the history is whole.
    pub complete: bool,
}

/// The study day of `time_ms`, days starting `day_start` seconds after midnight UTC (a review
/// at the very second a day starts counts to the day before, as in Anki).
fn study_day(time_ms: i64, day_start: i64) -> i64 {
    -(day_start - time_ms.div_euclid(1000)).div_euclid(DAY_SECS)
}

/// What FSRS learns from `entries` (one card's, in time order); `None` when no graded review
/// is left (never studied, or reset since).
pub fn history(entries: &[Review], day_start: i64) -> Option<History> {
    let graded = |e: &Review| (1..=4).contains(&e.ease);
    let mut first_learning = None;
    let mut first_graded = None;
    let mut complete = false;
    for (i, e) in entries.iter().enumerate().rev() {
        if e.kind == FILTERED && e.factor == 0 {
            continue;
        }
        if graded(e) {
            first_graded = Some(i);
        }
        if graded(e) && e.kind == LEARNING {
            first_learning = Some(i);
            complete = true;
        } else if first_learning.is_some() {
            break;
        } else if e.kind == MANUAL && e.factor == 0 {
            // A reset to new: what came before it is forgotten.
            if first_graded.is_some() {
                complete = false;
                break;
            }
            return None;
        }
    }
    let start = first_learning.or(first_graded)?;
    let kept: Vec<&Review> = entries
        .get(start..)
        .unwrap_or_default()
        .iter()
        .filter(|e| {
            !(e.kind == MANUAL
                || e.ease == 0
                || (e.kind == FILTERED && e.factor == 0)
                || e.kind == RESCHEDULED)
        })
        .collect();
    let mut reviews = Vec::with_capacity(kept.len());
    let mut last_day = None;
    for e in kept {
        let day = study_day(e.time_ms, day_start);
        let delta = last_day.map_or(0, |last: i64| (day - last).max(0));
        last_day = Some(day);
        reviews.push(FSRSReview {
            rating: u32::try_from(e.ease).unwrap_or(3),
            delta_t: u32::try_from(delta).unwrap_or(u32::MAX),
        });
    }
    (!reviews.is_empty()).then_some(History { reviews, complete })
}

/// The memory `history` leaves; an incomplete one starts from SM-2's `ease_factor` (Anki's
/// permille, 2500 = 2.5) and `interval` days.
pub fn memory(
    fsrs: &FSRS,
    history: &History,
    ease_factor: i64,
    interval: i64,
) -> Result<MemoryState, String> {
    let start = if history.complete {
        None
    } else {
        Some(from_sm2(fsrs, ease_factor, interval)?)
    };
    let item = FSRSItem {
        reviews: history.reviews.clone(),
    };
    fsrs.memory_state(item, start).map_err(|e| e.to_string())
}

/// The memory SM-2 implies: Anki's ease factor (permille, 2500 = 2.5) and interval in days, at
/// the 90 % retention SM-2 aims for. For a card with no usable history, or where it starts.
pub fn from_sm2(fsrs: &FSRS, ease_factor: i64, interval: i64) -> Result<MemoryState, String> {
    #[allow(clippy::cast_precision_loss)] // Permille and days: small numbers.
    let (ease, days) = (
        (ease_factor as f32 / 1000.0).max(1.3),
        interval.max(1) as f32,
    );
    fsrs.memory_state_from_sm2(ease, days, 0.9)
        .map_err(|e| e.to_string())
}
