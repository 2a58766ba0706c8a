//! Exam readiness: the predicted share of items recalled on exam day, from each item's FSRS
//! memory and forgetting curve (items never seen count as not known), per pack, tag and exam
//! domain, weakest first, and the work it takes to reach a target by then.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use serde::Serialize;

use super::clock::{Days, Timestamp};
use super::exam::{ExamPlan, Profile};
use super::stats::item_tags;
use crate::pack::Library;
use crate::progress::{Result, Store};
use crate::study::schedule::Memory;

/// Items and how many of them are expected to be recalled.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Group {
    /// Pack title, tag or domain name.
    pub name: String,
    /// Items in it.
    pub items: u64,
    /// Sum of their predicted recall: the expected number recalled.
    pub expected: f64,
}

impl Group {
    /// Expected share recalled (0 for an empty group).
    pub fn share(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
        if self.items == 0 {
            0.0
        } else {
            self.expected / self.items as f64
        }
    }

    fn add(&mut self, recall: f32) {
        self.items += 1;
        self.expected += f64::from(recall);
    }
}

/// A curriculum domain's readiness.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainReadiness {
    /// Its share of the exam, percent.
    pub weight: u32,
    /// Its items (tagged with the domain's tag).
    pub group: Group,
}

/// The forecast for an exam day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// The exam's study day.
    pub exam_day: i64,
    /// Study days from today to the exam.
    pub days_left: i64,
    /// The share aimed for.
    pub target: f32,
    /// Every item.
    pub overall: Group,
    /// Readiness weighted by the exam's domain weights (domains with items only).
    pub weighted: Option<f64>,
    /// Per pack, weakest first.
    pub packs: Vec<Group>,
    /// Per tag, weakest first.
    pub tags: Vec<Group>,
    /// Per domain of the exam, weakest first.
    pub domains: Vec<(String, DomainReadiness)>,
    /// Items never answered.
    pub unseen: u64,
    /// Answered items predicted below the target on exam day.
    pub to_refresh: u64,
    /// Answers it takes to lift every item to the target: each unseen item through its
    /// learning steps and one review, each item below the target once.
    pub answers_needed: u64,
    /// Those answers spread over the days left.
    pub per_day: f64,
}

/// Inputs the forecast needs besides the store and library.
#[derive(Debug, Clone, Copy)]
pub struct ForecastInput<'a> {
    /// The exam day and last-pass window.
    pub plan: ExamPlan,
    /// The study-day calendar.
    pub days: Days,
    /// Now.
    pub now: Timestamp,
    /// FSRS decay of the parameters in use.
    pub decay: f32,
    /// Share to reach.
    pub target: f32,
    /// Answers a new item takes before its first review (learning steps).
    pub learning_answers: u64,
    /// The exam, for domain weights.
    pub profile: Option<&'a Profile>,
}

/// The FSRS forgetting curve R = (1 + f·t/S)^(−d), f = 0.9^(−1/d) − 1, with f computed once.
#[derive(Debug, Clone, Copy)]
struct Curve {
    decay: f32,
    factor: f32,
}

impl Curve {
    fn new(decay: f32) -> Self {
        Self {
            decay,
            factor: 0.9_f32.powf(-1.0 / decay) - 1.0,
        }
    }

    fn recall(self, memory: Memory, last: Timestamp, at: Timestamp) -> f32 {
        #[allow(clippy::cast_precision_loss)] // Milliseconds to days; precision to spare.
        let days = (at.0 - last.0).max(0) as f32 / 86_400_000.0;
        (1.0 + self.factor * days / memory.stability.max(0.01)).powf(-self.decay)
    }
}

/// Memory and last answer of answered items, by pack then item: a cache the engine keeps up to
/// date as answers come, so a forecast needs no database scan.
pub type MemoryIndex = FxHashMap<String, FxHashMap<String, (Memory, Timestamp)>>;

/// Reads every answered item's memory into a [`MemoryIndex`].
pub fn memory_index(store: &Store) -> Result<MemoryIndex> {
    let mut index = MemoryIndex::default();
    for (key, memory, last) in store.memories()? {
        index
            .entry(key.pack)
            .or_default()
            .insert(key.item, (memory, last));
    }
    Ok(index)
}

