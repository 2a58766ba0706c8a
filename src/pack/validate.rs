//! Semantic checks of a parsed pack: ids, references, empty text, diagram geometry.
//!
//! Every check reports through [`Reporter`], which turns an item's path in its file into
//! `path:line:col`; nothing stops at the first problem. Paths are built only when a problem is
//! reported, so checking a clean pack of 100,000 cards allocates almost nothing.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use super::load::{Loc, Parsed, SourceFile};
use super::locate::Step;
use super::model::{Answer, Block, Card, Diagram, FORMAT_VERSION, Primer, Rect, Term};
use super::problem::Problem;

/// Longest id accepted.
pub const MAX_ID_LEN: usize = 64;
/// Most nodes in one diagram (keeps the pairwise overlap check cheap).
pub const MAX_DIAGRAM_NODES: usize = 1000;
/// Largest canvas side, in canvas units.
pub const MAX_CANVAS: u32 = 20_000;

/// A path into a file, built only when a problem is reported.
pub type Path = Vec<Step<'static>>;

/// `base` followed by `tail`.
pub fn join(base: &[Step<'static>], tail: &[Step<'static>]) -> Path {
    [base, tail].concat()
}

/// Collects problems with their positions.
pub struct Reporter<'a> {
    files: &'a [SourceFile],
    /// What was found so far.
    pub problems: Vec<Problem>,
}

impl<'a> Reporter<'a> {
    /// A reporter over the pack's parsed files.
    pub fn new(files: &'a [SourceFile]) -> Self {
        Self {
            files,
            problems: Vec::new(),
        }
    }

