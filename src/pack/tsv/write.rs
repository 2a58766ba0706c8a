//! Writing the rows of an export as pack files: a manifest and content files of cards, one card
//! a line, each line remembered with the export line its row started on, so any problem found in
//! the generated files can be told as a row of the user's file.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use super::{Columns, Extras, Note, Table, plain};
use crate::pack::validate::{MAX_ID_LEN, is_kebab};

/// Largest content file written: well under the 32 MiB a pack file may have.
pub const CHUNK_BYTES: usize = 8 * 1024 * 1024;
/// Largest pack an import may make, all its files together.
pub const MAX_PACK_BYTES: usize = 64 * 1024 * 1024;
/// Lines of a content file before its first card.
const CHUNK_HEAD: &str = "(cards: [\n";

/// A text export made into pack files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPack {
    /// `(file name, RON text)`: `pack.ron` first, then `cards-1.ron`, `cards-2.ron`, ….
    pub files: Vec<(String, String)>,
    /// How many cards the files hold.
    pub cards: usize,
    /// What happened to rows: skipped (no front or back, a bad card) or changed.
    pub notes: Vec<Note>,
    /// For each content file (in `files` order, after the manifest), the export line of the row
    /// of each card, in file order.
    pub(super) rows: Vec<Vec<usize>>,
    /// For each row of the table, the id of the card it made (`None`: skipped).
    pub ids: Vec<Option<String>>,
}

/// Where a line of a generated file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    /// A card: the export line its row starts on.
    Row(usize),
    /// The manifest's `id`.
    Id,
    /// The manifest's `title`.
    Title,
    /// Anything else kubestudy wrote itself.
    Own,
}

/// Where each line of the generated files came from, kept while the files are staged.
#[derive(Debug, Clone)]
pub(super) struct Places {
    manifest: String,
    chunks: Vec<String>,
    rows: Vec<Vec<usize>>,
}

impl TextPack {
    /// The files to write, and what is needed to trace their lines back to the export.
    pub(super) fn into_files(self) -> (Vec<(String, String)>, Places) {
        let places = Places {
            manifest: self
                .files
                .first()
                .map(|(_, text)| text.clone())
                .unwrap_or_default(),
            chunks: self.files.iter().skip(1).map(|(n, _)| n.clone()).collect(),
            rows: self.rows,
        };
        (self.files, places)
    }
}

impl Places {
    /// What line `line` of the generated file `name` was made from.
    pub(super) fn origin(&self, name: &str, line: usize) -> Origin {
        if name == "pack.ron" {
            let field = self
                .manifest
                .lines()
                .nth(line.saturating_sub(1))
                .and_then(|text| text.trim_start().split(':').next());
            return match field {
                Some("id") => Origin::Id,
                Some("title") => Origin::Title,
                _ => Origin::Own,
            };
        }
        let chunk = self.chunks.iter().position(|file| file == name);
        chunk
            .and_then(|c| self.rows.get(c))
            .and_then(|rows| rows.get(line.checked_sub(2)?))
            .map_or(Origin::Own, |&row| Origin::Row(row))
    }
}

