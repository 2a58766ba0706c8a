//! Flashcard review: the front, the answer on Space, grading with 1-4 or the buttons (each with
//! its next interval), multiple choice by click or number key, undo, and the session summary.

use egui::{Key, Modifiers, RichText, Ui};

use super::Action;
use super::format::{answer_ui, clock_time, delay, rich_line};
use super::keys::NUMBER_KEYS;
use crate::modes::glossary::TermRef;
use crate::modes::review::{Shown, Summary};
use crate::study::schedule::{Next, Rating};

/// What the review screen shows.
#[derive(Debug, Clone, Copy)]
pub struct ReviewView<'a> {
    /// The current card; `None` when the session is over.
    pub shown: Option<&'a Shown>,
    /// Cards answered and cards in the session.
    pub progress: (usize, usize),
    /// Time since the session started.
    pub elapsed_ms: u64,
    /// What each rating would do, for the button labels.
    pub next: Option<&'a [Next; 4]>,
    /// For a revealed multiple-choice card: whether the picks were right.
    pub picked_right: Option<bool>,
    /// The running summary.
    pub summary: &'a Summary,
    /// A message from the last action (an error).
    pub notice: Option<&'a str>,
    /// The glossary terms the current card links to: (where, name).
    pub chips: &'a [(TermRef, String)],
}

/// Draws the review screen.
pub fn review_ui(ui: &mut Ui, view: &ReviewView<'_>) -> Option<Action> {
    let (done, total) = view.progress;
    let mut action = None;
    ui.horizontal(|ui| {
        super::home_button(ui, &mut action);
        ui.label(format!("{done} of {total}"));
        ui.label(format!("elapsed {}", clock_time(view.elapsed_ms)));
        if ui
            .button("Undo")
            .on_hover_text("Take back the last answer (Ctrl+Z)")
            .clicked()
        {
            action = Some(Action::Undo);
        }
    });
    if let Some(notice) = view.notice {
        ui.colored_label(ui.visuals().error_fg_color, notice);
    }
    ui.separator();
    let keys = match view.shown {
        Some(shown) => card_ui(ui, shown, view, &mut action),
        None => summary_ui(ui, view.summary, &mut action),
    };
    action.or(keys)
}

fn card_ui(
    ui: &mut Ui,
    shown: &Shown,
    view: &ReviewView<'_>,
    action: &mut Option<Action>,
) -> Option<Action> {
    egui::ScrollArea::vertical()
        .auto_shrink([false, true])
        .max_height(ui.available_height() - 80.0)
        .show(ui, |ui| {
            rich_line(ui, Some(20.0), &shown.card.front, false);
            if !view.chips.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new("Terms:").weak());
                    for (at, name) in view.chips {
                        if ui
                            .small_button(name)
                            .on_hover_text("Read this glossary term")
                            .clicked()
                        {
                            *action = Some(Action::PeekTerm(Some(*at)));
                        }
                    }
                });
            }
            ui.add_space(8.0);
            for (i, option) in shown.options.iter().enumerate() {
                let picked = shown.picked.contains(&i);
                let right = shown
                    .revealed
                    .then(|| shown.card.answer.parts().contains(option));
                let mark = match right {
                    Some(true) => " \u{2714}",
                    Some(false) if picked => " \u{2718}",
                    _ => "",
                };
                if ui
                    .selectable_label(picked, format!("{}. {option}{mark}", i + 1))
                    .clicked()
                {
                    *action = Some(Action::Pick(i));
                }
            }
            if shown.revealed {
                ui.separator();
                answer_ui(ui, &shown.card.answer);
                match view.picked_right {
                    Some(true) => {
                        drop(ui.colored_label(egui::Color32::from_rgb(40, 160, 70), "Right"))
                    }
                    Some(false) => drop(ui.colored_label(
                        ui.visuals().error_fg_color,
                        "Not quite: this counts as Again",
                    )),
                    None => {}
                }
                if let Some(explanation) = &shown.card.explanation {
                    ui.add_space(6.0);
                    rich_line(ui, None, explanation, true);
                }
            }
        });
    ui.separator();
    if shown.revealed {
        ui.horizontal(|ui| {
            for (n, rating) in Rating::ALL.into_iter().enumerate() {
                let interval = view
                    .next
                    .and_then(|next| next.get(n))
                    .map_or_else(String::new, |next| delay(next.delay_secs));
                ui.vertical(|ui| {
                    ui.label(interval);
                    if ui
                        .button(rating_name(rating))
                        .on_hover_text(format!("Key {}", n + 1))
                        .clicked()
                    {
                        *action = Some(Action::Rate(rating));
                    }
                });
            }
        });
    } else if ui
        .button("Show answer")
        .on_hover_text("Space or Enter")
        .clicked()
    {
        *action = Some(Action::Reveal);
    }
    keys(ui, shown)
}

/// Keyboard: Space/Enter reveal, 1-4 grade, number keys pick options, Ctrl+Z undo, Esc home.
fn keys(ui: &mut Ui, shown: &Shown) -> Option<Action> {
    ui.input_mut(|i| {
        if i.consume_key(Modifiers::COMMAND, Key::Z) {
            return Some(Action::Undo);
        }
        if i.consume_key(Modifiers::NONE, Key::Escape) {
            return Some(Action::Home);
        }
        if !shown.revealed {
            if i.consume_key(Modifiers::NONE, Key::Space)
                || i.consume_key(Modifiers::NONE, Key::Enter)
            {
                return Some(Action::Reveal);
            }
            return NUMBER_KEYS
                .iter()
                .take(shown.options.len())
                .position(|&k| i.consume_key(Modifiers::NONE, k))
                .map(Action::Pick);
        }
        NUMBER_KEYS
            .iter()
            .take(4)
            .position(|&k| i.consume_key(Modifiers::NONE, k))
            .and_then(|n| Rating::ALL.get(n).copied())
            .map(Action::Rate)
    })
}

fn summary_ui(ui: &mut Ui, summary: &Summary, action: &mut Option<Action>) -> Option<Action> {
    ui.heading("Session finished");
    let percent = if summary.answered > 0 {
        f64::from(summary.correct) * 100.0 / f64::from(summary.answered)
    } else {
        0.0
    };
    ui.label(format!("Reviewed: {}", summary.answered));
    ui.label(format!("Correct: {percent:.0}%"));
    ui.label(format!("Time: {}", clock_time(summary.time_ms)));
    if ui.button("Back home").clicked() {
        *action = Some(Action::Home);
    }
    ui.input_mut(|i| {
        (i.consume_key(Modifiers::NONE, Key::Enter) || i.consume_key(Modifiers::NONE, Key::Escape))
            .then_some(Action::Home)
    })
}

/// The button name of a rating.
pub fn rating_name(rating: Rating) -> &'static str {
    match rating {
        Rating::Again => "Again",
        Rating::Hard => "Hard",
        Rating::Good => "Good",
        Rating::Easy => "Easy",
    }
}
