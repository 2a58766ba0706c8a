//! The diagram screen's state and actions: explore (select a node, open its term), zoom and pan,
//! and the four quiz modes, each answer recorded per node through the engine.

use std::collections::HashMap;
use std::sync::Arc;

use super::{App, Screen};
use crate::modes::diagram::ViewState;
use crate::modes::diagram_quiz::{
    Ask, Graded, Mode, QuizState, Response, answer, place, questions,
};
use crate::modes::diagram_route::DiagramLayout;
use crate::pack::Diagram;
use crate::progress::{ItemKey, ItemKind};
use crate::study::clock::Timestamp;
use crate::study::items::node_item_id;
use crate::study::schedule::Rating;
use crate::ui::Action;

/// Questions in one quiz (Label is always one question on the whole diagram).
pub const QUIZ_LENGTH: usize = 8;

/// The diagram screen's state.
#[derive(Debug, Clone, PartialEq)]
pub struct DiagramState {
    /// Pack index in the library.
    pub pack: usize,
    /// Diagram index in the pack.
    pub diagram: usize,
    /// Zoom and pan.
    pub view: ViewState,
    /// The node selected (explore), or the box picked (Label by keyboard).
    pub selected: Option<usize>,
    /// The quiz, while one runs.
    pub quiz: Option<QuizState>,
    /// Why the diagram cannot be used, when its pack reported problems with it.
    pub broken: Option<String>,
    /// The background image, read when the diagram opened (or why it could not be).
    pub background: Option<Result<std::sync::Arc<crate::pack::assets::Pixels>, String>>,
    /// Its links and arrow routes, computed when it opened.
    pub layout: Arc<DiagramLayout>,
    /// Arrows that could not be routed around the boxes, said once on the screen.
    pub warning: Option<String>,
    /// A box for the canvas to bring into view (the one a new question asks about).
    pub reveal: Option<usize>,
}

/// The box a question is about, for questions that show it (Identify highlights it, Connect
/// names it); Locate asks the learner to find it, so it is not shown.
fn shown_node(quiz: &QuizState) -> Option<usize> {
    let question = quiz.question()?;
    match question.ask {
        Ask::Identify { .. } | Ask::Connect { .. } => question.node,
        Ask::Locate | Ask::Label { .. } => None,
    }
}

impl App {
    /// The open diagram, if any.
    pub(super) fn diagram(&self, pack: usize, diagram: usize) -> Option<&Diagram> {
        self.library.packs().get(pack)?.diagrams.get(diagram)
    }

    /// Diagram actions.
    pub(super) fn apply_diagram(&mut self, action: Action) {
        let now = self.clock.now();
        if let Action::OpenDiagram { pack, diagram } = action {
            self.open_diagram(pack, diagram);
            return;
        }
        let order = match (&action, &self.screen) {
            (Action::StartQuiz(_), Screen::Diagram(state)) => self.weakest_nodes(state),
            _ => Vec::new(),
        };
        let Screen::Diagram(state) = &mut self.screen else {
            return;
        };
        let Some(diagram) = self
            .library
            .packs()
            .get(state.pack)
            .and_then(|p| p.diagrams.get(state.diagram))
        else {
            return;
        };
        match action {
            Action::DiagramView(view) => {
                state.view = view;
                state.reveal = None;
            }
            Action::SelectNode(node) => state.selected = node,
            Action::StartQuiz(mode) if state.broken.is_none() => {
                let seed = u64::try_from(now.0).unwrap_or(0);
                let questions = questions(diagram, mode, &order, QUIZ_LENGTH, seed);
                if questions.is_empty() {
                    let mode = mode.name();
                    self.notice = Some(format!("This diagram has nothing to ask in {mode} mode."));
                    return;
                }
                state.selected = None;
                let quiz = QuizState::new(mode, questions, diagram.nodes.len(), now);
                state.reveal = shown_node(&quiz);
                state.quiz = Some(quiz);
            }
            Action::QuizEnd => match &mut state.quiz {
                // Leaving mid-quiz with answers given: the summary first.
                Some(quiz) if quiz.answered_any() && !quiz.is_over() => quiz.finish(),
                _ => state.quiz = None,
            },
            Action::QuizNext => {
                if let Some(quiz) = &mut state.quiz
                    && quiz.next(now)
                {
                    state.selected = None;
                    state.reveal = shown_node(quiz);
                }
            }
            Action::QuizType(text) => {
                if let Some(quiz) = &mut state.quiz {
                    quiz.typed = text;
                }
            }
            Action::HoldLabel(label) => {
                if let Some(quiz) = &mut state.quiz {
                    quiz.holding = label;
                    // A box picked first (keyboard): the label goes straight onto it.
                    if let (Some(label), Some(node)) = (label, state.selected) {
                        place(quiz, node, label);
                        state.selected = None;
                    }
                }
            }
            Action::PlaceLabel { node, label } => {
                if let Some(quiz) = &mut state.quiz {
                    place(quiz, node, label);
                }
            }
            Action::NodeClicked(node) => self.node_clicked(node, now),
            Action::QuizOption(option) => {
                if let Some(quiz) = &mut state.quiz
                    && quiz.graded.is_none()
                {
                    let graded = answer(diagram, quiz, Response::Option(option));
                    self.record(&graded, now);
                }
            }
            Action::QuizSubmit | Action::QuizGradePlaced => self.check(&action, now),
            _ => {}
        }
    }

