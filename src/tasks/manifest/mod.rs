//! A manifest checked offline as the API server would take it, in layers, each problem at its
//! line and column: YAML syntax ([`crate::tasks::yaml`]); `apiVersion` and `kind` (removed API
//! versions named with their replacement); the kind's schema for Kubernetes 1.35 ([`schema`]:
//! unknown fields, missing required fields, wrong types, bad enum values); then the rules the
//! API server checks in code ([`rules`]).

pub mod explain;
pub mod rules;
mod rules_pod;
pub mod schema;
pub mod task;

pub use super::expect::{Ask, Field, Want};

use std::fmt;

use jsonschema::error::{TypeKind, ValidationErrorKind};

use super::yaml::{self, Document, Node, Pos, Value};
use schema::Lookup;

/// The most problems reported for one text (the rest are counted, not listed).
pub const MAX_PROBLEMS: usize = 100;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The API server would refuse the manifest.
    Error,
    /// It would be taken, but not checked here (a custom resource) or not as meant.
    Warning,
}

/// One problem of a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub pos: Pos,
    /// The field, as `kubectl explain` spells it (`spec.template.spec.containers[0].image`).
    pub path: String,
    /// What is wrong, for a learner.
    pub message: String,
    /// Error or warning.
    pub severity: Severity,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.pos, self.message)
        } else {
            write!(f, "{}: {}: {}", self.pos, self.path, self.message)
        }
    }
}

/// A text checked: its documents and their problems, in the order of the text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checked {
    /// The documents read (none if the YAML itself is broken).
    pub documents: Vec<Document>,
    /// The problems, first [`MAX_PROBLEMS`] of them.
    pub problems: Vec<Problem>,
    /// How many more problems there were.
    pub more: usize,
}

