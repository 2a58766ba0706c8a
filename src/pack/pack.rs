//! A loaded pack: its manifest and content, immutable once built.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;

use super::model::{
    Blueprint, Card, Content, Diagram, ItemId, ManifestFile, PackId, Primer, Task, Term,
};
use super::parsed::Parsed;

/// Moves `more` onto the end of `all`, reusing `more`'s buffer when `all` is empty.
fn append<T>(all: &mut Vec<T>, mut more: Vec<T>) {
    if all.is_empty() {
        *all = more;
    } else {
        all.append(&mut more);
    }
}

/// The manifest of a loaded pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// Stable pack id.
    pub id: PackId,
    /// Content version (0.0.0 when the manifest's version was not semver; that is a problem).
    pub version: semver::Version,
    /// The version as the manifest writes it, for showing when it is not semver.
    pub written_version: String,
    /// Title.
    pub title: String,
    /// What the pack teaches.
    pub summary: String,
    /// Language tag.
    pub language: String,
    /// SPDX license id.
    pub license: String,
    /// Authors.
    pub authors: Vec<String>,
    /// Kubernetes version the facts were checked against.
    pub kubernetes: String,
    /// Free tags.
    pub tags: Vec<String>,
}

impl Manifest {
    /// The manifest part of a parsed `pack.ron`.
    pub fn from_file(file: &ManifestFile) -> Self {
        Self {
            id: file.id.clone(),
            version: semver::Version::parse(file.version.trim())
                .unwrap_or_else(|_| semver::Version::new(0, 0, 0)),
            written_version: file.version.clone(),
            title: file.title.clone(),
            summary: file.summary.clone(),
            language: file.language.clone(),
            license: file.license.clone(),
            authors: file.authors.clone(),
            kubernetes: file.kubernetes.clone(),
            tags: file.tags.clone(),
        }
    }

    /// The version for a summary line: `1.2.0`, or what was written and `(invalid version)`
    /// when that is not semver (rather than a made-up `0.0.0`).
    pub fn version_label(&self) -> String {
        let written = self.written_version.trim();
        if semver::Version::parse(written).is_ok() {
            self.version.to_string()
        } else if written.is_empty() {
            "(no version)".to_owned()
        } else {
            format!("{written} (invalid version)")
        }
    }
}

/// Orders two versions by SemVer precedence: build metadata (`+build.5`) does not count, so
/// `1.0.0+a` and `1.0.0+b` are the same version (`semver`'s own `Ord` sorts them lexically).
/// Choosing between two copies of a pack, and "is this newer than what is installed", use this.
pub fn cmp_precedence(a: &semver::Version, b: &semver::Version) -> Ordering {
    a.cmp_precedence(b)
}

/// How much a pack holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Glossary terms.
    pub terms: usize,
    /// Flashcards.
    pub cards: usize,
    /// Primers.
    pub primers: usize,
    /// Check questions in all primers.
    pub checks: usize,
    /// Diagrams.
    pub diagrams: usize,
    /// Nodes in all diagrams.
    pub nodes: usize,
    /// Exam blueprints.
    pub exams: usize,
    /// Hands-on tasks.
    pub tasks: usize,
}

impl Counts {
    /// `1 term, 12 cards, 0 primers, 1 diagram`: what a pack holds, as an import shows it.
    pub fn contents(&self) -> String {
        [
            (self.terms, "term"),
            (self.cards, "card"),
            (self.primers, "primer"),
            (self.diagrams, "diagram"),
        ]
        .map(|(n, noun)| plural(n, noun))
        .join(", ")
    }
}

/// `1 card`, `0 cards`, `2 cards`: a count and its noun, singular only for one.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Self) {
        self.terms += other.terms;
        self.cards += other.cards;
        self.primers += other.primers;
        self.checks += other.checks;
        self.diagrams += other.diagrams;
        self.nodes += other.nodes;
        self.exams += other.exams;
        self.tasks += other.tasks;
    }
}