    /// Checks the answer being built. Label with boxes still empty: says which (nothing is
    /// graded) unless the learner asked to grade the labelled boxes only.
    fn check(&mut self, action: &Action, now: Timestamp) {
        let Screen::Diagram(state) = &mut self.screen else {
            return;
        };
        let Some(diagram) = self
            .library
            .packs()
            .get(state.pack)
            .and_then(|p| p.diagrams.get(state.diagram))
        else {
            return;
        };
        let Some(quiz) = &mut state.quiz else { return };
        let response = match action {
            Action::QuizGradePlaced
                if quiz.mode == Mode::Label
                    && quiz.graded.is_none()
                    && quiz.placed.iter().any(Option::is_some) =>
            {
                Response::PlacedLabels(quiz.placed.clone())
            }
            Action::QuizSubmit if !quiz.unplaced().is_empty() => {
                quiz.asked_to_place = true;
                return;
            }
            Action::QuizSubmit => {
                let Some(response) = quiz.submission() else {
                    return;
                };
                response
            }
            _ => return,
        };
        let graded = answer(diagram, quiz, response);
        self.record(&graded, now);
    }

    /// Opens a diagram: reads its background image, and notes why it cannot be used, if so.
    fn open_diagram(&mut self, pack: usize, diagram: usize) {
        let mut broken = self.diagram_problems.get(&(pack, diagram)).cloned();
        let background = self.diagram(pack, diagram).and_then(|d| {
            let rel = d.background.as_deref()?;
            let Some(source) = self.pack_sources.get(&pack) else {
                return Some(Err(format!(
                    "background `{rel}`: the pack's files are not at hand"
                )));
            };
            Some(
                crate::pack::assets::load_background(source, rel, d.canvas)
                    .map(std::sync::Arc::new),
            )
        });
        if let Some(Err(why)) = &background {
            broken.get_or_insert_with(|| why.clone());
        }
        // Routed once, here; a diagram that cannot be used is not drawn, so not routed.
        let layout = match (self.diagram(pack, diagram), &broken) {
            (Some(d), None) => DiagramLayout::new(d),
            _ => DiagramLayout::default(),
        };
        let warning = self.diagram(pack, diagram).and_then(|d| {
            let warnings = crate::pack::route_warnings(d, &layout.routes.unrouted());
            (!warnings.is_empty()).then(|| warnings.join("\n"))
        });
        self.screen = Screen::Diagram(Box::new(DiagramState {
            pack,
            diagram,
            view: ViewState::default(),
            selected: None,
            quiz: None,
            broken,
            background,
            layout: Arc::new(layout),
            warning,
            reveal: None,
        }));
    }

    /// A box clicked (or chosen with Enter): select it, answer with it, or put a label on it.
    fn node_clicked(&mut self, node: usize, now: Timestamp) {
        let Screen::Diagram(state) = &mut self.screen else {
            return;
        };
        let Some(diagram) = self
            .library
            .packs()
            .get(state.pack)
            .and_then(|p| p.diagrams.get(state.diagram))
        else {
            return;
        };
        let Some(quiz) = &mut state.quiz else {
            state.selected = Some(node);
            return;
        };
        if quiz.graded.is_some() {
            return;
        }
        match (quiz.mode, quiz.holding) {
            (Mode::Locate, _) => {
                let graded = answer(diagram, quiz, Response::Node(node));
                self.record(&graded, now);
            }
            (Mode::Connect, _) => quiz.toggle(node),
            (Mode::Label, Some(label)) => place(quiz, node, label),
            (Mode::Label, None) => state.selected = Some(node),
            (Mode::Identify, _) => {}
        }
    }

