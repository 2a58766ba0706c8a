//! `kubestudy new ID` (a pack folder to start from) and `kubestudy import-text FILE --id ID`
//! (an Anki or Quizlet text export made into an installed pack).

use std::io::Write;
use std::path::Path;

use super::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use crate::dirs::AppDirs;
use crate::pack::share::{install, stage_files};
use crate::pack::source::MAX_TEXT_BYTES;
use crate::pack::tsv::{Columns, pack_text, read_table};

fn kebab(id: &str) -> bool {
    // The pack rule: kebab-case, at most 64 characters, not a Windows device name (`con`).
    crate::pack::validate::pack_id_problem(id).is_none()
}

/// Writes a new pack folder `ID` (in `parent`) with one item of every kind.
pub fn new_pack(id: &str, parent: &Path, out: &mut impl Write, err: &mut impl Write) -> i32 {
    if !kebab(id) {
        let _ = writeln!(
            err,
            "kubestudy new: `{id}` is not a pack id: use lowercase letters, digits and single hyphens"
        );
        return EXIT_USAGE;
    }
    let dir = parent.join(id);
    if dir.exists() {
        let _ = writeln!(
            err,
            "kubestudy new: {} already exists; nothing was written",
            dir.display()
        );
        return EXIT_PROBLEMS;
    }
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        crate::pack::template::new_pack(id)
            .into_iter()
            .try_for_each(|(name, text)| std::fs::write(dir.join(name), text))
    });
    if let Err(e) = written {
        let _ = writeln!(err, "kubestudy new: {}: {e}", dir.display());
        return EXIT_PROBLEMS;
    }
    let _ = writeln!(
        out,
        "wrote {0}: edit its .ron files, run `kubestudy check {0}`, then open the app to see it \
         (copy or import the folder into your packs: `kubestudy import {0}`)",
        dir.display()
    );
    EXIT_OK
}

/// What `import-text` was asked for.
#[derive(Debug, Clone)]
pub struct TextImport<'a> {
    /// The export file.
    pub file: &'a Path,
    /// The new pack's id.
    pub id: &'a str,
    /// Column mapping.
    pub columns: Columns,
    /// Show the preview and mapping only; install nothing.
    pub preview: bool,
}

/// Makes a text export into an installed pack, after showing the first rows and the mapping.
pub fn import_text(
    dirs: Option<&AppDirs>,
    args: &TextImport<'_>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    match run(dirs, args, out) {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "kubestudy import-text: {e}");
            EXIT_PROBLEMS
        }
    }
}

fn run(dirs: Option<&AppDirs>, args: &TextImport<'_>, out: &mut impl Write) -> Result<i32, String> {
    let io = |e: std::io::Error| e.to_string();
    if !kebab(args.id) {
        return Err(format!(
            "`{}` is not a pack id: use lowercase letters, digits and single hyphens",
            args.id
        ));
    }
    let dirs = dirs.ok_or("no home folder found; set KUBESTUDY_HOME")?;
    let size = std::fs::metadata(args.file)
        .map_err(|e| format!("{}: {e}", args.file.display()))?
        .len();
    if size > MAX_TEXT_BYTES {
        return Err(format!(
            "{} is over {} MiB",
            args.file.display(),
            MAX_TEXT_BYTES >> 20
        ));
    }
    let bytes = std::fs::read(args.file).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{} is not UTF-8 text (byte {}); export it again as UTF-8",
            args.file.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let table = read_table(&text)?;
    let sep = if table.separator == '\t' {
        "tab".to_owned()
    } else {
        format!("`{}`", table.separator)
    };
    let tags = args
        .columns
        .tags
        .map_or("none".to_owned(), |t| format!("column {}", t + 1));
    writeln!(
        out,
        "{} rows, separated by {sep}; front = column {}, back = column {}, tags = {tags}",
        table.rows.len(),
        args.columns.front + 1,
        args.columns.back + 1
    )
    .map_err(io)?;
    for row in table.rows.iter().take(5) {
        let cell = |i: usize| row.get(i).map_or("", String::as_str).replace('\n', " / ");
        writeln!(
            out,
            "  {}  |  {}",
            cell(args.columns.front),
            cell(args.columns.back)
        )
        .map_err(io)?;
    }
    let title = args
        .file
        .file_stem()
        .map_or_else(|| args.id.to_owned(), |s| s.to_string_lossy().into_owned());
    let (pack, skipped) = pack_text(&table, args.columns, args.id, &title);
    for (row, why) in &skipped {
        writeln!(out, "  row {row} skipped: {why}").map_err(io)?;
    }
    if args.preview {
        return Ok(EXIT_OK);
    }
    let staged = stage_files(&dirs.packs(), &[("pack.ron", pack)])?;
    if let Some(problem) = staged.report.problems.first() {
        return Err(format!("the cards do not make a valid pack: {problem}"));
    }
    let cards = staged.report.pack.as_ref().map_or(0, |p| p.cards.len());
    let target = install(staged, &dirs.packs())?;
    writeln!(
        out,
        "installed {cards} cards as `{}` into {}",
        args.id,
        target.display()
    )
    .map_err(io)?;
    Ok(EXIT_OK)
}
