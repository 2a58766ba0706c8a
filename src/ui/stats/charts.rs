//! The stats screen's charts: the calendar heatmap of answers per day (painted), and bar charts
//! (egui_plot) of the items due and of predicted recall, with values on the bars and named axes,
//! in the palette's colours.

use chrono::Datelike as _;
use egui::{Align2, Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Plot, PlotPoint, Text, uniform_grid_spacer};

use super::super::theme::{Palette, size};
use super::{HEATMAP_WEEKS, StatsData};

/// Paints a year of answers per day as a calendar, one column a week, Monday on top.
pub fn heatmap(ui: &mut Ui, data: &StatsData) {
    const GAP: f32 = 2.0;
    const LEFT: f32 = 34.0;
    const TOP: f32 = 18.0;
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
    let p = Palette::get(ui);
    // An empty day still shows as a tile, in either theme.
    let empty = p.track;
    let full = p.right;
    let most = data.per_day.iter().copied().max().unwrap_or(0).max(1);
    let painter = ui.painter_at(rect);
    let font = egui::FontId::proportional(size::SMALL);
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
        let y = rect.top() + TOP + row as f32 * step + cell / 2.0;
        painter.text(
            egui::pos2(rect.left(), y),
            Align2::LEFT_CENTER,
            name,
            font.clone(),
            p.muted,
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
                    Align2::LEFT_BOTTOM,
                    d.format("%b"),
                    font.clone(),
                    p.muted,
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

/// A bar chart: `values` one `step` apart, each non-zero bar with its value over it, the axes
/// named and the x axis marked every `x_steps` and labelled by `x_label`.
struct Bars<'a> {
    id: &'a str,
    values: &'a [u64],
    step: f64,
    colour: Color32,
    x_axis: &'a str,
    y_axis: &'a str,
    x_label: fn(f64) -> String,
    /// Grid steps of the x axis: small, medium, large.
    x_steps: [f64; 3],
    describe: String,
}

fn bar_chart(ui: &mut Ui, bars: Bars<'_>) {
    let p = Palette::get(ui);
    let Bars {
        id,
        values,
        step,
        colour,
        x_axis,
        y_axis,
        x_label,
        x_steps,
        describe,
    } = bars;
    #[allow(clippy::cast_precision_loss)] // Indexes and counts far below 2^52.
    let chart: Vec<Bar> = values
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            Bar::new(i as f64 * step + step / 2.0, n as f64)
                .width(step * 0.8)
                .fill(colour)
                .stroke(egui::Stroke::NONE)
        })
        .collect();
    let most = values.iter().copied().max().unwrap_or(0);
    #[allow(clippy::cast_precision_loss)]
    let top = (most as f64 * 1.2).max(1.0);
    #[allow(clippy::cast_precision_loss)]
    let span = values.len() as f64 * step;
    let labels: Vec<(f64, u64)> = values
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(i, &n)| {
            #[allow(clippy::cast_precision_loss)]
            let x = i as f64 * step + step / 2.0;
            (x, n)
        })
        .collect();
    let response = Plot::new(id)
        .height(170.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([false, true])
        .x_axis_label(RichText::new(x_axis).size(size::SMALL))
        .y_axis_label(RichText::new(y_axis).size(size::SMALL))
        .x_grid_spacer(uniform_grid_spacer(move |_| x_steps))
        .x_axis_formatter(move |mark, _| x_label(mark.value))
        .y_axis_formatter(|mark, _| {
            if mark.value.fract() == 0.0 && mark.value >= 0.0 {
                format!("{:.0}", mark.value)
            } else {
                String::new()
            }
        })
        .include_x(0.0)
        .include_x(span)
        .include_y(0.0)
        .include_y(top)
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new(id, chart).color(colour));
            for (x, n) in labels {
                #[allow(clippy::cast_precision_loss)]
                let y = n as f64;
                plot.text(
                    Text::new(
                        format!("{id}-{x}"),
                        PlotPoint::new(x, y),
                        RichText::new(n.to_string()).size(size::SMALL).color(p.text),
                    )
                    .anchor(Align2::CENTER_BOTTOM),
                );
            }
        })
        .response;
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &describe));
}

/// The items due on each of the next days.
pub fn due_chart(ui: &mut Ui, forecast: &[u64]) {
    let total: u64 = forecast.iter().sum();
    let today = forecast.first().copied().unwrap_or(0);
    bar_chart(
        ui,
        Bars {
            id: "forecast",
            values: forecast,
            step: 1.0,
            colour: Palette::get(ui).accent,
            x_axis: "days from today",
            y_axis: "items due",
            x_steps: [1.0, 5.0, 10.0],
            x_label: |x| {
                if x.fract() != 0.0 || x < 0.0 {
                    String::new()
                } else if x == 0.0 {
                    "today".to_owned()
                } else {
                    format!("+{x:.0}")
                }
            },
            describe: format!("Due in the next 30 days: {total} items, {today} today"),
        },
    );
}

/// Answered items by predicted recall now, in tenths.
pub fn recall_chart(ui: &mut Ui, recall: &[u64; 10]) {
    let answered: u64 = recall.iter().sum();
    let strong: u64 = recall.iter().skip(9).sum();
    bar_chart(
        ui,
        Bars {
            id: "recall",
            values: recall,
            step: 10.0,
            colour: Palette::get(ui).right,
            x_axis: "predicted recall now",
            y_axis: "items",
            x_steps: [10.0, 50.0, 100.0],
            x_label: |x| {
                if x.rem_euclid(50.0) == 0.0 && (0.0..=100.0).contains(&x) {
                    format!("{x:.0} %")
                } else {
                    String::new()
                }
            },
            describe: format!(
                "Predicted recall now: {answered} answered items, {strong} at 90 % or more"
            ),
        },
    );
}
