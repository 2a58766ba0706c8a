//! The hands-on screen: a task as a card, a terminal-like box to type kubectl commands in, what
//! the checker found (each requirement met or not, each refused line by number), then the model
//! answer, the explanation and the grade.

use egui::{Key, Modifiers, RichText, Ui};

use super::Action;
use super::format::rich_job;
use super::hands_on_manifest;
use super::review::{grade_row, number};
use super::theme::{self, Palette, size, space};
use crate::modes::hands_on::{Current, HandsOn, Verdict};
use crate::pack::TaskKind;
use crate::study::schedule::{Next, Rating};
use crate::tasks::commands::TaskVerdict;

/// What the hands-on screen changes.
#[derive(Debug, Clone, PartialEq)]
pub enum HandsOnAction {
    /// Start today's tasks.
    Open,
    /// The typed answer.
    Type(String),
    /// Show the hint.
    Hint,
    /// Check what was typed.
    Check,
    /// Show the answer (the task counts as not passed).
    GiveUp,
    /// Record this grade and go on.
    Rate(Rating),
    /// Leave.
    End,
}

/// What the screen shows.
pub struct HandsOnView<'a> {
    /// The session.
    pub session: &'a HandsOn,
    /// What each rating would do to the task showing, for the buttons.
    pub next: Option<&'a [Next; 4]>,
    /// A notice to show (an answer that could not be saved).
    pub notice: Option<&'a str>,
}

/// The answer box's id, to focus it when a task shows.
fn answer_id() -> egui::Id {
    egui::Id::unique("hands-on-answer")
}

/// Draws the screen.
pub fn hands_on_ui(ui: &mut Ui, view: &HandsOnView<'_>) -> Option<Action> {
    let wrap = |a: HandsOnAction| Some(Action::HandsOn(a));
    let Some(current) = view.session.current() else {
        return summary_ui(ui, view).and_then(wrap);
    };
    // Keys first, so the answer box never sees Ctrl+Enter as a new line.
    let mut action = keys(ui, current);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(space::L);
            theme::reading_column(ui, |ui| {
                let (done, total) = view.session.progress();
                theme::muted(ui, format!("Hands-on \u{b7} task {} of {total}", done + 1));
                theme::progress_bar(ui, done, total);
                ui.add_space(space::S);
                if let Some(notice) = view.notice {
                    theme::verdict_banner(ui, false, notice);
                    ui.add_space(space::S);
                }
                theme::card_frame(ui).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    task_ui(ui, current, view, &mut action);
                });
            });
            ui.add_space(space::L);
        });
    action.and_then(wrap)
}

/// Ctrl+Enter checks (or, once over, records the suggested grade), Ctrl+Shift+Enter shows the
/// answer, Ctrl+H the hint, Esc leaves; once over 1-4 grade and Space or Enter go on.
fn keys(ui: &mut Ui, current: &Current) -> Option<HandsOnAction> {
    ui.input_mut(|i| {
        if i.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::Enter) {
            return Some(HandsOnAction::GiveUp);
        }
        let ctrl_enter = i.consume_key(Modifiers::COMMAND, Key::Enter);
        if i.consume_key(Modifiers::NONE, Key::Escape) {
            return Some(HandsOnAction::End);
        }
        if let Some(suggested) = current.suggested() {
            if ctrl_enter
                || i.consume_key(Modifiers::NONE, Key::Space)
                || i.consume_key(Modifiers::NONE, Key::Enter)
            {
                return Some(HandsOnAction::Rate(suggested));
            }
            return number(i, 4)
                .and_then(|n| Rating::ALL.get(n).copied())
                .map(HandsOnAction::Rate);
        }
        if ctrl_enter {
            return Some(HandsOnAction::Check);
        }
        i.consume_key(Modifiers::COMMAND, Key::H)
            .then_some(HandsOnAction::Hint)
    })
}

