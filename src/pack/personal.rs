//! "My cards": the learner's own pack, an ordinary installed pack folder (`packs/my-cards/`)
//! created on the first card added, so it is studied, checked, exported and shared like any
//! other. Adding a card rewrites its `cards.ron` atomically under the packs lock.

use std::collections::HashSet;
use std::path::PathBuf;

use super::edit::own_tags;
use super::installed::PacksLock;
use super::load::load;
use super::model::{Card, Content, ItemId};
use super::source::PackSource;

/// The personal pack's id (and folder name).
pub const MY_CARDS: &str = "my-cards";
/// Its content file.
const CARDS_FILE: &str = "cards.ron";
/// Most cards it may hold (a pack file may have 32 MiB; this keeps well under).
pub const MAX_MY_CARDS: usize = 50_000;

/// The manifest of a new personal pack.
fn manifest() -> String {
    format!(
        "// Your own cards, written in kubestudy (Ctrl+N). Edit them there or here; `kubestudy \
         check` checks them.\n(\n    id: \"{MY_CARDS}\",\n    version: \"1.0.0\",\n    title: \
         \"My cards\",\n    summary: \"Cards I wrote myself.\",\n    language: \"en\",\n    \
         license: \"CC-BY-4.0\",\n    authors: [\"Me\"],\n    kubernetes: \"1.35\",\n    include: \
         [\"{CARDS_FILE}\"],\n)\n"
    )
}

/// A kebab-case id for a card asking `front`, not among `taken`: its first words, then a number
/// when needed.
pub fn card_id(front: &str, taken: &HashSet<&str>) -> ItemId {
    let words: Vec<String> = front
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_ascii_lowercase)
        .collect();
    let base = if words.is_empty() {
        "card".to_owned()
    } else {
        let mut base = words.join("-");
        base.truncate(48);
        base.trim_end_matches('-').to_owned()
    };
    if !taken.contains(base.as_str()) {
        return ItemId(base);
    }
    let n = (2..)
        .find(|n| !taken.contains(format!("{base}-{n}").as_str()))
        .unwrap_or(2);
    ItemId(format!("{base}-{n}"))
}

/// The cards of `dir`'s cards file as written (none when there is no such file yet).
fn written_cards(dir: &std::path::Path) -> Result<Vec<Card>, String> {
    let path = dir.join(CARDS_FILE);
    let text = match crate::files::read_text_bounded(&path, super::source::MAX_TEXT_BYTES) {
        Ok(Ok(text)) => text,
        Ok(Err(at)) => return Err(format!("{}: not UTF-8 at byte {at}", path.display())),
        Err(crate::files::ReadError::NotFound) => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {}", path.display(), e.describe())),
    };
    super::parse::parse_ron::<Content>(&text)
        .map(|c| c.cards)
        .map_err(|e| format!("{}:{}:{}: {}", path.display(), e.line, e.col, e.message))
}

