//! `kubestudy restore [BACKUP]`: lists the backups of the progress database, or puts one back.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::EXIT_USAGE;
use super::stats::with_data;
use crate::dirs::AppDirs;
use crate::progress::backup::{self, BackupFile};
use crate::progress::restore::{newest, restore as put_back, stamp_of};
use crate::progress::schema::answers_in;
use crate::progress::store::DB_FILE;
use crate::progress::{Store, settings};
use crate::study::clock::{Clock, Days};

/// Without `backup`, lists the backups (newest first, with their answers) and says which would
/// be restored; with one (a `YYYY-MM-DD` date from that list, or a file path), restores it.
pub fn restore(
    dirs: Option<&AppDirs>,
    backup: Option<&Path>,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let today = |dirs: &AppDirs| {
        let rollover = settings::load(&dirs.config).settings.rollover_hour;
        let days = Days::of(clock, rollover);
        Days::date_of(days.day_of(clock.now()))
    };
    let Some(backup) = backup else {
        return with_data("restore", dirs, err, |dirs, _| {
            list(dirs, &today(dirs), out).map_err(|e| e.to_string())
        });
    };
    if let Some(dirs) = dirs
        && resolve(dirs, backup).is_none()
    {
        let _ = writeln!(
            err,
            "kubestudy restore: there is no backup `{}`: give a date that `kubestudy restore` \
             lists, or the path of a progress database file",
            crate::files::terminal_safe(&backup.to_string_lossy(), false)
        );
        return EXIT_USAGE;
    }
    with_data("restore", dirs, err, |dirs, _| {
        let path = resolve(dirs, backup).unwrap_or_else(|| backup.to_owned());
        let restored =
            put_back(&dirs.data, &path, &stamp_of(clock.now())).map_err(|e| e.to_string())?;
        writeln!(out, "{}", restored.describe()).map_err(|e| e.to_string())?;
        // Open it as every command will: it must work now (and an older format is brought up
        // to date).
        let store = Store::open(&dirs.data).map_err(|e| e.to_string())?;
        let answers = store.review_count().map_err(|e| e.to_string())?;
        writeln!(
            out,
            "{} opens with {answers} answers",
            store.path().display()
        )
        .map_err(|e| e.to_string())?;
        Ok(())
    })
}

/// The backup file `arg` names: an existing path, or the backup of that date.
fn resolve(dirs: &AppDirs, arg: &Path) -> Option<PathBuf> {
    if arg.exists() {
        return Some(arg.to_owned());
    }
    let date = arg.to_str().map(str::trim).filter(|d| backup::is_date(d))?;
    let path = backup::path_of(&dirs.data, date);
    path.exists().then_some(path)
}

fn list(dirs: &AppDirs, today: &str, out: &mut impl Write) -> std::io::Result<()> {
    let folder = backup::folder(&dirs.data);
    let backups = backup::list(&dirs.data, Some(today)).unwrap_or_default();
    let database = dirs.data.join(DB_FILE);
    let current = if std::fs::metadata(&database).is_ok_and(|m| m.len() == 0) {
        "empty (0 bytes)".to_owned()
    } else if database.exists() {
        match answers_in(&database) {
            Ok(n) => format!("{n} answers"),
            Err(e) => backup::problem(&e),
        }
    } else {
        "there is none".to_owned()
    };
    writeln!(out, "progress database {}: {current}", database.display())?;
    if backups.is_empty() {
        writeln!(
            out,
            "no backups in {}: kubestudy makes one a day when it opens your progress",
            folder.display()
        )?;
        return Ok(());
    }
    writeln!(out, "backups in {}, newest first:", folder.display())?;
    for file in backups.iter().rev() {
        writeln!(out, "  {}", line(file))?;
    }
    match newest(&dirs.data, Some(today)) {
        Some(file) => writeln!(
            out,
            "`kubestudy restore {}` puts back the newest with answers ({}); the current \
             database is kept beside it as {DB_FILE}.before-restore-…",
            file.date,
            answers(file.answers.unwrap_or(0))
        ),
        None => writeln!(out, "none of these backups can be restored"),
    }
}

fn answers(n: i64) -> String {
    if n == 1 {
        "1 answer".to_owned()
    } else {
        format!("{n} answers")
    }
}

/// `2026-11-21  3000 answers  progress-2026-11-21.sqlite3`.
fn line(file: &BackupFile) -> String {
    let name = file
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let what = match (file.answers, &file.problem) {
        (Some(n), _) => answers(n),
        (None, problem) => format!("cannot be restored: {}", problem.as_deref().unwrap_or("?")),
    };
    let future = if file.future {
        " (dated after today: the clock was ahead)"
    } else {
        ""
    };
    format!("{}  {what:<14}  {name}{future}", file.date)
}
