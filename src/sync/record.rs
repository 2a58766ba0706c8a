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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    match serde_json::from_slice(json) {
        Ok(record) => Line::Record(record),
        Err(_) => Line::Unknown,
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
    fn a_whole_record_of_a_newer_kind_is_unknown_not_damage() {
        let json = r#"{"t":"hologram","h":1}"#;
        let line = format!("{:08x} {json}", crc32fast::hash(json.as_bytes()));
        assert_eq!(unframe(line.as_bytes()), Line::Unknown);
    }
}
