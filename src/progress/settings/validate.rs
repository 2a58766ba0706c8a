//! The range of every setting, and the check that puts a value outside it (or a float that is
//! not a number: NaN, infinity) back to its default, saying which field and why.
//!
//! The Settings screen offers the same ranges, so a loaded file never shows a value the screen
//! would silently change.

use std::fmt::Display;
use std::ops::RangeInclusive;

use super::Settings;

/// Text size factor.
pub const FONT_SCALE: RangeInclusive<f32> = 0.5..=3.0;
/// Desired retention (FSRS needs a probability well inside 0-1).
pub const DESIRED_RETENTION: RangeInclusive<f32> = 0.7..=0.99;
/// The share of items to recall on exam day.
pub const READINESS_TARGET: RangeInclusive<f32> = 0.5..=0.99;
/// New items per day, per pack.
pub const NEW_PER_DAY: RangeInclusive<u32> = 0..=9999;
/// Review-phase answers per day.
pub const REVIEWS_PER_DAY: RangeInclusive<u32> = 0..=99_999;
/// The local hour at which a study day starts.
pub const ROLLOVER_HOUR: RangeInclusive<u8> = 0..=23;
/// Days of the last pass before the exam.
pub const LAST_PASS_DAYS: RangeInclusive<u32> = 0..=30;
/// Lapses that make a leech (0: never).
pub const LEECH_LAPSES: RangeInclusive<u32> = 0..=99;
/// One learning or relearning step, in minutes (at most 30 days).
pub const STEP_MINUTES: RangeInclusive<u32> = 1..=43_200;
/// Learning or relearning steps at most (the step number is stored in a byte; past 255 an item
/// would never leave its steps).
pub const MAX_STEPS: usize = 20;

/// `s` with every value outside its range put back to the default, and one line per value
/// replaced (naming the field as it is written in `settings.ron`).
pub(super) fn validated(mut s: Settings) -> (Settings, Vec<String>) {
    let d = Settings::default();
    let mut problems = Vec::new();
    let p = &mut problems;
    in_range(
        p,
        "font_scale",
        &mut s.font_scale,
        &FONT_SCALE,
        d.font_scale,
    );
    in_range(
        p,
        "desired_retention",
        &mut s.desired_retention,
        &DESIRED_RETENTION,
        d.desired_retention,
    );
    in_range(
        p,
        "readiness_target",
        &mut s.readiness_target,
        &READINESS_TARGET,
        d.readiness_target,
    );
    in_range(
        p,
        "new_per_day",
        &mut s.new_per_day,
        &NEW_PER_DAY,
        d.new_per_day,
    );
    in_range(
        p,
        "reviews_per_day",
        &mut s.reviews_per_day,
        &REVIEWS_PER_DAY,
        d.reviews_per_day,
    );
    in_range(
        p,
        "rollover_hour",
        &mut s.rollover_hour,
        &ROLLOVER_HOUR,
        d.rollover_hour,
    );
    in_range(
        p,
        "last_pass_days",
        &mut s.last_pass_days,
        &LAST_PASS_DAYS,
        d.last_pass_days,
    );
    in_range(
        p,
        "leech_lapses",
        &mut s.leech_lapses,
        &LEECH_LAPSES,
        d.leech_lapses,
    );
    steps(
        p,
        "learning_steps_minutes",
        &mut s.learning_steps_minutes,
        d.learning_steps_minutes,
    );
    steps(
        p,
        "relearning_steps_minutes",
        &mut s.relearning_steps_minutes,
        d.relearning_steps_minutes,
    );
    exam_date(p, &mut s.exam_date);
    (s, problems)
}

/// Puts `value` back to `default` when it is outside `range` (NaN is outside every range).
fn in_range<T: PartialOrd + Display + Copy>(
    problems: &mut Vec<String>,
    name: &str,
    value: &mut T,
    range: &RangeInclusive<T>,
    default: T,
) {
    if !range.contains(value) {
        problems.push(format!(
            "{name} is {value}, not from {} to {}, so {default} is used",
            range.start(),
            range.end()
        ));
        *value = default;
    }
}

/// Puts a list of steps back to `default` when it is too long or a step is out of range. An
/// empty list is allowed: items then leave their steps on the first answer, as in Anki.
fn steps(problems: &mut Vec<String>, name: &str, steps: &mut Vec<u32>, default: Vec<u32>) {
    let why = if steps.len() > MAX_STEPS {
        format!("has {} steps, more than {MAX_STEPS}", steps.len())
    } else if let Some(bad) = steps.iter().find(|m| !STEP_MINUTES.contains(m)) {
        format!(
            "has a step of {bad} minutes, not from {} to {}",
            STEP_MINUTES.start(),
            STEP_MINUTES.end()
        )
    } else {
        return;
    };
    problems.push(format!("{name} {why}, so {default:?} is used"));
    *steps = default;
}

