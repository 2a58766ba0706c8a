//! The glossary's "Quiz me" drill: a question, its options (click or number keys), right or wrong
//! at once with the one outcome recorded, Space or Enter for the next; Esc stops, through the
//! score when something was answered; the score and the missed terms at the end.

use egui::{Key, Modifiers, RichText, Stroke, Ui, Vec2};

use super::Action;
use super::format::rich_line;
use super::glossary::code_text;
use super::keys::NUMBER_KEYS;
use super::theme::{self, Palette, size, space};
use crate::modes::drill::{Direction, Drill, Question};
use crate::modes::glossary::GlossaryIndex;

/// Draws the drill in place of the term list. `keys` is false while the keyboard belongs to
/// something else (an open menu, the search box): then no key answers or stops the quiz.
pub fn drill_ui(ui: &mut Ui, index: &GlossaryIndex, drill: &Drill, keys: bool) -> Option<Action> {
    let Some(question) = drill.current() else {
        return summary_ui(ui, index, drill, keys);
    };
    let mut action = None;
    let (number, total) = drill.progress();
    ui.horizontal(|ui| {
        theme::muted(ui, format!("Question {number} of {total}"));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Stop quiz").on_hover_text("Esc").clicked() {
                action = Some(Action::DrillEnd);
            }
        });
    });
    let done = number - 1 + usize::from(drill.picked().is_some());
    theme::progress_bar(ui, done, total);
    ui.add_space(space::M);
    theme::card_frame(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        match question.direction {
            Direction::TermToDefinition => {
                theme::muted(ui, "Which definition fits this term?");
                ui.label(
                    RichText::new(&question.prompt)
                        .size(size::QUESTION)
                        .strong(),
                );
            }
            Direction::DefinitionToTerm => {
                theme::muted(ui, "Which term does this define?");
                theme::reading_text(ui, |ui| {
                    rich_line(ui, Some(size::ANSWER), &question.prompt, false);
                });
            }
        }
    });
    ui.add_space(space::M);
    // Options are salted by the question number, so a button focused by a click on one question
    // is not pressed by Space on the next.
    ui.push_id(("drill-options", number), |ui| {
        if let Some(a) = options_ui(ui, question, drill.picked()) {
            action = Some(a);
        }
    });
    ui.add_space(space::S);
    match drill.picked() {
        Some(picked) => {
            let right = picked == question.right;
            let banner = theme::verdict_banner(
                ui,
                right,
                if right {
                    "Right: counted as Good"
                } else {
                    "Not this one: counted as Again"
                },
            );
            // A long question pushes the outcome below the fold: scroll to it once, on the
            // frame it first shows, and leave the scrolling to the learner after that.
            let shown = egui::Id::unique("drill-outcome-shown");
            let this = (question.at.pack, question.at.term, number);
            if ui.data(|d| d.get_temp::<(usize, usize, usize)>(shown)) != Some(this) {
                banner.scroll_to_me(Some(egui::Align::Center));
                ui.data_mut(|d| d.insert_temp(shown, this));
            }
            ui.add_space(space::S);
            ui.horizontal(|ui| {
                if theme::primary_button(ui, "Next")
                    .on_hover_text("Space or Enter")
                    .clicked()
                {
                    action = Some(Action::DrillNext);
                }
                theme::muted(ui, "Space or Enter");
            });
        }
        None => {
            theme::muted(
                ui,
                format!(
                    "Keys 1-{} answer; the answer is recorded at once.",
                    question.options.len().min(NUMBER_KEYS.len())
                ),
            );
        }
    }
    if action.is_some() || !keys {
        return action;
    }
    ui.input_mut(|i| {
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
    })
}

/// The options as full-width numbered rows; once picked, the right one and the wrong pick are
/// marked and coloured, and clicks do nothing.
fn options_ui(ui: &mut Ui, question: &Question, picked: Option<usize>) -> Option<Action> {
    let p = Palette::get(ui);
    let mut action = None;
    for (i, option) in question.options.iter().enumerate() {
        let verdict = match picked {
            Some(_) if i == question.right => Some(true),
            Some(p) if p == i => Some(false),
            _ => None,
        };
        let mark = match verdict {
            Some(true) => " \u{2714}",
            Some(false) => " \u{2718}",
            None => "",
        };
        let text = code_text(
            ui,
            &format!("{}. {option}{mark}", i + 1),
            size::ANSWER,
            verdict.map(|right| p.verdict(right)),
        );
        let mut button = egui::Button::new(text)
            .wrap()
            .fill(p.card)
            .stroke(Stroke::new(1.0, p.card_stroke))
            .corner_radius(egui::CornerRadius::same(6))
            .min_size(Vec2::new(ui.available_width(), theme::BIG_BUTTON_HEIGHT));
        if let Some(right) = verdict {
            button = button
                .fill(p.verdict(right).gamma_multiply(0.12))
                .stroke(Stroke::new(2.0, p.verdict(right)));
        }
        let response = ui.add(button);
        if picked.is_none() && response.clicked() {
            action = Some(Action::DrillPick(i));
        }
    }
    action
}

fn summary_ui(ui: &mut Ui, index: &GlossaryIndex, drill: &Drill, keys: bool) -> Option<Action> {
    let mut action = None;
    let (right, answered) = drill.score();
    theme::card_frame(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        theme::title(ui, "Quiz finished");
        ui.label(
            RichText::new(format!("{right} of {answered} right"))
                .size(size::FIGURE)
                .strong()
                .color(Palette::get(ui).verdict(right * 2 >= answered)),
        );
        if !drill.missed().is_empty() {
            theme::section(ui, "Missed: read them again");
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
        ui.add_space(space::S);
        theme::muted(
            ui,
            "Answers were recorded: missed terms come back soon in your reviews.",
        );
        ui.add_space(space::M);
        if theme::primary_button(ui, "Done")
            .on_hover_text("Enter, Space or Esc")
            .clicked()
        {
            action = Some(Action::DrillEnd);
        }
    });
    if action.is_some() || !keys {
        return action;
    }
    ui.input_mut(|i| {
        (i.consume_key(Modifiers::NONE, Key::Enter)
            || i.consume_key(Modifiers::NONE, Key::Space)
            || i.consume_key(Modifiers::NONE, Key::Escape))
        .then_some(Action::DrillEnd)
    })
}
