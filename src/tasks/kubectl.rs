//! kubectl command lines read by kubectl's grammar, and graded against what a task requires.
//!
//! The grammar is data (`kubectl-1.35.ron`, embedded): resource types with their aliases,
//! the global flags, and each command with its argument shape, own flags and required flags.
//! Reading follows kubectl (cobra and pflag): flags anywhere, `--flag=v` or `--flag v`, `-n v`,
//! `-nv` and `-n=v`, bool shorthands combined (`-it`), `--` ending the flags, resource types by
//! any alias (`deploy`, `deployments.apps`) and `TYPE/NAME`. What a shell does around it
//! (quotes, `> file`, `| grep`) is read too: quotes by `shell-words`, a redirection kept as the
//! output file, a pipe's rest ignored.
//!
//! Grading never compares text: a task lists what must hold ([`Expect`]) and every spelling that
//! means the same passes. Everything here is linear in the line, which is capped at
//! [`MAX_COMMAND_BYTES`].

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

pub use super::expect::Expect;

/// Longest command line read (a task's answer is a line or a few, not a file).
pub const MAX_COMMAND_BYTES: usize = 16 * 1024;

/// The embedded grammar's source.
const GRAMMAR: &str = include_str!("kubectl-1.35.ron");

/// What a flag's value must be.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum ValueKind {
    /// No value (`--rm`), or `=true` / `=false`.
    Bool,
    /// Any text.
    Text,
    /// A whole number.
    Int,
    /// A Go duration: `30s`, `5m`, `1h30m`.
    Duration,
    /// One of these words.
    Choice(Vec<String>),
}

/// One flag of the grammar.
#[derive(Debug, Clone, Deserialize)]
pub struct FlagSpec {
    /// Its long name, without dashes.
    pub long: String,
    /// Its one-letter shorthand, if any.
    #[serde(default)]
    pub short: Option<String>,
    /// What it takes.
    pub value: ValueKind,
    /// Whether it may be given more than once.
    #[serde(default)]
    pub repeat: bool,
    /// Whether its value must follow `=`.
    #[serde(default)]
    pub inline: bool,
    /// What an inline flag given bare stands for (`--cascade` is `--cascade=background`);
    /// without one, a bare inline flag is an error, as kubectl's `--dry-run` is.
    #[serde(default)]
    pub bare: Option<String>,
}

/// What a command takes after its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Args {
    /// Nothing.
    Nothing,
    /// Exactly one object name.
    Name,
    /// Any number of names (Pods, nodes, contexts).
    Names,
    /// A resource type and names, or `TYPE/NAME` words.
    Resources,
    /// As `Resources`, then `key=value` words (labels, `container=image`).
    ResourcesThenPairs,
    /// Names, then `key=value[:effect]` words (taints).
    NamesThenPairs,
    /// Free words (`auth can-i create pods`, `explain pod.spec`).
    Words,
}

/// One command of the grammar.
#[derive(Debug, Clone, Deserialize)]
pub struct CommandSpec {
    /// Its words, e.g. `["create", "deployment"]`.
    pub path: Vec<String>,
    /// Other spellings of the path.
    #[serde(default)]
    pub aliases: Vec<Vec<String>>,
    /// What follows the path.
    pub args: Args,
    /// Its own flags (the global ones apply too; its own win on a shared name).
    pub flags: Vec<FlagSpec>,
    /// Flags that must be given.
    #[serde(default)]
    pub required: Vec<String>,
}

/// A resource type and the names kubectl knows it by.
#[derive(Debug, Clone, Deserialize)]
pub struct ResourceType {
    /// Its plural name, as `kubectl api-resources` lists it.
    pub name: String,
    /// Its short names and singular.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// The grammar: resource types, global flags, commands.
#[derive(Debug, Clone, Deserialize)]
pub struct Grammar {
    /// The Kubernetes version it follows.
    pub kubernetes: String,
    /// Resource types.
    pub resources: Vec<ResourceType>,
    /// Flags every command takes.
    pub global_flags: Vec<FlagSpec>,
    /// Commands.
    pub commands: Vec<CommandSpec>,
}

/// The embedded grammar, read once.
pub fn grammar() -> Result<&'static Grammar, CommandError> {
    static CELL: OnceLock<Result<Grammar, String>> = OnceLock::new();
    CELL.get_or_init(|| ron::from_str(GRAMMAR).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| CommandError::Grammar(e.clone()))
}

