//! The complete pack in the README is valid, so pack authors can start from it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use kubestudy::pack::{PackSource, load};

#[test]
fn the_readme_example_pack_is_clean() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let section = readme
        .split("### A complete pack")
        .nth(1)
        .expect("README has a complete-pack section");
    let example = section
        .split("```ron\n")
        .nth(1)
        .and_then(|s| s.split("\n```").next())
        .expect("a ron block");
    let dir = common::PackDir::new();
    let path = dir.write("example.ron", example);
    let report = load(&PackSource::File(path));
    assert!(
        report.problems.is_empty(),
        "README example has problems:\n{}",
        common::render(&report.problems)
    );
    let counts = report.pack.expect("pack").counts();
    // One of every kind of content.
    assert!(
        counts.terms > 0
            && counts.cards > 0
            && counts.primers > 0
            && counts.checks > 0
            && counts.diagrams > 0
    );
}
