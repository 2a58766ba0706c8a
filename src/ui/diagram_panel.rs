//! The diagram screen: the toolbar (modes, zoom), the canvas, and the side panel (resizable)
//! that explains a node (explore) or asks the quiz question, shows the verdict, and sums up the
//! quiz.
//!
//! Keys, as on every screen that asks: Space or Enter checks a Connect or Label answer (when no
//! box has the keyboard focus) and goes on after an answer; 1-9 pick an option or a label; Esc
//! drops a label picked up, else leaves the quiz through its summary.

use std::sync::Arc;

use egui::{Key, Modifiers, RichText, TextEdit, Ui};

use super::Action;
use super::diagram::{CanvasView, canvas_ui};
use super::keys::NUMBER_KEYS;
use super::theme::{self, Palette, size, space};
use crate::modes::diagram::ViewState;
use crate::modes::diagram_quiz::{Ask, Mode, QuizState};
use crate::modes::diagram_route::DiagramLayout;
use crate::modes::glossary::TermRef;
use crate::pack::Diagram;

/// What the diagram screen shows.
#[derive(Debug, Clone, Copy)]
pub struct DiagramView<'a> {
    /// The diagram.
    pub diagram: &'a Diagram,
    /// Its links and routes, computed when it opened.
    pub layout: &'a Arc<DiagramLayout>,
    /// Its background image, on the GPU, if it has one.
    pub background: Option<egui::TextureId>,
    /// Zoom and pan.
    pub view: ViewState,
    /// The node selected.
    pub selected: Option<usize>,
    /// The quiz, while one runs.
    pub quiz: Option<&'a QuizState>,
    /// Why it cannot be used, if its pack reported a problem with it.
    pub broken: Option<&'a str>,
    /// Arrows drawn straight for want of a route, if any.
    pub warning: Option<&'a str>,
    /// A box to bring into view.
    pub reveal: Option<usize>,
    /// The glossary term of the selected node, if it has one.
    pub term: Option<TermRef>,
    /// A message from the last action.
    pub notice: Option<&'a str>,
}

/// Draws the diagram screen.
pub fn diagram_ui(ui: &mut Ui, view: &DiagramView<'_>) -> Option<Action> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        super::home_button(ui, &mut action);
        theme::title(ui, &view.diagram.title);
    });
    let p = Palette::get(ui);
    if let Some(problem) = view.broken {
        ui.colored_label(p.wrong, "This diagram cannot be used");
        ui.label(problem);
        ui.label("Fix it in the pack and run `kubestudy check`; the rest of the pack works.");
        return action.or_else(|| escape(ui, None));
    }
    ui.horizontal_wrapped(|ui| toolbar(ui, view, &mut action));
    if let Some(notice) = view.notice {
        ui.colored_label(p.warn, notice);
    }
    if let Some(warning) = view.warning {
        ui.label(RichText::new(warning).size(size::SMALL).color(p.warn));
    }
    ui.separator();
    let width = ui.available_width();
    let panel = egui::Panel::right("diagram-panel")
        .resizable(true)
        .default_size((width * 0.27).clamp(210.0, 340.0))
        .size_range(190.0..=(width * 0.5).max(200.0))
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| match view.quiz {
                    Some(quiz) => quiz_panel(ui, view.diagram, view.layout, quiz),
                    None => explore_panel(ui, view),
                })
                .inner
        })
        .inner;
    let canvas = egui::CentralPanel::default()
        .show(ui, |ui| {
            canvas_ui(
                ui,
                &CanvasView {
                    diagram: view.diagram,
                    layout: view.layout,
                    background: view.background,
                    view: view.view,
                    selected: view.selected,
                    quiz: view.quiz,
                    reveal: view.reveal,
                },
            )
        })
        .inner;
    action
        .or(panel)
        .or(canvas)
        .or_else(|| escape(ui, view.quiz))
}

