//! Home: one clear primary action ("Study now", with what is waiting), then the packs with their
//! counts, and the other modes, primers and diagrams as secondary actions.

use egui::{Grid, RichText, Ui};

use super::Action;
use super::theme::{self, Palette, size, space};

/// One pack's line on the home screen: what "Study now" would show of it now, each card counted
/// once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackLine {
    /// Pack id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Learning and relearning steps due now.
    pub learning: usize,
    /// Reviews due today.
    pub review: usize,
    /// New cards today, within the daily limit.
    pub new_today: usize,
}

impl PackLine {
    /// Cards waiting in this pack.
    pub fn total(&self) -> usize {
        self.learning + self.review + self.new_today
    }
}

/// What the home screen shows.
#[derive(Debug, Clone, Copy)]
pub struct HomeView<'a> {
    /// The packs.
    pub packs: &'a [PackLine],
    /// Every primer: (pack index, primer index, title).
    pub primers: &'a [(usize, usize, String)],
    /// Every diagram: (pack index, diagram index, title).
    pub diagrams: &'a [(usize, usize, String)],
    /// No answer has ever been given: say how to start.
    pub first_launch: bool,
    /// The progress store could not be opened: why, and what to do.
    pub store_error: Option<&'a str>,
    /// The newest backup that could be restored then, described (`None`: there is none).
    pub restore: Option<&'a str>,
    /// A message from the last action (an error, a warning).
    pub notice: Option<&'a str>,
    /// The exam countdown and readiness, and what the schedule changed for it.
    pub exam: &'a [String],
    /// Standing warnings (a broken settings file, a wrong clock), shown until dealt with.
    pub warnings: &'a [String],
    /// What the learner set aside: leeches, suspended, buried and flagged cards.
    pub marked: crate::progress::MarkCounts,
    /// Hands-on tasks waiting today; `None` when no pack has tasks.
    pub hands_on: Option<usize>,
    /// The last sync with the other devices, in a sentence (`None`: this device does not sync).
    pub sync: Option<&'a str>,
}

/// Draws the home screen.
pub fn home_ui(ui: &mut Ui, view: &HomeView<'_>) -> Option<Action> {
    let mut action = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(space::L);
            theme::reading_column(ui, |ui| home_column(ui, view, &mut action));
            ui.add_space(space::L);
        });
    if view.store_error.is_some() {
        return action;
    }
    let keys = ui.input_mut(|i| {
        use egui::{Key, Modifiers};
        if i.consume_key(Modifiers::NONE, Key::Enter) && total(view.packs) > 0 {
            Some(Action::StudyAll)
        } else if i.consume_key(Modifiers::NONE, Key::G) {
            Some(Action::OpenGlossary)
        } else if i.consume_key(Modifiers::NONE, Key::B) {
            Some(Action::Browse(super::BrowseAction::Open))
        } else if i.consume_key(Modifiers::NONE, Key::S) {
            Some(Action::OpenStats)
        } else if i.consume_key(Modifiers::NONE, Key::E) {
            Some(Action::OpenExam)
        } else if i.consume_key(Modifiers::NONE, Key::H) {
            Some(Action::HandsOn(super::hands_on::HandsOnAction::Open))
        } else {
            None
        }
    });
    action.or(keys)
}

fn total(packs: &[PackLine]) -> usize {
    packs.iter().map(PackLine::total).sum()
}

/// One line on what is set aside, when anything is: leeches first (they need rewriting). Each
/// part opens the browser on those items.
fn marked_ui(ui: &mut Ui, marked: crate::progress::MarkCounts, action: &mut Option<Action>) {
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let parts = [
        (
            marked.leeches,
            plural(marked.leeches, "leech", "leeches"),
            "is:leech",
        ),
        (
            marked.suspended,
            format!("{} suspended", marked.suspended),
            "is:suspended",
        ),
        (
            marked.buried,
            format!("{} buried until tomorrow", marked.buried),
            "is:buried",
        ),
        (
            marked.flagged,
            format!("{} flagged", marked.flagged),
            "is:flagged",
        ),
    ];
    if parts.iter().all(|(n, _, _)| *n == 0) {
        return;
    }
    ui.add_space(space::XS);
    ui.horizontal_wrapped(|ui| {
        theme::muted(ui, "Set aside:");
        for (_, text, query) in parts.into_iter().filter(|(n, _, _)| *n > 0) {
            let mut link = ui.link(RichText::new(text).size(size::SMALL));
            if query == "is:leech" {
                link = link.on_hover_text(
                    "A leech is a card you keep forgetting (Settings: how many lapses): better \
                     rewritten (E) or suspended (@) than ground through. Click to see them.",
                );
            }
            if link.clicked() {
                *action = Some(Action::Browse(super::BrowseAction::OpenSearch(
                    query.to_owned(),
                )));
            }
        }
    });
}