fn task_ui(
    ui: &mut Ui,
    current: &Current,
    view: &HandsOnView<'_>,
    action: &mut Option<HandsOnAction>,
) {
    let p = Palette::get(ui);
    let task = &current.task;
    let scenario = rich_job(
        ui,
        &task.scenario,
        Some(size::ANSWER),
        Some(p.text),
        ui.available_width(),
    );
    ui.label(scenario);
    if current.hint_shown
        && let Some(hint) = &task.hint
    {
        ui.add_space(space::XS);
        let job = rich_job(
            ui,
            &format!("Hint: {hint}"),
            None,
            Some(p.muted),
            ui.available_width(),
        );
        ui.label(job);
    }
    ui.add_space(space::M);
    let manifest = matches!(task.kind, TaskKind::Manifest { .. });
    match &task.kind {
        TaskKind::Manifest { .. } => {
            if let Some(text) =
                hands_on_manifest::editor_ui(ui, hands_on_manifest::Sheet::of(current))
            {
                *action = Some(HandsOnAction::Type(text));
            }
        }
        TaskKind::Explain { ask, .. } => {
            let (typed, enter) = hands_on_manifest::explain_input(ui, current, *ask);
            if let Some(text) = typed {
                *action = Some(HandsOnAction::Type(text));
            } else if enter {
                *action = Some(HandsOnAction::Check);
            }
        }
        TaskKind::Command { .. } => commands_ui(ui, current, action),
    }
    ui.add_space(space::S);
    buttons_ui(ui, current, action);
    if let Some(verdict) = &current.verdict {
        ui.add_space(space::S);
        banner(ui, verdict, current.revealed);
        match verdict {
            Verdict::Command(v) => verdict_ui(ui, v, current.revealed),
            Verdict::Manifest(v) => hands_on_manifest::verdict_ui(ui, v),
            Verdict::Explain(v) => hands_on_manifest::explain_verdict_ui(ui, v),
        }
    }
    if current.revealed {
        ui.add_space(space::M);
        ui.separator();
        if manifest {
            hands_on_manifest::model_ui(ui, &task.model, &current.answer);
        } else if let TaskKind::Explain { kind, .. } = &task.kind {
            let info = match &current.verdict {
                Some(Verdict::Explain(v)) => v.info.as_ref(),
                _ => None,
            };
            hands_on_manifest::explain_info_ui(ui, kind, info);
        } else {
            theme::muted(ui, "A model answer");
            ui.label(
                RichText::new(task.model.trim_end())
                    .monospace()
                    .size(size::BODY),
            );
        }
        if let Some(explanation) = &task.explanation {
            ui.add_space(space::S);
            let job = rich_job(ui, explanation, None, Some(p.muted), ui.available_width());
            ui.label(job);
        }
        ui.add_space(space::M);
        if let Some(suggested) = current.suggested()
            && let Some(rating) = grade_row(ui, view.next, suggested)
        {
            *action = Some(HandsOnAction::Rate(rating));
        }
        // Brought into view once, when the task is over: the grades sit below the fold of a
        // small window.
        let once = egui::Id::unique(("hands-on-over", task.id.as_str(), current.shown_at.0));
        if ui.data(|d| d.get_temp::<bool>(once)).is_none() {
            ui.data_mut(|d| d.insert_temp(once, true));
            ui.scroll_to_cursor(Some(egui::Align::BOTTOM));
        }
    }
}

/// The terminal-like box for kubectl lines.
fn commands_ui(ui: &mut Ui, current: &Current, action: &mut Option<HandsOnAction>) {
    let label = ui.label("Your commands, one per line (as at the exam's terminal)");
    let mut typed = current.answer.clone();
    let edit = egui::TextEdit::multiline(&mut typed)
        .id(answer_id())
        .code_editor()
        .desired_rows(4)
        .desired_width(f32::INFINITY)
        .hint_text("kubectl …")
        .char_limit(super::yaml_editor::MAX_EDIT_CHARS)
        .interactive(!current.revealed);
    let response = ui.add(edit).labelled_by(label.id);
    super::yaml_editor::limit_note(ui, &typed);
    if current.revealed {
        if response.has_focus() {
            response.surrender_focus();
        }
    } else if ui.memory(|m| m.focused().is_none()) {
        response.request_focus();
    }
    if response.changed() && typed != current.answer {
        *action = Some(HandsOnAction::Type(typed));
    }
}

