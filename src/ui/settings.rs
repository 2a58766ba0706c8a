//! Settings: theme, text size, desired retention, daily limits, day rollover hour, the exam. The
//! screen edits a draft; Save (or Ctrl+S) hands it to the app, which validates it and writes
//! `settings.ron`. Leaving with unsaved changes (Home or Esc) asks first: save, discard, or stay.
//!
//! Why ask rather than apply each change at once: the draft is often invalid or half made while
//! it is edited (an exam date being typed, a text size being dragged, which would rescale the
//! screen under the pointer), and retention and the day's rollover change the schedule; one
//! explicit Save keeps a single point where the file is written and the schedule changes.

use egui::{DragValue, Key, Modifiers, RadioButton, RichText, Slider, Ui};

use super::Action;
use super::theme::{self, Palette, space};
use crate::progress::settings::{
    DESIRED_RETENTION, Exam, FONT_SCALE, LAST_PASS_DAYS, LEECH_LAPSES, NEW_PER_DAY,
    READINESS_TARGET, REVIEWS_PER_DAY, ROLLOVER_HOUR, Settings, Theme,
};
use crate::study::exam::parse_day;

/// What the learner answers to leaving Settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leave {
    /// Leave: at once when nothing changed, else ask first.
    Ask,
    /// Save the draft, then leave (stays, saying why, when it cannot be saved).
    Save,
    /// Drop the draft and leave.
    Discard,
    /// Stay and keep editing.
    Stay,
}

/// What the settings screen shows.
#[derive(Debug, Clone, Copy)]
pub struct SettingsView<'a> {
    /// The settings being edited.
    pub draft: &'a Settings,
    /// The settings in force, to say what the draft changes.
    pub saved: &'a Settings,
    /// Whether the "Save changes?" question is showing.
    pub asking: bool,
    /// A message from the last action (saved, or why not).
    pub notice: Option<&'a str>,
    /// What was wrong with `settings.ron` when it was read (the values shown replace it).
    pub warning: Option<&'a str>,
    /// What each desired retention would cost and give, once simulated.
    pub choices: Option<&'a [crate::study::workload::RetentionPoint]>,
    /// What the last re-fit of the memory model did.
    pub refit: Option<&'a crate::study::refit::Refit>,
    /// Whether a re-fit is running.
    pub refitting: bool,
    /// The data folder (progress, backups, installed packs), when there is one.
    pub data_folder: Option<&'a std::path::Path>,
    /// The folder `settings.ron` is saved in, when there is one.
    pub settings_file: Option<&'a std::path::Path>,
    /// What the last sync did.
    pub sync: &'a super::settings_sync::SyncView,
}

/// The names of the settings `draft` changes from `saved`, in screen order.
pub fn changed_fields(saved: &Settings, draft: &Settings) -> Vec<&'static str> {
    let Settings {
        version: _,
        theme,
        font_scale,
        desired_retention,
        new_per_day,
        reviews_per_day,
        rollover_hour,
        learning_steps_minutes,
        relearning_steps_minutes,
        exam_date,
        exam,
        last_pass_days,
        readiness_target,
        leech_lapses,
        suspend_leeches,
        sync_folder,
    } = draft;
    [
        (*theme != saved.theme, "theme"),
        (
            font_scale.to_bits() != saved.font_scale.to_bits(),
            "text size",
        ),
        (
            desired_retention.to_bits() != saved.desired_retention.to_bits(),
            "desired retention",
        ),
        (*new_per_day != saved.new_per_day, "new items per day"),
        (*reviews_per_day != saved.reviews_per_day, "reviews per day"),
        (*rollover_hour != saved.rollover_hour, "start of the day"),
        (*leech_lapses != saved.leech_lapses, "leech lapses"),
        (*suspend_leeches != saved.suspend_leeches, "suspend leeches"),
        (
            *learning_steps_minutes != saved.learning_steps_minutes,
            "learning steps",
        ),
        (
            *relearning_steps_minutes != saved.relearning_steps_minutes,
            "relearning steps",
        ),
        (*exam != saved.exam, "exam"),
        (*exam_date != saved.exam_date, "exam date"),
        (*last_pass_days != saved.last_pass_days, "last pass"),
        (
            readiness_target.to_bits() != saved.readiness_target.to_bits(),
            "readiness target",
        ),
        (*sync_folder != saved.sync_folder, "sync folder"),
    ]
    .into_iter()
    .filter_map(|(changed, name)| changed.then_some(name))
    .collect()
}

