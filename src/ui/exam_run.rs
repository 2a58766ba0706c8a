//! Running exam week: a cram session (always showing whether it counts) and a mock exam (timed,
//! no feedback until the end, finishing early or leaving asked first, then the recall answers
//! checked and the score per domain). Keys as on every screen that asks a question: Space or
//! Enter goes on, 1-9 pick options, 1 = missed and 3 = got it on a self-graded cram item, Esc
//! leaves through the summary.

use egui::{Key, Modifiers, RichText, Ui};

mod cram;

pub use cram::cram_ui;

use super::Action;
use super::exam::percent;
use super::exam_chart::{BarRow, OptionLook, bars_ui, code_job, code_label, option_button};
use super::format::clock_time;
use super::keys::NUMBER_KEYS;
use super::theme::{self, Palette, size, space};
use crate::modes::mock::{Ask, Form, Mock};
use crate::study::clock::Timestamp;

fn ms(value: i64) -> u64 {
    u64::try_from(value.max(0)).unwrap_or(0)
}

fn pressed(ui: &Ui, key: Key) -> bool {
    ui.input_mut(|i| i.consume_key(Modifiers::NONE, key))
}

fn go_on(ui: &Ui) -> bool {
    pressed(ui, Key::Space) || pressed(ui, Key::Enter)
}

/// Draws a mock exam: a question at a time while it runs, then the results to check.
pub fn mock_ui(ui: &mut Ui, mock: &Mock, now: Timestamp) -> Option<Action> {
    let mut action = None;
    let over = mock.ended.is_some();
    let answered = mock.answered();
    let total = mock.questions.len();
    // Leaving loses the answers: ask, unless there is nothing to lose.
    let leave = if over || answered > 0 {
        Action::MockAsk(Some(Ask::Leave))
    } else {
        Action::Home
    };
    ui.horizontal(|ui| {
        if ui
            .button("Leave")
            .on_hover_text("Leave the mock exam (it is not saved)")
            .clicked()
        {
            action = Some(leave.clone());
        }
        ui.label(RichText::new(format!("{} mock exam", mock.profile.name)).strong());
        if !over {
            ui.label(format!("{} left", clock_time(ms(mock.time_left(now)))));
            ui.label(format!("{answered} of {total} answered"));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Finish exam").clicked() {
                    action = Some(Action::MockAsk(Some(Ask::Finish)));
                }
            });
        }
    });
    if !over {
        theme::progress_bar(ui, answered, total);
    }
    ui.add_space(space::S);
    if let Some(ask) = mock.asking {
        return ask_ui(ui, mock, ask, now).or(action);
    }
    let step = if over {
        results(ui, mock)
    } else {
        question_ui(ui, mock)
    };
    let esc = pressed(ui, Key::Escape).then(|| {
        if over {
            leave.clone()
        } else {
            Action::MockAsk(Some(Ask::Finish))
        }
    });
    action.or(step).or(esc)
}

/// The question showing while the exam runs.
fn question_ui(ui: &mut Ui, mock: &Mock) -> Option<Action> {
    let mut action = None;
    let i = mock.current;
    let q = mock.questions.get(i)?;
    let last = i + 1 >= mock.questions.len();
    egui::ScrollArea::vertical()
        .id_salt("mock-question")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            theme::reading_column(ui, |ui| {
                theme::muted(
                    ui,
                    format!("Question {} of {}", i + 1, mock.questions.len()),
                );
                theme::card_frame(ui).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    code_label(ui, &q.prompt, size::QUESTION);
                    ui.add_space(space::M);
                    match &q.form {
                        Form::Choice { options, .. } => {
                            let chosen = mock.chosen.get(i).copied().flatten();
                            for (n, option) in options.iter().enumerate() {
                                let look = if chosen == Some(n) {
                                    OptionLook::Chosen
                                } else {
                                    OptionLook::Plain
                                };
                                if option_button(ui, n + 1, option, look).clicked() {
                                    action = Some(Action::MockPick(n));
                                }
                            }
                        }
                        Form::Recall { .. } => {
                            let label = ui.label(
                                "Your answer (you check it against the right one at the end)",
                            );
                            let mut typed = mock.typed.get(i).cloned().unwrap_or_default();
                            let edit = ui
                                .add(
                                    egui::TextEdit::multiline(&mut typed)
                                        .desired_rows(3)
                                        .desired_width(f32::INFINITY),
                                )
                                .labelled_by(label.id);
                            if edit.changed() {
                                action = Some(Action::MockType(typed));
                            }
                        }
                    }
                });
                ui.add_space(space::M);
                let keys = NavKeys {
                    previous: None,
                    next: "Enter",
                    finish: "Enter",
                };
                match nav_row(ui, i, last, "Next", keys, |_| {}) {
                    Some(Nav::Go(n)) => action = Some(Action::MockGo(n)),
                    Some(Nav::Finish) => action = Some(Action::MockAsk(Some(Ask::Finish))),
                    None => {}
                }
            });
        });
    if ui.ctx().text_edit_focused() {
        return action;
    }
    let keys = match &q.form {
        Form::Choice { options, .. } => NUMBER_KEYS
            .iter()
            .take(options.len())
            .position(|&k| pressed(ui, k))
            .map(Action::MockPick),
        Form::Recall { .. } => None,
    };
    let next = pressed(ui, Key::Enter).then(|| {
        if last {
            Action::MockAsk(Some(Ask::Finish))
        } else {
            Action::MockGo(i + 1)
        }
    });
    action.or(keys).or(next)
}

