//! `kubestudy export`, `import` and `remove`: sharing packs as `.kspack` files.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use crate::dirs::AppDirs;
use crate::files::terminal_safe;
use crate::pack::installed::{self, LOCK_WAIT, PacksLock};
use crate::pack::library::available_sources;
use crate::pack::share::{Staged, diff, export as export_bytes, file_name, stage};
use crate::pack::{Library, LoadReport, PackSource, load};

/// Every available pack with where it came from (built-ins, then installed).
fn available(dirs: Option<&AppDirs>) -> (Vec<PackSource>, Vec<LoadReport>) {
    let sources = available_sources(dirs.map(AppDirs::packs).as_deref());
    let reports = sources.iter().map(load).collect();
    (sources, reports)
}

/// The pack `id` among the available ones, with the files it was read from; `Err` is the exit
/// code, said on `stderr`.
pub(super) fn find_pack(
    dirs: Option<&AppDirs>,
    id: &str,
    command: &str,
    stderr: &mut impl Write,
) -> Result<(PackSource, std::sync::Arc<crate::pack::Pack>), i32> {
    let (sources, reports) = available(dirs);
    let library = Library::from_reports(&reports);
    let Some(pack) = library.packs().iter().find(|p| p.id().as_str() == id) else {
        let _ = writeln!(
            stderr,
            "kubestudy {command}: no pack `{id}`; `kubestudy list` shows them"
        );
        return Err(EXIT_USAGE);
    };
    let source = sources.iter().zip(&reports).find_map(|(s, r)| {
        r.pack
            .as_ref()
            .filter(|p| p.id() == pack.id() && p.manifest.version == pack.manifest.version)
            .map(|_| s)
    });
    match source {
        Some(source) => Ok((source.clone(), pack.clone())),
        None => Err(EXIT_PROBLEMS),
    }
}

/// Where `-o` says to write a file named `name` by default: into a folder that exists, as a
/// file name with `name`'s extension, or (no `-o`) into the current folder. An existing file is
/// refused without `force`.
pub(super) fn target(
    out: Option<&Path>,
    name: &str,
    force: bool,
    command: &str,
    stderr: &mut impl Write,
) -> Result<PathBuf, i32> {
    let path = match export_target(out, name) {
        Ok(path) => path,
        Err(why) => {
            let _ = writeln!(stderr, "kubestudy {command}: {why}");
            return Err(EXIT_USAGE);
        }
    };
    if path.exists() && !force {
        let _ = writeln!(
            stderr,
            "kubestudy {command}: {} already exists; pass --force to replace it",
            path.display()
        );
        return Err(EXIT_USAGE);
    }
    Ok(path)
}

/// Writes pack `id` as `<id>-<version>.kspack` into `out` (a folder, or a file path; default:
/// the current folder); an existing file is replaced only with `force`, and atomically.
pub fn export(
    dirs: Option<&AppDirs>,
    id: &str,
    out: Option<&Path>,
    force: bool,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> i32 {
    let (source, pack) = match find_pack(dirs, id, "export", stderr) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let path = match target(out, &file_name(&pack), force, "export", stderr) {
        Ok(path) => path,
        Err(code) => return code,
    };
    let (source, pack) = (&source, &pack);
    let result = export_bytes(source, pack).and_then(|bytes| {
        crate::files::write_atomic(&path, &bytes)
            .map(|()| bytes.len())
            .map_err(|e| format!("{}: {e}", path.display()))
    });
    match result {
        Ok(size) => {
            let _ = writeln!(stdout, "wrote {} ({size} bytes)", path.display());
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(stderr, "kubestudy export: {e}");
            EXIT_PROBLEMS
        }
    }
}

/// Where `export -o PATH` writes a pack whose file is called `name`: into PATH when it is a
/// folder that exists, else to the file PATH, which must end as `name` does (`.kspack`,
/// `.apkg`) and be in a folder that exists. A name that is neither (`-o out`, `-o missing/`) is refused rather than
/// written as a file of that name.
fn export_target(out: Option<&Path>, name: &str) -> Result<PathBuf, String> {
    let Some(path) = out else {
        return Ok(PathBuf::from(name));
    };
    if path.is_dir() {
        return Ok(path.join(name));
    }
    let shown = terminal_safe(&path.display().to_string(), false);
    let as_folder = path.as_os_str().to_string_lossy().ends_with(['/', '\\']);
    // The kind of file `name` is (`kspack`, `apkg`): a file name given must be one too.
    let ext = Path::new(name)
        .extension()
        .map_or(String::new(), |e| e.to_string_lossy().into_owned());
    let is_that_file = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(&ext));
    if as_folder || !is_that_file {
        let trimmed = shown.trim_end_matches(['/', '\\']);
        return Err(format!(
            "{shown} is not a folder that exists, nor a .{ext} file name: to write into a \
             folder, make it first (mkdir {trimmed}); to name the file, end it in .{ext} \
             ({trimmed}.{ext})"
        ));
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(format!(
            "the folder {} does not exist; make it first",
            terminal_safe(&parent.display().to_string(), false)
        ));
    }
    Ok(path.to_owned())
}

