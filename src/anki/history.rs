//! An Anki package's review history made ours: each card's answers (time, button, time
//! taken), the FSRS memory they leave, and where Anki's scheduler had the card (its phase, its
//! due date, suspended or not), for the items the package's notes became.

use std::collections::{BTreeMap, BTreeSet};

use fsrs::FSRS;

use super::collection::{Card, Collection, Review};
use super::convert::Origin;
use super::memory;
use crate::progress::answers::{Answer, ItemKey, ItemKind};
use crate::progress::imported::{IMPORTED_MODE, Imported, ImportedAnswer};
use crate::progress::types::{ItemState, Memory, Phase, Rating, Timestamp};
use crate::study::clock::Days;

const REVIEW: i64 = 1;
const FILTERED: i64 = 3;
const MANUAL: i64 = 4;
const RESCHEDULED: i64 = 5;
const SUSPENDED: i64 = -1;
/// Buried by the scheduler (a sibling) or by the learner.
const BURIED: [i64; 2] = [-2, -3];
const LEARNING_QUEUE: i64 = 1;

/// What the history gave, and what it could not place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Histories {
    /// One per card with answers or a schedule.
    pub items: Vec<Imported>,
    /// Review-log entries whose card is not in the package (counted, not imported).
    pub orphans: usize,
    /// Cards whose item is not in the pack (a cloze number the text no longer has).
    pub unplaced: usize,
}

/// The item id of each Anki card: `ids[i]` is the card row `origins[i]` made (cloze cards get
/// `/cN` for their deletion number).
fn item_ids(
    collection: &Collection,
    origins: &[Origin],
    ids: &[Option<String>],
) -> BTreeMap<i64, String> {
    let mut by_template: BTreeMap<(i64, u32), &str> = BTreeMap::new();
    let mut by_cloze: BTreeMap<i64, &str> = BTreeMap::new();
    for (origin, id) in origins.iter().zip(ids) {
        let Some(id) = id.as_deref() else { continue };
        match origin.ord {
            Some(ord) => {
                by_template.insert((origin.note, ord), id);
            }
            None => {
                by_cloze.insert(origin.note, id);
            }
        }
    }
    let mut out = BTreeMap::new();
    for card in &collection.cards {
        if let Some(id) = by_template.get(&(card.note, card.ord)) {
            out.insert(card.id, (*id).to_owned());
        } else if let Some(id) = by_cloze.get(&card.note) {
            out.insert(card.id, format!("{id}/c{}", card.ord.saturating_add(1)));
        }
    }
    out
}

/// Where Anki's scheduler has `card`, as our state (memory filled in by the caller).
fn schedule(collection: &Collection, card: &Card, last: Option<Timestamp>) -> ItemState {
    let phase = match card.kind {
        1 => Phase::Learning,
        2 => Phase::Review,
        3 => Phase::Relearning,
        _ => Phase::New,
    };
    // Review cards are due a number of days after the collection's first day; learning cards
    // (queue 1) at a time in seconds; day-learning cards (queue 3) on a day number too.
    let due_secs = if card.queue == LEARNING_QUEUE {
        card.due
    } else {
        collection
            .created
            .saturating_add(card.due.saturating_mul(86_400))
    };
    ItemState {
        phase,
        step: 0,
        memory: None,
        due: Timestamp(due_secs.saturating_mul(1000)),
        last_review: last,
        interval_days: u32::try_from(card.interval.max(0)).unwrap_or(u32::MAX),
        reps: u32::try_from(card.reps.max(0)).unwrap_or(u32::MAX),
        lapses: u32::try_from(card.lapses.max(0)).unwrap_or(u32::MAX),
    }
}

