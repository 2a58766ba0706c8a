//! The schema of every kind a CKA or CKAD manifest uses, for Kubernetes 1.35: made from
//! `k8s-openapi`'s typed structs (its `schemars` feature gives the JSON Schema, with the API's
//! own field descriptions), made strict where the API server is strict, compiled by the
//! `jsonschema` crate, lazily and once per kind (never on the first frame).
//!
//! What the generated schema leaves loose is tightened here, from our own table: unknown fields
//! (the API server's strict field validation refuses them; the schema allows them), the enums
//! the API documents only in prose, int-or-string values and quantities.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use k8s_openapi::Resource;
use k8s_openapi::api::{
    apps, autoscaling, batch, certificates, coordination, core, discovery, networking, node,
    policy, rbac, scheduling, storage,
};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1 as apiextensions;
use serde_json::{Value, json};

/// The Kubernetes version the schemas are of.
pub const KUBERNETES: &str = "1.35";

/// A kind the checker knows: its `apiVersion` and `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// `apps/v1`.
    pub api_version: &'static str,
    /// `Deployment`.
    pub kind: &'static str,
}

macro_rules! kinds {
    ($($ty:ty),* $(,)?) => {
        /// Every kind with a schema.
        pub const KINDS: &[Kind] = &[
            $(Kind { api_version: <$ty as Resource>::API_VERSION, kind: <$ty as Resource>::KIND }),*
        ];

        /// The generated schema of a kind, as JSON.
        fn generate(api_version: &str, kind: &str) -> Option<Value> {
            $(
                if <$ty as Resource>::API_VERSION == api_version && <$ty as Resource>::KIND == kind {
                    return serde_json::to_value(schemars::schema_for!($ty)).ok();
                }
            )*
            None
        }
    };
}

kinds![
    core::v1::Pod,
    core::v1::Service,
    core::v1::ConfigMap,
    core::v1::Secret,
    core::v1::ServiceAccount,
    core::v1::Namespace,
    core::v1::PersistentVolume,
    core::v1::PersistentVolumeClaim,
    core::v1::LimitRange,
    core::v1::ResourceQuota,
    core::v1::Node,
    core::v1::Endpoints,
    core::v1::ReplicationController,
    apps::v1::Deployment,
    apps::v1::ReplicaSet,
    apps::v1::StatefulSet,
    apps::v1::DaemonSet,
    batch::v1::Job,
    batch::v1::CronJob,
    networking::v1::Ingress,
    networking::v1::IngressClass,
    networking::v1::NetworkPolicy,
    rbac::v1::Role,
    rbac::v1::ClusterRole,
    rbac::v1::RoleBinding,
    rbac::v1::ClusterRoleBinding,
    storage::v1::StorageClass,
    storage::v1::CSIDriver,
    autoscaling::v2::HorizontalPodAutoscaler,
    autoscaling::v1::HorizontalPodAutoscaler,
    policy::v1::PodDisruptionBudget,
    scheduling::v1::PriorityClass,
    discovery::v1::EndpointSlice,
    coordination::v1::Lease,
    node::v1::RuntimeClass,
    certificates::v1::CertificateSigningRequest,
    apiextensions::CustomResourceDefinition,
];

/// API versions that were served once and are no more: (apiVersion, kinds, removed in).
/// From the Kubernetes deprecated API migration guide.
const REMOVED: &[(&str, &[&str], &str)] = &[
    (
        "extensions/v1beta1",
        &[
            "Deployment",
            "DaemonSet",
            "ReplicaSet",
            "NetworkPolicy",
            "PodSecurityPolicy",
        ],
        "1.16",
    ),
    ("extensions/v1beta1", &["Ingress"], "1.22"),
    (
        "apps/v1beta1",
        &["Deployment", "StatefulSet", "ReplicaSet"],
        "1.16",
    ),
    (
        "apps/v1beta2",
        &["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"],
        "1.16",
    ),
    (
        "networking.k8s.io/v1beta1",
        &["Ingress", "IngressClass"],
        "1.22",
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        &["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"],
        "1.22",
    ),
    (
        "apiextensions.k8s.io/v1beta1",
        &["CustomResourceDefinition"],
        "1.22",
    ),
    ("scheduling.k8s.io/v1beta1", &["PriorityClass"], "1.22"),
    (
        "storage.k8s.io/v1beta1",
        &["CSIDriver", "StorageClass"],
        "1.22",
    ),
    ("coordination.k8s.io/v1beta1", &["Lease"], "1.22"),
    (
        "certificates.k8s.io/v1beta1",
        &["CertificateSigningRequest"],
        "1.22",
    ),
    ("batch/v1beta1", &["CronJob"], "1.25"),
    ("discovery.k8s.io/v1beta1", &["EndpointSlice"], "1.25"),
    (
        "policy/v1beta1",
        &["PodDisruptionBudget", "PodSecurityPolicy"],
        "1.25",
    ),
    ("autoscaling/v2beta1", &["HorizontalPodAutoscaler"], "1.25"),
    ("node.k8s.io/v1beta1", &["RuntimeClass"], "1.25"),
    ("autoscaling/v2beta2", &["HorizontalPodAutoscaler"], "1.26"),
];

