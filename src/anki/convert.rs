//! An Anki collection's notes as rows of cards, ready for the pack writer the text import uses
//! ([`crate::pack::tsv`]): one row per card Anki would show, its front and back, its tags, and
//! a key from the note's guid so a newer version of the same deck keeps progress.
//!
//! Notes are read by their note type's shape, never its name (a Spanish "Básico" with fields
//! "Frente" and "Verso" is a Basic): a cloze type gives one cloze card (its text holds the
//! deletions, with their hints; its second field is the explanation); any other type gives one
//! card per template that has a card in the collection, its front the first field the
//! template's question shows and its back the first other field its answer shows (so Basic,
//! reversed, optional reversed and type-in answer all come out right). Beyond those two: the
//! other fields the answer shows become the explanation; a list on the front that holds the
//! back is a multiple-choice card's options; a back that is one list is a list answer; the
//! first image of each side becomes the card's question or answer image (copied into the
//! pack's `assets/`, held to the pack's image limits). What cannot be kept (other images,
//! missing media, sound, scripts) is said per note.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::collection::{Collection, Note, Notetype};
use super::media::Images;
use crate::pack::tsv::{Extras, Note as RowNote, Table, plain};

/// Reads a media file the package names: its bytes, or why not.
pub type Media<'a> = dyn FnMut(&str) -> Result<Vec<u8>, String> + 'a;

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

/// How one template reads a note: the field it asks (`q`) and answers with (`a`), the other
/// fields its question shows, and the other fields its answer shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Sides {
    q: usize,
    a: usize,
    asked_too: Vec<usize>,
    answered_too: Vec<usize>,
}

/// The fields template `(front, back)` of `notetype` asks and answers with.
pub fn asks_answers(notetype: &Notetype, front: &str, back: &str) -> (usize, usize) {
    let read = sides(notetype, front, back);
    (read.q, read.a)
}

/// How template `(front, back)` of `notetype` reads a note.
fn sides(notetype: &Notetype, front: &str, back: &str) -> Sides {
    let index = |name: &str| notetype.fields.iter().position(|f| f == name);
    let asked: Vec<usize> = field_refs(front).iter().filter_map(|n| index(n)).collect();
    let q = asked.first().copied().unwrap_or(0);
    let answered: Vec<usize> = field_refs(back).iter().filter_map(|n| index(n)).collect();
    let a = answered
        .iter()
        .copied()
        .find(|&i| i != q)
        .unwrap_or(usize::from(q == 0));
    Sides {
        q,
        a,
        asked_too: asked
            .iter()
            .copied()
            .filter(|&i| i != q && i != a)
            .collect(),
        answered_too: answered
            .iter()
            .copied()
            .filter(|&i| i != q && i != a && !asked.contains(&i))
            .collect(),
    }
}

/// `html` without its `<img>` tags (the images are taken apart).
fn without_images(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    while let Some(at) = lower.get(from..).and_then(|r| r.find("<img")) {
        out.push_str(html.get(from..from + at).unwrap_or_default());
        from = lower
            .get(from + at..)
            .and_then(|r| r.find('>'))
            .map_or(html.len(), |end| from + at + end + 1);
    }
    out.push_str(html.get(from..).unwrap_or_default());
    out.trim_end_matches("<br>").to_owned()
}

