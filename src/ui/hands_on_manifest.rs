//! The manifest side of the hands-on screen: the editor with the server's problems at their
//! lines as the learner types, what the check found (problems, then each object and field the
//! task wants), and after it, the model answer with a diff against the learner's.

use std::collections::BTreeSet;

use egui::{RichText, Ui};

use super::format::rich_job;
use super::theme::{self, Palette, size, space};
use super::yaml_editor::yaml_editor;
use crate::modes::hands_on::Current;
use crate::tasks::manifest::explain::{self, ExplainVerdict, FieldInfo};
use crate::tasks::manifest::task::ManifestVerdict;
use crate::tasks::manifest::{Ask, Checked, Severity};

/// The editor's id, to focus it when a task shows.
pub fn editor_id() -> egui::Id {
    egui::Id::unique("hands-on-manifest")
}

/// What the manifest editor shows: the text, what the API server says of it now, and whether
/// it can still change.
#[derive(Clone, Copy)]
pub struct Sheet<'a> {
    /// The editor's id (one per task, so undo never crosses tasks).
    pub id: egui::Id,
    /// The text.
    pub answer: &'a str,
    /// The text as the API server sees it.
    pub live: &'a Checked,
    /// Whether it can no longer change (the task or the exam is over).
    pub locked: bool,
    /// Whether to list the server's problems under the editor (not while a check's verdict,
    /// which lists them itself, stands).
    pub show_live: bool,
}

impl<'a> Sheet<'a> {
    /// The sheet of the task being practised.
    pub fn of(current: &'a Current) -> Self {
        Self {
            id: editor_id(),
            answer: &current.answer,
            live: &current.live,
            locked: current.revealed,
            show_live: current.verdict.is_none() && !current.revealed,
        }
    }
}

/// The editor and, below it, the problems of the text as it stands. Returns the new text when
/// the learner typed.
pub fn editor_ui(ui: &mut Ui, sheet: Sheet<'_>) -> Option<String> {
    let p = Palette::get(ui);
    let label = ui.label("Your manifest (YAML; Tab indents, Enter keeps the indentation)");
    let errors: BTreeSet<u32> = sheet
        .live
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.pos.line)
        .collect();
    let mut text = sheet.answer.to_owned();
    let response = egui::ScrollArea::horizontal()
        .id_salt(("manifest-editor", sheet.id))
        .show(ui, |ui| {
            yaml_editor(ui, sheet.id, &mut text, &errors, !sheet.locked)
        })
        .inner
        .labelled_by(label.id);
    if sheet.locked {
        if response.has_focus() {
            response.surrender_focus();
        }
    } else if ui.memory(|m| m.focused().is_none()) {
        response.request_focus();
    }
    // As the learner types: what the API server would say now (the check adds the wants).
    if sheet.show_live {
        let problems = &sheet.live.problems;
        if problems.is_empty() {
            if !sheet.answer.trim().is_empty() {
                theme::muted(ui, "The API server would take this as it stands.");
            }
        } else {
            for problem in problems.iter().take(6) {
                let colour = match problem.severity {
                    Severity::Error => p.wrong,
                    Severity::Warning => p.warn,
                };
                ui.colored_label(colour, problem_line(problem));
            }
            if problems.len() > 6 {
                theme::muted(ui, format!("… and {} more", problems.len() - 6));
            }
        }
    }
    if !sheet.locked {
        explain_cursor_ui(ui, sheet);
    }
    (response.changed() && text != sheet.answer).then_some(text)
}

/// What `kubectl explain` says of the field on the cursor's line, under the editor.
fn explain_cursor_ui(ui: &mut Ui, sheet: Sheet<'_>) {
    let Some(line) = super::yaml_editor::cursor_line(ui, sheet.id, sheet.answer) else {
        return;
    };
    let Some((kind, path)) = explain::field_at(&sheet.live.documents, line) else {
        return;
    };
    let Some(info) = explain::field(kind, &path) else {
        return;
    };
    let p = Palette::get(ui);
    ui.add_space(space::XS);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let required = if info.required { ", required" } else { "" };
        ui.label(
            RichText::new(format!(
                "{}.{} <{}>{required}",
                kind.kind.to_ascii_lowercase(),
                info.path,
                info.type_name
            ))
            .monospace()
            .size(size::SMALL)
            .color(p.text),
        );
        // The first sentences: the whole text is `kubectl explain`'s, after the check.
        let mut short: String = info.description.chars().take(280).collect();
        if short.len() < info.description.len() {
            short.push('\u{2026}');
        }
        let job = rich_job(
            ui,
            &short,
            Some(size::SMALL),
            Some(p.muted),
            ui.available_width(),
        );
        ui.label(job);
    });
}

fn problem_line(problem: &crate::tasks::manifest::Problem) -> String {
    let field = if problem.path.is_empty() {
        String::new()
    } else {
        format!("{}: ", problem.path)
    };
    format!(
        "Line {}, column {}: {field}{}",
        problem.pos.line, problem.pos.col, problem.message
    )
}

