//! A pack written as an Anki package (`.apkg`) that Anki desktop and AnkiDroid import: its
//! cards and glossary terms as notes, tags and images kept, and (only when asked) its progress
//! as Anki's schedule and review log.
//!
//! The package is the schema-11 collection (`collection.anki2`) every Anki since 2.1 and
//! AnkiDroid import, with a JSON media map: the widest-read of the formats Anki writes. Two
//! note types of our own carry the cards: "kubestudy card" (Front, Back, Explanation, Options,
//! Reverse; its second template is the reversed card, made only when Reverse is filled) and
//! "kubestudy cloze" (Text, Back Extra). A note's guid comes from the pack and item ids, so a
//! newer export imported into Anki updates the notes it already has instead of doubling them.
//! A multiple-choice card lists every option on its front (in an order that does not give the
//! answer away); primers, diagrams and tasks have no Anki counterpart and are counted as left
//! out.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use rusqlite::{Connection, params};
use serde_json::Value;

use super::apkg_schema::{
    CARD_MODEL, CLOZE_MODEL, SCHEMA, collection_conf, deck_conf, deck_id, decks, models,
};
use super::history_out::{self, Revlog};
use crate::pack::cloze::{made_from, reverse_id};
use crate::pack::model::{Answer, Card, Term};
use crate::pack::{Pack, PackSource};
use crate::progress::Store;
use crate::progress::types::Timestamp;
use crate::study::clock::Days;

/// The first note and card id (ids count up from here).
const FIRST_ID: i64 = 1_600_000_000_000;
/// The largest image copied into the package (the pack's own limit is checked on import).
const MAX_IMAGE_BYTES: u64 = 16 * 1024 * 1024;
/// Anki's field separator.
const FIELD_SEP: char = '\u{1f}';

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exported {
    /// The package's bytes.
    pub bytes: Vec<u8>,
    /// Notes written.
    pub notes: usize,
    /// Cards written (a cloze note has one per deletion, a reversed card two).
    pub cards: usize,
    /// Review-log entries written (0 without progress).
    pub reviews: usize,
    /// Images copied.
    pub images: usize,
    /// What the package could not carry, a line each.
    pub left_out: Vec<String>,
}

/// A note to write: its type, fields, tags, and the study items its cards are.
#[derive(Debug, Clone)]
struct Note {
    guid: String,
    model: i64,
    fields: Vec<String>,
    tags: Vec<String>,
    /// `(template or cloze ord, item id)`.
    cards: Vec<(u32, String)>,
}

/// Where the package's progress comes from, when the learner asked for it.
pub struct WithProgress<'a> {
    /// The store read.
    pub store: &'a Store,
    /// Study days, for Anki's day numbers.
    pub days: Days,
}

