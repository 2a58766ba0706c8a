//! Reading a text export into rows: Anki's `#key:value` header lines, then CSV-style records
//! (quotes, doubled quotes, separators and line breaks inside quoted fields), each row with the
//! line it starts on.
//!
//! A quote that opens a field but is never closed (or is closed before more text) would, read
//! strictly, swallow every row after it. Such a quote is read as a plain character instead, with a
//! note naming its line, so one stray `"` costs nothing and is visible.

use super::{Note, Table};

/// Anki's header keys (2.1.55+); a top line `#key:value` with another key is a row.
const HEADER_KEYS: [&str; 11] = [
    "separator",
    "html",
    "tags",
    "columns",
    "notetype",
    "deck",
    "notetype column",
    "deck column",
    "tags column",
    "guid column",
    "if matches",
];

/// The separators Anki names in `#separator:` (by name or as the character itself).
const SEPARATORS: [(&str, u8); 6] = [
    ("tab", b'\t'),
    ("comma", b','),
    ("semicolon", b';'),
    ("pipe", b'|'),
    ("space", b' '),
    ("colon", b':'),
];

/// Reads `text` (a UTF-8 BOM, CRLF or CR line ends, quotes, tabs and line breaks in quoted
/// fields are handled): tab-separated if the first row has a tab (or Anki's header says so),
/// else commas. Rows with only blank fields are left out. An unknown `#separator:` is refused
/// with its line, since guessing would split every row wrongly.
pub fn read_table(text: &str) -> Result<Table, Note> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (named, body_start, first_line) = header(text)?;
    let body = text.get(body_start..).unwrap_or_default();
    let separator = named.unwrap_or_else(|| guess_separator(body));
    let mut table = Table {
        separator: char::from(separator),
        rows: Vec::new(),
        lines: Vec::new(),
        notes: Vec::new(),
        keys: Vec::new(),
        source: None,
        extras: Vec::new(),
        assets: Vec::new(),
    };
    Records {
        body,
        separator,
        at: 0,
        line: first_line,
    }
    .read_into(&mut table);
    Ok(table)
}

/// Tab if the first row has a tab outside quoted fields, else comma. Only the first 64 KiB are
/// looked at; when the first row does not end there, a tab anywhere on the first line decides.
fn guess_separator(body: &str) -> u8 {
    let first_line = || {
        let line = body.lines().next().unwrap_or_default();
        if line.contains('\t') { b'\t' } else { b',' }
    };
    let bytes = body.as_bytes();
    let head = bytes.get(..64 * 1024).unwrap_or(bytes);
    let mut i = 0;
    let mut field_start = true;
    while let Some(&b) = head.get(i) {
        match b {
            b'"' if field_start => {
                let mut end = i + 1;
                let close = loop {
                    match head.get(end) {
                        None => break None,
                        Some(b'"') if head.get(end + 1) == Some(&b'"') => end += 2,
                        Some(b'"') => break Some(end),
                        Some(_) => end += 1,
                    }
                };
                // As the reader does: a quote that does not close right before a separator or
                // a line end is a plain character, and the field goes on after it.
                let after = close.map(|end| head.get(end + 1));
                if let (Some(end), Some(None | Some(b'\t' | b',' | b'\n' | b'\r'))) = (close, after)
                {
                    i = end;
                }
                field_start = false;
            }
            b'\t' => return b'\t',
            b'\n' | b'\r' => return b',',
            b',' => field_start = true,
            _ => field_start = false,
        }
        i += 1;
    }
    first_line()
}

/// The separator named in Anki's header lines, where the rows start (byte offset) and the line
/// number of that offset.
fn header(text: &str) -> Result<(Option<u8>, usize, usize), Note> {
    let mut separator = None;
    let mut body_start = 0;
    let mut line = 1;
    for raw in text.split_inclusive('\n') {
        let Some((key, value)) = raw
            .strip_prefix('#')
            .and_then(|rest| rest.split_once(':'))
            .filter(|(key, _)| HEADER_KEYS.contains(&key.trim().to_ascii_lowercase().as_str()))
        else {
            break;
        };
        if key.trim().eq_ignore_ascii_case("separator") {
            let value = value.trim_end_matches(['\n', '\r']);
            let found = SEPARATORS.iter().find(|(name, byte)| {
                value.trim().eq_ignore_ascii_case(name) || value.as_bytes() == [*byte]
            });
            let Some(&(_, byte)) = found else {
                return Err(Note {
                    line,
                    skipped: false,
                    message: format!(
                        "`#separator:{value}` is not a separator kubestudy reads; write one of \
                         tab, comma, semicolon, pipe, space or colon (the word or the character)"
                    ),
                });
            };
            separator = Some(byte);
        }
        body_start += raw.len();
        line += 1;
    }
    Ok((separator, body_start, line))
}

