//! The frame loop: drawing the current screen, applying the action it returns, visual settings,
//! and opening the window.

use super::{App, Screen};
use crate::dirs::AppDirs;
use crate::modes::glossary::TermRef;
use crate::pack::Library;
use crate::progress::settings::Theme;
use crate::progress::{Store, backup, settings};
use crate::study::Engine;
use crate::study::clock::{Clock, Days};
use crate::ui::Action;
use crate::ui::glossary::{GlossaryView, glossary_ui};
use crate::ui::home::{HomeView, home_ui};
use crate::ui::primer::{PrimerView, primer_ui};
use crate::ui::review::{ReviewView, review_ui};
use crate::ui::settings::{SettingsView, settings_ui};

impl App {
    /// Draws the current screen and returns the action taken, if any.
    pub fn draw(&self, ui: &mut egui::Ui) -> Option<Action> {
        let notice = self.notice.as_deref();
        match &self.screen {
            Screen::Home => {
                let store_error = self.engine.as_ref().err().map(String::as_str);
                home_ui(
                    ui,
                    &HomeView {
                        packs: &self.home,
                        primers: &self.primers,
                        diagrams: &self.diagrams,
                        exam: &self.exam_lines,
                        first_launch: self.first_launch,
                        store_error,
                        restore: self.restore_offer.as_deref(),
                        notice,
                        warnings: &self.warnings,
                        marked: self.marked,
                        hands_on: self.hands_on_due,
                        sync: self.sync.home_line(),
                    },
                )
            }
            Screen::Primer(state) => {
                let Some(primer) = self
                    .library
                    .packs()
                    .get(state.pack)
                    .and_then(|p| p.primers.get(state.primer))
                else {
                    return Some(Action::Home);
                };
                primer_ui(
                    ui,
                    &PrimerView {
                        primer,
                        section: state.section,
                        revealed: &state.revealed,
                        graded: &state.graded,
                        notice,
                    },
                )
            }
            Screen::Settings(state) => settings_ui(
                ui,
                &SettingsView {
                    draft: &state.draft,
                    saved: &self.settings,
                    asking: state.asking,
                    notice,
                    warning: self.settings_warning.as_deref(),
                    choices: state.choices.as_deref(),
                    refit: state.refit.as_ref(),
                    refitting: self.refitting(),
                    data_folder: self.data_dir.as_deref(),
                    settings_file: self.config_dir.as_deref(),
                    sync: &self.sync.view,
                },
            ),
            Screen::Glossary(state) => glossary_ui(
                ui,
                &GlossaryView {
                    index: &self.glossary,
                    query: &state.query,
                    results: &state.results,
                    selected: state.selected,
                    cards: &state.cards,
                    card: state.card,
                    nodes: &state.nodes,
                    tag: state.tag.as_deref(),
                    drill: state.drill.as_ref(),
                    notice,
                },
            ),
            Screen::Stats(data) => crate::ui::stats::stats_ui(ui, data),
            Screen::Diagram(state) => self.draw_diagram(ui, state, notice),
            Screen::Exam(state) => self.draw_exam(ui, state, notice),
            Screen::Cram(state) => crate::ui::exam_run::cram_ui(
                ui,
                &state.cram,
                self.clock.now(),
                (state.before, state.after),
                (state.marks, state.notice.as_deref()),
            ),
            Screen::Mock(mock) => crate::ui::exam_run::mock_ui(ui, mock, self.clock.now()),
            Screen::TaskMock(mock) => {
                crate::ui::task_mock::task_mock_ui(ui, mock, self.clock.now())
            }
            Screen::Packs(state) => self.draw_packs(ui, state),
            Screen::Browser(state) => crate::ui::browser::browser_ui(
                ui,
                &crate::ui::browser::BrowserView {
                    state,
                    notice,
                    editing: self.editor.is_some(),
                },
            ),
            Screen::Review(session) => self.draw_review(ui, session, notice),
            Screen::HandsOn(session) => self.draw_hands_on(ui, session, notice),
        }
    }
}

