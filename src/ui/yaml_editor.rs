//! The manifest editor: monospace with line numbers (a line with a problem in the wrong colour),
//! YAML colours (keys, comments, quoted text), Tab inserts two spaces, Enter keeps the
//! indentation and indents after `key:` or `- `. Usable by keyboard alone.

use std::collections::BTreeSet;
use std::sync::Arc;

use egui::text::{CCursor, CCursorRange, LayoutJob};
use egui::text_edit::TextEditState;
use egui::{Color32, FontId, Galley, Key, Modifiers, Response, TextFormat, Ui};

use super::theme::{Palette, size};

/// What to insert for Enter at character `at` of `text`: a new line, indented as the line
/// the cursor is on, two spaces more after a `key:` or a `- ` that opens a block.
pub fn newline_at(text: &str, at: usize) -> String {
    let before: String = text.chars().take(at).collect();
    let line = before.rsplit('\n').next().unwrap_or("");
    let indent = line.len() - line.trim_start_matches(' ').len();
    let trimmed = line.trim_end();
    let opens = trimmed.ends_with(':') && !trimmed.trim_start().starts_with('#');
    let dash = trimmed.trim_start() == "-";
    let extra = if opens || dash { 2 } else { 0 };
    format!("\n{}", " ".repeat(indent + extra))
}

/// Replaces the selection (or inserts at the cursor) in the editor `id` with `insert`, and
/// puts the cursor after it. Returns whether the text changed.
fn insert(
    ui: &Ui,
    id: egui::Id,
    text: &mut String,
    insert: &dyn Fn(&str, usize) -> String,
) -> bool {
    let Some(mut state) = TextEditState::load(ui.ctx(), id) else {
        return false;
    };
    let chars = text.chars().count();
    let range = state
        .cursor
        .char_range()
        .unwrap_or_else(|| CCursorRange::one(CCursor::new(chars)));
    let sorted = range.as_sorted_char_range();
    let (start, end) = (sorted.start.0.min(chars), sorted.end.0.min(chars));
    let piece = insert(text, start);
    let byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
    let (from, to) = (byte(start), byte(end));
    text.replace_range(from..to, &piece);
    let after = start + piece.chars().count();
    state
        .cursor
        .set_char_range(Some(CCursorRange::one(CCursor::new(after))));
    state.store(ui.ctx(), id);
    true
}

/// The line (from 1) the cursor of the editor `id` is on, once it has been placed.
pub fn cursor_line(ui: &Ui, id: egui::Id, text: &str) -> Option<u32> {
    let state = TextEditState::load(ui.ctx(), id)?;
    let at = state.cursor.char_range()?.primary.index.0;
    let newlines = text.chars().take(at).filter(|&c| c == '\n').count();
    u32::try_from(newlines + 1).ok()
}

/// Colours one text as YAML: keys in the accent colour, comments and `---` muted, quoted text
/// in the right-answer colour.
fn highlight(text: &str, palette: &Palette, font: &FontId) -> LayoutJob {
    let mut job = LayoutJob::default();
    let format = |color: Color32| TextFormat::simple(font.clone(), color);
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let content = body.trim_start();
        let indent = body.len() - content.len();
        job.append(&body[..indent], 0.0, format(palette.text));
        if content.starts_with('#') || content == "---" || content == "..." {
            job.append(content, 0.0, format(palette.muted));
        } else {
            let (dash, rest) = match content.strip_prefix("- ") {
                Some(rest) => ("- ", rest),
                None if content == "-" => ("-", ""),
                None => ("", content),
            };
            job.append(dash, 0.0, format(palette.muted));
            let key_end = rest
                .find(": ")
                .or_else(|| rest.ends_with(':').then(|| rest.len() - 1))
                .filter(|&i| !rest[..i].contains(['"', '\'', '{', '[']));
            let value = if let Some(i) = key_end {
                job.append(&rest[..i], 0.0, format(palette.accent));
                job.append(":", 0.0, format(palette.muted));
                &rest[i + 1..]
            } else {
                rest
            };
            let (value, comment) = match value.find(" #") {
                Some(i) => value.split_at(i),
                None => (value, ""),
            };
            let quoted = value.trim_start().starts_with(['"', '\'']);
            job.append(
                value,
                0.0,
                format(if quoted { palette.right } else { palette.text }),
            );
            job.append(comment, 0.0, format(palette.muted));
        }
        if line.ends_with('\n') {
            job.append("\n", 0.0, format(palette.text));
        }
    }
    job
}