/// [`forecast`] from a [`MemoryIndex`] instead of the database.
pub fn forecast_indexed(
    index: &MemoryIndex,
    library: &Library,
    input: ForecastInput<'_>,
) -> Forecast {
    let at = input.plan.exam_time(input.days);
    let items = item_tags(library);
    let ranges = pack_ranges(&items);
    let recalled = recalls_indexed(index, &items, at, input.decay);
    summarise(library, &items, &ranges, recalled, input)
}

/// Predicted readiness on one study day: the share of every item recalled if the exam were
/// that day and nothing more were studied from now on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DayReadiness {
    /// The study day (days since 1970-01-01).
    pub day: i64,
    /// Expected share of all items recalled that day (never-seen items count as not known).
    pub share: f64,
}

/// Most points [`readiness_by_day`] gives: a far exam is sampled every few days.
pub const MAX_DAY_POINTS: usize = 61;

/// Predicted readiness on each study day from today to the exam day, **assuming no further
/// study**: every answered item follows its forgetting curve from its last answer, unseen items
/// count as not known. Each day is taken at the exam's time of day (today at `now` if that is
/// later). The first point is today, the last the exam day (equal to the forecast's overall
/// share); every day, or [`MAX_DAY_POINTS`] days spread evenly when the exam is further off. Empty once the exam day has passed.
pub fn readiness_by_day(
    index: &MemoryIndex,
    library: &Library,
    input: ForecastInput<'_>,
) -> Vec<DayReadiness> {
    let today = input.days.day_of(input.now);
    let exam_day = input.plan.exam_day;
    let Ok(span) = usize::try_from(exam_day - today) else {
        return Vec::new();
    };
    // Every day, or `MAX_DAY_POINTS` days spread evenly from today to the exam day.
    let points = (span + 1).min(MAX_DAY_POINTS);
    let last = (points - 1).max(1);
    let mut days: Vec<i64> = (0..points)
        .filter_map(|k| i64::try_from(k * span / last).ok().map(|d| today + d))
        .collect();
    days.dedup();
    let exam_time = input.plan.exam_time(input.days);
    let time_of_day = exam_time.0 - input.days.start_of(exam_day).0;
    let times: Vec<Timestamp> = days
        .iter()
        .map(|&d| Timestamp((input.days.start_of(d).0 + time_of_day).max(input.now.0)))
        .collect();
    let curve = Curve::new(input.decay);
    let items = item_tags(library);
    let mut expected = vec![0.0_f64; times.len()];
    for (pack, item, _) in &items {
        let Some((memory, last)) = index.get(*pack).and_then(|p| p.get(item.as_ref())) else {
            continue;
        };
        for (sum, &at) in expected.iter_mut().zip(&times) {
            *sum += f64::from(curve.recall(*memory, *last, at));
        }
    }
    #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
    let total = items.len().max(1) as f64;
    days.into_iter()
        .zip(expected)
        .map(|(day, sum)| DayReadiness {
            day,
            share: sum / total,
        })
        .collect()
}

