//! Text exports from Anki or Quizlet (front, back and optional tags per row, tab- or
//! comma-separated, quotes and embedded newlines as in CSV) made into a pack.
//!
//! Whatever goes wrong is told as a line of the user's file, never as a place in the files
//! kubestudy generates: rows that cannot be cards are skipped with a note, a stray quote is kept
//! as text with a note, and a problem the pack validator finds in a generated card is traced
//! back to its row, which is then skipped.

mod read;
mod write;

use std::collections::BTreeMap;
use std::path::Path;

pub use read::read_table;
pub use write::{CHUNK_BYTES, MAX_PACK_BYTES, TextPack, count, is_cloze};

use crate::pack::share::{Staged, stage_files_with};
use write::Origin;

/// Largest export read: a bigger one could not make a pack of at most [`MAX_PACK_BYTES`].
pub const MAX_INPUT_BYTES: u64 = MAX_PACK_BYTES as u64;
/// Notes and problems shown before "and N more".
pub const NOTES_SHOWN: usize = 20;

/// How the columns map to a card (column indexes from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// The front (question) column.
    pub front: usize,
    /// The back (answer) column.
    pub back: usize,
    /// The tags column (space-separated), if any.
    pub tags: Option<usize>,
}

impl Default for Columns {
    fn default() -> Self {
        Self {
            front: 0,
            back: 1,
            tags: Some(2),
        }
    }
}

/// A column number as a person writes it (from 1), for `--front` and `--back`.
pub fn parse_column(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("columns are numbered from 1 (the first column is 1)".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "`{}` is not a column number (1 for the first column)",
            crate::files::terminal_safe(text, false)
        )),
    }
}

/// The rows of a text export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The field separator found.
    pub separator: char,
    /// The rows (Anki's `#key:value` header lines and blank rows left out).
    pub rows: Vec<Vec<String>>,
    /// The line of the export each row starts on (from 1, header lines counted).
    pub lines: Vec<usize>,
    /// What reading changed (a stray quote kept as text), by line.
    pub notes: Vec<Note>,
    /// A stable key per row to make its card id from (an Anki note's guid and template), so a
    /// newer version of the same deck keeps progress; empty: the card's front is the key.
    pub keys: Vec<String>,
    /// Where the rows came from, for the pack's summary (`None`: a text export).
    pub source: Option<String>,
    /// What a row holds beyond its columns (an Anki note's explanation, options, list answer
    /// and image), by row; empty for a text export.
    pub extras: Vec<Extras>,
    /// Files the pack gets besides its cards: `(path under the pack, bytes)`, the images the
    /// extras name.
    pub assets: Vec<(String, Vec<u8>)>,
}

/// What a row of an Anki note holds beyond its front, back and tags (fields as HTML).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extras {
    /// Shown after the answer.
    pub explanation: String,
    /// The wrong options of a multiple-choice note.
    pub distractors: Vec<String>,
    /// The back as a list: its items, and whether their order matters (`<ol>`).
    pub list: Option<(Vec<String>, bool)>,
    /// The front's image: its path under the pack (in [`Table::assets`]).
    pub image: Option<String>,
    /// The back's image, likewise.
    pub answer_image: Option<String>,
}

/// Something about one line of the export: why its row was skipped, or what was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The line of the export (from 1) the row starts on.
    pub line: usize,
    /// Whether the row was left out of the pack.
    pub skipped: bool,
    /// What happened, e.g. `row skipped: no back (column 2 is empty)`.
    pub message: String,
}

impl Note {
    /// `file:line: message`, for `file` as the person named it.
    pub fn at(&self, file: &str) -> String {
        format!("{file}:{}: {}", self.line, self.message)
    }
}

/// The first [`NOTES_SHOWN`] notes as `file:line: message` lines, then "and N more".
pub fn note_lines(notes: &[Note], file: &str) -> Vec<String> {
    let mut lines: Vec<String> = notes.iter().take(NOTES_SHOWN).map(|n| n.at(file)).collect();
    if notes.len() > NOTES_SHOWN {
        let skipped = notes.iter().skip(NOTES_SHOWN).filter(|n| n.skipped).count();
        lines.push(format!(
            "… and {} more notes ({skipped} more rows skipped)",
            notes.len() - NOTES_SHOWN
        ));
    }
    lines
}

