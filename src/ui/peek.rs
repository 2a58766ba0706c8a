//! Things shown over another screen without leaving it: a glossary term (a card's term chip, in
//! review) and a card (a glossary term's "Cards that test it").

use egui::{Key, Modifiers, RichText};

use super::Action;
use super::format::{answer_ui, rich_line};
use super::theme::{self, Palette, size, space};
use crate::modes::glossary::{GlossaryIndex, TermRef};
use crate::pack::Card;

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
            ui.label(RichText::new(&term.term).size(size::QUESTION).strong());
            theme::muted(ui, index.pack_title(at));
            if !term.aliases.is_empty() {
                theme::muted(ui, format!("Also: {}", term.aliases.join(", ")));
            }
            ui.add_space(space::S);
            theme::reading_text(ui, |ui| rich_line(ui, None, &term.definition, false));
            let links: Vec<(TermRef, &str)> = term
                .see_also
                .iter()
                .filter_map(|id| index.see_also(at, id.as_str()))
                .filter_map(|t| index.term(t).map(|term| (t, term.term.as_str())))
                .collect();
            if !links.is_empty() {
                ui.add_space(space::XS);
                ui.horizontal_wrapped(|ui| {
                    theme::muted(ui, "See also:");
                    for (target, name) in links {
                        if ui.small_button(name).clicked() {
                            action = Some(Action::PeekTerm(Some(target)));
                        }
                    }
                });
            }
            ui.add_space(space::S);
            if ui.button("Close").on_hover_text("Esc").clicked() {
                action = Some(Action::PeekTerm(None));
            }
        });
    action
}

/// Shows `card` (front, answer, explanation) in a window over the glossary; returns the action
/// taken (close, by the button or Esc).
pub fn card_window(ctx: &egui::Context, card: &Card, pack: &str) -> Option<Action> {
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        return Some(Action::PeekCard(None));
    }
    let mut action = None;
    egui::Window::new("Card")
        .collapsible(false)
        .resizable(true)
        .default_width(460.0)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .frame(egui::Frame::window(&ctx.global_style()).inner_margin(space::M as i8))
        .show(ctx, |ui| {
            let p = Palette::get(ui);
            theme::muted(ui, pack);
            theme::reading_text(ui, |ui| {
                rich_line(ui, Some(size::ANSWER), &card.front, false);
                ui.add_space(space::S);
                ui.label(RichText::new("Answer").size(size::SMALL).color(p.muted));
                answer_ui(ui, &card.answer);
            });
            if !card.distractors.is_empty() {
                ui.add_space(space::XS);
                theme::muted(
                    ui,
                    format!(
                        "Asked as multiple choice, with {} wrong options.",
                        card.distractors.len()
                    ),
                );
            }
            if let Some(explanation) = &card.explanation {
                ui.add_space(space::S);
                rich_line(ui, None, explanation, true);
            }
            ui.add_space(space::S);
            if ui.button("Close card").on_hover_text("Esc").clicked() {
                action = Some(Action::PeekCard(None));
            }
        });
    action
}
