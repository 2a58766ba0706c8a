//! `kubestudy import DECK.apkg`: an Anki package made into an installed pack, its notes as
//! cards by their note type's shape, what could not be kept listed per note.

use std::io::Write;
use std::path::Path;

use super::{EXIT_OK, EXIT_PROBLEMS};
use std::collections::BTreeSet;

use crate::anki::{collection, convert, history, package};
use crate::dirs::AppDirs;
use crate::files::terminal_safe;
use crate::pack::PackId;
use crate::pack::share::Staged;
use crate::pack::tsv::{self, Columns};
use crate::study::clock::Clock;

/// Whether `path` names an Anki package (`.apkg`, `.colpkg`).
pub fn is_anki_package(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("apkg") || e.eq_ignore_ascii_case("colpkg"))
}

/// A pack id from the package's file name: `My Deck (v2).apkg` → `my-deck-v2`.
pub fn pack_id_for(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let words: Vec<String> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let mut id = words.join("-");
    id.truncate(48);
    let id = id.trim_end_matches('-').to_owned();
    if id.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        id
    } else {
        format!("anki-{id}").trim_end_matches('-').to_owned()
    }
}

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
    let installed = match install(dirs, path, force, out) {
        Ok(installed) => installed,
        Err(e) => {
            let _ = writeln!(
                err,
                "kubestudy import: {}; nothing was installed",
                terminal_safe(&e, true)
            );
            return EXIT_PROBLEMS;
        }
    };
    match import_history(dirs, &installed, clock, out, err) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(
                err,
                "kubestudy import: the pack `{}` is installed, but its review history was not \
                 imported: {}; import the package again to bring it in",
                installed.id,
                terminal_safe(&e, true)
            );
            EXIT_PROBLEMS
        }
    }
}

/// A package installed as a pack, with what its history needs.
struct Installed {
    id: String,
    read: collection::Collection,
    origins: Vec<convert::Origin>,
    ids: Vec<Option<String>>,
}

fn install(
    dirs: &AppDirs,
    path: &Path,
    force: bool,
    out: &mut impl Write,
) -> Result<Installed, String> {
    let io = |e: std::io::Error| e.to_string();
    let name = path.display().to_string();
    // The collection is copied into a staging folder of its own, removed when done.
    let scratch = Staged::empty(&dirs.packs())?;
    let opened = package::open(path, scratch.dir())?;
    let read = collection::read(&opened.conn).map_err(|e| format!("{name}: {e}"))?;
    drop(opened);
    drop(scratch);
    // Named after its main deck (the same deck downloaded again under another file name is the
    // same pack), else after the file.
    let deck = convert::main_deck(&read);
    let id = pack_id_for(Path::new(&format!(
        "{}.apkg",
        deck.as_deref()
            .unwrap_or(&tsv::title_from(path, "anki-deck"))
    )));
    let title = deck.unwrap_or_else(|| tsv::title_from(path, &id));
    let (table, origins) = convert::table(&read, &title);
    writeln!(
        out,
        "{}: {} notes, {} cards, {} reviews (schema {}); decks: {}",
        terminal_safe(&name, false),
        read.notes.len(),
        read.cards.len(),
        read.reviews.len(),
        read.schema,
        terminal_safe(
            &read.decks.values().cloned().collect::<Vec<_>>().join(", "),
            false
        )
    )
    .map_err(io)?;
    for (guid, why) in &read.skipped {
        writeln!(out, "  note {}: skipped: {why}", terminal_safe(guid, false)).map_err(io)?;
    }
    let columns = Columns {
        front: 0,
        back: 1,
        tags: Some(2),
    };
    let made = tsv::stage(&dirs.packs(), &table, columns, &id, &title)
        .map_err(|refusal| refusal.describe(&name))?;
    const SHOWN: usize = 10;
    for n in made.notes.iter().take(SHOWN) {
        let skipped = if n.skipped { "skipped: " } else { "" };
        let line = format!("note {}: {skipped}{}", n.line, n.message);
        writeln!(out, "  {}", terminal_safe(&line, false)).map_err(io)?;
    }
    if made.notes.len() > SHOWN {
        writeln!(out, "  … and {} more", made.notes.len() - SHOWN).map_err(io)?;
    }
    let ids = made.ids;
    let staged = made.staged;
    let cards = staged.report.pack.as_ref().map_or(0, |p| p.cards.len());
    let target = super::share::install_staged(dirs, staged, force, out)?;
    writeln!(
        out,
        "installed {cards} cards as `{id}` into {}",
        target.display()
    )
    .map_err(io)?;
    Ok(Installed {
        id,
        read,
        origins,
        ids,
    })
}

/// The review history of an installed package: the engine syncs the new pack's items first,
/// then every card's answers and state go in at once.
fn import_history(
    dirs: &AppDirs,
    installed: &Installed,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let Installed {
        id,
        read,
        origins,
        ids,
    } = installed;
    let (mut engine, days, library) = super::stats::open_engine(dirs, clock, err)?;
    let present: BTreeSet<String> = library
        .get(&PackId(id.clone()))
        .map(|p| p.cards.iter().map(|c| c.id.0.clone()).collect())
        .unwrap_or_default();
    let fsrs = fsrs::FSRS::new(&[]).map_err(|e| e.to_string())?;
    let found = history::histories(read, origins, ids, id, &present, days, &fsrs);
    let counts = engine
        .store_mut()
        .import_history(&found.items)
        .map_err(|e| format!("the review history was not imported: {e}"))?;
    writeln!(
        out,
        "imported {} answers of {} cards from the review history",
        counts.answers, counts.items
    )
    .map_err(io)?;
    if counts.kept > 0 {
        writeln!(
            out,
            "  {} cards already studied here kept their own history",
            counts.kept
        )
        .map_err(io)?;
    }
    if found.orphans > 0 {
        writeln!(
            out,
            "  {} review-log entries are for cards not in the package: left out",
            found.orphans
        )
        .map_err(io)?;
    }
    Ok(())
}
