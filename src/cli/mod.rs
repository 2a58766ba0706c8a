//! The command line's commands, on top of the library; `main.rs` only parses arguments.
//!
//! Each command writes to the writers it is given and returns the process exit code, so tests
//! can run them without spawning a process.

mod anki;
mod author;
mod coverage;
mod desktop;
mod forecast;
mod restore;
mod share;
mod stats;
mod sync;
mod validate;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::dirs::AppDirs;
use crate::files::terminal_safe;
use crate::pack::library::available_sources;
use crate::pack::{Counts, LoadReport, PackSource, Problem, load, load_checked, plural};

pub use anki::{
    AnkiImport, ExportFlags, export_apkg, import_anki, import_anki_with, is_anki_package,
    pack_id_for,
};
pub use author::{TextImport, import_text, new_pack};
pub use coverage::{CoverageArgs, coverage_cmd};
pub use desktop::{DesktopTarget, install_desktop_entry, uninstall_desktop_entry};
pub use forecast::{ForecastArgs, forecast};
pub use restore::restore;
pub use share::{export, import, remove};
pub use stats::{optimise, stats};
pub use sync::sync_cmd;
pub use validate::{ValidateArgs, validate};

/// Exit code: everything clean.
pub const EXIT_OK: i32 = 0;
/// Exit code: problems found.
pub const EXIT_PROBLEMS: i32 = 1;
/// Exit code: usage error (bad arguments, missing path).
pub const EXIT_USAGE: i32 = 2;

/// One pack in `check` or `list` output.
#[derive(Debug, Serialize)]
pub struct PackSummary {
    /// Where it was loaded from.
    pub path: String,
    /// Pack id (absent when the manifest could not be read).
    pub id: Option<String>,
    /// Version.
    pub version: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Kubernetes version the facts were checked against.
    pub kubernetes: Option<String>,
    /// Whether it is built into the binary.
    pub builtin: bool,
    /// What it holds.
    pub counts: Counts,
    /// Every problem listed (at most a thousand per file, then one line counting the rest).
    pub problems: Vec<Problem>,
    /// How many problems there are, those not listed included.
    #[serde(skip)]
    pub problem_total: usize,
}

impl PackSummary {
    fn from_report(report: &LoadReport) -> Self {
        let pack = report.pack.as_ref();
        Self {
            path: report.origin.clone(),
            id: pack.map(|p| p.id().to_string()),
            version: pack.map(|p| p.manifest.version_label()),
            title: pack.map(|p| p.manifest.title.clone()),
            kubernetes: pack.map(|p| p.manifest.kubernetes.clone()),
            builtin: pack.is_some_and(|p| p.builtin),
            counts: pack.map(crate::pack::Pack::counts).unwrap_or_default(),
            problems: report.problems.clone(),
            problem_total: pack.map_or(report.problems.len(), |p| p.problem_count),
        }
    }

    /// `id version: N terms, N cards, N primers (N checks), N diagrams (N nodes)[, N exams][, N
    /// tasks]`.
    pub fn line(&self) -> String {
        let Counts {
            terms,
            cards,
            primers,
            checks,
            diagrams,
            nodes,
            exams,
            tasks,
        } = self.counts;
        let name = match (&self.id, &self.version) {
            (Some(id), Some(version)) => format!("{id} {version}"),
            _ => format!("{} (not loaded)", self.path),
        };
        let verdict = match self.problem_total {
            0 => "clean".to_owned(),
            n => plural(n, "problem"),
        };
        let exams = if exams == 0 {
            String::new()
        } else {
            format!(", {}", plural(exams, "exam"))
        };
        let tasks = if tasks == 0 {
            String::new()
        } else {
            format!(", {}", plural(tasks, "task"))
        };
        format!(
            "{name}: {}, {}, {} ({}), {} ({}){exams}{tasks} - {verdict}",
            plural(terms, "term"),
            plural(cards, "card"),
            plural(primers, "primer"),
            plural(checks, "check"),
            plural(diagrams, "diagram"),
            plural(nodes, "node"),
        )
    }
}

/// `1 card`, `2 cards`.
#[derive(Serialize)]
struct CheckJson<'a> {
    packs: &'a [PackSummary],
    problems: usize,
    clean: bool,
}

/// `kubestudy check PATH...`: validates each pack (a folder, a single `.ron` file, or a shared
/// `.kspack`) and reports summaries, then every problem.
pub fn check(paths: &[PathBuf], json: bool, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let missing: Vec<&PathBuf> = paths.iter().filter(|p| !p.exists()).collect();
    if !missing.is_empty() {
        for path in missing {
            let _ = writeln!(
                err,
                "kubestudy check: {}: no such file or folder",
                path.display()
            );
        }
        return EXIT_USAGE;
    }
    let reports: Vec<LoadReport> = paths.iter().map(|path| check_one(path)).collect();
    report_checks(&reports, json, out, err)
}

/// `kubestudy check --builtin`: the packs built into this binary, as `check` reports a folder
/// (an installed binary has no `packs/` beside it to point at).
pub fn check_builtin(json: bool, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let reports: Vec<LoadReport> = crate::pack::builtin::sources()
        .iter()
        .map(load_checked)
        .collect();
    report_checks(&reports, json, out, err)
}