impl App {
    /// Draws the review screen.
    fn draw_review(
        &self,
        ui: &mut egui::Ui,
        session: &crate::modes::review::ReviewSession,
        notice: Option<&str>,
    ) -> Option<Action> {
        let chips = self.chips(session);
        let elapsed_ms =
            u64::try_from((self.clock.now().0 - session.started().0).max(0)).unwrap_or(0);
        let view = ReviewView {
            shown: session.shown(),
            progress: session.progress(),
            left: session.left(),
            elapsed_ms,
            next: self.next.as_ref(),
            picked_right: session.picked_right(),
            outcome: session.outcome(),
            summary: session.summary(),
            next_due_in: session
                .summary()
                .next_due
                .map(|due| (due.0 - self.clock.now().0) / 1000),
            notice,
            chips: &chips,
            marks: session.marks(),
            info: session.notice(),
            edited: session
                .shown()
                .and_then(|shown| self.edits.get(&shown.entry.key).copied()),
            editing: self.editor.is_some(),
            image: self.shown_image(session, super::card_image::Side::Question),
            answer_image: self.shown_image(session, super::card_image::Side::Answer),
        };
        review_ui(ui, &view)
    }

    /// Draws the diagram screen.
    fn draw_diagram(
        &self,
        ui: &mut egui::Ui,
        state: &super::DiagramState,
        notice: Option<&str>,
    ) -> Option<Action> {
        let Some(diagram) = self.diagram(state.pack, state.diagram) else {
            return Some(Action::Home);
        };
        let term = state
            .selected
            .and_then(|n| diagram.nodes.get(n))
            .and_then(|n| n.term.as_ref())
            .and_then(|id| self.glossary.find(state.pack, id.as_str()));
        let background = self
            .texture
            .as_ref()
            .filter(|(p, d, _)| (*p, *d) == (state.pack, state.diagram))
            .map(|(_, _, t)| t.id());
        crate::ui::diagram_panel::diagram_ui(
            ui,
            &crate::ui::diagram_panel::DiagramView {
                diagram,
                layout: &state.layout,
                warning: state.warning.as_deref(),
                reveal: state.reveal,
                background,
                view: state.view,
                selected: state.selected,
                quiz: state.quiz.as_ref(),
                broken: state.broken.as_deref(),
                term,
                notice,
            },
        )
    }
    /// Time passing without an action: a mock exam's time runs out, a cram's time box ends.
    fn tick(&mut self) {
        let now = self.clock.now();
        let ended_cram = matches!(&self.screen, Screen::Cram(state)
            if state.after.is_none() && state.before.is_some() && state.cram.is_over(now));
        if ended_cram {
            let after = self.exam_forecast().ok().map(|f| f.overall.share());
            if let Screen::Cram(state) = &mut self.screen {
                state.after = after;
            }
        }
        if let Screen::Mock(mock) = &mut self.screen {
            mock.tick(now);
        }
        if let Screen::TaskMock(mock) = &mut self.screen {
            mock.tick(now);
        }
    }

    /// Draws the packs screen.
    fn draw_packs(&self, ui: &mut egui::Ui, state: &super::PacksState) -> Option<Action> {
        crate::ui::packs::packs_ui(
            ui,
            &crate::ui::packs::PacksView {
                packs: self.library.packs(),
                path: &state.path,
                import: state.staged.as_ref().map(|s| crate::ui::packs::ImportView {
                    summary: &s.summary,
                    problems: &s.problems,
                    changes: s.changes.as_deref(),
                    not_newer: s.not_newer,
                    anki: s.anki_choice.as_ref().map(|c| (&c.options, &c.chosen)),
                }),
                message: state.message.as_deref(),
                authoring: self
                    .authoring
                    .as_ref()
                    .map(|a| (a.dir.as_path(), a.report.as_slice())),
            },
        )
    }

