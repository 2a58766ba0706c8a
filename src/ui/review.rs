//! Flashcard review: a quiet header (Home, what is answered and left, Undo) over a progress bar,
//! the card centred in a readable column, and at the bottom the one way on: Show answer, Check,
//! the four grade buttons with their intervals, or the single outcome of a wrong pick. Keys:
//! Space/Enter go on, 1-9 pick, 1-4 grade, Alt+arrows move steps, Ctrl+Z undo, Esc leave.

use egui::{Key, Modifiers, RichText, Ui};

use super::format::{clock_time, delay};
use super::keys::NUMBER_KEYS;
use super::review_card::card_ui;
use super::theme::{self, Palette, space};
use super::{Action, EditAction};
use crate::modes::glossary::TermRef;
use crate::modes::review::{Mark, Outcome, Shown, Summary, Task};
use crate::progress::{Flag, Marks};
use crate::study::queue::Waiting;
use crate::study::schedule::{Next, Rating};

/// What the review screen shows.
#[derive(Debug, Clone, Copy)]
pub struct ReviewView<'a> {
    /// The current card; `None` when the session is over.
    pub shown: Option<&'a Shown>,
    /// Cards answered and cards in the session.
    pub progress: (usize, usize),
    /// What is left today, the current card included.
    pub left: Waiting,
    /// Time since the session started.
    pub elapsed_ms: u64,
    /// What each rating would do, for the button labels.
    pub next: Option<&'a [Next; 4]>,
    /// For a revealed multiple-choice card: whether the picks were right.
    pub picked_right: Option<bool>,
    /// What answering the current card will record, once it is answered or shown.
    pub outcome: Option<Outcome>,
    /// The running summary.
    pub summary: &'a Summary,
    /// Seconds from now until the soonest of the answered cards is due again.
    pub next_due_in: Option<i64>,
    /// A message from the last action (an error).
    pub notice: Option<&'a str>,
    /// The glossary terms the current card links to: (where, name).
    pub chips: &'a [(TermRef, String)],
    /// The learner's marks on the current card.
    pub marks: Marks,
    /// What the last action did (a leech, a suspension), to be seen.
    pub info: Option<&'a str>,
    /// The learner's edit of the current card, if it has one.
    pub edited: Option<crate::study::edits::EditState>,
    /// Whether the edit form is open over the review (the review's keys are then the form's).
    pub editing: bool,
    /// The current card's image, once read: the texture and its size in pixels, or why it
    /// cannot show.
    pub image: Option<Result<(egui::TextureId, egui::Vec2), &'a str>>,
    /// The answer's image, once revealed and read (as `image`).
    pub answer_image: Option<Result<(egui::TextureId, egui::Vec2), &'a str>>,
}

/// Draws the review screen.
pub fn review_ui(ui: &mut Ui, view: &ReviewView<'_>) -> Option<Action> {
    let mut action = None;
    egui::Panel::top("review-header")
        .frame(egui::Frame::NONE.inner_margin(egui::Margin::symmetric(0, 4)))
        .show_separator_line(false)
        .resizable(false)
        .show(ui, |ui| header_ui(ui, view, &mut action));
    let keys = match view.shown {
        Some(shown) => {
            egui::Panel::bottom("review-actions")
                .frame(egui::Frame::NONE.inner_margin(egui::Margin::symmetric(0, 12)))
                .show_separator_line(false)
                .resizable(false)
                .show(ui, |ui| {
                    theme::reading_column(ui, |ui| actions_ui(ui, shown, view, &mut action));
                });
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.add_space(space::L);
                    theme::reading_column(ui, |ui| {
                        theme::card_frame(ui).show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            card_ui(ui, shown, view, &mut action);
                        });
                    });
                    ui.add_space(space::L);
                });
            keys(ui, shown, view)
        }
        None => summary_ui(ui, view.summary, view.next_due_in, &mut action),
    };
    action.or(keys)
}