fn toolbar(ui: &mut Ui, view: &DiagramView<'_>, action: &mut Option<Action>) {
    if ui
        .selectable_label(view.quiz.is_none(), "Explore")
        .on_hover_text("Select a box to read its role")
        .clicked()
    {
        *action = Some(Action::QuizEnd);
    }
    for mode in Mode::ALL {
        let on = view.quiz.is_some_and(|q| q.mode == mode);
        if ui
            .selectable_label(on, mode.name())
            .on_hover_text(mode_hint(mode))
            .clicked()
        {
            *action = Some(Action::StartQuiz(mode));
        }
    }
    ui.separator();
    let zoom = |factor: f32| {
        let mut next = view.view;
        next.zoom = (next.zoom * factor).clamp(0.5, 8.0);
        Action::DiagramView(next)
    };
    if ui
        .button("\u{2212}")
        .on_hover_text("Zoom out (-); text never gets smaller than readable")
        .clicked()
    {
        *action = Some(zoom(0.8));
    }
    if ui
        .button("+")
        .on_hover_text("Zoom in (+, or Ctrl+wheel)")
        .clicked()
    {
        *action = Some(zoom(1.25));
    }
    if ui
        .button("Fit")
        .on_hover_text(
            "As much of the diagram as fits with readable text (0); wheel or drag to scroll",
        )
        .clicked()
    {
        *action = Some(Action::DiagramView(ViewState::default()));
    }
}

fn mode_hint(mode: Mode) -> &'static str {
    match mode {
        Mode::Locate => "Find the component from what it does",
        Mode::Identify => "Name the highlighted component",
        Mode::Connect => "Select the components one talks to directly",
        Mode::Label => "Put every label on its box",
    }
}

fn explore_panel(ui: &mut Ui, view: &DiagramView<'_>) -> Option<Action> {
    let mut action = None;
    let d = view.diagram;
    let Some((index, node)) = view.selected.and_then(|i| Some((i, d.nodes.get(i)?))) else {
        ui.label(&d.summary);
        ui.add_space(space::S);
        theme::muted(
            ui,
            "Select a box (click, or Tab then Enter) to read its role. Try a quiz mode above.",
        );
        return None;
    };
    theme::section(ui, &node.label);
    ui.label(&node.role);
    if let Some(term) = view.term
        && ui.button("Open in the glossary").clicked()
    {
        action = Some(Action::OpenTerm(term));
    }
    ui.add_space(space::S);
    let name = |n: usize| d.nodes.get(n).map_or("", |n| n.label.as_str());
    for (e, other, leaves) in view.layout.links.around(index) {
        let label = d.edges.get(e).map_or("", |e| e.label.as_str());
        let arrow = if leaves { "\u{2192}" } else { "\u{2190}" };
        ui.label(format!("{arrow} {}: {label}", name(other)));
    }
    action
}

fn quiz_panel(
    ui: &mut Ui,
    d: &Diagram,
    layout: &DiagramLayout,
    quiz: &QuizState,
) -> Option<Action> {
    let mut action = None;
    let total = quiz.questions.len();
    let Some(question) = quiz.question() else {
        return summary(ui, d, quiz);
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!(
                "{} \u{2014} {} of {total}",
                quiz.mode.name(),
                quiz.current + 1
            ))
            .strong(),
        );
        if ui.button("Stop quiz").on_hover_text("Esc").clicked() {
            action = Some(Action::QuizEnd);
        }
    });
    theme::progress_bar(ui, quiz.current, total);
    ui.add_space(space::XS);
    let asked = question.node.and_then(|n| d.nodes.get(n));
    let answered = quiz.graded.is_some();
    let mut keys = None;
    match &question.ask {
        Ask::Locate => {
            ui.label("Click the component that does this:");
            ui.label(RichText::new(asked.map_or("", |n| n.role.as_str())).size(size::ANSWER));
        }
        Ask::Identify { options, .. } => {
            keys = identify_panel(ui, quiz, options, &mut action);
        }
        Ask::Connect { .. } => {
            let name = asked.map_or("", |n| n.label.as_str());
            ui.label(
                RichText::new(format!(
                    "Which components does {name} talk to directly, either way?"
                ))
                .size(size::ANSWER),
            );
            theme::muted(ui, "Select their boxes, then Check (Space).");
            theme::muted(ui, format!("{} selected", quiz.chosen.len()));
            keys = check_button(ui, answered);
        }
        Ask::Label { labels } => {
            keys = super::diagram_feedback::label_panel(ui, quiz, labels, &mut action);
        }
    }
    if let Some(graded) = &quiz.graded {
        ui.add_space(space::S);
        super::diagram_feedback::verdict(ui, d, layout, quiz, question, graded);
        ui.add_space(space::S);
        if theme::primary_button(ui, "Next")
            .on_hover_text("Space or Enter")
            .clicked()
        {
            action = Some(Action::QuizNext);
        }
        if ui.input_mut(|i| {
            i.consume_key(Modifiers::NONE, Key::Enter) || i.consume_key(Modifiers::NONE, Key::Space)
        }) {
            keys = Some(Action::QuizNext);
        }
    }
    action.or(keys)
}