/// Fields whose allowed values the API documents in prose only: (definition, field, values).
const ENUMS: &[(&str, &str, &[&str])] = &[
    (
        "io.k8s.api.core.v1.Container",
        "imagePullPolicy",
        &["Always", "Never", "IfNotPresent"],
    ),
    (
        "io.k8s.api.core.v1.PodSpec",
        "restartPolicy",
        &["Always", "OnFailure", "Never"],
    ),
    (
        "io.k8s.api.core.v1.PodSpec",
        "dnsPolicy",
        &["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "type",
        &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "sessionAffinity",
        &["ClientIP", "None"],
    ),
    (
        "io.k8s.api.core.v1.ServiceSpec",
        "externalTrafficPolicy",
        &["Cluster", "Local"],
    ),
    (
        "io.k8s.api.core.v1.ServicePort",
        "protocol",
        &["TCP", "UDP", "SCTP"],
    ),
    (
        "io.k8s.api.core.v1.ContainerPort",
        "protocol",
        &["TCP", "UDP", "SCTP"],
    ),
    (
        "io.k8s.api.core.v1.PersistentVolumeSpec",
        "persistentVolumeReclaimPolicy",
        &["Retain", "Delete", "Recycle"],
    ),
    (
        "io.k8s.api.core.v1.PersistentVolumeSpec",
        "volumeMode",
        &["Filesystem", "Block"],
    ),
    (
        "io.k8s.api.core.v1.PersistentVolumeClaimSpec",
        "volumeMode",
        &["Filesystem", "Block"],
    ),
    (
        "io.k8s.api.core.v1.Toleration",
        "operator",
        &["Exists", "Equal"],
    ),
    (
        "io.k8s.api.core.v1.Toleration",
        "effect",
        &["NoSchedule", "PreferNoSchedule", "NoExecute"],
    ),
    (
        "io.k8s.api.core.v1.Taint",
        "effect",
        &["NoSchedule", "PreferNoSchedule", "NoExecute"],
    ),
    (
        "io.k8s.api.core.v1.NodeSelectorRequirement",
        "operator",
        &["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"],
    ),
    (
        "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement",
        "operator",
        &["In", "NotIn", "Exists", "DoesNotExist"],
    ),
    (
        "io.k8s.api.apps.v1.DeploymentStrategy",
        "type",
        &["Recreate", "RollingUpdate"],
    ),
    (
        "io.k8s.api.apps.v1.StatefulSetSpec",
        "podManagementPolicy",
        &["OrderedReady", "Parallel"],
    ),
    (
        "io.k8s.api.batch.v1.CronJobSpec",
        "concurrencyPolicy",
        &["Allow", "Forbid", "Replace"],
    ),
    (
        "io.k8s.api.networking.v1.HTTPIngressPath",
        "pathType",
        &["Exact", "Prefix", "ImplementationSpecific"],
    ),
    (
        "io.k8s.api.networking.v1.NetworkPolicyPort",
        "protocol",
        &["TCP", "UDP", "SCTP"],
    ),
    (
        "io.k8s.api.storage.v1.StorageClass",
        "reclaimPolicy",
        &["Retain", "Delete"],
    ),
    (
        "io.k8s.api.storage.v1.StorageClass",
        "volumeBindingMode",
        &["Immediate", "WaitForFirstConsumer"],
    ),
    (
        "io.k8s.api.rbac.v1.Subject",
        "kind",
        &["ServiceAccount", "User", "Group"],
    ),
    (
        "io.k8s.api.rbac.v1.RoleRef",
        "kind",
        &["Role", "ClusterRole"],
    ),
    (
        "io.k8s.api.scheduling.v1.PriorityClass",
        "preemptionPolicy",
        &["PreemptLowerPriority", "Never"],
    ),
    (
        "io.k8s.api.core.v1.PodSpec",
        "preemptionPolicy",
        &["PreemptLowerPriority", "Never"],
    ),
    (
        "io.k8s.api.autoscaling.v2.MetricSpec",
        "type",
        &[
            "ContainerResource",
            "External",
            "Object",
            "Pods",
            "Resource",
        ],
    ),
    (
        "io.k8s.api.autoscaling.v2.MetricTarget",
        "type",
        &["Utilization", "Value", "AverageValue"],
    ),
];

/// List items whose allowed values are fixed: (definition, field, values).
const ITEM_ENUMS: &[(&str, &str, &[&str])] = &[
    (
        "io.k8s.api.core.v1.PersistentVolumeClaimSpec",
        "accessModes",
        &[
            "ReadWriteOnce",
            "ReadOnlyMany",
            "ReadWriteMany",
            "ReadWriteOncePod",
        ],
    ),
    (
        "io.k8s.api.core.v1.PersistentVolumeSpec",
        "accessModes",
        &[
            "ReadWriteOnce",
            "ReadOnlyMany",
            "ReadWriteMany",
            "ReadWriteOncePod",
        ],
    ),
    (
        "io.k8s.api.networking.v1.NetworkPolicySpec",
        "policyTypes",
        &["Ingress", "Egress"],
    ),
];

/// The name of the format checked on quantities (`500m`, `1Gi`).
pub const QUANTITY_FORMAT: &str = "k8s-quantity";

/// How a document's `apiVersion` and `kind` stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A kind with a schema.
    Known(Kind),
    /// An API version no longer served; the one to use instead, if there is one.
    Removed {
        /// The release that stopped serving it.
        since: &'static str,
        /// Where the kind is served now.
        now: Option<&'static str>,
    },
    /// The kind exists, under another `apiVersion`.
    OtherVersion(&'static str),
    /// No such kind; the nearest known one.
    Unknown(Option<&'static str>),
}

/// Whether `api_version`'s group is one Kubernetes itself serves (a kind there without a
/// schema here is a mistake; a kind of another group is a custom resource).
pub fn builtin_group(api_version: &str) -> bool {
    let group = |v: &str| v.rsplit_once('/').map_or("", |(g, _)| g).to_owned();
    let wanted = group(api_version);
    KINDS.iter().any(|k| group(k.api_version) == wanted)
        || REMOVED.iter().any(|(v, _, _)| group(v) == wanted)
}

/// What `apiVersion` and `kind` name.
pub fn lookup(api_version: &str, kind: &str) -> Lookup {
    if let Some(known) = KINDS
        .iter()
        .find(|k| k.api_version == api_version && k.kind == kind)
    {
        return Lookup::Known(*known);
    }
    let served = KINDS.iter().find(|k| k.kind == kind).map(|k| k.api_version);
    if let Some((_, _, since)) = REMOVED
        .iter()
        .find(|(version, kinds, _)| *version == api_version && kinds.contains(&kind))
    {
        return Lookup::Removed { since, now: served };
    }
    if let Some(version) = served {
        return Lookup::OtherVersion(version);
    }
    let lower = kind.to_ascii_lowercase();
    let nearest = KINDS
        .iter()
        .map(|k| {
            (
                rapidfuzz::distance::levenshtein::distance(
                    lower.chars(),
                    k.kind.to_ascii_lowercase().chars(),
                ),
                k.kind,
            )
        })
        .filter(|(d, name)| *d <= 3.max(name.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name);
    Lookup::Unknown(nearest)
}

/// A kind's strict schema (descriptions included, for explaining fields) and its validator.
pub type Compiled = Arc<(Value, jsonschema::Validator)>;

/// The validators made so far, by position in [`KINDS`].
fn cache() -> &'static Mutex<HashMap<usize, Compiled>> {
    static CACHE: OnceLock<Mutex<HashMap<usize, Compiled>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The strict schema of `kind` and its compiled validator (made on first use, then kept).
pub fn validator(kind: Kind) -> Option<Compiled> {
    let key = KINDS.iter().position(|k| *k == kind)?;
    if let Some(found) = cache().lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Some(found);
    }
    let mut schema = generate(kind.api_version, kind.kind)?;
    tighten(&mut schema);
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .with_format(QUANTITY_FORMAT, |s: &str| {
            super::rules::quantity(s).is_some()
        })
        .build(&schema)
        .ok()?;
    let compiled = Arc::new((schema, validator));
    if let Ok(mut cache) = cache().lock() {
        cache.insert(key, Arc::clone(&compiled));
    }
    Some(compiled)
}

/// Makes the generated schema as strict as the API server: unknown fields refused, the prose
/// enums enforced, int-or-string and quantity values typed.
fn tighten(schema: &mut Value) {
    if let Some(Value::Object(defs)) = schema.get_mut("$defs") {
        for (name, def) in defs.iter_mut() {
            if name == "io.k8s.apimachinery.pkg.util.intstr.IntOrString" {
                def["type"] = json!(["integer", "string"]);
            }
            if name == "io.k8s.apimachinery.pkg.api.resource.Quantity" {
                def["type"] = json!(["string", "integer", "number"]);
                def["format"] = json!(QUANTITY_FORMAT);
            }
            for (def_name, field, values) in ENUMS {
                if name == def_name
                    && let Some(property) = def.pointer_mut(&format!("/properties/{field}"))
                {
                    property["enum"] = json!(values);
                }
            }
            for (def_name, field, values) in ITEM_ENUMS {
                if name == def_name
                    && let Some(items) = def.pointer_mut(&format!("/properties/{field}/items"))
                {
                    items["enum"] = json!(values);
                }
            }
        }
    }
    // The kind itself is the root, not one of the definitions: its own enums go there.
    let title = schema
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    for (def_name, field, values) in ENUMS {
        if *def_name == title.as_str()
            && let Some(property) = schema.pointer_mut(&format!("/properties/{field}"))
        {
            property["enum"] = json!(values);
        }
    }
    close_objects(schema);
}

/// `additionalProperties: false` on every object schema that lists its properties. Only
/// schema positions are visited (a field may be named `properties`, as in a CRD's schema).
fn close_objects(schema: &mut Value) {
    let mut todo = vec![schema];
    while let Some(value) = todo.pop() {
        let Value::Object(map) = value else {
            continue;
        };
        if map.contains_key("properties") && !map.contains_key("additionalProperties") {
            map.insert("additionalProperties".to_owned(), Value::Bool(false));
        }
        for (keyword, inner) in map.iter_mut() {
            match keyword.as_str() {
                "$defs" | "properties" => {
                    if let Value::Object(schemas) = inner {
                        todo.extend(schemas.values_mut());
                    }
                }
                "items" | "additionalProperties" => todo.push(inner),
                "allOf" | "anyOf" | "oneOf" => {
                    if let Value::Array(schemas) = inner {
                        todo.extend(schemas.iter_mut());
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Every entry of the enum tables names a field some kind's schema has (a misspelt
    /// definition would silently check nothing).
    #[test]
    fn every_enum_entry_names_a_real_field() {
        let schemas: Vec<Value> = KINDS
            .iter()
            .map(|k| validator(*k).unwrap().0.clone())
            .collect();
        let has = |def: &str, path: &str| {
            schemas.iter().any(|s| {
                let root_is = s.get("title").and_then(Value::as_str) == Some(def);
                let at = if root_is {
                    s.pointer(path)
                } else {
                    s.get("$defs")
                        .and_then(|d| d.get(def))
                        .and_then(|d| d.pointer(path))
                };
                at.is_some()
            })
        };
        for (def, field, _) in ENUMS {
            assert!(
                has(def, &format!("/properties/{field}/enum")),
                "{def}.{field}"
            );
        }
        for (def, field, _) in ITEM_ENUMS {
            assert!(
                has(def, &format!("/properties/{field}/items/enum")),
                "{def}.{field}"
            );
        }
    }
}
