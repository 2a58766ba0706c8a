//! Glossary: search (focused by `/` or Ctrl+F), a virtualized list of matches, and the chosen
//! term with its see-also links and the cards that use it.

use egui::{Key, Modifiers, RichText, ScrollArea, TextEdit, Ui};

use super::Action;
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
    /// Fronts of the cards that test it.
    pub cards: &'a [String],
    /// (diagram, node, how many) of the diagram nodes that stand for it.
    pub nodes: &'a [(String, String, usize)],
    /// The tag filter.
    pub tag: Option<&'a str>,
    /// The drill, while one runs.
    pub drill: Option<&'a Drill>,
    /// A message from the last action.
    pub notice: Option<&'a str>,
}

/// Draws the glossary screen.
pub fn glossary_ui(ui: &mut Ui, view: &GlossaryView<'_>) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        super::home_button(ui, &mut action);
        let label = ui.label("Search");
        let mut query = view.query.to_owned();
        let edit = ui
            .add(
                TextEdit::singleline(&mut query)
                    .hint_text("term, alias or words of a definition")
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
        let focus = ui.input_mut(|i| {
            i.consume_key(Modifiers::NONE, Key::Slash) || i.consume_key(Modifiers::COMMAND, Key::F)
        });
        if focus {
            edit.request_focus();
        }
        if edit.changed() {
            action = Some(Action::Search(query));
        }
        tag_filter(ui, view, &mut action);
        if ui
            .add_enabled(view.drill.is_none(), egui::Button::new("Quiz me"))
            .on_hover_text("Ten questions on the terms listed, weakest first (Ctrl+Q)")
            .clicked()
            || (view.drill.is_none() && ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Q)))
        {
            action = Some(Action::QuizMe);
        }
        ui.label(format!("{} terms", view.results.len()));
    });
    if let Some(notice) = view.notice {
        ui.colored_label(ui.visuals().warn_fg_color, notice);
    }
    ui.separator();
    if let Some(drill) = view.drill {
        // The quiz takes the whole width, and the term pane (which would give answers away) goes.
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.set_max_width(720.0);
                if let Some(a) = super::drill::drill_ui(ui, view.index, drill) {
                    action = Some(a);
                }
            });
        return action;
    }
    ui.columns(2, |columns| {
        if let [list, detail] = columns {
            list_ui(list, view, &mut action);
            // Columns are justified; prose reads better left-aligned.
            detail.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                detail_ui(ui, view, &mut action)
            });
        }
    });
    if action.is_none()
        && view.drill.is_none()
        && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
    {
        action = Some(Action::Home);
    }
    action
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
        ui.label("Choose a term to read it.");
        return;
    };
    let Some(term) = view.index.term(at) else {
        return;
    };
    ScrollArea::vertical()
        .id_salt("term")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading(&term.term);
            ui.label(RichText::new(view.index.pack_title(at)).weak());
            if !term.aliases.is_empty() {
                ui.label(format!("Also: {}", term.aliases.join(", ")));
            }
            ui.add_space(6.0);
            super::format::rich_line(ui, None, &term.definition, false);
            if !term.see_also.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new("See also").strong());
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
            let cards = view.cards;
            if !cards.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new(format!("Cards that test it ({})", cards.len())).strong());
                for front in cards {
                    super::format::rich_line(ui, None, &format!("\u{2022} {front}"), false);
                }
            }
            if !view.nodes.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new("In the diagrams").strong());
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
        });
}
