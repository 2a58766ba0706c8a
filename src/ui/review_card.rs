//! The card of the review screen: the question, what to do with it, the options, steps or items
//! as full-width numbered rows, and once answered what was right and why.

use std::sync::Arc;

use egui::{Color32, CornerRadius, Response, Sense, Stroke, StrokeKind, Ui, Vec2, WidgetText};

use super::Action;
use super::format::{answer_ui, plain, rich_job};
use super::review::ReviewView;
use super::theme::{self, Palette, size, space};
use crate::modes::glossary::TermRef;
use crate::modes::review::{Shown, Task};

/// How a row looks: chosen or not, and once answered right, wrong or neither.
#[derive(Debug, Clone, Copy, Default)]
struct Look {
    /// Picked, ticked or selected (filled, and so told to screen readers).
    chosen: bool,
    /// Right (green) or wrong (red), once answered.
    verdict: Option<bool>,
    /// Filled even when not chosen (a checked step).
    filled: bool,
}

/// Draws the card: question, hint, rows, and the answer side once shown.
pub fn card_ui(ui: &mut Ui, shown: &Shown, view: &ReviewView<'_>, action: &mut Option<Action>) {
    let (chips, picked_right) = (view.chips, view.picked_right);
    let p = Palette::get(ui);
    let question = rich_job(
        ui,
        &shown.card.front,
        Some(size::QUESTION),
        Some(p.text),
        ui.available_width(),
    );
    ui.label(question);
    // Two pictures on one card (the answer's once revealed) share the height one would take, so
    // the answer and its explanation stay in view.
    let both = shown.revealed && shown.card.image.is_some() && shown.card.answer_image.is_some();
    let height = if both {
        IMAGE_MAX_HEIGHT / 2.0
    } else {
        IMAGE_MAX_HEIGHT
    };
    image_ui(ui, shown.card.image.as_deref(), view.image, height);
    if let Some(hint) = hint(shown) {
        ui.add_space(space::XS);
        theme::muted(ui, hint);
    }
    ui.add_space(space::M);
    match shown.task {
        Task::PickOne | Task::PickAll { .. } => options_ui(ui, shown, action),
        Task::Arrange => steps_ui(ui, shown, action),
        Task::TickRecalled if shown.revealed => ticks_ui(ui, shown, action),
        Task::Recall | Task::TickRecalled => {}
    }
    if !shown.revealed {
        return;
    }
    ui.add_space(space::M);
    if let Some((right, text)) = verdict(shown, picked_right) {
        theme::verdict_banner(ui, right, &text);
        ui.add_space(space::S);
    }
    match shown.task {
        Task::Recall => {
            ui.separator();
            answer_ui(ui, &shown.card.answer);
        }
        Task::Arrange => {
            theme::muted(ui, "The right order");
            answer_ui(ui, &shown.card.answer);
        }
        Task::PickOne | Task::PickAll { .. } | Task::TickRecalled => {}
    }
    image_ui(
        ui,
        shown.card.answer_image.as_deref(),
        view.answer_image,
        height,
    );
    if let Some(explanation) = &shown.card.explanation {
        ui.add_space(space::S);
        let job = rich_job(ui, explanation, None, Some(p.muted), ui.available_width());
        ui.label(job);
    }
    chips_ui(ui, chips, action);
}

/// Largest height of a card's image, in points: the question and its options stay in view.
const IMAGE_MAX_HEIGHT: f32 = 280.0;

/// A card's image (`rel`, under its question or its answer), scaled down to fit `max_height`
/// and the width (never up), or why it cannot show.
fn image_ui(
    ui: &mut Ui,
    rel: Option<&str>,
    image: Option<Result<(egui::TextureId, Vec2), &str>>,
    max_height: f32,
) {
    let Some(rel) = rel else {
        return;
    };
    ui.add_space(space::S);
    match image {
        Some(Ok((texture, size))) => {
            let fit = (ui.available_width() / size.x)
                .min(max_height / size.y)
                .min(1.0);
            let sized = egui::load::SizedTexture::new(texture, size * fit);
            ui.add(egui::Image::from_texture(sized).alt_text(format!("Image {rel}")));
        }
        Some(Err(why)) => {
            let p = Palette::get(ui);
            ui.colored_label(p.warn, format!("The card's image cannot be shown: {why}"));
        }
        None => {
            theme::muted(ui, format!("Image {rel}"));
        }
    }
}

