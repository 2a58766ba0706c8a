//! A flashcard review session: front, reveal, rate (or pick an option), undo, summary.
//!
//! Plain state driven by the app's reducer; every answer goes through the [`Engine`] (committed
//! before the next card shows). No UI here.

use std::sync::Arc;

use crate::pack::{Answer, Card, Library};
use crate::progress::{ItemKey, ItemKind, Result};
use crate::study::Engine;
use crate::study::clock::{Clock, Timestamp};
use crate::study::queue::{Entry, Queue};
use crate::study::schedule::{Next, Rating};

/// What the learner sees of the current card.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// The queue entry.
    pub entry: Entry,
    /// The card.
    pub card: Card,
    /// Whether the answer side is showing.
    pub revealed: bool,
    /// Multiple-choice options (answer parts and distractors, shuffled by a stable seed), if the
    /// card has distractors.
    pub options: Vec<String>,
    /// The options picked so far (indexes into `options`).
    pub picked: Vec<usize>,
    /// When the card was shown.
    pub shown_at: Timestamp,
}

/// The session's result so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Answers given.
    pub answered: u32,
    /// Of which not Again.
    pub correct: u32,
    /// Milliseconds spent answering.
    pub time_ms: u64,
    /// The soonest next due time among the cards answered.
    pub next_due: Option<Timestamp>,
}

/// A review session over some packs.
#[derive(Debug)]
pub struct ReviewSession {
    library: Arc<Library>,
    queue: Queue,
    shown: Option<Shown>,
    total: usize,
    summary: Summary,
    started: Timestamp,
    /// Cards answered, most recent last, for undo.
    answered: Vec<Answered>,
}

/// One answer of this session, kept so undo can take it out of the summary too.
#[derive(Debug)]
struct Answered {
    entry: Entry,
    duration_ms: u64,
    passed: bool,
}

impl ReviewSession {
    /// Today's cards of `packs` (all packs when empty).
    pub fn start(
        engine: &Engine,
        library: Arc<Library>,
        packs: &[String],
        clock: &dyn Clock,
    ) -> Result<Self> {
        let packs = if packs.is_empty() {
            library.packs().iter().map(|p| p.id().0.clone()).collect()
        } else {
            packs.to_vec()
        };
        let request = engine.request_for_exam(packs, vec![ItemKind::Card], clock)?;
        let queue = engine.queue(&request, clock)?;
        let total = queue.len();
        let mut session = Self {
            library,
            queue,
            shown: None,
            total,
            summary: Summary::default(),
            started: clock.now(),
            answered: Vec::new(),
        };
        session.advance(clock.now());
        Ok(session)
    }

    /// The current card, or `None` when the session is finished.
    pub fn shown(&self) -> Option<&Shown> {
        self.shown.as_ref()
    }

    /// Cards answered and cards in the session (the total grows when a card comes back).
    pub fn progress(&self) -> (usize, usize) {
        (self.answered.len(), self.total)
    }

    /// When the session started.
    pub fn started(&self) -> Timestamp {
        self.started
    }

    /// The running summary.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Shows the answer side.
    pub fn reveal(&mut self) {
        if let Some(shown) = &mut self.shown {
            shown.revealed = true;
        }
    }

    /// Picks or unpicks multiple-choice option `index` (a Text answer allows one pick; a Set
    /// answer any number). Picking for a single-answer card reveals it.
    pub fn pick(&mut self, index: usize) {
        let Some(shown) = &mut self.shown else { return };
        if shown.revealed || index >= shown.options.len() {
            return;
        }
        if let Some(at) = shown.picked.iter().position(|&p| p == index) {
            shown.picked.remove(at);
        } else {
            shown.picked.push(index);
        }
        if matches!(shown.card.answer, Answer::Text(_)) {
            shown.revealed = true;
        }
    }

    /// For a multiple-choice card once revealed: whether the picks were exactly the right options.
    pub fn picked_right(&self) -> Option<bool> {
        self.shown
            .as_ref()
            .filter(|s| s.revealed)
            .and_then(picked_right)
    }

