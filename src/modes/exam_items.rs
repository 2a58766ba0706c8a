//! Questions for exam week, made from pack content: cram items (cards, glossary terms, diagram
//! boxes) and mock exam questions (cards, by exam domain).

use super::cram::CramItem;
use super::drill::blank_out;
use super::mock::{Candidate, Form};
use super::{key_hash, mix};
use crate::pack::{Answer, Card, Library, Term};
use crate::progress::{ItemKey, ItemKind};
use crate::study::exam::Profile;
use crate::study::items::node_item_id;

/// What to cram: packs (by index in the library) and, optionally, one tag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CramFilter {
    /// Packs to draw from (all when empty).
    pub packs: Vec<usize>,
    /// Only items with this tag (diagram boxes carry their diagram's tags).
    pub tag: Option<String>,
    /// Include diagram boxes.
    pub diagrams: bool,
}

/// A card's answer as one line.
pub fn answer_text(answer: &Answer) -> String {
    match answer {
        Answer::Text(text) => text.clone(),
        Answer::Ordered(items) => items
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}. {s}", i + 1))
            .collect::<Vec<_>>()
            .join("  "),
        Answer::Set(items) => items.join("; "),
        Answer::Cloze => String::new(),
    }
}

/// `item` (a cram item of a card) asked in `card`'s words: after the learner edited it.
pub fn recram(item: &CramItem, card: &Card, seed: u64) -> CramItem {
    let (options, right) = choice(card, seed).map_or((Vec::new(), None), |(o, r)| (o, Some(r)));
    CramItem {
        prompt: card.front.clone(),
        answer: answer_text(&card.answer),
        options,
        right,
        ..item.clone()
    }
}

/// A card's options when it is a single-answer multiple choice: (options shuffled, right one).
fn choice(card: &Card, seed: u64) -> Option<(Vec<String>, usize)> {
    let Answer::Text(text) = &card.answer else {
        return None;
    };
    if card.distractors.is_empty() {
        return None;
    }
    let mut options: Vec<(u64, String)> = std::iter::once(text.clone())
        .chain(card.distractors.iter().cloned())
        .enumerate()
        .map(|(i, o)| (mix(seed ^ i as u64), o))
        .collect();
    options.sort_by_key(|(k, _)| *k);
    let options: Vec<String> = options.into_iter().map(|(_, o)| o).collect();
    let right = options.iter().position(|o| o == text)?;
    Some((options, right))
}

/// Cram items matching `filter`, weakest first by `recalls` (exam-day recall of every item in
/// [`crate::study::stats::item_tags`] order; `None` = never answered, weakest of all).
pub fn cram_items(
    library: &Library,
    filter: &CramFilter,
    recalls: &[Option<f32>],
    seed: u64,
) -> Vec<CramItem> {
    let mut out: Vec<CramItem> = Vec::new();
    let mut index = 0;
    let wanted = |tags: &[String]| filter.tag.as_ref().is_none_or(|t| tags.contains(t));
    for (p, pack) in library.packs().iter().enumerate() {
        let take_pack = filter.packs.is_empty() || filter.packs.contains(&p);
        let id = pack.id().0.clone();
        let make =
            |at: usize, item: String, kind, prompt, answer, mc: Option<(Vec<String>, usize)>| {
                let recall = recalls.get(at).copied().flatten().unwrap_or(0.0);
                let (options, right) = mc.map_or((Vec::new(), None), |(o, r)| (o, Some(r)));
                CramItem {
                    key: ItemKey::new(id.clone(), item),
                    kind,
                    prompt,
                    answer,
                    options,
                    right,
                    recall,
                }
            };
        for card in &pack.cards {
            index += 1;
            let item = make(
                index - 1,
                card.id.0.clone(),
                ItemKind::Card,
                card.front.clone(),
                answer_text(&card.answer),
                choice(card, seed),
            );
            if take_pack && wanted(&card.tags) {
                out.push(item);
            }
        }
        for term in &pack.glossary {
            let prompt = format!("What is {}?", term.term);
            index += 1;
            let item = make(
                index - 1,
                term.id.0.clone(),
                ItemKind::Term,
                prompt,
                term.definition.clone(),
                None,
            );
            if take_pack && wanted(&term.tags) {
                out.push(item);
            }
        }
        // Primer checks hold their place in the order but are not crammed.
        index += pack
            .primers
            .iter()
            .flat_map(|p| &p.sections)
            .map(|s| s.checks.len())
            .sum::<usize>();
        for diagram in &pack.diagrams {
            for node in &diagram.nodes {
                let prompt = format!(
                    "In \u{201c}{}\u{201d}, what does {} do?",
                    diagram.title, node.label
                );
                let id = node_item_id(diagram.id.as_str(), node.id.as_str());
                index += 1;
                let item = make(
                    index - 1,
                    id,
                    ItemKind::Node,
                    prompt,
                    node.role.clone(),
                    None,
                );
                if take_pack && filter.diagrams && wanted(&diagram.tags) {
                    out.push(item);
                }
            }
        }
    }
    // Weakest first; ties (many unseen items) in a shuffled order, not pack order.
    out.sort_by(|a, b| {
        a.recall
            .total_cmp(&b.recall)
            .then_with(|| mix(seed ^ key_hash(&a.key)).cmp(&mix(seed ^ key_hash(&b.key))))
    });
    out
}

