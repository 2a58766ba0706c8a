//! The card as a question: how it is asked ([`Task`]), what the learner did with it ([`Shown`]),
//! and what that will record ([`Outcome`]). Pure functions of the card and the answer.

use crate::pack::{Answer, Card};
use crate::progress::ItemKey;
use crate::study::clock::Timestamp;
use crate::study::queue::Entry;
use crate::study::schedule::{Rating, fuzz_seed};

/// How the current card is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Recall the answer, show it, grade yourself.
    Recall,
    /// Pick the one right option (a text answer with distractors).
    PickOne,
    /// Pick all that apply (a set answer with distractors); `right` options are right.
    PickAll {
        /// How many options are right.
        right: usize,
    },
    /// Put the steps in order, then check (an ordered answer).
    Arrange,
    /// Recall the items, show them, tick those recalled (a set answer without distractors).
    TickRecalled,
}

/// What answering the current card will record, once it has been answered or shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The learner grades; Space or Enter records `suggested`.
    Grade {
        /// The grade the answer suggests.
        suggested: Rating,
    },
    /// Only this grade can be recorded (a wrong multiple-choice pick).
    Fixed(Rating),
}

impl Outcome {
    /// What Space or Enter records.
    pub fn go_on(self) -> Rating {
        match self {
            Self::Grade { suggested } | Self::Fixed(suggested) => suggested,
        }
    }
}

/// What the learner sees of the current card.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// The queue entry.
    pub entry: Entry,
    /// The card.
    pub card: Card,
    /// How it is asked.
    pub task: Task,
    /// Whether the answer side is showing (for an arrangement or a pick-all: whether it was
    /// checked).
    pub revealed: bool,
    /// Whether the answer is final and its outcome known: as `revealed`, except that a recalled
    /// set is shown first and checked once its items are ticked.
    pub checked: bool,
    /// Multiple-choice options (answer parts and distractors, shuffled by a stable seed), if the
    /// card has distractors.
    pub options: Vec<String>,
    /// The options picked (indexes into `options`), or for [`Task::TickRecalled`] the answer's
    /// items ticked as recalled (indexes into the answer's parts).
    pub picked: Vec<usize>,
    /// For [`Task::Arrange`]: the learner's order, as indexes into the answer's parts.
    pub order: Vec<usize>,
    /// For [`Task::Arrange`]: the position selected to move with the keys.
    pub selected: Option<usize>,
    /// When the card was shown.
    pub shown_at: Timestamp,
}

impl Shown {
    /// For an arrangement: whether the step at each position is the right one there.
    pub fn in_place(&self) -> Vec<bool> {
        let parts = self.card.answer.parts();
        self.order
            .iter()
            .enumerate()
            .map(|(at, &i)| parts.get(i) == parts.get(at))
            .collect()
    }

    /// What will be recorded, once the card is answered or shown; `None` before.
    pub fn outcome(&self) -> Option<Outcome> {
        if !self.checked {
            return None;
        }
        let parts = self.card.answer.parts();
        let suggested = match self.task {
            Task::Recall => Rating::Good,
            Task::PickOne | Task::PickAll { .. } => match picked_right(self) {
                Some(false) => return Some(Outcome::Fixed(Rating::Again)),
                Some(true) | None => Rating::Good,
            },
            Task::Arrange => order_grade(parts, &self.order),
            Task::TickRecalled => recall_grade(self.picked.len(), parts.len()),
        };
        Some(Outcome::Grade { suggested })
    }
}

/// The grade an arrangement suggests: Good in order, Hard when moving one step would fix it (with
/// three steps or more), Again otherwise.
pub fn order_grade(parts: &[String], order: &[usize]) -> Rating {
    match moves_to_fix(parts, order) {
        0 => Rating::Good,
        1 if parts.len() >= 3 => Rating::Hard,
        _ => Rating::Again,
    }
}

