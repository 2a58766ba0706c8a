//! An Anki collection read into plain rows: notes, cards, the review log, decks and note types,
//! from schema 11 (decks and note types as JSON in `col`) or schema 18 (their own tables, with
//! protobuf configs). Every query is bounded by a row limit; a note too large is skipped and
//! counted, never read whole into a pack.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::proto;

/// Most notes read: past it the package is refused, with the count.
pub const MAX_NOTES: usize = 500_000;
/// Most cards read.
pub const MAX_CARDS: usize = 1_000_000;
/// Most review-log entries read.
pub const MAX_REVIEWS: usize = 5_000_000;
/// The largest note (all its fields) kept.
pub const MAX_NOTE_BYTES: usize = 1024 * 1024;
/// Most decks and note types read.
const MAX_TYPES: usize = 10_000;

/// A note: its fields in its note type's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Anki's id.
    pub id: i64,
    /// Stable across exports: item ids come from it.
    pub guid: String,
    /// Its note type.
    pub notetype: i64,
    /// The fields.
    pub fields: Vec<String>,
    /// Its tags.
    pub tags: Vec<String>,
}

/// A card: which note, deck and template, and where Anki's scheduler has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Card {
    /// Anki's id.
    pub id: i64,
    /// Its note.
    pub note: i64,
    /// Its deck.
    pub deck: i64,
    /// Its template (or cloze number - 1).
    pub ord: u32,
    /// 0 new, 1 learning, 2 review, 3 relearning.
    pub kind: i64,
    /// -1 suspended, -2/-3 buried, 0 new, 1/3 learning, 2 review.
    pub queue: i64,
    /// Due: a day number for reviews, a timestamp for learning, a position for new cards.
    pub due: i64,
    /// Interval in days.
    pub interval: i64,
    /// SM-2 ease factor, permille.
    pub factor: i64,
    /// Reviews and lapses as Anki counted them.
    pub reps: i64,
    /// Lapses.
    pub lapses: i64,
}

/// One review-log entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    /// When, in milliseconds since the epoch (the entry's id).
    pub time_ms: i64,
    /// The card.
    pub card: i64,
    /// The button: 1 Again … 4 Easy; 0 for a manual change.
    pub ease: i64,
    /// 0 learning, 1 review, 2 relearning, 3 filtered, 4 manual, 5 rescheduled.
    pub kind: i64,
    /// The ease factor after it (0 for a reset).
    pub factor: i64,
    /// Milliseconds taken.
    pub taken_ms: i64,
}

/// A note type's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notetype {
    /// Its name (localised names exist: the shape decides, not the name).
    pub name: String,
    /// Whether it is a cloze type.
    pub cloze: bool,
    /// Field names in order.
    pub fields: Vec<String>,
    /// Templates in order: (name, front, back).
    pub templates: Vec<(String, String, String)>,
}

/// A collection's rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Collection {
    /// `col.ver`.
    pub schema: i64,
    /// `col.crt`: when the collection's first day started (seconds); review cards are due a
    /// number of days after it.
    pub created: i64,
    /// Notes by id order.
    pub notes: Vec<Note>,
    /// Cards by id order.
    pub cards: Vec<Card>,
    /// The review log by card, then time.
    pub reviews: Vec<Review>,
    /// Deck names (`A::B`) by id.
    pub decks: BTreeMap<i64, String>,
    /// Note types by id.
    pub notetypes: BTreeMap<i64, Notetype>,
    /// Notes left out, with why (a note too large).
    pub skipped: Vec<(String, String)>,
}

/// The top deck of a deck path: `Kubernetes` for `Kubernetes::Storage`.
pub fn top_deck(path: &str) -> &str {
    path.split("::").next().unwrap_or(path).trim()
}

impl Collection {
    /// The part of the collection under top deck `top`: the notes with a card there, those
    /// cards, and their review log.
    pub fn only_deck(&self, top: &str) -> Self {
        let decks: BTreeMap<i64, String> = self
            .decks
            .iter()
            .filter(|(_, name)| top_deck(name) == top)
            .map(|(&id, name)| (id, name.clone()))
            .collect();
        let cards: Vec<Card> = self
            .cards
            .iter()
            .filter(|c| decks.contains_key(&c.deck))
            .copied()
            .collect();
        let notes: std::collections::HashSet<i64> = cards.iter().map(|c| c.note).collect();
        let card_ids: std::collections::HashSet<i64> = cards.iter().map(|c| c.id).collect();
        Self {
            schema: self.schema,
            created: self.created,
            notes: self
                .notes
                .iter()
                .filter(|n| notes.contains(&n.id))
                .cloned()
                .collect(),
            reviews: self
                .reviews
                .iter()
                .filter(|r| card_ids.contains(&r.card))
                .copied()
                .collect(),
            cards,
            decks,
            notetypes: self.notetypes.clone(),
            skipped: self.skipped.clone(),
        }
    }

