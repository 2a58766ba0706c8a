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
use crate::progress::{Answer, ItemKey, ItemKind, Leech, Marks, Result, Store, SyncReport, Undone};

/// The `meta` key holding the learner's own FSRS parameters (JSON list), once optimised.
pub const PARAMETERS_KEY: &str = "fsrs_parameters";

/// The engine: store + scheduler + settings.
#[derive(Debug)]
pub struct Engine {
    store: Store,
    scheduler: Scheduler,
    settings: Settings,
    /// The learner's FSRS parameters; empty for FSRS's defaults.
    parameters: Vec<f32>,
    /// What the learner should know about how the engine opened: saved parameters that could
    /// not be used (the defaults stand in), a backup that was not made.
    warnings: Vec<String>,
    /// Every answered item's memory, read on the first forecast and kept up to date by each
    /// answer (dropped on undo and sync), so a forecast needs no database scan.
    memory_index: std::cell::RefCell<Option<super::forecast::MemoryIndex>>,
    /// The item the last answer made a leech.
    new_leech: Option<(ItemKey, Leech)>,
}

impl Engine {
    /// An engine over `store` with `settings`, using the learner's optimised FSRS parameters when
    /// the store has valid ones.
    pub fn new(store: Store, settings: Settings) -> Result<Self> {
        let stored = store.meta(PARAMETERS_KEY)?;
        let config = scheduler_config(&settings);
        let (scheduler, warning, parameters) =
            match stored.as_deref().map(super::optimise::usable_parameters) {
                None => (default_scheduler(config), None, Vec::new()),
                Some(Err(why)) => (default_scheduler(config), Some(unusable(&why)), Vec::new()),
                Some(Ok(parameters)) => match Scheduler::new(&parameters, config.clone()) {
                    Ok(scheduler) => (scheduler, None, parameters),
                    Err(e) => (default_scheduler(config), Some(unusable(&e.0)), Vec::new()),
                },
            };
        Ok(Self {
            store,
            scheduler,
            settings,
            parameters,
            warnings: warning.into_iter().collect(),
            memory_index: std::cell::RefCell::new(None),
            new_leech: None,
        })
    }

    /// Predicted recall at `at` of every item of `library`, in
    /// [`super::stats::item_tags`] order (`None`: never answered).
    pub fn item_recalls(
        &self,
        library: &Library,
        at: super::clock::Timestamp,
    ) -> Result<Vec<Option<f32>>> {
        let items = super::stats::item_tags(library);
        self.with_memory(|index| super::forecast::recalls_indexed(index, &items, at, self.decay()))
    }

    /// Runs `f` on the memory of every answered item, read from the store the first time.
    fn with_memory<T>(&self, f: impl FnOnce(&super::forecast::MemoryIndex) -> T) -> Result<T> {
        let mut cached = self.memory_index.borrow_mut();
        if cached.is_none() {
            *cached = Some(super::forecast::memory_index(&self.store)?);
        }
        Ok(f(cached.get_or_insert_with(Default::default)))
    }

    /// The coverage map of `exam` by `library`'s packs: per domain and competency the items
    /// there are, their mean predicted recall at `at`, and the gaps against the readiness target.
    pub fn coverage(
        &self,
        library: &Library,
        exam: &crate::pack::model::Blueprint,
        at: super::clock::Timestamp,
    ) -> Result<super::coverage::ExamCoverage> {
        let packs: Vec<&crate::pack::Pack> = library.packs().iter().map(AsRef::as_ref).collect();
        let items = super::coverage::competency_items(&packs);
        let as_tags: Vec<_> = items
            .iter()
            .map(|(pack, item, _, ids)| (*pack, item.clone(), *ids))
            .collect();
        let recall = self.with_memory(|index| {
            super::forecast::recalls_indexed(index, &as_tags, at, self.decay())
        })?;
        Ok(super::coverage::coverage(
            exam,
            &items,
            Some(&recall),
            self.settings.readiness_target,
        ))
    }

    /// The readiness forecast for `library` (the store must be synced with it).
    pub fn forecast(
        &self,
        library: &Library,
        input: super::forecast::ForecastInput<'_>,
    ) -> Result<super::forecast::Forecast> {
        self.with_memory(|index| super::forecast::forecast_indexed(index, library, input))
    }

    /// Predicted readiness day by day to the exam, assuming no further study (see
    /// [`super::forecast::readiness_by_day`]).
    pub fn readiness_by_day(
        &self,
        library: &Library,
        input: super::forecast::ForecastInput<'_>,
    ) -> Result<Vec<super::forecast::DayReadiness>> {
        self.with_memory(|index| super::forecast::readiness_by_day(index, library, input))
    }

