//! The exam screen, led by two charts: readiness per exam domain against the target, and
//! predicted readiness day by day to the exam. Below them the numbers behind them, a cram to set
//! up and mock exams with past attempts, each a card with one primary button; per-pack and
//! per-tag readiness last.

use egui::{Grid, RichText, ScrollArea, Ui};
use egui_plot::{HLine, HoverPosition, Line, LineStyle, Plot, PlotPoint, PlotPoints, Text, VLine};

use super::Action;
use super::exam_chart::{BarRow, bars_ui};
use super::task_mock::TaskMockAction;
use super::theme::{self, Palette, size, space};
use crate::modes::cram::{Counting, CramSetup, Limit};
use crate::progress::exam_log::MockAttempt;
use crate::study::clock::Days;
use crate::study::coverage::ExamCoverage;
use crate::study::forecast::{DayReadiness, Forecast};

/// What the exam screen shows.
#[derive(Debug, Clone, Copy)]
pub struct ExamView<'a> {
    /// The forecast, or why there is none.
    pub forecast: Result<&'a Forecast, &'a str>,
    /// Predicted readiness day by day to the exam (no further study).
    pub by_day: &'a [DayReadiness],
    /// The exam's short name and pass mark, if one is chosen.
    pub exam: Option<(&'a str, u32)>,
    /// The cram being set up.
    pub setup: &'a CramSetup,
    /// Pack titles, by library index (`None`: nothing in it to cram, not offered).
    pub packs: &'a [Option<String>],
    /// Tags to choose from.
    pub tags: &'a [String],
    /// Past mock exams.
    pub attempts: &'a [MockAttempt],
    /// Tasks a hands-on mock of the chosen exam can draw from (0: none is offered).
    pub hands_on_tasks: usize,
    /// What the packs cover of the chosen exam.
    pub coverage: Option<&'a ExamCoverage>,
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

pub use crate::study::coverage::percent;

/// Two cards side by side from this width on; stacked below it.
const SIDE_BY_SIDE: f32 = 760.0;

/// Draws the exam screen.
pub fn exam_ui(ui: &mut Ui, view: &ExamView<'_>) -> Option<Action> {
    let mut action = None;
    theme::wide_column(ui, |ui| {
        ui.horizontal(|ui| {
            super::home_button(ui, &mut action);
            theme::title(ui, "Exam week");
        });
        if let Some(notice) = view.notice {
            ui.label(RichText::new(notice).color(Palette::get(ui).warn));
        }
    });
    let mut scroll = ScrollArea::vertical()
        .id_salt("exam-week")
        .auto_shrink([false, false]);
    if just_opened(ui) {
        scroll = scroll.vertical_scroll_offset(0.0);
    }
    scroll.show(ui, |ui| {
        theme::wide_column(ui, |ui| {
            match view.forecast {
                Ok(f) => forecast_ui(ui, f, view),
                Err(why) => {
                    ui.add_space(space::M);
                    ui.label(RichText::new(why).size(size::BODY));
                    if ui.button("Settings").clicked() {
                        action = Some(Action::OpenSettings);
                    }
                }
            }
            if let Some(map) = view.coverage {
                ui.add_space(space::S);
                super::exam_coverage::coverage_ui(ui, map, view.setup, &mut action);
            }
            ui.add_space(space::L);
            if ui.available_width() >= SIDE_BY_SIDE {
                ui.columns(2, |columns| {
                    if let [left, right] = columns {
                        cram_setup_ui(left, view, &mut action);
                        mock_ui(right, view, &mut action);
                    }
                });
            } else {
                cram_setup_ui(ui, view, &mut action);
                ui.add_space(space::M);
                mock_ui(ui, view, &mut action);
            }
            if let Ok(f) = view.forecast {
                details_ui(ui, f);
            }
            ui.add_space(space::L);
        });
    });
    let popup_open = egui::Popup::is_any_open(ui.ctx());
    if !popup_open && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
        action = Some(Action::Home);
    }
    action
}

