//! `kubestudy new ID` (a pack folder to start from) and `kubestudy import-text FILE --id ID`
//! (an Anki or Quizlet text export made into an installed pack).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use crate::dirs::AppDirs;
use crate::files::terminal_safe;
use crate::pack::tsv::{self, Columns, Table, note_lines, plain, read_export, read_table};
use crate::pack::validate::{MAX_ID_LEN, is_kebab};

/// Why `id` cannot be a pack id, by the rule packs are validated with (kebab-case, at most
/// 64 characters, not a Windows device name such as `con`); `None` if it can.
fn id_problem(id: &str) -> Option<String> {
    if is_kebab(id) {
        return crate::pack::validate::pack_id_problem(id).map(|why| terminal_safe(&why, false));
    }
    let shown = terminal_safe(id, false);
    Some(if id.len() > MAX_ID_LEN {
        format!(
            "`{shown}` is {} characters long; a pack id has at most {MAX_ID_LEN}",
            id.len()
        )
    } else {
        format!("`{shown}` is not a pack id: use lowercase letters, digits and single hyphens")
    })
}

/// Writes a new pack folder `ID` (in `parent`) with one item of every kind.
pub fn new_pack(id: &str, parent: &Path, out: &mut impl Write, err: &mut impl Write) -> i32 {
    if let Some(why) = id_problem(id) {
        let _ = writeln!(err, "kubestudy new: {why}");
        return EXIT_USAGE;
    }
    // `new my-pack` says `my-pack`, not `./my-pack`, as the README shows it.
    let dir = if parent == Path::new(".") {
        PathBuf::from(id)
    } else {
        parent.join(id)
    };
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
    /// Replace an installed pack of the same or a newer version.
    pub force: bool,
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
            let _ = writeln!(err, "kubestudy import-text: {}", terminal_safe(&e, true));
            EXIT_PROBLEMS
        }
    }
}

fn run(dirs: Option<&AppDirs>, args: &TextImport<'_>, out: &mut impl Write) -> Result<i32, String> {
    let io = |e: std::io::Error| e.to_string();
    if let Some(why) = id_problem(args.id) {
        return Err(format!("--id: {why}"));
    }
    let dirs = dirs.ok_or("no home folder found; set KUBESTUDY_HOME")?;
    let name = args.file.display().to_string();
    let text = read_export(args.file)?;
    let table = read_table(&text).map_err(|note| note.at(&name))?;
    drop(text);
    preview(&table, args.columns, out).map_err(io)?;
    let title = tsv::title_from(args.file, args.id);
    let made = tsv::stage(&dirs.packs(), &table, args.columns, args.id, &title)
        .map_err(|refusal| refusal.describe(&name))?;
    for line in note_lines(&made.notes, &name) {
        writeln!(out, "  {}", terminal_safe(&line, false)).map_err(io)?;
    }
    if args.preview {
        writeln!(
            out,
            "would install {} as `{}`; nothing was installed (--preview)",
            crate::pack::plural(made.cards, "card"),
            args.id
        )
        .map_err(io)?;
        return Ok(EXIT_OK);
    }
    let staged = made.staged;
    let cards = staged.report.pack.as_ref().map_or(0, |p| p.cards.len());
    let target = super::share::install_staged(dirs, staged, args.force, out)?;
    writeln!(
        out,
        "installed {cards} cards as `{}` into {}",
        args.id,
        target.display()
    )
    .map_err(io)?;
    Ok(EXIT_OK)
}

/// The mapping and the first rows as their cards will read, made safe for a terminal.
fn preview(table: &Table, columns: Columns, out: &mut impl Write) -> std::io::Result<()> {
    let sep = match table.separator {
        '\t' => "tab".to_owned(),
        ' ' => "space".to_owned(),
        c => format!("`{c}`"),
    };
    let tags = columns.tags.map_or("none".to_owned(), |t| {
        format!("column {}", t.saturating_add(1))
    });
    writeln!(
        out,
        "{}, separated by {sep}; front = column {}, back = column {}, tags = {tags}",
        tsv::count(table.rows.len(), "row"),
        columns.front.saturating_add(1),
        columns.back.saturating_add(1)
    )?;
    for (row, line) in table.rows.iter().zip(&table.lines).take(5) {
        let cell = |i: usize| shown(row.get(i).map_or("", String::as_str));
        writeln!(
            out,
            "  line {line}: {}  |  {}",
            cell(columns.front),
            cell(columns.back)
        )?;
    }
    Ok(())
}

/// A field as its card shows it, on one line, cut to 60 characters, without control characters.
fn shown(field: &str) -> String {
    const WIDTH: usize = 60;
    let text = plain(field).replace('\n', " / ");
    let mut cut: String = text.chars().take(WIDTH).collect();
    if text.chars().nth(WIDTH).is_some() {
        cut.push('…');
    }
    terminal_safe(&cut, false)
}
