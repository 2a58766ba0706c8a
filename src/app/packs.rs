//! The packs screen: import a `.kspack` file or a pack folder (typed, or dropped on the window)
//! after seeing what it holds, what it changes and every problem; export a pack; remove one.
//! The library reloads after a change, and progress is kept by item id.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{App, Screen};
use crate::pack::installed::{self, PacksLock};
use crate::pack::share::{Staged, diff, export, file_name, stage};
use crate::pack::{Library, load};
use crate::ui::Action;

/// An import waiting for the learner's go-ahead.
#[derive(Debug)]
pub struct StagedImport {
    /// The unpacked, validated pack (removed if not installed).
    pub staged: Staged,
    /// What it is: title, version, authors, license, counts.
    pub summary: Vec<String>,
    /// Every problem, located.
    pub problems: Vec<String>,
    /// What it changes in the installed version, if there is one.
    pub changes: Option<String>,
    /// It is the same as or older than the installed version: replacing needs a second thought.
    pub not_newer: bool,
    /// An Anki package's review history, brought in once the pack is installed.
    pub anki: Option<crate::anki::import::Pending>,
    /// An Anki package's file, what its preview can change, and what is chosen now.
    pub anki_choice: Option<AnkiChoice>,
}

/// The choices an Anki package's preview offers, and the ones made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnkiChoice {
    /// The package, to read again when a choice changes.
    pub from: PathBuf,
    /// Its decks and note types.
    pub options: crate::anki::import::Options,
    /// What is chosen.
    pub chosen: crate::anki::import::Choice,
}

/// A pack folder open for authoring: reloaded when its files change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authoring {
    /// The folder.
    pub dir: PathBuf,
    /// Sizes and modification times of its files when last loaded.
    stamp: Vec<(PathBuf, u64, Option<std::time::SystemTime>)>,
    /// When the files were last looked at (milliseconds).
    checked: i64,
    /// What loading it last found: a summary line, then every problem.
    pub report: Vec<String>,
}

/// The files of a pack folder (its `.ron` files and `assets/`), with sizes and times.
fn stamp(dir: &Path) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut out = Vec::new();
    for folder in [dir.to_owned(), dir.join("assets")] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            if let Ok(meta) = entry.metadata()
                && meta.is_file()
            {
                out.push((entry.path(), meta.len(), meta.modified().ok()));
            }
        }
    }
    out.sort();
    out
}

/// The packs screen's state.
#[derive(Debug, Default)]
pub struct PacksState {
    /// The path typed (a file or folder to import, or a folder to export to).
    pub path: String,
    /// An import being looked at.
    pub staged: Option<StagedImport>,
    /// What the last action did.
    pub message: Option<String>,
}

/// What to say when no dialog could be shown (or the learner closed it).
const NO_DIALOG: &str =
    "No file chosen. If no dialog appeared, type the path in the box above instead.";

