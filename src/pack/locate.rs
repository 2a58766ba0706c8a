//! Positions of values inside a RON file that has already parsed.
//!
//! serde gives us values without positions, so when validation finds a problem (a duplicate id, a
//! dangling reference) we scan the source once more with this small structural scanner and look up
//! the value by its path (`cards[3].terms[1]`). The scan is built lazily, only for files with
//! problems, and is lenient: on anything unexpected it stops and lookups fall back to the nearest
//! value it did find.

mod lines;

pub use lines::{LineIndex, offset_at};

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
