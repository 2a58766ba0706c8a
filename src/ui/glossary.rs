//! Glossary: search (focused by `/` or Ctrl+F), a virtualized list of matches, and the chosen
//! term with its see-also links, the cards that test it (each opens over the glossary) and the
//! diagram boxes that stand for it.

use egui::{Key, Modifiers, RichText, ScrollArea, TextEdit, Ui};

use super::Action;
use super::theme::{self, Palette, size, space};
use crate::modes::drill::Drill;
use crate::modes::glossary::{GlossaryIndex, Rank, TermRef};

/// What the glossary screen shows.
#[derive(Debug, Clone, Copy)]
pub struct GlossaryView<'a> {
    /// The index (term text, packs).
    pub index: &'a GlossaryIndex,
    /// The search text.
    pub query: &'a str,
    /// Matches, best first.
    pub results: &'a [(TermRef, Rank)],
    /// The term shown in the detail pane.
    pub selected: Option<TermRef>,
    /// The cards that test it, as indexes in its pack's cards.
    pub cards: &'a [usize],
    /// The card of `cards` (by position there) open over the glossary.
    pub card: Option<usize>,
    /// (diagram, node, how many) of the diagram nodes that stand for it.
    pub nodes: &'a [(String, String, usize)],
    /// The tag filter.
    pub tag: Option<&'a str>,
    /// The drill, while one runs.
    pub drill: Option<&'a Drill>,
    /// A message from the last action.
    pub notice: Option<&'a str>,
}

/// Text with `inline code` (between backticks) in monospace, at `size` points, as one layout
/// for a button or a selectable row; its accessible name is the text without backticks.
pub fn code_text(ui: &Ui, text: &str, size: f32, color: Option<egui::Color32>) -> egui::WidgetText {
    let mut job = egui::text::LayoutJob::default();
    for (part, code) in super::format::inline_code(text) {
        let mut rich = RichText::new(part).size(size);
        if code {
            rich = rich.code();
        }
        if let Some(color) = color {
            rich = rich.color(color);
        }
        rich.append_to(
            &mut job,
            ui.style(),
            egui::FontSelection::Default,
            egui::Align::Min,
        );
    }
    job.into()
}

/// Draws the glossary screen.
pub fn glossary_ui(ui: &mut Ui, view: &GlossaryView<'_>) -> Option<Action> {
    // Esc closes the tag menu, or leaves the search box, before it leaves the screen; keys typed
    // into the search box are not quiz answers.
    let keys_free = !super::keys::keyboard_taken(ui.ctx());
    let mut action = None;
    if view.drill.is_none()
        && let Some(card) = view.card.and_then(|n| view.cards.get(n))
        && let Some(at) = view.selected
        && let Some(card) = view.index.card(at.pack, *card)
    {
        action = super::peek::card_window(ui.ctx(), card, view.index.pack_title(at));
    }
    header_ui(ui, view, &mut action);
    if let Some(notice) = view.notice {
        ui.colored_label(Palette::get(ui).warn, notice);
    }
    ui.separator();
    if let Some(drill) = view.drill {
        // The quiz takes the whole width, and the term pane (which would give answers away) goes.
        ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                theme::reading_column(ui, |ui| {
                    if let Some(a) = super::drill::drill_ui(ui, view.index, drill, keys_free) {
                        action = Some(a);
                    }
                });
            });
        return action;
    }
    egui::Panel::left("glossary-terms")
        .resizable(true)
        .default_size(260.0)
        .min_size(160.0)
        .show(ui, |ui| list_ui(ui, view, &mut action));
    egui::CentralPanel::default().show(ui, |ui| detail_ui(ui, view, &mut action));
    if action.is_none()
        && keys_free
        && view.card.is_none()
        && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
    {
        action = Some(Action::Home);
    }
    action
}

/// Home, the title, then search, tag filter, "Quiz me" and the count.
fn header_ui(ui: &mut Ui, view: &GlossaryView<'_>, action: &mut Option<Action>) {
    ui.horizontal(|ui| {
        super::home_button(ui, action);
        theme::title(ui, "Glossary");
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Search");
        let mut query = view.query.to_owned();
        let edit = ui
            .add(
                TextEdit::singleline(&mut query)
                    .hint_text("term, alias or words of a definition")
                    .desired_width(300.0),
            )
            .labelled_by(label.id);
        let focus = ui.input_mut(|i| {
            i.consume_key(Modifiers::NONE, Key::Slash) || i.consume_key(Modifiers::COMMAND, Key::F)
        });
        if focus {
            edit.request_focus();
        }
        if edit.changed() {
            *action = Some(Action::Search(query));
        }
        ui.add_space(space::S);
        tag_filter(ui, view, action);
        ui.add_space(space::S);
        if ui
            .add_enabled(view.drill.is_none(), egui::Button::new("Quiz me"))
            .on_hover_text("Ten questions on the terms listed, weakest first (Ctrl+Q)")
            .clicked()
            || (view.drill.is_none() && ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Q)))
        {
            // The quiz is answered with number keys, not typed into the search box.
            edit.surrender_focus();
            *action = Some(Action::QuizMe);
        }
        theme::muted(ui, format!("{} terms", view.results.len()));
    });
}