/// Validates and installs a `.kspack` file or a pack folder into the data folder's packs.
pub fn import(
    dirs: Option<&AppDirs>,
    from: &Path,
    force: bool,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> i32 {
    let Some(dirs) = dirs else {
        let _ = writeln!(
            stderr,
            "kubestudy import: no home folder found; set KUBESTUDY_HOME"
        );
        return EXIT_PROBLEMS;
    };
    let staged = match stage(&dirs.packs(), from) {
        Ok(staged) => staged,
        Err(e) => {
            let _ = writeln!(
                stderr,
                "kubestudy import: {}: {e}; nothing was installed",
                from.display()
            );
            return EXIT_PROBLEMS;
        }
    };
    match import_staged(dirs, staged, force, stdout) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(stderr, "kubestudy import: {e}");
            EXIT_PROBLEMS
        }
    }
}

fn import_staged(
    dirs: &AppDirs,
    staged: Staged,
    force: bool,
    out: &mut impl Write,
) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let Some(pack) = staged.report.pack.clone() else {
        for problem in &staged.report.problems {
            writeln!(out, "  {problem}").map_err(io)?;
        }
        return Err("the pack's manifest cannot be read; nothing was installed".to_owned());
    };
    let m = &pack.manifest;
    let c = pack.counts();
    let safe = |t: &str| terminal_safe(t, false);
    writeln!(
        out,
        "{} {} ({}): {}",
        safe(&m.title),
        m.version,
        pack.id(),
        safe(&m.summary)
    )
    .map_err(io)?;
    writeln!(
        out,
        "by {}; license {}; Kubernetes {}; {}",
        safe(&m.authors.join(", ")),
        safe(&m.license),
        safe(&m.kubernetes),
        c.contents()
    )
    .map_err(io)?;
    if !staged.report.problems.is_empty() {
        for problem in &staged.report.problems {
            writeln!(out, "  {}", safe(&problem.to_string())).map_err(io)?;
        }
        return Err(format!(
            "{}; nothing was installed",
            crate::pack::plural(staged.report.problems.len(), "problem")
        ));
    }
    if let Some(line) = crate::pack::share::left_out_line(&staged.left_out) {
        writeln!(out, "left out {line}").map_err(io)?;
    }
    let target = install_staged(dirs, staged, force, out)?;
    writeln!(out, "installed into {}", target.display()).map_err(io)
}