/// Why a line is not a kubectl command kubectl would run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// Over [`MAX_COMMAND_BYTES`].
    #[error("the command is {0} bytes long; at most {MAX_COMMAND_BYTES} are read")]
    TooLong(usize),
    /// A quote opened and not closed.
    #[error("a quote is opened and never closed")]
    Quotes,
    /// Nothing but spaces.
    #[error("there is no command")]
    Empty,
    /// Not `kubectl` (or `k`).
    #[error("`{0}` is not kubectl: start the command with `kubectl`")]
    NotKubectl(String),
    /// No command of the grammar.
    #[error("`kubectl {0}` is not a kubectl command")]
    UnknownCommand(String),
    /// A flag the command does not have.
    #[error("unknown flag `{flag}` for `kubectl {command}`")]
    UnknownFlag {
        /// As written.
        flag: String,
        /// The command.
        command: String,
    },
    /// A flag that needs a value and got none.
    #[error("flag `--{0}` needs a value")]
    MissingValue(String),
    /// A value of the wrong kind.
    #[error("flag `--{flag}` takes {expected}, not `{value}`")]
    BadValue {
        /// The flag's long name.
        flag: String,
        /// As written.
        value: String,
        /// What it takes.
        expected: String,
    },
    /// A flag given twice that may be given once.
    #[error("flag `--{0}` is given more than once")]
    Repeated(String),
    /// A resource type kubectl does not know.
    #[error("`{0}` is not a resource type (see `kubectl api-resources`)")]
    UnknownResource(String),
    /// A required flag left out.
    #[error("`kubectl {command}` needs `--{flag}`")]
    MissingFlag {
        /// The command.
        command: String,
        /// The flag's long name.
        flag: String,
    },
    /// No name where the command needs one.
    #[error("`kubectl {0}` needs a name")]
    MissingName(String),
    /// No resource type where the command needs one.
    #[error("`kubectl {0}` needs a resource type, e.g. `pods` or `deploy/web`")]
    MissingResource(String),
    /// A word the command does not take.
    #[error("`kubectl {command}` does not take `{word}`")]
    Unexpected {
        /// The command.
        command: String,
        /// The word.
        word: String,
    },
    /// The embedded grammar did not read (a build defect).
    #[error("the kubectl grammar does not read: {0}")]
    Grammar(String),
}

/// A command as kubectl reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Command {
    /// The command's words, in the grammar's spelling: `create deployment`.
    pub command: String,
    /// Resource types named, by plural name.
    pub resources: Vec<String>,
    /// Object names (of `TYPE/NAME` words too).
    pub names: Vec<String>,
    /// `key=value` words: labels, `container=image`, taints.
    pub pairs: Vec<String>,
    /// Free words (`auth can-i`, `explain`).
    pub words: Vec<String>,
    /// Flags by long name, each with its values in order (`true` for a bool).
    pub flags: BTreeMap<String, Vec<String>>,
    /// What follows `--` (the command `exec` or `run` runs).
    pub after_dashes: Vec<String>,
    /// The file a `>` or `>>` sends the output to.
    pub output_file: Option<String>,
}

impl Command {
    /// The values of flag `long`.
    pub fn flag(&self, long: &str) -> &[String] {
        self.flags.get(long).map_or(&[], Vec::as_slice)
    }
}

/// Shell words that end the kubectl part of a line.
const SHELL_ENDS: [&str; 6] = ["|", ">", ">>", "&&", "||", ";"];

