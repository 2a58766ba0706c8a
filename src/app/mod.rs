//! The desktop app: state, the one reducer that applies UI actions through the engine, and the
//! eframe glue. Screens live in `crate::ui`; they never touch files or SQL.

mod browser;
mod card_image;
mod cram_marks;
mod diagram;
mod edit;
mod exam;
mod frame;
mod glossary;
mod hands_on;
mod packs;
mod primer;
mod recovery;
mod refit;
mod settings_screen;
mod stats;
mod sync;
mod task_mock;
mod window;

pub use browser::{BrowserState, BrowserStep};
pub use diagram::{DiagramState, QUIZ_LENGTH, diagram_problems, pack_sources};
pub use exam::{CramState, ExamState};
pub use glossary::{DRILL_LENGTH, GlossaryState};
pub use packs::{Authoring, PacksState, StagedImport};
pub use primer::PrimerState;
pub use settings_screen::{FolderOpener, SettingsState};
pub use window::{Renderer, failure_hint, icon, run};

use std::path::PathBuf;
use std::sync::Arc;

use crate::dirs::AppDirs;
use crate::modes::glossary::GlossaryIndex;
use crate::modes::review::ReviewSession;
use crate::pack::{Library, LoadReport, load};
use crate::progress::settings;
use crate::progress::settings::{Settings, Theme};
use crate::study::Engine;
use crate::study::clock::{Clock, SystemClock};
use crate::study::schedule::Next;
use crate::ui::Action;
use crate::ui::home::PackLine;

/// Which screen is showing.
#[derive(Debug)]
pub enum Screen {
    /// The packs and "Study now".
    Home,
    /// A review session (its summary when it is over).
    Review(Box<ReviewSession>),
    /// The glossary.
    Glossary(Box<GlossaryState>),
    /// The settings, being edited.
    Settings(Box<SettingsState>),
    /// A primer being read.
    Primer(PrimerState),
    /// The statistics.
    Stats(Box<crate::ui::stats::StatsData>),
    /// A diagram: explore or quiz.
    Diagram(Box<DiagramState>),
    /// Exam week: readiness, cram setup, mock exams.
    Exam(Box<ExamState>),
    /// A cram session.
    Cram(Box<CramState>),
    /// A mock exam.
    Mock(Box<crate::modes::mock::Mock>),
    /// Installed packs: import, export, remove.
    Packs(Box<PacksState>),
    /// The card browser: every item, searched, sorted, changed in bulk.
    Browser(Box<BrowserState>),
    /// Hands-on tasks: typed, checked, graded.
    HandsOn(Box<crate::modes::hands_on::HandsOn>),
    /// A hands-on mock exam.
    TaskMock(Box<crate::modes::task_mock::TaskMock>),
}

