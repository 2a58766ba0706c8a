//! The card browser (`B` on home): every item of every pack in one virtualized table (only the
//! rows on screen are laid out), a search in the browser's language, sortable columns, and
//! actions on the selected rows.

use egui::{Key, Modifiers, RichText, TextEdit, Ui};
use egui_extras::{Column as Width, TableBuilder};

use super::theme::{self, Palette, size, space};
use super::{Action, BrowseAction, EditAction};
use crate::app::BrowserState;
use crate::modes::browser::Select;
use crate::progress::{Flag, ItemKind};
use crate::study::browse::{BrowserItem, Bulk, Column, kind_name};
use crate::study::coverage::percent;

/// What the browser screen shows.
#[derive(Debug, Clone, Copy)]
pub struct BrowserView<'a> {
    /// Its state.
    pub state: &'a BrowserState,
    /// A message from the app (an error).
    pub notice: Option<&'a str>,
    /// Whether the edit form is open over it (its keys are then the form's).
    pub editing: bool,
}

/// How the search language reads, shown under the box.
const SYNTAX: &str = "words or \"a phrase\" \u{b7} tag:storage \u{b7} pack:ID \u{b7} \
                      kind:card|term|check|node \u{b7} is:due|new|learning|review|suspended|buried|\
                      leech|flagged|edited \u{b7} flag:1-4 \u{b7} prop:lapses>3 (reps ivl due s d r) \
                      \u{b7} -word (not) \u{b7} a or b";

const ROW_HEIGHT: f32 = 24.0;

/// Draws the browser.
pub fn browser_ui(ui: &mut Ui, view: &BrowserView<'_>) -> Option<Action> {
    let mut action = None;
    let state = view.state;
    let browser = &state.browser;
    ui.add_space(space::S);
    ui.horizontal(|ui| {
        theme::title(ui, "Browse");
        theme::muted(
            ui,
            format!("{} of {} items", browser.len(), browser.len_all()),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Home").on_hover_text("Esc").clicked() {
                action = Some(Action::Home);
            }
        });
    });
    let searching = search_ui(ui, view, &mut action);
    actions_ui(ui, state, &mut action);
    for line in state.notice.iter().map(String::as_str).chain(view.notice) {
        theme::muted(ui, line);
    }
    ui.add_space(space::XS);
    table_ui(ui, state, &mut action);
    if view.editing || state.info.is_some() {
        return action;
    }
    action.or_else(|| keys(ui, state, searching))
}

/// The search box (focused by `/` or Ctrl+F) and what is wrong with the search; returns whether
/// it has the keyboard.
fn search_ui(ui: &mut Ui, view: &BrowserView<'_>, action: &mut Option<Action>) -> bool {
    let state = view.state;
    let mut query = state.browser.query.clone();
    let response = ui
        .horizontal(|ui| {
            let label = ui.label("Search");
            ui.add(
                TextEdit::singleline(&mut query)
                    .hint_text("is:due tag:storage flag:1 prop:lapses>3 \"exact phrase\"")
                    .desired_width(ui.available_width()),
            )
            .labelled_by(label.id)
        })
        .inner;
    if response.changed() {
        *action = Some(Action::Browse(BrowseAction::Search(query)));
    }
    let focus = !view.editing
        && state.info.is_none()
        && ui.input_mut(|i| {
            i.consume_key(Modifiers::NONE, Key::Slash) || i.consume_key(Modifiers::COMMAND, Key::F)
        });
    if focus {
        response.request_focus();
    }
    match &state.browser.error {
        Some(error) => {
            ui.colored_label(
                Palette::get(ui).verdict(false),
                format!("This search cannot be read {error}; the last good search is listed."),
            );
        }
        None => {
            ui.label(
                RichText::new(SYNTAX)
                    .size(size::SMALL)
                    .color(Palette::get(ui).muted),
            );
        }
    }
    // Esc in the box leaves the box (egui lets go of it this frame), not the screen.
    response.has_focus() || response.lost_focus()
}

/// "Study these": a cram over the selected rows (or every listed row), counting or not.
fn study_menu(ui: &mut Ui, chosen: usize, listed: usize, go: &mut impl FnMut(Action)) {
    use crate::modes::cram::Counting;
    let n = if chosen > 0 { chosen } else { listed };
    ui.add_enabled_ui(n > 0, |ui| {
        ui.menu_button("Study these", |ui| {
            theme::muted(
                ui,
                format!(
                    "A cram over the {n} {} rows, weakest first; misses come back.",
                    if chosen > 0 { "selected" } else { "listed" }
                ),
            );
            if ui.button("Counting: answers update the schedule").clicked() {
                go(Action::Browse(BrowseAction::Study(Counting::Counts)));
            }
            if ui
                .button("Practice only: the schedule stays as it is")
                .clicked()
            {
                go(Action::Browse(BrowseAction::Study(Counting::PracticeOnly)));
            }
        });
    });
}

