//! Exam week: the exam screen (forecast, cram setup, mock exams), cram sessions and mock exams,
//! applied through the engine and the store.

use super::{App, Screen};
use crate::modes::cram::{Counting, Cram, CramSetup, Limit};
use crate::modes::exam_items::{CramFilter, cram_items, mock_candidates};
use crate::modes::mock::Mock;
use crate::modes::task_mock::task_count;
use crate::progress::exam_log::MockAttempt;
use crate::study::coverage::{ExamCoverage, library_catalog};
use crate::study::exam::{ExamPlan, profile};
use crate::study::forecast::{DayReadiness, Forecast, ForecastInput};
use crate::study::schedule::Rating;
use crate::ui::Action;

/// The exam screen's state.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamState {
    /// The forecast, or why there is none (no exam date, no store).
    pub forecast: Result<Forecast, String>,
    /// Predicted readiness day by day to the exam, if nothing more were studied.
    pub by_day: Vec<DayReadiness>,
    /// The cram being set up.
    pub setup: CramSetup,
    /// Past mock exams, newest first.
    pub attempts: Vec<MockAttempt>,
    /// Tasks a hands-on mock of the chosen exam can draw from (0: none is offered).
    pub hands_on_tasks: usize,
    /// What the packs cover of the chosen exam, with predicted recall (none without an exam).
    pub coverage: Option<ExamCoverage>,
}

/// A cram in progress, with the readiness it started from.
#[derive(Debug, Clone, PartialEq)]
pub struct CramState {
    /// The session.
    pub cram: Cram,
    /// Predicted share recalled on exam day when it started (if an exam date is set).
    pub before: Option<f64>,
    /// The same at the end.
    pub after: Option<f64>,
    /// The setup it came from, shown again back in exam week.
    pub setup: CramSetup,
    /// The learner's marks on the item showing.
    pub marks: crate::progress::Marks,
    /// Marks changed during the cram, most recent last, for Ctrl+Z: the item, its kind, its
    /// marks before, and its place when the change took it out (suspended, buried).
    pub undo: Vec<(
        crate::progress::ItemKey,
        crate::progress::ItemKind,
        crate::progress::Marks,
        Option<usize>,
    )>,
    /// What the last mark did.
    pub notice: Option<String>,
}