/// Pass, or not yet, against the pass mark.
pub(super) fn pass_banner(ui: &mut Ui, passed: bool, pass_percent: u32) {
    let verdict = if passed { "Pass" } else { "Not yet a pass" };
    theme::verdict_banner(
        ui,
        passed,
        &format!("{verdict} (pass mark {pass_percent} %)"),
    );
}

/// Where a mock's navigation buttons lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Nav {
    /// To question or task `n`.
    Go(usize),
    /// Ask to finish.
    Finish,
}

/// The keys the navigation buttons name in their hover text.
#[derive(Debug, Clone, Copy)]
pub(super) struct NavKeys {
    /// For Previous, if it has a key.
    pub(super) previous: Option<&'static str>,
    /// For Next.
    pub(super) next: &'static str,
    /// For Finish on the last one.
    pub(super) finish: &'static str,
}

/// Previous, whatever `middle` adds, then Next (`next` its label) or, on the last one, Finish.
pub(super) fn nav_row(
    ui: &mut Ui,
    i: usize,
    last: bool,
    next: &str,
    keys: NavKeys,
    middle: impl FnOnce(&mut Ui),
) -> Option<Nav> {
    let mut nav = None;
    ui.horizontal(|ui| {
        let previous = ui.add_enabled(i > 0, egui::Button::new("Previous"));
        let previous = match keys.previous {
            Some(key) => previous.on_hover_text(key),
            None => previous,
        };
        if previous.clicked() {
            nav = Some(Nav::Go(i.saturating_sub(1)));
        }
        middle(ui);
        if last {
            if theme::primary_button(ui, "Finish exam…")
                .on_hover_text(keys.finish)
                .clicked()
            {
                nav = Some(Nav::Finish);
            }
        } else if theme::primary_button(ui, next)
            .on_hover_text(keys.next)
            .clicked()
        {
            nav = Some(Nav::Go(i + 1));
        }
    });
    nav
}

/// Asks before finishing early or leaving: what would be lost, and two buttons.
fn ask_ui(ui: &mut Ui, mock: &Mock, ask: Ask, now: Timestamp) -> Option<Action> {
    let unanswered = mock.unanswered();
    let total = mock.questions.len();
    let (heading, text, confirm, stay) = match ask {
        Ask::Finish => (
            "Finish the exam now?",
            format!(
                "{unanswered} of {total} questions are unanswered and {} is left. Once finished, answers cannot be changed.",
                clock_time(ms(mock.time_left(now)))
            ),
            "Finish now",
            "Keep going",
        ),
        Ask::Leave if mock.ended.is_some() => (
            "Leave without saving?",
            "This attempt is not saved yet: its score will not be kept.".to_owned(),
            "Leave without saving",
            "Stay",
        ),
        Ask::Leave => (
            "Leave the mock exam?",
            format!(
                "Your {} answers are lost: a mock exam is only kept once finished and saved.",
                mock.answered()
            ),
            "Leave without saving",
            "Keep going",
        ),
    };
    match ask_modal(ui, heading, &text, confirm, stay, ask == Ask::Finish)? {
        true if ask == Ask::Finish => Some(Action::MockFinish),
        true => Some(Action::OpenExam),
        false => Some(Action::MockAsk(None)),
    }
}

