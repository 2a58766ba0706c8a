//! The verdict after a diagram quiz answer: right or not, and what the answer was (for Connect,
//! each connection with its direction).

use egui::{Color32, RichText, Ui};

use crate::modes::diagram_quiz::{Ask, Graded, Question, QuizState, Response};
use crate::pack::Diagram;

/// Says whether the answer was right and shows the right one.
pub fn verdict(ui: &mut Ui, d: &Diagram, quiz: &QuizState, question: &Question, graded: &Graded) {
    let right = if ui.visuals().dark_mode {
        Color32::from_rgb(60, 190, 90)
    } else {
        Color32::from_rgb(30, 140, 60)
    };
    if graded.right {
        ui.colored_label(right, RichText::new("Right: counted as Good").strong());
    } else {
        ui.colored_label(
            ui.visuals().error_fg_color,
            RichText::new("Not quite: counted as Again").strong(),
        );
    }
    let asked = question.node.and_then(|n| d.nodes.get(n));
    match (&question.ask, asked) {
        (Ask::Locate | Ask::Identify { .. }, Some(node)) => {
            if !graded.right {
                ui.label(format!("It is {}.", node.label));
            }
            ui.label(RichText::new(&node.role).weak());
        }
        (Ask::Connect { neighbours }, Some(node)) => {
            let chosen = match &quiz.response {
                Some(Response::Nodes(chosen)) => chosen.as_slice(),
                _ => &[],
            };
            ui.label(format!("{} talks directly to:", node.label));
            for edge in &d.edges {
                let (other, arrow) = if edge.from == node.id {
                    (&edge.to, "\u{2192}")
                } else if edge.to == node.id {
                    (&edge.from, "\u{2190}")
                } else {
                    continue;
                };
                let Some((i, other)) = d.nodes.iter().enumerate().find(|(_, n)| &n.id == other)
                else {
                    continue;
                };
                let mark = if chosen.contains(&i) {
                    "\u{2714}"
                } else {
                    "missed"
                };
                ui.label(format!("{arrow} {}: {} ({mark})", other.label, edge.label));
            }
            for &i in chosen.iter().filter(|i| !neighbours.contains(i)) {
                if let Some(n) = d.nodes.get(i) {
                    ui.label(format!("\u{2718} {}: no direct connection", n.label));
                }
            }
        }
        (Ask::Label { .. }, _) => {
            let good = graded.nodes.iter().filter(|(_, r)| *r).count();
            ui.label(format!(
                "{good} of {} boxes right; wrong ones show the right name.",
                graded.nodes.len()
            ));
        }
        _ => {}
    }
}