/// Prints what `check` found in `reports`; the exit code.
fn report_checks(
    reports: &[LoadReport],
    json: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let summaries: Vec<PackSummary> = reports.iter().map(PackSummary::from_report).collect();
    for warning in reports.iter().flat_map(route_warnings) {
        let _ = writeln!(err, "warning: {}", terminal_safe(&warning, false));
    }
    let total: usize = summaries.iter().map(|s| s.problem_total).sum();
    let written = if json {
        let doc = CheckJson {
            packs: &summaries,
            problems: total,
            clean: total == 0,
        };
        write_json(out, &doc)
    } else {
        write_text(&summaries, out)
    };
    if let Err(e) = written {
        let _ = writeln!(err, "kubestudy check: cannot write the report: {e}");
        return EXIT_USAGE;
    }
    if total == 0 { EXIT_OK } else { EXIT_PROBLEMS }
}

/// `value` as pretty JSON and a line break: the `--json` reports.
pub(crate) fn write_json(out: &mut impl Write, value: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::other)?;
    writeln!(out)
}

/// The arrows of a loaded pack's diagrams that cannot be routed around the boxes (they still
/// work, drawn straight): warnings, not problems.
fn route_warnings(report: &LoadReport) -> Vec<String> {
    let Some(pack) = report.pack.as_ref().filter(|_| report.problems.is_empty()) else {
        return Vec::new();
    };
    pack.diagrams
        .iter()
        .flat_map(|d| {
            let layout = crate::modes::diagram_route::DiagramLayout::new(d);
            crate::pack::route_warnings(d, &layout.routes.unrouted())
                .into_iter()
                .map(|w| format!("{}: {w}", report.origin))
        })
        .collect()
}

/// Loads the pack at `path` for `check`. A shared pack file is checked as `import` would see it:
/// unpacked with the same archive limits, but into a temporary folder outside the packs folder
/// (checking needs no home and installs nothing), its problems named by the archive.
pub(super) fn check_one(path: &Path) -> LoadReport {
    let shared = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case(crate::pack::share::EXTENSION));
    if !shared || path.is_dir() {
        return load_checked(&PackSource::from_path(path));
    }
    let archive = path.display().to_string();
    let refused = |message: String| LoadReport {
        origin: archive.clone(),
        pack: None,
        problems: vec![Problem {
            file: archive.clone(),
            line: 1,
            col: 1,
            item: "pack file".to_owned(),
            message,
        }],
    };
    // The unpacker opens the file as it is: a named pipe would block it.
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => {
            return refused(
                "it is not a regular file (a named pipe, a device or a socket?)".to_owned(),
            );
        }
        Err(e) => return refused(format!("cannot read it: {e}")),
    }
    let scratch = match Scratch::new() {
        Ok(scratch) => scratch,
        Err(e) => {
            return refused(format!(
                "cannot make a temporary folder to unpack it in: {e}"
            ));
        }
    };
    if let Err(why) = crate::pack::share::unpack(path, &scratch.0) {
        return refused(why);
    }
    let mut report = load_checked(&PackSource::Dir(scratch.0.clone()));
    // Name the archive, not the temporary folder, wherever a path is shown.
    let root = scratch.0.display().to_string();
    let rename = |text: &str| text.replace(&root, &archive);
    report.origin.clone_from(&archive);
    if let Some(pack) = &mut report.pack {
        pack.origin.clone_from(&archive);
    }
    for problem in &mut report.problems {
        problem.file = rename(&problem.file);
        problem.message = rename(&problem.message);
    }
    report
}

/// A fresh folder under the system's temporary folder, removed with everything in it on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> std::io::Result<Self> {
        let base = std::env::temp_dir();
        let mut attempt = 0u32;
        loop {
            let dir = base.join(format!("kubestudy-check-{}-{attempt}", std::process::id()));
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok(Self(dir)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 1000 => {
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write_text(summaries: &[PackSummary], out: &mut impl Write) -> std::io::Result<()> {
    for summary in summaries {
        writeln!(out, "{}", terminal_safe(&summary.line(), false))?;
    }
    for problem in summaries.iter().flat_map(|s| &s.problems) {
        writeln!(out, "{}", terminal_safe(&problem.to_string(), false))?;
    }
    Ok(())
}

/// `kubestudy list`: the built-in packs and those installed in the data folder.
pub fn list(dirs: Option<&AppDirs>, json: bool, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let sources = available_sources(dirs.map(AppDirs::packs).as_deref());
    let summaries: Vec<PackSummary> = sources
        .iter()
        .map(|s| PackSummary::from_report(&load(s)))
        .collect();
    let written = if json {
        serde_json::to_writer_pretty(&mut *out, &summaries)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        write_list(&summaries, dirs, out)
    };
    match written {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "kubestudy list: cannot write: {e}");
            EXIT_USAGE
        }
    }
}

fn write_list(
    summaries: &[PackSummary],
    dirs: Option<&AppDirs>,
    out: &mut impl Write,
) -> std::io::Result<()> {
    for summary in summaries {
        let origin = if summary.builtin {
            "built-in".to_owned()
        } else {
            summary.path.clone()
        };
        let title = summary.title.as_deref().unwrap_or("-");
        // Pack text comes from files anyone can write: no escape sequence reaches the terminal.
        let (line, title, origin) = (
            terminal_safe(&summary.line(), false),
            terminal_safe(title, false),
            terminal_safe(&origin, false),
        );
        writeln!(out, "{line}\n    {title} [{origin}]")?;
    }
    if let Some(dirs) = dirs {
        writeln!(out, "installed packs folder: {}", dirs.packs().display())?;
    }
    Ok(())
}
