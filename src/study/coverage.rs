//! The coverage map: for each domain and competency of an exam blueprint, the items that teach
//! it, the learner's predicted recall of them on exam day, and the gaps.
//!
//! Questions are cards and primer checks (what a mock exam can ask); glossary terms and diagram
//! boxes are counted beside them. An item naming several competencies counts for each; a domain
//! counts each of its items once. A domain's share is its questions over the sum of all domains'
//! questions, to compare with its weight.

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Serialize;

use crate::pack::blueprint::Catalog;
use crate::pack::model::Blueprint;
use crate::pack::{Library, Pack};

/// Fewest questions (cards and checks) a competency needs before it is not a gap.
pub const MIN_QUESTIONS: u32 = 10;
/// How far a domain's share of the questions may stray from its weight, as a fraction of it.
pub const SHARE_TOLERANCE: f64 = 0.30;

/// Something missing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Gap {
    /// Too few questions.
    FewQuestions {
        /// Questions there are.
        have: u32,
        /// Questions wanted.
        need: u32,
    },
    /// Predicted recall on exam day below the target.
    WeakRecall {
        /// Predicted recall, 0 to 1.
        recall: f64,
        /// The readiness target, 0 to 1.
        target: f64,
    },
    /// The domain's share of the questions is off its weight by more than the tolerance.
    ShareOff {
        /// Its share, 0 to 1.
        share: f64,
        /// Its weight, 0 to 1.
        weight: f64,
    },
}

/// A share as a whole percentage: `42 %`.
pub fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

impl std::fmt::Display for Gap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Self::FewQuestions { have, need } => write!(f, "{have} of {need} questions"),
            Self::WeakRecall { recall, target } => {
                write!(f, "recall {} under {}", percent(recall), percent(target))
            }
            Self::ShareOff { share, weight } => write!(
                f,
                "{} of the questions, wanted {} to {}",
                percent(share),
                percent(weight * (1.0 - SHARE_TOLERANCE)),
                percent(weight * (1.0 + SHARE_TOLERANCE))
            ),
        }
    }
}

/// One competency's coverage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetencyCoverage {
    /// Competency id.
    pub id: String,
    /// As the curriculum words it.
    pub text: String,
    /// Flashcards naming it.
    pub cards: u32,
    /// Primer checks naming it.
    pub checks: u32,
    /// Glossary terms naming it.
    pub terms: u32,
    /// Diagram boxes naming it.
    pub nodes: u32,
    /// Hands-on tasks naming it.
    pub tasks: u32,
    /// Mean predicted recall on exam day over its items (never answered counts as 0); `None`
    /// without progress or without items.
    pub recall: Option<f64>,
    /// What is missing.
    pub gaps: Vec<Gap>,
}

impl CompetencyCoverage {
    /// Cards and checks.
    pub fn questions(&self) -> u32 {
        self.cards + self.checks
    }
}

/// One domain's coverage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainCoverage {
    /// Domain id.
    pub id: String,
    /// As the curriculum names it.
    pub name: String,
    /// Percent of the exam.
    pub weight: u32,
    /// Its questions, each counted once.
    pub questions: u32,
    /// Its share of all the exam's domain questions, 0 to 1.
    pub share: f64,
    /// Mean predicted recall over its items; `None` without progress or items.
    pub recall: Option<f64>,
    /// Its competencies, in curriculum order.
    pub competencies: Vec<CompetencyCoverage>,
    /// What is missing at the domain level (its share).
    pub gaps: Vec<Gap>,
}

/// An exam's coverage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExamCoverage {
    /// Exam id.
    pub exam: String,
    /// Its name.
    pub title: String,
    /// The curriculum version followed.
    pub curriculum: String,
    /// Questions naming any of its competencies, each counted once.
    pub questions: u32,
    /// Domains, in blueprint order.
    pub domains: Vec<DomainCoverage>,
}

impl ExamCoverage {
    /// Competencies with a gap.
    pub fn gaps(&self) -> impl Iterator<Item = (&DomainCoverage, &CompetencyCoverage)> {
        self.domains.iter().flat_map(|d| {
            d.competencies
                .iter()
                .filter(|c| !c.gaps.is_empty())
                .map(move |c| (d, c))
        })
    }
}

/// What an item is, for counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A flashcard.
    Card,
    /// A primer check.
    Check,
    /// A glossary term.
    Term,
    /// A diagram box.
    Node,
    /// A hands-on task.
    Task,
}

