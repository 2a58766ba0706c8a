//! Editing a card (`E` in review): the form's state, from the card as shown to the card to save,
//! checked by `check`'s rules as the learner types. No UI and no storage here: the app's reducer
//! saves through the engine ([`crate::study::Engine::save_card_edit`]).

use crate::pack::edit::{check_card_terms, own_tags, with_exam_tags};
use crate::pack::{Answer, Card, Pack, PackId};
use crate::study::edits::EditState;

/// Longest text one field of the form keeps (characters); more is cut off as it is typed or
/// pasted, so a paste of a whole file cannot make every frame slow.
pub const MAX_FIELD_CHARS: usize = 20_000;

/// How the answer is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    /// Free text.
    Text,
    /// Steps in order, one per line.
    Ordered,
    /// Items in any order, one per line.
    Set,
    /// The question hides its answers: `{{c1::…}}`, one item per number (new cards only: an
    /// existing card is one item, and a cloze card is several).
    Cloze,
}

impl AnswerKind {
    /// The kinds, in the order the form offers them.
    pub const ALL: [Self; 4] = [Self::Text, Self::Ordered, Self::Set, Self::Cloze];

    /// The kinds the form offers: a new card may be a cloze card, an edit keeps it one item.
    pub fn offered(is_new: bool) -> &'static [Self] {
        if is_new {
            &Self::ALL
        } else {
            &[Self::Text, Self::Ordered, Self::Set]
        }
    }

    /// Its name in the form.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "Text",
            Self::Ordered => "Steps in order",
            Self::Set => "Items in any order",
            Self::Cloze => "Cloze",
        }
    }
}

/// A text field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The question.
    Front,
    /// The answer (one line per step or item for lists).
    Answer,
    /// Wrong options, one per line.
    Distractors,
    /// The explanation shown after the answer.
    Explanation,
    /// Tags, separated by spaces or commas.
    Tags,
}

/// The edit form of one card.
#[derive(Debug, Clone)]
pub struct CardEditor {
    /// The card's pack.
    pub pack: PackId,
    /// The question.
    pub front: String,
    /// How the answer is written.
    pub kind: AnswerKind,
    /// The answer: the text, or one step or item per line.
    pub answer: String,
    /// Wrong options, one per line.
    pub distractors: String,
    /// Shown after the answer; empty for none.
    pub explanation: String,
    /// Tags, separated by spaces or commas.
    pub tags: String,
    /// Also asked from the answer back to the question (a text answer only).
    pub reverse: bool,
    /// The glossary terms (of the card's pack) it tests.
    pub terms: Vec<crate::pack::ItemId>,
    /// The exam competencies it teaches (blueprint ids).
    pub competencies: Vec<String>,
    /// The card as it was opened (what it keeps: id, glossary links, competencies, source).
    opened: Card,
    /// The pack's own text of the card, when the learner has an edit in force.
    pub pack_card: Option<Card>,
    /// The edit in force, if any.
    pub state: Option<EditState>,
    /// What `check` says of the card as the form has it; empty when it may be saved.
    pub problems: Vec<String>,
    /// A new card for the learner's own pack (Ctrl+N), not an edit of a pack's card.
    pub is_new: bool,
}

fn lines(items: &[String]) -> String {
    items.join("\n")
}

fn from_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Takes `item` out of `list` if it is there, else adds it at the end.
fn toggle<T: PartialEq>(list: &mut Vec<T>, item: T) {
    match list.iter().position(|x| *x == item) {
        Some(at) => {
            list.remove(at);
        }
        None => list.push(item),
    }
}

fn cut(mut text: String) -> String {
    if let Some((at, _)) = text.char_indices().nth(MAX_FIELD_CHARS) {
        text.truncate(at);
    }
    text
}

