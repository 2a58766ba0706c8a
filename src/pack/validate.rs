//! Semantic checks of a parsed pack: ids, references, empty text, diagram geometry.
//!
//! Every check reports through [`Reporter`], which turns an item's path in its file into
//! `path:line:col`; nothing stops at the first problem.

use std::collections::{BTreeMap, BTreeSet};

use super::load::{Loc, Parsed, SourceFile};
use super::locate::Step;
use super::model::{Answer, Block, Card, Diagram, FORMAT_VERSION, ItemId, Primer, Term};
use super::problem::Problem;

/// Longest id accepted.
pub const MAX_ID_LEN: usize = 64;
/// Most nodes in one diagram (keeps the pairwise overlap check cheap).
pub const MAX_DIAGRAM_NODES: usize = 1000;
/// Largest canvas side, in canvas units.
pub const MAX_CANVAS: u32 = 20_000;

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
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Checks the whole parsed pack.
pub fn validate(parsed: &Parsed, report: &mut Reporter<'_>) {
    manifest(parsed, report);
    item_ids(parsed, report);
    let terms: BTreeSet<&str> = parsed.glossary.iter().map(|(t, _)| t.id.as_str()).collect();
    glossary(parsed, &terms, report);
    for (card, loc) in &parsed.cards {
        let path = loc.path();
        card_checks(card, loc.file, &path, &terms, report);
    }
    for (primer, loc) in &parsed.primers {
        primer_checks(primer, loc, &terms, report);
    }
    for (diagram, loc) in &parsed.diagrams {
        diagram_checks(diagram, loc, &terms, report);
    }
}

