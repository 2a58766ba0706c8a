//! Our progress as Anki's: each item's state as a card's scheduling columns, and its answers as
//! review-log entries, for an export the learner asked to carry their progress.

use std::collections::BTreeMap;

use super::export::WithProgress;
use crate::progress::answers::ItemKey;
use crate::progress::marks::{Flag, Marks};
use crate::progress::types::{ItemState, Phase, Timestamp};
use crate::study::clock::Days;

/// Anki's longest answer time (its default "maximum answer seconds").
const MAX_TAKEN_MS: i64 = 60_000;
/// A graduated card's ease in Anki's terms; FSRS ignores it.
const EASE: i64 = 2500;

/// A card's scheduling columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CardRow {
    pub kind: i64,
    pub queue: i64,
    pub due: i64,
    pub ivl: i64,
    pub factor: i64,
    pub reps: i64,
    pub lapses: i64,
    pub flags: i64,
    /// Card data: FSRS memory (`s`, `d`) and last review (`lrt`).
    pub data: String,
}

/// One review-log entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Revlog {
    pub time_ms: i64,
    pub ease: i64,
    pub ivl: i64,
    pub last_ivl: i64,
    pub factor: i64,
    pub time_ms_taken: i64,
    pub kind: i64,
}

/// An item's progress, ready to write.
#[derive(Debug, Clone)]
pub(super) struct ItemProgress {
    state: ItemState,
    marks: Marks,
    pub revlog: Vec<Revlog>,
}

/// The progress of `items` of pack `pack`, and the collection's creation time (the start of
/// the study day of the first answer, or of `now`): Anki counts review days from it.
pub(super) fn read(
    with: &WithProgress<'_>,
    pack: &str,
    items: Vec<&str>,
    now: Timestamp,
) -> Result<(Timestamp, BTreeMap<String, ItemProgress>), String> {
    let store = with.store;
    let states = store.browse().map_err(|e| e.to_string())?;
    let mut out = BTreeMap::new();
    let mut first = now;
    for item in items {
        let key = ItemKey::new(pack, item);
        let Some(&(state, marks)) = states.get(&key) else {
            continue;
        };
        let history = store.history(&key).map_err(|e| e.to_string())?;
        let mut revlog: Vec<Revlog> = Vec::with_capacity(history.len());
        let mut graduated = false;
        for (i, logged) in history.iter().enumerate() {
            let answer = &logged.answer;
            first = first.min(answer.time);
            let next = history.get(i + 1);
            let entry = match (logged.before.as_ref(), next.map(|n| n.before)) {
                // Answered here: the states before and after are logged.
                (Some(before), Some(Some(after))) => entry(Some(before), &after, answer),
                (Some(before), None) => entry(Some(before), &state, answer),
                // Brought from another app, without states: told from the answers' days.
                (None, _) | (Some(_), Some(None)) => {
                    let last_ivl = revlog.last().map_or(0, |r| r.ivl.max(0));
                    let e = inferred(answer, next.map(|n| &n.answer), &state, last_ivl, graduated);
                    graduated |= e.kind == 1;
                    e
                }
            };
            revlog.push(entry);
        }
        out.insert(
            item.to_owned(),
            ItemProgress {
                state,
                marks,
                revlog,
            },
        );
    }
    let days = with.days;
    Ok((days.start_of(days.day_of(first)), out))
}

