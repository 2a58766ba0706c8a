//! The `?` list of keys: the whole window, every key grouped by screen, closed by Esc or `?`.
//!
//! The list is the one set of keys every screen that asks a question follows: Space or Enter
//! goes on (reveal, check, next), number keys pick options while a question is open and grade
//! once the answer shows, Esc first closes a popup and otherwise leaves (through the summary when
//! something was answered), Ctrl+Z undoes where there is undo.

use egui::{Align, Key, Layout, Modifiers, RichText, ScrollArea, Ui, Vec2};

use super::theme::{self, Palette, size, space};

/// The number keys 1-9, for options, grades and labels.
pub const NUMBER_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// Keys by screen: (screen, [(keys, what they do)]).
pub const KEYS: &[(&str, &[(&str, &str)])] = &[
    (
        "Everywhere",
        &[
            ("?", "show or hide this list"),
            (
                "Esc",
                "close an open menu, popup or window first; else leave the screen, through \
                 its summary when you answered something",
            ),
            ("Tab / Shift+Tab", "move between buttons and fields"),
            ("Space / Enter", "press the focused button"),
            ("Ctrl+Z", "undo, where there is undo"),
            ("Ctrl+N", "add a card of your own (into My cards)"),
        ],
    ),
    (
        "Home",
        &[
            ("Enter", "study today's cards of every pack"),
            ("G", "open the glossary"),
            ("B", "browse every item: search, suspend, flag, reset"),
            ("S", "open the stats"),
            ("E", "open exam week"),
        ],
    ),
    (
        "Review",
        &[
            (
                "Space / Enter",
                "show or check the answer (ordered steps, ticked items); after a \
                 multiple-choice pick, or a check, record the grade shown and go on",
            ),
            (
                "1-9",
                "while the question is open: pick an option (on and off when several are right)",
            ),
            (
                "1 2 3 4",
                "once the answer shows: grade Again, Hard, Good, Easy",
            ),
            (
                "\u{2191} \u{2193} / Alt+\u{2191} \u{2193}",
                "ordered steps: select a step / move it up or down",
            ),
            (
                "Ctrl+1-4",
                "flag the card red, orange, green, blue (again: unflag)",
            ),
            (
                "@",
                "suspend the card: not shown until unsuspended in the browser (B)",
            ),
            ("-", "bury the card until tomorrow"),
            ("I", "card info: its answers, memory, forgetting curve"),
            (
                "E",
                "edit the card in your own words (Ctrl+Enter saves, Esc cancels)",
            ),
            (
                "Ctrl+Z",
                "undo the last answer, flag, suspension, burial or edit",
            ),
            (
                "Esc",
                "close the term window or card info; else end the session and see its summary",
            ),
        ],
    ),
    (
        "Browse",
        &[
            ("/ or Ctrl+F", "search (the README lists the search words)"),
            (
                "click / Ctrl+click / Shift+click",
                "select a row / add or remove one / a range",
            ),
            ("Ctrl+A", "select every listed row"),
            ("\u{2191} \u{2193}", "move to the row above or below"),
            ("Ctrl+1-4", "flag the selected rows"),
            ("@", "suspend the selected rows, or unsuspend them"),
            ("-", "bury the selected rows until tomorrow, or unbury them"),
            ("I / Enter", "card info of the row clicked last"),
            ("E", "edit the card clicked last"),
            ("Ctrl+Z", "undo the last change"),
        ],
    ),
    (
        "Cram",
        &[
            (
                "Space / Enter",
                "show the answer; after a multiple-choice pick, go on",
            ),
            ("1-9", "while the question is open: pick an option"),
            ("1 / 3", "once the answer shows: missed it / got it"),
            (
                "Ctrl+1-4 / @ / - / I / E",
                "flag / suspend / bury the item (out of the cram) / card info / edit a card",
            ),
            ("Ctrl+Z", "take back the last flag, suspension or burial"),
            ("Esc", "end the cram and see its summary"),
        ],
    ),
    (
        "Mock exam",
        &[
            ("1-9", "choose an option"),
            ("Space / Enter", "the next question"),
            (
                "1 / 3",
                "marking a written answer at the end: wrong / right",
            ),
            ("Esc", "finish the exam (it asks first while time is left)"),
        ],
    ),
    (
        "Diagram",
        &[
            ("Tab / Shift+Tab", "move through the boxes"),
            ("Enter", "choose the focused box"),
            ("+ / - / 0", "zoom in, out, fit; drag to pan, wheel to zoom"),
            ("Esc", "back to the packs"),
        ],
    ),
    (
        "Diagram quiz",
        &[
            (
                "1-9",
                "choose an option (Identify), or pick up a label (Label)",
            ),
            (
                "Enter",
                "answer with the focused box, or put the label on it",
            ),
            (
                "Space / Enter",
                "check a Connect or Label answer; after an answer, the next question",
            ),
            ("C", "check a Connect or Label answer"),
            ("Esc", "end the quiz, back to exploring"),
        ],
    ),
    (
        "Glossary",
        &[
            ("/ or Ctrl+F", "search"),
            ("Ctrl+Q", "quiz me on the terms listed"),
            (
                "Esc",
                "close the tag menu or an open card first; else back to the packs",
            ),
        ],
    ),
    (
        "Glossary quiz",
        &[
            ("1-9", "answer; right or wrong shows at once"),
            ("Space / Enter", "the next question; at the end, done"),
            (
                "Esc",
                "stop the quiz: its score when you answered something",
            ),
        ],
    ),
    (
        "Primer",
        &[
            ("Space / Enter", "show the answer of the next check"),
            ("1 2 3 4", "grade the check shown: Again, Hard, Good, Easy"),
            ("Right / N", "next section"),
            ("Left / P", "previous section"),
            ("Esc", "back to the packs"),
        ],
    ),
    (
        "Settings",
        &[
            ("Ctrl+S", "save"),
            (
                "Esc",
                "leave; with unsaved changes it asks: save, discard or stay",
            ),
        ],
    ),
];

