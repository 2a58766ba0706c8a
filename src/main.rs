//! The `kubestudy` binary: parses the command line and hands over to the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kubestudy::cli;
use kubestudy::dirs::{AppDirs, HOME_VAR};
use kubestudy::progress::settings::Exam;
use kubestudy::study::clock::SystemClock;

/// Offline study app for Kubernetes certifications (KCNA, CKA, CKAD).
#[derive(Debug, Parser)]
#[command(name = "kubestudy", version, about, long_about = None)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
}

/// `kubestudy import`'s arguments.
#[derive(Debug, clap::Args)]
struct ImportArgs {
    /// The .kspack file, pack folder, or .apkg / .colpkg file.
    path: PathBuf,
    /// Replace an installed pack of the same or a newer version.
    #[arg(long)]
    force: bool,
    /// Anki: only this top deck, as a pack of its own (default: every deck in one pack,
    /// each card tagged with its deck).
    #[arg(long, value_name = "NAME", conflicts_with = "split_decks")]
    deck: Option<String>,
    /// Anki: each top deck as a pack of its own.
    #[arg(long)]
    split_decks: bool,
    /// Anki: read a note type by the fields named, `TYPE=ASKED,ANSWER` (repeatable), e.g.
    /// 'Vocabulary=Term,Meaning'.
    #[arg(long, value_name = "TYPE=ASKED,ANSWER")]
    fields: Vec<String>,
    /// Anki: for your own cards back from AnkiDroid, take the text you changed on the phone as
    /// your edits of the cards (without it, the changes are listed).
    #[arg(long)]
    accept_edits: bool,
}

/// `kubestudy import`: an Anki package as the flags say, anything else as a pack.
fn import(
    dirs: Option<&AppDirs>,
    a: ImportArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    match dirs {
        Some(dirs) if cli::is_anki_package(&a.path) => {
            let args = cli::AnkiImport {
                force: a.force,
                deck: a.deck,
                split_decks: a.split_decks,
                fields: a.fields,
                accept_edits: a.accept_edits,
            };
            cli::import_anki_with(dirs, &a.path, &args, &SystemClock, out, err)
        }
        _ if a.deck.is_some() || a.split_decks || !a.fields.is_empty() || a.accept_edits => {
            let _ = writeln!(
                err,
                "kubestudy import: --deck, --split-decks, --fields and --accept-edits are for \
                 Anki packages (.apkg, .colpkg)"
            );
            cli::EXIT_USAGE
        }
        _ => cli::import(dirs, &a.path, a.force, out, err),
    }
}

/// `kubestudy import-text`'s arguments.
#[derive(Debug, clap::Args)]
struct ImportTextArgs {
    /// The .txt, .tsv or .csv file.
    file: PathBuf,
    /// The new pack's id.
    #[arg(long)]
    id: String,
    /// The front column (from 1).
    #[arg(long, default_value_t = 1, value_parser = kubestudy::pack::tsv::parse_column)]
    front: usize,
    /// The back column (from 1).
    #[arg(long, default_value_t = 2, value_parser = kubestudy::pack::tsv::parse_column)]
    back: usize,
    /// The tags column (from 1; 0 for none).
    #[arg(long, default_value_t = 3)]
    tags: usize,
    /// Show the first rows and the column mapping; install nothing.
    #[arg(long)]
    preview: bool,
    /// Replace an installed pack of the same or a newer version.
    #[arg(long)]
    force: bool,
}

