//! An Anki collection's notes as rows of cards, ready for the pack writer the text import uses
//! ([`crate::pack::tsv`]): one row per card Anki would show, its front and back, its tags, and
//! a key from the note's guid so a newer version of the same deck keeps progress.
//!
//! Notes are read by their note type's shape, never its name (a Spanish "Básico" with fields
//! "Frente" and "Verso" is a Basic): a cloze type gives one cloze card (its text holds the
//! deletions, with their hints; its second field is the explanation); any other type gives one
//! card per template that has a card in the collection, its front the first field the
//! template's question shows and its back the first other field its answer shows (so Basic,
//! reversed, optional reversed and type-in answer all come out right). What cannot be kept
//! (images, sound) is said per note.

use std::collections::{BTreeMap, BTreeSet};

use super::collection::{Collection, Note, Notetype};
use crate::pack::tsv::{Note as RowNote, Table};

/// Template names that are not fields.
const SPECIAL: [&str; 7] = [
    "FrontSide",
    "Tags",
    "Deck",
    "Subdeck",
    "Card",
    "CardFlag",
    "Type",
];

/// The fields a template shows, in order: `{{Front}}`, `{{type:Back}}`, `{{text:Front}}`
/// (sections `{{#F}}…{{/F}}` and special names left out).
pub fn field_refs(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let after = rest.get(start + 2..).unwrap_or_default();
        let Some(end) = after.find("}}") else { break };
        let inside = after.get(..end).unwrap_or_default().trim();
        rest = after.get(end + 2..).unwrap_or_default();
        if inside.starts_with(['#', '^', '/', '!']) {
            continue;
        }
        let name = inside.rsplit(':').next().unwrap_or_default().trim();
        if !name.is_empty() && !SPECIAL.contains(&name) && !out.iter().any(|n| n == name) {
            out.push(name.to_owned());
        }
    }
    out
}

/// Which fields (by index) template `(front, back)` of `notetype` asks and answers with.
fn sides(notetype: &Notetype, front: &str, back: &str) -> (usize, usize) {
    let index = |name: &str| notetype.fields.iter().position(|f| f == name);
    let asked: Vec<usize> = field_refs(front).iter().filter_map(|n| index(n)).collect();
    let q = asked.first().copied().unwrap_or(0);
    let a = field_refs(back)
        .iter()
        .filter_map(|n| index(n))
        .find(|&i| i != q)
        .unwrap_or(usize::from(q == 0));
    (q, a)
}

/// A tag from a deck path: `Kubernetes::Storage` → `deck-kubernetes-storage`.
fn deck_tag(deck: &str) -> String {
    let mut tag = String::from("deck");
    for part in deck.split("::") {
        let word: String = part
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let word = word.trim_matches('-');
        if !word.is_empty() {
            tag.push('-');
            tag.push_str(word);
        }
    }
    tag
}

/// What a field holds that the pack cannot keep, said once per note.
fn losses(note: &Note) -> Vec<String> {
    let all = note.fields.join("\n");
    let lower = all.to_ascii_lowercase();
    let mut out = Vec::new();
    let images = lower.matches("<img").count();
    if images > 0 {
        out.push(format!(
            "{} left out: images from Anki packages are not imported yet",
            if images == 1 {
                "an image was".to_owned()
            } else {
                format!("{images} images were")
            }
        ));
    }
    if lower.contains("[sound:") {
        out.push("sound left out: kubestudy plays no audio".to_owned());
    }
    if lower.contains("<script") || lower.contains("<style") {
        out.push("a script or style left out".to_owned());
    }
    out
}

/// Which Anki cards a row stands for: a note's template `ord`, or (`None`) every card of a
/// cloze note, one per deletion number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The note's id.
    pub note: i64,
    /// The template, or `None` for a cloze note.
    pub ord: Option<u32>,
}

