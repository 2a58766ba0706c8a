//! Authoring: `kubestudy new` passes `check`; text exports from Anki or Quizlet become packs
//! (quotes, tabs and newlines inside fields, a BOM, CRLF, Anki's headers and HTML).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use kubestudy::dirs::AppDirs;
use kubestudy::pack::tsv::{Columns, pack_text, plain, read_table};
use kubestudy::pack::{PackSource, load};

#[test]
fn a_new_pack_has_every_kind_of_item_and_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) =
        common::run_cli(|o, e| kubestudy::cli::new_pack("my-pack", dir.path(), o, e));
    assert_eq!(code, 0, "{out}");
    let report = load(&PackSource::Dir(dir.path().join("my-pack")));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let pack = report.pack.unwrap();
    let c = pack.counts();
    assert!(
        c.terms > 0 && c.cards > 0 && c.primers > 0 && c.checks > 0 && c.diagrams > 0,
        "{c:?}"
    );
    // Not over an existing folder, not with a bad id.
    assert_eq!(
        common::run_cli(|o, e| kubestudy::cli::new_pack("my-pack", dir.path(), o, e)).0,
        1
    );
    assert_eq!(
        common::run_cli(|o, e| kubestudy::cli::new_pack("My Pack", dir.path(), o, e)).0,
        2
    );
}

/// Finding 40: `con`, `nul`, `com1`... are device names on Windows, where a pack folder of that
/// name cannot exist; `new` refuses them as `check` does, and writes nothing.
#[test]
fn a_new_pack_cannot_be_named_like_a_windows_device() {
    let dir = tempfile::tempdir().unwrap();
    for id in ["con", "nul", "aux", "prn", "com1", "lpt9"] {
        let (code, _, err) = common::run_cli(|o, e| kubestudy::cli::new_pack(id, dir.path(), o, e));
        assert_eq!(code, 2, "{id}: {err}");
        assert!(!dir.path().join(id).exists(), "{id}");
    }
    let (code, out, _) =
        common::run_cli(|o, e| kubestudy::cli::new_pack("console", dir.path(), o, e));
    assert_eq!(code, 0, "{out}");
}

#[test]
fn text_exports_with_quotes_tabs_newlines_bom_and_crlf() {
    let text = "\u{feff}#separator:tab\r\n#html:true\r\n\
        What is a Pod?\tThe smallest <b>deployable</b> unit<br>in Kubernetes\tk8s::basics Exam\r\n\
        \"Quoted\tfront with \"\"quotes\"\"\"\t\"two\r\nlines\"\tk8s\r\n\
        \tno front\t\r\n\
        \r\n";
    let table = read_table(text).unwrap();
    assert_eq!(table.separator, '\t');
    assert_eq!(
        table.rows.len(),
        3,
        "the blank row is dropped: {:?}",
        table.rows
    );
    assert_eq!(table.rows[1][0], "Quoted\tfront with \"quotes\"");
    assert_eq!(table.rows[1][1], "two\r\nlines");
    let made = pack_text(&table, Columns::default(), "deck", "Deck").unwrap();
    let skipped: Vec<_> = made
        .notes
        .iter()
        .map(|n| (n.line, n.message.as_str()))
        .collect();
    assert_eq!(skipped, [(6, "row skipped: no front (column 1 is empty)")]);
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in &made.files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let pack = &made.files[1].1;
    let report = load(&PackSource::Dir(dir.path().to_owned()));
    assert!(report.problems.is_empty(), "{:?}\n{pack}", report.problems);
    let cards = report.pack.unwrap().cards;
    assert_eq!(cards.len(), 2);
    assert_eq!(cards[0].front, "What is a Pod?");
    assert_eq!(
        cards[0].answer,
        kubestudy::pack::Answer::Text("The smallest deployable unit\nin Kubernetes".into())
    );
    assert_eq!(cards[0].tags, ["k8s-basics", "exam"]);
    assert_eq!(cards[1].front, "Quoted\tfront with \"quotes\"");
    assert_eq!(
        cards[1].answer,
        kubestudy::pack::Answer::Text("two\nlines".into())
    );
    // Ids come from the front, so a re-import keeps progress even if rows move.
    let moved = read_table("x\ty\nWhat is a Pod?\tanything\n").unwrap();
    let again = &pack_text(&moved, Columns::default(), "deck", "Deck")
        .unwrap()
        .files[1]
        .1;
    let id = |text: &str, front: &str| {
        text.lines()
            .find(|l| l.contains(front))
            .unwrap()
            .split('"')
            .nth(1)
            .unwrap()
            .to_owned()
    };
    assert_eq!(id(pack, "What is a Pod?"), id(again, "What is a Pod?"));
    // Commas when there is no tab; HTML entities decoded.
    let csv = read_table("front,back\n\"a, b\",c &amp; d\n").unwrap();
    assert_eq!(csv.separator, ',');
    assert_eq!(csv.rows[1], ["a, b", "c &amp; d"]);
    assert_eq!(plain("c &amp; d&nbsp;<i>e</i>"), "c & d e");
}

#[test]
fn import_text_installs_a_pack_and_refuses_bad_input() {
    let home = tempfile::tempdir().unwrap();
    let dirs = AppDirs::resolve(Some(home.path())).unwrap();
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("quizlet.tsv");
    std::fs::write(
        &file,
        "Term one\tDefinition one\r\nTerm two\tDefinition two\r\n",
    )
    .unwrap();
    let args = |id: &'static str, preview| kubestudy::cli::TextImport {
        file: &file,
        id,
        columns: Columns::default(),
        preview,
        force: false,
    };
    let (code, out, err) = common::run_cli(|o, e| {
        kubestudy::cli::import_text(Some(&dirs), &args("quizlet", true), o, e)
    });
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("2 rows, separated by tab; front = column 1, back = column 2"),
        "{out}"
    );
    assert!(
        !home.path().join("packs/quizlet").exists(),
        "a preview installs nothing"
    );
    let (code, out, _) = common::run_cli(|o, e| {
        kubestudy::cli::import_text(Some(&dirs), &args("quizlet", false), o, e)
    });
    assert_eq!(code, 0);
    assert!(out.contains("installed 2 cards as `quizlet`"), "{out}");
    assert!(
        load(&PackSource::Dir(home.path().join("packs/quizlet")))
            .problems
            .is_empty()
    );
    std::fs::write(&file, [b"front\tback\n".as_slice(), &[0xff, 0xfe]].concat()).unwrap();
    let (code, _, err) = common::run_cli(|o, e| {
        kubestudy::cli::import_text(Some(&dirs), &args("other", false), o, e)
    });
    assert_eq!(code, 1);
    assert!(err.contains("not UTF-8"), "{err}");
    let (code, _, err) = common::run_cli(|o, e| {
        kubestudy::cli::import_text(Some(&dirs), &args("Bad Id", false), o, e)
    });
    assert_eq!(code, 1);
    assert!(err.contains("not a pack id"), "{err}");
}