/// The items of `field` when it is one list and nothing else (`<ol>`: their order matters),
/// each as HTML; `None` for anything else, a nested list included.
fn list_items(field: &str) -> Option<(Vec<String>, bool)> {
    let trimmed = field.trim();
    let lower = trimmed.to_ascii_lowercase();
    let ordered = lower.starts_with("<ol");
    if !(ordered || lower.starts_with("<ul")) {
        return None;
    }
    let close = if ordered { "</ol>" } else { "</ul>" };
    let opens = lower.matches("<ol").count() + lower.matches("<ul").count();
    if opens != 1 || !lower.ends_with(close) {
        return None;
    }
    let mut items = Vec::new();
    let mut rest = lower.as_str();
    let mut offset = 0;
    while let Some(at) = rest.find("<li") {
        let start = at + rest.get(at..)?.find('>')? + 1;
        let tail = rest.get(start..)?;
        // The item ends at the first tag that ends it: one pass forward, never a search to
        // the end for each item (a field of ten thousand `<li>` stays linear).
        let mut end = tail.len();
        let mut from = 0;
        while let Some(at) = tail.get(from..).and_then(|t| t.find('<')) {
            let here = tail.get(from + at..).unwrap_or_default();
            if ["</li", "<li", close].iter().any(|t| here.starts_with(t)) {
                end = from + at;
                break;
            }
            from += at + 1;
        }
        let item = trimmed.get(offset + start..offset + start + end)?.trim();
        if !item.is_empty() {
            items.push(item.to_owned());
        }
        offset += start + end;
        rest = tail.get(end..)?;
    }
    (!items.is_empty()).then_some((items, ordered))
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

/// The collection's cards as rows `[front, back, tags]` with a key and extras each, and where
/// each row comes from; `line` numbers are note numbers (from 1, in the collection's note
/// order), so what happened to a row is told as a note. `title` names the package in the
/// pack's summary; `fields` are the learner's own readings of note types; `media` reads the
/// images the notes show.
pub fn table(
    collection: &Collection,
    title: &str,
    fields: &Fields,
    media: &mut Media<'_>,
) -> (Table, Vec<Origin>) {
    let mut origins = Vec::new();
    let mut table = Table {
        separator: '\t',
        rows: Vec::new(),
        lines: Vec::new(),
        notes: Vec::new(),
        keys: Vec::new(),
        source: Some(format!("Imported from the Anki package {title}.")),
        extras: Vec::new(),
        assets: Vec::new(),
    };
    // Each note type's templates read once (a template is not parsed again for every note).
    let sides_of: BTreeMap<i64, Vec<Sides>> = collection
        .notetypes
        .iter()
        .map(|(&id, t)| {
            let all = t.templates.iter().map(|(_, q, a)| sides(t, q, a)).collect();
            (id, all)
        })
        .collect();
    // Which templates have cards, and each note's deck (its first card's).
    let mut shown: BTreeSet<(i64, u32)> = BTreeSet::new();
    let mut deck_of: BTreeMap<i64, i64> = BTreeMap::new();
    for card in &collection.cards {
        shown.insert((card.note, card.ord));
        deck_of.entry(card.note).or_insert(card.deck);
    }
    let mut images = Images::default();
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
        for loss in losses(note) {
            say(&mut table, false, loss);
        }
        let mut left_out = Vec::new();
        let mut image = |field: usize, table: &mut Table, left_out: &mut Vec<String>| {
            let html = note.fields.get(field).map_or("", String::as_str);
            images.first_of(html, media, &mut table.assets, left_out)
        };
        let templates = match fields.get(&note.notetype).filter(|_| !notetype.cloze) {
            Some(&(q, a)) => chosen(note, notetype, q, a, &shown),
            None => templates_of(note, notetype, &sides_of, &shown),
        };
        if templates.is_empty() {
            say(
                &mut table,
                true,
                "Anki shows no card of this note".to_owned(),
            );
            continue;
        }
        for (ord, sides) in templates {
            let (row, mut extras) = row(note, &sides, tags.clone());
            extras.image = image(sides.q, &mut table, &mut left_out);
            extras.answer_image = image(sides.a, &mut table, &mut left_out);
            if ord.is_none() {
                // A cloze note's back is its explanation: no list answer.
                extras.list = None;
            }
            table.rows.push(row);
            table.lines.push(line);
            table.keys.push(match ord {
                Some(ord) => format!("{}/{ord}", note.guid),
                None => note.guid.clone(),
            });
            table.extras.push(extras);
            origins.push(Origin { note: note.id, ord });
        }
        let mut seen = HashSet::new();
        for why in left_out {
            if seen.insert(why.clone()) {
                say(&mut table, false, why);
            }
        }
    }
    (table, origins)
}

/// The learner's own reading of a note type, by its id: the field asked and the field that
/// answers (one card per note).
pub type Fields = BTreeMap<i64, (usize, usize)>;

/// One card for `note`, asking field `q` and answered by field `a` as the learner chose, tied
/// to the first of its Anki cards (for its history); the other fields its first template's
/// answer shows explain it.
fn chosen(
    note: &Note,
    notetype: &Notetype,
    q: usize,
    a: usize,
    shown: &BTreeSet<(i64, u32)>,
) -> Vec<(Option<u32>, Sides)> {
    let Some(ord) = (0..u32::try_from(notetype.templates.len()).unwrap_or(u32::MAX))
        .find(|&ord| shown.contains(&(note.id, ord)))
    else {
        return Vec::new();
    };
    let index = |name: &str| notetype.fields.iter().position(|f| f == name);
    let answered_too = notetype
        .templates
        .get(usize::try_from(ord).unwrap_or(usize::MAX))
        .map(|(_, _, back)| {
            field_refs(back)
                .iter()
                .filter_map(|n| index(n))
                .filter(|&i| i != q && i != a)
                .collect()
        })
        .unwrap_or_default();
    vec![(
        Some(ord),
        Sides {
            q,
            a,
            asked_too: Vec::new(),
            answered_too,
        },
    )]
}