/// Reads one kubectl command line.
pub fn parse(line: &str) -> Result<Command, CommandError> {
    if line.len() > MAX_COMMAND_BYTES {
        return Err(CommandError::TooLong(line.len()));
    }
    let grammar = grammar()?;
    let words = shell_words::split(line).map_err(|_| CommandError::Quotes)?;
    let end = words
        .iter()
        .position(|w| SHELL_ENDS.contains(&w.as_str()))
        .unwrap_or(words.len());
    let output_file = match (words.get(end).map(String::as_str), words.get(end + 1)) {
        (Some(">" | ">>"), Some(file)) => Some(file.clone()),
        _ => None,
    };
    let words = words.get(..end).unwrap_or(&[]);
    let Some((first, rest)) = words.split_first() else {
        return Err(CommandError::Empty);
    };
    if first != "kubectl" && first != "k" {
        return Err(CommandError::NotKubectl(first.clone()));
    }
    let spec = find_command(grammar, rest)?;
    let mut command = Command {
        command: spec.path.join(" "),
        output_file,
        ..Command::default()
    };
    let flags = Flags {
        own: &spec.flags,
        global: &grammar.global_flags,
    };
    let positionals = read_flags(rest, &flags, &mut command)?;
    let args = positionals.get(spec.path.len()..).unwrap_or(&[]);
    read_args(grammar, spec, args, &mut command)?;
    for flag in &spec.required {
        if !command.flags.contains_key(flag) {
            return Err(CommandError::MissingFlag {
                command: command.command.clone(),
                flag: flag.clone(),
            });
        }
    }
    Ok(command)
}

/// The flags a command takes: its own first, then the global ones.
struct Flags<'g> {
    own: &'g [FlagSpec],
    global: &'g [FlagSpec],
}

impl<'g> Flags<'g> {
    fn long(&self, name: &str) -> Option<&'g FlagSpec> {
        self.own.iter().chain(self.global).find(|f| f.long == name)
    }

    fn short(&self, letter: &str) -> Option<&'g FlagSpec> {
        self.own
            .iter()
            .chain(self.global)
            .find(|f| f.short.as_deref() == Some(letter))
    }
}

/// The command whose path (or an alias) is the longest prefix of the line's positional words.
/// Flags are skipped by the union of every command's flags, enough to tell a flag's value from
/// a command word before the command is known.
fn find_command<'g>(
    grammar: &'g Grammar,
    words: &[String],
) -> Result<&'g CommandSpec, CommandError> {
    let mut positionals: Vec<&str> = Vec::new();
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        if word == "--" {
            break;
        }
        if let Some(flag) = word.strip_prefix("--") {
            if !flag.contains('=') && takes_next(grammar, |f| f.long == flag) {
                iter.next();
            }
        } else if let Some(short) = word.strip_prefix('-').filter(|s| s.chars().count() == 1) {
            if takes_next(grammar, |f| f.short.as_deref() == Some(short)) {
                iter.next();
            }
        } else if !word.starts_with('-') || word == "-" {
            positionals.push(word);
        }
        if positionals.len() >= 3 {
            break;
        }
    }
    let matches = |path: &[String]| {
        path.len() <= positionals.len() && path.iter().zip(&positionals).all(|(a, b)| a == b)
    };
    grammar
        .commands
        .iter()
        .filter_map(|c| {
            std::iter::once(&c.path)
                .chain(&c.aliases)
                .filter(|p| matches(p))
                .map(Vec::len)
                .max()
                .map(|len| (len, c))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, c)| c)
        .ok_or_else(|| CommandError::UnknownCommand(positionals.join(" ")))
}

/// Whether a flag matching `is` (in any command, or global) takes the next word as its value.
fn takes_next(grammar: &Grammar, is: impl Fn(&FlagSpec) -> bool) -> bool {
    grammar
        .commands
        .iter()
        .flat_map(|c| &c.flags)
        .chain(&grammar.global_flags)
        .find(|f| is(f))
        .is_some_and(|f| f.value != ValueKind::Bool && !f.inline)
}

/// Reads every flag into `command` and returns the positional words (the command's own words
/// first).
fn read_flags(
    words: &[String],
    flags: &Flags<'_>,
    command: &mut Command,
) -> Result<Vec<String>, CommandError> {
    let mut positionals = Vec::new();
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        if word == "--" {
            command.after_dashes = iter.cloned().collect();
            break;
        }
        if let Some(body) = word.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((name, value)) => (name, Some(value.to_owned())),
                None => (body, None),
            };
            let spec = flags.long(name).ok_or_else(|| unknown(word, command))?;
            let value = value_of(spec, inline, &mut iter)?;
            set(command, spec, value)?;
        } else if let Some(body) = word.strip_prefix('-').filter(|b| !b.is_empty()) {
            read_shorts(body, word, flags, &mut iter, command)?;
        } else {
            positionals.push(word.clone());
        }
    }
    Ok(positionals)
}