/// Draws the settings screen.
pub fn settings_ui(ui: &mut Ui, view: &SettingsView<'_>) -> Option<Action> {
    // Esc closes an open menu (the exam list) or leaves a text field before it leaves the screen.
    let esc_is_taken = super::keys::keyboard_taken(ui.ctx());
    let changed = changed_fields(view.saved, view.draft);
    let mut action = None;
    let mut draft = view.draft.clone();
    ui.horizontal(|ui| {
        let hint = if changed.is_empty() {
            "Back to the packs (Esc)"
        } else {
            "Back to the packs (Esc); asks first about the unsaved changes"
        };
        if ui.button("Home").on_hover_text(hint).clicked() {
            action = Some(Action::LeaveSettings(Leave::Ask));
        }
        theme::title(ui, "Settings");
        ui.add_space(space::L);
        // Save stays in sight however far the page is scrolled.
        save_row(ui, view, &changed, &mut action);
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            theme::reading_column(ui, |ui| {
                if let Some(warning) = view.warning {
                    ui.colored_label(Palette::get(ui).warn, warning);
                }
                look_settings(ui, &mut draft);
                study_settings(ui, &mut draft, view.choices, &mut action);
                super::settings_model::model_ui(ui, view.refit, view.refitting, &mut action);
                exam_settings(ui, &mut draft);
                super::settings_sync::sync_settings(
                    ui,
                    &mut draft,
                    view.saved,
                    view.sync,
                    &mut action,
                );
                data_settings(ui, view, &mut action);
                ui.add_space(space::L);
            });
        });
    if view.asking
        && let Some(leave) = leave_question(ui.ctx(), &changed)
    {
        return Some(Action::LeaveSettings(leave));
    }
    if action.is_none() && draft != *view.draft {
        action = Some(Action::EditSettings(Box::new(draft)));
    }
    if action.is_none() && !view.asking {
        action = ui.input_mut(|i| {
            if !changed.is_empty() && i.consume_key(Modifiers::COMMAND, Key::S) {
                Some(Action::SaveSettings)
            } else if !esc_is_taken && i.consume_key(Modifiers::NONE, Key::Escape) {
                Some(Action::LeaveSettings(Leave::Ask))
            } else {
                None
            }
        });
    }
    action
}

/// Save, and what is not saved yet.
fn save_row(ui: &mut Ui, view: &SettingsView<'_>, changed: &[&str], action: &mut Option<Action>) {
    ui.horizontal(|ui| {
        let save = ui
            .add_enabled_ui(!changed.is_empty(), |ui| theme::primary_button(ui, "Save"))
            .inner
            .on_hover_text("Ctrl+S");
        if save.clicked() {
            *action = Some(Action::SaveSettings);
        }
        if let Some(notice) = view.notice {
            // A long notice (why a folder could not be opened) wraps rather than runs off.
            ui.add(egui::Label::new(notice).wrap());
        } else if !changed.is_empty() {
            ui.label(
                RichText::new(format!("Not saved yet: {}", changed.join(", ")))
                    .color(Palette::get(ui).warn),
            );
        }
    });
}

