//! The content-pack schema, format v1, as plain serde types.
//!
//! This file is also compiled by `build.rs` (through `#[path]`) so that a built-in pack that does
//! not parse fails the build. It must therefore depend on nothing but `serde` and `std`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The `kubernetes` of a pack whose facts nobody checked against a version (one imported
/// from an Anki deck or a text export).
pub const UNCHECKED: &str = "unchecked";

/// What a pack's `kubernetes` says, as a phrase: `checked against Kubernetes 1.35`.
pub fn checked_against(kubernetes: &str) -> String {
    if kubernetes == UNCHECKED {
        "not checked against a Kubernetes version".to_owned()
    } else {
        format!("checked against Kubernetes {kubernetes}")
    }
}

/// The newest pack format this build understands.
pub const FORMAT_VERSION: u32 = 1;

fn format_v1() -> u32 {
    FORMAT_VERSION
}

/// A pack id: kebab-case, fixed by the author, stable across versions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(transparent)]
pub struct PackId(pub String);

/// An item id inside a pack: kebab-case, fixed by the author. Progress is keyed by it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(transparent)]
pub struct ItemId(pub String);

impl PackId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ItemId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PackId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `pack.ron`: the manifest, optionally with content inline, and the list of content files.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    /// Pack format version; absent means 1.
    #[serde(default = "format_v1")]
    pub format: u32,
    /// Stable pack id (kebab-case).
    pub id: PackId,
    /// Semantic version of the pack's content, e.g. `"1.2.0"`.
    pub version: String,
    /// Human title.
    pub title: String,
    /// One or two sentences on what the pack teaches.
    pub summary: String,
    /// Language tag of the content, e.g. `"en"`.
    pub language: String,
    /// SPDX license id of the content, e.g. `"CC-BY-4.0"`.
    pub license: String,
    /// Who wrote the pack.
    pub authors: Vec<String>,
    /// The Kubernetes minor version the facts were checked against, e.g. `"1.35"`, or
    /// [`UNCHECKED`] for imported content nobody checked.
    pub kubernetes: String,
    /// Free tags, e.g. the exams the pack serves.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Content files, relative to the pack folder, read in this order.
    #[serde(default)]
    pub include: Vec<String>,
    /// Glossary terms written inline in the manifest.
    #[serde(default)]
    pub glossary: Vec<Term>,
    /// Flashcards written inline in the manifest.
    #[serde(default)]
    pub cards: Vec<Card>,
    /// Primers written inline in the manifest.
    #[serde(default)]
    pub primers: Vec<Primer>,
    /// Diagrams written inline in the manifest.
    #[serde(default)]
    pub diagrams: Vec<Diagram>,
    /// Exam blueprints written inline in the manifest.
    #[serde(default)]
    pub exams: Vec<Blueprint>,
    /// Hands-on tasks written inline in the manifest.
    #[serde(default)]
    pub tasks: Vec<Task>,
}

impl ManifestFile {
    /// Moves the inline content out, leaving the manifest fields.
    pub fn take_content(&mut self) -> Content {
        Content {
            glossary: std::mem::take(&mut self.glossary),
            cards: std::mem::take(&mut self.cards),
            primers: std::mem::take(&mut self.primers),
            diagrams: std::mem::take(&mut self.diagrams),
            exams: std::mem::take(&mut self.exams),
            tasks: std::mem::take(&mut self.tasks),
        }
    }
}

/// A content file listed in `include`: any mix of the six kinds of content.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    /// Glossary terms.
    #[serde(default)]
    pub glossary: Vec<Term>,
    /// Flashcards.
    #[serde(default)]
    pub cards: Vec<Card>,
    /// Primers: short lessons with checks.
    #[serde(default)]
    pub primers: Vec<Primer>,
    /// Architecture diagrams.
    #[serde(default)]
    pub diagrams: Vec<Diagram>,
    /// Exam blueprints: domains, weights and competencies.
    #[serde(default)]
    pub exams: Vec<Blueprint>,
    /// Hands-on tasks: commands to type, checked offline.
    #[serde(default)]
    pub tasks: Vec<Task>,
}

/// A glossary term.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Item id.
    pub id: ItemId,
    /// The term as written, e.g. `"kube-apiserver"`.
    pub term: String,
    /// Other names a learner may type or meet.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The definition.
    pub definition: String,
    /// Related terms in the same pack.
    #[serde(default)]
    pub see_also: Vec<ItemId>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The exam competencies it teaches (ids from a blueprint, e.g. `cka.storage.pv-pvc`).
    #[serde(default)]
    pub competencies: Vec<String>,
    /// Where the fact came from (a seed note file name), if anywhere.
    #[serde(default)]
    pub source: Option<String>,
}

