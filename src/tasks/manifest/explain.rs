//! `kubectl explain` offline: a field's type and its description, from the schema of its kind
//! (the API's own words, as `k8s-openapi` carries them).

use serde_json::Value;

use super::Ask;
use super::schema::{self, Kind};
use crate::tasks::yaml::{Document, Node, Value as YamlValue};

/// What `kubectl explain KIND.PATH` says of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldInfo {
    /// The dotted path, without list indexes (`spec.containers.image`).
    pub path: String,
    /// Its type as `kubectl explain` writes it: `integer`, `string`, `boolean`, `[]Container`,
    /// `map[string]string`, `Object`, `IntOrString`, `Quantity`.
    pub type_name: String,
    /// The API's description of it.
    pub description: String,
    /// Whether its object requires it.
    pub required: bool,
}

/// The kind named by `kind`: a `kind` (`Deployment`), case aside, or its plural.
pub fn kind_named(kind: &str) -> Option<Kind> {
    let lower = kind.to_ascii_lowercase();
    schema::KINDS
        .iter()
        .filter(|k| !(k.kind == "HorizontalPodAutoscaler" && k.api_version == "autoscaling/v1"))
        .find(|k| {
            let name = k.kind.to_ascii_lowercase();
            lower == name || lower == format!("{name}s") || lower == format!("{name}es")
        })
        .copied()
}

/// The definition `$ref` points at, or the schema itself.
fn resolve<'s>(root: &'s Value, schema: &'s Value) -> &'s Value {
    let mut current = schema;
    for _ in 0..8 {
        let Some(target) = current.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(found) = target.strip_prefix('#').and_then(|p| root.pointer(p)) else {
            break;
        };
        current = found;
    }
    current
}

fn def_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('.').next())
}

/// The type of a field's schema, as `kubectl explain` names it.
fn type_name(root: &Value, field: &Value) -> String {
    if let Some(name) = def_name(field) {
        let target = resolve(root, field);
        return match target.get("type").and_then(Value::as_str) {
            Some(t @ ("string" | "integer" | "boolean" | "number")) => t.to_owned(),
            _ if name == "IntOrString" || name == "Quantity" => name.to_owned(),
            _ => name.to_owned(),
        };
    }
    match field.get("type").and_then(Value::as_str) {
        Some("array") => {
            let item = field
                .get("items")
                .map_or_else(|| "Object".to_owned(), |i| type_name(root, i));
            format!("[]{item}")
        }
        Some("object") => match field.get("additionalProperties") {
            Some(Value::Object(_)) => {
                let value = field
                    .get("additionalProperties")
                    .map_or_else(String::new, |v| type_name(root, v));
                format!("map[string]{value}")
            }
            _ => "Object".to_owned(),
        },
        Some(other) => other.to_owned(),
        None => "Object".to_owned(),
    }
}

/// What `kubectl explain` says of `path` in `kind` (`spec.template.spec.containers.image`; list
/// indexes such as `[0]` or `[]` are skipped).
pub fn field(kind: Kind, path: &str) -> Option<FieldInfo> {
    let compiled = schema::validator(kind)?;
    let root = &compiled.0;
    let mut object = root;
    let mut found: Option<(&Value, bool)> = None;
    let mut clean = Vec::new();
    for step in path.split('.') {
        let step = step.split('[').next().unwrap_or(step);
        if step.is_empty() {
            return None;
        }
        clean.push(step);
        // Step into what the previous field holds: an object, a list's items, a map's values.
        if let Some((previous, _)) = found {
            let mut inner = resolve(root, previous);
            while inner.get("type").and_then(Value::as_str) == Some("array") {
                inner = resolve(root, inner.get("items")?);
            }
            object = inner;
        }
        let object_def = resolve(root, object);
        let property = object_def.get("properties")?.get(step)?;
        let required = object_def
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| r.iter().any(|v| v.as_str() == Some(step)));
        found = Some((property, required));
    }
    let (field, required) = found?;
    let description = field
        .get("description")
        .and_then(Value::as_str)
        .or_else(|| {
            resolve(root, field)
                .get("description")
                .and_then(Value::as_str)
        })
        .unwrap_or_default()
        .to_owned();
    Some(FieldInfo {
        path: clean.join("."),
        type_name: type_name(root, field),
        description,
        required,
    })
}

