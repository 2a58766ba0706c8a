//! Where kubestudy keeps the learner's files: data (progress, installed packs) and config.

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
}

impl AppDirs {
    /// `home` (the value of `KUBESTUDY_HOME`) if given, else the platform's folders; `None` when
    /// the platform has no home directory.
    pub fn resolve(home: Option<&Path>) -> Option<Self> {
        if let Some(home) = home.filter(|h| !h.as_os_str().is_empty()) {
            return Some(Self {
                data: home.to_owned(),
                config: home.to_owned(),
            });
        }
        let dirs = directories::ProjectDirs::from("dev", "kubestudy", "kubestudy")?;
        Some(Self {
            data: dirs.data_dir().to_owned(),
            config: dirs.config_dir().to_owned(),
        })
    }

    /// Installed user packs.
    pub fn packs(&self) -> PathBuf {
        self.data.join("packs")
    }
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
    }
}
