//! A pack's cards back from AnkiDroid: a package holding notes we exported
//! (`kubestudy:PACK:ITEM` guids) is not a new pack but the learner's phone study. Its review
//! log merges into the items' history by (item, time), so answers that went out with the
//! export and come back are not counted twice; each touched item is then rescheduled from its
//! whole history, and the answers go on to the sync folder like any answered here. Notes whose
//! text changed on the phone are listed for the learner, never applied behind their back.

use std::collections::{BTreeSet, HashMap};

use super::collection::Collection;
use crate::pack::{Library, PackId};
use crate::progress::devices::SyncedAnswer;
use crate::progress::types::{Rating, Timestamp};
use crate::progress::{Answer, ItemKey, ItemKind, Store};
use crate::study::clock::Days;

/// The guid prefix of the notes kubestudy exports.
pub const GUID_PREFIX: &str = "kubestudy:";
/// The mode answers from the phone are logged under.
pub const PHONE_MODE: &str = "anki-phone";
/// How far apart (ms) an answer here and one in the package may be and still be the same one
/// (an export moves an answer by a millisecond or two when two share one).
const SAME_ANSWER_MS: i64 = 5;

/// A note whose text the phone changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneEdit {
    /// The item.
    pub key: ItemKey,
    /// Which side: `front` or `back`.
    pub field: &'static str,
    /// The text on the phone.
    pub phone: String,
    /// The text here.
    pub here: String,
}

/// What a package from the phone holds for packs installed here.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoundTrip {
    /// Our packs it has cards of.
    pub packs: BTreeSet<String>,
    /// Answers not in the history here yet.
    pub answers: Vec<SyncedAnswer>,
    /// Answers already here (they went out with the export).
    pub known: usize,
    /// Cards of ours the installed packs no longer have, and their answers (left out).
    pub unplaced: usize,
    /// Notes that are not ours (left alone: import the deck as a pack of its own for those).
    pub foreign: usize,
    /// Text changed on the phone.
    pub edits: Vec<PhoneEdit>,
}

/// The round trip in `collection`, when it holds notes of packs installed in `library`.
///
/// # Errors
/// The store's error, when it cannot be asked what it has.
pub fn read(
    collection: &Collection,
    library: &Library,
    store: &Store,
    days: Days,
) -> Result<Option<RoundTrip>, String> {
    let ours: Vec<_> = collection
        .notes
        .iter()
        .filter_map(|n| {
            let rest = n.guid.strip_prefix(GUID_PREFIX)?;
            let (pack, _) = rest.split_once(':')?;
            library.get(&PackId(pack.to_owned())).map(|p| (n, p))
        })
        .collect();
    if ours.is_empty() {
        return Ok(None);
    }
    let mut trip = RoundTrip {
        foreign: collection.notes.len() - ours.len(),
        ..RoundTrip::default()
    };
    // Each pack's exported notes, by guid.
    let mut exported: HashMap<String, super::export::ExportedNote> = HashMap::new();
    let mut terms: BTreeSet<(String, String)> = BTreeSet::new();
    for (_, pack) in &ours {
        let id = pack.id().as_str().to_owned();
        if trip.packs.insert(id.clone()) {
            for note in super::export::exported_notes(pack) {
                exported.insert(note.guid.clone(), note);
            }
            terms.extend(
                pack.glossary
                    .iter()
                    .map(|t| (id.clone(), t.id.as_str().to_owned())),
            );
        }
    }
    // Each card of ours: the item it is.
    let mut items: HashMap<i64, (ItemKey, ItemKind)> = HashMap::new();
    for (note, _) in &ours {
        let Some(rest) = note.guid.strip_prefix(GUID_PREFIX) else {
            continue;
        };
        let pack = rest.split_once(':').map_or("", |(p, _)| p);
        let Some(here) = exported.get(&note.guid) else {
            trip.unplaced += 1;
            continue;
        };
        edits_of(note, here, pack, &mut trip.edits);
        for card in collection.cards.iter().filter(|c| c.note == note.id) {
            match here.cards.iter().find(|(ord, _)| *ord == card.ord) {
                Some((_, item)) => {
                    let kind = if terms.contains(&(pack.to_owned(), item.clone())) {
                        ItemKind::Term
                    } else {
                        ItemKind::Card
                    };
                    items.insert(card.id, (ItemKey::new(pack, item.as_str()), kind));
                }
                None => trip.unplaced += 1,
            }
        }
    }
    // The review log, card by card in time order (as the collection reads it).
    let mut previous: HashMap<i64, i64> = HashMap::new();
    for (n, r) in (0_i64..).zip(&collection.reviews) {
        let Some((key, kind)) = items.get(&r.card) else {
            continue;
        };
        // A manual change (reschedule, reset) is no answer.
        let Some(rating) = Rating::from_number(r.ease).filter(|_| r.kind < 4) else {
            continue;
        };
        let elapsed = previous
            .insert(r.card, r.time_ms)
            .map_or(0, |last| Timestamp(r.time_ms).days_since(Timestamp(last)));
        if store
            .has_answer_near(key, r.time_ms, SAME_ANSWER_MS)
            .map_err(|e| e.to_string())?
        {
            trip.known += 1;
            continue;
        }
        trip.answers.push(SyncedAnswer {
            hlc: crate::progress::devices::stamp_of(r.time_ms, n),
            key: key.clone(),
            kind: *kind,
            answer: Answer {
                time: Timestamp(r.time_ms),
                day: days.day_of(Timestamp(r.time_ms)),
                rating,
                elapsed_days: elapsed,
                mode: PHONE_MODE.to_owned(),
                duration_ms: u32::try_from(r.taken_ms.clamp(0, 3_600_000)).unwrap_or(0),
            },
        });
    }
    Ok(Some(trip))
}

