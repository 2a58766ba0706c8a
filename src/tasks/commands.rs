//! A command task's answer: the lines a learner typed, graded step by step.
//!
//! A task lists steps, each what one command line must meet ([`Expect`]): kubectl's, or
//! kubeadm's, etcdctl's, etcdutl's, helm's or crictl's. The learner's lines meet them in order;
//! a line that meets no step is allowed when its program would run it (a `kubectl get` to look
//! around), so only what the task asks is graded. A line its program would refuse is a problem
//! of its own, named by its line. Linear in the answer, which is capped.

use super::kubectl::{Command, CommandError, Expect, Verdict, grade, grade_in, parse};

/// Longest answer read (a few command lines, not a file).
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;
/// Most lines read from one answer.
pub const MAX_ANSWER_LINES: usize = 200;

/// One command line of an answer, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Where it starts in the answer.
    pub number: usize,
    /// The command (continuation lines joined).
    pub text: String,
}

/// An answer's command lines: blank lines and `#` comments skipped, a line ending in `\`
/// joined with the next, as a shell does.
pub fn lines(answer: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut pending: Option<Line> = None;
    for (i, raw) in answer.lines().enumerate().take(MAX_ANSWER_LINES) {
        let raw = raw.trim_end_matches('\r');
        let (body, continues) = match raw.strip_suffix('\\') {
            Some(body) => (body, true),
            None => (raw, false),
        };
        let line = match pending.take() {
            Some(mut line) => {
                line.text.push(' ');
                line.text.push_str(body.trim());
                line
            }
            None => {
                let text = body.trim();
                if text.is_empty() || text.starts_with('#') {
                    continue;
                }
                Line {
                    number: i + 1,
                    text: text.to_owned(),
                }
            }
        };
        if continues {
            pending = Some(line);
        } else {
            out.push(line);
        }
    }
    out.extend(pending);
    out
}

/// How one step of a task fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepResult {
    /// The line that met it, or the nearest miss (most requirements met); `None` when no line
    /// kubectl would run is left to try.
    pub line: Option<usize>,
    /// The requirements, against that line.
    pub verdict: Verdict,
}

/// The grade of a whole answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskVerdict {
    /// Why the answer was not read at all (too long).
    pub too_long: Option<String>,
    /// Each step, in the task's order.
    pub steps: Vec<StepResult>,
    /// Lines kubectl would refuse, by line number.
    pub refused: Vec<(usize, CommandError)>,
    /// Whether the answer had no command at all.
    pub empty: bool,
}

impl TaskVerdict {
    /// Whether every step is met and every line would run.
    pub fn passed(&self) -> bool {
        self.too_long.is_none()
            && !self.empty
            && self.refused.is_empty()
            && self.steps.iter().all(|s| s.verdict.passed())
    }

    /// Requirements met and asked, over all steps (partial credit).
    pub fn score(&self) -> (usize, usize) {
        self.steps.iter().fold((0, 0), |(met, all), s| {
            let checks = &s.verdict.checks;
            (
                met + checks.iter().filter(|c| c.met).count(),
                all + checks.len(),
            )
        })
    }

    /// The first reason it did not pass, as a sentence; `None` when it passed.
    pub fn first_problem(&self) -> Option<String> {
        if let Some(why) = &self.too_long {
            return Some(why.clone());
        }
        if self.empty {
            return Some("no command was given".to_owned());
        }
        if let Some((line, error)) = self.refused.first() {
            return Some(format!("line {line}: {error}"));
        }
        self.steps.iter().enumerate().find_map(|(i, step)| {
            let missed = step.verdict.checks.iter().find(|c| !c.met)?;
            let at = step
                .line
                .map_or_else(|| "no line".to_owned(), |l| format!("line {l}"));
            Some(format!("step {} ({at}): not met: {}", i + 1, missed.expect))
        })
    }
}

/// The current context's namespace after `command`: `config set-context --current
/// --namespace=NS` sets it; switching context makes it unknown again (another context's).
fn context_namespace(command: &Command, before: Option<String>) -> Option<String> {
    match command.command.as_str() {
        "config set-context" if command.flags.contains_key("current") => {
            command.flag("namespace").last().cloned().or(before)
        }
        "config use-context" => None,
        _ => before,
    }
}