/// The question a mock asks before it finishes early or leaves: `Some(true)` to go ahead,
/// `Some(false)` to stay (the second button, Esc or a click outside), `None` while it waits.
/// With `primary`, going ahead is the main button and Enter presses it.
pub(super) fn ask_modal(
    ui: &mut Ui,
    heading: &str,
    text: &str,
    confirm: &str,
    stay: &str,
    primary: bool,
) -> Option<bool> {
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("mock-ask")).show(ui.ctx(), |ui| {
        ui.set_max_width(theme::READING_WIDTH * 0.7);
        ui.label(RichText::new(heading).size(size::ANSWER).strong());
        ui.add_space(space::S);
        ui.label(RichText::new(text).size(size::BODY));
        ui.add_space(space::M);
        ui.horizontal(|ui| {
            let yes = if primary {
                theme::primary_button(ui, confirm)
            } else {
                ui.button(confirm)
            };
            if yes.clicked() {
                answer = Some(true);
            }
            if ui.button(stay).on_hover_text("Esc").clicked() {
                answer = Some(false);
            }
        });
    });
    if modal.should_close() || pressed(ui, Key::Escape) {
        return Some(false);
    }
    if primary && pressed(ui, Key::Enter) {
        return Some(true);
    }
    answer
}

fn results(ui: &mut Ui, mock: &Mock) -> Option<Action> {
    let mut action = None;
    let result = mock.result();
    let share = f64::from(result.right) / f64::from(result.questions.max(1));
    let pass = f64::from(mock.profile.pass_percent) / 100.0;
    egui::ScrollArea::vertical()
        .id_salt("mock-results")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            theme::reading_column(ui, |ui| {
                theme::title(
                    ui,
                    &format!(
                        "{} of {} right: {}",
                        result.right,
                        result.questions,
                        percent(share)
                    ),
                );
                if mock.all_checked() {
                    pass_banner(ui, result.passed, mock.profile.pass_percent);
                } else {
                    ui.label("Check each written answer below; the score counts it once you do.");
                }
                ui.add_space(space::S);
                let rows: Vec<BarRow> = result
                    .domains
                    .iter()
                    .map(|d| BarRow {
                        name: d.name.clone(),
                        detail: format!("{} of {}", d.right, d.questions),
                        share: Some(f64::from(d.right) / f64::from(d.questions.max(1))),
                    })
                    .collect();
                bars_ui(ui, "mock-domains", &rows, pass, "pass mark");
                if mock.profile.hands_on() {
                    theme::muted(ui, format!("The real {} is hands-on tasks in a terminal; this checks the knowledge behind them.", mock.profile.name));
                }
                ui.add_space(space::S);
                let save = ui
                    .add_enabled_ui(mock.all_checked(), |ui| {
                        theme::primary_button(ui, "Save this attempt")
                    })
                    .inner;
                if save.clicked() {
                    action = Some(Action::MockSave);
                }
                ui.add_space(space::M);
                for (i, _) in mock.questions.iter().enumerate() {
                    if let Some(step) = result_row(ui, mock, i) {
                        action = Some(step);
                    }
                }
            });
        });
    action
}

/// One question of the results: what was chosen or written, and the right answer.
fn result_row(ui: &mut Ui, mock: &Mock, i: usize) -> Option<Action> {
    let q = mock.questions.get(i)?;
    let p = Palette::get(ui);
    let mut action = None;
    theme::card_frame(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        code_label(ui, &format!("{}. {}", i + 1, q.prompt), size::BODY);
        match &q.form {
            Form::Choice { options, right } => {
                let chosen = mock.chosen.get(i).copied().flatten();
                let picked = chosen
                    .and_then(|c| options.get(c))
                    .map_or("no answer", String::as_str);
                let ok = chosen == Some(*right);
                let mark = if ok { "\u{2714}" } else { "\u{2718}" };
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(mark).color(p.verdict(ok)).strong());
                    code_label(ui, &format!("You chose: {picked}"), size::BODY);
                });
                if !ok {
                    let answer = options.get(*right).map_or("", String::as_str);
                    let job = code_job(
                        ui,
                        &format!("Right answer: {answer}"),
                        size::BODY,
                        Some(p.right),
                    );
                    ui.label(job);
                }
            }
            Form::Recall { answer } => {
                let typed = mock.typed.get(i).map_or("", String::as_str);
                let typed = if typed.is_empty() { "(nothing)" } else { typed };
                ui.label(format!("You wrote: {typed}"));
                let job = code_job(
                    ui,
                    &format!("Right answer: {answer}"),
                    size::BODY,
                    Some(p.right),
                );
                ui.label(job);
                let checked = mock.checked.get(i).copied().flatten();
                ui.horizontal(|ui| {
                    let had = format!("I had it ({})", i + 1);
                    if ui.selectable_label(checked == Some(true), had).clicked() {
                        action = Some(Action::MockCheck(i, true));
                    }
                    let missed = format!("I missed it ({})", i + 1);
                    if ui
                        .selectable_label(checked == Some(false), missed)
                        .clicked()
                    {
                        action = Some(Action::MockCheck(i, false));
                    }
                });
            }
        }
    });
    ui.add_space(space::XS);
    action
}
