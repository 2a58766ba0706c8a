//! `kubestudy import-text` on hostile and broken exports: every problem is told as a line of the
//! user's file (never kubestudy's staging files), one bad row never sinks the import, nothing is
//! silently lost, and nothing from the file reaches the terminal raw.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use kubestudy::dirs::AppDirs;
use kubestudy::pack::tsv::Columns;
use kubestudy::pack::{PackSource, load};

use crate::common;

/// A home and a folder for exports.
struct Setup {
    home: tempfile::TempDir,
    work: tempfile::TempDir,
}

/// What a run printed.
struct Run {
    code: i32,
    out: String,
    err: String,
}

impl Setup {
    fn new() -> Self {
        Self {
            home: tempfile::tempdir().unwrap(),
            work: tempfile::tempdir().unwrap(),
        }
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.work.path().join(name);
        fs::write(&path, text).unwrap();
        path
    }

    /// Runs `kubestudy import-text FILE --id ID` (in this process, so the library built from
    /// this checkout is what runs) with `columns`; fails the test after 60 s (a hang).
    fn import_with(&self, file: &Path, id: &str, columns: Columns, preview: bool) -> Run {
        let dirs = AppDirs::resolve(Some(self.home.path())).unwrap();
        let (file, id) = (file.to_owned(), id.to_owned());
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let args = kubestudy::cli::TextImport {
                file: &file,
                id: &id,
                columns,
                preview,
                force: false,
            };
            let ran = common::run_cli(|o, e| kubestudy::cli::import_text(Some(&dirs), &args, o, e));
            let _ = send.send(ran);
        });
        let (code, out, err) = receive
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|e| panic!("import-text did not finish in 60 s: {e}"));
        assert!(
            !out.contains(".import-") && !err.contains(".import-"),
            "a message names kubestudy's staging folder:\n{out}{err}"
        );
        Run { code, out, err }
    }

    fn import(&self, file: &Path, id: &str) -> Run {
        self.import_with(file, id, Columns::default(), false)
    }

    fn installed(&self, id: &str) -> kubestudy::pack::Pack {
        let report = load(&PackSource::Dir(self.home.path().join("packs").join(id)));
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        report.pack.unwrap()
    }
}

fn rows(n: usize) -> String {
    (1..=n).fold(String::new(), |mut text, i| {
        let _ = writeln!(text, "question {i}\tanswer {i}");
        text
    })
}

#[test]
fn an_unbalanced_quote_swallows_nothing_and_is_named_by_line() {
    let setup = Setup::new();
    let text = rows(10).replacen("question 3", "\"question 3", 1);
    let file = setup.file("deck.tsv", &text);
    let run = setup.import(&file, "deck");
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(run.out.contains("installed 10 cards"), "{}", run.out);
    let note = run
        .out
        .lines()
        .find(|l| l.contains("deck.tsv:3:"))
        .unwrap_or_else(|| {
            panic!("no note for line 3:\n{}", run.out);
        });
    assert!(
        note.contains("quote") && note.contains("never closed"),
        "{note}"
    );
    let pack = setup.installed("deck");
    assert!(pack.cards.iter().any(|c| c.front == "\"question 3"));
}