/// The question on leaving with unsaved changes; `None` while it is not answered.
fn leave_question(ctx: &egui::Context, changed: &[&str]) -> Option<Leave> {
    let mut answer = None;
    let frame = egui::Frame::popup(&ctx.global_style()).inner_margin(space::M as i8);
    let modal = egui::Modal::new(egui::Id::unique("settings-leave"))
        .frame(frame)
        .show(ctx, |ui| {
            ui.set_max_width(420.0);
            ui.label(
                RichText::new("Save changes?")
                    .size(theme::size::ANSWER)
                    .strong(),
            );
            ui.add_space(space::XS);
            ui.label(format!("You changed: {}.", changed.join(", ")));
            ui.add_space(space::S);
            ui.horizontal(|ui| {
                if theme::primary_button(ui, "Save and leave").clicked() {
                    answer = Some(Leave::Save);
                }
                if ui.button("Discard changes").clicked() {
                    answer = Some(Leave::Discard);
                }
                if ui.button("Cancel").on_hover_text("Esc").clicked() {
                    answer = Some(Leave::Stay);
                }
            });
        });
    if answer.is_none() && modal.should_close() {
        answer = Some(Leave::Stay);
    }
    answer
}

/// Theme and text size.
fn look_settings(ui: &mut Ui, draft: &mut Settings) {
    theme::section(ui, "Look");
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
}

/// Retention, daily limits, the day's start.
fn study_settings(
    ui: &mut Ui,
    draft: &mut Settings,
    choices: Option<&[crate::study::workload::RetentionPoint]>,
    action: &mut Option<Action>,
) {
    theme::section(ui, "Study");
    ui.add(
        Slider::new(&mut draft.desired_retention, DESIRED_RETENTION)
            .text("Desired retention")
            .fixed_decimals(2),
    );
    theme::muted(
        ui,
        "The share of reviews you want to recall: higher means shorter intervals, more reviews.",
    );
    retention_ui(ui, draft.desired_retention, choices, action);
    ui.add_space(space::S);
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
    labelled_number(
        ui,
        "Lapses that make a leech (0: never)",
        &mut draft.leech_lapses,
        LEECH_LAPSES,
    );
    ui.checkbox(&mut draft.suspend_leeches, "Suspend leeches too");
    theme::muted(
        ui,
        "A leech is a card you keep forgetting: better suspended or rewritten than ground \
         through. Home says how many you have.",
    );
}

/// What each desired retention costs: a button, then two small plots (reviews a day, share
/// remembered after the span) with the retention chosen marked, and a sentence for it.
fn retention_ui(
    ui: &mut Ui,
    chosen: f32,
    choices: Option<&[crate::study::workload::RetentionPoint]>,
    action: &mut Option<Action>,
) {
    use crate::study::workload::SPAN_DAYS;
    use egui_plot::{Line, Plot, PlotPoints, VLine};
    let Some(points) = choices.filter(|p| !p.is_empty()) else {
        if ui
            .button("What does each retention cost?")
            .on_hover_text(format!(
                "Simulates your next {SPAN_DAYS} days at ten retentions, from your own cards"
            ))
            .clicked()
        {
            *action = Some(Action::CompareRetention);
        }
        return;
    };
    let line = |f: &dyn Fn(&crate::study::workload::RetentionPoint) -> f64| {
        PlotPoints::from_iter(points.iter().map(|p| [f64::from(p.retention), f(p)]))
    };
    let palette = Palette::get(ui);
    ui.columns(2, |columns| {
        if let [left, right] = columns {
            left.label(RichText::new("Reviews a day").size(super::theme::size::SMALL));
            Plot::new("retention-reviews")
                .height(130.0)
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .show(left, |plot| {
                    plot.line(
                        Line::new("reviews", line(&|p| f64::from(p.reviews_per_day)))
                            .color(palette.accent),
                    );
                    plot.vline(VLine::new("chosen", f64::from(chosen)).color(palette.warn));
                });
            right.label(
                RichText::new(format!("Remembered after {SPAN_DAYS} days"))
                    .size(super::theme::size::SMALL),
            );
            Plot::new("retention-remembered")
                .height(130.0)
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .include_y(0.0)
                .include_y(100.0)
                .show(right, |plot| {
                    plot.line(
                        Line::new("remembered", line(&|p| f64::from(p.remembered) * 100.0))
                            .color(palette.right),
                    );
                    plot.vline(VLine::new("chosen", f64::from(chosen)).color(palette.warn));
                });
        }
    });
    let nearest = points.iter().min_by(|a, b| {
        (a.retention - chosen)
            .abs()
            .total_cmp(&(b.retention - chosen).abs())
    });
    if let Some(p) = nearest {
        theme::muted(
            ui,
            format!(
                "At {:.2}: about {:.0} reviews a day ({:.0} min), {:.0} % of your items remembered \
                 after {SPAN_DAYS} days. Past a point, more reviews buy little: the daily limits \
                 leave a backlog.",
                p.retention,
                p.reviews_per_day,
                p.minutes_per_day,
                p.remembered * 100.0
            ),
        );
    }
}