fn entry(
    before: Option<&ItemState>,
    after: &ItemState,
    answer: &crate::progress::answers::Answer,
) -> Revlog {
    let phase = before.map_or(Phase::New, |b| b.phase);
    let kind = if answer.mode == "cram" {
        3
    } else {
        match phase {
            Phase::New | Phase::Learning => 0,
            Phase::Review => 1,
            Phase::Relearning => 2,
        }
    };
    // Anki: a positive interval is in days, a negative one in seconds (a learning step).
    let ivl = if after.phase == Phase::Review {
        i64::from(after.interval_days.max(1))
    } else {
        -((after.due.0 - answer.time.0) / 1000).max(0)
    };
    let last_ivl = before
        .filter(|b| b.phase == Phase::Review)
        .map_or(0, |b| i64::from(b.interval_days));
    Revlog {
        time_ms: answer.time.0,
        ease: i64::from(answer.rating.number()),
        ivl,
        last_ivl,
        factor: if after.phase == Phase::Review {
            EASE
        } else {
            0
        },
        time_ms_taken: i64::from(answer.duration_ms).min(MAX_TAKEN_MS),
        kind,
    }
}

/// A review-log entry for an answer whose states were not logged (imported from another app):
/// the first answer and same-day ones before the item ever graduated are learning, same-day
/// ones after it relearning, the others reviews; the interval is the days until the next
/// answer (the last one's: the item's interval now).
fn inferred(
    answer: &crate::progress::answers::Answer,
    next: Option<&crate::progress::answers::Answer>,
    state: &ItemState,
    last_ivl: i64,
    graduated: bool,
) -> Revlog {
    let kind = match (answer.elapsed_days, graduated) {
        (0, false) => 0,
        (0, true) => 2,
        _ => 1,
    };
    let ivl = match next {
        Some(next) => (next.day - answer.day).max(0),
        None => i64::from(state.interval_days),
    };
    Revlog {
        time_ms: answer.time.0,
        ease: i64::from(answer.rating.number()),
        ivl,
        last_ivl,
        factor: if kind == 1 { EASE } else { 0 },
        time_ms_taken: i64::from(answer.duration_ms).min(MAX_TAKEN_MS),
        kind,
    }
}

fn flag_number(flag: Option<Flag>) -> i64 {
    match flag {
        None => 0,
        Some(Flag::Red) => 1,
        Some(Flag::Orange) => 2,
        Some(Flag::Green) => 3,
        Some(Flag::Blue) => 4,
    }
}

/// The scheduling columns of a card whose item has `found` progress (none: a new card at
/// `position`); `crt` is the collection's creation, `days` our study days.
pub(super) fn card_row(
    found: Option<&ItemProgress>,
    position: i64,
    crt: Timestamp,
    days: Option<Days>,
) -> CardRow {
    let mut row = CardRow {
        kind: 0,
        queue: 0,
        due: position,
        ivl: 0,
        factor: 0,
        reps: 0,
        lapses: 0,
        flags: 0,
        data: String::new(),
    };
    let Some(found) = found else { return row };
    let state = &found.state;
    row.flags = flag_number(found.marks.flag);
    row.reps = i64::from(state.reps);
    row.lapses = i64::from(state.lapses);
    match state.phase {
        Phase::New => {}
        Phase::Learning | Phase::Relearning => {
            row.kind = if state.phase == Phase::Learning { 1 } else { 3 };
            row.queue = 1;
            row.due = state.due.secs();
            row.ivl = i64::from(state.interval_days);
            row.factor = if state.phase == Phase::Relearning {
                EASE
            } else {
                0
            };
        }
        Phase::Review => {
            row.kind = 2;
            row.queue = 2;
            row.due = days.map_or(0, |d| d.day_of(state.due) - d.day_of(crt));
            row.ivl = i64::from(state.interval_days.max(1));
            row.factor = EASE;
        }
    }
    if let Some(memory) = state.memory.filter(|_| state.phase != Phase::New) {
        let mut data = serde_json::json!({
            "s": f64::from(memory.stability),
            "d": f64::from(memory.difficulty),
        });
        if let (Some(last), Some(map)) = (state.last_review, data.as_object_mut()) {
            map.insert("lrt".to_owned(), last.secs().into());
        }
        row.data = data.to_string();
    }
    if found.marks.suspended {
        row.queue = -1;
    } else if found.marks.buried.is_some() {
        row.queue = -3;
    }
    row
}