/// Home, what is answered and what is left (by kind), the time, Undo; and the progress bar.
fn header_ui(ui: &mut Ui, view: &ReviewView<'_>, action: &mut Option<Action>) {
    let (done, _) = view.progress;
    let left = view.left.total();
    ui.horizontal(|ui| {
        super::home_button(ui, action);
        ui.add_space(space::S);
        ui.label(RichText::new(format!("{done} answered \u{b7} {left} left today")).strong());
        let Waiting {
            learning,
            review,
            new,
        } = view.left;
        theme::muted(
            ui,
            format!("{new} new \u{b7} {learning} learning \u{b7} {review} review"),
        )
        .on_hover_text(
            "A card answered Again comes back after its relearning step, so what is left can grow",
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Undo")
                .on_hover_text("Take back the last answer, flag, suspension or burial (Ctrl+Z)")
                .clicked()
            {
                *action = Some(Action::Undo);
            }
            // On the summary the session's time is in its tile; a running clock would not stop.
            if view.shown.is_some() {
                theme::muted(ui, clock_time(view.elapsed_ms));
            }
        });
    });
    theme::progress_bar(ui, done, done + left);
    if let Some(notice) = view.notice {
        ui.colored_label(Palette::get(ui).wrong, notice);
    }
    if let Some(info) = view.info {
        ui.colored_label(Palette::get(ui).warn, info);
    }
    if view.shown.is_some() {
        marks_ui(
            ui,
            &MarkBar {
                marks: view.marks,
                edited: view.edited,
                can_edit: true,
            },
            action,
        );
    }
}

/// What the marks bar over a studied item shows.
#[derive(Debug, Clone, Copy)]
pub struct MarkBar {
    /// The item's marks.
    pub marks: Marks,
    /// The learner's edit of it, if any.
    pub edited: Option<crate::study::edits::EditState>,
    /// Whether it can be edited here (E).
    pub can_edit: bool,
}

/// The card's marks (flag, leech) and the buttons that change them; keys on hover. Review and
/// the cram share it.
pub fn marks_ui(ui: &mut Ui, view: &MarkBar, action: &mut Option<Action>) {
    let marks = view.marks;
    ui.horizontal(|ui| {
        theme::muted(ui, "Flag");
        for flag in Flag::ALL {
            let on = marks.flag == Some(flag);
            let colour = Palette::get(ui).flag(flag);
            let text = RichText::new(if on { "\u{25cf}" } else { "\u{25cb}" }).color(colour);
            let hint = if on {
                format!("Remove the {} flag (Ctrl+{})", flag.name(), flag.number())
            } else {
                format!("Flag {} (Ctrl+{})", flag.name(), flag.number())
            };
            let button = ui
                .add(egui::Button::new(text).frame(false))
                .on_hover_text(hint);
            button.widget_info(|| {
                egui::WidgetInfo::selected(
                    egui::Role::CheckBox,
                    true,
                    on,
                    format!("{} flag", flag.name()),
                )
            });
            if button.clicked() {
                *action = Some(Action::Mark(Mark::Flag(flag)));
            }
        }
        if marks.leech.is_leech() {
            ui.colored_label(Palette::get(ui).warn, "leech")
                .on_hover_text("You keep forgetting this card: rewrite it (E) or suspend it");
        }
        match view.edited {
            Some(state) if state.pack_changed => {
                ui.colored_label(Palette::get(ui).warn, "edited \u{b7} pack changed")
                    .on_hover_text(
                        "Your text of this card is shown; the pack's own text changed since you \
                         edited it (E to compare or revert)",
                    );
            }
            Some(_) => {
                theme::muted(ui, "edited").on_hover_text(
                    "Your text of this card is shown, not the pack's (E to change or revert)",
                );
            }
            None => {}
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if view.can_edit
                && ui
                    .small_button("Edit")
                    .on_hover_text("Fix or reword this card; your text is kept, the pack's too (E)")
                    .clicked()
            {
                *action = Some(Action::Edit(EditAction::Open));
            }
            if ui
                .small_button("Info")
                .on_hover_text("Its answers, memory and next due date (I)")
                .clicked()
            {
                *action = Some(Action::CardInfo(true));
            }
            if ui
                .small_button("Bury")
                .on_hover_text("Not again before tomorrow (-)")
                .clicked()
            {
                *action = Some(Action::Mark(Mark::Bury));
            }
            if ui
                .small_button("Suspend")
                .on_hover_text("Not shown again until unsuspended in the browser (@)")
                .clicked()
            {
                *action = Some(Action::Mark(Mark::Suspend));
            }
        });
    });
}

