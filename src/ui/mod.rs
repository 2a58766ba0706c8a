//! The screens: each draws read-only view data and returns the action the learner took, if any.
//! No files, no SQL: the app's reducer applies actions through the engine.

pub mod browser;
pub mod card_edit;
pub mod card_info;
pub mod diagram;
pub mod diagram_edges;
pub mod diagram_feedback;
pub mod diagram_panel;
pub mod drill;
pub mod exam;
pub mod exam_chart;
pub mod exam_coverage;
pub mod exam_run;
pub mod fonts;
pub mod format;
pub mod glossary;
pub mod hands_on;
pub mod hands_on_manifest;
pub mod home;
pub mod keys;
pub mod packs;
pub mod peek;
pub mod primer;
pub mod review;
pub mod review_card;
pub mod settings;
pub mod settings_model;
pub mod settings_sync;
pub mod stats;
pub mod task_mock;
pub mod theme;
pub mod yaml_editor;

use crate::modes::glossary::TermRef;
use crate::study::schedule::Rating;

/// A step of editing the card showing (`E` in review).
#[derive(Debug, Clone, PartialEq)]
pub enum EditAction {
    /// Open the form on the card showing.
    Open,
    /// Open an empty form for a card of the learner's own pack (Ctrl+N).
    New,
    /// A field's new text.
    Field(crate::modes::card_edit::Field, String),
    /// How the answer is written.
    Kind(crate::modes::card_edit::AnswerKind),
    /// Also ask the card from its answer back to its question, or not.
    Reverse(bool),
    /// Link the card to this glossary term of its pack, or unlink it.
    Term(crate::pack::ItemId),
    /// Tag the card with this exam competency, or untag it.
    Competency(String),
    /// Keep the form's card as the learner's text.
    Save,
    /// Drop the learner's text: the pack's own text is shown again.
    Revert,
    /// Close the form without saving.
    Cancel,
}

/// A step in the card browser (`B` on home).
#[derive(Debug, Clone, PartialEq)]
pub enum BrowseAction {
    /// Open it on every item.
    Open,
    /// Open it on the items this search finds.
    OpenSearch(String),
    /// Search for this text.
    Search(String),
    /// Sort by this column (again: the other way).
    Sort(crate::study::browse::Column),
    /// A click on the listed row at this position.
    Select(usize, crate::modes::browser::Select),
    /// Select every listed row.
    SelectAll,
    /// Select nothing.
    SelectNone,
    /// Change the selected items.
    Apply(crate::study::browse::Bulk),
    /// Drop the learner's edits of the selected cards.
    DropEdits,
    /// The "tag" field's new text.
    TagText(String),
    /// Add the tag field's tag to the selected cards (as the learner's edits of them).
    AddTag,
    /// Cram the selected rows (the listed ones when none is selected), counting or not.
    Study(crate::modes::cram::Counting),
    /// Take the last change back.
    Undo,
    /// The "due in N days" field's new text.
    DueDays(String),
    /// Open the card info of the listed row at this position, or close it.
    Info(Option<usize>),
}

