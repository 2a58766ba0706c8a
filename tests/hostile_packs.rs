//! Hostile packs from the hostile-input report (2026-12), each repro scaled down: reading is
//! bounded (every file once, one budget per pack, never a hang on a pipe), checks are linear or
//! capped, and what a person cannot see is refused or named, each with `path:line:col`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::fmt::Write as _;
use std::time::Duration;

use common::{MANIFEST_HEAD, PackDir, expect_problem, render};
use kubestudy::pack::{LoadReport, PackSource, load};

/// Runs `f` on another thread and fails (instead of hanging the suite) if it takes over 20 s.
fn within_20s<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(f()));
    receive
        .recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|_| panic!("{what} hung"))
}

fn load_dir(pack: &PackDir) -> LoadReport {
    let path = pack.path().to_owned();
    within_20s("loading", move || load(&PackSource::Dir(path)))
}

fn count(report: &LoadReport, needle: &str) -> usize {
    report
        .problems
        .iter()
        .filter(|p| p.message.contains(needle))
        .count()
}

/// A diagram of 1,000 boxes on a 40-column grid with `edges` distinct edges (and the glossary
/// the manifest needs to have content).
fn big_diagram(edges: usize) -> String {
    let mut d =
        String::from("(diagrams: [(id: \"d\", title: \"D\", canvas: (16000, 10000), nodes: [\n");
    for i in 0..1000 {
        let (x, y) = ((i % 40) * 400, (i / 40) * 400);
        let _ = writeln!(
            d,
            "(id: \"n{i}\", label: \"N{i}\", rect: ({x}, {y}, 100, 100), role: \"r\"),"
        );
    }
    d.push_str("], edges: [\n");
    for e in 0..edges {
        let (from, to) = (e / 400, (e / 400 + 1 + e % 400) % 1000);
        let _ = writeln!(d, "(from: \"n{from}\", to: \"n{to}\", label: \"e\"),");
    }
    d.push_str("])])\n");
    d
}

