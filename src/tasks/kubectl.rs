//! Command lines of kubectl and the other programs the CKA and CKAD use (kubeadm, etcdctl,
//! etcdutl, helm, crictl), read by their grammar and graded against what a task requires.
//!
//! The grammar is data (`kubectl-1.35.ron`, embedded): resource types with their aliases, the
//! programs with the flags each takes everywhere, and each command with its program, argument
//! shape, own flags and required flags. Reading follows cobra and pflag: flags anywhere,
//! `--flag=v` or `--flag v`, `-n v`, `-nv` and `-n=v`, bool shorthands combined (`-it`), `--`
//! ending the flags, resource types by any alias (`deploy`, `deployments.apps`) and `TYPE/NAME`.
//! What a shell does around it (quotes, `> file`, `| grep`, `sudo` and `NAME=value` before the
//! program) is read too: quotes by `shell-words`, a redirection kept as the output file, a
//! pipe's rest ignored.
//!
//! Grading never compares text: a task lists what must hold ([`Expect`]) and every spelling that
//! means the same passes: a list flag's values as a set (`--verb=get,list` is `--verb=list
//! --verb=get`), durations by length (`2h` is `120m`), resource types by the table (`secret` is
//! `secrets`), field paths as kubectl relaxes them (`.metadata.name` is `{.metadata.name}`).
//! Everything here is linear in the line, which is capped at [`MAX_COMMAND_BYTES`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Deserialize;

pub use super::expect::Expect;
use super::expect::OTHER_PROGRAMS;

/// Longest command line read (a task's answer is a line or a few, not a file).
pub const MAX_COMMAND_BYTES: usize = 16 * 1024;

/// The embedded grammar's source.
const GRAMMAR: &str = include_str!("kubectl-1.35.ron");

/// The program a command of the grammar belongs to when it names none.
const KUBECTL: &str = "kubectl";

/// What a flag's value must be, and how two values compare.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum ValueKind {
    /// No value (`--rm`), or `=true` / `=false`.
    Bool,
    /// Any text (numbers compare as numbers).
    Text,
    /// A whole number.
    Int,
    /// A Go duration: `30s`, `5m`, `1h30m`; compared by length (`2h` is `120m`).
    Duration,
    /// One of these words.
    Choice(Vec<String>),
    /// Resource types, `TYPE[.GROUP][/SUBRESOURCE]` (`--resource` of `create role`): any text,
    /// as the table is not every type a cluster serves; compared by the table (`secret` is
    /// `secrets`, `deploy` is `deployments.apps`).
    Resource,
    /// A field path as `--sort-by` takes it; compared as kubectl relaxes it (`.metadata.name`,
    /// `metadata.name` and `{.metadata.name}` are one).
    FieldPath,
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
    /// Whether its value is a comma-separated list (pflag's `StringSlice`): it may be repeated,
    /// and all its values over all repeats are one set (`--verb=get,list`, `--verb=list
    /// --verb=get`). A flag that is only repeated (`StringArray`, as `--from-literal`) keeps a
    /// comma inside its value.
    #[serde(default)]
    pub list: bool,
    /// Whether it names the objects to act on, so that no resource type is needed (`-f`, `-k`,
    /// `get --raw`).
    #[serde(default)]
    pub names_objects: bool,
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
    /// Exactly one object name (or `TYPE/NAME`).
    Name,
    /// Any number of names (Pods, nodes, contexts), or `TYPE/NAME` words.
    Names,
    /// Exactly one word, as written: a file, a version, a property (`snapshot save FILE`).
    Operand,
    /// Any number of words, as written: files, URLs, charts (`cp SRC DST`, `install NAME CHART`).
    Operands,
    /// A resource type and names, or `TYPE/NAME` words.
    Resources,
    /// As `Resources`, then `key=value` words (labels, `container=image`).
    ResourcesThenPairs,
    /// Names, then `key=value[:effect]` words (taints).
    NamesThenPairs,
    /// A verb, then a resource type (`TYPE`, `TYPE.GROUP`, `TYPE/NAME`) or a non-resource URL,
    /// as `auth can-i` takes them: kept as words, the type compared by the table.
    VerbResource,
    /// Free words (`explain pod.spec`).
    Words,
}