/// The Flag menu: a colour, or none, for the selected rows.
fn flag_menu(ui: &mut Ui, any: bool, go: &mut impl FnMut(Action)) {
    ui.add_enabled_ui(any, |ui| {
        ui.menu_button("Flag", |ui| {
            for flag in Flag::ALL {
                let text =
                    RichText::new(format!("\u{25cf} {} (Ctrl+{})", flag.name(), flag.number()))
                        .color(Palette::get(ui).flag(flag));
                if ui.button(text).clicked() {
                    go(Action::Browse(BrowseAction::Apply(Bulk::Flag(Some(flag)))));
                }
            }
            if ui.button("No flag").clicked() {
                go(Action::Browse(BrowseAction::Apply(Bulk::Flag(None))));
            }
        });
    });
}

/// "Due in N days" with Set due, and a tag with Add tag, for the selected rows.
fn fields_ui(ui: &mut Ui, state: &BrowserState, any: bool, go: &mut impl FnMut(Action)) {
    ui.separator();
    let label = ui.label("Due in");
    let mut days = state.due_days.clone();
    let field = ui
        .add(
            TextEdit::singleline(&mut days)
                .desired_width(48.0)
                .hint_text("n"),
        )
        .labelled_by(label.id);
    if field.changed() {
        go(Action::Browse(BrowseAction::DueDays(days)));
    }
    if ui
        .add_enabled(
            any && !state.due_days.trim().is_empty(),
            egui::Button::new("Set due"),
        )
        .on_hover_text("Due that many days from today (0: today); memory is kept")
        .clicked()
    {
        go(Action::Browse(BrowseAction::Apply(Bulk::DueIn(0))));
    }
    ui.separator();
    let label = ui.label("Tag");
    let mut tag = state.tag.clone();
    let field = ui
        .add(
            TextEdit::singleline(&mut tag)
                .desired_width(90.0)
                .hint_text("tag"),
        )
        .labelled_by(label.id);
    if field.changed() {
        go(Action::Browse(BrowseAction::TagText(tag)));
    }
    if ui
        .add_enabled(
            any && !state.tag.trim().is_empty(),
            egui::Button::new("Add tag"),
        )
        .on_hover_text("Adds the tag to the selected cards, as your edit of each")
        .clicked()
    {
        go(Action::Browse(BrowseAction::AddTag));
    }
}

/// What can be done to the selected rows.
fn actions_ui(ui: &mut Ui, state: &BrowserState, action: &mut Option<Action>) {
    let browser = &state.browser;
    let chosen = browser.selected_count();
    let any = chosen > 0;
    let mut go = |a: Action| *action = Some(a);
    ui.horizontal_wrapped(|ui| {
        theme::muted(ui, format!("{chosen} selected"));
        if ui
            .button("Select all")
            .on_hover_text("Every listed row (Ctrl+A)")
            .clicked()
        {
            go(Action::Browse(BrowseAction::SelectAll));
        }
        if ui
            .add_enabled(any, egui::Button::new("Select none"))
            .clicked()
        {
            go(Action::Browse(BrowseAction::SelectNone));
        }
        ui.separator();
        if ui
            .add_enabled(any, egui::Button::new("Suspend"))
            .on_hover_text("Not shown in any study until unsuspended (@)")
            .clicked()
        {
            go(Action::Browse(BrowseAction::Apply(Bulk::Suspend(true))));
        }
        if ui
            .add_enabled(any, egui::Button::new("Unsuspend"))
            .clicked()
        {
            go(Action::Browse(BrowseAction::Apply(Bulk::Suspend(false))));
        }
        let buried = state
            .browser
            .selected_items()
            .any(|r| r.marks.buried.is_some());
        let (label, hint, bury) = if buried {
            ("Unbury", "Back in today's study (-)", false)
        } else {
            (
                "Bury",
                "Not shown again before the next study day (-)",
                true,
            )
        };
        if ui
            .add_enabled(any, egui::Button::new(label))
            .on_hover_text(hint)
            .clicked()
        {
            go(Action::Browse(BrowseAction::Apply(Bulk::Bury(bury))));
        }
        flag_menu(ui, any, &mut go);
        let edited = state.browser.selected_items().any(|r| r.edited.is_some());
        if ui
            .add_enabled(edited, egui::Button::new("Drop edits"))
            .on_hover_text("The packs' own text of the selected cards shows again")
            .clicked()
        {
            go(Action::Browse(BrowseAction::DropEdits));
        }
        if ui
            .add_enabled(any, egui::Button::new("Reset as new"))
            .on_hover_text("Introduced again as new items; their answers stay in your history")
            .clicked()
        {
            go(Action::Browse(BrowseAction::Apply(Bulk::Forget)));
        }
        fields_ui(ui, state, any, &mut go);
        ui.separator();
        study_menu(ui, chosen, browser.len(), &mut go);
        if ui
            .add_enabled(!state.undo.is_empty(), egui::Button::new("Undo"))
            .on_hover_text("Ctrl+Z")
            .clicked()
        {
            go(Action::Browse(BrowseAction::Undo));
        }
        let cursor = browser.cursor.and_then(|p| browser.row(p).map(|r| (p, r)));
        if let Some((position, row)) = cursor {
            if ui
                .button("Info")
                .on_hover_text("Card info of the row clicked last (I)")
                .clicked()
            {
                go(Action::Browse(BrowseAction::Info(Some(position))));
            }
            if row.kind == ItemKind::Card
                && ui
                    .button("Edit")
                    .on_hover_text("Edit the card clicked last (E)")
                    .clicked()
            {
                go(Action::Edit(EditAction::Open));
            }
        }
    });
}

