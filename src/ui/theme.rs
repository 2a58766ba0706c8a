//! The design system every screen draws with: one type scale, one spacing scale, the colours of
//! the four grades and of right/wrong, and the few shapes (card, reading column, primary button,
//! grade button, section heading, stat tile) the screens are made of.
//!
//! Screens take sizes and colours from here, never as literals of their own, so a change of taste
//! is made once. `install` sets egui's own text styles and spacing from the same scale.

use egui::{
    Button, Color32, CornerRadius, FontFamily, FontId, Frame, Margin, Response, RichText, Stroke,
    TextStyle, Ui, Vec2, Visuals,
};

use crate::study::schedule::Rating;

/// The type scale, in points (before the learner's zoom).
pub mod size {
    /// Hints, captions, counters.
    pub const SMALL: f32 = 12.5;
    /// Running text, buttons, lists.
    pub const BODY: f32 = 15.0;
    /// A card's answer and options.
    pub const ANSWER: f32 = 18.0;
    /// A card's question.
    pub const QUESTION: f32 = 22.0;
    /// A screen's title.
    pub const TITLE: f32 = 26.0;
    /// A big number (a stat tile, a readiness figure).
    pub const FIGURE: f32 = 30.0;
    /// Nothing is drawn smaller than this (diagram labels included): below it, hide or scroll.
    pub const MIN_READABLE: f32 = 11.0;
}

/// The spacing scale, in points.
pub mod space {
    /// Between the parts of one thing (an icon and its text).
    pub const XS: f32 = 4.0;
    /// Between related things (options of a question).
    pub const S: f32 = 8.0;
    /// Between the blocks of a card.
    pub const M: f32 = 14.0;
    /// Between sections of a screen.
    pub const L: f32 = 24.0;
    /// Around the main content of a screen.
    pub const XL: f32 = 40.0;
}

/// The readable column: about 70 characters of body text.
pub const READING_WIDTH: f32 = 680.0;
/// The column of a dashboard screen (charts and tiles side by side: exam week, stats).
pub const WIDE_WIDTH: f32 = 1040.0;
/// Height of a primary or grade button.
pub const BIG_BUTTON_HEIGHT: f32 = 44.0;
/// Corner radius of cards and buttons.
const RADIUS: u8 = 8;

/// The colours of the design, for the current theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    /// Dark mode or not.
    pub dark: bool,
    /// The card's fill.
    pub card: Color32,
    /// The card's border.
    pub card_stroke: Color32,
    /// The accent of primary actions.
    pub accent: Color32,
    /// Text on the accent.
    pub on_accent: Color32,
    /// A right answer.
    pub right: Color32,
    /// A wrong answer.
    pub wrong: Color32,
    /// A warning (something to look at, nothing lost).
    pub warn: Color32,
    /// Secondary text.
    pub muted: Color32,
    /// Main text.
    pub text: Color32,
    /// The empty part of a bar or track.
    pub track: Color32,
}

impl Palette {
    /// The palette for these visuals.
    pub fn of(visuals: &Visuals) -> Self {
        if visuals.dark_mode {
            Self {
                dark: true,
                card: Color32::from_rgb(34, 37, 43),
                card_stroke: Color32::from_rgb(58, 63, 72),
                accent: Color32::from_rgb(78, 140, 255),
                on_accent: Color32::WHITE,
                right: Color32::from_rgb(74, 200, 120),
                wrong: Color32::from_rgb(240, 98, 98),
                warn: Color32::from_rgb(238, 178, 70),
                muted: Color32::from_rgb(160, 166, 176),
                text: Color32::from_rgb(230, 232, 236),
                track: Color32::from_rgb(52, 56, 64),
            }
        } else {
            Self {
                dark: false,
                card: Color32::WHITE,
                card_stroke: Color32::from_rgb(214, 218, 226),
                accent: Color32::from_rgb(36, 99, 220),
                on_accent: Color32::WHITE,
                right: Color32::from_rgb(22, 128, 62),
                wrong: Color32::from_rgb(196, 40, 40),
                warn: Color32::from_rgb(168, 100, 0),
                muted: Color32::from_rgb(96, 102, 112),
                text: Color32::from_rgb(24, 26, 30),
                track: Color32::from_rgb(226, 229, 235),
            }
        }
    }

    /// The palette of the `ui`'s theme.
    pub fn get(ui: &Ui) -> Self {
        Self::of(ui.visuals())
    }

    /// The colour of a flag, as Anki's: red, orange, green, blue.
    pub fn flag(&self, flag: crate::progress::Flag) -> Color32 {
        use crate::progress::Flag;
        match (flag, self.dark) {
            (Flag::Red, false) => Color32::from_rgb(200, 48, 48),
            (Flag::Red, true) => Color32::from_rgb(232, 96, 96),
            (Flag::Orange, false) => Color32::from_rgb(184, 92, 0),
            (Flag::Orange, true) => Color32::from_rgb(240, 150, 60),
            (Flag::Green, false) => Color32::from_rgb(26, 128, 64),
            (Flag::Green, true) => Color32::from_rgb(80, 190, 120),
            (Flag::Blue, false) => Color32::from_rgb(36, 99, 220),
            (Flag::Blue, true) => Color32::from_rgb(110, 160, 245),
        }
    }

