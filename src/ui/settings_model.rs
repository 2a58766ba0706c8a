//! The memory model section of Settings: when the FSRS parameters were last re-fitted to the
//! learner's answers, how much better they predict, undo, and "Re-fit now".

use egui::Ui;

use super::Action;
use super::theme::{self, Palette, space};
use crate::study::refit::{EVERY_ANSWERS, EVERY_DAYS, Refit};

/// Draws the section; a button press becomes `action`.
pub fn model_ui(ui: &mut Ui, last: Option<&Refit>, running: bool, action: &mut Option<Action>) {
    theme::section(ui, "Memory model");
    theme::muted(
        ui,
        format!(
            "FSRS predicts when you would forget each card. kubestudy fits it to your own answers \
             after every {EVERY_ANSWERS} new ones, or every {EVERY_DAYS} days, and keeps the new \
             fit only when it predicts your answers better."
        ),
    );
    ui.add_space(space::XS);
    if let Some(record) = last {
        record_ui(ui, record, action);
    }
    ui.horizontal(|ui| {
        if running {
            ui.spinner();
            ui.label("Re-fitting to your answers…");
        } else if ui
            .button("Re-fit now")
            .on_hover_text("Fits FSRS to every answer you have given (needs 400 or more)")
            .clicked()
        {
            *action = Some(Action::RefitNow);
        }
    });
}

fn record_ui(ui: &mut Ui, record: &Refit, action: &mut Option<Action>) {
    let when = chrono::DateTime::from_timestamp_millis(record.at.0).map_or_else(
        || "an unknown day".to_owned(),
        |d| d.format("%Y-%m-%d").to_string(),
    );
    ui.label(format!(
        "Last re-fit: {when}, on {} answers.",
        record.reviews
    ));
    if let Some(why) = &record.failed {
        theme::muted(ui, format!("It could not run: {why}"));
        return;
    }
    if let (Some(before), Some(after)) = (record.before, record.after) {
        theme::muted(
            ui,
            format!(
                "Prediction error (log loss) {:.4} before, {:.4} after; calibration error (RMSE) \
                 {:.3} before, {:.3} after. Lower is better.",
                before.log_loss, after.log_loss, before.rmse, after.rmse
            ),
        );
    }
    let palette = Palette::get(ui);
    if record.undone {
        theme::muted(ui, "You undid it: the parameters before it are in use.");
    } else if record.applied {
        ui.horizontal(|ui| {
            ui.colored_label(
                palette.verdict(true),
                "In use: it predicts your answers better.",
            );
            if ui
                .button("Undo the re-fit")
                .on_hover_text("Go back to the parameters in use before it")
                .clicked()
            {
                *action = Some(Action::UndoRefit);
            }
        });
    } else {
        theme::muted(
            ui,
            "Not kept: the parameters in use predicted your answers as well or better.",
        );
    }
    ui.add_space(space::XS);
}
