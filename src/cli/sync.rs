//! `kubestudy sync`: syncs this device's progress through the sync folder.

use std::io::Write;
use std::path::Path;

use super::stats::{open_engine, with_data};
use crate::dirs::AppDirs;
use crate::files::{human_size, terminal_safe};
use crate::progress::settings;
use crate::study::clock::Clock;
use crate::sync;

/// Syncs through `folder` (saved as this device's sync folder) or the one already set.
pub fn sync_cmd(
    dirs: Option<&AppDirs>,
    folder: Option<&Path>,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    with_data("sync", dirs, err, |dirs, err| {
        run(dirs, folder, clock, out, err)
    })
}

fn run(
    dirs: &AppDirs,
    folder: Option<&Path>,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), String> {
    let (mut engine, _, _) = open_engine(dirs, clock, err)?;
    if engine.store().is_read_only() {
        return Err("the data folder cannot be written, so nothing can be merged into it".into());
    }
    let chosen = match folder {
        Some(folder) => {
            let absolute =
                std::path::absolute(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
            if !absolute.is_dir() {
                return Err(format!(
                    "{} is not a folder; make it first (or plug in its drive), then run this again",
                    absolute.display()
                ));
            }
            let mut s = engine.settings().clone();
            let text = absolute.to_string_lossy().into_owned();
            if s.sync_folder.as_deref() != Some(text.as_str()) {
                s.sync_folder = Some(text);
                engine.set_settings(s.clone());
                settings::save(&dirs.config, &s)?;
                let _ = writeln!(
                    out,
                    "sync folder set to {}",
                    terminal_safe(&absolute.display().to_string(), false)
                );
            }
            absolute
        }
        None => match engine.settings().sync_folder.clone() {
            Some(f) => f.into(),
            None => {
                return Err(
                    "no sync folder is set; run `kubestudy sync --folder DIR` with a folder you \
                     sync (Syncthing, Dropbox, a USB stick…)"
                        .into(),
                );
            }
        },
    };
    let name = sync::device_name();
    let report = sync::run(&mut engine, &chosen, Some(&dirs.packs()), &name, clock)?;
    if let Some(new) = &report.new_settings {
        settings::save(&dirs.config, new)?;
    }
    for note in &report.notes {
        let _ = writeln!(err, "note: {}", terminal_safe(note, false));
    }
    print(out, &chosen, &report);
    Ok(())
}

fn print(out: &mut impl Write, folder: &Path, r: &sync::Report) {
    let m = &r.merged;
    let _ = writeln!(
        out,
        "synced through {}: sent {} records; read {} files; {} new answers, {} taken back, {} marks \
         or edits, {} settings, {} of your own cards; {} items rescheduled from their merged history",
        terminal_safe(&folder.display().to_string(), false),
        r.sent,
        r.files,
        m.answers,
        m.retracted,
        m.writes,
        r.settings.len(),
        r.cards,
        m.rebuilt
    );
    let _ = writeln!(
        out,
        "the folder holds {} of kubestudy files",
        human_size(r.folder_bytes)
    );
    for d in &r.devices {
        let seen = if d.this {
            "this device".to_owned()
        } else if d.last_seen > 0 {
            format!(
                "last read {}",
                chrono::DateTime::from_timestamp_millis(d.last_seen)
                    .map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            )
        } else {
            "not read yet".to_owned()
        };
        let _ = writeln!(
            out,
            "  {} [{}] ({seen}): {} answers here",
            terminal_safe(&d.name, false),
            d.id.get(..8).unwrap_or(&d.id),
            d.answers
        );
    }
}
