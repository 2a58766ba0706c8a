//! Semantic checks of a parsed pack: ids, references, empty text, stray characters, diagram
//! geometry, multiple choice that gives its answer away by form ([`fairness`]).
//!
//! Every check reports through [`Reporter`], which turns an item's path in its file into
//! `path:line:col`; nothing stops at the first problem. Paths are built only when a problem is
//! reported, so checking a clean pack of 100,000 cards allocates almost nothing. Every check is
//! linear in the pack's size, or bounded by a cap stated here (a diagram's nodes are compared
//! pairwise for overlaps, at most [`MAX_DIAGRAM_NODES`] of them).

mod exams;
pub mod fairness;
mod report;
mod tasks;
mod text;

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

pub use report::{Found, MAX_PROBLEMS_PER_FILE, Reporter};
pub(super) use text::{Layout, Repeats, check_chars, stray_char, stray_message};

use super::locate::Step;
use super::model::FORMAT_VERSION;
use super::parse::{describe_char, is_invisible};
use super::parsed::{Loc, Parsed};
use super::validate_items as items;

/// Longest id accepted.
pub const MAX_ID_LEN: usize = 64;
/// Most nodes in one diagram (keeps the pairwise overlap check cheap).
pub const MAX_DIAGRAM_NODES: usize = 1000;
/// Most edges in one diagram: twice the node limit. More links than that make a diagram nobody
/// can read, and the diagram screen places each edge's label clear of those before it, work that
/// grows with the square of the edge count on every frame.
pub const MAX_DIAGRAM_EDGES: usize = 2000;
/// Largest canvas side, in canvas units.
pub const MAX_CANVAS: u32 = 20_000;

/// A path into a file, built only when a problem is reported.
pub type Path = Vec<Step<'static>>;

/// `base` followed by `tail`.
pub fn join(base: &[Step<'static>], tail: &[Step<'static>]) -> Path {
    [base, tail].concat()
}

/// Whether `id` is kebab-case: lowercase letters and digits in groups joined by single hyphens.
pub fn is_kebab(id: &str) -> bool {
    let bytes = id.as_bytes();
    let mut after_hyphen = true;
    for &b in bytes {
        match b {
            b'a'..=b'z' | b'0'..=b'9' => after_hyphen = false,
            b'-' if !after_hyphen => after_hyphen = true,
            _ => return false,
        }
    }
    !after_hyphen && bytes.len() <= MAX_ID_LEN
}

/// Whether `text` has nothing but whitespace (stops at the first visible character).
pub(super) fn blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// Lowercased, whitespace-collapsed form of `text`, for "same text" comparisons.
pub(super) fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `normalise(a) == normalise(b)` without allocating.
pub(super) fn same_text(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        let (mut left, mut right) = (a.split_whitespace(), b.split_whitespace());
        loop {
            match (left.next(), right.next()) {
                (None, None) => return true,
                (Some(l), Some(r)) if l.eq_ignore_ascii_case(r) => {}
                _ => return false,
            }
        }
    }
    let words = |s: &str| {
        s.split_whitespace()
            .enumerate()
            .flat_map(|(i, w)| {
                (i > 0)
                    .then_some(' ')
                    .into_iter()
                    .chain(w.chars().flat_map(char::to_lowercase))
            })
            .collect::<String>()
    };
    words(a) == words(b)
}

pub(super) fn kebab_message(what: &str, id: &str) -> String {
    let unseen = id
        .chars()
        .find(|&c| c != ' ' && (c.is_control() || c.is_whitespace() || is_invisible(c)));
    if id.len() > MAX_ID_LEN {
        format!(
            "{what} is {} characters long; the limit is {MAX_ID_LEN}",
            id.len()
        )
    } else if let Some(c) = unseen {
        format!(
            "{what} `{id}` is not kebab-case: it has {}; use lowercase letters, digits and single \
             hyphens",
            describe_char(c)
        )
    } else {
        format!("{what} `{id}` is not kebab-case (lowercase letters, digits, single hyphens)")
    }
}

/// What is wrong with `id` as a pack id, if anything: it must be kebab-case, and usable as a
/// folder name on every system (not a Windows device name such as `con` or `nul`).
pub fn pack_id_problem(id: &str) -> Option<String> {
    if !is_kebab(id) {
        Some(kebab_message("pack id", id))
    } else if super::source::is_windows_reserved(id) {
        Some(format!(
            "pack id `{id}` is a device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9), \
             where the pack's folder could not be made; choose another id"
        ))
    } else {
        None
    }
}

