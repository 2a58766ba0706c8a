//! A RON reader for pack files: a serde `Deserializer` for the part of RON the pack schema uses.
//!
//! Why not the `ron` crate: loading a 100,000-card pack with it took ~450 ms of parsing alone,
//! over the whole 300 ms load budget. The schema only needs structs, tuples, lists, enums,
//! strings, integers, booleans and options, so this reader handles exactly that, with RON's
//! syntax (comments, raw strings, trailing commas, optional struct names, `Some(..)` or a bare
//! value for options). Maps, floats, chars and byte strings are refused with a message. A test
//! compares it with the `ron` crate on thousands of mutated packs (`tests/ron_compat.rs`).
//!
//! Also compiled by `build.rs` (through `#[path]`), so it depends only on `serde` and std.

use std::fmt;

// The explicit path lets build.rs, which includes this file by path, find the module too.
#[path = "parse/serde_impl.rs"]
mod serde_impl;

use serde::de::{self, DeserializeOwned};

/// Nesting deeper than this is rejected (packs need about 10 levels).
pub const MAX_NESTING: usize = 64;

/// A parse error with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// What went wrong.
    pub message: String,
}

/// Parses `text` as a `T`. A leading byte-order mark (which Windows editors write) is skipped;
/// positions count from after it, as editors show them.
pub fn parse_ron<T: DeserializeOwned>(text: &str) -> Result<T, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = Reader {
        src: text,
        pos: 0,
        token: 0,
        depth: 0,
    };
    let result = de
        .skip_attributes()
        .and_then(|()| T::deserialize(&mut de))
        .and_then(|value| {
            de.skip_trivia()?;
            match de.peek() {
                None => Ok(value),
                Some(_) => Err(Error(
                    "unexpected text after the end of the value".to_owned(),
                )),
            }
        });
    result.map_err(|Error(message)| {
        let (line, col) = line_col(text, de.token);
        SyntaxError { line, col, message }
    })
}

/// 1-based (line, column in characters) of byte `offset` in `text`. A line ends at `\n`, `\r\n`
/// or a lone `\r` (old Mac files), as in editors; `pack::locate` counts lines the same way.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let head = text.as_bytes().get(..offset).unwrap_or_default();
    let mut line = 1;
    let mut line_start = 0;
    for (i, &b) in head.iter().enumerate() {
        let ends_line = b == b'\n' || (b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
        if ends_line {
            line += 1;
            line_start = i + 1;
        }
    }
    let col = text
        .get(line_start..offset)
        .map_or(0, |l| l.chars().count())
        + 1;
    (line, col)
}

/// A character a person cannot see or tell apart in a message, named: `a no-break space
/// (U+00A0)`, `an escape character (U+001B)`; any other character as itself in backticks.
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\0' => "a NUL character",
        '\u{1b}' => "an escape character",
        '\r' => "a carriage return",
        '\n' => "a line break",
        '\t' => "a tab",
        '\u{7f}' => "a delete character",
        '\u{a0}' => "a no-break space",
        '\u{202f}' => "a narrow no-break space",
        '\u{feff}' => "a byte-order mark",
        '\u{200b}' => "a zero-width space",
        '\u{200c}' => "a zero-width non-joiner",
        '\u{200d}' => "a zero-width joiner",
        '\u{2060}' => "a word joiner",
        '\u{200e}' | '\u{200f}' | '\u{61c}' => "a direction mark",
        '\u{202a}'..='\u{202e}' => "a bidirectional override",
        '\u{2066}'..='\u{2069}' => "a bidirectional isolate",
        '\u{85}' | '\u{2028}' | '\u{2029}' => "a Unicode line separator",
        c if c.is_control() => "a control character",
        c if c.is_whitespace() && c != ' ' => "a special space",
        c => return format!("`{c}`"),
    };
    format!("{name} (U+{:04X})", u32::from(c))
}

/// A message; the position is added once, where parsing stopped.
#[derive(Debug)]
struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

type Result<T, E = Error> = std::result::Result<T, E>;

fn fail<T>(message: impl Into<String>) -> Result<T> {
    Err(Error(message.into()))
}

struct Reader<'a> {
    src: &'a str,
    pos: usize,
    /// Start of the token being read: where an error is reported.
    token: usize,
    depth: usize,
}

