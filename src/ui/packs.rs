//! The packs screen: every pack with Export (and Remove for installed ones), and importing a
//! `.kspack` file or a pack folder: typed here or dropped on the window, shown first, installed
//! on the learner's word.

use egui::{RichText, TextEdit, Ui};

use super::Action;
use super::theme::{self, Palette, space};
use crate::anki::import::{Choice, Options};
use crate::pack::Pack;

/// An import being looked at.
#[derive(Debug, Clone, Copy)]
pub struct ImportView<'a> {
    /// Title, version, authors, license, counts.
    pub summary: &'a [String],
    /// Every problem, located.
    pub problems: &'a [String],
    /// What it changes in the installed version.
    pub changes: Option<&'a str>,
    /// Not newer than the installed version.
    pub not_newer: bool,
    /// An Anki package: what its preview can change, and what is chosen.
    pub anki: Option<(&'a Options, &'a Choice)>,
}

/// What the packs screen shows.
#[derive(Debug, Clone, Copy)]
pub struct PacksView<'a> {
    /// The packs in the library.
    pub packs: &'a [std::sync::Arc<Pack>],
    /// The path typed.
    pub path: &'a str,
    /// An import being looked at.
    pub import: Option<ImportView<'a>>,
    /// What the last action did.
    pub message: Option<&'a str>,
    /// The folder open for authoring and what loading it found.
    pub authoring: Option<(&'a std::path::Path, &'a [String])>,
}

/// Draws the packs screen.
pub fn packs_ui(ui: &mut Ui, view: &PacksView<'_>) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        super::home_button(ui, &mut action);
        theme::title(ui, "Packs");
    });
    ui.separator();
    egui::ScrollArea::vertical()
        // Its own scroll position: not Home's (the same place in the window) carried over.
        .id_salt("packs-screen")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            theme::reading_column(ui, |ui| {
                theme::card_frame(ui).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    source_ui(ui, view, &mut action);
                });
                if let Some(import) = view.import {
                    ui.add_space(space::M);
                    let p = Palette::get(ui);
                    let edge = if import.problems.is_empty() {
                        p.accent
                    } else {
                        p.wrong
                    };
                    theme::card_frame(ui)
                        .stroke(egui::Stroke::new(2.0, edge))
                        .show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            import_ui(ui, &import, &mut action);
                        });
                }
                theme::section(ui, &format!("Packs ({})", view.packs.len()));
                ui.add_space(space::XS);
                pack_list(ui, view.packs, &mut action);
                ui.add_space(space::L);
            })
        });
    if action.is_none() && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
    {
        action = Some(Action::Home);
    }
    action
}

/// The path box, import and authoring, and what the last action did.
fn source_ui(ui: &mut Ui, view: &PacksView<'_>, action: &mut Option<Action>) {
    ui.label(
        RichText::new("Import or author a pack")
            .size(theme::size::ANSWER)
            .strong(),
    );
    ui.add_space(space::XS);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Path");
        let mut path = view.path.to_owned();
        let edit = ui
            .add(
                TextEdit::singleline(&mut path)
                    .desired_width(ui.available_width().clamp(200.0, 420.0))
                    .hint_text("a .kspack, .apkg or text export, or a pack folder; or a folder to export to"),
            )
            .labelled_by(label.id);
        if edit.changed() {
            *action = Some(Action::PackPath(path));
        }
        if ui
            .add_enabled(!view.path.trim().is_empty(), egui::Button::new("Import"))
            .clicked()
        {
            *action = Some(Action::ImportFrom(None));
        }
        if ui.button("Choose a file\u{2026}").clicked() {
            *action = Some(Action::PickImport(false));
        }
        if ui.button("Choose a folder\u{2026}").clicked() {
            *action = Some(Action::PickImport(true));
        }
    });
    theme::muted(
        ui,
        "Or drop a .kspack file, an Anki package (.apkg, .colpkg), a text export or a pack folder onto the window.",
    );
    match view.authoring {
        Some((dir, report)) => {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "Authoring {}: it reloads when you save a file.",
                    dir.display()
                ));
                if ui.button("Stop authoring").clicked() {
                    *action = Some(Action::AuthorFolder(false));
                }
            });
            for line in report.iter().take(20) {
                ui.label(RichText::new(line).monospace());
            }
        }
        None => {
            if ui
                .add_enabled(
                    !view.path.trim().is_empty(),
                    egui::Button::new("Open for authoring"),
                )
                .on_hover_text(
                    "Show the pack folder typed above in the app and reload it as you edit it",
                )
                .clicked()
            {
                *action = Some(Action::AuthorFolder(true));
            }
        }
    }
    if let Some(message) = view.message {
        ui.add_space(space::XS);
        ui.label(message);
    }
}

fn import_ui(ui: &mut Ui, import: &ImportView<'_>, action: &mut Option<Action>) {
    for (i, line) in import.summary.iter().enumerate() {
        if i == 0 {
            ui.label(RichText::new(line).size(theme::size::ANSWER).strong());
        } else {
            ui.label(line);
        }
    }
    if let Some(changes) = import.changes {
        ui.label(changes);
    }
    if let Some((options, chosen)) = import.anki {
        ui.add_space(space::S);
        anki_choice_ui(ui, options, chosen, action);
    }
    if !import.problems.is_empty() {
        ui.colored_label(
            Palette::get(ui).wrong,
            format!(
                "{} problems: it cannot be installed until they are fixed",
                import.problems.len()
            ),
        );
        for problem in import.problems.iter().take(20) {
            ui.label(RichText::new(problem).monospace());
        }
    }
    ui.horizontal(|ui| {
        let label = if import.not_newer {
            "Replace anyway"
        } else {
            "Install"
        };
        let install = ui
            .add_enabled(import.problems.is_empty(), egui::Button::new(label))
            .on_hover_text(if import.not_newer {
                "The installed version is the same or newer"
            } else {
                "Install it; your progress is kept by item id"
            });
        if install.clicked() {
            *action = Some(Action::InstallImport);
        }
        if ui.button("Cancel").clicked() {
            *action = Some(Action::CancelImport);
        }
    });
}