impl CardEditor {
    /// The form over `card` (as the learner sees it) of `pack`; `pack_card` is the pack's own
    /// text when an edit is in force (`state`).
    pub fn open(
        pack: &Pack,
        card: &Card,
        pack_card: Option<Card>,
        state: Option<EditState>,
    ) -> Self {
        let (kind, answer) = match &card.answer {
            Answer::Text(text) => (AnswerKind::Text, text.clone()),
            Answer::Ordered(steps) => (AnswerKind::Ordered, lines(steps)),
            Answer::Set(items) => (AnswerKind::Set, lines(items)),
            Answer::Cloze => (AnswerKind::Cloze, String::new()),
        };
        let mut editor = Self {
            pack: pack.id().clone(),
            front: card.front.clone(),
            kind,
            answer,
            distractors: lines(&card.distractors),
            explanation: card.explanation.clone().unwrap_or_default(),
            tags: own_tags(card).join(" "),
            reverse: card.reverse,
            terms: card.terms.clone(),
            competencies: card.competencies.clone(),
            opened: card.clone(),
            pack_card,
            state,
            problems: Vec::new(),
            is_new: false,
        };
        editor.check(Some(pack));
        editor
    }

    /// An empty form for a new card of the learner's own pack `pack` (`existing`: that pack,
    /// once it exists).
    pub fn blank(pack: PackId, existing: Option<&Pack>) -> Self {
        let card = Card {
            id: crate::pack::ItemId("new-card".to_owned()),
            front: String::new(),
            answer: Answer::Text(String::new()),
            distractors: Vec::new(),
            explanation: None,
            terms: Vec::new(),
            tags: Vec::new(),
            competencies: Vec::new(),
            source: None,
            reverse: false,
            siblings: Vec::new(),
            image: None,
            answer_image: None,
        };
        let mut editor = Self {
            pack,
            front: String::new(),
            kind: AnswerKind::Text,
            answer: String::new(),
            distractors: String::new(),
            explanation: String::new(),
            tags: String::new(),
            reverse: false,
            terms: Vec::new(),
            competencies: Vec::new(),
            opened: card,
            pack_card: None,
            state: None,
            problems: Vec::new(),
            is_new: true,
        };
        editor.check(existing);
        editor
    }

    /// Sets `field` to `text` (cut at [`MAX_FIELD_CHARS`]) and checks the card again.
    pub fn set(&mut self, pack: Option<&Pack>, field: Field, text: String) {
        let text = cut(text);
        match field {
            Field::Front => self.front = text,
            Field::Answer => self.answer = text,
            Field::Distractors => self.distractors = text,
            Field::Explanation => self.explanation = text,
            Field::Tags => self.tags = text,
        }
        self.check(pack);
    }

    /// Writes the answer as `kind` (a text becomes one line; a list keeps its lines).
    pub fn set_kind(&mut self, pack: Option<&Pack>, kind: AnswerKind) {
        if AnswerKind::offered(self.is_new).contains(&kind) {
            self.kind = kind;
        }
        self.check(pack);
    }

    /// Links the card to glossary term `id` of its pack, or unlinks it when it is linked.
    pub fn toggle_term(&mut self, pack: Option<&Pack>, id: crate::pack::ItemId) {
        toggle(&mut self.terms, id);
        self.check(pack);
    }

    /// Tags the card with exam competency `id`, or untags it when it has it.
    pub fn toggle_competency(&mut self, pack: Option<&Pack>, id: String) {
        toggle(&mut self.competencies, id);
        self.check(pack);
    }

    /// Whether the card is also asked from its answer back to its question.
    pub fn set_reverse(&mut self, pack: Option<&Pack>, reverse: bool) {
        self.reverse = reverse;
        self.check(pack);
    }

    /// The card the form describes.
    pub fn card(&self) -> Card {
        let answer = match self.kind {
            AnswerKind::Text => Answer::Text(self.answer.trim().to_owned()),
            AnswerKind::Ordered => Answer::Ordered(from_lines(&self.answer)),
            AnswerKind::Set => Answer::Set(from_lines(&self.answer)),
            AnswerKind::Cloze => Answer::Cloze,
        };
        let explanation = self.explanation.trim();
        Card {
            front: self.front.trim().to_owned(),
            answer,
            // A cloze card's deletions are recalled; the form hides its wrong options.
            distractors: if self.kind == AnswerKind::Cloze {
                Vec::new()
            } else {
                from_lines(&self.distractors)
            },
            reverse: self.reverse && self.kind == AnswerKind::Text,
            explanation: (!explanation.is_empty()).then(|| explanation.to_owned()),
            tags: with_exam_tags(
                self.tags
                    .split(|c: char| c.is_whitespace() || c == ',')
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect(),
                &self.competencies,
            ),
            terms: self.terms.clone(),
            competencies: self.competencies.clone(),
            ..self.opened.clone()
        }
    }