/// The one way on: Show answer or Check before; the grades, or the single outcome, after.
fn actions_ui(ui: &mut Ui, shown: &Shown, view: &ReviewView<'_>, action: &mut Option<Action>) {
    let interval = |rating: Rating| {
        view.next
            .and_then(|next| next.iter().find(|n| n.rating == rating))
            .map_or_else(String::new, |next| delay(next.delay_secs))
    };
    match view.outcome {
        None => {
            let label = match (shown.task, shown.revealed) {
                (Task::Arrange, _) => "Check order",
                (Task::PickAll { .. }, _) if !shown.picked.is_empty() => "Check",
                (Task::TickRecalled, true) => "Done ticking",
                _ => "Show answer",
            };
            ui.vertical_centered(|ui| {
                if theme::primary_button(ui, label)
                    .on_hover_text("Space or Enter")
                    .clicked()
                {
                    *action = Some(Action::Reveal);
                }
            });
        }
        Some(Outcome::Fixed(rating)) => {
            ui.vertical_centered(|ui| {
                let width = ui.available_width().min(320.0);
                if theme::grade_button(ui, rating, rating_name(rating), &interval(rating), width)
                    .on_hover_text("Space or Enter")
                    .clicked()
                {
                    *action = Some(Action::Rate(rating));
                }
                theme::muted(
                    ui,
                    format!(
                        "A wrong pick is recorded as {}: Space or Enter to go on",
                        rating_name(rating)
                    ),
                );
            });
        }
        Some(Outcome::Grade { suggested }) => {
            if let Some(rating) = grade_row(ui, view.next, suggested) {
                *action = Some(Action::Rate(rating));
            }
        }
    }
}

/// The four grade buttons with what each would do, `suggested` ringed, and the keys under them;
/// the rating clicked.
pub fn grade_row(ui: &mut Ui, next: Option<&[Next; 4]>, suggested: Rating) -> Option<Rating> {
    let interval = |rating: Rating| {
        next.and_then(|next| next.iter().find(|n| n.rating == rating))
            .map_or_else(String::new, |next| delay(next.delay_secs))
    };
    let mut clicked = None;
    let gap = space::S;
    let width = (ui.available_width() - gap * 3.0) / 4.0;
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = gap;
        for (n, rating) in Rating::ALL.into_iter().enumerate() {
            let response =
                theme::grade_button(ui, rating, rating_name(rating), &interval(rating), width)
                    .on_hover_text(format!("Key {}", n + 1));
            if rating == suggested {
                let ring = response.rect.expand(3.0);
                ui.painter().rect_stroke(
                    ring,
                    egui::CornerRadius::same(10),
                    egui::Stroke::new(2.0, Palette::get(ui).text),
                    egui::StrokeKind::Outside,
                );
            }
            if response.clicked() {
                clicked = Some(rating);
            }
        }
    });
    ui.vertical_centered(|ui| {
        theme::muted(
            ui,
            format!(
                "1-4 to grade \u{b7} Space or Enter: {}",
                rating_name(suggested)
            ),
        );
    });
    clicked
}

/// Keyboard: Space/Enter go on, 1-9 pick or select, 1-4 grade, Alt+Up/Down move a step, Ctrl+Z
/// undo, Esc leave (through the summary once something was answered).
fn keys(ui: &mut Ui, shown: &Shown, view: &ReviewView<'_>) -> Option<Action> {
    if view.editing {
        return None;
    }
    ui.input_mut(|i| {
        if i.consume_key(Modifiers::COMMAND, Key::Z) {
            return Some(Action::Undo);
        }
        if let Some(mark) = mark_keys(i) {
            return Some(mark);
        }
        if i.consume_key(Modifiers::NONE, Key::Escape) {
            return Some(if view.progress.0 > 0 {
                Action::EndReview
            } else {
                Action::Home
            });
        }
        let go_on = i.consume_key(Modifiers::NONE, Key::Space)
            || i.consume_key(Modifiers::NONE, Key::Enter);
        if let Some(outcome) = view.outcome {
            if go_on {
                return Some(Action::Rate(outcome.go_on()));
            }
            return match outcome {
                Outcome::Fixed(_) => None,
                Outcome::Grade { .. } => number(i, 4)
                    .and_then(|n| Rating::ALL.get(n).copied())
                    .map(Action::Rate),
            };
        }
        if go_on {
            return Some(Action::Reveal);
        }
        match shown.task {
            Task::Arrange => arrange_keys(i, shown),
            Task::TickRecalled if shown.revealed => {
                number(i, shown.card.answer.parts().len()).map(Action::Pick)
            }
            Task::PickOne | Task::PickAll { .. } => {
                number(i, shown.options.len()).map(Action::Pick)
            }
            Task::Recall | Task::TickRecalled => None,
        }
    })
}

