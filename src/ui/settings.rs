//! Settings: theme, text size, desired retention, daily limits, day rollover hour. The screen
//! edits a draft; Save hands it to the app, which writes `settings.ron` through the engine layer.

use egui::{DragValue, RadioButton, Slider, Ui};

use super::Action;
use crate::progress::settings::{
    DESIRED_RETENTION, Exam, FONT_SCALE, LAST_PASS_DAYS, NEW_PER_DAY, READINESS_TARGET,
    REVIEWS_PER_DAY, ROLLOVER_HOUR, Settings, Theme,
};
use crate::study::exam::parse_day;

/// What the settings screen shows.
#[derive(Debug, Clone, Copy)]
pub struct SettingsView<'a> {
    /// The settings being edited.
    pub draft: &'a Settings,
    /// Whether the draft differs from what is saved.
    pub changed: bool,
    /// A message from the last action (saved, or why not).
    pub notice: Option<&'a str>,
    /// What was wrong with `settings.ron` when it was read (the values shown replace it).
    pub warning: Option<&'a str>,
}

/// Draws the settings screen.
pub fn settings_ui(ui: &mut Ui, view: &SettingsView<'_>) -> Option<Action> {
    let mut action = None;
    let mut draft = view.draft.clone();
    ui.horizontal(|ui| {
        super::home_button_with(
            ui,
            &mut action,
            "Back to the packs (Esc); unsaved changes are dropped",
        );
        ui.heading("Settings");
    });
    ui.separator();
    if let Some(warning) = view.warning {
        ui.colored_label(ui.visuals().warn_fg_color, warning);
        ui.add_space(4.0);
    }
    ui.horizontal(|ui| {
        ui.label("Theme");
        for (theme, name) in [
            (Theme::System, "System"),
            (Theme::Light, "Light"),
            (Theme::Dark, "Dark"),
        ] {
            if ui
                .add(RadioButton::new(draft.theme == theme, name))
                .clicked()
            {
                draft.theme = theme;
            }
        }
    });
    ui.add(Slider::new(&mut draft.font_scale, FONT_SCALE).text("Text size"));
    ui.add(
        Slider::new(&mut draft.desired_retention, DESIRED_RETENTION)
            .text("Desired retention")
            .fixed_decimals(2),
    );
    labelled_number(
        ui,
        "New items per day, per pack",
        &mut draft.new_per_day,
        NEW_PER_DAY,
    );
    labelled_number(
        ui,
        "Reviews per day at most",
        &mut draft.reviews_per_day,
        REVIEWS_PER_DAY,
    );
    let mut hour = u32::from(draft.rollover_hour);
    let hours = u32::from(*ROLLOVER_HOUR.start())..=u32::from(*ROLLOVER_HOUR.end());
    labelled_number(ui, "A new study day starts at (hour)", &mut hour, hours);
    draft.rollover_hour = u8::try_from(hour).unwrap_or(4);
    ui.add_space(8.0);
    exam_settings(ui, &mut draft);
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(view.changed, egui::Button::new("Save"))
            .clicked()
        {
            action = Some(Action::SaveSettings);
        }
        if let Some(notice) = view.notice {
            ui.label(notice);
        }
    });
    if action.is_none() && draft != *view.draft {
        action = Some(Action::EditSettings(Box::new(draft)));
    }
    if action.is_none() && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
    {
        action = Some(Action::Home);
    }
    action
}

/// The exam: which, when, the last pass and the readiness target.
fn exam_settings(ui: &mut Ui, draft: &mut Settings) {
    ui.label(egui::RichText::new("Exam").strong());
    ui.horizontal(|ui| {
        let label = ui.label("Exam");
        let name = |exam: Option<Exam>| match exam {
            None => "none chosen",
            Some(Exam::Kcna) => "KCNA",
            Some(Exam::Cka) => "CKA",
            Some(Exam::Ckad) => "CKAD",
        };
        egui::ComboBox::from_id_salt("exam")
            .selected_text(name(draft.exam))
            .show_ui(ui, |ui| {
                for exam in std::iter::once(None).chain(Exam::ALL.map(Some)) {
                    ui.selectable_value(&mut draft.exam, exam, name(exam));
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        let label = ui.label("Exam date (YYYY-MM-DD)");
        let mut text = draft.exam_date.clone().unwrap_or_default();
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .desired_width(110.0)
                    .hint_text("none"),
            )
            .labelled_by(label.id);
        if edit.changed() {
            let text = text.trim().to_owned();
            draft.exam_date = (!text.is_empty()).then_some(text);
        }
        if let Some(date) = &draft.exam_date
            && parse_day(date).is_none()
        {
            ui.colored_label(ui.visuals().error_fg_color, "not a date");
        }
    });
    labelled_number(
        ui,
        "Last pass: days before the exam when every item comes back",
        &mut draft.last_pass_days,
        LAST_PASS_DAYS,
    );
    ui.add(
        Slider::new(&mut draft.readiness_target, READINESS_TARGET)
            .text("Readiness target on exam day")
            .fixed_decimals(2),
    );
}

fn labelled_number(ui: &mut Ui, name: &str, value: &mut u32, range: std::ops::RangeInclusive<u32>) {
    ui.horizontal(|ui| {
        let label = ui.label(name);
        ui.add(DragValue::new(value).range(range))
            .labelled_by(label.id);
    });
}
