//! What a command task requires of a line: part of the pack format, so `build.rs` reads it
//! too (it names nothing else of the crate).

use serde::{Deserialize, Serialize};

/// The programs other than kubectl a command task may use; `Command` names their commands after
/// the program (`"kubeadm upgrade apply"`), kubectl's without it (`"create deployment"`). The
/// grammar's programs are kubectl and these (a test checks).
pub const OTHER_PROGRAMS: [&str; 5] = ["kubeadm", "etcdctl", "etcdutl", "helm", "crictl"];

/// What a task requires of a command.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub enum Expect {
    /// This command (`create deployment`; any alias of it). A program other than kubectl is
    /// named first: `kubeadm upgrade apply`, `helm install`, `etcdctl snapshot save`.
    Command(String),
    /// This resource type is named (any alias), as a type, in `TYPE/NAME`, or as the resource of
    /// `auth can-i`.
    Resource(String),
    /// This object name is named.
    Name(String),
    /// Flag (long name) with this value, e.g. `("namespace", "shop")`. Values compare by the
    /// flag's kind: a number as a number, a duration by its length (`2h` is `120m`), a resource
    /// type by the table (`secret` is `secrets`), a field path as kubectl relaxes it
    /// (`.metadata.name` is `{.metadata.name}`). A list flag (pflag's `StringSlice`: `--verb`,
    /// `--resource`, `-f`) passes when its comma-separated items over all repeats are the set
    /// given (`"get,list"` is `--verb=list,get` and `--verb=get --verb=list`); another repeated
    /// flag passes when any of its values is it.
    Flag(String, String),
    /// Flag given, whatever its value.
    Has(String),
    /// Flag not given.
    Not(String),
    /// This `key=value` word (label, `container=image`, taint).
    Pair(String),
    /// This word among the free words (`can-i create pods`); a resource type among `auth can-i`'s
    /// words compares by the table (`secret` is `secrets`).
    Word(String),
    /// The output goes to this file.
    OutputTo(String),
    /// What follows `--`, exactly.
    Runs(Vec<String>),
}

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Command(c)
                if OTHER_PROGRAMS.contains(&c.split(' ').next().unwrap_or_default()) =>
            {
                write!(f, "the command is `{c}`")
            }
            Self::Command(c) => write!(f, "the command is `kubectl {c}`"),
            Self::Resource(r) => write!(f, "it acts on {r}"),
            Self::Name(n) => write!(f, "it names `{n}`"),
            Self::Flag(flag, value) => write!(f, "`--{flag}` is `{value}`"),
            Self::Has(flag) => write!(f, "`--{flag}` is given"),
            Self::Not(flag) => write!(f, "`--{flag}` is not given"),
            Self::Pair(pair) => write!(f, "it sets `{pair}`"),
            Self::Word(word) => write!(f, "it says `{word}`"),
            Self::OutputTo(file) => write!(f, "the output goes to `{file}`"),
            Self::Runs(words) => write!(f, "it runs `{}`", words.join(" ")),
        }
    }
}

/// What a manifest task requires of one object of the learner's manifest.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Want {
    /// Its kind (`Deployment`).
    pub kind: String,
    /// Its `metadata.name`.
    pub name: String,
    /// What its fields must hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

/// What one field of an object must hold. A path is dotted as `kubectl explain` spells it;
/// a list item is picked by index (`containers[0]`) or by a field (`containers[name=web]`), a
/// key with dots is quoted (`labels['app.kubernetes.io/name']`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub enum Field {
    /// The field holds this value (`3` equals `"3"`: values compare as text).
    Is(String, String),
    /// The field is given, whatever its value.
    Has(String),
    /// The field is not given.
    Not(String),
    /// The list at the path has an item whose fields hold these values (a toleration, a port).
    Item(String, Vec<(String, String)>),
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Is(path, value) => write!(f, "`{path}` is `{value}`"),
            Self::Has(path) => write!(f, "`{path}` is set"),
            Self::Not(path) => write!(f, "`{path}` is not set"),
            Self::Item(path, fields) => {
                let fields: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                write!(f, "`{path}` has an item with {}", fields.join(", "))
            }
        }
    }
}

/// What an explain task asks of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Ask {
    /// Its path: the scenario says what it does, the learner names the field.
    Path,
    /// Its type, as `kubectl explain` writes it (`integer`, `[]Container`, `map[string]string`).
    Type,
}
