//! Exam readiness: the predicted share of items recalled on exam day, from each item's FSRS
//! memory and forgetting curve (items never seen count as not known), per pack, tag and exam
//! domain, weakest first, and the work it takes to reach a target by then.

use std::collections::HashMap;

use serde::Serialize;

use super::clock::{Days, Timestamp};
use super::exam::{ExamPlan, Profile};
use super::stats::{item_tags, recall};
use crate::pack::Library;
use crate::progress::{Result, Store};

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

/// Predicted recall on exam day of every item in `library` (unseen items: 0).
pub fn exam_day_recall(
    store: &Store,
    library: &Library,
    at: Timestamp,
    decay: f32,
) -> Result<Vec<((String, String), f32)>> {
    let memories: HashMap<(String, String), f32> = store
        .memories()?
        .into_iter()
        .map(|(key, memory, last)| ((key.pack, key.item), recall(memory, last, at, decay)))
        .collect();
    Ok(item_tags(library)
        .into_iter()
        .map(|((pack, item), _)| {
            let key = (pack.to_owned(), item);
            let r = memories.get(&key).copied().unwrap_or(0.0);
            (key, r)
        })
        .collect())
}

/// The readiness forecast.
pub fn forecast(store: &Store, library: &Library, input: ForecastInput<'_>) -> Result<Forecast> {
    let at = input.plan.exam_time(input.days);
    let known = store.memories()?;
    let recalls: HashMap<(&str, &str), f32> = known
        .iter()
        .map(|(key, memory, last)| {
            let r = recall(*memory, *last, at, input.decay);
            ((key.pack.as_str(), key.item.as_str()), r)
        })
        .collect();
    let mut overall = Group::default();
    let mut packs: HashMap<&str, Group> = HashMap::new();
    let mut tags: HashMap<&str, Group> = HashMap::new();
    let (mut unseen, mut to_refresh) = (0, 0);
    let items = item_tags(library);
    for ((pack, item), item_tags) in &items {
        let seen = recalls.get(&(*pack, item.as_str())).copied();
        let r = seen.unwrap_or(0.0);
        match seen {
            None => unseen += 1,
            Some(r) if r < input.target => to_refresh += 1,
            Some(_) => {}
        }
        overall.add(r);
        packs.entry(pack).or_default().add(r);
        for tag in *item_tags {
            tags.entry(tag.as_str()).or_default().add(r);
        }
    }
    let named = |map: HashMap<&str, Group>, title: &dyn Fn(&str) -> String| {
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
    Ok(Forecast {
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
    })
}
