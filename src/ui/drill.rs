//! The glossary's "Quiz me" drill: a question, its options (click or 1–4), right or wrong at
//! once, Enter for the next; a score and the missed terms at the end.

use egui::{Color32, Key, Modifiers, RichText, Ui};

use super::Action;
use super::format::rich_line;
use super::keys::NUMBER_KEYS;
use crate::modes::drill::{Direction, Drill};
use crate::modes::glossary::GlossaryIndex;

/// Draws the drill in place of the term list.
pub fn drill_ui(ui: &mut Ui, index: &GlossaryIndex, drill: &Drill) -> Option<Action> {
    let mut action = None;
    let Some(question) = drill.current() else {
        return summary_ui(ui, index, drill);
    };
    let (number, total) = drill.progress();
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Question {number} of {total}")).strong());
        if ui.button("Stop quiz").on_hover_text("Esc").clicked() {
            action = Some(Action::DrillEnd);
        }
    });
    ui.add_space(6.0);
    match question.direction {
        Direction::TermToDefinition => {
            ui.label("Which definition fits this term?");
            ui.heading(&question.prompt);
        }
        Direction::DefinitionToTerm => {
            ui.label("Which term does this define?");
            rich_line(ui, Some(17.0), &question.prompt, false);
        }
    }
    ui.add_space(6.0);
    let right_colour = Color32::from_rgb(40, 160, 70);
    for (i, option) in question.options.iter().enumerate() {
        let mark = match drill.picked() {
            Some(_) if i == question.right => " \u{2714}",
            Some(p) if p == i => " \u{2718}",
            _ => "",
        };
        let text = format!("{}. {option}{mark}", i + 1);
        let button = egui::Button::new(RichText::new(text))
            .wrap()
            .selected(drill.picked() == Some(i));
        if ui.add_enabled(drill.picked().is_none(), button).clicked() {
            action = Some(Action::DrillPick(i));
        }
    }
    if let Some(picked) = drill.picked() {
        ui.add_space(6.0);
        if picked == question.right {
            ui.colored_label(right_colour, "Right: counted as Good");
        } else {
            ui.colored_label(
                ui.visuals().error_fg_color,
                "Not this one: counted as Again",
            );
        }
        if ui.button("Next").on_hover_text("Enter or Space").clicked() {
            action = Some(Action::DrillNext);
        }
    }
    let keys = ui.input_mut(|i| {
        if i.consume_key(Modifiers::NONE, Key::Escape) {
            return Some(Action::DrillEnd);
        }
        if drill.picked().is_some() {
            let next = i.consume_key(Modifiers::NONE, Key::Enter)
                || i.consume_key(Modifiers::NONE, Key::Space);
            return next.then_some(Action::DrillNext);
        }
        NUMBER_KEYS
            .iter()
            .take(question.options.len())
            .position(|&k| i.consume_key(Modifiers::NONE, k))
            .map(Action::DrillPick)
    });
    action.or(keys)
}

fn summary_ui(ui: &mut Ui, index: &GlossaryIndex, drill: &Drill) -> Option<Action> {
    let mut action = None;
    let (right, answered) = drill.score();
    ui.heading("Quiz finished");
    ui.label(format!("{right} of {answered} right"));
    if !drill.missed().is_empty() {
        ui.label(RichText::new("Missed: read them again").strong());
        ui.horizontal_wrapped(|ui| {
            for &at in drill.missed() {
                if let Some(term) = index.term(at)
                    && ui.button(&term.term).clicked()
                {
                    action = Some(Action::ShowTerm(at));
                }
            }
        });
    }
    ui.label("Answers were recorded: missed terms come back soon in your reviews.");
    if ui.button("Done").on_hover_text("Enter or Esc").clicked() {
        action = Some(Action::DrillEnd);
    }
    let keys = ui.input_mut(|i| {
        (i.consume_key(Modifiers::NONE, Key::Enter) || i.consume_key(Modifiers::NONE, Key::Escape))
            .then_some(Action::DrillEnd)
    });
    action.or(keys)
}
