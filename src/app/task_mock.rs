//! The hands-on mock exam's reducer: start one for the chosen exam, type, move, flag, finish,
//! save apart from the reviews, or leave.

use super::{App, Screen};
use crate::modes::task_mock::{TaskMock, task_candidates};
use crate::study::exam::profile;
use crate::ui::Action;
use crate::ui::task_mock::TaskMockAction;

impl App {
    pub(super) fn apply_task_mock(&mut self, action: TaskMockAction) {
        if action == TaskMockAction::Start {
            self.start_task_mock();
            return;
        }
        if action == TaskMockAction::Leave {
            self.apply(Action::OpenExam);
            return;
        }
        let now = self.clock.now();
        let Screen::TaskMock(mock) = &mut self.screen else {
            return;
        };
        let over = mock.tick(now);
        match action {
            TaskMockAction::Start | TaskMockAction::Leave => {}
            TaskMockAction::Go(i) => mock.go(i),
            TaskMockAction::Type(text) => mock.set_answer(text),
            TaskMockAction::Flag => mock.toggle_flag(),
            TaskMockAction::Ask(ask) => mock.asking = ask,
            TaskMockAction::Finish => mock.finish(now),
            TaskMockAction::Save if over => {
                let attempt = mock.result();
                self.save_attempt(&attempt);
            }
            TaskMockAction::Save => {}
        }
    }

    fn start_task_mock(&mut self) {
        let Ok(engine) = &self.engine else { return };
        let Some(exam) = engine.settings().exam else {
            self.notice = Some("Choose your exam (CKA or CKAD) in Settings first.".to_owned());
            return;
        };
        let profile = profile(exam);
        if !profile.hands_on() {
            self.notice = Some(format!(
                "The {} is multiple choice: its mock exam asks questions, not tasks.",
                profile.name
            ));
            return;
        }
        let now = self.clock.now();
        let seed = u64::try_from(now.0).unwrap_or(0);
        let mock = TaskMock::draw(profile, task_candidates(&self.library, profile), seed, now);
        if mock.tasks.is_empty() {
            self.notice = Some(format!(
                "No installed pack has hands-on tasks for the {} yet.",
                profile.name
            ));
            return;
        }
        self.screen = Screen::TaskMock(Box::new(mock));
    }
}