/// A numeric character reference at the start of `rest` (`&#39;`, `&#x27;`): its text and the
/// character, if it names one.
fn numeric_entity(rest: &str) -> Option<(&str, char)> {
    if !rest.starts_with("&#") {
        return None;
    }
    let end = rest.char_indices().take(12).find(|&(_, c)| c == ';')?.0;
    let body = rest.get(2..end)?;
    let code = match body.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => body.parse().ok()?,
    };
    let c = char::from_u32(code).filter(|c| !c.is_control() || *c == '\n')?;
    Some((rest.get(..=end)?, c))
}

/// Anki's HTML in a field made our text: line breaks, list items (`- `) and inline code (from
/// `<code>`, `<kbd>`) kept, table cells split by ` | `, scripts, styles and `[sound:…]` dropped
/// with what they hold, other tags dropped, entities decoded.
pub fn plain(field: &str) -> String {
    if !field.contains(['<', '&']) && !field.contains("[sound:") {
        return field.trim().to_owned();
    }
    let mut out = String::with_capacity(field.len());
    let mut chars = field.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '<' => {
                let rest = field.get(at..).unwrap_or_default();
                let Some(end) = rest.find('>') else {
                    out.push_str(rest);
                    break;
                };
                let tag = rest.get(1..end).unwrap_or_default().trim_start();
                let name = tag
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches('/')
                    .to_ascii_lowercase();
                let mut skip_to = at + end;
                match name.as_str() {
                    "br" | "hr" | "/div" | "/p" | "/li" | "/tr" | "/ul" | "/ol" | "/pre"
                    | "/h1" | "/h2" | "/h3" | "/h4" | "/blockquote" => out.push('\n'),
                    "div" | "p" | "ul" | "ol" | "tr" | "pre" | "blockquote" | "h1" | "h2"
                    | "h3" | "h4"
                        if !out.is_empty() && !out.ends_with('\n') =>
                    {
                        out.push('\n');
                    }
                    "li" => {
                        if !out.is_empty() && !out.ends_with('\n') {
                            out.push('\n');
                        }
                        out.push_str("- ");
                    }
                    // Inline code in our markup.
                    "code" | "/code" | "kbd" | "/kbd" | "tt" | "/tt" => out.push('`'),
                    "td" | "th" if !out.is_empty() && !out.ends_with('\n') => out.push_str(" | "),
                    // A script or a style is never card text: skipped to its end tag.
                    "script" | "style" => {
                        // Searched without copying the rest, and only as far as the end tag:
                        // linear however many scripts a field holds.
                        let close = format!("</{name}");
                        skip_to = rest
                            .as_bytes()
                            .windows(close.len())
                            .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))
                            .and_then(|c| rest.get(c..)?.find('>').map(|e| at + c + e))
                            .unwrap_or(field.len());
                    }
                    _ => {}
                }
                while chars.peek().is_some_and(|&(i, _)| i <= skip_to) {
                    chars.next();
                }
            }
            '&' => {
                let rest = field.get(at..).unwrap_or_default();
                let entity = [
                    ("&nbsp;", ' '),
                    ("&lt;", '<'),
                    ("&gt;", '>'),
                    ("&quot;", '"'),
                    ("&#39;", '\''),
                    ("&amp;", '&'),
                ]
                .into_iter()
                .find(|(name, _)| rest.starts_with(name));
                match entity.or_else(|| numeric_entity(rest)) {
                    Some((name, value)) => {
                        out.push(value);
                        for _ in 1..name.len() {
                            chars.next();
                        }
                    }
                    None => out.push('&'),
                }
            }
            c => out.push(c),
        }
    }
    drop_sounds(&out).trim().to_owned()
}

/// `text` without Anki's `[sound:file.mp3]` tags, and with no more than one blank line in a row
/// (what dropped HTML leaves).
fn drop_sounds(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[sound:") {
        out.push_str(rest.get(..start).unwrap_or_default());
        let after = rest.get(start..).unwrap_or_default();
        rest = after
            .find(']')
            .map_or("", |e| after.get(e + 1..).unwrap_or_default());
    }
    out.push_str(rest);
    let mut newlines = 0;
    out.chars()
        .filter(|&c| {
            newlines = if c == '\n' { newlines + 1 } else { 0 };
            newlines <= 2
        })
        .collect()
}

