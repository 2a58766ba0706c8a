//! The card browser's rows: every item of every pack (cards, glossary terms, primer checks,
//! diagram boxes) with what the store knows of it, searchable with [`super::search::Query`] and
//! sortable by column.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::clock::{Clock, Days, Timestamp};
use super::edits::EditState;
use super::engine::Engine;
use super::schedule::{ItemState, Phase};
use super::search::Row;
use super::stats::recall;
use crate::pack::{Card, Library};
use crate::progress::{ItemKey, ItemKind, Marks, Result};

/// One item as the browser lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct BrowserItem {
    /// The item.
    pub key: ItemKey,
    /// What kind of item it is.
    pub kind: ItemKind,
    /// What the learner recognises it by: a card's question, a term, a box's label.
    pub front: String,
    /// Front, answer and explanation, lower-cased, for plain words of a search.
    text: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its scheduling state (`None`: never seen by the store, so new).
    pub state: Option<ItemState>,
    /// The learner's marks.
    pub marks: Marks,
    /// The learner's edit of it, if any.
    pub edited: Option<EditState>,
    /// Predicted recall at the time the list was made.
    pub recall: Option<f32>,
    /// Days from today to its due date (`None` when new).
    pub due_in_days: Option<i64>,
    /// Due at the time the list was made.
    pub due_now: bool,
    /// An edit of a card its pack no longer has (listed so it can be seen and dropped).
    pub gone: bool,
}

/// The kind's name in a search (`kind:card`) and in the table.
pub fn kind_name(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Card => "card",
        ItemKind::Term => "term",
        ItemKind::Check => "check",
        ItemKind::Node => "node",
        ItemKind::Task => "task",
    }
}

impl BrowserItem {
    /// The item as a search matches it.
    pub fn row(&self) -> Row<'_> {
        let state = self.state.as_ref();
        let phase = state.map_or(Phase::New, |s| s.phase);
        Row {
            pack: &self.key.pack,
            kind: kind_name(self.kind),
            text: &self.text,
            tags: &self.tags,
            new: phase == Phase::New,
            learning: matches!(phase, Phase::Learning | Phase::Relearning),
            due: self.due_now,
            suspended: self.marks.suspended,
            buried: self.marks.buried.is_some(),
            leech: self.marks.leech.is_leech(),
            edited: self.edited.is_some(),
            flag: self.marks.flag.map_or(0, crate::progress::Flag::number),
            lapses: state.map_or(0, |s| s.lapses),
            reps: state.map_or(0, |s| s.reps),
            interval_days: state.map_or(0, |s| s.interval_days),
            due_in_days: self.due_in_days,
            stability: state.and_then(|s| s.memory).map(|m| m.stability),
            difficulty: state.and_then(|s| s.memory).map(|m| m.difficulty),
            recall: self.recall,
        }
    }
}

/// A column of the browser's table, to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Column {
    /// Pack id.
    #[default]
    Pack,
    /// Card, term, check or box.
    Kind,
    /// The question or name.
    Front,
    /// Due date (new items last).
    Due,
    /// Interval in days.
    Interval,
    /// FSRS stability.
    Stability,
    /// FSRS difficulty.
    Difficulty,
    /// Predicted recall now.
    Recall,
    /// Lapses.
    Lapses,
    /// Flag colour.
    Flag,
    /// Edited by the learner.
    Edited,
}

impl Column {
    /// Every column, in table order.
    pub const ALL: [Self; 11] = [
        Self::Pack,
        Self::Kind,
        Self::Front,
        Self::Due,
        Self::Interval,
        Self::Stability,
        Self::Difficulty,
        Self::Recall,
        Self::Lapses,
        Self::Flag,
        Self::Edited,
    ];

    /// Its heading.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pack => "Pack",
            Self::Kind => "Kind",
            Self::Front => "Question or name",
            Self::Due => "Due",
            Self::Interval => "Interval",
            Self::Stability => "Stability",
            Self::Difficulty => "Difficulty",
            Self::Recall => "Recall",
            Self::Lapses => "Lapses",
            Self::Flag => "Flag",
            Self::Edited => "Edited",
        }
    }
}

/// Compares two optional numbers with the missing ones last.
fn some_first<T: PartialOrd>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// How `a` and `b` compare in `column` (ascending; items without the value last), then by key,
/// so the order is total and the same every time.
pub fn compare(a: &BrowserItem, b: &BrowserItem, column: Column) -> Ordering {
    let memory = |i: &BrowserItem| i.state.and_then(|s| s.memory);
    let by = match column {
        Column::Pack => a.key.pack.cmp(&b.key.pack),
        Column::Kind => a.kind.code().cmp(&b.kind.code()),
        Column::Front => a.front.to_lowercase().cmp(&b.front.to_lowercase()),
        Column::Due => {
            some_first(a.due_in_days, b.due_in_days).then_with(|| some_first(due_of(a), due_of(b)))
        }
        Column::Interval => some_first(
            a.state.map(|s| s.interval_days),
            b.state.map(|s| s.interval_days),
        ),
        Column::Stability => some_first(
            memory(a).map(|m| m.stability),
            memory(b).map(|m| m.stability),
        ),
        Column::Difficulty => some_first(
            memory(a).map(|m| m.difficulty),
            memory(b).map(|m| m.difficulty),
        ),
        Column::Recall => some_first(a.recall, b.recall),
        Column::Lapses => some_first(a.state.map(|s| s.lapses), b.state.map(|s| s.lapses)),
        Column::Flag => some_first(a.marks.flag, b.marks.flag),
        Column::Edited => some_first(a.edited.map(|e| e.edited), b.edited.map(|e| e.edited)),
    };
    by.then_with(|| a.key.pack.cmp(&b.key.pack))
        .then_with(|| a.key.item.cmp(&b.key.item))
}

