//! `kubestudy validate FILE...`: any manifest checked offline against the Kubernetes 1.35 API,
//! as hands-on tasks check them; each problem as `path:line:col: message`.

use std::io::{Read as _, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use crate::files::{ReadError, read_text_bounded, terminal_safe};
use crate::tasks::manifest::{self, Severity, schema};
use crate::tasks::yaml::MAX_YAML_BYTES;

/// The arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Manifest files (several documents each); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The Kubernetes version to check against (1.35, the one known).
    #[arg(long, value_name = "VERSION")]
    pub kubernetes: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct FileJson {
    path: String,
    documents: usize,
    problems: Vec<ProblemJson>,
    more: usize,
    /// Errors (not warnings), those past the listed ones included.
    errors: usize,
}

#[derive(Serialize)]
struct ProblemJson {
    line: u32,
    column: u32,
    field: String,
    message: String,
    severity: &'static str,
}

#[derive(Serialize)]
struct ReportJson {
    kubernetes: &'static str,
    files: Vec<FileJson>,
    errors: usize,
    clean: bool,
}

/// Runs `validate`: 0 when every file is clean, 1 when one has an error, 2 on bad usage.
pub fn validate(args: &ValidateArgs, out: &mut impl Write, err: &mut impl Write) -> i32 {
    if let Some(version) = &args.kubernetes {
        let wanted = version.trim_start_matches('v');
        if wanted != schema::KUBERNETES {
            let _ = writeln!(
                err,
                "kubestudy validate: only Kubernetes {} is known (asked for {})",
                schema::KUBERNETES,
                terminal_safe(version, false)
            );
            return EXIT_USAGE;
        }
    }
    if args.files.is_empty() {
        let _ = writeln!(
            err,
            "kubestudy validate: name at least one manifest (or `-`)"
        );
        return EXIT_USAGE;
    }
    let mut files = Vec::new();
    for path in &args.files {
        match read(path) {
            Ok(text) => {
                let checked = manifest::check(&text);
                let errors = checked
                    .problems
                    .iter()
                    .filter(|p| p.severity == Severity::Error)
                    .count()
                    + checked.more;
                files.push(FileJson {
                    errors,
                    path: path.display().to_string(),
                    documents: checked.documents.len(),
                    problems: checked
                        .problems
                        .iter()
                        .map(|p| ProblemJson {
                            line: p.pos.line,
                            column: p.pos.col,
                            field: p.path.clone(),
                            message: p.message.clone(),
                            severity: match p.severity {
                                Severity::Error => "error",
                                Severity::Warning => "warning",
                            },
                        })
                        .collect(),
                    more: checked.more,
                });
            }
            Err(message) => {
                let _ = writeln!(
                    err,
                    "kubestudy validate: {}: {}",
                    terminal_safe(&path.display().to_string(), false),
                    message
                );
                return EXIT_USAGE;
            }
        }
    }
    let errors: usize = files.iter().map(|f| f.errors).sum();
    let written = if args.json {
        let report = ReportJson {
            kubernetes: schema::KUBERNETES,
            files,
            errors,
            clean: errors == 0,
        };
        super::write_json(out, &report)
    } else {
        write_text(&files, out)
    };
    if let Err(e) = written {
        let _ = writeln!(err, "kubestudy validate: cannot write the report: {e}");
        return EXIT_USAGE;
    }
    if errors == 0 { EXIT_OK } else { EXIT_PROBLEMS }
}

fn write_text(files: &[FileJson], out: &mut impl Write) -> std::io::Result<()> {
    for file in files {
        let path = terminal_safe(&file.path, false);
        for p in &file.problems {
            let field = if p.field.is_empty() {
                String::new()
            } else {
                format!("{}: ", terminal_safe(&p.field, false))
            };
            let level = if p.severity == "warning" {
                "warning: "
            } else {
                ""
            };
            writeln!(
                out,
                "{path}:{}:{}: {level}{field}{}",
                p.line,
                p.column,
                terminal_safe(&p.message, false)
            )?;
        }
        if file.more > 0 {
            writeln!(out, "{path}: … and {} more problems", file.more)?;
        }
        let verdict = match file.errors {
            0 => "clean".to_owned(),
            1 => "1 problem".to_owned(),
            n => format!("{n} problems"),
        };
        let documents = match file.documents {
            1 => "1 document".to_owned(),
            n => format!("{n} documents"),
        };
        writeln!(
            out,
            "{path}: {documents}, Kubernetes {} - {verdict}",
            schema::KUBERNETES
        )?;
    }
    Ok(())
}

/// The text of a manifest file (or standard input), bounded and UTF-8.
fn read(path: &Path) -> Result<String, String> {
    let limit = MAX_YAML_BYTES as u64;
    let too_large = |size: u64| {
        format!(
            "{} KiB; a manifest is read up to {} KiB",
            size / 1024,
            limit / 1024
        )
    };
    let not_utf8 = |at: usize| format!("not UTF-8 text (the bad byte is at offset {at})");
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        if bytes.len() as u64 > limit {
            return Err(too_large(bytes.len() as u64));
        }
        return String::from_utf8(bytes).map_err(|e| not_utf8(e.utf8_error().valid_up_to()));
    }
    match read_text_bounded(path, limit) {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(at)) => Err(not_utf8(at)),
        Err(ReadError::TooLarge { size, .. }) => Err(too_large(size)),
        Err(e) => Err(e.describe()),
    }
}
