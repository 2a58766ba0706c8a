//! Siblings: cards that teach the same fact (a cloze card's deletions, a card and its reverse,
//! the cards a pack author lists as `siblings`). Review shows at most one of a family a day, as
//! Anki's "bury siblings" does, so one answer does not give away the next.
//!
//! Families are the connected groups of "made from the same card" and "listed as siblings",
//! found with a small union-find written here (a graph crate for twenty lines would be a heavier
//! dependency than the code).

use std::collections::{HashMap, HashSet};

use super::queue::{Queue, Reason};
use crate::pack::{Library, cloze};
use crate::progress::ItemKey;

/// The sibling families of a library's cards; cards without siblings are in none.
#[derive(Debug, Clone, Default)]
pub struct Siblings {
    family: HashMap<ItemKey, usize>,
    members: Vec<Vec<ItemKey>>,
}

/// Union-find over card names (what items are made from), by index.
#[derive(Default)]
struct Families {
    index: HashMap<String, usize>,
    parent: Vec<usize>,
}

impl Families {
    fn of(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.parent.len();
        self.parent.push(i);
        self.index.insert(name.to_owned(), i);
        i
    }

    fn root(&mut self, mut i: usize) -> usize {
        while let Some(&p) = self.parent.get(i) {
            if p == i {
                break;
            }
            // Path halving keeps every later lookup short.
            let grand = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(i) {
                *slot = grand;
            }
            i = grand;
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        if let Some(slot) = self.parent.get_mut(a.max(b)) {
            *slot = a.min(b);
        }
    }
}

impl Siblings {
    /// The families of `library`'s cards. Linear in the cards (and their sibling lists).
    pub fn of(library: &Library) -> Self {
        let mut siblings = Self::default();
        for pack in library.packs() {
            let mut families = Families::default();
            for card in &pack.cards {
                let derived = card.id.as_str().contains('/') || card.reverse;
                if !derived && card.siblings.is_empty() {
                    continue;
                }
                let own = families.of(cloze::made_from(card.id.as_str()));
                for other in &card.siblings {
                    let other = families.of(other.as_str());
                    families.join(own, other);
                }
            }
            if families.parent.is_empty() {
                continue;
            }
            let mut by_root: HashMap<usize, Vec<ItemKey>> = HashMap::new();
            for card in &pack.cards {
                let Some(&i) = families.index.get(cloze::made_from(card.id.as_str())) else {
                    continue;
                };
                let root = families.root(i);
                by_root
                    .entry(root)
                    .or_default()
                    .push(ItemKey::new(pack.id().as_str(), card.id.as_str()));
            }
            let mut roots: Vec<(usize, Vec<ItemKey>)> = by_root.into_iter().collect();
            roots.sort_unstable_by_key(|(root, _)| *root);
            for (_, members) in roots {
                if members.len() < 2 {
                    continue;
                }
                let family = siblings.members.len();
                for key in &members {
                    siblings.family.insert(key.clone(), family);
                }
                siblings.members.push(members);
            }
        }
        siblings
    }

    /// The other items of `key`'s family.
    pub fn of_item<'a>(&'a self, key: &'a ItemKey) -> impl Iterator<Item = &'a ItemKey> + 'a {
        self.family
            .get(key)
            .and_then(|&f| self.members.get(f))
            .into_iter()
            .flatten()
            .filter(move |k| *k != key)
    }

    /// Whether no card has siblings.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Keeps at most one item of each family in `queue`: learning steps always stay (and take
    /// their family's place); a review or a new item goes when a sibling is earlier in the queue
    /// or was answered today (`answered_today`, asked only of families in the queue). How many
    /// items were set aside. Within a session nothing more is needed: the one item of a family
    /// left is the one answered, and it comes back only as a learning step.
    pub fn thin(
        &self,
        queue: &mut Queue,
        mut answered_today: impl FnMut(&ItemKey) -> bool,
    ) -> usize {
        if self.is_empty() {
            return 0;
        }
        let mut taken: HashSet<usize> = HashSet::new();
        let mut dropped = 0;
        queue.retain(|entry| {
            let Some(&family) = self.family.get(&entry.key) else {
                return true;
            };
            if entry.reason == Reason::Learning {
                taken.insert(family);
                return true;
            }
            let keep =
                !taken.contains(&family) && !self.of_item(&entry.key).any(&mut answered_today);
            taken.insert(family);
            dropped += usize::from(!keep);
            keep
        });
        dropped
    }
}