    /// Records `message` for `item` at `path` in file number `file`.
    pub fn at(&mut self, file: usize, path: &[Step<'_>], item: &str, message: impl Into<String>) {
        let (display, line, col) = match self.files.get(file) {
            Some(source) => {
                let (line, col) = source.position(path);
                (source.display.clone(), line, col)
            }
            None => ("<unknown file>".to_owned(), 1, 1),
        };
        self.problems.push(Problem {
            file: display,
            line,
            col,
            item: item.to_owned(),
            message: message.into(),
        });
    }

    /// Where `path` in `file` is, as `path:line:col` (for "first defined at" hints).
    fn place(&self, file: usize, path: &[Step<'_>]) -> String {
        self.files.get(file).map_or_else(String::new, |source| {
            let (line, col) = source.position(path);
            format!("{}:{line}:{col}", source.display)
        })
    }
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
fn blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// Lowercased, whitespace-collapsed form of `text`, for "same text" comparisons.
fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `normalise(a) == normalise(b)` without allocating.
fn same_text(a: &str, b: &str) -> bool {
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

fn kebab_message(what: &str, id: &str) -> String {
    if id.len() > MAX_ID_LEN {
        format!(
            "{what} is {} characters long; the limit is {MAX_ID_LEN}",
            id.len()
        )
    } else {
        format!("{what} `{id}` is not kebab-case (lowercase letters, digits, single hyphens)")
    }
}

/// Checks the whole parsed pack.
pub fn validate(parsed: &Parsed, report: &mut Reporter<'_>) {
    manifest(parsed, report);
    if parsed.is_empty() && !parsed.incomplete {
        let message = "pack has no content: add glossary, cards, primers or diagrams";
        report.at(0, &[], parsed.manifest.id.as_str(), message);
    }
    item_ids(parsed, report);
    let terms: HashSet<&str> = parsed.glossary().map(|(t, _)| t.id.as_str()).collect();
    let mut names: HashMap<String, &str> = HashMap::with_capacity(terms.len());
    for (term, loc) in parsed.glossary() {
        glossary_term(term, &loc, &terms, &mut names, report);
    }
    for (card, loc) in parsed.cards() {
        card_checks(card, loc.file, &loc.path(), &terms, report);
    }
    for (primer, loc) in parsed.primers() {
        primer_checks(primer, &loc, &terms, report);
    }
    for (diagram, loc) in parsed.diagrams() {
        diagram_checks(diagram, &loc, &terms, report);
    }
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
    if !is_kebab(item) {
        report.at(0, &field("id"), item, kebab_message("pack id", item));
    }
    if let Err(err) = semver::Version::parse(m.version.trim()) {
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
    if !is_language_tag(&m.language) {
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
    let k8s_ok = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !k8s_ok {
        let message = format!(
            "kubernetes `{}` should be the version the facts were checked against, like \"1.35\"",
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
        if blank(author) {
            report.at(
                0,
                &[Step::Field("authors"), Step::Index(i)],
                item,
                "author name is empty",
            );
        }
    }
    tags(&m.tags, 0, &[], item, report);
    let mut seen = HashSet::new();
    for (i, include) in m.include.iter().enumerate() {
        if !seen.insert(include.trim_start_matches("./")) {
            report.at(
                0,
                &[Step::Field("include"), Step::Index(i)],
                item,
                format!("`{include}` is included twice"),
            );
        }
    }
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

fn tags(
    tags: &[String],
    file: usize,
    base: &[Step<'static>],
    item: &str,
    report: &mut Reporter<'_>,
) {
    for (i, tag) in tags.iter().enumerate() {
        let path = || join(base, &[Step::Field("tags"), Step::Index(i)]);
        if !is_kebab(tag) {
            report.at(file, &path(), item, kebab_message("tag", tag));
        } else if tags.iter().take(i).any(|t| t == tag) {
            report.at(file, &path(), item, format!("tag `{tag}` is repeated"));
        }
    }
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

fn check_path(loc: &Loc, section: usize, check: usize) -> Path {
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

fn glossary_term<'t>(
    term: &'t Term,
    loc: &Loc,
    terms: &HashSet<&str>,
    names: &mut HashMap<String, &'t str>,
    report: &mut Reporter<'_>,
) {
    let Term {
        id,
        term: name,
        aliases,
        definition,
        see_also,
        tags: term_tags,
        source,
    } = term;
    let item = id.as_str();
    let base = loc.path();
    let at = |tail: &[Step<'static>]| join(&base, tail);
    if blank(name) {
        report.at(loc.file, &at(&[Step::Field("term")]), item, "term is empty");
    } else {
        match names.entry(normalise(name)) {
            Entry::Occupied(other) => {
                let message = format!("term `{name}` is also defined by `{}`", other.get());
                report.at(loc.file, &at(&[Step::Field("term")]), item, message);
            }
            Entry::Vacant(slot) => {
                slot.insert(item);
            }
        }
    }
    if blank(definition) {
        report.at(
            loc.file,
            &at(&[Step::Field("definition")]),
            item,
            "definition is empty",
        );
    }
    text_checks(
        definition,
        loc.file,
        || at(&[Step::Field("definition")]),
        item,
        report,
    );
    for (i, alias) in aliases.iter().enumerate() {
        let path = || at(&[Step::Field("aliases"), Step::Index(i)]);
        if blank(alias) {
            report.at(loc.file, &path(), item, "alias is empty");
        } else if same_text(alias, name) {
            report.at(
                loc.file,
                &path(),
                item,
                format!("alias `{alias}` repeats the term"),
            );
        }
    }
    for (i, other) in see_also.iter().enumerate() {
        let path = || at(&[Step::Field("see_also"), Step::Index(i)]);
        if other == id {
            report.at(
                loc.file,
                &path(),
                item,
                "see_also points at the term itself",
            );
        } else if !terms.contains(other.as_str()) {
            report.at(
                loc.file,
                &path(),
                item,
                format!("see_also `{other}` is not a glossary term of this pack"),
            );
        } else if see_also.iter().take(i).any(|o| o == other) {
            report.at(
                loc.file,
                &path(),
                item,
                format!("see_also `{other}` is repeated"),
            );
        }
    }
    tags(term_tags, loc.file, &base, item, report);
    source_check(source.as_deref(), loc.file, &base, item, report);
}

fn source_check(
    source: Option<&str>,
    file: usize,
    base: &[Step<'static>],
    item: &str,
    report: &mut Reporter<'_>,
) {
    if source.is_some_and(blank) {
        let message = "source is empty; leave it out when the item has no source";
        report.at(file, &join(base, &[Step::Field("source")]), item, message);
    }
}

/// Inline code is written between backticks; an odd count means one is missing.
fn text_checks(
    text: &str,
    file: usize,
    path: impl FnOnce() -> Path,
    item: &str,
    report: &mut Reporter<'_>,
) {
    if text.bytes().filter(|&b| b == b'`').count() % 2 == 1 {
        report.at(
            file,
            &path(),
            item,
            "unbalanced backtick: inline code needs an opening and a closing `",
        );
    }
}

fn card_checks(
    card: &Card,
    file: usize,
    base: &[Step<'static>],
    terms: &HashSet<&str>,
    report: &mut Reporter<'_>,
) {
    let Card {
        id,
        front,
        answer,
        distractors: _,
        explanation,
        terms: links,
        tags: card_tags,
        source,
    } = card;
    let item = id.as_str();
    let at = |field: &'static str| join(base, &[Step::Field(field)]);
    if blank(front) {
        report.at(file, &at("front"), item, "front is empty");
    }
    text_checks(front, file, || at("front"), item, report);
    answer_checks(answer, file, base, item, report);
    distractor_checks(card, file, base, report);
    if let Some(explanation) = explanation {
        if blank(explanation) {
            report.at(
                file,
                &at("explanation"),
                item,
                "explanation is empty; leave it out instead",
            );
        }
        text_checks(explanation, file, || at("explanation"), item, report);
    }
    for (i, link) in links.iter().enumerate() {
        let path = || join(base, &[Step::Field("terms"), Step::Index(i)]);
        if !terms.contains(link.as_str()) {
            report.at(
                file,
                &path(),
                item,
                format!("term `{link}` is not a glossary term of this pack"),
            );
        } else if links.iter().take(i).any(|l| l == link) {
            report.at(file, &path(), item, format!("term `{link}` is repeated"));
        }
    }
    tags(card_tags, file, base, item, report);
    source_check(source.as_deref(), file, base, item, report);
}

fn answer_checks(
    answer: &Answer,
    file: usize,
    base: &[Step<'static>],
    item: &str,
    report: &mut Reporter<'_>,
) {
    let at = || join(base, &[Step::Field("answer")]);
    let parts = answer.parts();
    if parts.is_empty() {
        report.at(file, &at(), item, "answer has no entries");
    }
    for (i, part) in parts.iter().enumerate() {
        if blank(part) {
            report.at(file, &at(), item, "answer has an empty entry");
        } else if parts.iter().take(i).any(|p| same_text(p, part)) {
            report.at(file, &at(), item, format!("answer lists `{part}` twice"));
        }
        text_checks(part, file, at, item, report);
    }
}

fn distractor_checks(card: &Card, file: usize, base: &[Step<'static>], report: &mut Reporter<'_>) {
    let item = card.id.as_str();
    if !card.distractors.is_empty() && matches!(card.answer, Answer::Ordered(_)) {
        let message =
            "distractors need a Text or Set answer (an Ordered answer is recalled, not picked)";
        report.at(
            file,
            &join(base, &[Step::Field("distractors")]),
            item,
            message,
        );
    }
    let parts = card.answer.parts();
    for (i, distractor) in card.distractors.iter().enumerate() {
        let path = || join(base, &[Step::Field("distractors"), Step::Index(i)]);
        if blank(distractor) {
            report.at(file, &path(), item, "distractor is empty");
        } else if parts.iter().any(|p| same_text(p, distractor)) {
            report.at(
                file,
                &path(),
                item,
                format!("distractor `{distractor}` is a right answer"),
            );
        } else if card
            .distractors
            .iter()
            .take(i)
            .any(|d| same_text(d, distractor))
        {
            report.at(
                file,
                &path(),
                item,
                format!("distractor `{distractor}` is repeated"),
            );
        }
    }
}

fn primer_checks(primer: &Primer, loc: &Loc, terms: &HashSet<&str>, report: &mut Reporter<'_>) {
    let Primer {
        id,
        title,
        summary,
        sections,
        tags: primer_tags,
        source,
    } = primer;
    let item = id.as_str();
    let base = loc.path();
    let at = |field: &'static str| join(&base, &[Step::Field(field)]);
    for (name, value) in [("title", title), ("summary", summary)] {
        if blank(value) {
            report.at(loc.file, &at(name), item, format!("{name} is empty"));
        }
    }
    if sections.is_empty() {
        report.at(loc.file, &at("sections"), item, "primer has no sections");
    }
    for (s, section) in sections.iter().enumerate() {
        let section_base = join(&base, &[Step::Field("sections"), Step::Index(s)]);
        let sat = |field: &'static str| join(&section_base, &[Step::Field(field)]);
        let section_item = format!("{item}/{}", section.id);
        if !is_kebab(section.id.as_str()) {
            report.at(
                loc.file,
                &sat("id"),
                &section_item,
                kebab_message("section id", section.id.as_str()),
            );
        } else if sections.iter().take(s).any(|other| other.id == section.id) {
            report.at(
                loc.file,
                &sat("id"),
                &section_item,
                format!("section id `{}` is repeated in this primer", section.id),
            );
        }
        if blank(&section.heading) {
            report.at(loc.file, &sat("heading"), &section_item, "heading is empty");
        }
        if section.body.is_empty() {
            report.at(
                loc.file,
                &sat("body"),
                &section_item,
                "section body is empty",
            );
        }
        for (b, block) in section.body.iter().enumerate() {
            let path = join(&section_base, &[Step::Field("body"), Step::Index(b)]);
            block_checks(block, loc.file, &path, &section_item, report);
        }
        for c in 0..section.checks.len() {
            if let Some(check) = section.checks.get(c) {
                card_checks(check, loc.file, &check_path(loc, s, c), terms, report);
            }
        }
    }
    tags(primer_tags, loc.file, &base, item, report);
    source_check(source.as_deref(), loc.file, &base, item, report);
}

fn block_checks(
    block: &Block,
    file: usize,
    path: &[Step<'static>],
    item: &str,
    report: &mut Reporter<'_>,
) {
    match block {
        Block::Para(text) => {
            if blank(text) {
                report.at(file, path, item, "paragraph is empty");
            }
            text_checks(text, file, || path.to_vec(), item, report);
        }
        Block::Bullets(entries) | Block::Numbered(entries) => {
            if entries.is_empty() {
                report.at(file, path, item, "list has no entries");
            }
            for (i, entry) in entries.iter().enumerate() {
                let entry_path = || join(path, &[Step::Index(0), Step::Index(i)]);
                if blank(entry) {
                    report.at(file, &entry_path(), item, "list entry is empty");
                }
                text_checks(entry, file, entry_path, item, report);
            }
        }
        Block::Code { text, .. } => {
            if blank(text) {
                report.at(file, path, item, "code block is empty");
            }
        }
    }
}

fn diagram_checks(diagram: &Diagram, loc: &Loc, terms: &HashSet<&str>, report: &mut Reporter<'_>) {
    let item = diagram.id.as_str();
    let base = loc.path();
    let at = |field: &'static str| join(&base, &[Step::Field(field)]);
    if blank(&diagram.title) {
        report.at(loc.file, &at("title"), item, "title is empty");
    }
    let (width, height) = diagram.canvas;
    if width == 0 || height == 0 || width > MAX_CANVAS || height > MAX_CANVAS {
        let message =
            format!("canvas {width}x{height} must be between 1 and {MAX_CANVAS} on each side");
        report.at(loc.file, &at("canvas"), item, message);
    }
    let canvas = Rect(0, 0, width, height);
    let mut region_ids: HashMap<&str, Rect> = HashMap::new();
    for (r, region) in diagram.regions.iter().enumerate() {
        let path = join(&base, &[Step::Field("regions"), Step::Index(r)]);
        let rat = |field: &'static str| join(&path, &[Step::Field(field)]);
        let region_item = format!("{item}/{}", region.id);
        if !is_kebab(region.id.as_str()) {
            report.at(
                loc.file,
                &rat("id"),
                &region_item,
                kebab_message("region id", region.id.as_str()),
            );
        } else if region_ids.insert(region.id.as_str(), region.rect).is_some() {
            report.at(
                loc.file,
                &rat("id"),
                &region_item,
                format!("region id `{}` is repeated", region.id),
            );
        }
        if blank(&region.label) {
            report.at(loc.file, &rat("label"), &region_item, "label is empty");
        }
        if region.rect.2 == 0 || region.rect.3 == 0 {
            report.at(
                loc.file,
                &rat("rect"),
                &region_item,
                "region has zero width or height",
            );
        } else if !canvas.contains(region.rect) {
            report.at(
                loc.file,
                &rat("rect"),
                &region_item,
                format!("region lies outside the {width}x{height} canvas"),
            );
        }
    }
    super::validate_diagram::nodes_and_edges(diagram, loc, &region_ids, terms, report);
    tags(&diagram.tags, loc.file, &base, item, report);
    source_check(diagram.source.as_deref(), loc.file, &base, item, report);
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
