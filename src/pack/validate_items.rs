//! Checks of glossary terms, cards (and primer checks) and primers: text, ids, references.
//! Repeats in a list are found through [`Repeats`], so a list of any length costs linear time.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use super::cloze;
use super::locate::Step;
use super::model::{Answer, Block, Card, Primer, Term};
use super::parsed::Loc;
use super::validate::{
    Layout, Path, Repeats, Reporter, blank, check_chars, check_path, is_kebab, join, kebab_message,
    normalise, same_text,
};

pub(super) fn tags(
    tags: &[String],
    file: usize,
    base: &[Step<'static>],
    item: &str,
    report: &mut Reporter<'_>,
) {
    let repeats = Repeats::find(tags, |a, b| a == b, String::as_str);
    for (i, tag) in tags.iter().enumerate() {
        let path = || join(base, &[Step::Field("tags"), Step::Index(i)]);
        if !is_kebab(tag) {
            report.at(file, &path(), item, kebab_message("tag", tag));
        } else if repeats.at(i) {
            report.at(file, &path(), item, format!("tag `{tag}` is repeated"));
        }
    }
}

#[allow(clippy::too_many_lines)] // Every field of a term, in the order written.
pub(super) fn glossary_term<'t>(
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
        competencies: _,
        source,
    } = term;
    let item = id.as_str();
    let base = loc.path();
    let at = |tail: &[Step<'static>]| join(&base, tail);
    check_chars(
        report,
        loc.file,
        || at(&[Step::Field("term")]),
        item,
        "term",
        name,
        Layout::Line,
    );
    check_chars(
        report,
        loc.file,
        || at(&[Step::Field("definition")]),
        item,
        "definition",
        definition,
        Layout::Lines,
    );
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
        check_chars(report, loc.file, path, item, "alias", alias, Layout::Line);
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
    let repeats = Repeats::find(see_also, |a, b| a == b, |id| id.as_str());
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
        } else if repeats.at(i) {
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

pub(super) fn source_check(
    source: Option<&str>,
    file: usize,
    base: &[Step<'static>],
    item: &str,
    report: &mut Reporter<'_>,
) {
    let path = || join(base, &[Step::Field("source")]);
    if source.is_some_and(blank) {
        let message = "source is empty; leave it out when the item has no source";
        report.at(file, &path(), item, message);
    }
    if let Some(source) = source {
        check_chars(report, file, path, item, "source", source, Layout::Line);
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

pub(super) fn card_checks(
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
        competencies: _, // validate/exams.rs
        source,
        reverse: _,      // shape_checks
        siblings: _,     // validate.rs: they must be cards of the pack
        image: _,        // assets.rs: read and decoded with the pack's other images
        answer_image: _, // likewise
    } = card;
    let item = id.as_str();
    let at = |field: &'static str| join(base, &[Step::Field(field)]);
    if blank(front) {
        report.at(file, &at("front"), item, "front is empty");
    }
    check_chars(
        report,
        file,
        || at("front"),
        item,
        "front",
        front,
        Layout::Lines,
    );
    text_checks(front, file, || at("front"), item, report);
    if !matches!(answer, Answer::Cloze) {
        answer_checks(answer, file, base, item, report);
    }
    shape_checks(card, file, base, report);
    distractor_checks(card, file, base, report);
    super::validate::fairness::card_form(card, file, base, report);
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
        check_chars(
            report,
            file,
            || at("explanation"),
            item,
            "explanation",
            explanation,
            Layout::Lines,
        );
    }
    let repeats = Repeats::find(links, |a, b| a == b, |id| id.as_str());
    for (i, link) in links.iter().enumerate() {
        let path = || join(base, &[Step::Field("terms"), Step::Index(i)]);
        if !terms.contains(link.as_str()) {
            report.at(
                file,
                &path(),
                item,
                format!("term `{link}` is not a glossary term of this pack"),
            );
        } else if repeats.at(i) {
            report.at(file, &path(), item, format!("term `{link}` is repeated"));
        }
    }
    tags(card_tags, file, base, item, report);
    source_check(source.as_deref(), file, base, item, report);
}

/// A cloze card's markup, and what cannot go with a cloze or a reversed card.
fn shape_checks(card: &Card, file: usize, base: &[Step<'static>], report: &mut Reporter<'_>) {
    let item = card.id.as_str();
    let at = |field: &'static str| join(base, &[Step::Field(field)]);
    if card.reverse && !matches!(card.answer, Answer::Text(_)) {
        let message = "a reversed card needs a Text answer (it is asked from the answer back)";
        report.at(file, &at("reverse"), item, message);
    }
    if !matches!(card.answer, Answer::Cloze) {
        return;
    }
    if !card.distractors.is_empty() {
        let message = "a cloze card takes no distractors (each deletion is recalled, not picked)";
        report.at(file, &at("distractors"), item, message);
    }
    let segments = match cloze::parse(&card.front) {
        Ok(segments) => segments,
        Err(e) => {
            let message = format!("cloze: {} (character {})", e.message, e.column);
            report.at(file, &at("front"), item, message);
            return;
        }
    };
    let numbers = cloze::numbers(&segments);
    if numbers.is_empty() {
        let message = "a cloze card hides text with `{{c1::…}}` and has none";
        report.at(file, &at("front"), item, message);
    } else if numbers.len() > cloze::MAX_NUMBERS {
        let message = format!(
            "a cloze card has {} deletion numbers; at most {} are asked (split it)",
            numbers.len(),
            cloze::MAX_NUMBERS
        );
        report.at(file, &at("front"), item, message);
        return;
    }
    // A deletion shown elsewhere in its own question is answered by reading it.
    for number in numbers {
        let front = cloze::front_for(&segments, number).to_lowercase();
        let shown = segments.iter().find_map(|s| match *s {
            cloze::Segment::Deletion {
                number: n, answer, ..
            } if n == number && shows_word(&front, &answer.to_lowercase()) => Some(answer),
            _ => None,
        });
        if let Some(answer) = shown {
            let message =
                format!("deletion c{number} hides `{answer}`, which its question shows elsewhere");
            report.at(file, &at("front"), item, message);
        }
    }
}

/// A card's siblings are other cards of the pack, and the pack's cloze cards stay within
/// [`cloze::MAX_EXPANDED_BYTES`] of questions (`budget` is what is left).
pub(super) fn card_links(
    card: &Card,
    loc: &Loc,
    cards: &HashSet<&str>,
    budget: &mut usize,
    report: &mut Reporter<'_>,
) {
    let item = card.id.as_str();
    let base = loc.path();
    let repeats = Repeats::find(&card.siblings, |a, b| a == b, |id| id.as_str());
    for (i, sibling) in card.siblings.iter().enumerate() {
        let path = join(&base, &[Step::Field("siblings"), Step::Index(i)]);
        let message = if sibling == &card.id {
            format!("card `{sibling}` is listed as its own sibling")
        } else if !cards.contains(sibling.as_str()) {
            format!("sibling `{sibling}` is not a card of this pack")
        } else if repeats.at(i) {
            format!("sibling `{sibling}` is repeated")
        } else {
            continue;
        };
        report.at(loc.file, &path, item, message);
    }
    if matches!(card.answer, Answer::Cloze) {
        let numbers = cloze::parse(&card.front).map_or(0, |s| cloze::numbers(&s).len());
        let cost = cloze::expanded_bytes(&card.front, numbers);
        if numbers <= cloze::MAX_NUMBERS && cost > *budget {
            let limit = crate::files::human_size(cloze::MAX_EXPANDED_BYTES as u64);
            let message = format!(
                "the pack's cloze cards make more than {limit} of questions; this one is not \
                 asked (split the pack)"
            );
            report.at(
                loc.file,
                &join(&base, &[Step::Field("front")]),
                item,
                message,
            );
        } else if numbers <= cloze::MAX_NUMBERS {
            *budget -= cost;
        }
    }
}

/// Whether `needle` is in `text` as a whole word (not inside a longer one: `Pod` is not shown
/// by `Pods`... but `port` is shown by `port 80`).
fn shows_word(text: &str, needle: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    !needle.is_empty()
        && text.match_indices(needle).any(|(at, _)| {
            let before = text.get(..at).and_then(|t| t.chars().next_back());
            let after = text.get(at + needle.len()..).and_then(|t| t.chars().next());
            !word(before) && !word(after)
        })
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
    let repeats = Repeats::find(parts, |a, b| same_text(a, b), |p| normalise(p));
    for (i, part) in parts.iter().enumerate() {
        if blank(part) {
            let message = if matches!(answer, Answer::Text(_)) {
                "answer is empty"
            } else {
                "answer has an empty entry"
            };
            report.at(file, &at(), item, message);
        } else if repeats.at(i) {
            report.at(file, &at(), item, format!("answer lists `{part}` twice"));
        }
        text_checks(part, file, at, item, report);
        check_chars(report, file, at, item, "answer", part, Layout::Lines);
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
    // Many answers and many distractors: compare through a set of the answers' normal forms.
    let answers: Option<HashSet<String>> = (parts.len() * card.distractors.len() > 64)
        .then(|| parts.iter().map(|p| normalise(p)).collect());
    let is_answer = |d: &str| match &answers {
        Some(answers) => answers.contains(&normalise(d)),
        None => parts.iter().any(|p| same_text(p, d)),
    };
    let repeats = Repeats::find(&card.distractors, |a, b| same_text(a, b), |d| normalise(d));
    for (i, distractor) in card.distractors.iter().enumerate() {
        let path = || join(base, &[Step::Field("distractors"), Step::Index(i)]);
        check_chars(
            report,
            file,
            path,
            item,
            "distractor",
            distractor,
            Layout::Lines,
        );
        if blank(distractor) {
            report.at(file, &path(), item, "distractor is empty");
        } else if is_answer(distractor) {
            report.at(
                file,
                &path(),
                item,
                format!("distractor `{distractor}` is a right answer"),
            );
        } else if repeats.at(i) {
            report.at(
                file,
                &path(),
                item,
                format!("distractor `{distractor}` is repeated"),
            );
        }
    }
}

pub(super) fn primer_checks(
    primer: &Primer,
    loc: &Loc,
    terms: &HashSet<&str>,
    report: &mut Reporter<'_>,
) {
    let Primer {
        id,
        title,
        summary,
        sections,
        tags: primer_tags,
        competencies: _, // validate/exams.rs
        source,
    } = primer;
    let item = id.as_str();
    let base = loc.path();
    let at = |field: &'static str| join(&base, &[Step::Field(field)]);
    for (name, value, layout) in [
        ("title", title, Layout::Line),
        ("summary", summary, Layout::Lines),
    ] {
        if blank(value) {
            report.at(loc.file, &at(name), item, format!("{name} is empty"));
        }
        check_chars(report, loc.file, || at(name), item, name, value, layout);
    }
    if sections.is_empty() {
        report.at(loc.file, &at("sections"), item, "primer has no sections");
    }
    let repeats = Repeats::find(sections, |a, b| a.id == b.id, |s| s.id.as_str());
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
        } else if repeats.at(s) {
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
        let heading = &section.heading;
        let layout = Layout::Line;
        check_chars(
            report,
            loc.file,
            || sat("heading"),
            &section_item,
            "heading",
            heading,
            layout,
        );
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
            check_chars(
                report,
                file,
                || path.to_vec(),
                item,
                "paragraph",
                text,
                Layout::Lines,
            );
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
                check_chars(
                    report,
                    file,
                    entry_path,
                    item,
                    "list entry",
                    entry,
                    Layout::Lines,
                );
            }
        }
        Block::Code { text, lang } => {
            if blank(text) {
                report.at(file, path, item, "code block is empty");
            }
            check_chars(
                report,
                file,
                || path.to_vec(),
                item,
                "code",
                text,
                Layout::Lines,
            );
            check_chars(
                report,
                file,
                || path.to_vec(),
                item,
                "code language",
                lang,
                Layout::Line,
            );
        }
    }
}
