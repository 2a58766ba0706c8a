//! The hands-on mock exam screen: the task list (each task's number, open, answered or
//! flagged), the task showing as a card with its terminal or manifest editor, and once over the
//! score per domain and each task's checks with the model answer.
//!
//! Keys: Ctrl+Enter goes to the next task (on the last one, asks to finish), Ctrl+Page Up and
//! Ctrl+Page Down move between tasks, Ctrl+F flags, Esc asks to finish (or, once over, to
//! leave). Tab and Enter belong to the editor.

use egui::{Key, Modifiers, RichText, Ui};

use super::Action;
use super::exam::percent;
use super::exam_chart::{BarRow, bars_ui};
use super::exam_run::{Nav, NavKeys, ask_modal, nav_row, pass_banner};
use super::format::{clock_time, rich_job};
use super::hands_on_manifest::{self, Sheet};
use super::theme::{self, Palette, size, space};
use crate::modes::hands_on::Verdict;
use crate::modes::mock::Ask;
use crate::modes::task_mock::{MockTask, Status, TaskMock};
use crate::pack::TaskKind;
use crate::study::clock::Timestamp;

/// What the hands-on mock screen changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskMockAction {
    /// Start a hands-on mock of the chosen exam.
    Start,
    /// Show task `n` (from 0).
    Go(usize),
    /// The answer of the task showing.
    Type(String),
    /// Flag the task showing, or take the flag off.
    Flag,
    /// Ask before finishing or leaving (or, with `None`, stop asking).
    Ask(Option<Ask>),
    /// End the exam now and grade it.
    Finish,
    /// Save the finished attempt.
    Save,
    /// Leave without saving, back to exam week.
    Leave,
}

fn wrap(a: TaskMockAction) -> Action {
    Action::TaskMock(a)
}

fn ms(value: i64) -> u64 {
    u64::try_from(value.max(0)).unwrap_or(0)
}

/// The id of task `i`'s editor: one each, so undo never brings back another task's text.
fn editor_id(i: usize) -> egui::Id {
    egui::Id::unique(("mock-task-editor", i))
}

/// Draws the hands-on mock: the task showing while it runs, then the results.
pub fn task_mock_ui(ui: &mut Ui, mock: &TaskMock, now: Timestamp) -> Option<Action> {
    let over = mock.ended.is_some();
    let mut action = if mock.asking.is_some() {
        None
    } else {
        keys(ui, mock)
    };
    top_bar(ui, mock, now, &mut action);
    if !over {
        theme::progress_bar(ui, mock.answered(), mock.tasks.len());
    }
    ui.add_space(space::S);
    if let Some(ask) = mock.asking {
        return ask_ui(ui, mock, ask, now).map(wrap).or(action);
    }
    let step = if over {
        results_ui(ui, mock)
    } else {
        running_ui(ui, mock)
    };
    action.or(step)
}

/// Keys, read before the editor sees them.
fn keys(ui: &mut Ui, mock: &TaskMock) -> Option<Action> {
    let i = mock.current;
    let last = mock.tasks.len().saturating_sub(1);
    let over = mock.ended.is_some();
    let step = ui.input_mut(|input| {
        if input.consume_key(Modifiers::NONE, Key::Escape) {
            return Some(TaskMockAction::Ask(Some(if over {
                Ask::Leave
            } else {
                Ask::Finish
            })));
        }
        if over {
            return None;
        }
        if input.consume_key(Modifiers::COMMAND, Key::Enter) {
            return Some(if i >= last {
                TaskMockAction::Ask(Some(Ask::Finish))
            } else {
                TaskMockAction::Go(i + 1)
            });
        }
        if input.consume_key(Modifiers::COMMAND, Key::PageDown) {
            return Some(TaskMockAction::Go((i + 1).min(last)));
        }
        if input.consume_key(Modifiers::COMMAND, Key::PageUp) {
            return Some(TaskMockAction::Go(i.saturating_sub(1)));
        }
        input
            .consume_key(Modifiers::COMMAND, Key::F)
            .then_some(TaskMockAction::Flag)
    });
    step.map(wrap)
}

fn top_bar(ui: &mut Ui, mock: &TaskMock, now: Timestamp, action: &mut Option<Action>) {
    let over = mock.ended.is_some();
    ui.horizontal(|ui| {
        if ui
            .button("Leave")
            .on_hover_text("Leave the mock exam (it is not saved)")
            .clicked()
        {
            *action = Some(wrap(TaskMockAction::Ask(Some(Ask::Leave))));
        }
        ui.label(RichText::new(format!("{} mock exam", mock.name())).strong());
        if !over {
            ui.label(format!("{} left", clock_time(ms(mock.time_left(now)))));
            let flagged = mock.flagged();
            let flags = if flagged > 0 {
                format!(", {flagged} flagged")
            } else {
                String::new()
            };
            ui.label(format!(
                "{} of {} answered{flags}",
                mock.answered(),
                mock.tasks.len()
            ));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Finish exam").clicked() {
                    *action = Some(wrap(TaskMockAction::Ask(Some(Ask::Finish))));
                }
            });
        }
    });
}

