//! Flag, suspend, bury and card info during a cram, as in review (the same keys and bar); a
//! suspended or buried item leaves the cram. Ctrl+Z takes the last of these back (a cram's
//! answers are not undone: a practice answer changes nothing, and a counted one is a review).

use super::{App, Screen};
use crate::modes::review::Mark;
use crate::progress::Marks;
use crate::ui::Action;

impl App {
    /// Reads the marks of the cram's item showing.
    pub(super) fn refresh_cram_marks(&mut self) {
        let now = self.clock.now();
        let (Ok(engine), Screen::Cram(state)) = (&self.engine, &mut self.screen) else {
            return;
        };
        state.marks = state
            .cram
            .current(now)
            .and_then(|item| engine.marks(&item.key).ok())
            .unwrap_or_default();
    }

    /// Marks, undo and card info on the cram screen.
    pub(super) fn apply_cram_marks(&mut self, action: Action) {
        let now = self.clock.now();
        let clock = self.clock.as_ref();
        let (Ok(engine), Screen::Cram(state)) = (&mut self.engine, &mut self.screen) else {
            return;
        };
        let result = match action {
            Action::Mark(mark) => {
                let Some(item) = state.cram.current(now) else {
                    return;
                };
                let (key, kind) = (item.key.clone(), item.kind);
                let before = state.marks;
                let done = match mark {
                    Mark::Flag(flag) => {
                        let flag = (before.flag != Some(flag)).then_some(flag);
                        engine.set_marks(&key, kind, Marks { flag, ..before })
                    }
                    Mark::Suspend => engine.set_marks(
                        &key,
                        kind,
                        Marks {
                            suspended: true,
                            ..before
                        },
                    ),
                    Mark::Bury => engine.bury(&key, kind, clock),
                };
                done.map(|before| {
                    let removed = match mark {
                        Mark::Flag(_) => None,
                        Mark::Suspend | Mark::Bury => state.cram.set_aside(),
                    };
                    state.notice = match mark {
                        Mark::Flag(_) => None,
                        Mark::Suspend => Some(
                            "Suspended: out of this cram and of every study until unsuspended \
                             in the browser (Ctrl+Z undoes)"
                                .to_owned(),
                        ),
                        Mark::Bury => Some(
                            "Buried until tomorrow: out of this cram (Ctrl+Z undoes)".to_owned(),
                        ),
                    };
                    state.undo.push((key, kind, before, removed));
                })
            }
            Action::Undo => match state.undo.last().cloned() {
                Some((key, kind, before, removed)) => {
                    engine.set_marks(&key, kind, before).map(|_| {
                        state.undo.pop();
                        if let Some(index) = removed {
                            state.cram.put_back(index);
                        }
                        state.notice = Some("Undone".to_owned());
                    })
                }
                None => Ok(()),
            },
            Action::CardInfo(open) => {
                self.card_info = None;
                match state.cram.current(now).filter(|_| open) {
                    Some(item) => engine
                        .card_info(&item.key, clock)
                        .map(|info| self.card_info = Some(Box::new(info))),
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        };
        if let Err(e) = result {
            self.notice = Some(e.to_string());
        }
        self.refresh_cram_marks();
    }
}
