//! The reducer's part for the learner's edits of cards: opening the form on the card showing,
//! saving and reverting through the engine, and laying the edits over the packs as loaded.

use std::sync::Arc;

use super::{App, Screen};
use crate::modes::card_edit::CardEditor;
use crate::modes::glossary::GlossaryIndex;
use crate::pack::PackId;
use crate::pack::edit::pack_card;
use crate::ui::EditAction;

impl App {
    /// Adds the form's new card to the learner's own pack, reloads the packs and says so; on
    /// failure the form stays open with what was typed.
    fn add_own_card(&mut self) {
        let Some(editor) = self.editor.as_deref() else {
            return;
        };
        let Some(dir) = self.packs_dir.clone() else {
            self.notice = Some(
                "There is no data folder to keep your cards in; set KUBESTUDY_HOME.".to_owned(),
            );
            return;
        };
        let card = editor.card();
        let added =
            crate::pack::installed::PacksLock::acquire(&dir, crate::pack::installed::LOCK_WAIT)
                .and_then(|lock| crate::pack::personal::add_card(&lock, &card));
        match added {
            Ok(_) => {
                self.editor = None;
                self.reload_library();
                self.notice = Some(
                    "Added to My cards: it is new, and comes up in Study now (Ctrl+N adds another)"
                        .to_owned(),
                );
                self.refresh_browser();
            }
            Err(e) => self.notice = Some(format!("The card was not added: {e}")),
        }
    }

    /// Lays the learner's edits over the packs as loaded (`self.pristine`); every screen then
    /// shows the edited cards. A review under way shows its card in its new words.
    pub(super) fn lay_out_edits(&mut self) {
        let Ok(engine) = &self.engine else {
            self.library = Arc::clone(&self.pristine);
            return;
        };
        match engine.edited_library(&self.pristine) {
            Ok(edited) => {
                if !edited.unusable.is_empty() {
                    self.notice = Some(edited.unusable.join("\n"));
                }
                self.library = Arc::new(edited.library);
                self.edits = edited.edits;
                self.orphans = edited.orphans;
            }
            Err(e) => {
                self.notice = Some(format!("Your edits of cards could not be read: {e}"));
                self.library = Arc::clone(&self.pristine);
                self.edits.clear();
                self.orphans.clear();
            }
        }
        self.glossary = GlossaryIndex::new(Arc::clone(&self.library));
        if let Screen::Review(session) = &mut self.screen {
            session.set_library(Arc::clone(&self.library));
        }
    }

    /// The cram's item showing, asked in the words of its card as the library has it now.
    fn recram_current(&mut self, key: &crate::progress::ItemKey) {
        let now = self.clock.now();
        let seed = u64::try_from(now.0).unwrap_or(0);
        let card = self
            .library
            .get(&PackId(key.pack.clone()))
            .and_then(|p| p.cards.iter().find(|c| c.id.as_str() == key.item))
            .cloned();
        if let (Screen::Cram(state), Some(card)) = (&mut self.screen, card)
            && state.cram.current(now).is_some_and(|item| item.key == *key)
        {
            state
                .cram
                .replace_current(|item| crate::modes::exam_items::recram(item, &card, seed));
        }
    }

    /// Whether the edit form is open.
    pub fn editing(&self) -> Option<&CardEditor> {
        self.editor.as_deref()
    }

    /// Changes the open form with `change`, given the card's pack as loaded (its glossary).
    fn change_form(
        &mut self,
        change: impl FnOnce(&mut crate::modes::card_edit::CardEditor, Option<&crate::pack::Pack>),
    ) {
        if let Some(editor) = self.editor.as_deref_mut() {
            let pack = self.pristine.get(&editor.pack).map(AsRef::as_ref);
            change(editor, pack);
        }
    }

