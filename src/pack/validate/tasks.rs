//! Checks of hands-on tasks: text present, steps that name what kubectl has, and a model answer
//! that passes the task's own grading (a model that fails is a task nobody can pass).

use super::{Layout, Path, Reporter, check_chars, join};
use crate::pack::locate::Step;
use crate::pack::model::{Task, TaskKind};
use crate::pack::parsed::Loc;
use crate::tasks::commands::grade_answer;
use crate::tasks::kubectl::step_problem;
use crate::tasks::manifest::task::{grade_manifest, parse_path};
use crate::tasks::manifest::{Ask, Field, Want, explain, schema};

/// Most steps in one command task (a task is a few commands, not a script).
pub const MAX_STEPS: usize = 20;

/// Checks one task.
pub fn task_checks(task: &Task, loc: &Loc, report: &mut Reporter<'_>, schemas: bool) {
    let item = task.id.as_str();
    let at = |field: &'static str| -> Path { join(&loc.path(), &[Step::Field(field)]) };
    for (field, text, layout) in [
        ("scenario", &task.scenario, Layout::Lines),
        ("model", &task.model, Layout::Lines),
    ] {
        if text.trim().is_empty() {
            report.at(loc.file, &at(field), item, format!("{field} is empty"));
        } else {
            check_chars(report, loc.file, || at(field), item, field, text, layout);
        }
    }
    for (field, text) in [("hint", &task.hint), ("explanation", &task.explanation)] {
        if let Some(text) = text {
            if text.trim().is_empty() {
                let message = format!("{field} is empty; leave it out when there is none");
                report.at(loc.file, &at(field), item, message);
            } else {
                check_chars(
                    report,
                    loc.file,
                    || at(field),
                    item,
                    field,
                    text,
                    Layout::Lines,
                );
            }
        }
    }
    match &task.kind {
        TaskKind::Command { steps } => command_checks(task, (steps, schemas), loc, report),
        TaskKind::Manifest { start, objects } => {
            manifest_checks(task, (start.as_deref(), objects, schemas), loc, report);
        }
        TaskKind::Explain { kind, field, ask } if schemas => {
            explain_checks(task, (kind, field, *ask), loc, report);
        }
        TaskKind::Explain { kind, .. } => {
            if explain::kind_named(kind).is_none() {
                let message = format!("`{kind}` is not a kind the checker knows");
                let path = join(&loc.path(), &[Step::Field("kind"), Step::Field("kind")]);
                report.at(loc.file, &path, task.id.as_str(), message);
            }
        }
    }
}

fn explain_checks(
    task: &Task,
    (kind, field, ask): (&str, &str, Ask),
    loc: &Loc,
    report: &mut Reporter<'_>,
) {
    let item = task.id.as_str();
    let at = |name: &'static str| -> Path {
        join(&loc.path(), &[Step::Field("kind"), Step::Field(name)])
    };
    let Some(known) = explain::kind_named(kind) else {
        let message = format!("`{kind}` is not a kind the checker knows");
        report.at(loc.file, &at("kind"), item, message);
        return;
    };
    if explain::field(known, field).is_none() {
        let message = format!("{} has no field `{field}`", known.kind);
        report.at(loc.file, &at("field"), item, message);
        return;
    }
    if !task.model.trim().is_empty() {
        let verdict = explain::grade_explain(&task.model, kind, field, ask);
        if !verdict.passed() {
            let message = format!(
                "the model answer does not pass its own task: the answer is `{}`",
                verdict.expected
            );
            report.at(
                loc.file,
                &join(&loc.path(), &[Step::Field("model")]),
                item,
                message,
            );
        }
    }
}

/// Most objects and field wants in one manifest task.
pub const MAX_WANTS: usize = 50;

