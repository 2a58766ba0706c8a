//! A flashcard review session: the question, answering it (recall, pick options, arrange steps,
//! tick what was recalled), the outcome, rating, undo, and the summary.
//!
//! Plain state driven by the app's reducer; every answer goes through the [`Engine`] (committed
//! before the next card shows). No UI here.
//!
//! How a card is asked ([`Task`]) follows from its answer and distractors, and what the learner did
//! becomes an [`Outcome`]:
//! - a multiple-choice pick that is wrong records Again, whatever is pressed (one outcome);
//! - a right pick suggests Good, and the learner may grade it (a right guess is still a guess);
//! - steps put in order suggest Good when every step is in place, Hard when one step moved to
//!   another place would fix the order (three steps or more), Again otherwise;
//! - a set recalled suggests Good when every item was ticked, Hard when at least half were, and
//!   Again otherwise; a card recalled without options suggests Good (as Anki's Space does).

mod question;

pub use question::{
    Outcome, Shown, Task, moves_to_fix, order_grade, recall_grade, shuffled_order, task_of,
};

use std::sync::Arc;

use crate::pack::{Card, Library};
use crate::progress::{Flag, ItemKey, ItemKind, Leech, Marks, Override, Result};
use crate::study::Engine;
use crate::study::clock::{Clock, Timestamp};
use crate::study::queue::{Entry, Queue, Waiting};
use crate::study::schedule::{Next, Rating};
use crate::study::siblings::Siblings;
use question::{picked_right, shown_card, toggle};

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
    /// Cards left for later when the session was ended before its end.
    pub left: usize,
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
    /// What undo takes back, most recent last: answers and marks.
    undo: Vec<Step>,
    /// The learner's marks on the card showing.
    marks: Marks,
    /// What the last action did that the learner should see (a leech, a suspension).
    notice: Option<String>,
    /// Whether an undo changed the learner's edits, so the library must be laid out again.
    edits_changed: bool,
}

/// One undoable step of a session.
#[derive(Debug)]
enum Step {
    /// An answer (the store's last answer).
    Answer,
    /// Marks changed on a card: its marks before, and the card itself when the change took it
    /// out of the session (suspended, buried).
    Marks {
        key: ItemKey,
        before: Marks,
        removed: Option<Entry>,
    },
    /// The learner's text of a card was saved or reverted: the override it replaced.
    Edit {
        key: ItemKey,
        before: Option<Override>,
    },
}

/// A change of marks the learner asks for during review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Sets this flag, or clears it when the card has it already.
    Flag(Flag),
    /// Suspends the card (it leaves the session).
    Suspend,
    /// Buries the card until the next study day (it leaves the session).
    Bury,
}