/// What the learner asked for; applied by the app's reducer after drawing.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Action {
    /// Review today's cards of every pack.
    StudyAll,
    /// Review today's cards of one pack.
    StudyPack(String),
    /// Simulate what each desired retention would cost (Settings).
    CompareRetention,
    /// Re-fit the memory model (FSRS parameters) on the learner's history now (Settings).
    RefitNow,
    /// Put back the parameters the last re-fit replaced (Settings).
    UndoRefit,
    /// Show the data folder in the desktop's file manager (Settings).
    OpenDataFolder,
    /// Pick the sync folder in a file dialog (Settings).
    ChooseSyncFolder,
    /// Sync through the sync folder now (Settings).
    SyncNow,
    /// Custom study over every pack: more new cards, or reviews due ahead.
    StudyCustom(crate::modes::review::Custom),
    /// Show the answer.
    Reveal,
    /// Pick or unpick a multiple-choice option.
    Pick(usize),
    /// Rate the current card.
    Rate(Rating),
    /// Take back the last answer.
    Undo,
    /// Flag, suspend or bury the card showing.
    Mark(crate::modes::review::Mark),
    /// Open the card info of the card showing, or close it.
    CardInfo(bool),
    /// Edit the card showing: open the form, change it, save, revert or leave it.
    Edit(EditAction),
    /// The card browser.
    Browse(BrowseAction),
    /// Move the step at one position of an arrangement to another: (from, to).
    MoveStep(usize, usize),
    /// End the review session now and show its summary.
    EndReview,
    /// Back to the home screen.
    Home,
    /// Open the glossary.
    OpenGlossary,
    /// Search the glossary for this text.
    Search(String),
    /// Show this glossary term.
    ShowTerm(TermRef),
    /// Only glossary terms with this tag (or all).
    FilterTag(Option<String>),
    /// Start a drill on the glossary terms listed.
    QuizMe,
    /// Answer the drill question with this option.
    DrillPick(usize),
    /// The next drill question.
    DrillNext,
    /// Stop the drill.
    DrillEnd,
    /// Show card number `n` of the glossary term's "Cards that test it" over the glossary, or
    /// close it.
    PeekCard(Option<usize>),
    /// Show this term over the review (a card's term chip), or close it.
    PeekTerm(Option<TermRef>),
    /// Open the statistics.
    OpenStats,
    /// Open the glossary at this term.
    OpenTerm(TermRef),
    /// Open exam week: readiness, cram, mock exams.
    OpenExam,
    /// The hands-on screen: typed kubectl tasks, checked.
    HandsOn(hands_on::HandsOnAction),
    /// Open the packs screen.
    OpenPacks,
    /// The path typed on the packs screen.
    PackPath(String),
    /// Import a `.kspack` file or pack folder: this one (dropped), or the path typed.
    ImportFrom(Option<std::path::PathBuf>),
    /// Choose a `.kspack` file (or, with `true`, a pack folder) to import in a file dialog.
    PickImport(bool),
    /// Export pack number `n` (library index) to a file chosen in a save dialog.
    ExportDialog(usize),
    /// Export pack number `n` as an Anki package (with the learner's progress when `true`) to a
    /// file chosen in a save dialog.
    ExportAnki(usize, bool),
    /// Stage the Anki package being looked at again, as the learner now chose.
    AnkiChoice(crate::anki::import::Choice),
    /// Install the import being looked at.
    InstallImport,
    /// Drop the import being looked at.
    CancelImport,
    /// Export pack number `n` (library index) to the folder typed.
    ExportPack(usize),
    /// Remove the installed pack with this id (and, with `true`, the progress in it).
    RemovePack(String, bool),
    /// Open the folder typed for authoring (reloaded as its files change), or close it.
    AuthorFolder(bool),
    /// The cram setup changed.
    EditCram(Box<crate::modes::cram::CramSetup>),
    /// Start the cram as set up.
    StartCram,
    /// Show the cram item's answer.
    CramReveal,
    /// Pick a multiple-choice option of the cram item.
    CramPick(usize),
    /// The cram item was answered right (or not).
    CramGrade(bool),
    /// Stop the cram now (Esc): its summary shows if anything was answered.
    CramEnd,
    /// Start a mock exam.
    StartMock,
    /// Choose an option of the mock question.
    MockPick(usize),
    /// The typed answer of the mock question.
    MockType(String),
    /// Go to mock question number `n` (from 0).
    MockGo(usize),
    /// End the mock exam now.
    MockFinish,
    /// Ask before finishing or leaving the mock exam (or, with `None`, stop asking).
    MockAsk(Option<crate::modes::mock::Ask>),
    /// After the end: mark recall answer `n` right or wrong.
    MockCheck(usize, bool),
    /// Save the finished mock exam.
    MockSave,
    /// The hands-on mock exam: tasks at the keyboard, graded at the end.
    TaskMock(task_mock::TaskMockAction),
    /// Put the newest backup back as the progress database (from the store-error screen).
    RestoreBackup,
    /// Open diagram number `diagram` of pack number `pack` (indexes in the library).
    OpenDiagram {
        /// Pack index.
        pack: usize,
        /// Diagram index in the pack.
        diagram: usize,
    },
    /// The diagram's zoom or pan changed.
    DiagramView(crate::modes::diagram::ViewState),
    /// Select (or clear) a diagram node without answering.
    SelectNode(Option<usize>),
    /// A diagram node was clicked or chosen with Enter.
    NodeClicked(usize),
    /// Start a diagram quiz in this mode.
    StartQuiz(crate::modes::diagram_quiz::Mode),
    /// Choose an option of an Identify question.
    QuizOption(usize),
    /// The name typed for an Identify question.
    QuizType(String),
    /// Check the answer (typed name, selected nodes, placed labels).
    QuizSubmit,
    /// The next quiz question.
    QuizNext,
    /// Stop the quiz (through its summary, if anything was answered).
    QuizEnd,
    /// Label: grade the labelled boxes only, leaving the empty ones out.
    QuizGradePlaced,
    /// Pick up a label (Label mode), or put it down.
    HoldLabel(Option<usize>),
    /// Put a label on a box (Label mode).
    PlaceLabel {
        /// The box.
        node: usize,
        /// The label's index.
        label: usize,
    },
    /// Open the settings.
    OpenSettings,
    /// The settings draft changed.
    EditSettings(Box<crate::progress::settings::Settings>),
    /// Save the settings draft.
    SaveSettings,
    /// Leave the settings: ask about unsaved changes, or answer that question.
    LeaveSettings(settings::Leave),
    /// Read primer number `primer` of pack number `pack` (indexes in the library).
    OpenPrimer {
        /// Pack index.
        pack: usize,
        /// Primer index in the pack.
        primer: usize,
    },
    /// Go to a section of the open primer.
    GoToSection(usize),
    /// Show the answer of a primer check.
    RevealCheck(String),
    /// Grade a primer check (scheduled like a card).
    GradeCheck(String, Rating),
}

/// The "Home" button every screen starts with.
pub fn home_button(ui: &mut egui::Ui, action: &mut Option<Action>) {
    home_button_with(ui, action, "Back to the packs (Esc)");
}

/// The "Home" button with its own hover text.
pub fn home_button_with(ui: &mut egui::Ui, action: &mut Option<Action>, hint: &str) {
    if ui.button("Home").on_hover_text(hint).clicked() {
        *action = Some(Action::Home);
    }
}
