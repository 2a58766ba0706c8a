//! The learner's own FSRS parameters, fitted to their review log (`fsrs::compute_parameters`).

use fsrs::{ComputeParametersInput, FSRS, FSRSItem, FSRSReview};

use crate::progress::Store;

/// Fewer logged answers than this and the fit is not worth having.
pub const MIN_REVIEWS: usize = 400;

/// How well a set of parameters predicts the learner's answers.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
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
    /// Enough answers, but none came a day or more after the item's previous one: FSRS learns
    /// how memory decays over days, so same-day answers alone teach it nothing.
    #[error(
        "{have} answers logged, but none came a day or more after the previous answer to the \
         same item; optimising learns from those. Keep studying on later days and try again"
    )]
    NoSpacedAnswers {
        /// Answers logged.
        have: usize,
    },
    /// Reading the log failed.
    #[error("{0}")]
    Store(String),
    /// FSRS could not fit or evaluate.
    #[error("FSRS could not fit the log: {0}")]
    Fsrs(String),
}

/// Bounds FSRS-6 keeps each parameter in (fsrs's own clamps when it fits them); a saved value
/// outside them did not come from a fit, and would schedule nonsense.
const PARAMETER_BOUNDS: [(f32, f32); 21] = [
    (0.001, 100.0),
    (0.001, 100.0),
    (0.001, 100.0),
    (0.001, 100.0),
    (1.0, 10.0),
    (0.001, 4.0),
    (0.001, 4.0),
    (0.001, 0.75),
    (0.0, 4.5),
    (0.0, 0.8),
    (0.001, 3.5),
    (0.001, 5.0),
    (0.001, 0.25),
    (0.001, 0.9),
    (0.0, 4.0),
    (0.0, 1.0),
    (1.0, 6.0),
    (0.0, 2.0),
    (0.0, 2.0),
    (0.0, 0.8),
    (0.1, 0.8),
];

/// The parameters in the saved JSON `text`, when they can be used: a list of 17, 19 or 21
/// finite numbers, each within [`PARAMETER_BOUNDS`] (after FSRS fills a shorter list in).
pub fn usable_parameters(text: &str) -> std::result::Result<Vec<f32>, String> {
    let values: Vec<f64> =
        serde_json::from_str(text).map_err(|e| format!("not a list of numbers: {e}"))?;
    if values.is_empty() {
        return Ok(Vec::new());
    }
    #[allow(clippy::cast_possible_truncation)] // Checked for range below.
    let parameters: Vec<f32> = values.iter().map(|&v| v as f32).collect();
    if let Some(bad) = values.iter().find(|v| !v.is_finite() || v.abs() > 1e6) {
        return Err(format!("{bad} is not a usable number"));
    }
    let filled = fsrs::check_and_fill_parameters(&parameters).map_err(|_| {
        format!(
            "{} numbers, where FSRS takes 17, 19 or 21",
            parameters.len()
        )
    })?;
    for (index, (value, (low, high))) in filled.iter().zip(PARAMETER_BOUNDS).enumerate() {
        if !(low..=high).contains(value) {
            return Err(format!(
                "parameter {index} is {value}, outside {low}..={high}"
            ));
        }
    }
    Ok(parameters)
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
    fit_items(reviews, items, current)
}

/// Fits parameters to `items` (training items of a log of `reviews` answers) and compares them
/// with `current` (empty = FSRS defaults). Needs no store, so it can run on another thread.
pub fn fit_items(
    reviews: usize,
    items: Vec<FSRSItem>,
    current: &[f32],
) -> Result<Optimised, OptimiseError> {
    if reviews < MIN_REVIEWS {
        return Err(OptimiseError::NotEnough {
            have: reviews,
            need: MIN_REVIEWS,
        });
    }
    if items.is_empty() {
        return Err(OptimiseError::NoSpacedAnswers { have: reviews });
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::progress::{Answer, ItemKey, ItemKind};
    use crate::study::clock::Timestamp;
    use crate::study::schedule::{ItemState, Rating};

    #[test]
    fn answers_all_on_one_day_are_named_as_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let state = ItemState::new_item();
        for n in 0..600 {
            let answer = Answer {
                time: Timestamp(1_795_341_600_000 + n * 1000),
                day: 20_000,
                rating: Rating::Good,
                elapsed_days: 0,
                mode: "review".into(),
                duration_ms: 5,
            };
            let key = ItemKey::new("p", format!("item-{}", n % 50));
            store
                .record_answer(&key, ItemKind::Card, &state, &state, &answer)
                .unwrap();
        }
        let err = optimise(&store, &[]).unwrap_err();
        assert_eq!(err, OptimiseError::NoSpacedAnswers { have: 600 });
        let text = err.to_string();
        assert!(
            text.contains("600 answers logged, but none came a day or more after"),
            "{text}"
        );
        assert!(!text.contains("at least 400"), "{text}");
    }
}
