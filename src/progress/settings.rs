//! `settings.ron` in the config folder: versioned, every field defaulted, so old files load.
//!
//! A file that cannot be read, or that a newer kubestudy wrote, gives the defaults with a warning
//! and is never silently overwritten: saving moves a broken file aside first (and says so), and
//! refuses to replace a newer one.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The settings file name in the config folder.
pub const SETTINGS_FILE: &str = "settings.ron";
/// The settings format this build writes.
pub const SETTINGS_VERSION: u32 = 1;

/// Light, dark, or follow the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    /// Follow the operating system.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// Which certification exam the learner prepares for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Exam {
    /// Kubernetes and Cloud Native Associate: multiple choice.
    Kcna,
    /// Certified Kubernetes Administrator: hands-on tasks.
    Cka,
    /// Certified Kubernetes Application Developer: hands-on tasks.
    Ckad,
}

impl Exam {
    /// Every exam, in menu order.
    pub const ALL: [Self; 3] = [Self::Kcna, Self::Cka, Self::Ckad];
}

/// The learner's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Format version of the file.
    pub version: u32,
    /// Colour theme.
    pub theme: Theme,
    /// Text size factor (1.0 = normal).
    pub font_scale: f32,
    /// Target probability of recall when an item comes due (0.70-0.99).
    pub desired_retention: f32,
    /// New items introduced per day, per pack.
    pub new_per_day: u32,
    /// Review-phase answers per day at most, across packs.
    pub reviews_per_day: u32,
    /// Local hour (0-23) at which a new study day starts.
    pub rollover_hour: u8,
    /// Learning steps, in minutes.
    pub learning_steps_minutes: Vec<u32>,
    /// Relearning steps, in minutes.
    pub relearning_steps_minutes: Vec<u32>,
    /// The exam date, `YYYY-MM-DD`, if one is set.
    pub exam_date: Option<String>,
    /// Which exam, if the learner said.
    pub exam: Option<Exam>,
    /// Days before the exam in which every item is seen once more (no review is scheduled
    /// past their start).
    pub last_pass_days: u32,
    /// The share of items the learner aims to recall on exam day (0.5-0.99).
    pub readiness_target: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            version: SETTINGS_VERSION,
            theme: Theme::System,
            font_scale: 1.0,
            desired_retention: 0.9,
            new_per_day: 20,
            reviews_per_day: 200,
            rollover_hour: 4,
            learning_steps_minutes: vec![1, 10],
            relearning_steps_minutes: vec![10],
            exam_date: None,
            exam: None,
            last_pass_days: 3,
            readiness_target: 0.9,
        }
    }
}

/// Settings as loaded, with what the learner should be told.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedSettings {
    /// The settings to use.
    pub settings: Settings,
    /// Why the defaults are used instead of the file, if they are.
    pub warning: Option<String>,
    /// The file is from a newer kubestudy: do not write it.
    pub newer: bool,
}

/// Reads `settings.ron` from `dir`; a missing file gives the defaults silently.
pub fn load(dir: &Path) -> LoadedSettings {
    let path = dir.join(SETTINGS_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return LoadedSettings {
                settings: Settings::default(),
                warning: None,
                newer: false,
            };
        }
        Err(e) => {
            return fallback(
                format!(
                    "{} cannot be read ({e}); using default settings",
                    path.display()
                ),
                false,
            );
        }
    };
    match ron::from_str::<Settings>(&text) {
        Ok(settings) if settings.version > SETTINGS_VERSION => fallback(
            format!(
                "{} is from a newer kubestudy (settings version {}); using default settings and leaving the file as it is",
                path.display(),
                settings.version
            ),
            true,
        ),
        Ok(settings) => LoadedSettings {
            settings: sanitised(settings),
            warning: None,
            newer: false,
        },
        Err(e) => fallback(
            format!(
                "{}:{}: {}; using default settings. The file is kept and moved aside as settings.ron.broken when settings are next saved",
                path.display(),
                e.span.start,
                e.code
            ),
            false,
        ),
    }
}

fn fallback(warning: String, newer: bool) -> LoadedSettings {
    LoadedSettings {
        settings: Settings::default(),
        warning: Some(warning),
        newer,
    }
}

