//! Today's queue: learning items due, then reviews due (most overdue relative to stability
//! first), then new items in pack order, within the daily limits. Deterministic for a clock.

use std::collections::{BTreeMap, VecDeque};

use super::clock::{Days, Timestamp};
use super::schedule::{ItemState, Phase};
use crate::progress::queries::Scope;
use crate::progress::{ItemKey, Result, Store};

/// What to study and how much.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRequest {
    /// Packs and item kinds.
    pub scope: Scope,
    /// New items per pack per day.
    pub new_per_day: usize,
    /// Packs with their own, higher new-item limit (an exam date needs it).
    pub new_per_pack: Vec<(String, usize)>,
    /// Review-phase answers per day, across the scope's packs.
    pub reviews_per_day: usize,
    /// Learning items due within this many seconds are shown now (Anki: 20 minutes).
    pub learn_ahead_secs: i64,
    /// Custom study: new items allowed today beyond each pack's limit.
    pub extra_new: usize,
    /// Custom study: reviews due within this many days after today are shown now too.
    pub ahead_days: u32,
}

/// Why an item is in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A learning or relearning step is due.
    Learning,
    /// A review is due.
    Review,
    /// Never seen.
    New,
}

/// One item to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The item.
    pub key: ItemKey,
    /// Its state when queued.
    pub state: ItemState,
    /// Why it is here.
    pub reason: Reason,
}

/// How many items wait for each reason: the three counts a learner sees (Anki's new, learning,
/// review). Every item is counted once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Waiting {
    /// Learning or relearning steps due now.
    pub learning: usize,
    /// Reviews due today.
    pub review: usize,
    /// New items, within today's limit.
    pub new: usize,
}

impl Waiting {
    /// All of them.
    pub fn total(self) -> usize {
        self.learning + self.review + self.new
    }

    /// Counts one more item here for `reason`.
    pub fn add(&mut self, reason: Reason) {
        match reason {
            Reason::Learning => self.learning += 1,
            Reason::Review => self.review += 1,
            Reason::New => self.new += 1,
        }
    }
}

/// The items to show, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Queue {
    entries: VecDeque<Entry>,
}

impl Queue {
    /// Builds today's queue for `request` at `now`.
    pub fn build(
        store: &Store,
        request: &QueueRequest,
        now: Timestamp,
        days: Days,
    ) -> Result<Self> {
        let today = days.day_of(now);
        let scope = &request.scope;
        let mut entries = VecDeque::new();
        let learning = store.due_learning(scope, now.plus_secs(request.learn_ahead_secs))?;
        entries.extend(learning.into_iter().map(|(key, state)| Entry {
            key,
            state,
            reason: Reason::Learning,
        }));
        let done = store.reviews_answered_on(today, &scope.packs)?;
        let room = request.reviews_per_day.saturating_sub(done);
        let until = days.start_of(today + 1 + i64::from(request.ahead_days));
        let reviews = store.due_reviews(scope, until, now, room)?;
        entries.extend(reviews.into_iter().map(|(key, state)| Entry {
            key,
            state,
            reason: Reason::Review,
        }));
        let mut packs = scope.packs.clone();
        packs.sort();
        for pack in &packs {
            let limit = request
                .new_per_pack
                .iter()
                .find(|(p, _)| p == pack)
                .map_or(request.new_per_day, |(_, n)| *n)
                .saturating_add(request.extra_new);
            let room = limit.saturating_sub(store.introduced_on(today, pack)?);
            if room > 0 {
                let new = store.new_items(pack, &scope.kinds, room)?;
                entries.extend(new.into_iter().map(|(key, state)| Entry {
                    key,
                    state,
                    reason: Reason::New,
                }));
            }
        }
        Ok(Self { entries })
    }

    /// The next item, without removing it.
    pub fn peek(&self) -> Option<&Entry> {
        self.entries.front()
    }

    /// Removes and returns the next item.
    pub fn pop(&mut self) -> Option<Entry> {
        self.entries.pop_front()
    }

    /// Items left.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is left.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every entry, in order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter()
    }

    /// What waits, per pack (sorted by pack id).
    pub fn waiting_per_pack(&self) -> BTreeMap<String, Waiting> {
        let mut counts: BTreeMap<String, Waiting> = BTreeMap::new();
        for entry in &self.entries {
            counts
                .entry(entry.key.pack.clone())
                .or_default()
                .add(entry.reason);
        }
        counts
    }

    /// After an answer: an item still in (re)learning (Again, or a step not yet passed) comes
    /// back in this session, behind the items already waiting. Its step's due time is in its
    /// state, for a session that wants to wait for it.
    pub fn after_answer(&mut self, key: ItemKey, state: ItemState) {
        if matches!(state.phase, Phase::Learning | Phase::Relearning) {
            self.entries.push_back(Entry {
                key,
                state,
                reason: Reason::Learning,
            });
        }
    }

    /// Takes `key` out (suspended or buried during the session); whether it was there.
    pub fn remove(&mut self, key: &ItemKey) -> bool {
        let before = self.entries.len();
        self.entries.retain(|e| e.key != *key);
        self.entries.len() != before
    }

    /// Keeps the entries `keep` says yes to, in order.
    pub fn retain(&mut self, keep: impl FnMut(&Entry) -> bool) {
        self.entries.retain(keep);
    }

    /// Undo: the answered item goes back to the front.
    pub fn put_back(&mut self, entry: Entry) {
        self.entries.retain(|e| e.key != entry.key);
        self.entries.push_front(entry);
    }
}