/// A loaded pack. Items keep the author's order (new items are introduced in it).
#[derive(Debug, Clone)]
pub struct Pack {
    /// The manifest.
    pub manifest: Manifest,
    /// Glossary terms.
    pub glossary: Vec<Term>,
    /// Flashcards.
    pub cards: Vec<Card>,
    /// Primers.
    pub primers: Vec<Primer>,
    /// Diagrams.
    pub diagrams: Vec<Diagram>,
    /// Exam blueprints.
    pub exams: Vec<Blueprint>,
    /// Hands-on tasks.
    pub tasks: Vec<Task>,
    /// How many problems the loader found (0 for a clean pack).
    pub problem_count: usize,
    /// Where it was loaded from, as a person names it.
    pub origin: String,
    /// Whether it is one of the packs built into the binary.
    pub builtin: bool,
    terms_by_id: BTreeMap<ItemId, usize>,
    /// Each cloze card's text as written (its items show it with deletions hidden), by card id.
    cloze_texts: BTreeMap<ItemId, String>,
}

impl Pack {
    pub(crate) fn new(
        manifest: Manifest,
        parsed: Parsed,
        problem_count: usize,
        origin: String,
        builtin: bool,
    ) -> Self {
        let mut all = Content::default();
        for (_, content) in parsed.contents {
            append(&mut all.glossary, content.glossary);
            append(&mut all.cards, content.cards);
            append(&mut all.primers, content.primers);
            append(&mut all.diagrams, content.diagrams);
            append(&mut all.exams, content.exams);
            append(&mut all.tasks, content.tasks);
        }
        let Content {
            glossary,
            cards,
            primers,
            diagrams,
            exams,
            mut tasks,
        } = all;
        let (mut glossary, mut cards, mut primers, mut diagrams) =
            (glossary, cards, primers, diagrams);
        for term in &mut glossary {
            exam_tags(&mut term.tags, &term.competencies);
        }
        for card in &mut cards {
            exam_tags(&mut card.tags, &card.competencies);
        }
        for task in &mut tasks {
            exam_tags(&mut task.tags, &task.competencies);
        }
        for primer in &mut primers {
            exam_tags(&mut primer.tags, &primer.competencies);
            for check in primer.sections.iter_mut().flat_map(|s| &mut s.checks) {
                exam_tags(&mut check.tags, &check.competencies);
            }
        }
        for diagram in &mut diagrams {
            // A diagram's boxes share its tags: it carries every exam and domain its boxes name.
            let names: Vec<String> = diagram
                .nodes
                .iter()
                .flat_map(|n| n.competencies.iter().take(MAX_DERIVED))
                .cloned()
                .collect();
            exam_tags(&mut diagram.tags, &names);
        }
        let cloze_texts = cards
            .iter()
            .filter(|c| matches!(c.answer, super::model::Answer::Cloze))
            .map(|c| (c.id.clone(), c.front.clone()))
            .collect();
        // Cloze cards become one card per deletion, reversed cards two (`pack::cloze`).
        let mut budget = super::cloze::MAX_EXPANDED_BYTES;
        let cards: Vec<Card> = cards
            .into_iter()
            .flat_map(|card| super::cloze::expand(card, &mut budget))
            .collect();
        let mut terms_by_id = BTreeMap::new();
        for (i, term) in glossary.iter().enumerate() {
            terms_by_id.entry(term.id.clone()).or_insert(i);
        }
        Self {
            manifest,
            glossary,
            cards,
            primers,
            diagrams,
            exams,
            tasks,
            problem_count,
            origin,
            builtin,
            terms_by_id,
            cloze_texts,
        }
    }

    /// The pack id.
    pub fn id(&self) -> &PackId {
        &self.manifest.id
    }

    /// The glossary term with this id.
    pub fn term(&self, id: &ItemId) -> Option<&Term> {
        self.terms_by_id.get(id).and_then(|&i| self.glossary.get(i))
    }

    /// The text as written of cloze card `card` (the id its items are made from).
    pub fn cloze_text(&self, card: &ItemId) -> Option<&str> {
        self.cloze_texts.get(card).map(String::as_str)
    }

    /// How much the pack holds.
    pub fn counts(&self) -> Counts {
        Counts {
            terms: self.glossary.len(),
            cards: self.cards.len(),
            primers: self.primers.len(),
            checks: self
                .primers
                .iter()
                .flat_map(|p| &p.sections)
                .map(|s| s.checks.len())
                .sum(),
            diagrams: self.diagrams.len(),
            nodes: self.diagrams.iter().map(|d| d.nodes.len()).sum(),
            exams: self.exams.len(),
            tasks: self.tasks.len(),
        }
    }