/// Whether the screen was not drawn in the frame before this one: it has just been opened (or
/// come back to), and shows from the top.
fn just_opened(ui: &Ui) -> bool {
    let id = egui::Id::unique("exam-week-drawn");
    let frame = ui.ctx().cumulative_frame_nr();
    let last: Option<u64> = ui.data_mut(|d| {
        let last = d.get_temp(id);
        d.insert_temp(id, frame);
        last
    });
    last.is_none_or(|last| last + 1 < frame)
}

/// The headline figures and the two charts.
fn forecast_ui(ui: &mut Ui, f: &Forecast, view: &ExamView<'_>) {
    let p = Palette::get(ui);
    let target = f64::from(f.target);
    let share = f.overall.share();
    let date = Days::date_of(f.exam_day);
    let name = view.exam.map_or("Your exam", |(name, _)| name);
    theme::muted(
        ui,
        format!(
            "{name} on {date}: {} days left. Never-seen items count as not known.",
            f.days_left.max(0)
        ),
    );
    ui.add_space(space::S);
    let mut tiles: Vec<(String, String, Option<egui::Color32>)> = vec![(
        percent(share),
        format!("predicted recall on exam day (target {})", percent(target)),
        Some(p.verdict(share >= target)),
    )];
    if let (Some(w), Some((name, _))) = (f.weighted, view.exam) {
        tiles.push((percent(w), format!("weighted by the {name} domains"), None));
    }
    tiles.push((
        format!("{:.0}", f.per_day.ceil()),
        "answers a day to reach the target".to_owned(),
        None,
    ));
    tiles.push((f.overall.items.to_string(), "items in all".to_owned(), None));
    ui.columns(tiles.len(), |columns| {
        for (ui, (figure, caption, colour)) in columns.iter_mut().zip(&tiles) {
            theme::stat_tile_full(ui, figure, caption, *colour);
        }
    });
    ui.label(format!(
        "Predicted recall on exam day: {} of {} (target {}). To reach it: about {} answers, {:.0} a day for {} days ({} new items to learn, {} to refresh).",
        percent(share),
        items(f.overall.items),
        percent(target),
        f.answers_needed,
        f.per_day.ceil(),
        f.days_left.max(0),
        f.unseen,
        f.to_refresh
    ));
    if !f.domains.is_empty() {
        ui.add_space(space::S);
        theme::card_frame(ui).show(ui, |ui| {
            ui.set_width(ui.available_width());
            card_title(ui, &format!("Readiness per {name} domain, weakest first"));
            let rows: Vec<BarRow> = f
                .domains
                .iter()
                .map(|(domain, d)| BarRow {
                    name: domain.clone(),
                    detail: format!("{} % of the exam, {}", d.weight, items(d.group.items)),
                    share: (d.group.items > 0).then(|| d.group.share()),
                })
                .collect();
            bars_ui(ui, "domain-readiness", &rows, target, "target");
        });
    }
    ui.add_space(space::S);
    card(ui, |ui| {
        card_title(
            ui,
            "Predicted readiness day by day, if you stop studying now",
        );
        day_chart(ui, view.by_day, target);
        theme::muted(
            ui,
            "The blue line: each item on its forgetting curve from its last answer, never-seen items at 0; every review you do lifts it. Dashed: your target.",
        );
    });
}

/// A card as wide as the space there is, its text left-aligned and unjustified (also in a
/// justified column).
fn card(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    theme::card_frame(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.with_layout(egui::Layout::top_down(egui::Align::Min), add);
    });
}

/// A card's heading (the card's margin is its space above).
pub fn card_title(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).size(size::ANSWER).strong());
    ui.add_space(space::XS);
}

/// The name of the readiness line (its points are what its tooltip reads out).
const LINE: &str = "predicted, no further study";