fn manifest(parsed: &Parsed, report: &mut Reporter<'_>) {
    let m = &parsed.manifest;
    let item = m.id.as_str();
    let field = |name| [Step::Field(name)];
    if m.format > FORMAT_VERSION {
        report.at(0, &field("format"), item, format!(
            "pack format {} is newer than this kubestudy understands ({FORMAT_VERSION}); update kubestudy",
            m.format
        ));
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
    let language_ok = m.language.split('-').enumerate().all(|(i, part)| {
        let len_ok = if i == 0 {
            (2..=3).contains(&part.len())
        } else {
            (1..=8).contains(&part.len())
        };
        len_ok
            && part.bytes().all(|b| b.is_ascii_alphanumeric())
            && (i > 0 || part.bytes().all(|b| b.is_ascii_lowercase()))
    });
    if !language_ok {
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
    let k8s_ok = {
        let parts: Vec<&str> = m.kubernetes.trim_start_matches('v').split('.').collect();
        (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    if !k8s_ok {
        report.at(0, &field("kubernetes"), item, format!(
            "kubernetes `{}` should be the version the facts were checked against, like \"1.35\"",
            m.kubernetes
        ));
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
    let mut seen = BTreeSet::new();
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

fn tags(tags: &[String], file: usize, base: &[Step<'_>], item: &str, report: &mut Reporter<'_>) {
    let mut seen = BTreeSet::new();
    for (i, tag) in tags.iter().enumerate() {
        let path = [base, &[Step::Field("tags"), Step::Index(i)]].concat();
        if !is_kebab(tag) {
            report.at(file, &path, item, kebab_message("tag", tag));
        } else if !seen.insert(tag.as_str()) {
            report.at(file, &path, item, format!("tag `{tag}` is repeated"));
        }
    }
}

/// Registers every pack-wide item id; reports malformed and duplicate ones.
fn item_ids(parsed: &Parsed, report: &mut Reporter<'_>) {
    let mut all: Vec<(&ItemId, &'static str, usize, Vec<Step<'static>>)> = Vec::new();
    for (term, loc) in &parsed.glossary {
        all.push((&term.id, "glossary term", loc.file, loc.path()));
    }
    for (card, loc) in &parsed.cards {
        all.push((&card.id, "card", loc.file, loc.path()));
    }
    for (primer, loc) in &parsed.primers {
        all.push((&primer.id, "primer", loc.file, loc.path()));
        for (s, section) in primer.sections.iter().enumerate() {
            for (c, check) in section.checks.iter().enumerate() {
                all.push((&check.id, "primer check", loc.file, check_path(loc, s, c)));
            }
        }
    }
    for (diagram, loc) in &parsed.diagrams {
        all.push((&diagram.id, "diagram", loc.file, loc.path()));
    }
    let mut seen: BTreeMap<String, (usize, Vec<Step<'static>>)> = BTreeMap::new();
    for (id, kind, file, path) in all {
        let id_path = [path.as_slice(), &[Step::Field("id")]].concat();
        if !is_kebab(id.as_str()) {
            report.at(
                file,
                &id_path,
                id.as_str(),
                kebab_message(&format!("{kind} id"), id.as_str()),
            );
        }
        if let Some((first_file, first_path)) = seen.get(id.as_str()) {
            let first = report.place(*first_file, first_path);
            report.at(
                file,
                &id_path,
                id.as_str(),
                format!("duplicate id `{id}` ({kind}); first used at {first}"),
            );
        } else {
            seen.insert(id.0.clone(), (file, id_path));
        }
    }
}

fn check_path(loc: &Loc, section: usize, check: usize) -> Vec<Step<'static>> {
    let mut path = loc.path();
    path.extend([
        Step::Field("sections"),
        Step::Index(section),
        Step::Field("checks"),
        Step::Index(check),
    ]);
    path
}

fn glossary(parsed: &Parsed, terms: &BTreeSet<&str>, report: &mut Reporter<'_>) {
    let mut names: BTreeMap<String, &str> = BTreeMap::new();
    for (term, loc) in &parsed.glossary {
        glossary_term(term, loc, terms, &mut names, report);
    }
}

fn glossary_term<'t>(
    term: &'t Term,
    loc: &Loc,
    terms: &BTreeSet<&str>,
    names: &mut BTreeMap<String, &'t str>,
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
    let at = |field: &'static str| [base.as_slice(), &[Step::Field(field)]].concat();
    if blank(name) {
        report.at(loc.file, &at("term"), item, "term is empty");
    } else if let Some(other) = names.get(&normalise(name)) {
        report.at(
            loc.file,
            &at("term"),
            item,
            format!("term `{name}` is also defined by `{other}`"),
        );
    } else {
        names.insert(normalise(name), item);
    }
    if blank(definition) {
        report.at(loc.file, &at("definition"), item, "definition is empty");
    }
    text_checks(definition, loc.file, &at("definition"), item, report);
    for (i, alias) in aliases.iter().enumerate() {
        let path = [base.as_slice(), &[Step::Field("aliases"), Step::Index(i)]].concat();
        if blank(alias) {
            report.at(loc.file, &path, item, "alias is empty");
        } else if normalise(alias) == normalise(name) {
            report.at(
                loc.file,
                &path,
                item,
                format!("alias `{alias}` repeats the term"),
            );
        }
    }
    let mut seen = BTreeSet::new();
    for (i, other) in see_also.iter().enumerate() {
        let path = [base.as_slice(), &[Step::Field("see_also"), Step::Index(i)]].concat();
        if other == id {
            report.at(loc.file, &path, item, "see_also points at the term itself");
        } else if !terms.contains(other.as_str()) {
            report.at(
                loc.file,
                &path,
                item,
                format!("see_also `{other}` is not a glossary term of this pack"),
            );
        } else if !seen.insert(other) {
            report.at(
                loc.file,
                &path,
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
    base: &[Step<'_>],
    item: &str,
    report: &mut Reporter<'_>,
) {
    if source.is_some_and(blank) {
        let path = [base, &[Step::Field("source")]].concat();
        report.at(
            file,
            &path,
            item,
            "source is empty; leave it out when the item has no source",
        );
    }
}

/// Inline code is written between backticks; an odd count means one is missing.
fn text_checks(text: &str, file: usize, path: &[Step<'_>], item: &str, report: &mut Reporter<'_>) {
    if text.matches('`').count() % 2 == 1 {
        report.at(
            file,
            path,
            item,
            "unbalanced backtick: inline code needs an opening and a closing `",
        );
    }
}

fn card_checks(
    card: &Card,
    file: usize,
    base: &[Step<'_>],
    terms: &BTreeSet<&str>,
    report: &mut Reporter<'_>,
) {
    let Card {
        id,
        front,
        answer,
        distractors,
        explanation,
        terms: links,
        tags: card_tags,
        source,
    } = card;
    let item = id.as_str();
    let at = |field: &'static str| [base, &[Step::Field(field)]].concat();
    if blank(front) {
        report.at(file, &at("front"), item, "front is empty");
    }
    text_checks(front, file, &at("front"), item, report);
    let parts = answer.parts();
    if parts.is_empty() {
        report.at(file, &at("answer"), item, "answer has no entries");
    }
    let mut seen_parts = BTreeSet::new();
    for part in parts {
        if blank(part) {
            report.at(file, &at("answer"), item, "answer has an empty entry");
        } else if !seen_parts.insert(normalise(part)) {
            report.at(
                file,
                &at("answer"),
                item,
                format!("answer lists `{part}` twice"),
            );
        }
        text_checks(part, file, &at("answer"), item, report);
    }
    if !distractors.is_empty() && matches!(answer, Answer::Ordered(_)) {
        report.at(
            file,
            &at("distractors"),
            item,
            "distractors need a Text or Set answer (an Ordered answer is recalled, not picked)",
        );
    }
    let mut seen = BTreeSet::new();
    for (i, distractor) in distractors.iter().enumerate() {
        let path = [base, &[Step::Field("distractors"), Step::Index(i)]].concat();
        let key = normalise(distractor);
        if blank(distractor) {
            report.at(file, &path, item, "distractor is empty");
        } else if seen_parts.contains(&key) {
            report.at(
                file,
                &path,
                item,
                format!("distractor `{distractor}` is a right answer"),
            );
        } else if !seen.insert(key) {
            report.at(
                file,
                &path,
                item,
                format!("distractor `{distractor}` is repeated"),
            );
        }
    }
    if let Some(explanation) = explanation {
        if blank(explanation) {
            report.at(
                file,
                &at("explanation"),
                item,
                "explanation is empty; leave it out instead",
            );
        }
        text_checks(explanation, file, &at("explanation"), item, report);
    }
    let mut seen_links = BTreeSet::new();
    for (i, link) in links.iter().enumerate() {
        let path = [base, &[Step::Field("terms"), Step::Index(i)]].concat();
        if !terms.contains(link.as_str()) {
            report.at(
                file,
                &path,
                item,
                format!("term `{link}` is not a glossary term of this pack"),
            );
        } else if !seen_links.insert(link) {
            report.at(file, &path, item, format!("term `{link}` is repeated"));
        }
    }
    tags(card_tags, file, base, item, report);
    source_check(source.as_deref(), file, base, item, report);
}

fn primer_checks(primer: &Primer, loc: &Loc, terms: &BTreeSet<&str>, report: &mut Reporter<'_>) {
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
    let at = |field: &'static str| [base.as_slice(), &[Step::Field(field)]].concat();
    if blank(title) {
        report.at(loc.file, &at("title"), item, "title is empty");
    }
    if blank(summary) {
        report.at(loc.file, &at("summary"), item, "summary is empty");
    }
    if sections.is_empty() {
        report.at(loc.file, &at("sections"), item, "primer has no sections");
    }
    let mut section_ids = BTreeSet::new();
    for (s, section) in sections.iter().enumerate() {
        let section_base = [base.as_slice(), &[Step::Field("sections"), Step::Index(s)]].concat();
        let sat = |field: &'static str| [section_base.as_slice(), &[Step::Field(field)]].concat();
        let section_item = format!("{item}/{}", section.id);
        if !is_kebab(section.id.as_str()) {
            report.at(
                loc.file,
                &sat("id"),
                &section_item,
                kebab_message("section id", section.id.as_str()),
            );
        } else if !section_ids.insert(section.id.as_str()) {
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
            let path = [
                section_base.as_slice(),
                &[Step::Field("body"), Step::Index(b)],
            ]
            .concat();
            block_checks(block, loc.file, &path, &section_item, report);
        }
        for (c, check) in section.checks.iter().enumerate() {
            card_checks(check, loc.file, &check_path(loc, s, c), terms, report);
        }
    }
    tags(primer_tags, loc.file, &base, item, report);
    source_check(source.as_deref(), loc.file, &base, item, report);
}

fn block_checks(
    block: &Block,
    file: usize,
    path: &[Step<'_>],
    item: &str,
    report: &mut Reporter<'_>,
) {
    match block {
        Block::Para(text) => {
            if blank(text) {
                report.at(file, path, item, "paragraph is empty");
            }
            text_checks(text, file, path, item, report);
        }
        Block::Bullets(entries) | Block::Numbered(entries) => {
            if entries.is_empty() {
                report.at(file, path, item, "list has no entries");
            }
            for (i, entry) in entries.iter().enumerate() {
                let entry_path = [path, &[Step::Index(0), Step::Index(i)]].concat();
                if blank(entry) {
                    report.at(file, &entry_path, item, "list entry is empty");
                }
                text_checks(entry, file, &entry_path, item, report);
            }
        }
        Block::Code { text, .. } => {
            if blank(text) {
                report.at(file, path, item, "code block is empty");
            }
        }
    }
}

fn diagram_checks(diagram: &Diagram, loc: &Loc, terms: &BTreeSet<&str>, report: &mut Reporter<'_>) {
    let item = diagram.id.as_str();
    let base = loc.path();
    let at = |field: &'static str| [base.as_slice(), &[Step::Field(field)]].concat();
    if blank(&diagram.title) {
        report.at(loc.file, &at("title"), item, "title is empty");
    }
    let (width, height) = diagram.canvas;
    if width == 0 || height == 0 || width > MAX_CANVAS || height > MAX_CANVAS {
        report.at(
            loc.file,
            &at("canvas"),
            item,
            format!("canvas {width}x{height} must be between 1 and {MAX_CANVAS} on each side"),
        );
    }
    let canvas = super::model::Rect(0, 0, width, height);
    let mut region_ids = BTreeMap::new();
    for (r, region) in diagram.regions.iter().enumerate() {
        let path = [base.as_slice(), &[Step::Field("regions"), Step::Index(r)]].concat();
        let id_path = [path.as_slice(), &[Step::Field("id")]].concat();
        let region_item = format!("{item}/{}", region.id);
        if !is_kebab(region.id.as_str()) {
            report.at(
                loc.file,
                &id_path,
                &region_item,
                kebab_message("region id", region.id.as_str()),
            );
        } else if region_ids.insert(region.id.as_str(), region.rect).is_some() {
            report.at(
                loc.file,
                &id_path,
                &region_item,
                format!("region id `{}` is repeated", region.id),
            );
        }
        if blank(&region.label) {
            report.at(
                loc.file,
                &[path.as_slice(), &[Step::Field("label")]].concat(),
                &region_item,
                "label is empty",
            );
        }
        let rect_path = [path.as_slice(), &[Step::Field("rect")]].concat();
        if region.rect.2 == 0 || region.rect.3 == 0 {
            report.at(
                loc.file,
                &rect_path,
                &region_item,
                "region has zero width or height",
            );
        } else if !canvas.contains(region.rect) {
            report.at(
                loc.file,
                &rect_path,
                &region_item,
                format!("region lies outside the {width}x{height} canvas"),
            );
        }
    }
    super::validate_diagram::nodes_and_edges(diagram, loc, &base, &region_ids, terms, report);
    tags(&diagram.tags, loc.file, &base, item, report);
    source_check(diagram.source.as_deref(), loc.file, &base, item, report);
}
