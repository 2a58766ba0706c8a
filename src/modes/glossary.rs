//! Glossary search: case-insensitive, tolerant of small typos, ranked (exact term > term prefix
//! > alias > term contains > definition), over every pack of the library.

use std::sync::Arc;

use crate::pack::{Library, Term};

/// A term's place in the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TermRef {
    /// Index of the pack in `Library::packs()`.
    pub pack: usize,
    /// Index of the term in the pack's glossary.
    pub term: usize,
}

/// How well a term matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    /// The term itself.
    Exact,
    /// The term starts with the query.
    Prefix,
    /// An alias is or starts with the query.
    Alias,
    /// The term contains the query.
    Contains,
    /// A word of the term is within a typo or two of the query.
    Typo,
    /// The definition contains the query.
    Definition,
}

/// The search index: lowercased text of every term, built once per library.
#[derive(Debug, Clone)]
pub struct GlossaryIndex {
    library: Arc<Library>,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    at: TermRef,
    term: String,
    aliases: Vec<String>,
    definition: String,
}

impl GlossaryIndex {
    /// Indexes every term of `library`, in pack and term order.
    pub fn new(library: Arc<Library>) -> Self {
        let mut entries = Vec::new();
        for (p, pack) in library.packs().iter().enumerate() {
            for (t, term) in pack.glossary.iter().enumerate() {
                entries.push(Entry {
                    at: TermRef { pack: p, term: t },
                    term: term.term.to_lowercase(),
                    aliases: term.aliases.iter().map(|a| a.to_lowercase()).collect(),
                    definition: term.definition.to_lowercase(),
                });
            }
        }
        Self { library, entries }
    }

    /// Every term, or those matching `query`, best first (ties in library order).
    pub fn search(&self, query: &str) -> Vec<(TermRef, Rank)> {
        let query = query.trim().to_lowercase();
        if query.is_empty() {
            return self.entries.iter().map(|e| (e.at, Rank::Exact)).collect();
        }
        let mut hits: Vec<(Rank, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| rank(e, &query).map(|r| (r, i)))
            .collect();
        hits.sort_unstable();
        hits.into_iter()
            .filter_map(|(r, i)| self.entries.get(i).map(|e| (e.at, r)))
            .collect()
    }

    /// The term at `at`.
    pub fn term(&self, at: TermRef) -> Option<&Term> {
        self.library
            .packs()
            .get(at.pack)
            .and_then(|p| p.glossary.get(at.term))
    }

    /// The title of the pack of `at`.
    pub fn pack_title(&self, at: TermRef) -> &str {
        self.library
            .packs()
            .get(at.pack)
            .map_or("", |p| p.manifest.title.as_str())
    }

    /// A see-also link from `from`: the term with id `id` in the same pack.
    pub fn see_also(&self, from: TermRef, id: &str) -> Option<TermRef> {
        let pack = self.library.packs().get(from.pack)?;
        let term = pack.glossary.iter().position(|t| t.id.as_str() == id)?;
        Some(TermRef {
            pack: from.pack,
            term,
        })
    }

    /// Fronts of the cards in the same pack that link to the term at `at`.
    pub fn cards_using(&self, at: TermRef) -> Vec<&str> {
        let (Some(pack), Some(term)) = (self.library.packs().get(at.pack), self.term(at)) else {
            return Vec::new();
        };
        pack.cards
            .iter()
            .filter(|c| c.terms.contains(&term.id))
            .map(|c| c.front.as_str())
            .collect()
    }
}

fn rank(e: &Entry, query: &str) -> Option<Rank> {
    if e.term == query {
        Some(Rank::Exact)
    } else if e.term.starts_with(query) {
        Some(Rank::Prefix)
    } else if e.aliases.iter().any(|a| a.starts_with(query)) {
        Some(Rank::Alias)
    } else if e.term.contains(query) {
        Some(Rank::Contains)
    } else if typo_match(&e.term, query) {
        Some(Rank::Typo)
    } else if e.definition.contains(query) {
        Some(Rank::Definition)
    } else {
        None
    }
}

/// Whether a word of `text` (or the whole) is within 1 edit of `query` (2 from 8 characters);
/// queries under 4 characters must match exactly.
fn typo_match(text: &str, query: &str) -> bool {
    let allowed = match query.chars().count() {
        0..=3 => return false,
        4..=7 => 1,
        _ => 2,
    };
    std::iter::once(text)
        .chain(text.split([' ', '-', '/']))
        .any(|word| edit_distance_at_most(word, query, allowed))
}

/// Levenshtein distance between `a` and `b` is at most `max` (rows cut off early).
fn edit_distance_at_most(a: &str, b: &str, max: usize) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous
                .get(j)
                .map_or(usize::MAX, |d| d + usize::from(ca != cb));
            let delete = previous.get(j + 1).map_or(usize::MAX, |d| d + 1);
            let insert = current.get(j).map_or(usize::MAX, |d| d + 1);
            if let Some(slot) = current.get_mut(j + 1) {
                *slot = substitute.min(delete).min(insert);
            }
        }
        if current.iter().min().is_some_and(|&m| m > max) {
            return false;
        }
        previous = current;
    }
    previous.last().is_some_and(|&d| d <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        let cases = [
            ("kubelet", "kubelet", 0, true),
            ("kubelet", "kublet", 1, true),
            ("kubelet", "kbuelet", 1, false),
            ("etcd", "etdc", 2, true),
            ("scheduler", "shceduler", 2, true),
            ("pod", "node", 1, false),
        ];
        for (a, b, max, expected) in cases {
            assert_eq!(edit_distance_at_most(a, b, max), expected, "{a} {b} {max}");
        }
    }
}
