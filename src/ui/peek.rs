//! A glossary term shown over another screen (a card's term chip), without leaving it.

use egui::{Key, Modifiers, RichText};

use super::Action;
use crate::modes::glossary::{GlossaryIndex, TermRef};

/// Shows the term at `at` in a window; returns the action taken (another term, or close).
pub fn peek_window(ctx: &egui::Context, index: &GlossaryIndex, at: TermRef) -> Option<Action> {
    let term = index.term(at)?;
    let mut action = None;
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        return Some(Action::PeekTerm(None));
    }
    egui::Window::new("Glossary term")
        .collapsible(false)
        .resizable(true)
        .default_width(420.0)
        .show(ctx, |ui| {
            ui.heading(&term.term);
            ui.label(RichText::new(index.pack_title(at)).weak());
            if !term.aliases.is_empty() {
                ui.label(format!("Also: {}", term.aliases.join(", ")));
            }
            ui.add_space(4.0);
            super::format::rich_line(ui, None, &term.definition, false);
            let links: Vec<(TermRef, &str)> = term
                .see_also
                .iter()
                .filter_map(|id| index.see_also(at, id.as_str()))
                .filter_map(|t| index.term(t).map(|term| (t, term.term.as_str())))
                .collect();
            if !links.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new("See also:").weak());
                    for (target, name) in links {
                        if ui.small_button(name).clicked() {
                            action = Some(Action::PeekTerm(Some(target)));
                        }
                    }
                });
            }
            ui.add_space(4.0);
            if ui.button("Close").on_hover_text("Esc").clicked() {
                action = Some(Action::PeekTerm(None));
            }
        });
    action
}
