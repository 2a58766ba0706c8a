//! `kubestudy forecast --exam YYYY-MM-DD`: the predicted share of items recalled on exam day,
//! weakest areas first, and the answers a day it takes to reach the target.

use std::io::Write;

use super::stats::{open_engine, with_data};
use crate::dirs::AppDirs;
use crate::progress::settings::Exam;
use crate::study::clock::{Clock, Days};
use crate::study::exam::{ExamPlan, profile};
use crate::study::forecast::{Forecast, ForecastInput, forecast as compute};

/// What `forecast` was asked for.
#[derive(Debug, Clone)]
pub struct ForecastArgs {
    /// The exam date, `YYYY-MM-DD` (else the one in the settings).
    pub exam: Option<String>,
    /// Which exam (else the one in the settings), for the domain weights.
    pub kind: Option<Exam>,
    /// Print JSON.
    pub json: bool,
}

/// Prints the readiness forecast for an exam date.
pub fn forecast(
    dirs: Option<&AppDirs>,
    args: &ForecastArgs,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    with_data("forecast", dirs, err, |dirs, err| {
        let (engine, days, library) = open_engine(dirs, clock, err)?;
        let settings = engine.settings();
        let given = args
            .exam
            .as_deref()
            .map(str::trim)
            .or(settings.exam_date.as_deref())
            .ok_or("no exam date: pass --exam YYYY-MM-DD (or set one in the app's settings)")?;
        let plan = ExamPlan::new(Some(given), settings.last_pass_days).ok_or_else(|| {
            format!(
                "`{}` is not a date; write it as YYYY-MM-DD",
                crate::files::terminal_safe(given, false)
            )
        })?;
        // The date as read (`2099-1-1` is shown as 2099-01-01).
        let date = Days::date_of(plan.exam_day);
        if plan.exam_day < days.day_of(clock.now()) {
            return Err(format!("{date} has passed"));
        }
        let kind = args.kind.or(settings.exam);
        let input = ForecastInput {
            plan,
            days,
            now: clock.now(),
            decay: engine.decay(),
            target: settings.readiness_target,
            learning_answers: u64::try_from(settings.learning_steps_minutes.len()).unwrap_or(2),
            profile: kind.map(profile),
        };
        let f = compute(engine.store(), &library, input).map_err(|e| e.to_string())?;
        let written = if args.json {
            let doc = ForecastJson {
                exam_date: date.clone(),
                study_date: Days::date_of(f.exam_day - f.days_left),
                forecast: &f,
            };
            serde_json::to_writer_pretty(&mut *out, &doc)
                .map_err(std::io::Error::other)
                .and_then(|()| writeln!(out))
        } else {
            text(out, &f, &date, kind)
        };
        written.map_err(|e| e.to_string())
    })
}

/// The forecast as JSON, with its two study days (`exam_day` and today, day numbers) as dates
/// too.
#[derive(serde::Serialize)]
struct ForecastJson<'a> {
    /// The exam's date, `YYYY-MM-DD`.
    exam_date: String,
    /// Today's study day, `YYYY-MM-DD`.
    study_date: String,
    #[serde(flatten)]
    forecast: &'a Forecast,
}

/// `1 item`, `2 items`.
fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn items(n: u64) -> String {
    count(n, "item")
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn text(out: &mut impl Write, f: &Forecast, date: &str, kind: Option<Exam>) -> std::io::Result<()> {
    writeln!(
        out,
        "exam {date} ({}): predicted recall on exam day {} of {} (target {})",
        count(u64::try_from(f.days_left).unwrap_or(0), "day"),
        percent(f.overall.share()),
        items(f.overall.items),
        percent(f64::from(f.target))
    )?;
    if let (Some(weighted), Some(kind)) = (f.weighted, kind) {
        writeln!(
            out,
            "weighted by the {} domains: {}",
            profile(kind).name,
            percent(weighted)
        )?;
    }
    writeln!(out, "weakest first:")?;
    for (name, d) in &f.domains {
        let shown = if d.group.items == 0 {
            "no items tagged".to_owned()
        } else {
            format!("{} of {}", percent(d.group.share()), items(d.group.items))
        };
        writeln!(out, "  domain {name} ({}%): {shown}", d.weight)?;
    }
    for g in &f.packs {
        writeln!(
            out,
            "  pack   {}: {} of {}",
            g.name,
            percent(g.share()),
            items(g.items)
        )?;
    }
    for g in f.tags.iter().take(8) {
        writeln!(
            out,
            "  tag    {}: {} of {}",
            g.name,
            percent(g.share()),
            items(g.items)
        )?;
    }
    writeln!(
        out,
        "to reach {}: about {} answers, {:.0} a day ({} items to learn, {} to refresh); study day {}",
        percent(f64::from(f.target)),
        f.answers_needed,
        f.per_day.ceil(),
        f.unseen,
        f.to_refresh,
        Days::date_of(f.exam_day - f.days_left)
    )
}