/// The task list: a button per task with its number and status.
fn task_list(ui: &mut Ui, mock: &TaskMock) -> Option<TaskMockAction> {
    let p = Palette::get(ui);
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        ui.label("Tasks");
        for (i, t) in mock.tasks.iter().enumerate() {
            let (mark, state) = match (t.flagged, t.status()) {
                (true, _) => (" \u{2691}", "flagged"),
                (false, Status::Answered) => (" \u{2713}", "answered"),
                (false, Status::Open) => ("", "not answered"),
            };
            let mut text = RichText::new(format!("{}{mark}", i + 1)).size(size::BODY);
            if t.flagged {
                text = text.color(p.warn);
            } else if t.status() == Status::Answered {
                text = text.color(p.right);
            }
            let button = ui
                .selectable_label(i == mock.current, text)
                .on_hover_text(format!("Task {}: {state}", i + 1));
            if button.clicked() {
                action = Some(TaskMockAction::Go(i));
            }
        }
    });
    action
}

fn domain_name(mock: &TaskMock, t: &MockTask) -> String {
    mock.profile.domains.get(t.domain).map_or_else(
        || "General".to_owned(),
        |d| format!("{} ({} %)", d.name, d.weight),
    )
}

/// The task showing while the exam runs.
fn running_ui(ui: &mut Ui, mock: &TaskMock) -> Option<Action> {
    let mut action = task_list(ui, mock);
    let i = mock.current;
    let t = mock.tasks.get(i)?;
    let last = i + 1 >= mock.tasks.len();
    ui.add_space(space::XS);
    egui::ScrollArea::vertical()
        .id_salt("mock-task")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            theme::reading_column(ui, |ui| {
                theme::muted(
                    ui,
                    format!(
                        "Task {} of {} \u{b7} {}",
                        i + 1,
                        mock.tasks.len(),
                        domain_name(mock, t)
                    ),
                );
                theme::card_frame(ui).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    if let Some(typed) = task_ui(ui, i, t) {
                        action = Some(TaskMockAction::Type(typed));
                    }
                });
                ui.add_space(space::M);
                let keys = NavKeys {
                    previous: Some("Ctrl+Page Up"),
                    next: "Ctrl+Enter or Ctrl+Page Down",
                    finish: "Ctrl+Enter",
                };
                let mut flag = false;
                let nav = nav_row(ui, i, last, "Next task", keys, |ui| {
                    let label = if t.flagged { "Unflag" } else { "Flag" };
                    flag = ui.button(label).on_hover_text("Ctrl+F").clicked();
                });
                match nav {
                    Some(Nav::Go(n)) => action = Some(TaskMockAction::Go(n)),
                    Some(Nav::Finish) => action = Some(TaskMockAction::Ask(Some(Ask::Finish))),
                    None if flag => action = Some(TaskMockAction::Flag),
                    None => {}
                }
                ui.add_space(space::S);
                theme::muted(
                    ui,
                    "As at the exam's terminal, you see what kubectl or the API server would \
                     refuse; whether the task is done shows at the end.",
                );
            });
        });
    action.map(wrap)
}

/// The scenario and the place to answer it; the new text when the learner typed.
fn task_ui(ui: &mut Ui, i: usize, t: &MockTask) -> Option<String> {
    let p = Palette::get(ui);
    let scenario = rich_job(
        ui,
        &t.task.scenario,
        Some(size::ANSWER),
        Some(p.text),
        ui.available_width(),
    );
    ui.label(scenario);
    ui.add_space(space::M);
    if matches!(t.task.kind, TaskKind::Manifest { .. }) {
        let sheet = Sheet {
            id: editor_id(i),
            answer: &t.answer,
            live: &t.live,
            locked: false,
            show_live: true,
        };
        return hands_on_manifest::editor_ui(ui, sheet);
    }
    let label = ui.label("Your commands, one per line (as at the exam's terminal)");
    let mut typed = t.answer.clone();
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut typed)
                .id(editor_id(i))
                .code_editor()
                .desired_rows(4)
                .desired_width(f32::INFINITY)
                .hint_text("kubectl …")
                .char_limit(super::yaml_editor::MAX_EDIT_CHARS),
        )
        .labelled_by(label.id);
    super::yaml_editor::limit_note(ui, &typed);
    if ui.memory(|m| m.focused().is_none()) {
        response.request_focus();
    }
    for (line, why) in &t.refused {
        ui.colored_label(
            p.wrong,
            format!("Line {line}: kubectl would refuse it: {why}"),
        );
    }
    (response.changed() && typed != t.answer).then_some(typed)
}