/// Where the app remembers, between frames, whether a text field had the keyboard.
fn text_focus_id() -> egui::Id {
    egui::Id::unique("kubestudy-text-focus-last-frame")
}

/// Whether the keys of this frame belong to something other than the screen: an open menu or
/// popup (Esc closes it first), or a text field (keys are typed; Esc leaves the field). egui
/// drops a text field's focus on Esc before the frame is drawn, so the field's focus at the end
/// of the last frame counts too (see [`end_frame`]).
pub fn keyboard_taken(ctx: &egui::Context) -> bool {
    egui::Popup::is_any_open(ctx)
        || ctx.text_edit_focused()
        || ctx
            .data(|d| d.get_temp::<bool>(text_focus_id()))
            .unwrap_or(false)
}

/// Remembers, once the frame is drawn, whether a text field has the keyboard (for
/// [`keyboard_taken`] on the next frame).
pub fn end_frame(ctx: &egui::Context) {
    let typing = ctx.text_edit_focused();
    ctx.data_mut(|d| d.insert_temp(text_focus_id(), typing));
}

/// The narrowest column the list is laid out in.
const MIN_COLUMN: f32 = 290.0;
/// The width of the keys column inside a group.
const KEY_WIDTH: f32 = 128.0;

/// How many columns fit in `width`: one to four.
pub fn columns_for(width: f32) -> usize {
    let fit = ((width + space::L) / (MIN_COLUMN + space::L)).floor();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // Clamped to 1..=4.
    let fit = fit.clamp(1.0, 4.0) as usize;
    fit
}