/// What the check found: the server's problems, then each wanted object and field.
pub fn verdict_ui(ui: &mut Ui, verdict: &ManifestVerdict) {
    let p = Palette::get(ui);
    if verdict.empty {
        ui.colored_label(p.wrong, "Nothing was written.");
        return;
    }
    if verdict.checked.problems.is_empty() {
        ui.colored_label(p.right, "\u{2713} The API server would take it");
    }
    for problem in &verdict.checked.problems {
        let colour = match problem.severity {
            Severity::Error => p.wrong,
            Severity::Warning => p.warn,
        };
        let job = rich_job(
            ui,
            &format!("\u{2717} {}", problem_line(problem)),
            None,
            Some(colour),
            ui.available_width(),
        );
        ui.label(job);
    }
    for object in &verdict.objects {
        let found = object.at.is_some();
        let (sign, colour) = mark(ui, found);
        let head = match object.at {
            Some(at) => format!(
                "{sign} {} `{}` (line {})",
                object.want.kind, object.want.name, at.line
            ),
            None => format!(
                "{sign} {} `{}`: not in the manifest",
                object.want.kind, object.want.name
            ),
        };
        ui.label(RichText::new(head).strong().color(colour));
        for field in &object.fields {
            let (mark, colour) = mark(ui, field.met);
            let instead = field
                .found
                .as_ref()
                .map_or_else(String::new, |v| format!(" (it is `{v}`)"));
            let job = rich_job(
                ui,
                &format!("    {mark} {}{instead}", field.field),
                None,
                Some(colour),
                ui.available_width(),
            );
            ui.label(job);
        }
    }
}

fn mark(ui: &Ui, met: bool) -> (&'static str, egui::Color32) {
    let p = Palette::get(ui);
    if met {
        ("\u{2713}", p.right)
    } else {
        ("\u{2717}", p.wrong)
    }
}

/// The model answer, line by line against the learner's: `+` lines the model has and theirs
/// does not, `-` lines theirs has and the model does not.
pub fn model_ui(ui: &mut Ui, model: &str, answer: &str) {
    let p = Palette::get(ui);
    theme::muted(
        ui,
        "A model answer, against yours (+ in the model only, \u{2212} in yours only)",
    );
    // Bounded: past the deadline the diff is coarser, never slow.
    let diff = similar::TextDiff::configure()
        .timeout(std::time::Duration::from_millis(50))
        .diff_lines(answer.trim_end(), model.trim_end());
    let mut job = egui::text::LayoutJob::default();
    let font = egui::FontId::monospace(size::BODY);
    for change in diff.iter_all_changes() {
        let (sign, colour) = match change.tag() {
            similar::ChangeTag::Equal => ("  ", p.text),
            similar::ChangeTag::Insert => ("+ ", p.right),
            similar::ChangeTag::Delete => ("\u{2212} ", p.wrong),
        };
        let line = change.value().trim_end_matches('\n');
        job.append(
            &format!("{sign}{line}\n"),
            0.0,
            egui::TextFormat::simple(font.clone(), colour),
        );
    }
    ui.add_space(space::XS);
    ui.label(job);
}

/// The one-line box of an explain task. Returns the new text when the learner typed, and
/// whether Enter was pressed in it (which checks).
pub fn explain_input(ui: &mut Ui, current: &Current, ask: Ask) -> (Option<String>, bool) {
    let text = match ask {
        Ask::Path => "The field's path, as `kubectl explain` takes it (Enter checks)",
        Ask::Type => "Its type, as `kubectl explain` shows it (Enter checks)",
    };
    let label = ui.label(text);
    let mut typed = current.answer.clone();
    let hint = match ask {
        Ask::Path => "spec.…",
        Ask::Type => "integer, string, []Container…",
    };
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut typed)
                .id(editor_id())
                .font(egui::TextStyle::Monospace)
                .desired_width(f32::INFINITY)
                .hint_text(hint)
                .char_limit(super::yaml_editor::MAX_EDIT_CHARS)
                .interactive(!current.revealed),
        )
        .labelled_by(label.id);
    let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if current.revealed {
        if response.has_focus() {
            response.surrender_focus();
        }
    } else if enter || ui.memory(|m| m.focused().is_none()) {
        response.request_focus();
    }
    let changed = (response.changed() && typed != current.answer).then_some(typed);
    (changed, enter && !current.revealed)
}

/// Right or not, and the answer wanted.
pub fn explain_verdict_ui(ui: &mut Ui, verdict: &ExplainVerdict) {
    let p = Palette::get(ui);
    if let Some(problem) = verdict.first_problem() {
        ui.colored_label(p.wrong, format!("\u{2717} {problem}"));
    }
}

/// What `kubectl explain` says of the field, as it prints it.
pub fn explain_info_ui(ui: &mut Ui, kind: &str, info: Option<&FieldInfo>) {
    let Some(info) = info else {
        return;
    };
    theme::muted(
        ui,
        format!(
            "kubectl explain {}.{}",
            kind.to_ascii_lowercase(),
            info.path
        ),
    );
    let name = info.path.rsplit('.').next().unwrap_or(&info.path);
    let required = if info.required { " -required-" } else { "" };
    ui.label(
        RichText::new(format!("FIELD: {name} <{}>{required}", info.type_name))
            .monospace()
            .size(size::BODY),
    );
    ui.add_space(space::XS);
    let job = rich_job(ui, &info.description, None, None, ui.available_width());
    ui.label(job);
}
