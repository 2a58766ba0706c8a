//! `kubestudy import DECK.apkg`: an Anki package made into an installed pack, its notes as
//! cards by their note type's shape, what could not be kept listed per note, then its review
//! history brought into your progress.

use std::io::Write;
use std::path::Path;

use super::{EXIT_OK, EXIT_PROBLEMS};
use crate::anki::import::{self, Pending};
use crate::dirs::AppDirs;
use crate::files::terminal_safe;
use crate::study::clock::Clock;

pub use crate::anki::import::{is_anki_package, pack_id_for};

/// Imports the Anki package at `path` as a pack and installs it, then its review history into
/// the progress store.
pub fn import_anki(
    dirs: &AppDirs,
    path: &Path,
    force: bool,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let args = AnkiImport {
        force,
        ..AnkiImport::default()
    };
    import_anki_with(dirs, path, &args, clock, out, err)
}

/// How `kubestudy import` reads an Anki package.
#[derive(Debug, Clone, Default)]
pub struct AnkiImport {
    /// Replace an installed pack of the same or a newer version.
    pub force: bool,
    /// Only this top deck, as a pack of its own.
    pub deck: Option<String>,
    /// Every top deck as a pack of its own.
    pub split_decks: bool,
    /// Note types read another way: `TYPE=ASKED,ANSWER` (field names).
    pub fields: Vec<String>,
    /// For cards back from the phone: take the phone's edits as your own edits of the cards.
    pub accept_edits: bool,
}

/// [`import_anki`] as `args` say: one top deck, each top deck as its own pack, note types read
/// by the fields named.
pub fn import_anki_with(
    dirs: &AppDirs,
    path: &Path,
    args: &AnkiImport,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let failed = |err: &mut dyn Write, e: &str| {
        let _ = writeln!(
            err,
            "kubestudy import: {}; nothing was installed",
            terminal_safe(e, true)
        );
        EXIT_PROBLEMS
    };
    // Read once, whichever decks are staged from it.
    let packs = dirs.packs();
    let mut opened = match import::open_package(&packs, path) {
        Ok(opened) => opened,
        Err(e) => return failed(err, &e),
    };
    match round_trip(dirs, &opened, args.accept_edits, clock, out, err) {
        Ok(true) => return EXIT_OK,
        Ok(false) => {}
        Err(e) => return failed(err, &e),
    }
    let options = opened.options(&Default::default());
    let fields = match import::parse_fields(&options, &args.fields) {
        Ok(fields) => fields,
        Err(e) => {
            let _ = writeln!(err, "kubestudy import: {}", terminal_safe(&e, true));
            return super::EXIT_USAGE;
        }
    };
    if !args.split_decks {
        let staged = match &args.deck {
            Some(top) => opened.stage_deck(&packs, top, &fields),
            None => opened.stage_all(&packs, &fields),
        };
        return import_one(dirs, staged, args.force, clock, out, err);
    }
    let mut code = EXIT_OK;
    for (top, _) in &options.decks {
        let staged = opened.stage_deck(&packs, top, &fields);
        let one = import_one(dirs, staged, args.force, clock, out, err);
        if one != EXIT_OK {
            code = one;
        }
    }
    code
}

/// Installs one staged pack (or says why it was not staged), then its history.
fn import_one(
    dirs: &AppDirs,
    staged: Result<import::StagedPackage, String>,
    force: bool,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let pending = match staged.and_then(|made| install(dirs, made, force, out)) {
        Ok(pending) => pending,
        Err(e) => {
            let _ = writeln!(
                err,
                "kubestudy import: {}; nothing was installed",
                terminal_safe(&e, true)
            );
            return EXIT_PROBLEMS;
        }
    };
    match history(dirs, &pending, clock, out, err) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(
                err,
                "kubestudy import: the pack `{}` is installed, but its review history was not \
                 imported: {}; import the package again to bring it in",
                pending.id,
                terminal_safe(&e, true)
            );
            EXIT_PROBLEMS
        }
    }
}

fn install(
    dirs: &AppDirs,
    made: import::StagedPackage,
    force: bool,
    out: &mut impl Write,
) -> Result<Pending, String> {
    let io = |e: std::io::Error| e.to_string();
    let mut lines = made.preview.iter();
    if let Some(first) = lines.next() {
        writeln!(out, "{first}").map_err(io)?;
    }
    for line in lines {
        writeln!(out, "  {line}").map_err(io)?;
    }
    let cards = made
        .staged
        .report
        .pack
        .as_ref()
        .map_or(0, |p| p.cards.len());
    let target = super::share::install_staged(dirs, made.staged, force, out)?;
    writeln!(
        out,
        "installed {cards} cards as `{}` into {}",
        made.pending.id,
        target.display()
    )
    .map_err(io)?;
    Ok(made.pending)
}