fn heading(ui: &mut Ui, column: Column, sort: (Column, bool), action: &mut Option<Action>) {
    let arrow = match sort {
        (c, false) if c == column => " \u{25b2}",
        (c, true) if c == column => " \u{25bc}",
        _ => "",
    };
    let text = RichText::new(format!("{}{arrow}", column.name()))
        .size(size::SMALL)
        .strong();
    if ui
        .add(egui::Button::new(text).frame(false))
        .on_hover_text("Sort by this column (again: the other way)")
        .clicked()
    {
        *action = Some(Action::Browse(BrowseAction::Sort(column)));
    }
}

fn number(value: Option<f32>, decimals: usize) -> String {
    value.map_or_else(|| "\u{2014}".to_owned(), |v| format!("{v:.decimals$}"))
}

fn due_text(row: &BrowserItem) -> String {
    match row.due_in_days {
        None => "new".to_owned(),
        Some(0) => "today".to_owned(),
        Some(d) if d < 0 => format!("{} d ago", -d),
        Some(d) => format!("in {d} d"),
    }
}

/// The table: headings that sort, then only the rows in view.
fn table_ui(ui: &mut Ui, state: &BrowserState, action: &mut Option<Action>) {
    let browser = &state.browser;
    if browser.is_empty() {
        ui.add_space(space::M);
        theme::muted(ui, "Nothing matches this search.");
        return;
    }
    let palette = Palette::get(ui);
    let table = TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Width::initial(100.0).at_least(50.0).clip(true))
        .column(Width::initial(42.0).at_least(36.0).clip(true))
        .column(Width::remainder().at_least(160.0).clip(true))
        .columns(
            Width::initial(58.0).at_least(36.0).clip(true),
            Column::ALL.len() - 5,
        )
        .column(Width::initial(66.0).at_least(36.0).clip(true))
        .column(Width::initial(52.0).at_least(36.0).clip(true))
        .min_scrolled_height(0.0);
    table
        .header(ROW_HEIGHT, |mut header| {
            for column in Column::ALL {
                header.col(|ui| heading(ui, column, browser.sort, action));
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, browser.len(), |mut row| {
                let position = row.index();
                let Some(item) = browser.row(position) else {
                    return;
                };
                let selected = browser.is_selected(position);
                row.set_selected(selected);
                row.col(|ui| {
                    ui.label(&item.key.pack).on_hover_text(&item.key.pack);
                });
                row.col(|ui| {
                    ui.label(kind_name(item.kind));
                });
                row.col(|ui| {
                    let mut front = RichText::new(&item.front);
                    if item.marks.suspended {
                        front = front.color(palette.muted).italics();
                    }
                    let clicked = ui
                        .add(egui::Button::selectable(selected, front).truncate())
                        .on_hover_text(&item.front)
                        .clicked();
                    if clicked {
                        let how = ui.input(|i| {
                            if i.modifiers.shift {
                                Select::Range
                            } else if i.modifiers.command {
                                Select::Toggle
                            } else {
                                Select::One
                            }
                        });
                        *action = Some(Action::Browse(BrowseAction::Select(position, how)));
                    }
                });
                let state_of = item.state.as_ref();
                let memory = state_of.and_then(|s| s.memory);
                let cells = [
                    due_text(item),
                    state_of.filter(|s| s.interval_days > 0).map_or_else(
                        || "\u{2014}".to_owned(),
                        |s| format!("{} d", s.interval_days),
                    ),
                    number(memory.map(|m| m.stability), 1),
                    number(memory.map(|m| m.difficulty), 1),
                    item.recall
                        .map_or_else(|| "\u{2014}".to_owned(), |r| percent(f64::from(r))),
                    state_of.map_or(0, |s| s.lapses).to_string(),
                ];
                for text in cells {
                    row.col(|ui| {
                        ui.label(text);
                    });
                }
                mark_cells(&mut row, item, &palette);
            });
        });
}