/// The field a manifest's `line` (from 1) sets, with the kind of its document: what the
/// editor explains beside the cursor. `None` when the line holds no key or the kind is not
/// known (and with no documents: text that does not read as YAML).
pub fn field_at(documents: &[Document], line: u32) -> Option<(Kind, String)> {
    for document in documents {
        let root = &document.root;
        let (Some(api_version), Some(kind)) = (
            root.get("apiVersion").and_then(Node::as_str),
            root.get("kind").and_then(Node::as_str),
        ) else {
            continue;
        };
        let schema::Lookup::Known(known) = schema::lookup(api_version, kind) else {
            continue;
        };
        let mut path = Vec::new();
        if key_path(root, line, &mut path) {
            return Some((known, path.join(".")));
        }
    }
    None
}

/// Pushes onto `path` the keys down to the one written on `line`; whether there is one.
fn key_path(node: &Node, line: u32, path: &mut Vec<String>) -> bool {
    match &node.value {
        YamlValue::Map(entries) => {
            for (key, value) in entries {
                path.push(key.name.clone());
                if key.pos.line == line || key_path(value, line, path) {
                    return true;
                }
                path.pop();
            }
            false
        }
        YamlValue::Seq(items) => items.iter().any(|item| key_path(item, line, path)),
        _ => false,
    }
}

/// An explain task graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplainVerdict {
    /// What was asked.
    pub ask: Ask,
    /// The answer wanted: the path, or the type.
    pub expected: String,
    /// What `kubectl explain` says of the field (shown after the answer).
    pub info: Option<FieldInfo>,
    /// Whether the answer names it.
    pub correct: bool,
    /// Nothing was typed.
    pub empty: bool,
}

impl ExplainVerdict {
    /// Whether the answer is right.
    pub fn passed(&self) -> bool {
        self.correct
    }

    /// One point, or none.
    pub fn score(&self) -> (usize, usize) {
        (usize::from(self.correct), 1)
    }

    /// Why it is not right, in a sentence.
    pub fn first_problem(&self) -> Option<String> {
        if self.empty {
            return Some("nothing was typed".to_owned());
        }
        (!self.correct).then(|| match self.ask {
            Ask::Path => "that is not the field".to_owned(),
            Ask::Type => "that is not its type".to_owned(),
        })
    }
}

/// The path an answer names: `kubectl explain` and its flags dropped, a leading kind (any of
/// its names: `pod`, `pods`, `po`) dropped, list markers (`[]`, `[0]`) dropped.
fn answer_path(answer: &str, kind: Kind) -> String {
    let mut words: Vec<&str> = answer.split_whitespace().collect();
    if words.first() == Some(&"kubectl") || words.first() == Some(&"k") {
        words.remove(0);
    }
    if words.first() == Some(&"explain") {
        words.remove(0);
    }
    let path = words
        .into_iter()
        .find(|w| !w.starts_with('-'))
        .unwrap_or("");
    let mut steps: Vec<String> = path
        .split('.')
        .map(|s| s.split('[').next().unwrap_or(s).to_owned())
        .collect();
    let names_kind = |step: &str| {
        kind_named(step).is_some_and(|k| k.kind == kind.kind)
            || crate::tasks::kubectl::grammar().ok().is_some_and(|g| {
                let plural = crate::tasks::kubectl::resource_name(g, step);
                plural.is_some()
                    && plural
                        == crate::tasks::kubectl::resource_name(g, &kind.kind.to_ascii_lowercase())
            })
    };
    if steps.len() > 1 && steps.first().is_some_and(|s| names_kind(s)) {
        steps.remove(0);
    }
    steps.join(".")
}

/// A type as written, for comparing: lower case, no `<>` or spaces, common synonyms joined.
fn type_key(text: &str) -> String {
    let key: String = text
        .chars()
        .filter(|c| !matches!(c, '<' | '>' | ' ' | '`'))
        .collect::<String>()
        .to_ascii_lowercase();
    match key.as_str() {
        "int" | "int32" | "int64" | "integer" => "integer".to_owned(),
        "bool" | "boolean" => "boolean".to_owned(),
        "str" | "string" => "string".to_owned(),
        "object" | "obj" => "object".to_owned(),
        _ => key,
    }
}

