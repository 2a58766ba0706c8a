//! Card info (`I` in review): the card's text and source, its memory (stability, difficulty,
//! predicted recall now, next due date), the forgetting curve to past the due date, and every
//! answer with its date, rating, the interval it gave and the mode that asked it.

use egui::{Key, Modifiers, RichText};
use egui_plot::{Line, Plot, PlotPoints, VLine};

use super::Action;
use super::theme::{self, Palette, size, space};
use crate::pack::Card;
use crate::study::coverage::percent;
use crate::study::info::CardInfo;
use crate::study::schedule::{Phase, Rating};

/// A time as the learner's local date and time.
fn when(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).map_or_else(
        || "?".to_owned(),
        |t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        },
    )
}

fn rating_name(rating: Rating) -> &'static str {
    match rating {
        Rating::Again => "Again",
        Rating::Hard => "Hard",
        Rating::Good => "Good",
        Rating::Easy => "Easy",
    }
}

fn phase_name(phase: Phase) -> &'static str {
    match phase {
        Phase::New => "new",
        Phase::Learning => "learning",
        Phase::Review => "review",
        Phase::Relearning => "relearning",
    }
}

/// Shows `info` (and `card`, its text) in a window; returns Close when closed (button, Esc, I).
pub fn card_info_window(
    ctx: &egui::Context,
    info: &CardInfo,
    card: Option<&Card>,
) -> Option<Action> {
    if ctx.input_mut(|i| {
        i.consume_key(Modifiers::NONE, Key::Escape) || i.consume_key(Modifiers::NONE, Key::I)
    }) {
        return Some(Action::CardInfo(false));
    }
    let mut action = None;
    egui::Window::new("Card info")
        .collapsible(false)
        .resizable(true)
        .default_width(520.0)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 40.0))
        .max_height(ctx.content_rect().height() - 60.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                if let Some(card) = card {
                    ui.label(RichText::new(&card.front).size(size::ANSWER).strong());
                    let source = card
                        .source
                        .as_deref()
                        .map_or_else(String::new, |s| format!(" \u{b7} source: {s}"));
                    theme::muted(ui, format!("{} / {}{source}", info.key.pack, info.key.item));
                }
                ui.add_space(space::S);
                memory_ui(ui, info);
                if !info.curve.is_empty() {
                    curve_ui(ui, info);
                }
                ui.add_space(space::S);
                answers_ui(ui, info);
                ui.add_space(space::S);
                if ui.button("Close").on_hover_text("Esc or I").clicked() {
                    action = Some(Action::CardInfo(false));
                }
            });
        });
    action
}

/// State, memory, due date and marks, as a small grid.
fn memory_ui(ui: &mut egui::Ui, info: &CardInfo) {
    let s = &info.state;
    egui::Grid::new("card-info-memory")
        .num_columns(2)
        .spacing([space::M, space::XS])
        .show(ui, |ui| {
            let mut row = |name: &str, value: String| {
                theme::muted(ui, name);
                ui.label(value);
                ui.end_row();
            };
            row("State", phase_name(s.phase).to_owned());
            if let Some(memory) = s.memory {
                row("Stability", format!("{:.1} days", memory.stability));
                row("Difficulty", format!("{:.1} of 10", memory.difficulty));
            }
            if let Some(recall) = info.recall_now {
                row("Recall now", percent(f64::from(recall)));
            }
            if s.phase != Phase::New {
                row("Due", when(s.due.0));
                row("Interval", format!("{} days", s.interval_days));
            }
            row("Answers", format!("{} ({} lapses)", s.reps, s.lapses));
            let m = info.marks;
            let mut marks = Vec::new();
            if let Some(flag) = m.flag {
                marks.push(format!("{} flag", flag.name()));
            }
            if m.suspended {
                marks.push("suspended".to_owned());
            }
            if m.buried.is_some() {
                marks.push("buried until tomorrow".to_owned());
            }
            if m.leech.is_leech() {
                marks.push("leech".to_owned());
            }
            if !marks.is_empty() {
                row("Marks", marks.join(", "));
            }
        });
}

/// The forgetting curve from the last answer, with the due date marked.
fn curve_ui(ui: &mut egui::Ui, info: &CardInfo) {
    let palette = Palette::get(ui);
    let points: Vec<[f64; 2]> = info.curve.iter().map(|&(d, r)| [d, r * 100.0]).collect();
    Plot::new("card-info-curve")
        .height(140.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .include_y(100.0)
        .x_axis_label("days since the last answer")
        .y_axis_label("recall %")
        .show(ui, |plot| {
            plot.line(
                Line::new("predicted recall", PlotPoints::from(points)).color(palette.accent),
            );
            plot.vline(VLine::new("due", info.due_after_days).color(palette.warn));
        });
}

/// Every answer, newest first.
fn answers_ui(ui: &mut egui::Ui, info: &CardInfo) {
    if info.answers.is_empty() {
        theme::muted(ui, "Not answered yet.");
        return;
    }
    egui::Grid::new("card-info-answers")
        .num_columns(5)
        .striped(true)
        .spacing([space::M, space::XS])
        .show(ui, |ui| {
            for head in ["Date", "Rating", "Interval", "Mode", "Time"] {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            let palette = Palette::get(ui);
            for answer in info.answers.iter().rev() {
                ui.label(when(answer.time.0));
                ui.colored_label(palette.grade(answer.rating), rating_name(answer.rating));
                ui.label(format!("{} d", answer.interval_days));
                ui.label(&answer.mode);
                ui.label(format!("{:.1} s", f64::from(answer.duration_ms) / 1000.0));
                ui.end_row();
            }
        });
}