/// The pack files for `table` under `id` and `title`: rows without a front or a back are
/// skipped, and so is each row in `skip` (export line → why), each with a note. Fails when the
/// pack would be over [`MAX_PACK_BYTES`], naming the row count.
pub(super) fn pack_files(
    table: &Table,
    columns: Columns,
    id: &str,
    title: &str,
    skip: &BTreeMap<usize, String>,
) -> Result<TextPack, String> {
    let mut made = TextPack {
        files: Vec::new(),
        cards: 0,
        notes: Vec::new(),
        rows: Vec::new(),
        ids: Vec::new(),
    };
    let mut chunks: Vec<String> = Vec::new();
    let mut total: usize = table.assets.iter().map(|(_, bytes)| bytes.len()).sum();
    let mut taken = HashSet::new();
    let mut card = String::new();
    for (i, (row, &line)) in table.rows.iter().zip(&table.lines).enumerate() {
        made.ids.push(None);
        let field = |i: usize| row.get(i).map(|f| clean(&plain(f))).unwrap_or_default();
        let ((front, front_cut), (back, back_cut)) = (field(columns.front), field(columns.back));
        let missing = |what: &str, i: usize| match row.get(i) {
            Some(raw) if !raw.trim().is_empty() => {
                format!("no {what} (column {} holds only HTML tags)", i + 1)
            }
            Some(_) => format!("no {what} (column {} is empty)", i + 1),
            None => format!("no {what} (the row has {})", count(row.len(), "column")),
        };
        if front.is_empty() {
            made.notes
                .push(skipped(line, &missing("front", columns.front)));
            continue;
        }
        // Every row with a front keeps its id, skipped or not, so fixing a skipped row later
        // does not renumber the cards after it (their progress is kept by id).
        let key = table.keys.get(i).map_or(front.as_str(), String::as_str);
        let card_id = card_id(key, &mut taken);
        // An Anki cloze note: its text holds the deletions, its back (Back Extra) is optional.
        let cloze = is_cloze(&front);
        if back.is_empty() && !cloze {
            made.notes
                .push(skipped(line, &missing("back", columns.back)));
            continue;
        }
        if let Some(why) = skip.get(&line) {
            made.notes.push(skipped(line, why));
            continue;
        }
        let tags = tags(row, columns, line, &mut made.notes);
        card.clear();
        let written = Written {
            id: &card_id,
            front: &front,
            back: &back,
            cloze,
            tags: &tags,
        };
        write_card(&mut card, &written, table.extras.get(i));
        if card.len() + CHUNK_HEAD.len() + 4 > CHUNK_BYTES {
            let size = crate::files::human_size(card.len() as u64);
            let limit = crate::files::human_size(CHUNK_BYTES as u64);
            let why = format!("the card is {size}; a card can be at most {limit}");
            made.notes.push(skipped(line, &why));
            continue;
        }
        if front_cut || back_cut {
            made.notes.push(Note {
                line,
                skipped: false,
                message: "control characters (such as terminal escape sequences) were removed"
                    .to_owned(),
            });
        }
        total += card.len();
        // Room for the manifest and the files' brackets.
        if total + 4096 > MAX_PACK_BYTES {
            return Err(too_large(table.rows.len(), made.cards));
        }
        let fits = chunks
            .last()
            .is_some_and(|chunk| chunk.len() + card.len() + 4 <= CHUNK_BYTES);
        if !fits {
            chunks.push(CHUNK_HEAD.to_owned());
            made.rows.push(Vec::new());
        }
        if let (Some(chunk), Some(rows)) = (chunks.last_mut(), made.rows.last_mut()) {
            chunk.push_str(&card);
            rows.push(line);
        }
        if let Some(id) = made.ids.last_mut() {
            *id = Some(card_id);
        }
        made.cards += 1;
    }
    let names: Vec<String> = (1..=chunks.len())
        .map(|n| format!("cards-{n}.ron"))
        .collect();
    made.files.push((
        "pack.ron".to_owned(),
        manifest(id, title, table.source.as_deref(), &names),
    ));
    for (name, mut chunk) in names.into_iter().zip(chunks) {
        chunk.push_str("])\n");
        made.files.push((name, chunk));
    }
    Ok(made)
}

/// `1 row`, `2 rows`: `n` and `what`, plural when `n` is not 1.
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn skipped(line: usize, why: &str) -> Note {
    Note {
        line,
        skipped: true,
        message: format!("row skipped: {why}"),
    }
}

fn too_large(rows: usize, fitted: usize) -> String {
    let limit = crate::files::human_size(MAX_PACK_BYTES as u64);
    format!(
        "its {rows} rows make a pack over {limit}, the most one pack may hold (about {fitted} \
         cards fit); split the file into parts of at most {fitted} rows and import each as \
         its own pack"
    )
}

