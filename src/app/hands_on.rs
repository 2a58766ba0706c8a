//! The hands-on screen's reducer: start today's tasks, type, check, grade, leave.

use super::{App, Screen};
use crate::modes::hands_on::HandsOn;
use crate::ui::Action;
use crate::ui::hands_on::{HandsOnAction, HandsOnView, hands_on_ui};

impl App {
    pub(super) fn apply_hands_on(&mut self, action: HandsOnAction) {
        if action == HandsOnAction::Open {
            let started = match &self.engine {
                Ok(engine) => HandsOn::start(engine, self.library.clone(), self.clock.as_ref()),
                Err(e) => {
                    self.notice = Some(e.clone());
                    return;
                }
            };
            match started {
                Ok(session) => self.screen = Screen::HandsOn(Box::new(session)),
                Err(e) => self.notice = Some(e.to_string()),
            }
            return;
        }
        let Screen::HandsOn(session) = &mut self.screen else {
            return;
        };
        match action {
            HandsOnAction::Open => {}
            HandsOnAction::Type(text) => session.set_answer(text),
            HandsOnAction::Hint => session.show_hint(),
            HandsOnAction::Check => session.check(),
            HandsOnAction::GiveUp => session.give_up(),
            HandsOnAction::Rate(rating) => {
                let Ok(engine) = &mut self.engine else { return };
                if let Err(e) = session.answer(engine, rating, self.clock.as_ref()) {
                    self.notice = Some(format!("the answer was not saved: {e}"));
                }
            }
            HandsOnAction::End => {
                session.end();
                self.apply(Action::Home);
            }
        }
    }

    /// Draws the hands-on screen.
    pub(super) fn draw_hands_on(
        &self,
        ui: &mut egui::Ui,
        session: &HandsOn,
        notice: Option<&str>,
    ) -> Option<Action> {
        hands_on_ui(
            ui,
            &HandsOnView {
                session,
                next: self.next.as_ref(),
                notice,
            },
        )
    }
}
