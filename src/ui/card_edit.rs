//! The edit form (`E` in review): the card's question, answer, wrong options, explanation and
//! tags, checked as they are typed; Save (Ctrl+Enter), Cancel (Esc), and "Revert to the pack's
//! text" when an edit is in force. The edit is the learner's own, kept in their progress.

use egui::{Key, Modifiers, RichText, TextEdit, Ui};

use super::theme::{self, Palette, size, space};
use super::{Action, EditAction};
use crate::modes::card_edit::{AnswerKind, CardEditor, Field};

/// A labelled text field; its new text as an action when it changed.
fn field(
    ui: &mut Ui,
    label: &str,
    hint: &str,
    text: &str,
    rows: usize,
    which: Field,
    action: &mut Option<Action>,
) -> egui::Response {
    let label = ui.label(RichText::new(label).strong());
    let mut value = text.to_owned();
    let edit = if rows <= 1 {
        TextEdit::singleline(&mut value)
    } else {
        TextEdit::multiline(&mut value).desired_rows(rows)
    };
    let response = ui
        .add(edit.hint_text(hint).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    if response.changed() {
        *action = Some(Action::Edit(EditAction::Field(which, value)));
    }
    ui.add_space(space::XS);
    response
}

/// What the form's pickers offer: the glossary terms of the card's pack (id, term), and every
/// exam competency of the blueprints (id, as the curriculum words it).
#[derive(Debug, Default)]
pub struct Pickers<'a> {
    /// The card's pack's glossary terms.
    pub terms: Vec<(&'a crate::pack::ItemId, &'a str)>,
    /// The exam competencies.
    pub competencies: Vec<(&'a str, &'a str)>,
}

/// Most entries a picker lists at once (type to narrow them).
const PICKER_ROWS: usize = 60;

/// A list to pick from: the chosen ones first (click to take one off), then a filter and the
/// entries that match it.
fn picker_ui<'a>(
    ui: &mut Ui,
    title: &str,
    all: &[(&'a str, &'a str)],
    chosen: &[&str],
    mut pick: impl FnMut(&'a str) -> Action,
    action: &mut Option<Action>,
) {
    let header = format!("{title} ({})", chosen.len());
    egui::CollapsingHeader::new(RichText::new(header).strong())
        .id_salt(title)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                for &(id, label) in all.iter().filter(|(id, _)| chosen.contains(id)) {
                    if ui
                        .button(format!("\u{d7} {label}"))
                        .on_hover_text(format!("{id}: click to take it off"))
                        .clicked()
                    {
                        *action = Some(pick(id));
                    }
                }
            });
            let filter_id = ui.make_persistent_id((title, "filter"));
            let mut filter: String = ui.data(|d| d.get_temp(filter_id)).unwrap_or_default();
            ui.horizontal(|ui| {
                let label = ui.label(format!("Find {}", title.to_lowercase()));
                let field = ui
                    .add(
                        TextEdit::singleline(&mut filter)
                            .hint_text("type to narrow the list")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                if field.changed() {
                    ui.data_mut(|d| d.insert_temp(filter_id, filter.clone()));
                }
            });
            let needle = filter.to_lowercase();
            egui::ScrollArea::vertical()
                .id_salt((title, "list"))
                .max_height(140.0)
                .show(ui, |ui| {
                    let matching = all.iter().filter(|(id, label)| {
                        !chosen.contains(id)
                            && (needle.is_empty()
                                || label.to_lowercase().contains(&needle)
                                || id.contains(&needle))
                    });
                    for &(id, label) in matching.take(PICKER_ROWS) {
                        if ui
                            .selectable_label(false, format!("+ {label}"))
                            .on_hover_text(id)
                            .clicked()
                        {
                            *action = Some(pick(id));
                        }
                    }
                });
        });
}

/// The glossary terms the card tests and the competencies it teaches.
fn links_ui(ui: &mut Ui, editor: &CardEditor, pickers: &Pickers<'_>, action: &mut Option<Action>) {
    if !pickers.terms.is_empty() {
        let all: Vec<(&str, &str)> = pickers
            .terms
            .iter()
            .map(|(id, t)| (id.as_str(), *t))
            .collect();
        let chosen: Vec<&str> = editor
            .terms
            .iter()
            .map(crate::pack::ItemId::as_str)
            .collect();
        picker_ui(
            ui,
            "Glossary terms it tests",
            &all,
            &chosen,
            |id| Action::Edit(EditAction::Term(crate::pack::ItemId(id.to_owned()))),
            action,
        );
    }
    let chosen: Vec<&str> = editor.competencies.iter().map(String::as_str).collect();
    picker_ui(
        ui,
        "Exam competencies it teaches",
        &pickers.competencies,
        &chosen,
        |id| Action::Edit(EditAction::Competency(id.to_owned())),
        action,
    );
    ui.add_space(space::XS);
}

/// Shows the form in a window over the review; returns what the learner did.
pub fn card_edit_window(
    ctx: &egui::Context,
    editor: &CardEditor,
    pickers: &Pickers<'_>,
) -> Option<Action> {
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        return Some(Action::Edit(EditAction::Cancel));
    }
    let can_save = editor.problems.is_empty() && editor.changed();
    if can_save && ctx.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Enter)) {
        return Some(Action::Edit(EditAction::Save));
    }
    let mut action = None;
    egui::Window::new(if editor.is_new {
        "Add a card"
    } else {
        "Edit card"
    })
    .collapsible(false)
    .resizable(true)
    .default_width(560.0)
    .pivot(egui::Align2::CENTER_TOP)
    .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 30.0))
    .default_height(ctx.content_rect().height() - 80.0)
    .max_height(ctx.content_rect().height() - 50.0)
    .show(ctx, |ui| {
        egui::ScrollArea::vertical()
            .show(ui, |ui| form_ui(ui, editor, pickers, can_save, &mut action));
    });
    action
}

