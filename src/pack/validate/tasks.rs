//! Checks of hands-on tasks: text present, steps that name what kubectl has, and a model answer
//! that passes the task's own grading (a model that fails is a task nobody can pass).

use super::{Layout, Path, Reporter, check_chars, join};
use crate::pack::locate::Step;
use crate::pack::model::{Task, TaskKind};
use crate::pack::parsed::Loc;
use crate::tasks::commands::grade_answer;
use crate::tasks::kubectl::step_problem;

/// Most steps in one command task (a task is a few commands, not a script).
pub const MAX_STEPS: usize = 20;

/// Checks one task.
pub fn task_checks(task: &Task, loc: &Loc, report: &mut Reporter<'_>) {
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
    let TaskKind::Command { steps } = &task.kind;
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
    if sound && !task.model.trim().is_empty() {
        let verdict = grade_answer(&task.model, steps);
        if let Some(problem) = verdict.first_problem() {
            let message = format!("the model answer does not pass its own task: {problem}");
            report.at(loc.file, &at("model"), item, message);
        }
    }
}