#[test]
fn column_zero_is_a_usage_error() {
    let setup = Setup::new();
    let file = setup.file("deck.tsv", &rows(2));
    for flag in ["--front", "--back"] {
        // Parsed by clap in the binary, so this one runs it.
        let output = Command::new(env!("CARGO_BIN_EXE_kubestudy"))
            .arg("import-text")
            .arg(&file)
            .args(["--id", "deck", flag, "0"])
            .env("KUBESTUDY_HOME", setup.home.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{flag}: {err}");
        assert!(err.contains("columns are numbered from 1"), "{err}");
    }
    assert!(!setup.home.path().join("packs/deck").exists());
    assert_eq!(kubestudy::pack::tsv::parse_column("3"), Ok(3));
    assert!(kubestudy::pack::tsv::parse_column("0").is_err());
}

#[test]
fn an_unknown_separator_is_refused_with_its_line() {
    let setup = Setup::new();
    let file = setup.file("deck.txt", "#html:true\n#separator:é\nq\u{e9}a\n");
    let run = setup.import(&file, "deck");
    assert_eq!(run.code, 1, "{}", run.out);
    assert!(
        run.err
            .contains("deck.txt:2: `#separator:é` is not a separator"),
        "{}",
        run.err
    );
}

#[test]
fn a_bad_row_is_skipped_with_its_line_and_the_rest_installed() {
    let setup = Setup::new();
    let text = "q1\ta1\tx y x\nq2\tuse `kubectl\nq3\n\nq4\ta4\nq5\t<img src=x>\n";
    let file = setup.file("deck.tsv", text);
    let run = setup.import(&file, "deck");
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(run.out.contains("installed 2 cards"), "{}", run.out);
    assert!(
        run.out
            .contains("deck.tsv:2: row skipped: unbalanced backtick"),
        "{}",
        run.out
    );
    assert!(
        run.out
            .contains("deck.tsv:3: row skipped: no back (the row has 1 column)"),
        "{}",
        run.out
    );
    assert!(
        run.out
            .contains("deck.tsv:6: row skipped: no back (column 2 holds only HTML tags)"),
        "{}",
        run.out
    );
    let pack = setup.installed("deck");
    assert_eq!(
        pack.cards[0].tags,
        ["x", "y"],
        "a repeated tag is kept once"
    );
    assert_eq!(pack.cards[1].front, "q4");
}

#[test]
fn a_large_export_is_split_into_content_files_under_the_limit() {
    let setup = Setup::new();
    // 36,000 rows of 1 KiB: one 37 MB pack file would be over the 32 MiB a file may have.
    let long = "x".repeat(1000);
    let text = (0..36_000).fold(String::new(), |mut text, i| {
        let _ = writeln!(text, "question {i}\t{long}");
        text
    });
    let file = setup.file("big.tsv", &text);
    let run = setup.import(&file, "big");
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(run.out.contains("installed 36000 cards"), "{}", run.out);
    let dir = setup.home.path().join("packs/big");
    let sizes: Vec<u64> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .collect();
    assert!(sizes.len() > 2, "{sizes:?}");
    let chunk = kubestudy::pack::tsv::CHUNK_BYTES as u64;
    assert!(sizes.iter().all(|&s| s <= chunk), "{sizes:?}");
    assert_eq!(setup.installed("big").cards.len(), 36_000);
}

#[test]
fn an_export_too_big_for_one_pack_is_refused_naming_the_rows() {
    let setup = Setup::new();
    // 1,500,000 short rows (9 MB) make more than 64 MiB of cards.
    let text = (0..1_500_000).fold(String::new(), |mut text, i| {
        let _ = writeln!(text, "{i}\ta");
        text
    });
    let file = setup.file("huge.tsv", &text);
    let run = setup.import(&file, "huge");
    assert_eq!(run.code, 1, "{}", run.out);
    assert!(
        run.err
            .contains("huge.tsv: its 1500000 rows make a pack over 64.0 MiB"),
        "{}",
        run.err
    );
    assert!(!setup.home.path().join("packs/huge").exists());
}

#[test]
fn titles_come_from_the_file_name_or_the_id() {
    let setup = Setup::new();
    let file = setup.file("   .tsv", &rows(2));
    let run = setup.import(&file, "blank-name");
    assert_eq!(run.code, 0, "{}", run.err);
    assert_eq!(setup.installed("blank-name").manifest.title, "blank-name");
    let file = setup.file("\u{1b}[31mred\u{7}\tdeck.tsv", &rows(2));
    let run = setup.import(&file, "red");
    assert_eq!(run.code, 0, "{}", run.err);
    assert_eq!(setup.installed("red").manifest.title, "[31mred deck");
    assert!(!run.out.contains('\u{1b}'), "{}", run.out);
}

#[test]
fn a_bad_id_is_refused_as_the_flag_before_anything_is_read() {
    let setup = Setup::new();
    let file = setup.file("deck.tsv", &rows(2));
    let long = "a".repeat(65);
    let run = setup.import(&file, &long);
    assert_eq!(run.code, 1);
    assert!(
        run.err.starts_with(&format!(
            "kubestudy import-text: --id: `{long}` is 65 characters long"
        )),
        "{}",
        run.err
    );
    let run = setup.import(&file, "bad\u{1b}]0;pwned\u{7}");
    assert_eq!(run.code, 1);
    assert!(
        run.err.contains("--id:") && !run.err.contains('\u{1b}'),
        "{}",
        run.err
    );
}

#[test]
fn preview_and_notes_print_no_terminal_escapes() {
    let setup = Setup::new();
    let text = "\u{1b}[2J\u{1b}[Hkubestudy: verified\tfine\n\
                title\u{1b}]0;pwned\u{7}\t\u{1b}[8mhidden\n\
                q\t\n";
    let file = setup.file("ansi.tsv", text);
    let run = setup.import_with(&file, "ansi", Columns::default(), true);
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(run.out.contains("would install 2 cards"), "{}", run.out);
    assert!(
        !run.out.chars().any(|c| c.is_control() && c != '\n'),
        "{:?}",
        run.out
    );
    assert!(
        run.out.contains("ansi.tsv:3: row skipped: no back"),
        "{}",
        run.out
    );
    assert!(!setup.home.path().join("packs/ansi").exists());
    let run = setup.import(&file, "ansi");
    assert_eq!(run.code, 0, "{}", run.err);
    let pack = setup.installed("ansi");
    assert!(
        pack.cards
            .iter()
            .all(|c| !c.front.contains('\u{1b}') && !c.front.contains('\u{7}')),
        "{:?}",
        pack.cards
    );
}

#[test]
fn devices_and_fifos_are_refused_without_hanging() {
    let setup = Setup::new();
    if Path::new("/dev/zero").exists() {
        let run = setup.import(Path::new("/dev/zero"), "z");
        assert_eq!(run.code, 1);
        assert!(
            run.err
                .contains("/dev/zero: it is a device, not a regular file"),
            "{}",
            run.err
        );
    }
    let fifo = setup.work.path().join("fifo.tsv");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let run = setup.import(&fifo, "f");
        assert_eq!(run.code, 1);
        assert!(run.err.contains("named pipe"), "{}", run.err);
    }
}