    /// The colour of a grade: Again red, Hard amber, Good green, Easy blue.
    pub fn grade(&self, rating: Rating) -> Color32 {
        match (rating, self.dark) {
            (Rating::Again, false) => Color32::from_rgb(200, 48, 48),
            (Rating::Again, true) => Color32::from_rgb(214, 72, 72),
            (Rating::Hard, false) => Color32::from_rgb(176, 104, 0),
            (Rating::Hard, true) => Color32::from_rgb(196, 128, 24),
            (Rating::Good, false) => Color32::from_rgb(26, 128, 64),
            (Rating::Good, true) => Color32::from_rgb(46, 150, 88),
            (Rating::Easy, false) => Color32::from_rgb(36, 99, 220),
            (Rating::Easy, true) => Color32::from_rgb(64, 124, 230),
        }
    }

    /// Right or wrong.
    pub fn verdict(&self, right: bool) -> Color32 {
        if right { self.right } else { self.wrong }
    }
}

/// Sets egui's text styles and spacing from the scales above (both themes). The app calls it
/// once at start and the test harness through `fonts::install`.
pub fn install(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Small,
                FontId::new(size::SMALL, FontFamily::Proportional),
            ),
            (
                TextStyle::Body,
                FontId::new(size::BODY, FontFamily::Proportional),
            ),
            (
                TextStyle::Button,
                FontId::new(size::BODY, FontFamily::Proportional),
            ),
            (
                TextStyle::Heading,
                FontId::new(size::TITLE, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(size::BODY - 1.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = Vec2::new(space::S, space::S * 0.75);
        style.spacing.button_padding = Vec2::new(10.0, 5.0);
        style.spacing.interact_size.y = 26.0;
    });
}

/// The frame of a study card: filled, bordered, rounded, with room inside.
pub fn card_frame(ui: &Ui) -> Frame {
    let p = Palette::get(ui);
    Frame::new()
        .fill(p.card)
        .stroke(Stroke::new(1.0, p.card_stroke))
        .corner_radius(CornerRadius::same(RADIUS))
        .inner_margin(Margin::same(22))
}

/// Draws `add` in a column of at most `READING_WIDTH`, centred in the space there is.
pub fn reading_column<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    let width = ui.available_width().min(READING_WIDTH);
    let side = ((ui.available_width() - width) / 2.0).max(0.0);
    ui.horizontal_top(|ui| {
        ui.add_space(side);
        ui.vertical(|ui| {
            ui.set_width(width);
            add(ui)
        })
        .inner
    })
    .inner
}

/// Draws `add` in a column of at most `WIDE_WIDTH`, centred, clear of the window's edges (and of
/// a scroll bar): for screens of charts and tiles.
pub fn wide_column<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    let width = (ui.available_width() - 2.0 * space::M).clamp(0.0, WIDE_WIDTH);
    let side = ((ui.available_width() - width) / 2.0).max(0.0);
    ui.horizontal_top(|ui| {
        ui.add_space(side);
        ui.vertical(|ui| {
            ui.set_width(width);
            add(ui)
        })
        .inner
    })
    .inner
}

/// A screen's title.
pub fn title(ui: &mut Ui, text: &str) -> Response {
    ui.label(RichText::new(text).size(size::TITLE).strong())
}

/// A section heading inside a screen.
pub fn section(ui: &mut Ui, text: &str) -> Response {
    ui.add_space(space::M);
    ui.label(
        RichText::new(text)
            .size(size::ANSWER)
            .strong()
            .color(Palette::get(ui).text),
    )
}

/// Secondary text (hints, counts).
pub fn muted(ui: &mut Ui, text: impl Into<String>) -> Response {
    ui.label(
        RichText::new(text)
            .size(size::SMALL)
            .color(Palette::get(ui).muted),
    )
}

/// The one main action of a screen: large, filled with the accent.
pub fn primary_button(ui: &mut Ui, text: &str) -> Response {
    let p = Palette::get(ui);
    ui.add(
        Button::new(RichText::new(text).size(size::ANSWER).color(p.on_accent))
            .fill(p.accent)
            .corner_radius(CornerRadius::same(RADIUS))
            .min_size(Vec2::new(180.0, BIG_BUTTON_HEIGHT)),
    )
}