    /// Each top deck with the number of cards under it, most first.
    pub fn top_decks(&self) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for card in &self.cards {
            if let Some(deck) = self.decks.get(&card.deck) {
                *counts.entry(top_deck(deck)).or_default() += 1;
            }
        }
        let mut out: Vec<(String, usize)> = counts
            .into_iter()
            .filter(|(name, _)| !name.is_empty())
            .map(|(name, n)| (name.to_owned(), n))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }
}

fn sql(e: &rusqlite::Error) -> String {
    format!("the collection cannot be read: {e}")
}

/// Refuses more than `max` rows of `what`.
fn capped<T>(rows: Vec<T>, max: usize, what: &str) -> Result<Vec<T>, String> {
    if rows.len() > max {
        return Err(format!(
            "the collection has more than {max} {what}; kubestudy reads at most that many"
        ));
    }
    Ok(rows)
}

/// Reads the collection behind `conn`.
pub fn read(conn: &Connection) -> Result<Collection, String> {
    let (schema, created): (i64, i64) = conn
        .query_row("SELECT ver, crt FROM col", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(|e| sql(&e))?;
    let mut out = Collection {
        schema,
        created,
        ..Collection::default()
    };
    if schema >= 18 {
        read_types_18(conn, &mut out)?;
    } else {
        read_types_11(conn, &mut out)?;
    }
    read_notes(conn, &mut out)?;
    let cards = query(
        conn,
        "SELECT id, nid, did, ord, type, queue, due, ivl, reps, lapses, factor FROM cards ORDER BY id LIMIT ?1",
        MAX_CARDS,
        |r| {
            Ok(Card {
                id: r.get(0)?,
                note: r.get(1)?,
                deck: r.get(2)?,
                ord: r.get(3)?,
                kind: r.get(4)?,
                queue: r.get(5)?,
                due: r.get(6)?,
                interval: r.get(7)?,
                reps: r.get(8)?,
                lapses: r.get(9)?,
                factor: r.get(10)?,
            })
        },
    )?;
    out.cards = capped(cards, MAX_CARDS, "cards")?;
    let reviews = query(
        conn,
        "SELECT id, cid, ease, type, factor, time FROM revlog LIMIT ?1",
        MAX_REVIEWS,
        |r| {
            Ok(Review {
                time_ms: r.get(0)?,
                card: r.get(1)?,
                ease: r.get(2)?,
                kind: r.get(3)?,
                factor: r.get(4)?,
                taken_ms: r.get(5)?,
            })
        },
    )?;
    let mut reviews = capped(reviews, MAX_REVIEWS, "review-log entries")?;
    // By card, oldest first: sorted here, as SQLite would sort them (or look each row up through
    // Anki's index by card) for an `ORDER BY`, only slower.
    reviews.sort_unstable_by_key(|r| (r.card, r.time_ms));
    out.reviews = reviews;
    Ok(out)
}

/// Rows of `statement` (which takes one `LIMIT ?1`), one more than `max` at most.
fn query<T>(
    conn: &Connection,
    statement: &str,
    max: usize,
    row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, String> {
    let limit = i64::try_from(max + 1).unwrap_or(i64::MAX);
    let table = statement
        .split(" FROM ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .unwrap_or("?");
    let err = |e: rusqlite::Error| format!("the collection's {table} cannot be read: {e}");
    let mut stmt = conn.prepare(statement).map_err(err)?;
    let rows = stmt.query_map([limit], row).map_err(err)?;
    rows.collect::<rusqlite::Result<Vec<T>>>().map_err(err)
}

fn read_notes(conn: &Connection, out: &mut Collection) -> Result<(), String> {
    let limit = i64::try_from(MAX_NOTES + 1).unwrap_or(i64::MAX);
    let mut stmt = conn
        .prepare(
            "SELECT id, guid, mid, tags, length(CAST(flds AS BLOB)),
                    CASE WHEN length(CAST(flds AS BLOB)) <= ?2 THEN flds ELSE '' END
             FROM notes ORDER BY id LIMIT ?1",
        )
        .map_err(|e| sql(&e))?;
    let max_bytes = i64::try_from(MAX_NOTE_BYTES).unwrap_or(i64::MAX);
    let mut rows = stmt.query((limit, max_bytes)).map_err(|e| sql(&e))?;
    let mut notes = Vec::new();
    while let Some(r) = rows.next().map_err(|e| sql(&e))? {
        let guid: String = r.get(1).map_err(|e| sql(&e))?;
        let size: i64 = r.get(4).map_err(|e| sql(&e))?;
        if usize::try_from(size).unwrap_or(usize::MAX) > MAX_NOTE_BYTES {
            out.skipped.push((
                guid,
                format!(
                    "its fields are {}; a note may be at most {}",
                    crate::files::human_size(u64::try_from(size).unwrap_or(0)),
                    crate::files::human_size(MAX_NOTE_BYTES as u64)
                ),
            ));
            continue;
        }
        let tags: String = r.get(3).map_err(|e| sql(&e))?;
        let fields: String = r.get(5).map_err(|e| sql(&e))?;
        notes.push(Note {
            id: r.get(0).map_err(|e| sql(&e))?,
            guid,
            notetype: r.get(2).map_err(|e| sql(&e))?,
            fields: fields.split('\x1f').map(str::to_owned).collect(),
            tags: tags.split_whitespace().map(str::to_owned).collect(),
        });
        if notes.len() + out.skipped.len() > MAX_NOTES {
            return Err(format!(
                "the collection has more than {MAX_NOTES} notes; kubestudy reads at most that many"
            ));
        }
    }
    out.notes = notes;
    Ok(())
}

/// Schema 11: decks and note types are JSON objects keyed by id in `col`.
fn read_types_11(conn: &Connection, out: &mut Collection) -> Result<(), String> {
    let (models, decks): (String, String) = conn
        .query_row("SELECT models, decks FROM col", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(|e| sql(&e))?;
    let json = |text: &str, what: &str| {
        serde_json::from_str::<BTreeMap<String, serde_json::Value>>(text)
            .map_err(|e| format!("the collection's {what} are not readable: {e}"))
    };
    let text = |v: &serde_json::Value, key: &str| {
        v.get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    for (id, deck) in json(&decks, "decks")?.iter().take(MAX_TYPES) {
        if let Ok(id) = id.parse() {
            out.decks.insert(id, text(deck, "name"));
        }
    }
    for (id, model) in json(&models, "note types")?.iter().take(MAX_TYPES) {
        let Ok(id) = id.parse() else { continue };
        let list = |key: &str| {
            model
                .get(key)
                .and_then(serde_json::Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        out.notetypes.insert(
            id,
            Notetype {
                name: text(model, "name"),
                cloze: model.get("type").and_then(serde_json::Value::as_i64) == Some(1),
                fields: list("flds").iter().map(|f| text(f, "name")).collect(),
                templates: list("tmpls")
                    .iter()
                    .map(|t| (text(t, "name"), text(t, "qfmt"), text(t, "afmt")))
                    .collect(),
            },
        );
    }
    Ok(())
}

/// Schema 18: `decks`, `notetypes`, `fields` and `templates` tables; a note type's kind is
/// field 1 of its protobuf config (1 = cloze), a template's front and back fields 1 and 2.
fn read_types_18(conn: &Connection, out: &mut Collection) -> Result<(), String> {
    let decks = query(
        conn,
        "SELECT id, name FROM decks LIMIT ?1",
        MAX_TYPES,
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
    )?;
    for (id, name) in decks.into_iter().take(MAX_TYPES) {
        out.decks.insert(id, name.replace('\x1f', "::"));
    }
    let types = query(
        conn,
        "SELECT id, name, config FROM notetypes LIMIT ?1",
        MAX_TYPES,
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        },
    )?;
    for (id, name, config) in types.into_iter().take(MAX_TYPES) {
        let cloze = proto::fields(&config)
            .filter_map(Result::ok)
            .find(|f| f.number == 1)
            .and_then(|f| f.varint())
            == Some(1);
        out.notetypes.insert(
            id,
            Notetype {
                name,
                cloze,
                fields: Vec::new(),
                templates: Vec::new(),
            },
        );
    }
    // Sorted here, not by SQL: these tables carry Anki's own `unicase` collation, which an
    // ordered query would need registered.
    let mut fields = query(
        conn,
        "SELECT ntid, ord, name FROM fields LIMIT ?1",
        MAX_TYPES * 10,
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        },
    )?;
    fields.sort_by_key(|f| (f.0, f.1));
    for (ntid, _, name) in fields {
        if let Some(t) = out.notetypes.get_mut(&ntid) {
            t.fields.push(name);
        }
    }
    let mut templates = query(
        conn,
        "SELECT ntid, ord, name, config FROM templates LIMIT ?1",
        MAX_TYPES * 10,
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Vec<u8>>(3)?,
            ))
        },
    )?;
    templates.sort_by_key(|t| (t.0, t.1));
    for (ntid, _, name, config) in templates {
        let text = |n: u64| {
            proto::fields(&config)
                .filter_map(Result::ok)
                .find(|f| f.number == n)
                .and_then(|f| f.text().map(str::to_owned))
                .unwrap_or_default()
        };
        if let Some(t) = out.notetypes.get_mut(&ntid) {
            t.templates.push((name, text(1), text(2)));
        }
    }
    Ok(())
}
