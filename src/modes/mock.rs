//! A mock exam: questions drawn across packs by the exam's domain weights (multiple choice only
//! for a multiple-choice exam, recall mixed in for a hands-on one), timed, with no feedback until
//! the end; finishing early or leaving is asked first. Recall answers are checked by the
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

/// A question the mock is asking the learner before it acts, so nothing is lost by a slip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Finish now, with questions unanswered or time left?
    Finish,
    /// Leave without saving (the answers so far are lost)?
    Leave,
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
    /// The question being asked before finishing or leaving, if any.
    pub asking: Option<Ask>,
}

/// The domains' shares of `total` questions by weight, among domains with candidates (largest
/// remainders get the rounding), never more than a domain has: what a small domain cannot give
/// goes to the others by their weights, and what no domain can give comes from the general pool
/// (the last slot: items tagged for the exam but for no domain).
pub fn quotas(profile: &Profile, available: &[usize], total: usize) -> Vec<usize> {
    let slots = profile.domains.len() + 1;
    let have = |i: usize| available.get(i).copied().unwrap_or(0);
    let mut out = vec![0; slots];
    // Each round shares what is left among the domains that still have candidates; a round
    // fills at least one domain or gives out everything, so there are at most `slots` rounds.
    for _ in 0..slots {
        let given: usize = out.iter().sum();
        let left = total.saturating_sub(given);
        let open: Vec<(usize, u32)> = profile
            .domains
            .iter()
            .enumerate()
            .filter(|&(i, d)| d.weight > 0 && out.get(i).copied().unwrap_or(0) < have(i))
            .map(|(i, d)| (i, d.weight))
            .collect();
        let sum = open.iter().map(|&(_, w)| w as usize).sum::<usize>();
        if left == 0 || sum == 0 {
            break;
        }
        let mut shares: Vec<(usize, usize, usize)> = open
            .iter()
            .map(|&(i, w)| {
                let exact = left * w as usize;
                (i, exact / sum, exact % sum)
            })
            .collect();
        let mut spare = left - shares.iter().map(|s| s.1).sum::<usize>();
        shares.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        for share in &mut shares {
            if spare == 0 {
                break;
            }
            share.1 += 1;
            spare -= 1;
        }
        for (i, share, _) in shares {
            if let Some(slot) = out.get_mut(i) {
                *slot = (*slot + share).min(have(i));
            }
        }
    }
    let given: usize = out.iter().sum();
    if let Some(general) = out.last_mut() {
        *general = total.saturating_sub(given).min(have(slots - 1));
    }
    out
}

/// `total` of `candidates` drawn by the domains' weights ([`quotas`]), in an order fixed by
/// `seed`; `place` gives a candidate's key and domain (the profile's domain count: general).
pub fn draw_by_weight<T>(
    profile: &Profile,
    mut candidates: Vec<T>,
    total: usize,
    seed: u64,
    place: impl Fn(&T) -> (&ItemKey, usize),
) -> Vec<T> {
    let slots = profile.domains.len() + 1;
    candidates.sort_by_key(|c| mix(seed ^ key_hash(place(c).0)));
    let mut available = vec![0; slots];
    for c in &candidates {
        if let Some(n) = available.get_mut(place(c).1.min(slots - 1)) {
            *n += 1;
        }
    }
    let mut quota = quotas(profile, &available, total);
    let mut drawn = Vec::new();
    for c in candidates {
        if let Some(q) = quota.get_mut(place(&c).1.min(slots - 1))
            && *q > 0
        {
            *q -= 1;
            drawn.push(c);
        }
    }
    drawn.sort_by_key(|c| mix(seed.rotate_left(17) ^ key_hash(place(c).0)));
    drawn
}

impl Mock {
    /// Draws `profile.questions` questions from `candidates` by domain weight, in an order fixed
    /// by `seed`, starting at `now`.
    pub fn draw(
        profile: &'static Profile,
        candidates: Vec<Candidate>,
        seed: u64,
        now: Timestamp,
    ) -> Self {
        let questions = draw_by_weight(profile, candidates, profile.questions, seed, |c| {
            (&c.key, c.domain)
        });
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
            asking: None,
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
            // Time is up: there is nothing left to ask about finishing.
            if self.asking == Some(Ask::Finish) {
                self.asking = None;
            }
        }
        self.ended.is_some()
    }

    /// Ends the exam now.
    pub fn finish(&mut self, now: Timestamp) {
        self.ended.get_or_insert(now);
        self.asking = None;
    }

    /// Whether question `i` has an answer (an option chosen or something typed).
    pub fn is_answered(&self, i: usize) -> bool {
        self.chosen.get(i).copied().flatten().is_some()
            || self.typed.get(i).is_some_and(|t| !t.trim().is_empty())
    }

    /// Questions answered so far.
    pub fn answered(&self) -> usize {
        (0..self.questions.len())
            .filter(|&i| self.is_answered(i))
            .count()
    }

    /// Questions not answered yet.
    pub fn unanswered(&self) -> usize {
        self.questions.len() - self.answered()
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
        let answers = self.questions.iter().enumerate().map(|(i, q)| Scored {
            domain: q.domain,
            right: self.is_right(i),
            credit: None,
        });
        let ended = self.ended.unwrap_or(self.started);
        attempt(
            self.profile,
            self.profile.name,
            (self.started, ended),
            answers,
        )
    }
}

/// One answer as the score counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scored {
    /// Its domain, by index in the profile (the domain count: general).
    pub domain: usize,
    /// Whether it is right (a task: fully done).
    pub right: bool,
    /// A task's partial credit in hundredths (`None` for a question: right or not).
    pub credit: Option<u32>,
}

/// The attempt `answers` make: per domain (those asked), in all, and pass or fail against the
/// pass mark (partial credit counted where given, else right answers).
pub fn attempt(
    profile: &Profile,
    exam: &str,
    (started, ended): (Timestamp, Timestamp),
    answers: impl IntoIterator<Item = Scored>,
) -> MockAttempt {
    let slots = profile.domains.len() + 1;
    let mut domains: Vec<DomainScore> = profile
        .domains
        .iter()
        .map(|d| d.name)
        .chain(std::iter::once("General"))
        .map(|name| DomainScore {
            name: name.to_owned(),
            questions: 0,
            right: 0,
            credit: None,
        })
        .collect();
    // In hundredths of an answer: what counts against the pass mark.
    let mut points = 0;
    for a in answers {
        if let Some(d) = domains.get_mut(a.domain.min(slots - 1)) {
            d.questions += 1;
            d.right += u32::from(a.right);
            if let Some(credit) = a.credit {
                d.credit = Some(d.credit.unwrap_or(0) + credit);
            }
            points += a.credit.unwrap_or(100 * u32::from(a.right));
        }
    }
    domains.retain(|d| d.questions > 0);
    let questions: u32 = domains.iter().map(|d| d.questions).sum();
    let right: u32 = domains.iter().map(|d| d.right).sum();
    MockAttempt {
        exam: exam.to_owned(),
        started,
        ended,
        questions,
        right,
        passed: questions > 0 && points >= profile.pass_percent * questions,
        domains,
    }
}