/// The manifest: one field a line, so a problem's line tells the field.
fn manifest(id: &str, title: &str, source: Option<&str>, includes: &[String]) -> String {
    let includes: Vec<String> = includes.iter().map(|n| ron_string(n)).collect();
    let mut text = String::new();
    let _ = write!(
        text,
        "(\n    id: {},\n    version: \"1.0.0\",\n    title: {},\n    summary: {},\n    language: \"en\",\n    license: \"unknown\",\n    authors: [\"imported\"],\n    kubernetes: \"unchecked\",\n    include: [{}],\n)\n",
        ron_string(id),
        ron_string(title),
        ron_string(source.unwrap_or("Imported from a text export.")),
        includes.join(", ")
    );
    text
}

/// Whether a front is a cloze text: markup that reads, with at least one deletion.
pub fn is_cloze(front: &str) -> bool {
    front.contains("{{c")
        && crate::pack::cloze::parse(front)
            .is_ok_and(|s| !crate::pack::cloze::numbers(&s).is_empty())
}

/// A card's parts as the row gives them (made plain text).
struct Written<'a> {
    id: &'a str,
    front: &'a str,
    back: &'a str,
    cloze: bool,
    tags: &'a [String],
}

/// Appends `, name:[…]` with each of `items` made plain text (nothing when there are none).
fn push_list(out: &mut String, name: &str, items: &[String]) {
    let items: Vec<String> = items
        .iter()
        .map(|i| clean(&plain(i)).0)
        .filter(|i| !i.is_empty())
        .collect();
    if items.is_empty() {
        return;
    }
    out.push_str(name);
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_ron_string(out, item);
    }
    out.push(']');
}

/// One card as RON: a text card (or, from an Anki note's extras, a list answer, wrong options,
/// an explanation and an image), or (`cloze`) a cloze card whose back, if any, is its
/// explanation.
fn write_card(out: &mut String, card: &Written<'_>, extras: Option<&Extras>) {
    out.push_str("(id:");
    push_ron_string(out, card.id);
    out.push_str(",front:");
    push_ron_string(out, card.front);
    let explanation = extras
        .map(|e| clean(&plain(&e.explanation)).0)
        .unwrap_or_default();
    let mut explained = Vec::new();
    if card.cloze {
        out.push_str(",answer:Cloze");
        explained.extend([card.back, explanation.as_str()]);
    } else {
        match extras.and_then(|e| e.list.as_ref()) {
            Some((items, ordered)) => {
                let kind = if *ordered {
                    ",answer:Ordered("
                } else {
                    ",answer:Set("
                };
                let mut list = String::new();
                push_list(&mut list, "", items);
                if list.is_empty() {
                    out.push_str(",answer:Text(");
                    push_ron_string(out, card.back);
                } else {
                    out.push_str(kind);
                    out.push_str(&list);
                }
                out.push(')');
            }
            None => {
                out.push_str(",answer:Text(");
                push_ron_string(out, card.back);
                out.push(')');
            }
        }
        explained.push(explanation.as_str());
        if let Some(extras) = extras {
            push_list(out, ",distractors:", &extras.distractors);
        }
    }
    let explained: Vec<&str> = explained.into_iter().filter(|e| !e.is_empty()).collect();
    if !explained.is_empty() {
        out.push_str(",explanation:");
        push_ron_string(out, &explained.join("\n\n"));
    }
    if let Some(image) = extras.and_then(|e| e.image.as_deref()) {
        out.push_str(",image:");
        push_ron_string(out, image);
    }
    if let Some(image) = extras.and_then(|e| e.answer_image.as_deref()) {
        out.push_str(",answer_image:");
        push_ron_string(out, image);
    }
    if !card.tags.is_empty() {
        out.push_str(",tags:[");
        for (i, tag) in card.tags.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_ron_string(out, tag);
        }
        out.push(']');
    }
    out.push_str("),\n");
}

