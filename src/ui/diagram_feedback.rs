//! The Label question's panel (labels to place, and what is still empty when the learner
//! checks too soon) and the verdict after any diagram answer: the one outcome recorded, and
//! what the answer was (for Connect, each connection with its direction).

use egui::{Modifiers, RichText, Ui};

use super::Action;
use super::keys::NUMBER_KEYS;
use super::theme::{self, Palette, size, space};
use crate::modes::diagram_quiz::{Ask, Graded, Question, QuizState, Response};
use crate::modes::diagram_route::DiagramLayout;
use crate::pack::Diagram;

/// How many empty boxes the prompt names before "and N more".
const NAMED_EMPTY: usize = 8;

/// Says whether the answer was right, what that records, and shows the right one.
pub fn verdict(
    ui: &mut Ui,
    d: &Diagram,
    layout: &DiagramLayout,
    quiz: &QuizState,
    question: &Question,
    graded: &Graded,
) {
    let good = graded.nodes.iter().filter(|(_, r)| *r).count();
    let label_mode = matches!(question.ask, Ask::Label { .. });
    let banner = if graded.right {
        "Right: counted as Good".to_owned()
    } else if label_mode {
        format!(
            "{good} of {} right: right boxes count as Good, wrong ones as Again",
            graded.nodes.len()
        )
    } else {
        "Not quite: counted as Again".to_owned()
    };
    theme::verdict_banner(ui, graded.right, &banner);
    let asked = question
        .node
        .and_then(|n| d.nodes.get(n).map(|node| (n, node)));
    match (&question.ask, asked) {
        (Ask::Locate | Ask::Identify { .. }, Some((_, node))) => {
            if !graded.right {
                ui.label(format!("It is {}.", node.label));
            }
            theme::muted(ui, &node.role);
        }
        (Ask::Connect { neighbours }, Some((index, node))) => {
            let chosen = match &quiz.response {
                Some(Response::Nodes(chosen)) => chosen.as_slice(),
                _ => &[],
            };
            ui.label(format!("{} talks directly to:", node.label));
            for (e, other, leaves) in layout.links.around(index) {
                let (Some(edge), Some(other_node)) = (d.edges.get(e), d.nodes.get(other)) else {
                    continue;
                };
                let arrow = if leaves { "\u{2192}" } else { "\u{2190}" };
                let mark = if chosen.contains(&other) {
                    "\u{2714}"
                } else {
                    "missed"
                };
                ui.label(format!(
                    "{arrow} {}: {} ({mark})",
                    other_node.label, edge.label
                ));
            }
            for &i in chosen.iter().filter(|i| !neighbours.contains(i)) {
                if let Some(n) = d.nodes.get(i) {
                    ui.label(format!("\u{2718} {}: no direct connection", n.label));
                }
            }
        }
        (Ask::Label { .. }, _) => {
            if matches!(quiz.response, Some(Response::PlacedLabels(_))) {
                let empty = d.nodes.len().saturating_sub(graded.nodes.len());
                ui.label(format!(
                    "Graded the {} labelled boxes only; the {empty} left empty were not counted.",
                    graded.nodes.len()
                ));
            } else {
                ui.label(format!(
                    "{good} of {} boxes right; wrong ones show the right name.",
                    graded.nodes.len()
                ));
            }
        }
        _ => {}
    }
}

/// The Label question: the labels to place (drag, or pick then click a box, or by keys), how
/// many boxes are labelled, and Check; checked with boxes still empty, which ones.
pub fn label_panel(
    ui: &mut Ui,
    quiz: &QuizState,
    labels: &[String],
    action: &mut Option<Action>,
) -> Option<Action> {
    let answered = quiz.graded.is_some();
    ui.label(RichText::new("Put each label on its box.").size(size::ANSWER));
    theme::muted(
        ui,
        "Drag it there, or pick it and click the box. By keyboard: Tab to a box, Enter, then \
         the label's number.",
    );
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
                    egui::FontId::proportional(size::BODY),
                    Palette::get(ui).text,
                );
            }
            if chip.clicked() {
                *action = Some(Action::HoldLabel((!held).then_some(i)));
            }
        }
    });
    let done = quiz.placed.iter().filter(|p| p.is_some()).count();
    theme::muted(
        ui,
        format!("{done} of {} boxes labelled", quiz.placed.len()),
    );
    if quiz.asked_to_place && !answered {
        empty_prompt(ui, quiz, done, action);
    }
    super::diagram_panel::check_button(ui, answered).or_else(|| {
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

/// Checked with boxes still empty: which ones, and the choice to grade the labelled ones only.
fn empty_prompt(ui: &mut Ui, quiz: &QuizState, done: usize, action: &mut Option<Action>) {
    let empty = quiz.unplaced();
    if empty.is_empty() {
        return;
    }
    let p = Palette::get(ui);
    let mut names: Vec<String> = empty
        .iter()
        .take(NAMED_EMPTY)
        .map(|n| format!("Box {}", n + 1))
        .collect();
    if empty.len() > NAMED_EMPTY {
        names.push(format!("and {} more", empty.len() - NAMED_EMPTY));
    }
    let count = if empty.len() == 1 {
        "1 box is still empty".to_owned()
    } else {
        format!("{} boxes are still empty", empty.len())
    };
    egui::Frame::new()
        .fill(p.warn.gamma_multiply(0.12))
        .stroke(egui::Stroke::new(1.0, p.warn))
        .corner_radius(egui::CornerRadius::same(6))
        .inner_margin(egui::Margin::same(8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(format!("{count} (outlined): {}.", names.join(", ")))
                    .color(p.warn)
                    .strong(),
            );
            ui.label("Put a label on each, then Check; nothing has been graded yet.");
            let button = format!("Grade only the {done} labelled");
            if ui
                .add_enabled(done > 0, egui::Button::new(button))
                .on_hover_text("The empty boxes are left out, neither right nor wrong")
                .clicked()
            {
                *action = Some(Action::QuizGradePlaced);
            }
        });
    ui.add_space(space::XS);
}
