//! Home: the packs with today's counts, "Study now", and what to do on a first visit.

use egui::{Grid, RichText, Ui};

use super::Action;

/// One pack's line on the home screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackLine {
    /// Pack id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Cards due today (learning and review).
    pub due: u64,
    /// New cards today, within the daily limit.
    pub new_today: u64,
    /// Cards in learning steps.
    pub learning: u64,
}

/// What the home screen shows.
#[derive(Debug, Clone, Copy)]
pub struct HomeView<'a> {
    /// The packs.
    pub packs: &'a [PackLine],
    /// Every primer: (pack index, primer index, title).
    pub primers: &'a [(usize, usize, String)],
    /// Every diagram: (pack index, diagram index, title).
    pub diagrams: &'a [(usize, usize, String)],
    /// No answer has ever been given: say how to start.
    pub first_launch: bool,
    /// The progress store could not be opened: why, and what to do.
    pub store_error: Option<&'a str>,
    /// The newest backup that could be restored then, described (`None`: there is none).
    pub restore: Option<&'a str>,
    /// A message from the last action (an error, a warning).
    pub notice: Option<&'a str>,
    /// The exam countdown and readiness, and what the schedule changed for it.
    pub exam: &'a [String],
    /// Standing warnings (a broken settings file, a wrong clock), shown until dealt with.
    pub warnings: &'a [String],
}

/// Draws the home screen.
pub fn home_ui(ui: &mut Ui, view: &HomeView<'_>) -> Option<Action> {
    let mut action = None;
    ui.heading("kubestudy");
    for warning in view.warnings {
        ui.colored_label(ui.visuals().warn_fg_color, warning);
    }
    if let Some(error) = view.store_error {
        ui.colored_label(
            ui.visuals().error_fg_color,
            RichText::new("Your progress cannot be opened").strong(),
        );
        ui.label(error);
        ui.label("You can read the packs, but studying is off until this is fixed; nothing has been changed.");
        if let Some(notice) = view.notice {
            ui.colored_label(ui.visuals().warn_fg_color, notice);
        }
        if let Some(backup) = view.restore {
            ui.add_space(8.0);
            ui.label(backup);
            let button = egui::Button::new(RichText::new("Restore the newest backup").strong());
            if ui
                .add(button)
                .on_hover_text("Your current file is kept beside it, renamed; nothing is deleted")
                .clicked()
            {
                action = Some(Action::RestoreBackup);
            }
        }
        if ui.button("Glossary").clicked() {
            action = Some(Action::OpenGlossary);
        }
        return action;
    }
    if view.first_launch {
        ui.label("New here? Press \u{201c}Study now\u{201d} to start with today's cards.");
        ui.label("Show the answer with Space, then grade yourself with 1 (Again) to 4 (Easy).");
    }
    if let Some(notice) = view.notice {
        ui.colored_label(ui.visuals().warn_fg_color, notice);
    }
    if let Some((countdown, changes)) = view.exam.split_first() {
        ui.label(RichText::new(countdown).strong());
        for change in changes {
            ui.label(RichText::new(change).weak());
        }
    }
    ui.add_space(8.0);
    let total: u64 = view.packs.iter().map(|p| p.due + p.new_today).sum();
    let study_now = ui.add_enabled(
        total > 0,
        egui::Button::new(RichText::new("Study now").size(18.0)),
    );
    if study_now.clicked() {
        action = Some(Action::StudyAll);
    }
    if total == 0 {
        ui.label("Nothing is due today. Well done.");
    }
    ui.horizontal(|ui| mode_buttons(ui, &mut action));
    ui.add_space(8.0);
    packs_table(ui, view.packs, &mut action);
    if total > 0 && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter)) {
        action = Some(Action::StudyAll);
    }
    if !view.primers.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("Primers").strong());
        for (pack, primer, title) in view.primers {
            if ui.button(format!("Read {title}")).clicked() {
                action = Some(Action::OpenPrimer {
                    pack: *pack,
                    primer: *primer,
                });
            }
        }
    }
    if !view.diagrams.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("Diagrams: explore, or quiz yourself").strong());
        ui.horizontal_wrapped(|ui| {
            for (pack, diagram, title) in view.diagrams {
                if ui.button(title).clicked() {
                    action = Some(Action::OpenDiagram {
                        pack: *pack,
                        diagram: *diagram,
                    });
                }
            }
        });
    }
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::G)) {
        action = Some(Action::OpenGlossary);
    }
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::S)) {
        action = Some(Action::OpenStats);
    }
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::E)) {
        action = Some(Action::OpenExam);
    }
    action
}

/// The packs with today's counts and a Study button each.
fn packs_table(ui: &mut Ui, packs: &[PackLine], action: &mut Option<Action>) {
    Grid::new("packs")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for header in ["Pack", "Due", "New", "Learning", ""] {
                ui.label(RichText::new(header).strong());
            }
            ui.end_row();
            for pack in packs {
                ui.label(&pack.title);
                ui.label(pack.due.to_string());
                ui.label(pack.new_today.to_string());
                ui.label(pack.learning.to_string());
                let button = ui.add_enabled(
                    pack.due + pack.new_today > 0,
                    egui::Button::new(format!("Study {}", pack.title)),
                );
                if button.clicked() {
                    *action = Some(Action::StudyPack(pack.id.clone()));
                }
                ui.end_row();
            }
        });
}

/// Links to the other modes.
fn mode_buttons(ui: &mut Ui, action: &mut Option<Action>) {
    if ui
        .button("Glossary")
        .on_hover_text("Search and read every term (G)")
        .clicked()
    {
        *action = Some(Action::OpenGlossary);
    }
    if ui
        .button("Exam week")
        .on_hover_text("Readiness on exam day, cram, mock exam (E)")
        .clicked()
    {
        *action = Some(Action::OpenExam);
    }
    if ui
        .button("Stats")
        .on_hover_text("Answers per day, due forecast, retention (S)")
        .clicked()
    {
        *action = Some(Action::OpenStats);
    }
    if ui
        .button("Packs")
        .on_hover_text("Import, export and remove packs")
        .clicked()
    {
        *action = Some(Action::OpenPacks);
    }
    if ui
        .button("Settings")
        .on_hover_text("Theme, text size, retention, daily limits")
        .clicked()
    {
        *action = Some(Action::OpenSettings);
    }
}
