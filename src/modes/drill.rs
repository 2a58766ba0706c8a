//! The glossary's "Quiz me" drill: multiple-choice questions from term to definition and from
//! definition to term, with distractors from the same pack. Pure: the app records each answer
//! through the engine (right → Good, wrong → Again), so drills feed the scheduler.

use super::glossary::{GlossaryIndex, TermRef, fold};
use super::mix;
use crate::pack::Term;

/// Which way a question asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Shown the term, choose its definition.
    TermToDefinition,
    /// Shown the definition (the term's name blanked out), choose the term.
    DefinitionToTerm,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The term asked about.
    pub at: TermRef,
    /// Which way it asks.
    pub direction: Direction,
    /// What is shown.
    pub prompt: String,
    /// The options, in shown order.
    pub options: Vec<String>,
    /// Index of the right option.
    pub right: usize,
}

/// A drill in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Drill {
    questions: Vec<Question>,
    current: usize,
    picked: Option<usize>,
    right_count: usize,
    missed: Vec<TermRef>,
}

/// The blank that replaces a term's name in its definition.
pub const BLANK: &str = "\u{2581}\u{2581}\u{2581}";

impl Drill {
    /// Up to `count` questions on `candidates` (each with its predicted recall now; unseen items
    /// at 0), weakest first, ties in an order shuffled by `seed`. Terms whose pack has no other
    /// term with a different definition are skipped: they cannot have distractors.
    pub fn new(
        index: &GlossaryIndex,
        candidates: &[(TermRef, f32)],
        count: usize,
        seed: u64,
    ) -> Self {
        let mut order: Vec<(f32, u64, TermRef)> = candidates
            .iter()
            .map(|&(at, recall)| (recall, mix(seed ^ key(at)), at))
            .collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let questions = order
            .into_iter()
            .enumerate()
            .filter_map(|(i, (_, salt, at))| {
                let direction = if seed.wrapping_add(i as u64).is_multiple_of(2) {
                    Direction::TermToDefinition
                } else {
                    Direction::DefinitionToTerm
                };
                question(index, at, direction, salt)
            })
            .take(count)
            .collect();
        Self {
            questions,
            current: 0,
            picked: None,
            right_count: 0,
            missed: Vec::new(),
        }
    }

    /// The question showing, or `None` when the drill is over.
    pub fn current(&self) -> Option<&Question> {
        self.questions.get(self.current)
    }

    /// The option picked for the current question, once picked.
    pub fn picked(&self) -> Option<usize> {
        self.picked
    }

    /// (question number from 1, number of questions).
    pub fn progress(&self) -> (usize, usize) {
        (
            (self.current + 1).min(self.questions.len()),
            self.questions.len(),
        )
    }

    /// Answers the current question with `option`; returns whether it was right, or `None`
    /// when it was already answered or there is no such option.
    pub fn pick(&mut self, option: usize) -> Option<bool> {
        let question = self.questions.get(self.current)?;
        if self.picked.is_some() || option >= question.options.len() {
            return None;
        }
        self.picked = Some(option);
        let right = option == question.right;
        if right {
            self.right_count += 1;
        } else {
            self.missed.push(question.at);
        }
        Some(right)
    }

    /// Moves on after an answer.
    pub fn next(&mut self) {
        if self.picked.take().is_some() {
            self.current += 1;
        }
    }

    /// Ends the drill now: the questions not yet answered are dropped, so the score counts the
    /// answered ones only and [`Self::is_over`] holds.
    pub fn stop(&mut self) {
        self.next();
        self.questions.truncate(self.current);
    }

    /// Whether every question has been answered.
    pub fn is_over(&self) -> bool {
        self.current >= self.questions.len()
    }

    /// (right, answered) so far.
    pub fn score(&self) -> (usize, usize) {
        (self.right_count, self.right_count + self.missed.len())
    }

    /// The terms answered wrongly, in order.
    pub fn missed(&self) -> &[TermRef] {
        &self.missed
    }
}