/// `kubectl`, the program a command belongs to when the grammar names none.
fn kubectl() -> String {
    KUBECTL.to_owned()
}

/// One command of the grammar.
#[derive(Debug, Clone, Deserialize)]
pub struct CommandSpec {
    /// The program it is a command of.
    #[serde(default = "kubectl")]
    pub program: String,
    /// Its words after the program's name, e.g. `["create", "deployment"]`.
    pub path: Vec<String>,
    /// Other spellings of the path.
    #[serde(default)]
    pub aliases: Vec<Vec<String>>,
    /// What follows the path.
    pub args: Args,
    /// Its own flags (the program's apply too; its own win on a shared name).
    pub flags: Vec<FlagSpec>,
    /// Flags that must be given.
    #[serde(default)]
    pub required: Vec<String>,
}

impl CommandSpec {
    /// Its name as a task writes it: the path (`create deployment`), after the program's name
    /// for a program other than kubectl (`kubeadm upgrade apply`).
    pub fn name(&self) -> String {
        self.named(&self.path)
    }

    /// The name of `path` (the command's own or an alias) in this command's program.
    fn named(&self, path: &[String]) -> String {
        let path = path.join(" ");
        if self.program == KUBECTL {
            path
        } else {
            format!("{} {path}", self.program)
        }
    }

    /// Whether `name` is its name or an alias's (compared word by word, without allocating:
    /// grading looks commands up by name for every requirement).
    fn is_named(&self, name: &str) -> bool {
        let rest = if self.program == KUBECTL {
            Some(name)
        } else {
            name.strip_prefix(self.program.as_str())
                .and_then(|r| r.strip_prefix(' '))
        };
        let Some(rest) = rest else {
            return false;
        };
        std::iter::once(&self.path)
            .chain(&self.aliases)
            .any(|path| {
                let mut words = rest.split(' ');
                path.iter().all(|p| words.next() == Some(p.as_str())) && words.next().is_none()
            })
    }
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

/// A program a line may start with.
#[derive(Debug, Clone, Deserialize)]
pub struct Program {
    /// Its name (`kubectl`, `kubeadm`).
    pub name: String,
    /// Other names a line may call it by (`k`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Whether it acts in the current kubeconfig context, so a namespace set on the context
    /// applies to its lines that name none (kubectl, helm).
    #[serde(default)]
    pub kube_context: bool,
    /// Flags all its commands take.
    pub global_flags: Vec<FlagSpec>,
}

/// The grammar: resource types, programs, commands.
#[derive(Debug, Clone, Deserialize)]
pub struct Grammar {
    /// The Kubernetes version it follows.
    pub kubernetes: String,
    /// Resource types.
    pub resources: Vec<ResourceType>,
    /// Programs, kubectl first.
    pub programs: Vec<Program>,
    /// Commands, of every program.
    pub commands: Vec<CommandSpec>,
}

impl Grammar {
    /// The program called `name` (or by an alias).
    pub fn program(&self, name: &str) -> Option<&Program> {
        self.programs
            .iter()
            .find(|p| p.name == name || p.aliases.iter().any(|a| a == name))
    }

    /// The command whose name (or an alias's) is `name`: `create deploy`, `kubeadm init`.
    pub fn command(&self, name: &str) -> Option<&CommandSpec> {
        self.commands.iter().find(|c| c.is_named(name))
    }

    /// Flag `long` of the command named `name`: its own, or its program's.
    fn flag_of(&self, name: &str, long: &str) -> Option<&FlagSpec> {
        let spec = self.command(name)?;
        let globals = self
            .program(&spec.program)
            .map_or(&[][..], |p| p.global_flags.as_slice());
        spec.flags.iter().chain(globals).find(|f| f.long == long)
    }
}

/// The embedded grammar, read once.
pub fn grammar() -> Result<&'static Grammar, CommandError> {
    static CELL: OnceLock<Result<Grammar, String>> = OnceLock::new();
    CELL.get_or_init(|| ron::from_str(GRAMMAR).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| CommandError::Grammar(e.clone()))
}

/// A command's name as a line starts it: `kubectl create deployment`, `kubeadm init`.
pub fn shown(command: &str) -> String {
    let first = command.split(' ').next().unwrap_or_default();
    if OTHER_PROGRAMS.contains(&first) {
        command.to_owned()
    } else {
        format!("{KUBECTL} {command}")
    }
}

