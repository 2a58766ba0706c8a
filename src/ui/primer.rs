//! Primer reader: a table of contents, the section's formatted body in a readable column, then
//! its check questions (reveal, then grade like a card), all of it without the mouse:
//! Space or Enter shows the answer of the next check (or, with every check done, goes to the next
//! section), 1-4 grade the check shown, Right/N and Left/P move between sections, Esc leaves.

use egui::{Key, Modifiers, RichText, ScrollArea, Stroke, Ui};

use super::Action;
use super::format::{answer_ui, rich_line};
use super::keys::NUMBER_KEYS;
use super::theme::{self, Palette, size, space};
use crate::pack::{Block, Card, Primer};
use crate::study::schedule::Rating;

/// What the primer screen shows.
#[derive(Debug, Clone, Copy)]
pub struct PrimerView<'a> {
    /// The primer.
    pub primer: &'a Primer,
    /// The section being read.
    pub section: usize,
    /// Check ids whose answers are showing.
    pub revealed: &'a [String],
    /// Check ids graded in this visit.
    pub graded: &'a [String],
    /// A message from the last action.
    pub notice: Option<&'a str>,
}

/// The check the keys act on in a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextCheck<'a> {
    /// This check's answer shows: 1-4 grade it.
    Grade(&'a str),
    /// This check is next: Space or Enter shows its answer.
    Reveal(&'a str),
    /// Every check is graded (or there are none).
    Done,
}

/// The check the keys act on: the first revealed and ungraded one, else the first unrevealed.
pub fn next_check<'a>(ids: &[&'a str], revealed: &[String], graded: &[String]) -> NextCheck<'a> {
    let has = |list: &[String], id: &str| list.iter().any(|x| x == id);
    let open = ids.iter().copied().filter(|id| !has(graded, id));
    let mut first_hidden = None;
    for id in open {
        if has(revealed, id) {
            return NextCheck::Grade(id);
        }
        first_hidden = first_hidden.or(Some(id));
    }
    first_hidden.map_or(NextCheck::Done, NextCheck::Reveal)
}

/// Draws the primer reader.
pub fn primer_ui(ui: &mut Ui, view: &PrimerView<'_>) -> Option<Action> {
    let mut action = None;
    let count = view.primer.sections.len();
    ui.horizontal(|ui| {
        super::home_button(ui, &mut action);
        theme::title(ui, &plain(&view.primer.title));
        if count > 0 {
            theme::muted(
                ui,
                format!("Section {} of {count}", (view.section + 1).min(count)),
            );
        }
    });
    if let Some(notice) = view.notice {
        ui.colored_label(Palette::get(ui).wrong, notice);
    }
    ui.separator();
    egui::Panel::left("contents")
        .resizable(true)
        .default_size(220.0)
        .min_size(140.0)
        .show(ui, |ui| {
            ui.add_space(space::S);
            theme::muted(ui, "Contents");
            ScrollArea::vertical().id_salt("toc").show(ui, |ui| {
                for (i, section) in view.primer.sections.iter().enumerate() {
                    if ui
                        .selectable_label(
                            i == view.section,
                            format!("{}. {}", i + 1, plain(&section.heading)),
                        )
                        .clicked()
                    {
                        action = Some(Action::GoToSection(i));
                    }
                }
            });
        });
    egui::CentralPanel::default().show(ui, |ui| {
        if let Some(a) = section_ui(ui, view) {
            action = Some(a);
        }
    });
    if action.is_none() && !super::keys::keyboard_taken(ui.ctx()) {
        action = keys(ui, view);
    }
    action
}

