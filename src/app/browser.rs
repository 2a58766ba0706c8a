//! The reducer's part for the card browser: opening it on every item, searching, sorting,
//! selecting, and the bulk actions (through the engine), each undoable.

use super::{App, Screen};
use crate::modes::browser::Browser;
use crate::progress::{ItemKey, Override};
use crate::study::browse::{Bulk, BulkUndo};
use crate::study::info::CardInfo;
use crate::ui::BrowseAction;

/// One step the browser can take back.
#[derive(Debug, Clone)]
pub enum BrowserStep {
    /// A bulk change, and what it replaced.
    Bulk(BulkUndo),
    /// Edits of cards saved, reverted or dropped from the browser: each override replaced.
    Edits(Vec<(ItemKey, Option<Override>)>),
}

/// The browser screen's state.
#[derive(Debug, Clone, Default)]
pub struct BrowserState {
    /// Rows, search, sort and selection.
    pub browser: Browser,
    /// What Ctrl+Z takes back, most recent last.
    pub undo: Vec<BrowserStep>,
    /// The "due in N days" field as typed.
    pub due_days: String,
    /// The tag field as typed.
    pub tag: String,
    /// Card info of the row it was opened on.
    pub info: Option<Box<CardInfo>>,
    /// What the last action did.
    pub notice: Option<String>,
}

/// Most steps kept for undo.
const MAX_UNDO: usize = 50;

fn describe(change: Bulk, changed: usize) -> String {
    let items = if changed == 1 { "item" } else { "items" };
    match change {
        Bulk::Suspend(true) => format!("Suspended {changed} {items}"),
        Bulk::Suspend(false) => format!("Unsuspended {changed} {items}"),
        Bulk::Flag(Some(flag)) => format!("Flagged {changed} {items} {}", flag.name()),
        Bulk::Flag(None) => format!("Took the flag off {changed} {items}"),
        Bulk::Bury(true) => format!("Buried {changed} {items} until tomorrow"),
        Bulk::Bury(false) => format!("Unburied {changed} {items}"),
        Bulk::Forget => format!("Reset {changed} {items} to new"),
        Bulk::DueIn(0) => format!("Made {changed} {items} due today"),
        Bulk::DueIn(days) => format!("Made {changed} {items} due in {days} days"),
    }
}

impl App {
    /// Browser actions: they need the progress store.
    pub(super) fn apply_browse(&mut self, action: BrowseAction) {
        match action {
            BrowseAction::Open => return self.open_browser(String::new()),
            BrowseAction::OpenSearch(query) => return self.open_browser(query),
            _ => {}
        }
        let Screen::Browser(state) = &mut self.screen else {
            return;
        };
        match action {
            BrowseAction::Open | BrowseAction::OpenSearch(_) => {}
            BrowseAction::Search(query) => state.browser.search(query),
            BrowseAction::Sort(column) => state.browser.sort_by(column),
            BrowseAction::Select(position, how) => state.browser.select(position, how),
            BrowseAction::SelectAll => state.browser.select_all(),
            BrowseAction::SelectNone => state.browser.select_none(),
            BrowseAction::DueDays(text) => state.due_days = text.chars().take(6).collect(),
            BrowseAction::Info(None) => state.info = None,
            BrowseAction::Info(Some(position)) => {
                let key = state.browser.row(position).map(|r| r.key.clone());
                if let (Some(key), Ok(engine)) = (key, &self.engine) {
                    match engine.card_info(&key, self.clock.as_ref()) {
                        Ok(info) => state.info = Some(Box::new(info)),
                        Err(e) => state.notice = Some(e.to_string()),
                    }
                }
            }
            BrowseAction::Apply(change) => self.bulk(change),
            BrowseAction::DropEdits => self.drop_edits(),
            BrowseAction::TagText(text) => state.tag = text.chars().take(64).collect(),
            BrowseAction::AddTag => self.add_tag(),
            BrowseAction::Study(counting) => self.study_these(counting),
            BrowseAction::Undo => self.undo_browser(),
        }
    }