/// Ctrl+1-4 flag, `@` suspends, `-` buries, `I` opens the card info, `E` edits.
pub fn mark_keys(i: &mut egui::InputState) -> Option<Action> {
    for flag in Flag::ALL {
        let key = NUMBER_KEYS.get(usize::from(flag.number()) - 1).copied();
        if key.is_some_and(|key| i.consume_key(Modifiers::COMMAND, key)) {
            return Some(Action::Mark(Mark::Flag(flag)));
        }
    }
    let at = i
        .events
        .iter()
        .position(|e| matches!(e, egui::Event::Text(t) if t == "@"));
    if let Some(at) = at {
        i.events.remove(at);
        // On most layouts `@` is Shift+2: that 2 is not an option pick.
        i.consume_key(Modifiers::SHIFT, Key::Num2);
        return Some(Action::Mark(Mark::Suspend));
    }
    if i.consume_key(Modifiers::NONE, Key::Minus) {
        return Some(Action::Mark(Mark::Bury));
    }
    if i.consume_key(Modifiers::NONE, Key::I) {
        return Some(Action::CardInfo(true));
    }
    if i.consume_key(Modifiers::NONE, Key::E) {
        return Some(Action::Edit(EditAction::Open));
    }
    None
}

/// The first of the number keys 1..=`count` (at most 9) pressed, from 0.
pub(super) fn number(i: &mut egui::InputState, count: usize) -> Option<usize> {
    NUMBER_KEYS
        .iter()
        .take(count)
        .position(|&k| i.consume_key(Modifiers::NONE, k))
}

/// Arranging: 1-9 or the arrows select a step, Alt+Up/Down move it.
fn arrange_keys(i: &mut egui::InputState, shown: &Shown) -> Option<Action> {
    let last = shown.order.len().saturating_sub(1);
    if let Some(at) = shown.selected {
        if i.consume_key(Modifiers::ALT, Key::ArrowUp) && at > 0 {
            return Some(Action::MoveStep(at, at - 1));
        }
        if i.consume_key(Modifiers::ALT, Key::ArrowDown) && at < last {
            return Some(Action::MoveStep(at, at + 1));
        }
    }
    if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
        let to = shown.selected.map_or(last, |at| at.saturating_sub(1));
        return (shown.selected != Some(to)).then_some(Action::Pick(to));
    }
    if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
        let to = shown.selected.map_or(0, |at| (at + 1).min(last));
        return (shown.selected != Some(to)).then_some(Action::Pick(to));
    }
    number(i, shown.order.len()).map(Action::Pick)
}

fn summary_ui(
    ui: &mut Ui,
    summary: &Summary,
    next_due_in: Option<i64>,
    action: &mut Option<Action>,
) -> Option<Action> {
    ui.add_space(space::XL);
    theme::reading_column(ui, |ui| {
        theme::title(ui, "Session finished");
        if summary.left > 0 {
            theme::muted(
                ui,
                format!("Ended early: {} cards left for later today", summary.left),
            );
        }
        ui.add_space(space::M);
        let percent = if summary.answered > 0 {
            f64::from(summary.correct) * 100.0 / f64::from(summary.answered)
        } else {
            0.0
        };
        let p = Palette::get(ui);
        ui.horizontal(|ui| {
            theme::stat_tile(ui, &summary.answered.to_string(), "answers", None);
            theme::stat_tile(
                ui,
                &format!("{percent:.0}%"),
                "right (not Again)",
                Some(if percent >= 80.0 { p.right } else { p.warn }),
            );
            theme::stat_tile(ui, &clock_time(summary.time_ms), "time", None);
        });
        if let Some(secs) = next_due_in {
            ui.add_space(space::S);
            let when = if secs <= 0 {
                "now".to_owned()
            } else {
                format!("in {}", super::format::delay(secs))
            };
            theme::muted(ui, format!("The first of these cards comes back {when}."));
        }
        ui.add_space(space::L);
        if theme::primary_button(ui, "Back home")
            .on_hover_text("Enter or Esc")
            .clicked()
        {
            *action = Some(Action::Home);
        }
        ui.add_space(space::S);
        theme::muted(
            ui,
            "Ctrl+Z takes back the last step (an answer, a flag, a suspension, a burial)",
        );
    });
    ui.input_mut(|i| {
        if i.consume_key(Modifiers::COMMAND, Key::Z) {
            return Some(Action::Undo);
        }
        (i.consume_key(Modifiers::NONE, Key::Enter) || i.consume_key(Modifiers::NONE, Key::Escape))
            .then_some(Action::Home)
    })
}

/// The button name of a rating.
pub fn rating_name(rating: Rating) -> &'static str {
    match rating {
        Rating::Again => "Again",
        Rating::Hard => "Hard",
        Rating::Good => "Good",
        Rating::Easy => "Easy",
    }
}
