//! A manifest task graded: the manifest must be one the API server takes ([`super::check`]),
//! and hold the objects the task wants with the values it wants, each want met or not (partial
//! credit per assertion, as the hands-on mock scores it).

use super::{Checked, Field, Severity, Want, check};
use crate::tasks::yaml::{Node, Pos, Value};

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A mapping key.
    Key(String),
    /// A list item by position.
    Index(usize),
    /// The list item whose field `.0` holds `.1` (`containers[name=web]`).
    Match(String, String),
}

/// Reads `spec.containers[name=web].image`, `items[0]`, `labels['app.kubernetes.io/name']`.
pub fn parse_path(path: &str) -> Result<Vec<Segment>, String> {
    let mut segments = Vec::new();
    let mut rest = path;
    if rest.is_empty() {
        return Err("the path is empty".to_owned());
    }
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let close = after
                .find(']')
                .ok_or_else(|| format!("`{path}`: a `[` is not closed"))?;
            let inside = &after[..close];
            rest = &after[close + 1..];
            let quoted = inside.strip_prefix('\'').and_then(|s| s.strip_suffix('\''));
            segments.push(if let Some(key) = quoted {
                Segment::Key(key.to_owned())
            } else if let Some((field, value)) = inside.split_once('=') {
                Segment::Match(field.trim().to_owned(), value.trim().to_owned())
            } else {
                Segment::Index(inside.parse().map_err(|_| {
                    format!("`{path}`: `[{inside}]` is not an index, `[field=value]` or `['key']`")
                })?)
            });
            rest = rest.strip_prefix('.').unwrap_or(rest);
            continue;
        }
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let key = &rest[..end];
        if key.is_empty() {
            return Err(format!("`{path}`: an empty step"));
        }
        segments.push(Segment::Key(key.to_owned()));
        rest = &rest[end..];
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    Ok(segments)
}

/// The node at `path` under `node`.
pub fn lookup<'n>(node: &'n Node, path: &[Segment]) -> Option<&'n Node> {
    let mut node = node;
    for segment in path {
        node = match segment {
            Segment::Key(key) => node.get(key)?,
            Segment::Index(i) => node.as_seq().get(*i)?,
            Segment::Match(field, value) => node
                .as_seq()
                .iter()
                .find(|item| item.get(field).and_then(Node::text).as_deref() == Some(value))?,
        };
    }
    Some(node)
}

/// Whether a value found equals the value wanted: as text, or as numbers (`1.0` is `1`).
/// Whether a value found equals the value wanted: as text, as numbers (`1.0` is `1`), or as
/// quantities (`250m` is `0.25`, `1Gi` is `1024Mi`).
fn same(found: &str, wanted: &str) -> bool {
    if found == wanted {
        return true;
    }
    let number = |s: &str| s.parse::<f64>().ok().or_else(|| super::rules::quantity(s));
    matches!((number(found), number(wanted)), (Some(a), Some(b)) if (a - b).abs() <= f64::EPSILON * a.abs().max(b.abs()))
}

/// One field want and how it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldResult {
    /// The want.
    pub field: Field,
    /// Whether it holds.
    pub met: bool,
    /// What the field holds instead, when it is a scalar that differs.
    pub found: Option<String>,
}

/// One object want and how it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectResult {
    /// The want.
    pub want: Want,
    /// Where the object starts in the manifest, if it is there.
    pub at: Option<Pos>,
    /// Each field want, in the task's order (unmet when the object is missing).
    pub fields: Vec<FieldResult>,
}

/// A manifest graded.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestVerdict {
    /// The API server's view: the problems at their lines.
    pub checked: Checked,
    /// The task's wants.
    pub objects: Vec<ObjectResult>,
    /// Nothing was written.
    pub empty: bool,
}

impl ManifestVerdict {
    /// Whether the API server takes it and every want holds.
    pub fn passed(&self) -> bool {
        !self.empty
            && self.checked.is_clean()
            && self
                .objects
                .iter()
                .all(|o| o.at.is_some() && o.fields.iter().all(|f| f.met))
    }

