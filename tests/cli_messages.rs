//! What the commands say and where they write: a count of one in the singular, `export -o`
//! taking a folder that exists or a `.kspack` name, `stats` telling today's new cards from the
//! unseen ones, `forecast --json` giving dates, `check --builtin`, and the README's
//! `new` / `check` example as the commands print it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs kubestudy in `dir` with its data in `dir/home`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kubestudy"))
        .args(args)
        .env("KUBESTUDY_HOME", dir.join("home"))
        .current_dir(dir)
        .output()
        .expect("runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn import_counts_one_primer_and_one_diagram_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run_in(dir.path(), &["new", "my-pack"]).status.success());
    let output = run_in(dir.path(), &["import", "my-pack"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(
        text(&output).contains("2 terms, 7 cards, 1 primer, 1 diagram\n"),
        "{}",
        text(&output)
    );
}

#[test]
fn export_writes_into_a_folder_that_exists_or_to_a_kspack_name_and_refuses_anything_else() {
    let dir = tempfile::tempdir().unwrap();
    let at = |rel: &str| dir.path().join(rel);

    let output = run_in(dir.path(), &["export", "k8s-storage", "-o", "out"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output).contains("out is not a folder that exists, nor a .kspack file name"),
        "{}",
        text(&output)
    );
    assert!(!at("out").exists(), "nothing was written");

    std::fs::create_dir(at("out")).unwrap();
    let output = run_in(dir.path(), &["export", "k8s-storage", "-o", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let written: Vec<String> = std::fs::read_dir(at("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written.len(), 1);
    assert!(
        written[0].starts_with("k8s-storage-") && written[0].ends_with(".kspack"),
        "{written:?}"
    );

    let output = run_in(dir.path(), &["export", "k8s-storage", "-o", "mine.kspack"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(std::fs::read(at("mine.kspack")).unwrap().starts_with(b"PK"));

    let output = run_in(
        dir.path(),
        &["export", "k8s-storage", "-o", "gone/mine.kspack"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        text(&output).contains("the folder gone does not exist"),
        "{}",
        text(&output)
    );
}

#[test]
fn stats_names_new_today_apart_from_unseen() {
    let dir = tempfile::tempdir().unwrap();
    let output = run_in(dir.path(), &["stats"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    let header = out.lines().next().unwrap();
    let columns = [
        "pack",
        "due today",
        "new today",
        "unseen",
        "learning",
        "young",
        "mature",
        "retention",
    ];
    let at: Vec<Option<usize>> = columns.iter().map(|c| header.find(c)).collect();
    assert!(at.iter().all(Option::is_some) && at.is_sorted(), "{out}");
    // A fresh home: today's new cards are the daily limit (20 by default), out of every unseen
    // one, in the same columns for every pack.
    let storage = out.lines().find(|l| l.starts_with("k8s-storage ")).unwrap();
    let figures: Vec<&str> = storage.split_whitespace().collect();
    assert_eq!(&figures[1..3], ["0", "20"], "{out}");
    assert!(figures[3].parse::<u32>().unwrap() > 20, "{out}");
    let width = header.find("due today").unwrap();
    assert!(
        out.lines()
            .take_while(|l| !l.starts_with("new today:"))
            .all(|l| l
                .char_indices()
                .nth(width - 1)
                .is_some_and(|(_, c)| c == ' ')),
        "the pack column is as wide as the longest id:\n{out}"
    );
    assert!(out.contains("\nnew today: what home offers today"), "{out}");

    let output = run_in(dir.path(), &["stats", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let storage = json["packs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pack"] == "k8s-storage")
        .unwrap();
    assert_eq!(storage["new_today"], 20, "{storage}");
    assert!(storage["unseen"].as_u64().unwrap() > 20, "{storage}");
    assert!(storage.get("new").is_none(), "{storage}");
}

#[test]
fn forecast_json_gives_the_exam_date_beside_its_day_number() {
    let dir = tempfile::tempdir().unwrap();
    let output = run_in(dir.path(), &["forecast", "--exam", "2099-1-2", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["exam_date"], "2099-01-02");
    let (exam_day, days_left) = (
        json["exam_day"].as_i64().unwrap(),
        json["days_left"].as_i64().unwrap(),
    );
    let study_date = json["study_date"].as_str().unwrap();
    assert_eq!(
        kubestudy::study::clock::Days::date_of(exam_day - days_left),
        study_date
    );
}

#[test]
fn check_builtin_checks_the_packs_inside_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let output = run_in(dir.path(), &["check", "--builtin"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(
        out.lines().count(),
        kubestudy::pack::builtin::sources().len(),
        "{out}"
    );
    assert!(out.lines().all(|l| l.ends_with(" - clean")), "{out}");
    let output = run_in(dir.path(), &["check", "--builtin", "packs"]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
}

/// The README's authoring example is what `new` and `check` print, and so is its typo.
#[test]
fn the_readme_new_and_check_example_is_what_the_commands_print() {
    let readme = include_str!("../README.md");
    let block = readme
        .split("```text\n$ kubestudy new my-pack\n")
        .nth(1)
        .and_then(|s| s.split("\n```").next())
        .expect("README shows `kubestudy new my-pack` in a text block");
    let dir = tempfile::tempdir().unwrap();
    let mut session = String::from("$ kubestudy new my-pack\n");
    session.push_str(&String::from_utf8_lossy(
        &run_in(dir.path(), &["new", "my-pack"]).stdout,
    ));
    session.push_str("$ kubestudy check my-pack\n");
    session.push_str(&String::from_utf8_lossy(
        &run_in(dir.path(), &["check", "my-pack"]).stdout,
    ));
    // The typo the README makes: a glossary term that is not in the pack (its `sed`, done
    // here).
    session
        .push_str("$ sed -i 's/\"kubelet\", \"pod\"/\"kubelet\", \"pods\"/' my-pack/cards.ron\n");
    let cards = dir.path().join("my-pack/cards.ron");
    let before = std::fs::read_to_string(&cards).unwrap();
    assert_eq!(
        before.matches(r#""kubelet", "pod""#).count(),
        1,
        "the template still has the one line the README edits"
    );
    let after = before.replace(r#""kubelet", "pod""#, r#""kubelet", "pods""#);
    std::fs::write(&cards, after).unwrap();
    session.push_str("$ kubestudy check my-pack; echo \"exit $?\"\n");
    let output = run_in(dir.path(), &["check", "my-pack"]);
    session.push_str(&String::from_utf8_lossy(&output.stdout));
    session.push_str(&format!("exit {}", output.status.code().unwrap()));
    let shown = format!("$ kubestudy new my-pack\n{block}");
    // The README wraps the long first line; compare without line breaks inside a command's
    // output.
    let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        flat(&shown),
        flat(&session),
        "README:\n{shown}\n\nprinted:\n{session}"
    );
}
