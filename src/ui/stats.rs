//! Stats: today's work and where the items are (new, learning, young, mature: the CLI's counts)
//! as tiles and a stacked bar per pack, a year of answers as a calendar heatmap, the due
//! forecast and the spread of predicted recall as labelled bar charts (egui_plot), true
//! retention per pack and tag, and the diagram quizzes, every part in the design system.

use chrono::Datelike as _;
use egui::{Align2, Color32, Grid, RichText, ScrollArea, Ui};
use egui_plot::{Bar, BarChart, Plot, PlotPoint, Text, uniform_grid_spacer};

use super::Action;
use super::theme::{self, Palette, size, space};
use crate::progress::stats_queries::PhaseCounts;

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
    /// Items by stage over every pack (the `pack` field is empty).
    pub counts: PhaseCounts,
    /// Items by stage per pack: (pack title, counts), in library order.
    pub pack_counts: Vec<(String, PhaseCounts)>,
}

/// Two cards side by side from this width on; stacked below it.
const SIDE_BY_SIDE: f32 = 760.0;

/// Draws the stats screen.
pub fn stats_ui(ui: &mut Ui, data: &StatsData) -> Option<Action> {
    let mut action = None;
    theme::wide_column(ui, |ui| {
        ui.horizontal(|ui| {
            super::home_button(ui, &mut action);
            theme::title(ui, "Stats");
        });
    });
    ScrollArea::vertical()
        .id_salt("stats")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            theme::wide_column(ui, |ui| {
                theme::muted(
                    ui,
                    format!(
                        "{} answers today, {} in all. {} items never studied.",
                        data.today, data.total, data.unseen
                    ),
                );
                ui.add_space(space::S);
                tiles(ui, data);
                ui.add_space(space::S);
                card(ui, |ui| {
                    card_title(ui, "Items by stage");
                    stages(ui, data);
                });
                ui.add_space(space::S);
                card(ui, |ui| {
                    card_title(ui, "Answers per day, last 53 weeks");
                    heatmap(ui, data);
                });
                ui.add_space(space::S);
                side_by_side(
                    ui,
                    |ui| {
                        card(ui, |ui| {
                            card_title(ui, "Due in the next 30 days");
                            due_chart(ui, &data.forecast);
                        });
                    },
                    |ui| {
                        card(ui, |ui| {
                            card_title(ui, "Predicted recall now, answered items");
                            recall_chart(ui, &data.recall);
                        });
                    },
                );
                ui.add_space(space::S);
                side_by_side(
                    ui,
                    |ui| {
                        card(ui, |ui| {
                            retention_table(ui, "True retention per pack", "packs", &data.packs);
                        });
                    },
                    |ui| {
                        card(ui, |ui| {
                            retention_table(ui, "True retention per tag", "tags", &data.tags);
                        });
                    },
                );
                ui.add_space(space::S);
                card(ui, |ui| diagram_table(ui, &data.diagrams));
                ui.add_space(space::L);
            });
        });
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
        action = Some(Action::Home);
    }
    action
}

/// Two parts side by side when there is room, else one under the other.
fn side_by_side(ui: &mut Ui, left: impl FnOnce(&mut Ui), right: impl FnOnce(&mut Ui)) {
    if ui.available_width() >= SIDE_BY_SIDE {
        ui.columns(2, |columns| {
            if let [l, r] = columns {
                left(l);
                right(r);
            }
        });
    } else {
        left(ui);
        ui.add_space(space::S);
        right(ui);
    }
}

/// A card as wide as the space there is, its text left-aligned and unjustified.
fn card(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    theme::card_frame(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.with_layout(egui::Layout::top_down(egui::Align::Min), add);
    });
}

fn card_title(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).size(size::ANSWER).strong());
    ui.add_space(space::XS);
}

/// The colours of the four stages: new, learning, young, mature.
fn stage_colours(p: &Palette) -> [Color32; 4] {
    [p.muted.gamma_multiply(0.5), p.warn, p.accent, p.right]
}

const STAGES: [&str; 4] = ["new", "learning", "young", "mature"];

fn stage_counts(c: &PhaseCounts) -> [u64; 4] {
    [c.new, c.learning, c.young, c.mature]
}

