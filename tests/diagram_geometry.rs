//! Every built-in diagram, routed and labelled: no arrow through a box it does not connect,
//! every arrow orthogonal and ending on its own boxes, arrows leaving one side spread apart, and
//! every label touching its own arrow and covering no box, region title or other label, at the
//! zooms a learner sees. Then the router's bounds on hostile diagrams.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use kubestudy::modes::diagram::{Area, Point};
use kubestudy::modes::diagram_labels::{Keep, distance_to_area, overlaps, place_labels};
use kubestudy::modes::diagram_route::{
    DiagramLayout, EdgeRoute, SEARCH_BUDGET, distance_to_segment,
};
use kubestudy::pack::{Diagram, Library};

/// How far an arrow keeps from a box it does not connect, in canvas units.
const MARGIN: f32 = 4.0;

fn builtin_diagrams() -> Vec<Diagram> {
    let (library, reports) = Library::builtin();
    assert!(reports.iter().all(|r| r.problems.is_empty()));
    let diagrams: Vec<Diagram> = library
        .packs()
        .iter()
        .flat_map(|p| p.diagrams.iter().cloned())
        .collect();
    assert!(diagrams.len() >= 6, "every built-in diagram is checked");
    diagrams
}

#[allow(clippy::cast_precision_loss)]
fn area(r: kubestudy::pack::model::Rect) -> Area {
    Area {
        x: r.0 as f32,
        y: r.1 as f32,
        w: r.2 as f32,
        h: r.3 as f32,
    }
}

/// Whether the segment `a`–`b` passes through the inside of `r` (Liang–Barsky clipping).
fn crosses(a: Point, b: Point, r: Area) -> bool {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-dx, a.x - r.x),
        (dx, r.x + r.w - a.x),
        (-dy, a.y - r.y),
        (dy, r.y + r.h - a.y),
    ] {
        if p.abs() < 1e-6 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t1 - t0 > 1e-4
}

fn shrunk(a: Area, by: f32) -> Area {
    Area {
        x: a.x + by,
        y: a.y + by,
        w: (a.w - 2.0 * by).max(0.0),
        h: (a.h - 2.0 * by).max(0.0),
    }
}

fn grown(a: Area, by: f32) -> Area {
    shrunk(a, -by)
}

fn check_route(d: &Diagram, e: usize, route: &EdgeRoute) {
    let name = format!("{}: {} -> {}", d.id, d.edges[e].from, d.edges[e].to);
    assert!(route.routed, "{name} is routed, not drawn straight");
    assert!(route.points.len() >= 2, "{name}");
    for (a, b) in route.segments() {
        assert!(
            (a.x - b.x).abs() < 1e-3 || (a.y - b.y).abs() < 1e-3,
            "{name}: segment {a:?}-{b:?} is not orthogonal"
        );
        for (n, node) in d.nodes.iter().enumerate() {
            let rect = area(node.rect);
            if n == route.from || n == route.to {
                // Its own boxes: touched at the ends, never passed through.
                assert!(
                    !crosses(a, b, shrunk(rect, 0.5)),
                    "{name} passes through its own box {}",
                    node.id
                );
            } else {
                assert!(
                    !crosses(a, b, grown(rect, MARGIN)),
                    "{name} passes through {} ({a:?}-{b:?})",
                    node.id
                );
            }
        }
    }
    let (first, last) = (route.points[0], *route.points.last().unwrap());
    let from = area(d.nodes[route.from].rect);
    let to = area(d.nodes[route.to].rect);
    assert!(
        distance_to_area(from, first) < 0.01,
        "{name} starts on its box"
    );
    assert!(distance_to_area(to, last) < 0.01, "{name} ends on its box");
}

#[test]
fn no_arrow_crosses_a_box_it_does_not_connect() {
    for d in builtin_diagrams() {
        let layout = DiagramLayout::new(&d);
        assert_eq!(layout.routes.edges.len(), d.edges.len());
        assert!(layout.routes.unrouted().is_empty(), "{}", d.id);
        for (e, route) in layout.routes.edges.iter().enumerate() {
            check_route(&d, e, route.as_ref().expect("both ends are nodes"));
        }
    }
}

