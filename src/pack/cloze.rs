//! Cloze deletions and reversed cards: one card as written, several study items as asked.
//!
//! A cloze card's front hides parts of a sentence: `{{c1::etcd}}`, with an optional hint,
//! `{{c2::kube-scheduler::a control-plane component}}`. Each number is asked as an item of its
//! own (`card-id/c1`, `card-id/c2`): its deletions shown as `[…]` (or `[hint]`), every other
//! number's text shown as written. A card with `reverse: true` is also asked from its answer back
//! to its front (`card-id/reverse`, without the front's image). Items made from one card are
//! siblings: review shows at most one of them a day.
//!
//! The syntax is Anki's, so a learner's habits and cloze notes carry over; a scan written here
//! (one pass, no regex) because it must report where markup breaks, by character.

use super::model::{Answer, Card, ItemId};

/// How many distinct deletion numbers one card may have (each is an item to study).
pub const MAX_NUMBERS: usize = 50;

/// Most bytes of questions the cloze cards of one pack may make between them (each number's
/// question is about as long as the card's text, so a pack of cloze cards would otherwise take
/// many times its size): the pack's own text limit, so at most twice the memory.
pub const MAX_EXPANDED_BYTES: usize = 32 * 1024 * 1024;

/// The bytes a cloze card's items take: one question about as long as its text per number.
pub fn expanded_bytes(front: &str, numbers: usize) -> usize {
    front.len().saturating_mul(numbers)
}

/// What the blank shows when a deletion has no hint.
pub const BLANK: &str = "[…]";

/// One piece of a cloze text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Text shown as written.
    Text(&'a str),
    /// A deletion: its number, the hidden text, the hint shown in its place.
    Deletion {
        /// `c1` is 1.
        number: u32,
        /// The hidden text.
        answer: &'a str,
        /// Shown in the blank, if given.
        hint: Option<&'a str>,
    },
}

/// Where and why cloze markup does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClozeError {
    /// Character (not byte) offset of the deletion that breaks, counting from 1.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// The pieces of `text`, in order. Markup that starts with `{{c` must be a whole deletion
/// (`{{cN::text}}` or `{{cN::text::hint}}`, N from 1, text not empty, no deletion inside
/// another).
pub fn parse(text: &str) -> Result<Vec<Segment<'_>>, ClozeError> {
    let mut segments = Vec::new();
    let mut rest = text;
    let mut offset = 0; // bytes of `text` before `rest`
    while let Some(start) = rest.find("{{c") {
        let column = text.get(..offset + start).map_or(0, |t| t.chars().count()) + 1;
        let fail = |message: String| ClozeError { column, message };
        if let Some(before) = rest.get(..start).filter(|b| !b.is_empty()) {
            segments.push(Segment::Text(before));
        }
        let inner = rest.get(start + 3..).unwrap_or_default();
        let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
        let number: u32 = inner
            .get(..digits)
            .and_then(|d| d.parse().ok())
            .filter(|&n| n > 0)
            .ok_or_else(|| {
                fail("a deletion starts `{{c` and a number from 1, as in `{{c1::text}}`".into())
            })?;
        let body = inner
            .get(digits..)
            .and_then(|b| b.strip_prefix("::"))
            .ok_or_else(|| fail(format!("`{{{{c{number}` must be followed by `::`")))?;
        let end = body
            .find("}}")
            .ok_or_else(|| fail(format!("deletion c{number} is not closed with `}}}}`")))?;
        let whole = body.get(..end).unwrap_or_default();
        if whole.contains("{{") {
            return Err(fail(format!(
                "deletion c{number} holds another `{{{{`: deletions cannot be nested"
            )));
        }
        let (answer, hint) = match whole.split_once("::") {
            Some((answer, hint)) => (answer, Some(hint.trim()).filter(|h| !h.is_empty())),
            None => (whole, None),
        };
        if answer.trim().is_empty() {
            return Err(fail(format!("deletion c{number} hides no text")));
        }
        segments.push(Segment::Deletion {
            number,
            answer: answer.trim(),
            hint,
        });
        let used = start + 3 + digits + 2 + end + 2;
        offset += used;
        rest = rest.get(used..).unwrap_or_default();
    }
    if !rest.is_empty() {
        segments.push(Segment::Text(rest));
    }
    Ok(segments)
}