#[test]
fn bytes_that_are_not_utf8_are_named_by_line() {
    let setup = Setup::new();
    let path = setup.work.path().join("latin1.tsv");
    fs::write(&path, b"q1\ta1\nq2\tcaf\xe9\n").unwrap();
    let run = setup.import(&path, "latin");
    assert_eq!(run.code, 1);
    assert!(
        run.err.contains("latin1.tsv:2: not UTF-8 text (byte 0xe9"),
        "{}",
        run.err
    );
}

#[test]
fn anki_cloze_notes_become_cloze_cards_and_a_broken_one_is_named_by_line() {
    let setup = Setup::new();
    // Anki's cloze note type exports its Text and Back Extra fields; Back Extra is often empty.
    let text = "#separator:tab\n#html:true\n\
        A <b>{{c1::Pod}}</b> is the smallest unit you deploy; its containers share {{c2::one IP::how many}}.\t\n\
        {{c1::etcd}} stores the cluster's state.\tIt is a key-value store.\n\
        A {{c1::Pod}} is a Pod.\t\n\
        Which port does the API server serve on?\t6443\n";
    let file = setup.file("cloze.txt", text);
    let run = setup.import(&file, "cloze");
    assert_eq!(run.code, 0, "{}", run.err);
    // The third note hides what it shows: refused by check's rule, told by line, the rest kept.
    let note = run
        .out
        .lines()
        .find(|l| l.contains("cloze.txt:5:"))
        .unwrap_or_else(|| panic!("no note for line 5:\n{}", run.out));
    assert!(note.contains("shows elsewhere"), "{note}");
    let pack = setup.installed("cloze");
    let ids: Vec<&str> = pack.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert!(
        ids[0].ends_with("/c1") && ids[1].ends_with("/c2"),
        "{ids:?}"
    );
    assert_eq!(
        pack.cards[0].front,
        "A […] is the smallest unit you deploy; its containers share one IP."
    );
    assert_eq!(
        pack.cards[1].front,
        "A Pod is the smallest unit you deploy; its containers share [how many]."
    );
    assert_eq!(
        pack.cards[2].explanation.as_deref(),
        Some("It is a key-value store.")
    );
    assert_eq!(
        pack.cards[3].answer,
        kubestudy::pack::Answer::Text("6443".into())
    );
}
