//! An Anki package made a staged pack (for the command line and the window alike), and once the
//! learner installed it, its review history brought into the progress store.

use std::collections::BTreeSet;
use std::path::Path;

use super::collection::{self, Collection};

use super::convert::{self, Origin};
use super::{history, package};
use crate::files::terminal_safe;
use crate::pack::share::Staged;
use crate::pack::tsv::{self, Columns};
use crate::pack::{Library, PackId};
use crate::progress::Store;
use crate::progress::imported::ImportCounts;
use crate::study::clock::Days;

/// Notes about rows shown in a preview, at most.
const NOTES_SHOWN: usize = 10;

/// Whether `path` names an Anki package (`.apkg`, `.colpkg`).
pub fn is_anki_package(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("apkg") || e.eq_ignore_ascii_case("colpkg"))
}

/// A pack id from a name: `My Deck (v2)` → `my-deck-v2` (`anki-…` when it starts otherwise
/// than with a letter).
pub fn pack_id_for(name: &str) -> String {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
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

/// What the history needs once the pack is installed.
#[derive(Debug, Clone)]
pub struct Pending {
    /// The pack's id.
    pub id: String,
    /// The collection read.
    pub collection: Collection,
    /// Where each card row came from.
    pub origins: Vec<Origin>,
    /// The card id each row made.
    pub ids: Vec<Option<String>>,
}

/// What the learner chose in the preview.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    /// Only this top deck, as a pack of its own named after it (`None`: every deck in one
    /// pack, each card tagged with its deck's path).
    pub deck: Option<String>,
    /// Note types read another way than their templates say: by id, the field asked and the
    /// field that answers.
    pub fields: convert::Fields,
}

/// A note type in use, for the preview's choice of fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeInUse {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its fields.
    pub fields: Vec<String>,
    /// Whether it is a cloze type (read one way only).
    pub cloze: bool,
    /// The fields its first card asks and answers with, as read now.
    pub read: (usize, usize),
}

/// What the preview can change: the top decks (with their cards) and the note types in use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Top decks, most cards first.
    pub decks: Vec<(String, usize)>,
    /// Note types in use.
    pub types: Vec<TypeInUse>,
}

/// A package staged as a pack, not installed yet.
#[derive(Debug)]
pub struct StagedPackage {
    /// The staged pack.
    pub staged: Staged,
    /// Lines for a preview: what the package holds, then what was not kept, per note.
    pub preview: Vec<String>,
    /// For the history, after installing.
    pub pending: Pending,
    /// What the preview can change.
    pub options: Options,
}

/// The options the preview offers for `collection` read with `fields`.
fn options(collection: &Collection, fields: &convert::Fields) -> Options {
    let used: BTreeSet<i64> = collection.notes.iter().map(|n| n.notetype).collect();
    let types = used
        .into_iter()
        .filter_map(|id| {
            let t = collection.notetypes.get(&id)?;
            let read = fields.get(&id).copied().unwrap_or_else(|| {
                t.templates
                    .first()
                    .map_or((0, 1), |(_, q, a)| convert::asks_answers(t, q, a))
            });
            Some(TypeInUse {
                id,
                name: t.name.clone(),
                fields: t.fields.clone(),
                cloze: t.cloze,
                read,
            })
        })
        .collect();
    Options {
        decks: collection.top_decks(),
        types,
    }
}

