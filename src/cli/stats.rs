//! `kubestudy stats`: today's work and retention per pack, from the progress store.

use std::io::Write;

use serde::Serialize;

use super::{EXIT_OK, EXIT_PROBLEMS};
use crate::dirs::AppDirs;
use crate::pack::{Library, load};
use crate::progress::{Store, backup, settings};
use crate::study::Engine;
use crate::study::clock::{Clock, Days};
use crate::study::stats::{PackOverview, overview, waiting_today};

#[derive(Serialize)]
struct StatsJson<'a> {
    date: String,
    database: String,
    packs: Vec<PackJson<'a>>,
}

/// One pack's figures, with home's "new" (today's) beside the cards never answered.
#[derive(Serialize)]
struct PackJson<'a> {
    #[serde(flatten)]
    overview: &'a PackOverview,
    /// New cards today, within the daily limit: home's "New".
    new_today: usize,
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

/// Opens the store (making today's backup) and an engine synced with every available pack. A
/// data folder that cannot be written is shown read-only (no backup, no sync), with a note.
pub(super) fn open_engine(
    dirs: &AppDirs,
    clock: &dyn Clock,
    err: &mut impl Write,
) -> Result<(Engine, Days, Library), String> {
    open_engine_with(dirs, clock, err, true)
}

fn open_engine_with(
    dirs: &AppDirs,
    clock: &dyn Clock,
    err: &mut impl Write,
    read_only_view: bool,
) -> Result<(Engine, Days, Library), String> {
    let loaded = settings::load(&dirs.config);
    let clock_warning = crate::study::clock::clock_warning(clock.now());
    for warning in loaded.warning.iter().chain(&clock_warning) {
        let _ = writeln!(err, "warning: {warning}");
    }
    let store = match Store::open(&dirs.data) {
        Ok(store) => store,
        Err(e) if read_only_view && e.is_read_only() => open_read_only(dirs, &e, err)?,
        Err(e) if e.is_read_only() => {
            return Err(format!(
                "{e}; this command saves its result, so it needs a data folder kubestudy can write"
            ));
        }
        Err(e) => return Err(e.to_string()),
    };
    let days = Days::of(clock, loaded.settings.rollover_hour);
    if !store.is_read_only() {
        let date = Days::date_of(days.day_of(clock.now()));
        match backup::daily(&store, &dirs.data, &date) {
            Ok(made) => {
                for warning in made.warnings {
                    let _ = writeln!(err, "warning: {warning}");
                }
            }
            Err(e) => {
                let _ = writeln!(err, "warning: today's backup was not made: {e}");
            }
        }
    }
    let mut engine = Engine::new(store, loaded.settings).map_err(|e| e.to_string())?;
    for warning in engine.warnings() {
        let _ = writeln!(err, "warning: {warning}");
    }
    let sources = crate::pack::library::available_sources(Some(&dirs.packs()));
    let reports: Vec<_> = sources.iter().map(load).collect();
    let library = Library::from_reports(&reports);
    if !engine.store().is_read_only() {
        engine
            .sync_library(&library, clock)
            .map_err(|e| e.to_string())?;
    }
    Ok((engine, days, library))
}

/// The read-only view of a data folder that cannot be written, with a note saying so.
fn open_read_only(
    dirs: &AppDirs,
    cause: &crate::progress::StoreError,
    err: &mut impl Write,
) -> Result<Store, String> {
    match Store::open_read_only(&dirs.data) {
        Ok(store) => {
            let _ = writeln!(
                err,
                "note: {} cannot be written, so this is a read-only view: no backup is made, \
                 packs installed since the last run are not counted, and nothing is saved",
                dirs.data.display()
            );
            Ok(store)
        }
        Err(e) if e.is_read_only() => Err(format!(
            "{cause}; {} holds no progress kubestudy can show without writing",
            dirs.data.display()
        )),
        Err(e) => Err(e.to_string()),
    }
}

fn run(
    dirs: &AppDirs,
    json: bool,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), String> {
    let (engine, days, library) = open_engine(dirs, clock, err)?;
    let today = days.day_of(clock.now());
    let packs = overview(engine.store(), days, clock.now()).map_err(|e| e.to_string())?;
    let waiting = waiting_today(&engine, &library, clock).map_err(|e| e.to_string())?;
    let new_today = |pack: &str| waiting.get(pack).map_or(0, |w| w.new);
    let database = engine.store().path().display().to_string();
    if json {
        let doc = StatsJson {
            date: Days::date_of(today),
            database,
            packs: packs
                .iter()
                .map(|overview| PackJson {
                    overview,
                    new_today: new_today(&overview.counts.pack),
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(|e| e.to_string())?;
        writeln!(out).map_err(|e| e.to_string())?;
        return Ok(());
    }
    // The first column is as wide as the longest pack id.
    let width = packs
        .iter()
        .map(|p| p.counts.pack.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        writeln!(
            out,
            "{:<width$} {:>9} {:>9} {:>6} {:>9} {:>6} {:>7} {:>10}",
            "pack", "due today", "new today", "unseen", "learning", "young", "mature", "retention"
        )?;
        for p in &packs {
            let c = &p.counts;
            let retention = p
                .retention
                .rate()
                .map_or_else(|| "-".to_owned(), |r| format!("{:.1}%", r * 100.0));
            writeln!(
                out,
                "{:<width$} {:>9} {:>9} {:>6} {:>9} {:>6} {:>7} {:>10}",
                c.pack,
                c.due_today,
                new_today(&c.pack),
                c.unseen,
                c.learning,
                c.young,
                c.mature,
                retention
            )?;
        }
        writeln!(
            out,
            "new today: what home offers today within the daily limit; unseen: never answered"
        )?;
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
    // Optimising saves the fitted parameters: no read-only view.
    let (mut engine, _, _) = open_engine_with(dirs, clock, err, false)?;
    let o = engine.optimise(clock).map_err(|e| e.to_string())?;
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