/// The day-by-day line with the target.
fn day_chart(ui: &mut Ui, by_day: &[DayReadiness], target: f64) {
    let p = Palette::get(ui);
    let (Some(first), Some(last)) = (by_day.first(), by_day.last()) else {
        theme::muted(ui, "The exam day has passed.");
        return;
    };
    let today = first.day;
    #[allow(clippy::cast_precision_loss)] // Day counts far below 2^52.
    let points: Vec<[f64; 2]> = by_day
        .iter()
        .map(|d| [(d.day - today) as f64, d.share * 100.0])
        .collect();
    #[allow(clippy::cast_precision_loss)]
    let span = (last.day - today).max(1) as f64;
    let date = move |x: f64| {
        #[allow(clippy::cast_possible_truncation)] // Rounded day offsets.
        let day = today + x.round() as i64;
        short_date(day)
    };
    let response = Plot::new("readiness-by-day")
        .height(200.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .include_x(0.0)
        .include_x(span)
        .include_y(0.0)
        .include_y(100.0)
        .show_grid([false, true])
        .y_axis_label("recall %")
        .x_axis_formatter(move |mark, _| date(mark.value))
        .y_axis_formatter(|mark, _| format!("{:.0} %", mark.value))
        // Only the line's own points: a tooltip never reads out the pointer's height.
        .label_formatter(move |hover| match *hover {
            HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } if plot_name == LINE => {
                #[allow(clippy::cast_possible_truncation)] // Rounded day offsets.
                let day = today + position.x.round() as i64;
                Some(format!("{}: {:.0} %", short_date(day), position.y))
            }
            _ => None,
        })
        .show(ui, |plot| {
            plot.line(
                Line::new(LINE, PlotPoints::from(points))
                    .color(p.accent)
                    .width(2.5),
            );
            plot.vline(VLine::new("exam day", span).color(p.muted).width(1.5));
            plot.hline(
                HLine::new("target", target * 100.0)
                    .color(p.text)
                    .style(LineStyle::dashed_loose()),
            );
            // The lines named where they are, not in a legend over the chart.
            plot.text(
                Text::new(
                    "target-name",
                    PlotPoint::new(0.0, target * 100.0),
                    RichText::new(format!("target {}", percent(target)))
                        .size(size::SMALL)
                        .color(p.text),
                )
                .anchor(egui::Align2::LEFT_BOTTOM),
            );
            plot.text(
                Text::new(
                    "exam-day-name",
                    PlotPoint::new(span, 100.0),
                    RichText::new(format!("exam day {}", short_date(last.day)))
                        .size(size::SMALL)
                        .color(p.muted),
                )
                .anchor(egui::Align2::RIGHT_TOP),
            );
        })
        .response;
    let text = format!(
        "Predicted readiness: {} today, {} on exam day {} without further study (target {})",
        percent(first.share),
        percent(last.share),
        Days::date_of(last.day),
        percent(target)
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &text));
}

/// `Dec 3` for study day `day`.
fn short_date(day: i64) -> String {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|d| d.checked_add_signed(chrono::TimeDelta::try_days(day)?))
        .map(|d| d.format("%b %-d").to_string())
        .unwrap_or_default()
}