/// Reads `-x`, `-xVALUE`, `-x=VALUE` and combined bool shorthands such as `-it`.
fn read_shorts<'w>(
    body: &str,
    word: &str,
    flags: &Flags<'_>,
    rest: &mut impl Iterator<Item = &'w String>,
    command: &mut Command,
) -> Result<(), CommandError> {
    for (at, letter) in body.char_indices() {
        let mut buf = [0u8; 4];
        let spec = flags
            .short(letter.encode_utf8(&mut buf))
            .ok_or_else(|| unknown(word, command))?;
        let tail = body.get(at + letter.len_utf8()..).unwrap_or("");
        if spec.value == ValueKind::Bool {
            let inline = tail.strip_prefix('=').map(str::to_owned);
            let stop = inline.is_some();
            let value = value_of(spec, inline, rest)?;
            set(command, spec, value)?;
            if stop {
                return Ok(());
            }
            continue;
        }
        // A value-taking shorthand takes the rest of the word, or the next word.
        let inline = if tail.is_empty() {
            None
        } else {
            Some(tail.strip_prefix('=').unwrap_or(tail).to_owned())
        };
        let value = value_of(spec, inline, rest)?;
        return set(command, spec, value);
    }
    Ok(())
}

fn unknown(word: &str, command: &Command) -> CommandError {
    CommandError::UnknownFlag {
        flag: word.split('=').next().unwrap_or(word).to_owned(),
        command: command.command.clone(),
    }
}

