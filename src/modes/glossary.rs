//! Glossary search over every pack of the library: case- and accent-insensitive, tolerant of
//! small typos, ranked (exact term > term prefix > alias > term contains > typo > definition),
//! filtered by tag.
//!
//! Built for 50,000 terms at a keystroke each: the folded terms, aliases and definitions are
//! each one string searched with a single `memmem` pass (at most one hit per term), and typos
//! are checked against the distinct words of the term names only, with a bit-parallel edit
//! distance (`rapidfuzz`).

use std::collections::BTreeMap;
use std::sync::Arc;

use memchr::memmem;
use rapidfuzz::distance::levenshtein;
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

use crate::pack::{Card, Library, Term};

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
    /// An alias starts with the query.
    Alias,
    /// The term contains the query.
    Contains,
    /// A word of the term is within a typo or two of the query.
    Typo,
    /// The definition contains the query.
    Definition,
}

impl Rank {
    const ALL: [Self; 6] = [
        Self::Exact,
        Self::Prefix,
        Self::Alias,
        Self::Contains,
        Self::Typo,
        Self::Definition,
    ];
}

/// Lowercase, with accents and other combining marks removed (`Ré` → `re`), so that a search
/// need not match case or accents. Control characters become spaces.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text
            .chars()
            .map(|c| {
                if c.is_ascii_control() {
                    ' '
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
    }
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Many short texts in one string, separated by `\n` (which no folded query contains), each
/// owned by a term.
#[derive(Debug, Clone, Default)]
struct Haystack {
    text: String,
    /// Where each text starts, ascending.
    starts: Vec<usize>,
    /// The entry that owns each text.
    owners: Vec<u32>,
}

impl Haystack {
    fn push(&mut self, owner: u32, folded: &str) {
        self.starts.push(self.text.len());
        self.owners.push(owner);
        self.text.push_str(folded);
        self.text.push('\n');
    }

    /// Calls `hit(owner, at_start, whole)` once for each text containing `finder`'s needle.
    fn each_hit(&self, finder: &memmem::Finder<'_>, mut hit: impl FnMut(u32, bool, bool)) {
        let needle = finder.needle().len();
        let (bytes, mut from, mut segment) = (self.text.as_bytes(), 0, 0);
        while let Some(found) = bytes.get(from..).and_then(|rest| finder.find(rest)) {
            let at = from + found;
            // The cursor only moves forward: texts are in order and hits come in order.
            while self.starts.get(segment + 1).is_some_and(|&next| next <= at) {
                segment += 1;
            }
            let (Some(&start), Some(&owner)) = (self.starts.get(segment), self.owners.get(segment))
            else {
                return;
            };
            let end = self.starts.get(segment + 1).map_or(bytes.len(), |&n| n) - 1;
            hit(owner, at == start, at == start && start + needle == end);
            from = end + 1; // one hit per text is enough
        }
    }
}

/// A distinct word of the term names, with the entries using it.
#[derive(Debug, Clone)]
struct Word {
    chars: Vec<char>,
    /// Which characters it has, one bit per `char % 64`: a cheap test before edit distance.
    signature: u64,
    owners: Vec<u32>,
}

fn signature(chars: impl IntoIterator<Item = char>) -> u64 {
    chars
        .into_iter()
        .fold(0, |bits, c| bits | 1 << (u32::from(c) % 64))
}

/// The search index, built once per library.
#[derive(Debug, Clone)]
pub struct GlossaryIndex {
    library: Arc<Library>,
    refs: Vec<TermRef>,
    terms: Haystack,
    aliases: Haystack,
    definitions: Haystack,
    /// Distinct words of the term names (and whole names), shortest first, for typo matching.
    words: Vec<Word>,
    /// Every tag, sorted, with the entries carrying it.
    tags: BTreeMap<String, Vec<u32>>,
    /// Entries whose folded name another entry (in another pack) shares.
    ambiguous: Vec<bool>,
}

impl GlossaryIndex {
    /// Indexes every term of `library`, in pack and term order.
    pub fn new(library: Arc<Library>) -> Self {
        let mut index = Self {
            library: Arc::clone(&library),
            refs: Vec::new(),
            terms: Haystack::default(),
            aliases: Haystack::default(),
            definitions: Haystack::default(),
            words: Vec::new(),
            tags: BTreeMap::new(),
            ambiguous: Vec::new(),
        };
        let mut words: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut names: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (p, pack) in library.packs().iter().enumerate() {
            for (t, term) in pack.glossary.iter().enumerate() {
                let Ok(owner) = u32::try_from(index.refs.len()) else {
                    return index; // over four billion terms: the rest are not searchable
                };
                index.refs.push(TermRef { pack: p, term: t });
                let name = fold(&term.term);
                for word in std::iter::once(name.as_str()).chain(name.split([' ', '-', '/'])) {
                    let owners = words.entry(word.to_owned()).or_default();
                    if owners.last() != Some(&owner) {
                        owners.push(owner);
                    }
                }
                index.terms.push(owner, &name);
                names.entry(name.clone()).or_default().push(owner);
                for alias in &term.aliases {
                    index.aliases.push(owner, &fold(alias));
                }
                index.definitions.push(owner, &fold(&term.definition));
                // Exam and domain ids (`cka.storage`) come from competencies, not the author's
                // topics: they stay out of the tag menu.
                for tag in term.tags.iter().filter(|t| !t.contains('.')) {
                    index.tags.entry(tag.clone()).or_default().push(owner);
                }
            }
        }
        index.words = words
            .into_iter()
            .map(|(word, owners)| Word {
                signature: signature(word.chars()),
                chars: word.chars().collect(),
                owners,
            })
            .collect();
        index.words.sort_by_key(|w| w.chars.len());
        index.ambiguous = vec![false; index.refs.len()];
        for owners in names.values().filter(|owners| owners.len() > 1) {
            for &o in owners {
                if let Some(flag) = index.ambiguous.get_mut(o as usize) {
                    *flag = true;
                }
            }
        }
        index
    }

    /// Every term, or those matching `query`, best first (ties in library order); only terms
    /// with `tag` when one is given.
    pub fn search(&self, query: &str, tag: Option<&str>) -> Vec<(TermRef, Rank)> {
        const NONE: u8 = u8::MAX;
        let allowed: Option<&[u32]> = match tag {
            Some(tag) => Some(self.tags.get(tag).map_or(&[], Vec::as_slice)),
            None => None,
        };
        let query = fold(query.trim());
        let query = query.trim();
        let mut best = vec![NONE; self.refs.len()];
        let mut better = |owner: u32, rank: Rank| {
            if let Some(slot) = best.get_mut(owner as usize) {
                *slot = (*slot).min(rank as u8);
            }
        };
        if query.is_empty() {
            (0..self.refs.len()).for_each(|i| better(u32::try_from(i).unwrap_or(0), Rank::Exact));
        } else {
            let finder = memmem::Finder::new(query.as_bytes());
            self.terms.each_hit(&finder, |owner, at_start, whole| {
                let rank = match (at_start, whole) {
                    (_, true) => Rank::Exact,
                    (true, false) => Rank::Prefix,
                    (false, _) => Rank::Contains,
                };
                better(owner, rank);
            });
            self.aliases.each_hit(&finder, |owner, at_start, _| {
                if at_start {
                    better(owner, Rank::Alias);
                }
            });
            self.typos(query, |owner| better(owner, Rank::Typo));
            self.definitions
                .each_hit(&finder, |owner, _, _| better(owner, Rank::Definition));
        }
        let mut buckets: [Vec<TermRef>; 6] = Default::default();
        let mut keep = |owner: usize| {
            let (Some(&rank), Some(&at)) = (best.get(owner), self.refs.get(owner)) else {
                return;
            };
            if let Some(bucket) = buckets.get_mut(usize::from(rank)) {
                bucket.push(at);
            }
        };
        match allowed {
            Some(owners) => owners.iter().for_each(|&o| keep(o as usize)),
            None => (0..self.refs.len()).for_each(&mut keep),
        }
        Rank::ALL
            .into_iter()
            .zip(buckets)
            .flat_map(|(rank, refs)| refs.into_iter().map(move |at| (at, rank)))
            .collect()
    }

    /// Calls `hit` for each entry with a word within 1 edit of `query` (2 from 8 characters);
    /// queries under 4 characters must match exactly.
    fn typos(&self, query: &str, mut hit: impl FnMut(u32)) {
        let length = query.chars().count();
        let allowed = match length {
            0..=3 => return,
            4..=7 => 1,
            _ => 2,
        };
        let comparator = levenshtein::BatchComparator::new(query.chars());
        let args = levenshtein::Args::default().score_cutoff(allowed);
        let wanted = signature(query.chars());
        let from = self
            .words
            .partition_point(|w| w.chars.len() + allowed < length);
        let to = self
            .words
            .partition_point(|w| w.chars.len() <= length + allowed);
        for word in self.words.get(from..to).unwrap_or_default() {
            // Each character missing on one side costs at least one edit.
            let missing = (wanted & !word.signature).count_ones() as usize;
            let extra = (word.signature & !wanted).count_ones() as usize;
            if missing <= allowed
                && extra <= allowed
                && comparator
                    .distance_with_args(word.chars.iter().copied(), &args)
                    .is_some()
            {
                word.owners.iter().for_each(|&o| hit(o));
            }
        }
    }

    /// Whether another term has the same name (ignoring case and accents), so the list should
    /// say which pack this one is from.
    pub fn is_ambiguous(&self, at: TermRef) -> bool {
        self.refs
            .binary_search(&at)
            .ok()
            .and_then(|i| self.ambiguous.get(i))
            .copied()
            .unwrap_or(false)
    }

    /// Every tag used by a term, sorted.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.tags.keys().map(String::as_str)
    }

    /// How many terms there are.
    pub fn len(&self) -> usize {
        self.refs.len()
    }

    /// Whether there are no terms.
    pub fn is_empty(&self) -> bool {
        self.refs.is_empty()
    }

    /// How many terms pack number `pack` has.
    pub fn pack_len(&self, pack: usize) -> usize {
        self.library
            .packs()
            .get(pack)
            .map_or(0, |p| p.glossary.len())
    }

    /// The term at `at`.
    pub fn term(&self, at: TermRef) -> Option<&Term> {
        self.library
            .packs()
            .get(at.pack)
            .and_then(|p| p.glossary.get(at.term))
    }

    /// The id of the pack of `at`.
    pub fn pack_id(&self, at: TermRef) -> &str {
        self.library
            .packs()
            .get(at.pack)
            .map_or("", |p| p.id().as_str())
    }

    /// The title of the pack of `at`.
    pub fn pack_title(&self, at: TermRef) -> &str {
        self.library
            .packs()
            .get(at.pack)
            .map_or("", |p| p.manifest.title.as_str())
    }

    /// A link from `from` to the term with id `id` in the same pack (see-also, card chips).
    pub fn see_also(&self, from: TermRef, id: &str) -> Option<TermRef> {
        self.find(from.pack, id)
    }

    /// The term with id `id` in pack number `pack`.
    pub fn find(&self, pack: usize, id: &str) -> Option<TermRef> {
        let term = self
            .library
            .packs()
            .get(pack)?
            .glossary
            .iter()
            .position(|t| t.id.as_str() == id)?;
        Some(TermRef { pack, term })
    }

    /// The cards in the same pack that link to the term at `at`, as indexes in the pack's cards
    /// (see [`Self::card`]), in pack order.
    pub fn cards_using(&self, at: TermRef) -> Vec<usize> {
        let (Some(pack), Some(term)) = (self.library.packs().get(at.pack), self.term(at)) else {
            return Vec::new();
        };
        pack.cards
            .iter()
            .enumerate()
            .filter(|(_, c)| c.terms.contains(&term.id))
            .map(|(i, _)| i)
            .collect()
    }

    /// Card number `card` of pack number `pack`, if there is one.
    pub fn card(&self, pack: usize, card: usize) -> Option<&Card> {
        self.library.packs().get(pack)?.cards.get(card)
    }

    /// The diagram nodes in the same pack that stand for the term at `at`: (diagram title, node
    /// label, how many such nodes the diagram has).
    pub fn nodes_using(&self, at: TermRef) -> Vec<(&str, &str, usize)> {
        let (Some(pack), Some(term)) = (self.library.packs().get(at.pack), self.term(at)) else {
            return Vec::new();
        };
        let mut out: Vec<(&str, &str, usize)> = Vec::new();
        for diagram in &pack.diagrams {
            for node in diagram
                .nodes
                .iter()
                .filter(|n| n.term.as_ref() == Some(&term.id))
            {
                let key = (diagram.title.as_str(), node.label.as_str());
                match out.iter_mut().find(|(d, n, _)| (*d, *n) == key) {
                    Some(seen) => seen.2 += 1,
                    None => out.push((key.0, key.1, 1)),
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_and_accents() {
        assert_eq!(fold("Réseau CNI"), "reseau cni");
        assert_eq!(fold("ÉTCD"), "etcd");
        assert_eq!(fold("naïve\tcafé"), "naive cafe");
        assert_eq!(fold("Kube-Proxy"), "kube-proxy");
    }

    #[test]
    fn one_hit_per_text_with_its_place() {
        let mut hay = Haystack::default();
        hay.push(0, "pod pod");
        hay.push(1, "a pod");
        hay.push(2, "pod");
        hay.push(3, "none");
        let mut hits = Vec::new();
        hay.each_hit(&memmem::Finder::new("pod"), |o, start, whole| {
            hits.push((o, start, whole));
        });
        assert_eq!(hits, [(0, true, false), (1, false, false), (2, true, true)]);
    }
}