/// Custom study: a session beyond today's limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Custom {
    /// New cards beyond each pack's daily limit.
    pub extra_new: usize,
    /// Reviews due within this many days after today, shown now.
    pub ahead_days: u32,
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
        Self::start_custom(engine, library, packs, Custom::default(), clock)
    }

    /// Today's cards of `packs` (all packs when empty), with `custom`'s extra new cards and
    /// reviews due ahead. Answers count as any review's.
    pub fn start_custom(
        engine: &Engine,
        library: Arc<Library>,
        packs: &[String],
        custom: Custom,
        clock: &dyn Clock,
    ) -> Result<Self> {
        let packs = if packs.is_empty() {
            library.packs().iter().map(|p| p.id().0.clone()).collect()
        } else {
            packs.to_vec()
        };
        let mut request = engine.request_for_exam(packs, vec![ItemKind::Card], clock)?;
        request.extra_new = custom.extra_new;
        request.ahead_days = custom.ahead_days;
        let siblings = Siblings::of(&library);
        let (queue, _) = engine.queue_without_siblings(&request, &siblings, clock)?;
        let total = queue.len();
        let mut session = Self {
            library,
            queue,
            shown: None,
            total,
            summary: Summary::default(),
            started: clock.now(),
            answered: Vec::new(),
            undo: Vec::new(),
            marks: Marks::default(),
            notice: None,
            edits_changed: false,
        };
        session.advance(engine, clock.now());
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

    /// What is left today, the card showing included, by why it is here. A card answered Again
    /// comes back, so this can grow.
    pub fn left(&self) -> Waiting {
        let mut left = Waiting::default();
        for entry in self
            .shown
            .iter()
            .map(|s| &s.entry)
            .chain(self.queue.entries())
        {
            left.add(entry.reason);
        }
        left
    }

    /// When the session started.
    pub fn started(&self) -> Timestamp {
        self.started
    }

    /// The running summary.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// The learner's marks on the card showing.
    pub fn marks(&self) -> Marks {
        self.marks
    }

    /// What the last action did that the learner should know (it made a leech, suspended or
    /// buried a card), until the next action.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Flags, suspends or buries the card showing (committed before it returns); a suspended or
    /// buried card leaves the session and the next one shows. Undo takes it back.
    pub fn mark(&mut self, engine: &mut Engine, mark: Mark, clock: &dyn Clock) -> Result<()> {
        let Some(shown) = &self.shown else {
            return Ok(());
        };
        let key = shown.entry.key.clone();
        let before = match mark {
            Mark::Flag(flag) => {
                let flag = (self.marks.flag != Some(flag)).then_some(flag);
                engine.set_marks(&key, ItemKind::Card, Marks { flag, ..self.marks })?
            }
            Mark::Suspend => engine.set_marks(
                &key,
                ItemKind::Card,
                Marks {
                    suspended: true,
                    ..self.marks
                },
            )?,
            Mark::Bury => engine.bury(&key, ItemKind::Card, clock)?,
        };
        self.notice = None;
        let removed = match mark {
            Mark::Flag(_) => {
                self.marks = engine.marks(&key)?;
                None
            }
            Mark::Suspend | Mark::Bury => {
                self.notice = Some(
                    if mark == Mark::Suspend {
                        "Suspended: it comes back only when unsuspended in the browser (Ctrl+Z undoes)"
                    } else {
                        "Buried until tomorrow (Ctrl+Z undoes)"
                    }
                    .to_owned(),
                );
                let entry = self.shown.take().map(|s| s.entry);
                self.total = self.total.saturating_sub(1);
                self.advance(engine, clock.now());
                entry
            }
        };
        self.undo.push(Step::Marks {
            key,
            before,
            removed,
        });
        Ok(())
    }

    /// Shows `library` from now on (the learner's edits changed): the card showing is asked
    /// afresh in its new words, as it was when it showed.
    pub fn set_library(&mut self, library: Arc<Library>) {
        self.library = library;
        if let Some(shown) = self.shown.take() {
            let card = self.card(&shown.entry.key).unwrap_or(shown.card);
            self.shown = Some(shown_card(shown.entry, card, shown.shown_at));
        }
    }

    /// Records that the learner's text of `key` was saved or reverted (`before`: the override
    /// it replaced), so undo can put it back; `notice` says what was done.
    pub fn edited(&mut self, key: ItemKey, before: Option<Override>, notice: String) {
        self.undo.push(Step::Edit { key, before });
        self.notice = Some(notice);
    }

    /// Whether an undo changed the learner's edits since the last call (the library should be
    /// laid out again and given back through [`Self::set_library`]).
    pub fn take_edits_changed(&mut self) -> bool {
        std::mem::take(&mut self.edits_changed)
    }

    /// Shows the answer side; for an arrangement or a pick-all, checks it. A recalled set is
    /// shown first, to be ticked, and checked on the second call.
    pub fn reveal(&mut self) {
        if let Some(shown) = &mut self.shown {
            shown.checked = shown.revealed || shown.task != Task::TickRecalled;
            shown.revealed = true;
            shown.selected = None;
        }
    }

    /// Option or item `index`: picks or unpicks a multiple-choice option before the answer shows
    /// (picking for a single-answer card checks it); ticks or unticks a recalled item once a set
    /// shows; selects or unselects a step of an arrangement.
    pub fn pick(&mut self, index: usize) {
        let Some(shown) = &mut self.shown else { return };
        match (shown.task, shown.revealed) {
            (Task::PickOne | Task::PickAll { .. }, false) if index < shown.options.len() => {
                toggle(&mut shown.picked, index);
                if shown.task == Task::PickOne {
                    shown.revealed = true;
                    shown.checked = true;
                }
            }
            (Task::TickRecalled, true)
                if !shown.checked && index < shown.card.answer.parts().len() =>
            {
                toggle(&mut shown.picked, index);
            }
            (Task::Arrange, false) if index < shown.order.len() => {
                shown.selected = (shown.selected != Some(index)).then_some(index);
            }
            _ => {}
        }
    }

    /// Moves the step at position `from` of an arrangement to position `to` (clamped), and
    /// selects it there.
    pub fn move_step(&mut self, from: usize, to: usize) {
        let Some(shown) = &mut self.shown else { return };
        if shown.task != Task::Arrange || shown.revealed || from >= shown.order.len() {
            return;
        }
        let step = shown.order.remove(from);
        let to = to.min(shown.order.len());
        shown.order.insert(to, step);
        shown.selected = Some(to);
    }

    /// For a multiple-choice card once revealed: whether the picks were exactly the right options.
    pub fn picked_right(&self) -> Option<bool> {
        self.shown
            .as_ref()
            .filter(|s| s.revealed)
            .and_then(picked_right)
    }

    /// What will be recorded for the current card, once it is answered or shown.
    pub fn outcome(&self) -> Option<Outcome> {
        self.shown.as_ref().and_then(Shown::outcome)
    }

    /// What each rating would do to the current card, for the buttons.
    pub fn preview(&self, engine: &Engine, clock: &dyn Clock) -> Result<Option<[Next; 4]>> {
        match &self.shown {
            Some(shown) => engine.preview(&shown.entry.key, clock).map(Some),
            None => Ok(None),
        }
    }

    /// Rates the current card; the answer is committed before the next card shows. When only one
    /// outcome is possible (a wrong multiple-choice pick), that is recorded whatever `rating` says.
    pub fn answer(&mut self, engine: &mut Engine, rating: Rating, clock: &dyn Clock) -> Result<()> {
        let Some(shown) = self.shown.take() else {
            return Ok(());
        };
        let rating = match shown.outcome() {
            Some(Outcome::Fixed(fixed)) => fixed,
            _ => rating,
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
        self.notice = engine
            .new_leech()
            .filter(|(key, _)| *key == shown.entry.key)
            .map(|(_, leech)| leech_notice(*leech));
        if after_suspended(engine, &shown.entry.key) && self.queue.remove(&shown.entry.key) {
            // A leech suspended by the settings does not come back today.
            self.total = self.total.saturating_sub(1);
        }
        self.answered.push(Answered {
            entry: shown.entry,
            duration_ms: duration,
            passed: rating != Rating::Again,
        });
        self.undo.push(Step::Answer);
        self.advance(engine, now);
        Ok(())
    }

    /// Ends the session before its end: the card showing goes back unanswered, and the summary
    /// shows, with what was left for later.
    pub fn end(&mut self) {
        if let Some(current) = self.shown.take() {
            self.queue.put_back(current.entry);
        }
        self.summary.left = self.queue.len();
    }

    /// Takes the last step back (an answer, a flag, a suspension, a burial) and shows that card
    /// again.
    pub fn undo(&mut self, engine: &mut Engine, clock: &dyn Clock) -> Result<bool> {
        self.notice = None;
        match self.undo.last() {
            Some(Step::Edit { key, before }) => {
                // Taken off the stack only once it is undone, so a failed write can be retried.
                engine.set_override(key, before.as_ref())?;
                self.notice = Some(
                    if before.is_some() {
                        "The card's earlier text is back"
                    } else {
                        "The pack's text is back"
                    }
                    .to_owned(),
                );
                self.undo.pop();
                self.edits_changed = true;
                Ok(true)
            }
            Some(Step::Marks { .. }) => {
                if let Some(Step::Marks {
                    key,
                    before,
                    removed,
                }) = self.undo.pop()
                {
                    return self.undo_marks(engine, &key, before, removed, clock);
                }
                Ok(false)
            }
            Some(Step::Answer) | None => {
                let undone = self.undo_answer(engine, clock)?;
                if undone && matches!(self.undo.last(), Some(Step::Answer)) {
                    self.undo.pop();
                }
                Ok(undone)
            }
        }
    }

    /// Puts `key`'s marks back to `before`; a card the change took out comes back and shows.
    fn undo_marks(
        &mut self,
        engine: &mut Engine,
        key: &ItemKey,
        before: Marks,
        removed: Option<Entry>,
        clock: &dyn Clock,
    ) -> Result<bool> {
        engine.set_marks(key, ItemKind::Card, before)?;
        if let Some(entry) = removed {
            if let Some(current) = self.shown.take() {
                self.queue.put_back(current.entry);
            }
            self.total += 1;
            self.queue.put_back(entry);
            self.advance(engine, clock.now());
        } else if self.shown.as_ref().is_some_and(|s| s.entry.key == *key) {
            self.marks = before;
        }
        Ok(true)
    }

    /// Takes the store's last answer back and shows that card again.
    fn undo_answer(&mut self, engine: &mut Engine, clock: &dyn Clock) -> Result<bool> {
        let Some(undone) = engine.undo()? else {
            return Ok(false);
        };
        self.summary.left = 0;
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
        self.advance(engine, clock.now());
        Ok(true)
    }

    /// Shows the next card whose content is still in the library, with its marks.
    fn advance(&mut self, engine: &Engine, now: Timestamp) {
        while let Some(entry) = self.queue.pop() {
            if let Some(card) = self.card(&entry.key) {
                self.marks = engine.marks(&entry.key).unwrap_or_default();
                self.shown = Some(shown_card(entry, card, now));
                return;
            }
        }
        self.marks = Marks::default();
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

/// What the learner is told when an answer made the card a leech.
fn leech_notice(leech: Leech) -> String {
    match leech {
        Leech::Suspended => {
            "You keep forgetting this card: it is now a leech, and suspended (Ctrl+Z undoes)"
        }
        Leech::Marked | Leech::No => {
            "You keep forgetting this card: it is now a leech. Consider suspending it (@) rather \
             than grinding it"
        }
    }
    .to_owned()
}

/// Whether `key` is suspended now (a leech the settings suspend).
fn after_suspended(engine: &Engine, key: &ItemKey) -> bool {
    engine.marks(key).is_ok_and(|m| m.suspended)
}

#[cfg(test)]
mod tests;
