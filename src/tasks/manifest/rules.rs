//! What kube-apiserver checks in code rather than in the schema, the rules people trip on in
//! the exam: a selector that does not match the template's labels, a name that is not a DNS
//! name, a port out of range, two containers of one name, a quantity kubectl cannot read, a
//! Job whose Pods restart `Always`.

use super::Problem;
use crate::tasks::yaml::{Node, Pos, Value};

/// The kinds whose `spec.selector` must select `spec.template`'s Pods.
const SELECTING: [&str; 4] = ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"];

/// Every rule over one document of kind `kind`.
pub fn check(kind: &str, root: &Node, problems: &mut Vec<Problem>) {
    let mut out = Out { problems };
    if let Some(metadata) = root.get("metadata") {
        names(kind, metadata, &mut out);
        if let Some(labels) = metadata.get("labels") {
            label_map(labels, "metadata.labels", &mut out);
        }
    }
    // Kinds without a spec (bindings, priority classes) have rules too.
    super::rules_pod::kind(kind, root, root.get("spec").unwrap_or(root), out.problems);
    let Some(spec) = root.get("spec") else {
        return;
    };
    if SELECTING.contains(&kind) {
        selector(spec, &mut out);
    }
    if kind == "Service" {
        service(spec, &mut out);
    }
    for (path, pod, job, key) in pod_specs(kind, root) {
        pod_spec(pod, &path, &mut out);
        // A StatefulSet's claim templates are volumes of its Pods too.
        let claims: Vec<&str> = spec
            .get("volumeClaimTemplates")
            .map_or(&[][..], Node::as_seq)
            .iter()
            .filter_map(|c| c.get("metadata")?.get("name")?.as_str())
            .collect();
        super::rules_pod::pod(pod, &path, &claims, out.problems);
        if job {
            job_restart(pod, &path, key, &mut out);
        }
    }
}

struct Out<'p> {
    problems: &'p mut Vec<Problem>,
}

impl Out<'_> {
    fn error(&mut self, node: &Node, path: &str, message: String) {
        self.problems.push(super::error(node, path, message));
    }
}

/// The Pod specs in a document: their paths, whether a Job runs them, and where their `spec:`
/// key is written (a missing field is told there).
fn pod_specs<'n>(kind: &str, root: &'n Node) -> Vec<(String, &'n Node, bool, Pos)> {
    let spec_of = |parent: &'n Node| {
        parent
            .get("spec")
            .map(|spec| (spec, parent.key("spec").map_or(spec.pos, |k| k.pos)))
    };
    let template = |n: &'n Node| n.get("template").and_then(spec_of);
    let found = match kind {
        "Pod" => spec_of(root).map(|s| ("spec", s, false)),
        "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" | "ReplicationController" => root
            .get("spec")
            .and_then(template)
            .map(|s| ("spec.template.spec", s, false)),
        "Job" => root
            .get("spec")
            .and_then(template)
            .map(|s| ("spec.template.spec", s, true)),
        "CronJob" => root
            .get("spec")
            .and_then(|s| s.get("jobTemplate"))
            .and_then(|j| j.get("spec"))
            .and_then(template)
            .map(|s| ("spec.jobTemplate.spec.template.spec", s, true)),
        _ => None,
    };
    found
        .map(|(path, (node, key), job)| (path.to_owned(), node, job, key))
        .into_iter()
        .collect()
}

fn names(kind: &str, metadata: &Node, out: &mut Out<'_>) {
    if let Some(name) = metadata.get("name")
        && let Some(text) = name.as_str()
    {
        let problem = match kind {
            // A Service's name is a DNS label that starts with a letter (RFC 1035).
            "Service" => dns_label(text, true),
            "Namespace" => dns_label(text, false),
            _ => dns_subdomain(text),
        };
        if let Some(why) = problem {
            out.error(
                name,
                "metadata.name",
                format!("`{text}` is not a valid name: {why}"),
            );
        }
    }
    if let Some(ns) = metadata.get("namespace")
        && let Some(text) = ns.as_str()
        && let Some(why) = dns_label(text, false)
    {
        out.error(
            ns,
            "metadata.namespace",
            format!("`{text}` is not a valid namespace: {why}"),
        );
    }
}

