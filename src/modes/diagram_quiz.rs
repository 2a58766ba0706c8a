//! The diagram quiz: questions generated from a diagram's data (locate, identify, connect,
//! label), graded per node. Pure and seeded; the app records each node's result through the
//! engine (`diagram/node` items), so weak components come back.

use super::diagram::Links;
use super::glossary::fold;
use super::mix;
use crate::pack::Diagram;
use crate::study::clock::Timestamp;

/// The four ways of asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// "Click the component that …" (its role is shown).
    Locate,
    /// One box highlighted, its label hidden: choose or type its name.
    Identify,
    /// "Which components does X talk to directly?": select the boxes.
    Connect,
    /// Every label hidden: put each label on its box.
    Label,
}

impl Mode {
    /// Every mode, in menu order.
    pub const ALL: [Self; 4] = [Self::Locate, Self::Identify, Self::Connect, Self::Label];

    /// Its name on buttons.
    pub fn name(self) -> &'static str {
        match self {
            Self::Locate => "Locate",
            Self::Identify => "Identify",
            Self::Connect => "Connect",
            Self::Label => "Label",
        }
    }
}

/// What a question asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Click the node whose role is shown.
    Locate,
    /// Name the highlighted node: options (one right), or type it.
    Identify {
        /// Labels to choose from.
        options: Vec<String>,
        /// Index of the right one.
        right: usize,
    },
    /// Select every node connected to the asked one by an edge, in either direction.
    Connect {
        /// The right nodes, ascending.
        neighbours: Vec<usize>,
    },
    /// Put each label on its box.
    Label {
        /// The labels to place, shuffled; each distinct.
        labels: Vec<String>,
    },
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The node asked about (`None` for Label, which asks about every node).
    pub node: Option<usize>,
    /// What is asked.
    pub ask: Ask,
}

/// The learner's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// Clicked (or chose by keyboard) this node.
    Node(usize),
    /// Chose this option.
    Option(usize),
    /// Typed this name.
    Typed(String),
    /// Selected these nodes.
    Nodes(Vec<usize>),
    /// For each node, the index of the label put on it (`None` when left empty).
    Labels(Vec<Option<usize>>),
    /// As `Labels`, graded on the labelled boxes only: the learner chose to check before
    /// labelling every box, and the empty ones are neither right nor wrong.
    PlacedLabels(Vec<Option<usize>>),
}

/// A graded answer: right or wrong per node, and overall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graded {
    /// (node, right) for every node the answer covers.
    pub nodes: Vec<(usize, bool)>,
    /// Whether the whole answer was right.
    pub right: bool,
}

/// Whether `name` names node `node` (its label or an alias, ignoring case and accents).
pub fn names_node(diagram: &Diagram, node: usize, name: &str) -> bool {
    let Some(n) = diagram.nodes.get(node) else {
        return false;
    };
    let typed = fold(name.trim());
    !typed.is_empty()
        && std::iter::once(&n.label)
            .chain(&n.aliases)
            .any(|known| fold(known.trim()) == typed)
}

/// The nodes joined to `node` by an edge, either way, ascending. One call looks the whole
/// diagram up once; to ask about many nodes, build [`Links`] once and ask it.
pub fn neighbours(diagram: &Diagram, node: usize) -> Vec<usize> {
    Links::new(diagram).neighbours(node)
}

/// Up to `count` questions in `mode`, on the nodes in `order` (weakest first), skipping nodes
/// that cannot be asked without ambiguity: Locate needs a role no other node shares; Identify a
/// label no other node shares and at least one other label to offer; Connect at least one edge.
/// Label is one question on the whole diagram (with at least two labels).
pub fn questions(
    diagram: &Diagram,
    mode: Mode,
    order: &[usize],
    count: usize,
    seed: u64,
) -> Vec<Question> {
    let folded_labels: Vec<String> = diagram.nodes.iter().map(|n| fold(&n.label)).collect();
    let unique = |values: &[String], i: usize| {
        values
            .get(i)
            .is_some_and(|v| values.iter().filter(|o| *o == v).count() == 1)
    };
    if mode == Mode::Label {
        let mut labels: Vec<String> = Vec::new();
        for (n, folded) in diagram.nodes.iter().zip(&folded_labels) {
            if !labels.iter().any(|l| fold(l) == *folded) {
                labels.push(n.label.clone());
            }
        }
        shuffle(&mut labels, seed);
        return if labels.len() >= 2 {
            vec![Question {
                node: None,
                ask: Ask::Label { labels },
            }]
        } else {
            Vec::new()
        };
    }
    let roles: Vec<String> = diagram.nodes.iter().map(|n| fold(&n.role)).collect();
    let links = (mode == Mode::Connect).then(|| Links::new(diagram));
    order
        .iter()
        .filter_map(|&node| {
            let ask = match mode {
                Mode::Locate => {
                    (unique(&roles, node) && unique(&folded_labels, node)).then_some(Ask::Locate)?
                }
                Mode::Identify if unique(&folded_labels, node) => {
                    identify(diagram, &folded_labels, node, seed)?
                }
                Mode::Connect => {
                    let neighbours = links.as_ref()?.neighbours(node);
                    (!neighbours.is_empty()).then_some(Ask::Connect { neighbours })?
                }
                Mode::Identify | Mode::Label => return None,
            };
            Some(Question {
                node: Some(node),
                ask,
            })
        })
        .take(count)
        .collect()
}

