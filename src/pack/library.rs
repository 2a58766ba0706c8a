//! The library: every available pack, loaded, immutable, sorted by id.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use super::load::{LoadReport, load};
use super::model::PackId;
use super::pack::Pack;
use super::source::PackSource;

/// The packs the learner can study, sorted by id; shared read-only with every mode.
#[derive(Debug, Clone, Default)]
pub struct Library {
    packs: Vec<Arc<Pack>>,
}

impl Library {
    /// Builds a library from load reports. When two packs share an id, the higher version wins;
    /// on a tie, the earlier report (built-ins come first) wins.
    pub fn from_reports(reports: &[LoadReport]) -> Self {
        let mut packs: Vec<Arc<Pack>> = Vec::new();
        for pack in reports.iter().filter_map(|r| r.pack.as_ref()) {
            match packs.iter_mut().find(|p| p.id() == pack.id()) {
                Some(existing)
                    if super::pack::cmp_precedence(
                        &existing.manifest.version,
                        &pack.manifest.version,
                    )
                    .is_lt() =>
                {
                    *existing = Arc::new(pack.clone());
                }
                Some(_) => {}
                None => packs.push(Arc::new(pack.clone())),
            }
        }
        packs.sort_by(|a, b| a.id().cmp(b.id()));
        Self { packs }
    }

    /// A library of `packs`, sorted by id.
    pub(super) fn from_packs(mut packs: Vec<Arc<Pack>>) -> Self {
        packs.sort_by(|a, b| a.id().cmp(b.id()));
        Self { packs }
    }

    /// Loads the built-in packs only.
    pub fn builtin() -> (Self, Vec<LoadReport>) {
        let reports: Vec<LoadReport> = super::builtin::sources().iter().map(load).collect();
        (Self::from_reports(&reports), reports)
    }

    /// Every pack, sorted by id.
    pub fn packs(&self) -> &[Arc<Pack>] {
        &self.packs
    }

    /// The pack with this id.
    pub fn get(&self, id: &PackId) -> Option<&Arc<Pack>> {
        self.packs
            .binary_search_by(|p| p.id().cmp(id))
            .ok()
            .and_then(|i| self.packs.get(i))
    }
}

/// Every pack kubestudy offers: the built-ins, then those installed in `packs_dir` (if any).
/// What a killed install or remove left there is finished first (see [`super::installed`]).
pub fn available_sources(packs_dir: Option<&Path>) -> Vec<PackSource> {
    let mut sources = super::builtin::sources();
    if let Some(dir) = packs_dir {
        super::installed::recover(dir);
        sources.extend(installed_sources(dir));
    }
    sources
}

/// The packs installed in `dir` (folders and single `.ron` files), sorted by name. A missing
/// folder holds no packs.
pub fn installed_sources(dir: &Path) -> Vec<PackSource> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        // Dot-folders are imports being staged or replaced, not packs.
        .filter(|path| {
            !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .filter(|path| path.is_dir() || path.extension().is_some_and(|ext| ext == "ron"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| PackSource::from_path(path))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An embedded single-file pack with this id, version and title.
    fn pack(id: &str, version: &str, title: &str) -> PackSource {
        let manifest = format!(
            "(id: {id:?}, version: {version:?}, title: {title:?}, summary: \"s\", language: \"en\", \
             license: \"CC0-1.0\", authors: [\"x\"], kubernetes: \"1.35\", \
             cards: [(id: \"c\", front: \"f\", answer: Text(\"a\"))])"
        );
        let bytes: &'static [u8] = Box::leak(manifest.into_bytes().into_boxed_slice());
        let files: &'static [(&'static str, &'static [u8])] =
            Box::leak(Box::new([("pack.ron", bytes)]));
        PackSource::Embedded {
            folder: "test",
            files,
        }
    }

    #[test]
    fn sorted_by_id_and_the_newest_version_wins() {
        let cases = [
            (
                vec![
                    pack("b", "1.0.0", "B1"),
                    pack("b", "2.0.0", "B2"),
                    pack("a", "1.0.0", "A"),
                ],
                "B2",
            ),
            (
                vec![
                    pack("b", "2.0.0", "B2"),
                    pack("b", "1.0.0", "B1"),
                    pack("a", "1.0.0", "A"),
                ],
                "B2",
            ),
            // A tie keeps the earlier source (built-ins are loaded first).
            (
                vec![
                    pack("b", "1.0.0", "first"),
                    pack("a", "1.0.0", "A"),
                    pack("b", "1.0.0", "second"),
                ],
                "first",
            ),
            // Build metadata has no precedence in SemVer: still a tie.
            (
                vec![
                    pack("b", "1.0.0+aaa", "first"),
                    pack("a", "1.0.0", "A"),
                    pack("b", "1.0.0+zzz", "second"),
                ],
                "first",
            ),
        ];
        for (sources, b_title) in cases {
            let reports: Vec<LoadReport> = sources.iter().map(load).collect();
            assert!(
                reports.iter().all(|r| r.problems.is_empty()),
                "{:?}",
                reports.first().map(|r| &r.problems)
            );
            let library = Library::from_reports(&reports);
            let ids: Vec<&str> = library.packs().iter().map(|p| p.id().as_str()).collect();
            assert_eq!(ids, ["a", "b"]);
            let b = library
                .get(&PackId("b".to_owned()))
                .map(|p| p.manifest.title.as_str());
            assert_eq!(b, Some(b_title));
            assert!(library.get(&PackId("c".to_owned())).is_none());
        }
    }
}