/// A flag's value: given inline, taken from the next word, or `true` for a bool; checked
/// against its kind.
fn value_of<'w>(
    spec: &FlagSpec,
    inline: Option<String>,
    rest: &mut impl Iterator<Item = &'w String>,
) -> Result<String, CommandError> {
    let value = match (inline, &spec.value) {
        (Some(v), _) => v,
        (None, ValueKind::Bool) => return Ok("true".to_owned()),
        (None, _) if spec.inline => match &spec.bare {
            Some(value) => value.clone(),
            None => {
                return Err(CommandError::BadValue {
                    flag: spec.long.clone(),
                    value: String::new(),
                    expected: format!("its value after `=` (`--{}=…`)", spec.long),
                });
            }
        },
        (None, _) => rest
            .next()
            .cloned()
            .ok_or_else(|| CommandError::MissingValue(spec.long.clone()))?,
    };
    let bad = |expected: String| CommandError::BadValue {
        flag: spec.long.clone(),
        value: value.clone(),
        expected,
    };
    match &spec.value {
        ValueKind::Bool if value != "true" && value != "false" => {
            Err(bad("`true` or `false`".to_owned()))
        }
        ValueKind::Int if value.parse::<i64>().is_err() => Err(bad("a whole number".to_owned())),
        ValueKind::Duration if !is_duration(&value) => {
            Err(bad("a duration such as `30s` or `5m`".to_owned()))
        }
        ValueKind::Choice(words) if !words.contains(&value) => Err(bad(format!(
            "one of {}",
            words
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
        _ => Ok(value),
    }
}

/// A Go duration: numbers each followed by a unit (`1h30m`, `10s`, `500ms`); `0` alone too.
fn is_duration(text: &str) -> bool {
    if text == "0" {
        return true;
    }
    let mut rest = text;
    let mut any = false;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(rest.len());
        if digits == 0 {
            return false;
        }
        rest = rest.get(digits..).unwrap_or("");
        let Some(unit) = ["ns", "us", "µs", "ms", "s", "m", "h"]
            .into_iter()
            .find(|u| rest.starts_with(u))
        else {
            return false;
        };
        rest = rest.get(unit.len()..).unwrap_or("");
        any = true;
    }
    any
}

fn set(command: &mut Command, spec: &FlagSpec, value: String) -> Result<(), CommandError> {
    let values = command.flags.entry(spec.long.clone()).or_default();
    if !values.is_empty() && !spec.repeat && spec.value != ValueKind::Bool {
        return Err(CommandError::Repeated(spec.long.clone()));
    }
    values.push(value);
    Ok(())
}

/// The plural name of resource type `word` (`deploy`, `Deployment`, `deployments.apps`).
pub fn resource_name(grammar: &Grammar, word: &str) -> Option<String> {
    let base = word.split('.').next().unwrap_or(word).to_ascii_lowercase();
    grammar
        .resources
        .iter()
        .find(|r| r.name == base || r.aliases.contains(&base))
        .map(|r| r.name.clone())
}

/// Fills in the command's arguments by its shape.
fn read_args(
    grammar: &Grammar,
    spec: &CommandSpec,
    args: &[String],
    command: &mut Command,
) -> Result<(), CommandError> {
    let unexpected = |word: &String, command: &Command| CommandError::Unexpected {
        command: command.command.clone(),
        word: word.clone(),
    };
    let is_pair = |w: &String| w.contains('=') || w.ends_with('-') || w.contains(':');
    match spec.args {
        Args::Nothing => {
            if let Some(word) = args.first() {
                return Err(unexpected(word, command));
            }
        }
        Args::Name => match args {
            [name] => push_name(grammar, name, command),
            [] => return Err(CommandError::MissingName(command.command.clone())),
            [_, extra, ..] => return Err(unexpected(extra, command)),
        },
        Args::Names => {
            for name in args {
                push_name(grammar, name, command);
            }
        }
        Args::Words => command.words.extend(args.iter().cloned()),
        Args::NamesThenPairs => {
            for word in args {
                if is_pair(word) {
                    command.pairs.push(word.clone());
                } else if command.pairs.is_empty() {
                    command.names.push(word.clone());
                } else {
                    return Err(unexpected(word, command));
                }
            }
        }
        Args::Resources | Args::ResourcesThenPairs => {
            let pairs = spec.args == Args::ResourcesThenPairs;
            let (objects, tail): (Vec<&String>, Vec<&String>) = if pairs {
                let at = args.iter().position(is_pair).unwrap_or(args.len());
                (
                    args.iter().take(at).collect(),
                    args.iter().skip(at).collect(),
                )
            } else {
                (args.iter().collect(), Vec::new())
            };
            read_objects(grammar, &objects, command)?;
            for word in tail {
                if !is_pair(word) {
                    return Err(unexpected(word, command));
                }
                command.pairs.push(word.clone());
            }
            if command.resources.is_empty() && !command.flags.contains_key("filename") {
                return Err(CommandError::MissingResource(command.command.clone()));
            }
        }
    }
    Ok(())
}

/// A name, or `TYPE/NAME` as `logs` and `exec` take it (`pod/web`, `deploy/api`): an object
/// name never holds a `/`, so a known type before one is the type.
fn push_name(grammar: &Grammar, word: &str, command: &mut Command) {
    if let Some((kind, name)) = word.split_once('/')
        && let Some(kind) = resource_name(grammar, kind)
    {
        if !command.resources.contains(&kind) {
            command.resources.push(kind);
        }
        command.names.push(name.to_owned());
        return;
    }
    command.names.push(word.to_owned());
}

/// `TYPE NAME...`, `TYPE1,TYPE2`, or `TYPE/NAME...`.
fn read_objects(
    grammar: &Grammar,
    words: &[&String],
    command: &mut Command,
) -> Result<(), CommandError> {
    let resource = |word: &str| {
        resource_name(grammar, word).ok_or_else(|| CommandError::UnknownResource(word.to_owned()))
    };
    if words.iter().any(|w| w.contains('/')) {
        for word in words {
            let (kind, name) = word
                .split_once('/')
                .ok_or_else(|| CommandError::UnknownResource((*word).clone()))?;
            let kind = resource(kind)?;
            if !command.resources.contains(&kind) {
                command.resources.push(kind);
            }
            command.names.push(name.to_owned());
        }
        return Ok(());
    }
    let Some((kinds, names)) = words.split_first() else {
        return Ok(());
    };
    for kind in kinds.split(',') {
        command.resources.push(resource(kind)?);
    }
    command.names.extend(names.iter().map(|n| (*n).clone()));
    Ok(())
}

/// One requirement and whether the command meets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// The requirement.
    pub expect: Expect,
    /// Whether it holds.
    pub met: bool,
}

/// The grade of one command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Why kubectl would not run it (then no check is met).
    pub error: Option<CommandError>,
    /// Each requirement, in the task's order.
    pub checks: Vec<Check>,
}

impl Verdict {
    /// Whether kubectl would run it and every requirement holds.
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.checks.iter().all(|c| c.met)
    }
}

