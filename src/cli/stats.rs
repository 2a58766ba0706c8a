//! `kubestudy stats`: today's work and retention per pack, from the progress store.

use std::io::Write;

use serde::Serialize;

use super::{EXIT_OK, EXIT_PROBLEMS};
use crate::dirs::AppDirs;
use crate::pack::{Library, load};
use crate::progress::{Store, backup, settings};
use crate::study::Engine;
use crate::study::clock::{Clock, Days};
use crate::study::stats::{PackOverview, overview};

#[derive(Serialize)]
struct StatsJson<'a> {
    date: String,
    database: String,
    packs: &'a [PackOverview],
}

/// Prints due-today, new, learning, young/mature counts and true retention per pack.
pub fn stats(
    dirs: Option<&AppDirs>,
    json: bool,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    with_data("stats", dirs, err, |dirs, err| {
        run(dirs, json, clock, out, err)
    })
}

/// `kubestudy optimise`: fits FSRS parameters to the review log and uses them from now on.
pub fn optimise(
    dirs: Option<&AppDirs>,
    json: bool,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    with_data("optimise", dirs, err, |dirs, err| {
        run_optimise(dirs, json, clock, out, err)
    })
}

/// Runs `command` on the learner's data folders; says what went wrong, once, on failure.
pub(super) fn with_data<E: Write>(
    command: &str,
    dirs: Option<&AppDirs>,
    err: &mut E,
    run: impl FnOnce(&AppDirs, &mut E) -> Result<(), String>,
) -> i32 {
    let result = match dirs {
        Some(dirs) => run(dirs, err),
        None => Err(
            "no home folder found; set KUBESTUDY_HOME to a folder for kubestudy's data".to_owned(),
        ),
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(message) => {
            let _ = writeln!(err, "kubestudy {command}: {message}");
            EXIT_PROBLEMS
        }
    }
}

/// Opens the store (making today's backup) and an engine synced with every available pack.
pub(super) fn open_engine(
    dirs: &AppDirs,
    clock: &dyn Clock,
    err: &mut impl Write,
) -> Result<(Engine, Days, Library), String> {
    let loaded = settings::load(&dirs.config);
    let clock_warning = crate::study::clock::clock_warning(clock.now());
    for warning in loaded.warning.iter().chain(&clock_warning) {
        let _ = writeln!(err, "warning: {warning}");
    }
    let store = Store::open(&dirs.data).map_err(|e| e.to_string())?;
    let days = Days::of(clock, loaded.settings.rollover_hour);
    if let Err(e) = backup::daily(&store, &dirs.data, &Days::date_of(days.day_of(clock.now()))) {
        let _ = writeln!(err, "warning: today's backup was not made: {e}");
    }
    let mut engine = Engine::new(store, loaded.settings).map_err(|e| e.to_string())?;
    let sources = crate::pack::library::available_sources(Some(&dirs.packs()));
    let reports: Vec<_> = sources.iter().map(load).collect();
    let library = Library::from_reports(&reports);
    engine
        .sync_library(&library, clock)
        .map_err(|e| e.to_string())?;
    Ok((engine, days, library))
}

fn run(
    dirs: &AppDirs,
    json: bool,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), String> {
    let (engine, days, _) = open_engine(dirs, clock, err)?;
    let today = days.day_of(clock.now());
    let packs = overview(engine.store(), days, clock.now()).map_err(|e| e.to_string())?;
    let database = engine.store().path().display().to_string();
    if json {
        let doc = StatsJson {
            date: Days::date_of(today),
            database,
            packs: &packs,
        };
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(|e| e.to_string())?;
        writeln!(out).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        writeln!(
            out,
            "{:<22} {:>9} {:>6} {:>9} {:>6} {:>7} {:>10}",
            "pack", "due today", "new", "learning", "young", "mature", "retention"
        )?;
        for p in &packs {
            let c = &p.counts;
            let retention = p
                .retention
                .rate()
                .map_or_else(|| "-".to_owned(), |r| format!("{:.1}%", r * 100.0));
            writeln!(
                out,
                "{:<22} {:>9} {:>6} {:>9} {:>6} {:>7} {:>10}",
                c.pack, c.due_today, c.new, c.learning, c.young, c.mature, retention
            )?;
        }
        writeln!(
            out,
            "study day {} · progress in {database}",
            Days::date_of(today)
        )
    };
    write(out).map_err(|e| e.to_string())
}

fn run_optimise(
    dirs: &AppDirs,
    json: bool,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), String> {
    let (mut engine, _, _) = open_engine(dirs, clock, err)?;
    let o = engine.optimise().map_err(|e| e.to_string())?;
    let written = if json {
        serde_json::to_writer_pretty(&mut *out, &o)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        writeln!(
            out,
            "fitted to {} answers: log loss {:.4} -> {:.4}, RMSE {:.4} -> {:.4}; the new parameters are in use",
            o.reviews, o.before.log_loss, o.after.log_loss, o.before.rmse, o.after.rmse
        )
    };
    written.map_err(|e| e.to_string())
}
