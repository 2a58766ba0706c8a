//! Stats: a year of answers as a calendar heatmap, the due forecast, true retention per pack and
//! per tag, and how the answered items' predicted recall is spread (egui_plot; the heatmap is
//! painted as a calendar).

use chrono::Datelike as _;
use egui::{Color32, Grid, RichText, ScrollArea, Ui};
use egui_plot::{Bar, BarChart, Plot};

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

/// How the learner did on one diagram's quizzes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramRow {
    /// Diagram title.
    pub title: String,
    /// Boxes in it.
    pub nodes: usize,
    /// Boxes asked at least once.
    pub asked: usize,
    /// Answers on its boxes, and how many were right.
    pub answers: u64,
    /// Right answers.
    pub right: u64,
    /// Boxes whose latest answer was wrong.
    pub missed: Vec<String>,
}

/// What the stats screen shows, computed by the app when the screen opens.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatsData {
    /// Answers per day for the heatmap's days, oldest first, ending today.
    pub per_day: Vec<u64>,
    /// The first of those days (days since 1970-01-01).
    pub first_day: i64,
    /// Weekday of the first of those days (0 = Monday).
    pub first_weekday: usize,
    /// Items due on each of the coming days (today first, overdue included).
    pub forecast: Vec<u64>,
    /// Retention per pack.
    pub packs: Vec<RetentionRow>,
    /// Retention per tag, most answered first.
    pub tags: Vec<RetentionRow>,
    /// Diagram quiz results, per diagram asked.
    pub diagrams: Vec<DiagramRow>,
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
            diagram_table(ui, &data.diagrams);
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
    const GAP: f32 = 2.0;
    const LEFT: f32 = 32.0;
    const TOP: f32 = 16.0;
    let weeks = HEATMAP_WEEKS as f32;
    let cell = ((ui.available_width() - LEFT) / weeks - GAP).clamp(6.0, 16.0);
    let step = cell + GAP;
    let size = egui::vec2(LEFT + weeks * step, TOP + 7.0 * step);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let studied = data.per_day.iter().filter(|&&n| n > 0).count();
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Image,
            true,
            format!("Answers per day: {studied} days studied in the last year"),
        )
    });
    let visuals = ui.visuals();
    // An empty day must still show as a tile, in either theme.
    let empty = if visuals.dark_mode {
        Color32::from_gray(60)
    } else {
        Color32::from_gray(222)
    };
    let full = Color32::from_rgb(40, 160, 70);
    let most = data.per_day.iter().copied().max().unwrap_or(0).max(1);
    let painter = ui.painter_at(rect);
    let font = egui::FontId::proportional(10.0);
    let text = visuals.weak_text_color();
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
        let y = rect.top() + TOP + row as f32 * step + cell / 2.0;
        painter.text(
            egui::pos2(rect.left(), y),
            egui::Align2::LEFT_CENTER,
            name,
            font.clone(),
            text,
        );
    }
    let cell_rect = |slot: usize| {
        let (week, weekday) = ((slot / 7) as f32, (slot % 7) as f32);
        let min = rect.min + egui::vec2(LEFT + week * step, TOP + weekday * step);
        egui::Rect::from_min_size(min, egui::vec2(cell, cell))
    };
    let mut last_month = None;
    for (i, &n) in data.per_day.iter().enumerate() {
        let slot = data.first_weekday + i;
        let date = day_date(data.first_day + i as i64);
        if slot.is_multiple_of(7) && date.map(|d| d.month()) != last_month {
            last_month = date.map(|d| d.month());
            if let Some(d) = date {
                let at = cell_rect(slot).left_top() - egui::vec2(0.0, 2.0);
                painter.text(
                    at,
                    egui::Align2::LEFT_BOTTOM,
                    d.format("%b"),
                    font.clone(),
                    text,
                );
            }
        }
        #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
        let colour = if n == 0 {
            empty
        } else {
            empty.lerp_to_gamma(full, 0.3 + 0.7 * n as f32 / most as f32)
        };
        painter.rect_filled(cell_rect(slot), 2.0, colour);
    }
    if let Some(pointer) = response.hover_pos() {
        let rel = pointer - rect.min - egui::vec2(LEFT, TOP);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // Checked >= 0.
        let hovered = (rel.x >= 0.0 && rel.y >= 0.0)
            .then(|| (rel.x / step) as usize * 7 + (rel.y / step) as usize)
            .and_then(|slot| slot.checked_sub(data.first_weekday))
            .and_then(|i| Some((i, *data.per_day.get(i)?)));
        if let Some((i, n)) = hovered {
            let date = day_date(data.first_day + i as i64).map(|d| d.to_string());
            response.on_hover_text(format!("{}: {n} answers", date.unwrap_or_default()));
        }
    }
}

/// The calendar date of study day `day` (days since 1970-01-01).
fn day_date(day: i64) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?
        .checked_add_signed(chrono::TimeDelta::try_days(day)?)
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
        .include_y(1.0)
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new(id, chart).color(colour))
        });
}

fn diagram_table(ui: &mut Ui, rows: &[DiagramRow]) {
    ui.label(RichText::new("Diagram quizzes").strong());
    if rows.is_empty() {
        ui.label("No diagram quiz yet: open a diagram from home and try a mode.");
        return;
    }
    Grid::new("diagrams")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for header in ["Diagram", "Boxes asked", "Right", "Missed last time"] {
                ui.label(RichText::new(header).strong());
            }
            ui.end_row();
            for row in rows {
                ui.label(&row.title);
                ui.label(format!("{} of {}", row.asked, row.nodes));
                #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
                let rate = row.right as f64 / row.answers.max(1) as f64;
                ui.label(format!("{:.0} % of {}", rate * 100.0, row.answers));
                ui.label(if row.missed.is_empty() {
                    "none".to_owned()
                } else {
                    row.missed.join(", ")
                });
                ui.end_row();
            }
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
