//! The card browser (`B` on home): every item of every pack in one table, searched with the
//! browser's query language ([`crate::study::search`]), sorted by any column, with a selection
//! that bulk actions (suspend, flag, reset, set due) apply to. Plain state; the app's reducer
//! runs the actions through the engine and gives the fresh rows back ([`Browser::refresh`]).

use std::collections::BTreeSet;

use crate::progress::{ItemKey, ItemKind};
use crate::study::browse::{BrowserItem, Column, compare};
use crate::study::search::{Query, SearchError};

/// How a click changes the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Select {
    /// Only this row (a plain click).
    One,
    /// This row in or out, the rest kept (Ctrl+click).
    Toggle,
    /// Every row from the last clicked one to this one (Shift+click).
    Range,
}

/// The browser's state.
#[derive(Debug, Clone, Default)]
pub struct Browser {
    items: Vec<BrowserItem>,
    /// The search as typed.
    pub query: String,
    /// Why the search as typed cannot be read (the last good search's rows stay listed).
    pub error: Option<SearchError>,
    /// The rows listed: indexes into `items`, in table order.
    matches: Vec<usize>,
    /// Every item in table order (sorted once per sort change, so a search only filters).
    order: Vec<usize>,
    /// The column sorted by, and whether downwards.
    pub sort: (Column, bool),
    /// Selected items, by index into `items`.
    selected: BTreeSet<usize>,
    /// The row last clicked (a position in `matches`), where a Shift+click range starts.
    pub cursor: Option<usize>,
}

impl Browser {
    /// The browser over `items`, listing all of them by pack.
    pub fn new(items: Vec<BrowserItem>) -> Self {
        let mut browser = Self {
            items,
            sort: (Column::Pack, false),
            ..Self::default()
        };
        browser.sort_all();
        browser.run_query();
        browser
    }

    /// Every item, listed or not.
    pub fn len_all(&self) -> usize {
        self.items.len()
    }

    /// How many rows are listed.
    pub fn len(&self) -> usize {
        self.matches.len()
    }

    /// Whether nothing is listed.
    pub fn is_empty(&self) -> bool {
        self.matches.is_empty()
    }

    /// The listed row at `position`.
    pub fn row(&self, position: usize) -> Option<&BrowserItem> {
        self.matches.get(position).and_then(|&i| self.items.get(i))
    }

    /// Whether the row at `position` is selected.
    pub fn is_selected(&self, position: usize) -> bool {
        self.matches
            .get(position)
            .is_some_and(|i| self.selected.contains(i))
    }

    /// How many items are selected (listed or not).
    pub fn selected_count(&self) -> usize {
        self.selected.len()
    }

    /// The selected items a bulk change applies to, in table order of the whole library (an
    /// edit of a card no pack has any more is not an item to suspend or schedule).
    pub fn selected(&self) -> Vec<(ItemKey, ItemKind)> {
        self.selected
            .iter()
            .filter_map(|&i| self.items.get(i))
            .filter(|item| !item.gone)
            .map(|item| (item.key.clone(), item.kind))
            .collect()
    }

    /// The listed items, in table order.
    pub fn listed(&self) -> impl Iterator<Item = &BrowserItem> {
        self.matches.iter().filter_map(|&i| self.items.get(i))
    }

    /// The selected items themselves.
    pub fn selected_items(&self) -> impl Iterator<Item = &BrowserItem> {
        self.selected.iter().filter_map(|&i| self.items.get(i))
    }

    /// Searches for `query`; a query that cannot be read keeps the rows listed and says why.
    pub fn search(&mut self, query: String) {
        self.query = query;
        self.run_query();
    }

    fn run_query(&mut self) {
        match Query::parse(&self.query) {
            Ok(query) => {
                self.error = None;
                // In table order already: a search filters, it does not sort.
                self.matches = self
                    .order
                    .iter()
                    .copied()
                    .filter(|&i| self.items.get(i).is_some_and(|it| query.matches(&it.row())))
                    .collect();
                self.cursor = None;
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Sorts by `column`; the column already sorted by turns its order around.
    pub fn sort_by(&mut self, column: Column) {
        self.sort = if self.sort.0 == column {
            (column, !self.sort.1)
        } else {
            (column, false)
        };
        self.sort_all();
        let listed: std::collections::HashSet<usize> = self.matches.iter().copied().collect();
        self.matches = self
            .order
            .iter()
            .copied()
            .filter(|i| listed.contains(i))
            .collect();
        self.cursor = None;
    }

    /// Puts every item in the order of the column sorted by.
    fn sort_all(&mut self) {
        let (column, down) = self.sort;
        let items = &self.items;
        self.order = (0..items.len()).collect();
        self.order
            .sort_by(|&a, &b| match (items.get(a), items.get(b)) {
                (Some(x), Some(y)) => {
                    let order = compare(x, y, column);
                    if down { order.reverse() } else { order }
                }
                _ => a.cmp(&b),
            });
    }

    /// Changes the selection by a click on the row at `position`.
    pub fn select(&mut self, position: usize, how: Select) {
        let Some(&index) = self.matches.get(position) else {
            return;
        };
        match (how, self.cursor) {
            (Select::Range, Some(from)) => {
                let (lo, hi) = (from.min(position), from.max(position));
                self.selected
                    .extend(self.matches.iter().skip(lo).take(hi - lo + 1).copied());
            }
            (Select::Toggle, _) => {
                if !self.selected.remove(&index) {
                    self.selected.insert(index);
                }
            }
            (Select::One | Select::Range, _) => {
                self.selected.clear();
                self.selected.insert(index);
            }
        }
        self.cursor = Some(position);
    }

    /// Selects every listed row (and only those).
    pub fn select_all(&mut self) {
        self.selected = self.matches.iter().copied().collect();
    }

    /// Selects nothing.
    pub fn select_none(&mut self) {
        self.selected.clear();
    }

    /// Puts fresh rows in place (after an action changed them), keeping the search, the sort
    /// and the selection by item.
    pub fn refresh(&mut self, items: Vec<BrowserItem>) {
        let chosen: BTreeSet<ItemKey> = self.selected_items().map(|i| i.key.clone()).collect();
        let cursor_key = self.cursor.and_then(|p| self.row(p)).map(|i| i.key.clone());
        self.items = items;
        self.sort_all();
        self.selected = (0..self.items.len())
            .filter(|&i| self.items.get(i).is_some_and(|it| chosen.contains(&it.key)))
            .collect();
        let error = self.error.take();
        self.run_query();
        if error.is_some() {
            self.error = error;
        }
        self.cursor = cursor_key.and_then(|key| {
            (0..self.matches.len()).find(|&p| self.row(p).is_some_and(|i| i.key == key))
        });
    }
}