fn home_column(ui: &mut Ui, view: &HomeView<'_>, action: &mut Option<Action>) {
    let p = Palette::get(ui);
    theme::title(ui, "kubestudy");
    for warning in view.warnings {
        ui.colored_label(p.warn, warning);
    }
    if let Some(error) = view.store_error {
        store_error_ui(ui, error, view, action);
        return;
    }
    if let Some(notice) = view.notice {
        ui.colored_label(p.warn, notice);
    }
    ui.add_space(space::M);
    theme::card_frame(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        study_now_ui(ui, view, action);
    });
    marked_ui(ui, view.marked, action);
    if let Some(due) = view.hands_on {
        hands_on_ui(ui, due, action);
    }
    if let Some((countdown, changes)) = view.exam.split_first() {
        theme::section(ui, countdown);
        for change in changes {
            theme::muted(ui, change);
        }
    }
    theme::section(ui, "Packs");
    packs_table(ui, view.packs, action);
    if let Some(sync) = view.sync {
        theme::muted(ui, sync);
    }
    theme::section(ui, "More");
    ui.horizontal_wrapped(|ui| mode_buttons(ui, action));
    if !view.primers.is_empty() {
        theme::section(ui, "Primers");
        ui.horizontal_wrapped(|ui| {
            for (pack, primer, title) in view.primers {
                if ui.button(format!("Read {title}")).clicked() {
                    *action = Some(Action::OpenPrimer {
                        pack: *pack,
                        primer: *primer,
                    });
                }
            }
        });
    }
    if !view.diagrams.is_empty() {
        theme::section(ui, "Diagrams: explore, or quiz yourself");
        ui.horizontal_wrapped(|ui| {
            for (pack, diagram, title) in view.diagrams {
                if ui.button(title).clicked() {
                    *action = Some(Action::OpenDiagram {
                        pack: *pack,
                        diagram: *diagram,
                    });
                }
            }
        });
    }
}

/// The primary action: how many cards wait, of which kind, and "Study now".
fn study_now_ui(ui: &mut Ui, view: &HomeView<'_>, action: &mut Option<Action>) {
    let p = Palette::get(ui);
    let (learning, review, new) = view.packs.iter().fold((0, 0, 0), |(l, r, n), pack| {
        (l + pack.learning, r + pack.review, n + pack.new_today)
    });
    let total = learning + review + new;
    if total == 0 {
        ui.label(RichText::new("Nothing is due today. Well done.").size(size::ANSWER));
        theme::muted(
            ui,
            "Come back tomorrow, or explore a diagram, a primer or the glossary.",
        );
    } else {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(total.to_string())
                    .size(size::FIGURE)
                    .strong()
                    .color(p.text),
            );
            ui.vertical(|ui| {
                let noun = if total == 1 { "card" } else { "cards" };
                ui.label(
                    RichText::new(format!("{noun} to study now"))
                        .size(size::BODY)
                        .color(p.text),
                );
                ui.label(breakdown(ui, learning, review, new));
            });
        });
    }
    ui.add_space(space::S);
    ui.horizontal(|ui| {
        let study = ui
            .add_enabled_ui(total > 0, |ui| theme::primary_button(ui, "Study now"))
            .inner;
        if study.on_hover_text("Enter").clicked() {
            *action = Some(Action::StudyAll);
        }
        custom_study_menu(ui, action);
    });
    if view.first_launch {
        ui.add_space(space::S);
        theme::muted(
            ui,
            "New here? Press \u{201c}Study now\u{201d} to start with today's cards.",
        );
        theme::muted(
            ui,
            "Show the answer with Space, then grade yourself with 1 (Again) to 4 (Easy).",
        );
    }
}

/// Custom study: beyond today's limits, every pack (answers count as reviews).
fn custom_study_menu(ui: &mut Ui, action: &mut Option<Action>) {
    use crate::modes::review::Custom;
    ui.menu_button("Custom study", |ui| {
        let choices = [
            (
                "10 more new cards today",
                Custom {
                    extra_new: 10,
                    ahead_days: 0,
                },
            ),
            (
                "25 more new cards today",
                Custom {
                    extra_new: 25,
                    ahead_days: 0,
                },
            ),
            (
                "Study ahead: reviews due tomorrow",
                Custom {
                    extra_new: 0,
                    ahead_days: 1,
                },
            ),
            (
                "Study ahead: reviews due within 3 days",
                Custom {
                    extra_new: 0,
                    ahead_days: 3,
                },
            ),
            (
                "Study ahead: reviews due within 7 days",
                Custom {
                    extra_new: 0,
                    ahead_days: 7,
                },
            ),
        ];
        for (label, custom) in choices {
            if ui.button(label).clicked() {
                *action = Some(Action::StudyCustom(custom));
            }
        }
        ui.separator();
        theme::muted(
            ui,
            "Answers count as reviews. To study any set of items (a tag, a search, your \
             leeches), search for them in Browse (B) and press \u{201c}Study these\u{201d}.",
        );
    });
}