#[test]
fn arrows_sharing_a_box_leave_it_at_their_own_ports() {
    for d in builtin_diagrams() {
        let layout = DiagramLayout::new(&d);
        let mut ends: Vec<(usize, (i64, i64), usize)> = Vec::new();
        for (e, route) in layout.routes.edges.iter().enumerate() {
            let route = route.as_ref().unwrap();
            #[allow(clippy::cast_possible_truncation)]
            let key = |p: Point| ((p.x * 10.0).round() as i64, (p.y * 10.0).round() as i64);
            ends.push((route.from, key(route.points[0]), e));
            ends.push((route.to, key(*route.points.last().unwrap()), e));
        }
        ends.sort_unstable();
        for pair in ends.windows(2) {
            assert!(
                (pair[0].0, pair[0].1) != (pair[1].0, pair[1].1),
                "{}: edges {} and {} share a port on {}",
                d.id,
                pair[0].2,
                pair[1].2,
                d.nodes[pair[0].0].id
            );
        }
    }
}

/// A label's size in canvas units at `scale`, as the screen lays it out: small text, never
/// below the minimum readable size, wrapped at 180 px (about 0.55 em a character).
fn label_size(text: &str, scale: f32) -> (f32, f32) {
    wrapped(text, scale, 180.0)
}

/// The same, wrapped at `wrap` px.
fn wrapped(text: &str, scale: f32, wrap: f32) -> (f32, f32) {
    let font = (12.5 * scale).clamp(11.0, 15.0);
    #[allow(clippy::cast_precision_loss)]
    let wide = text.chars().count() as f32 * font * 0.55;
    let lines = (wide / wrap).ceil().max(1.0);
    (
        (wide.min(wrap) + 6.0) / scale,
        (lines * font * 1.3 + 4.0) / scale,
    )
}

/// Region titles as the screen draws them, in canvas units.
fn titles(d: &Diagram, scale: f32) -> Vec<Area> {
    d.regions
        .iter()
        .map(|r| {
            let (w, h) = label_size(&r.label, scale);
            let at = area(r.rect);
            Area {
                x: at.x + 6.0 / scale,
                y: at.y + 4.0 / scale,
                w: w.min(at.w),
                h,
            }
        })
        .collect()
}