/// Why `text` is not a DNS-1123 label (or a DNS-1035 one, `letter_first`), if it is not.
pub fn dns_label(text: &str, letter_first: bool) -> Option<String> {
    if text.is_empty() {
        return Some("it is empty".to_owned());
    }
    if text.len() > 63 {
        return Some(format!("{} characters, at most 63", text.len()));
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some("only lower-case letters, digits and `-` are allowed".to_owned());
    }
    let first = text.as_bytes().first().copied().unwrap_or(b'-');
    let last = text.as_bytes().last().copied().unwrap_or(b'-');
    if letter_first && !first.is_ascii_lowercase() {
        return Some("it must start with a letter".to_owned());
    }
    if first == b'-' || last == b'-' {
        return Some("it must start and end with a letter or digit".to_owned());
    }
    None
}

/// Why `text` is not a DNS-1123 subdomain (labels joined by `.`, at most 253), if it is not.
pub fn dns_subdomain(text: &str) -> Option<String> {
    if text.len() > 253 {
        return Some(format!("{} characters, at most 253", text.len()));
    }
    if text.is_empty() {
        return Some("it is empty".to_owned());
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
    {
        return Some("only lower-case letters, digits, `-` and `.` are allowed".to_owned());
    }
    let ok_end = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    if !ok_end(text.as_bytes().first()) || !ok_end(text.as_bytes().last()) {
        return Some("it must start and end with a letter or digit".to_owned());
    }
    if text.split('.').any(str::is_empty) {
        return Some("two dots in a row".to_owned());
    }
    None
}

/// Label keys (`[prefix/]name`) and values, as `metadata.labels` and selectors hold them.
fn label_map(labels: &Node, path: &str, out: &mut Out<'_>) {
    let Value::Map(entries) = &labels.value else {
        return;
    };
    for (key, value) in entries {
        let here = format!("{path}.{}", key.name);
        if let Some(why) = label_key(&key.name) {
            let node = Node {
                value: Value::Null,
                pos: key.pos,
            };
            out.error(&node, &here, format!("label key `{}`: {why}", key.name));
        }
        if let Some(text) = value.as_str()
            && let Some(why) = label_value(text)
        {
            out.error(value, &here, format!("label value `{text}`: {why}"));
        }
    }
}

fn label_name(name: &str) -> Option<String> {
    if name.is_empty() || name.len() > 63 {
        return Some("the name part must be 1 to 63 characters".to_owned());
    }
    label_value(name)
}

fn label_key(key: &str) -> Option<String> {
    match key.split_once('/') {
        Some((prefix, name)) => dns_subdomain(prefix)
            .map(|why| format!("the prefix `{prefix}`: {why}"))
            .or_else(|| label_name(name)),
        None => label_name(key),
    }
}

fn label_value(text: &str) -> Option<String> {
    if text.len() > 63 {
        return Some(format!("{} characters, at most 63", text.len()));
    }
    let inner = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    if !text.bytes().all(inner) {
        return Some("only letters, digits, `-`, `_` and `.` are allowed".to_owned());
    }
    let bytes = text.as_bytes();
    let edge = |b: Option<&u8>| b.is_none_or(u8::is_ascii_alphanumeric);
    if !edge(bytes.first()) || !edge(bytes.last()) {
        return Some("it must start and end with a letter or digit".to_owned());
    }
    None
}

/// `spec.selector` selects the template's labels (matchLabels and matchExpressions).
fn selector(spec: &Node, out: &mut Out<'_>) {
    let Some(selector) = spec.get("selector") else {
        return; // the schema reports a missing selector
    };
    let labels = spec
        .get("template")
        .and_then(|t| t.get("metadata"))
        .and_then(|m| m.get("labels"));
    let label = |key: &str| labels.and_then(|l| l.get(key)).and_then(Node::text);
    if let Some(match_labels) = selector.get("matchLabels") {
        label_map(match_labels, "spec.selector.matchLabels", out);
        if let Value::Map(entries) = &match_labels.value {
            for (key, value) in entries {
                let want = value.text();
                if label(&key.name) != want {
                    let have = label(&key.name).map_or_else(
                        || "has no such label".to_owned(),
                        |v| format!("has `{}: {v}`", key.name),
                    );
                    out.error(
                        value,
                        &format!("spec.selector.matchLabels.{}", key.name),
                        format!(
                            "the selector wants `{}: {}` but the Pod template {have} \
                             (spec.template.metadata.labels): the selector must match the \
                             template's labels",
                            key.name,
                            want.unwrap_or_default()
                        ),
                    );
                }
            }
        }
    }
    for (i, expr) in selector
        .get("matchExpressions")
        .map_or(&[][..], Node::as_seq)
        .iter()
        .enumerate()
    {
        let key = expr.get("key").and_then(Node::as_str).unwrap_or_default();
        let op = expr
            .get("operator")
            .and_then(Node::as_str)
            .unwrap_or_default();
        let values: Vec<String> = expr
            .get("values")
            .map_or(&[][..], Node::as_seq)
            .iter()
            .filter_map(Node::text)
            .collect();
        let have = label(key);
        let holds = match op {
            "In" => have.as_ref().is_some_and(|h| values.contains(h)),
            "NotIn" => !have.as_ref().is_some_and(|h| values.contains(h)),
            "Exists" => have.is_some(),
            "DoesNotExist" => have.is_none(),
            _ => true, // the schema's business
        };
        if !holds {
            out.error(
                expr,
                &format!("spec.selector.matchExpressions[{i}]"),
                format!("the Pod template's labels do not meet `{key} {op} {values:?}`: the selector must match the template's labels"),
            );
        }
    }
}

fn service(spec: &Node, out: &mut Out<'_>) {
    let ports = spec.get("ports").map_or(&[][..], Node::as_seq);
    let node_port_type = spec
        .get("type")
        .and_then(Node::as_str)
        .is_some_and(|t| t == "NodePort" || t == "LoadBalancer");
    for (i, port) in ports.iter().enumerate() {
        let path = format!("spec.ports[{i}]");
        port_range(port.get("port"), &format!("{path}.port"), out);
        if let Some(target) = port.get("targetPort")
            && matches!(target.value, Value::Int(_))
        {
            port_range(Some(target), &format!("{path}.targetPort"), out);
        }
        if let Some(node_port) = port.get("nodePort") {
            if !node_port_type {
                out.error(
                    node_port,
                    &format!("{path}.nodePort"),
                    "a nodePort is only allowed for type NodePort or LoadBalancer".to_owned(),
                );
            } else if let Value::Int(n) = node_port.value
                && !(30000..=32767).contains(&n)
            {
                out.error(
                    node_port,
                    &format!("{path}.nodePort"),
                    format!("{n} is outside the default NodePort range 30000-32767"),
                );
            }
        }
        if ports.len() > 1 && port.get("name").is_none() {
            out.error(
                port,
                &path,
                "a Service with more than one port must name each port".to_owned(),
            );
        }
    }
}

fn port_range(port: Option<&Node>, path: &str, out: &mut Out<'_>) {
    if let Some(node) = port
        && let Value::Int(n) = node.value
        && !(1..=65535).contains(&n)
    {
        out.error(node, path, format!("port {n} is outside 1-65535"));
    }
}

fn pod_spec(pod: &Node, path: &str, out: &mut Out<'_>) {
    let mut seen: Vec<&str> = Vec::new();
    for list in ["initContainers", "containers"] {
        for (i, container) in pod
            .get(list)
            .map_or(&[][..], Node::as_seq)
            .iter()
            .enumerate()
        {
            let here = format!("{path}.{list}[{i}]");
            if let Some(name) = container.get("name")
                && let Some(text) = name.as_str()
            {
                if seen.contains(&text) {
                    out.error(
                        name,
                        &format!("{here}.name"),
                        format!("two containers are named `{text}`; names must be unique in a Pod"),
                    );
                }
                seen.push(text);
                if let Some(why) = dns_label(text, false) {
                    out.error(
                        name,
                        &format!("{here}.name"),
                        format!("`{text}` is not a valid container name: {why}"),
                    );
                }
            }
            for (j, port) in container
                .get("ports")
                .map_or(&[][..], Node::as_seq)
                .iter()
                .enumerate()
            {
                port_range(
                    port.get("containerPort"),
                    &format!("{here}.ports[{j}].containerPort"),
                    out,
                );
                port_range(
                    port.get("hostPort"),
                    &format!("{here}.ports[{j}].hostPort"),
                    out,
                );
            }
            if let Some(resources) = container.get("resources") {
                quantities(resources, &format!("{here}.resources"), out);
            }
        }
    }
}

/// No request above its limit.
fn quantities(resources: &Node, path: &str, out: &mut Out<'_>) {
    // Their syntax is the schema's (the quantity format); here, only how they compare.
    let read = |section: &str| -> Vec<(String, f64)> {
        match resources.get(section).map(|n| &n.value) {
            Some(Value::Map(entries)) => entries
                .iter()
                .filter_map(|(key, value)| Some((key.name.clone(), quantity(&value.text()?)?)))
                .collect(),
            _ => Vec::new(),
        }
    };
    let limits = read("limits");
    let requests = read("requests");
    for (name, request) in &requests {
        if let Some((_, limit)) = limits.iter().find(|(n, _)| n == name)
            && request > limit
            && let Some(node) = resources.get("requests").and_then(|r| r.get(name))
        {
            out.error(
                node,
                &format!("{path}.requests.{name}"),
                format!("the {name} request is above its limit; a request must be less than or equal to the limit"),
            );
        }
    }
}

/// The value of a Kubernetes quantity (`500m`, `1.5Gi`, `2e3`), or `None` if it is not one.
pub fn quantity(text: &str) -> Option<f64> {
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(split);
    if number.is_empty() || number == "." || number.matches('.').count() > 1 {
        return None;
    }
    let sign_ok = number
        .char_indices()
        .all(|(i, c)| !(c == '+' || c == '-') || i == 0);
    if !sign_ok {
        return None;
    }
    let n: f64 = number.parse().ok()?;
    let scale = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        _ => {
            let exp = suffix.strip_prefix(['e', 'E'])?;
            let exp: i32 = exp.parse().ok()?;
            10f64.powi(exp)
        }
    };
    Some(n * scale)
}

/// A Job's Pods may not restart `Always` (the apiserver's rule, a classic exam slip).
fn job_restart(pod: &Node, path: &str, key: Pos, out: &mut Out<'_>) {
    match pod.get("restartPolicy") {
        Some(policy) if policy.as_str() == Some("Always") => out.error(
            policy,
            &format!("{path}.restartPolicy"),
            "a Job's Pods must use restartPolicy `Never` or `OnFailure`".to_owned(),
        ),
        None => {
            // The Pod default `Always` is not allowed in a Job: it must be written.
            let node = Node {
                value: Value::Null,
                pos: key,
            };
            out.error(
                &node,
                &format!("{path}.restartPolicy"),
                "a Job's Pods must set restartPolicy to `Never` or `OnFailure` (the default `Always` is refused)".to_owned(),
            );
        }
        Some(_) => {}
    }
}