/// The keys: Esc, section moves, Space/Enter and 1-4 on the check [`next_check`] names.
fn keys(ui: &mut Ui, view: &PrimerView<'_>) -> Option<Action> {
    let section = view.primer.sections.get(view.section);
    let ids: Vec<&str> = section
        .map(|s| s.checks.iter().map(|c| c.id.as_str()).collect())
        .unwrap_or_default();
    let next = next_check(&ids, view.revealed, view.graded);
    let last = view.primer.sections.len().saturating_sub(1);
    ui.input_mut(|i| {
        if i.consume_key(Modifiers::NONE, Key::Escape) {
            return Some(Action::Home);
        }
        if i.consume_key(Modifiers::NONE, Key::ArrowRight) || i.consume_key(Modifiers::NONE, Key::N)
        {
            return (view.section < last).then(|| Action::GoToSection(view.section + 1));
        }
        if i.consume_key(Modifiers::NONE, Key::ArrowLeft) || i.consume_key(Modifiers::NONE, Key::P)
        {
            return view.section.checked_sub(1).map(Action::GoToSection);
        }
        match next {
            NextCheck::Grade(id) => NUMBER_KEYS
                .iter()
                .take(4)
                .position(|&k| i.consume_key(Modifiers::NONE, k))
                .and_then(|n| Rating::ALL.get(n).copied())
                .map(|rating| Action::GradeCheck(id.to_owned(), rating)),
            NextCheck::Reveal(id) => go_on(i).then(|| Action::RevealCheck(id.to_owned())),
            NextCheck::Done => {
                (go_on(i) && view.section < last).then(|| Action::GoToSection(view.section + 1))
            }
        }
    })
}

/// Space or Enter, the one "go on" key.
fn go_on(i: &mut egui::InputState) -> bool {
    i.consume_key(Modifiers::NONE, Key::Space) || i.consume_key(Modifiers::NONE, Key::Enter)
}

fn section_ui(ui: &mut Ui, view: &PrimerView<'_>) -> Option<Action> {
    let mut action = None;
    let section = view.primer.sections.get(view.section)?;
    let ids: Vec<&str> = section.checks.iter().map(|c| c.id.as_str()).collect();
    let next = next_check(&ids, view.revealed, view.graded);
    ScrollArea::vertical()
        .id_salt(("section", view.section))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            theme::reading_column(ui, |ui| {
                ui.add_space(space::M);
                ui.label(
                    RichText::new(plain(&section.heading))
                        .size(size::QUESTION)
                        .strong(),
                );
                ui.add_space(space::S);
                theme::reading_text(ui, |ui| {
                    for block in &section.body {
                        block_ui(ui, block);
                        ui.add_space(space::S);
                    }
                });
                if !section.checks.is_empty() {
                    theme::section(ui, "Check yourself");
                    theme::muted(
                        ui,
                        "Space or Enter shows the next answer; 1-4 grade it (Again, Hard, \
                         Good, Easy).",
                    );
                    ui.add_space(space::XS);
                }
                for check in &section.checks {
                    let current = matches!(next, NextCheck::Grade(id) | NextCheck::Reveal(id)
                        if id == check.id.as_str());
                    if let Some(a) = check_ui(ui, view, check, current) {
                        action = Some(a);
                    }
                    ui.add_space(space::S);
                }
                ui.add_space(space::M);
                if let Some(a) = section_buttons(ui, view, next == NextCheck::Done) {
                    action = Some(a);
                }
                ui.add_space(space::L);
            });
        });
    action
}

