//! A mock exam: questions drawn across packs by the exam's domain weights, multiple choice and
//! recall mixed, timed, with no feedback until the end. Recall answers are checked by the
//! learner against the right answer after the end; then the score per domain and pass or fail
//! against the pass mark. Kept apart from spaced repetition.

use super::{key_hash, mix};
use crate::progress::ItemKey;
use crate::progress::exam_log::{DomainScore, MockAttempt};
use crate::study::clock::Timestamp;
use crate::study::exam::Profile;

/// A question's form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// Choose one option.
    Choice {
        /// The options, shuffled.
        options: Vec<String>,
        /// The right one.
        right: usize,
    },
    /// Recall the answer (typed, optional); checked by the learner after the end.
    Recall {
        /// The right answer.
        answer: String,
    },
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The item it comes from.
    pub key: ItemKey,
    /// Index of its domain in the profile (or the profile's domain count: "general").
    pub domain: usize,
    /// The question.
    pub prompt: String,
    /// How it is answered.
    pub form: Form,
}

/// A candidate item for the draw: its domain (by index) and the question it makes.
pub type Candidate = Question;

/// A mock exam in progress or finished.
#[derive(Debug, Clone, PartialEq)]
pub struct Mock {
    /// The exam.
    pub profile: &'static Profile,
    /// The questions.
    pub questions: Vec<Question>,
    /// The question showing.
    pub current: usize,
    /// Chosen options (choice questions).
    pub chosen: Vec<Option<usize>>,
    /// Typed answers (recall questions).
    pub typed: Vec<String>,
    /// The learner's check of each recall answer, after the end.
    pub checked: Vec<Option<bool>>,
    /// When it started.
    pub started: Timestamp,
    /// When it ended (time up or finished), once it has.
    pub ended: Option<Timestamp>,
}

/// The domains' shares of `total` questions by weight, among domains with candidates (largest
/// remainders get the rounding); a profile whose domains have no candidates at all draws from
/// the general pool (the last slot).
pub fn quotas(profile: &Profile, available: &[usize], total: usize) -> Vec<usize> {
    let slots = profile.domains.len() + 1;
    let mut out = vec![0; slots];
    let weighted: Vec<(usize, u32)> = profile
        .domains
        .iter()
        .enumerate()
        .filter(|(i, _)| available.get(*i).copied().unwrap_or(0) > 0)
        .map(|(i, d)| (i, d.weight))
        .collect();
    let sum: u32 = weighted.iter().map(|(_, w)| w).sum();
    if sum == 0 {
        if let Some(general) = out.last_mut() {
            *general = total.min(available.get(slots - 1).copied().unwrap_or(0));
        }
        return out;
    }
    let mut remainders = Vec::new();
    let mut given = 0;
    for &(i, w) in &weighted {
        let exact = total * w as usize;
        let share = exact / sum as usize;
        if let Some(slot) = out.get_mut(i) {
            *slot = share;
        }
        given += share;
        remainders.push((exact % sum as usize, i));
    }
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().cycle().take(total.saturating_sub(given)) {
        if let Some(slot) = out.get_mut(i) {
            *slot += 1;
        }
    }
    // Never more than a domain has.
    for (slot, have) in out.iter_mut().zip(available) {
        *slot = (*slot).min(*have);
    }
    out
}

impl Mock {
    /// Draws `profile.questions` questions from `candidates` by domain weight, in an order fixed
    /// by `seed`, starting at `now`.
    pub fn draw(
        profile: &'static Profile,
        mut candidates: Vec<Candidate>,
        seed: u64,
        now: Timestamp,
    ) -> Self {
        let slots = profile.domains.len() + 1;
        candidates.sort_by_key(|c| mix(seed ^ key_hash(&c.key)));
        let mut available = vec![0; slots];
        for c in &candidates {
            if let Some(n) = available.get_mut(c.domain.min(slots - 1)) {
                *n += 1;
            }
        }
        let mut quota = quotas(profile, &available, profile.questions);
        let mut questions = Vec::new();
        for c in candidates {
            if let Some(q) = quota.get_mut(c.domain.min(slots - 1))
                && *q > 0
            {
                *q -= 1;
                questions.push(c);
            }
        }
        questions.sort_by_key(|q| mix(seed.rotate_left(17) ^ key_hash(&q.key)));
        let n = questions.len();
        Self {
            profile,
            questions,
            current: 0,
            chosen: vec![None; n],
            typed: vec![String::new(); n],
            checked: vec![None; n],
            started: now,
            ended: None,
        }
    }

    /// Milliseconds left before time is up.
    pub fn time_left(&self, now: Timestamp) -> i64 {
        let end = self.ended.unwrap_or(now);
        (i64::from(self.profile.minutes) * 60_000 - (end.0 - self.started.0)).max(0)
    }

    /// Ends the exam if its time is up at `now`; returns whether it is over.
    pub fn tick(&mut self, now: Timestamp) -> bool {
        if self.ended.is_none() && self.time_left(now) == 0 {
            self.ended = Some(now);
        }
        self.ended.is_some()
    }

    /// Ends the exam now.
    pub fn finish(&mut self, now: Timestamp) {
        self.ended.get_or_insert(now);
    }

    /// Whether every recall answer has been checked (the result is then final).
    pub fn all_checked(&self) -> bool {
        self.questions
            .iter()
            .zip(&self.checked)
            .all(|(q, c)| matches!(q.form, Form::Choice { .. }) || c.is_some())
    }

    /// Whether question `i` counts as right (an unchecked recall answer does not).
    pub fn is_right(&self, i: usize) -> bool {
        match self.questions.get(i).map(|q| &q.form) {
            Some(Form::Choice { right, .. }) => {
                self.chosen.get(i).copied().flatten() == Some(*right)
            }
            Some(Form::Recall { .. }) => self.checked.get(i).copied().flatten() == Some(true),
            None => false,
        }
    }

    /// The result so far: per domain, total, and pass or fail against the pass mark.
    pub fn result(&self) -> MockAttempt {
        let slots = self.profile.domains.len() + 1;
        let mut domains: Vec<DomainScore> = self
            .profile
            .domains
            .iter()
            .map(|d| d.name)
            .chain(std::iter::once("General"))
            .map(|name| DomainScore {
                name: name.to_owned(),
                questions: 0,
                right: 0,
            })
            .collect();
        for (i, q) in self.questions.iter().enumerate() {
            if let Some(d) = domains.get_mut(q.domain.min(slots - 1)) {
                d.questions += 1;
                d.right += u32::from(self.is_right(i));
            }
        }
        domains.retain(|d| d.questions > 0);
        let questions: u32 = domains.iter().map(|d| d.questions).sum();
        let right: u32 = domains.iter().map(|d| d.right).sum();
        MockAttempt {
            exam: self.profile.name.to_owned(),
            started: self.started,
            ended: self.ended.unwrap_or(self.started),
            questions,
            right,
            passed: questions > 0 && right * 100 >= self.profile.pass_percent * questions,
            domains,
        }
    }
}
