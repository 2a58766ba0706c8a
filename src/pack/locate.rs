//! Positions of values inside a RON file that has already parsed.
//!
//! serde gives us values without positions, so when validation finds a problem (a duplicate id, a
//! dangling reference) we scan the source once more with this small structural scanner and look up
//! the value by its path (`cards[3].terms[1]`). The scan is built lazily, only for files with
//! problems, and is lenient: on anything unexpected it stops and lookups fall back to the nearest
//! value it did find.

/// One step of a path into a RON document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// A named field of a struct.
    Field(&'a str),
    /// An element of a list or tuple.
    Index(usize),
}

/// Deeper than this the scanner gives up (the parser rejects such files first).
const MAX_DEPTH: usize = 96;

#[derive(Debug)]
enum Shape {
    Fields(Vec<(String, Value)>),
    Items(Vec<Value>),
    Leaf,
}

#[derive(Debug)]
struct Value {
    offset: usize,
    shape: Shape,
}

/// Bytes between two character-count checkpoints of a [`LineIndex`]: no position costs more than
/// counting this many bytes, however long its line is.
const CHECKPOINT: usize = 512;

/// Turns byte offsets into 1-based (line, column in characters) and back, at a cost that does not
/// grow with the length of a line: one file with 80,000 problems on one line is located in linear
/// time. Lines end at `\n`, `\r\n` or a lone `\r`, as in `parse::line_col`.
#[derive(Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// Characters before byte `k * CHECKPOINT`, for every `k`.
    chars_before: Vec<usize>,
    text_len: usize,
}

/// Whether byte `b` starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    b & 0xc0 != 0x80
}

impl LineIndex {
    /// Indexes `text` in one pass.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut chars_before = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
        let mut chars = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if i.is_multiple_of(CHECKPOINT) {
                chars_before.push(chars);
            }
            chars += usize::from(starts_char(b));
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                line_starts.push(i + 1);
            }
        }
        if bytes.len().is_multiple_of(CHECKPOINT) {
            chars_before.push(chars);
        }
        Self {
            line_starts,
            chars_before,
            text_len: bytes.len(),
        }
    }

    /// The bytes that must be counted to know the characters before `offset`: from the last
    /// checkpoint up to it, never more than [`CHECKPOINT`].
    fn uncounted(&self, offset: usize) -> std::ops::Range<usize> {
        let offset = offset.min(self.text_len);
        (offset - offset % CHECKPOINT)..offset
    }

    /// Characters in `text` before byte `offset`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let range = self.uncounted(offset);
        let base = self
            .chars_before
            .get(range.start / CHECKPOINT)
            .copied()
            .unwrap_or(0);
        let tail = text.as_bytes().get(range).unwrap_or_default();
        base + tail.iter().filter(|&&b| starts_char(b)).count()
    }

    /// The 1-based (line, column) of byte `offset` of `text` (the text this index was built on).
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text_len);
        let line = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let col = self.chars_before(text, offset) - self.chars_before(text, start) + 1;
        (line, col)
    }
}

/// The byte offset of the 1-based (line, column) `at` in `text` (its end when past it); only the
/// text before that place is scanned, as [`LineIndex`] counts lines.
pub fn offset_at(text: &str, (line, col): (usize, usize)) -> usize {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut lines_left = line.saturating_sub(1);
    let mut i = 0;
    while lines_left > 0 && i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or_default();
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            lines_left -= 1;
            start = i + 1;
        }
        i += 1;
    }
    if lines_left > 0 {
        return text.len();
    }
    let rest = text.get(start..).unwrap_or_default();
    start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// The structure of one RON file with byte offsets, and a line table to turn them into positions.
#[derive(Debug)]
pub struct SpanIndex {
    root: Option<Value>,
    lines: LineIndex,
}

impl SpanIndex {
    /// Scans `text`.
    pub fn new(text: &str) -> Self {
        let mut scanner = Scanner {
            text,
            bytes: text.as_bytes(),
            pos: 0,
        };
        scanner.skip_trivia();
        let root = scanner.value(0);
        Self {
            root,
            lines: LineIndex::new(text),
        }
    }

    /// The 1-based (line, column) of the value at `path`, or of the deepest ancestor found.
    pub fn locate(&self, text: &str, path: &[Step<'_>]) -> (usize, usize) {
        let offset = self.offset_of(path);
        self.position(text, offset)
    }

    /// The 1-based (line, column) of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        self.lines.position(text, offset)
    }