fn tiles(ui: &mut Ui, data: &StatsData) {
    let p = Palette::get(ui);
    let colours = stage_colours(&p);
    let counts = stage_counts(&data.counts);
    let mut tiles: Vec<(String, &str, Option<Color32>)> = vec![
        (data.today.to_string(), "answers today", None),
        (data.counts.due_today.to_string(), "due today", None),
    ];
    let captions = [
        "new (never studied)",
        "learning",
        "young (under 21 days)",
        "mature (21 days or more)",
    ];
    for ((n, caption), colour) in counts.iter().zip(captions).zip(colours) {
        // The "new" colour is a neutral grey: the figure keeps the text colour.
        let colour = (colour != colours[0]).then_some(colour);
        tiles.push((n.to_string(), caption, colour));
    }
    let columns = if ui.available_width() >= SIDE_BY_SIDE {
        tiles.len()
    } else {
        3
    };
    for row in tiles.chunks(columns) {
        ui.columns(columns, |cols| {
            for (ui, (figure, caption, colour)) in cols.iter_mut().zip(row) {
                theme::stat_tile_full(ui, figure, caption, *colour);
            }
        });
    }
}

/// Per pack, a bar split into its new, learning, young and mature items, with the counts.
fn stages(ui: &mut Ui, data: &StatsData) {
    let p = Palette::get(ui);
    let colours = stage_colours(&p);
    ui.horizontal_wrapped(|ui| {
        for (name, colour) in STAGES.iter().zip(colours) {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 3.0, colour);
            ui.label(RichText::new(*name).size(size::SMALL).color(p.muted));
            ui.add_space(space::S);
        }
    });
    for (title, counts) in &data.pack_counts {
        let values = stage_counts(counts);
        let total: u64 = values.iter().sum();
        ui.add_space(space::XS);
        ui.label(RichText::new(title).size(size::BODY).color(p.text));
        let (rect, response) =
            ui.allocate_exact_size(egui::vec2(ui.available_width(), 16.0), egui::Sense::hover());
        let painter = ui.painter();
        painter.rect_filled(rect, 4.0, p.track);
        let mut left = rect.left();
        for (&n, colour) in values.iter().zip(colours) {
            if n == 0 || total == 0 {
                continue;
            }
            #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
            let width = rect.width() * n as f32 / total as f32;
            let part = egui::Rect::from_min_size(
                egui::pos2(left, rect.top()),
                egui::vec2(width, rect.height()),
            );
            painter.rect_filled(part, 0.0, colour);
            left += width;
        }
        let text = STAGES
            .iter()
            .zip(values)
            .map(|(name, n)| format!("{n} {name}"))
            .collect::<Vec<_>>()
            .join(", ");
        let label = format!("{title}: {text}");
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &label));
        theme::muted(ui, format!("{text}; {} due today", counts.due_today));
    }
}

fn heatmap(ui: &mut Ui, data: &StatsData) {
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

fn due_chart(ui: &mut Ui, forecast: &[u64]) {
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

fn recall_chart(ui: &mut Ui, recall: &[u64; 10]) {
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

fn diagram_table(ui: &mut Ui, rows: &[DiagramRow]) {
    let p = Palette::get(ui);
    card_title(ui, "Diagram quizzes");
    if rows.is_empty() {
        ui.label("No diagram quiz yet: open a diagram from home and try a mode.");
        return;
    }
    // One block per diagram, so a long list of missed boxes wraps instead of running off.
    for row in rows {
        ui.add_space(space::XS);
        ui.label(RichText::new(&row.title).size(size::BODY).strong());
        #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
        let rate = row.right as f64 / row.answers.max(1) as f64;
        theme::muted(
            ui,
            format!(
                "Boxes asked: {} of {}. Right: {:.0} % of {} answers.",
                row.asked,
                row.nodes,
                rate * 100.0,
                row.answers
            ),
        );
        let missed = if row.missed.is_empty() {
            "none".to_owned()
        } else {
            row.missed.join(", ")
        };
        ui.add(
            egui::Label::new(
                RichText::new(format!("Missed last time: {missed}"))
                    .size(size::BODY)
                    .color(if row.missed.is_empty() {
                        p.muted
                    } else {
                        p.text
                    }),
            )
            .wrap(),
        );
    }
}

fn retention_table(ui: &mut Ui, title: &str, id: &str, rows: &[RetentionRow]) {
    card_title(ui, title);
    if rows.iter().all(|r| r.answers == 0) {
        theme::muted(ui, "No review answers yet.");
        return;
    }
    let p = Palette::get(ui);
    Grid::new(id).striped(true).num_columns(3).show(ui, |ui| {
        for row in rows.iter().filter(|r| r.answers > 0) {
            ui.label(RichText::new(&row.name).size(size::BODY));
            #[allow(clippy::cast_precision_loss)] // Counts far below 2^52.
            let rate = row.passed as f64 / row.answers as f64;
            ui.label(
                RichText::new(format!("{:.0} %", rate * 100.0))
                    .size(size::BODY)
                    .strong()
                    .color(p.text),
            );
            theme::muted(ui, format!("{} answers", row.answers));
            ui.end_row();
        }
    });
}