/// The exam: which, when, the last pass and the readiness target.
fn exam_settings(ui: &mut Ui, draft: &mut Settings) {
    theme::section(ui, "Your exam");
    ui.horizontal(|ui| {
        let label = ui.label("Exam");
        let name = |exam: Option<Exam>| exam.map_or("none chosen", Exam::name);
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
            ui.colored_label(Palette::get(ui).wrong, "not a date");
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

/// Where kubestudy keeps the learner's files, and a button to look at them.
fn data_settings(ui: &mut Ui, view: &SettingsView<'_>, action: &mut Option<Action>) {
    theme::section(ui, "Your data");
    let Some(folder) = view.data_folder else {
        theme::muted(
            ui,
            "No data folder: your progress is not kept. Set KUBESTUDY_HOME to a folder.",
        );
        return;
    };
    ui.horizontal(|ui| {
        let label = ui.label("Data folder");
        ui.add(egui::Label::new(
            RichText::new(folder.display().to_string()).monospace(),
        ))
        .labelled_by(label.id);
    });
    theme::muted(
        ui,
        "Your progress (progress.sqlite3), its daily backups and the packs you installed. Copy \
         it to move your progress to another machine.",
    );
    if let Some(config) = view.settings_file.filter(|c| *c != folder) {
        ui.horizontal(|ui| {
            let label = ui.label("Settings file");
            let path = config.join("settings.ron").display().to_string();
            ui.add(egui::Label::new(RichText::new(path).monospace()))
                .labelled_by(label.id);
        });
    }
    if ui
        .button("Open data folder")
        .on_hover_text("Shows the folder in your file manager")
        .clicked()
    {
        *action = Some(Action::OpenDataFolder);
    }
}

fn labelled_number(ui: &mut Ui, name: &str, value: &mut u32, range: std::ops::RangeInclusive<u32>) {
    ui.horizontal(|ui| {
        let label = ui.label(name);
        ui.add(DragValue::new(value).range(range))
            .labelled_by(label.id);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_fields_name_each_change_in_screen_order() {
        let saved = Settings::default();
        assert!(changed_fields(&saved, &saved).is_empty());
        let mut draft = saved.clone();
        draft.theme = Theme::Dark;
        draft.exam_date = Some("2027-01-02".to_owned());
        draft.font_scale += 0.25;
        assert_eq!(
            changed_fields(&saved, &draft),
            ["theme", "text size", "exam date"]
        );
        // NaN equals itself here: a draft is never "changed" by a value that cannot be compared.
        let mut nan = saved.clone();
        nan.readiness_target = f32::NAN;
        let mut nan_draft = nan.clone();
        assert!(changed_fields(&nan, &nan_draft).is_empty());
        nan_draft.readiness_target = 0.8;
        assert_eq!(changed_fields(&nan, &nan_draft), ["readiness target"]);
    }
}
