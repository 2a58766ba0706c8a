//! Pieces exam week draws with: horizontal bars against a mark (readiness per domain against the
//! target, a mock's score per domain against the pass mark), text with `inline code`, and the
//! options of a cram or mock question as large buttons.

use egui::text::LayoutJob;
use egui::{
    Align, Align2, Atom, Button, Color32, CornerRadius, Layout, RichText, Sense, Stroke, Ui,
};

use super::format::inline_code;
use super::theme::{BIG_BUTTON_HEIGHT, Palette, size, space};

/// One bar: a name, a line under it, and the share it reaches (`None`: nothing to measure).
#[derive(Debug, Clone, PartialEq)]
pub struct BarRow {
    /// What the bar is for (a domain).
    pub name: String,
    /// Under the name, smaller (its weight, its items).
    pub detail: String,
    /// The share reached, 0 to 1.
    pub share: Option<f64>,
}

/// Height of one bar.
const BAR: f32 = 18.0;

/// Horizontal bars from 0 to 100 %, each with its value, and a vertical mark at `mark` (a share)
/// named `mark_name` over the chart. A bar at or past the mark is in the "right" colour, one
/// short of it in the accent. Each bar reads to a screen reader as "name: 42 % (target 80 %),
/// detail".
pub fn bars_ui(ui: &mut Ui, id: &str, rows: &[BarRow], mark: f64, mark_name: &str) {
    let p = Palette::get(ui);
    let width = ui.available_width();
    let name_w = (width * 0.36).clamp(120.0, 300.0);
    let value_w = 52.0;
    let gap = ui.spacing().item_spacing.x;
    let bar_w = (width - name_w - value_w - 2.0 * gap).max(60.0);
    let mark = mark.clamp(0.0, 1.0);
    #[allow(clippy::cast_possible_truncation)] // A share of a width in points.
    let mark_x = |rect: egui::Rect| rect.left() + bar_w * mark as f32;
    // The mark's name over its line.
    let (head, _) = ui.allocate_exact_size(egui::vec2(width, size::SMALL + 2.0), Sense::hover());
    let bar_left = head.left() + name_w + gap;
    let head_bar = egui::Rect::from_min_size(egui::pos2(bar_left, head.top()), head.size());
    ui.painter().text(
        egui::pos2(mark_x(head_bar), head.bottom()),
        Align2::CENTER_BOTTOM,
        format!("{mark_name} {:.0} %", mark * 100.0),
        egui::FontId::proportional(size::SMALL),
        p.muted,
    );
    ui.push_id(id, |ui| {
        for row in rows {
            ui.horizontal(|ui| {
                ui.allocate_ui_with_layout(
                    egui::vec2(name_w, 0.0),
                    Layout::top_down(Align::Min),
                    |ui| {
                        ui.set_width(name_w);
                        ui.label(RichText::new(&row.name).size(size::BODY).color(p.text));
                        ui.label(RichText::new(&row.detail).size(size::SMALL).color(p.muted));
                    },
                );
                let (rect, response) =
                    ui.allocate_exact_size(egui::vec2(bar_w, BAR), Sense::hover());
                let painter = ui.painter();
                painter.rect_filled(rect, CornerRadius::same(4), p.track);
                if let Some(share) = row.share {
                    let mut filled = rect;
                    #[allow(clippy::cast_possible_truncation)] // A share of a width.
                    filled.set_width(rect.width() * share.clamp(0.0, 1.0) as f32);
                    let colour = if share >= mark { p.right } else { p.accent };
                    painter.rect_filled(filled, CornerRadius::same(4), colour);
                }
                let x = mark_x(rect);
                painter.line_segment(
                    [
                        egui::pos2(x, rect.top() - 4.0),
                        egui::pos2(x, rect.bottom() + 4.0),
                    ],
                    Stroke::new(2.0, p.text),
                );
                let value = row
                    .share
                    .map_or_else(|| "–".to_owned(), |s| format!("{:.0} %", s * 100.0));
                let text = format!(
                    "{}: {value} ({mark_name} {:.0} %), {}",
                    row.name,
                    mark * 100.0,
                    row.detail
                );
                response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &text));
                ui.label(RichText::new(value).size(size::BODY).strong());
            });
            ui.add_space(space::XS);
        }
    });
}

/// `text` with its `inline code` in monospace, at `size` points, in `colour` (or the text
/// colour), wrapping at the width available.
pub fn code_job(ui: &Ui, text: &str, size: f32, colour: Option<Color32>) -> LayoutJob {
    let mut job = LayoutJob::default();
    for (part, code) in inline_code(text) {
        let mut rich = RichText::new(part).size(size);
        if code {
            rich = rich.code();
        }
        if let Some(colour) = colour {
            rich = rich.color(colour);
        }
        rich.append_to(
            &mut job,
            ui.style(),
            egui::FontSelection::Default,
            Align::Min,
        );
    }
    job.wrap.max_width = ui.available_width();
    job
}

/// A paragraph with `inline code`, wrapped, at `size` points, in the text colour.
pub fn code_label(ui: &mut Ui, text: &str, size: f32) -> egui::Response {
    let job = code_job(ui, text, size, Some(Palette::get(ui).text));
    ui.label(job)
}

/// How an option shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionLook {
    /// Not chosen.
    Plain,
    /// Chosen, outcome not shown (a running mock exam).
    Chosen,
    /// The right option, shown after the answer.
    Right,
    /// Chosen and wrong, shown after the answer.
    Wrong,
    /// Another option, after the answer.
    Faded,
}

/// An option as a full-width button: `n. text` (with inline code), left-aligned, tinted by
/// `look`. Returns its response (it takes no clicks once the answer shows).
pub fn option_button(ui: &mut Ui, n: usize, text: &str, look: OptionLook) -> egui::Response {
    let p = Palette::get(ui);
    let mark = match look {
        OptionLook::Right => "  \u{2714}",
        OptionLook::Wrong => "  \u{2718}",
        _ => "",
    };
    let width = ui.available_width();
    let inner = width - 2.0 * ui.spacing().button_padding.x - 2.0;
    let mut job = code_job(
        ui,
        &format!("{n}. {text}{mark}"),
        size::ANSWER,
        Some(p.text),
    );
    job.wrap.max_width = inner;
    let (fill, stroke) = match look {
        OptionLook::Plain | OptionLook::Faded => (p.card, p.card_stroke),
        OptionLook::Chosen => (p.accent.gamma_multiply(0.22), p.accent),
        OptionLook::Right => (p.right.gamma_multiply(0.2), p.right),
        OptionLook::Wrong => (p.wrong.gamma_multiply(0.2), p.wrong),
    };
    // Once the answer shows, the options stay readable but take no clicks.
    let open = matches!(look, OptionLook::Plain | OptionLook::Chosen);
    let button = Button::new((egui::WidgetText::from(job), Atom::grow()))
        .wrap()
        .fill(fill)
        .stroke(Stroke::new(if open { 1.0 } else { 1.5 }, stroke))
        .corner_radius(CornerRadius::same(6))
        .min_size(egui::vec2(width, BIG_BUTTON_HEIGHT - 4.0))
        .sense(if open { Sense::click() } else { Sense::hover() });
    ui.add(button)
}
