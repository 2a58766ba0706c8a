//! Primer reader: a table of contents, the section's formatted body, then its check questions
//! (reveal, then grade like a card).

use egui::{Frame, Key, Modifiers, RichText, ScrollArea, Ui};

use super::Action;
use super::format::{answer_ui, rich_line};
use crate::pack::{Block, Primer};
use crate::study::schedule::Rating;

/// What the primer screen shows.
#[derive(Debug, Clone, Copy)]
pub struct PrimerView<'a> {
    /// The primer.
    pub primer: &'a Primer,
    /// The section being read.
    pub section: usize,
    /// Check ids whose answers are showing.
    pub revealed: &'a [String],
    /// Check ids graded in this visit.
    pub graded: &'a [String],
    /// A message from the last action.
    pub notice: Option<&'a str>,
}

/// Draws the primer reader.
pub fn primer_ui(ui: &mut Ui, view: &PrimerView<'_>) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        super::home_button(ui, &mut action);
        ui.heading(&view.primer.title);
    });
    if let Some(notice) = view.notice {
        ui.colored_label(ui.visuals().error_fg_color, notice);
    }
    ui.separator();
    egui::Panel::left("contents")
        .resizable(true)
        .default_size(220.0)
        .show(ui, |ui| {
            ScrollArea::vertical().id_salt("toc").show(ui, |ui| {
                for (i, section) in view.primer.sections.iter().enumerate() {
                    if ui
                        .selectable_label(
                            i == view.section,
                            format!("{}. {}", i + 1, plain(&section.heading)),
                        )
                        .clicked()
                    {
                        action = Some(Action::GoToSection(i));
                    }
                }
            });
        });
    egui::CentralPanel::default().show(ui, |ui| {
        if let Some(a) = section_ui(ui, view) {
            action = Some(a);
        }
    });
    if action.is_none() {
        action = ui.input_mut(|i| {
            if i.consume_key(Modifiers::NONE, Key::Escape) {
                Some(Action::Home)
            } else if i.consume_key(Modifiers::NONE, Key::ArrowRight)
                || i.consume_key(Modifiers::NONE, Key::N)
            {
                Some(Action::GoToSection(view.section + 1))
            } else if i.consume_key(Modifiers::NONE, Key::ArrowLeft)
                || i.consume_key(Modifiers::NONE, Key::P)
            {
                view.section.checked_sub(1).map(Action::GoToSection)
            } else {
                None
            }
        });
    }
    action
}

fn section_ui(ui: &mut Ui, view: &PrimerView<'_>) -> Option<Action> {
    let mut action = None;
    let section = view.primer.sections.get(view.section)?;
    ScrollArea::vertical()
        .id_salt("section")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading(plain(&section.heading));
            for block in &section.body {
                block_ui(ui, block);
                ui.add_space(4.0);
            }
            if !section.checks.is_empty() {
                ui.separator();
                ui.label(RichText::new("Check yourself").strong());
            }
            for check in &section.checks {
                let id = check.id.0.clone();
                rich_line(ui, None, &check.front, false);
                if view.graded.contains(&id) {
                    ui.label(RichText::new("Graded; it will come back when due.").weak());
                } else if view.revealed.contains(&id) {
                    answer_ui(ui, &check.answer);
                    if let Some(explanation) = &check.explanation {
                        rich_line(ui, None, explanation, true);
                    }
                    ui.horizontal(|ui| {
                        for rating in Rating::ALL {
                            if ui.button(super::review::rating_name(rating)).clicked() {
                                action = Some(Action::GradeCheck(id.clone(), rating));
                            }
                        }
                    });
                } else if ui
                    .button(format!("Show answer: {}", plain(&check.front)))
                    .clicked()
                {
                    action = Some(Action::RevealCheck(id));
                }
                ui.add_space(6.0);
            }
            ui.horizontal(|ui| {
                if view.section > 0 && ui.button("Previous section").clicked() {
                    action = Some(Action::GoToSection(view.section - 1));
                }
                if view.section + 1 < view.primer.sections.len()
                    && ui.button("Next section").clicked()
                {
                    action = Some(Action::GoToSection(view.section + 1));
                }
            });
        });
    action
}

fn block_ui(ui: &mut Ui, block: &Block) {
    match block {
        Block::Para(text) => rich_line(ui, None, text, false),
        Block::Bullets(items) => {
            for item in items {
                rich_line(ui, None, &format!("\u{2022} {item}"), false);
            }
        }
        Block::Numbered(items) => {
            for (i, item) in items.iter().enumerate() {
                rich_line(ui, None, &format!("{}. {item}", i + 1), false);
            }
        }
        Block::Code { text, .. } => {
            Frame::group(ui.style()).show(ui, |ui| {
                ui.label(RichText::new(text).monospace());
            });
        }
    }
}

/// Text without backticks, for labels and accessible names.
fn plain(text: &str) -> String {
    text.replace('`', "")
}