    /// Draws the exam screen.
    fn draw_exam(
        &self,
        ui: &mut egui::Ui,
        state: &super::ExamState,
        notice: Option<&str>,
    ) -> Option<Action> {
        // A pack with nothing to cram (the exam blueprints) is not offered.
        let packs: Vec<Option<String>> = self
            .library
            .packs()
            .iter()
            .map(|p| {
                let studied =
                    !(p.cards.is_empty() && p.glossary.is_empty() && p.diagrams.is_empty());
                studied.then(|| p.manifest.title.clone())
            })
            .collect();
        let tags: Vec<String> = self.glossary.tags().map(str::to_owned).collect();
        let exam = self
            .settings
            .exam
            .map(crate::study::exam::profile)
            .map(|p| (p.name, p.pass_percent));
        crate::ui::exam::exam_ui(
            ui,
            &crate::ui::exam::ExamView {
                forecast: state.forecast.as_ref().map_err(String::as_str),
                by_day: &state.by_day,
                exam,
                setup: &state.setup,
                packs: &packs,
                tags: &tags,
                attempts: &state.attempts,
                hands_on_tasks: state.hands_on_tasks,
                coverage: state.coverage.as_ref(),
                notice,
            },
        )
    }

    /// Puts the open diagram's background image on the GPU, once.
    fn upload_background(&mut self, ctx: &egui::Context) {
        let Screen::Diagram(state) = &self.screen else {
            return;
        };
        let Some(Ok(pixels)) = &state.background else {
            return;
        };
        let key = (state.pack, state.diagram);
        if self
            .texture
            .as_ref()
            .is_some_and(|(p, d, _)| (*p, *d) == key)
        {
            return;
        }
        let size = [pixels.size.0 as usize, pixels.size.1 as usize];
        let image = egui::ColorImage::from_rgba_unmultiplied(size, &pixels.rgba);
        let texture = ctx.load_texture("diagram-background", image, egui::TextureOptions::LINEAR);
        self.texture = Some((key.0, key.1, texture));
    }

    /// The glossary terms the card showing links to, as chips: (where, name). None before the
    /// answer shows: the terms would give it away.
    /// The card (or primer check) `key` names, as the learner studies it.
    fn card_of(&self, key: &crate::progress::ItemKey) -> Option<&crate::pack::Card> {
        let pack = self.library.get(&crate::pack::PackId(key.pack.clone()))?;
        let checks = pack
            .primers
            .iter()
            .flat_map(|p| &p.sections)
            .flat_map(|s| &s.checks);
        pack.cards
            .iter()
            .chain(checks)
            .find(|c| c.id.as_str() == key.item)
    }