/// The programs a line may start with, for a message: `kubectl`, `kubeadm`, ….
fn programs_named() -> String {
    std::iter::once(KUBECTL)
        .chain(OTHER_PROGRAMS)
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first word of `text`.
fn first_word(text: &str) -> &str {
    text.split(' ').next().unwrap_or_default()
}

/// Why a line is not a command its program would run.
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
    /// Not a program of the grammar (kubectl, kubeadm, …).
    #[error(
        "`{0}` is not a program these tasks know: start the command with one of {known}",
        known = programs_named()
    )]
    NotKubectl(String),
    /// No command of the grammar: the program and the words read (`kubectl deploy web`).
    #[error("`{0}` is not a {program} command", program = first_word(.0))]
    UnknownCommand(String),
    /// A flag the command does not have.
    #[error("unknown flag `{flag}` for `{}`", shown(.command))]
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
    #[error("`{}` needs `--{flag}`", shown(.command))]
    MissingFlag {
        /// The command.
        command: String,
        /// The flag's long name.
        flag: String,
    },
    /// No name where the command needs one.
    #[error("`{}` needs a name", shown(.0))]
    MissingName(String),
    /// No word where the command needs one (a file, a version).
    #[error("`{}` needs an argument", shown(.0))]
    MissingArgument(String),
    /// No resource type where the command needs one.
    #[error("`{}` needs a resource type, e.g. `pods` or `deploy/web`, or `-f`", shown(.0))]
    MissingResource(String),
    /// A word the command does not take.
    #[error("`{}` does not take `{word}`", shown(.command))]
    Unexpected {
        /// The command.
        command: String,
        /// The word.
        word: String,
    },
    /// The embedded grammar did not read (a build defect).
    #[error("the command grammar does not read: {0}")]
    Grammar(String),
}

/// A command as its program reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Command {
    /// The program, by its name (`kubectl` for `k`).
    pub program: String,
    /// The command's name in the grammar's spelling: `create deployment`, `kubeadm init`.
    pub command: String,
    /// Resource types named, by plural name.
    pub resources: Vec<String>,
    /// Object names (of `TYPE/NAME` words too), and the words a command takes as written.
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

/// Shell words that end the command part of a line.
const SHELL_ENDS: [&str; 6] = ["|", ">", ">>", "&&", "||", ";"];

/// Whether `word` is a shell variable assignment (`ETCDCTL_API=3`) before a program.
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        let mut chars = name.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// Reads one command line.
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
    // `sudo kubeadm …`, `ETCDCTL_API=3 etcdctl …`: the shell's, not the program's.
    let start = words
        .iter()
        .position(|w| w != "sudo" && !is_assignment(w))
        .unwrap_or(words.len());
    let Some((first, rest)) = words.get(start..).unwrap_or(&[]).split_first() else {
        return Err(CommandError::Empty);
    };
    let program = grammar
        .program(first)
        .ok_or_else(|| CommandError::NotKubectl(first.clone()))?;
    let (spec, path_len) = find_command(grammar, program, rest)?;
    let mut command = Command {
        program: program.name.clone(),
        command: spec.name(),
        output_file,
        ..Command::default()
    };
    let flags = Flags {
        own: &spec.flags,
        global: &program.global_flags,
    };
    let positionals = read_flags(rest, &flags, &mut command)?;
    let args = positionals.get(path_len..).unwrap_or(&[]);
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

/// The flags a command takes: its own first, then its program's.
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

