//! `kubestudy coverage [--exam ID] [--json] [PACK...]`: per domain and competency of an exam,
//! the questions and other items there are, the learner's predicted recall on exam day, and
//! the gaps. With pack paths, only those packs are counted and no progress is read: what a pack
//! author covers.

use std::io::Write;
use std::path::PathBuf;

use super::stats::{open_engine, with_data};
use crate::dirs::AppDirs;
use crate::pack::{Library, Pack};
use crate::study::clock::Clock;
use crate::study::coverage::{
    ExamCoverage, MIN_QUESTIONS, SHARE_TOLERANCE, competency_items, coverage, library_catalog,
    percent,
};
use crate::study::exam::ExamPlan;

/// What `coverage` was asked for.
#[derive(Debug, Clone, Default)]
pub struct CoverageArgs {
    /// One exam id (else the exam set in the settings, else every exam).
    pub exam: Option<String>,
    /// Print JSON.
    pub json: bool,
    /// Count only these packs (folders, `.ron` or `.kspack` files), without progress.
    pub packs: Vec<PathBuf>,
}

/// Prints the coverage map. Exit 0 when printed (gaps are findings, not failures), 2 on a bad
/// argument, 1 when the data cannot be read.
pub fn coverage_cmd(
    dirs: Option<&AppDirs>,
    args: &CoverageArgs,
    clock: &dyn Clock,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    if !args.packs.is_empty() {
        let reports: Vec<_> = args.packs.iter().map(|p| super::check_one(p)).collect();
        for report in &reports {
            if !report.problems.is_empty() {
                let _ = writeln!(
                    err,
                    "warning: {} has {}; `kubestudy check` lists them",
                    report.origin,
                    crate::pack::plural(report.problems.len(), "problem")
                );
            }
        }
        let library = Library::from_reports(&reports);
        let packs: Vec<&Pack> = library.packs().iter().map(AsRef::as_ref).collect();
        // The blueprints: built in, plus any the packs define.
        let mut exams: Vec<_> = crate::pack::blueprint::builtin().exams().to_vec();
        exams.extend(packs.iter().flat_map(|p| p.exams.iter().cloned()));
        let catalog = crate::pack::blueprint::Catalog::new(exams);
        let items = competency_items(&packs);
        let chosen = match choose(&catalog, args.exam.as_deref(), None) {
            Ok(chosen) => chosen,
            Err(message) => {
                let _ = writeln!(err, "kubestudy coverage: {message}");
                return super::EXIT_USAGE;
            }
        };
        let maps: Vec<ExamCoverage> = chosen
            .iter()
            .map(|exam| coverage(exam, &items, None, 0.0))
            .collect();
        return print(&maps, args.json, out, err);
    }
    with_data("coverage", dirs, err, |dirs, err| {
        let (engine, days, library) = open_engine(dirs, clock, err)?;
        let settings = engine.settings();
        let catalog = library_catalog(&library);
        let set = settings.exam.map(crate::study::exam::Exam::id);
        let chosen = choose(&catalog, args.exam.as_deref(), set)?;
        // Recall on exam day if one is set, else now.
        let at = ExamPlan::new(settings.exam_date.as_deref(), settings.last_pass_days)
            .map_or_else(|| clock.now(), |plan| plan.exam_time(days));
        let maps = chosen
            .iter()
            .map(|exam| engine.coverage(&library, exam, at))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        match print(&maps, args.json, out, err) {
            0 => Ok(()),
            _ => Err("cannot write the report".to_owned()),
        }
    })
}

/// The exams to map: the one asked, else the one set, else all.
fn choose<'a>(
    catalog: &'a crate::pack::blueprint::Catalog,
    asked: Option<&str>,
    set: Option<&str>,
) -> Result<Vec<&'a crate::pack::model::Blueprint>, String> {
    match asked.map(str::trim).map(str::to_ascii_lowercase) {
        Some(id) => catalog.exam(&id).map(|e| vec![e]).ok_or_else(|| {
            let known: Vec<&str> = catalog.exams().iter().map(|e| e.id.as_str()).collect();
            format!(
                "no exam `{}`; known: {}",
                crate::files::terminal_safe(&id, false),
                known.join(", ")
            )
        }),
        None => Ok(set
            .and_then(|id| catalog.exam(id))
            .map_or_else(|| catalog.exams().iter().collect(), |e| vec![e])),
    }
}

fn print(maps: &[ExamCoverage], json: bool, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let written = if json {
        serde_json::to_writer_pretty(&mut *out, maps)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        maps.iter().try_for_each(|m| text(m, out))
    };
    match written {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "kubestudy coverage: cannot write the report: {e}");
            1
        }
    }
}

/// `1 question`, `2 questions`.
fn questions(n: u32) -> String {
    crate::pack::plural(usize::try_from(n).unwrap_or(usize::MAX), "question")
}

fn text(map: &ExamCoverage, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} (curriculum {}): {}",
        map.title,
        map.curriculum,
        questions(map.questions)
    )?;
    for d in &map.domains {
        let weight = f64::from(d.weight) / 100.0;
        let lo = weight * (1.0 - SHARE_TOLERANCE);
        let hi = weight * (1.0 + SHARE_TOLERANCE);
        let flag = if d.gaps.is_empty() {
            String::new()
        } else {
            format!("  GAP: wanted {} to {}", percent(lo), percent(hi))
        };
        let recall = d
            .recall
            .map_or_else(String::new, |r| format!(", recall {}", percent(r)));
        writeln!(
            out,
            "  {} ({} %): {}, {} of the exam's{recall}{flag}",
            d.name,
            d.weight,
            questions(d.questions),
            percent(d.share)
        )?;
        for c in &d.competencies {
            let recall = c
                .recall
                .map_or_else(String::new, |r| format!(", recall {}", percent(r)));
            let gaps: Vec<String> = c.gaps.iter().map(ToString::to_string).collect();
            let flag = if gaps.is_empty() {
                String::new()
            } else {
                format!("  GAP: {}", gaps.join("; "))
            };
            writeln!(
                out,
                "    {:<44} {:>3} cards {:>3} checks {:>3} terms {:>3} boxes{recall}{flag}",
                c.id, c.cards, c.checks, c.terms, c.nodes
            )?;
        }
    }
    let gaps = map.gaps().count();
    writeln!(
        out,
        "  {gaps} competencies with a gap (fewer than {MIN_QUESTIONS} questions or weak recall)\n"
    )
}