/// Predicted recall at `at` of each of `items` (`None`: never answered), from an index.
pub fn recalls_indexed(
    index: &MemoryIndex,
    items: &[(&str, Cow<'_, str>, &[String])],
    at: Timestamp,
    decay: f32,
) -> Vec<Option<f32>> {
    let curve = Curve::new(decay);
    items
        .iter()
        .map(|(pack, item, _)| {
            let (memory, last) = index.get(*pack)?.get(item.as_ref())?;
            Some(curve.recall(*memory, *last, at))
        })
        .collect()
}

/// Where each pack's items start in `items`, and how many it has (packs are few).
fn pack_ranges<'a>(
    items: &[(&'a str, Cow<'a, str>, &'a [String])],
) -> Vec<(&'a str, usize, usize)> {
    let mut ranges: Vec<(&str, usize, usize)> = Vec::new();
    for (i, (pack, _, _)) in items.iter().enumerate() {
        match ranges.last_mut() {
            Some((p, _, len)) if p == pack => *len += 1,
            _ => ranges.push((pack, i, 1)),
        }
    }
    ranges
}

/// Predicted recall at `at` of each of `items` (`None`: never answered), matched to the store's
/// rows by pack and position: the store must be synced with the library (the engine syncs it
/// when it opens).
fn recalls(
    store: &Store,
    items: &[(&str, Cow<'_, str>, &[String])],
    ranges: &[(&str, usize, usize)],
    at: Timestamp,
    decay: f32,
) -> Result<Vec<Option<f32>>> {
    let curve = Curve::new(decay);
    let mut out = vec![None; items.len()];
    store.visit_memories(|pack, position, memory, last| {
        let slot = ranges
            .iter()
            .find(|(p, _, _)| *p == pack)
            .filter(|(_, _, len)| position < *len)
            .and_then(|(_, start, _)| out.get_mut(start + position));
        if let Some(value) = slot {
            *value = Some(curve.recall(memory, last, at));
        }
    })?;
    Ok(out)
}

/// The readiness forecast, reading memories from the store (see also [`forecast_indexed`]).
pub fn forecast(store: &Store, library: &Library, input: ForecastInput<'_>) -> Result<Forecast> {
    let at = input.plan.exam_time(input.days);
    let items = item_tags(library);
    let ranges = pack_ranges(&items);
    let recalled = recalls(store, &items, &ranges, at, input.decay)?;
    Ok(summarise(library, &items, &ranges, recalled, input))
}

/// Groups per-item recall into the forecast.
fn summarise(
    library: &Library,
    items: &[(&str, Cow<'_, str>, &[String])],
    ranges: &[(&str, usize, usize)],
    recalled: Vec<Option<f32>>,
    input: ForecastInput<'_>,
) -> Forecast {
    let mut overall = Group::default();
    let mut tags: FxHashMap<&str, Group> = FxHashMap::default();
    let mut per_item: Vec<f32> = Vec::with_capacity(items.len());
    let (mut unseen, mut to_refresh) = (0, 0);
    for ((_, _, item_tags), seen) in items.iter().zip(recalled) {
        let r = seen.unwrap_or(0.0);
        match seen {
            None => unseen += 1,
            Some(r) if r < input.target => to_refresh += 1,
            Some(_) => {}
        }
        overall.add(r);
        per_item.push(r);
        for tag in *item_tags {
            tags.entry(tag.as_str()).or_default().add(r);
        }
    }
    let packs: FxHashMap<&str, Group> = ranges
        .iter()
        .map(|&(pack, start, len)| {
            let mut group = Group::default();
            per_item
                .get(start..start + len)
                .unwrap_or_default()
                .iter()
                .for_each(|&r| group.add(r));
            (pack, group)
        })
        .collect();
    let named = |map: FxHashMap<&str, Group>, title: &dyn Fn(&str) -> String| {
        let mut out: Vec<Group> = map
            .into_iter()
            .map(|(key, g)| Group {
                name: title(key),
                ..g
            })
            .collect();
        out.sort_by(|a, b| a.share().total_cmp(&b.share()).then(a.name.cmp(&b.name)));
        out
    };
    let title = |id: &str| {
        library
            .packs()
            .iter()
            .find(|p| p.id().as_str() == id)
            .map_or_else(|| id.to_owned(), |p| p.manifest.title.clone())
    };
    let mut domains: Vec<(String, DomainReadiness)> = input
        .profile
        .map(|p| p.domains)
        .unwrap_or_default()
        .iter()
        .map(|d| {
            let group = tags.get(d.tag).cloned().unwrap_or_default();
            let group = Group {
                name: d.tag.to_owned(),
                ..group
            };
            (
                d.name.to_owned(),
                DomainReadiness {
                    weight: d.weight,
                    group,
                },
            )
        })
        .collect();
    domains.sort_by(|a, b| a.1.group.share().total_cmp(&b.1.group.share()));
    let with_items: Vec<&DomainReadiness> = domains
        .iter()
        .map(|(_, d)| d)
        .filter(|d| d.group.items > 0)
        .collect();
    let weight_sum: u32 = with_items.iter().map(|d| d.weight).sum();
    let weighted = (weight_sum > 0).then(|| {
        with_items
            .iter()
            .map(|d| f64::from(d.weight) * d.group.share())
            .sum::<f64>()
            / f64::from(weight_sum)
    });
    let today = input.days.day_of(input.now);
    let days_left = input.plan.exam_day - today;
    let answers_needed = unseen * (input.learning_answers + 1) + to_refresh;
    #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
    let per_day = answers_needed as f64 / days_left.max(1) as f64;
    Forecast {
        exam_day: input.plan.exam_day,
        days_left,
        target: input.target,
        overall,
        weighted,
        packs: named(packs, &title),
        tags: named(tags, &|t: &str| t.to_owned()),
        domains,
        unseen,
        to_refresh,
        answers_needed,
        per_day,
    }
}
