//! The learner's own FSRS parameters, fitted to their review log (`fsrs::compute_parameters`).

use fsrs::{ComputeParametersInput, FSRS, FSRSItem, FSRSReview};

use crate::progress::Store;

/// Fewer logged answers than this and the fit is not worth having.
pub const MIN_REVIEWS: usize = 400;

/// How well a set of parameters predicts the learner's answers.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Fit {
    /// Log loss (lower is better).
    pub log_loss: f32,
    /// RMSE over calibration bins (lower is better).
    pub rmse: f32,
}

/// The outcome of an optimisation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Optimised {
    /// Answers in the log.
    pub reviews: usize,
    /// The fitted parameters.
    pub parameters: Vec<f32>,
    /// The fit of the parameters used before.
    pub before: Fit,
    /// The fit of the new ones.
    pub after: Fit,
}

/// Why optimisation did not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OptimiseError {
    /// Too little history.
    #[error("{have} answers logged; optimising needs at least {need}")]
    NotEnough {
        /// Answers logged.
        have: usize,
        /// Answers needed.
        need: usize,
    },
    /// Reading the log failed.
    #[error("{0}")]
    Store(String),
    /// FSRS could not fit or evaluate.
    #[error("FSRS could not fit the log: {0}")]
    Fsrs(String),
}

/// FSRS training items from the log: for each item, every prefix of its history that ends in an
/// answer given a day or more after the previous one (what FSRS learns to predict).
pub fn training_items(store: &Store) -> Result<(usize, Vec<FSRSItem>), OptimiseError> {
    let history = store
        .review_history()
        .map_err(|e| OptimiseError::Store(e.to_string()))?;
    let total = history.iter().map(|(_, answers)| answers.len()).sum();
    let mut items = Vec::new();
    for (_, answers) in history {
        let mut reviews = Vec::with_capacity(answers.len());
        let mut previous_day = None;
        for (day, rating) in answers {
            let delta_t = previous_day.map_or(0, |p: i64| u32::try_from(day - p).unwrap_or(0));
            previous_day = Some(day);
            reviews.push(FSRSReview {
                rating: u32::from(rating),
                delta_t,
            });
            // FSRS learns to predict recall after at least a day; same-day steps are history only.
            if reviews.len() > 1 && delta_t > 0 {
                items.push(FSRSItem {
                    reviews: reviews.clone(),
                });
            }
        }
    }
    Ok((total, items))
}

/// Fits parameters to the log and compares them with `current` (empty = FSRS defaults).
pub fn optimise(store: &Store, current: &[f32]) -> Result<Optimised, OptimiseError> {
    let (reviews, items) = training_items(store)?;
    if reviews < MIN_REVIEWS || items.is_empty() {
        return Err(OptimiseError::NotEnough {
            have: reviews,
            need: MIN_REVIEWS,
        });
    }
    let stage = |what: &'static str| {
        move |e: fsrs::FSRSError| OptimiseError::Fsrs(format!("{what}: {e:?}"))
    };
    let input = ComputeParametersInput {
        train_set: items.clone(),
        ..ComputeParametersInput::default()
    };
    let parameters = fsrs::compute_parameters(input).map_err(stage("fitting"))?;
    let fit = |params: &[f32]| -> Result<Fit, OptimiseError> {
        let model = FSRS::new(params).map_err(stage("loading parameters"))?;
        let evaluation = model
            .evaluate(items.clone(), |_| true)
            .map_err(stage("evaluating"))?;
        Ok(Fit {
            log_loss: evaluation.log_loss,
            rmse: evaluation.rmse_bins,
        })
    };
    Ok(Optimised {
        reviews,
        before: fit(current)?,
        after: fit(&parameters)?,
        parameters,
    })
}
