//! A cram session: items weakest first (lowest predicted recall on exam day, unseen included),
//! misses coming back within the session until answered right, inside a time box or an item
//! count. The learner chooses up front whether it counts (answers go to the review log and
//! FSRS) or is practice only (a separate log; no schedule changes): the app records each answer
//! accordingly.

use std::collections::VecDeque;

use crate::progress::{ItemKey, ItemKind};
use crate::study::clock::Timestamp;

/// Whether the cram's answers update the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// Logged as reviews; FSRS updates each item.
    Counts,
    /// Logged apart; every item's schedule stays exactly as it was.
    PracticeOnly,
}

/// When the cram ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// After this many minutes.
    Minutes(u32),
    /// When this many items have been answered right.
    Items(usize),
}

/// One item to cram.
#[derive(Debug, Clone, PartialEq)]
pub struct CramItem {
    /// The item.
    pub key: ItemKey,
    /// Its kind (for the engine).
    pub kind: ItemKind,
    /// The question.
    pub prompt: String,
    /// The answer, as shown.
    pub answer: String,
    /// Multiple-choice options, when the item has them (graded automatically).
    pub options: Vec<String>,
    /// The right option.
    pub right: Option<usize>,
    /// Predicted recall on exam day when the cram started.
    pub recall: f32,
}

/// A cram in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Cram {
    /// Counts or practice only, fixed at the start.
    pub counting: Counting,
    /// When it ends.
    pub limit: Limit,
    /// When it started.
    pub started: Timestamp,
    items: Vec<CramItem>,
    queue: VecDeque<usize>,
    revealed: bool,
    picked: Option<usize>,
    answered: u32,
    right: u32,
    done: usize,
    misses: Vec<u32>,
    asked_at: Timestamp,
    stopped: bool,
}

/// How far back in the queue a missed item goes: it returns after this many others.
const RETURN_AFTER: usize = 3;

impl Cram {
    /// A cram over `items` (already weakest first).
    pub fn new(items: Vec<CramItem>, counting: Counting, limit: Limit, now: Timestamp) -> Self {
        let queue = (0..items.len()).collect();
        let misses = vec![0; items.len()];
        Self {
            counting,
            limit,
            started: now,
            items,
            queue,
            revealed: false,
            picked: None,
            answered: 0,
            right: 0,
            done: 0,
            misses,
            asked_at: now,
            stopped: false,
        }
    }

    /// Whether the cram is over at `now`: everything answered right, the count reached, the
    /// time box spent, or stopped by the learner.
    pub fn is_over(&self, now: Timestamp) -> bool {
        self.stopped
            || self.queue.is_empty()
            || match self.limit {
                Limit::Items(n) => self.done >= n,
                Limit::Minutes(m) => now.0 - self.started.0 >= i64::from(m) * 60_000,
            }
    }

    /// Milliseconds left in a time box (`None` for an item count).
    pub fn time_left(&self, now: Timestamp) -> Option<i64> {
        match self.limit {
            Limit::Minutes(m) => Some((i64::from(m) * 60_000 - (now.0 - self.started.0)).max(0)),
            Limit::Items(_) => None,
        }
    }

    /// The item showing, unless the cram is over.
    pub fn current(&self, now: Timestamp) -> Option<&CramItem> {
        if self.is_over(now) {
            return None;
        }
        self.queue.front().and_then(|&i| self.items.get(i))
    }

    /// Whether the answer is showing.
    pub fn revealed(&self) -> bool {
        self.revealed
    }

    /// The option picked, for a multiple-choice item.
    pub fn picked(&self) -> Option<usize> {
        self.picked
    }

    /// Shows the answer.
    pub fn reveal(&mut self) {
        self.revealed = true;
    }

    /// Picks an option (and shows the answer).
    pub fn pick(&mut self, option: usize) {
        if !self.revealed {
            self.picked = Some(option);
            self.revealed = true;
        }
    }