/// Trims the exam date and drops it (no exam date) when it is not a `YYYY-MM-DD` date.
fn exam_date(problems: &mut Vec<String>, date: &mut Option<String>) {
    let Some(text) = date.as_deref().map(str::trim) else {
        return;
    };
    if chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() {
        *date = Some(text.to_owned());
        return;
    }
    if !text.is_empty() {
        let shown: String = text.chars().take(40).collect();
        let more = if shown.len() < text.len() { "…" } else { "" };
        problems.push(format!(
            "exam_date \"{}{more}\" is not a date written YYYY-MM-DD, so no exam date is set",
            crate::files::terminal_safe(&shown, false)
        ));
    }
    *date = None;
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;

    /// A field of the settings, by name.
    type Field<T> = (&'static str, fn(&mut Settings) -> &mut T);

    #[test]
    fn every_field_out_of_range_gets_its_default_and_is_named() {
        let d = Settings::default();
        let floats: [Field<f32>; 3] = [
            ("font_scale", |s| &mut s.font_scale),
            ("desired_retention", |s| &mut s.desired_retention),
            ("readiness_target", |s| &mut s.readiness_target),
        ];
        for (name, field) in floats {
            for bad in [
                f32::NAN,
                f32::INFINITY,
                f32::NEG_INFINITY,
                -5.0,
                0.0,
                5.0,
                1e30,
            ] {
                let mut s = Settings::default();
                *field(&mut s) = bad;
                let (fixed, problems) = validated(s);
                assert_eq!(fixed, d, "{name} = {bad}");
                assert_eq!(problems.len(), 1, "{name} = {bad}: {problems:?}");
                assert!(problems[0].starts_with(name), "{problems:?}");
            }
        }
        let counts: [Field<u32>; 3] = [
            ("new_per_day", |s| &mut s.new_per_day),
            ("reviews_per_day", |s| &mut s.reviews_per_day),
            ("last_pass_days", |s| &mut s.last_pass_days),
        ];
        for (name, field) in counts {
            let mut s = Settings::default();
            *field(&mut s) = u32::MAX;
            let (fixed, problems) = validated(s);
            assert_eq!(fixed, d, "{name}");
            assert!(problems[0].starts_with(name), "{problems:?}");
        }
        for hour in [24, u8::MAX] {
            let (fixed, problems) = validated(Settings {
                rollover_hour: hour,
                ..Settings::default()
            });
            assert_eq!((fixed, problems.len()), (d.clone(), 1));
        }
        for bad in [vec![0], vec![u32::MAX], vec![1; 1_000_000]] {
            let (fixed, problems) = validated(Settings {
                learning_steps_minutes: bad.clone(),
                relearning_steps_minutes: bad,
                ..Settings::default()
            });
            assert_eq!((fixed, problems.len()), (d.clone(), 2));
            assert!(problems.iter().all(|p| p.len() < 200), "{problems:?}");
        }
    }

    #[test]
    fn values_in_range_are_kept() {
        let s = Settings {
            font_scale: 3.0,
            desired_retention: 0.7,
            readiness_target: 0.99,
            new_per_day: 0,
            reviews_per_day: 99_999,
            rollover_hour: 23,
            last_pass_days: 0,
            learning_steps_minutes: Vec::new(),
            relearning_steps_minutes: vec![1, 43_200],
            exam_date: Some(" 2027-02-28 ".into()),
            ..Settings::default()
        };
        let (fixed, problems) = validated(s.clone());
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(fixed.exam_date.as_deref(), Some("2027-02-28"));
        assert_eq!(
            fixed,
            Settings {
                exam_date: Some("2027-02-28".into()),
                ..s
            }
        );
    }

    #[test]
    fn a_date_that_is_not_one_is_dropped_and_shown_safely() {
        for (text, problem) in [
            ("2027-02-29", true),
            ("tomorrow", true),
            ("   ", false),
            ("\u{1b}[2J", true),
        ] {
            let (fixed, problems) = validated(Settings {
                exam_date: Some(text.into()),
                ..Settings::default()
            });
            assert_eq!(fixed.exam_date, None, "{text}");
            assert_eq!(problems.len(), usize::from(problem), "{text}");
            assert!(problems.iter().all(|p| !p.chars().any(char::is_control)));
        }
        let long = "x".repeat(10_000);
        let (_, problems) = validated(Settings {
            exam_date: Some(long),
            ..Settings::default()
        });
        assert!(problems[0].len() < 150, "{problems:?}");
    }
}