/// The distinct deletion numbers, ascending.
pub fn numbers(segments: &[Segment<'_>]) -> Vec<u32> {
    let mut numbers: Vec<u32> = segments
        .iter()
        .filter_map(|s| match s {
            Segment::Deletion { number, .. } => Some(*number),
            Segment::Text(_) => None,
        })
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
}

/// The question for deletion `number`: its deletions blanked, the others' text shown.
pub fn front_for(segments: &[Segment<'_>], number: u32) -> String {
    let mut front = String::new();
    for segment in segments {
        match *segment {
            Segment::Text(text) => front.push_str(text),
            Segment::Deletion {
                number: n,
                answer,
                hint,
            } => {
                if n == number {
                    match hint {
                        Some(hint) => {
                            front.push('[');
                            front.push_str(hint);
                            front.push(']');
                        }
                        None => front.push_str(BLANK),
                    }
                } else {
                    front.push_str(answer);
                }
            }
        }
    }
    front
}

/// The answer for deletion `number`: its hidden texts in order, joined with `, `.
pub fn answer_for(segments: &[Segment<'_>], number: u32) -> String {
    let parts: Vec<&str> = segments
        .iter()
        .filter_map(|s| match *s {
            Segment::Deletion {
                number: n, answer, ..
            } if n == number => Some(answer),
            _ => None,
        })
        .collect();
    parts.join(", ")
}

/// The text with every deletion shown as written (the whole sentence, for an explanation or a
/// list).
pub fn plain(segments: &[Segment<'_>]) -> String {
    let mut text = String::new();
    for segment in segments {
        match *segment {
            Segment::Text(t) => text.push_str(t),
            Segment::Deletion { answer, .. } => text.push_str(answer),
        }
    }
    text
}

/// The item id of deletion `number` of card `card`.
pub fn cloze_id(card: &str, number: u32) -> ItemId {
    ItemId(format!("{card}/c{number}"))
}

/// The item id of card `card` asked in reverse.
pub fn reverse_id(card: &str) -> ItemId {
    ItemId(format!("{card}/reverse"))
}

/// The card an item id was made from: `a/c2` and `a/reverse` are made from `a`; any other id is
/// its own card's.
pub fn made_from(item: &str) -> &str {
    item.split_once('/').map_or(item, |(card, _)| card)
}

/// The study items `card` is asked as: a cloze card as one item per deletion number (none when
/// its markup does not read, it has more than [`MAX_NUMBERS`] numbers, or its items would take
/// more than the `budget` of bytes left; validation reports each), a reversed card as itself and
/// its reverse, any other card as itself.
pub fn expand(card: Card, budget: &mut usize) -> Vec<Card> {
    if matches!(card.answer, Answer::Cloze) {
        let Ok(segments) = parse(&card.front) else {
            return Vec::new();
        };
        let numbers = numbers(&segments);
        let cost = expanded_bytes(&card.front, numbers.len());
        if numbers.len() > MAX_NUMBERS || cost > *budget {
            return Vec::new();
        }
        *budget -= cost;
        let whole = plain(&segments);
        return numbers
            .into_iter()
            .map(|n| Card {
                id: cloze_id(card.id.as_str(), n),
                front: front_for(&segments, n),
                answer: Answer::Text(answer_for(&segments, n)),
                distractors: Vec::new(),
                explanation: Some(card.explanation.clone().unwrap_or_else(|| whole.clone())),
                reverse: false,
                ..card.clone()
            })
            .collect();
    }
    if card.reverse
        && let Answer::Text(answer) = &card.answer
    {
        let reverse = Card {
            id: reverse_id(card.id.as_str()),
            front: answer.clone(),
            answer: Answer::Text(card.front.clone()),
            distractors: Vec::new(),
            reverse: false,
            // Asked back, the question's image goes with the answer, and the answer's with the
            // question.
            image: card.answer_image.clone(),
            answer_image: card.image.clone(),
            ..card.clone()
        };
        return vec![card, reverse];
    }
    vec![card]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn deletions_read_with_hints_and_numbers() {
        let text = "A {{c1::Pod}} shares its {{c2::network namespace::what kind of namespace}} \
                    and {{c1::volumes}}.";
        let segments = parse(text).unwrap();
        assert_eq!(numbers(&segments), [1, 2]);
        assert_eq!(
            front_for(&segments, 1),
            "A […] shares its network namespace and […]."
        );
        assert_eq!(answer_for(&segments, 1), "Pod, volumes");
        assert_eq!(
            front_for(&segments, 2),
            "A Pod shares its [what kind of namespace] and volumes."
        );
        assert_eq!(answer_for(&segments, 2), "network namespace");
        assert_eq!(
            plain(&segments),
            "A Pod shares its network namespace and volumes."
        );
    }

    #[test]
    fn broken_markup_says_where_by_character() {
        let cases = [
            ("é {{c1::x", 3, "not closed"),
            ("{{c::x}}", 1, "a number from 1"),
            ("ab {{c0::x}}", 4, "a number from 1"),
            ("{{c1:x}}", 1, "followed by `::`"),
            ("{{c1::  }}", 1, "hides no text"),
            ("ok {{c1::a}} {{c2::b {{c3::c}} d}}", 14, "nested"),
        ];
        for (text, column, message) in cases {
            let error = parse(text).unwrap_err();
            assert_eq!(error.column, column, "{text}");
            assert!(error.message.contains(message), "{text}: {}", error.message);
        }
        assert_eq!(parse("no deletions {{ here }}").unwrap().len(), 1);
    }

    fn card(front: &str, answer: Answer, reverse: bool) -> Card {
        Card {
            id: ItemId("a".into()),
            front: front.into(),
            answer,
            distractors: vec!["wrong".into()],
            explanation: None,
            terms: Vec::new(),
            tags: vec!["t".into()],
            competencies: Vec::new(),
            source: None,
            reverse,
            siblings: Vec::new(),
            image: None,
            answer_image: None,
        }
    }

    #[test]
    fn a_cloze_card_is_one_item_per_number() {
        let mut budget = MAX_EXPANDED_BYTES;
        let cards = expand(
            card("{{c2::x}} and {{c1::y}}", Answer::Cloze, false),
            &mut budget,
        );
        assert_eq!(budget, MAX_EXPANDED_BYTES - 2 * 23);
        let ids: Vec<&str> = cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a/c1", "a/c2"]);
        assert_eq!(cards[0].front, "x and […]");
        assert_eq!(cards[0].answer, Answer::Text("y".into()));
        assert_eq!(cards[0].explanation.as_deref(), Some("x and y"));
        assert!(cards[0].distractors.is_empty());
        assert_eq!(cards[1].tags, ["t"]);
        assert!(expand(card("{{c1::open", Answer::Cloze, false), &mut budget).is_empty());
        let mut low = 10;
        assert!(expand(card("{{c1::x}} {{c2::y}}", Answer::Cloze, false), &mut low).is_empty());
        assert_eq!(low, 10, "nothing spent on a card not asked");
    }

    #[test]
    fn a_reversed_card_is_asked_both_ways() {
        let mut budget = 0;
        let cards = expand(card("q", Answer::Text("ans".into()), true), &mut budget);
        assert_eq!(cards.len(), 2);
        assert_eq!(cards[0].id.as_str(), "a");
        assert_eq!(cards[0].distractors, ["wrong"]);
        assert_eq!(cards[1].id.as_str(), "a/reverse");
        assert_eq!(cards[1].front, "ans");
        assert_eq!(cards[1].answer, Answer::Text("q".into()));
        assert!(cards[1].distractors.is_empty());
        assert_eq!(made_from("a/reverse"), "a");
        assert_eq!(made_from("a/c3"), "a");
        assert_eq!(made_from("a"), "a");
        // Only a text answer can be asked back.
        assert_eq!(
            expand(card("q", Answer::Set(vec!["x".into()]), true), &mut budget).len(),
            1
        );
    }
}