    /// What the learner should know about how the engine opened (each a sentence).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Adds a warning for the learner (shown by whoever opened the engine).
    pub fn warn(&mut self, warning: String) {
        self.warnings.push(warning);
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, for small writes of the app's own (reading positions).
    pub fn store_mut(&mut self) -> &mut Store {
        *self.memory_index.get_mut() = None;
        &mut self.store
    }

    /// The settings in use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Replaces the settings (the caller saves them to disk).
    pub fn set_settings(&mut self, settings: Settings) {
        let config = scheduler_config(&settings);
        self.scheduler = Scheduler::new(&self.parameters, config.clone())
            .unwrap_or_else(|_| default_scheduler(config));
        self.settings = settings;
    }

    /// The FSRS parameters in use (empty: FSRS's defaults).
    pub fn parameters(&self) -> &[f32] {
        &self.parameters
    }

    /// The forgetting curve's decay for the parameters in use.
    pub fn decay(&self) -> f32 {
        self.parameters
            .get(20)
            .copied()
            .unwrap_or(fsrs::FSRS6_DEFAULT_DECAY)
    }

    /// Fits FSRS parameters to the learner's log (at least 400 answers), stores and uses them,
    /// and reports the fit before and after.
    pub fn optimise(
        &mut self,
        clock: &dyn Clock,
    ) -> std::result::Result<super::optimise::Optimised, super::optimise::OptimiseError> {
        let outcome = super::optimise::optimise(&self.store, &self.parameters)?;
        let store_error =
            |e: crate::progress::StoreError| super::optimise::OptimiseError::Store(e.to_string());
        // Asked for, so used whatever the fit; recorded like an automatic one, so Settings can
        // undo it and the next automatic fit counts from here.
        let record = super::refit::Refit {
            at: clock.now(),
            reviews: outcome.reviews,
            before: Some(outcome.before),
            after: Some(outcome.after),
            applied: true,
            previous: self.parameters.clone(),
            undone: false,
            failed: None,
        };
        self.save_parameters(outcome.parameters.clone())
            .map_err(store_error)?;
        self.save_record(&record).map_err(store_error)?;
        Ok(outcome)
    }

    /// Stores `parameters` (empty: FSRS's defaults) and schedules with them from now on.
    pub(super) fn save_parameters(&mut self, parameters: Vec<f32>) -> Result<()> {
        let json = serde_json::to_string(&parameters).unwrap_or_default();
        self.store.set_meta(PARAMETERS_KEY, &json)?;
        self.parameters = parameters;
        self.scheduler = Scheduler::new(&self.parameters, scheduler_config(&self.settings))
            .unwrap_or_else(|_| default_scheduler(scheduler_config(&self.settings)));
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
        *self.memory_index.get_mut() = None;
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
        *self.memory_index.get_mut() = None;
        self.store.sync_pack(items, now_ms)
    }

    /// The exam plan, when an exam date is set.
    pub fn exam_plan(&self) -> Option<super::exam::ExamPlan> {
        super::exam::ExamPlan::new(
            self.settings.exam_date.as_deref(),
            self.settings.last_pass_days,
        )
    }

    /// New items per day for each pack whose daily limit is too low to introduce all its new
    /// items a week before the exam: (pack, raised limit), only where raised.
    pub fn raised_new_limits(&self, clock: &dyn Clock) -> Result<Vec<(String, u64)>> {
        let Some(plan) = self.exam_plan() else {
            return Ok(Vec::new());
        };
        let today = self.days(clock).day_of(clock.now());
        let limit = u64::from(self.settings.new_per_day);
        let mut raised = Vec::new();
        for (pack, unseen) in self.store.new_counts()? {
            // Today's introductions are already spent; count what is left to introduce.
            if let Some(needed) = plan.new_per_day_needed(today, unseen)
                && needed > limit
            {
                raised.push((pack, needed));
            }
        }
        Ok(raised)
    }

    /// A queue request for `packs` and `kinds` with the settings' limits (new items raised per
    /// pack where an exam date needs it).
    pub fn request(&self, packs: Vec<String>, kinds: Vec<ItemKind>) -> QueueRequest {
        QueueRequest {
            scope: Scope { packs, kinds },
            new_per_day: usize::try_from(self.settings.new_per_day).unwrap_or(usize::MAX),
            new_per_pack: Vec::new(),
            reviews_per_day: usize::try_from(self.settings.reviews_per_day).unwrap_or(usize::MAX),
            learn_ahead_secs: 20 * 60,
            extra_new: 0,
            ahead_days: 0,
        }
    }

    /// [`Engine::request`] with the exam's raised new-item limits applied.
    pub fn request_for_exam(
        &self,
        packs: Vec<String>,
        kinds: Vec<ItemKind>,
        clock: &dyn Clock,
    ) -> Result<QueueRequest> {
        let mut request = self.request(packs, kinds);
        request.new_per_pack = self
            .raised_new_limits(clock)?
            .into_iter()
            .map(|(pack, n)| (pack, usize::try_from(n).unwrap_or(usize::MAX)))
            .collect();
        Ok(request)
    }

    /// Today's queue for `request` (items buried on an earlier study day come back first).
    pub fn queue(&self, request: &QueueRequest, clock: &dyn Clock) -> Result<Queue> {
        let days = self.days(clock);
        self.store.unbury(days.day_of(clock.now()))?;
        Queue::build(&self.store, request, clock.now(), days)
    }

    /// [`Engine::queue`] with at most one card of each sibling family (`siblings`): a family
    /// answered today waits for tomorrow. How many cards were set aside with the queue.
    pub fn queue_without_siblings(
        &self,
        request: &QueueRequest,
        siblings: &super::siblings::Siblings,
        clock: &dyn Clock,
    ) -> Result<(Queue, usize)> {
        let mut queue = self.queue(request, clock)?;
        let days = self.days(clock);
        let today = days.start_of(days.day_of(clock.now()));
        let mut failed = None;
        let set_aside = siblings.thin(&mut queue, |key| match self.store.item_state(key) {
            Ok(state) => state
                .and_then(|s| s.last_review)
                .is_some_and(|at| at >= today),
            Err(e) => {
                failed.get_or_insert(e);
                false
            }
        });
        match failed {
            Some(e) => Err(e),
            None => Ok((queue, set_aside)),
        }
    }

    /// The learner's marks on `key`.
    pub fn marks(&self, key: &ItemKey) -> Result<Marks> {
        self.store.marks(key)
    }

    /// Sets the marks on `key`; returns the marks it had, for undo.
    pub fn set_marks(&mut self, key: &ItemKey, kind: ItemKind, marks: Marks) -> Result<Marks> {
        let before = self.store.marks(key)?;
        self.store.set_marks(key, kind, marks)?;
        Ok(before)
    }

    /// Buries `key` until the next study day; returns its marks before, for undo.
    pub fn bury(&mut self, key: &ItemKey, kind: ItemKind, clock: &dyn Clock) -> Result<Marks> {
        let today = self.days(clock).day_of(clock.now());
        let before = self.store.marks(key)?;
        self.store.set_marks(
            key,
            kind,
            Marks {
                buried: Some(today),
                ..before
            },
        )?;
        Ok(before)
    }

    /// Whether `after` (an answer's result, from `before_lapses` lapses) crosses the leech
    /// threshold of the settings.
    fn crosses_leech(&self, before_lapses: u32, after_lapses: u32) -> bool {
        let at = self.settings.leech_lapses;
        at > 0 && before_lapses < at && after_lapses >= at
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
        let after = super::exam::clamp_to_exam(after, self.exam_plan(), now, days);
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
            .record_answer(key, kind, &before, &after, &answer)
            .map_err(|e| crate::progress::StoreError::AnswerNotSaved(Box::new(e)))?;
        self.new_leech = None;
        if self.crosses_leech(before.lapses, after.lapses) {
            let marks = self.store.marks(key)?;
            let leech = if self.settings.suspend_leeches && !marks.suspended {
                Leech::Suspended
            } else {
                Leech::Marked
            };
            self.store.set_marks(
                key,
                kind,
                Marks {
                    leech,
                    suspended: marks.suspended || leech == Leech::Suspended,
                    ..marks
                },
            )?;
            self.new_leech = Some((key.clone(), leech));
        }
        if let (Some(index), Some(memory), Some(last)) =
            (self.memory_index.get_mut(), after.memory, after.last_review)
        {
            let pack = index.entry(key.pack.clone()).or_default();
            pack.insert(key.item.clone(), (memory, last));
        }
        Ok((after, id))
    }

    /// The state before each of `steps` (an item's whole history, in order) and after the last,
    /// as this engine's scheduler gives them: the same rules a live answer follows, so a history
    /// merged from several devices schedules the item as if it had all been answered here.
    pub fn replay(
        &self,
        key: &ItemKey,
        steps: &[crate::progress::devices::Step],
        days: Days,
    ) -> Vec<ItemState> {
        replay_with(&self.scheduler, self.exam_plan(), key, steps, days)
    }

    /// Merges records other devices sent (and rebuilds the items this device sent) into the
    /// store, every touched item's state replayed by this engine's scheduler.
    pub fn merge_synced(
        &mut self,
        merge: &crate::progress::merge::Merge<'_>,
        clock: &dyn Clock,
    ) -> Result<crate::progress::devices::MergeCounts> {
        let days = self.days(clock);
        let plan = self.exam_plan();
        *self.memory_index.get_mut() = None;
        let scheduler = &self.scheduler;
        self.store.merge(merge, &move |key, steps| {
            replay_with(scheduler, plan, key, steps, days)
        })
    }

    /// Uses `parameters` (FSRS's defaults when empty), as another device chose them, and keeps
    /// them.
    pub fn use_parameters(&mut self, parameters: Vec<f32>) -> Result<()> {
        self.save_parameters(parameters)
    }

    /// The item the last answer made a leech, and how (`None` when it made none).
    pub fn new_leech(&self) -> Option<&(ItemKey, Leech)> {
        self.new_leech.as_ref()
    }

    /// Takes the last answer back (and the leech mark it gave, with the suspension that came
    /// with it).
    pub fn undo(&mut self) -> Result<Option<Undone>> {
        *self.memory_index.get_mut() = None;
        self.new_leech = None;
        let lapses_after = self
            .store
            .last_answered()?
            .and_then(|key| self.store.item_state(&key).ok().flatten())
            .map(|state| state.lapses);
        let undone = self.store.undo_last()?;
        if let Some(undone) = &undone {
            let marks = self.store.marks(&undone.key)?;
            let at = self.settings.leech_lapses;
            // Only the lapse that made the leech takes the mark back with it.
            let was_lapse = lapses_after.is_some_and(|after| after > undone.restored.lapses);
            if marks.leech.is_leech() && was_lapse && (at == 0 || undone.restored.lapses < at) {
                let kind = self.store.item_kind(&undone.key)?.unwrap_or(ItemKind::Card);
                self.store.set_marks(
                    &undone.key,
                    kind,
                    Marks {
                        leech: Leech::No,
                        suspended: marks.suspended && marks.leech != Leech::Suspended,
                        ..marks
                    },
                )?;
            }
        }
        Ok(undone)
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

/// The warning for saved parameters that cannot be used.
fn unusable(why: &str) -> String {
    format!(
        "the FSRS parameters saved in the progress database are unusable ({why}); using the \
         defaults. Run `kubestudy optimise` to fit new ones"
    )
}

fn default_scheduler(config: SchedulerConfig) -> Scheduler {
    Scheduler::with_default_parameters(config)
}

/// [`Engine::replay`] with `scheduler` and the exam `plan`.
fn replay_with(
    scheduler: &Scheduler,
    plan: Option<super::exam::ExamPlan>,
    key: &ItemKey,
    steps: &[crate::progress::devices::Step],
    days: Days,
) -> Vec<ItemState> {
    let mut state = ItemState::new_item();
    let mut states = Vec::with_capacity(steps.len() + 1);
    for step in steps {
        states.push(state);
        let seed = fuzz_seed(&key.pack, &key.item, state.reps);
        let after = scheduler.answer(&state, step.rating, step.time, days, seed);
        state = super::exam::clamp_to_exam(after, plan, step.time, days);
    }
    states.push(state);
    states
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn engine_with(parameters: &str) -> Engine {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        store.set_meta(PARAMETERS_KEY, parameters).unwrap();
        // The store keeps its folder open; the folder may go once the engine is built.
        Engine::new(store, Settings::default()).unwrap()
    }

    #[test]
    fn unusable_saved_parameters_give_the_defaults_and_a_warning() {
        let defaults: Vec<String> = fsrs::DEFAULT_PARAMETERS
            .iter()
            .map(ToString::to_string)
            .collect();
        let with = |index: usize, value: &str| {
            let mut list = defaults.clone();
            if let Some(slot) = list.get_mut(index) {
                *slot = value.to_owned();
            }
            format!("[{}]", list.join(","))
        };
        for (saved, why) in [
            ("garbage".to_owned(), "not a list of numbers"),
            ("[0.4, 1.2, 3.1]".to_owned(), "3 numbers"),
            (with(3, "1e39"), "not a usable number"),
            (with(20, "0"), "parameter 20 is 0"),
            (with(20, "-5"), "parameter 20 is -5"),
            (with(4, "0.5"), "parameter 4 is 0.5"),
            ("{\"w\": 1}".to_owned(), "not a list of numbers"),
        ] {
            let engine = engine_with(&saved);
            let warning = engine.warnings().join("\n");
            assert!(
                warning.contains("FSRS parameters") && warning.contains(why),
                "{saved}: {warning}"
            );
            assert!(
                engine.parameters().is_empty(),
                "{saved}: the defaults are used"
            );
        }
        let fine = engine_with(&format!("[{}]", defaults.join(",")));
        assert!(fine.warnings().is_empty());
        assert_eq!(fine.parameters().len(), 21);
    }
}