/// The templates of `note` that have a card (`(Some(ord), how it reads)`), or for a cloze
/// note its one row (`None`: every deletion number).
fn templates_of(
    note: &Note,
    notetype: &Notetype,
    sides_of: &BTreeMap<i64, Vec<Sides>>,
    shown: &BTreeSet<(i64, u32)>,
) -> Vec<(Option<u32>, Sides)> {
    if notetype.cloze {
        let sides = Sides {
            q: 0,
            a: 1,
            ..Sides::default()
        };
        return vec![(None, sides)];
    }
    sides_of
        .get(&note.notetype)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .enumerate()
        .filter_map(|(ord, sides)| {
            let ord = u32::try_from(ord).unwrap_or(u32::MAX);
            shown
                .contains(&(note.id, ord))
                .then(|| (Some(ord), sides.clone()))
        })
        .collect()
}

/// One card's row `[front, back, tags]` and its extras (images are the caller's): the front
/// with the other fields its question shows (a list holding the answer becomes the options of
/// a multiple-choice card), the back (one list is a list answer), and the other fields the
/// answer shows as the explanation.
fn row(note: &Note, sides: &Sides, tags: String) -> (Vec<String>, Extras) {
    let field = |i: usize| note.fields.get(i).cloned().unwrap_or_default();
    let (mut front, back) = (field(sides.q), field(sides.a));
    let mut extras = Extras::default();
    let answer = plain(&back);
    for &i in &sides.asked_too {
        let text = field(i);
        if plain(&text).is_empty() {
            continue;
        }
        match list_items(&text) {
            Some((items, _))
                if extras.distractors.is_empty()
                    && items.len() >= 2
                    && items.iter().any(|o| plain(o) == answer) =>
            {
                extras.distractors = items.into_iter().filter(|o| plain(o) != answer).collect();
            }
            _ => {
                front.push_str("<br>");
                front.push_str(&text);
            }
        }
    }
    extras.list = list_items(&without_images(&back));
    let explained: Vec<String> = sides
        .answered_too
        .iter()
        .map(|&i| field(i))
        .filter(|f| !plain(f).is_empty())
        .collect();
    extras.explanation = explained.join("<br><br>");
    (vec![front, back, tags], extras)
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
pub fn mapping(collection: &Collection, fields: &Fields) -> Vec<String> {
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
        } else if let Some(&(q, a)) = fields.get(&id) {
            format!(
                "one card asks {}, answers {} (your choice)",
                name(q),
                name(a)
            )
        } else {
            t.templates
                .iter()
                .enumerate()
                .map(|(n, (_, front, back))| {
                    let read = sides(t, front, back);
                    let mut how = format!(
                        "card {} asks {}, answers {}",
                        n + 1,
                        name(read.q),
                        name(read.a)
                    );
                    if !read.answered_too.is_empty() {
                        let names: Vec<&str> = read.answered_too.iter().map(|&i| name(i)).collect();
                        how.push_str(&format!(", explains with {}", names.join(" and ")));
                    }
                    how
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn one_list_is_a_list_answer_and_anything_else_is_not() {
        let (items, ordered) =
            list_items("<ol><li>create</li><li>scale <b>up</b></li><li>drain</ol>").unwrap();
        assert!(ordered);
        assert_eq!(items, ["create", "scale <b>up</b>", "drain"]);
        let (items, ordered) = list_items(" <UL><LI>a<LI>b</UL> ").unwrap();
        assert!(!ordered);
        assert_eq!(items, ["a", "b"]);
        assert!(list_items("text <ul><li>a</li></ul>").is_none());
        assert!(list_items("<ul><li>a<ul><li>b</li></ul></li></ul>").is_none());
        assert!(list_items("<ul></ul>").is_none());
    }

    #[test]
    fn a_field_of_many_items_is_read_in_one_pass() {
        // 200,000 items with no closing tags: quadratic scanning would take minutes.
        let field = format!("<ul>{}</ul>", "<li>x".repeat(200_000));
        let started = std::time::Instant::now();
        let (items, _) = list_items(&field).unwrap();
        assert_eq!(items.len(), 200_000);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let field = "<img".repeat(200_000);
        assert_eq!(without_images(&field), "");
    }

    #[test]
    fn images_are_taken_out_of_a_field() {
        assert_eq!(
            without_images("<ol><li>a</li></ol><br><img src=\"x.png\">"),
            "<ol><li>a</li></ol>"
        );
        assert_eq!(without_images("a <IMG src=y> b"), "a  b");
    }
}
