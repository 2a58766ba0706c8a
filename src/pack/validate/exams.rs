//! Checks of exam blueprints (ids, weights, format) and of the competency ids items name.
//! Linear: every id is looked up in hash maps once.

use std::collections::HashMap;

use super::{Path, Reporter, blank, is_kebab, join};
use crate::pack::blueprint::{BUILTIN_EXAMS_PACK, Catalog, builtin};
use crate::pack::locate::Step;
use crate::pack::model::Blueprint;
use crate::pack::parsed::{Loc, Parsed};

/// Most questions (or tasks) an exam format may state.
const MAX_QUESTIONS: u32 = 1000;
/// Longest exam, in minutes.
const MAX_MINUTES: u32 = 24 * 60;

/// Checks the pack's own blueprints, then every competency id its items name against the
/// built-in blueprints and the pack's own.
pub(super) fn exam_checks(parsed: &Parsed, report: &mut Reporter<'_>) {
    let pack_id = parsed.manifest.id.as_str();
    let mut seen: HashMap<String, (usize, Path)> = HashMap::new();
    let mut own = Vec::new();
    for (exam, loc) in parsed.exams() {
        blueprint(exam, &loc, pack_id, &mut seen, report);
        own.push(exam.clone());
    }
    let own = Catalog::new(own);
    let refs = References {
        builtin: builtin(),
        own: &own,
    };
    for (term, loc) in parsed.glossary() {
        refs.check(
            &term.competencies,
            loc.file,
            &loc.path(),
            &term.id.0,
            report,
        );
    }
    for (card, loc) in parsed.cards() {
        refs.check(
            &card.competencies,
            loc.file,
            &loc.path(),
            &card.id.0,
            report,
        );
    }
    for (primer, loc) in parsed.primers() {
        refs.check(
            &primer.competencies,
            loc.file,
            &loc.path(),
            &primer.id.0,
            report,
        );
        for (s, section) in primer.sections.iter().enumerate() {
            for (c, check) in section.checks.iter().enumerate() {
                let base = super::check_path(&loc, s, c);
                refs.check(&check.competencies, loc.file, &base, &check.id.0, report);
            }
        }
    }
    for (task, loc) in parsed.tasks() {
        refs.check(
            &task.competencies,
            loc.file,
            &loc.path(),
            &task.id.0,
            report,
        );
    }
    for (diagram, loc) in parsed.diagrams() {
        for (n, node) in diagram.nodes.iter().enumerate() {
            let base = join(&loc.path(), &[Step::Field("nodes"), Step::Index(n)]);
            let item = format!("{}/{}", diagram.id, node.id);
            refs.check(&node.competencies, loc.file, &base, &item, report);
        }
    }
}

struct References<'a> {
    builtin: &'a Catalog,
    own: &'a Catalog,
}

impl References<'_> {
    fn check(
        &self,
        ids: &[String],
        file: usize,
        base: &[Step<'static>],
        item: &str,
        report: &mut Reporter<'_>,
    ) {
        // Lists this long are a mistake; checking only the first ones keeps the pairwise
        // duplicate check cheap.
        if ids.len() > MAX_COMPETENCIES_PER_ITEM {
            report.at(
                file,
                &join(base, &[Step::Field("competencies")]),
                item,
                format!(
                    "{} competencies listed; an item teaches at most {MAX_COMPETENCIES_PER_ITEM}",
                    ids.len()
                ),
            );
        }
        let ids = ids.get(..MAX_COMPETENCIES_PER_ITEM).unwrap_or(ids);
        for (i, id) in ids.iter().enumerate() {
            let at = || join(base, &[Step::Field("competencies"), Step::Index(i)]);
            if ids.get(..i).is_some_and(|before| before.contains(id)) {
                report.at(
                    file,
                    &at(),
                    item,
                    format!("competency `{id}` is listed twice"),
                );
            } else if self.builtin.competency(id).is_none() && self.own.competency(id).is_none() {
                let mut hint = self.own.suggest(id);
                if hint.is_empty() || self.builtin.exam(exam_of(id)).is_some() {
                    hint = self.builtin.suggest(id);
                }
                report.at(
                    file,
                    &at(),
                    item,
                    format!(
                        "unknown competency `{}`: no exam blueprint has it (known here: {})",
                        crate::files::terminal_safe(id, false),
                        hint.join(", ")
                    ),
                );
            }
        }
    }
}

/// Most competencies one item may name.
pub const MAX_COMPETENCIES_PER_ITEM: usize = 12;

fn exam_of(id: &str) -> &str {
    id.split('.').next().unwrap_or_default()
}