    /// Every item's `source`, with the item ids that carry it (terms, cards, checks, primers,
    /// diagrams), sorted; items without a source are under `None`.
    pub fn items_by_source<'a>(&'a self) -> BTreeMap<Option<&'a str>, Vec<&'a ItemId>> {
        let mut map: BTreeMap<Option<&'a str>, Vec<&'a ItemId>> = BTreeMap::new();
        let mut add =
            |source: Option<&'a str>, id: &'a ItemId| map.entry(source).or_default().push(id);
        for term in &self.glossary {
            add(term.source.as_deref(), &term.id);
        }
        for card in &self.cards {
            add(card.source.as_deref(), &card.id);
        }
        for primer in &self.primers {
            add(primer.source.as_deref(), &primer.id);
            for check in primer.sections.iter().flat_map(|s| &s.checks) {
                add(check.source.as_deref(), &check.id);
            }
        }
        for diagram in &self.diagrams {
            add(diagram.source.as_deref(), &diagram.id);
        }
        for ids in map.values_mut() {
            ids.sort();
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(text: &str) -> semver::Version {
        semver::Version::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn build_metadata_has_no_precedence() {
        let cases = [
            ("1.0.0", "1.0.0+build", Ordering::Equal),
            ("1.0.0+aaa", "1.0.0+zzz", Ordering::Equal),
            ("1.0.0+zzz", "1.0.1+aaa", Ordering::Less),
            ("1.0.0-alpha", "1.0.0", Ordering::Less),
            ("2.0.0", "1.9.9+z", Ordering::Greater),
        ];
        for (a, b, order) in cases {
            assert_eq!(
                cmp_precedence(&version(a), &version(b)),
                order,
                "{a} vs {b}"
            );
        }
    }

    #[test]
    fn a_version_that_is_not_semver_is_shown_as_written() {
        let label = |written: &str| {
            Manifest {
                id: PackId("p".to_owned()),
                version: semver::Version::parse(written.trim())
                    .unwrap_or_else(|_| semver::Version::new(0, 0, 0)),
                written_version: written.to_owned(),
                title: String::new(),
                summary: String::new(),
                language: String::new(),
                license: String::new(),
                authors: Vec::new(),
                kubernetes: String::new(),
                tags: Vec::new(),
            }
            .version_label()
        };
        assert_eq!(label("1.2.0"), "1.2.0");
        assert_eq!(label(" 1.2.0+b "), "1.2.0+b");
        assert_eq!(label("v1.0"), "v1.0 (invalid version)");
        assert_eq!(
            label("99999999999999999999.0.0"),
            "99999999999999999999.0.0 (invalid version)"
        );
        assert_eq!(label("  "), "(no version)");
    }
}

/// Competencies per item that give tags (the validator allows no more).
const MAX_DERIVED: usize = 12;

/// Adds to `tags` the exam id (`cka`) and domain id (`cka.storage`) of each competency
/// (`cka.storage.pv-pvc`) not already there, so that forecasts, cram and mock exams, which group
/// items by tag, group them by the blueprints' exams and domains.
pub(super) fn exam_tags(tags: &mut Vec<String>, competencies: &[String]) {
    for id in competencies.iter().take(MAX_DERIVED) {
        let mut parts = id.splitn(3, '.');
        let (Some(exam), Some(domain), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        for tag in [exam.to_owned(), format!("{exam}.{domain}")] {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
}

#[cfg(test)]
mod exam_tag_tests {
    #[test]
    fn competencies_give_their_exam_and_domain_as_tags() {
        let mut tags = vec!["storage".to_owned(), "cka".to_owned()];
        let ids = [
            "cka.storage.pv-pvc",
            "cka.storage.storageclass",
            "kcna.orchestration.storage",
            "bad",
        ]
        .map(str::to_owned);
        super::exam_tags(&mut tags, &ids);
        assert_eq!(
            tags,
            [
                "storage",
                "cka",
                "cka.storage",
                "kcna",
                "kcna.orchestration"
            ]
        );
    }
}
