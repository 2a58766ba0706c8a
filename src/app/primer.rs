//! The primer reader's state and actions: sections, checks graded through the engine, and the
//! reading position remembered in the store.

use super::{App, Screen};
use crate::ui::Action;

/// The primer reader's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrimerState {
    /// Pack index in the library.
    pub pack: usize,
    /// Primer index in the pack.
    pub primer: usize,
    /// Section being read.
    pub section: usize,
    /// Checks whose answers are showing.
    pub revealed: Vec<String>,
    /// Checks graded in this visit.
    pub graded: Vec<String>,
}

impl App {
    /// Primer actions: reading works without a store; grading and the remembered position use it.
    pub(super) fn apply_primer(&mut self, action: Action) {
        match (&mut self.screen, action) {
            (_, Action::OpenPrimer { pack, primer }) => {
                let section = self.saved_section(pack, primer);
                self.screen = Screen::Primer(PrimerState {
                    pack,
                    primer,
                    section,
                    ..PrimerState::default()
                });
            }
            (Screen::Primer(state), Action::GoToSection(section)) => {
                let count = self
                    .library
                    .packs()
                    .get(state.pack)
                    .and_then(|p| p.primers.get(state.primer))
                    .map_or(0, |p| p.sections.len());
                state.section = section.min(count.saturating_sub(1));
                let state = state.clone();
                self.save_section(&state);
            }
            (Screen::Primer(state), Action::RevealCheck(id)) => state.revealed.push(id),
            (Screen::Primer(state), Action::GradeCheck(id, rating)) => {
                let Ok(engine) = &mut self.engine else { return };
                let pack = self
                    .library
                    .packs()
                    .get(state.pack)
                    .map(|p| p.id().0.clone())
                    .unwrap_or_default();
                let key = crate::progress::ItemKey::new(pack, id.clone());
                match engine.answer(
                    &key,
                    crate::progress::ItemKind::Check,
                    rating,
                    "primer",
                    0,
                    self.clock.as_ref(),
                ) {
                    Ok(_) => state.graded.push(id),
                    Err(e) => self.notice = Some(e.to_string()),
                }
            }
            _ => {}
        }
    }

    fn position_key(&self, pack: usize, primer: usize) -> Option<String> {
        let pack = self.library.packs().get(pack)?;
        let primer = pack.primers.get(primer)?;
        Some(format!("primer-position/{}/{}", pack.id(), primer.id))
    }

    /// The section the learner was last reading in this primer (by section id), else the first.
    fn saved_section(&self, pack: usize, primer: usize) -> usize {
        let (Ok(engine), Some(key)) = (&self.engine, self.position_key(pack, primer)) else {
            return 0;
        };
        let Ok(Some(section_id)) = engine.store().meta(&key) else {
            return 0;
        };
        self.library
            .packs()
            .get(pack)
            .and_then(|p| p.primers.get(primer))
            .and_then(|p| p.sections.iter().position(|s| s.id.as_str() == section_id))
            .unwrap_or(0)
    }

    fn save_section(&mut self, state: &PrimerState) {
        let key = self.position_key(state.pack, state.primer);
        let section_id = self
            .library
            .packs()
            .get(state.pack)
            .and_then(|p| p.primers.get(state.primer))
            .and_then(|p| p.sections.get(state.section))
            .map(|s| s.id.0.clone());
        if let (Ok(engine), Some(key), Some(section_id)) = (&mut self.engine, key, section_id)
            && let Err(e) = engine.store_mut().set_meta(&key, &section_id)
        {
            self.notice = Some(e.to_string());
        }
    }
}