/// The row's tags made kebab-case, each once; a tag too long to be one is left out with a note.
fn tags(row: &[String], columns: Columns, line: usize, notes: &mut Vec<Note>) -> Vec<String> {
    let Some(field) = columns.tags.and_then(|i| row.get(i)) else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for tag in field.split_whitespace().filter_map(tag) {
        if !is_kebab(&tag) {
            notes.push(Note {
                line,
                skipped: false,
                message: format!(
                    "tag `{}…` left out: it is {} characters long; the limit is {MAX_ID_LEN}",
                    tag.chars().take(20).collect::<String>(),
                    tag.len()
                ),
            });
        } else if seen.insert(tag.clone()) {
            out.push(tag);
        }
    }
    out
}

/// Line ends made `\n` and other control characters dropped (a card is shown, never run);
/// `true` if any were dropped.
fn clean(text: &str) -> (String, bool) {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return (text.to_owned(), false);
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = text
        .chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect();
    let dropped = kept.chars().count() != text.chars().count();
    (kept, dropped)
}

fn ron_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_ron_string(&mut out, text);
    out
}

/// Appends `text` as a RON string literal, copying runs that need no escape in one go.
fn push_ron_string(out: &mut String, text: &str) {
    out.push('"');
    let mut from = 0;
    for (at, c) in text.char_indices() {
        let escaped = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\t' => "\\t",
            c if c.is_control() => "",
            _ => continue,
        };
        out.push_str(text.get(from..at).unwrap_or_default());
        out.push_str(escaped);
        from = at + c.len_utf8();
    }
    out.push_str(text.get(from..).unwrap_or_default());
    out.push('"');
}

/// A kebab-case tag from an Anki tag (`Kubernetes::Networking` → `kubernetes-networking`).
fn tag(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    (!out.is_empty()).then_some(out)
}

/// A stable card id from its front, so re-importing an updated file keeps progress.
fn card_id(front: &str, taken: &mut HashSet<String>) -> String {
    let hash = front.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let base = format!("card-{:08x}", hash & 0xffff_ffff);
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn every_generated_line_traces_back_to_its_origin() {
        let table = super::super::read_table("#html:true\nq1\ta1\nq2\t\n\nq3\ta3\n").unwrap();
        let made =
            pack_files(&table, Columns::default(), "deck", "Deck", &BTreeMap::new()).unwrap();
        assert_eq!(made.cards, 2);
        let (files, places) = made.into_files();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["pack.ron", "cards-1.ron"]);
        assert_eq!(places.origin("pack.ron", 2), Origin::Id);
        assert_eq!(places.origin("pack.ron", 4), Origin::Title);
        assert_eq!(places.origin("pack.ron", 3), Origin::Own);
        assert_eq!(places.origin("cards-1.ron", 1), Origin::Own);
        assert_eq!(places.origin("cards-1.ron", 2), Origin::Row(2));
        assert_eq!(places.origin("cards-1.ron", 3), Origin::Row(5));
        assert_eq!(places.origin("cards-1.ron", 4), Origin::Own);
        assert_eq!(places.origin("cards-9.ron", 2), Origin::Own);
    }

    #[test]
    fn control_characters_are_dropped_and_line_ends_kept() {
        assert_eq!(clean("a\tb\nc"), ("a\tb\nc".to_owned(), false));
        assert_eq!(clean("a\r\nb\rc"), ("a\nb\nc".to_owned(), false));
        assert_eq!(clean("\u{1b}[2Jx\u{7}"), ("[2Jx".to_owned(), true));
    }

    #[test]
    fn tags_are_kebab_case_once_each() {
        let row = [
            "f".to_owned(),
            "b".to_owned(),
            format!("A a k8s::x A {}", "t".repeat(70)),
        ];
        let mut notes = Vec::new();
        let tags = tags(&row, Columns::default(), 7, &mut notes);
        assert_eq!(tags, ["a", "k8s-x"]);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].line, 7);
        assert!(notes[0].message.contains("70 characters"), "{notes:?}");
    }
}
