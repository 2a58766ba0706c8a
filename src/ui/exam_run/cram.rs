//! A cram session while it runs (always showing whether it counts) and its summary. Space or
//! Enter shows the answer and goes on, 1-9 pick an option, 1 = missed it and 3 = got it on a
//! self-graded item, Esc ends the cram through its summary.

use egui::{Key, RichText, Ui};

use super::super::Action;
use super::super::exam::percent;
use super::super::exam_chart::{OptionLook, code_label, option_button};
use super::super::format::clock_time;
use super::super::keys::NUMBER_KEYS;
use super::super::theme::{self, Palette, size, space};
use super::{go_on, ms, pressed};
use crate::modes::cram::{Counting, Cram};
use crate::study::clock::Timestamp;
use crate::study::schedule::Rating;

/// Draws a cram session (or its summary), with readiness before and after.
pub fn cram_ui(
    ui: &mut Ui,
    cram: &Cram,
    now: Timestamp,
    readiness: (Option<f64>, Option<f64>),
    (marks, notice): (crate::progress::Marks, Option<&str>),
) -> Option<Action> {
    let mut action = None;
    let (done, total) = cram.progress();
    let over = cram.current(now).is_none();
    ui.horizontal(|ui| {
        super::super::home_button_with(
            ui,
            &mut action,
            "Leave the cram (every answer so far is kept)",
        );
        let mode = match cram.counting {
            Counting::Counts => "Cram: counts (answers update your schedule)",
            Counting::PracticeOnly => "Cram: practice only (your schedule does not change)",
        };
        ui.label(RichText::new(mode).strong());
        ui.label(format!("{done} of {total} done"));
        if let Some(left) = cram.time_left(now).filter(|_| !over) {
            ui.label(format!("{} left", clock_time(ms(left))));
        }
    });
    theme::progress_bar(ui, done, total);
    ui.add_space(space::M);
    let Some(item) = cram.current(now) else {
        let summary = egui::ScrollArea::vertical()
            .id_salt("cram-summary")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                theme::reading_column(ui, |ui| summary(ui, cram, readiness))
            })
            .inner;
        if pressed(ui, Key::Escape) || go_on(ui) {
            return Some(Action::OpenExam);
        }
        return summary.or(action);
    };
    let revealed = cram.revealed();
    let outcome = cram.picked_right(now);
    if let Some(notice) = notice {
        ui.colored_label(Palette::get(ui).warn, notice);
    }
    let bar = super::super::review::MarkBar {
        marks,
        edited: None,
        can_edit: item.kind == crate::progress::ItemKind::Card,
    };
    super::super::review::marks_ui(ui, &bar, &mut action);
    egui::ScrollArea::vertical()
        .id_salt("cram")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            theme::reading_column(ui, |ui| {
                theme::card_frame(ui).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    code_label(ui, &item.prompt, size::QUESTION);
                    ui.add_space(space::M);
                    for (i, option) in item.options.iter().enumerate() {
                        let look = match (revealed, Some(i) == item.right, Some(i) == cram.picked())
                        {
                            (false, _, _) => OptionLook::Plain,
                            (true, true, _) => OptionLook::Right,
                            (true, false, true) => OptionLook::Wrong,
                            (true, false, false) => OptionLook::Faded,
                        };
                        if option_button(ui, i + 1, option, look).clicked() {
                            action = Some(Action::CramPick(i));
                        }
                    }
                    if revealed && item.options.is_empty() {
                        ui.separator();
                        code_label(ui, &item.answer, size::ANSWER);
                    }
                });
                ui.add_space(space::M);
                cram_buttons(ui, revealed, !item.options.is_empty(), outcome, &mut action);
            });
        });
    action.or_else(|| cram_keys(ui, item, revealed, outcome))
}