#[allow(clippy::too_many_lines)] // One check per field of a blueprint, in the order written.
fn blueprint(
    exam: &Blueprint,
    loc: &Loc,
    pack_id: &str,
    seen: &mut HashMap<String, (usize, Path)>,
    report: &mut Reporter<'_>,
) {
    let base = loc.path();
    let file = loc.file;
    let at = |tail: &[Step<'static>]| join(&base, tail);
    let item = exam.id.as_str();
    if !is_kebab(item) {
        report.at(
            file,
            &at(&[Step::Field("id")]),
            item,
            super::kebab_message("exam id", item),
        );
    } else if pack_id != BUILTIN_EXAMS_PACK && builtin().exam(item).is_some() {
        report.at(
            file,
            &at(&[Step::Field("id")]),
            item,
            format!("exam `{item}` is built in; a pack's own exam needs an id of its own"),
        );
    }
    unique(item, at(&[Step::Field("id")]), file, "exam", seen, report);
    for (field, value) in [("title", &exam.title)] {
        if blank(value) {
            report.at(
                file,
                &at(&[Step::Field(field)]),
                item,
                format!("{field} is empty"),
            );
        }
    }
    let c = &exam.curriculum;
    for (field, value) in [("version", &c.version), ("source", &c.source)] {
        if blank(value) {
            let path = at(&[Step::Field("curriculum"), Step::Field(field)]);
            report.at(file, &path, item, format!("curriculum {field} is empty"));
        }
    }
    if !is_date(&c.date) {
        let path = at(&[Step::Field("curriculum"), Step::Field("date")]);
        report.at(
            file,
            &path,
            item,
            format!(
                "curriculum date `{}` is not YYYY-MM-DD",
                crate::files::terminal_safe(&c.date, false)
            ),
        );
    }
    let f = exam.format;
    let format_at = |field| at(&[Step::Field("format"), Step::Field(field)]);
    if !(1..=MAX_QUESTIONS).contains(&f.questions) {
        let message = format!("questions is {}; give 1 to {MAX_QUESTIONS}", f.questions);
        report.at(file, &format_at("questions"), item, message);
    }
    if !(1..=MAX_MINUTES).contains(&f.minutes) {
        let message = format!("minutes is {}; give 1 to {MAX_MINUTES}", f.minutes);
        report.at(file, &format_at("minutes"), item, message);
    }
    if !(1..=100).contains(&f.pass_percent) {
        let message = format!("pass_percent is {}; give 1 to 100", f.pass_percent);
        report.at(file, &format_at("pass_percent"), item, message);
    }
    if exam.domains.is_empty() {
        report.at(
            file,
            &at(&[Step::Field("domains")]),
            item,
            "an exam needs domains",
        );
        return;
    }
    let mut sum = 0u64;
    for (d, domain) in exam.domains.iter().enumerate() {
        let d_at = |tail: &[Step<'static>]| {
            at(&[&[Step::Field("domains"), Step::Index(d)], tail].concat())
        };
        sum += u64::from(domain.weight);
        prefixed(
            &domain.id,
            item,
            "domain",
            d_at(&[Step::Field("id")]),
            file,
            report,
        );
        unique(
            &domain.id,
            d_at(&[Step::Field("id")]),
            file,
            "domain",
            seen,
            report,
        );
        if blank(&domain.name) {
            report.at(
                file,
                &d_at(&[Step::Field("name")]),
                item,
                "domain name is empty",
            );
        }
        if !(1..=100).contains(&domain.weight) {
            let message = format!(
                "weight is {}; give 1 to 100 (percent of the exam)",
                domain.weight
            );
            report.at(file, &d_at(&[Step::Field("weight")]), item, message);
        }
        if domain.competencies.is_empty() {
            let message = format!("domain `{}` lists no competencies", domain.id);
            report.at(file, &d_at(&[Step::Field("competencies")]), item, message);
        }
        for (c, competency) in domain.competencies.iter().enumerate() {
            let c_at = |field| {
                d_at(&[
                    Step::Field("competencies"),
                    Step::Index(c),
                    Step::Field(field),
                ])
            };
            prefixed(
                &competency.id,
                &domain.id,
                "competency",
                c_at("id"),
                file,
                report,
            );
            unique(&competency.id, c_at("id"), file, "competency", seen, report);
            if blank(&competency.text) {
                report.at(file, &c_at("text"), item, "competency text is empty");
            }
        }
    }
    if sum != 100 {
        report.at(
            file,
            &at(&[Step::Field("domains")]),
            item,
            format!("the domain weights sum to {sum}; they must sum to 100"),
        );
    }
}

/// `id` must be `<parent>.<kebab>`.
fn prefixed(
    id: &str,
    parent: &str,
    what: &str,
    path: Path,
    file: usize,
    report: &mut Reporter<'_>,
) {
    let ok = id
        .strip_prefix(parent)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(is_kebab);
    if !ok {
        report.at(
            file,
            &path,
            parent,
            format!(
                "{what} id `{}` must be `{parent}.` followed by a kebab-case name",
                crate::files::terminal_safe(id, false)
            ),
        );
    }
}

fn unique(
    id: &str,
    path: Path,
    file: usize,
    what: &str,
    seen: &mut HashMap<String, (usize, Path)>,
    report: &mut Reporter<'_>,
) {
    if let Some((first_file, first_path)) = seen.get(id) {
        let first = report.place(*first_file, first_path);
        report.at(
            file,
            &path,
            id,
            format!("duplicate {what} id `{id}`; first used at {first}"),
        );
    } else {
        seen.insert(id.to_owned(), (file, path));
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok())
    };
    matches!(
        (num(y, 4), num(m, 2), num(d, 2)),
        (Some(Some(_)), Some(Some(1..=12)), Some(Some(1..=31)))
    )
}

#[cfg(test)]
mod tests {
    use super::is_date;

    #[test]
    fn dates() {
        assert!(is_date("2025-11-24"));
        for bad in [
            "2025-13-01",
            "25-11-24",
            "2025-11",
            "2025-11-32",
            "2025-1a-01",
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