/// An Anki package's choices: which decks make the pack, and how each note type is read.
fn anki_choice_ui(ui: &mut Ui, options: &Options, chosen: &Choice, action: &mut Option<Action>) {
    let all = "Every deck in one pack (each card tagged with its deck)".to_owned();
    let label = |deck: &Option<String>| match deck {
        None => all.clone(),
        Some(d) => {
            let n = options
                .decks
                .iter()
                .find(|(name, _)| name == d)
                .map_or(0, |x| x.1);
            format!("Only \u{201c}{d}\u{201d} ({n} cards), as a pack of its own")
        }
    };
    ui.horizontal_wrapped(|ui| {
        let decks = ui.label("Decks:");
        egui::ComboBox::from_id_salt("anki-decks")
            .selected_text(label(&chosen.deck))
            .show_ui(ui, |ui| {
                let choices =
                    std::iter::once(None).chain(options.decks.iter().map(|(d, _)| Some(d.clone())));
                for deck in choices {
                    let picked = chosen.deck == deck;
                    if ui.selectable_label(picked, label(&deck)).clicked() && !picked {
                        *action = Some(Action::AnkiChoice(Choice {
                            deck,
                            fields: chosen.fields.clone(),
                        }));
                    }
                }
            })
            .response
            .labelled_by(decks.id);
    });
    for t in options
        .types
        .iter()
        .filter(|t| !t.cloze && t.fields.len() > 1)
    {
        ui.horizontal_wrapped(|ui| {
            let asks = ui.label(format!("Note type \u{201c}{}\u{201d}: a card asks", t.name));
            let (q, a) = t.read;
            for (side, current) in [(0, q), (1, a)] {
                let label = if side == 1 {
                    ui.label("and answers with")
                } else {
                    asks.clone()
                };
                let field = |i: usize| t.fields.get(i).cloned().unwrap_or_default();
                egui::ComboBox::from_id_salt(("anki-field", t.id, side))
                    .selected_text(field(current))
                    .show_ui(ui, |ui| {
                        for (i, name) in t.fields.iter().enumerate() {
                            let clicked = ui.selectable_label(i == current, name).clicked();
                            if clicked && i != current {
                                // The field taken from the other side swaps places with it.
                                let pair = if side == 0 {
                                    (i, if i == a { q } else { a })
                                } else {
                                    (if i == q { a } else { q }, i)
                                };
                                let mut fields = chosen.fields.clone();
                                fields.insert(t.id, pair);
                                *action = Some(Action::AnkiChoice(Choice {
                                    deck: chosen.deck.clone(),
                                    fields,
                                }));
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id);
            }
        });
    }
}

/// Every pack with Export, Save as and (for installed ones) Remove: a line for what it is, a
/// wrapped row of its actions under it.
fn pack_list(ui: &mut Ui, packs: &[std::sync::Arc<Pack>], action: &mut Option<Action>) {
    for (i, pack) in packs.iter().enumerate() {
        theme::card_frame(ui)
            .inner_margin(egui::Margin::symmetric(16, 10))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                pack_row(ui, i, pack, action);
            });
        ui.add_space(space::S);
    }
}

/// One pack: what it is on a line, a wrapped row of its actions under it.
fn pack_row(ui: &mut Ui, i: usize, pack: &Pack, action: &mut Option<Action>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&pack.manifest.title).strong());
        theme::muted(ui, pack.manifest.version.to_string());
        theme::muted(
            ui,
            if pack.builtin {
                "built-in"
            } else {
                "installed"
            },
        );
    });
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(format!("Export {}", pack.id()))
            .on_hover_text("Writes <id>-<version>.kspack into the folder typed above")
            .clicked()
        {
            *action = Some(Action::ExportPack(i));
        }
        if ui
            .button(format!("Save {} as\u{2026}", pack.id()))
            .on_hover_text("Choose where to save it")
            .clicked()
        {
            *action = Some(Action::ExportDialog(i));
        }
        ui.menu_button(format!("Save {} for Anki\u{2026}", pack.id()), |ui| {
            if ui
                .button("Cards only")
                .on_hover_text("An .apkg for Anki desktop and AnkiDroid, without your progress")
                .clicked()
            {
                *action = Some(Action::ExportAnki(i, false));
            }
            if ui
                .button("Cards and my progress")
                .on_hover_text("Also each card's schedule and your answers, as Anki's review log")
                .clicked()
            {
                *action = Some(Action::ExportAnki(i, true));
            }
        });
        if !pack.builtin {
            let id = pack.id().0.clone();
            if ui
                .button(format!("Remove {id}"))
                .on_hover_text("Your progress in it stays, for a reinstall")
                .clicked()
            {
                *action = Some(Action::RemovePack(id.clone(), false));
            }
            if ui.button(format!("Remove {id} and its progress")).clicked() {
                *action = Some(Action::RemovePack(id, true));
            }
        }
    });
}