/// An Anki or Quizlet text export made into a pack and staged: front in column 1, back in
/// column 2, space-separated tags in column 3 (`kubestudy import-text` maps other columns).
/// Returns the staged pack and a preview: the mapping and the first rows.
fn stage_text_export(dir: &Path, from: &Path) -> Result<(Staged, Vec<String>), String> {
    use crate::pack::tsv::{Columns, note_lines, read_export, read_table, stage, title_from};
    let text = read_export(from)?;
    let name = from.display().to_string();
    let table = read_table(&text).map_err(|note| note.at(&name))?;
    let stem = from.file_stem().map_or_else(
        || "imported".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let id: String = stem
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let id = if id.is_empty() {
        "imported".to_owned()
    } else {
        id
    };
    let title = title_from(from, &id);
    let made =
        stage(dir, &table, Columns::default(), &id, &title).map_err(|r| r.describe(&name))?;
    let separator = if table.separator == '\t' {
        "tabs".to_owned()
    } else {
        format!("`{}`", table.separator)
    };
    let mut preview = vec![format!(
        "{} rows separated by {separator}: front = column 1, back = column 2, tags = column 3; {} skipped.",
        table.rows.len(),
        made.notes.iter().filter(|n| n.skipped).count()
    )];
    for row in table.rows.iter().take(3) {
        let cell = |i: usize| row.get(i).map_or(String::new(), |f| f.replace('\n', " / "));
        preview.push(format!("  {}  \u{2192}  {}", cell(0), cell(1)));
    }
    preview.extend(note_lines(&made.notes, &name));
    let staged = made.staged;
    Ok((staged, preview))
}

/// How long the window waits for a command-line install to let go of the packs folder.
const WINDOW_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Installs a staged pack the learner said yes to, under the packs folder's lock: the learner
/// saw the version and agreed, so a same or older version replaces the installed one; a
/// built-in that would still win is refused.
fn install_now(dir: &Path, staged: Staged) -> Result<PathBuf, String> {
    let Some(pack) = staged.report.pack.clone() else {
        return Err("The pack's manifest cannot be read; nothing was installed.".to_owned());
    };
    let lock = PacksLock::acquire(dir, WINDOW_LOCK_WAIT)?;
    installed::recover_locked(&lock);
    let plan = installed::plan(&lock, &pack, true).map_err(|r| r.describe(&pack))?;
    installed::install(&lock, staged, &plan)
}

/// Every primer: (pack index, primer index, title).
pub(super) fn primer_list(library: &Library) -> Vec<(usize, usize, String)> {
    let packs = library.packs().iter().enumerate();
    packs
        .flat_map(|(p, pack)| {
            let titles = pack.primers.iter().enumerate();
            titles.map(move |(i, primer)| (p, i, primer.title.clone()))
        })
        .collect()
}

/// Every diagram: (pack index, diagram index, title).
pub(super) fn diagram_list(library: &Library) -> Vec<(usize, usize, String)> {
    let packs = library.packs().iter().enumerate();
    packs
        .flat_map(|(p, pack)| {
            let titles = pack.diagrams.iter().enumerate();
            titles.map(move |(i, d)| (p, i, d.title.clone()))
        })
        .collect()
}

impl App {
    /// Packs actions.
    pub(super) fn apply_packs(&mut self, action: Action) {
        if !matches!(self.screen, Screen::Packs(_)) {
            self.screen = Screen::Packs(Box::default());
        }
        let Screen::Packs(state) = &mut self.screen else {
            return;
        };
        match action {
            Action::PackPath(path) => state.path = path,
            Action::ImportFrom(path) => {
                let path = path.unwrap_or_else(|| PathBuf::from(state.path.trim()));
                state.staged = None;
                state.message = None;
                if let Some(message) = self.phone_round_trip(&path) {
                    self.set_packs_message(message);
                    return;
                }
                self.show_staged(&path, &crate::anki::import::Choice::default());
            }
            Action::CancelImport => state.staged = None,
            Action::AnkiChoice(chosen) => {
                let Some(from) = state
                    .staged
                    .as_ref()
                    .and_then(|s| s.anki_choice.as_ref())
                    .map(|c| c.from.clone())
                else {
                    return;
                };
                // The old staging folder goes before the new one is made.
                state.staged = None;
                self.show_staged(&from, &chosen);
            }
            Action::PickImport(folder) => {
                // The native dialog (xdg portal or zenity); without either, rfd gives None and
                // the typed path is the way.
                let dialog = rfd::FileDialog::new();
                let picked = if folder {
                    dialog.pick_folder()
                } else {
                    dialog
                        .add_filter(
                            "Packs and decks",
                            &["kspack", "apkg", "colpkg", "tsv", "csv", "txt"],
                        )
                        .pick_file()
                };
                match picked {
                    Some(path) => self.apply_packs(Action::ImportFrom(Some(path))),
                    None => self.set_packs_message(NO_DIALOG.to_owned()),
                }
            }
            Action::ExportDialog(index) => {
                let Some(pack) = self.library.packs().get(index) else {
                    return;
                };
                let picked = rfd::FileDialog::new()
                    .set_file_name(file_name(pack))
                    .add_filter("kubestudy pack", &["kspack"])
                    .save_file();
                let message = match picked {
                    Some(path) => self.export_to(index, &path),
                    None => NO_DIALOG.to_owned(),
                };
                self.set_packs_message(message);
            }
            Action::ExportAnki(index, with_progress) => self.save_for_anki(index, with_progress),
            Action::InstallImport => self.install_import(),
            Action::ExportPack(index) => {
                let folder = PathBuf::from(state.path.trim());
                let message = self.export_pack(index, &folder);
                self.set_packs_message(message);
            }
            Action::AuthorFolder(open) => {
                let dir = PathBuf::from(state.path.trim());
                if open && !dir.join(crate::pack::source::MANIFEST).is_file() {
                    let message = format!("{} is not a pack folder (no pack.ron)", dir.display());
                    self.set_packs_message(message);
                    return;
                }
                self.authoring = open.then(|| Authoring {
                    stamp: stamp(&dir),
                    dir,
                    checked: self.clock.now().0,
                    report: Vec::new(),
                });
                self.reload_library();
            }
            Action::RemovePack(id, with_progress) => {
                let message = self.remove_pack(&id, with_progress);
                self.set_packs_message(message);
            }
            _ => {}
        }
    }

    /// Installs the import being looked at; an Anki package's history follows.
    fn install_import(&mut self) {
        let Screen::Packs(state) = &mut self.screen else {
            return;
        };
        let Some(import) = state.staged.take() else {
            return;
        };
        let Some(dir) = self.packs_dir.clone() else {
            return;
        };
        match install_now(&dir, import.staged) {
            Ok(target) => {
                self.reload_library();
                let mut message = format!("Installed into {}.", target.display());
                if let Some(pending) = import
                    .anki
                    .as_ref()
                    .filter(|p| !p.collection.reviews.is_empty())
                {
                    message.push(' ');
                    message.push_str(&self.import_anki_history(pending));
                }
                self.set_packs_message(message);
            }
            Err(e) => self.set_packs_message(e),
        }
    }

    /// An installed Anki package's review history into the store (the library is synced with
    /// the new pack already); what it did, as a sentence.
    fn import_anki_history(&mut self, pending: &crate::anki::import::Pending) -> String {
        let Ok(engine) = &mut self.engine else {
            return "Its review history was not imported: the progress store is not open."
                .to_owned();
        };
        let days =
            crate::study::clock::Days::of(self.clock.as_ref(), engine.settings().rollover_hour);
        let today = days.day_of(self.clock.now());
        match crate::anki::import::import_history(
            engine.store_mut(),
            &self.library,
            pending,
            (days, today),
        ) {
            Ok(report) => {
                let lines = report.lines();
                let mut text = lines.join("; ");
                if let Some(first) = text.get(..1) {
                    text = first.to_uppercase() + text.get(1..).unwrap_or_default();
                }
                text.push('.');
                text
            }
            Err(e) => format!(
                "Its review history was not imported ({e}); import the package again to bring it in."
            ),
        }
    }

    fn set_packs_message(&mut self, message: String) {
        if let Screen::Packs(state) = &mut self.screen {
            state.message = Some(message);
        }
    }

    /// Stages `from` (an Anki package as `choice` says) and shows it, or says why not.
    fn show_staged(&mut self, from: &Path, choice: &crate::anki::import::Choice) {
        match self.stage_import_with(from, choice) {
            Ok(staged) => {
                if let Screen::Packs(state) = &mut self.screen {
                    state.staged = Some(staged);
                }
            }
            Err(e) => {
                self.set_packs_message(format!("{}: {e}; nothing was installed", from.display()))
            }
        }
    }

    /// Asks where to save pack `index` for Anki, then saves it there.
    fn save_for_anki(&mut self, index: usize, with_progress: bool) {
        let Some(pack) = self.library.packs().get(index) else {
            return;
        };
        let name = format!("{}-{}.apkg", pack.id(), pack.manifest.version);
        let picked = rfd::FileDialog::new()
            .set_file_name(name)
            .add_filter("Anki package", &["apkg"])
            .save_file();
        let message = match picked {
            Some(path) => self.export_anki_to(index, &path, with_progress),
            None => NO_DIALOG.to_owned(),
        };
        self.set_packs_message(message);
    }

    /// An Anki package of our own cards back from the phone: its new answers merged into the
    /// history, and what happened in a message; `None` for anything else (staged as a pack).
    fn phone_round_trip(&mut self, from: &Path) -> Option<String> {
        if !crate::anki::import::is_anki_package(from) {
            return None;
        }
        let packs_dir = self.packs_dir.clone()?;
        let engine = self.engine.as_mut().ok()?;
        if engine.store().is_read_only() {
            return None;
        }
        let days = engine.days(self.clock.as_ref());
        let trip = match crate::anki::round_trip::check(
            &packs_dir,
            from,
            &self.pristine,
            engine.store(),
            days,
        ) {
            Ok(Some(trip)) => trip,
            // Not ours (or unreadable: the staging says why).
            Ok(None) | Err(_) => return None,
        };
        let mut lines = trip.lines();
        match crate::anki::round_trip::apply(engine, &trip, self.clock.as_ref()) {
            Ok(merged) => lines.push(format!(
                "Merged {} answers; {} cards rescheduled from their whole history.",
                merged.answers, merged.rebuilt
            )),
            Err(e) => lines.push(format!("The answers were not merged: {e}")),
        }
        if !trip.edits.is_empty() {
            lines.push(
                "To take the phone's edits as your own, run `kubestudy import FILE --accept-edits`."
                    .to_owned(),
            );
        }
        self.refresh_home();
        Some(lines.join("\n"))
    }

    /// Stages `from` for a look before installing; an Anki package as `choice` says.
    fn stage_import_with(
        &self,
        from: &Path,
        choice: &crate::anki::import::Choice,
    ) -> Result<StagedImport, String> {
        let dir = self
            .packs_dir
            .as_ref()
            .ok_or("there is no data folder to install into; set KUBESTUDY_HOME")?;
        let text_export = from.extension().is_some_and(|e| {
            ["tsv", "csv", "txt"]
                .iter()
                .any(|t| e.eq_ignore_ascii_case(t))
        });
        let (mut anki, mut anki_choice) = (None, None);
        let (staged, preview) = if crate::anki::import::is_anki_package(from) {
            let made = crate::anki::import::stage_package_with(dir, from, choice)?;
            anki = Some(made.pending);
            anki_choice = Some(AnkiChoice {
                from: from.to_owned(),
                options: made.options,
                chosen: choice.clone(),
            });
            (made.staged, made.preview)
        } else if text_export {
            stage_text_export(dir, from)?
        } else {
            (stage(dir, from)?, Vec::new())
        };
        let mut problems: Vec<String> = staged
            .report
            .problems
            .iter()
            .map(ToString::to_string)
            .collect();
        if let Some(pack) = &staged.report.pack
            && let Some(builtin) = installed::builtin_beating(pack)
        {
            problems.push(installed::Refusal::BuiltinWins { builtin }.describe(pack));
        }
        let Some(pack) = staged.report.pack.as_ref() else {
            return Ok(StagedImport {
                staged,
                summary: vec!["The pack's manifest cannot be read.".to_owned()],
                problems,
                changes: None,
                not_newer: false,
                anki,
                anki_choice,
            });
        };
        let m = &pack.manifest;
        let c = pack.counts();
        let summary = vec![
            format!("{} {} ({})", m.title, m.version, pack.id()),
            m.summary.clone(),
            format!(
                "By {}; license {}; {}.",
                m.authors.join(", "),
                m.license,
                crate::pack::model::checked_against(&m.kubernetes)
            ),
            format!("{}.", c.contents()),
        ]
        .into_iter()
        .chain(preview)
        .chain(
            crate::pack::share::left_out_line(&staged.left_out).map(|l| format!("Left out {l}.")),
        )
        .collect();
        let current = self.library.get(pack.id());
        let changes = current.map(|current| {
            let d = diff(current, pack);
            format!(
                "Installed now: {}. This adds {} items, changes {} and removes {}; your progress is kept by item id.",
                current.manifest.version,
                d.added.len(),
                d.changed.len(),
                d.removed.len()
            )
        });
        let not_newer =
            current.is_some_and(|c| installed::precedes(&c.manifest.version, &m.version).is_ge());
        Ok(StagedImport {
            staged,
            summary,
            problems,
            changes,
            not_newer,
            anki,
            anki_choice,
        })
    }

    fn export_pack(&self, index: usize, folder: &Path) -> String {
        let Some(pack) = self.library.packs().get(index) else {
            return String::new();
        };
        if folder.as_os_str().is_empty() || !folder.is_dir() {
            return "Type the folder to export to in the path box first.".to_owned();
        }
        self.export_to(index, &folder.join(file_name(pack)))
    }

    fn export_to(&self, index: usize, path: &Path) -> String {
        let (Some(pack), Some(source)) = (
            self.library.packs().get(index),
            self.pack_sources.get(&index),
        ) else {
            return "This pack's files are not at hand.".to_owned();
        };
        match export(source, pack)
            .and_then(|bytes| crate::files::write_atomic(path, &bytes).map_err(|e| e.to_string()))
        {
            Ok(()) => format!("Exported to {}.", path.display()),
            Err(e) => format!("Not exported: {e}"),
        }
    }

    /// Writes pack `index` as an Anki package at `path`, with the learner's progress when
    /// asked; says what it wrote and what it left out.
    pub(super) fn export_anki_to(&self, index: usize, path: &Path, with_progress: bool) -> String {
        let (Some(pack), Some(source)) = (
            self.library.packs().get(index),
            self.pack_sources.get(&index),
        ) else {
            return "This pack's files are not at hand.".to_owned();
        };
        let now = self.clock.now();
        let done = match (&self.engine, with_progress) {
            (Ok(engine), true) => {
                let with = crate::anki::export::WithProgress {
                    store: engine.store(),
                    days: engine.days(self.clock.as_ref()),
                };
                crate::anki::export::apkg(source, pack, Some(&with), now)
            }
            (Err(e), true) => Err(format!("your progress cannot be read: {e}")),
            (_, false) => crate::anki::export::apkg(source, pack, None, now),
        };
        let written = done.and_then(|done| {
            crate::files::write_atomic(path, &done.bytes)
                .map(|()| done)
                .map_err(|e| e.to_string())
        });
        match written {
            Ok(done) => {
                let mut message = format!(
                    "Saved for Anki to {}: {} notes, {} cards, {} images",
                    path.display(),
                    done.notes,
                    done.cards,
                    done.images
                );
                if with_progress {
                    message.push_str(&format!(", {} answers", done.reviews));
                }
                message.push('.');
                for line in &done.left_out {
                    message.push_str(&format!(" Left out: {line}."));
                }
                message
            }
            Err(e) => format!("Not saved: {e}"),
        }
    }

    fn remove_pack(&mut self, id: &str, with_progress: bool) -> String {
        let Some(dir) = &self.packs_dir else {
            return String::new();
        };
        let removed =
            PacksLock::acquire(dir, WINDOW_LOCK_WAIT).and_then(|lock| installed::remove(&lock, id));
        if let Err(e) = removed {
            return format!("Not removed: {e}");
        }
        let progress = match (&mut self.engine, with_progress) {
            (Ok(engine), true) => match engine.store_mut().delete_pack(id) {
                Ok(n) => format!("its progress ({n} items) is deleted"),
                Err(e) => format!("its progress could not be deleted: {e}"),
            },
            _ => "your progress in it is kept if you install it again".to_owned(),
        };
        self.reload_library();
        format!("Removed {id}; {progress}.")
    }

    /// Looks at the authoring folder once a second; reloads when a file changed.
    pub(super) fn check_authoring(&mut self) {
        let now = self.clock.now().0;
        let Some(authoring) = &mut self.authoring else {
            return;
        };
        if now - authoring.checked < 1000 {
            return;
        }
        authoring.checked = now;
        let fresh = stamp(&authoring.dir);
        if fresh != authoring.stamp {
            authoring.stamp = fresh;
            self.reload_library();
        }
    }

    /// Reloads the built-in and installed packs (and the folder open for authoring) after an
    /// install, a removal or an edit.
    pub(super) fn reload_library(&mut self) {
        let mut sources = crate::pack::library::available_sources(self.packs_dir.as_deref());
        // The folder being authored comes first, so it wins over a copy of the same version.
        if let Some(authoring) = &self.authoring {
            sources.insert(0, crate::pack::PackSource::Dir(authoring.dir.clone()));
        }
        let reports: Vec<_> = sources.iter().map(load).collect();
        if let (Some(authoring), Some(report)) = (&mut self.authoring, reports.first()) {
            let title = report.pack.as_ref().map_or_else(
                || "the manifest cannot be read".to_owned(),
                |p| format!("{} {}", p.manifest.title, p.manifest.version),
            );
            let problems = report.problems.len();
            authoring.report = std::iter::once(format!("Loaded {title}: {problems} problems."))
                .chain(report.problems.iter().map(ToString::to_string))
                .collect();
        }
        let library = Arc::new(Library::from_reports(&reports));
        if let Ok(engine) = &mut self.engine
            && let Err(e) = engine.sync_library(&library, self.clock.as_ref())
        {
            self.notice = Some(e.to_string());
        }
        self.primers = primer_list(&library);
        self.diagrams = diagram_list(&library);
        self.pristine = library;
        // Also rebuilds the glossary index over the edited packs.
        self.lay_out_edits();
        self.diagram_problems = super::diagram_problems(&self.library, &reports);
        self.pack_sources = super::pack_sources(&self.library, &sources, &reports);
        self.texture = None;
        self.refresh_home();
    }
}
