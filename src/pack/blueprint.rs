//! Exam blueprints as data: the built-in ones (the `cncf-exams` pack, embedded) and any a pack
//! ships, indexed so an item's competency id resolves to its exam, domain and wording.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::model::{Blueprint, Competency, Content, ExamDomain, ManifestFile};
use super::parse::parse_ron;

/// The built-in pack that holds the CNCF exam blueprints.
pub const BUILTIN_EXAMS_PACK: &str = "cncf-exams";

/// Where a competency id points.
#[derive(Debug, Clone, Copy)]
pub struct CompetencyRef<'a> {
    /// Its exam.
    pub exam: &'a Blueprint,
    /// Its domain.
    pub domain: &'a ExamDomain,
    /// The competency.
    pub competency: &'a Competency,
}

/// Blueprints indexed by exam id and competency id. The first blueprint of an exam id wins.
#[derive(Debug, Default)]
pub struct Catalog {
    exams: Vec<Blueprint>,
    by_exam: HashMap<String, usize>,
    by_domain: HashMap<String, (usize, usize)>,
    by_competency: HashMap<String, (usize, usize, usize)>,
}

impl Catalog {
    /// Indexes `exams`; a later exam with an id already seen is dropped.
    pub fn new(exams: Vec<Blueprint>) -> Self {
        let mut catalog = Self::default();
        for exam in exams {
            if catalog.by_exam.contains_key(&exam.id) {
                continue;
            }
            let e = catalog.exams.len();
            catalog.by_exam.insert(exam.id.clone(), e);
            for (d, domain) in exam.domains.iter().enumerate() {
                catalog.by_domain.entry(domain.id.clone()).or_insert((e, d));
                for (c, competency) in domain.competencies.iter().enumerate() {
                    catalog
                        .by_competency
                        .entry(competency.id.clone())
                        .or_insert((e, d, c));
                }
            }
            catalog.exams.push(exam);
        }
        catalog
    }

    /// Every blueprint kept, in the order given.
    pub fn exams(&self) -> &[Blueprint] {
        &self.exams
    }

    /// The blueprint with this exam id.
    pub fn exam(&self, id: &str) -> Option<&Blueprint> {
        self.by_exam.get(id).and_then(|&e| self.exams.get(e))
    }

    /// The domain with this id (`cka.storage`).
    pub fn domain(&self, id: &str) -> Option<(&Blueprint, &ExamDomain)> {
        let &(e, d) = self.by_domain.get(id)?;
        let exam = self.exams.get(e)?;
        Some((exam, exam.domains.get(d)?))
    }

    /// What a competency id (`cka.storage.pv-pvc`) points to.
    pub fn competency(&self, id: &str) -> Option<CompetencyRef<'_>> {
        let &(e, d, c) = self.by_competency.get(id)?;
        let exam = self.exams.get(e)?;
        let domain = exam.domains.get(d)?;
        Some(CompetencyRef {
            exam,
            domain,
            competency: domain.competencies.get(c)?,
        })
    }

    /// A hint for an unknown competency id: the ids it may have meant (its domain's competencies,
    /// or its exam's domains, or the exam ids), at most eight.
    pub fn suggest(&self, id: &str) -> Vec<&str> {
        let mut parts = id.splitn(3, '.');
        let exam = parts.next().unwrap_or_default();
        let domain = parts.next().map(|d| format!("{exam}.{d}"));
        let listed: Vec<&str> = if let Some((_, d)) = domain.as_deref().and_then(|d| self.domain(d))
        {
            d.competencies.iter().map(|c| c.id.as_str()).collect()
        } else if let Some(e) = self.exam(exam) {
            e.domains.iter().map(|d| d.id.as_str()).collect()
        } else {
            self.exams.iter().map(|e| e.id.as_str()).collect()
        };
        listed.into_iter().take(8).collect()
    }
}

/// The built-in blueprints (parsed once from the embedded `cncf-exams` pack).
pub fn builtin() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let files = super::builtin::files(BUILTIN_EXAMS_PACK).unwrap_or_default();
        let text = |name: &str| {
            files
                .iter()
                .find(|(rel, _)| *rel == name)
                .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok())
        };
        // The build and tests/builtin_packs.rs fail on a built-in file that does not parse.
        let Some(mut manifest) = text("pack.ron").and_then(|t| parse_ron::<ManifestFile>(t).ok())
        else {
            return Catalog::default();
        };
        let mut exams = std::mem::take(&mut manifest.exams);
        // In the manifest's include order (KCNA first), as the author lists them.
        for name in &manifest.include {
            if let Some(mut content) = text(name).and_then(|t| parse_ron::<Content>(t).ok()) {
                exams.append(&mut content.exams);
            }
        }
        Catalog::new(exams)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_five_exams_are_built_in_with_weights_that_sum_to_100() {
        let catalog = builtin();
        let mut ids: Vec<&str> = catalog.exams().iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["cka", "ckad", "cks", "kcna", "kcsa"]);
        for exam in catalog.exams() {
            let sum: u32 = exam.domains.iter().map(|d| d.weight).sum();
            assert_eq!(sum, 100, "{}", exam.id);
            assert!(exam.domains.iter().all(|d| !d.competencies.is_empty()));
        }
    }

    #[test]
    fn the_current_curricula_are_the_ones_shipped() {
        let catalog = builtin();
        let weights = |id: &str| -> Vec<(String, u32)> {
            catalog.exam(id).map_or_else(Vec::new, |e| {
                e.domains
                    .iter()
                    .map(|d| (d.name.clone(), d.weight))
                    .collect()
            })
        };
        // KCNA 2025-11 (four domains; the 2021 blueprint with five is retired).
        assert_eq!(
            weights("kcna"),
            [
                ("Kubernetes Fundamentals".to_owned(), 44),
                ("Container Orchestration".to_owned(), 28),
                ("Cloud Native Application Delivery".to_owned(), 16),
                ("Cloud Native Architecture".to_owned(), 12),
            ]
        );
        let cka: Vec<u32> = weights("cka").into_iter().map(|(_, w)| w).collect();
        assert_eq!(cka, [30, 25, 20, 15, 10]);
        let ckad: Vec<u32> = weights("ckad").into_iter().map(|(_, w)| w).collect();
        assert_eq!(ckad, [25, 20, 20, 20, 15]);
        let storage = catalog.competency("cka.storage.storageclass").unwrap();
        assert_eq!(storage.domain.name, "Storage");
        assert_eq!(storage.exam.curriculum.version, "v1.35");
    }

    #[test]
    fn unknown_ids_get_the_nearest_list() {
        let catalog = builtin();
        assert!(
            catalog
                .suggest("cka.storage.pvc")
                .contains(&"cka.storage.pv-pvc")
        );
        assert!(catalog.suggest("cka.nope.x").contains(&"cka.storage"));
        assert!(catalog.suggest("ckx.a.b").contains(&"kcna"));
    }
}
