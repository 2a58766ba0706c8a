//! Hands-on practice: today's tasks one at a time, typed, checked offline, graded.
//!
//! The learner types, checks, and may fix and check again until it passes or they ask for the
//! answer. The checker's verdict suggests the grade: passed at the first check without the hint
//! is Good, passed after the hint or a failed check is Hard, the answer asked for is Again. The
//! learner may grade otherwise (a typo they would have caught at a real terminal), and the
//! answer goes through the [`Engine`] like any review. No UI here.

use std::sync::Arc;

use crate::pack::{Library, PackId, Task, TaskKind};
use crate::progress::{ItemKind, Result};
use crate::study::Engine;
use crate::study::clock::{Clock, Timestamp};
use crate::study::queue::{Entry, Queue};
use crate::study::schedule::Rating;
use crate::tasks::commands::{TaskVerdict, grade_answer};
use crate::tasks::manifest::explain::{ExplainVerdict, grade_explain};
use crate::tasks::manifest::task::{ManifestVerdict, grade_manifest};
use crate::tasks::manifest::{Checked, check};

/// A task's verdict, by its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// kubectl lines, step by step.
    Command(TaskVerdict),
    /// A manifest: the server's problems and the task's wants.
    Manifest(ManifestVerdict),
    /// A field's path or type.
    Explain(ExplainVerdict),
}

impl Verdict {
    /// Grades `answer` by the rules of `task`.
    pub fn of(task: &Task, answer: &str) -> Self {
        match &task.kind {
            TaskKind::Command { steps } => Self::Command(grade_answer(answer, steps)),
            TaskKind::Manifest { objects, .. } => Self::Manifest(grade_manifest(answer, objects)),
            TaskKind::Explain { kind, field, ask } => {
                Self::Explain(grade_explain(answer, kind, field, *ask))
            }
        }
    }

    /// Whether every requirement holds.
    pub fn passed(&self) -> bool {
        match self {
            Self::Command(v) => v.passed(),
            Self::Manifest(v) => v.passed(),
            Self::Explain(v) => v.passed(),
        }
    }

    /// Requirements met, of all.
    pub fn score(&self) -> (usize, usize) {
        match self {
            Self::Command(v) => v.score(),
            Self::Manifest(v) => v.score(),
            Self::Explain(v) => v.score(),
        }
    }

    /// The first thing to fix, in a sentence.
    pub fn first_problem(&self) -> Option<String> {
        match self {
            Self::Command(v) => v.first_problem(),
            Self::Manifest(v) => v.first_problem(),
            Self::Explain(v) => v.first_problem(),
        }
    }
}

/// The task being worked on.
#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    /// The queue entry.
    pub entry: Entry,
    /// The task.
    pub task: Task,
    /// What the learner has typed.
    pub answer: String,
    /// Whether the hint was asked for.
    pub hint_shown: bool,
    /// The last check's verdict; `None` before checking or after the answer changed.
    pub verdict: Option<Verdict>,
    /// Checks that did not pass.
    pub failed_checks: u32,
    /// Whether the task is over: passed, or the answer asked for. The model answer shows, the
    /// typed one can no longer change, and the grade is given.
    pub revealed: bool,
    /// When it was shown.
    pub shown_at: Timestamp,
    /// A manifest task's text as the API server sees it now, kept up to date as the learner
    /// types: its documents (for the field under the cursor) and its problems (nothing for
    /// command and explain tasks).
    pub live: Checked,
}

/// `answer` as the API server sees it, for a manifest task (checked as the learner types).
fn live(task: &Task, answer: &str) -> Checked {
    match task.kind {
        TaskKind::Manifest { .. } if !answer.trim().is_empty() => check(answer),
        _ => Checked::default(),
    }
}

impl Current {
    /// The grade the task suggests once over: Good when it passed at the first check without
    /// the hint, Hard when it passed after either, Again when the answer was asked for; `None`
    /// before.
    pub fn suggested(&self) -> Option<Rating> {
        if !self.revealed {
            return None;
        }
        let passed = self.verdict.as_ref().is_some_and(Verdict::passed);
        Some(match (passed, self.hint_shown || self.failed_checks > 0) {
            (true, false) => Rating::Good,
            (true, true) => Rating::Hard,
            (false, _) => Rating::Again,
        })
    }
}

/// The session's result so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Tasks answered.
    pub answered: u32,
    /// Of them, those whose last check passed.
    pub passed: u32,
    /// Time spent on them, in milliseconds.
    pub time_ms: u64,
}

/// A hands-on session.
#[derive(Debug)]
pub struct HandsOn {
    library: Arc<Library>,
    queue: Queue,
    current: Option<Current>,
    total: usize,
    summary: Summary,
}