    /// What each rating would do to the current card, for the buttons.
    pub fn preview(&self, engine: &Engine, clock: &dyn Clock) -> Result<Option<[Next; 4]>> {
        match &self.shown {
            Some(shown) => engine.preview(&shown.entry.key, clock).map(Some),
            None => Ok(None),
        }
    }

    /// Rates the current card; the answer is committed before the next card shows. A
    /// multiple-choice card picked wrong is rated Again whatever `rating` says.
    pub fn answer(&mut self, engine: &mut Engine, rating: Rating, clock: &dyn Clock) -> Result<()> {
        let Some(shown) = self.shown.take() else {
            return Ok(());
        };
        let rating = if picked_right(&shown) == Some(false) {
            Rating::Again
        } else {
            rating
        };
        let now = clock.now();
        let duration = u64::try_from((now.0 - shown.shown_at.0).max(0)).unwrap_or(0);
        let result = engine.answer(
            &shown.entry.key,
            ItemKind::Card,
            rating,
            "review",
            u32::try_from(duration).unwrap_or(u32::MAX),
            clock,
        );
        let after = match result {
            Ok(after) => after,
            Err(e) => {
                // Nothing was saved: keep showing the same card.
                self.shown = Some(shown);
                return Err(e);
            }
        };
        self.summary.answered += 1;
        self.summary.correct += u32::from(rating != Rating::Again);
        self.summary.time_ms += duration;
        self.summary.next_due = Some(
            self.summary
                .next_due
                .map_or(after.due, |d| d.min(after.due)),
        );
        let before_len = self.queue.len();
        self.queue.after_answer(shown.entry.key.clone(), after);
        self.total += self.queue.len() - before_len;
        self.answered.push(Answered {
            entry: shown.entry,
            duration_ms: duration,
            passed: rating != Rating::Again,
        });
        self.advance(now);
        Ok(())
    }

    /// Takes the last answer back and shows that card again.
    pub fn undo(&mut self, engine: &mut Engine, clock: &dyn Clock) -> Result<bool> {
        let Some(undone) = engine.undo()? else {
            return Ok(false);
        };
        let Some(at) = self
            .answered
            .iter()
            .rposition(|a| a.entry.key == undone.key)
        else {
            return Ok(true);
        };
        let answered = self.answered.remove(at);
        self.summary.answered = self.summary.answered.saturating_sub(1);
        self.summary.correct = self
            .summary
            .correct
            .saturating_sub(u32::from(answered.passed));
        self.summary.time_ms = self.summary.time_ms.saturating_sub(answered.duration_ms);
        if let Some(current) = self.shown.take() {
            self.queue.put_back(current.entry);
        }
        // A card that came back after Again leaves the queue again.
        self.total = self.total.saturating_sub(usize::from(
            self.queue.entries().any(|e| e.key == undone.key),
        ));
        self.queue.put_back(Entry {
            state: undone.restored,
            ..answered.entry
        });
        self.advance(clock.now());
        Ok(true)
    }

    /// Shows the next card whose content is still in the library.
    fn advance(&mut self, now: Timestamp) {
        while let Some(entry) = self.queue.pop() {
            if let Some(card) = self.card(&entry.key) {
                let options = options_for(&card, &entry.key);
                self.shown = Some(Shown {
                    entry,
                    card,
                    revealed: false,
                    options,
                    picked: Vec::new(),
                    shown_at: now,
                });
                return;
            }
        }
        self.shown = None;
    }

    fn card(&self, key: &ItemKey) -> Option<Card> {
        let pack = self.library.get(&crate::pack::PackId(key.pack.clone()))?;
        pack.cards
            .iter()
            .find(|c| c.id.as_str() == key.item)
            .cloned()
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
                crate::study::schedule::fuzz_seed(&key.pack, &format!("{}:{o}", key.item), 0),
                o.clone(),
            )
        })
        .collect();
    options.sort();
    options.into_iter().map(|(_, o)| o).collect()
}

/// Whether the options picked are exactly the right ones; `None` for a card without options or
/// when nothing was picked (the learner recalled instead and grades themselves).
fn picked_right(shown: &Shown) -> Option<bool> {
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