    /// Applies one step of editing the card showing.
    pub(super) fn apply_edit(&mut self, action: EditAction) {
        match action {
            EditAction::Open => self.open_editor(),
            EditAction::Cancel => self.editor = None,
            EditAction::Field(field, text) => self.change_form(|e, p| e.set(p, field, text)),
            EditAction::Kind(kind) => self.change_form(|e, p| e.set_kind(p, kind)),
            EditAction::Term(id) => self.change_form(|e, p| e.toggle_term(p, id)),
            EditAction::Competency(id) => self.change_form(|e, p| e.toggle_competency(p, id)),
            EditAction::Reverse(on) => self.change_form(|e, p| e.set_reverse(p, on)),
            EditAction::New => {
                self.card_info = None;
                self.peek = None;
                let id = PackId(crate::pack::personal::MY_CARDS.to_owned());
                let existing = self.pristine.get(&id).map(AsRef::as_ref);
                self.editor = Some(Box::new(CardEditor::blank(id, existing)));
            }
            EditAction::Save => self.save_edit(false),
            EditAction::Revert => self.save_edit(true),
        }
    }

    fn open_editor(&mut self) {
        self.card_info = None;
        self.peek = None;
        let card = match &self.screen {
            Screen::Review(session) => session
                .shown()
                .map(|s| (s.entry.key.clone(), s.card.clone())),
            Screen::Cram(state) => state
                .cram
                .current(self.clock.now())
                .filter(|item| item.kind == crate::progress::ItemKind::Card)
                .and_then(|item| {
                    let pack = self.library.get(&PackId(item.key.pack.clone()))?;
                    let card = pack.cards.iter().find(|c| c.id.as_str() == item.key.item)?;
                    Some((item.key.clone(), card.clone()))
                }),
            Screen::Browser(state) => state
                .browser
                .cursor
                .and_then(|p| state.browser.row(p))
                .filter(|row| row.kind == crate::progress::ItemKind::Card)
                .and_then(|row| {
                    let pack = self.library.get(&PackId(row.key.pack.clone()))?;
                    let card = pack.cards.iter().find(|c| c.id.as_str() == row.key.item)?;
                    Some((row.key.clone(), card.clone()))
                }),
            _ => None,
        };
        let Some((key, card)) = card else { return };
        let Some(pack) = self.pristine.get(&PackId(key.pack.clone())) else {
            return;
        };
        let state = self.edits.get(&key).copied();
        let own = state.and_then(|_| pack_card(pack, &card.id).cloned());
        self.editor = Some(Box::new(CardEditor::open(pack, &card, own, state)));
    }

    /// Saves the form's card (or, with `revert`, drops the edit), records it for undo, closes
    /// the form and shows the card in its new words.
    fn save_edit(&mut self, revert: bool) {
        let Some(editor) = self.editor.as_deref() else {
            return;
        };
        if !revert && !editor.problems.is_empty() {
            return;
        }
        if editor.is_new {
            return self.add_own_card();
        }
        let Ok(engine) = &mut self.engine else { return };
        let key = editor.key();
        let now = self.clock.now();
        let saved = if revert {
            engine.set_override(&key, None)
        } else {
            engine.save_card_edit(&self.pristine, &editor.pack, &editor.card(), now)
        };
        match saved {
            Ok(before) => {
                self.editor = None;
                let notice = if revert {
                    "The pack's text is back (Ctrl+Z undoes)"
                } else {
                    "Saved your text of this card (Ctrl+Z undoes)"
                };
                match &mut self.screen {
                    Screen::Review(session) => {
                        session.edited(key.clone(), before, notice.to_owned());
                    }
                    Screen::Browser(state) => {
                        state.undo.push(super::browser::BrowserStep::Edits(vec![(
                            key.clone(),
                            before,
                        )]));
                        state.notice = Some(notice.to_owned());
                    }
                    Screen::Cram(state) => {
                        state.notice = Some(if revert {
                            "The pack's text is back".to_owned()
                        } else {
                            "Saved your text of this card; Revert in its form takes it back"
                                .to_owned()
                        });
                    }
                    _ => {}
                }
                self.lay_out_edits();
                self.recram_current(&key);
                self.refresh_browser();
            }
            // The form stays open with what was typed; nothing is lost.
            Err(e) => self.notice = Some(format!("Your edit was not saved: {e}")),
        }
    }
}
