//! More of the API server's rules that exam manifests trip on: a volume mount naming no volume,
//! an env var with both a value and a source, a probe with no handler or two, a port name
//! longer than 15 characters; a PodDisruptionBudget with both bounds; an autoscaler whose
//! minimum is above its maximum; an Ingress with both a class annotation and a class field.

use super::Problem;
use crate::tasks::yaml::{Node, Value};

fn error(problems: &mut Vec<Problem>, node: &Node, path: String, message: String) {
    problems.push(super::error(node, &path, message));
}

fn items<'n>(node: &'n Node, key: &str) -> &'n [Node] {
    node.get(key).map_or(&[][..], Node::as_seq)
}

/// The rules over one Pod spec at `path`; `claims` are volumes its owner adds (a
/// StatefulSet's claim templates).
pub fn pod(pod: &Node, path: &str, claims: &[&str], problems: &mut Vec<Problem>) {
    tolerations(pod, path, problems);
    let volumes: Vec<&str> = items(pod, "volumes")
        .iter()
        .filter_map(|v| v.get("name").and_then(Node::as_str))
        .chain(claims.iter().copied())
        .collect();
    for list in ["initContainers", "containers"] {
        for (i, container) in items(pod, list).iter().enumerate() {
            let here = format!("{path}.{list}[{i}]");
            for (j, mount) in items(container, "volumeMounts").iter().enumerate() {
                if let Some(name) = mount.get("name")
                    && let Some(text) = name.as_str()
                    && !volumes.contains(&text)
                {
                    error(
                        problems,
                        name,
                        format!("{here}.volumeMounts[{j}].name"),
                        format!("no volume of the Pod is named `{text}` (spec.volumes)"),
                    );
                }
            }
            for (j, env) in items(container, "env").iter().enumerate() {
                if env.get("value").is_some() && env.get("valueFrom").is_some() {
                    error(
                        problems,
                        env,
                        format!("{here}.env[{j}]"),
                        "an env var takes `value` or `valueFrom`, not both".to_owned(),
                    );
                }
            }
            for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
                if let Some(node) = container.get(probe) {
                    let handlers = ["exec", "httpGet", "tcpSocket", "grpc"]
                        .iter()
                        .filter(|h| node.get(h).is_some())
                        .count();
                    if handlers != 1 && matches!(node.value, Value::Map(_)) {
                        error(
                            problems,
                            node,
                            format!("{here}.{probe}"),
                            format!(
                                "a probe has exactly one of `exec`, `httpGet`, `tcpSocket`, `grpc`; this one has {handlers}"
                            ),
                        );
                    }
                }
            }
            for (j, port) in items(container, "ports").iter().enumerate() {
                if let Some(name) = port.get("name")
                    && let Some(text) = name.as_str()
                    && let Some(why) = port_name(text)
                {
                    error(
                        problems,
                        name,
                        format!("{here}.ports[{j}].name"),
                        format!("`{text}` is not a valid port name: {why}"),
                    );
                }
            }
        }
    }
}

/// A toleration that matches any value (`operator: Exists`) names none.
fn tolerations(pod: &Node, path: &str, problems: &mut Vec<Problem>) {
    for (i, toleration) in items(pod, "tolerations").iter().enumerate() {
        let exists = toleration.get("operator").and_then(Node::as_str) == Some("Exists");
        if let Some(value) = toleration.get("value")
            && exists
            && value.as_str().is_some_and(|v| !v.is_empty())
        {
            error(
                problems,
                value,
                format!("{path}.tolerations[{i}].value"),
                "a toleration with `operator: Exists` matches any value: leave `value` out"
                    .to_owned(),
            );
        }
    }
}

/// A CronJob's schedule reads as one.
fn cron(spec: &Node, problems: &mut Vec<Problem>) {
    if let Some(node) = spec.get("schedule")
        && let Some(text) = node.as_str()
        && let Some(why) = schedule(text)
    {
        error(
            problems,
            node,
            "spec.schedule".to_owned(),
            format!("`{text}` is not a cron schedule: {why}"),
        );
    }
}

/// A binding's ServiceAccount subjects name no API group.
fn subjects(root: &Node, problems: &mut Vec<Problem>) {
    for (i, subject) in items(root, "subjects").iter().enumerate() {
        let service_account = subject.get("kind").and_then(Node::as_str) == Some("ServiceAccount");
        if let Some(group) = subject.get("apiGroup")
            && service_account
            && group.as_str().is_some_and(|g| !g.is_empty())
        {
            error(
                problems,
                group,
                format!("subjects[{i}].apiGroup"),
                "a ServiceAccount subject has no apiGroup (it is in the core group): \
                         leave it out"
                    .to_owned(),
            );
        }
    }
}