/// Reads the export at `path` as UTF-8 text: a regular file of at most [`MAX_INPUT_BYTES`] (a
/// FIFO or a device is refused before it is read). Messages name `path`, and the line of a byte
/// that is not UTF-8.
pub fn read_export(path: &Path) -> Result<String, String> {
    use crate::files::ReadError;
    let name = path.display();
    let bytes = crate::files::read_bounded(path, MAX_INPUT_BYTES).map_err(|e| match e {
        ReadError::NotRegular(_) => format!(
            "{name}: {}; give the exported .txt, .tsv or .csv file",
            e.describe()
        ),
        ReadError::TooLarge { .. } => {
            format!("{name}: {}; split it into smaller files", e.describe())
        }
        other => format!("{name}: {}", other.describe()),
    })?;
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(format!("{name} is UTF-16 text; export it again as UTF-8"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = read::line_breaks(bytes.get(..at).unwrap_or_default()) + 1;
        let byte = bytes.get(at).copied().unwrap_or_default();
        format!(
            "{name}:{line}: not UTF-8 text (byte 0x{byte:02x} at offset {at}); export the file \
             again as UTF-8"
        )
    })
}

/// A title from the export's file name: control and direction-override characters dropped,
/// spaces collapsed; the pack id when nothing is left (a file named `   .tsv`).
pub fn title_from(file: &Path, id: &str) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let invisible = |c: char| {
        c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    };
    let title = stem
        .chars()
        .map(|c| if invisible(c) { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if title.is_empty() {
        id.to_owned()
    } else {
        title
    }
}

/// The pack files (a manifest and content files of at most [`CHUNK_BYTES`]) for `table` under
/// `id` and `title`, rows without a front or a back skipped with a note. Fails when the pack
/// would be over [`MAX_PACK_BYTES`].
pub fn pack_text(
    table: &Table,
    columns: Columns,
    id: &str,
    title: &str,
) -> Result<TextPack, String> {
    write::pack_files(table, columns, id, title, &BTreeMap::new())
}

/// A text export staged as a pack (validated, not installed), with what happened to its rows.
#[derive(Debug)]
pub struct StagedText {
    /// The staged pack, clean.
    pub staged: Staged,
    /// Cards in it.
    pub cards: usize,
    /// Reading notes and row notes, by line.
    pub notes: Vec<Note>,
    /// For each row of the table, the id of the card it made (`None`: skipped).
    pub ids: Vec<Option<String>>,
}

/// Why an export could not become a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Rows whose cards the pack still refused after the bad rows were skipped.
    Rows(Vec<Note>),
    /// Every row was skipped (or there were none); the notes say why.
    NoCards {
        /// Rows read.
        rows: usize,
        /// Why each was skipped.
        notes: Vec<Note>,
    },
    /// The export as a whole: too big for one pack, the pack id or the title.
    Whole(String),
    /// The staging folder could not be written.
    Io(String),
}

impl Refusal {
    /// A message naming `file` (the export, as the person named it) and its lines.
    pub fn describe(&self, file: &str) -> String {
        match self {
            Self::Rows(notes) => note_lines(notes, file).join("\n"),
            Self::NoCards { rows: 0, .. } => format!("{file}: no rows to import"),
            Self::NoCards { rows, notes } => {
                let rows = write::count(*rows, "row");
                let mut lines = vec![format!(
                    "{file}: no cards: {rows} read, all skipped; check the columns chosen"
                )];
                lines.extend(note_lines(notes, file));
                lines.join("\n")
            }
            Self::Whole(why) => format!("{file}: {why}"),
            Self::Io(why) => format!("the pack could not be staged: {why}"),
        }
    }
}