/// The app.
pub struct App {
    /// The settings in force (also held by the engine), and where they are saved.
    settings: Settings,
    config_dir: Option<PathBuf>,
    /// What was wrong with `settings.ron` when it was read, until settings are saved.
    settings_warning: Option<String>,
    /// Home's standing warnings: the settings file's, a clock that cannot be right.
    warnings: Vec<String>,
    /// Theme and text size last given to egui, to apply changes once.
    applied: Option<(Theme, f32)>,
    /// Whether the `?` list of keys is showing (view state only).
    show_keys: bool,
    /// The packs as the learner studies them: `pristine` with their edits laid over it.
    library: Arc<Library>,
    /// The packs as loaded, without the learner's edits.
    pristine: Arc<Library>,
    /// The learner's edits in force, by item.
    edits: std::collections::HashMap<crate::progress::ItemKey, crate::study::edits::EditState>,
    /// The learner's edits of cards no pack has any more (the browser lists them).
    orphans: Vec<(
        crate::progress::ItemKey,
        crate::pack::Card,
        crate::study::edits::EditState,
    )>,
    /// The edit form, while it is open over the review.
    editor: Option<Box<crate::modes::card_edit::CardEditor>>,
    glossary: GlossaryIndex,
    /// The engine, or why the progress store could not be opened.
    engine: Result<Engine, String>,
    clock: Box<dyn Clock>,
    screen: Screen,
    /// Home screen lines, refreshed after actions, not every frame.
    home: Vec<PackLine>,
    /// Every primer: (pack index, primer index, title).
    primers: Vec<(usize, usize, String)>,
    /// Button intervals for the current card, refreshed when the card changes.
    next: Option<[Next; 4]>,
    notice: Option<String>,
    first_launch: bool,
    /// A glossary term shown over the review (from a card's term chip).
    peek: Option<crate::modes::glossary::TermRef>,
    /// Card info shown over the review (`I`).
    card_info: Option<Box<crate::study::info::CardInfo>>,
    /// Why a diagram cannot be used: (pack index, diagram index) → its first load problem.
    diagram_problems: std::collections::HashMap<(usize, usize), String>,
    /// Every diagram: (pack index, diagram index, title).
    diagrams: Vec<(usize, usize, String)>,
    /// A pack folder open for authoring.
    authoring: Option<Authoring>,
    /// Where installed packs live (none without a data folder).
    packs_dir: Option<PathBuf>,
    /// The data folder (progress and its backups), when known.
    data_dir: Option<PathBuf>,
    /// Shows a folder in the desktop's file manager (Settings' "Open data folder").
    open_folder: FolderOpener,
    /// The backup the store-error screen offers to restore, described.
    restore_offer: Option<String>,
    /// Home's exam countdown, readiness and schedule changes (empty without an exam date).
    exam_lines: Vec<String>,
    /// What the learner set aside (leeches, suspended, buried, flagged), for home.
    marked: crate::progress::MarkCounts,
    /// Hands-on tasks waiting today; `None` when no pack has tasks.
    hands_on_due: Option<usize>,
    /// The open diagram's background on the GPU: (pack index, diagram index, texture).
    texture: Option<(usize, usize, egui::TextureHandle)>,
    /// The image of the card under review, once read.
    card_image: Option<card_image::CardImage>,
    /// The answer's image of the card under review, once revealed.
    card_answer_image: Option<card_image::CardImage>,
    /// Whether this run looked for a due re-fit of the memory model yet.
    refit_checked: bool,
    /// The re-fit running, if one is.
    refit_job: Option<refit::RefitJob>,
    /// The learner asked for a re-fit (it starts on the next frame).
    refit_now: bool,
    /// Where each pack of the library was loaded from, by pack index (for its images).
    pack_sources: std::collections::HashMap<usize, crate::pack::PackSource>,
    /// When the process started, until the first frame has been reported (startup trace).
    trace_first_frame: Option<std::time::Instant>,
    /// Folder sync: when it last ran and what it did.
    sync: sync::SyncState,
}

impl App {
    /// The app over `library`, with `engine` (or the reason it is missing) and `clock`.
    pub fn new(
        library: Arc<Library>,
        engine: Result<Engine, String>,
        clock: Box<dyn Clock>,
        config_dir: Option<PathBuf>,
    ) -> Self {
        let glossary = GlossaryIndex::new(Arc::clone(&library));
        let primers = packs::primer_list(&library);
        let diagrams = packs::diagram_list(&library);
        let loaded = config_dir.as_deref().map(settings::load);
        let settings_warning = loaded.as_ref().and_then(|l| l.warning.clone());
        let notice = engine
            .as_ref()
            .ok()
            .map(|e| e.warnings().join("\n"))
            .filter(|w| !w.is_empty());
        let settings = match (&engine, loaded) {
            (Ok(engine), _) => engine.settings().clone(),
            (Err(_), Some(loaded)) => loaded.settings,
            (Err(_), None) => Settings::default(),
        };
        let mut app = Self {
            settings,
            config_dir,
            settings_warning,
            warnings: Vec::new(),
            applied: None,
            show_keys: false,
            pristine: Arc::clone(&library),
            library,
            edits: std::collections::HashMap::new(),
            orphans: Vec::new(),
            editor: None,
            glossary,
            engine,
            clock,
            screen: Screen::Home,
            home: Vec::new(),
            primers,
            next: None,
            notice,
            first_launch: false,
            peek: None,
            card_info: None,
            trace_first_frame: None,
            diagram_problems: std::collections::HashMap::new(),
            diagrams,
            pack_sources: std::collections::HashMap::new(),
            texture: None,
            card_image: None,
            card_answer_image: None,
            refit_checked: false,
            refit_job: None,
            refit_now: false,
            exam_lines: Vec::new(),
            marked: crate::progress::MarkCounts::default(),
            hands_on_due: None,
            packs_dir: None,
            data_dir: None,
            open_folder: Box::new(|path| open::that_detached(path)),
            restore_offer: None,
            authoring: None,
            sync: sync::SyncState::default(),
        };
        let warned = app.notice.take();
        app.lay_out_edits();
        app.notice = match (warned, app.notice.take()) {
            (Some(a), Some(b)) => Some(format!("{a}\n{b}")),
            (a, b) => a.or(b),
        };
        app.refresh_home();
        app
    }