/// A question on `at`, or `None` when its pack has no usable distractor.
///
/// The options are chosen so that none can be told apart by what it says about the question
/// rather than by knowing the term:
/// - a definition that names its own term would give it away as an option, so such a term is
///   asked the other way (its definition shown with the name blanked out), and such definitions
///   are never distractors;
/// - a definition shown as a distractor never names the term asked about;
/// - a term shown as a distractor is never named in the definition shown as the question.
///
/// Every option is thus drawn from the same kind of text, in a seeded order blind to its form,
/// so the right one is the longest, or the only one ending in a full stop, no more often than
/// chance (`tests/fairness.rs` measures it over the built-in glossaries).
fn question(
    index: &GlossaryIndex,
    at: TermRef,
    direction: Direction,
    salt: u64,
) -> Option<Question> {
    let term = index.term(at)?;
    let direction = if names(&term.definition, term) {
        Direction::DefinitionToTerm
    } else {
        direction
    };
    let prompt = match direction {
        Direction::TermToDefinition => term.term.clone(),
        Direction::DefinitionToTerm => {
            let names = std::iter::once(&term.term).chain(&term.aliases);
            names.fold(term.definition.clone(), |text, name| blank_out(&text, name))
        }
    };
    let folded_prompt = prompt.to_lowercase();
    let usable = |other: &Term| match direction {
        Direction::TermToDefinition => {
            !names(&other.definition, other) && !names(&other.definition, term)
        }
        Direction::DefinitionToTerm => {
            let name = other.term.trim().to_lowercase();
            name.is_empty() || !folded_prompt.contains(&name)
        }
    };
    let shown = |t: &Term| match direction {
        Direction::TermToDefinition => t.definition.clone(),
        Direction::DefinitionToTerm => t.term.clone(),
    };
    let answer = shown(term);
    // Distractors: other terms of the same pack, in a seeded order, none equal to the answer
    // or to each other once case and accents are ignored.
    // A large pack gives a sample of 32 candidates rather than a shuffle of all of them.
    let size = index.pack_len(at.pack);
    let picks: Vec<usize> = if size <= 64 {
        (0..size).collect()
    } else {
        (0..32u64)
            .map(|i| usize::try_from(mix(salt.wrapping_add(i)) % size as u64).unwrap_or(0))
            .collect()
    };
    let mut others: Vec<(u64, TermRef)> = picks
        .into_iter()
        .map(|t| TermRef {
            pack: at.pack,
            term: t,
        })
        .filter(|r| *r != at)
        .map(|r| (mix(salt ^ key(r)), r))
        .collect();
    others.sort_unstable();
    let mut seen = vec![fold(&answer)];
    let mut options = Vec::with_capacity(4);
    for (_, r) in others {
        let Some(other) = index.term(r).filter(|t| usable(t)) else {
            continue;
        };
        let text = shown(other);
        let folded = fold(&text);
        if !seen.contains(&folded) {
            seen.push(folded);
            options.push(text);
        }
        if options.len() == 3 {
            break;
        }
    }
    if options.is_empty() {
        return None;
    }
    let right = usize::try_from(salt % (options.len() as u64 + 1)).unwrap_or(0);
    options.insert(right, answer);
    Some(Question {
        at,
        direction,
        prompt,
        options,
        right,
    })
}

/// Whether `text` names `term` (its name or an alias) where [`blank_out`] would find it.
pub fn names(text: &str, term: &Term) -> bool {
    let lower = text.to_lowercase();
    std::iter::once(&term.term)
        .chain(&term.aliases)
        .map(|name| name.trim().to_lowercase())
        .any(|name| !name.is_empty() && lower.contains(&name))
}

/// `text` with every case-insensitive occurrence of `name` replaced by [`BLANK`], so that a
/// definition does not give its term away.
pub fn blank_out(text: &str, name: &str) -> String {
    let (lower, needle) = (text.to_lowercase(), name.trim().to_lowercase());
    // Byte offsets carry over only when lowercasing kept every length.
    if needle.is_empty() || lower.len() != text.len() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|rest| rest.find(&needle)) {
        let at = from + found;
        out.push_str(text.get(from..at).unwrap_or_default());
        out.push_str(BLANK);
        from = at + needle.len();
    }
    out.push_str(text.get(from..).unwrap_or_default());
    out
}

fn key(at: TermRef) -> u64 {
    ((at.pack as u64) << 32) ^ at.term as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drill_of(n: usize) -> Drill {
        let questions = (0..n)
            .map(|term| Question {
                at: TermRef { pack: 0, term },
                direction: Direction::TermToDefinition,
                prompt: format!("term {term}"),
                options: vec!["a".to_owned(), "b".to_owned()],
                right: 0,
            })
            .collect();
        Drill {
            questions,
            current: 0,
            picked: None,
            right_count: 0,
            missed: Vec::new(),
        }
    }

    #[test]
    fn stopping_keeps_the_answered_questions_only() {
        // (questions answered right, wrong, whether the last one is picked but not moved on)
        let cases = [(0, 0, false), (1, 0, false), (1, 1, true), (2, 1, false)];
        for (right, wrong, last_pending) in cases {
            let mut drill = drill_of(6);
            for n in 0..right + wrong {
                assert_eq!(drill.pick(if n < right { 0 } else { 1 }), Some(n < right));
                if !(last_pending && n + 1 == right + wrong) {
                    drill.next();
                }
            }
            drill.stop();
            assert!(drill.is_over(), "{right} {wrong}");
            assert_eq!(drill.current(), None);
            assert_eq!(drill.score(), (right, right + wrong));
            assert_eq!(drill.progress().1, right + wrong);
            assert_eq!(drill.missed().len(), wrong);
            assert_eq!(drill.pick(0), None, "nothing left to answer");
        }
    }

    #[test]
    fn names_are_blanked_out_of_definitions() {
        assert_eq!(
            blank_out("The Kubelet runs Pods; every kubelet reports.", "kubelet"),
            format!("The {BLANK} runs Pods; every {BLANK} reports.")
        );
        assert_eq!(blank_out("no name here", "etcd"), "no name here");
        assert_eq!(blank_out("anything", " "), "anything");
    }
}