/// The fewest steps to take out and put back elsewhere to make `order` right: the steps not on the
/// longest run already in the right relative order. Equal steps count as the same step.
pub fn moves_to_fix(parts: &[String], order: &[usize]) -> usize {
    // Each step's place in the right order (the first of equal steps).
    let ranks: Vec<usize> = order
        .iter()
        .filter_map(|&i| parts.get(i))
        .map(|step| parts.iter().position(|p| p == step).unwrap_or(0))
        .collect();
    // Longest non-decreasing subsequence, O(n log n) by patience sorting.
    let mut tails: Vec<usize> = Vec::new();
    for rank in ranks.iter().copied() {
        let at = tails.partition_point(|&t| t <= rank);
        if at == tails.len() {
            tails.push(rank);
        } else if let Some(slot) = tails.get_mut(at) {
            *slot = rank;
        }
    }
    order.len().saturating_sub(tails.len())
}

/// The grade ticking `recalled` of `total` items suggests: Good for all, Hard for at least half,
/// Again otherwise.
pub fn recall_grade(recalled: usize, total: usize) -> Rating {
    if recalled >= total {
        Rating::Good
    } else if recalled * 2 >= total {
        Rating::Hard
    } else {
        Rating::Again
    }
}

/// A card as it is first shown: its task, options and, for steps, a shuffled order.
pub(super) fn shown_card(entry: Entry, card: Card, now: Timestamp) -> Shown {
    let task = task_of(&card);
    let options = match task {
        Task::PickOne | Task::PickAll { .. } => options_for(&card, &entry.key),
        _ => Vec::new(),
    };
    let order = if task == Task::Arrange {
        // A new order each time the card comes back, so no order is learnt by heart.
        let seed = fuzz_seed(&entry.key.pack, &entry.key.item, entry.state.reps);
        shuffled_order(card.answer.parts().len(), seed)
    } else {
        Vec::new()
    };
    Shown {
        entry,
        card,
        task,
        revealed: false,
        checked: false,
        options,
        picked: Vec::new(),
        order,
        selected: None,
        shown_at: now,
    }
}

/// How `card` is asked.
pub fn task_of(card: &Card) -> Task {
    match &card.answer {
        Answer::Text(_) if !card.distractors.is_empty() => Task::PickOne,
        Answer::Set(items) if !card.distractors.is_empty() => Task::PickAll { right: items.len() },
        Answer::Set(items) if items.len() > 1 => Task::TickRecalled,
        Answer::Ordered(items) if items.len() > 1 => Task::Arrange,
        _ => Task::Recall,
    }
}

/// `0..n` in an order fixed by `seed` (Fisher–Yates on SplitMix64), never the right order when
/// there are two steps or more.
pub fn shuffled_order(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = seed;
    for i in (1..n).rev() {
        state = splitmix(state);
        let j = usize::try_from(state % (i as u64 + 1)).unwrap_or(0);
        order.swap(i, j);
    }
    if order.iter().enumerate().all(|(at, &i)| at == i) {
        order.rotate_left(1.min(n));
    }
    order
}

/// One step of SplitMix64.
fn splitmix(state: u64) -> u64 {
    let mut z = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

pub(super) fn toggle(picked: &mut Vec<usize>, index: usize) {
    if let Some(at) = picked.iter().position(|&p| p == index) {
        picked.remove(at);
    } else {
        picked.push(index);
    }
}

/// The card's options in a stable shuffled order (seeded by the item), or none without distractors.
fn options_for(card: &Card, key: &ItemKey) -> Vec<String> {
    if card.distractors.is_empty() || matches!(card.answer, Answer::Ordered(_)) {
        return Vec::new();
    }
    let mut options: Vec<(u64, String)> = card
        .answer
        .parts()
        .iter()
        .chain(&card.distractors)
        .map(|o| {
            (
                fuzz_seed(&key.pack, &format!("{}:{o}", key.item), 0),
                o.clone(),
            )
        })
        .collect();
    options.sort();
    options.into_iter().map(|(_, o)| o).collect()
}

/// Whether the options picked are exactly the right ones; `None` for a card without options or
/// when nothing was picked (the learner recalled instead and grades themselves).
pub(super) fn picked_right(shown: &Shown) -> Option<bool> {
    if shown.options.is_empty() || shown.picked.is_empty() {
        return None;
    }
    let parts = shown.card.answer.parts();
    let mut right: Vec<usize> = shown
        .options
        .iter()
        .enumerate()
        .filter(|(_, o)| parts.contains(o))
        .map(|(i, _)| i)
        .collect();
    let mut picked = shown.picked.clone();
    right.sort_unstable();
    picked.sort_unstable();
    Some(right == picked)
}
