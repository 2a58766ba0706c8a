//! The records of a sync file, and their framing.
//!
//! A sync file is text, one record a line: eight hex digits of the CRC-32 of the JSON that
//! follows, a space, the JSON, a newline. The first line is the file's head (format version,
//! device id and name). A line cut short (a sync tool's half-written copy) or damaged fails its
//! checksum and is skipped until it is whole; a line whose checksum holds but whose record this
//! build does not know came from a newer kubestudy and is skipped with a message.

use serde::{Deserialize, Serialize};

/// The sync format this build writes and reads.
pub const FORMAT: u32 = 1;
/// Longest record line read (a personal edit may be long; anything longer is damage).
pub const MAX_LINE: usize = 1024 * 1024;

/// One record.
/// Written with serde's tag; read through [`Flat`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Record {
    /// The first line of a device's file.
    Head {
        /// Sync format.
        v: u32,
        /// The device's id.
        device: String,
        /// The name it gives itself (the machine's name).
        name: String,
    },
    /// An answer.
    Answer {
        /// Its stamp (hybrid clock).
        h: i64,
        /// Pack id.
        pack: String,
        /// Item id.
        item: String,
        /// Item kind (the store's code).
        kind: i64,
        /// When it was given (the device's clock, ms).
        time: i64,
        /// The study day it counted for on that device.
        day: i64,
        /// Rating, 1-4.
        rating: i64,
        /// Whole days since the item's previous answer there.
        elapsed: u32,
        /// The mode that asked it.
        mode: String,
        /// How long the learner took (ms).
        ms: u32,
    },
    /// An answer of this device taken back (undo).
    Undo {
        /// The answer's stamp.
        h: i64,
        /// Its pack id.
        pack: String,
        /// Its item id.
        item: String,
    },
    /// An item's marks.
    Marks {
        /// Stamp of the change.
        h: i64,
        /// Pack id.
        pack: String,
        /// Item id.
        item: String,
        /// Item kind.
        kind: i64,
        /// Flag colour, 0 for none.
        flag: i64,
        /// Suspended.
        suspended: bool,
        /// Buried on this study day.
        buried: Option<i64>,
        /// Leech mark (0 none, 1 marked, 2 marked and suspended by it).
        leech: i64,
    },
    /// An item's edit; `body: None` when the edit was taken back.
    Edit {
        /// Stamp of the change.
        h: i64,
        /// Pack id.
        pack: String,
        /// Item id.
        item: String,
        /// The learner's text.
        body: Option<String>,
        /// The pack's text it was made from.
        base: Option<String>,
        /// When it was edited (ms).
        edited: i64,
    },
    /// One of the learner's own cards (the `my-cards` pack); `card: None` when it was deleted.
    Card {
        /// Stamp of the change.
        h: i64,
        /// The card's id.
        id: String,
        /// The card as the pack writes it.
        card: Option<serde_json::Value>,
    },
    /// A setting that follows the learner.
    Setting {
        /// Stamp of the change.
        h: i64,
        /// Its name in `settings.ron`.
        key: String,
        /// Its value.
        value: serde_json::Value,
    },
}

/// One line for `record`, newline included.
pub fn frame(record: &Record) -> String {
    let json = serde_json::to_string(record).unwrap_or_default();
    format!("{:08x} {json}\n", crc32fast::hash(json.as_bytes()))
}

/// What a line held.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    /// A record.
    Record(Record),
    /// Whole, but a record this build does not know (a newer kubestudy's).
    Unknown,
    /// Damaged or cut short: its checksum fails.
    Damaged,
}

/// Reads one line (without its newline).
pub fn unframe(line: &[u8]) -> Line {
    let Some((sum, json)) = line.split_at_checked(9) else {
        return Line::Damaged;
    };
    let Some(expected) = std::str::from_utf8(sum)
        .ok()
        .and_then(|s| s.strip_suffix(' '))
        .and_then(|s| u32::from_str_radix(s, 16).ok())
    else {
        return Line::Damaged;
    };
    if crc32fast::hash(json) != expected {
        return Line::Damaged;
    }
    match serde_json::from_slice::<Flat>(json) {
        Ok(flat) => flat.record().map_or(Line::Unknown, Line::Record),
        Err(_) => Line::Unknown,
    }
}