/// One check in its card: the question, then Show answer, or the answer and the four grades, or
/// that it is graded. The check the keys act on has the accent border.
fn check_ui(ui: &mut Ui, view: &PrimerView<'_>, check: &Card, current: bool) -> Option<Action> {
    let p = Palette::get(ui);
    let id = check.id.0.clone();
    let mut action = None;
    let mut frame = theme::card_frame(ui);
    if current {
        frame = frame.stroke(Stroke::new(2.0, p.accent));
    }
    let revealed = view.revealed.contains(&id) && !view.graded.contains(&id);
    let card = frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        theme::reading_text(ui, |ui| {
            rich_line(ui, Some(size::ANSWER), &check.front, false)
        });
        ui.add_space(space::XS);
        if view.graded.contains(&id) {
            theme::muted(ui, "Graded; it will come back when due.");
        } else if view.revealed.contains(&id) {
            theme::reading_text(ui, |ui| {
                answer_ui(ui, &check.answer);
                if let Some(explanation) = &check.explanation {
                    ui.add_space(space::XS);
                    rich_line(ui, None, explanation, true);
                }
            });
            ui.add_space(space::S);
            ui.horizontal_wrapped(|ui| {
                let width = ((ui.available_width() - 3.0 * space::S) / 4.0).clamp(72.0, 130.0);
                for rating in Rating::ALL {
                    let name = super::review::rating_name(rating);
                    if theme::grade_button(ui, rating, name, "", width).clicked() {
                        action = Some(Action::GradeCheck(id.clone(), rating));
                    }
                }
            });
        } else {
            let button = ui.button("Show answer").on_hover_text("Space or Enter");
            // Several checks share the words on the button: its accessible name says which.
            let name = format!("Show answer: {}", plain(&check.front));
            button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
            if button.clicked() {
                action = Some(Action::RevealCheck(id.clone()));
            }
        }
    });
    // An answer shown by a key may be below the fold: bring its card into view once, on the
    // frame it first shows, and leave the scrolling to the learner after that.
    let shown = egui::Id::unique("primer-answer-shown");
    if revealed && ui.data(|d| d.get_temp::<String>(shown)).as_deref() != Some(id.as_str()) {
        card.response.scroll_to_me(Some(egui::Align::Center));
        ui.data_mut(|d| d.insert_temp(shown, id));
    }
    action
}

/// Previous and next section; Next is the main action once every check is done.
fn section_buttons(ui: &mut Ui, view: &PrimerView<'_>, done: bool) -> Option<Action> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        if view.section > 0
            && ui
                .button("Previous section")
                .on_hover_text("Left or P")
                .clicked()
        {
            action = Some(Action::GoToSection(view.section - 1));
        }
        if view.section + 1 < view.primer.sections.len() {
            let next = if done {
                theme::primary_button(ui, "Next section")
            } else {
                ui.button("Next section")
            };
            if next.on_hover_text("Right or N").clicked() {
                action = Some(Action::GoToSection(view.section + 1));
            }
        }
        theme::muted(ui, "Sections: Left / Right or P / N");
    });
    action
}

fn block_ui(ui: &mut Ui, block: &Block) {
    match block {
        Block::Para(text) => rich_line(ui, None, text, false),
        Block::Bullets(items) => {
            for item in items {
                rich_line(ui, None, &format!("\u{2022} {item}"), false);
            }
        }
        Block::Numbered(items) => {
            for (i, item) in items.iter().enumerate() {
                rich_line(ui, None, &format!("{}. {item}", i + 1), false);
            }
        }
        Block::Code { text, .. } => {
            let p = Palette::get(ui);
            egui::Frame::new()
                .fill(p.track)
                .corner_radius(egui::CornerRadius::same(6))
                .inner_margin(egui::Margin::same(space::S as i8))
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(RichText::new(text).monospace().color(p.text));
                });
        }
    }
}

/// Text without backticks, for labels and accessible names.
fn plain(text: &str) -> String {
    text.replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_act_on_the_first_check_shown_else_the_next_hidden_one() {
        let ids = ["a", "b", "c"];
        let owned = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        // (revealed, graded, expected)
        let cases: [(&[&str], &[&str], NextCheck<'_>); 6] = [
            (&[], &[], NextCheck::Reveal("a")),
            (&["a"], &[], NextCheck::Grade("a")),
            (&["a"], &["a"], NextCheck::Reveal("b")),
            (&["a", "c"], &["a"], NextCheck::Grade("c")),
            (&["b"], &[], NextCheck::Grade("b")),
            (&["a", "b", "c"], &["a", "b", "c"], NextCheck::Done),
        ];
        for (revealed, graded, want) in cases {
            assert_eq!(
                next_check(&ids, &owned(revealed), &owned(graded)),
                want,
                "{revealed:?} {graded:?}"
            );
        }
        assert_eq!(next_check(&[], &[], &[]), NextCheck::Done);
    }
}