/// What to do with the card, when that is not just "recall it".
fn hint(shown: &Shown) -> Option<String> {
    let n = shown.options.len().min(9);
    match (shown.task, shown.revealed, shown.checked) {
        (Task::PickOne, false, _) => Some(format!(
            "Pick one (1-{n}), or Space to show the answer without options"
        )),
        (Task::PickAll { right }, false, _) => Some(format!(
            "Pick all that apply ({right}): 1-{n} to pick, then Space or Enter to check"
        )),
        (Task::Arrange, false, _) => Some(
            "Put the steps in order: select with 1-9 or \u{2191}\u{2193}, move with Alt+\u{2191}\u{2193} or drag; Space or Enter to check"
                .to_owned(),
        ),
        (Task::TickRecalled, true, false) => Some(
            "Tick each item you recalled (click or 1-9), then Space or Enter".to_owned(),
        ),
        _ => None,
    }
}

/// The right/wrong line once answered: (all right, text).
fn verdict(shown: &Shown, picked_right: Option<bool>) -> Option<(bool, String)> {
    match shown.task {
        Task::PickOne | Task::PickAll { .. } => picked_right.map(|right| {
            let text = if right {
                "Right"
            } else {
                "Not quite: this counts as Again"
            };
            (right, text.to_owned())
        }),
        Task::Arrange => {
            let places = shown.in_place();
            let right = places.iter().filter(|ok| **ok).count();
            Some((
                right == places.len(),
                format!("{right} of {} steps in the right place", places.len()),
            ))
        }
        Task::TickRecalled if shown.checked => {
            let total = shown.card.answer.parts().len();
            let recalled = shown.picked.len();
            Some((recalled == total, format!("{recalled} of {total} recalled")))
        }
        Task::TickRecalled | Task::Recall => None,
    }
}

/// Multiple-choice options; once answered, the picks green when right and red when wrong, and a
/// right option not picked outlined green.
fn options_ui(ui: &mut Ui, shown: &Shown, action: &mut Option<Action>) {
    let parts = shown.card.answer.parts();
    for (i, option) in shown.options.iter().enumerate() {
        let picked = shown.picked.contains(&i);
        let right = parts.contains(option);
        let (verdict, mark) = match (shown.revealed, right, picked) {
            (false, ..) | (true, false, false) => (None, ""),
            (true, true, true) => (Some(true), "\u{2714}"),
            (true, true, false) => (Some(true), "\u{2714} not picked"),
            (true, false, true) => (Some(false), "\u{2718}"),
        };
        let look = Look {
            chosen: picked,
            verdict,
            filled: false,
        };
        let sense = if shown.revealed {
            Sense::hover()
        } else {
            Sense::click()
        };
        if row(ui, i + 1, option, mark, look, sense).clicked() {
            *action = Some(Action::Pick(i));
        }
    }
}

/// The steps in the learner's order: click or number to select, drag to move; once checked,
/// each position green when its step belongs there.
fn steps_ui(ui: &mut Ui, shown: &Shown, action: &mut Option<Action>) {
    let parts = shown.card.answer.parts();
    let places = shown.in_place();
    for (at, &step) in shown.order.iter().enumerate() {
        let Some(text) = parts.get(step) else {
            continue;
        };
        let verdict = shown
            .revealed
            .then(|| places.get(at).copied().unwrap_or(false));
        let mark = match verdict {
            Some(true) => "\u{2714}".to_owned(),
            Some(false) => format!("\u{2718} step {}", step + 1),
            None => String::new(),
        };
        let look = Look {
            chosen: shown.selected == Some(at),
            verdict,
            filled: shown.revealed,
        };
        let sense = if shown.revealed {
            Sense::hover()
        } else {
            Sense::click_and_drag()
        };
        let response = row(ui, at + 1, text, &mark, look, sense);
        if shown.revealed {
            continue;
        }
        if look.chosen && selection_moved(ui, at) {
            // A step moved with the keys stays in view (the list can be taller than the window).
            response.scroll_to_me(None);
        }
        response.dnd_set_drag_payload(at);
        if let Some(from) = response.dnd_hover_payload::<usize>()
            && *from != at
        {
            // Where the step will land: above this row when it comes from below, else under it.
            let y = if *from > at {
                response.rect.top()
            } else {
                response.rect.bottom()
            };
            let p = Palette::get(ui);
            ui.painter()
                .hline(response.rect.x_range(), y, Stroke::new(3.0, p.accent));
        }
        if let Some(from) = response.dnd_release_payload::<usize>() {
            *action = Some(Action::MoveStep(*from, at));
        } else if response.clicked() {
            *action = Some(Action::Pick(at));
        }
    }
}

/// Whether the selected step is elsewhere than last frame (kept in egui's memory: view state).
fn selection_moved(ui: &Ui, at: usize) -> bool {
    let id = egui::Id::unique("review-selected-step");
    let last = ui.data(|d| d.get_temp::<usize>(id));
    ui.data_mut(|d| d.insert_temp(id, at));
    last != Some(at)
}

