//! What loading a pack parses, before it becomes a [`Pack`](super::pack::Pack): each file's text
//! (to locate problems in it), each item's place, and the parsed content. Loading fills these in;
//! validation and the asset check read them. They sit below all three, so none of them depends
//! on another's module to name them.

use std::cell::OnceCell;

use super::locate::{SpanIndex, Step};
use super::model::{Blueprint, Card, Content, Diagram, ManifestFile, Primer, Task, Term};

/// One parsed text file of a pack, kept so problems can be located in it.
#[derive(Debug)]
pub struct SourceFile {
    /// How a person names the file.
    pub display: String,
    text: String,
    index: OnceCell<SpanIndex>,
}

impl SourceFile {
    pub(super) fn new(display: String, text: String) -> Self {
        Self {
            display,
            text,
            index: OnceCell::new(),
        }
    }

    /// The 1-based (line, col) of the value at `path`; the file is scanned on first use only.
    pub fn position(&self, path: &[Step<'_>]) -> (usize, usize) {
        self.index
            .get_or_init(|| SpanIndex::new(&self.text))
            .locate(&self.text, path)
    }
}

/// Where an item was written: file number and its index in that file's list.
#[derive(Debug, Clone, Copy)]
pub struct Loc {
    /// Index into the pack's parsed files (0 is the manifest).
    pub file: usize,
    /// `glossary`, `cards`, `primers`, `diagrams`, `exams` or `tasks`.
    pub list: &'static str,
    /// Position in that list.
    pub index: usize,
}

impl Loc {
    /// The item's path in its file.
    pub fn path(&self) -> [Step<'static>; 2] {
        [Step::Field(self.list), Step::Index(self.index)]
    }
}

/// Everything parsed from a pack's files, kept per file so each item's place is known.
#[derive(Debug)]
pub struct Parsed {
    /// The manifest, its inline content moved out.
    pub manifest: ManifestFile,
    /// Each parsed file's content with its file number (0 is the manifest), in reading order.
    pub contents: Vec<(usize, Content)>,
    /// Whether some included file could not be read or parsed (so content may be missing).
    pub incomplete: bool,
}

macro_rules! items {
    ($name:ident, $list:literal, $ty:ty) => {
        /// Every item of this kind with its place, in reading order.
        pub fn $name(&self) -> impl Iterator<Item = (&$ty, Loc)> {
            self.contents.iter().flat_map(|(file, content)| {
                content.$name.iter().enumerate().map(move |(index, item)| {
                    (
                        item,
                        Loc {
                            file: *file,
                            list: $list,
                            index,
                        },
                    )
                })
            })
        }
    };
}

impl Parsed {
    items!(glossary, "glossary", Term);
    items!(cards, "cards", Card);
    items!(primers, "primers", Primer);
    items!(diagrams, "diagrams", Diagram);
    items!(exams, "exams", Blueprint);
    items!(tasks, "tasks", Task);

    /// How many glossary terms and cards there are (for sizing lookup tables).
    pub fn term_and_card_count(&self) -> (usize, usize) {
        self.contents.iter().fold((0, 0), |(t, c), (_, content)| {
            (t + content.glossary.len(), c + content.cards.len())
        })
    }

    /// Whether no file holds any content.
    pub fn is_empty(&self) -> bool {
        self.contents.iter().all(|(_, c)| {
            c.glossary.is_empty()
                && c.cards.is_empty()
                && c.primers.is_empty()
                && c.diagrams.is_empty()
                && c.exams.is_empty()
                && c.tasks.is_empty()
        })
    }
}