    /// Opens the built-in and installed packs and the learner's progress in `dirs`. Folders
    /// that cannot be used (`KUBESTUDY_HOME` is a file) are not touched: the home screen says
    /// why, and the built-in packs can still be read.
    pub fn open(dirs: Option<&AppDirs>) -> Self {
        let clock: Box<dyn Clock> = Box::new(SystemClock);
        let problem = dirs.and_then(AppDirs::problem);
        let usable = dirs.filter(|_| problem.is_none());
        let sources =
            crate::pack::library::available_sources(usable.map(AppDirs::packs).as_deref());
        let reports: Vec<_> = sources.iter().map(load).collect();
        let library = Arc::new(Library::from_reports(&reports));
        let engine = match (usable, problem) {
            (_, Some(problem)) => Err(problem),
            (None, None) => Err(
                "no home folder was found; set KUBESTUDY_HOME to a folder for kubestudy's data"
                    .to_owned(),
            ),
            (Some(dirs), None) => frame::open_engine(dirs, &library, clock.as_ref()),
        };
        Self::new(library, engine, clock, usable.map(|d| d.config.clone()))
            .with_load(&sources, &reports)
            .with_packs_dir(usable.map(AppDirs::packs))
            .with_data_dir(usable.map(|d| d.data.clone()))
    }

    /// The app, installing and removing packs in `dir`.
    #[must_use]
    pub fn with_packs_dir(mut self, dir: Option<PathBuf>) -> Self {
        self.packs_dir = dir;
        self
    }