/// Finding 1: 200,000 distinct edges took 64 s to check (a repeat check comparing each edge with
/// all before it). Edges are now capped per diagram and repeats found through a set.
#[test]
fn edges_are_capped_and_repeats_found_in_linear_time() {
    let limit = kubestudy::pack::validate::MAX_DIAGRAM_EDGES;
    let pack = PackDir::with_manifest(r#"    include: ["d.ron"],"#);
    pack.write("d.ron", &big_diagram(limit));
    let report = load_dir(&pack);
    assert!(report.problems.is_empty(), "{}", render(&report.problems));

    // One repeat among the most edges allowed: found, once, at the repeat.
    let repeated =
        big_diagram(limit).replacen("(from: \"n0\", to: \"n2\"", "(from: \"n0\", to: \"n1\"", 1);
    pack.write("d.ron", &repeated);
    let report = load_dir(&pack);
    expect_problem(&report, "d.ron", (1004, 1), "d/n0->n1", "edge is repeated");
    assert_eq!(report.problems.len(), 1, "{}", render(&report.problems));

    // Ten times the limit: one problem, and no edge is checked one by one.
    pack.write("d.ron", &big_diagram(limit * 10));
    let report = load_dir(&pack);
    let problem = expect_problem(&report, "d.ron", (1002, 11), "d", "edges; the limit is");
    assert!(
        problem.message.contains(&format!("{} edges", limit * 10)),
        "{problem}"
    );
    assert_eq!(report.problems.len(), 1, "{}", render(&report.problems));
}

/// Finding 2: one 30 MiB file included 256 times under different spellings (`c.ron`,
/// `./c.ron`, `././c.ron`...) was read and parsed 256 times (7.9 GB). Names are normalised and
/// de-duplicated before reading: the file is read once, its card counted once.
#[test]
fn one_file_included_under_many_spellings_is_read_once() {
    let spellings: Vec<String> = (0..256)
        .map(|k| format!("\"{}c.ron\"", "./".repeat(k)))
        .collect();
    let pack = PackDir::with_manifest(&format!(
        "    include: [{}],\n    cards: [(id: \"a\", front: \"A?\", answer: Text(\"a\"))],",
        spellings.join(", ")
    ));
    // 256 KiB: 64 MiB if every spelling were read, the whole budget of a pack.
    let padding = "a".repeat(256 * 1024);
    pack.write(
        "c.ron",
        &format!("(cards: [(id: \"c\", front: \"C?\", answer: Text(\"c\"))])\n// {padding}\n"),
    );
    let report = load_dir(&pack);
    assert_eq!(report.pack.as_ref().unwrap().counts().cards, 2);
    assert_eq!(
        count(&report, "is included twice"),
        255,
        "{}",
        render(&report.problems[..3])
    );
    assert_eq!(
        report.problems.len(),
        255,
        "{}",
        render(&report.problems[..3])
    );
    let second = expect_problem(&report, "pack.ron", (10, 24), "test-pack", "`./c.ron`");
    assert!(second.message.contains("first at"), "{second}");
    assert!(
        second.message.ends_with("pack.ron:10:15); it is read once"),
        "{second}"
    );
}

/// Finding 2: a total cap per pack, checked before each read. Three 30 MiB includes: the third
/// would take the pack past 64 MiB, so it is refused unread, and nothing after it is read (a
/// missing file after it would otherwise be reported).
#[test]
fn a_pack_past_its_total_budget_stops_reading() {
    let pack =
        PackDir::with_manifest(r#"    include: ["a.ron", "b.ron", "c.ron", "missing.ron"],"#);
    for name in ["a.ron", "b.ron", "c.ron"] {
        let file = std::fs::File::create(pack.path().join(name)).unwrap();
        file.set_len(30 * 1024 * 1024).unwrap();
    }
    let report = load_dir(&pack);
    let problem = expect_problem(
        &report,
        "pack.ron",
        (10, 33),
        "test-pack",
        "`c.ron`: not read",
    );
    assert!(
        problem
            .message
            .contains("past 64.0 MiB, the most one pack may hold (60.0 MiB of its files"),
        "{problem}"
    );
    assert!(
        problem
            .message
            .ends_with("the file included after it was not read either"),
        "{problem}"
    );
    assert_eq!(
        count(&report, "not found"),
        0,
        "{}",
        render(&report.problems)
    );
    // The two files read are located, as NUL characters that start no value.
    assert_eq!(
        count(&report, "a NUL character (U+0000)"),
        2,
        "{}",
        render(&report.problems)
    );
}

/// Finding 32: the message for a file one byte over the limit read "32.0 MiB but the limit is
/// 32.0 MiB". (Fixed in `files::ReadError` before this; this pins it on the pack path.)
#[test]
fn an_include_one_byte_over_the_limit_says_so_in_bytes() {
    let pack = PackDir::with_manifest(r#"    include: ["big.ron"],"#);
    let big = std::fs::File::create(pack.path().join("big.ron")).unwrap();
    big.set_len(32 * 1024 * 1024 + 1).unwrap();
    expect_problem(
        &load_dir(&pack),
        "big.ron",
        (1, 1),
        "test-pack",
        "file is over 33554432 bytes but the limit is 32.0 MiB",
    );
}

/// Finding 22: 80,000 problems on one line took 6.3 s to locate (each counted the line's
/// characters from its start). Positions now cost a bounded count each, and a file lists its
/// first 1,000 problems by position, then one line counting the rest.
#[test]
fn problems_on_one_long_line_are_located_and_capped() {
    let limit = kubestudy::pack::validate::MAX_PROBLEMS_PER_FILE;
    let cards: String = (0..80_000)
        .map(|i| {
            format!("(id: \"c{i:05}\", front: \"F\", answer: Text(\"a\"), terms: [\"nope\"]),")
        })
        .collect();
    let pack = PackDir::with_manifest(r#"    include: ["cards.ron"],"#);
    let text = format!("(cards: [{cards}])");
    pack.write("cards.ron", &text);
    let report = load_dir(&pack);
    assert_eq!(
        report.problems.len(),
        limit + 1,
        "{}",
        render(&report.problems[..3])
    );
    assert_eq!(report.pack.as_ref().unwrap().problem_count, 80_000);
    // The cards start at column 10, each 63 characters long with its `"nope"` 54 in.
    let col = |card: usize| 10 + 63 * card + 54;
    for (card, problem) in report.problems.iter().take(limit).enumerate() {
        assert_eq!((problem.line, problem.col), (1, col(card)), "{problem}");
        assert_eq!(problem.item, format!("c{card:05}"), "{problem}");
    }
    let last = report.problems.last().unwrap();
    assert_eq!(
        (last.line, last.col, last.item.as_str()),
        (1, col(limit), "c01000")
    );
    assert!(
        last.message
            .starts_with("and 79000 more problems in this file from here on"),
        "{last}"
    );
}

/// Finding 41: a file with old Mac line breaks (a lone CR) reported every problem on line 1.
#[test]
fn lone_carriage_returns_end_lines() {
    let pack = PackDir::with_manifest(r#"    include: ["cards.ron"],"#);
    pack.write(
        "cards.ron",
        "(\r    cards: [\r        (id: \"a\", front: \"F\", answer: Text(\"a\"), terms: [\"nope\"]),\r    ],\r)\r",
    );
    expect_problem(&load_dir(&pack), "cards.ron", (3, 58), "a", "term `nope`");
    pack.write(
        "cards.ron",
        "(\r    cards: [\r        (id: \"a\" front: \"F\"),\r    ],\r)\r",
    );
    expect_problem(
        &load_dir(&pack),
        "cards.ron",
        (3, 18),
        "a",
        "expected `,` or `)`",
    );
}

/// Finding 30: a byte-order mark (Windows editors write one) made the manifest fail with an
/// invisible "found `\u{feff}(`"; a no-break space gave "found ``".
#[test]
fn a_byte_order_mark_is_skipped_and_invisible_characters_are_named() {
    let pack = PackDir::new();
    pack.write(
        "pack.ron",
        &format!("\u{feff}{MANIFEST_HEAD}    include: [\"cards.ron\"],\n)\n"),
    );
    pack.write(
        "cards.ron",
        "\u{feff}(cards: [(id: \"a\", front: \"F\", answer: Text(\"a\"))])",
    );
    let report = load_dir(&pack);
    assert!(report.problems.is_empty(), "{}", render(&report.problems));

    pack.write(
        "cards.ron",
        "(cards:\u{a0}[(id: \"a\", front: \"F\", answer: Text(\"a\"))])",
    );
    let report = load_dir(&pack);
    let problem = expect_problem(&report, "cards.ron", (1, 8), "test-pack", "");
    assert_eq!(
        problem.message,
        "expected `[` to start a list, found a no-break space (U+00A0); use a plain space"
    );
}

/// Finding 14: control characters were accepted in every text field and reached the terminal
/// (a title that cleared the screen and printed a fake "verified" line).
#[test]
fn control_characters_are_refused_in_pack_text() {
    let pack = PackDir::new();
    pack.write(
        "pack.ron",
        &(MANIFEST_HEAD.replace(
            "\"Test pack\"",
            "\"\\u{1b}[2J\\u{1b}[32mkubestudy: verified pack\\u{1b}[0m\"",
        ) + concat!(
            "    glossary: [(id: \"t\", term: \"T\", definition: \"Two\\nlines,\\ta tab.\")],\n",
            "    cards: [\n",
            "        (id: \"nul\", front: \"a\\u{0}b\", answer: Text(\"a\")),\n",
            "        (id: \"cr\", front: \"over\\rwrite\", answer: Text(\"a\\r\\nb\")),\n",
            "        (id: \"x\\u{1b}[2K\\rinstalled\", front: \"f\", answer: Text(\"a\")),\n",
            "    ],\n",
            "    diagrams: [(id: \"d\", title: \"gnp.\\u{202e}exe\", canvas: (10, 10),\n",
            "        nodes: [(id: \"n\", label: \"two\\nlines\", rect: (0, 0, 5, 5), role: \"r\")])],\n",
            ")\n",
        )),
    );
    let report = load_dir(&pack);
    let title = expect_problem(
        &report,
        "pack.ron",
        (4, 12),
        "test-pack",
        "escape character",
    );
    assert_eq!(
        title.message,
        "title has an escape character (U+001B) at character 1; control characters are not \
         allowed in pack text, so remove it"
    );
    expect_problem(
        &report,
        "pack.ron",
        (12, 28),
        "nul",
        "a NUL character (U+0000) at character 2",
    );
    expect_problem(
        &report,
        "pack.ron",
        (13, 27),
        "cr",
        "a carriage return (U+000D) at character 5",
    );
    expect_problem(
        &report,
        "pack.ron",
        (14, 14),
        "x\u{1b}[2K\rinstalled",
        "is not kebab-case: it has an escape character (U+001B)",
    );
    expect_problem(
        &report,
        "pack.ron",
        (16, 33),
        "d",
        "a bidirectional override (U+202E)",
    );
    expect_problem(
        &report,
        "pack.ron",
        (17, 34),
        "d/n",
        "a line break (U+000A) at character 4; a label is one line",
    );
    // The definition's line break and tab, and the answer's CRLF, are fine.
    assert_eq!(report.problems.len(), 6, "{}", render(&report.problems));
}

/// Finding 40: ids and file names that Windows cannot have, and two names that are one file on
/// Windows and macOS.
#[test]
fn names_that_are_not_portable_are_refused() {
    let pack = PackDir::new();
    pack.write(
        "pack.ron",
        &(MANIFEST_HEAD.replace("\"test-pack\"", "\"con\"")
            + "    include: [\"aux.ron\", \"c.ron\", \"C.ron\", \"caf\u{e9}.ron\", \"cafe\u{301}.ron\"],\n)\n"),
    );
    for name in [
        "c.ron",
        "C.ron",
        "caf\u{e9}.ron",
        "cafe\u{301}.ron",
        "aux.ron",
    ] {
        pack.write(name, "(cards: [])");
    }
    let report = load_dir(&pack);
    expect_problem(
        &report,
        "pack.ron",
        (2, 9),
        "con",
        "pack id `con` is a device name on Windows",
    );
    expect_problem(
        &report,
        "pack.ron",
        (10, 15),
        "con",
        "uses `aux.ron`, a device name on Windows",
    );
    expect_problem(
        &report,
        "pack.ron",
        (10, 35),
        "con",
        "`C.ron` and `c.ron` differ only in upper and lower case",
    );
    expect_problem(
        &report,
        "pack.ron",
        (10, 56),
        "con",
        "(NFC/NFD); on Windows and macOS they are one file",
    );
    assert_eq!(report.problems.len(), 4, "{}", render(&report.problems));
    // The same rule refuses `kubestudy new con` (see tests/authoring.rs).
    assert!(kubestudy::pack::validate::pack_id_problem("nul").is_some());
    assert!(kubestudy::pack::validate::pack_id_problem("console").is_none());
}

/// Finding 41: a version that is not semver showed as `0.0.0` in the summary line.
#[test]
fn a_version_that_is_not_semver_shows_as_written() {
    let pack = PackDir::new();
    pack.write(
        "pack.ron",
        &(MANIFEST_HEAD.replace("\"1.0.0\"", "\"v1.0\"")
            + "    cards: [(id: \"a\", front: \"F\", answer: Text(\"a\"))],\n)\n"),
    );
    let (code, out, _) =
        common::run_cli(|o, e| kubestudy::cli::check(&[pack.path().to_owned()], false, o, e));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("test-pack v1.0 (invalid version): "),
        "{out}"
    );
}

/// Finding 33: `kubestudy check x.kspack` read the zip as RON ("not valid UTF-8"). It is now
/// unpacked with the archive limits into a temporary folder and checked there, problems named
/// by the archive; a zip under another name is named as one.
#[test]
fn a_shared_pack_file_is_checked_as_import_would_see_it() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("x.kspack");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&archive).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in [
        (
            "pack.ron",
            format!("{MANIFEST_HEAD}    include: [\"cards.ron\"],\n)\n"),
        ),
        (
            "cards.ron",
            "(cards: [(id: \"a\", front: \"F\", answer: Text(\"a\"), terms: [\"nope\"])])"
                .to_owned(),
        ),
    ] {
        zip.start_file(name, options).unwrap();
        std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    let check = |path: std::path::PathBuf| {
        common::run_cli(move |o, e| kubestudy::cli::check(&[path], false, o, e))
    };
    let (code, out, _) = check(archive.clone());
    assert_eq!(code, 1, "{out}");
    let expected = format!(
        "{}/cards.ron:1:59: a: term `nope` is not a glossary term of this pack",
        archive.display()
    );
    assert_eq!(out.lines().nth(1), Some(expected.as_str()), "{out}");
    let temp = std::fs::read_dir(std::env::temp_dir()).unwrap();
    let ours = format!("kubestudy-check-{}-", std::process::id());
    assert!(
        !temp
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().starts_with(&ours)),
        "the temporary folder is removed"
    );

    let renamed = dir.path().join("x.ron");
    std::fs::copy(&archive, &renamed).unwrap();
    let (code, out, _) = check(renamed);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("x.ron:1:1: manifest: this is a zip archive, not RON text"),
        "{out}"
    );
}

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
}

