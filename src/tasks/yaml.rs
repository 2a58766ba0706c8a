//! YAML read as kubectl reads it, with the line and column of every value and key, so that a
//! manifest's problems can be shown where they are.
//!
//! The events come from `saphyr-parser` (maintained, YAML 1.2, gives a span per event; the
//! archived `serde_yaml` gives no positions). The tree is built here, iteratively and bounded:
//! a size limit, a nesting limit and a node budget that alias expansion counts against, so a
//! "billion laughs" document is refused instead of filling memory. Plain scalars are resolved as
//! kubectl's YAML reader does (YAML 1.1: `yes`/`on` are booleans, `0644` is octal).

use std::collections::HashMap;
use std::fmt;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// The longest manifest text read (a pasted 10 MB log is refused with this in the message).
pub const MAX_YAML_BYTES: usize = 1024 * 1024;
/// The deepest nesting of mappings and sequences (real manifests stay under 20).
pub const MAX_DEPTH: usize = 100;
/// The most nodes a text may make, aliases expanded.
pub const MAX_NODES: usize = 200_000;
/// The most documents in one text.
pub const MAX_DOCUMENTS: usize = 1000;

/// A place in the text: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// The line, from 1.
    pub line: u32,
    /// The column in characters, from 1.
    pub col: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

fn pos(span: &Span) -> Pos {
    let line = u32::try_from(span.start.line()).unwrap_or(u32::MAX);
    let col = u32::try_from(span.start.col().saturating_add(1)).unwrap_or(u32::MAX);
    Pos { line, col }
}

/// A value with where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What it holds.
    pub value: Value,
    /// Where it starts.
    pub pos: Pos,
}

/// A mapping key with where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key.
    pub name: String,
    /// Where it is written.
    pub pos: Pos,
}

/// A YAML value, as JSON would hold it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true`, `false` (and YAML 1.1's `yes`, `off`…).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// Text.
    Str(String),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, keys in the order written.
    Map(Vec<(Key, Node)>),
}

impl Value {
    /// What this is, as a message names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Int(_) => "an integer",
            Self::Float(_) => "a number",
            Self::Str(_) => "a string",
            Self::Seq(_) => "a list",
            Self::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The key `key` of a mapping, with its position.
    pub fn key(&self, key: &str) -> Option<&Key> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(k, _)| k),
            _ => None,
        }
    }

    /// A scalar as text (`3`, `true`, `nginx`), as labels and wants compare it; `None` for
    /// lists, mappings and null.
    pub fn text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items of a list (none for anything else).
    pub fn as_seq(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// The value as JSON, for the schema check.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// One document of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Its top value.
    pub root: Node,
}

/// Why a text is not YAML, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Where.
    pub pos: Pos,
    /// Why, for a learner.
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pos, self.message)
    }
}

impl std::error::Error for YamlError {}

/// A mapping or sequence being built.
enum Open {
    Seq(Pos, Vec<Node>, usize),
    Map(Pos, Vec<(Key, Node)>, Option<Key>, usize),
}

/// Reads every document of `text`. Empty documents (a lone `---`, or `null`) are left out, as
/// kubectl leaves them out.
pub fn parse(text: &str) -> Result<Vec<Document>, YamlError> {
    if text.len() > MAX_YAML_BYTES {
        return Err(YamlError {
            pos: Pos { line: 1, col: 1 },
            message: format!(
                "the text is {} KiB; a manifest is read up to {} KiB",
                text.len() / 1024,
                MAX_YAML_BYTES / 1024
            ),
        });
    }
    let mut docs = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    // Each anchor's node and its size in nodes, for aliases to copy and count.
    let mut anchors: HashMap<usize, (Node, usize)> = HashMap::new();
    let mut nodes = 0usize;
    let mut root: Option<Node> = None;
    let mut last = Pos { line: 1, col: 1 };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| YamlError {
            pos: Pos {
                line: u32::try_from(e.marker().line()).unwrap_or(u32::MAX),
                col: u32::try_from(e.marker().col().saturating_add(1)).unwrap_or(u32::MAX),
            },
            message: match e.info() {
                // The scanner's own bound on flow nesting (`[[[[…`).
                "recursion limit exceeded" => "nested too deeply".to_owned(),
                info => info.to_owned(),
            },
        })?;
        let at = pos(&span);
        last = at;
        let done = match event {
            Event::StreamStart | Event::Nothing | Event::DocumentStart(_) => None,
            Event::StreamEnd => break,
            Event::DocumentEnd => {
                if let Some(root) = root.take().filter(|r| r.value != Value::Null) {
                    if docs.len() >= MAX_DOCUMENTS {
                        return Err(error(at, format!("more than {MAX_DOCUMENTS} documents")));
                    }
                    docs.push(Document { root });
                }
                None
            }
            Event::Alias(id) => {
                let Some((node, size)) = anchors.get(&id) else {
                    return Err(error(at, "an alias to an unknown anchor".to_owned()));
                };
                nodes = nodes.saturating_add(*size);
                budget(nodes, at)?;
                Some(node.clone())
            }
            Event::Scalar(text, style, anchor, tag) => {
                nodes += 1;
                budget(nodes, at)?;
                let tagged_str = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let node = scalar(text, style == ScalarStyle::Plain && !tagged_str, at);
                if anchor > 0 {
                    anchors.insert(anchor, (node.clone(), 1));
                }
                Some(node)
            }
            Event::SequenceStart(anchor, _) => {
                open(&mut stack, Open::Seq(at, Vec::new(), anchor), at)?;
                None
            }
            Event::MappingStart(anchor, _) => {
                open(&mut stack, Open::Map(at, Vec::new(), None, anchor), at)?;
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                nodes += 1;
                budget(nodes, at)?;
                let (node, anchor) = close(&mut stack, at)?;
                if anchor > 0 {
                    anchors.insert(anchor, (node.clone(), count(&node)));
                }
                Some(node)
            }
        };
        if let Some(node) = done {
            add(&mut stack, &mut root, node)?;
        }
    }
    if let Some(root) = root.take().filter(|r| r.value != Value::Null) {
        docs.push(Document { root });
    }
    if !stack.is_empty() {
        return Err(error(last, "the text ends inside a collection".to_owned()));
    }
    Ok(docs)
}

