//! Loading one pack: read the manifest and the files it includes, parse, validate, check assets.
//!
//! [`load`] never panics and never stops at the first problem: it returns the pack (whenever the
//! manifest parsed) together with every problem found, each with `path:line:col`.
//!
//! What it reads is bounded before it is read: include names are normalised and de-duplicated
//! first (`c.ron`, `./c.ron` and `././c.ron` are one file, read once), every file goes through
//! one [`ReadBudget`] of [`MAX_PACK_BYTES`](super::source::MAX_PACK_BYTES) for the whole pack, and
//! at most [`MAX_PROBLEMS_PER_FILE`](super::validate::MAX_PROBLEMS_PER_FILE) problems are listed
//! per file.

use std::collections::HashMap;

use serde::de::DeserializeOwned;

use super::locate::{Step, nearest_id_before, offset_at};
use super::model::{Content, ManifestFile};
use super::pack::{Manifest, Pack};
use super::parse::{line_col, parse_ron};
use super::parsed::{Parsed, SourceFile};
use super::problem::Problem;
use super::source::{
    FileNames, MAX_TEXT_BYTES, NameClash, PackReadError, PackSource, ReadBudget, ReadError,
    pack_file_name,
};
use super::validate::{Reporter, validate};

/// Most content files one pack may include.
pub const MAX_INCLUDES: usize = 256;

/// The outcome of loading one pack.
#[derive(Debug)]
pub struct LoadReport {
    /// Where it was loaded from, as a person names it.
    pub origin: String,
    /// The pack, whenever its manifest could be read (even with problems).
    pub pack: Option<Pack>,
    /// Every problem found, in file order (at most a thousand listed per file, then one line
    /// saying how many more there are).
    pub problems: Vec<Problem>,
}

/// What loading has gathered so far.
struct Loading<'s> {
    source: &'s PackSource,
    pack_id: String,
    files: Vec<SourceFile>,
    parsed: Parsed,
    problems: Vec<Problem>,
    budget: ReadBudget,
    names: FileNames,
    /// Every file tried, as displayed, in reading order (problems are sorted by it).
    order: Vec<String>,
}

impl Loading<'_> {
    /// Where `path` is in the manifest: its name, line and column.
    fn in_manifest(&self, path: &[Step<'_>]) -> (String, usize, usize) {
        self.files.first().map_or_else(
            || (self.source.display(self.source.manifest_rel()), 1, 1),
            |manifest| {
                let (line, col) = manifest.position(path);
                (manifest.display.clone(), line, col)
            },
        )
    }

    /// Records a problem of the pack at `path` in the manifest.
    fn report(&mut self, path: &[Step<'_>], message: String) {
        let (file, line, col) = self.in_manifest(path);
        self.problems.push(Problem {
            file,
            line,
            col,
            item: self.pack_id.clone(),
            message,
        });
    }

    /// Records a problem at element `i` of the manifest's `include` list.
    fn at_include(&mut self, i: usize, message: String) {
        self.report(&[Step::Field("include"), Step::Index(i)], message);
    }

    /// Reads the included files in order, each at most once, until the pack's budget is spent.
    fn read_includes(&mut self, includes: &[String]) {
        // Where each file was first included, for "included twice" hints.
        let mut first_at: HashMap<String, usize> = HashMap::new();
        for (i, rel) in includes.iter().enumerate() {
            let name = match pack_file_name(rel) {
                Ok(name) => name,
                Err(why) => {
                    self.at_include(i, why);
                    self.parsed.incomplete = true;
                    continue;
                }
            };
            if let Err(clash) = self.names.claim(&name) {
                let first = first_at.get(&name).copied();
                let message = match (&clash, first) {
                    (NameClash::Same, Some(first)) => {
                        let (file, line, col) =
                            self.in_manifest(&[Step::Field("include"), Step::Index(first)]);
                        format!(
                            "`{rel}` is included twice (first at {file}:{line}:{col}); it is \
                             read once"
                        )
                    }
                    (NameClash::Same, None) => "the manifest cannot include itself".to_owned(),
                    (NameClash::Spelling(_), _) => {
                        self.parsed.incomplete = true;
                        clash.describe(rel)
                    }
                };
                self.at_include(i, message);
                continue;
            }
            first_at.insert(name.clone(), i);
            self.order.push(self.source.display(&name));
            match read_parsed::<Content>(self.source, &name, Some(&self.pack_id), &mut self.budget)
            {
                Outcome::Read(file, content) => {
                    self.files.push(file);
                    self.parsed.contents.push((self.files.len() - 1, content));
                }
                Outcome::Broken(problem) => {
                    self.problems.push(problem);
                    self.parsed.incomplete = true;
                }
                Outcome::PackFull(err) => {
                    let left = includes.len() - i - 1;
                    let rest = match left {
                        0 => String::new(),
                        1 => "; the file included after it was not read either".to_owned(),
                        n => format!("; the {n} files included after it were not read either"),
                    };
                    self.at_include(i, format!("`{rel}`: {}{rest}", err.describe()));
                    self.parsed.incomplete = true;
                    return;
                }
            }
        }
    }
}

/// Reads, parses and validates the pack at `source`, as the app does at every start: every
/// check but those that run hands-on tasks' model answers through their checkers (see
/// [`load_checked`]).
pub fn load(source: &PackSource) -> LoadReport {
    load_at(source, false)
}

/// [`load`], and every hands-on task's model answer (and a manifest task's start) run through
/// the task's own checker, against the Kubernetes schemas, as `kubestudy check` and installing
/// a pack do. The schemas take a few milliseconds a kind to make and the built-in pack has
/// hundreds of tasks: the app's start does not wait for that.
pub fn load_checked(source: &PackSource) -> LoadReport {
    load_at(source, true)
}

fn load_at(source: &PackSource, schemas: bool) -> LoadReport {
    let origin = source.describe();
    let manifest_rel = source.manifest_rel();
    let mut budget = ReadBudget::default();
    let (manifest_file, mut manifest) =
        match read_parsed::<ManifestFile>(source, manifest_rel, None, &mut budget) {
            Outcome::Read(file, manifest) => (file, manifest),
            Outcome::Broken(problem) => {
                return LoadReport {
                    origin,
                    pack: None,
                    problems: vec![problem],
                };
            }
            Outcome::PackFull(err) => {
                let problem = Problem {
                    file: source.display(manifest_rel),
                    line: 1,
                    col: 1,
                    item: "manifest".to_owned(),
                    message: err.describe(),
                };
                return LoadReport {
                    origin,
                    pack: None,
                    problems: vec![problem],
                };
            }
        };
    let inline = manifest.take_content();
    let includes = std::mem::take(&mut manifest.include);
    let mut names = FileNames::default();
    let _ = names.claim(manifest_rel);
    let mut loading = Loading {
        source,
        pack_id: manifest.id.as_str().to_owned(),
        order: vec![manifest_file.display.clone()],
        files: vec![manifest_file],
        parsed: Parsed {
            manifest,
            contents: vec![(0, inline)],
            incomplete: false,
        },
        problems: Vec::new(),
        budget,
        names,
    };
    if !includes.is_empty() && !source.is_folder() {
        let message = "a single-file pack cannot include other files; make it a pack folder";
        loading.report(&[Step::Field("include")], message.to_owned());
    } else if includes.len() > MAX_INCLUDES {
        let message = format!(
            "{} files included; the limit is {MAX_INCLUDES}",
            includes.len()
        );
        loading.report(&[Step::Field("include")], message);
    } else {
        loading.read_includes(&includes);
    }
    let Loading {
        files,
        mut parsed,
        mut problems,
        mut budget,
        mut names,
        order,
        ..
    } = loading;
    parsed.manifest.include = includes;

    let mut report = Reporter::new(&files);
    validate(&parsed, &mut report, schemas);
    super::assets::check(source, &parsed, &mut budget, &mut names, &mut report);
    let found = report.finish();
    let problem_count = problems.len() + found.listed.len() + found.omitted;
    problems.extend(found.listed);
    problems.extend(found.summaries);

    // Report in reading order: the manifest, then each include, each file top to bottom.
    let rank: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, file)| (file.as_str(), i))
        .collect();
    problems.sort_by_cached_key(|p| {
        let file = rank.get(p.file.as_str()).copied().unwrap_or(order.len());
        (file, p.line, p.col)
    });
    let builtin = matches!(source, PackSource::Embedded { .. });
    let pack = Pack::new(
        Manifest::from_file(&parsed.manifest),
        parsed,
        problem_count,
        origin.clone(),
        builtin,
    );
    LoadReport {
        origin,
        pack: Some(pack),
        problems,
    }
}