impl Checked {
    /// Whether the API server would take every document.
    pub fn is_clean(&self) -> bool {
        !self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// Checks every document of `text`.
pub fn check(text: &str) -> Checked {
    let documents = match yaml::parse(text) {
        Ok(documents) => documents,
        Err(e) => {
            return Checked {
                documents: Vec::new(),
                problems: vec![Problem {
                    pos: e.pos,
                    path: String::new(),
                    message: format!("not valid YAML: {}", e.message),
                    severity: Severity::Error,
                }],
                more: 0,
            };
        }
    };
    let mut problems = Vec::new();
    if documents.is_empty() {
        problems.push(Problem {
            pos: Pos { line: 1, col: 1 },
            path: String::new(),
            message: "no manifest: the text holds no document".to_owned(),
            severity: Severity::Error,
        });
    }
    for document in &documents {
        object(&document.root, &mut problems);
    }
    problems.sort_by_key(|p| (p.pos, p.severity));
    problems.dedup();
    let more = problems.len().saturating_sub(MAX_PROBLEMS);
    problems.truncate(MAX_PROBLEMS);
    Checked {
        documents,
        problems,
        more,
    }
}

fn error(node: &Node, path: &str, message: String) -> Problem {
    Problem {
        pos: node.pos,
        path: path.to_owned(),
        message,
        severity: Severity::Error,
    }
}

/// One object (a document, or an item of a `List`).
fn object(root: &Node, problems: &mut Vec<Problem>) {
    if !matches!(root.value, Value::Map(_)) {
        problems.push(error(
            root,
            "",
            format!(
                "a manifest is a mapping with `apiVersion` and `kind`; this document is {}",
                root.value.kind()
            ),
        ));
        return;
    }
    let field = |name: &str| {
        root.get(name)
            .and_then(Node::as_str)
            .filter(|s| !s.is_empty())
    };
    let (Some(api_version), Some(kind)) = (field("apiVersion"), field("kind")) else {
        for name in ["apiVersion", "kind"] {
            if field(name).is_none() {
                let at = root.get(name).unwrap_or(root);
                problems.push(error(
                    at,
                    name,
                    format!("`{name}` is missing or not a string"),
                ));
            }
        }
        return;
    };
    if api_version == "v1" && kind == "List" {
        for item in root.get("items").map_or(&[][..], Node::as_seq) {
            object(item, problems);
        }
        return;
    }
    let Some(known) = known_kind(root, api_version, kind, problems) else {
        return;
    };
    if let Some(compiled) = schema::validator(known) {
        let instance = without_nulls(root).to_json();
        for e in compiled.1.iter_errors(&instance).take(MAX_PROBLEMS) {
            let pointer: Vec<String> = e.instance_path().iter().map(|s| s.to_string()).collect();
            let siblings = siblings(&compiled.0, e.schema_path().as_str());
            problems.extend(schema_problems(root, &pointer, e.kind(), &siblings));
        }
    }
    rules::check(kind, root, problems);
}

/// The kind `apiVersion` and `kind` name, or the problem with them.
fn known_kind(
    root: &Node,
    api_version: &str,
    kind: &str,
    problems: &mut Vec<Problem>,
) -> Option<schema::Kind> {
    let at_version = root.get("apiVersion").unwrap_or(root);
    let at_kind = root.get("kind").unwrap_or(root);
    match schema::lookup(api_version, kind) {
        Lookup::Known(known) => Some(known),
        Lookup::Removed { since, now } => {
            let instead = now.map_or_else(String::new, |v| format!("; use `apiVersion: {v}`"));
            problems.push(error(
                at_version,
                "apiVersion",
                format!("`{api_version}` {kind} is no longer served (removed in Kubernetes {since}){instead}"),
            ));
            None
        }
        Lookup::OtherVersion(version) => {
            problems.push(error(
                at_version,
                "apiVersion",
                format!(
                    "Kubernetes {} serves {kind} as `{version}`, not `{api_version}`",
                    schema::KUBERNETES
                ),
            ));
            None
        }
        Lookup::Unknown(nearest) => {
            if !schema::builtin_group(api_version) {
                // A custom resource (Gateway API, cert-manager…): taken if its CRD is installed.
                problems.push(Problem {
                    severity: Severity::Warning,
                    ..error(at_kind, "kind", format!("`{api_version}` {kind} is a custom resource: only its YAML and metadata are checked"))
                });
                // Only the metadata rules apply to a kind the rules do not know.
                rules::check(kind, root, problems);
                return None;
            }
            let hint = nearest.map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"));
            problems.push(error(
                at_kind,
                "kind",
                format!(
                    "`{kind}` is not a kind of Kubernetes {} under `{api_version}`{hint}",
                    schema::KUBERNETES
                ),
            ));
            None
        }
    }
}

/// A copy without `null` values: the API server reads `field: null` as the field left out
/// (`kubectl create --dry-run=client -o yaml` writes `creationTimestamp: null`).
fn without_nulls(node: &Node) -> Node {
    let value = match &node.value {
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .filter(|(_, v)| v.value != Value::Null)
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Seq(items) => Value::Seq(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    };
    Node {
        value,
        pos: node.pos,
    }
}

/// The node at a JSON pointer's segments, with the key it sits under (if any).
fn find<'n>(root: &'n Node, pointer: &[String]) -> (&'n Node, Option<&'n yaml::Key>) {
    let mut node = root;
    let mut key = None;
    for segment in pointer {
        let next = match &node.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| &k.name == segment)
                .map(|(k, v)| (v, Some(k))),
            Value::Seq(items) => segment
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .map(|v| (v, None)),
            _ => None,
        };
        let Some((child, k)) = next else {
            break;
        };
        node = child;
        key = k.or(key);
    }
    (node, key)
}