/// The Flag and Edited cells of a row.
fn mark_cells(row: &mut egui_extras::TableRow<'_, '_>, item: &BrowserItem, palette: &Palette) {
    row.col(|ui| match item.marks.flag {
        Some(flag) => {
            ui.colored_label(palette.flag(flag), format!("\u{25cf} {}", flag.name()));
        }
        None if item.marks.suspended => {
            ui.colored_label(palette.muted, "suspended");
        }
        None => {}
    });
    row.col(|ui| {
        if let Some(edit) = item.edited {
            let (text, hint) = match (item.gone, edit.pack_changed) {
                (true, _) => (
                    "gone",
                    "Your edit of a card its pack no longer has; kept until you drop it",
                ),
                (false, true) => ("changed", "Your edit; the pack's own text changed since"),
                (false, false) => ("yes", "Your edit is shown instead of the pack's text"),
            };
            ui.label(text).on_hover_text(hint);
        }
    });
}

/// Keys when the search box does not have them: Esc home, Ctrl+A all, Ctrl+Z undo, arrows move
/// the last-clicked row, Ctrl+1-4 flag, `@` suspends or unsuspends, `-` buries or unburies, I
/// info, E edit.
fn keys(ui: &mut Ui, state: &BrowserState, searching: bool) -> Option<Action> {
    let browser = &state.browser;
    let browse = |a| Some(Action::Browse(a));
    ui.input_mut(|i| {
        if searching {
            i.consume_key(Modifiers::NONE, Key::Escape);
            return None;
        }
        if i.consume_key(Modifiers::NONE, Key::Escape) {
            return Some(Action::Home);
        }
        if i.consume_key(Modifiers::COMMAND, Key::A) {
            return browse(BrowseAction::SelectAll);
        }
        if i.consume_key(Modifiers::COMMAND, Key::Z) {
            return browse(BrowseAction::Undo);
        }
        let last = browser.len().checked_sub(1)?;
        let moved = match browser.cursor {
            Some(at) if i.consume_key(Modifiers::NONE, Key::ArrowDown) => Some((at + 1).min(last)),
            Some(at) if i.consume_key(Modifiers::NONE, Key::ArrowUp) => Some(at.saturating_sub(1)),
            None if i.consume_key(Modifiers::NONE, Key::ArrowDown) => Some(0),
            _ => None,
        };
        if let Some(to) = moved {
            return browse(BrowseAction::Select(to, Select::One));
        }
        let any = browser.selected_count() > 0;
        for flag in Flag::ALL {
            let key = super::keys::NUMBER_KEYS
                .get(usize::from(flag.number()) - 1)
                .copied();
            if any && key.is_some_and(|key| i.consume_key(Modifiers::COMMAND, key)) {
                return browse(BrowseAction::Apply(Bulk::Flag(Some(flag))));
            }
        }
        let at = i
            .events
            .iter()
            .position(|e| matches!(e, egui::Event::Text(t) if t == "@"));
        if let Some(at) = at.filter(|_| any) {
            i.events.remove(at);
            let all_suspended = browser.selected_items().all(|r| r.marks.suspended);
            return browse(BrowseAction::Apply(Bulk::Suspend(!all_suspended)));
        }
        if any && i.consume_key(Modifiers::NONE, Key::Minus) {
            let all_buried = browser.selected_items().all(|r| r.marks.buried.is_some());
            return browse(BrowseAction::Apply(Bulk::Bury(!all_buried)));
        }
        let cursor = browser.cursor?;
        if i.consume_key(Modifiers::NONE, Key::I) || i.consume_key(Modifiers::NONE, Key::Enter) {
            return browse(BrowseAction::Info(Some(cursor)));
        }
        if i.consume_key(Modifiers::NONE, Key::E)
            && browser
                .row(cursor)
                .is_some_and(|r| r.kind == ItemKind::Card)
        {
            return Some(Action::Edit(EditAction::Open));
        }
        None
    })
}
