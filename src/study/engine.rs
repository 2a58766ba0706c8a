//! The study engine every mode drives: the store, the scheduler and the settings together.
//!
//! Answer an item and its new state is committed before the call returns; undo takes the last
//! answer back. Time always comes from the `Clock` passed in.

use super::clock::{Clock, Days};
use super::items::pack_items;
use super::queue::{Queue, QueueRequest};
use super::schedule::{ItemState, Next, Rating, Scheduler, SchedulerConfig, fuzz_seed};
use crate::pack::Library;
use crate::progress::queries::Scope;
use crate::progress::settings::Settings;
use crate::progress::{Answer, ItemKey, ItemKind, Result, Store, SyncReport, Undone};

/// The `meta` key holding the learner's own FSRS parameters (JSON list), once optimised.
pub const PARAMETERS_KEY: &str = "fsrs_parameters";

/// The engine: store + scheduler + settings.
#[derive(Debug)]
pub struct Engine {
    store: Store,
    scheduler: Scheduler,
    settings: Settings,
    /// Set when stored parameters could not be used and the defaults stand in.
    pub warning: Option<String>,
}

impl Engine {
    /// An engine over `store` with `settings`, using the learner's optimised FSRS parameters when
    /// the store has valid ones.
    pub fn new(store: Store, settings: Settings) -> Result<Self> {
        let stored: Option<Vec<f32>> = store
            .meta(PARAMETERS_KEY)?
            .and_then(|json| serde_json::from_str(&json).ok());
        let config = scheduler_config(&settings);
        let (scheduler, warning) =
            match stored.as_deref().map(|p| Scheduler::new(p, config.clone())) {
                Some(Ok(scheduler)) => (scheduler, None),
                Some(Err(e)) => (
                    default_scheduler(config),
                    Some(format!(
                        "saved FSRS parameters are unusable ({}); using the defaults",
                        e.0
                    )),
                ),
                None => (default_scheduler(config), None),
            };
        Ok(Self {
            store,
            scheduler,
            settings,
            warning,
        })
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The settings in use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Replaces the settings (the caller saves them to disk).
    pub fn set_settings(&mut self, settings: Settings) -> Result<()> {
        let parameters: Option<Vec<f32>> = self
            .store
            .meta(PARAMETERS_KEY)?
            .and_then(|json| serde_json::from_str(&json).ok());
        let config = scheduler_config(&settings);
        self.scheduler = parameters
            .and_then(|p| Scheduler::new(&p, config.clone()).ok())
            .unwrap_or_else(|| default_scheduler(config));
        self.settings = settings;
        Ok(())
    }

    /// The study-day calendar at the clock's time.
    pub fn days(&self, clock: &dyn Clock) -> Days {
        Days::of(clock, self.settings.rollover_hour)
    }

    /// Brings the store in line with every pack of `library` (by item id; nothing is lost).
    pub fn sync_library(
        &mut self,
        library: &Library,
        clock: &dyn Clock,
    ) -> Result<Vec<(String, SyncReport)>> {
        let mut reports = Vec::new();
        for pack in library.packs() {
            let items = pack_items(pack);
            let report = self.store.sync_pack(&items, clock.now().0)?;
            reports.push((items.pack, report));
        }
        Ok(reports)
    }

    /// Brings the store in line with one pack's item list.
    pub fn sync_items(
        &mut self,
        items: &crate::progress::PackItems,
        now_ms: i64,
    ) -> Result<SyncReport> {
        self.store.sync_pack(items, now_ms)
    }

    /// A queue request for `packs` and `kinds` with the settings' limits.
    pub fn request(&self, packs: Vec<String>, kinds: Vec<ItemKind>) -> QueueRequest {
        QueueRequest {
            scope: Scope { packs, kinds },
            new_per_day: usize::try_from(self.settings.new_per_day).unwrap_or(usize::MAX),
            reviews_per_day: usize::try_from(self.settings.reviews_per_day).unwrap_or(usize::MAX),
            learn_ahead_secs: 20 * 60,
        }
    }

    /// Today's queue for `request`.
    pub fn queue(&self, request: &QueueRequest, clock: &dyn Clock) -> Result<Queue> {
        Queue::build(&self.store, request, clock.now(), self.days(clock))
    }

    /// The state of `key` (new if never seen).
    pub fn state(&self, key: &ItemKey) -> Result<ItemState> {
        Ok(self
            .store
            .item_state(key)?
            .unwrap_or_else(ItemState::new_item))
    }

    /// What each rating would do to `key` now, for the answer buttons.
    pub fn preview(&self, key: &ItemKey, clock: &dyn Clock) -> Result<[Next; 4]> {
        let state = self.state(key)?;
        let seed = fuzz_seed(&key.pack, &key.item, state.reps);
        Ok(self
            .scheduler
            .preview(&state, clock.now(), self.days(clock), seed))
    }

    /// Answers `key` with `rating`: schedules it and commits the answer before returning the
    /// new state. On error nothing has changed.
    pub fn answer(
        &mut self,
        key: &ItemKey,
        kind: ItemKind,
        rating: Rating,
        mode: &str,
        duration_ms: u32,
        clock: &dyn Clock,
    ) -> Result<ItemState> {
        self.answer_logged(key, kind, rating, mode, duration_ms, clock)
            .map(|(state, _)| state)
    }

    /// [`Engine::answer`], also returning the id of the answer's log entry.
    pub fn answer_logged(
        &mut self,
        key: &ItemKey,
        kind: ItemKind,
        rating: Rating,
        mode: &str,
        duration_ms: u32,
        clock: &dyn Clock,
    ) -> Result<(ItemState, i64)> {
        let before = self.state(key)?;
        let now = clock.now();
        let days = self.days(clock);
        let seed = fuzz_seed(&key.pack, &key.item, before.reps);
        let after = self.scheduler.answer(&before, rating, now, days, seed);
        let answer = Answer {
            time: now,
            day: days.day_of(now),
            rating,
            elapsed_days: before.last_review.map_or(0, |last| now.days_since(last)),
            mode: mode.to_owned(),
            duration_ms,
        };
        let id = self
            .store
            .record_answer(key, kind, &before, &after, &answer)?;
        Ok((after, id))
    }

    /// Takes the last answer back.
    pub fn undo(&mut self) -> Result<Option<Undone>> {
        self.store.undo_last()
    }
}

fn scheduler_config(settings: &Settings) -> SchedulerConfig {
    let secs = |minutes: &[u32]| minutes.iter().map(|m| m.saturating_mul(60)).collect();
    SchedulerConfig {
        desired_retention: settings.desired_retention,
        learning_steps: secs(&settings.learning_steps_minutes),
        relearning_steps: secs(&settings.relearning_steps_minutes),
        ..SchedulerConfig::default()
    }
}

fn default_scheduler(config: SchedulerConfig) -> Scheduler {
    Scheduler::with_default_parameters(config)
}