/// Grades `answer` against a task's `steps`.
pub fn grade_answer(answer: &str, steps: &[Vec<Expect>]) -> TaskVerdict {
    let unmet = |expect: &[Expect]| grade("", expect);
    if answer.len() > MAX_ANSWER_BYTES {
        return TaskVerdict {
            too_long: Some(format!(
                "the answer is {} KiB; a task's answer is read up to {} KiB",
                answer.len() / 1024,
                MAX_ANSWER_BYTES / 1024
            )),
            steps: steps
                .iter()
                .map(|s| StepResult {
                    line: None,
                    verdict: unmet(s),
                })
                .collect(),
            refused: Vec::new(),
            empty: false,
        };
    }
    let lines = lines(answer);
    let mut refused = Vec::new();
    // Each line kubectl would run, with the namespace its context is set to by then.
    let mut runnable = Vec::with_capacity(lines.len());
    let mut namespace: Option<String> = None;
    for line in &lines {
        match parse(&line.text) {
            Ok(command) => {
                runnable.push((line, namespace.clone()));
                namespace = context_namespace(&command, namespace);
            }
            Err(e) => refused.push((line.number, e)),
        }
    }
    let mut next = 0;
    let mut results = Vec::with_capacity(steps.len());
    for step in steps {
        let rest = runnable.get(next..).unwrap_or_default();
        let graded: Vec<(usize, Verdict)> = rest
            .iter()
            .enumerate()
            .map(|(i, (line, ns))| (i, grade_in(&line.text, step, ns.as_deref())))
            .collect();
        if let Some((i, verdict)) = graded.iter().find(|(_, v)| v.passed()) {
            results.push(StepResult {
                line: rest.get(*i).map(|(l, _)| l.number),
                verdict: verdict.clone(),
            });
            next += i + 1;
            continue;
        }
        // The nearest miss: most requirements met, the earliest of equals.
        let best = graded
            .into_iter()
            .rev()
            .max_by_key(|(_, v)| v.checks.iter().filter(|c| c.met).count());
        results.push(match best {
            Some((i, verdict)) => StepResult {
                line: rest.get(i).map(|(l, _)| l.number),
                verdict,
            },
            None => StepResult {
                line: None,
                verdict: unmet(step),
            },
        });
    }
    TaskVerdict {
        too_long: None,
        steps: results,
        refused,
        empty: lines.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn steps() -> Vec<Vec<Expect>> {
        vec![
            vec![
                Expect::Command("create namespace".into()),
                Expect::Name("shop".into()),
            ],
            vec![
                Expect::Command("create deployment".into()),
                Expect::Name("web".into()),
                Expect::Flag("image".into(), "nginx:1.27".into()),
                Expect::Flag("namespace".into(), "shop".into()),
            ],
        ]
    }

    #[test]
    fn steps_are_met_in_order_with_looking_around_between() {
        let answer = "kubectl create ns shop\n\n# look first\nkubectl get ns\n\
                      kubectl -n shop create deploy web \\\n  --image=nginx:1.27\n";
        let v = grade_answer(answer, &steps());
        assert!(v.passed(), "{v:?}");
        assert_eq!(v.steps[0].line, Some(1));
        assert_eq!(v.steps[1].line, Some(5));
        assert_eq!(v.score(), (6, 6));
    }

    #[test]
    fn a_step_out_of_order_is_not_met_and_the_nearest_miss_is_named() {
        let answer =
            "kubectl create deployment web --image=nginx:1.27 -n shop\nkubectl create ns shop";
        let v = grade_answer(answer, &steps());
        assert!(v.steps[0].verdict.passed());
        assert!(!v.passed());
        // The deployment line came before the namespace: the second step has no line left.
        assert_eq!(v.steps[1].line, None);
        let problem = v.first_problem().unwrap();
        assert!(problem.starts_with("step 2 (no line)"), "{problem}");
    }

    #[test]
    fn a_wrong_value_is_a_miss_at_its_line() {
        let answer =
            "kubectl create ns shop\nkubectl create deployment web --image=nginx:1.26 -n shop";
        let v = grade_answer(answer, &steps());
        assert!(!v.passed());
        assert_eq!(v.steps[1].line, Some(2));
        assert_eq!(v.score(), (5, 6));
        assert!(
            v.first_problem()
                .unwrap()
                .contains("`--image` is `nginx:1.27`")
        );
    }

    #[test]
    fn a_line_kubectl_refuses_fails_the_answer_by_its_number() {
        let answer = "kubectl create ns shop\nkubectl create deployment web --imag=nginx:1.27 -n shop\n\
                      kubectl create deployment web --image=nginx:1.27 -n shop";
        let v = grade_answer(answer, &steps());
        assert!(v.steps.iter().all(|s| s.verdict.passed()));
        assert_eq!(v.refused.len(), 1);
        assert_eq!(v.refused[0].0, 2);
        assert!(!v.passed());
        assert!(v.first_problem().unwrap().starts_with("line 2:"));
    }

    #[test]
    fn empty_huge_and_unbalanced_answers_are_told_not_panicked() {
        let v = grade_answer("  \n# nothing\n", &steps());
        assert!(v.empty && !v.passed());
        assert_eq!(v.first_problem().unwrap(), "no command was given");
        let huge = "kubectl get pods\n".repeat(10_000);
        let v = grade_answer(&huge, &steps());
        assert!(v.too_long.is_some() && !v.passed());
        let v = grade_answer("kubectl create ns 'shop", &steps());
        assert_eq!(v.refused.len(), 1);
        // A continuation at the very end still reads the line.
        assert_eq!(lines("kubectl get \\").len(), 1);
        // Lines past the cap are not read.
        let many = "kubectl get pods\n".repeat(MAX_ANSWER_LINES + 50);
        assert_eq!(lines(&many).len(), MAX_ANSWER_LINES);
    }

    #[test]
    fn a_namespace_set_on_the_current_context_counts_for_the_lines_after_it() {
        let answer = "kubectl create ns shop
                      kubectl config set-context --current --namespace=shop
                      kubectl create deploy web --image=nginx:1.27
";
        assert!(grade_answer(answer, &steps()).passed());
        // Set after the command, or undone by switching context, it does not count.
        let late = "kubectl create ns shop
kubectl create deploy web --image=nginx:1.27
                    kubectl config set-context --current --namespace=shop
";
        assert!(!grade_answer(late, &steps()).passed());
        let switched = "kubectl create ns shop
                        kubectl config set-context --current --namespace=shop
                        kubectl config use-context other
                        kubectl create deploy web --image=nginx:1.27
";
        assert!(!grade_answer(switched, &steps()).passed());
        // A namespace on the line itself wins over the context's.
        let own = "kubectl create ns shop
                   kubectl config set-context --current --namespace=shop
                   kubectl create deploy web --image=nginx:1.27 -n dev
";
        assert!(!grade_answer(own, &steps()).passed());
    }

    #[test]
    fn logs_and_exec_take_type_slash_name() {
        let step = vec![vec![
            Expect::Command("logs".into()),
            Expect::Name("web".into()),
            Expect::Flag("container".into(), "log-agent".into()),
        ]];
        for answer in [
            "kubectl logs web -c log-agent",
            "kubectl logs pod/web -c log-agent",
            "kubectl logs po/web --container=log-agent",
        ] {
            assert!(grade_answer(answer, &step).passed(), "{answer}");
        }
        let exec = vec![vec![
            Expect::Command("exec".into()),
            Expect::Name("api".into()),
        ]];
        assert!(grade_answer("kubectl exec -it deploy/api -- sh", &exec).passed());
    }

    #[test]
    fn an_answer_mixes_programs_as_a_cka_task_does() {
        let steps = vec![
            vec![
                Expect::Command("etcdctl snapshot save".into()),
                Expect::Name("/opt/backup.db".into()),
                Expect::Flag("cacert".into(), "/etc/kubernetes/pki/etcd/ca.crt".into()),
            ],
            vec![
                Expect::Command("drain".into()),
                Expect::Name("cp1".into()),
                Expect::Has("ignore-daemonsets".into()),
            ],
            vec![
                Expect::Command("kubeadm upgrade apply".into()),
                Expect::Name("v1.35.0".into()),
            ],
        ];
        let answer = "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 \\
                        --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt \\
                        --key=/etc/kubernetes/pki/etcd/server.key snapshot save /opt/backup.db
                      kubectl drain cp1 --ignore-daemonsets
                      sudo kubeadm upgrade plan
                      sudo kubeadm upgrade apply v1.35.0 -y
";
        let v = grade_answer(answer, &steps);
        assert!(v.passed(), "{v:?}");
        assert_eq!(v.steps[2].line, Some(6));
        // A line of a program no task knows is refused by its number.
        let v = grade_answer("kubeadmin upgrade plan", &steps);
        assert_eq!(v.refused.len(), 1);
        assert!(v.first_problem().unwrap().contains("`kubeadm`"));
    }

    #[test]
    fn a_hundred_kilobyte_line_is_told_not_read() {
        let line = format!("kubectl get pods -l app={}", "x".repeat(100 * 1024));
        let v = grade_answer(&line, &steps());
        assert!(!v.passed());
        assert!(v.too_long.as_deref().unwrap().contains("KiB"));
        // Under the answer's cap but over a line's, the line is refused with its reason.
        let line = format!("kubectl get pods -l app={}", "x".repeat(20 * 1024));
        let v = grade_answer(&line, &steps());
        assert!(matches!(
            v.refused.first(),
            Some((1, CommandError::TooLong(_)))
        ));
    }
}