/// The engine syncs the new pack's items first, then every card's answers and state go in at
/// once.
fn history(
    dirs: &AppDirs,
    pending: &Pending,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), String> {
    let (mut engine, days, library) = super::stats::open_engine(dirs, clock, err)?;
    let today = days.day_of(clock.now());
    let report = import::import_history(engine.store_mut(), &library, pending, (days, today))?;
    for line in report.lines() {
        writeln!(out, "{line}").map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `kubestudy export ID --format apkg`: pack `id` as an Anki package, `<id>-<version>.apkg`
/// (or where `out` says), with its progress only when `with_progress`.
pub fn export_apkg(
    dirs: Option<&AppDirs>,
    id: &str,
    out: Option<&Path>,
    flags: ExportFlags,
    clock: &dyn Clock,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> i32 {
    let (source, pack) = match super::share::find_pack(dirs, id, "export", stderr) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let name = format!("{}-{}.apkg", pack.id().as_str(), pack.manifest.version);
    let path = match super::share::target(out, &name, flags.force, "export", stderr) {
        Ok(path) => path,
        Err(code) => return code,
    };
    let result = write_apkg(
        dirs,
        &source,
        &pack,
        &path,
        flags.with_progress,
        clock,
        stderr,
    );
    match result {
        Ok(done) => {
            let progress = if flags.with_progress {
                format!(", {} reviews", done.reviews)
            } else {
                String::new()
            };
            let _ = writeln!(
                stdout,
                "wrote {} ({} bytes): {} notes, {} cards, {} images{progress}",
                path.display(),
                done.bytes.len(),
                done.notes,
                done.cards,
                done.images
            );
            for line in &done.left_out {
                let _ = writeln!(stdout, "  left out: {}", terminal_safe(line, false));
            }
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(
                stderr,
                "kubestudy export: {}; nothing was written",
                terminal_safe(&e, true)
            );
            EXIT_PROBLEMS
        }
    }
}

/// The switches of an `.apkg` export.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportFlags {
    /// Replace the file if it exists.
    pub force: bool,
    /// Carry the schedule and review history.
    pub with_progress: bool,
}

fn write_apkg(
    dirs: Option<&AppDirs>,
    source: &crate::pack::PackSource,
    pack: &crate::pack::Pack,
    path: &Path,
    with_progress: bool,
    clock: &dyn Clock,
    stderr: &mut impl Write,
) -> Result<crate::anki::export::Exported, String> {
    let done = if with_progress {
        let dirs = dirs.ok_or("no data folder, so no progress to export")?;
        let (engine, days, _) = super::stats::open_engine(dirs, clock, stderr)?;
        let with = crate::anki::export::WithProgress {
            store: engine.store(),
            days,
        };
        crate::anki::export::apkg(source, pack, Some(&with), clock.now())?
    } else {
        crate::anki::export::apkg(source, pack, None, clock.now())?
    };
    crate::files::write_atomic(path, &done.bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(done)
}

/// A package of cards exported from here, back from the phone: merges its new answers into
/// the history; `false` when the package holds no cards of installed packs.
fn round_trip(
    dirs: &AppDirs,
    opened: &import::OpenedPackage,
    accept_edits: bool,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<bool, String> {
    let ours = opened
        .collection()
        .notes
        .iter()
        .any(|n| n.guid.starts_with(crate::anki::round_trip::GUID_PREFIX));
    if !ours {
        return Ok(false);
    }
    let (mut engine, days, library) = super::stats::open_engine(dirs, clock, err)?;
    let Some(trip) =
        crate::anki::round_trip::read(opened.collection(), &library, engine.store(), days)?
    else {
        return Ok(false);
    };
    if engine.store().is_read_only() {
        return Err(
            "the data folder cannot be written, so the phone's answers cannot be merged".into(),
        );
    }
    let merged = crate::anki::round_trip::apply(&mut engine, &trip, clock)?;
    for line in trip.lines() {
        let _ = writeln!(out, "{}", terminal_safe(&line, false));
    }
    let _ = writeln!(
        out,
        "merged {} answers; {} cards rescheduled from their whole history",
        merged.answers, merged.rebuilt
    );
    if accept_edits && !trip.edits.is_empty() {
        let (applied, refused) =
            crate::anki::round_trip::accept_edits(&mut engine, &library, &trip.edits, clock.now())?;
        let _ = writeln!(
            out,
            "took the phone's edits of {applied} cards as your own edits"
        );
        for why in refused {
            let _ = writeln!(out, "not taken: {}", terminal_safe(&why, false));
        }
    } else if !trip.edits.is_empty() {
        let _ = writeln!(
            out,
            "run the import again with --accept-edits to take the phone's edits as your own"
        );
    }
    Ok(true)
}
