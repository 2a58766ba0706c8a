//! Where kubestudy keeps the learner's files: data (progress, installed packs, window state) and
//! config, and whether those folders can be used.

use std::path::{Path, PathBuf};

/// The environment variable that points data and config at one folder (portable use, tests).
pub const HOME_VAR: &str = "KUBESTUDY_HOME";

/// The folders kubestudy writes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppDirs {
    /// Progress database, installed packs.
    pub data: PathBuf,
    /// Settings.
    pub config: PathBuf,
    /// Both come from `KUBESTUDY_HOME` (named so in messages).
    from_home: bool,
}

impl AppDirs {
    /// `home` (the value of `KUBESTUDY_HOME`) if given, else the platform's folders; `None` when
    /// the platform has no home directory.
    pub fn resolve(home: Option<&Path>) -> Option<Self> {
        if let Some(home) = home.filter(|h| !h.as_os_str().is_empty()) {
            return Some(Self {
                data: home.to_owned(),
                config: home.to_owned(),
                from_home: true,
            });
        }
        let dirs = directories::ProjectDirs::from("dev", "kubestudy", "kubestudy")?;
        Some(Self {
            data: dirs.data_dir().to_owned(),
            config: dirs.config_dir().to_owned(),
            from_home: false,
        })
    }

    /// These two folders, as found earlier (the window reopening its progress).
    pub fn with_folders(data: PathBuf, config: PathBuf) -> Self {
        Self {
            data,
            config,
            from_home: false,
        }
    }

    /// Installed user packs.
    pub fn packs(&self) -> PathBuf {
        self.data.join("packs")
    }

    /// The window's size and position and egui's memory (eframe's `app.ron`), kept with the
    /// rest of the data so that `KUBESTUDY_HOME` holds everything kubestudy writes.
    pub fn window_state(&self) -> PathBuf {
        self.data.join("app.ron")
    }

    /// Why these folders cannot be used, if they cannot: one of them (or a folder above it) is
    /// a file. A folder that does not exist yet is fine; it is created when needed.
    pub fn problem(&self) -> Option<String> {
        let (data, config) = (not_a_folder(&self.data), not_a_folder(&self.config));
        if self.from_home {
            let (blocker, kind) = data?;
            let home = self.data.display();
            return Some(if blocker == self.data {
                format!(
                    "{HOME_VAR} ({home}) is {kind}, not a folder: set {HOME_VAR} to a folder (a missing one is created)"
                )
            } else {
                format!(
                    "{HOME_VAR} ({home}) is inside {}, which is {kind}, not a folder: set {HOME_VAR} to a folder (a missing one is created)",
                    blocker.display()
                )
            });
        }
        let (what, path, (blocker, kind)) = data
            .map(|d| ("data", &self.data, d))
            .or_else(|| config.map(|c| ("config", &self.config, c)))?;
        Some(format!(
            "kubestudy's {what} folder {} cannot be made: {} is {kind}, not a folder. Move it away, or set {HOME_VAR} to a folder for kubestudy's files",
            path.display(),
            blocker.display()
        ))
    }
}

/// The nearest existing one of `path` and the folders above it, with what it is, when it is
/// not a folder.
fn not_a_folder(path: &Path) -> Option<(PathBuf, &'static str)> {
    let (existing, meta) = path
        .ancestors()
        .find_map(|p| std::fs::metadata(p).ok().map(|m| (p, m)))?;
    if meta.is_dir() {
        return None;
    }
    let kind = if meta.is_file() {
        "a file"
    } else {
        "a device or other special file"
    };
    Some((existing.to_owned(), kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_override_wins() {
        let dirs =
            AppDirs::resolve(Some(Path::new("/tmp/ks"))).unwrap_or_else(|| panic!("resolves"));
        assert_eq!(dirs.data, PathBuf::from("/tmp/ks"));
        assert_eq!(dirs.packs(), PathBuf::from("/tmp/ks/packs"));
        assert_eq!(dirs.window_state(), PathBuf::from("/tmp/ks/app.ron"));
    }

    #[test]
    fn a_home_that_is_a_file_is_named_as_one() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("regular-file-home");
        std::fs::write(&file, "x").unwrap_or_else(|e| panic!("{e}"));
        let resolve = |p: &Path| AppDirs::resolve(Some(p)).unwrap_or_else(|| panic!("resolves"));

        assert_eq!(resolve(dir.path()).problem(), None);
        assert_eq!(resolve(&dir.path().join("missing/nested")).problem(), None);
        assert_eq!(
            resolve(&file).problem(),
            Some(format!(
                "KUBESTUDY_HOME ({}) is a file, not a folder: set KUBESTUDY_HOME to a folder (a missing one is created)",
                file.display()
            ))
        );
        let inside = resolve(&file.join("sub")).problem().unwrap_or_default();
        assert!(
            inside.contains(&format!("is inside {}, which is a file", file.display())),
            "{inside}"
        );
        #[cfg(unix)]
        {
            let null = resolve(Path::new("/dev/null"))
                .problem()
                .unwrap_or_default();
            assert!(null.contains("is a device or other special file"), "{null}");
        }
    }
}
