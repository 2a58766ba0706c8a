//! Stats: a year of answers as a calendar heatmap, the due forecast, true retention per pack and
//! per tag, and how the answered items' predicted recall is spread (egui_plot).

use egui::{Color32, Grid, RichText, ScrollArea, Ui};
use egui_plot::{Bar, BarChart, Heatmap, Plot};

use super::Action;

/// Weeks in the heatmap.
pub const HEATMAP_WEEKS: usize = 53;

/// True retention of a group of items: review answers, and how many were not Again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionRow {
    /// Pack title or tag.
    pub name: String,
    /// Review-phase answers.
    pub answers: u64,
    /// Of which recalled.
    pub passed: u64,
}

/// What the stats screen shows, computed by the app when the screen opens.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatsData {
    /// Answers per day for the heatmap's days, oldest first, ending today.
    pub per_day: Vec<u64>,
    /// Weekday of the first of those days (0 = Monday).
    pub first_weekday: usize,
    /// Items due on each of the coming days (today first, overdue included).
    pub forecast: Vec<u64>,
    /// Retention per pack.
    pub packs: Vec<RetentionRow>,
    /// Retention per tag, most answered first.
    pub tags: Vec<RetentionRow>,
    /// Answered items by predicted recall now, in tenths (0–10 %, …, 90–100 %).
    pub recall: [u64; 10],
    /// Items never answered (they count as not known).
    pub unseen: u64,
    /// Answers today and over all time.
    pub today: u64,
    /// Answers over the whole log.
    pub total: u64,
}

/// Draws the stats screen.
pub fn stats_ui(ui: &mut Ui, data: &StatsData) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        super::home_button(ui, &mut action);
        ui.heading("Stats");
    });
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.label(format!(
                "{} answers today, {} in all. {} items never studied.",
                data.today, data.total, data.unseen
            ));
            ui.add_space(6.0);
            ui.label(RichText::new("Answers per day, last 53 weeks").strong());
            heatmap(ui, data);
            ui.add_space(6.0);
            ui.label(RichText::new("Due in the next 30 days").strong());
            bars(
                ui,
                "forecast",
                &data.forecast,
                "day",
                ui.visuals().selection.bg_fill,
            );
            ui.add_space(6.0);
            ui.label(RichText::new("Predicted recall now, answered items").strong());
            bars(
                ui,
                "recall",
                &data.recall,
                "recall %",
                Color32::from_rgb(90, 150, 90),
            );
            ui.add_space(6.0);
            ui.columns(2, |columns| {
                if let [packs, tags] = columns {
                    retention_table(packs, "True retention per pack", "packs", &data.packs);
                    retention_table(tags, "True retention per tag", "tags", &data.tags);
                }
            });
        });
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
        action = Some(Action::Home);
    }
    action
}

fn heatmap(ui: &mut Ui, data: &StatsData) {
    // Columns are weeks, rows weekdays (Monday on top); days after today stay blank.
    let mut cells = vec![-1.0_f64; HEATMAP_WEEKS * 7];
    for (i, &n) in data.per_day.iter().enumerate() {
        let slot = data.first_weekday + i;
        let (week, weekday) = (slot / 7, slot % 7);
        #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
        if let Some(cell) = cells.get_mut(weekday * HEATMAP_WEEKS + week) {
            *cell = n as f64;
        }
    }
    let most = cells.iter().copied().fold(1.0_f64, f64::max);
    let (empty, full) = (ui.visuals().faint_bg_color, Color32::from_rgb(40, 160, 70));
    let colour = move |v: f64| -> Color32 {
        if v < 0.0 {
            Color32::TRANSPARENT
        } else if v == 0.0 {
            empty
        } else {
            #[allow(clippy::cast_possible_truncation)] // A fraction in 0..=1.
            let t = (0.25 + 0.75 * v / most) as f32;
            empty.lerp_to_gamma(full, t)
        }
    };
    Plot::new("heatmap")
        .height(130.0)
        .show_axes(false)
        .show_grid(false)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .invert_y(true)
        .show(ui, |plot| {
            plot.add(
                Heatmap::new(cells, HEATMAP_WEEKS)
                    .show_labels(false)
                    .custom_mapping(Box::new(colour))
                    .name("answers"),
            );
        });
}

fn bars(ui: &mut Ui, id: &str, values: &[u64], axis: &str, colour: Color32) {
    let step = if id == "recall" { 10.0 } else { 1.0 };
    #[allow(clippy::cast_precision_loss)] // Indexes and counts far below 2^52.
    let chart: Vec<Bar> = values
        .iter()
        .enumerate()
        .map(|(i, &n)| Bar::new(i as f64 * step + step / 2.0, n as f64).width(step * 0.8))
        .collect();
    Plot::new(id)
        .height(140.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_label(axis)
        .include_y(0.0)
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new(id, chart).color(colour))
        });
}

fn retention_table(ui: &mut Ui, title: &str, id: &str, rows: &[RetentionRow]) {
    ui.label(RichText::new(title).strong());
    if rows.iter().all(|r| r.answers == 0) {
        ui.label("No review answers yet.");
        return;
    }
    Grid::new(id).striped(true).num_columns(3).show(ui, |ui| {
        for row in rows.iter().filter(|r| r.answers > 0) {
            ui.label(&row.name);
            #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
            let rate = row.passed as f64 / row.answers as f64;
            ui.label(format!("{:.0} %", rate * 100.0));
            ui.label(RichText::new(format!("{} answers", row.answers)).weak());
            ui.end_row();
        }
    });
}