/// Splits the groups, in order, into at most `columns` runs whose tallest is as short as it can
/// be (a group counts as its rows plus two for its heading): the list reads down each column,
/// then across. The shortest height that fits is found by trying each in turn (a few dozen rows).
pub fn plan_columns(heights: &[usize], columns: usize) -> Vec<Vec<usize>> {
    let weights: Vec<usize> = heights.iter().map(|h| h + 2).collect();
    let total: usize = weights.iter().sum();
    let tallest = weights.iter().copied().max().unwrap_or(0);
    (tallest..=total)
        .map(|limit| fill_columns(&weights, limit))
        .find(|plan| plan.len() <= columns.max(1))
        .unwrap_or_else(|| vec![(0..heights.len()).collect()])
}

/// The groups in order, a new column whenever the next would pass `limit`.
fn fill_columns(weights: &[usize], limit: usize) -> Vec<Vec<usize>> {
    let mut plan: Vec<Vec<usize>> = vec![Vec::new()];
    let mut filled = 0;
    for (i, &w) in weights.iter().enumerate() {
        if filled > 0 && filled + w > limit {
            plan.push(Vec::new());
            filled = 0;
        }
        if let Some(column) = plan.last_mut() {
            column.push(i);
        }
        filled += w;
    }
    plan
}

/// Shows the list over the whole window; returns whether it should stay open (Esc, `?` or
/// Close shut it).
pub fn keys_overlay(ctx: &egui::Context) -> bool {
    if ctx.input_mut(|i| {
        i.consume_key(Modifiers::NONE, Key::Escape)
            || i.consume_key(Modifiers::NONE, Key::Questionmark)
            || i.consume_key(Modifiers::SHIFT, Key::Questionmark)
    }) {
        return false;
    }
    let mut open = true;
    let window = ctx.content_rect();
    let inner = Vec2::new(
        (window.width() - 2.0 * space::L - 2.0 * space::XL).max(200.0),
        (window.height() - 2.0 * space::L - 2.0 * space::L).max(160.0),
    );
    let frame = egui::Frame::new()
        .fill(ctx.global_style().visuals.panel_fill)
        .stroke(egui::Stroke::new(
            1.0,
            Palette::of(&ctx.global_style().visuals).card_stroke,
        ))
        .corner_radius(egui::CornerRadius::same(10))
        .inner_margin(egui::Margin::symmetric(space::XL as i8, space::L as i8));
    egui::Modal::new(egui::Id::unique("keys"))
        .frame(frame)
        .show(ctx, |ui| {
            ui.set_min_size(inner);
            ui.set_max_size(inner);
            ui.horizontal(|ui| {
                theme::title(ui, "Keyboard");
                ui.add_space(space::M);
                theme::muted(ui, "Esc or ? closes this list");
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    if ui.button("Close").on_hover_text("Esc or ?").clicked() {
                        open = false;
                    }
                });
            });
            ui.add_space(space::S);
            ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, groups_ui);
        });
    open
}

/// Every group, in columns.
fn groups_ui(ui: &mut Ui) {
    let columns = columns_for(ui.available_width());
    let heights: Vec<usize> = KEYS.iter().map(|(_, keys)| keys.len()).collect();
    let plan = plan_columns(&heights, columns);
    ui.columns(columns, |uis| {
        for (ui, groups) in uis.iter_mut().zip(&plan) {
            ui.with_layout(Layout::top_down(Align::Min), |ui| {
                for &g in groups {
                    if let Some((screen, keys)) = KEYS.get(g) {
                        group_ui(ui, screen, keys);
                        ui.add_space(space::S);
                    }
                }
            });
        }
    });
}