/// The editor, with its line numbers; `errors` are the lines with a problem. Returns the text
/// box's response (changed when the learner typed).
pub fn yaml_editor(
    ui: &mut Ui,
    id: egui::Id,
    text: &mut String,
    errors: &BTreeSet<u32>,
    interactive: bool,
) -> Response {
    let palette = Palette::get(ui);
    let font = FontId::monospace(size::BODY);
    let mut changed = false;
    if interactive && ui.memory(|m| m.has_focus(id)) {
        let (tab, enter) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::Tab),
                i.consume_key(Modifiers::NONE, Key::Enter),
            )
        });
        if tab {
            changed |= insert(ui, id, text, &|_, _| "  ".to_owned());
        }
        if enter {
            changed |= insert(ui, id, text, &|t, at| newline_at(t, at));
        }
    }
    let lines = text.split('\n').count().max(1);
    let mut response = ui
        .horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            // The gutter: one number per line, in step with the text box's rows.
            let mut numbers = LayoutJob::default();
            for n in 1..=lines {
                let line = u32::try_from(n).unwrap_or(u32::MAX);
                let colour = if errors.contains(&line) {
                    palette.wrong
                } else {
                    palette.muted
                };
                let sep = if n < lines { "\n" } else { "" };
                numbers.append(
                    &format!("{n:>3}{sep}"),
                    0.0,
                    TextFormat::simple(font.clone(), colour),
                );
            }
            ui.vertical(|ui| {
                ui.add_space(ui.spacing().button_padding.y.max(2.0) + 2.0);
                ui.add(egui::Label::new(numbers).selectable(false));
            });
            let mut layouter =
                |ui: &Ui, buffer: &dyn egui::TextBuffer, _wrap: f32| -> Arc<Galley> {
                    let job = highlight(buffer.as_str(), &palette, &font);
                    ui.fonts_mut(|f| f.layout_job(job))
                };
            ui.add(
                egui::TextEdit::multiline(text)
                    .id(id)
                    .font(egui::TextStyle::Monospace)
                    .code_editor()
                    .lock_focus(true)
                    .desired_rows(12)
                    .desired_width(f32::INFINITY)
                    .layouter(&mut layouter)
                    .char_limit(MAX_EDIT_CHARS)
                    .interactive(interactive),
            )
        })
        .inner;
    if changed {
        response.mark_changed();
    }
    limit_note(ui, text);
    response
}

/// The most characters an answer box holds: a task's manifest or commands are a few KB, and a
/// box laid out again on every keystroke must stay fast (a pasted 10 MB log would hang the
/// window). What goes past it is left out of the paste, and [`limit_note`] says so.
pub const MAX_EDIT_CHARS: usize = 32 * 1024;

/// Under an answer box that is full: why the end of a paste is missing.
pub fn limit_note(ui: &mut Ui, text: &str) {
    if text.len() >= MAX_EDIT_CHARS && text.chars().count() >= MAX_EDIT_CHARS {
        let p = super::theme::Palette::get(ui);
        ui.colored_label(
            p.warn,
            format!(
                "This box holds {} K characters at most: the rest of what you pasted was left \
                 out. A task's answer is far shorter; paste only the part you need.",
                MAX_EDIT_CHARS / 1024
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::newline_at;

    #[test]
    fn enter_keeps_the_indentation_and_opens_blocks() {
        let text = "spec:\n  containers:\n  - name: web\n    image: nginx";
        let end = text.chars().count();
        assert_eq!(newline_at(text, end), "\n    ");
        assert_eq!(newline_at(text, 5), "\n  ", "after `spec:`");
        assert_eq!(newline_at(text, 19), "\n    ", "after `  containers:`");
        assert_eq!(newline_at("a: 1", 4), "\n");
        assert_eq!(newline_at("# note:", 7), "\n");
        assert_eq!(newline_at("", 0), "\n");
        assert_eq!(newline_at("  -", 3), "\n    ");
    }
}
