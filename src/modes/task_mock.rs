//! A hands-on mock exam for the CKA and CKAD: command and manifest tasks drawn by the exam's
//! domain weights, timed like the real one, answered in any order with flag-and-skip. As at the
//! exam's terminal, what kubectl would refuse and what the API server would refuse show as the
//! learner types; whether the task's checks hold shows only at the end. Each task then scores
//! the share of its checks met (partial credit), per domain and in all, against the pass mark.
//! Kept apart from spaced repetition like the question mock. No UI here.

use super::exam_items::domain_of;
use super::hands_on::Verdict;
use super::mock::{Ask, Scored, attempt, draw_by_weight};
use crate::pack::{Library, Task, TaskKind};
use crate::progress::ItemKey;
use crate::progress::exam_log::MockAttempt;
use crate::study::clock::Timestamp;
use crate::study::exam::Profile;
use crate::tasks::commands::grade_answer;
use crate::tasks::manifest::{Checked, check};

/// Tasks in a hands-on mock: the real exams set 15 to 20.
pub const MOCK_TASKS: usize = 17;

/// One task of the mock and the learner's work on it.
#[derive(Debug, Clone, PartialEq)]
pub struct MockTask {
    /// The item it comes from.
    pub key: ItemKey,
    /// Index of its domain in the profile (or the profile's domain count: "general").
    pub domain: usize,
    /// The task.
    pub task: Task,
    /// What the learner has typed (a manifest task starts from its skeleton or the manifest to
    /// fix).
    pub answer: String,
    /// A manifest as the API server sees it now (nothing for a command task).
    pub live: Checked,
    /// Command lines kubectl would refuse now, by line number, with the reason.
    pub refused: Vec<(usize, String)>,
    /// Flagged to come back to.
    pub flagged: bool,
    /// The grade, once the exam is over.
    pub verdict: Option<Verdict>,
}

/// How a task stands in the task list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing written yet (or the manifest to fix left as it was).
    Open,
    /// Something written.
    Answered,
}

impl MockTask {
    fn new(key: ItemKey, domain: usize, task: Task) -> Self {
        let answer = match &task.kind {
            TaskKind::Manifest {
                start: Some(start), ..
            } => start.clone(),
            _ => String::new(),
        };
        // What the terminal says of the start is worked out once drawn (`TaskMock::draw`).
        Self {
            key,
            domain,
            task,
            answer,
            live: Checked::default(),
            refused: Vec::new(),
            flagged: false,
            verdict: None,
        }
    }

    /// Replaces the answer and what the terminal would say of it.
    fn set_answer(&mut self, answer: String) {
        match &self.task.kind {
            TaskKind::Manifest { .. } => {
                self.live = if answer.trim().is_empty() {
                    Checked::default()
                } else {
                    check(&answer)
                };
            }
            TaskKind::Command { steps } => {
                self.refused = grade_answer(&answer, steps)
                    .refused
                    .into_iter()
                    .map(|(line, e)| (line, e.to_string()))
                    .collect();
            }
            TaskKind::Explain { .. } => {}
        }
        self.answer = answer;
    }

    /// Open or answered.
    pub fn status(&self) -> Status {
        let start = match &self.task.kind {
            TaskKind::Manifest { start, .. } => start.as_deref(),
            _ => None,
        };
        if self.answer.trim().is_empty() || Some(self.answer.as_str()) == start {
            Status::Open
        } else {
            Status::Answered
        }
    }

    /// Whether the API server refused the manifest (then nothing of it was created).
    pub fn refused_by_server(&self) -> bool {
        matches!(&self.verdict, Some(Verdict::Manifest(v)) if !v.empty && !v.checked.is_clean())
    }

    /// Checks met and checks in all, once graded. A manifest the API server refuses meets none:
    /// as at the exam, `kubectl apply` created nothing, so nothing of it can be found. Nor does
    /// a task left open: a skeleton or a manifest to fix left as given is not the learner's
    /// work, even where parts of it already hold.
    pub fn score(&self) -> Option<(usize, usize)> {
        let (met, all) = self.verdict.as_ref().map(Verdict::score)?;
        let earned = !self.refused_by_server() && self.status() == Status::Answered;
        Some((if earned { met } else { 0 }, all))
    }

    /// The share of the task's checks met, in hundredths (0 before grading).
    pub fn credit(&self) -> u32 {
        let Some((met, all)) = self.score() else {
            return 0;
        };
        let hundredths = (met * 100) / all.max(1);
        u32::try_from(hundredths).unwrap_or(100).min(100)
    }
}

