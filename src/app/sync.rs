//! Folder sync in the window: at start, whenever the folder's files change (polled every two
//! seconds, like an authored pack folder), after study (every ten seconds while there is
//! something to send), on "Sync now" and when the window closes.

use super::App;
use crate::ui::settings_sync::SyncView;

/// How often the folder is looked at (ms).
const POLL_MS: i64 = 2_000;
/// How often this device's own unsent work is sent while nothing else changes (ms).
const SEND_MS: i64 = 10_000;

/// The window's sync state.
#[derive(Debug, Default)]
pub struct SyncState {
    /// The folder's fingerprint at the last sync.
    fingerprint: Option<u64>,
    /// The folder synced through last (a changed folder syncs at once).
    folder: Option<String>,
    /// When the folder was last looked at (ms).
    checked: i64,
    /// When the last sync ran (ms; 0: not yet).
    ran: i64,
    /// What the settings screen shows.
    pub view: SyncView,
    /// Home's line: the last sync and the devices heard from.
    home: Option<String>,
}

impl SyncState {
    /// Makes the next frame sync.
    pub fn force(&mut self) {
        self.folder = None;
    }

    /// Home's line about sync, once one ran.
    pub fn home_line(&self) -> Option<&str> {
        self.home.as_deref()
    }
}

impl App {
    /// Syncs when it is time to (see the module's note).
    pub(super) fn tick_sync(&mut self) {
        let Some(folder) = self.settings.sync_folder.clone() else {
            return;
        };
        if self
            .engine
            .as_ref()
            .map_or(true, |e| e.store().is_read_only())
        {
            return;
        }
        let now = self.clock.now().0;
        if self.sync.folder.as_deref() == Some(folder.as_str()) && now - self.sync.checked < POLL_MS
        {
            return;
        }
        self.sync.checked = now;
        let fingerprint = crate::sync::fingerprint(std::path::Path::new(&folder));
        let changed = self.sync.folder.as_deref() != Some(folder.as_str())
            || fingerprint != self.sync.fingerprint;
        let unsent = now - self.sync.ran >= SEND_MS
            && self
                .engine
                .as_ref()
                .is_ok_and(|e| e.store().has_unsent().unwrap_or(false));
        if changed || unsent {
            self.run_sync(&folder);
        }
    }

    /// Sends (and merges) once more before the window closes, when there is something to send.
    pub fn sync_on_exit(&mut self) {
        let Some(folder) = self.settings.sync_folder.clone() else {
            return;
        };
        let unsent = self
            .engine
            .as_ref()
            .is_ok_and(|e| !e.store().is_read_only() && e.store().has_unsent().unwrap_or(false));
        if unsent {
            self.run_sync(&folder);
        }
    }

    /// "Sync now".
    pub(super) fn sync_now(&mut self) {
        match self.settings.sync_folder.clone() {
            Some(folder) => self.run_sync(&folder),
            None => self.notice = Some("Choose a sync folder first (Settings).".to_owned()),
        }
    }

    fn run_sync(&mut self, folder: &str) {
        let now = self.clock.now();
        self.sync.ran = now.0;
        self.sync.folder = Some(folder.to_owned());
        let Ok(engine) = &mut self.engine else { return };
        let name = crate::sync::device_name();
        let result = crate::sync::run(
            engine,
            std::path::Path::new(folder),
            self.packs_dir.as_deref(),
            &name,
            self.clock.as_ref(),
        );
        // Our own write changed the folder: the next poll should not count it as news.
        self.sync.fingerprint = crate::sync::fingerprint(std::path::Path::new(folder));
        let report = match result {
            Ok(report) => report,
            Err(e) => {
                self.sync.home = Some(format!("Not synced: {e}"));
                self.sync.view.error = Some(e);
                return;
            }
        };
        let others: Vec<&str> = report
            .devices
            .iter()
            .filter(|d| !d.this)
            .map(|d| d.name.as_str())
            .collect();
        let status = status_line(&report, now);
        self.sync.home = Some(if others.is_empty() {
            format!("{status} No other device has synced through this folder yet.")
        } else {
            format!("{status} Devices: {}.", others.join(", "))
        });
        self.sync.view.error = None;
        self.sync.view.notes.clone_from(&report.notes);
        self.sync.view.status = Some(status);
        self.sync.view.devices = report
            .devices
            .iter()
            .map(|d| {
                let id = d.id.get(..8).unwrap_or(&d.id);
                (format!("{} · {id}", d.name), device_line(d))
            })
            .collect();
        if let Some(settings) = report.new_settings.clone() {
            self.take_synced_settings(settings);
        }
        let m = &report.merged;
        if report.cards > 0 {
            // The learner's own cards changed on another device: their pack is read again.
            self.reload_library();
        } else if m.writes > 0 {
            self.lay_out_edits();
        }
        if m.answers + m.retracted + m.writes + report.settings.len() + report.cards > 0 {
            self.refresh_home();
        }
    }

    /// Settings another device changed: in force here, and saved.
    fn take_synced_settings(&mut self, settings: crate::progress::settings::Settings) {
        if let Some(dir) = &self.config_dir
            && let Err(e) = crate::progress::settings::save(dir, &settings)
        {
            self.sync.view.error = Some(format!("the synced settings were not saved: {e}"));
        }
        self.settings = settings;
    }
}

/// "Synced at 10:42: 12 new answers, 1 change of settings."
fn status_line(r: &crate::sync::Report, at: crate::progress::types::Timestamp) -> String {
    let time = chrono::DateTime::from_timestamp_millis(at.0)
        .map(|t| t.with_timezone(&chrono::Local).format("%H:%M").to_string())
        .unwrap_or_default();
    let m = &r.merged;
    let mut parts = Vec::new();
    if m.answers > 0 {
        parts.push(crate::pack::plural(m.answers, "new answer"));
    }
    if m.retracted > 0 {
        parts.push(format!(
            "{} taken back",
            crate::pack::plural(m.retracted, "answer")
        ));
    }
    if m.writes > 0 {
        parts.push(crate::pack::plural(m.writes, "marked or edited item"));
    }
    if !r.settings.is_empty() {
        parts.push(crate::pack::plural(r.settings.len(), "setting"));
    }
    if r.cards > 0 {
        parts.push(format!(
            "{} of your own",
            crate::pack::plural(r.cards, "card")
        ));
    }
    if parts.is_empty() {
        format!("Synced at {time}: up to date.")
    } else {
        format!("Synced at {time}: {}.", parts.join(", "))
    }
}

fn device_line(d: &crate::progress::devices::Device) -> String {
    let answers = crate::pack::plural(usize::try_from(d.answers).unwrap_or(0), "answer");
    if d.this {
        return format!("this device · {answers}");
    }
    let seen = chrono::DateTime::from_timestamp_millis(d.last_seen)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    format!("last read {seen} · {answers}")
}