/// The cram's keys: Esc ends it; Ctrl+Z, the mark keys; then picking, going on and grading.
fn cram_keys(
    ui: &mut Ui,
    item: &crate::modes::cram::CramItem,
    revealed: bool,
    outcome: Option<bool>,
) -> Option<Action> {
    if pressed(ui, Key::Escape) {
        return Some(Action::CramEnd);
    }
    let marked = ui.input_mut(|i| {
        if i.consume_key(egui::Modifiers::COMMAND, Key::Z) {
            return Some(Action::Undo);
        }
        // E edits a card; a term or a diagram box is edited in its pack.
        super::super::review::mark_keys(i).filter(|a| {
            !matches!(a, Action::Edit(_)) || item.kind == crate::progress::ItemKind::Card
        })
    });
    if marked.is_some() {
        return marked;
    }
    if !revealed {
        let pick = NUMBER_KEYS
            .iter()
            .take(item.options.len())
            .position(|&k| pressed(ui, k));
        return match pick {
            Some(i) => Some(Action::CramPick(i)),
            None => go_on(ui).then_some(Action::CramReveal),
        };
    } else if let Some(right) = outcome {
        return go_on(ui).then_some(Action::CramGrade(right));
    } else if pressed(ui, Key::Num1) {
        return Some(Action::CramGrade(false));
    } else if pressed(ui, Key::Num3) {
        return Some(Action::CramGrade(true));
    }
    None
}

/// Under the card: how to go on.
fn cram_buttons(
    ui: &mut Ui,
    revealed: bool,
    has_options: bool,
    outcome: Option<bool>,
    action: &mut Option<Action>,
) {
    if !revealed {
        if has_options {
            theme::muted(ui, "Pick an option (1-9), or Space to show the answer.");
        }
        if theme::primary_button(ui, "Show answer")
            .on_hover_text("Space or Enter")
            .clicked()
        {
            *action = Some(Action::CramReveal);
        }
        return;
    }
    match outcome {
        Some(right) => {
            let text = if right {
                "Right: recorded as got it."
            } else {
                "Not this one: recorded as missed; it comes back soon."
            };
            theme::verdict_banner(ui, right, text);
            ui.add_space(space::S);
            if theme::primary_button(ui, "Next")
                .on_hover_text("Space or Enter")
                .clicked()
            {
                *action = Some(Action::CramGrade(right));
            }
        }
        None => {
            let width = ((ui.available_width() - space::S) / 2.0).max(120.0);
            ui.horizontal(|ui| {
                if theme::grade_button(ui, Rating::Again, "Missed it", "1", width).clicked() {
                    *action = Some(Action::CramGrade(false));
                }
                if theme::grade_button(ui, Rating::Good, "Got it", "3", width).clicked() {
                    *action = Some(Action::CramGrade(true));
                }
            });
        }
    }
}

fn summary(ui: &mut Ui, cram: &Cram, readiness: (Option<f64>, Option<f64>)) -> Option<Action> {
    let mut action = None;
    let p = Palette::get(ui);
    theme::title(ui, "Cram finished");
    let (answered, right) = cram.score();
    let accuracy = if answered == 0 {
        0.0
    } else {
        f64::from(right) / f64::from(answered)
    };
    theme::muted(
        ui,
        format!("{answered} answers, {} right", percent(accuracy)),
    );
    ui.horizontal_wrapped(|ui| {
        theme::stat_tile(ui, &answered.to_string(), "answers", None);
        theme::stat_tile(ui, &percent(accuracy), "right", None);
        if let (Some(before), Some(after)) = readiness {
            theme::stat_tile(
                ui,
                &format!("{} \u{2192} {}", percent(before), percent(after)),
                "predicted recall on exam day",
                Some(p.verdict(after >= before)),
            );
        }
    });
    if cram.counting == Counting::PracticeOnly {
        ui.label("Practice only: your schedule is exactly as it was.");
    }
    let weakest = cram.weakest(5);
    if !weakest.is_empty() {
        theme::section(ui, "Missed most");
        for (item, misses) in weakest {
            code_label(
                ui,
                &format!("\u{2022} {} ({misses}\u{00d7})", item.prompt),
                size::BODY,
            );
        }
    }
    ui.add_space(space::M);
    if theme::primary_button(ui, "Back to exam week")
        .on_hover_text("Space, Enter or Esc")
        .clicked()
    {
        action = Some(Action::OpenExam);
    }
    action
}
