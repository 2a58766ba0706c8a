//! Desktop integration on Linux and other freedesktop systems: the launcher entry, its icon in
//! the hicolor theme's sizes and the AppStream metainfo, written into the learner's data folder
//! (`$XDG_DATA_HOME`, else `~/.local/share`) by `kubestudy install-desktop-entry` and taken out
//! again by `kubestudy uninstall-desktop-entry`. The .deb ships the same files under
//! `/usr/share` (Cargo.toml, `[package.metadata.deb]`).
//!
//! The files live in `assets/linux/` and are embedded here, so an installed binary needs nothing
//! beside it. The icons are committed PNGs, resized from `assets/icon.png` once (a test checks
//! they still match it), because the .deb packs them from the source tree as they are.

use std::path::{Path, PathBuf};

/// The application's id: the desktop entry's and metainfo's file names, the icon's name, and the
/// window's app id (Wayland) and class (X11), which is how a launcher ties the window to its entry.
pub const APP_ID: &str = "dev.kubestudy.kubestudy";

/// The desktop entry as the .deb installs it (`Exec=kubestudy`, found on `PATH`).
pub const DESKTOP_ENTRY: &str = include_str!("../assets/linux/dev.kubestudy.kubestudy.desktop");

/// The AppStream metainfo (software centres read it).
pub const METAINFO: &str = include_str!("../assets/linux/dev.kubestudy.kubestudy.metainfo.xml");

/// The icon in each hicolor size shipped: (pixels, PNG).
pub const ICONS: [(u32, &[u8]); 6] = [
    (
        16,
        include_bytes!("../assets/linux/icons/hicolor/16x16/apps/dev.kubestudy.kubestudy.png"),
    ),
    (
        32,
        include_bytes!("../assets/linux/icons/hicolor/32x32/apps/dev.kubestudy.kubestudy.png"),
    ),
    (
        48,
        include_bytes!("../assets/linux/icons/hicolor/48x48/apps/dev.kubestudy.kubestudy.png"),
    ),
    (
        64,
        include_bytes!("../assets/linux/icons/hicolor/64x64/apps/dev.kubestudy.kubestudy.png"),
    ),
    (
        128,
        include_bytes!("../assets/linux/icons/hicolor/128x128/apps/dev.kubestudy.kubestudy.png"),
    ),
    (
        256,
        include_bytes!("../assets/linux/icons/hicolor/256x256/apps/dev.kubestudy.kubestudy.png"),
    ),
];

/// Where a size's icon goes, relative to the data folder (and to `/usr/share`).
pub fn icon_path(size: u32) -> PathBuf {
    PathBuf::from(format!("icons/hicolor/{size}x{size}/apps/{APP_ID}.png"))
}

/// The desktop entry's path, relative to the data folder.
pub fn entry_path() -> PathBuf {
    PathBuf::from(format!("applications/{APP_ID}.desktop"))
}

/// The metainfo's path, relative to the data folder.
pub fn metainfo_path() -> PathBuf {
    PathBuf::from(format!("metainfo/{APP_ID}.metainfo.xml"))
}

/// The learner's data folder for desktop files, by the XDG base directory rules:
/// `XDG_DATA_HOME` when it is an absolute path, else `HOME/.local/share`; `None` without either.
pub fn data_home(xdg_data_home: Option<&Path>, home: Option<&Path>) -> Option<PathBuf> {
    let non_empty = |p: &&Path| !p.as_os_str().is_empty();
    xdg_data_home
        .filter(|p| p.is_absolute())
        .map(Path::to_owned)
        .or_else(|| {
            home.filter(non_empty)
                .map(|h| h.join(".local").join("share"))
        })
}

/// The desktop entry for a binary at `exe`: its `Exec` and `TryExec` name that path, so the
/// launcher finds it even when its folder (`~/.cargo/bin`) is not on the session's `PATH`.
pub fn entry_for(exe: &Path) -> Result<String, String> {
    let text = exe.to_str().ok_or_else(|| {
        format!(
            "{} is not UTF-8, which a desktop entry cannot name",
            exe.display()
        )
    })?;
    if text.chars().any(char::is_control) {
        return Err(format!(
            "{} holds a control character, which a desktop entry cannot name",
            exe.display()
        ));
    }
    let exec = format!("Exec={}", escape_value(&quote_exec(text)));
    let try_exec = format!("TryExec={}", escape_value(text));
    Ok(DESKTOP_ENTRY
        .lines()
        .map(|line| match line {
            "Exec=kubestudy" => exec.as_str(),
            "TryExec=kubestudy" => try_exec.as_str(),
            other => other,
        })
        .fold(String::new(), |mut entry, line| {
            entry.push_str(line);
            entry.push('\n');
            entry
        }))
}