impl App {
    /// What a forecast needs now, or why there is none.
    fn forecast_input(&self) -> Result<ForecastInput<'static>, String> {
        let engine = self.engine.as_ref().map_err(Clone::clone)?;
        let settings = engine.settings();
        let plan = engine.exam_plan().ok_or_else(|| {
            "Set your exam date in Settings to see how ready you are for it.".to_owned()
        })?;
        Ok(ForecastInput {
            plan,
            days: engine.days(self.clock.as_ref()),
            now: self.clock.now(),
            decay: engine.decay(),
            target: settings.readiness_target,
            learning_answers: u64::try_from(settings.learning_steps_minutes.len()).unwrap_or(2),
            profile: settings.exam.map(profile),
        })
    }

    /// The forecast now, or why there is none.
    pub(super) fn exam_forecast(&self) -> Result<Forecast, String> {
        let input = self.forecast_input()?;
        let engine = self.engine.as_ref().map_err(Clone::clone)?;
        engine
            .forecast(&self.library, input)
            .map_err(|e| e.to_string())
    }

    /// What the packs cover of the chosen exam: recall on exam day if a date is set, else now.
    fn exam_coverage(&self) -> Option<ExamCoverage> {
        let engine = self.engine.as_ref().ok()?;
        let exam = engine.settings().exam?;
        let catalog = library_catalog(&self.library);
        let builtin = crate::pack::blueprint::builtin();
        let blueprint = catalog
            .exam(exam.id())
            .or_else(|| builtin.exam(exam.id()))?;
        let at = engine.exam_plan().map_or_else(
            || self.clock.now(),
            |plan| plan.exam_time(engine.days(self.clock.as_ref())),
        );
        engine.coverage(&self.library, blueprint, at).ok()
    }

    /// Readiness day by day to the exam without further study (empty without a forecast).
    fn exam_by_day(&self) -> Vec<DayReadiness> {
        let (Ok(input), Ok(engine)) = (self.forecast_input(), self.engine.as_ref()) else {
            return Vec::new();
        };
        engine
            .readiness_by_day(&self.library, input)
            .unwrap_or_default()
    }

    /// Home's lines about the exam: the countdown with readiness, then what the schedule
    /// changed for it and why.
    pub(super) fn exam_lines(&self, raised: &[(String, u64)]) -> Vec<String> {
        let Ok(engine) = &self.engine else {
            return Vec::new();
        };
        let Some(plan) = engine.exam_plan() else {
            return Vec::new();
        };
        let clock = self.clock.as_ref();
        let today = engine.days(clock).day_of(clock.now());
        let days_left = plan.exam_day - today;
        let name = engine.settings().exam.map_or("Exam", |e| profile(e).name);
        let date = crate::study::clock::Days::date_of(plan.exam_day);
        if days_left < 0 {
            return vec![format!(
                "{name} on {date} has passed. Set your next exam date in Settings."
            )];
        }
        let mut lines = vec![match self.exam_forecast() {
            Ok(f) => format!(
                "{name} on {date}: {days_left} days left. Predicted recall on exam day {:.0} % (target {:.0} %).",
                f.overall.share() * 100.0,
                f.target * 100.0
            ),
            Err(_) => format!("{name} on {date}: {days_left} days left."),
        }];
        if today < plan.last_pass_start() {
            lines.push(format!(
                "No review is scheduled after {}, so every item you have studied comes back in the last {} days.",
                crate::study::clock::Days::date_of(plan.last_pass_start()),
                plan.last_pass_days
            ));
        }
        for (pack, per_day) in raised {
            let title = self
                .library
                .packs()
                .iter()
                .find(|p| p.id().as_str() == pack)
                .map_or(pack.clone(), |p| p.manifest.title.clone());
            lines.push(format!(
                "New items in {title} raised to {per_day} a day (from {}) so all are introduced by {}, a week before the exam.",
                engine.settings().new_per_day,
                crate::study::clock::Days::date_of(plan.exam_day - 7)
            ));
        }
        lines
    }

    /// Exam-week actions.
    pub(super) fn apply_exam(&mut self, action: Action) {
        match action {
            Action::OpenExam => {
                let attempts = self
                    .engine
                    .as_ref()
                    .ok()
                    .and_then(|e| e.store().mock_attempts().ok())
                    .unwrap_or_default();
                let setup = match &self.screen {
                    Screen::Exam(state) => state.setup.clone(),
                    Screen::Cram(state) => state.setup.clone(),
                    _ => CramSetup::new(self.library.packs().len()),
                };
                self.screen = Screen::Exam(Box::new(ExamState {
                    forecast: self.exam_forecast(),
                    by_day: self.exam_by_day(),
                    setup,
                    attempts,
                    hands_on_tasks: self.hands_on_tasks(),
                    coverage: self.exam_coverage(),
                }));
            }
            Action::EditCram(setup) => {
                if let Screen::Exam(state) = &mut self.screen {
                    state.setup = *setup;
                }
            }
            Action::StartCram => self.start_cram(),
            Action::StartMock => self.start_mock(),
            Action::CramReveal | Action::CramPick(_) | Action::CramGrade(_) | Action::CramEnd => {
                self.cram_step(action);
                self.refresh_cram_marks();
            }
            _ => self.mock_step(action),
        }
    }

    fn share_now(&self) -> Option<f64> {
        self.exam_forecast().ok().map(|f| f.overall.share())
    }

    fn start_cram(&mut self) {
        let Screen::Exam(state) = &self.screen else {
            return;
        };
        let setup = state.setup.clone();
        let Some(counting) = setup.counting else {
            self.notice =
                Some("Choose first whether this cram counts or is practice only.".to_owned());
            return;
        };
        let filter = CramFilter {
            packs: setup
                .packs
                .iter()
                .enumerate()
                .filter(|(_, on)| **on)
                .map(|(i, _)| i)
                .collect(),
            tag: setup.tag.clone(),
            diagrams: setup.diagrams,
        };
        if filter.packs.is_empty() {
            self.notice =
                Some("Nothing matches: choose at least one pack, or another tag.".to_owned());
            return;
        }
        let limit = setup.limit;
        self.begin_cram(&filter, None, counting, limit, setup);
    }

    /// Starts a cram over the items `filter` (and `only`, when given) takes, weakest first on
    /// exam day; suspended items stay out. Says why when nothing is left.
    pub(super) fn begin_cram(
        &mut self,
        filter: &CramFilter,
        only: Option<&std::collections::HashSet<crate::progress::ItemKey>>,
        counting: Counting,
        limit: Limit,
        setup: CramSetup,
    ) {
        let Ok(engine) = &self.engine else { return };
        let days = engine.days(self.clock.as_ref());
        let at = engine
            .exam_plan()
            .map_or_else(|| self.clock.now(), |plan: ExamPlan| plan.exam_time(days));
        let recalls = match engine.item_recalls(&self.library, at) {
            Ok(r) => r,
            Err(e) => {
                self.notice = Some(e.to_string());
                return;
            }
        };
        let now = self.clock.now();
        let seed = u64::try_from(now.0).unwrap_or(0);
        let mut items = cram_items(&self.library, filter, &recalls, seed);
        if let Some(only) = only {
            items.retain(|item| only.contains(&item.key));
        }
        // What the learner suspended stays out of the cram too.
        match engine.store().suspended_items() {
            Ok(suspended) => items.retain(|item| !suspended.contains(&item.key)),
            Err(e) => {
                self.notice = Some(e.to_string());
                return;
            }
        }
        if let Limit::Items(n) = limit {
            items.truncate(n);
        }
        if items.is_empty() {
            self.notice = Some(
                if only.is_some() {
                    "Nothing to cram: every item chosen is suspended, or a primer check (studied \
                     in its primer)."
                } else {
                    "Nothing matches: choose at least one pack, or another tag."
                }
                .to_owned(),
            );
            return;
        }
        let before = self.share_now();
        self.screen = Screen::Cram(Box::new(CramState {
            cram: Cram::new(items, counting, limit, now),
            before,
            after: None,
            setup,
            marks: crate::progress::Marks::default(),
            undo: Vec::new(),
            notice: None,
        }));
        self.refresh_cram_marks();
    }

    fn cram_step(&mut self, action: Action) {
        let now = self.clock.now();
        let Screen::Cram(state) = &mut self.screen else {
            return;
        };
        match action {
            Action::CramReveal => state.cram.reveal(),
            Action::CramPick(i) => state.cram.pick(i),
            Action::CramEnd => {
                // Nothing answered: straight back; else through the summary.
                if state.cram.score().0 == 0 {
                    self.apply_exam(Action::OpenExam);
                    return;
                }
                state.cram.stop();
                if state.before.is_some() {
                    let after = self.share_now();
                    if let Screen::Cram(state) = &mut self.screen {
                        state.after = after;
                    }
                }
            }
            Action::CramGrade(right) => {
                let Some((key, kind, took)) = state.cram.answer(right, now) else {
                    return;
                };
                state.notice = None;
                let practice = state.cram.counting == Counting::PracticeOnly;
                let over = state.cram.is_over(now);
                let Ok(engine) = &mut self.engine else { return };
                let result = if practice {
                    engine.store_mut().log_cram(&key, now, right, took)
                } else {
                    let rating = if right { Rating::Good } else { Rating::Again };
                    engine
                        .answer(&key, kind, rating, "cram", took, self.clock.as_ref())
                        .map(drop)
                };
                if let Err(e) = result {
                    self.notice = Some(e.to_string());
                }
                if over {
                    let after = self.share_now();
                    if let Screen::Cram(state) = &mut self.screen {
                        state.after = after;
                    }
                }
            }
            _ => {}
        }
    }

    /// Tasks a hands-on mock of the chosen exam can draw from (0 for a multiple-choice exam).
    fn hands_on_tasks(&self) -> usize {
        let exam = self.engine.as_ref().ok().and_then(|e| e.settings().exam);
        exam.map(profile)
            .filter(|p| p.hands_on())
            .map_or(0, |p| task_count(&self.library, p))
    }

    /// Saves a finished mock exam (apart from the reviews) and goes back to exam week; on an
    /// error it stays, with the reason.
    pub(super) fn save_attempt(&mut self, attempt: &MockAttempt) {
        let saved = match &mut self.engine {
            Ok(engine) => engine
                .store_mut()
                .save_mock(attempt)
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.clone()),
        };
        match saved {
            Ok(()) => self.apply_exam(Action::OpenExam),
            Err(e) => self.notice = Some(format!("the attempt was not saved: {e}")),
        }
    }

    fn start_mock(&mut self) {
        let Ok(engine) = &self.engine else { return };
        let Some(exam) = engine.settings().exam else {
            self.notice = Some(
                "Choose your exam (KCNA, CKA, CKAD, KCSA or CKS) in Settings first.".to_owned(),
            );
            return;
        };
        let profile = profile(exam);
        let now = self.clock.now();
        let seed = u64::try_from(now.0).unwrap_or(0);
        let mock = Mock::draw(
            profile,
            mock_candidates(&self.library, profile, seed),
            seed,
            now,
        );
        if mock.questions.is_empty() {
            self.notice = Some(format!("No card is tagged for the {} yet.", profile.name));
            return;
        }
        self.screen = Screen::Mock(Box::new(mock));
    }

    fn mock_step(&mut self, action: Action) {
        let now = self.clock.now();
        let Screen::Mock(mock) = &mut self.screen else {
            return;
        };
        let over = mock.tick(now);
        match action {
            Action::MockPick(option) if !over => {
                if let Some(slot) = mock.chosen.get_mut(mock.current) {
                    *slot = Some(option);
                }
            }
            Action::MockType(text) if !over => {
                if let Some(slot) = mock.typed.get_mut(mock.current) {
                    *slot = text;
                }
            }
            Action::MockGo(i) => mock.current = i.min(mock.questions.len().saturating_sub(1)),
            Action::MockFinish => mock.finish(now),
            Action::MockAsk(ask) => mock.asking = ask,
            Action::MockCheck(i, right) if over => {
                if let Some(slot) = mock.checked.get_mut(i) {
                    *slot = Some(right);
                }
            }
            Action::MockSave if over && mock.all_checked() => {
                let attempt = mock.result();
                self.save_attempt(&attempt);
            }
            _ => {}
        }
    }
}
