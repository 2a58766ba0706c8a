//! Settings' "Sync with your other devices": the folder this device syncs through, Sync now,
//! and what the last sync did and which devices it has heard from.

use egui::{RichText, Ui};

use super::Action;
use super::theme::{self, Palette, space};
use crate::progress::settings::Settings;

/// What the app knows about sync, for the screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncView {
    /// The last sync, in a sentence ("Synced at 10:42: 12 new answers from desktop.").
    pub status: Option<String>,
    /// Why the last sync failed, if it did.
    pub error: Option<String>,
    /// Notes of the last sync (files skipped, records damaged).
    pub notes: Vec<String>,
    /// Each device heard from: its name and a line about it.
    pub devices: Vec<(String, String)>,
}

/// Draws the section; edits go into `draft` (saved with the other settings).
pub fn sync_settings(
    ui: &mut Ui,
    draft: &mut Settings,
    saved: &Settings,
    view: &SyncView,
    action: &mut Option<Action>,
) {
    theme::section(ui, "Sync with your other devices");
    theme::muted(
        ui,
        "Pick a folder you already sync between your machines (Syncthing, Dropbox, Nextcloud, \
         a USB stick). Each device writes only its own file there and reads the others'; \
         nothing is overwritten, so no answer is ever lost.",
    );
    let mut text = draft.sync_folder.clone().unwrap_or_default();
    ui.horizontal(|ui| {
        let label = ui.label("Sync folder");
        let edit = egui::TextEdit::singleline(&mut text)
            .hint_text("none: this device does not sync")
            .font(egui::TextStyle::Monospace)
            .desired_width(ui.available_width() - 180.0);
        ui.add(edit).labelled_by(label.id);
        if ui
            .button("Choose…")
            .on_hover_text("Pick the folder in a file dialog")
            .clicked()
        {
            *action = Some(Action::ChooseSyncFolder);
        }
        if draft.sync_folder.is_some() && ui.button("Stop syncing").clicked() {
            text.clear();
        }
    });
    let trimmed = text.trim();
    draft.sync_folder = (!trimmed.is_empty()).then(|| trimmed.to_owned());
    if draft.sync_folder != saved.sync_folder {
        theme::muted(ui, "Save to sync through this folder.");
        return;
    }
    if saved.sync_folder.is_none() {
        return;
    }
    ui.add_space(space::S);
    ui.horizontal(|ui| {
        if ui
            .button("Sync now")
            .on_hover_text(
                "Also runs by itself at start, when the folder changes and after you study",
            )
            .clicked()
        {
            *action = Some(Action::SyncNow);
        }
        if let Some(status) = &view.status {
            ui.label(status);
        }
    });
    if let Some(error) = &view.error {
        ui.colored_label(Palette::get(ui).warn, error);
    }
    for note in &view.notes {
        theme::muted(ui, note);
    }
    if !view.devices.is_empty() {
        ui.add_space(space::S);
        egui::Grid::new("sync-devices")
            .num_columns(2)
            .spacing([space::L, space::XS])
            .show(ui, |ui| {
                for (name, line) in &view.devices {
                    ui.label(RichText::new(name).strong());
                    ui.label(line);
                    ui.end_row();
                }
            });
    }
}
