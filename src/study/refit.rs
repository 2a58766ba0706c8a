//! Re-fitting the FSRS parameters on the learner's own history without being asked: after every
//! [`EVERY_ANSWERS`] new answers, or when [`EVERY_DAYS`] have passed with new answers since the
//! last fit. The fit runs away from the window ([`RefitInput::fit`] needs no store), and is kept
//! only when it predicts the learner's answers better than the parameters in use; what it
//! replaced is kept too, so the learner can undo it.

use serde::{Deserialize, Serialize};

use super::Engine;
use super::clock::{Clock, Timestamp};
use super::optimise::{Fit, MIN_REVIEWS, OptimiseError, Optimised};
use crate::progress::Result;

/// New answers between two automatic fits.
pub const EVERY_ANSWERS: usize = 1000;
/// Days after which a fit is made again, when there were new answers.
pub const EVERY_DAYS: i64 = 30;
/// The `meta` key of the last fit's record (JSON).
pub const RECORD_KEY: &str = "fsrs_refit";

const DAY_MS: i64 = 24 * 3600 * 1000;

/// What the last automatic (or asked-for) fit did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refit {
    /// When it ran (ms since 1970).
    pub at: Timestamp,
    /// Answers in the log it learned from.
    pub reviews: usize,
    /// How well the parameters in use predicted the log (none when the fit failed).
    pub before: Option<Fit>,
    /// How well the fitted ones did.
    pub after: Option<Fit>,
    /// Whether the fitted parameters are in use (they predicted better).
    pub applied: bool,
    /// The parameters it replaced (empty: FSRS's defaults), for undo.
    pub previous: Vec<f32>,
    /// Whether the learner undid it.
    pub undone: bool,
    /// Why it could not run, if it could not (then nothing changed).
    #[serde(default)]
    pub failed: Option<String>,
}

impl Refit {
    /// Whether undo can put the previous parameters back.
    pub fn can_undo(&self) -> bool {
        self.applied && !self.undone
    }
}

/// What a fit needs, taken from the store: it can be moved to another thread.
#[derive(Debug, Clone)]
pub struct RefitInput {
    reviews: usize,
    items: Vec<fsrs::FSRSItem>,
    current: Vec<f32>,
}

impl RefitInput {
    /// Fits the parameters (seconds for a large log; no store, no window).
    pub fn fit(self) -> std::result::Result<Optimised, OptimiseError> {
        super::optimise::fit_items(self.reviews, self.items, &self.current)
    }
}

impl Engine {
    /// The last fit's record, if there was one (an unreadable record counts as none).
    pub fn last_refit(&self) -> Result<Option<Refit>> {
        Ok(self
            .store()
            .meta(RECORD_KEY)?
            .and_then(|text| serde_json::from_str(&text).ok()))
    }

    /// Whether a fit is due at the clock's time: enough answers for one, and either
    /// [`EVERY_ANSWERS`] new ones since the last, or [`EVERY_DAYS`] with new answers.
    pub fn refit_due(&self, clock: &dyn Clock) -> Result<bool> {
        let reviews = usize::try_from(self.store().review_count()?).unwrap_or(0);
        if reviews < MIN_REVIEWS {
            return Ok(false);
        }
        Ok(match self.last_refit()? {
            None => reviews >= EVERY_ANSWERS,
            Some(last) => {
                let new = reviews.saturating_sub(last.reviews);
                // A clock set back before the last fit counts no days.
                let days = clock.now().0.saturating_sub(last.at.0) / DAY_MS;
                new >= EVERY_ANSWERS || (new > 0 && days >= EVERY_DAYS)
            }
        })
    }

    /// What a fit needs, read from the store now.
    pub fn refit_input(&self) -> std::result::Result<RefitInput, OptimiseError> {
        let (reviews, items) = super::optimise::training_items(self.store())?;
        Ok(RefitInput {
            reviews,
            items,
            current: self.parameters().to_vec(),
        })
    }

    /// Keeps the outcome of a fit: the new parameters are used when they predict the log
    /// better than those in use (lower log loss), and the record says what happened either
    /// way, so the same answers are not fitted again.
    pub fn apply_refit(
        &mut self,
        outcome: std::result::Result<Optimised, OptimiseError>,
        clock: &dyn Clock,
    ) -> Result<Refit> {
        let reviews = usize::try_from(self.store().review_count()?).unwrap_or(0);
        let known = |fit: Fit| (fit.log_loss.is_finite() && fit.rmse.is_finite()).then_some(fit);
        let record = match outcome {
            Ok(o) => {
                let (before, after) = (known(o.before), known(o.after));
                let applied = match (before, after) {
                    (_, None) => false,
                    (None, Some(_)) => true,
                    (Some(b), Some(a)) => a.log_loss < b.log_loss,
                };
                let previous = self.parameters().to_vec();
                if applied {
                    self.save_parameters(o.parameters)?;
                }
                Refit {
                    at: clock.now(),
                    reviews: o.reviews,
                    before,
                    after,
                    applied,
                    previous,
                    undone: false,
                    failed: None,
                }
            }
            Err(e) => Refit {
                at: clock.now(),
                reviews,
                before: None,
                after: None,
                applied: false,
                previous: Vec::new(),
                undone: false,
                failed: Some(e.to_string()),
            },
        };
        self.save_record(&record)?;
        Ok(record)
    }

    /// Puts back the parameters the last fit replaced; whether there was one to undo.
    pub fn undo_refit(&mut self) -> Result<bool> {
        let Some(mut record) = self.last_refit()?.filter(Refit::can_undo) else {
            return Ok(false);
        };
        self.save_parameters(record.previous.clone())?;
        record.undone = true;
        self.save_record(&record)?;
        Ok(true)
    }

    /// Keeps `record` as the last fit's.
    pub(super) fn save_record(&mut self, record: &Refit) -> Result<()> {
        let json = serde_json::to_string(record).unwrap_or_default();
        self.store_mut().set_meta(RECORD_KEY, &json)
    }
}
