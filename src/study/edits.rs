//! The learner's edits of pack cards, between the store (which keeps them as text) and the
//! library (which shows them): [`Engine::edited_library`] lays every edit over the packs as
//! loaded, and says which edits the pack's own text has moved under since.

use std::collections::HashMap;

use super::Engine;
use super::clock::Timestamp;
use crate::pack::edit::{card_text, pack_card, parse_card};
use crate::pack::{Card, ItemId, Library, PackId};
use crate::progress::{ItemKey, Override, Result};

/// What the learner should know about one edited card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditState {
    /// When it was last edited.
    pub edited: Timestamp,
    /// Whether the pack's own text of the card is no longer the one the edit was made from (a
    /// pack update changed it); the edit stays in force until reverted.
    pub pack_changed: bool,
}

/// The library as the learner studies it.
#[derive(Debug, Default)]
pub struct Edited {
    /// The packs, with the learner's edits in place.
    pub library: Library,
    /// Every edit in force, by item.
    pub edits: HashMap<ItemKey, EditState>,
    /// Edits of cards the packs no longer have (the pack was removed, or the card left it):
    /// kept, and listed by the browser until the learner drops them.
    pub orphans: Vec<(ItemKey, Card, EditState)>,
    /// Edits that could not be used, each said in one line (the pack's card stands).
    pub unusable: Vec<String>,
}

impl Engine {
    /// `pristine` (the packs as loaded) with every stored edit laid over it. An edit of a card
    /// the packs no longer have stays stored and listed ([`Edited::orphans`]), and comes back
    /// into force with the card.
    pub fn edited_library(&self, pristine: &Library) -> Result<Edited> {
        let mut cards = Vec::new();
        let mut edited = Edited::default();
        for over in self.store().overrides()? {
            let pack_id = PackId(over.key.pack.clone());
            let Some(own) = pristine
                .get(&pack_id)
                .and_then(|p| pack_card(p, &ItemId(over.key.item.clone())))
            else {
                match parse_card(&over.body) {
                    Ok(card) => {
                        let state = EditState {
                            edited: over.edited,
                            pack_changed: true,
                        };
                        edited.orphans.push((over.key, card, state));
                    }
                    Err(why) => edited.unusable.push(format!(
                        "Your edit of {}/{}: {why}; it is kept as it is.",
                        over.key.pack, over.key.item
                    )),
                }
                continue;
            };
            match parse_card(&over.body) {
                Ok(card) if card.id == own.id => {
                    let state = EditState {
                        edited: over.edited,
                        pack_changed: card_text(own) != over.base,
                    };
                    edited.edits.insert(over.key.clone(), state);
                    cards.push((pack_id, card));
                }
                Ok(_) => edited.unusable.push(format!(
                    "Your edit of {}/{} names another card; the pack's text is shown.",
                    over.key.pack, over.key.item
                )),
                Err(why) => edited.unusable.push(format!(
                    "Your edit of {}/{}: {why}; the pack's text is shown.",
                    over.key.pack, over.key.item
                )),
            }
        }
        edited.library = pristine.with_card_edits(&cards);
        Ok(edited)
    }

    /// Keeps `card` as the learner's text of its card in `pack` (of `pristine`, the packs as
    /// loaded), or drops the edit when `card` is the pack's own text again. Committed before it
    /// returns; gives the override it replaced, for undo.
    pub fn save_card_edit(
        &mut self,
        pristine: &Library,
        pack: &PackId,
        card: &Card,
        now: Timestamp,
    ) -> Result<Option<Override>> {
        let key = ItemKey::new(pack.as_str(), card.id.as_str());
        let own = pristine.get(pack).and_then(|p| pack_card(p, &card.id));
        let over = match own {
            Some(own) if own == card => None,
            own => Some(Override {
                key: key.clone(),
                body: card_text(card),
                base: own.map(card_text).unwrap_or_default(),
                edited: now,
            }),
        };
        self.set_override(&key, over.as_ref())
    }