/// Finding 21: a named pipe as `pack.ron`, as an include, as a single-file pack in the packs
/// folder or as a background blocked forever in `open()`. Each is refused, located.
#[cfg(unix)]
#[test]
fn named_pipes_are_refused_without_hanging() {
    let pipe = "it is a named pipe (FIFO), not a regular file";
    let manifest = PackDir::new();
    mkfifo(&manifest.path().join("pack.ron"));
    expect_problem(&load_dir(&manifest), "pack.ron", (1, 1), "manifest", pipe);

    let include = PackDir::with_manifest(r#"    include: ["cards.ron"],"#);
    mkfifo(&include.path().join("cards.ron"));
    expect_problem(&load_dir(&include), "cards.ron", (1, 1), "test-pack", pipe);

    let background = PackDir::with_manifest(concat!(
        "    diagrams: [(id: \"d\", title: \"D\", canvas: (10, 10), background: \"assets/bg.png\",\n",
        "        nodes: [(id: \"n\", label: \"N\", rect: (0, 0, 5, 5), role: \"r\")])],",
    ));
    std::fs::create_dir(background.path().join("assets")).unwrap();
    mkfifo(&background.path().join("assets/bg.png"));
    expect_problem(&load_dir(&background), "pack.ron", (10, 68), "d", pipe);

    let packs = tempfile::tempdir().unwrap();
    mkfifo(&packs.path().join("solo.ron"));
    mkfifo(&packs.path().join("shared.kspack"));
    let dir = packs.path().to_owned();
    let reports = within_20s("listing", move || {
        let sources = kubestudy::pack::library::installed_sources(&dir);
        sources.iter().map(load).collect::<Vec<_>>()
    });
    assert_eq!(reports.len(), 1);
    expect_problem(&reports[0], "solo.ron", (1, 1), "manifest", pipe);

    let shared = packs.path().join("shared.kspack");
    let (code, out, _) = within_20s("checking", move || {
        common::run_cli(|o, e| kubestudy::cli::check(&[shared], false, o, e))
    });
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("shared.kspack:1:1: pack file: it is not a regular file"),
        "{out}"
    );
}