    fn offset_of(&self, path: &[Step<'_>]) -> usize {
        let Some(mut value) = self.root.as_ref() else {
            return 0;
        };
        for step in path {
            let next = match (step, &value.shape) {
                (Step::Field(name), Shape::Fields(fields)) => {
                    fields.iter().find(|(key, _)| key == name).map(|(_, v)| v)
                }
                (Step::Index(i), Shape::Items(items)) => items.get(*i),
                _ => None,
            };
            match next {
                Some(next) => value = next,
                None => break,
            }
        }
        value.offset
    }
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    /// Skips whitespace, comments and `#![enable(...)]` attributes.
    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(b), _) if b.is_ascii_whitespace() => self.pos += 1,
                (Some(b'/'), Some(b'/')) => {
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => self.skip_block_comment(),
                (Some(b'#'), Some(b'!')) => {
                    while self.peek().is_some_and(|b| b != b']') {
                        self.pos += 1;
                    }
                    self.pos += 1;
                }
                _ => return,
            }
        }
    }

    fn skip_block_comment(&mut self) {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            if b == b'/' && self.peek_at(1) == Some(b'*') {
                depth += 1;
                self.pos += 2;
            } else if b == b'*' && self.peek_at(1) == Some(b'/') {
                depth = depth.saturating_sub(1);
                self.pos += 2;
                if depth == 0 {
                    return;
                }
            } else {
                self.pos += 1;
            }
        }
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let offset = self.pos;
        match self.peek()? {
            b'"' => {
                self.string();
                Some(Value {
                    offset,
                    shape: Shape::Leaf,
                })
            }
            b'r' if matches!(self.peek_at(1), Some(b'#' | b'"')) => {
                self.raw_string();
                Some(Value {
                    offset,
                    shape: Shape::Leaf,
                })
            }
            b'\'' => {
                self.char_literal();
                Some(Value {
                    offset,
                    shape: Shape::Leaf,
                })
            }
            b'(' => self.parenthesised(offset, depth),
            b'[' => self.list(offset, depth, b']'),
            b'{' => self.list(offset, depth, b'}'),
            _ => self.word_or_named(offset, depth),
        }
    }

    /// An identifier or number; an identifier directly followed by `(` names a struct or variant.
    /// `Some(x)` is transparent: its position and shape are those of `x`.
    fn word_or_named(&mut self, offset: usize, depth: usize) -> Option<Value> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'+' | b'-'))
        {
            self.pos += 1;
        }
        if self.pos == start {
            return None;
        }
        let word = self.text.get(start..self.pos).unwrap_or("");
        self.skip_trivia();
        if self.peek() != Some(b'(') {
            return Some(Value {
                offset,
                shape: Shape::Leaf,
            });
        }
        let inner_offset = self.pos;
        let inner = self.parenthesised(inner_offset, depth)?;
        if word == "Some"
            && let Shape::Items(mut items) = inner.shape
        {
            if items.len() == 1 {
                return items.pop();
            }
            return Some(Value {
                offset,
                shape: Shape::Items(items),
            });
        }
        Some(Value {
            offset,
            shape: inner.shape,
        })
    }

    /// `( ... )`: a struct when it starts with `name:`, a tuple otherwise.
    fn parenthesised(&mut self, offset: usize, depth: usize) -> Option<Value> {
        self.pos += 1;
        self.skip_trivia();
        if self.at_field_name() {
            let mut fields = Vec::new();
            loop {
                self.skip_trivia();
                if self.peek() == Some(b')') {
                    self.pos += 1;
                    return Some(Value {
                        offset,
                        shape: Shape::Fields(fields),
                    });
                }
                let name_start = self.pos;
                while self
                    .peek()
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    self.pos += 1;
                }
                let name = self.text.get(name_start..self.pos)?.to_owned();
                self.skip_trivia();
                if self.peek() != Some(b':') {
                    return None;
                }
                self.pos += 1;
                self.skip_trivia();
                let value = self.value(depth + 1)?;
                fields.push((name, value));
                if !self.separator(b')') {
                    return None;
                }
            }
        }
        self.list_items(offset, depth, b')')
    }

    fn at_field_name(&self) -> bool {
        let mut i = self.pos;
        let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        if !self
            .bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        {
            return false;
        }
        while self.bytes.get(i).is_some_and(|b| ident(*b)) {
            i += 1;
        }
        while self.bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        self.bytes.get(i) == Some(&b':') && self.bytes.get(i + 1) != Some(&b':')
    }

    fn list(&mut self, offset: usize, depth: usize, close: u8) -> Option<Value> {
        self.pos += 1;
        self.list_items(offset, depth, close)
    }

    /// Items up to `close`; in maps (`{}`) keys and values both count as items.
    fn list_items(&mut self, offset: usize, depth: usize, close: u8) -> Option<Value> {
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            if self.peek() == Some(close) {
                self.pos += 1;
                return Some(Value {
                    offset,
                    shape: Shape::Items(items),
                });
            }
            items.push(self.value(depth + 1)?);
            self.skip_trivia();
            if close == b'}' && self.peek() == Some(b':') {
                self.pos += 1;
                self.skip_trivia();
                items.push(self.value(depth + 1)?);
            }
            if !self.separator(close) {
                return None;
            }
        }
    }

    /// After an element: a comma, or the closing bracket (left for the caller).
    fn separator(&mut self, close: u8) -> bool {
        self.skip_trivia();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                true
            }
            Some(b) => b == close,
            None => false,
        }
    }

    fn string(&mut self) {
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b'"' => return,
                _ => {}
            }
        }
    }

    fn raw_string(&mut self) {
        self.pos += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'"' {
                let closing = (0..hashes).all(|k| self.peek_at(k) == Some(b'#'));
                if closing {
                    self.pos += hashes;
                    return;
                }
            }
        }
    }

    fn char_literal(&mut self) {
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b'\'' => return,
                _ => {}
            }
        }
    }
}