    /// Whether the form differs from the card as it was opened.
    pub fn changed(&self) -> bool {
        self.card() != self.opened
    }

    /// The item's key.
    pub fn key(&self) -> crate::progress::ItemKey {
        crate::progress::ItemKey::new(self.pack.as_str(), self.opened.id.as_str())
    }

    /// Checks the card as a card of `pack` (its glossary links); a pack not made yet has none.
    fn check(&mut self, pack: Option<&Pack>) {
        let terms: std::collections::HashSet<&str> = pack
            .map(|p| p.glossary.iter().map(|t| t.id.as_str()).collect())
            .unwrap_or_default();
        self.problems = check_card_terms(&terms, &self.card());
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::pack::Library;

    fn pack_and_card(kind: fn(&Card) -> bool) -> (std::sync::Arc<Pack>, Card) {
        let library = Library::builtin().0;
        for pack in library.packs() {
            if let Some(card) = pack.cards.iter().find(|c| kind(c)) {
                return (std::sync::Arc::clone(pack), card.clone());
            }
        }
        panic!("no such card in the built-in packs");
    }

    #[test]
    fn opening_and_saving_unchanged_gives_the_same_card() {
        for kind in [
            (|c: &Card| matches!(c.answer, Answer::Text(_)) && !c.distractors.is_empty())
                as fn(&Card) -> bool,
            |c| matches!(c.answer, Answer::Ordered(_)),
            |c| matches!(c.answer, Answer::Set(_)) && c.explanation.is_some(),
        ] {
            let (pack, card) = pack_and_card(kind);
            let editor = CardEditor::open(&pack, &card, None, None);
            assert_eq!(editor.card(), card);
            assert!(!editor.changed());
            assert!(editor.problems.is_empty(), "{:?}", editor.problems);
        }
    }

    #[test]
    fn fields_become_the_card_and_are_checked_as_typed() {
        let (pack, card) = pack_and_card(|c| matches!(c.answer, Answer::Text(_)));
        let mut editor = CardEditor::open(&pack, &card, None, None);
        editor.set(Some(pack.as_ref()), Field::Front, "   ".into());
        assert!(
            editor.problems.iter().any(|p| p == "front is empty"),
            "{:?}",
            editor.problems
        );
        editor.set(
            Some(pack.as_ref()),
            Field::Front,
            "  What starts first?  ".into(),
        );
        editor.set_kind(Some(pack.as_ref()), AnswerKind::Ordered);
        editor.set(
            Some(pack.as_ref()),
            Field::Answer,
            "etcd\n\n kube-apiserver \n".into(),
        );
        editor.set(
            Some(pack.as_ref()),
            Field::Tags,
            "mine, later  again".into(),
        );
        editor.set(Some(pack.as_ref()), Field::Explanation, "  ".into());
        let made = editor.card();
        assert_eq!(made.front, "What starts first?");
        assert_eq!(
            made.answer,
            Answer::Ordered(vec!["etcd".into(), "kube-apiserver".into()])
        );
        // The learner's tags, then the exam and domain tags its competencies give (not shown
        // in the form, never lost).
        assert_eq!(made.tags[..3], ["mine", "later", "again"]);
        assert_eq!(own_tags(&made), ["mine", "later", "again"]);
        assert!(!editor.tags.contains('.'), "{}", editor.tags);
        assert_eq!(made.tags.len(), 3 + card.tags.len() - own_tags(&card).len());
        assert_eq!(made.explanation, None);
        assert_eq!(
            (made.id.clone(), made.terms.clone()),
            (card.id.clone(), card.terms.clone())
        );
        assert!(editor.changed());
    }

    #[test]
    fn a_huge_paste_is_cut_to_the_field_limit() {
        let (pack, card) = pack_and_card(|_| true);
        let mut editor = CardEditor::open(&pack, &card, None, None);
        editor.set(
            Some(pack.as_ref()),
            Field::Explanation,
            "\u{e9}".repeat(MAX_FIELD_CHARS + 50),
        );
        assert_eq!(editor.explanation.chars().count(), MAX_FIELD_CHARS);
    }
}
