//! The glossary screen's state and actions: search, tag filter, the detail pane, and the
//! "Quiz me" drill whose answers go through the engine.

use std::collections::HashMap;

use super::{App, Screen};
use crate::modes::drill::Drill;
use crate::modes::glossary::{GlossaryIndex, Rank, TermRef};
use crate::progress::{ItemKey, ItemKind};
use crate::study::clock::Timestamp;
use crate::study::schedule::Rating;
use crate::study::stats::predicted_recall;
use crate::ui::Action;

/// Questions in one drill.
pub const DRILL_LENGTH: usize = 10;

/// The glossary screen's state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GlossaryState {
    /// The search text.
    pub query: String,
    /// Only terms with this tag, when set.
    pub tag: Option<String>,
    /// Matches for it, best first.
    pub results: Vec<(TermRef, Rank)>,
    /// The term in the detail pane.
    pub selected: Option<TermRef>,
    /// The cards that test the selected term, as indexes in its pack's cards (found once, when
    /// it is selected).
    pub cards: Vec<usize>,
    /// The card of `cards` (by position there) shown over the glossary, if one is open.
    pub card: Option<usize>,
    /// (diagram title, node label, how many) of the diagram nodes that stand for it.
    pub nodes: Vec<(String, String, usize)>,
    /// The "Quiz me" drill, while one runs.
    pub drill: Option<Drill>,
    /// When the current drill question was shown (for the answer's duration).
    pub asked_at: Option<Timestamp>,
}

impl GlossaryState {
    /// Shows `at` (or nothing) in the detail pane.
    pub fn select(&mut self, index: &GlossaryIndex, at: Option<TermRef>) {
        self.selected = at;
        self.card = None;
        self.cards = at.map(|at| index.cards_using(at)).unwrap_or_default();
        self.nodes = at
            .map(|at| {
                index
                    .nodes_using(at)
                    .into_iter()
                    .map(|(d, n, count)| (d.to_owned(), n.to_owned(), count))
                    .collect()
            })
            .unwrap_or_default();
    }

    fn search(&mut self, index: &GlossaryIndex) {
        self.results = index.search(&self.query, self.tag.as_deref());
        self.select(index, self.results.first().map(|r| r.0));
    }
}

impl App {
    /// Glossary actions: reading needs no progress store; the drill records answers in it.
    pub(super) fn apply_glossary(&mut self, action: Action) {
        let now = self.clock.now();
        let recall = if matches!(action, Action::QuizMe) {
            self.recall_now()
        } else {
            HashMap::new()
        };
        if matches!(action, Action::OpenGlossary) {
            let mut state = GlossaryState::default();
            state.search(&self.glossary);
            self.screen = Screen::Glossary(Box::new(state));
            return;
        }
        let Screen::Glossary(state) = &mut self.screen else {
            return;
        };
        match action {
            Action::Search(query) => {
                state.query = query;
                state.search(&self.glossary);
            }
            Action::FilterTag(tag) => {
                state.tag = tag;
                state.search(&self.glossary);
            }
            Action::ShowTerm(at) => {
                // From a finished drill's list of missed terms: back to reading.
                if state.drill.as_ref().is_some_and(Drill::is_over) {
                    state.drill = None;
                }
                state.select(&self.glossary, Some(at));
            }
            Action::QuizMe => {
                let candidates: Vec<(TermRef, f32)> = state
                    .results
                    .iter()
                    .map(|&(at, _)| {
                        let known = self.glossary.term(at).and_then(|t| {
                            recall.get(&ItemKey::new(self.glossary.pack_id(at), t.id.as_str()))
                        });
                        (at, known.copied().unwrap_or(0.0))
                    })
                    .collect();
                let seed = u64::try_from(now.0).unwrap_or(0);
                let drill = Drill::new(&self.glossary, &candidates, DRILL_LENGTH, seed);
                if drill.is_over() {
                    self.notice = Some(
                        "These terms cannot be quizzed: each needs another term in its pack to \
                         offer as a wrong answer."
                            .to_owned(),
                    );
                } else {
                    state.card = None;
                    state.drill = Some(drill);
                    state.asked_at = Some(now);
                }
            }
            Action::DrillPick(option) => {
                let Some(drill) = &mut state.drill else {
                    return;
                };
                let Some(at) = drill.current().map(|q| q.at) else {
                    return;
                };
                let Some(right) = drill.pick(option) else {
                    return;
                };
                let (Some(term), Ok(engine)) = (self.glossary.term(at), &mut self.engine) else {
                    return; // without a store the drill still runs, unrecorded
                };
                let key = ItemKey::new(self.glossary.pack_id(at), term.id.as_str());
                let rating = if right { Rating::Good } else { Rating::Again };
                let took = state.asked_at.map_or(0, |t| (now.0 - t.0).max(0));
                let took = u32::try_from(took).unwrap_or(u32::MAX);
                let clock = self.clock.as_ref();
                if let Err(e) = engine.answer(&key, ItemKind::Term, rating, "drill", took, clock) {
                    self.notice = Some(e.to_string());
                }
            }
            Action::DrillNext => {
                if let Some(drill) = &mut state.drill {
                    drill.next();
                    state.asked_at = Some(now);
                }
            }
            Action::DrillEnd => match &mut state.drill {
                // Stopped with answers: the score and the missed terms first.
                Some(drill) if !drill.is_over() && drill.score().1 > 0 => drill.stop(),
                _ => state.drill = None,
            },
            Action::PeekCard(card) => {
                state.card = card.filter(|&n| n < state.cards.len());
            }
            _ => {}
        }
    }

    /// Predicted recall now of every answered item (unseen items are missing: not known).
    fn recall_now(&self) -> HashMap<ItemKey, f32> {
        let Ok(engine) = &self.engine else {
            return HashMap::new();
        };
        predicted_recall(engine.store(), self.clock.now(), engine.decay())
            .map(|all| all.into_iter().collect())
            .unwrap_or_default()
    }
}