/// The program's command whose path (or an alias) is the longest prefix of the line's
/// positional words, with that prefix's length. Flags are skipped by the union of the program's
/// flags, enough to tell a flag's value from a command word before the command is known.
fn find_command<'g>(
    grammar: &'g Grammar,
    program: &'g Program,
    words: &[String],
) -> Result<(&'g CommandSpec, usize), CommandError> {
    let commands = || {
        grammar
            .commands
            .iter()
            .filter(|c| c.program == program.name)
    };
    let longest = commands()
        .flat_map(|c| std::iter::once(&c.path).chain(&c.aliases))
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    let takes_next = |is: &dyn Fn(&FlagSpec) -> bool| {
        commands()
            .flat_map(|c| &c.flags)
            .chain(&program.global_flags)
            .find(|f| is(f))
            .is_some_and(|f| f.value != ValueKind::Bool && !f.inline)
    };
    let mut positionals: Vec<&str> = Vec::new();
    let mut iter = words.iter();
    while positionals.len() < longest
        && let Some(word) = iter.next()
    {
        if word == "--" {
            break;
        }
        if let Some(flag) = word.strip_prefix("--") {
            if !flag.contains('=') && takes_next(&|f| f.long == flag) {
                iter.next();
            }
        } else if let Some(short) = word.strip_prefix('-').filter(|s| s.chars().count() == 1) {
            if takes_next(&|f| f.short.as_deref() == Some(short)) {
                iter.next();
            }
        } else if !word.starts_with('-') || word == "-" {
            positionals.push(word);
        }
    }
    let matches = |path: &[String]| {
        path.len() <= positionals.len() && path.iter().zip(&positionals).all(|(a, b)| a == b)
    };
    commands()
        .filter_map(|c| {
            std::iter::once(&c.path)
                .chain(&c.aliases)
                .filter(|p| matches(p))
                .map(Vec::len)
                .max()
                .map(|len| (c, len))
        })
        .max_by_key(|(_, len)| *len)
        .ok_or_else(|| {
            CommandError::UnknownCommand(
                std::iter::once(program.name.as_str())
                    .chain(positionals.iter().copied())
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })
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
/// against its kind (each item of a list).
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
    let items = if spec.list {
        split_list(&value)
    } else {
        vec![value.as_str()]
    };
    for item in items {
        match &spec.value {
            ValueKind::Bool if item != "true" && item != "false" => {
                return Err(bad("`true` or `false`".to_owned()));
            }
            ValueKind::Int if item.parse::<i64>().is_err() => {
                return Err(bad("a whole number".to_owned()));
            }
            ValueKind::Duration if !is_duration(item) => {
                return Err(bad("a duration such as `30s` or `5m`".to_owned()));
            }
            ValueKind::Choice(words) if !words.iter().any(|w| w == item) => {
                return Err(bad(format!(
                    "one of {}",
                    words
                        .iter()
                        .map(|w| format!("`{w}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            _ => {}
        }
    }
    Ok(value)
}

/// The items of a list flag's value: split at commas, but not inside quotes or brackets
/// (`{a,b}`, `[a,b]`, as Helm's `--set` nests them) nor after a backslash.
fn split_list(value: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut quoted, mut escaped, mut from) = (0usize, false, false, 0);
    for (at, c) in value.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '{' | '[' if !quoted => depth += 1,
            '}' | ']' if !quoted => depth = depth.saturating_sub(1),
            ',' if !quoted && depth == 0 => {
                items.push(value.get(from..at).unwrap_or_default());
                from = at + 1;
            }
            _ => {}
        }
    }
    items.push(value.get(from..).unwrap_or_default());
    items
}

/// Go's duration units, each with its length in nanoseconds; longer spellings first.
const DURATION_UNITS: [(&str, u128); 8] = [
    ("ns", 1),
    ("us", 1_000),
    ("µs", 1_000),
    ("μs", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

/// The length of a Go duration (`1h30m`, `10s`, `1.5h`, `500ms`; `0` alone too) in nanoseconds;
/// `None` for what Go would refuse, or a length past `u128`.
fn duration_nanos(text: &str) -> Option<u128> {
    if text == "0" {
        return Some(0);
    }
    let mut rest = text;
    let mut total: u128 = 0;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(rest.len());
        let number = rest.get(..digits)?;
        rest = rest.get(digits..)?;
        let &(unit, nanos) = DURATION_UNITS.iter().find(|(u, _)| rest.starts_with(u))?;
        rest = rest.get(unit.len()..)?;
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        if (whole.is_empty() && fraction.is_empty()) || fraction.contains('.') {
            return None;
        }
        let whole: u128 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        let mut length = whole.checked_mul(nanos)?;
        let mut scale = nanos;
        for digit in fraction.bytes() {
            scale /= 10;
            if scale == 0 {
                break;
            }
            length = length.checked_add(u128::from(digit - b'0') * scale)?;
        }
        total = total.checked_add(length)?;
    }
    (!text.is_empty()).then_some(total)
}

/// A Go duration: numbers each followed by a unit (`1h30m`, `10s`, `500ms`); `0` alone too.
fn is_duration(text: &str) -> bool {
    duration_nanos(text).is_some()
}

/// A field path as kubectl's `--sort-by` relaxes it: `metadata.name`, `.metadata.name`,
/// `{metadata.name}` and `{.metadata.name}` are all `{.metadata.name}`; anything else (a
/// template with more than one expression) stays as written.
fn relaxed_json_path(text: &str) -> String {
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(text);
    let inner = inner.strip_prefix('.').unwrap_or(inner);
    if inner.is_empty() || inner.contains(['{', '}']) {
        return text.to_owned();
    }
    format!("{{.{inner}}}")
}

fn set(command: &mut Command, spec: &FlagSpec, value: String) -> Result<(), CommandError> {
    let values = command.flags.entry(spec.long.clone()).or_default();
    if !values.is_empty() && !spec.repeat && !spec.list && spec.value != ValueKind::Bool {
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

/// `TYPE[.GROUP][/REST]` with the type by its plural name (`secret` → `secrets`,
/// `deploy.apps/web` → `deployments/web`, `pod/log` → `pods/log`); `None` when the table does
/// not know the type.
fn resource_word(grammar: &Grammar, word: &str) -> Option<String> {
    let (kind, rest) = match word.split_once('/') {
        Some((kind, rest)) => (kind, Some(rest)),
        None => (word, None),
    };
    let plural = resource_name(grammar, kind)?;
    Some(match rest {
        Some(rest) => format!("{plural}/{rest}"),
        None => plural,
    })
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
        Args::Operand => match args {
            [word] => command.names.push(word.clone()),
            [] => return Err(CommandError::MissingArgument(command.command.clone())),
            [_, extra, ..] => return Err(unexpected(extra, command)),
        },
        Args::Operands => command.names.extend(args.iter().cloned()),
        Args::Words => command.words.extend(args.iter().cloned()),
        Args::VerbResource => {
            if let Some(extra) = args.get(2) {
                return Err(unexpected(extra, command));
            }
            command.words.extend(args.iter().cloned());
            // The type of `TYPE`, `TYPE.GROUP` or `TYPE/NAME`; a URL (`/logs`) names none.
            if let Some(target) = args.get(1) {
                let (kind, name) = match target.split_once('/') {
                    Some((kind, name)) => (kind, Some(name)),
                    None => (target.as_str(), None),
                };
                if let Some(kind) = resource_name(grammar, kind) {
                    command.resources.push(kind);
                    command.names.extend(name.map(str::to_owned));
                }
            }
        }
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
            let named_by_flag = spec
                .flags
                .iter()
                .any(|f| f.names_objects && command.flags.contains_key(&f.long));
            if command.resources.is_empty() && !named_by_flag {
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
    /// Why the program would not run it (then no check is met).
    pub error: Option<CommandError>,
    /// Each requirement, in the task's order.
    pub checks: Vec<Check>,
}

impl Verdict {
    /// Whether the program would run it and every requirement holds.
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.checks.iter().all(|c| c.met)
    }
}

/// Grades `line` against `expect`.
pub fn grade(line: &str, expect: &[Expect]) -> Verdict {
    grade_in(line, expect, None)
}

/// Grades `line` as run where the current context's namespace is `namespace` (set by an
/// earlier `kubectl config set-context --current --namespace=NS`): a line of a program that
/// acts in that context (kubectl, helm) without `-n` or `--all-namespaces` of its own acts there.
pub fn grade_in(line: &str, expect: &[Expect], namespace: Option<&str>) -> Verdict {
    let parsed = parse(line).map(|mut command| {
        let in_context = grammar()
            .ok()
            .and_then(|g| g.program(&command.program))
            .is_some_and(|p| p.kube_context);
        if let Some(ns) = namespace
            && in_context
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
/// type or flag its program does not have (a flag is looked up in the step's own command when
/// it names one). A task's author learns it from `check` rather than from a task nobody can
/// pass.
pub fn step_problem(step: &[Expect]) -> Option<String> {
    let grammar = match grammar() {
        Ok(g) => g,
        Err(e) => return Some(e.to_string()),
    };
    let named = step.iter().find_map(|e| match e {
        Expect::Command(name) => Some(name),
        _ => None,
    });
    let spec = match named.map(|name| grammar.command(name).ok_or(name)) {
        Some(Ok(spec)) => Some(spec),
        Some(Err(name)) => {
            let shown = shown(name);
            let (program, path) = shown.split_once(' ').unwrap_or((&shown, ""));
            return Some(format!("{program} has no command `{path}`"));
        }
        None => None,
    };
    let known_flag = |name: &str| match spec {
        Some(spec) => grammar.flag_of(&spec.name(), name).is_some(),
        None => grammar
            .commands
            .iter()
            .flat_map(|c| &c.flags)
            .chain(grammar.programs.iter().flat_map(|p| &p.global_flags))
            .any(|f| f.long == name),
    };
    step.iter().find_map(|e| match e {
        Expect::Resource(kind) if resource_name(grammar, kind).is_none() => {
            Some(format!("kubectl has no resource type `{kind}`"))
        }
        Expect::Flag(flag, _) | Expect::Has(flag) | Expect::Not(flag) if !known_flag(flag) => {
            Some(match named {
                Some(c) => format!("`{}` has no flag `--{flag}`", shown(c)),
                None => format!("no program has a flag `--{flag}`"),
            })
        }
        _ => None,
    })
}

/// A value as it compares: a duration by its length, a resource type by its plural name, a
/// field path relaxed, a number as a number, anything else as written.
fn canonical(grammar: &Grammar, kind: Option<&ValueKind>, value: &str) -> String {
    let known = match kind {
        Some(ValueKind::Duration) => duration_nanos(value).map(|n| format!("{n}ns")),
        Some(ValueKind::Resource) => resource_word(grammar, value),
        Some(ValueKind::FieldPath) => Some(relaxed_json_path(value)),
        _ => None,
    };
    known
        .or_else(|| value.parse::<i64>().ok().map(|n| n.to_string()))
        .unwrap_or_else(|| value.to_owned())
}

/// Whether flag `long` of `command` has `expected`: a list flag when the sets of its items
/// over all repeats are equal, another flag when any of its values is it.
fn flag_is(grammar: &Grammar, command: &Command, long: &str, expected: &str) -> bool {
    let values = command.flag(long);
    let spec = grammar.flag_of(&command.command, long);
    let kind = spec.map(|s| &s.value);
    if spec.is_some_and(|s| s.list) {
        let items = |value: &'_ str| {
            split_list(value)
                .into_iter()
                .map(|item| canonical(grammar, kind, item))
                .collect::<Vec<_>>()
        };
        let want: BTreeSet<String> = items(expected).into_iter().collect();
        let given: BTreeSet<String> = values.iter().flat_map(|v| items(v)).collect();
        return !values.is_empty() && want == given;
    }
    let want = canonical(grammar, kind, expected);
    values.iter().any(|v| canonical(grammar, kind, v) == want)
}

/// Whether `command` meets `expect`.
pub fn meets(command: &Command, expect: &Expect) -> bool {
    let Ok(grammar) = grammar() else {
        return false;
    };
    match expect {
        Expect::Command(name) => {
            command.command == *name
                || grammar
                    .command(&command.command)
                    .is_some_and(|c| c.is_named(name))
        }
        Expect::Resource(kind) => {
            resource_name(grammar, kind).is_some_and(|name| command.resources.contains(&name))
        }
        Expect::Name(name) => command.names.contains(name),
        Expect::Flag(flag, value) => flag_is(grammar, command, flag, value),
        Expect::Has(flag) => command.flags.contains_key(flag),
        Expect::Not(flag) => !command.flags.contains_key(flag),
        Expect::Pair(pair) => command.pairs.contains(pair),
        Expect::Word(word) => {
            command.words.contains(word)
                || grammar
                    .command(&command.command)
                    .is_some_and(|c| c.args == Args::VerbResource)
                    && resource_word(grammar, word).is_some_and(|want| {
                        command
                            .words
                            .iter()
                            .any(|w| resource_word(grammar, w).as_ref() == Some(&want))
                    })
        }
        Expect::OutputTo(file) => command.output_file.as_deref() == Some(file.as_str()),
        Expect::Runs(words) => command.after_dashes == *words,
    }
}

#[cfg(test)]
#[path = "kubectl_tests.rs"]
mod tests;