/// Installs a staged, clean pack under the packs folder's lock: what it changes in the version
/// studied now, then the version rules (checked under the lock, so two imports at once cannot
/// leave the older one installed), then the crash-safe install.
pub(super) fn install_staged(
    dirs: &AppDirs,
    staged: Staged,
    force: bool,
    out: &mut impl Write,
) -> Result<PathBuf, String> {
    let io = |e: std::io::Error| e.to_string();
    let Some(pack) = staged.report.pack.clone() else {
        return Err("the pack's manifest cannot be read; nothing was installed".to_owned());
    };
    let lock = PacksLock::acquire(&dirs.packs(), LOCK_WAIT)?;
    installed::recover_locked(&lock);
    let (_, reports) = available(Some(dirs));
    if let Some(current) = Library::from_reports(&reports).get(pack.id()) {
        let d = diff(current, &pack);
        writeln!(
            out,
            "installed now: {}; {} added, {} changed, {} removed (progress is kept by item id)",
            current.manifest.version,
            crate::pack::plural(d.added.len(), "item"),
            d.changed.len(),
            d.removed.len()
        )
        .map_err(io)?;
    }
    let plan = installed::plan(&lock, &pack, force).map_err(|r| r.describe(&pack))?;
    installed::install(&lock, staged, &plan)
}

/// Removes an installed pack folder; progress stays unless `delete_progress`.
pub fn remove(
    dirs: Option<&AppDirs>,
    id: &str,
    delete_progress: bool,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> i32 {
    let Some(dirs) = dirs else {
        let _ = writeln!(
            stderr,
            "kubestudy remove: no home folder found; set KUBESTUDY_HOME"
        );
        return EXIT_PROBLEMS;
    };
    // The store first: with the window open it is locked, and then nothing is deleted.
    let mut store = if delete_progress {
        match crate::progress::Store::open(&dirs.data) {
            Ok(store) => Some(store),
            Err(e) => {
                let _ = writeln!(
                    stderr,
                    "kubestudy remove: nothing was removed, because its progress cannot be \
                     deleted now: {e}"
                );
                return EXIT_PROBLEMS;
            }
        }
    } else {
        None
    };
    let removed =
        PacksLock::acquire(&dirs.packs(), LOCK_WAIT).and_then(|lock| installed::remove(&lock, id));
    let removed = match removed {
        Ok(removed) => removed,
        Err(e) => {
            let _ = writeln!(stderr, "kubestudy remove: {e}");
            return EXIT_USAGE;
        }
    };
    let paths: Vec<String> = removed
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut message = format!("removed {}", paths.join(", "));
    if let Some(store) = &mut store {
        match store.delete_pack(id) {
            Ok(n) => message.push_str(&format!("; deleted its progress ({n} items)")),
            Err(e) => {
                let _ = writeln!(
                    stderr,
                    "kubestudy remove: the pack is removed, but its progress could not be deleted: {e}"
                );
                return EXIT_PROBLEMS;
            }
        }
    } else {
        message.push_str("; its progress is kept (reinstall it to pick up where you left off)");
    }
    let _ = writeln!(stdout, "{message}");
    EXIT_OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_writes_into_a_folder_or_to_a_kspack_file_and_refuses_anything_else() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let at = |rel: &str| dir.path().join(rel);
        let name = "p-1.0.0.kspack";
        assert_eq!(export_target(None, name), Ok(PathBuf::from(name)));
        assert_eq!(export_target(Some(dir.path()), name), Ok(at(name)));
        let file = at("mine.kspack");
        assert_eq!(export_target(Some(&file), name), Ok(file.clone()));
        assert_eq!(
            export_target(Some(&at("MINE.KSPACK")), name),
            Ok(at("MINE.KSPACK"))
        );
        for refused in ["out", "out/", "notes.zip"] {
            let why = export_target(Some(&at(refused)), name)
                .err()
                .unwrap_or_default();
            assert!(
                why.contains("is not a folder that exists, nor a .kspack file name"),
                "{refused}: {why}"
            );
        }
        let why = export_target(Some(&at("out")), name)
            .err()
            .unwrap_or_default();
        assert!(
            why.contains("(mkdir ") && why.ends_with("out.kspack)"),
            "{why}"
        );
        let why = export_target(Some(&at("missing/p.kspack")), name)
            .err()
            .unwrap_or_default();
        assert!(why.contains("missing does not exist"), "{why}");
    }
}