fn identify(diagram: &Diagram, folded: &[String], node: usize, seed: u64) -> Option<Ask> {
    let answer = diagram.nodes.get(node)?.label.clone();
    let mut others: Vec<(u64, usize)> = (0..diagram.nodes.len())
        .filter(|&i| i != node)
        .map(|i| (mix(seed ^ (node as u64) << 20 ^ i as u64), i))
        .collect();
    others.sort_unstable();
    let mut seen = vec![fold(&answer)];
    let mut options = Vec::new();
    for (_, i) in others {
        let (Some(label), Some(f)) = (diagram.nodes.get(i).map(|n| &n.label), folded.get(i)) else {
            continue;
        };
        if !seen.contains(f) {
            seen.push(f.clone());
            options.push(label.clone());
        }
        if options.len() == 3 {
            break;
        }
    }
    if options.is_empty() {
        return None;
    }
    let right = usize::try_from(mix(seed ^ node as u64) % (options.len() as u64 + 1)).ok()?;
    options.insert(right, answer);
    Some(Ask::Identify { options, right })
}

/// Whether box `node` shows its label while `question` is asked. An Identify question hides
/// the asked box and every box that a wrong option names: options are other boxes' labels, and
/// one left readable on the canvas could be ruled out without knowing the diagram.
pub fn shows_label(diagram: &Diagram, question: &Question, node: usize) -> bool {
    let Ask::Identify { options, .. } = &question.ask else {
        return true;
    };
    let Some(label) = diagram.nodes.get(node).map(|n| &n.label) else {
        return true;
    };
    question.node != Some(node) && !options.iter().any(|o| o == label)
}

/// Grades `response` to `question` on `diagram`.
pub fn grade(diagram: &Diagram, question: &Question, response: &Response) -> Graded {
    let single = |node: usize, right: bool| Graded {
        nodes: vec![(node, right)],
        right,
    };
    match (&question.ask, question.node, response) {
        (Ask::Locate, Some(node), Response::Node(clicked)) => single(node, *clicked == node),
        (Ask::Identify { right, .. }, Some(node), Response::Option(chosen)) => {
            single(node, chosen == right)
        }
        (Ask::Identify { .. }, Some(node), Response::Typed(name)) => {
            single(node, names_node(diagram, node, name))
        }
        (Ask::Connect { neighbours }, Some(node), Response::Nodes(chosen)) => {
            let mut chosen = chosen.clone();
            chosen.sort_unstable();
            chosen.dedup();
            single(node, &chosen == neighbours)
        }
        (Ask::Label { labels }, None, Response::Labels(placed)) => {
            let nodes: Vec<(usize, bool)> = (0..diagram.nodes.len())
                .map(|i| {
                    let label = placed.get(i).copied().flatten().and_then(|l| labels.get(l));
                    (i, label.is_some_and(|l| names_node(diagram, i, l)))
                })
                .collect();
            let right = nodes.iter().all(|(_, r)| *r);
            Graded { nodes, right }
        }
        (Ask::Label { labels }, None, Response::PlacedLabels(placed)) => {
            let nodes: Vec<(usize, bool)> = (0..diagram.nodes.len())
                .filter_map(|i| {
                    let label = labels.get(placed.get(i).copied().flatten()?)?;
                    Some((i, names_node(diagram, i, label)))
                })
                .collect();
            let right = !nodes.is_empty() && nodes.iter().all(|(_, r)| *r);
            Graded { nodes, right }
        }
        // An answer of the wrong shape is wrong, for the node asked.
        (_, node, _) => Graded {
            nodes: node.map(|n| vec![(n, false)]).unwrap_or_default(),
            right: false,
        },
    }
}

/// A quiz in progress on the open diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizState {
    /// How it asks.
    pub mode: Mode,
    /// The questions, weakest nodes first.
    pub questions: Vec<Question>,
    /// The question showing (`questions.len()` when the quiz is over).
    pub current: usize,
    /// Connect: the nodes selected so far.
    pub chosen: Vec<usize>,
    /// Identify: the name typed so far.
    pub typed: String,
    /// Label: for each node, the label put on it.
    pub placed: Vec<Option<usize>>,
    /// Label: the label picked up, waiting for a box.
    pub holding: Option<usize>,
    /// Label: the learner asked to check with boxes still empty, and was asked to fill them
    /// (or to grade the labelled ones only).
    pub asked_to_place: bool,
    /// The current question's grade, once answered (feedback shows until Next).
    pub graded: Option<Graded>,
    /// The answer given, for the feedback.
    pub response: Option<Response>,
    /// Every node result so far, in order.
    pub results: Vec<(usize, bool)>,
    /// Questions answered right.
    pub right: usize,
    /// When the current question was shown.
    pub asked_at: Timestamp,
}

