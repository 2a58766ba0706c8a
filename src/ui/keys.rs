//! The `?` overlay: every key, by screen.

use egui::{Grid, Key, Modifiers, RichText};

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
            ("Esc", "back to the packs"),
        ],
    ),
    (
        "Home",
        &[
            ("Enter", "study today's cards of every pack"),
            ("G", "open the glossary"),
            ("S", "open the stats"),
            ("E", "open exam week"),
        ],
    ),
    (
        "Review",
        &[
            ("Space / Enter", "show the answer"),
            ("1 2 3 4", "grade: Again, Hard, Good, Easy"),
            ("1-9 before the answer", "pick a multiple-choice option"),
            ("Ctrl+Z", "undo the last answer"),
            ("Esc with a term open", "close the term"),
        ],
    ),
    (
        "Glossary",
        &[
            ("/ or Ctrl+F", "search"),
            ("Ctrl+Q", "quiz me on the terms listed"),
            ("1 2 3 4", "answer a quiz question"),
            ("Enter / Space", "next question"),
            ("Esc in a quiz", "stop the quiz"),
        ],
    ),
    (
        "Diagram",
        &[
            ("Tab / Shift+Tab, arrows", "move through the boxes"),
            ("Enter", "choose the box (select, answer, or take a label)"),
            (
                "+ / - / 0",
                "zoom in, out, fit; Ctrl+wheel zooms, wheel or drag scrolls",
            ),
            ("1-9", "choose an option, or pick a label"),
            (
                "Space / Enter / C",
                "check a Connect or Label answer (no box focused)",
            ),
            (
                "Space / Enter after an answer",
                "go to the next diagram question",
            ),
            (
                "Esc in a diagram quiz",
                "drop a picked label, else the quiz's summary",
            ),
        ],
    ),
    (
        "Cram",
        &[
            (
                "Space / Enter",
                "show the answer, or go on after a multiple choice",
            ),
            ("1 / 2", "missed it / got it"),
            ("1-9", "pick an option"),
        ],
    ),
    (
        "Mock exam",
        &[("1-9", "choose an option"), ("Enter", "the next question")],
    ),
    (
        "Primer",
        &[
            ("Left / P", "previous section"),
            ("Right / N", "next section"),
        ],
    ),
];

/// Shows the overlay; returns whether it should stay open (Esc, `?` or Close shut it).
pub fn keys_overlay(ctx: &egui::Context) -> bool {
    let mut open = true;
    if ctx.input_mut(|i| {
        i.consume_key(Modifiers::NONE, Key::Escape)
            || i.consume_key(Modifiers::NONE, Key::Questionmark)
    }) {
        return false;
    }
    egui::Modal::new(egui::Id::unique("keys")).show(ctx, |ui| {
        ui.heading("Keyboard");
        let tall = ui.ctx().content_rect().height() - 120.0;
        egui::ScrollArea::vertical()
            .max_height(tall)
            .show(ui, |ui| {
                for (screen, keys) in KEYS {
                    ui.add_space(6.0);
                    ui.label(RichText::new(*screen).strong());
                    Grid::new(*screen).num_columns(2).show(ui, |ui| {
                        for (key, what) in *keys {
                            ui.label(RichText::new(*key).monospace());
                            ui.label(*what);
                            ui.end_row();
                        }
                    });
                }
            });
        ui.add_space(6.0);
        if ui.button("Close").clicked() {
            open = false;
        }
    });
    open
}