/// Makes `table` into a pack staged inside `packs_dir`. A row whose card the pack validator
/// refuses (an unbalanced backtick, say) is traced back to its line and skipped with the
/// validator's reason, so one bad row never sinks the import.
pub fn stage(
    packs_dir: &Path,
    table: &Table,
    columns: Columns,
    id: &str,
    title: &str,
) -> Result<StagedText, Refusal> {
    let mut skip = BTreeMap::new();
    loop {
        let mut made =
            write::pack_files(table, columns, id, title, &skip).map_err(Refusal::Whole)?;
        let mut notes = std::mem::take(&mut made.notes);
        notes.extend(table.notes.iter().cloned());
        notes.sort_by_key(|n| n.line);
        if made.cards == 0 {
            let rows = table.rows.len();
            return Err(Refusal::NoCards { rows, notes });
        }
        let cards = made.cards;
        let ids = std::mem::take(&mut made.ids);
        let (files, places) = made.into_files();
        let (names, texts): (Vec<String>, Vec<String>) = files.into_iter().unzip();
        let files: Vec<(&str, String)> = names.iter().map(String::as_str).zip(texts).collect();
        let staged = stage_files_with(packs_dir, &files, &table.assets).map_err(Refusal::Io)?;
        if staged.report.problems.is_empty() {
            return Ok(StagedText {
                staged,
                cards,
                notes,
                ids,
            });
        }
        let rows = trace(&staged.report.problems, &places, id, title)?;
        if !skip.is_empty() {
            // The rows refused the first time are out, and the pack is still refused.
            let notes = rows.into_iter().map(|(line, message)| Note {
                line,
                skipped: false,
                message,
            });
            return Err(Refusal::Rows(notes.collect()));
        }
        skip = rows;
    }
}

/// The export line of each row the problems were found in, with the first problem's message;
/// a problem in the pack id, the title or anything kubestudy wrote itself refuses the export.
fn trace(
    problems: &[crate::pack::Problem],
    places: &write::Places,
    id: &str,
    title: &str,
) -> Result<BTreeMap<usize, String>, Refusal> {
    let mut rows = BTreeMap::new();
    let mut whole = Vec::new();
    for problem in problems {
        let name = Path::new(&problem.file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let message = &problem.message;
        match places.origin(&name, problem.line) {
            Origin::Row(line) => {
                rows.entry(line).or_insert_with(|| message.clone());
            }
            Origin::Id => whole.push(format!("pack id `{id}`: {message}")),
            Origin::Title => whole.push(format!(
                "the title `{title}` made from the file name: {message}; rename the file"
            )),
            Origin::Own => whole.push(format!(
                "kubestudy made a pack it cannot read back ({name} line {}: {message}); this is \
                 a bug: please report it with the file",
                problem.line
            )),
        }
    }
    if whole.is_empty() {
        Ok(rows)
    } else {
        Err(Refusal::Whole(whole.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn anki_html_becomes_our_text() {
        assert_eq!(plain("a<br>b<div>c</div>d"), "a\nb\nc\nd");
        assert_eq!(
            plain("Steps:<ul><li>drain</li><li>upgrade</li></ul>"),
            "Steps:\n- drain\n- upgrade"
        );
        assert_eq!(
            plain("run <code>kubectl get po</code>"),
            "run `kubectl get po`"
        );
        assert_eq!(
            plain("<table><tr><td>port</td><td>6443</td></tr></table>"),
            "port | 6443"
        );
        // Scripts, styles and sounds are dropped with what they hold.
        assert_eq!(
            plain("<style>.card { color: red }</style>Q<script>alert(1)</script>?[sound:q.mp3]"),
            "Q?"
        );
        assert_eq!(plain("no end <script>x"), "no end");
        assert_eq!(plain("a<SCRIPT>x</Script >b"), "ab");
        // Many scripts in one field: linear, not a copy of the rest for each.
        let many = "<script>x</script>".repeat(50_000);
        assert_eq!(plain(&format!("{many}end")), "end");
        assert_eq!(plain("plain [sound:a.mp3] text"), "plain  text");
        // Entities, named and numeric; a stray ampersand stays.
        assert_eq!(
            plain("it&#39;s &#x27;x&#x27; &amp; &lt;y&gt; & z"),
            "it's 'x' & <y> & z"
        );
        // `<b>` and `<br>` are told apart, and a tag whose name starts like another is not it.
        assert_eq!(
            plain("<b>bold</b><link>x<blockquote>q</blockquote>"),
            "boldx\nq"
        );
        assert_eq!(plain("a<br><br><br><br>b"), "a\n\nb");
    }
}
