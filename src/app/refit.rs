//! Re-fitting the memory model (FSRS parameters) on the learner's history: started once a run
//! when one is due (every 1,000 new answers, or monthly), or from Settings; fitted on a thread
//! of its own so the window never waits, kept only when it predicts better, undoable.

use std::sync::mpsc::{Receiver, TryRecvError};

use super::{App, Screen};
use crate::study::optimise::{OptimiseError, Optimised};
use crate::study::refit::Refit;

/// A fit running on its own thread.
pub(super) type RefitJob = Receiver<Result<Optimised, OptimiseError>>;

impl App {
    /// Starts a fit when one is due (checked once a run), and keeps its outcome when it is done.
    pub(super) fn tick_refit(&mut self, ctx: &egui::Context) {
        if !self.refit_checked || self.refit_now {
            let due = self.refit_now
                || self
                    .engine
                    .as_ref()
                    .is_ok_and(|e| e.refit_due(self.clock.as_ref()).unwrap_or(false));
            (self.refit_checked, self.refit_now) = (true, false);
            if due {
                self.start_refit(ctx);
            }
        }
        let Some(job) = &self.refit_job else {
            return;
        };
        match job.try_recv() {
            Ok(outcome) => {
                self.refit_job = None;
                self.finish_refit(outcome);
            }
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(200));
            }
            Err(TryRecvError::Disconnected) => {
                self.refit_job = None;
                self.finish_refit(Err(OptimiseError::Fsrs("the fit stopped".to_owned())));
            }
        }
    }

    /// Whether a fit is running.
    pub(super) fn refitting(&self) -> bool {
        self.refit_job.is_some()
    }

    /// Reads what the fit needs and fits it on a thread of its own.
    fn start_refit(&mut self, ctx: &egui::Context) {
        if self.refit_job.is_some() {
            return;
        }
        let Ok(engine) = &self.engine else { return };
        let input = match engine.refit_input() {
            Ok(input) => input,
            Err(e) => return self.finish_refit(Err(e)),
        };
        let (send, receive) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("fsrs-refit".to_owned())
            .spawn(move || {
                // The window may have closed meanwhile: then nobody waits for it.
                let _ = send.send(input.fit());
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.refit_job = Some(receive),
            Err(e) => self.notice = Some(format!("The memory model could not be re-fitted: {e}")),
        }
    }

    /// Keeps the fit's outcome and tells the learner what changed.
    fn finish_refit(&mut self, outcome: Result<Optimised, OptimiseError>) {
        let Ok(engine) = &mut self.engine else { return };
        match engine.apply_refit(outcome, self.clock.as_ref()) {
            Ok(record) => {
                if record.applied {
                    self.notice = Some(refit_notice(&record));
                }
                if let Screen::Settings(state) = &mut self.screen {
                    state.refit = Some(record);
                }
            }
            Err(e) => self.notice = Some(format!("The re-fitted memory model was not kept: {e}")),
        }
    }

    /// Puts the parameters the last fit replaced back.
    pub(super) fn undo_refit(&mut self) {
        let Ok(engine) = &mut self.engine else { return };
        match engine.undo_refit() {
            Ok(true) => {
                self.notice =
                    Some("The memory model is back to what it was before the last re-fit".into());
                let record = engine.last_refit().ok().flatten();
                if let Screen::Settings(state) = &mut self.screen {
                    state.refit = record;
                }
            }
            Ok(false) => {}
            Err(e) => self.notice = Some(format!("The re-fit could not be undone: {e}")),
        }
    }
}

/// What an applied fit did, in a sentence.
pub fn refit_notice(record: &Refit) -> String {
    let better = match (record.before, record.after) {
        (Some(b), Some(a)) if b.log_loss > 0.0 => {
            format!(
                ", predicting your answers {:.0} % better",
                (b.log_loss - a.log_loss) / b.log_loss * 100.0
            )
        }
        _ => String::new(),
    };
    format!(
        "Your memory model was re-fitted to your {} answers{better}. Settings shows it; undo it \
         there",
        record.reviews
    )
}
