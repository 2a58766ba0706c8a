//! `settings.ron` in the config folder: versioned, every field defaulted, so old files load.
//!
//! A file that cannot be read, or that a newer kubestudy wrote, gives the defaults with a warning
//! and is never silently overwritten: saving moves a broken file aside first (to a fresh name,
//! and says so), and refuses to replace a newer one. A value out of its range (or not a number:
//! NaN, infinity) gives that field's default, with a warning naming the field.

mod validate;

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::files::{ReadError, read_text_bounded, write_atomic};
pub use validate::{
    DESIRED_RETENTION, FONT_SCALE, LAST_PASS_DAYS, LEECH_LAPSES, MAX_STEPS, NEW_PER_DAY,
    READINESS_TARGET, REVIEWS_PER_DAY, ROLLOVER_HOUR, STEP_MINUTES,
};

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
    /// Kubernetes and Cloud Native Security Associate: multiple choice.
    Kcsa,
    /// Certified Kubernetes Security Specialist: hands-on tasks.
    Cks,
}

impl Exam {
    /// Every exam, in menu order.
    pub const ALL: [Self; 5] = [Self::Kcna, Self::Cka, Self::Ckad, Self::Kcsa, Self::Cks];

    /// The exam's id: its blueprint in the built-in `cncf-exams` pack, its tag on items, and
    /// the word `--exam` takes.
    pub fn id(self) -> &'static str {
        match self {
            Self::Kcna => "kcna",
            Self::Cka => "cka",
            Self::Ckad => "ckad",
            Self::Kcsa => "kcsa",
            Self::Cks => "cks",
        }
    }

    /// The exam's short name, as the CNCF writes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Kcna => "KCNA",
            Self::Cka => "CKA",
            Self::Ckad => "CKAD",
            Self::Kcsa => "KCSA",
            Self::Cks => "CKS",
        }
    }

    /// The exam whose id is `id` (any case).
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|e| e.id().eq_ignore_ascii_case(id))
    }
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
    /// Lapses (forgetting a graduated item) that make an item a leech; 0: never.
    pub leech_lapses: u32,
    /// Whether a leech is also suspended (otherwise only marked).
    pub suspend_leeches: bool,
    /// The folder this device syncs through (one the learner syncs with Syncthing, Dropbox, a
    /// USB stick…); `None`: no sync. This device's own setting, never synced.
    pub sync_folder: Option<String>,
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
            leech_lapses: 8,
            suspend_leeches: false,
            sync_folder: None,
        }
    }
}

/// The largest `settings.ron` read: the file is a few hundred bytes, and this keeps a runaway
/// file (or a link to an endless device) from filling memory.
const MAX_BYTES: u64 = 1024 * 1024;

/// Settings as loaded, with what the learner should be told.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedSettings {
    /// The settings to use.
    pub settings: Settings,
    /// Why the defaults are used instead of the file (or some of its values), if they are.
    pub warning: Option<String>,
    /// The file is from a newer kubestudy: do not write it.
    pub newer: bool,
}

/// What to do about a file that cannot be used, for the end of each warning.
const KEPT: &str = "using default settings. The file is kept: Save in Settings moves it aside \
                    and writes a new one";

/// The settings that follow the learner from device to device through sync (the others,
/// such as the theme, text size and the sync folder itself, belong to one device).
pub const SYNCED: [&str; 12] = [
    "desired_retention",
    "new_per_day",
    "reviews_per_day",
    "rollover_hour",
    "learning_steps_minutes",
    "relearning_steps_minutes",
    "exam_date",
    "exam",
    "last_pass_days",
    "readiness_target",
    "leech_lapses",
    "suspend_leeches",
];

/// The value of each of [`SYNCED`] in `settings`.
pub fn synced_values(settings: &Settings) -> std::collections::BTreeMap<String, serde_json::Value> {
    let mut all = match serde_json::to_value(settings) {
        Ok(serde_json::Value::Object(all)) => all,
        _ => serde_json::Map::new(),
    };
    SYNCED
        .iter()
        .filter_map(|k| all.remove(*k).map(|v| ((*k).to_owned(), v)))
        .collect()
}

/// `settings` with `values` (of keys in [`SYNCED`]) in place, checked as a loaded file is;
/// values of other keys, or that do not fit, are left out.
pub fn with_synced(
    settings: &Settings,
    values: &std::collections::BTreeMap<String, serde_json::Value>,
) -> Settings {
    let mut out = settings.clone();
    for (key, value) in values {
        if !SYNCED.contains(&key.as_str()) {
            continue;
        }
        let Ok(serde_json::Value::Object(mut all)) = serde_json::to_value(&out) else {
            continue;
        };
        all.insert(key.clone(), value.clone());
        if let Ok(changed) = serde_json::from_value::<Settings>(serde_json::Value::Object(all)) {
            out = changed;
        }
    }
    validate::validated(out).0
}