    /// The app, told where its packs came from and what loading them reported: diagrams with
    /// problems say why instead of opening, and background images are read from the source.
    #[must_use]
    pub fn with_load(
        mut self,
        sources: &[crate::pack::PackSource],
        reports: &[LoadReport],
    ) -> Self {
        self.diagram_problems = diagram_problems(&self.library, reports);
        self.pack_sources = pack_sources(&self.library, sources, reports);
        self
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The screen showing.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The warnings the home screen shows until they are dealt with.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The engine, if the store is open.
    pub fn engine(&self) -> Option<&Engine> {
        self.engine.as_ref().ok()
    }

    /// Applies one action: the only place app state changes.
    pub fn apply(&mut self, action: Action) {
        self.notice = None;
        match action {
            Action::Home => {
                self.screen = Screen::Home;
                self.peek = None;
                self.card_info = None;
                self.editor = None;
            }
            Action::Edit(edit) => self.apply_edit(edit),
            Action::Browse(browse) => self.apply_browse(browse),
            Action::OpenStats => self.open_stats(),
            Action::HandsOn(hands_on) => self.apply_hands_on(hands_on),
            Action::TaskMock(step) => self.apply_task_mock(step),
            Action::OpenTerm(at) => {
                self.apply_glossary(Action::OpenGlossary);
                self.apply_glossary(Action::ShowTerm(at));
            }
            Action::OpenPacks
            | Action::PackPath(_)
            | Action::ImportFrom(_)
            | Action::InstallImport
            | Action::CancelImport
            | Action::ExportPack(_)
            | Action::RemovePack(..)
            | Action::AuthorFolder(_)
            | Action::PickImport(_)
            | Action::ExportDialog(_)
            | Action::ExportAnki(..)
            | Action::AnkiChoice(_) => self.apply_packs(action),
            Action::OpenExam
            | Action::EditCram(_)
            | Action::StartCram
            | Action::CramReveal
            | Action::CramPick(_)
            | Action::CramGrade(_)
            | Action::CramEnd
            | Action::StartMock
            | Action::MockPick(_)
            | Action::MockType(_)
            | Action::MockGo(_)
            | Action::MockFinish
            | Action::MockAsk(_)
            | Action::MockCheck(..)
            | Action::MockSave => self.apply_exam(action),
            Action::OpenDiagram { .. }
            | Action::DiagramView(_)
            | Action::SelectNode(_)
            | Action::NodeClicked(_)
            | Action::StartQuiz(_)
            | Action::QuizOption(_)
            | Action::QuizType(_)
            | Action::QuizSubmit
            | Action::QuizNext
            | Action::QuizEnd
            | Action::QuizGradePlaced
            | Action::HoldLabel(_)
            | Action::PlaceLabel { .. } => self.apply_diagram(action),
            Action::PeekTerm(at) => self.peek = at,
            Action::OpenGlossary
            | Action::Search(_)
            | Action::FilterTag(_)
            | Action::ShowTerm(_)
            | Action::QuizMe
            | Action::DrillPick(_)
            | Action::DrillNext
            | Action::DrillEnd
            | Action::PeekCard(_) => self.apply_glossary(action),
            Action::RestoreBackup => self.restore_backup(),
            Action::OpenSettings
            | Action::CompareRetention
            | Action::RefitNow
            | Action::UndoRefit
            | Action::OpenDataFolder
            | Action::ChooseSyncFolder
            | Action::SyncNow
            | Action::EditSettings(_)
            | Action::SaveSettings
            | Action::LeaveSettings(_) => self.apply_settings(action),
            Action::OpenPrimer { .. }
            | Action::GoToSection(_)
            | Action::RevealCheck(_)
            | Action::GradeCheck(..) => self.apply_primer(action),
            Action::StudyAll
            | Action::StudyCustom(_)
            | Action::StudyPack(_)
            | Action::Reveal
            | Action::Pick(_)
            | Action::Rate(_)
            | Action::Undo
            | Action::MoveStep(..)
            | Action::Mark(_)
            | Action::CardInfo(_)
            | Action::EndReview => {
                self.apply_review(action);
            }
        }
        if matches!(self.screen, Screen::Home) {
            self.refresh_home();
        }
    }

    /// Review actions: these need the progress store.
    fn apply_review(&mut self, action: Action) {
        if matches!(self.screen, Screen::Cram(_)) {
            return self.apply_cram_marks(action);
        }
        let Ok(engine) = &mut self.engine else { return };
        let clock = self.clock.as_ref();
        let result = match (&mut self.screen, action) {
            (_, Action::StudyAll) => {
                ReviewSession::start(engine, Arc::clone(&self.library), &[], clock)
                    .map(|s| self.screen = Screen::Review(Box::new(s)))
            }
            (_, Action::StudyCustom(custom)) => {
                ReviewSession::start_custom(engine, Arc::clone(&self.library), &[], custom, clock)
                    .map(|s| self.screen = Screen::Review(Box::new(s)))
            }
            (_, Action::StudyPack(pack)) => {
                ReviewSession::start(engine, Arc::clone(&self.library), &[pack], clock)
                    .map(|s| self.screen = Screen::Review(Box::new(s)))
            }
            (Screen::Review(session), Action::Reveal) => {
                session.reveal();
                Ok(())
            }
            (Screen::Review(session), Action::Pick(i)) => {
                session.pick(i);
                Ok(())
            }
            (Screen::Review(session), Action::Rate(rating)) => {
                session.answer(engine, rating, clock)
            }
            (Screen::Review(session), Action::Undo) => session.undo(engine, clock).map(drop),
            (Screen::Review(session), Action::MoveStep(from, to)) => {
                session.move_step(from, to);
                Ok(())
            }
            (Screen::Review(session), Action::EndReview) => {
                self.card_info = None;
                session.end();
                Ok(())
            }
            (Screen::Review(session), Action::Mark(mark)) => {
                self.card_info = None;
                session.mark(engine, mark, clock)
            }
            (Screen::Review(session), Action::CardInfo(open)) => {
                self.card_info = None;
                match session.shown().filter(|_| open) {
                    Some(shown) => engine
                        .card_info(&shown.entry.key, clock)
                        .map(|info| self.card_info = Some(Box::new(info))),
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        };
        if let Err(e) = result {
            self.notice = Some(e.to_string());
        }
        if let Screen::Review(session) = &mut self.screen
            && session.take_edits_changed()
        {
            self.lay_out_edits();
        }
        let (Ok(engine), clock) = (&self.engine, self.clock.as_ref()) else {
            return;
        };
        self.next = match &self.screen {
            Screen::Review(session) => session.preview(engine, clock).ok().flatten(),
            Screen::HandsOn(session) => session
                .current()
                .filter(|c| c.revealed)
                .and_then(|c| engine.preview(&c.entry.key, clock).ok()),
            _ => None,
        };
    }

    /// Writes `draft` to `settings.ron` and puts it in force; says so, or why not.
    fn save_settings(&mut self, draft: Settings) {
        if let Some(date) = &draft.exam_date
            && crate::study::exam::parse_day(date).is_none()
        {
            self.notice = Some(format!(
                "`{date}` is not a date: write the exam date as YYYY-MM-DD."
            ));
            return;
        }
        let Some(dir) = &self.config_dir else {
            self.notice =
                Some("there is no config folder to save to; set KUBESTUDY_HOME".to_owned());
            return;
        };
        match settings::save(dir, &draft) {
            Ok(saved) => {
                if let Ok(engine) = &mut self.engine {
                    engine.set_settings(draft.clone());
                }
                self.settings = draft;
                self.settings_warning = None;
                // A changed setting, or a new sync folder, goes out on the next frame.
                self.sync.force();
                self.notice = Some(match saved {
                    settings::Saved::Written => "Saved.".to_owned(),
                    settings::Saved::MovedAside(path) => format!(
                        "Saved; the old file, which had problems, was kept as {}.",
                        path.display()
                    ),
                });
            }
            Err(e) => self.notice = Some(e),
        }
    }

    fn refresh_home(&mut self) {
        self.warnings = self
            .settings_warning
            .iter()
            .cloned()
            .chain(crate::study::clock::clock_warning(self.clock.now()))
            .collect();
        let raised = self
            .engine
            .as_ref()
            .ok()
            .and_then(|e| e.raised_new_limits(self.clock.as_ref()).ok())
            .unwrap_or_default();
        self.exam_lines = self.exam_lines(&raised);
        let Ok(engine) = &self.engine else { return };
        let clock = self.clock.as_ref();
        self.first_launch = engine.store().review_count().unwrap_or(0) == 0;
        self.marked = engine.store().mark_counts().unwrap_or_default();
        let has_tasks = self.library.packs().iter().any(|p| !p.tasks.is_empty());
        self.hands_on_due = has_tasks.then(|| {
            let all = self
                .library
                .packs()
                .iter()
                .map(|p| p.id().0.clone())
                .collect();
            engine
                .request_for_exam(all, vec![crate::progress::ItemKind::Task], clock)
                .and_then(|request| engine.queue(&request, clock))
                .map_or(0, |queue| queue.len())
        });
        // The counts are those of the queue "Study now" starts, so the total is the session's.
        let waiting =
            crate::study::stats::waiting_today(engine, &self.library, clock).unwrap_or_default();
        self.home = self
            .library
            .packs()
            .iter()
            // A pack of exam blueprints only (cncf-exams) has nothing to study.
            .filter(|pack| !pack.cards.is_empty())
            .map(|pack| {
                let counts = waiting.get(pack.id().as_str()).copied().unwrap_or_default();
                PackLine {
                    id: pack.id().0.clone(),
                    title: pack.manifest.title.clone(),
                    learning: counts.learning,
                    review: counts.review,
                    new_today: counts.new,
                }
            })
            .collect();
    }
}
