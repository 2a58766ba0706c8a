//! Desktop integration: the committed hicolor icons are `assets/icon.png` resized, and
//! `install-desktop-entry` / `uninstall-desktop-entry` write and remove exactly their files in
//! the XDG data folder, never outside it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kubestudy::desktop::{APP_ID, ICONS, icon_path};

/// The icon resized to `size`, as the committed file should hold it.
fn resized(size: u32) -> image::RgbaImage {
    let icon = image::load_from_memory(include_bytes!("../assets/icon.png"))
        .unwrap()
        .to_rgba8();
    image::imageops::resize(&icon, size, size, image::imageops::FilterType::Lanczos3)
}

/// Each shipped size decodes to that size and matches the big icon resized (within rounding).
/// `UPDATE_ICONS=1 cargo test desktop::` writes them again after `assets/icon.png` changes.
#[test]
fn the_hicolor_icons_are_the_icon_resized() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/linux");
    for (size, png) in ICONS {
        let want = resized(size);
        let path = shipped.join(icon_path(size));
        if std::env::var_os("UPDATE_ICONS").is_some() {
            want.save_with_format(&path, image::ImageFormat::Png)
                .unwrap();
            continue;
        }
        let got = image::load_from_memory(png).unwrap().to_rgba8();
        assert_eq!(got.dimensions(), (size, size), "{}", path.display());
        let worst = got
            .as_raw()
            .iter()
            .zip(want.as_raw())
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap_or(0);
        assert!(
            worst <= 2,
            "{} is not assets/icon.png resized (off by {worst}); run UPDATE_ICONS=1 cargo test desktop::",
            path.display()
        );
    }
}

fn run(args: &[&str], home: &Path, xdg: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kubestudy"));
    command
        .args(args)
        .env("HOME", home)
        .env("KUBESTUDY_HOME", home.join("kubestudy"))
        .env_remove("XDG_DATA_HOME");
    if let Some(xdg) = xdg {
        command.env("XDG_DATA_HOME", xdg);
    }
    command.output().expect("runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Every file under `dir`, relative to it, sorted.
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(at) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else {
            continue;
        };
        for entry in entries.map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path.strip_prefix(dir).unwrap().to_owned());
            }
        }
    }
    files.sort();
    files
}

#[test]
fn install_writes_the_entry_icons_and_metainfo_under_home_then_uninstall_removes_them() {
    let home = tempfile::tempdir().unwrap();
    let output = run(&["install-desktop-entry"], home.path(), None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let share = home.path().join(".local/share");
    let mut want: Vec<PathBuf> = [
        format!("applications/{APP_ID}.desktop"),
        format!("metainfo/{APP_ID}.metainfo.xml"),
    ]
    .into_iter()
    .map(PathBuf::from)
    .chain(ICONS.iter().map(|&(size, _)| icon_path(size)))
    .collect();
    want.sort();
    assert_eq!(tree(&share), want, "{}", text(&output));
    assert!(
        !home.path().join("kubestudy").exists(),
        "the learner's data is not touched"
    );

    let entry = std::fs::read_to_string(share.join(&want[0])).unwrap();
    let exe = Path::new(env!("CARGO_BIN_EXE_kubestudy"))
        .canonicalize()
        .unwrap();
    let exec = entry.lines().find_map(|l| l.strip_prefix("Exec=")).unwrap();
    assert_eq!(
        Path::new(exec.trim_matches('"')).canonicalize().unwrap(),
        exe,
        "{entry}"
    );
    assert!(entry.contains(&format!("\nIcon={APP_ID}\n")), "{entry}");
    let icon = std::fs::read(share.join(icon_path(48))).unwrap();
    assert_eq!(
        image::load_from_memory(&icon)
            .unwrap()
            .to_rgba8()
            .dimensions(),
        (48, 48)
    );

    // Twice is fine: the files are replaced.
    let again = run(&["install-desktop-entry"], home.path(), None);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));

    // Something else of the learner's in the same folders stays.
    std::fs::write(
        share.join("applications/other.desktop"),
        "[Desktop Entry]\n",
    )
    .unwrap();
    let output = run(&["uninstall-desktop-entry"], home.path(), None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert_eq!(
        text(&output)
            .lines()
            .filter(|l| l.starts_with("removed "))
            .count(),
        want.len(),
        "{}",
        text(&output)
    );
    assert_eq!(tree(&share), [PathBuf::from("applications/other.desktop")]);

    let output = run(&["uninstall-desktop-entry"], home.path(), None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(
        text(&output).contains("nothing was removed"),
        "{}",
        text(&output)
    );
}

#[test]
fn xdg_data_home_is_respected() {
    let home = tempfile::tempdir().unwrap();
    let xdg = home.path().join("xdg-data");
    let output = run(&["install-desktop-entry"], home.path(), Some(&xdg));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(xdg.join(format!("applications/{APP_ID}.desktop")).is_file());
    assert!(!home.path().join(".local").exists());
    let output = run(&["uninstall-desktop-entry"], home.path(), Some(&xdg));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(!xdg.join(format!("applications/{APP_ID}.desktop")).exists());
}

#[test]
fn a_data_folder_that_cannot_be_written_is_named() {
    let home = tempfile::tempdir().unwrap();
    let blocker = home.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let output = run(&["install-desktop-entry"], home.path(), Some(&blocker));
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("kubestudy install-desktop-entry: ")
            && text(&output).contains(&blocker.display().to_string()),
        "{}",
        text(&output)
    );
}

/// The .deb ships the same files `install-desktop-entry` writes (Cargo.toml's
/// `[package.metadata.deb]` lists them by hand).
#[test]
fn the_deb_ships_every_icon_the_entry_and_the_metainfo() {
    let manifest = include_str!("../Cargo.toml");
    let expected = ICONS.iter().map(|&(size, _)| icon_path(size)).chain([
        kubestudy::desktop::entry_path(),
        kubestudy::desktop::metainfo_path(),
    ]);
    for relative in expected {
        let name = relative.file_name().unwrap().to_str().unwrap();
        let folder = relative.parent().unwrap().display().to_string();
        let source = if folder.starts_with("icons/") {
            format!("assets/linux/{}", relative.display())
        } else {
            format!("assets/linux/{name}")
        };
        let line = format!(r#"["{source}", "usr/share/{folder}/", "644"]"#);
        assert!(manifest.contains(&line), "Cargo.toml does not ship {line}");
    }
}