/// Every study item of the packs with the competencies it names: (pack, item id, kind,
/// competencies). Item ids are those progress is kept under.
pub fn competency_items<'a>(
    packs: &[&'a Pack],
) -> Vec<(&'a str, Cow<'static, str>, Kind, &'a [String])> {
    let mut out = Vec::new();
    for pack in packs {
        let id = pack.id().as_str();
        for card in &pack.cards {
            out.push((
                id,
                Cow::Owned(card.id.0.clone()),
                Kind::Card,
                &card.competencies[..],
            ));
        }
        for term in &pack.glossary {
            out.push((
                id,
                Cow::Owned(term.id.0.clone()),
                Kind::Term,
                &term.competencies[..],
            ));
        }
        for check in pack
            .primers
            .iter()
            .flat_map(|p| &p.sections)
            .flat_map(|s| &s.checks)
        {
            out.push((
                id,
                Cow::Owned(check.id.0.clone()),
                Kind::Check,
                &check.competencies[..],
            ));
        }
        for diagram in &pack.diagrams {
            for node in &diagram.nodes {
                let item = super::items::node_item_id(diagram.id.as_str(), node.id.as_str());
                out.push((id, Cow::Owned(item), Kind::Node, &node.competencies[..]));
            }
        }
        for task in &pack.tasks {
            out.push((
                id,
                Cow::Owned(task.id.0.clone()),
                Kind::Task,
                &task.competencies[..],
            ));
        }
    }
    out
}

/// The exams the library's packs define (the built-in blueprints are a pack), first of an id
/// winning.
pub fn library_catalog(library: &Library) -> Catalog {
    Catalog::new(
        library
            .packs()
            .iter()
            .flat_map(|p| p.exams.iter().cloned())
            .collect(),
    )
}

