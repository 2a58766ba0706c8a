//! Running exam week: a cram session (always showing whether it counts) and a mock exam (timed,
//! no feedback until the end, then the recall answers checked and the score per domain).

use egui::{Key, Modifiers, RichText, Ui};

use super::Action;
use super::format::{clock_time, rich_line};
use super::keys::NUMBER_KEYS;
use crate::modes::cram::{Counting, Cram};
use crate::modes::mock::{Form, Mock};
use crate::study::clock::Timestamp;

fn ms(value: i64) -> u64 {
    u64::try_from(value.max(0)).unwrap_or(0)
}

/// Draws a cram session (or its summary), with readiness before and after.
pub fn cram_ui(
    ui: &mut Ui,
    cram: &Cram,
    now: Timestamp,
    readiness: (Option<f64>, Option<f64>),
) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        super::home_button(ui, &mut action);
        let mode = match cram.counting {
            Counting::Counts => "Cram: counts (answers update your schedule)",
            Counting::PracticeOnly => "Cram: practice only (your schedule does not change)",
        };
        ui.label(RichText::new(mode).strong());
        let (done, total) = cram.progress();
        ui.label(format!("{done} of {total} done"));
        if let Some(left) = cram.time_left(now) {
            ui.label(format!("{} left", clock_time(ms(left))));
        }
    });
    ui.separator();
    let Some(item) = cram.current(now) else {
        return summary(ui, cram, readiness).or(action);
    };
    rich_line(ui, Some(20.0), &item.prompt, false);
    ui.add_space(8.0);
    for (i, option) in item.options.iter().enumerate() {
        let mark = match (
            cram.revealed(),
            Some(i) == item.right,
            Some(i) == cram.picked(),
        ) {
            (true, true, _) => " \u{2714}",
            (true, false, true) => " \u{2718}",
            _ => "",
        };
        let button = egui::Button::new(format!("{}. {option}{mark}", i + 1)).wrap();
        if ui.add_enabled(!cram.revealed(), button).clicked() {
            action = Some(Action::CramPick(i));
        }
    }
    let keys = ui.input_mut(|i| {
        if !cram.revealed() {
            if !item.options.is_empty() {
                return NUMBER_KEYS
                    .iter()
                    .take(item.options.len())
                    .position(|&k| i.consume_key(Modifiers::NONE, k))
                    .map(Action::CramPick);
            }
            let reveal = i.consume_key(Modifiers::NONE, Key::Space)
                || i.consume_key(Modifiers::NONE, Key::Enter);
            return reveal.then_some(Action::CramReveal);
        }
        if let Some(right) = cram.picked_right(now) {
            let next = i.consume_key(Modifiers::NONE, Key::Enter)
                || i.consume_key(Modifiers::NONE, Key::Space);
            return next.then_some(Action::CramGrade(right));
        }
        if i.consume_key(Modifiers::NONE, Key::Num1) {
            Some(Action::CramGrade(false))
        } else if i.consume_key(Modifiers::NONE, Key::Num2) {
            Some(Action::CramGrade(true))
        } else {
            None
        }
    });
    if !cram.revealed() {
        if item.options.is_empty()
            && ui
                .button("Show answer")
                .on_hover_text("Space or Enter")
                .clicked()
        {
            action = Some(Action::CramReveal);
        }
        return action.or(keys);
    }
    ui.separator();
    rich_line(ui, Some(17.0), &item.answer, false);
    ui.add_space(6.0);
    match cram.picked_right(now) {
        Some(right) => {
            ui.label(if right {
                "Right."
            } else {
                "Not this one: it comes back soon."
            });
            if ui.button("Next").on_hover_text("Enter").clicked() {
                action = Some(Action::CramGrade(right));
            }
        }
        None => {
            ui.horizontal(|ui| {
                if ui.button("Missed it").on_hover_text("1").clicked() {
                    action = Some(Action::CramGrade(false));
                }
                if ui.button("Got it").on_hover_text("2").clicked() {
                    action = Some(Action::CramGrade(true));
                }
            });
        }
    }
    action.or(keys)
}

fn summary(ui: &mut Ui, cram: &Cram, readiness: (Option<f64>, Option<f64>)) -> Option<Action> {
    let mut action = None;
    ui.heading("Cram finished");
    let (answered, right) = cram.score();
    let accuracy = if answered == 0 {
        0.0
    } else {
        f64::from(right) * 100.0 / f64::from(answered)
    };
    ui.label(format!("{answered} answers, {accuracy:.0} % right"));
    if let (Some(before), Some(after)) = readiness {
        ui.label(format!(
            "Predicted recall on exam day: {:.0} % \u{2192} {:.0} %",
            before * 100.0,
            after * 100.0
        ));
    }
    if cram.counting == Counting::PracticeOnly {
        ui.label("Practice only: your schedule is exactly as it was.");
    }
    let weakest = cram.weakest(5);
    if !weakest.is_empty() {
        ui.label(RichText::new("Missed most").strong());
        for (item, misses) in weakest {
            ui.label(format!("\u{2022} {} ({misses}\u{00d7})", item.prompt));
        }
    }
    if ui.button("Back to exam week").clicked() {
        action = Some(Action::OpenExam);
    }
    action
}