/// Checks the whole parsed pack; with `schemas`, manifest and explain tasks against the
/// Kubernetes schemas too.
pub fn validate(parsed: &Parsed, report: &mut Reporter<'_>, schemas: bool) {
    manifest(parsed, report);
    if parsed.is_empty() && !parsed.incomplete {
        let message = "pack has no content: add glossary, cards, primers, diagrams, exams or tasks";
        report.at(0, &[], parsed.manifest.id.as_str(), message);
    }
    item_ids(parsed, report);
    let terms: HashSet<&str> = parsed.glossary().map(|(t, _)| t.id.as_str()).collect();
    let mut names: HashMap<String, &str> = HashMap::with_capacity(terms.len());
    for (term, loc) in parsed.glossary() {
        items::glossary_term(term, &loc, &terms, &mut names, report);
    }
    let cards: HashSet<&str> = parsed.cards().map(|(c, _)| c.id.as_str()).collect();
    let mut budget = super::cloze::MAX_EXPANDED_BYTES;
    for (card, loc) in parsed.cards() {
        items::card_checks(card, loc.file, &loc.path(), &terms, report);
        items::card_links(card, &loc, &cards, &mut budget, report);
    }
    for (primer, loc) in parsed.primers() {
        items::primer_checks(primer, &loc, &terms, report);
    }
    for (diagram, loc) in parsed.diagrams() {
        super::validate_diagram::diagram_checks(diagram, &loc, &terms, report);
    }
    for (task, loc) in parsed.tasks() {
        tasks::task_checks(task, &loc, report, schemas);
    }
    fairness::pack_form(parsed, report);
    exams::exam_checks(parsed, report);
}

