//! Card info: everything the store knows of one item, for the learner to see why it is where it
//! is: each answer with its date, rating, the interval it gave and the mode that asked it; the
//! FSRS memory (stability, difficulty, retrievability now); the forgetting curve to the next due
//! date; the learner's marks.

use super::clock::{Clock, Timestamp};
use super::engine::Engine;
use super::schedule::{ItemState, Rating};
use super::stats::recall;
use crate::progress::{ItemKey, Marks, Result};

/// One answer as card info lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct InfoAnswer {
    /// When.
    pub time: Timestamp,
    /// The rating.
    pub rating: Rating,
    /// Which mode asked it.
    pub mode: String,
    /// How long the learner took, in milliseconds.
    pub duration_ms: u32,
    /// The interval it gave, in days (0 while in learning steps).
    pub interval_days: u32,
}

/// What card info shows of one item.
#[derive(Debug, Clone, PartialEq)]
pub struct CardInfo {
    /// The item.
    pub key: ItemKey,
    /// Its scheduling state now.
    pub state: ItemState,
    /// The learner's marks.
    pub marks: Marks,
    /// Its answers, oldest first.
    pub answers: Vec<InfoAnswer>,
    /// The predicted recall now (`None` before the first answer).
    pub recall_now: Option<f32>,
    /// The forgetting curve from the last answer to past the due date: (days since the last
    /// answer, predicted recall).
    pub curve: Vec<(f64, f64)>,
    /// Days from the last answer to the due date.
    pub due_after_days: f64,
}

/// Points on the forgetting curve.
const CURVE_POINTS: u32 = 60;

impl Engine {
    /// Card info for `key` at the clock's time.
    pub fn card_info(&self, key: &ItemKey, clock: &dyn Clock) -> Result<CardInfo> {
        let state = self.state(key)?;
        let marks = self.marks(key)?;
        let logged = self.store().history(key)?;
        // The interval an answer gave is the one the next answer found, or today's state's.
        let mut answers = Vec::with_capacity(logged.len());
        for (i, entry) in logged.iter().enumerate() {
            let after = logged
                .get(i + 1)
                .and_then(|next| next.before)
                .unwrap_or(state);
            answers.push(InfoAnswer {
                time: entry.answer.time,
                rating: entry.answer.rating,
                mode: entry.answer.mode.clone(),
                duration_ms: entry.answer.duration_ms,
                interval_days: after.interval_days,
            });
        }
        let decay = self.decay();
        let now = clock.now();
        let recall_now = state
            .memory
            .zip(state.last_review)
            .map(|(memory, last)| recall(memory, last, now, decay));
        let (curve, due_after_days) = match (state.memory, state.last_review) {
            (Some(memory), Some(last)) => {
                #[allow(clippy::cast_precision_loss)] // Milliseconds to days.
                let due_days = ((state.due.0 - last.0).max(0) as f64) / 86_400_000.0;
                let span = (due_days * 1.5).max(1.0);
                let curve = (0..=CURVE_POINTS)
                    .map(|n| {
                        let days = span * f64::from(n) / f64::from(CURVE_POINTS);
                        #[allow(clippy::cast_possible_truncation)] // Whole milliseconds.
                        let at = Timestamp(last.0 + (days * 86_400_000.0) as i64);
                        (days, f64::from(recall(memory, last, at, decay)))
                    })
                    .collect();
                (curve, due_days)
            }
            _ => (Vec::new(), 0.0),
        };
        Ok(CardInfo {
            key: key.clone(),
            state,
            marks,
            answers,
            recall_now,
            curve,
            due_after_days,
        })
    }
}
