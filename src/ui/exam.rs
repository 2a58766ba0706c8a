//! The exam screen: readiness on exam day (weakest areas first, the work it takes to reach the
//! target), a cram to set up, and mock exams with past attempts.

use egui::{Grid, RichText, ScrollArea, Ui};

use super::Action;
use crate::modes::cram::{Counting, CramSetup, Limit};
use crate::progress::exam_log::MockAttempt;
use crate::study::forecast::Forecast;

/// What the exam screen shows.
#[derive(Debug, Clone, Copy)]
pub struct ExamView<'a> {
    /// The forecast, or why there is none.
    pub forecast: Result<&'a Forecast, &'a str>,
    /// The exam's short name and pass mark, if one is chosen.
    pub exam: Option<(&'a str, u32)>,
    /// The cram being set up.
    pub setup: &'a CramSetup,
    /// Pack titles, by library index.
    pub packs: &'a [String],
    /// Tags to choose from.
    pub tags: &'a [String],
    /// Past mock exams.
    pub attempts: &'a [MockAttempt],
    /// A message from the last action.
    pub notice: Option<&'a str>,
}

fn items(n: u64) -> String {
    if n == 1 {
        "1 item".to_owned()
    } else {
        format!("{n} items")
    }
}

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// Draws the exam screen.
pub fn exam_ui(ui: &mut Ui, view: &ExamView<'_>) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        super::home_button(ui, &mut action);
        ui.heading("Exam week");
    });
    if let Some(notice) = view.notice {
        ui.colored_label(ui.visuals().warn_fg_color, notice);
    }
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            match view.forecast {
                Ok(f) => forecast_ui(ui, f, view.exam),
                Err(why) => {
                    ui.label(why);
                    if ui.button("Settings").clicked() {
                        action = Some(Action::OpenSettings);
                    }
                }
            }
            ui.separator();
            cram_setup_ui(ui, view, &mut action);
            ui.separator();
            mock_ui(ui, view, &mut action);
        });
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
        action = Some(Action::Home);
    }
    action
}

fn forecast_ui(ui: &mut Ui, f: &Forecast, exam: Option<(&str, u32)>) {
    ui.label(
        RichText::new(format!(
            "Predicted recall on exam day: {} of {} items (target {})",
            percent(f.overall.share()),
            f.overall.items,
            percent(f64::from(f.target))
        ))
        .strong(),
    );
    if let (Some(w), Some((name, _))) = (f.weighted, exam) {
        ui.label(format!("Weighted by the {name} domains: {}", percent(w)));
    }
    ui.label(format!(
        "To reach the target: about {} answers, {:.0} a day for {} days ({} new items to learn, {} to refresh). Never-seen items count as not known.",
        f.answers_needed,
        f.per_day.ceil(),
        f.days_left.max(0),
        f.unseen,
        f.to_refresh
    ));
    ui.label(RichText::new("Weakest first").strong());
    Grid::new("readiness")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for (name, d) in &f.domains {
                ui.label(format!("Domain: {name} ({} %)", d.weight));
                ui.label(if d.group.items == 0 {
                    "-".to_owned()
                } else {
                    percent(d.group.share())
                });
                ui.label(RichText::new(items(d.group.items)).weak());
                ui.end_row();
            }
            for g in &f.packs {
                ui.label(format!("Pack: {}", g.name));
                ui.label(percent(g.share()));
                ui.label(RichText::new(items(g.items)).weak());
                ui.end_row();
            }
            for g in f.tags.iter().take(6) {
                ui.label(format!("Tag: {}", g.name));
                ui.label(percent(g.share()));
                ui.label(RichText::new(items(g.items)).weak());
                ui.end_row();
            }
        });
}

fn cram_setup_ui(ui: &mut Ui, view: &ExamView<'_>, action: &mut Option<Action>) {
    ui.label(
        RichText::new("Cram: the weakest items first; misses come back until you get them")
            .strong(),
    );
    let mut setup = view.setup.clone();
    ui.horizontal_wrapped(|ui| {
        for (on, title) in setup.packs.iter_mut().zip(view.packs) {
            ui.checkbox(on, title);
        }
        ui.checkbox(&mut setup.diagrams, "diagram boxes");
    });
    ui.horizontal(|ui| {
        let label = ui.label("Tag");
        egui::ComboBox::from_id_salt("cram-tag")
            .selected_text(setup.tag.as_deref().unwrap_or("any"))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut setup.tag, None, "any");
                for tag in view.tags {
                    ui.selectable_value(&mut setup.tag, Some(tag.clone()), tag);
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Length");
        for limit in [
            Limit::Minutes(10),
            Limit::Minutes(20),
            Limit::Minutes(45),
            Limit::Items(20),
            Limit::Items(50),
        ] {
            let name = match limit {
                Limit::Minutes(m) => format!("{m} min"),
                Limit::Items(n) => format!("{n} items"),
            };
            ui.radio_value(&mut setup.limit, limit, name);
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("This cram");
        ui.radio_value(
            &mut setup.counting,
            Some(Counting::Counts),
            "counts (answers update your schedule)",
        );
        ui.radio_value(
            &mut setup.counting,
            Some(Counting::PracticeOnly),
            "is practice only (your schedule stays as it is)",
        );
    });
    if setup != *view.setup {
        *action = Some(Action::EditCram(Box::new(setup)));
    }
    let ready = view.setup.counting.is_some();
    if ui
        .add_enabled(ready, egui::Button::new("Start cram"))
        .on_disabled_hover_text("Choose whether it counts first")
        .clicked()
    {
        *action = Some(Action::StartCram);
    }
}

fn mock_ui(ui: &mut Ui, view: &ExamView<'_>, action: &mut Option<Action>) {
    ui.label(RichText::new("Mock exam").strong());
    match view.exam {
        Some((name, pass)) => {
            ui.label(format!("Timed like the {name}, drawn by domain weight; no feedback until the end; pass mark {pass} %. Kept apart from your reviews."));
            if ui.button(format!("Start a {name} mock exam")).clicked() {
                *action = Some(Action::StartMock);
            }
        }
        None => drop(ui.label("Choose your exam in Settings to take a mock exam.")),
    }
    if view.attempts.is_empty() {
        return;
    }
    ui.label(RichText::new("Past attempts").strong());
    Grid::new("attempts")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for a in view.attempts {
                let date = crate::study::clock::Days::date_of(a.started.0.div_euclid(86_400_000));
                ui.label(format!("{} {date}", a.exam));
                ui.label(format!("{} of {}", a.right, a.questions));
                #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
                let share = f64::from(a.right) / f64::from(a.questions.max(1));
                ui.label(percent(share));
                ui.label(if a.passed { "pass" } else { "fail" });
                ui.end_row();
            }
        });
}