/// `pack` (read from `source`) as `.apkg` bytes (the collection is written in memory); `now`
/// stamps the collection.
pub fn apkg(
    source: &PackSource,
    pack: &Pack,
    progress: Option<&WithProgress<'_>>,
    now: Timestamp,
) -> Result<Exported, String> {
    let mut out = Exported::default();
    let mut images = Images {
        prefix: pack.id().as_str().to_owned(),
        ..Images::default()
    };
    let notes = notes(pack, source, &mut images, &mut out.left_out);
    let counts = pack.counts();
    for (n, what) in [
        (counts.primers, "primer"),
        (counts.diagrams, "diagram"),
        (pack.tasks.len(), "hands-on task"),
    ] {
        if n > 0 {
            out.left_out.push(format!(
                "{}: Anki has nothing like them",
                crate::pack::tsv::count(n, what)
            ));
        }
    }
    let failed = |e: rusqlite::Error| format!("the Anki collection could not be written: {e}");
    let mut conn = Connection::open_in_memory().map_err(failed)?;
    let written = write_collection(&conn, pack, &notes, progress, now).map_err(failed)?;
    out.notes = notes.len();
    out.cards = written.0;
    out.reviews = written.1;
    out.images = images.files.len();
    let collection = conn.serialize(rusqlite::MAIN_DB).map_err(failed)?;
    out.bytes = zip_package(&collection, &images.files).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Images named by the cards, each copied once under its Anki media name.
#[derive(Debug, Default)]
struct Images {
    /// `(media name, bytes)`, in the order first named.
    files: Vec<(String, Vec<u8>)>,
    /// Media name by the pack's path.
    names: BTreeMap<String, String>,
    /// What media names start with: the pack id, so two packs' `diagram.png` stay apart in
    /// Anki's one media folder.
    prefix: String,
}

impl Images {
    /// The media name for the pack's image `rel`, read on first use; `None` (with a line in
    /// `left_out`) when it cannot be read.
    fn name(
        &mut self,
        source: &PackSource,
        rel: &str,
        left_out: &mut Vec<String>,
    ) -> Option<String> {
        if let Some(name) = self.names.get(rel) {
            return Some(name.clone());
        }
        match source.read(rel, MAX_IMAGE_BYTES) {
            Ok(bytes) => {
                // `assets/a/b.png` → `a_b.png`: one flat folder in Anki, and no name twice.
                let flat = rel
                    .trim_start_matches("./")
                    .trim_start_matches(crate::pack::assets::ASSETS_DIR)
                    .replace('/', "_");
                let name = format!("{}-{flat}", self.prefix);
                self.files.push((name.clone(), bytes));
                self.names.insert(rel.to_owned(), name.clone());
                Some(name)
            }
            Err(e) => {
                left_out.push(format!("image {rel}: {}", e.describe()));
                None
            }
        }
    }
}

/// One note an export of a pack holds: its guid, its cards (template or cloze number, item id)
/// and its fields as plain text.
pub struct ExportedNote {
    /// The note's guid (`kubestudy:PACK:ITEM`).
    pub guid: String,
    /// Its cards: (template or cloze number - 1, the item it is).
    pub cards: Vec<(u32, String)>,
    /// Its fields, as plain text.
    pub fields: Vec<String>,
}

/// The notes an export of `pack` holds (images left out), to tell what came back from a phone.
pub fn exported_notes(pack: &Pack) -> Vec<ExportedNote> {
    let mut images = Images {
        files: Vec::new(),
        names: BTreeMap::new(),
        prefix: String::new(),
    };
    // No source: images are left out, and the text is what is compared.
    let source = PackSource::Dir(std::path::PathBuf::new());
    notes(pack, &source, &mut images, &mut Vec::new())
        .into_iter()
        .map(|n| ExportedNote {
            guid: n.guid,
            cards: n.cards,
            fields: n
                .fields
                .iter()
                .map(|f| crate::pack::tsv::plain(f))
                .collect(),
        })
        .collect()
}

/// The pack's cards and glossary terms as notes, in the pack's order.
fn notes(
    pack: &Pack,
    source: &PackSource,
    images: &mut Images,
    left_out: &mut Vec<String>,
) -> Vec<Note> {
    let pack_id = pack.id().as_str();
    let mut notes: Vec<Note> = Vec::new();
    let mut by_card: BTreeMap<String, usize> = BTreeMap::new();
    for card in &pack.cards {
        let id = card.id.as_str();
        let base = made_from(id);
        if let Some(&at) = by_card.get(base) {
            if let Some(note) = notes.get_mut(at) {
                let ord = if id == reverse_id(base).as_str() {
                    if let Some(field) = note.fields.get_mut(4) {
                        "y".clone_into(field);
                    }
                    1
                } else {
                    cloze_ord(id)
                };
                note.cards.push((ord, id.to_owned()));
            }
            continue;
        }
        let note = if let Some(text) = pack.cloze_text(&crate::pack::model::ItemId(base.to_owned()))
        {
            cloze_note(pack_id, base, text, card)
        } else {
            card_note(pack_id, card, source, images, left_out)
        };
        by_card.insert(base.to_owned(), notes.len());
        notes.push(note);
    }
    notes.extend(pack.glossary.iter().map(|t| term_note(pack_id, t)));
    notes
}

/// The deletion number of cloze item `id` (`a/c3` → ord 2).
fn cloze_ord(id: &str) -> u32 {
    id.rsplit_once("/c")
        .and_then(|(_, n)| n.parse::<u32>().ok())
        .map_or(0, |n| n.saturating_sub(1))
}

fn card_note(
    pack_id: &str,
    card: &Card,
    source: &PackSource,
    images: &mut Images,
    left_out: &mut Vec<String>,
) -> Note {
    let mut front = html(&card.front);
    let mut back = answer_html(&card.answer);
    for (side, image) in [(&mut front, &card.image), (&mut back, &card.answer_image)] {
        if let Some(rel) = image.as_deref()
            && let Some(name) = images.name(source, rel, left_out)
        {
            side.push_str("<br><img src=\"");
            side.push_str(&escape(&name));
            side.push_str("\">");
        }
    }
    let options = if card.distractors.is_empty() {
        String::new()
    } else {
        options_html(card)
    };
    Note {
        guid: format!("kubestudy:{pack_id}:{}", card.id.as_str()),
        model: CARD_MODEL,
        fields: vec![
            front,
            back,
            card.explanation.as_deref().map(html).unwrap_or_default(),
            options,
            String::new(),
        ],
        tags: card.tags.clone(),
        cards: vec![(0, card.id.as_str().to_owned())],
    }
}

fn cloze_note(pack_id: &str, base: &str, text: &str, first: &Card) -> Note {
    // An item's explanation is the card's own, or (when it has none) the whole sentence.
    let whole = crate::pack::cloze::parse(text)
        .map(|s| crate::pack::cloze::plain(&s))
        .unwrap_or_default();
    let extra = first
        .explanation
        .as_deref()
        .filter(|e| *e != whole)
        .map(html)
        .unwrap_or_default();
    Note {
        guid: format!("kubestudy:{pack_id}:{base}"),
        model: CLOZE_MODEL,
        fields: vec![html(text), extra],
        tags: first.tags.clone(),
        cards: vec![(cloze_ord(first.id.as_str()), first.id.as_str().to_owned())],
    }
}

fn term_note(pack_id: &str, term: &Term) -> Note {
    let also = if term.aliases.is_empty() {
        String::new()
    } else {
        html(&format!("Also called: {}", term.aliases.join(", ")))
    };
    let mut tags = term.tags.clone();
    tags.push("glossary".to_owned());
    Note {
        guid: format!("kubestudy:{pack_id}:{}", term.id.as_str()),
        model: CARD_MODEL,
        fields: vec![
            html(&term.term),
            html(&term.definition),
            also,
            String::new(),
            String::new(),
        ],
        tags,
        cards: vec![(0, term.id.as_str().to_owned())],
    }
}

/// Every option of a multiple-choice card as a list, in an order fixed by the options' text
/// (the right one is not always first, nor always longest-last).
fn options_html(card: &Card) -> String {
    let mut options: Vec<&str> = card.distractors.iter().map(String::as_str).collect();
    if let Answer::Text(right) = &card.answer {
        options.push(right);
    }
    options.sort_by_key(|o| fnv(card.id.as_str(), o));
    list_html("ul", options.into_iter())
}

/// FNV-1a of `salt` then `text`: a fixed, spread order (options) and stable ids (decks).
pub(super) fn fnv(salt: &str, text: &str) -> u64 {
    salt.bytes()
        .chain(text.bytes())
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}

fn answer_html(answer: &Answer) -> String {
    match answer {
        Answer::Text(text) => html(text),
        Answer::Ordered(items) => list_html("ol", items.iter().map(String::as_str)),
        Answer::Set(items) => list_html("ul", items.iter().map(String::as_str)),
        Answer::Cloze => String::new(),
    }
}

fn list_html<'a>(tag: &str, items: impl Iterator<Item = &'a str>) -> String {
    let mut out = format!("<{tag}>");
    for item in items {
        out.push_str("<li>");
        out.push_str(&html(item));
        out.push_str("</li>");
    }
    out.push_str(&format!("</{tag}>"));
    out
}