/// The collection's cards as rows `[front, back, tags]` with a key each, and where each row
/// comes from; `line` numbers are note numbers (from 1, in the collection's note order), so
/// what happened to a row is told as a note. `title` names the package in the pack's summary.
pub fn table(collection: &Collection, title: &str) -> (Table, Vec<Origin>) {
    let mut origins = Vec::new();
    let mut table = Table {
        separator: '\t',
        rows: Vec::new(),
        lines: Vec::new(),
        notes: Vec::new(),
        keys: Vec::new(),
        source: Some(format!("Imported from the Anki package {title}.")),
    };
    // Each note type's templates read once (a template is not parsed again for every note).
    let sides_of: BTreeMap<i64, Vec<(usize, usize)>> = collection
        .notetypes
        .iter()
        .map(|(&id, t)| {
            let pairs = t.templates.iter().map(|(_, q, a)| sides(t, q, a)).collect();
            (id, pairs)
        })
        .collect();
    // Which templates have cards, and each note's deck (its first card's).
    let mut shown: BTreeSet<(i64, u32)> = BTreeSet::new();
    let mut deck_of: BTreeMap<i64, i64> = BTreeMap::new();
    for card in &collection.cards {
        shown.insert((card.note, card.ord));
        deck_of.entry(card.note).or_insert(card.deck);
    }
    for (n, note) in collection.notes.iter().enumerate() {
        let line = n + 1;
        let say = |table: &mut Table, skipped: bool, message: String| {
            table.notes.push(RowNote {
                line,
                skipped,
                message,
            });
        };
        let Some(notetype) = collection.notetypes.get(&note.notetype) else {
            say(
                &mut table,
                true,
                "its note type is not in the package".to_owned(),
            );
            continue;
        };
        let mut tags = note.tags.clone();
        if let Some(deck) = deck_of.get(&note.id).and_then(|d| collection.decks.get(d)) {
            tags.push(deck_tag(deck));
        }
        let tags = tags.join(" ");
        let field = |i: usize| note.fields.get(i).cloned().unwrap_or_default();
        for loss in losses(note) {
            say(&mut table, false, loss);
        }
        if notetype.cloze {
            table.rows.push(vec![field(0), field(1), tags]);
            table.lines.push(line);
            table.keys.push(note.guid.clone());
            origins.push(Origin {
                note: note.id,
                ord: None,
            });
            continue;
        }
        let mut any = false;
        let pairs = sides_of.get(&note.notetype).map_or(&[][..], Vec::as_slice);
        for (ord, &(q, a)) in pairs.iter().enumerate() {
            let ord = u32::try_from(ord).unwrap_or(u32::MAX);
            if !shown.contains(&(note.id, ord)) {
                continue;
            }
            any = true;
            table.rows.push(vec![field(q), field(a), tags.clone()]);
            table.lines.push(line);
            table.keys.push(format!("{}/{ord}", note.guid));
            origins.push(Origin {
                note: note.id,
                ord: Some(ord),
            });
        }
        if !any {
            say(
                &mut table,
                true,
                "Anki shows no card of this note".to_owned(),
            );
        }
    }
    (table, origins)
}

/// The top deck holding most cards (`Kubernetes` for `Kubernetes::Storage`), Anki's `Default`
/// only when nothing else holds any: the pack's title.
pub fn main_deck(collection: &Collection) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for card in &collection.cards {
        if let Some(deck) = collection.decks.get(&card.deck) {
            let top = deck.split("::").next().unwrap_or(deck);
            *counts.entry(top).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(name, n)| (name != "Default", n))
        .map(|(name, _)| name.trim().to_owned())
        .filter(|name| !name.is_empty())
}

/// How each note type in use is read, a line each: `Basic (1000 notes): card 1 asks Front,
/// answers Back`.
pub fn mapping(collection: &Collection) -> Vec<String> {
    let mut used: BTreeMap<i64, usize> = BTreeMap::new();
    for note in &collection.notes {
        *used.entry(note.notetype).or_default() += 1;
    }
    let mut out = Vec::new();
    for (id, notes) in used {
        let Some(t) = collection.notetypes.get(&id) else {
            continue;
        };
        let name = |i: usize| t.fields.get(i).map_or("(none)", String::as_str);
        let how = if t.cloze {
            format!("cloze on {}, explanation from {}", name(0), name(1))
        } else {
            t.templates
                .iter()
                .enumerate()
                .map(|(n, (_, front, back))| {
                    let (q, a) = sides(t, front, back);
                    format!("card {} asks {}, answers {}", n + 1, name(q), name(a))
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        out.push(format!(
            "Note type \u{201c}{}\u{201d} ({}): {how}",
            t.name,
            crate::pack::tsv::count(notes, "note")
        ));
    }
    out
}
