//! Collecting located problems, at most [`MAX_PROBLEMS_PER_FILE`] listed per file.
//!
//! A hostile or badly generated file can hold millions of problems (one per card); listing them
//! all costs memory and helps nobody. Each file keeps its first problems by position (whatever
//! order the checks ran in), and one closing line counts the rest.

use std::collections::BinaryHeap;

use crate::pack::locate::Step;
use crate::pack::parsed::SourceFile;
use crate::pack::problem::Problem;

/// Most problems listed for one file; one more line says how many were left out.
pub const MAX_PROBLEMS_PER_FILE: usize = 1000;

/// The problems of one file: the first [`MAX_PROBLEMS_PER_FILE`] by position, and a count of
/// the rest.
#[derive(Debug, Default)]
struct FileProblems {
    /// A max-heap, so the last listed problem is the one to drop when an earlier one comes.
    listed: BinaryHeap<Problem>,
    omitted: usize,
    /// Where the earliest problem left out is, and its item.
    first_omitted: Option<(usize, usize, String)>,
}

impl FileProblems {
    fn omit(&mut self, line: usize, col: usize, item: &str) {
        self.omitted += 1;
        if self
            .first_omitted
            .as_ref()
            .is_none_or(|(l, c, _)| (line, col) < (*l, *c))
        {
            self.first_omitted = Some((line, col, item.to_owned()));
        }
    }
}

/// What a [`Reporter`] found.
#[derive(Debug)]
pub struct Found {
    /// The problems listed, in no particular order.
    pub listed: Vec<Problem>,
    /// One line per file with problems left out, placed where the first of them is.
    pub summaries: Vec<Problem>,
    /// How many problems were left out in all.
    pub omitted: usize,
}

/// Collects problems with their positions.
pub struct Reporter<'a> {
    files: &'a [SourceFile],
    /// Per file number; the last slot holds problems in files that are not known.
    by_file: Vec<FileProblems>,
}

impl<'a> Reporter<'a> {
    /// A reporter over the pack's parsed files.
    pub fn new(files: &'a [SourceFile]) -> Self {
        Self {
            files,
            by_file: (0..=files.len()).map(|_| FileProblems::default()).collect(),
        }
    }

    /// Records `message` for `item` at `path` in file number `file`.
    pub fn at(&mut self, file: usize, path: &[Step<'_>], item: &str, message: impl Into<String>) {
        let (display, line, col, slot) = match self.files.get(file) {
            Some(source) => {
                let (line, col) = source.position(path);
                (source.display.as_str(), line, col, file)
            }
            None => ("<unknown file>", 1, 1, self.files.len()),
        };
        let Some(problems) = self.by_file.get_mut(slot) else {
            return;
        };
        let full = problems.listed.len() >= MAX_PROBLEMS_PER_FILE;
        if full
            && problems
                .listed
                .peek()
                .is_some_and(|last| (line, col) >= (last.line, last.col))
        {
            problems.omit(line, col, item);
            return;
        }
        problems.listed.push(Problem {
            file: display.to_owned(),
            line,
            col,
            item: item.to_owned(),
            message: message.into(),
        });
        if full && let Some(dropped) = problems.listed.pop() {
            problems.omit(dropped.line, dropped.col, &dropped.item);
        }
    }

    /// Where `path` in `file` is, as `path:line:col` (for "first defined at" hints).
    pub fn place(&self, file: usize, path: &[Step<'_>]) -> String {
        self.files.get(file).map_or_else(String::new, |source| {
            let (line, col) = source.position(path);
            format!("{}:{line}:{col}", source.display)
        })
    }

    /// Everything found.
    pub fn finish(self) -> Found {
        let mut found = Found {
            listed: Vec::new(),
            summaries: Vec::new(),
            omitted: 0,
        };
        let names = self
            .files
            .iter()
            .map(|f| f.display.as_str())
            .chain(std::iter::once("<unknown file>"));
        for (problems, file) in self.by_file.into_iter().zip(names) {
            found.listed.extend(problems.listed);
            if let Some((line, col, item)) = problems.first_omitted {
                found.omitted += problems.omitted;
                found.summaries.push(Problem {
                    file: file.to_owned(),
                    line,
                    col,
                    item,
                    message: format!(
                        "and {} more problems in this file from here on, not listed (only the \
                         first {MAX_PROBLEMS_PER_FILE} are); fix these and check again",
                        problems.omitted
                    ),
                });
            }
        }
        found
    }
}