/// Our answers for one card's review-log `entries` (graded ones only: manual changes are not
/// answers).
fn answers(entries: &[Review], days: Days) -> Vec<ImportedAnswer> {
    let mut out = Vec::new();
    let mut last_day = None;
    for e in entries {
        let Some(rating) = Rating::from_number(e.ease) else {
            continue;
        };
        // Manual changes are not answers, and cramming in a filtered deck that did not
        // reschedule was practice only (kubestudy keeps its own crams apart from the log).
        if e.kind == MANUAL || e.kind == RESCHEDULED || (e.kind == FILTERED && e.factor == 0) {
            continue;
        }
        let time = Timestamp(e.time_ms);
        let day = days.day_of(time);
        let elapsed = last_day.map_or(0, |d: i64| (day - d).max(0));
        last_day = Some(day);
        out.push(ImportedAnswer {
            answer: Answer {
                time,
                day,
                rating,
                elapsed_days: u32::try_from(elapsed).unwrap_or(u32::MAX),
                mode: IMPORTED_MODE.to_owned(),
                duration_ms: u32::try_from(e.taken_ms.clamp(0, 3_600_000)).unwrap_or(0),
            },
            in_review: e.kind == REVIEW,
        });
    }
    out
}

/// Every card's history and state, for the items of `pack` in `present` (the pack's item ids
/// once installed); a card buried in Anki is buried on study day `today`.
pub fn histories(
    collection: &Collection,
    origins: &[Origin],
    ids: &[Option<String>],
    pack: &str,
    present: &BTreeSet<String>,
    (days, today): (Days, i64),
    fsrs: &FSRS,
) -> Histories {
    let items = item_ids(collection, origins, ids);
    let cards: BTreeSet<i64> = collection.cards.iter().map(|c| c.id).collect();
    let mut by_card: BTreeMap<i64, Vec<Review>> = BTreeMap::new();
    let mut out = Histories::default();
    for r in &collection.reviews {
        if cards.contains(&r.card) {
            by_card.entry(r.card).or_default().push(*r);
        } else {
            out.orphans += 1;
        }
    }
    // Each card's memory is rebuilt on its own: one part of the cards a core.
    let cards: Vec<&Card> = collection.cards.iter().collect();
    let parts = crate::parallel::in_parts(cards, PARALLEL_CARDS, |cards| {
        let mut done = Histories::default();
        for card in cards {
            let Some(item) = items.get(&card.id).filter(|i| present.contains(*i)) else {
                done.unplaced += 1;
                continue;
            };
            let entries = by_card.get(&card.id).map_or(&[][..], Vec::as_slice);
            if let Some((state, answers)) = card_history(collection, card, entries, days, fsrs) {
                done.items.push(Imported {
                    key: ItemKey::new(pack, item.clone()),
                    kind: ItemKind::Card,
                    state,
                    answers,
                    suspended: card.queue == SUSPENDED,
                    buried_day: BURIED.contains(&card.queue).then_some(today),
                });
            }
        }
        done
    });
    for part in parts {
        out.unplaced += part.unplaced;
        out.items.extend(part.items);
    }
    out
}

/// Cards a part when their memories are rebuilt on several cores: fewer go on one.
const PARALLEL_CARDS: usize = 256;

/// One card's state after its answers, and the answers; `None` for a card never studied, which
/// stays new.
fn card_history(
    collection: &Collection,
    card: &Card,
    entries: &[Review],
    days: Days,
    fsrs: &FSRS,
) -> Option<(ItemState, Vec<ImportedAnswer>)> {
    let answers = answers(entries, days);
    if answers.is_empty() && card.kind == 0 && card.queue != SUSPENDED {
        return None;
    }
    let last = answers.last().map(|a| a.answer.time);
    let mut state = schedule(collection, card, last);
    // Anki's day starts `rollover` hours after local midnight: in seconds after UTC midnight.
    let day_start = i64::from(days.rollover_hour) * 3600 - i64::from(days.offset_secs);
    let remembered = match memory::history(entries, day_start) {
        Some(h) => memory::memory(fsrs, &h, card.factor, card.interval).ok(),
        None if card.kind != 0 => memory::from_sm2(fsrs, card.factor, card.interval).ok(),
        None => None,
    };
    state.memory = remembered.map(|m| Memory {
        stability: m.stability,
        difficulty: m.difficulty,
    });
    Some((state, answers))
}