/// A flashcard (also the shape of a primer's check question).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// Item id.
    pub id: ItemId,
    /// The question side.
    pub front: String,
    /// The expected answer.
    pub answer: Answer,
    /// Wrong options; when present the card is also asked as multiple choice.
    #[serde(default)]
    pub distractors: Vec<String>,
    /// Shown after the answer: why, a common mistake, a correction of a popular myth.
    #[serde(default)]
    pub explanation: Option<String>,
    /// Glossary terms (in the same pack) the card tests.
    #[serde(default)]
    pub terms: Vec<ItemId>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The exam competencies it teaches (ids from a blueprint, e.g. `cka.storage.pv-pvc`).
    #[serde(default)]
    pub competencies: Vec<String>,
    /// Where the fact came from (a seed note file name), if anywhere.
    #[serde(default)]
    pub source: Option<String>,
    /// Also asked from the answer back to the front (a `Text` answer only), as the item
    /// `id/reverse`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reverse: bool,
    /// Cards of this pack that teach the same fact: review shows at most one of them a day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub siblings: Vec<ItemId>,
    /// An image under the pack's `assets/` shown with the question (PNG or JPEG, the limits of
    /// a diagram's background).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// An image under the pack's `assets/` shown with the answer, once revealed (the same
    /// limits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_image: Option<String>,
}

/// The answer side of a card.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub enum Answer {
    /// Free text.
    Text(String),
    /// A list whose order matters (steps, phases).
    Ordered(Vec<String>),
    /// A set whose order does not matter.
    Set(Vec<String>),
    /// The front is a cloze text (`{{c1::hidden}}`); each deletion number is asked as an item of
    /// its own (`pack::cloze`).
    Cloze,
}

impl Answer {
    /// The answer's parts: one for text, each entry for lists.
    pub fn parts(&self) -> &[String] {
        match self {
            Self::Text(text) => std::slice::from_ref(text),
            Self::Ordered(items) | Self::Set(items) => items,
            Self::Cloze => &[],
        }
    }
}

/// A hands-on task: something to do at a terminal, as in the CKA and CKAD, checked offline by
/// what must hold rather than by one stored answer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Item id.
    pub id: ItemId,
    /// What to do: the object, its namespace, the values, as an exam task states them.
    pub scenario: String,
    /// How it is answered and what must hold.
    pub kind: TaskKind,
    /// A model answer (command lines, one per line); `check` grades it by the task's own rules.
    pub model: String,
    /// A nudge shown on request (the command's shape, a flag to look up); passing after it
    /// suggests Hard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Why the answer is what it is, shown after checking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// Free-form tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Exam competency ids this task practises.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub competencies: Vec<String>,
    /// Where the facts come from (a kubernetes.io page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// How a task is answered.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub enum TaskKind {
    /// kubectl command lines. Each step lists what one line must meet; the steps are met by the
    /// learner's lines in order (other valid lines, such as a `kubectl get` to look, may come
    /// between).
    Command {
        /// What each command must meet, in order.
        steps: Vec<Vec<crate::tasks::kubectl::Expect>>,
    },
    /// A manifest written in the editor: from blank, from a skeleton, or fixing a broken one.
    /// It must be one the API server takes (YAML, the kind's schema for the pack's Kubernetes
    /// version, the server's own rules) and hold what `objects` say.
    Manifest {
        /// What the editor starts with: a skeleton, or the manifest to fix; blank without it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        start: Option<String>,
        /// The objects the manifest must hold, with what their fields must hold.
        objects: Vec<crate::tasks::manifest::Want>,
    },
    /// A field of the API as `kubectl explain` knows it: which field does what the scenario
    /// says (the learner types its path), or what type a field is. After the answer, the
    /// field's own description from the API shows.
    Explain {
        /// The kind the field belongs to (`Pod`).
        kind: String,
        /// The field's path (`spec.terminationGracePeriodSeconds`).
        field: String,
        /// What the learner answers.
        ask: crate::tasks::manifest::Ask,
    },
}

/// A primer: a short lesson in sections, each followed by check questions.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Primer {
    /// Item id.
    pub id: ItemId,
    /// Title.
    pub title: String,
    /// What the primer covers.
    pub summary: String,
    /// The lesson, in reading order.
    pub sections: Vec<Section>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The exam competencies it teaches (ids from a blueprint, e.g. `cka.storage.pv-pvc`).
    #[serde(default)]
    pub competencies: Vec<String>,
    /// Where the facts came from, if anywhere.
    #[serde(default)]
    pub source: Option<String>,
}

/// One section of a primer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Section id, unique in its primer; remembers the reading position across updates.
    pub id: ItemId,
    /// Heading.
    pub heading: String,
    /// Formatted body.
    pub body: Vec<Block>,
    /// Check questions asked after the section; their ids are pack-wide item ids.
    #[serde(default)]
    pub checks: Vec<Card>,
}

/// A block of primer text. Inline code is written between backticks.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Block {
    /// A paragraph.
    Para(String),
    /// A bulleted list.
    Bullets(Vec<String>),
    /// A numbered list.
    Numbered(Vec<String>),
    /// A code block, e.g. shell commands or YAML.
    Code {
        /// Language hint (`"sh"`, `"yaml"`), may be empty.
        #[serde(default)]
        lang: String,
        /// The code, verbatim.
        text: String,
    },
}