/// The domain (by index in `profile`) of an item with `tags`: the first domain it is tagged
/// with, else the general pool (the domain count) when it carries the exam's tag; `None` when
/// it is not for this exam.
pub fn domain_of(profile: &Profile, tags: &[String]) -> Option<usize> {
    let domain = profile
        .domains
        .iter()
        .position(|d| tags.iter().any(|t| t == d.tag));
    let general = tags.iter().any(|t| t == profile.tag);
    match domain {
        Some(d) => Some(d),
        None => general.then_some(profile.domains.len()),
    }
}

/// Mock exam candidates: every card and glossary term tagged for the exam (its tag or a domain
/// tag), in the first domain it is tagged with (else the general pool). A card with distractors
/// is asked as multiple choice, one without as a written answer, unless the exam is multiple
/// choice only (the KCNA): then it is left out. A term is asked as "which term is this?" with
/// other terms of its pack as the options (its name blanked out of the definition).
pub fn mock_candidates(library: &Library, profile: &Profile, seed: u64) -> Vec<Candidate> {
    let mut out = Vec::new();
    let domain_of = |tags: &[String]| domain_of(profile, tags);
    for pack in library.packs() {
        for card in &pack.cards {
            let Some(domain) = domain_of(&card.tags) else {
                continue;
            };
            let form = match choice(card, seed) {
                Some((options, right)) => Form::Choice { options, right },
                None if profile.asks_recall() => Form::Recall {
                    answer: answer_text(&card.answer),
                },
                None => continue,
            };
            out.push(Candidate {
                key: ItemKey::new(pack.id().0.clone(), card.id.0.clone()),
                domain,
                prompt: card.front.clone(),
                form,
            });
        }
        for (i, term) in pack.glossary.iter().enumerate() {
            let Some(domain) = domain_of(&term.tags) else {
                continue;
            };
            let key = ItemKey::new(pack.id().0.clone(), term.id.0.clone());
            let Some((options, right)) = term_choice(&pack.glossary, i, seed ^ key_hash(&key))
            else {
                continue;
            };
            let names = std::iter::once(&term.term).chain(&term.aliases);
            let blanked = names.fold(term.definition.clone(), |text, name| blank_out(&text, name));
            out.push(Candidate {
                key,
                domain,
                prompt: format!("Which term does this describe? {blanked}"),
                form: Form::Choice { options, right },
            });
        }
    }
    out
}

/// Options for "which term is this?" on term `at` of `terms`: its name and up to three other
/// names of the pack (none equal to another once case is ignored), in an order fixed by `seed`.
/// `None` when no other name differs.
fn term_choice(terms: &[Term], at: usize, seed: u64) -> Option<(Vec<String>, usize)> {
    let answer = &terms.get(at)?.term;
    let mut others: Vec<(u64, &String)> = terms
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != at)
        .map(|(i, t)| (mix(seed ^ (i as u64).wrapping_mul(0x9e37_79b9)), &t.term))
        .collect();
    others.sort_unstable();
    let mut seen = vec![answer.to_lowercase()];
    let mut options: Vec<String> = Vec::with_capacity(4);
    for (_, name) in others {
        let folded = name.to_lowercase();
        if !seen.contains(&folded) {
            seen.push(folded);
            options.push(name.clone());
        }
        if options.len() == 3 {
            break;
        }
    }
    if options.is_empty() {
        return None;
    }
    let right = usize::try_from(mix(seed) % (options.len() as u64 + 1)).unwrap_or(0);
    options.insert(right, answer.clone());
    Some((options, right))
}