/// Note types read by the fields named, from `specs` like `Basic=Back,Front` (the note type's
/// name, the field asked, the field that answers), checked against `options`.
pub fn parse_fields(options: &Options, specs: &[String]) -> Result<convert::Fields, String> {
    let mut fields = convert::Fields::new();
    for spec in specs {
        let bad = || {
            format!(
                "`{spec}`: write --fields 'NOTE TYPE=ASKED FIELD,ANSWER FIELD', e.g. \
                 'Basic=Back,Front'"
            )
        };
        let (name, pair) = spec.split_once('=').ok_or_else(bad)?;
        let (asked, answer) = pair.split_once(',').ok_or_else(bad)?;
        let matching: Vec<&TypeInUse> = options
            .types
            .iter()
            .filter(|t| t.name == name.trim() && !t.cloze)
            .collect();
        let Some(t) = matching.first() else {
            let names: Vec<&str> = options.types.iter().map(|t| t.name.as_str()).collect();
            return Err(format!(
                "`{spec}`: no note type `{}` other than cloze is in use; in use: {}",
                name.trim(),
                names.join(", ")
            ));
        };
        let index = |field: &str| {
            t.fields
                .iter()
                .position(|f| f == field.trim())
                .ok_or_else(|| {
                    format!(
                        "`{spec}`: note type `{}` has no field `{}`; its fields: {}",
                        t.name,
                        field.trim(),
                        t.fields.join(", ")
                    )
                })
        };
        let (q, a) = (index(asked)?, index(answer)?);
        if q == a {
            return Err(format!(
                "`{spec}`: a card cannot ask and answer with one field"
            ));
        }
        // Note types of that name with the same fields (one per deck that brought it).
        for same in matching.iter().filter(|u| u.fields == t.fields) {
            fields.insert(same.id, (q, a));
        }
    }
    Ok(fields)
}

/// Reads the package at `path` and stages it as a pack inside `packs_dir`, every deck in it.
pub fn stage_package(packs_dir: &Path, path: &Path) -> Result<StagedPackage, String> {
    stage_package_with(packs_dir, path, &Choice::default())
}

/// Reads the package at `path` and stages it as a pack inside `packs_dir`, as `choice` says.
pub fn stage_package_with(
    packs_dir: &Path,
    path: &Path,
    choice: &Choice,
) -> Result<StagedPackage, String> {
    let mut opened = open_package(packs_dir, path)?;
    match &choice.deck {
        Some(top) => opened.stage_deck(packs_dir, top, &choice.fields),
        None => opened.stage_all(packs_dir, &choice.fields),
    }
}

/// A package opened and its collection read, to be staged once or deck by deck.
pub struct OpenedPackage {
    /// The package's path, as messages name it.
    name: String,
    path: std::path::PathBuf,
    /// The package (its collection copy and its media), dropped before its staging folder.
    opened: package::Package,
    whole: Collection,
    _scratch: Staged,
}

/// Opens the package at `path`, its collection copied into a staging folder inside `packs_dir`
/// (removed when the package is dropped), and reads the collection.
pub fn open_package(packs_dir: &Path, path: &Path) -> Result<OpenedPackage, String> {
    let name = path.display().to_string();
    let scratch = Staged::empty(packs_dir)?;
    let opened = package::open(path, scratch.dir())?;
    let whole = collection::read(&opened.conn).map_err(|e| format!("{name}: {e}"))?;
    Ok(OpenedPackage {
        name,
        path: path.to_owned(),
        opened,
        whole,
        _scratch: scratch,
    })
}

impl OpenedPackage {
    /// The collection read.
    pub fn collection(&self) -> &Collection {
        &self.whole
    }

    /// What its preview can change, with note types read as `fields` say.
    pub fn options(&self, fields: &convert::Fields) -> Options {
        options(&self.whole, fields)
    }

    /// Every deck staged as one pack.
    pub fn stage_all(
        mut self,
        packs_dir: &Path,
        fields: &convert::Fields,
    ) -> Result<StagedPackage, String> {
        let options = self.options(fields);
        let read = std::mem::take(&mut self.whole);
        self.stage(packs_dir, read, options, fields)
    }

    /// Top deck `top` staged as a pack of its own.
    pub fn stage_deck(
        &mut self,
        packs_dir: &Path,
        top: &str,
        fields: &convert::Fields,
    ) -> Result<StagedPackage, String> {
        let options = self.options(fields);
        if !options.decks.iter().any(|(d, _)| d == top) {
            let decks: Vec<&str> = options.decks.iter().map(|(d, _)| d.as_str()).collect();
            return Err(format!(
                "{} has no deck `{}`; its top decks: {}",
                terminal_safe(&self.name, false),
                terminal_safe(top, false),
                terminal_safe(&decks.join(", "), false)
            ));
        }
        let read = self.whole.only_deck(top);
        self.stage(packs_dir, read, options, fields)
    }