/// Draws a mock exam: a question at a time while it runs, then the results to check.
pub fn mock_ui(ui: &mut Ui, mock: &Mock, now: Timestamp) -> Option<Action> {
    let mut action = None;
    let over = mock.ended.is_some();
    ui.horizontal(|ui| {
        super::home_button_with(ui, &mut action, "Leave the mock exam (it is not saved)");
        ui.label(RichText::new(format!("{} mock exam", mock.profile.name)).strong());
        if !over {
            ui.label(format!("{} left", clock_time(ms(mock.time_left(now)))));
            let answered = mock
                .chosen
                .iter()
                .zip(&mock.typed)
                .filter(|(c, t)| c.is_some() || !t.is_empty())
                .count();
            ui.label(format!("{answered} of {} answered", mock.questions.len()));
            if ui.button("Finish exam").clicked() {
                action = Some(Action::MockFinish);
            }
        }
    });
    ui.separator();
    if over {
        return results(ui, mock).or(action);
    }
    let i = mock.current;
    let Some(q) = mock.questions.get(i) else {
        return action;
    };
    ui.label(RichText::new(format!("Question {} of {}", i + 1, mock.questions.len())).weak());
    rich_line(ui, Some(18.0), &q.prompt, false);
    ui.add_space(6.0);
    let mut keys = None;
    match &q.form {
        Form::Choice { options, .. } => {
            let chosen = mock.chosen.get(i).copied().flatten();
            for (n, option) in options.iter().enumerate() {
                if ui
                    .selectable_label(chosen == Some(n), format!("{}. {option}", n + 1))
                    .clicked()
                {
                    action = Some(Action::MockPick(n));
                }
            }
            if !ui.ctx().text_edit_focused() {
                keys = ui.input_mut(|inp| {
                    NUMBER_KEYS
                        .iter()
                        .take(options.len())
                        .position(|&k| inp.consume_key(Modifiers::NONE, k))
                        .map(Action::MockPick)
                });
            }
        }
        Form::Recall { .. } => {
            let label = ui.label("Your answer (you check it against the right one at the end)");
            let mut typed = mock.typed.get(i).cloned().unwrap_or_default();
            let edit = ui
                .add(
                    egui::TextEdit::multiline(&mut typed)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if edit.changed() {
                action = Some(Action::MockType(typed));
            }
        }
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(i > 0, egui::Button::new("Previous"))
            .clicked()
        {
            action = Some(Action::MockGo(i - 1));
        }
        if ui
            .add_enabled(i + 1 < mock.questions.len(), egui::Button::new("Next"))
            .on_hover_text("Enter")
            .clicked()
        {
            action = Some(Action::MockGo(i + 1));
        }
    });
    if !ui.ctx().text_edit_focused()
        && ui.input_mut(|inp| inp.consume_key(Modifiers::NONE, Key::Enter))
        && i + 1 < mock.questions.len()
    {
        keys = Some(Action::MockGo(i + 1));
    }
    action.or(keys)
}

fn results(ui: &mut Ui, mock: &Mock) -> Option<Action> {
    let mut action = None;
    let result = mock.result();
    let share = f64::from(result.right) * 100.0 / f64::from(result.questions.max(1));
    ui.heading(format!(
        "{} of {} right: {share:.0} %",
        result.right, result.questions
    ));
    if mock.all_checked() {
        let verdict = if result.passed {
            "Pass"
        } else {
            "Not yet a pass"
        };
        ui.label(
            RichText::new(format!(
                "{verdict} (pass mark {} %)",
                mock.profile.pass_percent
            ))
            .strong(),
        );
    } else {
        ui.label("Check each written answer below; the score counts it once you do.");
    }
    for d in &result.domains {
        ui.label(format!("{}: {} of {}", d.name, d.right, d.questions));
    }
    if mock.profile.hands_on {
        ui.label(RichText::new(format!("The real {} is hands-on tasks in a terminal; this checks the knowledge behind them.", mock.profile.name)).weak());
    }
    if ui
        .add_enabled(mock.all_checked(), egui::Button::new("Save this attempt"))
        .clicked()
    {
        action = Some(Action::MockSave);
    }
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, q) in mock.questions.iter().enumerate() {
                ui.label(RichText::new(format!("{}. {}", i + 1, q.prompt)).strong());
                match &q.form {
                    Form::Choice { options, right } => {
                        let chosen = mock.chosen.get(i).copied().flatten();
                        let picked = chosen
                            .and_then(|c| options.get(c))
                            .map_or("no answer", String::as_str);
                        let mark = if chosen == Some(*right) {
                            "\u{2714}"
                        } else {
                            "\u{2718}"
                        };
                        ui.label(format!("{mark} You chose: {picked}"));
                        if chosen != Some(*right) {
                            ui.label(format!(
                                "Right answer: {}",
                                options.get(*right).map_or("", String::as_str)
                            ));
                        }
                    }
                    Form::Recall { answer } => {
                        let typed = mock.typed.get(i).map_or("", String::as_str);
                        ui.label(format!(
                            "You wrote: {}",
                            if typed.is_empty() { "(nothing)" } else { typed }
                        ));
                        ui.label(format!("Right answer: {answer}"));
                        let checked = mock.checked.get(i).copied().flatten();
                        ui.horizontal(|ui| {
                            if ui
                                .selectable_label(
                                    checked == Some(true),
                                    format!("I had it ({})", i + 1),
                                )
                                .clicked()
                            {
                                action = Some(Action::MockCheck(i, true));
                            }
                            if ui
                                .selectable_label(
                                    checked == Some(false),
                                    format!("I missed it ({})", i + 1),
                                )
                                .clicked()
                            {
                                action = Some(Action::MockCheck(i, false));
                            }
                        });
                    }
                }
                ui.add_space(4.0);
            }
        });
    action
}