/// Asks before finishing early or leaving.
fn ask_ui(ui: &mut Ui, mock: &TaskMock, ask: Ask, now: Timestamp) -> Option<TaskMockAction> {
    let open = mock.tasks.len() - mock.answered();
    let (heading, text, confirm) = match ask {
        Ask::Finish => (
            "Finish the exam now?",
            format!(
                "{open} of {} tasks have no answer, {} flagged, and {} is left. Once finished, \
                 answers cannot be changed.",
                mock.tasks.len(),
                mock.flagged(),
                clock_time(ms(mock.time_left(now)))
            ),
            "Finish now",
        ),
        Ask::Leave if mock.ended.is_some() => (
            "Leave without saving?",
            "This attempt is not saved yet: its score will not be kept.".to_owned(),
            "Leave without saving",
        ),
        Ask::Leave => (
            "Leave the mock exam?",
            "Your answers are lost: a mock exam is only kept once finished and saved.".to_owned(),
            "Leave without saving",
        ),
    };
    let finish = ask == Ask::Finish;
    match ask_modal(ui, heading, &text, confirm, "Keep going", finish)? {
        true if finish => Some(TaskMockAction::Finish),
        true => Some(TaskMockAction::Leave),
        false => Some(TaskMockAction::Ask(None)),
    }
}

/// The score and each task's checks.
fn results_ui(ui: &mut Ui, mock: &TaskMock) -> Option<Action> {
    let mut action = None;
    let result = mock.result();
    let pass = f64::from(mock.profile.pass_percent) / 100.0;
    egui::ScrollArea::vertical()
        .id_salt("mock-task-results")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            theme::reading_column(ui, |ui| {
                let credit: u32 = mock.tasks.iter().map(MockTask::credit).sum();
                theme::title(ui, &format!("Score {}", percent(result.share())));
                pass_banner(ui, result.passed, mock.profile.pass_percent);
                ui.add_space(space::XS);
                ui.label(format!(
                    "Checks met are worth {:.1} of {} tasks; {} of {} tasks fully done. Each task \
                     weighs the same, each of its checks a share of it.",
                    f64::from(credit) / 100.0,
                    result.questions,
                    result.right,
                    result.questions
                ));
                ui.add_space(space::S);
                let rows: Vec<BarRow> = result
                    .domains
                    .iter()
                    .map(|d| {
                        let credit = f64::from(d.credit.unwrap_or(0)) / 100.0;
                        BarRow {
                            name: d.name.clone(),
                            detail: format!("{credit:.1} of {} tasks", d.questions),
                            share: Some(credit / f64::from(d.questions.max(1))),
                        }
                    })
                    .collect();
                bars_ui(ui, "task-mock-domains", &rows, pass, "pass mark");
                ui.add_space(space::S);
                if theme::primary_button(ui, "Save this attempt").clicked() {
                    action = Some(TaskMockAction::Save);
                }
                ui.add_space(space::M);
                for (i, t) in mock.tasks.iter().enumerate() {
                    result_row(ui, mock, i, t);
                }
            });
        });
    action.map(wrap)
}

/// One task of the results: its checks met, and opened, what was written and the model.
fn result_row(ui: &mut Ui, mock: &TaskMock, i: usize, t: &MockTask) {
    let p = Palette::get(ui);
    let (met, all) = t.score().unwrap_or((0, 0));
    let passed = t.verdict.as_ref().is_some_and(Verdict::passed);
    let mark = if passed { "\u{2714}" } else { "\u{2718}" };
    let refused = if t.status() == Status::Open {
        " (not answered)"
    } else if t.refused_by_server() {
        " (the API server refused it: nothing was created)"
    } else {
        ""
    };
    let head = format!(
        "{mark} Task {}: {met} of {all} checks{refused} \u{b7} {}",
        i + 1,
        domain_name(mock, t)
    );
    theme::card_frame(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        egui::CollapsingHeader::new(RichText::new(head).color(p.verdict(passed)))
            .id_salt(("mock-task-result", i))
            .show(ui, |ui| {
                let job = rich_job(
                    ui,
                    &t.task.scenario,
                    None,
                    Some(p.text),
                    ui.available_width(),
                );
                ui.label(job);
                ui.add_space(space::S);
                match &t.verdict {
                    Some(Verdict::Command(v)) => {
                        theme::muted(ui, "You typed");
                        let typed = if t.answer.trim().is_empty() {
                            "(nothing)"
                        } else {
                            t.answer.trim_end()
                        };
                        ui.label(RichText::new(typed).monospace().size(size::BODY));
                        super::hands_on::verdict_ui(ui, v, true);
                        ui.add_space(space::S);
                        theme::muted(ui, "A model answer");
                        ui.label(
                            RichText::new(t.task.model.trim_end())
                                .monospace()
                                .size(size::BODY),
                        );
                    }
                    Some(Verdict::Manifest(v)) => {
                        hands_on_manifest::verdict_ui(ui, v);
                        ui.add_space(space::S);
                        hands_on_manifest::model_ui(ui, &t.task.model, &t.answer);
                    }
                    Some(Verdict::Explain(_)) | None => {}
                }
                if let Some(explanation) = &t.task.explanation {
                    ui.add_space(space::S);
                    let job = rich_job(ui, explanation, None, Some(p.muted), ui.available_width());
                    ui.label(job);
                }
            });
    });
    ui.add_space(space::XS);
}