    /// What the edit form's pickers offer for `editor`'s card.
    fn pickers<'a>(
        &'a self,
        editor: &crate::modes::card_edit::CardEditor,
    ) -> crate::ui::card_edit::Pickers<'a> {
        let terms = self
            .pristine
            .get(&editor.pack)
            .map(|pack| {
                pack.glossary
                    .iter()
                    .map(|t| (&t.id, t.term.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        let competencies = crate::pack::blueprint::builtin()
            .exams()
            .iter()
            .flat_map(|exam| &exam.domains)
            .flat_map(|domain| &domain.competencies)
            .map(|c| (c.id.as_str(), c.text.as_str()))
            .collect();
        crate::ui::card_edit::Pickers {
            terms,
            competencies,
        }
    }

    fn chips(&self, session: &crate::modes::review::ReviewSession) -> Vec<(TermRef, String)> {
        let Some(shown) = session.shown().filter(|s| s.revealed) else {
            return Vec::new();
        };
        let Some(pack) = self
            .library
            .packs()
            .iter()
            .position(|p| p.id().as_str() == shown.entry.key.pack)
        else {
            return Vec::new();
        };
        shown
            .card
            .terms
            .iter()
            .filter_map(|id| self.glossary.find(pack, id.as_str()))
            .filter_map(|at| self.glossary.term(at).map(|t| (at, t.term.clone())))
            .collect()
    }
}

impl eframe::App for App {
    /// What this device did since the last sync goes to the sync folder before the window
    /// closes.
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.sync_on_exit();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let wanted = (self.settings.theme, self.settings.font_scale);
        if self.applied != Some(wanted) {
            ui.ctx().set_theme(match wanted.0 {
                Theme::System => egui::ThemePreference::System,
                Theme::Light => egui::ThemePreference::Light,
                Theme::Dark => egui::ThemePreference::Dark,
            });
            ui.ctx().set_zoom_factor(wanted.1);
            self.applied = Some(wanted);
        }
        self.upload_background(ui.ctx());
        self.upload_card_image(ui.ctx());
        self.tick_refit(ui.ctx());
        self.tick();
        self.check_authoring();
        self.tick_sync();
        if self.show_keys {
            self.show_keys = crate::ui::keys::keys_overlay(ui.ctx());
        } else if !ui.ctx().text_edit_focused()
            && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Questionmark))
        {
            self.show_keys = true;
        }
        let add_card = self.editor.is_none()
            && self.engine.is_ok()
            && !self.show_keys
            && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::N));
        let peeked = match (self.peek, &self.screen, &self.card_info) {
            _ if !self.show_keys && self.editor.is_some() => {
                self.editor.as_deref().and_then(|editor| {
                    let pickers = self.pickers(editor);
                    crate::ui::card_edit::card_edit_window(ui.ctx(), editor, &pickers)
                })
            }
            (_, Screen::Browser(state), _) if !self.show_keys && state.info.is_some() => {
                state.info.as_deref().and_then(|info| {
                    let card = self.card_of(&info.key);
                    crate::ui::card_info::card_info_window(ui.ctx(), info, card)
                        .map(|_| Action::Browse(crate::ui::BrowseAction::Info(None)))
                })
            }
            (_, Screen::Cram(_), Some(info)) if !self.show_keys => {
                let card = self.card_of(&info.key);
                crate::ui::card_info::card_info_window(ui.ctx(), info, card)
            }
            (_, Screen::Review(session), Some(info)) if !self.show_keys => {
                let card = session.shown().map(|s| &s.card);
                crate::ui::card_info::card_info_window(ui.ctx(), info, card)
            }
            (Some(at), Screen::Review(_), None) if !self.show_keys => {
                crate::ui::peek::peek_window(ui.ctx(), &self.glossary, at)
            }
            _ => None,
        };
        let action = egui::CentralPanel::default()
            .show(ui, |ui| self.draw(ui))
            .inner
            // The screen behind the list of keys, or behind the edit form, is shown, not used.
            .filter(|_| !self.show_keys && self.editor.is_none());
        crate::ui::keys::end_frame(ui.ctx());
        // A .kspack file or pack folder dropped on the window is looked at for import.
        let dropped = ui.ctx().input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .find(|p| !p.as_os_str().is_empty())
        });
        let action = peeked
            .or(add_card.then_some(Action::Edit(crate::ui::EditAction::New)))
            .or(action)
            .or(dropped.map(|p| Action::ImportFrom(Some(p))));
        if let Some(started) = self.trace_first_frame.take() {
            eprintln!("startup: first frame drawn after {:?}", started.elapsed());
        }
        if let Some(action) = action {
            self.apply(action);
            ui.ctx().request_repaint();
        } else if self.authoring.is_some()
            || self.settings.sync_folder.is_some()
            || matches!(
                self.screen,
                Screen::Review(_) | Screen::Cram(_) | Screen::Mock(_) | Screen::TaskMock(_)
            )
        {
            // The session clock ticks once a second; nothing else repaints when idle.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs(1));
        }
    }
}

/// Opens the store (today's backup first) and an engine synced with `library`.
pub(super) fn open_engine(
    dirs: &AppDirs,
    library: &Library,
    clock: &dyn Clock,
) -> Result<Engine, String> {
    let loaded = settings::load(&dirs.config);
    let store = Store::open(&dirs.data).map_err(|e| e.to_string())?;
    let days = Days::of(clock, loaded.settings.rollover_hour);
    let backup = backup::daily(&store, &dirs.data, &Days::date_of(days.day_of(clock.now())));
    let mut engine = Engine::new(store, loaded.settings).map_err(|e| e.to_string())?;
    match backup {
        Ok(made) => made.warnings.into_iter().for_each(|w| engine.warn(w)),
        Err(e) => engine.warn(format!("Today's backup was not made: {e}")),
    }
    engine
        .sync_library(library, clock)
        .map_err(|e| e.to_string())?;
    Ok(engine)
}