/// Characters that show as nothing: zero-width spaces and joiners, direction marks and
/// overrides, the byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}' | '\u{61c}'
    )
}

/// The value of `digits` if all are hex digits (no sign, unlike `from_str_radix`).
fn hex_value(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'a> Reader<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes().get(self.pos + ahead).copied()
    }

    fn skip_trivia(&mut self) -> Result<()> {
        // Fast path: most tokens follow a single space or none.
        if self.peek() == Some(b' ') {
            self.pos += 1;
        }
        if !matches!(
            self.peek(),
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'/' | 0x0b | 0x0c | 0x80..)
        ) {
            self.token = self.pos;
            return Ok(());
        }
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c), _) => self.pos += 1,
                // RON's whitespace is Unicode's Pattern_White_Space; a few of its characters
                // are not ASCII.
                (Some(b), _) if b >= 0x80 && self.unicode_space() => {}
                (Some(b'/'), Some(b'/')) => {
                    let rest = self.bytes().get(self.pos..).unwrap_or_default();
                    self.pos += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                }
                (Some(b'/'), Some(b'*')) => self.block_comment()?,
                _ => {
                    self.token = self.pos;
                    return Ok(());
                }
            }
        }
    }

    /// Skips one non-ASCII Pattern_White_Space character, if one is next.
    fn unicode_space(&mut self) -> bool {
        let next = self.src.get(self.pos..).and_then(|s| s.chars().next());
        match next {
            Some(c @ ('\u{85}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}')) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    fn block_comment(&mut self) -> Result<()> {
        let start = self.pos;
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match (b, self.peek_at(1)) {
                (b'/', Some(b'*')) => {
                    depth += 1;
                    self.pos += 2;
                }
                (b'*', Some(b'/')) => {
                    depth -= 1;
                    self.pos += 2;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                _ => self.pos += 1,
            }
        }
        self.token = start;
        fail("unclosed block comment")
    }

    /// `#![enable(implicit_some)]` lines at the top. Optional values are always accepted bare,
    /// so that extension changes nothing here; any other name is refused, as it would make RON
    /// read the file differently (`explicit_struct_names`) or is no extension at all.
    fn skip_attributes(&mut self) -> Result<()> {
        const START: &str = "#![enable(";
        loop {
            self.skip_trivia()?;
            if self.peek() != Some(b'#') {
                return Ok(());
            }
            if !self
                .src
                .get(self.pos..)
                .is_some_and(|s| s.starts_with(START))
            {
                return fail("expected an attribute like `#![enable(implicit_some)]`");
            }
            self.pos += START.len();
            loop {
                let name = self.identifier()?;
                if name != "implicit_some" {
                    return fail(format!(
                        "the extension `{name}` is not supported in pack files; \
                         only `#![enable(implicit_some)]` is (and it changes nothing)"
                    ));
                }
                self.skip_trivia()?;
                if self.peek() != Some(b',') {
                    break;
                }
                self.pos += 1;
                self.skip_trivia()?;
                if self.peek() == Some(b')') {
                    break;
                }
            }
            self.expect(b')', "`)` to close the attribute")?;
            self.expect(b']', "`]` to end the attribute")?;
        }
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<()> {
        self.skip_trivia()?;
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            fail(format!("expected {what}{}", self.found()))
        }
    }

    /// `, found ...` describing the next token, for messages; a character that cannot be seen
    /// (a no-break space, a byte-order mark, a control character) is named instead.
    fn found(&self) -> String {
        let rest = self.src.get(self.pos..).unwrap_or_default();
        let Some(first) = rest.chars().next() else {
            return ", found the end of the file".to_owned();
        };
        let visible = |c: char| !c.is_whitespace() && !c.is_control() && !is_invisible(c);
        if !visible(first) {
            let hint = if first.is_whitespace() {
                "; use a plain space"
            } else {
                "; delete it"
            };
            return format!(", found {}{hint}", describe_char(first));
        }
        let token: String = rest.chars().take_while(|&c| visible(c)).take(12).collect();
        format!(", found `{token}`")
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            fail(format!("nested more than {MAX_NESTING} levels deep"))
        } else {
            Ok(())
        }
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn identifier(&mut self) -> Result<&'a str> {
        self.skip_trivia()?;
        // A raw identifier `r#name` reads as `name`.
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
            self.pos += 2;
        }
        let start = self.pos;
        if !self.peek().is_some_and(is_ident_start) {
            return fail(format!("expected a name{}", self.found()));
        }
        let rest = self.bytes().get(start..).unwrap_or_default();
        self.pos += rest.iter().take_while(|&&b| is_ident(b)).count();
        Ok(self.src.get(start..self.pos).unwrap_or_default())
    }

    /// An optional struct name before `(`: `Rect(1, 2, 3, 4)` or `(1, 2, 3, 4)`; when written,
    /// it must be the struct's own name.
    fn optional_name(&mut self, name: &str) -> Result<()> {
        self.skip_trivia()?;
        if self.peek().is_some_and(is_ident_start) {
            let start = self.pos;
            let found = self.identifier()?;
            if found != name {
                self.token = start;
                return fail(format!("expected `{name}(` or `(`, found `{found}`"));
            }
        }
        Ok(())
    }

    /// After a list element: a comma (then maybe the closer), or the closer. Returns whether
    /// another element follows.
    fn more(&mut self, close: u8, first: bool) -> Result<bool> {
        self.skip_trivia()?;
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(false);
        }
        if !first {
            if self.peek() != Some(b',') {
                let what = if close == b']' {
                    "`,` or `]`"
                } else {
                    "`,` or `)`"
                };
                return fail(format!("expected {what}{}", self.found()));
            }
            self.pos += 1;
            self.skip_trivia()?;
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn string(&mut self) -> Result<std::borrow::Cow<'a, str>> {
        self.skip_trivia()?;
        match self.peek() {
            Some(b'"') => self.quoted(),
            Some(b'r') if matches!(self.peek_at(1), Some(b'"' | b'#')) => self.raw(),
            _ => fail(format!(
                "expected a string in double quotes{}",
                self.found()
            )),
        }
    }

    fn quoted(&mut self) -> Result<std::borrow::Cow<'a, str>> {
        self.pos += 1;
        let start = self.pos;
        let rest = self.bytes().get(start..).unwrap_or_default();
        let Some(stop) = rest.iter().position(|&b| b == b'"' || b == b'\\') else {
            return fail("string is not closed: a `\"` is missing");
        };
        if rest.get(stop) == Some(&b'"') {
            self.pos = start + stop + 1;
            return Ok(std::borrow::Cow::Borrowed(
                self.src.get(start..start + stop).unwrap_or_default(),
            ));
        }
        let mut out = String::from(self.src.get(start..start + stop).unwrap_or_default());
        self.pos = start + stop;
        loop {
            let Some(c) = self.src.get(self.pos..).and_then(|s| s.chars().next()) else {
                return fail("string is not closed: a `\"` is missing");
            };
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(std::borrow::Cow::Owned(out)),
                '\\' => {
                    let escape_at = self.pos - 1;
                    match self.escape() {
                        Ok(ch) => out.push(ch),
                        Err(err) => {
                            self.token = escape_at;
                            return Err(err);
                        }
                    }
                }
                c => out.push(c),
            }
        }
    }

    /// The character an escape stands for: exactly RON's escapes (`\/`, `\b`, `\f` and
    /// `\u0041` are JSON's, which RON refuses), with `\x` for ASCII only.
    fn escape(&mut self) -> Result<char> {
        let Some(b) = self.peek() else {
            return fail("string is not closed: a `\"` is missing");
        };
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\'' => '\'',
            b'\\' => '\\',
            b'n' => '\n',
            b't' => '\t',
            b'r' => '\r',
            b'0' => '\0',
            b'x' => {
                let hex = self.src.get(self.pos..self.pos + 2).unwrap_or_default();
                self.pos += 2;
                let value = hex_value(hex)
                    .and_then(|v| u8::try_from(v).ok())
                    .filter(u8::is_ascii);
                char::from(value.ok_or_else(|| {
                    Error("`\\x` needs two hex digits of an ASCII character".to_owned())
                })?)
            }
            b'u' => {
                // One to six hex digits in braces, as RON: `\u{e9}`, `\u{1F600}`.
                let rest = self.src.get(self.pos..).unwrap_or_default();
                let digits = rest.strip_prefix('{').and_then(|braced| {
                    let end = braced.bytes().take(7).position(|b| b == b'}')?;
                    braced.get(..end)
                });
                let value = digits.and_then(hex_value).and_then(char::from_u32);
                let (Some(digits), Some(value)) = (digits, value) else {
                    return fail(
                        "`\\u` needs a Unicode code point in one to six hex digits in braces, \
                         such as `\\u{e9}`",
                    );
                };
                self.pos += digits.len() + 2;
                value
            }
            _ => return fail(format!("unknown escape `\\{}`", char::from(b))),
        })
    }

    fn raw(&mut self) -> Result<std::borrow::Cow<'a, str>> {
        self.pos += 1;
        let hashes = self
            .bytes()
            .get(self.pos..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'#')
            .count();
        self.pos += hashes;
        if self.peek() != Some(b'"') {
            return fail("expected `\"` to open the raw string");
        }
        self.pos += 1;
        let start = self.pos;
        let closing: String = std::iter::once('"')
            .chain(std::iter::repeat_n('#', hashes))
            .collect();
        let Some(len) = self.src.get(start..).and_then(|s| s.find(&closing)) else {
            return fail("raw string is not closed");
        };
        self.pos = start + len + closing.len();
        Ok(std::borrow::Cow::Borrowed(
            self.src.get(start..start + len).unwrap_or_default(),
        ))
    }

    fn unsigned(&mut self) -> Result<u64> {
        self.skip_trivia()?;
        let start = self.pos;
        if self.peek() == Some(b'+') {
            self.pos += 1;
        }
        let digits_start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit() || b == b'_') {
            self.pos += 1;
        }
        let digits = self.src.get(digits_start..self.pos).unwrap_or_default();
        if digits.is_empty() || !digits.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            self.pos = start;
            let hint = if self.peek() == Some(b'-') {
                "; negative numbers are not allowed here"
            } else {
                ""
            };
            return fail(format!("expected a whole number{}{hint}", self.found()));
        }
        if self
            .peek()
            .is_some_and(|b| b == b'.' || b.is_ascii_alphabetic())
        {
            return fail("expected a whole number; fractions and suffixes are not allowed here");
        }
        digits
            .replace('_', "")
            .parse::<u64>()
            .or_else(|_| fail(format!("number {digits} is too large")))
    }

    fn keyword(&mut self) -> Result<Option<&'a str>> {
        self.skip_trivia()?;
        if !self.peek().is_some_and(is_ident_start) {
            return Ok(None);
        }
        let start = self.pos;
        let word = self.identifier()?;
        self.pos = start;
        Ok(Some(word))
    }

    /// Skips one value of any shape (used only when serde asks to ignore one).
    fn skip_value(&mut self) -> Result<()> {
        self.skip_trivia()?;
        match self.peek() {
            Some(b'"') => self.quoted().map(drop),
            Some(b'r') if matches!(self.peek_at(1), Some(b'"' | b'#')) => self.raw().map(drop),
            Some(b'[') => self.skip_group(b']'),
            Some(b'(') => self.skip_group(b')'),
            Some(b) if b.is_ascii_digit() || b == b'+' => self.unsigned().map(drop),
            Some(b) if is_ident_start(b) => {
                self.identifier()?;
                self.skip_trivia()?;
                if self.peek() == Some(b'(') {
                    self.skip_group(b')')
                } else {
                    Ok(())
                }
            }
            _ => fail(format!("expected a value{}", self.found())),
        }
    }

    fn skip_group(&mut self, close: u8) -> Result<()> {
        self.enter()?;
        self.pos += 1;
        let mut first = true;
        while self.more(close, first)? {
            first = false;
            if self.peek().is_some_and(is_ident_start) && self.field_follows() {
                self.identifier()?;
                self.expect(b':', "`:`")?;
            }
            self.skip_value()?;
        }
        self.leave();
        Ok(())
    }

    /// Whether a `name:` (a struct field) starts here.
    fn field_follows(&self) -> bool {
        let rest = self.bytes().get(self.pos..).unwrap_or_default();
        let name = rest.iter().take_while(|&&b| is_ident(b)).count();
        let after = rest.get(name..).unwrap_or_default();
        let colon = after.iter().position(|b| !b.is_ascii_whitespace());
        colon.and_then(|i| after.get(i)) == Some(&b':')
            && colon.and_then(|i| after.get(i + 1)) != Some(&b':')
    }
}

#[cfg(test)]
#[path = "parse/tests.rs"]
mod tests;