/// Grades an answer to an explain task on `field` of `kind`.
pub fn grade_explain(answer: &str, kind: &str, field_path: &str, ask: Ask) -> ExplainVerdict {
    let known = kind_named(kind);
    let info = known.and_then(|k| field(k, field_path));
    let empty = answer.trim().is_empty();
    let (expected, correct) = match (ask, known, &info) {
        (Ask::Path, Some(k), Some(info)) => (
            info.path.clone(),
            !empty && answer.len() < 4096 && answer_path(answer, k) == info.path,
        ),
        (Ask::Type, _, Some(info)) => (
            info.type_name.clone(),
            !empty && answer.len() < 4096 && type_key(answer) == type_key(&info.type_name),
        ),
        _ => (field_path.to_owned(), false),
    };
    ExplainVerdict {
        ask,
        expected,
        info,
        correct,
        empty,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn fields_have_their_type_and_description_as_kubectl_explain_shows() {
        let pod = kind_named("pods").unwrap();
        let grace = field(pod, "spec.terminationGracePeriodSeconds").unwrap();
        assert_eq!(grace.type_name, "integer");
        assert!(grace.description.contains("gracefully"), "{grace:?}");
        let containers = field(pod, "spec.containers").unwrap();
        assert_eq!(containers.type_name, "[]Container");
        assert!(containers.required);
        assert_eq!(
            field(pod, "spec.containers[0].image").unwrap().type_name,
            "string"
        );
        assert_eq!(
            field(pod, "spec.nodeSelector").unwrap().type_name,
            "map[string]string"
        );
        assert_eq!(
            field(pod, "spec.containers.resources.limits")
                .unwrap()
                .type_name,
            "map[string]Quantity"
        );
        assert_eq!(
            field(pod, "spec.containers.ports.containerPort")
                .unwrap()
                .type_name,
            "integer"
        );
        assert_eq!(
            field(pod, "spec.containers.livenessProbe")
                .unwrap()
                .type_name,
            "Probe"
        );
        let deploy = kind_named("Deployment").unwrap();
        assert_eq!(field(deploy, "spec.replicas").unwrap().type_name, "integer");
        assert_eq!(
            field(deploy, "spec.template.spec.containers.name")
                .unwrap()
                .type_name,
            "string"
        );
        assert!(field(deploy, "spec.contianers").is_none());
        assert!(field(deploy, "").is_none());
        assert_eq!(
            kind_named("HorizontalPodAutoscaler").unwrap().api_version,
            "autoscaling/v2"
        );
    }

    #[test]
    fn a_path_answer_passes_in_every_spelling_kubectl_explain_takes() {
        let grace = "spec.terminationGracePeriodSeconds";
        for answer in [
            "spec.terminationGracePeriodSeconds",
            "pod.spec.terminationGracePeriodSeconds",
            "pods.spec.terminationGracePeriodSeconds",
            "po.spec.terminationGracePeriodSeconds",
            "kubectl explain pod.spec.terminationGracePeriodSeconds",
            "  Pod.spec.terminationGracePeriodSeconds --recursive ",
        ] {
            assert!(
                grade_explain(answer, "Pod", grace, Ask::Path).passed(),
                "{answer}"
            );
        }
        for wrong in [
            "spec.activeDeadlineSeconds",
            "terminationGracePeriodSeconds",
            "",
            "deploy.spec.terminationGracePeriodSeconds",
        ] {
            let verdict = grade_explain(wrong, "Pod", grace, Ask::Path);
            assert!(!verdict.passed(), "{wrong}");
            assert!(verdict.first_problem().is_some());
        }
        let image = "spec.template.spec.containers.image";
        assert!(
            grade_explain(
                "deploy.spec.template.spec.containers[0].image",
                "Deployment",
                image,
                Ask::Path
            )
            .passed()
        );
        assert!(
            grade_explain(&"x.".repeat(5000), "Pod", grace, Ask::Path)
                .first_problem()
                .is_some()
        );
    }

    #[test]
    fn the_field_under_the_cursor_is_found_by_its_line() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      \
                    containers:\n      - name: web\n        image: nginx\n";
        let documents = crate::tasks::yaml::parse(text).unwrap();
        let (kind, path) = field_at(&documents, 10).unwrap();
        assert_eq!(kind.kind, "Deployment");
        assert_eq!(path, "spec.template.spec.containers.image");
        assert_eq!(field(kind, &path).unwrap().type_name, "string");
        assert_eq!(field_at(&documents, 4).unwrap().1, "metadata.name");
        assert!(field_at(&[], 1).is_none());
        assert!(field_at(&documents, 99).is_none());
    }

    #[test]
    fn a_type_answer_passes_as_kubectl_writes_it_or_by_a_synonym() {
        let replicas = "spec.replicas";
        for answer in ["integer", "<integer>", "int32", "Integer"] {
            assert!(
                grade_explain(answer, "Deployment", replicas, Ask::Type).passed(),
                "{answer}"
            );
        }
        assert!(!grade_explain("string", "Deployment", replicas, Ask::Type).passed());
        let verdict = grade_explain("[]Container", "Pod", "spec.containers", Ask::Type);
        assert!(verdict.passed());
        assert_eq!(verdict.expected, "[]Container");
        assert!(verdict.info.unwrap().description.contains("containers"));
        assert!(grade_explain("map[string]string", "Pod", "spec.nodeSelector", Ask::Type).passed());
    }
}