/// Adds `card` to the personal pack in the locked packs folder (creating the pack first),
/// giving it an id of its own; returns the id. The card should have passed
/// [`super::edit::check_card_terms`]; the pack's other cards are kept as they are.
pub fn add_card(lock: &PacksLock, card: &Card) -> Result<ItemId, String> {
    let dir: PathBuf = lock.dir().join(MY_CARDS);
    let mut cards: Vec<Card> = Vec::new();
    if dir.join("pack.ron").exists() {
        let report = load(&PackSource::Dir(dir.clone()));
        let pack = report.pack.ok_or_else(|| {
            let why = report
                .problems
                .first()
                .map_or_else(String::new, |p| format!(": {p}"));
            format!("{} cannot be read{why}", dir.display())
        })?;
        if pack.id().as_str() != MY_CARDS {
            return Err(format!(
                "{} holds the pack `{}`, not your cards; move it away first",
                dir.display(),
                pack.id()
            ));
        }
        // The cards as written (a cloze card is one), not as asked (one per deletion).
        cards = written_cards(&dir)?
            .into_iter()
            .map(|c| Card {
                tags: own_tags(&c),
                ..c
            })
            .collect();
        let mut budget = super::cloze::MAX_EXPANDED_BYTES;
        let asked: usize = cards
            .iter()
            .map(|c| super::cloze::expand(c.clone(), &mut budget).len())
            .sum();
        if asked != pack.cards.len() {
            return Err(format!(
                "{} has cards outside {CARDS_FILE} (edited by hand?); add this one there",
                dir.display()
            ));
        }
    } else {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    if cards.len() >= MAX_MY_CARDS {
        return Err(format!(
            "your pack holds {MAX_MY_CARDS} cards, the most it may; start another pack"
        ));
    }
    let taken: HashSet<&str> = cards.iter().map(|c| c.id.as_str()).collect();
    let id = card_id(&card.front, &taken);
    cards.push(Card {
        id: id.clone(),
        tags: own_tags(card),
        ..card.clone()
    });
    write_cards(&dir, cards)?;
    Ok(id)
}

/// The learner's own cards as written in `packs_dir`'s personal pack (none without one).
///
/// # Errors
/// Why the cards file cannot be read.
pub fn my_cards(packs_dir: &std::path::Path) -> Result<Vec<Card>, String> {
    written_cards(&packs_dir.join(MY_CARDS))
}

/// Puts each `(id, card)` of `changes` in the personal pack of the locked packs folder: a card
/// replaces the one with its id (or joins the pack), `None` takes it out. A picture that is not
/// in this pack's folder is left off the card (pictures do not travel with sync). Creates the
/// pack when it has none yet.
///
/// # Errors
/// Why the pack cannot be read or written; nothing is changed then.
pub fn put_cards(lock: &PacksLock, changes: &[(String, Option<Card>)]) -> Result<(), String> {
    let dir: PathBuf = lock.dir().join(MY_CARDS);
    if dir.join("pack.ron").exists() {
        let report = load(&PackSource::Dir(dir.clone()));
        if let Some(pack) = report.pack
            && pack.id().as_str() != MY_CARDS
        {
            return Err(format!(
                "{} holds the pack `{}`, not your cards; move it away first",
                dir.display(),
                pack.id()
            ));
        }
    }
    let mut cards = written_cards(&dir)?;
    for (id, card) in changes {
        let at = cards.iter().position(|c| c.id.as_str() == id);
        match (at, card) {
            (Some(at), Some(card)) => {
                if let Some(slot) = cards.get_mut(at) {
                    *slot = with_own_pictures(&dir, card);
                }
            }
            (None, Some(card)) => cards.push(with_own_pictures(&dir, card)),
            (Some(at), None) => {
                cards.remove(at);
            }
            (None, None) => {}
        }
    }
    if cards.len() > MAX_MY_CARDS {
        return Err(format!(
            "your pack would hold more than {MAX_MY_CARDS} cards"
        ));
    }
    let path = dir.join(CARDS_FILE);
    if cards.is_empty() {
        // A pack must hold something: with its last card gone, the pack goes (the cards'
        // progress stays in the store, as for any pack removed).
        for file in [path.clone(), dir.join("pack.ron")] {
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(format!("{}: {e}", file.display())),
            }
        }
        let _ = std::fs::remove_dir(&dir);
        return Ok(());
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let before = std::fs::read(&path).ok();
    let had_manifest = dir.join("pack.ron").exists();
    write_cards(&dir, cards)?;
    // A card the pack would refuse (a damaged or hostile one) must not cost the learner the
    // rest of their pack: the file goes back as it was.
    let report = load(&PackSource::Dir(dir.clone()));
    if let Some(problem) = report.problems.first() {
        let restored = match &before {
            Some(bytes) => crate::files::write_atomic(&path, bytes),
            None if had_manifest => std::fs::remove_file(&path),
            None => std::fs::remove_file(&path)
                .and_then(|()| std::fs::remove_file(dir.join("pack.ron")))
                .map(|()| {
                    // Only if nothing else is in it.
                    let _ = std::fs::remove_dir(&dir);
                }),
        };
        if let Err(e) = restored {
            return Err(format!("{}: {e}", path.display()));
        }
        return Err(format!(
            "your cards from another device were not taken: {problem}"
        ));
    }
    Ok(())
}

/// `card` without the pictures `dir` does not have.
fn with_own_pictures(dir: &std::path::Path, card: &Card) -> Card {
    let here = |rel: &Option<String>| {
        rel.clone()
            .filter(|r| !r.contains("..") && dir.join(r).is_file())
    };
    Card {
        image: here(&card.image),
        answer_image: here(&card.answer_image),
        ..card.clone()
    }
}

/// Writes `cards` as the personal pack in `dir` (its manifest first, when it has none).
fn write_cards(dir: &std::path::Path, cards: Vec<Card>) -> Result<(), String> {
    let content = Content {
        cards,
        ..Content::default()
    };
    let text = ron::ser::to_string_pretty(&content, ron::ser::PrettyConfig::default())
        .map_err(|e| format!("your cards could not be written: {e}"))?;
    let manifest_path = dir.join("pack.ron");
    if !manifest_path.exists() {
        crate::files::write_atomic(&manifest_path, manifest().as_bytes())
            .map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    }
    let path = dir.join(CARDS_FILE);
    crate::files::write_atomic(&path, text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::pack::Answer;

    fn card(front: &str) -> Card {
        Card {
            id: ItemId("new".into()),
            front: front.into(),
            answer: Answer::Set(vec!["requests".into(), "limits".into()]),
            distractors: Vec::new(),
            explanation: Some("Both are per container, with \"quotes\" and a\nnew line.".into()),
            terms: Vec::new(),
            tags: vec!["mine".into()],
            competencies: vec!["cka.workloads.autoscaling".into()],
            source: None,
            reverse: false,
            siblings: Vec::new(),
            image: None,
            answer_image: None,
        }
    }

    #[test]
    fn ids_come_from_the_question_and_never_repeat() {
        let taken: HashSet<&str> = ["what-does-a-pod-share", "what-does-a-pod-share-2"].into();
        assert_eq!(
            card_id("What does a Pod share?", &taken).0,
            "what-does-a-pod-share-3"
        );
        assert_eq!(card_id("¿¡!", &HashSet::new()).0, "card");
        assert!(crate::pack::validate::is_kebab(
            &card_id(
                "A very long question with many words in it",
                &HashSet::new()
            )
            .0
        ));
    }

    #[test]
    fn the_first_card_makes_the_pack_and_the_next_ones_join_it_all_checking_clean() {
        let packs = tempfile::tempdir().unwrap();
        let lock = PacksLock::acquire(packs.path(), std::time::Duration::ZERO).unwrap();
        let first = add_card(&lock, &card("What can a container set for CPU?")).unwrap();
        let second = add_card(&lock, &card("What can a container set for CPU?")).unwrap();
        assert_ne!(first, second);
        let report = load(&PackSource::Dir(packs.path().join(MY_CARDS)));
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let pack = report.pack.unwrap();
        assert_eq!(pack.id().as_str(), MY_CARDS);
        assert_eq!(pack.cards.len(), 2);
        assert_eq!(pack.cards[0].explanation, card("").explanation);
        // The exam tags loading derives are not written into the file.
        let text = std::fs::read_to_string(packs.path().join(MY_CARDS).join(CARDS_FILE)).unwrap();
        assert!(!text.contains("\"cka.workloads\""), "{text}");
        assert!(pack.cards[0].tags.contains(&"cka".to_owned()));
    }

    #[test]
    fn a_folder_holding_another_pack_is_not_overwritten() {
        let packs = tempfile::tempdir().unwrap();
        let dir = packs.path().join(MY_CARDS);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("pack.ron"),
            "(id: \"someone-else\", version: \"1.0.0\", title: \"T\", summary: \"S.\", language: \"en\", license: \"CC0-1.0\", authors: [\"A\"], kubernetes: \"1.35\", cards: [(id: \"a\", front: \"Q?\", answer: Text(\"A\"))])",
        )
        .unwrap();
        let lock = PacksLock::acquire(packs.path(), std::time::Duration::ZERO).unwrap();
        let err = add_card(&lock, &card("Q?")).unwrap_err();
        assert!(err.contains("someone-else"), "{err}");
    }
}