/// A cursor over the rows of the body.
struct Records<'a> {
    body: &'a str,
    separator: u8,
    /// Byte offset of the next field.
    at: usize,
    /// The line `at` is on.
    line: usize,
}

/// How a field that starts with a quote ends.
enum Quoted {
    /// Closed right before a separator, a line end or the end of the file.
    Closed {
        text: String,
        /// Just past the closing quote.
        end: usize,
    },
    /// Closed on `line`, but more text follows the closing quote.
    TextAfter { line: usize },
    /// Never closed.
    Unclosed,
}

impl Records<'_> {
    fn read_into(mut self, table: &mut Table) {
        let bytes = self.body.as_bytes();
        while self.at < bytes.len() {
            let start = self.line;
            let mut row = Vec::new();
            loop {
                let field = self.field(start, row.len() + 1, &mut table.notes);
                row.push(field);
                match bytes.get(self.at) {
                    Some(&b) if b == self.separator => self.at += 1,
                    Some(b'\r') => {
                        self.at += if bytes.get(self.at + 1) == Some(&b'\n') {
                            2
                        } else {
                            1
                        };
                        self.line += 1;
                        break;
                    }
                    Some(b'\n') => {
                        self.at += 1;
                        self.line += 1;
                        break;
                    }
                    _ => break,
                }
            }
            if row.iter().any(|f| !f.trim().is_empty()) {
                table.rows.push(row);
                table.lines.push(start);
            }
        }
    }

    /// The field at `self.at` (field number `n` of the row starting on line `row`); leaves
    /// `self.at` on what ends it.
    fn field(&mut self, row: usize, n: usize, notes: &mut Vec<Note>) -> String {
        let bytes = self.body.as_bytes();
        if bytes.get(self.at) == Some(&b'"') {
            let opened = self.line;
            let why = match self.quoted() {
                Quoted::Closed { text, end } => {
                    let breaks = line_breaks(bytes.get(self.at..end).unwrap_or_default());
                    if self.separator == b'\t' && holds_rows(&text) {
                        notes.push(Note {
                            line: row,
                            skipped: false,
                            message: format!(
                                "field {n} is quoted from line {opened} to line {} and holds \
                                 tabs on its later lines; if those lines are rows, a quote (\") \
                                 near line {opened} is unbalanced",
                                opened + breaks
                            ),
                        });
                    }
                    self.line += breaks;
                    self.at = end;
                    return text;
                }
                Quoted::TextAfter { line } if line == opened => {
                    "is closed before more text on the same line".to_owned()
                }
                Quoted::TextAfter { line } => {
                    format!("is closed on line {line} before more text")
                }
                Quoted::Unclosed => "is never closed".to_owned(),
            };
            notes.push(Note {
                line: row,
                skipped: false,
                message: format!(
                    "the quote (\") that opens field {n} {why}, so it was kept as a plain \
                     character (quote a field only to hold a separator, a line break or a \
                     quote, and write a quote inside it as \"\")"
                ),
            });
        }
        let rest = bytes.get(self.at..).unwrap_or_default();
        let end = memchr::memchr3(self.separator, b'\r', b'\n', rest)
            .map_or(bytes.len(), |i| self.at + i);
        let text = self.body.get(self.at..end).unwrap_or_default().to_owned();
        self.at = end;
        text
    }

    /// Reads the quoted field whose opening quote is at `self.at` (without moving).
    fn quoted(&self) -> Quoted {
        let bytes = self.body.as_bytes();
        let mut text = String::new();
        let mut from = self.at + 1;
        loop {
            let Some(quote) = bytes
                .get(from..)
                .and_then(|rest| memchr::memchr(b'"', rest))
                .map(|i| from + i)
            else {
                return Quoted::Unclosed;
            };
            text.push_str(self.body.get(from..quote).unwrap_or_default());
            match bytes.get(quote + 1) {
                Some(b'"') => {
                    text.push('"');
                    from = quote + 2;
                }
                None | Some(b'\r' | b'\n') => {
                    return Quoted::Closed {
                        text,
                        end: quote + 1,
                    };
                }
                Some(&b) if b == self.separator => {
                    return Quoted::Closed {
                        text,
                        end: quote + 1,
                    };
                }
                Some(_) => {
                    let inside = bytes.get(self.at..quote).unwrap_or_default();
                    return Quoted::TextAfter {
                        line: self.line + line_breaks(inside),
                    };
                }
            }
        }
    }
}

/// Line breaks in `bytes`: `\n`, `\r\n` and a lone `\r` each count once.
pub(super) fn line_breaks(bytes: &[u8]) -> usize {
    let lone_cr = bytes
        .windows(2)
        .filter(|w| w.first() == Some(&b'\r') && w.get(1) != Some(&b'\n'))
        .count()
        + usize::from(bytes.last() == Some(&b'\r'));
    memchr::memchr_iter(b'\n', bytes).count() + lone_cr
}

