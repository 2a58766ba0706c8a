//! The exam screen's coverage map: for each domain of the chosen exam, its weight, the
//! questions the packs have for it and its share of them, the learner's predicted recall on exam
//! day, and its gaps; opened, the same per competency. A domain's "Cram <domain>" button sets
//! the cram below to that domain.

use egui::{Grid, RichText, Ui};

use super::Action;
use super::exam::{card_title, percent};
use super::theme::{self, Palette, size, space};
use crate::modes::cram::CramSetup;
use crate::study::coverage::{
    CompetencyCoverage, DomainCoverage, ExamCoverage, Gap, MIN_QUESTIONS,
};

/// Draws the coverage card of `map`; a domain's Cram button edits `setup` through `action`.
pub fn coverage_ui(
    ui: &mut Ui,
    map: &ExamCoverage,
    setup: &CramSetup,
    action: &mut Option<Action>,
) {
    theme::card_frame(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
            card_title(ui, &format!("What your packs cover of the {}", map.title));
            theme::muted(
                ui,
                format!(
                    "Curriculum {}: {} questions (cards and primer checks) name its competencies. A competency needs {MIN_QUESTIONS} or more; a domain's share of the questions should be near its weight.",
                    map.curriculum, map.questions
                ),
            );
            for domain in &map.domains {
                ui.add_space(space::S);
                domain_ui(ui, map, domain, setup, action);
            }
        });
    });
}

fn domain_ui(
    ui: &mut Ui,
    map: &ExamCoverage,
    domain: &DomainCoverage,
    setup: &CramSetup,
    action: &mut Option<Action>,
) {
    let p = Palette::get(ui);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&domain.name).strong().size(size::ANSWER));
        let cram = ui
            .small_button(format!("Cram {}", domain.name))
            .on_hover_text("Sets the cram below to this domain's items");
        if cram.clicked() {
            let mut edited = setup.clone();
            edited.tag = Some(domain.id.clone());
            *action = Some(Action::EditCram(Box::new(edited)));
        }
    });
    let recall = domain.recall.map_or_else(String::new, |r| {
        format!(", predicted recall {}", percent(r))
    });
    theme::muted(
        ui,
        format!(
            "{} % of the exam; {} questions, {} of all{recall}",
            domain.weight,
            domain.questions,
            percent(domain.share)
        ),
    );
    for gap in &domain.gaps {
        ui.label(RichText::new(gap.to_string()).color(p.warn));
    }
    let count = |gap: fn(&Gap) -> bool| {
        domain
            .competencies
            .iter()
            .filter(|c| c.gaps.iter().any(gap))
            .count()
    };
    let few = count(|g| matches!(g, Gap::FewQuestions { .. }));
    let weak = count(|g| matches!(g, Gap::WeakRecall { .. }));
    let mut heading = format!("{} competencies: ", domain.competencies.len());
    heading.push_str(&match few {
        0 => "enough questions for each".to_owned(),
        n => format!("{n} short of questions"),
    });
    if weak > 0 {
        heading.push_str(&format!(", {weak} below your recall target"));
    }
    egui::CollapsingHeader::new(heading)
        .id_salt(("coverage", &map.exam, &domain.id))
        .show(ui, |ui| {
            competencies_ui(ui, &domain.id, &domain.competencies)
        });
}

fn competencies_ui(ui: &mut Ui, domain: &str, competencies: &[CompetencyCoverage]) {
    let p = Palette::get(ui);
    Grid::new(("coverage-competencies", domain))
        .striped(true)
        .num_columns(3)
        .spacing([space::M, space::XS])
        .show(ui, |ui| {
            for c in competencies {
                ui.add(egui::Label::new(&c.text).wrap());
                let recall = c
                    .recall
                    .map_or_else(String::new, |r| format!(", {}", percent(r)));
                ui.label(format!(
                    "{} questions, {} terms, {} boxes{recall}",
                    c.questions(),
                    c.terms,
                    c.nodes
                ));
                if c.gaps.is_empty() {
                    ui.label(RichText::new("covered").color(p.right));
                } else {
                    let gaps: Vec<String> = c.gaps.iter().map(ToString::to_string).collect();
                    ui.label(RichText::new(gaps.join("; ")).color(p.warn));
                }
                ui.end_row();
            }
        });
}