fn cram_setup_ui(ui: &mut Ui, view: &ExamView<'_>, action: &mut Option<Action>) {
    card(ui, |ui| {
        card_title(ui, "Cram");
        theme::muted(
            ui,
            "The weakest items first; misses come back until you get them.",
        );
        let mut setup = view.setup.clone();
        ui.horizontal_wrapped(|ui| {
            for (on, title) in setup.packs.iter_mut().zip(view.packs) {
                if let Some(title) = title {
                    ui.checkbox(on, title);
                }
            }
            ui.checkbox(&mut setup.diagrams, "diagram boxes");
        });
        ui.horizontal(|ui| {
            let label = ui.label("Tag");
            // The chosen exam's domains come first, by name (their tags are their ids).
            let domains: Vec<(&str, String)> = view
                .coverage
                .map(|map| {
                    map.domains
                        .iter()
                        .map(|d| (d.id.as_str(), format!("domain: {}", d.name)))
                        .collect()
                })
                .unwrap_or_default();
            let shown = setup.tag.as_deref().map_or_else(
                || "any".to_owned(),
                |tag| {
                    domains
                        .iter()
                        .find(|(id, _)| *id == tag)
                        .map_or_else(|| tag.to_owned(), |(_, name)| name.clone())
                },
            );
            egui::ComboBox::from_id_salt("cram-tag")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut setup.tag, None, "any");
                    for (id, name) in &domains {
                        ui.selectable_value(&mut setup.tag, Some((*id).to_owned()), name);
                    }
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
        if setup != *view.setup {
            *action = Some(Action::EditCram(Box::new(setup)));
        }
        ui.add_space(space::S);
        let ready = view.setup.counting.is_some();
        let start = ui
            .add_enabled_ui(ready, |ui| theme::primary_button(ui, "Start cram"))
            .inner
            .on_disabled_hover_text("Choose whether it counts first");
        if start.clicked() {
            *action = Some(Action::StartCram);
        }
    });
}

fn mock_ui(ui: &mut Ui, view: &ExamView<'_>, action: &mut Option<Action>) {
    card(ui, |ui| {
        card_title(ui, "Mock exam");
        match view.exam {
            Some((name, pass)) => {
                theme::muted(
                    ui,
                    format!(
                        "Timed like the {name}, drawn by domain weight; no feedback until the end; pass mark {pass} %. Kept apart from your reviews."
                    ),
                );
                ui.add_space(space::S);
                if view.hands_on_tasks > 0 {
                    theme::muted(
                        ui,
                        format!(
                            "The hands-on mock is the real format: {} tasks at the keyboard, commands and manifests, checked at the end with partial credit ({} tasks to draw from).",
                            crate::modes::task_mock::MOCK_TASKS,
                            view.hands_on_tasks
                        ),
                    );
                    ui.add_space(space::XS);
                    let start = format!("Start a {name} hands-on mock");
                    if theme::primary_button(ui, &start).clicked() {
                        *action = Some(Action::TaskMock(TaskMockAction::Start));
                    }
                    ui.add_space(space::XS);
                    if ui.button(format!("Start a {name} question mock")).clicked() {
                        *action = Some(Action::StartMock);
                    }
                } else if theme::primary_button(ui, &format!("Start a {name} mock exam")).clicked()
                {
                    *action = Some(Action::StartMock);
                }
            }
            None => {
                ui.label("Choose your exam in Settings to take a mock exam.");
            }
        }
        if view.attempts.is_empty() {
            return;
        }
        ui.add_space(space::S);
        ui.label(RichText::new("Past attempts").strong());
        let p = Palette::get(ui);
        Grid::new("attempts")
            .striped(true)
            .num_columns(4)
            .show(ui, |ui| {
                for a in view.attempts {
                    let date = Days::date_of(a.started.0.div_euclid(86_400_000));
                    ui.label(format!("{} {date}", a.exam));
                    if a.hands_on() {
                        ui.label(format!("{} of {} tasks done", a.right, a.questions));
                    } else {
                        ui.label(format!("{} of {}", a.right, a.questions));
                    }
                    ui.label(percent(a.share()));
                    let verdict = if a.passed { "pass" } else { "fail" };
                    ui.label(RichText::new(verdict).strong().color(p.verdict(a.passed)));
                    ui.end_row();
                }
            });
    });
}

/// Readiness per pack and per tag: the numbers, secondary.
fn details_ui(ui: &mut Ui, f: &Forecast) {
    ui.add_space(space::L);
    theme::section(ui, "Per pack and tag");
    Grid::new("readiness")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for g in &f.packs {
                ui.label(format!("Pack: {}", g.name));
                ui.label(percent(g.share()));
                theme::muted(ui, items(g.items));
                ui.end_row();
            }
            for g in f.tags.iter().take(6) {
                ui.label(format!("Tag: {}", g.name));
                ui.label(percent(g.share()));
                theme::muted(ui, items(g.items));
                ui.end_row();
            }
        });
}