impl QuizState {
    /// A quiz in `mode` asking `questions` on a diagram of `nodes` nodes, starting at `now`.
    pub fn new(mode: Mode, questions: Vec<Question>, nodes: usize, now: Timestamp) -> Self {
        Self {
            mode,
            questions,
            current: 0,
            chosen: Vec::new(),
            typed: String::new(),
            placed: vec![None; nodes],
            holding: None,
            asked_to_place: false,
            graded: None,
            response: None,
            results: Vec::new(),
            right: 0,
            asked_at: now,
        }
    }

    /// Moves on once the current question is answered; returns whether it did.
    pub fn next(&mut self, now: Timestamp) -> bool {
        if self.graded.take().is_none() {
            return false;
        }
        self.current += 1;
        self.chosen.clear();
        self.typed.clear();
        self.placed.iter_mut().for_each(|p| *p = None);
        self.holding = None;
        self.asked_to_place = false;
        self.response = None;
        self.asked_at = now;
        true
    }

    /// Label: the boxes with no label on them yet, ascending (none in other modes, or once
    /// answered).
    pub fn unplaced(&self) -> Vec<usize> {
        if self.mode != Mode::Label || self.graded.is_some() {
            return Vec::new();
        }
        (0..self.placed.len())
            .filter(|&i| self.placed.get(i).is_some_and(Option::is_none))
            .collect()
    }

    /// Whether anything has been answered in this quiz.
    pub fn answered_any(&self) -> bool {
        self.current > 0 || self.graded.is_some()
    }

    /// Whether the quiz is over (the summary shows).
    pub fn is_over(&self) -> bool {
        self.current >= self.questions.len()
    }

    /// Ends the quiz early: the questions not yet answered are dropped, so the summary counts
    /// what was answered. Does nothing when nothing was.
    pub fn finish(&mut self) {
        if !self.answered_any() || self.is_over() {
            return;
        }
        let answered = self.current + usize::from(self.graded.is_some());
        self.questions.truncate(answered);
        self.current = self.questions.len();
        self.graded = None;
        self.response = None;
        self.holding = None;
        self.asked_to_place = false;
    }

    /// Connect: selects `node`, or unselects it (the asked node cannot be chosen).
    pub fn toggle(&mut self, node: usize) {
        if let Some(at) = self.chosen.iter().position(|&n| n == node) {
            self.chosen.remove(at);
        } else if self.question().and_then(|q| q.node) != Some(node) {
            self.chosen.push(node);
        }
    }

    /// The answer being built (typed name, selected boxes, placed labels), to check; `None` for
    /// modes answered by a single click or option, or once answered.
    pub fn submission(&self) -> Option<Response> {
        if self.graded.is_some() {
            return None;
        }
        match (self.mode, self.question().map(|q| &q.ask)) {
            (Mode::Identify, Some(Ask::Identify { .. })) => {
                Some(Response::Typed(self.typed.clone()))
            }
            (Mode::Connect, Some(_)) => Some(Response::Nodes(self.chosen.clone())),
            (Mode::Label, Some(_)) => Some(Response::Labels(self.placed.clone())),
            _ => None,
        }
    }

    /// The question showing, if the quiz is not over.
    pub fn question(&self) -> Option<&Question> {
        self.questions.get(self.current)
    }
}

/// Grades `response` to the current question and keeps the result for feedback.
pub fn answer(diagram: &Diagram, quiz: &mut QuizState, response: Response) -> Graded {
    let graded = quiz.question().map_or(
        Graded {
            nodes: Vec::new(),
            right: false,
        },
        |q| grade(diagram, q, &response),
    );
    quiz.results.extend(graded.nodes.iter().copied());
    quiz.right += usize::from(graded.right);
    quiz.graded = Some(graded.clone());
    quiz.response = Some(response);
    graded
}

/// Puts `label` on `node`. A label may go on several boxes: two boxes can share a name (a
/// kubelet on each node).
pub fn place(quiz: &mut QuizState, node: usize, label: usize) {
    if quiz.graded.is_some() {
        return;
    }
    if let Some(slot) = quiz.placed.get_mut(node) {
        *slot = Some(label);
    }
    quiz.holding = None;
}

/// Shuffles `items` in an order fixed by `seed` (Fisher–Yates on SplitMix64).
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    for i in (1..items.len()).rev() {
        state = mix(state);
        let j = usize::try_from(state % (i as u64 + 1)).unwrap_or(0);
        items.swap(i, j);
    }
}