/// A recalled set's items, to tick.
fn ticks_ui(ui: &mut Ui, shown: &Shown, action: &mut Option<Action>) {
    for (i, item) in shown.card.answer.parts().iter().enumerate() {
        let ticked = shown.picked.contains(&i);
        let verdict = shown.checked.then_some(ticked);
        let mark = match (ticked, shown.checked) {
            (true, _) => "\u{2714}",
            (false, true) => "not recalled",
            (false, false) => "",
        };
        let look = Look {
            chosen: ticked,
            verdict,
            filled: false,
        };
        let sense = if shown.checked {
            Sense::hover()
        } else {
            Sense::click()
        };
        if row(ui, i + 1, item, mark, look, sense).clicked() {
            *action = Some(Action::Pick(i));
        }
    }
}

/// The glossary terms the card tests, shown with the answer (before it, they would give it away).
fn chips_ui(ui: &mut Ui, chips: &[(TermRef, String)], action: &mut Option<Action>) {
    if chips.is_empty() {
        return;
    }
    ui.add_space(space::S);
    ui.horizontal_wrapped(|ui| {
        theme::muted(ui, "Terms:");
        for (at, name) in chips {
            if ui
                .small_button(name)
                .on_hover_text("Read this glossary term")
                .clicked()
            {
                *action = Some(Action::PeekTerm(Some(*at)));
            }
        }
    });
}

/// One full-width row: its number in a badge, the text (inline code rendered), a mark at the
/// right end; named for screen readers and tests as `"{number}. {text} {mark}"`.
fn row(ui: &mut Ui, number: usize, text: &str, mark: &str, look: Look, sense: Sense) -> Response {
    let p = Palette::get(ui);
    let pad = Vec2::new(space::M, space::S + 2.0);
    let badge = 26.0;
    let width = ui.available_width();
    let color = look.verdict.map_or(p.accent, |right| p.verdict(right));
    let text_color = if look.verdict.is_some() {
        color
    } else {
        p.text
    };
    let mark_galley = (!mark.is_empty()).then(|| {
        let job = rich_job(ui, mark, Some(size::SMALL), Some(color), f32::INFINITY);
        WidgetText::from(job).into_galley(ui, None, f32::INFINITY, egui::TextStyle::Small)
    });
    let mark_width = mark_galley.as_ref().map_or(0.0, |g| g.size().x + space::S);
    let wrap = (width - badge - pad.x * 2.0 - space::S - mark_width).max(40.0);
    let galley = galley(ui, text, text_color, wrap);
    let height = galley.size().y.max(badge) + pad.y * 2.0;
    let (rect, response) = ui.allocate_exact_size(Vec2::new(width, height), sense);
    let fill = if look.chosen || look.filled {
        color.gamma_multiply(0.14)
    } else if response.hovered() && sense.senses_click() {
        p.accent.gamma_multiply(0.06)
    } else {
        Color32::TRANSPARENT
    };
    let stroke = if look.chosen || look.verdict.is_some() {
        Stroke::new(1.5, color)
    } else {
        Stroke::new(1.0, p.card_stroke)
    };
    let painter = ui.painter();
    painter.rect(
        rect,
        CornerRadius::same(6),
        fill,
        stroke,
        StrokeKind::Inside,
    );
    let badge_rect = egui::Rect::from_min_size(
        egui::pos2(rect.left() + pad.x, rect.center().y - badge / 2.0),
        Vec2::splat(badge),
    );
    let strong = look.chosen || look.verdict.is_some();
    painter.rect_filled(
        badge_rect,
        CornerRadius::same(13),
        if strong { color } else { p.track },
    );
    painter.text(
        badge_rect.center(),
        egui::Align2::CENTER_CENTER,
        number.to_string(),
        egui::FontId::proportional(size::SMALL),
        if strong { p.on_accent } else { p.text },
    );
    let text_pos = egui::pos2(
        badge_rect.right() + space::S,
        rect.center().y - galley.size().y / 2.0,
    );
    painter.galley(text_pos, galley, p.text);
    if let Some(mark) = mark_galley {
        let pos = egui::pos2(
            rect.right() - pad.x - mark.size().x,
            rect.center().y - mark.size().y / 2.0,
        );
        painter.galley(pos, mark, color);
    }
    let label = if mark.is_empty() {
        format!("{number}. {}", plain(text))
    } else {
        format!("{number}. {} {mark}", plain(text))
    };
    let enabled = ui.is_enabled();
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::accesskit::Role::Button, enabled, look.chosen, &label)
    });
    response
}

fn galley(ui: &Ui, text: &str, color: Color32, wrap: f32) -> Arc<egui::Galley> {
    let job = rich_job(ui, text, Some(size::ANSWER), Some(color), wrap);
    WidgetText::from(job).into_galley(
        ui,
        Some(egui::TextWrapMode::Wrap),
        wrap,
        egui::TextStyle::Body,
    )
}