/// "3 learning · 19 to review · 20 new", each count in its colour (muted when zero).
fn breakdown(ui: &Ui, learning: usize, review: usize, new: usize) -> egui::text::LayoutJob {
    let p = Palette::get(ui);
    let mut job = egui::text::LayoutJob::default();
    let parts = [
        (learning, "learning", p.warn),
        (review, "to review", p.right),
        (new, "new", p.accent),
    ];
    for (i, (n, what, color)) in parts.into_iter().enumerate() {
        let text = if i > 0 {
            format!(" \u{b7} {n} {what}")
        } else {
            format!("{n} {what}")
        };
        RichText::new(text)
            .size(size::SMALL)
            .color(if n > 0 { color } else { p.muted })
            .append_to(
                &mut job,
                ui.style(),
                egui::FontSelection::Default,
                egui::Align::Center,
            );
    }
    job
}

/// The store-error screen: what is wrong, the newest backup to restore, and the glossary.
fn store_error_ui(ui: &mut Ui, error: &str, view: &HomeView<'_>, action: &mut Option<Action>) {
    let p = Palette::get(ui);
    ui.colored_label(
        p.wrong,
        RichText::new("Your progress cannot be opened").strong(),
    );
    ui.label(error);
    ui.label(
        "You can read the packs, but studying is off until this is fixed; nothing has been changed.",
    );
    if let Some(notice) = view.notice {
        ui.colored_label(p.warn, notice);
    }
    if let Some(backup) = view.restore {
        ui.add_space(space::S);
        ui.label(backup);
        if theme::primary_button(ui, "Restore the newest backup")
            .on_hover_text("Your current file is kept beside it, renamed; nothing is deleted")
            .clicked()
        {
            *action = Some(Action::RestoreBackup);
        }
    }
    ui.add_space(space::S);
    if ui.button("Glossary").clicked() {
        *action = Some(Action::OpenGlossary);
    }
}

/// The packs with what waits in each and a Study button each.
fn packs_table(ui: &mut Ui, packs: &[PackLine], action: &mut Option<Action>) {
    let p = Palette::get(ui);
    Grid::new("packs")
        .striped(true)
        .num_columns(5)
        .spacing([space::M, space::S])
        .show(ui, |ui| {
            for header in ["Pack", "Learning", "To review", "New", ""] {
                ui.label(RichText::new(header).size(size::SMALL).color(p.muted));
            }
            ui.end_row();
            for pack in packs {
                ui.label(RichText::new(&pack.title).color(p.text));
                for n in [pack.learning, pack.review, pack.new_today] {
                    ui.label(RichText::new(n.to_string()).color(p.text));
                }
                // "Study" fits the column; the name says which pack, for screen readers.
                let name = format!("Study {}", pack.title);
                let enabled = pack.total() > 0;
                let button = ui
                    .add_enabled(enabled, egui::Button::new("Study"))
                    .on_hover_text(&name);
                button.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::accesskit::Role::Button, enabled, &name)
                });
                if button.clicked() {
                    *action = Some(Action::StudyPack(pack.id.clone()));
                }
                ui.end_row();
            }
        });
}

/// Today's hands-on tasks: how many, and the way in.
fn hands_on_ui(ui: &mut Ui, due: usize, action: &mut Option<Action>) {
    ui.add_space(space::S);
    ui.horizontal(|ui| {
        let what = match due {
            0 => "No hands-on tasks due today".to_owned(),
            1 => "1 hands-on task today: type the kubectl command, checked offline".to_owned(),
            n => format!("{n} hands-on tasks today: type the kubectl commands, checked offline"),
        };
        ui.label(what);
        if due > 0
            && ui
                .button("Practise")
                .on_hover_text("H: CKA and CKAD tasks at a terminal")
                .clicked()
        {
            *action = Some(Action::HandsOn(super::hands_on::HandsOnAction::Open));
        }
    });
}

/// Links to the other modes.
fn mode_buttons(ui: &mut Ui, action: &mut Option<Action>) {
    let modes = [
        (
            "Glossary",
            "Search and read every term (G)",
            Action::OpenGlossary,
        ),
        (
            "New card",
            "Write a card of your own into My cards (Ctrl+N)",
            Action::Edit(super::EditAction::New),
        ),
        (
            "Browse",
            "Every item: search, suspend, flag, reset, set due (B)",
            Action::Browse(super::BrowseAction::Open),
        ),
        (
            "Hands-on",
            "Type kubectl commands for CKA and CKAD tasks, checked offline (H)",
            Action::HandsOn(super::hands_on::HandsOnAction::Open),
        ),
        (
            "Exam week",
            "Readiness on exam day, cram, mock exam (E)",
            Action::OpenExam,
        ),
        (
            "Stats",
            "Answers per day, due forecast, retention (S)",
            Action::OpenStats,
        ),
        (
            "Packs",
            "Import, export and remove packs",
            Action::OpenPacks,
        ),
        (
            "Settings",
            "Theme, text size, retention, daily limits",
            Action::OpenSettings,
        ),
    ];
    for (label, hint, chosen) in modes {
        if ui.button(label).on_hover_text(hint).clicked() {
            *action = Some(chosen);
        }
    }
}