/// `spec.template.spec.containers[0].image`, from pointer segments.
fn dotted(root: &Node, pointer: &[String]) -> String {
    let mut path = String::new();
    let mut node = Some(root);
    for segment in pointer {
        let is_index = matches!(node.map(|n| &n.value), Some(Value::Seq(_)));
        if is_index {
            path.push_str(&format!("[{segment}]"));
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(segment);
        }
        node = node.and_then(|n| match &n.value {
            Value::Map(_) => n.get(segment),
            Value::Seq(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        });
    }
    path
}

/// The fields the schema object at `schema_path` (the keyword's own path) allows.
fn siblings(schema: &serde_json::Value, schema_path: &str) -> Vec<String> {
    let object = schema_path
        .rsplit_once('/')
        .and_then(|(parent, _)| schema.pointer(parent));
    object
        .and_then(|o| o.get("properties"))
        .and_then(serde_json::Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// The problems one schema error stands for (an object's unknown fields, one each).
fn schema_problems(
    root: &Node,
    pointer: &[String],
    kind: &ValidationErrorKind,
    siblings: &[String],
) -> Vec<Problem> {
    let (node, key) = find(root, pointer);
    let path = dotted(root, pointer);
    let under = |p: &str| {
        if path.is_empty() {
            p.to_owned()
        } else {
            format!("{path}.{p}")
        }
    };
    if let ValidationErrorKind::AdditionalProperties { unexpected } = kind {
        return unexpected
            .iter()
            .map(|name| Problem {
                pos: node.key(name).map_or(node.pos, |k| k.pos),
                path: under(name),
                message: format!("unknown field `{name}`{}", near_field(siblings, name)),
                severity: Severity::Error,
            })
            .collect();
    }
    vec![schema_problem(node, key, path, kind)]
}

fn schema_problem(
    node: &Node,
    key: Option<&yaml::Key>,
    path: String,
    kind: &ValidationErrorKind,
) -> Problem {
    let under = |p: &str| {
        if path.is_empty() {
            p.to_owned()
        } else {
            format!("{path}.{p}")
        }
    };
    match kind {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default().to_owned();
            let at = key.map_or(node.pos, |k| k.pos);
            Problem {
                pos: at,
                path: under(&name),
                message: format!("the required field `{name}` is missing"),
                severity: Severity::Error,
            }
        }
        ValidationErrorKind::Type { kind } => {
            let wanted = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            Problem {
                pos: node.pos,
                path,
                message: format!(
                    "expected {wanted}, found {}{}",
                    node.value.kind(),
                    quote_hint(node, &wanted)
                ),
                severity: Severity::Error,
            }
        }
        ValidationErrorKind::Enum { options } => {
            let list = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str())
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            Problem {
                pos: node.pos,
                path,
                message: format!("not an allowed value; one of {list}"),
                severity: Severity::Error,
            }
        }
        ValidationErrorKind::Format { format } if format == schema::QUANTITY_FORMAT => Problem {
            pos: node.pos,
            path,
            message: format!(
                "`{}` is not a quantity (e.g. `500m`, `0.5`, `128Mi`, `1Gi`)",
                node.as_str().unwrap_or_default()
            ),
            severity: Severity::Error,
        },
        other => Problem {
            pos: node.pos,
            path,
            message: other_message(other),
            severity: Severity::Error,
        },
    }
}

/// "did you mean" for a misspelt field: the allowed field nearest to it, if one is near.
fn near_field(siblings: &[String], name: &str) -> String {
    use rapidfuzz::distance::levenshtein;
    let lower = name.to_ascii_lowercase();
    siblings
        .iter()
        .map(|s| {
            (
                levenshtein::distance(lower.chars(), s.to_ascii_lowercase().chars()),
                s,
            )
        })
        .filter(|(d, s)| *d <= 2.max(s.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map_or_else(String::new, |(_, s)| format!(" (did you mean `{s}`?)"))
}

/// A number or boolean where text is wanted: say to quote it (`"80"`, `"true"`).
fn quote_hint(node: &Node, wanted: &str) -> String {
    let scalar = matches!(node.value, Value::Int(_) | Value::Float(_) | Value::Bool(_));
    if wanted == "string" && scalar {
        " (quote it to make it text)".to_owned()
    } else {
        String::new()
    }
}

fn other_message(kind: &ValidationErrorKind) -> String {
    match kind {
        ValidationErrorKind::Minimum { limit } => format!("below the minimum {limit}"),
        ValidationErrorKind::Maximum { limit } => format!("above the maximum {limit}"),
        ValidationErrorKind::MinItems { limit } => format!("needs at least {limit} item(s)"),
        _ => "does not match the schema".to_owned(),
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