/// Check, Hint, Show the answer.
fn buttons_ui(ui: &mut Ui, current: &Current, action: &mut Option<HandsOnAction>) {
    let task = &current.task;
    if !current.revealed {
        ui.horizontal(|ui| {
            if theme::primary_button(ui, "Check")
                .on_hover_text("Ctrl+Enter")
                .clicked()
            {
                *action = Some(HandsOnAction::Check);
            }
            if task.hint.is_some()
                && !current.hint_shown
                && ui.button("Hint").on_hover_text("Ctrl+H").clicked()
            {
                *action = Some(HandsOnAction::Hint);
            }
            if ui
                .button("Show the answer")
                .on_hover_text("Ctrl+Shift+Enter")
                .clicked()
            {
                *action = Some(HandsOnAction::GiveUp);
            }
        });
    }
}

/// Passed, or how many requirements are met.
fn banner(ui: &mut Ui, verdict: &Verdict, revealed: bool) {
    let (met, all) = verdict.score();
    if verdict.passed() {
        theme::verdict_banner(ui, true, "Passed: every requirement is met");
    } else {
        let text = if revealed {
            format!("Not passed: {met} of {all} requirements met")
        } else {
            format!("Not yet: {met} of {all} requirements met; fix it and check again")
        };
        theme::verdict_banner(ui, false, &text);
    }
    ui.add_space(space::XS);
}

/// The command checker's findings: each refused line, each step's requirements.
pub(super) fn verdict_ui(ui: &mut Ui, verdict: &TaskVerdict, revealed: bool) {
    let p = Palette::get(ui);
    if let Some(why) = &verdict.too_long {
        ui.colored_label(p.wrong, why);
    }
    if verdict.empty {
        let text = if revealed {
            "Nothing was typed."
        } else {
            "Type the kubectl command the task asks for."
        };
        ui.colored_label(p.wrong, text);
    }
    for (line, error) in &verdict.refused {
        ui.colored_label(
            p.wrong,
            format!("Line {line}: kubectl would refuse it: {error}"),
        );
    }
    let several = verdict.steps.len() > 1;
    for (i, step) in verdict.steps.iter().enumerate() {
        if several {
            let at = step
                .line
                .map_or_else(|| "no line meets it".to_owned(), |l| format!("line {l}"));
            ui.label(RichText::new(format!("Step {} ({at})", i + 1)).strong());
        }
        for check in &step.verdict.checks {
            let (mark, colour) = if check.met {
                ("\u{2713}", p.right)
            } else {
                ("\u{2717}", p.wrong)
            };
            let job = rich_job(
                ui,
                &format!("{mark} {}", check.expect),
                None,
                Some(colour),
                ui.available_width(),
            );
            ui.label(job);
        }
    }
}

/// The end: what was done, and the way home.
fn summary_ui(ui: &mut Ui, view: &HandsOnView<'_>) -> Option<HandsOnAction> {
    let summary = view.session.summary();
    let mut action = None;
    theme::reading_column(ui, |ui| {
        ui.add_space(space::XL);
        if summary.answered == 0 {
            theme::title(ui, "No hands-on tasks today");
            ui.add_space(space::S);
            theme::muted(
                ui,
                "Every task is done for today, or no installed pack has tasks. Tasks come back \
                 when they are due.",
            );
        } else {
            theme::title(ui, "Hands-on done");
            ui.add_space(space::S);
            ui.label(format!(
                "{} tasks answered, {} passed, in {}",
                summary.answered,
                summary.passed,
                super::format::delay(i64::try_from(summary.time_ms / 1000).unwrap_or(i64::MAX))
            ));
        }
        if let Some(notice) = view.notice {
            ui.add_space(space::S);
            theme::verdict_banner(ui, false, notice);
        }
        ui.add_space(space::L);
        if theme::primary_button(ui, "Back home")
            .on_hover_text("Enter or Esc")
            .clicked()
        {
            action = Some(HandsOnAction::End);
        }
    });
    let key = ui.input_mut(|i| {
        i.consume_key(Modifiers::NONE, Key::Enter) || i.consume_key(Modifiers::NONE, Key::Escape)
    });
    action.or(key.then_some(HandsOnAction::End))
}