#[test]
fn labels_touch_their_own_arrow_and_cover_no_box_title_or_label() {
    let mut hidden_at_one = 0;
    let mut total = 0;
    for d in builtin_diagrams() {
        let layout = DiagramLayout::new(&d);
        for scale in [0.55, 0.7, 1.0, 1.6] {
            // Wide where there is room, else narrow, as the screen offers them.
            let sizes: Vec<Vec<(f32, f32)>> = d
                .edges
                .iter()
                .map(|e| vec![label_size(&e.label, scale), wrapped(&e.label, scale, 100.0)])
                .collect();
            let titles = titles(&d, scale);
            let mut clear: Vec<Area> = d.nodes.iter().map(|n| area(n.rect)).collect();
            clear.extend(&titles);
            let placed = place_labels(
                &layout.routes,
                &sizes,
                Keep {
                    clear: &clear,
                    pad: 2.0 / scale,
                    head: 10.0 / scale,
                    canvas: area(kubestudy::pack::model::Rect(0, 0, d.canvas.0, d.canvas.1)),
                },
            );
            assert_eq!(placed.len(), d.edges.len());
            for (e, spot) in placed.iter().enumerate() {
                let Some(spot) = spot.map(|s| s.area) else {
                    if (scale - 1.0f32).abs() < 1e-3 {
                        hidden_at_one += 1;
                    }
                    continue;
                };
                let name = format!("{} at {scale}: label {:?}", d.id, d.edges[e].label);
                let route = layout.routes.edges[e].as_ref().unwrap();
                // Touching its arrow: within 3 px on the screen.
                let near = route
                    .segments()
                    .map(|(a, b)| {
                        let centre = Point::new(spot.x + spot.w / 2.0, spot.y + spot.h / 2.0);
                        let nearest = nearest_on_segment(centre, a, b);
                        distance_to_area(spot, nearest)
                    })
                    .fold(f32::INFINITY, f32::min);
                assert!(near * scale <= 3.0, "{name} is {near} from its arrow");
                #[allow(clippy::cast_precision_loss)]
                let on_canvas = spot.x >= 0.0
                    && spot.y >= 0.0
                    && spot.x + spot.w <= d.canvas.0 as f32
                    && spot.y + spot.h <= d.canvas.1 as f32;
                assert!(on_canvas, "{name} is off the canvas");
                for (n, node) in d.nodes.iter().enumerate() {
                    assert!(
                        !overlaps(spot, area(node.rect)),
                        "{name} covers box {} ({n})",
                        node.id
                    );
                }
                for (t, title) in titles.iter().enumerate() {
                    assert!(
                        !overlaps(spot, *title),
                        "{name} covers the title of {}",
                        d.regions[t].id
                    );
                }
                for (o, other) in placed.iter().enumerate() {
                    if let Some(other) = other
                        && o != e
                    {
                        assert!(!overlaps(spot, other.area), "{name} covers label {o}");
                    }
                }
            }
        }
        total += d.edges.len();
    }
    // At scale 1 (a large window) nearly every label has a place; the few left out show on
    // pointing at their arrow.
    assert!(
        hidden_at_one * 10 <= total,
        "{hidden_at_one} of {total} labels hidden at scale 1"
    );
}

/// The point of segment `a`–`b` nearest to `p`.
fn nearest_on_segment(p: Point, a: Point, b: Point) -> Point {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let q = Point::new(a.x + t * dx, a.y + t * dy);
    assert!(distance_to_segment(q, a, b) < 1e-3);
    q
}

/// A hostile diagram: a thousand boxes and two thousand arrows on the largest canvas. Routing
/// stays within its budgets (a coarser grid, a bounded search) and draws what it could not
/// route straight, so opening it cannot hang.
#[test]
fn routing_a_huge_diagram_is_bounded() {
    use kubestudy::modes::diagram_route::MAX_POINTS;
    use kubestudy::pack::ItemId;
    use kubestudy::pack::model::{Edge, Node, Rect};
    let nodes: Vec<Node> = (0..1000u32)
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
    let edges: Vec<Edge> = (0..2000u32)
        .map(|e| Edge {
            from: ItemId(format!("n{}", e % 1000)),
            to: ItemId(format!("n{}", (e * 37 + 11) % 1000)),
            label: "far".to_owned(),
        })
        .collect();
    let d = Diagram {
        id: ItemId("huge".to_owned()),
        title: "Huge".to_owned(),
        summary: String::new(),
        canvas: (20_000, 20_000),
        background: None,
        regions: Vec::new(),
        nodes,
        edges,
        tags: Vec::new(),
        source: None,
    };
    let layout = DiagramLayout::new(&d);
    let routes = &layout.routes;
    assert!(routes.expanded <= SEARCH_BUDGET, "{}", routes.expanded);
    assert!(routes.step >= (20_000.0f32 * 20_000.0 / MAX_POINTS as f32).sqrt());
    assert_eq!(routes.edges.len(), 2000);
    assert!(
        routes.edges.iter().all(Option::is_some),
        "every arrow is drawn"
    );
    // What was routed avoids the boxes; what was not is straight and listed.
    for (e, route) in routes.edges.iter().enumerate() {
        let route = route.as_ref().unwrap();
        if route.routed {
            // A sample: checking all 2,000 against 1,000 boxes is slow in a debug build.
            if e % 50 == 0 {
                check_route(&d, e, route);
            }
        } else {
            assert_eq!(route.points.len(), 2);
        }
    }
}