/// Every field any record has, read in one pass: serde's internally tagged enums buffer each
/// record before they look at its tag, which made reading a long history three times slower.
#[derive(Deserialize)]
struct Flat {
    t: String,
    h: Option<i64>,
    v: Option<u32>,
    device: Option<String>,
    name: Option<String>,
    pack: Option<String>,
    item: Option<String>,
    kind: Option<i64>,
    time: Option<i64>,
    day: Option<i64>,
    rating: Option<i64>,
    elapsed: Option<u32>,
    mode: Option<String>,
    ms: Option<u32>,
    flag: Option<i64>,
    suspended: Option<bool>,
    buried: Option<i64>,
    leech: Option<i64>,
    body: Option<String>,
    base: Option<String>,
    edited: Option<i64>,
    key: Option<String>,
    value: Option<serde_json::Value>,
    id: Option<String>,
    card: Option<serde_json::Value>,
}

impl Flat {
    /// The record, when its kind is known and its fields are there.
    fn record(self) -> Option<Record> {
        Some(match self.t.as_str() {
            "head" => Record::Head {
                v: self.v?,
                device: self.device?,
                name: self.name.unwrap_or_default(),
            },
            "answer" => Record::Answer {
                h: self.h?,
                pack: self.pack?,
                item: self.item?,
                kind: self.kind?,
                time: self.time?,
                day: self.day?,
                rating: self.rating?,
                elapsed: self.elapsed.unwrap_or(0),
                mode: self.mode.unwrap_or_default(),
                ms: self.ms.unwrap_or(0),
            },
            "undo" => Record::Undo {
                h: self.h?,
                pack: self.pack?,
                item: self.item?,
            },
            "marks" => Record::Marks {
                h: self.h?,
                pack: self.pack?,
                item: self.item?,
                kind: self.kind?,
                flag: self.flag.unwrap_or(0),
                suspended: self.suspended.unwrap_or(false),
                buried: self.buried,
                leech: self.leech.unwrap_or(0),
            },
            "edit" => Record::Edit {
                h: self.h?,
                pack: self.pack?,
                item: self.item?,
                body: self.body,
                base: self.base,
                edited: self.edited.unwrap_or(0),
            },
            "card" => Record::Card {
                h: self.h?,
                id: self.id?,
                card: self.card.filter(|c| !c.is_null()),
            },
            "setting" => Record::Setting {
                h: self.h?,
                key: self.key?,
                value: self.value.unwrap_or(serde_json::Value::Null),
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_record_reads_back_and_any_changed_byte_is_damage() {
        let record = Record::Answer {
            h: 123_456,
            pack: "p".into(),
            item: "i".into(),
            kind: 0,
            time: 5,
            day: 1,
            rating: 3,
            elapsed: 0,
            mode: "review".into(),
            ms: 900,
        };
        let line = frame(&record);
        let body = line.strip_suffix('\n').unwrap().as_bytes();
        assert_eq!(unframe(body), Line::Record(record));
        for cut in 0..body.len() {
            assert_eq!(unframe(body.get(..cut).unwrap()), Line::Damaged, "{cut}");
        }
        let mut flipped = body.to_vec();
        *flipped.get_mut(20).unwrap() ^= 1;
        assert_eq!(unframe(&flipped), Line::Damaged);
    }

    #[test]
    fn every_kind_of_record_reads_back_as_written() {
        let records = [
            Record::Head {
                v: 1,
                device: "d".into(),
                name: "n".into(),
            },
            Record::Undo {
                h: 7,
                pack: "p".into(),
                item: "i".into(),
            },
            Record::Marks {
                h: 8,
                pack: "p".into(),
                item: "i".into(),
                kind: 1,
                flag: 2,
                suspended: true,
                buried: Some(20_000),
                leech: 1,
            },
            Record::Edit {
                h: 9,
                pack: "p".into(),
                item: "i".into(),
                body: Some("b".into()),
                base: Some("a".into()),
                edited: 5,
            },
            Record::Edit {
                h: 10,
                pack: "p".into(),
                item: "i".into(),
                body: None,
                base: None,
                edited: 0,
            },
            Record::Card {
                h: 11,
                id: "c".into(),
                card: Some(serde_json::json!({"id": "c"})),
            },
            Record::Card {
                h: 12,
                id: "c".into(),
                card: None,
            },
            Record::Setting {
                h: 13,
                key: "exam_date".into(),
                value: serde_json::json!("2027-01-02"),
            },
        ];
        for record in records {
            let line = frame(&record);
            assert_eq!(unframe(line.trim_end().as_bytes()), Line::Record(record));
        }
    }

    #[test]
    fn a_whole_record_of_a_newer_kind_is_unknown_not_damage() {
        let json = r#"{"t":"hologram","h":1}"#;
        let line = format!("{:08x} {json}", crc32fast::hash(json.as_bytes()));
        assert_eq!(unframe(line.as_bytes()), Line::Unknown);
    }
}