/// Why a CronJob's `schedule` is not one the controller reads: five fields (minute, hour,
/// day of month, month, day of week) or a descriptor such as `@hourly`.
pub fn schedule(text: &str) -> Option<String> {
    let text = text.trim();
    if text.starts_with("TZ=") || text.starts_with("CRON_TZ=") {
        return Some("a time zone goes in `spec.timeZone`, not in the schedule".to_owned());
    }
    if let Some(descriptor) = text.strip_prefix('@') {
        let known = [
            "yearly", "annually", "monthly", "weekly", "daily", "midnight", "hourly",
        ];
        return (!known.contains(&descriptor) && !descriptor.starts_with("every "))
            .then(|| format!("`@{descriptor}` is not a schedule descriptor"));
    }
    let fields: Vec<&str> = text.split_whitespace().collect();
    if fields.len() != 5 {
        return Some(format!("{} fields; a schedule has 5", fields.len()));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '*' | ',' | '-' | '/' | '?');
    fields
        .iter()
        .find(|f| !f.chars().all(allowed))
        .map(|f| format!("`{f}` is not a field"))
}

/// A Secret's `data` values are base64, and its and a ConfigMap's keys are file names made of
/// letters, digits, `-`, `_` and `.`.
fn data_keys(kind: &str, root: &Node, problems: &mut Vec<Problem>) {
    use base64::Engine as _;
    for section in ["data", "stringData", "binaryData"] {
        let Some(Value::Map(entries)) = root.get(section).map(|n| &n.value) else {
            continue;
        };
        for (key, value) in entries {
            let path = format!("{section}.{}", key.name);
            let bad_key = key.name.is_empty()
                || key.name.len() > 253
                || key.name == "."
                || key.name == ".."
                || !key
                    .name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
            if bad_key {
                let at = Node {
                    value: Value::Null,
                    pos: key.pos,
                };
                error(
                    problems,
                    &at,
                    path.clone(),
                    format!(
                        "`{}` is not a valid key: letters, digits, `-`, `_` and `.` only",
                        key.name
                    ),
                );
            }
            let base64_section = (kind == "Secret" && section == "data") || section == "binaryData";
            if base64_section
                && let Some(text) = value.as_str()
                && base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .is_err()
            {
                error(
                    problems,
                    value,
                    path,
                    format!(
                        "not base64 (`{section}` holds encoded values; put plain text in `stringData`)"
                    ),
                );
            }
        }
    }
}

/// Why `text` is not a port name (IANA service name: at most 15 lower-case letters, digits and
/// `-`, at least one letter), if it is not.
pub fn port_name(text: &str) -> Option<String> {
    if text.is_empty() || text.len() > 15 {
        return Some(format!("{} characters; 1 to 15 are allowed", text.len()));
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some("only lower-case letters, digits and `-` are allowed".to_owned());
    }
    if !text.bytes().any(|b| b.is_ascii_lowercase()) {
        return Some("it needs at least one letter".to_owned());
    }
    if text.starts_with('-') || text.ends_with('-') || text.contains("--") {
        return Some("`-` may not start or end it, nor come twice in a row".to_owned());
    }
    None
}

/// The rules of kinds other than Pods' (`root` is the object, `spec` its spec).
pub fn kind(kind: &str, root: &Node, spec: &Node, problems: &mut Vec<Problem>) {
    match kind {
        "Secret" | "ConfigMap" => data_keys(kind, root, problems),
        "CronJob" => cron(spec, problems),
        "RoleBinding" | "ClusterRoleBinding" => subjects(root, problems),
        "Ingress" => {
            let annotation = root
                .get("metadata")
                .and_then(|m| m.get("annotations"))
                .and_then(|a| a.get("kubernetes.io/ingress.class"));
            if let (Some(node), Some(_)) = (annotation, spec.get("ingressClassName")) {
                error(
                    problems,
                    node,
                    "metadata.annotations['kubernetes.io/ingress.class']".to_owned(),
                    "the `kubernetes.io/ingress.class` annotation cannot be set with \
                     `spec.ingressClassName`; keep the field"
                        .to_owned(),
                );
            }
        }
        "PodDisruptionBudget" => {
            if let (Some(_), Some(max)) = (spec.get("minAvailable"), spec.get("maxUnavailable")) {
                error(
                    problems,
                    max,
                    "spec.maxUnavailable".to_owned(),
                    "a PodDisruptionBudget sets `minAvailable` or `maxUnavailable`, not both"
                        .to_owned(),
                );
            }
        }
        "PriorityClass" => {
            // `value` sits beside `metadata`, not under a spec: `spec` here is the object.
            let name = root
                .get("metadata")
                .and_then(|m| m.get("name"))
                .and_then(Node::as_str)
                .unwrap_or_default();
            if let Some(node) = root.get("value")
                && let Value::Int(v) = node.value
                && v > 1_000_000_000
                // The two classes Kubernetes itself makes may be higher.
                && !matches!(name, "system-cluster-critical" | "system-node-critical")
            {
                error(
                    problems,
                    node,
                    "value".to_owned(),
                    format!(
                        "{v} is above 1000000000, the highest priority a user-defined class may have"
                    ),
                );
            }
        }
        "HorizontalPodAutoscaler" => {
            let number = |key: &str| match spec.get(key).map(|n| &n.value) {
                Some(Value::Int(i)) => Some(*i),
                _ => None,
            };
            if let (Some(min), Some(max)) = (number("minReplicas"), number("maxReplicas"))
                && min > max
                && let Some(node) = spec.get("minReplicas")
            {
                error(
                    problems,
                    node,
                    "spec.minReplicas".to_owned(),
                    format!("minReplicas {min} is above maxReplicas {max}"),
                );
            }
        }
        _ => {}
    }
}