fn manifest(parsed: &Parsed, report: &mut Reporter<'_>) {
    let m = &parsed.manifest;
    let item = m.id.as_str();
    let field = |name| [Step::Field(name)];
    if m.format > FORMAT_VERSION {
        let message = format!(
            "pack format {} is newer than this kubestudy understands ({FORMAT_VERSION}); update kubestudy",
            m.format
        );
        report.at(0, &field("format"), item, message);
    } else if m.format == 0 {
        report.at(0, &field("format"), item, "pack format must be 1");
    }
    if let Some(message) = pack_id_problem(item) {
        report.at(0, &field("id"), item, message);
    }
    // Every manifest field is one line of plain text; a field with a stray character gets that
    // problem only, not also one about its format.
    let mut stray = HashSet::new();
    for (name, value) in [
        ("version", &m.version),
        ("title", &m.title),
        ("summary", &m.summary),
        ("language", &m.language),
        ("license", &m.license),
        ("kubernetes", &m.kubernetes),
    ] {
        if let Some((at, c)) = stray_char(value, Layout::Line) {
            let message = stray_message(name, at, c, Layout::Line);
            report.at(0, &field(name), item, message);
            stray.insert(name);
        }
    }
    let clean = |name| !stray.contains(name);
    if clean("version")
        && let Err(err) = semver::Version::parse(m.version.trim())
    {
        report.at(
            0,
            &field("version"),
            item,
            format!(
                "version `{}` is not semver (like \"1.2.0\"): {err}",
                m.version
            ),
        );
    }
    for (name, value) in [
        ("title", &m.title),
        ("summary", &m.summary),
        ("license", &m.license),
    ] {
        if blank(value) {
            report.at(0, &field(name), item, format!("{name} is empty"));
        }
    }
    if clean("language") && !is_language_tag(&m.language) {
        report.at(
            0,
            &field("language"),
            item,
            format!(
                "language `{}` is not a language tag like \"en\" or \"pt-BR\"",
                m.language
            ),
        );
    }
    let parts: Vec<&str> = m.kubernetes.trim_start_matches('v').split('.').collect();
    // `unchecked`: imported content nobody checked against a version (an Anki deck).
    let k8s_ok = m.kubernetes == super::model::UNCHECKED
        || (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if clean("kubernetes") && !k8s_ok {
        let message = format!(
            "kubernetes `{}` should be the version the facts were checked against, like \"1.35\" \
             (or \"unchecked\" for imported content nobody checked)",
            m.kubernetes
        );
        report.at(0, &field("kubernetes"), item, message);
    }
    if m.authors.is_empty() {
        report.at(
            0,
            &field("authors"),
            item,
            "authors is empty; name at least one author",
        );
    }
    for (i, author) in m.authors.iter().enumerate() {
        let path = || vec![Step::Field("authors"), Step::Index(i)];
        if blank(author) {
            report.at(0, &path(), item, "author name is empty");
        }
        check_chars(report, 0, path, item, "author name", author, Layout::Line);
    }
    items::tags(&m.tags, 0, &[], item, report);
}

/// A BCP 47-like tag: a 2-3 letter lowercase language, then optional alphanumeric subtags.
fn is_language_tag(tag: &str) -> bool {
    tag.split('-').enumerate().all(|(i, part)| {
        let alnum = part.bytes().all(|b| b.is_ascii_alphanumeric());
        if i == 0 {
            (2..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_lowercase())
        } else {
            (1..=8).contains(&part.len()) && alnum
        }
    })
}
/// Where a pack-wide item id is written.
#[derive(Clone, Copy)]
enum Place {
    Item(Loc),
    Check(Loc, usize, usize),
}

impl Place {
    fn id_path(self) -> Path {
        match self {
            Self::Item(loc) => join(&loc.path(), &[Step::Field("id")]),
            Self::Check(loc, s, c) => join(&check_path(&loc, s, c), &[Step::Field("id")]),
        }
    }
}

/// Reports malformed and duplicate pack-wide item ids.
fn item_ids(parsed: &Parsed, report: &mut Reporter<'_>) {
    let (terms, cards) = parsed.term_and_card_count();
    let mut all: Vec<(&str, &'static str, usize, Place)> = Vec::with_capacity(terms + cards);
    all.extend(
        parsed
            .glossary()
            .map(|(t, loc)| (t.id.as_str(), "glossary term", loc.file, Place::Item(loc))),
    );
    all.extend(
        parsed
            .cards()
            .map(|(c, loc)| (c.id.as_str(), "card", loc.file, Place::Item(loc))),
    );
    for (primer, loc) in parsed.primers() {
        all.push((primer.id.as_str(), "primer", loc.file, Place::Item(loc)));
        for (s, section) in primer.sections.iter().enumerate() {
            for (c, check) in section.checks.iter().enumerate() {
                all.push((
                    check.id.as_str(),
                    "primer check",
                    loc.file,
                    Place::Check(loc, s, c),
                ));
            }
        }
    }
    all.extend(
        parsed
            .diagrams()
            .map(|(d, loc)| (d.id.as_str(), "diagram", loc.file, Place::Item(loc))),
    );
    all.extend(
        parsed
            .tasks()
            .map(|(t, loc)| (t.id.as_str(), "task", loc.file, Place::Item(loc))),
    );
    let mut seen: HashMap<&str, (usize, Place)> = HashMap::with_capacity(all.len());
    for (id, kind, file, place) in all {
        if !is_kebab(id) {
            report.at(
                file,
                &place.id_path(),
                id,
                kebab_message(&format!("{kind} id"), id),
            );
        }
        match seen.entry(id) {
            Entry::Occupied(first) => {
                let (first_file, first_place) = *first.get();
                let first = report.place(first_file, &first_place.id_path());
                report.at(
                    file,
                    &place.id_path(),
                    id,
                    format!("duplicate id `{id}` ({kind}); first used at {first}"),
                );
            }
            Entry::Vacant(slot) => {
                slot.insert((file, place));
            }
        }
    }
}

pub(super) fn check_path(loc: &Loc, section: usize, check: usize) -> Path {
    join(
        &loc.path(),
        &[
            Step::Field("sections"),
            Step::Index(section),
            Step::Field("checks"),
            Step::Index(check),
        ],
    )
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_ids() {
        let cases = [
            ("etcd", true),
            ("kube-apiserver", true),
            ("k8s-1-35", true),
            ("", false),
            ("Etcd", false),
            ("a--b", false),
            ("-a", false),
            ("a-", false),
            ("a_b", false),
            ("a b", false),
        ];
        for (id, ok) in cases {
            assert_eq!(is_kebab(id), ok, "{id:?}");
        }
        assert!(!is_kebab(&"a".repeat(MAX_ID_LEN + 1)));
    }

    #[test]
    fn same_text_ignores_case_and_spacing() {
        let cases = [
            ("etcd", "ETCD", true),
            ("kube  proxy", "Kube proxy", true),
            (" a b ", "a b", true),
            ("ab", "a b", false),
            ("a", "ab", false),
            ("", "", true),
        ];
        for (a, b, same) in cases {
            assert_eq!(same_text(a, b), same, "{a:?} vs {b:?}");
            assert_eq!(
                same_text(a, b),
                normalise(a) == normalise(b),
                "{a:?} vs {b:?}"
            );
        }
    }

    #[test]
    fn language_tags() {
        for (tag, ok) in [
            ("en", true),
            ("pt-BR", true),
            ("zh-Hant-TW", true),
            ("English", false),
            ("EN", false),
            ("", false),
        ] {
            assert_eq!(is_language_tag(tag), ok, "{tag:?}");
        }
    }
}
