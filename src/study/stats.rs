//! Statistics: activity heatmap, due forecast, true retention per pack and tag, item counts,
//! and predicted recall from each item's FSRS memory.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::clock::{Clock, Days, Timestamp};
use super::engine::Engine;
use super::queue::Waiting;
use crate::pack::Library;
use crate::progress::stats_queries::{PhaseCounts, Retention};
use crate::progress::{ItemKey, Result, Store};
use crate::study::schedule::Memory;

/// What waits today, per pack, as home counts it: the queue "Study now" starts (the cards of
/// every pack, the exam's raised new-item limits, one card of each sibling family), so each
/// card counts once, as learning, review or new. Its `new` is today's new cards, within the
/// daily limit; [`PhaseCounts::unseen`] is every card never answered.
pub fn waiting_today(
    engine: &Engine,
    library: &Library,
    clock: &dyn Clock,
) -> Result<BTreeMap<String, Waiting>> {
    let all = library.packs().iter().map(|p| p.id().0.clone()).collect();
    let request = engine.request_for_exam(all, vec![crate::progress::ItemKind::Card], clock)?;
    let siblings = super::siblings::Siblings::of(library);
    let (queue, _) = engine.queue_without_siblings(&request, &siblings, clock)?;
    Ok(queue.waiting_per_pack())
}

/// Answers per study day for the `span` days up to and including `today` (zeros included).
pub fn heatmap(store: &Store, today: i64, span: usize) -> Result<Vec<(i64, u64)>> {
    let span = i64::try_from(span.max(1)).unwrap_or(365);
    let first = today - span + 1;
    let counts: BTreeMap<i64, u64> = store.answers_per_day(first)?.into_iter().collect();
    Ok((first..=today)
        .map(|day| (day, counts.get(&day).copied().unwrap_or(0)))
        .collect())
}

/// How many items fall due on each of the next `span` study days; overdue items count today.
pub fn forecast(store: &Store, days: Days, now: Timestamp, span: usize) -> Result<Vec<u64>> {
    let today = days.day_of(now);
    let span_days = i64::try_from(span).unwrap_or(30);
    let (overdue, due) =
        store.due_between(days.start_of(today), days.start_of(today + span_days))?;
    let mut out = vec![0; span];
    if let Some(first) = out.first_mut() {
        *first = overdue;
    }
    for at in due {
        if let Some(slot) = usize::try_from(days.day_of(Timestamp(at)) - today)
            .ok()
            .and_then(|i| out.get_mut(i))
        {
            *slot += 1;
        }
    }
    Ok(out)
}

/// Every study item of `library` with its tags, as (pack id, item id, tags), in each pack's
/// item order (the store's `position`): cards, terms, primer checks, then diagram nodes
/// (`diagram/node`, with the diagram's tags).
pub fn item_tags(library: &Library) -> Vec<(&str, Cow<'_, str>, &[String])> {
    let mut out = Vec::new();
    for pack in library.packs() {
        let id = pack.id().as_str();
        out.extend(
            pack.cards
                .iter()
                .map(|c| (id, Cow::Borrowed(c.id.as_str()), c.tags.as_slice())),
        );
        out.extend(
            pack.glossary
                .iter()
                .map(|t| (id, Cow::Borrowed(t.id.as_str()), t.tags.as_slice())),
        );
        let checks = pack
            .primers
            .iter()
            .flat_map(|p| &p.sections)
            .flat_map(|s| &s.checks);
        out.extend(checks.map(|c| (id, Cow::Borrowed(c.id.as_str()), c.tags.as_slice())));
        for diagram in &pack.diagrams {
            out.extend(diagram.nodes.iter().map(|n| {
                let item = super::items::node_item_id(diagram.id.as_str(), n.id.as_str());
                (id, Cow::Owned(item), diagram.tags.as_slice())
            }));
        }
    }
    out
}

/// True retention per tag (item tags from the library), for items answered in review.
pub fn retention_by_tag(store: &Store, library: &Library) -> Result<BTreeMap<String, Retention>> {
    let all = item_tags(library);
    let tags_of: BTreeMap<(&str, &str), &[String]> = all
        .iter()
        .map(|(pack, item, tags)| ((*pack, item.as_ref()), *tags))
        .collect();
    let mut by_tag: BTreeMap<String, Retention> = BTreeMap::new();
    for (key, retention) in store.retention_per_item()? {
        for tag in tags_of
            .get(&(key.pack.as_str(), key.item.as_str()))
            .copied()
            .unwrap_or_default()
        {
            by_tag.entry(tag.clone()).or_default().add(retention);
        }
    }
    Ok(by_tag)
}

/// The probability of recalling an item with `memory`, last answered at `last`, at time `at`
/// (FSRS forgetting curve with `decay`).
pub fn recall(memory: Memory, last: Timestamp, at: Timestamp, decay: f32) -> f32 {
    #[allow(clippy::cast_precision_loss)] // Milliseconds to days; precision to spare.
    let elapsed_days = ((at.0 - last.0).max(0) as f64 / 86_400_000.0) as f32;
    fsrs::current_retrievability(memory.into(), elapsed_days, decay)
}

/// Predicted recall at `at` of every answered item (unseen items are not listed: they count as
/// not known).
pub fn predicted_recall(store: &Store, at: Timestamp, decay: f32) -> Result<Vec<(ItemKey, f32)>> {
    Ok(store
        .memories()?
        .into_iter()
        .map(|(key, memory, last)| (key, recall(memory, last, at, decay)))
        .collect())
}

/// One pack's line in the overview.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PackOverview {
    /// Counts by phase, and due today.
    #[serde(flatten)]
    pub counts: PhaseCounts,
    /// True retention over all time.
    pub retention: Retention,
}

/// Counts and retention per pack, sorted by pack id.
pub fn overview(store: &Store, days: Days, now: Timestamp) -> Result<Vec<PackOverview>> {
    let end_of_today = days.start_of(days.day_of(now) + 1);
    let retention: BTreeMap<String, Retention> = store.retention_per_pack()?.into_iter().collect();
    Ok(store
        .phase_counts(end_of_today)?
        .into_iter()
        .map(|counts| {
            let retention = retention.get(&counts.pack).copied().unwrap_or_default();
            PackOverview { counts, retention }
        })
        .collect())
}