fn identify_panel(
    ui: &mut Ui,
    quiz: &QuizState,
    options: &[String],
    action: &mut Option<Action>,
) -> Option<Action> {
    let answered = quiz.graded.is_some();
    let mut keys = None;
    ui.label(RichText::new("Name the highlighted box:").size(size::ANSWER));
    for (i, option) in options.iter().enumerate() {
        if ui
            .add_enabled(
                !answered,
                egui::Button::new(RichText::new(format!("{}. {option}", i + 1)).size(size::BODY))
                    .wrap(),
            )
            .clicked()
        {
            *action = Some(Action::QuizOption(i));
        }
    }
    ui.label("or type it:");
    let mut typed = quiz.typed.clone();
    let label = ui.label("Name");
    let edit = ui
        .add_enabled(
            !answered,
            TextEdit::singleline(&mut typed).hint_text("aliases count too"),
        )
        .labelled_by(label.id);
    if edit.changed() {
        *action = Some(Action::QuizType(typed));
    }
    if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) && !quiz.typed.trim().is_empty()
    {
        *action = Some(Action::QuizSubmit);
    }
    if !answered && !ui.ctx().text_edit_focused() {
        keys = ui.input_mut(|i| {
            NUMBER_KEYS
                .iter()
                .take(options.len())
                .position(|&k| i.consume_key(Modifiers::NONE, k))
                .map(Action::QuizOption)
        });
    }
    keys
}

/// The Check button, and its keys: Space or Enter when no box has the keyboard focus (Enter on
/// a focused box chooses the box), or C.
pub(super) fn check_button(ui: &mut Ui, answered: bool) -> Option<Action> {
    if answered {
        return None;
    }
    let clicked = theme::primary_button(ui, "Check")
        .on_hover_text("Space, Enter or C")
        .clicked();
    let free = !ui.ctx().text_edit_focused();
    let nothing_focused = ui.memory(|m| m.focused().is_none());
    let key = free
        && ui.input_mut(|i| {
            i.consume_key(Modifiers::NONE, Key::C)
                || (nothing_focused
                    && (i.consume_key(Modifiers::NONE, Key::Space)
                        || i.consume_key(Modifiers::NONE, Key::Enter)))
        });
    (clicked || key).then_some(Action::QuizSubmit)
}

fn summary(ui: &mut Ui, d: &Diagram, quiz: &QuizState) -> Option<Action> {
    let mut action = None;
    theme::section(ui, "Quiz finished");
    let (right, total) = (
        quiz.results.iter().filter(|(_, r)| *r).count(),
        quiz.results.len(),
    );
    ui.label(format!("{}: {right} of {total} right", quiz.mode.name()));
    let mut missed: Vec<&str> = quiz
        .results
        .iter()
        .filter(|(_, r)| !r)
        .filter_map(|(n, _)| d.nodes.get(*n).map(|n| n.label.as_str()))
        .collect();
    missed.dedup();
    if missed.is_empty() {
        ui.label("No box missed.");
    } else {
        ui.label(RichText::new("Missed").strong());
        for name in missed {
            ui.label(format!("\u{2022} {name}"));
        }
        theme::muted(ui, "They come back soon in your reviews.");
    }
    ui.add_space(space::S);
    if theme::primary_button(ui, "Done")
        .on_hover_text("Space, Enter or Esc")
        .clicked()
    {
        action = Some(Action::QuizEnd);
    }
    if ui.button("Again").clicked() {
        action = Some(Action::StartQuiz(quiz.mode));
    }
    if ui.input_mut(|i| {
        i.consume_key(Modifiers::NONE, Key::Enter) || i.consume_key(Modifiers::NONE, Key::Space)
    }) {
        action = Some(Action::QuizEnd);
    }
    action
}

/// Esc: drops a label picked up (or a box picked for one); else leaves the quiz, through its
/// summary; else leaves the screen.
fn escape(ui: &mut Ui, quiz: Option<&QuizState>) -> Option<Action> {
    if !ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        return None;
    }
    Some(match quiz {
        Some(q) if q.holding.is_some() && q.graded.is_none() => Action::HoldLabel(None),
        Some(_) => Action::QuizEnd,
        None => Action::Home,
    })
}