/// What the learner should know of an edit in force: the pack's text moved under it, or not.
fn edit_state_ui(ui: &mut Ui, editor: &CardEditor) {
    let palette = Palette::get(ui);
    if let Some(state) = editor.state {
        if state.pack_changed {
            ui.colored_label(
                palette.warn,
                "The pack's own text of this card changed since you edited it.",
            );
            if let Some(own) = &editor.pack_card {
                theme::muted(ui, format!("The pack now asks: {}", own.front));
            }
        } else {
            theme::muted(
                ui,
                "You edited this card; the pack's own text is kept apart.",
            );
        }
        ui.add_space(space::XS);
    }
}

/// Save (or Add card), Cancel, Revert, and where the card is kept.
fn buttons_ui(ui: &mut Ui, editor: &CardEditor, can_save: bool, action: &mut Option<Action>) {
    ui.add_space(space::S);
    ui.horizontal(|ui| {
        let (label, hint) = if editor.is_new {
            ("Add card", "Add it to My cards (Ctrl+Enter)")
        } else {
            (
                "Save",
                "Keep your text of this card (Ctrl+Enter); Ctrl+Z in review undoes",
            )
        };
        let save = ui
            .add_enabled(can_save, egui::Button::new(label))
            .on_hover_text(hint);
        if save.clicked() {
            *action = Some(Action::Edit(EditAction::Save));
        }
        if ui.button("Cancel").on_hover_text("Esc").clicked() {
            *action = Some(Action::Edit(EditAction::Cancel));
        }
        if editor.state.is_some()
            && ui
                .button("Revert to the pack's text")
                .on_hover_text("Drop your edit; the pack's own text shows again")
                .clicked()
        {
            *action = Some(Action::Edit(EditAction::Revert));
        }
    });
    theme::muted(
        ui,
        if editor.is_new {
            "It goes into My cards, a pack of your own: studied like any pack, exported and \
             shared from Packs."
        } else {
            "Your edit stays in your progress on this machine, never in the pack: updates of \
             the pack keep it, and sharing the pack does not send it."
        },
    );
}

/// How the answer is written and the answer: for a cloze card, what its deletions make.
fn answer_ui(ui: &mut Ui, editor: &CardEditor, action: &mut Option<Action>) {
    ui.horizontal(|ui| {
        theme::muted(ui, "The answer is");
        for &kind in AnswerKind::offered(editor.is_new) {
            if ui
                .selectable_label(editor.kind == kind, kind.name())
                .clicked()
                && editor.kind != kind
            {
                *action = Some(Action::Edit(EditAction::Kind(kind)));
            }
        }
    });
    let hint = match editor.kind {
        AnswerKind::Text => "the right answer",
        AnswerKind::Ordered => "one step per line, in order",
        AnswerKind::Set => "one item per line",
        AnswerKind::Cloze => {
            cloze_ui(ui, editor);
            return;
        }
    };
    field(ui, "Answer", hint, &editor.answer, 3, Field::Answer, action);
    if editor.kind == AnswerKind::Text {
        let mut reverse = editor.reverse;
        if ui
            .checkbox(&mut reverse, "Also ask it the other way round")
            .on_hover_text("A second card asks the answer and expects the question")
            .changed()
        {
            *action = Some(Action::Edit(EditAction::Reverse(reverse)));
        }
        ui.add_space(space::XS);
    }
    field(
        ui,
        "Wrong options",
        "one per line; with none, the card is asked without options",
        &editor.distractors,
        3,
        Field::Distractors,
        action,
    );
}

/// How to write deletions, and the cards the question makes as it is typed.
fn cloze_ui(ui: &mut Ui, editor: &CardEditor) {
    theme::muted(
        ui,
        "In the question, hide what to recall as {{c1::etcd}}, with a hint as \
         {{c1::etcd::a store}}. Each number is a card of its own; the rest stays shown.",
    );
    if let Ok(segments) = crate::pack::cloze::parse(&editor.front) {
        for number in crate::pack::cloze::numbers(&segments).into_iter().take(5) {
            let front = crate::pack::cloze::front_for(&segments, number);
            let answer = crate::pack::cloze::answer_for(&segments, number);
            ui.label(RichText::new(format!("c{number}: {front}  →  {answer}")).size(size::SMALL));
        }
    }
    ui.add_space(space::XS);
}

fn form_ui(
    ui: &mut Ui,
    editor: &CardEditor,
    pickers: &Pickers<'_>,
    can_save: bool,
    action: &mut Option<Action>,
) {
    let palette = Palette::get(ui);
    edit_state_ui(ui, editor);
    let front = field(
        ui,
        "Question",
        if editor.kind == AnswerKind::Cloze {
            "a sentence with the parts to recall as {{c1::…}}"
        } else {
            "what the card asks"
        },
        &editor.front,
        3,
        Field::Front,
        action,
    );
    if ui.memory(|m| m.focused().is_none()) {
        front.request_focus();
    }
    answer_ui(ui, editor, action);
    field(
        ui,
        "Explanation",
        "shown after the answer (optional)",
        &editor.explanation,
        3,
        Field::Explanation,
        action,
    );
    field(
        ui,
        "Tags",
        "separated by spaces",
        &editor.tags,
        1,
        Field::Tags,
        action,
    );
    links_ui(ui, editor, pickers, action);
    for problem in &editor.problems {
        ui.colored_label(
            palette.verdict(false),
            RichText::new(problem).size(size::SMALL),
        );
    }
    buttons_ui(ui, editor, can_save, action);
}
