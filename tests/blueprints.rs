//! Exam blueprints as pack data: the built-in ones check clean, a pack can ship its own exam,
//! and every mistake in a blueprint or in an item's competency ids is reported where it is.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use kubestudy::pack::{PackSource, load};

const BAD: &str = r#"(id: "bad-exam", version: "1.0.0", title: "t", summary: "s", language: "en",
 license: "CC0-1.0", authors: ["a"], kubernetes: "1.35",
 cards: [(id: "c1", front: "q?", answer: Text("a"),
          competencies: ["cka.storage.pvc", "cka.storage.pv-pvc", "cka.storage.pv-pvc", "own.d.x"])],
 exams: [
  (id: "cka", title: "", curriculum: (version: "1", date: "2025-13-01", source: "x"),
   format: (style: HandsOn, questions: 0, minutes: 10, pass_percent: 101),
   domains: [(id: "cka.x", name: "X", weight: 50, competencies: [(id: "other.y", text: "y")])]),
  (id: "own", title: "Own", curriculum: (version: "1", date: "2025-01-01", source: "x"),
   format: (style: MultipleChoice, questions: 10, minutes: 10, pass_percent: 70),
   domains: [(id: "own.d", name: "D", weight: 100, competencies: [(id: "own.d.x", text: "x")])]),
 ])
"#;

#[test]
fn every_blueprint_mistake_is_reported_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pack.ron"), BAD).unwrap();
    let report = load(&PackSource::Dir(dir.path().to_owned()));
    let lines: Vec<String> = report
        .problems
        .iter()
        .map(|p| format!("{}:{} {}", p.line, p.col, p.message))
        .collect();
    let expect = [
        ("4:26", "unknown competency `cka.storage.pvc`"),
        ("4:26", "cka.storage.pv-pvc"), // the hint names the right one
        ("4:67", "competency `cka.storage.pv-pvc` is listed twice"),
        ("6:8", "exam `cka` is built in"),
        ("6:22", "title is empty"),
        ("6:59", "curriculum date `2025-13-01` is not YYYY-MM-DD"),
        ("7:40", "questions is 0"),
        ("7:70", "pass_percent is 101"),
        ("8:13", "the domain weights sum to 50"),
        ("8:71", "must be `cka.x.` followed by"),
    ];
    for (at, text) in expect {
        assert!(
            lines.iter().any(|l| l.starts_with(at) && l.contains(text)),
            "no problem at {at} saying {text:?} in:\n{}",
            lines.join("\n")
        );
    }
    // The pack's own exam resolves its own competency; nothing else is reported.
    assert!(!lines.iter().any(|l| l.contains("own.d.x")), "{lines:#?}");
    assert_eq!(lines.len(), 9, "{lines:#?}");
}

#[test]
fn a_pack_can_ship_its_own_exam() {
    let good = BAD
        .replace(
            r#"(id: "cka", title: """#,
            r#"(id: "cka-lab", title: "Lab""#,
        )
        .replace("2025-13-01", "2025-12-01")
        .replace("questions: 0", "questions: 5")
        .replace("pass_percent: 101", "pass_percent: 60")
        .replace(
            r#"(id: "cka.x", name: "X", weight: 50, competencies: [(id: "other.y""#,
            r#"(id: "cka-lab.x", name: "X", weight: 100, competencies: [(id: "cka-lab.x.y""#,
        )
        .replace(r#""cka.storage.pvc", "cka.storage.pv-pvc", "#, "")
        .replace(r#""own.d.x"]"#, r#""own.d.x", "cka-lab.x.y"]"#);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pack.ron"), good).unwrap();
    let report = load(&PackSource::Dir(dir.path().to_owned()));
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    let pack = report.pack.unwrap();
    assert_eq!(pack.exams.len(), 2);
    assert_eq!(pack.counts().exams, 2);
}

#[test]
fn the_built_in_exams_pack_checks_clean_and_lists_five_exams() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kubestudy"))
        .args(["check", "packs/cncf-exams"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains(", 5 exams - clean"), "{text}");
}

#[test]
fn coverage_of_a_pack_counts_its_items_per_competency_and_flags_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let mut cards = String::new();
    for i in 0..12 {
        cards.push_str(&format!(
            "(id: \"c{i}\", front: \"q{i}?\", answer: Text(\"a{i}\"), \
             competencies: [\"cka.storage.pv-pvc\", \"ckad.design.volumes\"]),"
        ));
    }
    let manifest = format!(
        "(id: \"cov\", version: \"1.0.0\", title: \"t\", summary: \"s\", language: \"en\", \
         license: \"CC0-1.0\", authors: [\"a\"], kubernetes: \"1.35\", cards: [{cards}], \
         glossary: [(id: \"t\", term: \"T\", definition: \"d\", competencies: [\"cka.storage.storageclass\"])])"
    );
    std::fs::write(dir.path().join("pack.ron"), manifest).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_kubestudy"))
            .arg("coverage")
            .args(args)
            .arg(dir.path())
            .env("KUBESTUDY_HOME", dir.path().join("home"))
            .output()
            .unwrap()
    };
    let out = run(&["--exam", "cka", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let maps: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cka = &maps[0];
    assert_eq!(cka["exam"], "cka");
    assert_eq!(cka["questions"], 12);
    let storage = cka["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "cka.storage")
        .unwrap();
    assert_eq!(storage["questions"], 12);
    let comps = storage["competencies"].as_array().unwrap();
    let pv = comps
        .iter()
        .find(|c| c["id"] == "cka.storage.pv-pvc")
        .unwrap();
    assert_eq!(pv["cards"], 12);
    assert!(pv["gaps"].as_array().unwrap().is_empty(), "{pv}");
    let sc = comps
        .iter()
        .find(|c| c["id"] == "cka.storage.storageclass")
        .unwrap();
    assert_eq!(sc["terms"], 1);
    assert_eq!(sc["gaps"][0]["kind"], "few_questions");
    // All the questions are in Storage (10 %): its share is flagged, and so are empty domains.
    assert_eq!(storage["gaps"][0]["kind"], "share_off");

    let text = run(&["--exam", "CKAD"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("ckad.design.volumes"), "{text}");
    assert!(text.contains("12 cards"), "{text}");

    let bad = run(&["--exam", "nope"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("no exam `nope`; known: kcna, cka, ckad, kcsa, cks"),
        "{err}"
    );
}