fn due_of(item: &BrowserItem) -> Option<Timestamp> {
    item.state.filter(|s| s.phase != Phase::New).map(|s| s.due)
}

/// What a card says, lower-cased, for a search.
fn card_text(card: &Card) -> String {
    let mut text = card.front.to_lowercase();
    for part in card.answer.parts() {
        text.push('\n');
        text.push_str(&part.to_lowercase());
    }
    if let Some(explanation) = &card.explanation {
        text.push('\n');
        text.push_str(&explanation.to_lowercase());
    }
    text
}

/// Every item of `library`, in pack order and within a pack as [`super::items::pack_items`]
/// lists them: (key, kind, front, searchable text, tags).
fn library_items(library: &Library) -> Vec<(ItemKey, ItemKind, String, String, Vec<String>)> {
    let mut out = Vec::new();
    for pack in library.packs() {
        let id = pack.id().as_str();
        for card in &pack.cards {
            let key = ItemKey::new(id, card.id.as_str());
            out.push((
                key,
                ItemKind::Card,
                card.front.clone(),
                card_text(card),
                card.tags.clone(),
            ));
        }
        for term in &pack.glossary {
            let mut text = term.term.to_lowercase();
            for alias in &term.aliases {
                text.push('\n');
                text.push_str(&alias.to_lowercase());
            }
            text.push('\n');
            text.push_str(&term.definition.to_lowercase());
            let key = ItemKey::new(id, term.id.as_str());
            out.push((
                key,
                ItemKind::Term,
                term.term.clone(),
                text,
                term.tags.clone(),
            ));
        }
        for check in pack
            .primers
            .iter()
            .flat_map(|p| &p.sections)
            .flat_map(|s| &s.checks)
        {
            let key = ItemKey::new(id, check.id.as_str());
            out.push((
                key,
                ItemKind::Check,
                check.front.clone(),
                card_text(check),
                check.tags.clone(),
            ));
        }
        for diagram in &pack.diagrams {
            for node in &diagram.nodes {
                let item = super::items::node_item_id(diagram.id.as_str(), node.id.as_str());
                let front = format!("{} \u{2014} {}", node.label, diagram.title);
                let mut text = front.to_lowercase();
                for alias in &node.aliases {
                    text.push('\n');
                    text.push_str(&alias.to_lowercase());
                }
                out.push((
                    ItemKey::new(id, item),
                    ItemKind::Node,
                    front,
                    text,
                    diagram.tags.clone(),
                ));
            }
        }
        for task in &pack.tasks {
            let mut text = task.scenario.to_lowercase();
            text.push('\n');
            text.push_str(&task.model.to_lowercase());
            out.push((
                ItemKey::new(id, task.id.as_str()),
                ItemKind::Task,
                task.scenario.clone(),
                text,
                task.tags.clone(),
            ));
        }
    }
    out
}

impl Engine {
    /// Every item of `library` with its state, marks, edit and predicted recall at the clock's
    /// time, then the learner's edits of cards no pack has any more (`orphans`). One scan of the
    /// store; linear in the items.
    pub fn browser_items(
        &self,
        library: &Library,
        edits: &HashMap<ItemKey, EditState>,
        orphans: &[(ItemKey, Card, EditState)],
        clock: &dyn Clock,
    ) -> Result<Vec<BrowserItem>> {
        let mut known = self.store().browse()?;
        let now = clock.now();
        let days = Days::of(clock, self.settings().rollover_hour);
        let today = days.day_of(now);
        let end_of_today = days.start_of(today + 1);
        let decay = self.decay();
        let gone = orphans.iter().map(|(key, card, state)| BrowserItem {
            key: key.clone(),
            kind: ItemKind::Card,
            front: card.front.clone(),
            text: card_text(card),
            tags: card.tags.clone(),
            state: None,
            marks: Marks::default(),
            edited: Some(*state),
            recall: None,
            due_in_days: None,
            due_now: false,
            gone: true,
        });
        let mut rows: Vec<BrowserItem> = library_items(library)
            .into_iter()
            .map(|(key, kind, front, text, tags)| {
                let (state, marks) = known
                    .remove(&key)
                    .map_or((None, Marks::default()), |(s, m)| (Some(s), m));
                let seen = state.filter(|s| s.phase != Phase::New);
                let recall = seen
                    .and_then(|s| s.memory.zip(s.last_review))
                    .map(|(memory, last)| recall(memory, last, now, decay));
                let due_now = seen.is_some_and(|s| match s.phase {
                    Phase::Review => s.due < end_of_today,
                    _ => s.due <= now,
                });
                let due_in_days = seen.map(|s| days.day_of(s.due) - today);
                BrowserItem {
                    edited: edits.get(&key).copied(),
                    key,
                    kind,
                    front,
                    text,
                    tags,
                    state,
                    marks,
                    recall,
                    due_in_days,
                    due_now,
                    gone: false,
                }
            })
            .collect();
        rows.extend(gone);
        Ok(rows)
    }
}

