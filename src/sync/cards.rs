//! The learner's own cards (the `my-cards` pack) across devices: each card a last-writer-wins
//! register by its id, its value the card as the pack writes it (`null` once deleted). A
//! device sends the cards that changed here since its last sync and puts in its pack the
//! cards another device changed later.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::Latest;
use super::record::{self, Record};
use crate::pack::model::Card;
use crate::study::clock::Clock;
use crate::study::engine::Engine;

/// How long a sync waits for another kubestudy changing the packs folder.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// The cards of the personal pack in `packs`, by id, as JSON.
fn here(packs: &Path) -> Result<BTreeMap<String, serde_json::Value>, String> {
    Ok(crate::pack::personal::my_cards(packs)?
        .into_iter()
        .filter_map(|c| Some((c.id.as_str().to_owned(), serde_json::to_value(&c).ok()?)))
        .collect())
}

/// Appends to `lines` a record for each card added, changed or deleted here since the last
/// sync; returns how many.
pub(super) fn send(
    engine: &mut Engine,
    packs: &Path,
    device: &str,
    latest: &mut HashMap<String, Latest>,
    clock: &dyn Clock,
    lines: &mut String,
) -> Result<usize, String> {
    let cards = here(packs)?;
    let mut changed: Vec<(String, serde_json::Value)> = cards
        .iter()
        .filter(|(id, card)| latest.get(*id).is_none_or(|l| l.v != **card))
        .map(|(id, card)| (id.clone(), card.clone()))
        .collect();
    // Deleted here: known with a card, gone from the pack.
    changed.extend(
        latest
            .iter()
            .filter(|(id, l)| !l.v.is_null() && !cards.contains_key(*id))
            .map(|(id, _)| (id.clone(), serde_json::Value::Null)),
    );
    for (id, card) in &changed {
        let h = engine
            .store_mut()
            .next_stamp(clock.now())
            .map_err(|e| e.to_string())?;
        lines.push_str(&record::frame(&Record::Card {
            h,
            id: id.clone(),
            card: (!card.is_null()).then(|| card.clone()),
        }));
        latest.insert(
            id.clone(),
            Latest {
                h,
                d: device.to_owned(),
                v: card.clone(),
            },
        );
    }
    Ok(changed.len())
}

/// Takes in each card written later on another device, and puts in the pack every card whose
/// latest write is not what the pack has; returns how many cards changed here.
pub(super) fn receive(
    packs: &Path,
    latest: &mut HashMap<String, Latest>,
    incoming: Vec<(String, Latest)>,
    notes: &mut Vec<String>,
) -> Result<usize, String> {
    for (id, l) in incoming {
        if latest
            .get(&id)
            .is_none_or(|cur| (l.h, &l.d) > (cur.h, &cur.d))
        {
            latest.insert(id, l);
        }
    }
    let cards = here(packs)?;
    let mut changes: Vec<(String, Option<Card>)> = Vec::new();
    for (id, l) in latest.iter() {
        let same = match cards.get(id) {
            Some(card) => *card == l.v,
            None => l.v.is_null(),
        };
        if same {
            continue;
        }
        if l.v.is_null() {
            changes.push((id.clone(), None));
            continue;
        }
        match serde_json::from_value::<Card>(l.v.clone()) {
            Ok(card) if card.id.as_str() == id => changes.push((id.clone(), Some(card))),
            _ => notes.push(format!(
                "your card `{id}` from another device cannot be read by this kubestudy; left out"
            )),
        }
    }
    if changes.is_empty() {
        return Ok(0);
    }
    let lock = crate::pack::installed::PacksLock::acquire(packs, LOCK_WAIT)?;
    crate::pack::personal::put_cards(&lock, &changes)?;
    Ok(changes.len())
}