    /// The diagram's nodes, weakest first: never answered, then by predicted recall now.
    fn weakest_nodes(&self, state: &DiagramState) -> Vec<usize> {
        let Some(diagram) = self.diagram(state.pack, state.diagram) else {
            return Vec::new();
        };
        let pack = self
            .library
            .packs()
            .get(state.pack)
            .map(|p| p.id().0.clone())
            .unwrap_or_default();
        let recall: HashMap<ItemKey, f32> = match &self.engine {
            Ok(engine) => crate::study::stats::predicted_recall(
                engine.store(),
                self.clock.now(),
                engine.decay(),
            )
            .map(|all| all.into_iter().collect())
            .unwrap_or_default(),
            Err(_) => HashMap::new(),
        };
        let mut order: Vec<(f32, usize)> = diagram
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let key = ItemKey::new(
                    pack.clone(),
                    node_item_id(diagram.id.as_str(), n.id.as_str()),
                );
                (recall.get(&key).copied().unwrap_or(0.0), i)
            })
            .collect();
        // Stable: ties keep diagram order, so a new diagram is asked top to bottom.
        order.sort_by(|a, b| a.0.total_cmp(&b.0));
        order.into_iter().map(|(_, i)| i).collect()
    }

    /// Records every node of a graded answer: right → Good, wrong → Again.
    fn record(&mut self, graded: &Graded, now: Timestamp) {
        let Screen::Diagram(state) = &self.screen else {
            return;
        };
        let (pack, diagram) = (state.pack, state.diagram);
        let took = state.quiz.as_ref().map_or(0, |q| {
            u32::try_from((now.0 - q.asked_at.0).max(0)).unwrap_or(u32::MAX)
        });
        let Some(d) = self.diagram(pack, diagram) else {
            return;
        };
        let Some(pack_id) = self.library.packs().get(pack).map(|p| p.id().0.clone()) else {
            return;
        };
        let keys: Vec<(ItemKey, bool)> = graded
            .nodes
            .iter()
            .filter_map(|&(n, right)| {
                let node = d.nodes.get(n)?;
                let id = node_item_id(d.id.as_str(), node.id.as_str());
                Some((ItemKey::new(pack_id.clone(), id), right))
            })
            .collect();
        let Ok(engine) = &mut self.engine else { return };
        for (key, right) in keys {
            let rating = if right { Rating::Good } else { Rating::Again };
            let result = engine.answer(
                &key,
                ItemKind::Node,
                rating,
                "diagram",
                took,
                self.clock.as_ref(),
            );
            if let Err(e) = result {
                self.notice = Some(e.to_string());
            }
        }
    }
}

/// Why each diagram cannot be used, from its pack's load problems: (pack index, diagram index)
/// → the first problem, located.
pub fn diagram_problems(
    library: &crate::pack::Library,
    reports: &[crate::pack::LoadReport],
) -> HashMap<(usize, usize), String> {
    let mut out = HashMap::new();
    for report in reports {
        let Some(loaded) = &report.pack else { continue };
        let Some(p) = library.packs().iter().position(|p| p.id() == loaded.id()) else {
            continue;
        };
        let Some(pack) = library.packs().get(p) else {
            continue;
        };
        if pack.manifest.version != loaded.manifest.version {
            continue; // another version of this pack won
        }
        for (d, diagram) in pack.diagrams.iter().enumerate() {
            let id = diagram.id.as_str();
            let problem = report.problems.iter().find(|problem| {
                problem.item == id
                    || problem
                        .item
                        .strip_prefix(id)
                        .is_some_and(|rest| rest.starts_with('/'))
            });
            if let Some(problem) = problem {
                out.entry((p, d)).or_insert_with(|| problem.to_string());
            }
        }
    }
    out
}

/// Which source each pack of `library` was loaded from: the report whose version won.
pub fn pack_sources(
    library: &crate::pack::Library,
    sources: &[crate::pack::PackSource],
    reports: &[crate::pack::LoadReport],
) -> HashMap<usize, crate::pack::PackSource> {
    let mut out = HashMap::new();
    for (source, report) in sources.iter().zip(reports) {
        let Some(loaded) = &report.pack else { continue };
        let found = library
            .packs()
            .iter()
            .position(|p| p.id() == loaded.id() && p.manifest.version == loaded.manifest.version);
        if let Some(index) = found {
            out.entry(index).or_insert_with(|| source.clone());
        }
    }
    out
}
