//! Routing budgets (README, "Speed"): routing the largest built-in diagram ≤ 20 ms; a
//! 200-node, 400-edge diagram ≤ 150 ms; both once, when the diagram opens. Placing the labels
//! (redone when the zoom changes) of the 200-node diagram ≤ 5 ms. The largest diagram allowed
//! (1,000 boxes, 2,000 long arrows) is bounded by the search budget: ≤ 1.5 s.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use kubestudy::modes::diagram::Area;
use kubestudy::modes::diagram_labels::{Keep, place_labels};
use kubestudy::modes::diagram_route::DiagramLayout;
use kubestudy::pack::model::{Edge, Node, Rect};
use kubestudy::pack::{Diagram, ItemId, Library};

/// 200 nodes on a 20 × 10 grid, 400 edges (to the right and down neighbours, wrapping), as
/// the UI bench's diagram.
fn synthetic() -> Diagram {
    let nodes = (0..200u32)
        .map(|n| Node {
            id: ItemId(format!("n{n}")),
            label: format!("component {n}"),
            aliases: Vec::new(),
            rect: Rect(20 + (n % 20) * 198, 20 + (n / 20) * 198, 140, 60),
            region: None,
            term: None,
            competencies: Vec::new(),
            role: format!("Role of component {n}."),
        })
        .collect();
    let edge = |from: u32, to: u32, label: &str| Edge {
        from: ItemId(format!("n{from}")),
        to: ItemId(format!("n{to}")),
        label: label.to_owned(),
    };
    let edges = (0..200)
        .flat_map(|n| {
            [
                edge(n, (n + 1) % 200, "calls"),
                edge(n, (n + 20) % 200, "watches"),
            ]
        })
        .collect();
    Diagram {
        id: ItemId("big".to_owned()),
        title: "Big".to_owned(),
        summary: String::new(),
        canvas: (4000, 2000),
        background: None,
        regions: Vec::new(),
        nodes,
        edges,
        tags: Vec::new(),
        source: None,
    }
}

/// The largest diagram validation allows: 1,000 boxes, 2,000 arrows, a 20,000-unit canvas
/// (as tests/diagram_geometry.rs's hostile one).
fn hostile() -> Diagram {
    let mut d = synthetic();
    d.canvas = (20_000, 20_000);
    d.nodes = (0..1000u32)
        .map(|n| Node {
            id: ItemId(format!("n{n}")),
            label: format!("n{n}"),
            aliases: Vec::new(),
            rect: Rect(100 + (n % 40) * 480, 100 + (n / 40) * 780, 300, 200),
            region: None,
            term: None,
            competencies: Vec::new(),
            role: "A box.".to_owned(),
        })
        .collect();
    d.edges = (0..2000u32)
        .map(|e| Edge {
            from: ItemId(format!("n{}", e % 1000)),
            to: ItemId(format!("n{}", (e * 37 + 11) % 1000)),
            label: "far".to_owned(),
        })
        .collect();
    d
}

fn bench(c: &mut Criterion) {
    let (library, _) = Library::builtin();
    let largest = library
        .packs()
        .iter()
        .flat_map(|p| &p.diagrams)
        .max_by_key(|d| d.nodes.len() + d.edges.len())
        .unwrap()
        .clone();
    let big = synthetic();
    let mut group = c.benchmark_group("diagram_route");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(6));
    group.bench_function(format!("builtin {}", largest.id), |b| {
        b.iter(|| DiagramLayout::new(black_box(&largest)))
    });
    group.bench_function("200_nodes_400_edges", |b| {
        b.iter(|| DiagramLayout::new(black_box(&big)))
    });
    let worst = hostile();
    group.bench_function("hostile 1000_nodes_2000_edges", |b| {
        b.iter(|| DiagramLayout::new(black_box(&worst)))
    });
    let layout = DiagramLayout::new(&big);
    assert!(
        layout.routes.unrouted().is_empty(),
        "every synthetic edge is routed"
    );
    #[allow(clippy::cast_precision_loss)]
    let clear: Vec<Area> = big
        .nodes
        .iter()
        .map(|n| Area {
            x: n.rect.0 as f32,
            y: n.rect.1 as f32,
            w: n.rect.2 as f32,
            h: n.rect.3 as f32,
        })
        .collect();
    let sizes: Vec<Vec<(f32, f32)>> = big
        .edges
        .iter()
        .map(|_| vec![(70.0, 20.0), (45.0, 34.0)])
        .collect();
    group.bench_function("labels, 200_nodes_400_edges", |b| {
        b.iter(|| {
            place_labels(
                &layout.routes,
                black_box(&sizes),
                Keep {
                    clear: &clear,
                    pad: 2.0,
                    head: 10.0,
                    canvas: Area {
                        x: 0.0,
                        y: 0.0,
                        w: 4000.0,
                        h: 2000.0,
                    },
                },
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