/// A scalar's node: resolved as a plain scalar is, or text as it stands (quoted, `!!str`).
fn scalar(text: std::borrow::Cow<'_, str>, plain: bool, at: Pos) -> Node {
    let value = if plain {
        resolve(&text)
    } else {
        Value::Str(text.into_owned())
    };
    Node { value, pos: at }
}

/// Closes the innermost collection: its node and its anchor id (0 for none).
fn close(stack: &mut Vec<Open>, at: Pos) -> Result<(Node, usize), YamlError> {
    match stack.pop() {
        Some(Open::Seq(pos, items, anchor)) => Ok((
            Node {
                value: Value::Seq(items),
                pos,
            },
            anchor,
        )),
        Some(Open::Map(pos, entries, _, anchor)) => Ok((
            Node {
                value: Value::Map(entries),
                pos,
            },
            anchor,
        )),
        None => Err(error(at, "a collection closed twice".to_owned())),
    }
}

fn error(pos: Pos, message: String) -> YamlError {
    YamlError { pos, message }
}

fn budget(nodes: usize, at: Pos) -> Result<(), YamlError> {
    if nodes > MAX_NODES {
        return Err(error(
            at,
            format!("more than {MAX_NODES} values (aliases expanded): refused"),
        ));
    }
    Ok(())
}

fn open(stack: &mut Vec<Open>, collection: Open, at: Pos) -> Result<(), YamlError> {
    if stack.len() >= MAX_DEPTH {
        return Err(error(
            at,
            format!("nested more than {MAX_DEPTH} levels deep"),
        ));
    }
    stack.push(collection);
    Ok(())
}

/// Nodes in a tree, counted without recursion.
fn count(node: &Node) -> usize {
    let mut n = 0;
    let mut todo = vec![node];
    while let Some(node) = todo.pop() {
        n += 1;
        match &node.value {
            Value::Seq(items) => todo.extend(items),
            Value::Map(entries) => todo.extend(entries.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    n
}

/// Puts a finished node where it belongs: an item, a key, a value, or the document.
fn add(stack: &mut [Open], root: &mut Option<Node>, node: Node) -> Result<(), YamlError> {
    match stack.last_mut() {
        None => *root = Some(node),
        Some(Open::Seq(_, items, _)) => items.push(node),
        Some(Open::Map(_, entries, pending, _)) => match pending.take() {
            None => {
                let name = match node.value {
                    Value::Str(s) => s,
                    Value::Int(i) => i.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::Float(f) => f.to_string(),
                    Value::Null => "null".to_owned(),
                    Value::Seq(_) | Value::Map(_) => {
                        return Err(error(
                            node.pos,
                            "a mapping key must be a plain value, not a list or mapping".to_owned(),
                        ));
                    }
                };
                if entries.iter().any(|(k, _)| k.name == name) {
                    return Err(error(
                        node.pos,
                        format!("the key `{name}` is given twice in this mapping"),
                    ));
                }
                *pending = Some(Key {
                    name,
                    pos: node.pos,
                });
            }
            Some(key) => entries.push((key, node)),
        },
    }
    Ok(())
}

/// A plain scalar's value, as kubectl's YAML 1.1 reader resolves it.
fn resolve(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "y" | "Y" | "on" | "On" | "ON" => {
            return Value::Bool(true);
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "n" | "N" | "off" | "Off" | "OFF" => {
            return Value::Bool(false);
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    if let Some(i) = integer(text) {
        return Value::Int(i);
    }
    let numeric = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        && text.bytes().any(|b| b.is_ascii_digit());
    if numeric && let Ok(f) = text.parse::<f64>() {
        return Value::Float(f);
    }
    Value::Str(text.to_owned())
}

/// Decimal, `0x` hex, `0o` and leading-zero octal, `0b` binary; `_` separators as YAML 1.1.
fn integer(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().next()?.is_ascii_digit() {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    let (radix, body) = if let Some(hex) = clean.strip_prefix("0x") {
        (16, hex)
    } else if let Some(oct) = clean.strip_prefix("0o") {
        (8, oct)
    } else if let Some(bin) = clean.strip_prefix("0b") {
        (2, bin)
    } else if clean.len() > 1 && clean.starts_with('0') {
        (8, &clean[1..])
    } else {
        (10, clean.as_str())
    };
    if body.is_empty() {
        return None;
    }
    let magnitude = i64::from_str_radix(body, radix).ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
#[path = "yaml_tests.rs"]
mod tests;