/// `kubestudy import-text`: the columns made from 1 to from 0.
fn import_text(
    dirs: Option<&AppDirs>,
    a: &ImportTextArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let columns = kubestudy::pack::tsv::Columns {
        front: a.front.saturating_sub(1),
        back: a.back.saturating_sub(1),
        tags: a.tags.checked_sub(1),
    };
    let args = cli::TextImport {
        file: &a.file,
        id: &a.id,
        columns,
        preview: a.preview,
        force: a.force,
    };
    cli::import_text(dirs, &args, out, err)
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExportFormat {
    /// A kubestudy pack file.
    Kspack,
    /// An Anki package.
    Apkg,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate content packs (folders or single .ron files) and report every problem.
    Check {
        /// Pack folders or single-file packs.
        #[arg(required_unless_present = "builtin", value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Check the packs built into this binary instead.
        #[arg(long, conflicts_with = "paths")]
        builtin: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check Kubernetes manifests offline against the Kubernetes 1.35 API: YAML, schema
    /// (unknown fields, required fields, types, removed API versions) and the API server's
    /// own rules; each problem as FILE:LINE:COL. Exit 0 clean, 1 problems, 2 usage.
    Validate(cli::ValidateArgs),
    /// List the available packs: built-in and installed.
    List {
        /// Print the list as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show per pack what is due today, the new cards today (as home counts them), the cards
    /// never answered (unseen), learning, young and mature, and true retention.
    Stats {
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a pack as one file to share it: <id>-<version>.kspack, or with `--format apkg` an
    /// Anki package for Anki desktop and AnkiDroid.
    Export {
        /// The pack's id (`kubestudy list` shows them).
        id: String,
        /// Where to write: a folder that exists, or a file name ending in .kspack (default:
        /// here).
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
        /// `kspack` (kubestudy's own, the default) or `apkg` (Anki).
        #[arg(long, value_enum, default_value_t = ExportFormat::Kspack)]
        format: ExportFormat,
        /// With `--format apkg`: carry your schedule and review history too (never otherwise).
        #[arg(long)]
        with_progress: bool,
    },
    /// Validate and install a .kspack file, a pack folder or an Anki package (.apkg, .colpkg);
    /// a newer version keeps your progress.
    Import(ImportArgs),
    /// Write a new pack folder with one item of every kind, to start authoring from.
    New {
        /// The pack id (lowercase, digits, hyphens).
        id: String,
        /// The folder to create it in (default: here).
        #[arg(long, value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Make an Anki or Quizlet text export (front, back, tags; tab or comma) into a pack.
    ImportText(ImportTextArgs),
    /// Remove an installed pack; your progress stays unless you ask.
    Remove {
        /// The pack's id.
        id: String,
        /// Also delete your progress in it.
        #[arg(long)]
        delete_progress: bool,
    },
    /// Predicted share of items recalled on exam day, weakest areas first, and the answers a
    /// day it takes to reach your target.
    Forecast {
        /// The exam date, YYYY-MM-DD (default: the one set in the app).
        #[arg(long, value_name = "YYYY-MM-DD")]
        exam: Option<String>,
        /// Which exam, for its domain weights: kcna, cka, ckad, kcsa or cks (default: the one set).
        #[arg(long = "for", value_name = "EXAM", value_parser = parse_exam)]
        kind: Option<Exam>,
        /// Print the forecast as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Per domain and competency of an exam: the questions there are, your predicted recall on
    /// exam day, and the gaps. With pack paths, only what those packs cover.
    Coverage {
        /// One exam id: kcna, cka, ckad, kcsa, cks or a pack's own (default: the one set, else
        /// every exam).
        #[arg(long, value_name = "ID")]
        exam: Option<String>,
        /// Print the map as JSON.
        #[arg(long)]
        json: bool,
        /// Count only these packs (folders, .ron or .kspack files), without your progress.
        #[arg(value_name = "PACK")]
        packs: Vec<PathBuf>,
    },
    /// List the daily backups of your progress, or put one back (the current file is kept).
    Restore {
        /// A backup's date (YYYY-MM-DD, as listed) or a file path; without it, list them.
        #[arg(value_name = "BACKUP")]
        backup: Option<PathBuf>,
    },
    /// Fit the scheduler (FSRS) to your own review history (needs 400 answers) and use it.
    Optimise {
        /// Print the outcome as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Sync your progress with your other devices through a folder you already sync
    /// (Syncthing, Dropbox, Nextcloud, a USB stick, git): sends this device's answers, marks,
    /// edits and study settings, and merges every other device's.
    Sync {
        /// The folder to sync through (saved for next time and for the window).
        #[arg(long, value_name = "DIR")]
        folder: Option<PathBuf>,
    },
    /// Put kubestudy in your desktop's application menu, with its icon: a desktop entry for
    /// this binary, the icons and the AppStream metainfo, in $XDG_DATA_HOME (else
    /// ~/.local/share). Linux and other freedesktop desktops.
    InstallDesktopEntry,
    /// Take out what install-desktop-entry put in.
    UninstallDesktopEntry,
}

/// `install-desktop-entry` (`install`) or `uninstall-desktop-entry`, in the folder that
/// `XDG_DATA_HOME` and `HOME` name.
fn desktop_entry(install: bool, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let var = |name| std::env::var_os(name).map(PathBuf::from);
    let (xdg, home) = (var("XDG_DATA_HOME"), var("HOME"));
    let target = cli::DesktopTarget {
        xdg_data_home: xdg.as_deref(),
        home: home.as_deref(),
    };
    if !install {
        return cli::uninstall_desktop_entry(target, out, err);
    }
    match std::env::current_exe() {
        Ok(exe) => cli::install_desktop_entry(target, &exe, out, err),
        Err(e) => {
            let _ = writeln!(
                err,
                "kubestudy install-desktop-entry: cannot tell where this binary is: {e}"
            );
            cli::EXIT_PROBLEMS
        }
    }
}

fn parse_exam(text: &str) -> Result<Exam, String> {
    Exam::from_id(text).ok_or_else(|| {
        let ids: Vec<&str> = Exam::ALL.iter().map(|e| e.id()).collect();
        format!("`{text}` is not one of {}", ids.join(", "))
    })
}

/// Standard output that a reader may stop reading (`kubestudy stats | head -5`): once the pipe
/// is closed, the rest of the output is dropped and the command ends normally, as `cat` does.
/// Every other write error (a full disk) is still an error.
struct Stdout<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> Stdout<W> {
    fn quiet(&mut self, result: std::io::Result<()>) -> std::io::Result<()> {
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

impl<W: Write> Write for Stdout<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.closed {
            let written = self.inner.write_all(buf);
            self.quiet(written)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let flushed = self.inner.flush();
        self.quiet(flushed)
    }
}

/// `kubestudy export` in the format asked.
fn export(
    dirs: Option<&AppDirs>,
    id: &str,
    output: Option<&std::path::Path>,
    format: ExportFormat,
    flags: cli::ExportFlags,
    (out, err): (&mut impl Write, &mut impl Write),
) -> i32 {
    match format {
        ExportFormat::Apkg => cli::export_apkg(dirs, id, output, flags, &SystemClock, out, err),
        ExportFormat::Kspack if flags.with_progress => {
            let _ = writeln!(
                err,
                "kubestudy export: --with-progress goes with --format apkg; a .kspack never \
                 carries progress"
            );
            cli::EXIT_USAGE
        }
        ExportFormat::Kspack => cli::export(dirs, id, output, flags.force, out, err),
    }
}

/// Whether `command` reads or writes the learner's folders (the window says why it cannot in
/// the window).
fn needs_home(command: Option<&Command>) -> bool {
    !matches!(
        command,
        None | Some(
            Command::Check { .. }
                | Command::New { .. }
                | Command::Validate(_)
                | Command::InstallDesktopEntry
                | Command::UninstallDesktopEntry
        )
    )
}

/// Opens the window; when it cannot, says in one line what is missing.
fn open_window(dirs: Option<&AppDirs>) -> ExitCode {
    match kubestudy::app::run(dirs) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "kubestudy: the window could not open: {}",
                kubestudy::app::failure_hint(&e)
            );
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let home = std::env::var_os(HOME_VAR).map(PathBuf::from);
    let dirs = AppDirs::resolve(home.as_deref());
    if let Some(problem) = dirs
        .as_ref()
        .and_then(AppDirs::problem)
        .filter(|_| needs_home(args.command.as_ref()))
    {
        eprintln!("kubestudy: {problem}");
        return ExitCode::from(1);
    }
    let mut out = Stdout {
        inner: std::io::stdout().lock(),
        closed: false,
    };
    let mut err = std::io::stderr().lock();
    let code = match args.command {
        Some(Command::Check {
            builtin: true,
            json,
            ..
        }) => cli::check_builtin(json, &mut out, &mut err),
        Some(Command::Check { paths, json, .. }) => cli::check(&paths, json, &mut out, &mut err),
        Some(Command::Validate(args)) => cli::validate(&args, &mut out, &mut err),
        Some(Command::List { json }) => cli::list(dirs.as_ref(), json, &mut out, &mut err),
        Some(Command::Stats { json }) => {
            cli::stats(dirs.as_ref(), json, &SystemClock, &mut out, &mut err)
        }
        None => {
            drop((out, err));
            return open_window(dirs.as_ref());
        }
        Some(Command::Export {
            id,
            output,
            force,
            format,
            with_progress,
        }) => {
            let flags = cli::ExportFlags {
                force,
                with_progress,
            };
            export(
                dirs.as_ref(),
                &id,
                output.as_deref(),
                format,
                flags,
                (&mut out, &mut err),
            )
        }
        Some(Command::Import(args)) => import(dirs.as_ref(), args, &mut out, &mut err),
        Some(Command::Remove {
            id,
            delete_progress,
        }) => cli::remove(dirs.as_ref(), &id, delete_progress, &mut out, &mut err),
        Some(Command::New { id, dir }) => cli::new_pack(&id, &dir, &mut out, &mut err),
        Some(Command::ImportText(args)) => import_text(dirs.as_ref(), &args, &mut out, &mut err),
        Some(Command::Forecast { exam, kind, json }) => {
            let args = cli::ForecastArgs { exam, kind, json };
            cli::forecast(dirs.as_ref(), &args, &SystemClock, &mut out, &mut err)
        }
        Some(Command::Coverage { exam, json, packs }) => {
            let args = cli::CoverageArgs { exam, json, packs };
            cli::coverage_cmd(dirs.as_ref(), &args, &SystemClock, &mut out, &mut err)
        }
        Some(Command::Restore { backup }) => cli::restore(
            dirs.as_ref(),
            backup.as_deref(),
            &SystemClock,
            &mut out,
            &mut err,
        ),
        Some(Command::Optimise { json }) => {
            cli::optimise(dirs.as_ref(), json, &SystemClock, &mut out, &mut err)
        }
        Some(Command::Sync { folder }) => cli::sync_cmd(
            dirs.as_ref(),
            folder.as_deref(),
            &SystemClock,
            &mut out,
            &mut err,
        ),
        Some(Command::InstallDesktopEntry) => desktop_entry(true, &mut out, &mut err),
        Some(Command::UninstallDesktopEntry) => desktop_entry(false, &mut out, &mut err),
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