/// Notes whose first two fields (front, back) read otherwise on the phone than in the export.
fn edits_of(
    note: &super::collection::Note,
    here: &super::export::ExportedNote,
    pack: &str,
    edits: &mut Vec<PhoneEdit>,
) {
    let Some((_, item)) = here.cards.first() else {
        return;
    };
    for (i, field) in [(0, "front"), (1, "back")] {
        let (Some(phone), Some(ours)) = (note.fields.get(i), here.fields.get(i)) else {
            continue;
        };
        let phone = crate::pack::tsv::plain(phone);
        if squash(&phone) != squash(ours) {
            edits.push(PhoneEdit {
                key: ItemKey::new(pack, item.as_str()),
                field,
                phone,
                here: ours.clone(),
            });
        }
    }
}

/// Text with its whitespace runs made one space (a phone's editor rewraps).
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl RoundTrip {
    /// What it holds, in sentences.
    pub fn lines(&self) -> Vec<String> {
        let packs: Vec<&str> = self.packs.iter().map(String::as_str).collect();
        let mut out = vec![format!(
            "cards of {} came back from Anki: {} new answers, {} already here",
            packs.join(", "),
            self.answers.len(),
            self.known
        )];
        if self.unplaced > 0 {
            out.push(format!(
                "{} cards are no longer in the installed packs: their answers are left out",
                self.unplaced
            ));
        }
        if self.foreign > 0 {
            out.push(format!(
                "{} notes in the package are not kubestudy's and were left alone (import the \
                 deck by itself to make a pack of them)",
                self.foreign
            ));
        }
        for e in self.edits.iter().take(20) {
            out.push(format!(
                "edited on the phone, not applied: {} {} {}: \"{}\" (here: \"{}\")",
                e.key.pack,
                e.key.item,
                e.field,
                clip(&e.phone),
                clip(&e.here)
            ));
        }
        if self.edits.len() > 20 {
            out.push(format!("and {} more edits", self.edits.len() - 20));
        }
        out
    }
}

fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(80).collect();
    if text.chars().count() > 80 {
        out.push('…');
    }
    out
}

/// The round trip in the package at `path` (opened in a scratch folder inside `packs_dir`), when
/// it holds cards of packs in `library`.
///
/// # Errors
/// Why the package cannot be read, or the store asked.
pub fn check(
    packs_dir: &std::path::Path,
    path: &std::path::Path,
    library: &Library,
    store: &Store,
    days: Days,
) -> Result<Option<RoundTrip>, String> {
    let opened = super::import::open_package(packs_dir, path)?;
    read(opened.collection(), library, store, days)
}

/// Merges the phone's new answers into `engine`'s history as this device's own (so the next
/// sync sends them on), each touched item rescheduled from its whole history.
///
/// # Errors
/// The store's error; nothing is written then.
pub fn apply(
    engine: &mut crate::study::Engine,
    trip: &RoundTrip,
    clock: &dyn crate::study::clock::Clock,
) -> Result<crate::progress::devices::MergeCounts, String> {
    let device = engine
        .store_mut()
        .sync_device(&crate::sync::device_name())
        .map_err(|e| e.to_string())?;
    let from = crate::progress::devices::FromDevice {
        device,
        answers: trip.answers.clone(),
        ..crate::progress::devices::FromDevice::default()
    };
    let merge = crate::progress::merge::Merge {
        devices: std::slice::from_ref(&from),
        sent: &[],
        files: &[],
        now_ms: clock.now().0,
        stamps_read: 0,
    };
    engine
        .merge_synced(&merge, clock)
        .map_err(|e| e.to_string())
}

/// Takes the phone's `edits` as the learner's own edits of the cards (kept in the progress
/// store like an edit made in review, so a pack update keeps them): a new front, and a new back
/// for a card answered in one text. Returns how many cards changed, and a sentence for each
/// edit that cannot be taken (a term, a list or cloze answer, a card no longer in its pack).
///
/// # Errors
/// The store's error.
pub fn accept_edits(
    engine: &mut crate::study::Engine,
    pristine: &Library,
    edits: &[PhoneEdit],
    now: Timestamp,
) -> Result<(usize, Vec<String>), String> {
    let mut by_card: std::collections::BTreeMap<&ItemKey, Vec<&PhoneEdit>> =
        std::collections::BTreeMap::new();
    for e in edits {
        by_card.entry(&e.key).or_default().push(e);
    }
    let (mut applied, mut refused) = (0, Vec::new());
    for (key, edits) in by_card {
        let pack_id = PackId(key.pack.clone());
        let Some(card) = pristine
            .get(&pack_id)
            .and_then(|p| p.cards.iter().find(|c| c.id.as_str() == key.item))
        else {
            refused.push(format!(
                "{} {}: not a card of the pack (a glossary term?); edit it here instead",
                key.pack, key.item
            ));
            continue;
        };
        let mut card = card.clone();
        for e in edits {
            match (e.field, &card.answer) {
                ("front", crate::pack::Answer::Cloze) | ("back", crate::pack::Answer::Cloze) => {
                    refused.push(format!(
                        "{} {}: a cloze card is edited here",
                        key.pack, key.item
                    ));
                }
                ("front", _) => card.front.clone_from(&e.phone),
                (_, crate::pack::Answer::Text(_)) => {
                    card.answer = crate::pack::Answer::Text(e.phone.clone());
                }
                _ => refused.push(format!(
                    "{} {}: its answer is a list; edit it here",
                    key.pack, key.item
                )),
            }
        }
        engine
            .save_card_edit(pristine, &pack_id, &card, now)
            .map_err(|e| e.to_string())?;
        applied += 1;
    }
    Ok((applied, refused))
}