/// A rectangle in canvas units: x, y, width, height.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub struct Rect(pub u32, pub u32, pub u32, pub u32);

impl Rect {
    /// Right edge (exclusive), without overflow.
    pub fn right(self) -> u64 {
        u64::from(self.0) + u64::from(self.2)
    }

    /// Bottom edge (exclusive), without overflow.
    pub fn bottom(self) -> u64 {
        u64::from(self.1) + u64::from(self.3)
    }

    /// Whether the two rectangles share any area (touching edges do not count).
    pub fn overlaps(self, other: Rect) -> bool {
        u64::from(self.0) < other.right()
            && u64::from(other.0) < self.right()
            && u64::from(self.1) < other.bottom()
            && u64::from(other.1) < self.bottom()
    }

    /// Whether `inner` lies entirely inside this rectangle.
    pub fn contains(self, inner: Rect) -> bool {
        inner.0 >= self.0
            && inner.1 >= self.1
            && inner.right() <= self.right()
            && inner.bottom() <= self.bottom()
    }
}

/// An architecture diagram: regions, nodes and labelled directed edges on a canvas.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Diagram {
    /// Item id.
    pub id: ItemId,
    /// Title.
    pub title: String,
    /// What the diagram shows.
    #[serde(default)]
    pub summary: String,
    /// Canvas width and height in canvas units.
    pub canvas: (u32, u32),
    /// Optional background image under `assets/`; nodes are then hotspots on it.
    #[serde(default)]
    pub background: Option<String>,
    /// Labelled areas such as "Control plane" or "Worker node".
    #[serde(default)]
    pub regions: Vec<Region>,
    /// The components.
    pub nodes: Vec<Node>,
    /// Directed, labelled connections between nodes.
    #[serde(default)]
    pub edges: Vec<Edge>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Where the facts came from, if anywhere.
    #[serde(default)]
    pub source: Option<String>,
}

/// A labelled area of a diagram.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Id, unique in its diagram.
    pub id: ItemId,
    /// Label drawn on the region.
    pub label: String,
    /// Where it is.
    pub rect: Rect,
}

/// A component in a diagram.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Id, unique in its diagram.
    pub id: ItemId,
    /// Label drawn in the box (hidden in some quiz modes).
    pub label: String,
    /// Other accepted names when the learner types the label.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Where it is; with a background image, the hotspot.
    pub rect: Rect,
    /// The region it sits in, if any.
    #[serde(default)]
    pub region: Option<ItemId>,
    /// The glossary term (same pack) it stands for, if any.
    #[serde(default)]
    pub term: Option<ItemId>,
    /// The exam competencies it teaches (ids from a blueprint, e.g. `cka.storage.pv-pvc`).
    #[serde(default)]
    pub competencies: Vec<String>,
    /// One line on what it does here.
    pub role: String,
}

/// A directed, labelled connection.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    /// Node id the arrow starts at.
    pub from: ItemId,
    /// Node id the arrow points to.
    pub to: ItemId,
    /// What flows along it.
    pub label: String,
}

/// An exam blueprint: what the curriculum tests and how the exam is given.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Blueprint {
    /// Exam id, kebab-case (`"kcna"`, `"cka"`); prefixes every domain and competency id.
    pub id: String,
    /// The exam's full name.
    pub title: String,
    /// The curriculum this blueprint follows.
    pub curriculum: Curriculum,
    /// How the exam is given.
    pub format: ExamFormat,
    /// The domains, each with its weight and competencies; weights sum to 100.
    pub domains: Vec<ExamDomain>,
}

/// The curriculum document a blueprint follows.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Curriculum {
    /// Its version as published (`"v1.35"`, `"2025-11"`).
    pub version: String,
    /// Its date, `YYYY-MM-DD`.
    pub date: String,
    /// Where it is published.
    pub source: String,
}

/// How an exam is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExamFormat {
    /// Multiple-choice questions or hands-on tasks.
    pub style: ExamStyle,
    /// Questions (or tasks) in the real exam.
    pub questions: u32,
    /// Time allowed, in minutes.
    pub minutes: u32,
    /// Pass mark, percent.
    pub pass_percent: u32,
}

/// Whether an exam asks multiple-choice questions or hands-on tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum ExamStyle {
    /// Every question has options to choose from.
    MultipleChoice,
    /// Tasks done in a live cluster.
    HandsOn,
}

/// A domain of an exam.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExamDomain {
    /// `<exam>.<domain>`, e.g. `"cka.storage"`.
    pub id: String,
    /// As the curriculum names it.
    pub name: String,
    /// Percent of the exam.
    pub weight: u32,
    /// What the domain tests, as the curriculum words it.
    pub competencies: Vec<Competency>,
}

/// One competency of a domain.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Competency {
    /// `<exam>.<domain>.<competency>`, e.g. `"cka.storage.storageclass"`; stable.
    pub id: String,
    /// As the curriculum words it.
    pub text: String,
}
