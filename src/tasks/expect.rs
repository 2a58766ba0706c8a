//! What a command task requires of a line: part of the pack format, so `build.rs` reads it
//! too (it names nothing else of the crate).

use serde::{Deserialize, Serialize};

/// What a task requires of a command.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub enum Expect {
    /// This command (`create deployment`; any alias of it).
    Command(String),
    /// This resource type is named (any alias).
    Resource(String),
    /// This object name is named.
    Name(String),
    /// Flag (long name) with this value, e.g. `("namespace", "shop")`; a number compares as a
    /// number. A repeated flag passes when any of its values is it.
    Flag(String, String),
    /// Flag given, whatever its value.
    Has(String),
    /// Flag not given.
    Not(String),
    /// This `key=value` word (label, `container=image`, taint).
    Pair(String),
    /// This word among the free words (`can-i create pods`).
    Word(String),
    /// The output goes to this file.
    OutputTo(String),
    /// What follows `--`, exactly.
    Runs(Vec<String>),
}

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
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