/// A program path as one argument of an `Exec` key: bare when it has only characters that need
/// no quoting, else in double quotes with `"`, `` ` ``, `$` and `\` escaped; `%` is doubled
/// either way (the spec's field codes).
fn quote_exec(path: &str) -> String {
    let plain = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._+-,:@%".contains(c));
    let path = path.replace('%', "%%");
    if plain {
        return path;
    }
    let mut quoted = String::from("\"");
    for c in path.chars() {
        if matches!(c, '"' | '`' | '$' | '\\') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

/// A string value of a desktop entry: a backslash is written twice.
fn escape_value(text: &str) -> String {
    text.replace('\\', "\\\\")
}

/// What installing writes: each file's path (relative to the data folder) and bytes.
pub fn files(exe: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let mut files = vec![
        (entry_path(), entry_for(exe)?.into_bytes()),
        (metainfo_path(), METAINFO.as_bytes().to_vec()),
    ];
    files.extend(
        ICONS
            .iter()
            .map(|&(size, png)| (icon_path(size), png.to_vec())),
    );
    Ok(files)
}

/// Writes the desktop entry (for the binary at `exe`), the icons and the metainfo under
/// `data_home`, replacing earlier copies; the paths written, in order.
pub fn install(data_home: &Path, exe: &Path) -> Result<Vec<PathBuf>, String> {
    let mut written = Vec::new();
    for (relative, bytes) in files(exe)? {
        let path = data_home.join(relative);
        let result = match path.parent() {
            Some(parent) => std::fs::create_dir_all(parent),
            None => Ok(()),
        }
        .and_then(|()| crate::files::write_atomic(&path, &bytes));
        result.map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// Removes what [`install`] writes under `data_home` (and nothing else: the folders stay); the
/// paths that were there and are gone now.
pub fn uninstall(data_home: &Path) -> Result<Vec<PathBuf>, String> {
    let relative = [entry_path(), metainfo_path()]
        .into_iter()
        .chain(ICONS.iter().map(|&(size, _)| icon_path(size)));
    let mut removed = Vec::new();
    for path in relative.map(|r| data_home.join(r)) {
        match std::fs::remove_file(&path) {
            Ok(()) => removed.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_home_follows_the_xdg_rules() {
        let home = Path::new("/home/ada");
        let share = Some(PathBuf::from("/home/ada/.local/share"));
        assert_eq!(data_home(None, Some(home)), share);
        assert_eq!(
            data_home(Some(Path::new("/data")), Some(home)),
            Some(PathBuf::from("/data"))
        );
        // A relative XDG_DATA_HOME is invalid and ignored, as the spec says.
        assert_eq!(data_home(Some(Path::new("data")), Some(home)), share);
        assert_eq!(data_home(None, Some(Path::new(""))), None);
        assert_eq!(data_home(None, None), None);
    }

    #[test]
    fn exec_names_the_binary_quoted_as_the_spec_wants() {
        for (exe, exec) in [
            ("/usr/bin/kubestudy", "Exec=/usr/bin/kubestudy"),
            ("/opt/my apps/kubestudy", r#"Exec="/opt/my apps/kubestudy""#),
            ("/opt/100%/kubestudy", "Exec=/opt/100%%/kubestudy"),
            ("/opt/a$b/kubestudy", r#"Exec="/opt/a\\$b/kubestudy""#),
            (r"/opt/a\b/kubestudy", r#"Exec="/opt/a\\\\b/kubestudy""#),
        ] {
            let entry = entry_for(Path::new(exe)).unwrap_or_else(|e| panic!("{e}"));
            assert!(entry.lines().any(|l| l == exec), "{exe}: {entry}");
            assert!(!entry.contains("Exec=kubestudy\n"), "{entry}");
        }
        let entry = entry_for(Path::new("/usr/bin/kubestudy")).unwrap_or_default();
        assert!(entry.contains("\nTryExec=/usr/bin/kubestudy\n"), "{entry}");
        assert!(entry.contains(&format!("\nIcon={APP_ID}\n")), "{entry}");
        assert!(entry_for(Path::new("/tmp/a\nb")).is_err());
    }

    #[test]
    fn the_shipped_entry_runs_kubestudy_from_path() {
        assert!(DESKTOP_ENTRY.starts_with("[Desktop Entry]\n"));
        for line in [
            "Exec=kubestudy",
            "TryExec=kubestudy",
            &format!("StartupWMClass={APP_ID}"),
        ] {
            assert!(DESKTOP_ENTRY.lines().any(|l| l == line), "{line}");
        }
    }

    #[test]
    fn the_metainfo_names_this_version_and_the_entry() {
        let version = format!("<release version=\"{}\"", env!("CARGO_PKG_VERSION"));
        assert!(METAINFO.contains(&version), "bump the metainfo's release");
        assert!(METAINFO.contains(&format!("<id>{APP_ID}</id>")));
        assert!(METAINFO.contains(&format!(
            "<launchable type=\"desktop-id\">{APP_ID}.desktop</launchable>"
        )));
    }
}