impl HandsOn {
    /// Today's tasks of every pack (new ones within the packs' daily limits, and reviews due).
    pub fn start(engine: &Engine, library: Arc<Library>, clock: &dyn Clock) -> Result<Self> {
        let packs = library.packs().iter().map(|p| p.id().0.clone()).collect();
        let request = engine.request_for_exam(packs, vec![ItemKind::Task], clock)?;
        let queue = engine.queue(&request, clock)?;
        let total = queue.len();
        let mut session = Self {
            library,
            queue,
            current: None,
            total,
            summary: Summary::default(),
        };
        session.advance(clock.now());
        Ok(session)
    }

    /// The task being worked on; `None` when the session is over.
    pub fn current(&self) -> Option<&Current> {
        self.current.as_ref()
    }

    /// (answered, total) so far.
    pub fn progress(&self) -> (usize, usize) {
        let answered = usize::try_from(self.summary.answered).unwrap_or(usize::MAX);
        (answered.min(self.total), self.total)
    }

    /// The result so far.
    pub fn summary(&self) -> Summary {
        self.summary
    }

    /// Replaces the typed answer; a verdict of the old text no longer stands.
    pub fn set_answer(&mut self, text: String) {
        if let Some(current) = &mut self.current
            && !current.revealed
            && current.answer != text
        {
            current.answer = text;
            current.verdict = None;
            current.live = live(&current.task, &current.answer);
        }
    }

    /// Shows the hint (from then on a pass suggests Hard).
    pub fn show_hint(&mut self) {
        if let Some(current) = &mut self.current
            && current.task.hint.is_some()
            && !current.revealed
        {
            current.hint_shown = true;
        }
    }

    /// Checks the typed answer by the task's rules: passing ends the task, failing counts.
    pub fn check(&mut self) {
        let Some(current) = &mut self.current else {
            return;
        };
        if current.revealed {
            return;
        }
        let verdict = Verdict::of(&current.task, &current.answer);
        if verdict.passed() {
            current.revealed = true;
        } else {
            current.failed_checks += 1;
        }
        current.verdict = Some(verdict);
    }

    /// Asks for the answer: what was typed is checked one last time (a pass still counts as
    /// one after a failed check, since the answer was asked for) and the task is over.
    pub fn give_up(&mut self) {
        let Some(current) = &mut self.current else {
            return;
        };
        if current.revealed {
            return;
        }
        let verdict = Verdict::of(&current.task, &current.answer);
        current.failed_checks += 1;
        current.verdict = Some(verdict);
        current.revealed = true;
    }

    /// Records `rating` for the task once it is over and moves on; the answer is committed first
    /// (on an error nothing moves). Does nothing before.
    pub fn answer(&mut self, engine: &mut Engine, rating: Rating, clock: &dyn Clock) -> Result<()> {
        let Some(current) = self.current.take() else {
            return Ok(());
        };
        if !current.revealed {
            self.current = Some(current);
            return Ok(());
        }
        let passed = current.verdict.as_ref().is_some_and(Verdict::passed);
        let now = clock.now();
        let duration = u64::try_from((now.0 - current.shown_at.0).max(0)).unwrap_or(0);
        let result = engine.answer(
            &current.entry.key,
            ItemKind::Task,
            rating,
            "hands-on",
            u32::try_from(duration).unwrap_or(u32::MAX),
            clock,
        );
        let after = match result {
            Ok(after) => after,
            Err(e) => {
                self.current = Some(current);
                return Err(e);
            }
        };
        self.summary.answered += 1;
        self.summary.passed += u32::from(passed);
        self.summary.time_ms += duration;
        let before = self.queue.len();
        self.queue.after_answer(current.entry.key.clone(), after);
        self.total += self.queue.len() - before;
        self.advance(now);
        Ok(())
    }

    /// Ends the session: the task showing goes back unanswered.
    pub fn end(&mut self) {
        if let Some(current) = self.current.take() {
            self.queue.put_back(current.entry);
        }
    }

    fn advance(&mut self, now: Timestamp) {
        while let Some(entry) = self.queue.pop() {
            let task = self
                .library
                .get(&PackId(entry.key.pack.clone()))
                .and_then(|p| p.tasks.iter().find(|t| t.id.as_str() == entry.key.item))
                .cloned();
            if let Some(task) = task {
                // A manifest task starts from its skeleton, or the manifest to fix.
                let answer = match &task.kind {
                    TaskKind::Manifest {
                        start: Some(start), ..
                    } => start.clone(),
                    _ => String::new(),
                };
                let live = live(&task, &answer);
                self.current = Some(Current {
                    entry,
                    task,
                    live,
                    answer,
                    hint_shown: false,
                    verdict: None,
                    failed_checks: 0,
                    revealed: false,
                    shown_at: now,
                });
                return;
            }
        }
        self.current = None;
    }
}