    /// Puts `over` back as `key`'s override (none: the pack's text); gives the one it replaced.
    pub fn set_override(
        &mut self,
        key: &ItemKey,
        over: Option<&Override>,
    ) -> Result<Option<Override>> {
        self.store_mut().set_override(key, over)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::progress::Store;
    use crate::progress::settings::Settings;

    fn engine() -> (tempfile::TempDir, Engine) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, Engine::new(store, Settings::default()).unwrap())
    }

    use crate::pack::edit::tests::some_card as first_card;

    #[test]
    fn an_edit_is_laid_over_the_pack_and_reverting_it_gives_the_packs_text() {
        let (_dir, mut engine) = engine();
        let pristine = Library::builtin().0;
        let (pack, own) = first_card(&pristine);
        let mine = Card {
            front: "In my words?".into(),
            ..own.clone()
        };
        assert_eq!(
            engine
                .save_card_edit(&pristine, &pack, &mine, Timestamp(9))
                .unwrap(),
            None
        );
        let edited = engine.edited_library(&pristine).unwrap();
        let key = ItemKey::new(pack.as_str(), own.id.as_str());
        assert_eq!(
            edited.edits.get(&key),
            Some(&EditState {
                edited: Timestamp(9),
                pack_changed: false
            })
        );
        let shown = pack_card(edited.library.get(&pack).unwrap(), &own.id).unwrap();
        assert_eq!(shown.front, "In my words?");
        // Saving the pack's own text again is a revert: nothing stays stored.
        let before = engine
            .save_card_edit(&pristine, &pack, &own, Timestamp(10))
            .unwrap();
        assert_eq!(before.map(|o| o.edited), Some(Timestamp(9)));
        assert!(engine.store().overrides().unwrap().is_empty());
        assert!(engine.edited_library(&pristine).unwrap().edits.is_empty());
    }

    #[test]
    fn a_pack_update_under_an_edit_keeps_the_edit_and_says_so() {
        let (_dir, mut engine) = engine();
        let pristine = Library::builtin().0;
        let (pack, own) = first_card(&pristine);
        let mine = Card {
            explanation: Some("My note.".into()),
            ..own.clone()
        };
        engine
            .save_card_edit(&pristine, &pack, &mine, Timestamp(1))
            .unwrap();
        // The next version of the pack rewords the card.
        let updated = pristine.with_card_edits(&[(
            pack.clone(),
            Card {
                front: format!("{} (reworded)", own.front),
                ..own.clone()
            },
        )]);
        let edited = engine.edited_library(&updated).unwrap();
        let key = ItemKey::new(pack.as_str(), own.id.as_str());
        assert!(edited.edits[&key].pack_changed);
        let shown = pack_card(edited.library.get(&pack).unwrap(), &own.id).unwrap();
        assert_eq!(shown, &mine);
    }

    #[test]
    fn an_edit_of_a_card_the_packs_no_longer_have_is_kept_and_listed() {
        let (_dir, mut engine) = engine();
        let pristine = Library::builtin().0;
        let (pack, own) = first_card(&pristine);
        let mine = Card {
            front: "Mine?".into(),
            ..own.clone()
        };
        engine
            .save_card_edit(&pristine, &pack, &mine, Timestamp(3))
            .unwrap();
        let without = Library::default();
        let edited = engine.edited_library(&without).unwrap();
        assert!(edited.edits.is_empty());
        assert_eq!(edited.orphans.len(), 1);
        assert_eq!(edited.orphans[0].1, mine);
        // The pack comes back: so does the edit.
        let back = engine.edited_library(&pristine).unwrap();
        assert!(back.orphans.is_empty());
        assert_eq!(back.edits.len(), 1);
    }

    #[test]
    fn an_unreadable_edit_is_reported_and_the_pack_text_stands() {
        let (_dir, mut engine) = engine();
        let pristine = Library::builtin().0;
        let (pack, own) = first_card(&pristine);
        let key = ItemKey::new(pack.as_str(), own.id.as_str());
        let broken = Override {
            key: key.clone(),
            body: "{not json".into(),
            base: String::new(),
            edited: Timestamp(1),
        };
        engine.set_override(&key, Some(&broken)).unwrap();
        let edited = engine.edited_library(&pristine).unwrap();
        assert!(edited.edits.is_empty());
        assert_eq!(edited.unusable.len(), 1, "{:?}", edited.unusable);
        assert!(edited.unusable[0].contains(own.id.as_str()));
        let shown = pack_card(edited.library.get(&pack).unwrap(), &own.id).unwrap();
        assert_eq!(shown, &own);
    }
}