    /// `read` (the collection or a deck of it) staged as a pack.
    fn stage(
        &mut self,
        packs_dir: &Path,
        read: Collection,
        options: Options,
        fields: &convert::Fields,
    ) -> Result<StagedPackage, String> {
        let (name, path) = (self.name.as_str(), self.path.as_path());
        // Named after its main deck (the same deck downloaded again under another file name is the
        // same pack), else after the file.
        let deck = convert::main_deck(&read);
        let file_title = tsv::title_from(path, "anki-deck");
        let id = pack_id_for(deck.as_deref().unwrap_or(&file_title));
        let title = deck.unwrap_or(file_title);
        let opened = &mut self.opened;
        let (table, origins) =
            convert::table(&read, &title, fields, &mut |file| opened.media_file(file));
        let decks: Vec<&str> = read.decks.values().map(String::as_str).collect();
        let mut preview = vec![format!(
            "{}: {} notes, {} cards, {} reviews (Anki collection schema {}); decks: {}",
            terminal_safe(name, false),
            read.notes.len(),
            read.cards.len(),
            read.reviews.len(),
            read.schema,
            terminal_safe(&decks.join(", "), false)
        )];
        preview.extend(
            convert::mapping(&read, fields)
                .iter()
                .map(|line| terminal_safe(line, false)),
        );
        for (guid, why) in &read.skipped {
            preview.push(format!(
                "note {}: skipped: {why}",
                terminal_safe(guid, false)
            ));
        }
        let columns = Columns {
            front: 0,
            back: 1,
            tags: Some(2),
        };
        let made = tsv::stage(packs_dir, &table, columns, &id, &title)
            .map_err(|refusal| refusal.describe(name))?;
        for n in made.notes.iter().take(NOTES_SHOWN) {
            let skipped = if n.skipped { "skipped: " } else { "" };
            let line = format!("note {}: {skipped}{}", n.line, n.message);
            preview.push(terminal_safe(&line, false));
        }
        if made.notes.len() > NOTES_SHOWN {
            preview.push(format!("… and {} more", made.notes.len() - NOTES_SHOWN));
        }
        if !read.reviews.is_empty() {
            preview.push(format!(
                "Its review history ({} answers) comes with it once installed.",
                read.reviews.len()
            ));
        }
        Ok(StagedPackage {
            staged: made.staged,
            preview,
            pending: Pending {
                id,
                collection: read,
                origins,
                ids: made.ids,
            },
            options,
        })
    }
}

/// What bringing the history in did, and what it could not place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HistoryReport {
    /// Written to the store.
    pub counts: ImportCounts,
    /// Review-log entries for cards not in the package.
    pub orphans: usize,
    /// Anki cards with no item in the pack (a cloze number its text no longer has, a row the
    /// pack refused).
    pub unplaced: usize,
}

/// Brings `pending`'s review history into `store`, for the pack as `library` (synced with the
/// store) now has it; study days by `days`, `today` the one a card Anki buried is buried on.
pub fn import_history(
    store: &mut Store,
    library: &Library,
    pending: &Pending,
    (days, today): (Days, i64),
) -> Result<HistoryReport, String> {
    let present: BTreeSet<String> = library
        .get(&PackId(pending.id.clone()))
        .map(|p| p.cards.iter().map(|c| c.id.0.clone()).collect())
        .unwrap_or_default();
    let fsrs = fsrs::FSRS::new(&[]).map_err(|e| e.to_string())?;
    let found = history::histories(
        &pending.collection,
        &pending.origins,
        &pending.ids,
        &pending.id,
        &present,
        (days, today),
        &fsrs,
    );
    let counts = store
        .import_history(&found.items)
        .map_err(|e| e.to_string())?;
    Ok(HistoryReport {
        counts,
        orphans: found.orphans,
        unplaced: found.unplaced,
    })
}

impl HistoryReport {
    /// What it did, in sentences.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "imported {} answers of {} cards from the review history",
            self.counts.answers, self.counts.items
        )];
        if self.counts.kept > 0 {
            out.push(format!(
                "{} cards already studied here kept their own history",
                self.counts.kept
            ));
        }
        if self.unplaced > 0 {
            out.push(format!(
                "Anki cards with no card in the pack (a skipped note, or a cloze number its text \
                 does not have): {}; their history is left out",
                self.unplaced
            ));
        }
        if self.orphans > 0 {
            out.push(format!(
                "{} review-log entries are for cards not in the package: left out",
                self.orphans
            ));
        }
        out
    }
}