/// Reads `settings.ron` from `dir`; a missing file gives the defaults silently.
pub fn load(dir: &Path) -> LoadedSettings {
    let path = dir.join(SETTINGS_FILE);
    let text = match read_text_bounded(&path, MAX_BYTES) {
        Ok(Ok(text)) => text,
        Err(ReadError::NotFound) => {
            return LoadedSettings {
                settings: Settings::default(),
                warning: None,
                newer: false,
            };
        }
        Ok(Err(offset)) => {
            return fallback(
                format!(
                    "{}: not UTF-8 text (bad byte at offset {offset}); {KEPT}",
                    path.display()
                ),
                false,
            );
        }
        Err(e) => {
            return fallback(
                format!("{}: {}; {KEPT}", path.display(), e.describe()),
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
        Ok(settings) => {
            let (settings, problems) = validate::validated(settings);
            let warning = (!problems.is_empty()).then(|| {
                format!(
                    "{}: {}. Correct the file, or press Save in Settings to write these values (the file is kept, moved aside)",
                    path.display(),
                    problems.join("; ")
                )
            });
            LoadedSettings {
                settings,
                warning,
                newer: false,
            }
        }
        Err(e) => fallback(
            format!("{}:{}: {}; {KEPT}", path.display(), e.span.start, e.code),
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

/// What saving did besides writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Written.
    Written,
    /// Written after moving the old file, which had problems, aside to this path.
    MovedAside(PathBuf),
}

/// Writes `settings` to `dir/settings.ron` atomically and durably. Refuses to replace a file
/// from a newer kubestudy; moves one with problems aside first, to a name not yet taken.
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
    if current.warning.is_some() && fs::symlink_metadata(&path).is_ok() {
        let aside = free_name(dir)?;
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
    write_atomic(&path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(outcome)
}

/// `settings.ron.broken`, or the first of `settings.ron.broken-2`, `-3`, ... not taken, so an
/// earlier broken copy is never overwritten.
fn free_name(dir: &Path) -> Result<PathBuf, String> {
    (1..=1000)
        .map(|n| match n {
            1 => dir.join(format!("{SETTINGS_FILE}.broken")),
            n => dir.join(format!("{SETTINGS_FILE}.broken-{n}")),
        })
        .find(|p| fs::symlink_metadata(p).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound))
        .ok_or_else(|| {
            format!(
                "{} holds 1000 broken copies of {SETTINGS_FILE}; delete some and save again",
                dir.display()
            )
        })
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

    #[test]
    fn a_nan_in_the_file_gives_that_default_and_names_the_field() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join(SETTINGS_FILE),
            "(font_scale: NaN, desired_retention: inf, readiness_target: -5.0, theme: Dark)",
        )
        .unwrap();
        let loaded = load(dir.path());
        assert_eq!(
            loaded.settings,
            Settings {
                theme: Theme::Dark,
                ..Settings::default()
            }
        );
        let warning = loaded.warning.unwrap();
        for needle in [
            "settings.ron: ",
            "font_scale is NaN",
            "desired_retention is inf",
            "readiness_target is -5",
        ] {
            assert!(warning.contains(needle), "{needle}: {warning}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(SETTINGS_FILE), "\u{feff}(new_per_day: 5)").unwrap();
        let loaded = load(dir.path());
        assert_eq!((loaded.settings.new_per_day, loaded.warning), (5, None));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_device_is_refused_without_reading_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SETTINGS_FILE);
        std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
        let loaded = load(dir.path());
        assert_eq!(loaded.settings, Settings::default());
        let warning = loaded.warning.unwrap();
        assert!(
            warning.contains("it is a device, not a regular file"),
            "{warning}"
        );
        // Saving moves the link aside, not what it points to.
        let saved = save(dir.path(), &Settings::default()).unwrap();
        assert_eq!(
            saved,
            Saved::MovedAside(dir.path().join("settings.ron.broken"))
        );
        assert!(
            fs::symlink_metadata(dir.path().join("settings.ron.broken"))
                .unwrap()
                .file_type()
                .is_symlink()
        );

        fs::remove_file(&path).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        if made.is_ok_and(|s| s.success()) {
            let warning = load(dir.path()).warning.unwrap();
            assert!(warning.contains("named pipe (FIFO)"), "{warning}");
        }
    }

    #[test]
    fn a_second_broken_file_does_not_replace_the_first_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SETTINGS_FILE);
        let mut kept = Vec::new();
        for (n, text) in ["(((", "(new_per_day: -1)", "(font_scale: NaN)"]
            .into_iter()
            .enumerate()
        {
            fs::write(&path, text).unwrap();
            let Saved::MovedAside(aside) = save(dir.path(), &Settings::default()).unwrap() else {
                panic!("{text} was not moved aside");
            };
            let expected = match n {
                0 => "settings.ron.broken".to_owned(),
                n => format!("settings.ron.broken-{}", n + 1),
            };
            assert_eq!(aside, dir.path().join(expected));
            kept.push((aside, text));
        }
        for (aside, text) in kept {
            assert_eq!(fs::read_to_string(aside).unwrap(), text);
        }
        assert_eq!(load(dir.path()).warning, None);
    }
}
