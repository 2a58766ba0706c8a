//! The exams kubestudy prepares for: format, pass mark and domain weights, read from the exam
//! blueprints of the built-in `cncf-exams` pack (the CNCF curricula,
//! <https://github.com/cncf/curriculum>), and the exam plan that bends scheduling toward an exam
//! date.

use std::sync::OnceLock;

use super::clock::{Days, Timestamp};
use crate::pack::blueprint;
use crate::pack::model::{Blueprint, ExamStyle};
pub use crate::progress::settings::Exam;

/// A curriculum domain and its share of the exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Domain {
    /// As the curriculum names it.
    pub name: &'static str,
    /// The pack tag that marks items of this domain.
    pub tag: &'static str,
    /// Percent of the exam.
    pub weight: u32,
}

/// How an exam is taken, which decides what a mock exam may ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Every question is multiple choice (one right option): a mock asks only those.
    MultipleChoice,
    /// Hands-on tasks in a terminal: a mock checks the knowledge behind them, so written
    /// (recall) answers are asked too.
    PerformanceBased,
}

/// An exam's shape: size, time, pass mark, format and domains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    /// Which exam.
    pub exam: Exam,
    /// Short name.
    pub name: &'static str,
    /// The tag that marks items relevant to it.
    pub tag: &'static str,
    /// Questions in a mock exam.
    pub questions: usize,
    /// Time allowed, in minutes.
    pub minutes: u32,
    /// Pass mark, percent.
    pub pass_percent: u32,
    /// How the real exam is taken.
    pub format: Format,
    /// The domains, largest first.
    pub domains: &'static [Domain],
}

impl Profile {
    /// Whether the real exam is hands-on (a mock exam here then tests knowledge, not typing).
    pub fn hands_on(&self) -> bool {
        self.format == Format::PerformanceBased
    }

    /// Whether a mock of this exam may ask written (recall) answers, or only multiple choice.
    pub fn asks_recall(&self) -> bool {
        self.format != Format::MultipleChoice
    }
}

/// Questions in a knowledge mock of a hands-on exam: the real exam's 15 to 20 tasks each need
/// several facts, so the mock asks more, shorter questions.
pub const HANDS_ON_MOCK_QUESTIONS: usize = 40;

/// The blueprint id of `exam` in the built-in `cncf-exams` pack.
pub fn blueprint_id(exam: Exam) -> &'static str {
    exam.id()
}

/// The profile of a blueprint: its format, pass mark and domains (largest first), each domain
/// matched to items by its id (items carry the domain ids of the competencies they name).
fn from_blueprint(exam: Exam, blueprint: Option<&'static Blueprint>) -> Profile {
    let tag = blueprint_id(exam);
    let Some(b) = blueprint else {
        // Unreachable with the embedded blueprints (tests/blueprints.rs checks all five).
        return Profile {
            exam,
            name: tag,
            tag,
            questions: HANDS_ON_MOCK_QUESTIONS,
            minutes: 120,
            pass_percent: 66,
            format: Format::PerformanceBased,
            domains: &[],
        };
    };
    let mut domains: Vec<Domain> = b
        .domains
        .iter()
        .map(|d| Domain {
            name: d.name.as_str(),
            tag: d.id.as_str(),
            weight: d.weight,
        })
        .collect();
    domains.sort_by_key(|d| std::cmp::Reverse(d.weight));
    let format = match b.format.style {
        ExamStyle::MultipleChoice => Format::MultipleChoice,
        ExamStyle::HandsOn => Format::PerformanceBased,
    };
    Profile {
        exam,
        name: exam.name(),
        tag,
        questions: match format {
            Format::MultipleChoice => usize::try_from(b.format.questions).unwrap_or(60),
            Format::PerformanceBased => HANDS_ON_MOCK_QUESTIONS,
        },
        minutes: b.format.minutes,
        pass_percent: b.format.pass_percent,
        format,
        // Built once per exam for the life of the process (three small lists).
        domains: Box::leak(domains.into_boxed_slice()),
    }
}

/// The format and domains of `exam`, from its built-in blueprint.
pub fn profile(exam: Exam) -> &'static Profile {
    static PROFILES: OnceLock<[Profile; Exam::ALL.len()]> = OnceLock::new();
    let profiles = PROFILES.get_or_init(|| {
        let catalog = blueprint::builtin();
        Exam::ALL.map(|e| from_blueprint(e, catalog.exam(blueprint_id(e))))
    });
    let [kcna, cka, ckad, kcsa, cks] = profiles;
    match exam {
        Exam::Kcna => kcna,
        Exam::Cka => cka,
        Exam::Ckad => ckad,
        Exam::Kcsa => kcsa,
        Exam::Cks => cks,
    }
}

/// Reads `YYYY-MM-DD` as a study day (days since 1970-01-01).
pub fn parse_day(text: &str) -> Option<i64> {
    let date = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    Some((date - epoch).num_days())
}

/// How the schedule bends toward an exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExamPlan {
    /// The exam's study day.
    pub exam_day: i64,
    /// Days before the exam in which every item is seen once more.
    pub last_pass_days: u32,
}

impl ExamPlan {
    /// The plan for `exam_date` (`YYYY-MM-DD`), if it parses.
    pub fn new(exam_date: Option<&str>, last_pass_days: u32) -> Option<Self> {
        Some(Self {
            exam_day: parse_day(exam_date?)?,
            last_pass_days,
        })
    }

    /// The first day of the last pass.
    pub fn last_pass_start(self) -> i64 {
        self.exam_day - i64::from(self.last_pass_days)
    }

    /// The latest time a review answered at `now` may fall due: the start of the last pass, so
    /// that every item comes back in the final days; during the last pass, the exam day itself.
    /// `None` once the exam day has come (no clamp).
    pub fn latest_due(self, now: Timestamp, days: Days) -> Option<Timestamp> {
        let today = days.day_of(now);
        if today >= self.exam_day {
            None
        } else if today < self.last_pass_start() {
            Some(days.start_of(self.last_pass_start()))
        } else {
            Some(days.start_of(self.exam_day))
        }
    }

    /// When the exam is taken, for the forecast: midday of the exam day.
    pub fn exam_time(self, days: Days) -> Timestamp {
        Timestamp(days.start_of(self.exam_day).0 + 8 * 3_600_000)
    }

    /// New items per day that introduce `unseen` items at least a week before the exam (none if
    /// that day has passed: then whatever the daily limit allows).
    pub fn new_per_day_needed(self, today: i64, unseen: u64) -> Option<u64> {
        let days_left = self.exam_day - 7 - today;
        let days_left = u64::try_from(days_left).ok().filter(|d| *d > 0)?;
        Some(unseen.div_ceil(days_left))
    }
}

/// `state` after an answer at `now`, with its due date brought forward to `plan`'s latest, if
/// it fell later (and its interval shortened to match). Learning steps due sooner are untouched.
pub fn clamp_to_exam(
    mut state: super::schedule::ItemState,
    plan: Option<ExamPlan>,
    now: Timestamp,
    days: Days,
) -> super::schedule::ItemState {
    let Some(latest) = plan.and_then(|p| p.latest_due(now, days)) else {
        return state;
    };
    if state.due.0 > latest.0 {
        state.due = Timestamp(latest.0.max(now.0));
        let interval = days.day_of(state.due) - days.day_of(now);
        state.interval_days = u32::try_from(interval.max(0)).unwrap_or(0);
    }
    state
}
