//! The diagram screen: the toolbar (modes, zoom), the canvas, and the side panel that explains a
//! node (explore) or asks the quiz question, shows the verdict, and sums up the quiz.

use egui::{Key, Modifiers, RichText, TextEdit, Ui};

use super::Action;
use super::diagram::{CanvasView, canvas_ui};
use super::keys::NUMBER_KEYS;
use crate::modes::diagram::ViewState;
use crate::modes::diagram_quiz::{Ask, Mode, QuizState};
use crate::modes::glossary::TermRef;
use crate::pack::Diagram;

/// What the diagram screen shows.
#[derive(Debug, Clone, Copy)]
pub struct DiagramView<'a> {
    /// The diagram.
    pub diagram: &'a Diagram,
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
        ui.heading(&view.diagram.title);
    });
    if let Some(problem) = view.broken {
        ui.colored_label(ui.visuals().error_fg_color, "This diagram cannot be used");
        ui.label(problem);
        ui.label("Fix it in the pack and run `kubestudy check`; the rest of the pack works.");
        return action.or_else(|| escape(ui, None));
    }
    ui.horizontal_wrapped(|ui| toolbar(ui, view, &mut action));
    if let Some(notice) = view.notice {
        ui.colored_label(ui.visuals().warn_fg_color, notice);
    }
    ui.separator();
    let panel = egui::Panel::right("diagram-panel")
        .resizable(false)
        .exact_size(300.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| match view.quiz {
                    Some(quiz) => quiz_panel(ui, view.diagram, quiz),
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
                    background: view.background,
                    view: view.view,
                    selected: view.selected,
                    quiz: view.quiz,
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
        .on_hover_text("Zoom out (-)")
        .clicked()
    {
        *action = Some(zoom(0.8));
    }
    if ui
        .button("+")
        .on_hover_text("Zoom in (+); the wheel zooms too")
        .clicked()
    {
        *action = Some(zoom(1.25));
    }
    if ui
        .button("Fit")
        .on_hover_text("Show the whole diagram (0); drag to pan")
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
    let Some(node) = view.selected.and_then(|i| d.nodes.get(i)) else {
        ui.label(&d.summary);
        ui.add_space(6.0);
        ui.label(
            RichText::new(
                "Select a box (click, or Tab then Enter) to read its role. Try a quiz mode above.",
            )
            .weak(),
        );
        return None;
    };
    ui.heading(&node.label);
    ui.label(&node.role);
    if let Some(term) = view.term
        && ui.button("Open in the glossary").clicked()
    {
        action = Some(Action::OpenTerm(term));
    }
    ui.add_space(6.0);
    for edge in &d.edges {
        let name = |id: &crate::pack::ItemId| {
            d.nodes
                .iter()
                .find(|n| &n.id == id)
                .map_or_else(|| id.to_string(), |n| n.label.clone())
        };
        if edge.from == node.id {
            ui.label(format!("\u{2192} {}: {}", name(&edge.to), edge.label));
        } else if edge.to == node.id {
            ui.label(format!("\u{2190} {}: {}", name(&edge.from), edge.label));
        }
    }
    action
}

fn quiz_panel(ui: &mut Ui, d: &Diagram, quiz: &QuizState) -> Option<Action> {
    let mut action = None;
    let total = quiz.questions.len();
    let Some(question) = quiz.question() else {
        return summary(ui, d, quiz);
    };
    ui.horizontal(|ui| {
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
    let asked = question.node.and_then(|n| d.nodes.get(n));
    let answered = quiz.graded.is_some();
    let mut keys = None;
    match &question.ask {
        Ask::Locate => {
            ui.label("Click the component that does this:");
            ui.label(RichText::new(asked.map_or("", |n| n.role.as_str())).size(16.0));
        }
        Ask::Identify { options, .. } => {
            keys = identify_panel(ui, quiz, options, &mut action);
        }
        Ask::Connect { .. } => {
            let name = asked.map_or("", |n| n.label.as_str());
            ui.label(format!("Which components does {name} talk to directly, either way? Select their boxes, then Check."));
            ui.label(RichText::new(format!("{} selected", quiz.chosen.len())).weak());
            keys = check_button(ui, answered);
        }
        Ask::Label { labels } => {
            keys = label_panel(ui, quiz, labels, &mut action);
        }
    }
    if let Some(graded) = &quiz.graded {
        ui.add_space(6.0);
        super::diagram_feedback::verdict(ui, d, quiz, question, graded);
        if ui.button("Next").on_hover_text("Enter").clicked() {
            action = Some(Action::QuizNext);
        }
        if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter)) {
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
    ui.label("Name the highlighted box:");
    for (i, option) in options.iter().enumerate() {
        if ui
            .add_enabled(
                !answered,
                egui::Button::new(format!("{}. {option}", i + 1)).wrap(),
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

fn label_panel(
    ui: &mut Ui,
    quiz: &QuizState,
    labels: &[String],
    action: &mut Option<Action>,
) -> Option<Action> {
    let answered = quiz.graded.is_some();
    ui.label("Put each label on its box: drag it there, or pick it and click the box. By keyboard: Tab to a box, Enter, then the label's number.");
    ui.horizontal_wrapped(|ui| {
        for (i, label) in labels.iter().enumerate() {
            let text = format!("{}. {label}", i + 1);
            let held = quiz.holding == Some(i);
            let chip = ui.add_enabled(
                !answered,
                egui::Button::new(text)
                    .selected(held)
                    .sense(egui::Sense::click_and_drag()),
            );
            // Dragged onto a box, the label is put there (the box takes the payload).
            chip.dnd_set_drag_payload(i);
            if chip.dragged()
                && let Some(at) = ui.ctx().pointer_interact_pos()
            {
                let layer = egui::LayerId::new(egui::Order::Tooltip, chip.id);
                ui.ctx().layer_painter(layer).text(
                    at,
                    egui::Align2::LEFT_BOTTOM,
                    label,
                    egui::FontId::proportional(14.0),
                    ui.visuals().strong_text_color(),
                );
            }
            if chip.clicked() {
                *action = Some(Action::HoldLabel((!held).then_some(i)));
            }
        }
    });
    let done = quiz.placed.iter().filter(|p| p.is_some()).count();
    ui.label(RichText::new(format!("{done} of {} boxes labelled", quiz.placed.len())).weak());
    check_button(ui, answered).or_else(|| {
        if answered || ui.ctx().text_edit_focused() {
            return None;
        }
        ui.input_mut(|i| {
            NUMBER_KEYS
                .iter()
                .take(labels.len())
                .position(|&k| i.consume_key(Modifiers::NONE, k))
                .map(|l| Action::HoldLabel(Some(l)))
        })
    })
}

fn check_button(ui: &mut Ui, answered: bool) -> Option<Action> {
    let clicked = ui
        .add_enabled(!answered, egui::Button::new("Check"))
        .on_hover_text("C")
        .clicked();
    let key = !answered
        && !ui.ctx().text_edit_focused()
        && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::C));
    (clicked || key).then_some(Action::QuizSubmit)
}

fn summary(ui: &mut Ui, d: &Diagram, quiz: &QuizState) -> Option<Action> {
    let mut action = None;
    ui.heading("Quiz finished");
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
        ui.label(RichText::new("They come back soon in your reviews.").weak());
    }
    ui.horizontal(|ui| {
        if ui.button("Again").clicked() {
            action = Some(Action::StartQuiz(quiz.mode));
        }
        if ui.button("Done").on_hover_text("Enter or Esc").clicked() {
            action = Some(Action::QuizEnd);
        }
    });
    if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter)) {
        action = Some(Action::QuizEnd);
    }
    action
}

fn escape(ui: &mut Ui, quiz: Option<&QuizState>) -> Option<Action> {
    ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
        .then_some(if quiz.is_some() {
            Action::QuizEnd
        } else {
            Action::Home
        })
}
