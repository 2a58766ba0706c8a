//! Small text formats shared by the screens: delays, times, and text with `inline code`.

use egui::{RichText, Ui};

use crate::pack::Answer;

/// A delay as a button shows it: `1m`, `10m`, `2h`, `3d`, `1.5mo`, `2.1y`.
pub fn delay(secs: i64) -> String {
    const MINUTE: i64 = 60;
    const HOUR: i64 = 3600;
    const DAY: i64 = 86_400;
    let secs = secs.max(0);
    #[allow(clippy::cast_precision_loss)] // Display only.
    let days = secs as f64 / DAY as f64;
    match secs {
        s if s < MINUTE => "<1m".to_owned(),
        s if s < HOUR => format!("{}m", (s + MINUTE / 2) / MINUTE),
        s if s < DAY => format!("{}h", (s + HOUR / 2) / HOUR),
        _ if days < 30.0 => format!("{}d", days.round()),
        _ if days < 365.0 => format!("{:.1}mo", days / 30.0),
        _ => format!("{:.1}y", days / 365.0),
    }
}

/// Minutes and seconds: `4:07`.
pub fn clock_time(ms: u64) -> String {
    let secs = ms / 1000;
    format!("{}:{:02}", secs / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_read_like_anki() {
        let cases = [
            (60, "1m"),
            (600, "10m"),
            (10, "<1m"),
            (3 * 3600, "3h"),
            (86_400, "1d"),
            (3 * 86_400, "3d"),
            (45 * 86_400, "1.5mo"),
            (800 * 86_400, "2.2y"),
        ];
        for (secs, text) in cases {
            assert_eq!(delay(secs), text, "{secs}");
        }
        assert_eq!(clock_time(247_000), "4:07");
    }
}

/// Splits text with inline code (between backticks) into (text, is code) runs.
pub fn inline_code(text: &str) -> Vec<(&str, bool)> {
    text.split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| (part, i % 2 == 1))
        .collect()
}

#[cfg(test)]
mod inline_tests {
    use super::inline_code;

    #[test]
    fn backticks_mark_code() {
        assert_eq!(
            inline_code("run `ip link` now"),
            vec![("run ", false), ("ip link", true), (" now", false)]
        );
        assert_eq!(inline_code("`a``b`"), vec![("a", true), ("b", true)]);
        assert_eq!(inline_code("plain"), vec![("plain", false)]);
    }
}

/// Text with inline code (between backticks) in monospace, at `size` points (or the body size),
/// in `color` (or the label's colour), as one layout job that wraps at `width`.
pub fn rich_job(
    ui: &Ui,
    text: &str,
    size: Option<f32>,
    color: Option<egui::Color32>,
    width: f32,
) -> egui::text::LayoutJob {
    job(ui, text, size, color, false, width)
}

fn job(
    ui: &Ui,
    text: &str,
    size: Option<f32>,
    color: Option<egui::Color32>,
    italics: bool,
    width: f32,
) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::default();
    let style = ui.style();
    for (part, code) in inline_code(text) {
        let mut rich = RichText::new(part);
        if code {
            rich = rich.code();
        }
        if italics {
            rich = rich.italics();
        }
        if let Some(size) = size {
            rich = rich.size(size);
        }
        if let Some(color) = color {
            rich = rich.color(color);
        }
        rich.append_to(
            &mut job,
            style,
            egui::FontSelection::Default,
            egui::Align::Min,
        );
    }
    job.wrap.max_width = width;
    job
}

/// A wrapped paragraph with inline code (between backticks) in monospace, at `size` points (or
/// the body size).
pub fn rich_line(ui: &mut Ui, size: Option<f32>, text: &str, italics: bool) {
    let job = job(ui, text, size, None, italics, ui.available_width());
    ui.label(job);
}

/// Text without its inline-code backticks, as a screen reader should say it.
pub fn plain(text: &str) -> String {
    inline_code(text)
        .into_iter()
        .map(|(part, _)| part)
        .collect()
}

/// A card's answer: a text, a numbered list (ordered) or a bulleted one (any order), at the
/// answer size in the main text colour.
pub fn answer_ui(ui: &mut Ui, answer: &Answer) {
    let size = Some(super::theme::size::ANSWER);
    let color = Some(super::theme::Palette::get(ui).text);
    let line = |ui: &mut Ui, text: &str| {
        let job = job(ui, text, size, color, false, ui.available_width());
        ui.label(job);
    };
    match answer {
        Answer::Text(text) => line(ui, text),
        Answer::Ordered(items) => {
            for (i, item) in items.iter().enumerate() {
                line(ui, &format!("{}. {item}", i + 1));
            }
        }
        Answer::Set(items) => {
            for item in items {
                line(ui, &format!("\u{2022} {item}"));
            }
        }
        // A cloze card is asked as its deletions (`pack::cloze`), never as itself.
        Answer::Cloze => {}
    }
}