/// Whether a quoted multi-line field has a tab after its first line break: tabs are rare inside
/// a field's text but separate every row, so this is how swallowed rows look.
fn holds_rows(text: &str) -> bool {
    text.find(['\n', '\r'])
        .and_then(|i| text.get(i..))
        .is_some_and(|later| later.contains('\t'))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn fields(table: &Table) -> Vec<Vec<&str>> {
        table
            .rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect()
    }

    /// Text, its rows, and the line each row starts on.
    type Case = (&'static str, Vec<Vec<&'static str>>, Vec<usize>);

    #[test]
    fn quotes_separators_and_line_ends() {
        let cases: [Case; 6] = [
            (
                "a\tb\nc\td\n",
                vec![vec!["a", "b"], vec!["c", "d"]],
                vec![1, 2],
            ),
            (
                "a,b\r\nc,d",
                vec![vec!["a", "b"], vec!["c", "d"]],
                vec![1, 2],
            ),
            (
                "a,b\rc,d\r",
                vec![vec!["a", "b"], vec!["c", "d"]],
                vec![1, 2],
            ),
            (
                "\"x, \"\"y\"\"\",\"two\nlines\"\nz,w\n",
                vec![vec!["x, \"y\"", "two\nlines"], vec!["z", "w"]],
                vec![1, 3],
            ),
            (
                "a\t\n\t\n\nb\tc\t\n",
                vec![vec!["a", ""], vec!["b", "c", ""]],
                vec![1, 4],
            ),
            (
                "5\" floppy,disk\n",
                vec![vec!["5\" floppy", "disk"]],
                vec![1],
            ),
        ];
        for (text, rows, lines) in cases {
            let table = read_table(text).unwrap();
            assert_eq!(fields(&table), rows, "{text:?}");
            assert_eq!(table.lines, lines, "{text:?}");
            assert!(table.notes.is_empty(), "{text:?}: {:?}", table.notes);
        }
    }

    #[test]
    fn an_unclosed_quote_is_kept_as_text_with_a_note() {
        let text = "q1\ta1\n\"q2\ta2\nq3\ta3\nq4\ta4\n";
        let table = read_table(text).unwrap();
        assert_eq!(
            fields(&table),
            [["q1", "a1"], ["\"q2", "a2"], ["q3", "a3"], ["q4", "a4"]]
        );
        assert_eq!(table.notes.len(), 1, "{:?}", table.notes);
        assert_eq!(table.notes[0].line, 2);
        assert!(table.notes[0].message.contains("never closed"));
        // Closed before more text, on a later line: the rows between are rows again.
        let text = "\"q1\ta1\nq2\tsays \"hi\" there\n";
        let table = read_table(text).unwrap();
        assert_eq!(
            fields(&table),
            [["\"q1", "a1"], ["q2", "says \"hi\" there"]]
        );
        assert!(
            table.notes[0].message.contains("closed on line 2"),
            "{:?}",
            table.notes
        );
    }

    #[test]
    fn a_quoted_field_holding_tabbed_lines_gets_a_note() {
        let table = read_table("\"q1\ta1\nq2\ta2\nq3 12\"\ta3\n").unwrap();
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.notes.len(), 1);
        assert!(table.notes[0].message.contains("line 1 to line 3"));
        // A quoted field over lines without tabs in them is ordinary.
        let table = read_table("\"two\nlines\"\tback\n").unwrap();
        assert_eq!(table.separator, '\t');
        assert!(table.notes.is_empty(), "{:?}", table.notes);
    }

    #[test]
    fn the_separator_is_guessed_from_the_first_row() {
        let cases = [
            ("a\tb\n", '\t'),
            ("a,b\n", ','),
            ("\"two\nlines\"\tb\n", '\t'),
            ("\"a\tb\",c\n", ','),
            ("\"x \"\"y\"\"\tz\",c\n", ','),
            ("\"unclosed\ta\nb\tc\n", '\t'),
            ("5\" floppy\tdisk\n", '\t'),
            ("one column\nno tab\n", ','),
        ];
        for (text, separator) in cases {
            assert_eq!(read_table(text).unwrap().separator, separator, "{text:?}");
        }
    }

    #[test]
    fn anki_headers() {
        let table = read_table("#separator:Semicolon\n#html:true\n#deck:X\na;b\n").unwrap();
        assert_eq!(table.separator, ';');
        assert_eq!(table.lines, [4]);
        let table = read_table("#separator:|\na|b\n").unwrap();
        assert_eq!(table.separator, '|');
        let table = read_table("#separator:\t\na\tb\n").unwrap();
        assert_eq!(table.separator, '\t');
        // Not a header key: a row (a card whose front starts with `#`).
        let table = read_table("#1 rule:\tnever run as root\n").unwrap();
        assert_eq!(fields(&table), [["#1 rule:", "never run as root"]]);
        let err = read_table("#html:true\n#separator:é\na,b\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("`#separator:é`"), "{}", err.message);
    }
}