    /// For a multiple-choice item once picked: whether the pick was right.
    pub fn picked_right(&self, now: Timestamp) -> Option<bool> {
        let item = self.current(now)?;
        Some(self.picked? == item.right?)
    }

    /// Records the current item as right or not; a miss goes back a few places. Returns the
    /// item, its kind, and the time taken, for the app to record (`None` once stopped).
    pub fn answer(&mut self, right: bool, now: Timestamp) -> Option<(ItemKey, ItemKind, u32)> {
        if self.stopped {
            return None;
        }
        let index = *self.queue.front()?;
        let item = self.items.get(index)?;
        let answered = (item.key.clone(), item.kind);
        let took = u32::try_from((now.0 - self.asked_at.0).max(0)).unwrap_or(u32::MAX);
        self.queue.pop_front();
        self.answered += 1;
        if right {
            self.right += 1;
            self.done += 1;
        } else {
            if let Some(m) = self.misses.get_mut(index) {
                *m += 1;
            }
            let at = RETURN_AFTER.min(self.queue.len());
            self.queue.insert(at, index);
        }
        self.revealed = false;
        self.picked = None;
        self.asked_at = now;
        Some((answered.0, answered.1, took))
    }

    /// Changes the item showing to `f(it)` (the learner edited its card): asked afresh.
    pub fn replace_current(&mut self, f: impl FnOnce(&CramItem) -> CramItem) {
        let Some(&index) = self.queue.front() else {
            return;
        };
        if let Some(item) = self.items.get_mut(index) {
            *item = f(item);
            self.revealed = false;
            self.picked = None;
        }
    }

    /// Takes the item showing out of the cram (suspended or buried), unanswered; returns its
    /// index, for [`Self::put_back`].
    pub fn set_aside(&mut self) -> Option<usize> {
        if self.stopped {
            return None;
        }
        let index = self.queue.pop_front()?;
        self.revealed = false;
        self.picked = None;
        Some(index)
    }

    /// Puts an item set aside back, showing next.
    pub fn put_back(&mut self, index: usize) {
        if index < self.items.len() && !self.queue.contains(&index) {
            self.queue.push_front(index);
            self.revealed = false;
            self.picked = None;
        }
    }

    /// Ends the cram now (the learner left): the item showing is not recorded.
    pub fn stop(&mut self) {
        self.stopped = true;
        self.revealed = false;
        self.picked = None;
    }

    /// (answers given, answers right).
    pub fn score(&self) -> (u32, u32) {
        (self.answered, self.right)
    }

    /// Items answered right so far, and items in the cram.
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.items.len())
    }

    /// The items missed at least once, most missed first (up to `n`).
    pub fn weakest(&self, n: usize) -> Vec<(&CramItem, u32)> {
        let mut missed: Vec<(&CramItem, u32)> = self
            .items
            .iter()
            .zip(&self.misses)
            .filter(|(_, m)| **m > 0)
            .map(|(item, m)| (item, *m))
            .collect();
        missed.sort_by_key(|m| std::cmp::Reverse(m.1));
        missed.truncate(n);
        missed
    }
}

/// The cram the learner is setting up.
#[derive(Debug, Clone, PartialEq)]
pub struct CramSetup {
    /// Which packs (by library index) are in.
    pub packs: Vec<bool>,
    /// Only items with this tag.
    pub tag: Option<String>,
    /// Include diagram boxes.
    pub diagrams: bool,
    /// Time box or item count.
    pub limit: Limit,
    /// Counts or practice only: must be chosen before starting.
    pub counting: Option<Counting>,
}

impl CramSetup {
    /// Every pack in, 20 minutes, diagrams in, counting not yet chosen.
    pub fn new(packs: usize) -> Self {
        Self {
            packs: vec![true; packs],
            tag: None,
            diagrams: true,
            limit: Limit::Minutes(20),
            counting: None,
        }
    }
}