fn manifest_checks(
    task: &Task,
    (start, objects, schemas): (Option<&str>, &[Want], bool),
    loc: &Loc,
    report: &mut Reporter<'_>,
) {
    let item = task.id.as_str();
    let kind_at = |field: &'static str| -> Path {
        join(&loc.path(), &[Step::Field("kind"), Step::Field(field)])
    };
    let wants: usize = objects.iter().map(|o| 1 + o.fields.len()).sum();
    if objects.is_empty() {
        let message = "a manifest task needs at least one object it wants";
        report.at(loc.file, &kind_at("objects"), item, message);
        return;
    }
    if wants > MAX_WANTS {
        let message = format!("{wants} wants; a manifest task has at most {MAX_WANTS}");
        report.at(loc.file, &kind_at("objects"), item, message);
        return;
    }
    let mut sound = true;
    for (i, object) in objects.iter().enumerate() {
        let at = join(
            &loc.path(),
            &[Step::Field("kind"), Step::Field("objects"), Step::Index(i)],
        );
        let mut problems = Vec::new();
        if !schema::KINDS.iter().any(|k| k.kind == object.kind) {
            problems.push(format!("`{}` is not a kind the checker knows", object.kind));
        }
        if object.name.trim().is_empty() {
            problems.push("the object's name is empty".to_owned());
        }
        for field in &object.fields {
            let paths: Vec<&str> = match field {
                Field::Is(path, _) | Field::Has(path) | Field::Not(path) => vec![path],
                Field::Item(path, pairs) => std::iter::once(path.as_str())
                    .chain(
                        pairs
                            .iter()
                            .map(|(k, _)| k.as_str())
                            .filter(|k| !k.is_empty()),
                    )
                    .collect(),
            };
            problems.extend(paths.into_iter().filter_map(|p| parse_path(p).err()));
        }
        for problem in problems {
            report.at(loc.file, &at, item, format!("object {}: {problem}", i + 1));
            sound = false;
        }
    }
    if !sound || !schemas {
        return;
    }
    if let Some(start) = start {
        if start.trim().is_empty() {
            let message = "start is empty; leave it out for a task written from blank";
            report.at(loc.file, &kind_at("start"), item, message);
        } else if grade_manifest(start, objects).passed() {
            let message = "the start already passes the task: there is nothing to do";
            report.at(loc.file, &kind_at("start"), item, message);
        }
    }
    if !task.model.trim().is_empty()
        && let Some(problem) = grade_manifest(&task.model, objects).first_problem()
    {
        let message = format!("the model answer does not pass its own task: {problem}");
        report.at(
            loc.file,
            &join(&loc.path(), &[Step::Field("model")]),
            item,
            message,
        );
    }
}

fn command_checks(
    task: &Task,
    (steps, answers): (&[Vec<crate::tasks::kubectl::Expect>], bool),
    loc: &Loc,
    report: &mut Reporter<'_>,
) {
    let item = task.id.as_str();
    let at = |field: &'static str| -> Path { join(&loc.path(), &[Step::Field(field)]) };
    let steps_at = |i: usize| -> Path {
        join(
            &loc.path(),
            &[Step::Field("kind"), Step::Field("steps"), Step::Index(i)],
        )
    };
    if steps.is_empty() {
        let path = join(&loc.path(), &[Step::Field("kind")]);
        report.at(
            loc.file,
            &path,
            item,
            "a command task needs at least one step",
        );
        return;
    }
    if steps.len() > MAX_STEPS {
        let message = format!("{} steps; a task has at most {MAX_STEPS}", steps.len());
        report.at(loc.file, &steps_at(MAX_STEPS), item, message);
        return;
    }
    let mut sound = true;
    for (i, step) in steps.iter().enumerate() {
        let problem = if step.is_empty() {
            Some("step lists nothing to meet".to_owned())
        } else {
            step_problem(step)
        };
        if let Some(problem) = problem {
            report.at(
                loc.file,
                &steps_at(i),
                item,
                format!("step {}: {problem}", i + 1),
            );
            sound = false;
        }
    }
    if sound && answers && !task.model.trim().is_empty() {
        let verdict = grade_answer(&task.model, steps);
        if let Some(problem) = verdict.first_problem() {
            let message = format!("the model answer does not pass its own task: {problem}");
            report.at(loc.file, &at("model"), item, message);
        }
    }
}