/// What reading one file gave.
enum Outcome<T> {
    /// The file, parsed.
    Read(SourceFile, T),
    /// It could not be read or parsed: this says why, and where.
    Broken(Problem),
    /// Reading it would take the pack past its budget; nothing of it was read.
    PackFull(PackReadError),
}

/// The bytes a zip archive (a `.kspack`) starts with.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Reads `rel` (counted against `budget`), decodes UTF-8 (after a byte-order mark, if any) and
/// parses it as `T`.
fn read_parsed<T: DeserializeOwned>(
    source: &PackSource,
    rel: &str,
    pack_id: Option<&str>,
    budget: &mut ReadBudget,
) -> Outcome<T> {
    let display = source.display(rel);
    let item = pack_id.unwrap_or("manifest").to_owned();
    let problem = |(line, col), item: String, message: String| {
        Outcome::Broken(Problem {
            file: display.clone(),
            line,
            col,
            item,
            message,
        })
    };
    let bytes = match budget.read(source, rel, MAX_TEXT_BYTES) {
        Ok(bytes) => bytes,
        Err(full @ PackReadError::PackFull { .. }) => return Outcome::PackFull(full),
        Err(PackReadError::File(err)) => {
            let message = match &err {
                ReadError::NotFound if pack_id.is_none() && source.is_folder() => {
                    "no pack.ron here: a pack folder needs a manifest named pack.ron".to_owned()
                }
                other => other.describe(),
            };
            return problem((1, 1), item, message);
        }
    };
    if bytes.starts_with(ZIP_MAGIC) {
        let message = "this is a zip archive, not RON text: a shared pack (.kspack) is checked \
                       with `kubestudy check FILE.kspack` and installed with `kubestudy import`";
        return problem((1, 1), item, message.to_owned());
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let head = std::str::from_utf8(bytes.get(..valid).unwrap_or_default()).unwrap_or("");
            let byte = bytes.get(valid).copied().unwrap_or_default();
            return problem(
                line_col(head, head.len()),
                item,
                format!("file is not valid UTF-8 (byte 0x{byte:02x}); save it as UTF-8"),
            );
        }
    };
    match parse_ron::<T>(&text) {
        Ok(value) => Outcome::Read(SourceFile::new(display.clone(), text), value),
        Err(err) => {
            let offset = offset_at(&text, (err.line, err.col));
            let near = nearest_id_before(&text, offset).map_or(item, str::to_owned);
            problem((err.line, err.col), near, err.message)
        }
    }
}
