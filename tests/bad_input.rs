//! Broken and hostile packs: each gives a located problem and no panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use common::{MANIFEST_HEAD, PackDir, expect_problem, render};

/// A content file with one glossary term and one card, used as a base for broken variants.
const CARDS: &str = r#"(
    glossary: [
        (id: "etcd", term: "etcd", definition: "Key-value store for cluster state."),
    ],
    cards: [
        (id: "where-state", front: "Where is cluster state kept?", answer: Text("etcd"), terms: ["etcd"]),
    ],
)
"#;

fn pack_with_cards(cards: &str) -> PackDir {
    let pack = PackDir::with_manifest(r#"    include: ["cards.ron"],"#);
    pack.write("cards.ron", cards);
    pack
}

#[test]
fn a_clean_pack_has_no_problems() {
    let report = pack_with_cards(CARDS).load();
    assert!(report.problems.is_empty(), "{}", render(&report.problems));
    let pack = report.pack.expect("pack");
    assert_eq!((pack.counts().terms, pack.counts().cards), (1, 1));
}

#[test]
fn syntax_error_is_located_and_names_the_item() {
    // Line 6 lacks the comma after `front: "..."`.
    let broken = CARDS.replace(r#"kept?", answer"#, r#"kept?" answer"#);
    let report = pack_with_cards(&broken).load();
    let problem = expect_problem(&report, "cards.ron", (6, 67), "where-state", "");
    assert!(
        problem.message.to_lowercase().contains("expected"),
        "{problem}"
    );
}

#[test]
fn unknown_field_is_located() {
    let broken = CARDS.replace("answer: Text", "anser: Text");
    let report = pack_with_cards(&broken).load();
    expect_problem(&report, "cards.ron", (6, 68), "where-state", "anser");
}

#[test]
fn missing_required_field_is_reported() {
    let broken = CARDS.replace(r#" definition: "Key-value store for cluster state.""#, "");
    let report = pack_with_cards(&broken).load();
    let problem = report
        .problems
        .iter()
        .find(|p| p.message.contains("definition"))
        .expect("missing field problem");
    assert!(
        problem.file.ends_with("cards.ron") && problem.line == 3,
        "{problem}"
    );
}

#[test]
fn duplicate_id_points_at_the_second_and_names_the_first() {
    let broken = CARDS.replace(
        "    ],\n)",
        "        (id: \"where-state\", front: \"Again?\", answer: Text(\"etcd\")),\n    ],\n)",
    );
    let report = pack_with_cards(&broken).load();
    let problem = expect_problem(&report, "cards.ron", (7, 14), "where-state", "duplicate id");
    assert!(problem.message.contains("cards.ron:6:14"), "{problem}");
}

#[test]
fn a_term_and_a_card_cannot_share_an_id() {
    let broken = CARDS.replace(r#"(id: "where-state""#, r#"(id: "etcd""#);
    let report = pack_with_cards(&broken).load();
    expect_problem(
        &report,
        "cards.ron",
        (6, 14),
        "etcd",
        "duplicate id `etcd` (card)",
    );
}

#[test]
fn dangling_references_are_each_reported() {
    let broken = CARDS
        .replace(r#"terms: ["etcd"]"#, r#"terms: ["etcd", "raft"]"#)
        .replace(r#"state.")"#, r#"state.", see_also: ["kube-apiserver"])"#);
    let report = pack_with_cards(&broken).load();
    expect_problem(
        &report,
        "cards.ron",
        (3, 97),
        "etcd",
        "see_also `kube-apiserver`",
    );
    expect_problem(&report, "cards.ron", (6, 106), "where-state", "term `raft`");
    assert_eq!(report.problems.len(), 2, "{}", render(&report.problems));
}

#[test]
fn empty_text_is_reported() {
    let broken = CARDS
        .replace("Key-value store for cluster state.", "  ")
        .replace(r#"Text("etcd")"#, r#"Text("")"#);
    let report = pack_with_cards(&broken).load();
    expect_problem(&report, "cards.ron", (3, 48), "etcd", "definition is empty");
    expect_problem(
        &report,
        "cards.ron",
        (6, 76),
        "where-state",
        "answer is empty",
    );
}

#[test]
fn bad_ids_and_unbalanced_backticks() {
    let broken = CARDS
        .replace(r#"(id: "where-state""#, r#"(id: "Where_State""#)
        .replace("Where is", "Where `is");
    let report = pack_with_cards(&broken).load();
    expect_problem(
        &report,
        "cards.ron",
        (6, 14),
        "Where_State",
        "not kebab-case",
    );
    expect_problem(&report, "cards.ron", (6, 36), "Where_State", "backtick");
}

#[test]
fn empty_file_and_empty_pack() {
    let empty_file = PackDir::new();
    empty_file.write("pack.ron", "");
    let report = empty_file.load();
    expect_problem(&report, "pack.ron", (1, 1), "manifest", "");
    assert!(report.pack.is_none());

    let no_content = PackDir::with_manifest("");
    let report = no_content.load();
    expect_problem(&report, "pack.ron", (1, 1), "test-pack", "no content");

    let no_manifest = PackDir::new();
    let report = no_manifest.load();
    expect_problem(
        &report,
        "pack.ron",
        (1, 1),
        "manifest",
        "needs a manifest named pack.ron",
    );
}

#[test]
fn a_50_mb_file_is_refused_without_reading_it() {
    let pack = PackDir::with_manifest(r#"    include: ["big.ron"],"#);
    let big = std::fs::File::create(pack.path().join("big.ron")).expect("create");
    big.set_len(50 * 1024 * 1024).expect("sparse 50 MB file");
    let report = pack.load();
    expect_problem(
        &report,
        "big.ron",
        (1, 1),
        "test-pack",
        "50.0 MiB but the limit is 32.0 MiB",
    );
}

#[test]
fn non_utf8_bytes_are_located() {
    let mut bytes = CARDS.as_bytes().to_vec();
    let at = CARDS.find("Key-value").expect("needle");
    bytes[at + 4] = 0xff;
    let pack = PackDir::with_manifest(r#"    include: ["cards.ron"],"#);
    pack.write_bytes("cards.ron", &bytes);
    let report = pack.load();
    expect_problem(
        &report,
        "cards.ron",
        (3, 53),
        "test-pack",
        "not valid UTF-8 (byte 0xff)",
    );
}

#[test]
fn deeply_nested_input_is_refused_without_overflowing_the_stack() {
    for (open, close) in [("[", "]"), ("(", ")"), ("Some(", ")")] {
        let nested = format!(
            "(glossary: {}{})",
            open.repeat(200_000),
            close.repeat(200_000)
        );
        let report = pack_with_cards(&nested).load();
        let problem = report
            .problems
            .iter()
            .find(|p| p.file.ends_with("cards.ron"))
            .expect("a problem");
        assert_eq!(problem.line, 1, "{problem}");
    }
    let report = pack_with_cards(&format!("(tags: {})", "[".repeat(100))).load();
    assert!(!report.problems.is_empty());
}

#[test]
fn include_paths_that_escape_are_refused() {
    let pack = PackDir::with_manifest(
        r#"    include: ["../outside.ron", "/etc/passwd", "missing.ron", "pack.ron"],"#,
    );
    let report = pack.load();
    expect_problem(&report, "pack.ron", (10, 15), "test-pack", "`..`");
    expect_problem(&report, "pack.ron", (10, 33), "test-pack", "absolute");
    expect_problem(
        &report,
        "missing.ron",
        (1, 1),
        "test-pack",
        "file not found",
    );
    expect_problem(
        &report,
        "pack.ron",
        (10, 63),
        "test-pack",
        "cannot include itself",
    );
}

fn diagram_pack(diagram: &str) -> PackDir {
    PackDir::with_manifest(&format!(
        "    glossary: [(id: \"etcd\", term: \"etcd\", definition: \"Store.\")],\n    diagrams: [\n{diagram}\n    ],"
    ))
}

const DIAGRAM: &str = r#"        (id: "d", title: "D", canvas: (400, 200),
         regions: [(id: "cp", label: "Control plane", rect: (0, 0, 200, 200))],
         nodes: [
            (id: "a", label: "A", rect: (10, 10, 100, 50), region: "cp", term: "etcd", role: "Stores."),
            (id: "b", label: "B", rect: (250, 10, 100, 50), role: "Reads."),
         ],
         edges: [(from: "b", to: "a", label: "reads")])"#;

#[test]
fn diagram_geometry_and_references() {
    assert!(diagram_pack(DIAGRAM).load().problems.is_empty());
    let broken = DIAGRAM
        .replace("(250, 10, 100, 50)", "(350, 10, 100, 50)")
        .replace(r#"term: "etcd""#, r#"term: "etc""#)
        .replace(r#"region: "cp""#, r#"region: "dp""#)
        .replace(r#"(from: "b", to: "a""#, r#"(from: "b", to: "c""#);
    let report = diagram_pack(&broken).load();
    expect_problem(&report, "pack.ron", (15, 68), "d/a", "region `dp`");
    expect_problem(&report, "pack.ron", (15, 80), "d/a", "term `etc`");
    expect_problem(
        &report,
        "pack.ron",
        (16, 41),
        "d/b",
        "outside the 400x200 canvas",
    );
    expect_problem(&report, "pack.ron", (18, 34), "d/b->c", "edge to `c`");

    let overlapping = DIAGRAM.replace("(250, 10, 100, 50)", "(60, 40, 100, 50)");
    let report = diagram_pack(&overlapping).load();
    expect_problem(&report, "pack.ron", (16, 41), "d/b", "overlaps node `a`");

    let outside_region = DIAGRAM.replace("(10, 10, 100, 50)", "(150, 10, 100, 50)");
    let report = diagram_pack(&outside_region).load();
    expect_problem(
        &report,
        "pack.ron",
        (15, 41),
        "d/a",
        "outside its region `cp`",
    );
}

fn background_pack(background: &str) -> PackDir {
    diagram_pack(&DIAGRAM.replace(
        "canvas: (400, 200),",
        &format!("canvas: (400, 200), background: {background:?},"),
    ))
}

#[test]
fn background_assets_are_checked() {
    let good = background_pack("assets/bg.png");
    good.write_bytes("assets/bg.png", &common::png(800, 400));
    assert!(
        good.load().problems.is_empty(),
        "{}",
        render(&good.load().problems)
    );

    let cases = [
        ("assets/missing.png", None, "file not found"),
        ("../secret.png", None, "`..`"),
        ("/etc/passwd", None, "absolute"),
        (
            "bg.png",
            Some(common::png(800, 400)),
            "must be under assets/",
        ),
        (
            "assets/bg.png",
            Some(b"\x89PNG\r\n\x1a\n not really a png".to_vec()),
            "bg.png",
        ),
        (
            "assets/bg.png",
            Some(common::png(5000, 2500)),
            "limit is 4096",
        ),
        (
            "assets/bg.png",
            Some(common::png(300, 300)),
            "not the shape",
        ),
        (
            "assets/bg.png",
            Some(b"GIF89a........".to_vec()),
            "not a PNG or JPEG",
        ),
    ];
    for (path, bytes, needle) in cases {
        let pack = background_pack(path);
        if let Some(bytes) = bytes {
            pack.write_bytes(path, &bytes);
        }
        let report = pack.load();
        expect_problem(&report, "pack.ron", (12, 63), "d", needle);
    }
}

#[test]
fn oversized_asset_is_refused() {
    let pack = background_pack("assets/bg.png");
    std::fs::create_dir_all(pack.path().join("assets")).expect("mkdir");
    std::fs::File::create(pack.path().join("assets/bg.png"))
        .expect("create")
        .set_len(9 * 1024 * 1024)
        .expect("len");
    expect_problem(&pack.load(), "pack.ron", (12, 63), "d", "limit is 8.0 MiB");
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_pack_are_refused() {
    let outside = tempfile::tempdir().expect("tmp");
    std::fs::write(outside.path().join("secret.ron"), CARDS).expect("write");
    std::fs::write(outside.path().join("secret.png"), common::png(800, 400)).expect("write");
    let pack = PackDir::with_manifest(r#"    include: ["cards.ron"],"#);
    std::os::unix::fs::symlink(
        outside.path().join("secret.ron"),
        pack.path().join("cards.ron"),
    )
    .expect("symlink");
    expect_problem(
        &pack.load(),
        "cards.ron",
        (1, 1),
        "test-pack",
        "leads out of the pack folder",
    );

    let pack = background_pack("assets/bg.png");
    std::fs::create_dir_all(pack.path().join("assets")).expect("mkdir");
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        pack.path().join("assets/bg.png"),
    )
    .expect("symlink");
    expect_problem(
        &pack.load(),
        "pack.ron",
        (12, 63),
        "d",
        "leads out of the pack folder",
    );
}

#[test]
fn newer_format_and_bad_manifest_fields() {
    let pack = PackDir::new();
    pack.write(
        "pack.ron",
        &(MANIFEST_HEAD
            .replace("(\n", "(\n    format: 2,\n")
            .replace("\"1.0.0\"", "\"one\"")
            .replace("\"1.35\"", "\"latest\"")
            .replace("\"en\"", "\"English\"")
            .replace("CC0-1.0", "")
            + "    cards: [(id: \"c\", front: \"f\", answer: Text(\"a\"))],\n)"),
    );
    let report = pack.load();
    expect_problem(
        &report,
        "pack.ron",
        (2, 13),
        "test-pack",
        "newer than this kubestudy understands",
    );
    expect_problem(&report, "pack.ron", (4, 14), "test-pack", "not semver");
    expect_problem(
        &report,
        "pack.ron",
        (7, 15),
        "test-pack",
        "language `English`",
    );
    expect_problem(
        &report,
        "pack.ron",
        (8, 14),
        "test-pack",
        "license is empty",
    );
    expect_problem(
        &report,
        "pack.ron",
        (10, 17),
        "test-pack",
        "kubernetes `latest`",
    );
}

#[test]
fn single_file_packs_load_and_cannot_reach_other_files() {
    let dir = PackDir::new();
    let path = dir.write(
        "solo.ron",
        &format!("{MANIFEST_HEAD}    include: [\"x.ron\"],\n    cards: [(id: \"c\", front: \"f\", answer: Text(\"a\"))],\n)"),
    );
    let report = kubestudy::pack::load(&kubestudy::pack::PackSource::File(path));
    expect_problem(
        &report,
        "solo.ron",
        (10, 14),
        "test-pack",
        "single-file pack cannot include",
    );
    assert_eq!(report.pack.expect("pack").counts().cards, 1);
}