/// Keeps values in their sensible ranges.
fn sanitised(mut s: Settings) -> Settings {
    s.desired_retention = s.desired_retention.clamp(0.7, 0.99);
    s.font_scale = s.font_scale.clamp(0.5, 3.0);
    s.rollover_hour = s.rollover_hour.min(23);
    s.new_per_day = s.new_per_day.min(9999);
    s
}

/// What saving did besides writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Written.
    Written,
    /// Written after moving an unreadable file aside to this path.
    MovedAside(PathBuf),
}

/// Writes `settings` to `dir/settings.ron` atomically (temporary file, then rename). Refuses to
/// replace a file from a newer kubestudy; moves an unreadable one aside first.
pub fn save(dir: &Path, settings: &Settings) -> Result<Saved, String> {
    let path = dir.join(SETTINGS_FILE);
    let current = load(dir);
    if current.newer {
        return Err(format!(
            "{} is from a newer kubestudy; it was not overwritten",
            path.display()
        ));
    }
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut outcome = Saved::Written;
    if current.warning.is_some() && path.exists() {
        let aside = dir.join(format!("{SETTINGS_FILE}.broken"));
        fs::rename(&path, &aside)
            .map_err(|e| format!("cannot move {} aside: {e}", path.display()))?;
        outcome = Saved::MovedAside(aside);
    }
    let text = ron::ser::to_string_pretty(
        &Settings {
            version: SETTINGS_VERSION,
            ..settings.clone()
        },
        ron::ser::PrettyConfig::default(),
    )
    .map_err(|e| format!("cannot write settings: {e}"))?;
    let temporary = dir.join(format!("{SETTINGS_FILE}.tmp"));
    fs::write(&temporary, text).map_err(|e| format!("{}: {e}", temporary.display()))?;
    fs::rename(&temporary, &path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn missing_partial_broken_and_newer_files() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            load(dir.path()),
            LoadedSettings {
                settings: Settings::default(),
                warning: None,
                newer: false
            }
        );

        // An old or partial file keeps what it has and defaults the rest.
        fs::write(
            dir.path().join(SETTINGS_FILE),
            "(new_per_day: 5, theme: Dark)",
        )
        .unwrap();
        let loaded = load(dir.path());
        assert_eq!(
            (
                loaded.settings.new_per_day,
                loaded.settings.theme,
                loaded.warning
            ),
            (5, Theme::Dark, None)
        );
        assert_eq!(loaded.settings.rollover_hour, 4);

        fs::write(dir.path().join(SETTINGS_FILE), "(new_per_day: \"lots\")").unwrap();
        let loaded = load(dir.path());
        assert_eq!(loaded.settings, Settings::default());
        assert!(
            loaded
                .warning
                .as_deref()
                .is_some_and(|w| w.contains("settings.ron:1:")),
            "{loaded:?}"
        );
        // Saving keeps the broken file, moved aside.
        let saved = save(
            dir.path(),
            &Settings {
                new_per_day: 7,
                ..Settings::default()
            },
        )
        .unwrap();
        assert_eq!(
            saved,
            Saved::MovedAside(dir.path().join("settings.ron.broken"))
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("settings.ron.broken")).unwrap(),
            "(new_per_day: \"lots\")"
        );
        assert_eq!(load(dir.path()).settings.new_per_day, 7);

        fs::write(
            dir.path().join(SETTINGS_FILE),
            "(version: 9, new_per_day: 3)",
        )
        .unwrap();
        let loaded = load(dir.path());
        assert!(loaded.newer && loaded.settings == Settings::default());
        assert!(save(dir.path(), &Settings::default()).is_err());
        assert_eq!(
            fs::read_to_string(dir.path().join(SETTINGS_FILE)).unwrap(),
            "(version: 9, new_per_day: 3)"
        );
    }

    #[test]
    fn saved_settings_load_back() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings {
            theme: Theme::Light,
            exam_date: Some("2026-12-01".into()),
            desired_retention: 0.85,
            ..Settings::default()
        };
        assert_eq!(save(dir.path(), &settings).unwrap(), Saved::Written);
        assert_eq!(load(dir.path()).settings, settings);
    }
}