/// A grade button: the grade's colour, its name and, under it, what it will do (`10m`, `4d`).
/// `width` is the button's width (grade buttons share a row).
pub fn grade_button(ui: &mut Ui, rating: Rating, name: &str, next: &str, width: f32) -> Response {
    let p = Palette::get(ui);
    let mut job = egui::text::LayoutJob::default();
    RichText::new(name)
        .size(size::BODY)
        .strong()
        .color(Color32::WHITE)
        .append_to(
            &mut job,
            ui.style(),
            egui::FontSelection::Default,
            egui::Align::Center,
        );
    if !next.is_empty() {
        RichText::new(format!("\n{next}"))
            .size(size::SMALL)
            .color(Color32::from_white_alpha(220))
            .append_to(
                &mut job,
                ui.style(),
                egui::FontSelection::Default,
                egui::Align::Center,
            );
    }
    job.halign = egui::Align::Center;
    ui.add(
        Button::new(job)
            .fill(p.grade(rating))
            .corner_radius(CornerRadius::same(RADIUS))
            .min_size(Vec2::new(width, BIG_BUTTON_HEIGHT + 8.0)),
    )
}

/// A right/wrong banner: a coloured bar with its text.
pub fn verdict_banner(ui: &mut Ui, right: bool, text: &str) -> Response {
    let p = Palette::get(ui);
    let color = p.verdict(right);
    Frame::new()
        .fill(color.gamma_multiply(0.16))
        .stroke(Stroke::new(1.0, color))
        .corner_radius(CornerRadius::same(RADIUS))
        .inner_margin(Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(text).size(size::BODY).strong().color(color))
        })
        .inner
}

/// A small tile with a big figure and its caption ("42" over "due today").
pub fn stat_tile(ui: &mut Ui, figure: &str, caption: &str, color: Option<Color32>) -> Response {
    let p = Palette::get(ui);
    card_frame(ui)
        .inner_margin(Margin::symmetric(16, 10))
        .show(ui, |ui| {
            ui.vertical(|ui| {
                ui.label(
                    RichText::new(figure)
                        .size(size::FIGURE)
                        .strong()
                        .color(color.unwrap_or(p.text)),
                );
                ui.label(RichText::new(caption).size(size::SMALL).color(p.muted));
            })
        })
        .response
}

/// A [`stat_tile`] as wide as the space there is (tiles in equal columns).
pub fn stat_tile_full(
    ui: &mut Ui,
    figure: &str,
    caption: &str,
    color: Option<Color32>,
) -> Response {
    let p = Palette::get(ui);
    card_frame(ui)
        .inner_margin(Margin::symmetric(16, 10))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            // Not justified, even in a column that is: captions keep their word spacing.
            ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                ui.label(
                    RichText::new(figure)
                        .size(size::FIGURE)
                        .strong()
                        .color(color.unwrap_or(p.text)),
                );
                ui.label(RichText::new(caption).size(size::SMALL).color(p.muted));
            });
        })
        .response
}

/// A thin progress bar (`done` of `total`), in the accent colour, the full width available.
pub fn progress_bar(ui: &mut Ui, done: usize, total: usize) -> Response {
    let p = Palette::get(ui);
    #[allow(clippy::cast_precision_loss)] // Display only.
    let fraction = if total == 0 {
        0.0
    } else {
        (done as f32 / total as f32).clamp(0.0, 1.0)
    };
    let (rect, response) =
        ui.allocate_exact_size(Vec2::new(ui.available_width(), 6.0), egui::Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, CornerRadius::same(3), p.track);
    let mut filled = rect;
    filled.set_width(rect.width() * fraction);
    painter.rect_filled(filled, CornerRadius::same(3), p.accent);
    response
}

/// Draws `add` with its text in the palette's main text colour (egui's default label colour is
/// a grey meant for controls): running text to read, on a card or in the reading column.
pub fn reading_text<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    let text = Palette::get(ui).text;
    ui.scope(|ui| {
        ui.visuals_mut().override_text_color = Some(text);
        add(ui)
    })
    .inner
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Contrast ratio of two colours (WCAG 2 relative luminance).
    fn contrast(a: Color32, b: Color32) -> f32 {
        fn lum(c: Color32) -> f32 {
            let f = |v: u8| {
                let v = f32::from(v) / 255.0;
                if v <= 0.039_28 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * f(c.r()) + 0.7152 * f(c.g()) + 0.0722 * f(c.b())
        }
        let (x, y) = (lum(a) + 0.05, lum(b) + 0.05);
        x.max(y) / x.min(y)
    }

    #[test]
    fn text_on_cards_and_grades_is_readable_in_both_themes() {
        for dark in [false, true] {
            let p = Palette::of(&if dark {
                Visuals::dark()
            } else {
                Visuals::light()
            });
            assert!(contrast(p.text, p.card) >= 7.0, "text on card, dark={dark}");
            assert!(
                contrast(p.muted, p.card) >= 4.5,
                "muted on card, dark={dark}"
            );
            for c in [p.right, p.wrong] {
                assert!(
                    contrast(c, p.card) >= 3.0,
                    "verdict {c:?} on card, dark={dark}"
                );
            }
            assert!(
                contrast(p.on_accent, p.accent) >= 3.0,
                "accent, dark={dark}"
            );
            for r in Rating::ALL {
                assert!(
                    contrast(Color32::WHITE, p.grade(r)) >= 3.0,
                    "white on {r:?}, dark={dark}"
                );
            }
        }
    }
}