/// `&`, `<`, `>` and `"` escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Our text as Anki HTML: escaped, `` `code` `` as `<code>`, line breaks as `<br>` (a backtick
/// without its pair stays a backtick).
pub fn html(text: &str) -> String {
    let push = |out: &mut String, part: &str| out.push_str(&escape(part).replace('\n', "<br>"));
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('`') {
        let Some((code, next)) = after.split_once('`') else {
            break;
        };
        push(&mut out, before);
        out.push_str("<code>");
        push(&mut out, code);
        out.push_str("</code>");
        rest = next;
    }
    push(&mut out, rest);
    out
}

/// Anki's checksum of a note's first field: the first 8 hex digits of its SHA-1.
fn checksum(first_field: &str) -> i64 {
    let digest = sha1_smol::Sha1::from(first_field).digest().bytes();
    let mut head = [0u8; 4];
    head.copy_from_slice(digest.get(..4).unwrap_or(&[0; 4]));
    i64::from(u32::from_be_bytes(head))
}

/// Writes the collection; returns the cards and review-log entries written.
fn write_collection(
    conn: &Connection,
    pack: &Pack,
    notes: &[Note],
    progress: Option<&WithProgress<'_>>,
    now: Timestamp,
) -> rusqlite::Result<(usize, usize)> {
    conn.execute_batch(SCHEMA)?;
    conn.execute_batch("BEGIN")?;
    let deck = deck_id(pack.id().as_str());
    let (crt, per_item) = match progress {
        Some(p) => history_out::read(p, pack.id().as_str(), notes_items(notes), now)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?,
        None => (
            Timestamp(now.0 - now.0.rem_euclid(86_400_000)),
            BTreeMap::new(),
        ),
    };
    let days = progress.map(|p| p.days);
    let (mod_ms, mod_secs) = (now.0, now.secs());
    conn.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
        params![
            crt.secs(),
            mod_ms,
            collection_conf(deck).to_string(),
            models(deck).to_string(),
            decks(deck, &pack.manifest.title, now).to_string(),
            deck_conf().to_string(),
        ],
    )?;
    let mut note_stmt =
        conn.prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')")?;
    let mut card_stmt = conn.prepare(
        "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, -1, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0, 0, 0, ?13, ?14)",
    )?;
    let mut rev_stmt =
        conn.prepare("INSERT INTO revlog VALUES (?1, ?2, -1, ?3, ?4, ?5, ?6, ?7, ?8)")?;
    let mut next_id = FIRST_ID;
    let mut position = 0i64;
    let (mut cards, mut reviews) = (0, 0);
    let mut revlog_ids = std::collections::HashSet::new();
    for note in notes {
        let note_id = next_id;
        next_id += 1;
        let first = crate::pack::tsv::plain(note.fields.first().map_or("", String::as_str));
        let tags = if note.tags.is_empty() {
            String::new()
        } else {
            format!(" {} ", note.tags.join(" "))
        };
        let fields: Vec<&str> = note.fields.iter().map(String::as_str).collect();
        note_stmt.execute(params![
            note_id,
            note.guid,
            note.model,
            mod_secs,
            tags,
            fields.join(&FIELD_SEP.to_string()),
            first,
            checksum(&first),
        ])?;
        for (ord, item) in &note.cards {
            let card_id = next_id;
            next_id += 1;
            position += 1;
            let found = per_item.get(item);
            let row = history_out::card_row(found, position, crt, days);
            card_stmt.execute(params![
                card_id, note_id, deck, ord, mod_secs, row.kind, row.queue, row.due, row.ivl,
                row.factor, row.reps, row.lapses, row.flags, row.data,
            ])?;
            cards += 1;
            for entry in found.map_or(&[][..], |f| f.revlog.as_slice()) {
                let mut id = entry.time_ms;
                while !revlog_ids.insert(id) {
                    id += 1;
                }
                write_revlog(&mut rev_stmt, id, card_id, entry)?;
                reviews += 1;
            }
        }
    }
    drop((note_stmt, card_stmt, rev_stmt));
    conn.execute_batch("COMMIT")?;
    Ok((cards, reviews))
}

