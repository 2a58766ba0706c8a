//! The store's own types: what a saved answer and an item's saved state are made of. They live
//! here, below the scheduler, so the store needs nothing from the layers above it; `study`
//! re-exports them and adds their behaviour (FSRS conversions, the scheduler's rules).

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch (UTC).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

/// Where an item is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Phase {
    /// Never answered.
    New,
    /// In its first learning steps.
    Learning,
    /// Graduated: scheduled in days.
    Review,
    /// Forgotten after graduating: back in short steps.
    Relearning,
}

/// The learner's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Rating {
    /// Forgot.
    Again,
    /// Recalled with serious difficulty.
    Hard,
    /// Recalled.
    Good,
    /// Recalled easily.
    Easy,
}

/// FSRS memory state; a mirror of `fsrs::MemoryState`, which we persist.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    /// Days until recall probability falls to 90%.
    pub stability: f32,
    /// 1 (easy) to 10 (hard).
    pub difficulty: f32,
}

/// The scheduling state of one item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ItemState {
    /// Where it is in its life.
    pub phase: Phase,
    /// Index of the current learning or relearning step.
    pub step: u8,
    /// FSRS memory; `None` until the first answer.
    pub memory: Option<Memory>,
    /// When it is next due.
    pub due: Timestamp,
    /// When it was last answered.
    pub last_review: Option<Timestamp>,
    /// Interval in days of the last review-phase scheduling (0 while learning).
    pub interval_days: u32,
    /// Answers so far.
    pub reps: u32,
    /// Times forgotten after graduating.
    pub lapses: u32,
}

impl ItemState {
    /// An item never answered.
    pub fn new_item() -> Self {
        Self {
            phase: Phase::New,
            step: 0,
            memory: None,
            due: Timestamp(0),
            last_review: None,
            interval_days: 0,
            reps: 0,
            lapses: 0,
        }
    }
}