/// A change the browser makes to the selected items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bulk {
    /// Suspend (`true`) or unsuspend them.
    Suspend(bool),
    /// Give them this flag, or none.
    Flag(Option<crate::progress::Flag>),
    /// Bury them until the next study day (`true`), or unbury them.
    Bury(bool),
    /// Reset them to new: they are introduced again as new items (their answers stay logged).
    Forget,
    /// Make them due this many days from today (0: today), keeping their memory; new items are
    /// left as they are (there is no memory to schedule).
    DueIn(u32),
}

/// What a bulk change replaced, so it can be taken back.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkUndo {
    /// Each item's marks before.
    Marks(Vec<(ItemKey, ItemKind, Marks)>),
    /// Each item's state before (`None`: the store had not seen it).
    States(Vec<(ItemKey, ItemKind, Option<ItemState>)>),
}

/// What a bulk change did.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkDone {
    /// Items changed.
    pub changed: usize,
    /// Items left as they were (new items given a due date).
    pub skipped: usize,
    /// How to take it back.
    pub undo: BulkUndo,
}

impl Engine {
    /// Applies `change` to `items`, in one transaction.
    pub fn bulk(
        &mut self,
        items: &[(ItemKey, ItemKind)],
        change: Bulk,
        clock: &dyn Clock,
    ) -> Result<BulkDone> {
        let marks = |engine: &mut Self, f: &dyn Fn(Marks) -> Marks| -> Result<BulkDone> {
            let rows = items
                .iter()
                .map(|(key, kind)| Ok((key.clone(), *kind, f(engine.marks(key)?))))
                .collect::<Result<Vec<_>>>()?;
            let before = engine.store_mut().set_marks_each(&rows)?;
            Ok(BulkDone {
                changed: rows.len(),
                skipped: 0,
                undo: BulkUndo::Marks(
                    rows.into_iter()
                        .zip(before)
                        .map(|((key, kind, _), old)| (key, kind, old))
                        .collect(),
                ),
            })
        };
        match change {
            Bulk::Suspend(on) => marks(self, &|m| Marks { suspended: on, ..m }),
            Bulk::Flag(flag) => marks(self, &|m| Marks { flag, ..m }),
            Bulk::Bury(on) => {
                let span = Days::of(clock, self.settings().rollover_hour);
                let buried = on.then(|| span.day_of(clock.now()));
                marks(self, &|m| Marks { buried, ..m })
            }
            Bulk::Forget => {
                let rows: Vec<_> = items
                    .iter()
                    .map(|(key, kind)| (key.clone(), *kind, ItemState::new_item()))
                    .collect();
                self.put_states(rows, 0)
            }
            Bulk::DueIn(days) => {
                let span = Days::of(clock, self.settings().rollover_hour);
                let due = span.start_of(span.day_of(clock.now()) + i64::from(days));
                let mut rows = Vec::with_capacity(items.len());
                for (key, kind) in items {
                    match self.store().item_state(key)? {
                        Some(state) if state.memory.is_some() => rows.push((
                            key.clone(),
                            *kind,
                            ItemState {
                                phase: Phase::Review,
                                step: 0,
                                due,
                                interval_days: days.max(1),
                                ..state
                            },
                        )),
                        _ => {}
                    }
                }
                let skipped = items.len() - rows.len();
                self.put_states(rows, skipped)
            }
        }
    }

    fn put_states(
        &mut self,
        rows: Vec<(ItemKey, ItemKind, ItemState)>,
        skipped: usize,
    ) -> Result<BulkDone> {
        let before = self.store_mut().set_states(&rows)?;
        Ok(BulkDone {
            changed: rows.len(),
            skipped,
            undo: BulkUndo::States(
                rows.into_iter()
                    .zip(before)
                    .map(|((key, kind, _), old)| (key, kind, old))
                    .collect(),
            ),
        })
    }

    /// Takes a bulk change back.
    pub fn undo_bulk(&mut self, undo: BulkUndo) -> Result<()> {
        match undo {
            BulkUndo::Marks(rows) => self.store_mut().set_marks_each(&rows).map(drop),
            BulkUndo::States(rows) => {
                let rows: Vec<_> = rows
                    .into_iter()
                    .map(|(key, kind, old)| (key, kind, old.unwrap_or_else(ItemState::new_item)))
                    .collect();
                self.store_mut().set_states(&rows).map(drop)
            }
        }
    }
}