    fn open_browser(&mut self, query: String) {
        let Ok(engine) = &self.engine else { return };
        match engine.browser_items(
            &self.library,
            &self.edits,
            &self.orphans,
            self.clock.as_ref(),
        ) {
            Ok(items) => {
                let mut browser = Browser::new(items);
                if !query.is_empty() {
                    browser.search(query);
                }
                self.screen = Screen::Browser(Box::new(BrowserState {
                    browser,
                    ..BrowserState::default()
                }));
            }
            Err(e) => self.notice = Some(format!("The browser could not read your progress: {e}")),
        }
    }

    /// Reads the rows again after a change, keeping search, sort and selection.
    pub(super) fn refresh_browser(&mut self) {
        let Ok(engine) = &self.engine else { return };
        let Screen::Browser(state) = &mut self.screen else {
            return;
        };
        match engine.browser_items(
            &self.library,
            &self.edits,
            &self.orphans,
            self.clock.as_ref(),
        ) {
            Ok(items) => state.browser.refresh(items),
            Err(e) => state.notice = Some(e.to_string()),
        }
    }

    fn bulk(&mut self, change: Bulk) {
        let (Ok(engine), Screen::Browser(state)) = (&mut self.engine, &mut self.screen) else {
            return;
        };
        let change = match change {
            // The field's number; nothing happens while it is not one.
            Bulk::DueIn(_) => match state.due_days.trim().parse::<u32>() {
                Ok(days) if days <= 36_500 => Bulk::DueIn(days),
                _ => {
                    state.notice = Some(format!(
                        "`{}` is not a number of days (0 for today, up to 36500)",
                        state.due_days.trim()
                    ));
                    return;
                }
            },
            other => other,
        };
        let items = state.browser.selected();
        if items.is_empty() {
            return;
        }
        match engine.bulk(&items, change, self.clock.as_ref()) {
            Ok(done) => {
                let mut notice = describe(change, done.changed);
                if done.skipped > 0 {
                    notice.push_str(&format!(
                        "; {} new left as they are (nothing to schedule yet)",
                        done.skipped
                    ));
                }
                notice.push_str(" (Ctrl+Z undoes)");
                state.notice = Some(notice);
                state.undo.push(BrowserStep::Bulk(done.undo));
                if state.undo.len() > MAX_UNDO {
                    state.undo.remove(0);
                }
            }
            Err(e) => state.notice = Some(format!("Nothing was changed: {e}")),
        }
        self.refresh_browser();
    }

    /// Drops the learner's edits of the selected cards (the packs' own text shows again; an
    /// edit of a card no pack has any more is gone for good once this is not undone).
    fn drop_edits(&mut self) {
        let (Ok(engine), Screen::Browser(state)) = (&mut self.engine, &mut self.screen) else {
            return;
        };
        let keys: Vec<ItemKey> = state
            .browser
            .selected_items()
            .filter(|row| row.edited.is_some())
            .map(|row| row.key.clone())
            .collect();
        let mut undo = Vec::with_capacity(keys.len());
        for key in keys {
            match engine.set_override(&key, None) {
                Ok(before) => undo.push((key, before)),
                Err(e) => {
                    state.notice = Some(format!("Not every edit was dropped: {e}"));
                    break;
                }
            }
        }
        if !undo.is_empty() {
            if state.notice.is_none() {
                let n = undo.len();
                state.notice = Some(format!(
                    "Dropped your edits of {n} card{}: the packs' text is back (Ctrl+Z undoes)",
                    if n == 1 { "" } else { "s" }
                ));
            }
            state.undo.push(BrowserStep::Edits(undo));
        }
        self.lay_out_edits();
        self.refresh_browser();
    }