/// The id of the nearest item written before `offset` (`id: "..."`), for problems that have no
/// parsed item to name, such as syntax errors.
pub fn nearest_id_before(text: &str, offset: usize) -> Option<&str> {
    let head = text.get(..offset.min(text.len()))?;
    let mut search_end = head.len();
    while let Some(at) = head.get(..search_end)?.rfind("id:") {
        let before_ok = at == 0
            || head
                .as_bytes()
                .get(at - 1)
                .is_some_and(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
        let rest = head.get(at + 3..)?.trim_start();
        if before_ok
            && let Some(quoted) = rest.strip_prefix('"')
            && let Some(end) = quoted.find('"')
        {
            return quoted.get(..end);
        }
        search_end = at;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"// a comment
(
    id: "pack",
    cards: [
        (id: "a", front: "x", terms: ["t1"]),
        (id: "b", /* c */ front: "y", answer: Ordered(["p", "q"]), term: Some("t2")),
    ],
    canvas: (10, 20),
)"#;

    #[test]
    fn locates_fields_and_elements() {
        let index = SpanIndex::new(DOC);
        let cases: &[(&[Step<'_>], (usize, usize))] = &[
            (&[], (2, 1)),
            (&[Step::Field("id")], (3, 9)),
            (&[Step::Field("cards"), Step::Index(1)], (6, 9)),
            (
                &[Step::Field("cards"), Step::Index(1), Step::Field("front")],
                (6, 34),
            ),
            (
                &[
                    Step::Field("cards"),
                    Step::Index(0),
                    Step::Field("terms"),
                    Step::Index(0),
                ],
                (5, 39),
            ),
            (
                &[Step::Field("cards"), Step::Index(1), Step::Field("term")],
                (6, 79),
            ),
            (&[Step::Field("canvas"), Step::Index(1)], (8, 18)),
            // Missing steps fall back to the deepest value found.
            (&[Step::Field("cards"), Step::Index(9)], (4, 12)),
        ];
        for (path, expected) in cases {
            assert_eq!(index.locate(DOC, path), *expected, "path {path:?}");
        }
    }

    /// Counting from the line start, as the index did before it kept checkpoints.
    fn naive(text: &str, offset: usize) -> (usize, usize) {
        crate::pack::parse::line_col(text, offset)
    }

    #[test]
    fn line_breaks_are_lf_crlf_and_lone_cr() {
        let text = "a\nb\r\nc\rd\r\re";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            let at = index.position(text, offset);
            assert_eq!(at, naive(text, offset), "offset {offset}");
            assert_eq!(offset_at(text, at), offset, "offset {offset}");
        }
        assert_eq!(index.position(text, text.len()), (6, 2));
    }

    #[test]
    fn a_long_line_costs_at_most_a_checkpoint_per_position() {
        // 200,000 characters on one line, a third of them two or three bytes long.
        let text: String = (0..200_000)
            .map(|i| match i % 3 {
                0 => 'a',
                1 => 'é',
                _ => '€',
            })
            .chain("\nnext".chars())
            .collect();
        let index = LineIndex::new(&text);
        let offsets = text.char_indices().map(|(i, _)| i).chain([text.len()]);
        for (n, offset) in offsets.enumerate() {
            assert!(
                index.uncounted(offset).len() < CHECKPOINT,
                "offset {offset}"
            );
            if n % 997 == 0 || offset + 10 > text.len() {
                assert_eq!(index.position(&text, offset), naive(&text, offset));
            }
        }
        assert_eq!(index.position(&text, text.len()), (2, 5));
    }

    #[test]
    fn nearest_id_is_found_backwards() {
        let offset = DOC.find("answer").unwrap_or(0);
        assert_eq!(nearest_id_before(DOC, offset), Some("b"));
        assert_eq!(nearest_id_before(DOC, 3), None);
    }

    #[test]
    fn garbage_does_not_panic() {
        for text in [
            "",
            "(",
            "((((",
            "[\"",
            "r#\"",
            "(a: ",
            "{1: (b: [",
            "Some(",
            "/*",
        ] {
            let index = SpanIndex::new(text);
            let _ = index.locate(text, &[Step::Field("a"), Step::Index(3)]);
        }
    }
}
