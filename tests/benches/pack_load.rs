//! Load + validate budgets (README, "Speed"): a generated pack of 100,000 cards and 20,000 terms
//! ≤ 300 ms; the built-in packs ≤ 10 ms; the largest diagram allowed (1,000 nodes, 2,000 edges)
//! ≤ 20 ms.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use kubestudy::pack::validate::{MAX_DIAGRAM_EDGES, MAX_DIAGRAM_NODES};
use kubestudy::pack::{Library, PackSource, load};

#[path = "big_pack.rs"]
mod big_pack;
use big_pack::generate;

/// Writes a pack folder with one diagram of the most nodes and edges allowed: boxes on a grid,
/// each edge distinct (the hostile report's 200,000-edge pack took 64 s before edges were capped
/// and their repeat check made linear).
fn generate_diagram(dir: &std::path::Path) {
    let mut d =
        String::from("(diagrams: [(id: \"d\", title: \"D\", canvas: (16000, 10000), nodes: [\n");
    for i in 0..MAX_DIAGRAM_NODES {
        let (x, y) = ((i % 40) * 400, (i / 40) * 400);
        let _ = writeln!(
            d,
            "(id: \"n{i}\", label: \"N{i}\", rect: ({x}, {y}, 100, 100), role: \"r\"),"
        );
    }
    d.push_str("], edges: [\n");
    for e in 0..MAX_DIAGRAM_EDGES {
        let (from, to) = (e / 400, (e / 400 + 1 + e % 400) % MAX_DIAGRAM_NODES);
        let _ = writeln!(d, "(from: \"n{from}\", to: \"n{to}\", label: \"e\"),");
    }
    d.push_str("])])\n");
    std::fs::write(dir.join("d.ron"), d).expect("write");
    std::fs::write(
        dir.join("pack.ron"),
        "(id: \"diagram\", version: \"1.0.0\", title: \"Diagram\", summary: \"Generated.\", \
         language: \"en\", license: \"CC0-1.0\", authors: [\"bench\"], kubernetes: \"1.35\", \
         include: [\"d.ron\"])",
    )
    .expect("write");
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tmp");
    generate(dir.path());
    let source = PackSource::Dir(dir.path().to_owned());
    let report = load(&source);
    assert!(
        report.problems.is_empty(),
        "generated pack must be clean: {:?}",
        report.problems.first()
    );

    let mut group = c.benchmark_group("pack_load");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(12));
    group.bench_function("100k_cards_20k_terms", |b| {
        b.iter_with_large_drop(|| load(black_box(&source)))
    });
    group.finish();

    c.bench_function("builtin_packs", |b| {
        b.iter_with_large_drop(Library::builtin)
    });

    let diagram = tempfile::tempdir().expect("tmp");
    generate_diagram(diagram.path());
    let source = PackSource::Dir(diagram.path().to_owned());
    let report = load(&source);
    assert!(
        report.problems.is_empty(),
        "generated diagram must be clean: {:?}",
        report.problems.first()
    );
    c.bench_function("diagram_1000_nodes_2000_edges", |b| {
        b.iter_with_large_drop(|| load(black_box(&source)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