/// The coverage of `exam` by `items` (from [`competency_items`]); `recall[i]` is item `i`'s
/// predicted recall on exam day (`None`: never answered), or `recall` is `None` without progress.
/// Linear in the items and their competency lists.
pub fn coverage(
    exam: &Blueprint,
    items: &[(&str, Cow<'_, str>, Kind, &[String])],
    recall: Option<&[Option<f32>]>,
    target: f32,
) -> ExamCoverage {
    let catalog = Catalog::new(vec![exam.clone()]);
    let mut domains = empty(exam);
    let index = |id: &str| -> Option<(usize, usize)> {
        let found = catalog.competency(id)?;
        let d = exam.domains.iter().position(|d| d.id == found.domain.id)?;
        let c = exam
            .domains
            .get(d)?
            .competencies
            .iter()
            .position(|c| c.id == found.competency.id)?;
        Some((d, c))
    };
    // Per domain: the sum of its items' recall and their count, and the same per competency.
    let mut acc: Vec<Acc> = domains
        .iter()
        .map(|d| Acc {
            domain: (0.0, 0),
            competencies: vec![(0.0, 0); d.competencies.len()],
        })
        .collect();
    let mut exam_questions = 0;
    let mut in_domain: HashSet<usize> = HashSet::new();
    for (i, (_, _, kind, ids)) in items.iter().enumerate() {
        let r = recall
            .and_then(|r| r.get(i).copied())
            .map(|r| f64::from(r.unwrap_or(0.0)))
            .unwrap_or(0.0);
        let question = matches!(kind, Kind::Card | Kind::Check);
        in_domain.clear();
        for id in *ids {
            let Some((d, c)) = index(id) else { continue };
            let (Some(domain), Some(a)) = (domains.get_mut(d), acc.get_mut(d)) else {
                continue;
            };
            let (Some(comp), Some(ca)) =
                (domain.competencies.get_mut(c), a.competencies.get_mut(c))
            else {
                continue;
            };
            match kind {
                Kind::Card => comp.cards += 1,
                Kind::Check => comp.checks += 1,
                Kind::Term => comp.terms += 1,
                Kind::Node => comp.nodes += 1,
                Kind::Task => comp.tasks += 1,
            }
            *ca = (ca.0 + r, ca.1 + 1);
            if in_domain.insert(d) {
                a.domain = (a.domain.0 + r, a.domain.1 + 1);
                if question {
                    domain.questions += 1;
                }
            }
        }
        if !in_domain.is_empty() && question {
            exam_questions += 1;
        }
    }
    finish(&mut domains, &acc, recall.is_some(), f64::from(target));
    ExamCoverage {
        exam: exam.id.clone(),
        title: exam.title.clone(),
        curriculum: exam.curriculum.version.clone(),
        questions: exam_questions,
        domains,
    }
}

/// Recall sums and counts of one domain and of each of its competencies.
struct Acc {
    domain: (f64, u32),
    competencies: Vec<(f64, u32)>,
}

/// The exam's domains and competencies with nothing counted yet.
fn empty(exam: &Blueprint) -> Vec<DomainCoverage> {
    exam.domains
        .iter()
        .map(|d| DomainCoverage {
            id: d.id.clone(),
            name: d.name.clone(),
            weight: d.weight,
            questions: 0,
            share: 0.0,
            recall: None,
            competencies: d
                .competencies
                .iter()
                .map(|c| CompetencyCoverage {
                    id: c.id.clone(),
                    text: c.text.clone(),
                    cards: 0,
                    checks: 0,
                    terms: 0,
                    nodes: 0,
                    tasks: 0,
                    recall: None,
                    gaps: Vec::new(),
                })
                .collect(),
            gaps: Vec::new(),
        })
        .collect()
}

/// Means, shares and gaps from the counts.
fn finish(domains: &mut [DomainCoverage], acc: &[Acc], with_recall: bool, target: f64) {
    let all: u32 = domains.iter().map(|d| d.questions).sum();
    let mean = |(sum, n): (f64, u32)| (with_recall && n > 0).then(|| sum / f64::from(n));
    for (domain, a) in domains.iter_mut().zip(acc) {
        domain.recall = mean(a.domain);
        domain.share = if all == 0 {
            0.0
        } else {
            f64::from(domain.questions) / f64::from(all)
        };
        let weight = f64::from(domain.weight) / 100.0;
        if (domain.share - weight).abs() > weight * SHARE_TOLERANCE {
            domain.gaps.push(Gap::ShareOff {
                share: domain.share,
                weight,
            });
        }
        for (comp, &ca) in domain.competencies.iter_mut().zip(&a.competencies) {
            comp.recall = mean(ca);
            if comp.questions() < MIN_QUESTIONS {
                comp.gaps.push(Gap::FewQuestions {
                    have: comp.questions(),
                    need: MIN_QUESTIONS,
                });
            }
            if let Some(r) = comp.recall.filter(|&r| r < target) {
                comp.gaps.push(Gap::WeakRecall { recall: r, target });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing, clippy::unwrap_used)]

    use super::*;
    use crate::pack::model::{Competency, Curriculum, ExamDomain, ExamFormat, ExamStyle};

    fn exam() -> Blueprint {
        let domain = |id: &str, weight, comps: &[&str]| ExamDomain {
            id: format!("x.{id}"),
            name: id.to_owned(),
            weight,
            competencies: comps
                .iter()
                .map(|c| Competency {
                    id: format!("x.{id}.{c}"),
                    text: (*c).to_owned(),
                })
                .collect(),
        };
        Blueprint {
            id: "x".to_owned(),
            title: "X".to_owned(),
            curriculum: Curriculum {
                version: "1".to_owned(),
                date: "2026-01-01".to_owned(),
                source: "s".to_owned(),
            },
            format: ExamFormat {
                style: ExamStyle::MultipleChoice,
                questions: 10,
                minutes: 10,
                pass_percent: 75,
            },
            domains: vec![domain("a", 75, &["p", "q"]), domain("b", 25, &["r"])],
        }
    }

    #[test]
    fn counts_items_per_competency_and_each_once_per_domain() {
        let exam = exam();
        let both = ["x.a.p".to_owned(), "x.a.q".to_owned()];
        let r = ["x.b.r".to_owned()];
        let other = ["y.z.w".to_owned()];
        let mut items: Vec<(&str, Cow<'_, str>, Kind, &[String])> = Vec::new();
        for i in 0..12 {
            items.push(("p", Cow::Owned(format!("c{i}")), Kind::Card, &both[..]));
        }
        items.push(("p", Cow::Borrowed("t"), Kind::Term, &both[..]));
        items.push(("p", Cow::Borrowed("k"), Kind::Check, &r[..]));
        items.push(("p", Cow::Borrowed("o"), Kind::Card, &other[..]));
        let cov = coverage(&exam, &items, None, 0.9);
        assert_eq!(cov.questions, 13);
        let a = &cov.domains[0];
        assert_eq!(
            a.questions, 12,
            "a card naming two competencies of a counts once"
        );
        assert_eq!((a.competencies[0].cards, a.competencies[0].terms), (12, 1));
        assert!(a.competencies[0].gaps.is_empty());
        let b = &cov.domains[1];
        assert_eq!(b.competencies[0].checks, 1);
        assert_eq!(
            b.competencies[0].gaps,
            [Gap::FewQuestions { have: 1, need: 10 }]
        );
        // a: 12 of 13 questions (92 %) against 75 %: off by more than 30 % of 75 % (22.5 points)?
        // 17 points: within. b: 1 of 13 (7.7 %) against 25 %: off by 17.3 > 7.5 points.
        assert!(a.gaps.is_empty());
        assert!(matches!(b.gaps[..], [Gap::ShareOff { .. }]));
        assert_eq!(a.recall, None, "no progress, no recall");
    }

    #[test]
    fn recall_is_the_mean_with_unseen_as_zero_and_weak_is_flagged() {
        let exam = exam();
        let p = ["x.a.p".to_owned()];
        let items: Vec<(&str, Cow<'_, str>, Kind, &[String])> = (0..10)
            .map(|i| ("p", Cow::Owned(format!("c{i}")), Kind::Card, &p[..]))
            .collect();
        let mut recall = vec![Some(0.95_f32); 5];
        recall.extend([None; 5]);
        let cov = coverage(&exam, &items, Some(&recall), 0.9);
        let comp = &cov.domains[0].competencies[0];
        let r = comp.recall.unwrap();
        assert!((r - 0.475).abs() < 1e-6, "{r}");
        assert!(matches!(comp.gaps[..], [Gap::WeakRecall { .. }]));
    }
}