fn tag_filter(ui: &mut Ui, view: &GlossaryView<'_>, action: &mut Option<Action>) {
    let mut tag = view.tag.map(str::to_owned);
    let before = tag.clone();
    let label = ui.label("Tag");
    egui::ComboBox::from_id_salt("tag")
        .selected_text(view.tag.unwrap_or("all"))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut tag, None, "all");
            for name in view.index.tags() {
                ui.selectable_value(&mut tag, Some(name.to_owned()), name);
            }
        })
        .response
        .labelled_by(label.id);
    if tag != before {
        *action = Some(Action::FilterTag(tag));
    }
}

fn list_ui(ui: &mut Ui, view: &GlossaryView<'_>, action: &mut Option<Action>) {
    let row_height = ui.text_style_height(&egui::TextStyle::Button) + 6.0;
    ScrollArea::vertical()
        .id_salt("terms")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, view.results.len(), |ui, rows| {
            for (at, _) in view.results.get(rows).unwrap_or_default() {
                let Some(term) = view.index.term(*at) else {
                    continue;
                };
                // A name found in several packs says which pack each one is from.
                let name = if view.index.is_ambiguous(*at) {
                    format!("{} ({})", term.term, view.index.pack_title(*at))
                } else {
                    term.term.clone()
                };
                if ui
                    .selectable_label(view.selected == Some(*at), name)
                    .clicked()
                {
                    *action = Some(Action::ShowTerm(*at));
                }
            }
        });
}

fn detail_ui(ui: &mut Ui, view: &GlossaryView<'_>, action: &mut Option<Action>) {
    let Some(at) = view.selected else {
        theme::muted(ui, "Choose a term to read it.");
        return;
    };
    let Some(term) = view.index.term(at) else {
        return;
    };
    ScrollArea::vertical()
        .id_salt("term")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            theme::reading_column(ui, |ui| {
                theme::card_frame(ui).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(RichText::new(&term.term).size(size::QUESTION).strong());
                    theme::muted(ui, view.index.pack_title(at));
                    if !term.aliases.is_empty() {
                        theme::muted(ui, format!("Also: {}", term.aliases.join(", ")));
                    }
                    ui.add_space(space::S);
                    theme::reading_text(ui, |ui| {
                        super::format::rich_line(ui, Some(size::ANSWER), &term.definition, false);
                    });
                });
                see_also_ui(ui, view, at, action);
                cards_ui(ui, view, at, action);
                nodes_ui(ui, view);
                ui.add_space(space::L);
            });
        });
}

fn see_also_ui(ui: &mut Ui, view: &GlossaryView<'_>, at: TermRef, action: &mut Option<Action>) {
    let Some(term) = view.index.term(at) else {
        return;
    };
    if term.see_also.is_empty() {
        return;
    }
    theme::section(ui, "See also");
    ui.horizontal_wrapped(|ui| {
        for id in &term.see_also {
            let Some(target) = view.index.see_also(at, id.as_str()) else {
                continue;
            };
            let name = view
                .index
                .term(target)
                .map_or(id.as_str(), |t| t.term.as_str());
            if ui.button(name).clicked() {
                *action = Some(Action::ShowTerm(target));
            }
        }
    });
}

/// "Cards that test it": each card's front, a button that opens the card over the glossary.
fn cards_ui(ui: &mut Ui, view: &GlossaryView<'_>, at: TermRef, action: &mut Option<Action>) {
    if view.cards.is_empty() {
        return;
    }
    theme::section(ui, &format!("Cards that test it ({})", view.cards.len()));
    theme::muted(ui, "Open one to read its answer and explanation.");
    for (n, &card) in view.cards.iter().enumerate() {
        let Some(card) = view.index.card(at.pack, card) else {
            continue;
        };
        let text = code_text(ui, &card.front, size::BODY, None);
        let row = egui::Button::new(text)
            .wrap()
            .selected(view.card == Some(n))
            .min_size(egui::Vec2::new(ui.available_width(), 0.0));
        if ui
            .add(row)
            .on_hover_text("Show the card: answer and explanation")
            .clicked()
        {
            *action = Some(Action::PeekCard(Some(n)));
        }
    }
}

fn nodes_ui(ui: &mut Ui, view: &GlossaryView<'_>) {
    if view.nodes.is_empty() {
        return;
    }
    theme::section(ui, "In the diagrams");
    for (diagram, node, count) in view.nodes {
        let times = if *count > 1 {
            format!(" ({count} boxes)")
        } else {
            String::new()
        };
        ui.label(format!(
            "\u{2022} {node} in \u{201c}{diagram}\u{201d}{times}"
        ));
    }
}