fn write_revlog(
    stmt: &mut rusqlite::Statement<'_>,
    id: i64,
    card: i64,
    entry: &Revlog,
) -> rusqlite::Result<()> {
    stmt.execute(params![
        id,
        card,
        entry.ease,
        entry.ivl,
        entry.last_ivl,
        entry.factor,
        entry.time_ms_taken,
        entry.kind,
    ])
    .map(|_| ())
}

/// Every item the notes' cards study, with their keys in `pack`.
fn notes_items(notes: &[Note]) -> Vec<&str> {
    notes
        .iter()
        .flat_map(|n| n.cards.iter().map(|(_, item)| item.as_str()))
        .collect()
}

/// The zip: the collection, the media map (`{"0": "name.png"}`) and the media files.
fn zip_package(collection: &[u8], media: &[(String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    zip.start_file("collection.anki2", options)?;
    zip.write_all(collection)?;
    let map: serde_json::Map<String, Value> = media
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (i.to_string(), Value::String(name.clone())))
        .collect();
    zip.start_file("media", options)?;
    zip.write_all(Value::Object(map).to_string().as_bytes())?;
    for (i, (_, bytes)) in media.iter().enumerate() {
        // Images are compressed already.
        let stored = options.compression_method(zip::CompressionMethod::Stored);
        zip.start_file(i.to_string(), stored)?;
        zip.write_all(bytes)?;
    }
    zip.finish().map(Cursor::into_inner)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn our_text_becomes_anki_html() {
        assert_eq!(
            html("a < b & `kubectl get po`\nnext"),
            "a &lt; b &amp; <code>kubectl get po</code><br>next"
        );
        assert_eq!(html("one ` tick"), "one ` tick");
        assert_eq!(
            html("{{c1::etcd::store}} holds state"),
            "{{c1::etcd::store}} holds state"
        );
    }

    #[test]
    fn the_checksum_is_ankis() {
        // Anki: int(sha1("hello").hexdigest()[:8], 16)
        assert_eq!(checksum("hello"), 0xaaf4_c61d);
    }

    #[test]
    fn cloze_items_know_their_deletion() {
        assert_eq!(cloze_ord("a/c1"), 0);
        assert_eq!(cloze_ord("a/c12"), 11);
    }
}
