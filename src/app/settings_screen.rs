//! The settings screen's state and actions: a draft edited on screen, saved on the learner's
//! word, and the question asked when leaving with unsaved changes.

use std::path::Path;

use super::{App, Screen};
use crate::progress::settings::Settings;
use crate::ui::Action;
use crate::ui::settings::Leave;

/// The settings screen's state.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsState {
    /// The settings being edited.
    pub draft: Settings,
    /// Whether "Save changes?" is being asked (the learner tried to leave with changes).
    pub asking: bool,
    /// What each desired retention would cost and give, once asked for.
    pub choices: Option<Vec<crate::study::workload::RetentionPoint>>,
    /// What the last re-fit of the memory model did.
    pub refit: Option<crate::study::refit::Refit>,
}

/// Shows a folder in the desktop's file manager; the app's is the `open` crate's (xdg-open and
/// its kin on Linux, Finder, Explorer), a test's records what it was asked.
pub type FolderOpener = Box<dyn Fn(&Path) -> std::io::Result<()>>;

impl App {
    /// The app, showing folders with `opener` instead of the desktop's file manager.
    #[must_use]
    pub fn with_folder_opener(mut self, opener: FolderOpener) -> Self {
        self.open_folder = opener;
        self
    }

    /// The data folder (progress, backups, installed packs), when there is one.
    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    /// Opens the data folder in the file manager (made first: a fresh home may not have it
    /// yet); the notice says why when it cannot.
    fn open_data_folder(&mut self) {
        let Some(dir) = self.data_dir.clone() else {
            self.notice =
                Some("There is no data folder to open: set KUBESTUDY_HOME to a folder.".to_owned());
            return;
        };
        let opened = std::fs::create_dir_all(&dir).and_then(|()| (self.open_folder)(&dir));
        self.notice = Some(match opened {
            Ok(()) => format!("Opened {} in your file manager.", dir.display()),
            // The error names the folder already.
            Err(e) => format!(
                "Could not open the data folder ({e}): open it in your file manager yourself, \
                 or install xdg-utils."
            ),
        });
    }

    /// Settings actions: the draft lives in the screen; saving writes the file.
    pub(super) fn apply_settings(&mut self, action: Action) {
        match (&mut self.screen, action) {
            (_, Action::OpenSettings) => {
                let refit = self
                    .engine
                    .as_ref()
                    .ok()
                    .and_then(|e| e.last_refit().ok().flatten());
                self.screen = Screen::Settings(Box::new(SettingsState {
                    draft: self.settings.clone(),
                    asking: false,
                    choices: None,
                    refit,
                }));
            }
            (Screen::Settings(_), Action::RefitNow) => self.refit_now = true,
            (Screen::Settings(_), Action::UndoRefit) => self.undo_refit(),
            (Screen::Settings(_), Action::OpenDataFolder) => self.open_data_folder(),
            (_, Action::SyncNow) => self.sync_now(),
            (Screen::Settings(state), Action::ChooseSyncFolder) => {
                // The native dialog (xdg portal or zenity); without either, rfd gives None and
                // the typed path is the way.
                match rfd::FileDialog::new().pick_folder() {
                    Some(path) => {
                        state.draft.sync_folder = Some(path.display().to_string());
                    }
                    None => {
                        self.notice = Some(
                            "No folder was picked (or no file dialog is available): type the \
                             folder's path instead."
                                .to_owned(),
                        );
                    }
                }
            }
            (Screen::Settings(state), Action::EditSettings(edited)) => state.draft = *edited,
            (Screen::Settings(state), Action::CompareRetention) => {
                if let Ok(engine) = &self.engine {
                    match engine.retention_choices(self.clock.as_ref()) {
                        Ok(points) => state.choices = Some(points),
                        Err(e) => self.notice = Some(e.to_string()),
                    }
                }
            }
            (Screen::Settings(state), Action::SaveSettings) => {
                let draft = state.draft.clone();
                self.save_settings(draft);
            }
            (Screen::Settings(state), Action::LeaveSettings(leave)) => match leave {
                Leave::Ask if state.draft == self.settings => self.screen = Screen::Home,
                Leave::Ask => state.asking = true,
                Leave::Stay => state.asking = false,
                Leave::Discard => self.screen = Screen::Home,
                Leave::Save => {
                    state.asking = false;
                    let draft = state.draft.clone();
                    self.save_settings(draft);
                    // Saved: the settings in force are the draft. Not saved: stay, and the
                    // notice says why.
                    if matches!(&self.screen, Screen::Settings(s) if s.draft == self.settings) {
                        self.screen = Screen::Home;
                    }
                }
            },
            _ => {}
        }
    }
}