    /// Points for the mock: one for a manifest the server takes, one per object present, one
    /// per field want met.
    pub fn score(&self) -> (usize, usize) {
        let mut met = usize::from(!self.empty && self.checked.is_clean());
        let mut total = 1;
        for object in &self.objects {
            total += 1 + object.fields.len();
            met += usize::from(object.at.is_some());
            met += object.fields.iter().filter(|f| f.met).count();
        }
        (met, total)
    }

    /// The first thing to fix, in a sentence.
    pub fn first_problem(&self) -> Option<String> {
        if self.empty {
            return Some("no manifest was written".to_owned());
        }
        if let Some(p) = self
            .checked
            .problems
            .iter()
            .find(|p| p.severity == Severity::Error)
        {
            return Some(format!("line {}: {}", p.pos.line, p.message));
        }
        for object in &self.objects {
            if object.at.is_none() {
                return Some(format!(
                    "no {} named `{}`",
                    object.want.kind, object.want.name
                ));
            }
            if let Some(f) = object.fields.iter().find(|f| !f.met) {
                let instead = f
                    .found
                    .as_ref()
                    .map_or_else(String::new, |v| format!(" (it is `{v}`)"));
                return Some(format!(
                    "{} `{}`: not met: {}{instead}",
                    object.want.kind, object.want.name, f.field
                ));
            }
        }
        None
    }
}

/// The objects of the documents, `List` items included.
fn objects(checked: &Checked) -> Vec<&Node> {
    let mut all = Vec::new();
    for doc in &checked.documents {
        let root = &doc.root;
        let is_list = root.get("kind").and_then(Node::as_str) == Some("List");
        if is_list {
            all.extend(root.get("items").map_or(&[][..], Node::as_seq));
        } else {
            all.push(root);
        }
    }
    all
}

/// Grades a manifest against a task's wants.
pub fn grade_manifest(answer: &str, wants: &[Want]) -> ManifestVerdict {
    let empty = answer
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    let checked = check(answer);
    let found = objects(&checked);
    let results = wants
        .iter()
        .map(|want| {
            let object = found.iter().copied().find(|o| {
                o.get("kind").and_then(Node::as_str) == Some(want.kind.as_str())
                    && o.get("metadata")
                        .and_then(|m| m.get("name"))
                        .and_then(Node::as_str)
                        == Some(want.name.as_str())
            });
            ObjectResult {
                want: want.clone(),
                at: object.map(|o| o.pos),
                fields: want
                    .fields
                    .iter()
                    .map(|field| field_result(object, field))
                    .collect(),
            }
        })
        .collect();
    ManifestVerdict {
        checked,
        objects: results,
        empty,
    }
}

fn field_result(object: Option<&Node>, field: &Field) -> FieldResult {
    let at = |path: &str| {
        let path = parse_path(path).ok()?;
        lookup(object?, &path).filter(|n| n.value != Value::Null)
    };
    let (met, found) = match field {
        Field::Is(path, wanted) => {
            let node = at(path);
            let value = node.and_then(Node::text);
            let met = value.as_deref().is_some_and(|v| same(v, wanted));
            (met, value.filter(|_| !met))
        }
        Field::Has(path) => (at(path).is_some(), None),
        Field::Not(path) => (object.is_some() && at(path).is_none(), None),
        Field::Item(path, pairs) => {
            let items = at(path).map_or(&[][..], Node::as_seq);
            let met = items.iter().any(|item| {
                pairs.iter().all(|(key, wanted)| {
                    // An empty key is the item itself (a verb of `verbs`, a port of a list).
                    let value = if key.is_empty() {
                        item.text()
                    } else {
                        parse_path(key)
                            .ok()
                            .and_then(|p| lookup(item, &p).and_then(Node::text))
                    };
                    value.is_some_and(|v| same(&v, wanted))
                })
            });
            (met, None)
        }
    };
    FieldResult {
        field: field.clone(),
        met,
        found,
    }
}

#[cfg(test)]
#[path = "task_tests.rs"]
mod tests;