/// One screen's keys: its name, then each key beside what it does.
fn group_ui(ui: &mut Ui, screen: &str, keys: &[(&str, &str)]) {
    theme::card_frame(ui)
        .inner_margin(egui::Margin::same(space::M as i8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(screen).size(size::ANSWER).strong());
            ui.add_space(space::XS);
            for (key, what) in keys {
                ui.horizontal_top(|ui| {
                    let key_width = KEY_WIDTH.min(ui.available_width() * 0.4);
                    ui.allocate_ui_with_layout(
                        Vec2::new(key_width, 0.0),
                        Layout::top_down(Align::Min),
                        |ui| {
                            ui.set_width(key_width);
                            ui.horizontal_wrapped(|ui| {
                                ui.spacing_mut().item_spacing.x = space::XS;
                                for cap in keycaps(key) {
                                    keycap(ui, cap);
                                }
                            });
                        },
                    );
                    ui.vertical(|ui| {
                        ui.set_width(ui.available_width());
                        ui.label(*what);
                    });
                });
            }
        });
}

/// The caps a key text is drawn as: `Tab / Shift+Tab` and `/ or Ctrl+F` are two, `1 2 3 4` is
/// four, `1-9` and `Ctrl+Z` are one.
fn keycaps(key: &str) -> Vec<&str> {
    key.split(" / ")
        .flat_map(|k| k.split(" or "))
        .flat_map(|k| {
            let parts: Vec<&str> = k.split(' ').collect();
            if parts.len() > 1 && parts.iter().all(|p| p.chars().count() == 1) {
                parts
            } else {
                vec![k]
            }
        })
        .collect()
}

/// A key, drawn like a key cap.
fn keycap(ui: &mut Ui, key: &str) {
    let p = Palette::get(ui);
    egui::Frame::new()
        .fill(p.track)
        .corner_radius(egui::CornerRadius::same(4))
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| {
            ui.label(RichText::new(key).monospace().color(p.text));
        });
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn key_texts_split_into_caps() {
        let cases: [(&str, &[&str]); 6] = [
            ("Tab / Shift+Tab", &["Tab", "Shift+Tab"]),
            ("/ or Ctrl+F", &["/", "Ctrl+F"]),
            ("1 2 3 4", &["1", "2", "3", "4"]),
            ("+ / - / 0", &["+", "-", "0"]),
            ("1-9", &["1-9"]),
            ("Space / Enter", &["Space", "Enter"]),
        ];
        for (key, caps) in cases {
            assert_eq!(keycaps(key), caps, "{key}");
        }
    }

    #[test]
    fn columns_grow_with_the_window_from_one_to_four() {
        let cases = [
            (200.0, 1),
            (640.0, 2),
            (852.0, 2),
            (1000.0, 3),
            (1552.0, 4),
            (4000.0, 4),
        ];
        for (width, want) in cases {
            assert_eq!(columns_for(width), want, "{width}");
        }
    }

    #[test]
    fn columns_keep_the_order_and_balance_the_height() {
        let heights: Vec<usize> = KEYS.iter().map(|(_, k)| k.len()).collect();
        for columns in 1..=4 {
            let plan = plan_columns(&heights, columns);
            assert!(plan.len() <= columns, "{columns}: {plan:?}");
            let flat: Vec<usize> = plan.iter().flatten().copied().collect();
            assert_eq!(flat, (0..heights.len()).collect::<Vec<_>>(), "{columns}");
            let total: usize = heights.iter().map(|h| h + 2).sum();
            let tallest = heights.iter().map(|h| h + 2).max().unwrap_or(0);
            for column in &plan {
                let height: usize = column.iter().map(|&g| heights[g] + 2).sum();
                assert!(
                    height < total.div_ceil(columns) + tallest,
                    "{columns}: {plan:?}"
                );
            }
        }
        assert_eq!(plan_columns(&[3, 3, 3, 3], 2), [vec![0, 1], vec![2, 3]]);
        assert_eq!(plan_columns(&[1, 1, 1, 9], 2), [vec![0, 1, 2], vec![3]]);
        assert_eq!(plan_columns(&[1, 1, 1, 9], 1), [vec![0, 1, 2, 3]]);
        assert_eq!(plan_columns(&[], 3), vec![Vec::<usize>::new()]);
    }
}