    /// Adds the tag field's tag to every selected card, as the learner's edit of it (terms,
    /// checks and boxes have no edits yet, and are left as they are).
    fn add_tag(&mut self) {
        let now = self.clock.now();
        let (Ok(engine), Screen::Browser(state)) = (&mut self.engine, &mut self.screen) else {
            return;
        };
        let tag = state.tag.trim().to_owned();
        if !crate::pack::validate::is_kebab(&tag) {
            state.notice = Some(format!(
                "`{tag}` cannot be a tag: lowercase letters, digits and single hyphens"
            ));
            return;
        }
        let mut undo = Vec::new();
        let mut skipped = 0;
        let chosen: Vec<ItemKey> = state
            .browser
            .selected_items()
            .filter(|r| !r.gone)
            .map(|r| r.key.clone())
            .collect();
        for key in chosen {
            let pack = crate::pack::PackId(key.pack.clone());
            let card = self
                .library
                .get(&pack)
                .and_then(|p| p.cards.iter().find(|c| c.id.as_str() == key.item));
            let Some(card) = card.filter(|c| !c.tags.contains(&tag)) else {
                skipped += 1;
                continue;
            };
            let mut tagged = card.clone();
            tagged.tags.push(tag.clone());
            match engine.save_card_edit(&self.pristine, &pack, &tagged, now) {
                Ok(before) => undo.push((key, before)),
                Err(e) => {
                    state.notice = Some(format!("Not every card was tagged: {e}"));
                    break;
                }
            }
        }
        let tagged = undo.len();
        if tagged > 0 {
            state.undo.push(BrowserStep::Edits(undo));
        }
        if state.notice.is_none() {
            state.notice = Some(format!(
                "Tagged {tagged} card{} `{tag}`{} (Ctrl+Z undoes)",
                if tagged == 1 { "" } else { "s" },
                if skipped > 0 {
                    format!("; {skipped} left as they were (not cards, or tagged already)")
                } else {
                    String::new()
                }
            ));
        }
        self.lay_out_edits();
        self.refresh_browser();
    }

    /// A cram over the selected rows, or every listed row when none is selected.
    fn study_these(&mut self, counting: crate::modes::cram::Counting) {
        let Screen::Browser(state) = &self.screen else {
            return;
        };
        let browser = &state.browser;
        let only: std::collections::HashSet<ItemKey> = if browser.selected_count() > 0 {
            browser
                .selected_items()
                .filter(|r| !r.gone)
                .map(|r| r.key.clone())
                .collect()
        } else {
            browser
                .listed()
                .filter(|r| !r.gone)
                .map(|r| r.key.clone())
                .collect()
        };
        let filter = crate::modes::exam_items::CramFilter {
            packs: (0..self.library.packs().len()).collect(),
            tag: None,
            diagrams: true,
        };
        let setup = crate::modes::cram::CramSetup::new(self.library.packs().len());
        let limit = crate::modes::cram::Limit::Items(only.len());
        self.begin_cram(&filter, Some(&only), counting, limit, setup);
        if let (Some(notice), Screen::Browser(state)) = (self.notice.take(), &mut self.screen) {
            state.notice = Some(notice);
        }
    }

    fn undo_browser(&mut self) {
        let (Ok(engine), Screen::Browser(state)) = (&mut self.engine, &mut self.screen) else {
            return;
        };
        let Some(step) = state.undo.last().cloned() else {
            state.notice = Some("Nothing to undo".to_owned());
            return;
        };
        let done = match step {
            BrowserStep::Bulk(undo) => engine.undo_bulk(undo).map(|()| false),
            BrowserStep::Edits(edits) => edits
                .iter()
                .try_for_each(|(key, before)| engine.set_override(key, before.as_ref()).map(drop))
                .map(|()| true),
        };
        match done {
            Ok(edits) => {
                state.undo.pop();
                state.notice = Some("Undone".to_owned());
                if edits {
                    self.lay_out_edits();
                }
            }
            Err(e) => state.notice = Some(format!("Nothing was undone: {e}")),
        }
        self.refresh_browser();
    }
}
