//! Stats: today's work and where the items are (unseen, learning, young, mature: the CLI's counts)
//! as tiles and a stacked bar per pack, a year of answers as a calendar heatmap, the due
//! forecast and the spread of predicted recall as labelled bar charts (egui_plot), true
//! retention per pack and tag, and the diagram quizzes, every part in the design system.

mod charts;

use egui::{Color32, Grid, RichText, ScrollArea, Ui};

use charts::{due_chart, heatmap, recall_chart};

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

/// The colours of the four stages: unseen, learning, young, mature.
fn stage_colours(p: &Palette) -> [Color32; 4] {
    [p.muted.gamma_multiply(0.5), p.warn, p.accent, p.right]
}

const STAGES: [&str; 4] = ["unseen", "learning", "young", "mature"];

fn stage_counts(c: &PhaseCounts) -> [u64; 4] {
    [c.unseen, c.learning, c.young, c.mature]
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
        "unseen (never studied)",
        "learning",
        "young (under 21 days)",
        "mature (21 days or more)",
    ];
    for ((n, caption), colour) in counts.iter().zip(captions).zip(colours) {
        // The "unseen" colour is a neutral grey: the figure keeps the text colour.
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

/// Per pack, a bar split into its unseen, learning, young and mature items, with the counts.
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
