//! The store-error screen's way out: offering the newest backup and putting it back.

use std::path::PathBuf;

use super::App;
use crate::dirs::AppDirs;
use crate::progress::restore::{offer, restore_newest, stamp_of};
use crate::study::clock::Days;

impl App {
    /// The app, with its progress and backups in `dir`: when the progress cannot be opened, the
    /// store-error screen offers the newest backup there.
    #[must_use]
    pub fn with_data_dir(mut self, dir: Option<PathBuf>) -> Self {
        self.data_dir = dir;
        self.restore_offer = self.restore_offer();
        self
    }

    /// Today's date (`YYYY-MM-DD`) on the study-day calendar.
    fn today(&self) -> String {
        let days = Days::of(self.clock.as_ref(), self.settings.rollover_hour);
        Days::date_of(days.day_of(self.clock.now()))
    }

    /// The newest backup, described, while the progress cannot be opened because it is damaged
    /// or emptied.
    fn restore_offer(&self) -> Option<String> {
        if self.engine.is_ok() {
            return None;
        }
        let backup = offer(self.data_dir.as_deref()?, Some(&self.today()))?;
        let answers = backup.answers.unwrap_or(0);
        let which = if answers > 0 {
            "The newest backup with answers"
        } else {
            "The newest backup"
        };
        Some(format!(
            "{which}, of {}, holds {answers} {}. Restoring it keeps your current file beside it \
             under a new name.",
            backup.date,
            if answers == 1 { "answer" } else { "answers" }
        ))
    }

    /// Restores the newest good backup and opens the progress again; says what happened.
    pub(super) fn restore_backup(&mut self) {
        let Some(data) = self.data_dir.clone() else {
            self.notice = Some("There is no data folder to restore into.".to_owned());
            return;
        };
        let today = self.today();
        let restored = match restore_newest(&data, &stamp_of(self.clock.now()), Some(&today)) {
            Ok(restored) => restored,
            Err(e) => {
                self.notice = Some(format!("Nothing was restored: {e}"));
                return;
            }
        };
        let config = self.config_dir.clone().unwrap_or_else(|| data.clone());
        let dirs = AppDirs::with_folders(data, config);
        self.engine = super::frame::open_engine(&dirs, &self.library, self.clock.as_ref());
        self.restore_offer = self.restore_offer();
        let done = restored.describe();
        self.notice = Some(match &self.engine {
            Ok(_) => format!("Your progress is back: {done}."),
            Err(e) => format!("{done}, but it still cannot be opened: {e}"),
        });
    }
}
