//! Loading one pack: read the manifest and the files it includes, parse, validate, check assets.
//!
//! [`load`] never panics and never stops at the first problem: it returns the pack (whenever the
//! manifest parsed) together with every problem found, each with `path:line:col`.

use std::cell::OnceCell;

use serde::de::DeserializeOwned;

use super::locate::{SpanIndex, Step, nearest_id_before};
use super::model::{Card, Content, Diagram, ManifestFile, Primer, Term};
use super::pack::{Manifest, Pack};
use super::parse::parse_ron;
use super::problem::Problem;
use super::source::{MAX_TEXT_BYTES, PackSource, ReadError};
use super::validate::{Reporter, validate};

/// Most content files one pack may include.
pub const MAX_INCLUDES: usize = 256;

/// One parsed text file of a pack, kept so problems can be located in it.
#[derive(Debug)]
pub struct SourceFile {
    /// How a person names the file.
    pub display: String,
    text: String,
    index: OnceCell<SpanIndex>,
}

impl SourceFile {
    fn new(display: String, text: String) -> Self {
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
    /// `glossary`, `cards`, `primers` or `diagrams`.
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
        })
    }
}

/// The outcome of loading one pack.
#[derive(Debug)]
pub struct LoadReport {
    /// Where it was loaded from, as a person names it.
    pub origin: String,
    /// The pack, whenever its manifest could be read (even with problems).
    pub pack: Option<Pack>,
    /// Every problem found, in file order.
    pub problems: Vec<Problem>,
}

/// Reads, parses and validates the pack at `source`.
pub fn load(source: &PackSource) -> LoadReport {
    let origin = source.describe();
    let mut problems = Vec::new();
    let manifest_rel = source.manifest_rel();
    let Some((manifest_file, manifest)) =
        read_parsed::<ManifestFile>(source, manifest_rel, None, &mut problems)
    else {
        return LoadReport {
            origin,
            pack: None,
            problems,
        };
    };
    let mut manifest = manifest;
    let inline = manifest.take_content();
    let pack_id = manifest.id.as_str().to_owned();
    let mut files = vec![manifest_file];
    let mut parsed = Parsed {
        manifest,
        contents: vec![(0, inline)],
        incomplete: false,
    };

    let includes = parsed.manifest.include.clone();
    if !includes.is_empty() && !source.is_folder() {
        let mut report = Reporter::new(&files);
        report.at(
            0,
            &[Step::Field("include")],
            &pack_id,
            "a single-file pack cannot include other files; make it a pack folder",
        );
        problems.append(&mut report.problems);
    } else if includes.len() > MAX_INCLUDES {
        let mut report = Reporter::new(&files);
        report.at(
            0,
            &[Step::Field("include")],
            &pack_id,
            format!(
                "{} files included; the limit is {MAX_INCLUDES}",
                includes.len()
            ),
        );
        problems.append(&mut report.problems);
    } else {
        for (i, rel) in includes.iter().enumerate() {
            if let Some(problem) = files
                .first()
                .and_then(|manifest| include_problem(source, rel, manifest, i, &pack_id))
            {
                problems.push(problem);
                parsed.incomplete = true;
                continue;
            }
            if let Some((file, content)) =
                read_parsed::<Content>(source, rel, Some(&pack_id), &mut problems)
            {
                files.push(file);
                parsed.contents.push((files.len() - 1, content));
            } else {
                parsed.incomplete = true;
            }
        }
    }

    let mut report = Reporter::new(&files);
    validate(&parsed, &mut report);
    super::assets::check(source, &parsed, &mut report);
    problems.append(&mut report.problems);

    // Report in reading order: the manifest, then each include, each file top to bottom.
    let order: Vec<String> = std::iter::once(manifest_rel)
        .chain(includes.iter().map(String::as_str))
        .map(|rel| source.display(rel))
        .collect();
    let rank = |file: &str| order.iter().position(|f| f == file).unwrap_or(order.len());
    problems.sort_by_key(|p| (rank(&p.file), p.line, p.col));
    let builtin = matches!(source, PackSource::Embedded { .. });
    let pack = Pack::new(
        Manifest::from_file(&parsed.manifest),
        parsed,
        problems.len(),
        origin.clone(),
        builtin,
    );
    LoadReport {
        origin,
        pack: Some(pack),
        problems,
    }
}

/// A problem with an include entry (rejected path or same as the manifest), if any.
fn include_problem(
    source: &PackSource,
    rel: &str,
    manifest: &SourceFile,
    i: usize,
    pack_id: &str,
) -> Option<Problem> {
    let why = match super::source::check_relative_path(rel) {
        Err(why) => why,
        Ok(()) if rel.trim_start_matches("./") == source.manifest_rel() => {
            "the manifest cannot include itself".to_owned()
        }
        Ok(()) => return None,
    };
    let (line, col) = manifest.position(&[Step::Field("include"), Step::Index(i)]);
    Some(Problem {
        file: manifest.display.clone(),
        line,
        col,
        item: pack_id.to_owned(),
        message: why,
    })
}

/// Reads `rel`, decodes UTF-8 and parses it as `T`; on failure records a located problem.
fn read_parsed<T: DeserializeOwned>(
    source: &PackSource,
    rel: &str,
    pack_id: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Option<(SourceFile, T)> {
    let display = source.display(rel);
    let item = pack_id.unwrap_or("manifest").to_owned();
    let problem = |line, col, item: String, message: String| Problem {
        file: display.clone(),
        line,
        col,
        item,
        message,
    };
    let bytes = match source.read(rel, MAX_TEXT_BYTES) {
        Ok(bytes) => bytes,
        Err(err) => {
            let message = match &err {
                ReadError::NotFound if pack_id.is_none() && source.is_folder() => {
                    "no pack.ron here: a pack folder needs a manifest named pack.ron".to_owned()
                }
                other => other.describe(),
            };
            problems.push(problem(1, 1, item, message));
            return None;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let head = String::from_utf8_lossy(bytes.get(..valid).unwrap_or_default());
            let line = head.matches('\n').count() + 1;
            let col = head
                .rsplit('\n')
                .next()
                .map_or(1, |l| l.chars().count() + 1);
            let byte = bytes.get(valid).copied().unwrap_or_default();
            problems.push(problem(
                line,
                col,
                item,
                format!("file is not valid UTF-8 (byte 0x{byte:02x}); save it as UTF-8"),
            ));
            return None;
        }
    };
    match parse_ron::<T>(&text) {
        Ok(value) => Some((SourceFile::new(display.clone(), text), value)),
        Err(err) => {
            let offset = offset_of(&text, err.line, err.col);
            let near = nearest_id_before(&text, offset).map_or(item, str::to_owned);
            problems.push(problem(err.line, err.col, near, err.message));
            None
        }
    }
}

/// Byte offset of a 1-based (line, col) position.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = text.get(line_start..).unwrap_or("");
    line_start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}