/// The tasks a hands-on mock of `profile` may draw, with their pack and domain: every command
/// and manifest task tagged for the exam (explain items test field knowledge, which the exam
/// asks through tasks), in the first domain it is tagged with.
fn drawable<'a>(
    library: &'a Library,
    profile: &'a Profile,
) -> impl Iterator<Item = (&'a crate::pack::PackId, &'a Task, usize)> + 'a {
    library.packs().iter().flat_map(move |pack| {
        pack.tasks.iter().filter_map(move |task| {
            if matches!(task.kind, TaskKind::Explain { .. }) {
                return None;
            }
            domain_of(profile, &task.tags).map(|domain| (pack.id(), task, domain))
        })
    })
}

/// How many tasks a hands-on mock of `profile` may draw from.
pub fn task_count(library: &Library, profile: &Profile) -> usize {
    drawable(library, profile).count()
}

/// The tasks a hands-on mock of `profile` may draw (see [`task_count`]), ready to answer.
pub fn task_candidates(library: &Library, profile: &Profile) -> Vec<MockTask> {
    drawable(library, profile)
        .map(|(pack, task, domain)| {
            let key = ItemKey::new(pack.0.clone(), task.id.0.clone());
            MockTask::new(key, domain, task.clone())
        })
        .collect()
}

/// A hands-on mock exam in progress or finished.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskMock {
    /// The exam.
    pub profile: &'static Profile,
    /// The tasks.
    pub tasks: Vec<MockTask>,
    /// The task showing.
    pub current: usize,
    /// When it started.
    pub started: Timestamp,
    /// When it ended (time up or finished), once it has.
    pub ended: Option<Timestamp>,
    /// The question being asked before finishing or leaving, if any.
    pub asking: Option<Ask>,
}

impl TaskMock {
    /// Draws [`MOCK_TASKS`] tasks from `candidates` by domain weight, in an order fixed by
    /// `seed`, starting at `now`.
    pub fn draw(
        profile: &'static Profile,
        candidates: Vec<MockTask>,
        seed: u64,
        now: Timestamp,
    ) -> Self {
        let mut tasks = draw_by_weight(profile, candidates, MOCK_TASKS, seed, |t| {
            (&t.key, t.domain)
        });
        for t in &mut tasks {
            let start = std::mem::take(&mut t.answer);
            t.set_answer(start);
        }
        Self {
            profile,
            tasks,
            current: 0,
            started: now,
            ended: None,
            asking: None,
        }
    }

    /// The exam's name as saved: "CKA hands-on".
    pub fn name(&self) -> String {
        format!("{} hands-on", self.profile.name)
    }

    /// Milliseconds left before time is up.
    pub fn time_left(&self, now: Timestamp) -> i64 {
        let end = self.ended.unwrap_or(now);
        (i64::from(self.profile.minutes) * 60_000 - (end.0 - self.started.0)).max(0)
    }

    /// Ends the exam if its time is up at `now`; returns whether it is over.
    pub fn tick(&mut self, now: Timestamp) -> bool {
        if self.ended.is_none() && self.time_left(now) == 0 {
            self.end(now);
        }
        self.ended.is_some()
    }

    /// Ends the exam now and grades every task.
    pub fn finish(&mut self, now: Timestamp) {
        if self.ended.is_none() {
            self.end(now);
        }
        self.asking = None;
    }

    fn end(&mut self, now: Timestamp) {
        self.ended = Some(now);
        for t in &mut self.tasks {
            t.verdict = Some(Verdict::of(&t.task, &t.answer));
        }
        // Time is up: there is nothing left to ask about finishing.
        if self.asking == Some(Ask::Finish) {
            self.asking = None;
        }
    }

    /// Replaces the answer of the task showing (not once the exam is over).
    pub fn set_answer(&mut self, text: String) {
        if self.ended.is_some() {
            return;
        }
        if let Some(t) = self.tasks.get_mut(self.current)
            && t.answer != text
        {
            t.set_answer(text);
        }
    }

    /// Flags the task showing, or takes its flag off.
    pub fn toggle_flag(&mut self) {
        if self.ended.is_none()
            && let Some(t) = self.tasks.get_mut(self.current)
        {
            t.flagged = !t.flagged;
        }
    }

    /// Shows task `i` (clamped to the last).
    pub fn go(&mut self, i: usize) {
        self.current = i.min(self.tasks.len().saturating_sub(1));
    }

    /// Tasks with something written.
    pub fn answered(&self) -> usize {
        self.tasks
            .iter()
            .filter(|t| t.status() == Status::Answered)
            .count()
    }

    /// Tasks flagged.
    pub fn flagged(&self) -> usize {
        self.tasks.iter().filter(|t| t.flagged).count()
    }

    /// The result: per domain (tasks, tasks fully done, credit), in all, and pass or fail
    /// against the pass mark. Every task weighs the same; within a task each check does.
    pub fn result(&self) -> MockAttempt {
        let answers = self.tasks.iter().map(|t| Scored {
            domain: t.domain,
            right: t.credit() == 100,
            credit: Some(t.credit()),
        });
        let ended = self.ended.unwrap_or(self.started);
        attempt(self.profile, &self.name(), (self.started, ended), answers)
    }
}
