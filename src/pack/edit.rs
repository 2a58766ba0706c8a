//! The learner's own edits of a pack's cards, applied over the loaded library.
//!
//! An edit is a whole card, kept by the progress store as text ([`card_text`]); the packs on disk
//! are never touched. [`Library::with_card_edits`] gives the library as the learner studies it,
//! and [`check_card`] holds an edit to the same rules `kubestudy check` applies to a pack's card.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::library::Library;
use super::locate::Step;
use super::model::{Answer, Card, Content, ItemId, PackId};
use super::pack::Pack;
use super::parsed::SourceFile;
use super::validate::Reporter;

/// The text the store keeps for a card: JSON of the card as loaded.
pub fn card_text(card: &Card) -> String {
    // A card is strings and lists of strings: it always serialises.
    serde_json::to_string(card).unwrap_or_default()
}

/// A card from its stored text, or why it cannot be read (a store written by a newer kubestudy,
/// or damaged).
pub fn parse_card(text: &str) -> Result<Card, String> {
    serde_json::from_str(text).map_err(|e| format!("the edited card cannot be read: {e}"))
}

/// The tags of `card` the author (or learner) wrote: without the exam and domain tags loading
/// adds for its competencies (`cka`, `cka.storage`).
pub fn own_tags(card: &Card) -> Vec<String> {
    let mut derived = Vec::new();
    super::pack::exam_tags(&mut derived, &card.competencies);
    card.tags
        .iter()
        .filter(|t| !derived.contains(t))
        .cloned()
        .collect()
}

/// `tags` with the exam and domain tags of `competencies` added, as loading a pack adds them.
pub fn with_exam_tags(mut tags: Vec<String>, competencies: &[String]) -> Vec<String> {
    super::pack::exam_tags(&mut tags, competencies);
    tags
}

/// The pack's own card `item`, if it has one.
pub fn pack_card<'p>(pack: &'p Pack, item: &ItemId) -> Option<&'p Card> {
    pack.cards.iter().find(|c| &c.id == item)
}

/// What is wrong with `card` as a card of `pack`, by `check`'s rules for a card (its text, its
/// answer, its distractors and the form of its options, its glossary links, its tags). Empty when
/// it may be saved. Linear in the card's size and the pack's glossary.
pub fn check_card(pack: &Pack, card: &Card) -> Vec<String> {
    let terms: HashSet<&str> = pack.glossary.iter().map(|t| t.id.as_str()).collect();
    check_card_terms(&terms, card)
}

/// As [`check_card`], for a card of a pack whose glossary has the term ids `terms`.
pub fn check_card_terms(terms: &HashSet<&str>, card: &Card) -> Vec<String> {
    // The tags loading derived are not the learner's to check (they are not kebab-case).
    let card = &Card {
        tags: own_tags(card),
        ..card.clone()
    };
    let content = Content {
        cards: vec![card.clone()],
        ..Content::default()
    };
    // The text is only there to place problems; they are shown by field, not by line.
    let files = [SourceFile::new(
        "your edit".to_owned(),
        serde_json::to_string(&content).unwrap_or_default(),
    )];
    let mut report = Reporter::new(&files);
    super::validate_items::card_checks(
        card,
        0,
        &[Step::Field("cards"), Step::Index(0)],
        terms,
        &mut report,
    );
    report
        .finish()
        .listed
        .into_iter()
        .map(|p| p.message)
        .collect()
}

impl Library {
    /// The library with `edits` in place of the packs' own cards: each (pack, card) replaces the
    /// card with the same id. An edit of a pack or card the library does not have is left out.
    /// Packs keep their order, so pack indexes stay valid.
    #[must_use]
    pub fn with_card_edits(&self, edits: &[(PackId, Card)]) -> Self {
        let mut by_pack: HashMap<&PackId, HashMap<&ItemId, &Card>> = HashMap::new();
        for (pack, card) in edits {
            by_pack.entry(pack).or_default().insert(&card.id, card);
        }
        let packs = self
            .packs()
            .iter()
            .map(|pack| match by_pack.get(pack.id()) {
                None => Arc::clone(pack),
                Some(cards) => {
                    let mut edited = Pack::clone(pack);
                    for card in &mut edited.cards {
                        // A cloze card is several items: an edit of one stays one.
                        if let Some(new) = cards
                            .get(&card.id)
                            .filter(|new| !matches!(new.answer, Answer::Cloze))
                        {
                            *card = Card::clone(new);
                        }
                    }
                    Arc::new(edited)
                }
            })
            .collect();
        Self::from_packs(packs)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::pack::Answer;

    fn library() -> Library {
        Library::builtin().0
    }

    /// The first card of the first pack of `library` that has cards (tests across modules).
    pub(crate) fn some_card(library: &Library) -> (PackId, Card) {
        let pack = library
            .packs()
            .iter()
            .find(|p| !p.cards.is_empty())
            .unwrap();
        (pack.id().clone(), pack.cards[0].clone())
    }

    #[test]
    fn the_stored_text_reads_back_as_the_same_card() {
        let (_, card) = some_card(&library());
        assert_eq!(parse_card(&card_text(&card)).unwrap(), card);
        assert!(
            parse_card("{\"id\": 3}")
                .unwrap_err()
                .contains("cannot be read")
        );
    }

    #[test]
    fn an_edit_replaces_only_its_card_and_keeps_pack_order() {
        let library = library();
        let (pack, mut card) = some_card(&library);
        card.front = "My own words?".to_owned();
        let edited = library.with_card_edits(&[
            (pack.clone(), card.clone()),
            (PackId("no-such-pack".into()), card.clone()),
        ]);
        let ids = |l: &Library| l.packs().iter().map(|p| p.id().clone()).collect::<Vec<_>>();
        assert_eq!(ids(&edited), ids(&library));
        let now = edited.get(&pack).unwrap();
        assert_eq!(pack_card(now, &card.id).unwrap().front, "My own words?");
        let before = library.get(&pack).unwrap();
        assert_eq!(now.cards.len(), before.cards.len());
        assert_eq!(now.cards[1..], before.cards[1..]);
    }

    #[test]
    fn an_edit_is_held_to_checks_rules() {
        let library = library();
        let (pack, mut card) = some_card(&library);
        let pack = library.get(&pack).unwrap();
        assert_eq!(check_card(pack, &card), Vec::<String>::new());
        card.front = "  ".to_owned();
        card.terms.push(ItemId("no-such-term".into()));
        let problems = check_card(pack, &card);
        assert!(
            problems.iter().any(|p| p == "front is empty"),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`no-such-term` is not a glossary term")),
            "{problems:?}"
        );
        // A distractor the answer gives away by its length is refused, as `check` refuses it.
        card.front = "Which one?".to_owned();
        card.terms.clear();
        card.answer = Answer::Text("a much much longer right answer than the others".into());
        card.distractors = vec!["no".into(), "nope".into(), "never".into()];
        assert!(!check_card(pack, &card).is_empty());
    }
}