/// Grades `line` against `expect`.
pub fn grade(line: &str, expect: &[Expect]) -> Verdict {
    grade_in(line, expect, None)
}

/// Grades `line` as run where the current context's namespace is `namespace` (set by an
/// earlier `kubectl config set-context --current --namespace=NS`): without `-n` or
/// `--all-namespaces` of its own, the line acts there.
pub fn grade_in(line: &str, expect: &[Expect], namespace: Option<&str>) -> Verdict {
    let parsed = parse(line).map(|mut command| {
        if let Some(ns) = namespace
            && !command.flags.contains_key("namespace")
            && !command.flags.contains_key("all-namespaces")
        {
            command
                .flags
                .insert("namespace".to_owned(), vec![ns.to_owned()]);
        }
        command
    });
    let checks = expect
        .iter()
        .map(|e| Check {
            expect: e.clone(),
            met: parsed.as_ref().is_ok_and(|c| meets(c, e)),
        })
        .collect();
    Verdict {
        error: parsed.err(),
        checks,
    }
}

/// What is wrong with a step's requirements by the grammar, if anything: a command, resource
/// type or flag kubectl does not have (a flag is looked up in the step's own command when it
/// names one). A task's author learns it from `check` rather than from a task nobody can pass.
pub fn step_problem(step: &[Expect]) -> Option<String> {
    let grammar = match grammar() {
        Ok(g) => g,
        Err(e) => return Some(e.to_string()),
    };
    let spec = step.iter().find_map(|e| match e {
        Expect::Command(path) => Some(
            grammar
                .commands
                .iter()
                .find(|c| {
                    c.path.join(" ") == *path || c.aliases.iter().any(|a| a.join(" ") == *path)
                })
                .ok_or(path),
        ),
        _ => None,
    });
    let own: &[FlagSpec] = match spec {
        Some(Ok(c)) => &c.flags,
        Some(Err(path)) => return Some(format!("kubectl has no command `{path}`")),
        None => &[],
    };
    let known_flag = |name: &str| {
        let is = |f: &FlagSpec| f.long == name;
        own.iter().chain(&grammar.global_flags).any(is)
            || (spec.is_none() && grammar.commands.iter().flat_map(|c| &c.flags).any(is))
    };
    step.iter().find_map(|e| match e {
        Expect::Resource(kind) if resource_name(grammar, kind).is_none() => {
            Some(format!("kubectl has no resource type `{kind}`"))
        }
        Expect::Flag(flag, _) | Expect::Has(flag) | Expect::Not(flag) if !known_flag(flag) => Some(
            match step.iter().find_map(|e| match e {
                Expect::Command(c) => Some(c),
                _ => None,
            }) {
                Some(c) => format!("`kubectl {c}` has no flag `--{flag}`"),
                None => format!("kubectl has no flag `--{flag}`"),
            },
        ),
        _ => None,
    })
}

/// Whether `command` meets `expect`.
pub fn meets(command: &Command, expect: &Expect) -> bool {
    let same_value = |a: &str, b: &str| match (a.parse::<i64>(), b.parse::<i64>()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    };
    match expect {
        Expect::Command(path) => {
            command.command == *path
                || grammar().is_ok_and(|g| {
                    g.commands.iter().any(|c| {
                        c.path.join(" ") == command.command
                            && c.aliases.iter().any(|a| a.join(" ") == *path)
                    })
                })
        }
        Expect::Resource(kind) => grammar()
            .ok()
            .and_then(|g| resource_name(g, kind))
            .is_some_and(|name| command.resources.contains(&name)),
        Expect::Name(name) => command.names.contains(name),
        Expect::Flag(flag, value) => command.flag(flag).iter().any(|v| same_value(v, value)),
        Expect::Has(flag) => command.flags.contains_key(flag),
        Expect::Not(flag) => !command.flags.contains_key(flag),
        Expect::Pair(pair) => command.pairs.contains(pair),
        Expect::Word(word) => command.words.contains(word),
        Expect::OutputTo(file) => command.output_file.as_deref() == Some(file.as_str()),
        Expect::Runs(words) => command.after_dashes == *words,
    }
}

#[cfg(test)]
#[path = "kubectl_tests.rs"]
mod tests;
