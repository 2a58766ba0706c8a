//! Edge routing: every arrow of a diagram as an orthogonal route around the boxes, leaving and
//! entering boxes through ports on their sides, spread apart where several arrows share a side.
//!
//! No routing crate fits: the ones on the registry lay the nodes out themselves (graphviz-style
//! ranks), while ours sit where the pack's author put them. So this is A* on a grid of points
//! over the canvas, searching over (point, heading) so that bends cost extra:
//!
//! 1. Points inside a box (grown by half a grid step, so no grid segment can cut a corner) are
//!    walls; a ring around each box and each region's title costs extra, so routes keep clear
//!    of them where there is room.
//! 2. A first search per edge, from any side of one box to any side of the other, picks the
//!    sides; the ends on each side are then given their own ports, ordered by where the other
//!    end lies so that they do not cross at the box.
//! 3. A second search per edge, port to port, shortest edges first, pays for running along or
//!    across the edges routed before it, so parallel arrows run side by side, not on top of
//!    each other.
//!
//! The work is bounded: the grid has at most [`MAX_POINTS`] points (the step grows on a big
//! canvas) and all searches of a diagram together expand at most [`SEARCH_BUDGET`] states. An
//! edge with no route found in that budget is drawn straight and listed in
//! [`Routes::unrouted`], which validation reports.

use std::collections::BTreeMap;

use super::diagram::{Links, Point, edge_ends};
use super::diagram_grid::{Bounds, Goal, Grid, Search, Side};
use crate::pack::Diagram;

/// The finest grid step, in canvas units.
pub const BASE_STEP: f32 = 10.0;
/// The most grid points routing uses; a larger canvas gets a coarser grid.
pub const MAX_POINTS: usize = 60_000;
/// The most search states all of one diagram's searches expand together.
pub const SEARCH_BUDGET: usize = 2_000_000;
/// Extra cost of a side for each end already on it.
const SIDE_USE: u32 = 15;
/// Extra cost of a side whose ports are all taken.
const CROWDED: u32 = 400;
/// Ports on one side are at most this many grid steps apart.
const PORT_SPREAD: usize = 3;

/// An arrow's route, in canvas units: from a point on the border of its `from` box to a point on
/// the border of its `to` box.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeRoute {
    /// The node the arrow starts at.
    pub from: usize,
    /// The node it points to.
    pub to: usize,
    /// The corners of the route, ends included; consecutive points differ in x or in y only
    /// when `routed`.
    pub points: Vec<Point>,
    /// Whether the route goes around the boxes (`false`: drawn straight, no route was found).
    pub routed: bool,
}

impl EdgeRoute {
    /// The route's segments.
    pub fn segments(&self) -> impl Iterator<Item = (Point, Point)> + '_ {
        self.points.windows(2).filter_map(|w| match w {
            [a, b] => Some((*a, *b)),
            _ => None,
        })
    }
}

/// Every edge of a diagram, routed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Routes {
    /// For each edge of the diagram, its route (`None` when an end is not a node of the diagram
    /// or both ends are the same node).
    pub edges: Vec<Option<EdgeRoute>>,
    /// The grid step used, in canvas units.
    pub step: f32,
    /// Search states expanded, for measuring.
    pub expanded: usize,
}

impl Routes {
    /// The edges drawn straight because no route around the boxes was found, ascending.
    pub fn unrouted(&self) -> Vec<usize> {
        self.edges
            .iter()
            .enumerate()
            .filter(|(_, r)| r.as_ref().is_some_and(|r| !r.routed))
            .map(|(e, _)| e)
            .collect()
    }
}

/// What a diagram screen computes once when a diagram opens: the links and the routes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiagramLayout {
    /// Which nodes each edge joins.
    pub links: Links,
    /// Each edge's route.
    pub routes: Routes,
}

impl DiagramLayout {
    /// Links and routes of `diagram`.
    pub fn new(diagram: &Diagram) -> Self {
        let links = Links::new(diagram);
        let routes = route(diagram, &links);
        Self { links, routes }
    }
}

/// A side's candidate ports: (point on the border, grid point outside the wall).
type Ports = Vec<(Point, usize)>;
/// An edge's end on a box side: the edge, whether this is its start, and the other end's
/// node and side.
type SideEnd = (usize, bool, usize, Side);
/// An edge's two chosen ports: at its start and at its end.
type Chosen = [Option<(Point, usize)>; 2];

/// What the passes share: the grid, the search, the boxes and their ports.
struct Router {
    grid: Grid,
    search: Search,
    bounds: Vec<Bounds>,
    ports: Vec<[Ports; 4]>,
    /// Each edge's (from, to), for edges between two different nodes.
    pairs: Vec<Option<(usize, usize)>>,
}

impl Router {
    /// The port in the middle of a side.
    fn middle(&self, node: usize, side: Side) -> Option<(Point, usize)> {
        let list = self.ports.get(node)?.get(side.index())?;
        list.get(list.len() / 2).copied()
    }

    fn room(&self, node: usize, side: Side) -> usize {
        self.ports
            .get(node)
            .and_then(|p| p.get(side.index()))
            .map_or(0, Vec::len)
    }

    /// First pass: which side each end leaves or enters by, shortest edges first; a side costs
    /// more the more ends it has already, and much more once its ports are all taken.
    fn choose_sides(&mut self) -> Vec<Option<(Side, Side)>> {
        let centre = |b: Option<&Bounds>| b.map_or(Point::default(), |b| b.area().centre());
        let mut order: Vec<(u32, usize)> = self
            .pairs
            .iter()
            .enumerate()
            .filter_map(|(e, p)| {
                let (a, b) = (*p)?;
                let (ca, cb) = (centre(self.bounds.get(a)), centre(self.bounds.get(b)));
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // Canvas units.
                let d = ((ca.x - cb.x).abs() + (ca.y - cb.y).abs()) as u32;
                Some((d, e))
            })
            .collect();
        order.sort_unstable();
        let mut load: Vec<[u32; 4]> = vec![[0; 4]; self.bounds.len()];
        let mut sides: Vec<Option<(Side, Side)>> = vec![None; self.pairs.len()];
        for &(_, e) in &order {
            let Some(Some((from, to))) = self.pairs.get(e).copied() else {
                continue;
            };
            let side_cost = |node: usize, side: Side| {
                let used = load
                    .get(node)
                    .and_then(|l| l.get(side.index()))
                    .copied()
                    .unwrap_or(0);
                let full = used as usize >= self.room(node, side);
                used * SIDE_USE + if full { CROWDED } else { 0 }
            };
            let starts: Vec<(usize, u8, u32)> = Side::ALL
                .iter()
                .filter_map(|&s| {
                    let (_, p) = self.middle(from, s)?;
                    Some((p, s.outward(), side_cost(from, s)))
                })
                .collect();
            let goals: Vec<(Goal, Side)> = Side::ALL
                .iter()
                .filter_map(|&s| {
                    let (_, point) = self.middle(to, s)?;
                    let inward = (s.outward() + 2) % 4;
                    let cost = side_cost(to, s);
                    Some((
                        Goal {
                            point,
                            inward,
                            cost,
                        },
                        s,
                    ))
                })
                .collect();
            let goal_points: Vec<Goal> = goals.iter().map(|&(g, _)| g).collect();
            let Some((path, reached)) = self.search.run(&self.grid, &starts, &goal_points) else {
                continue;
            };
            let first = path.first().copied();
            let from_side = Side::ALL
                .iter()
                .find(|&&s| self.middle(from, s).map(|(_, p)| p) == first);
            if let (Some(&fs), Some(&(_, ts))) = (from_side, goals.get(reached)) {
                if let Some(slot) = sides.get_mut(e) {
                    *slot = Some((fs, ts));
                }
                for (node, side) in [(from, fs), (to, ts)] {
                    if let Some(l) = load.get_mut(node).and_then(|l| l.get_mut(side.index())) {
                        *l += 1;
                    }
                }
            }
        }
        sides
    }

    /// Ports: the ends on each side, ordered by where their other end lies, each near the
    /// port facing its other end, spread apart. Twice, so that each end faces where the other
    /// end's port finally is, and two boxes in line are joined by a straight line.
    fn assign_ports(&self, sides: &[Option<(Side, Side)>]) -> Vec<Chosen> {
        // (node, side) → (edge, whether this is the edge's start, the other end's node, side).
        let mut groups: BTreeMap<(usize, Side), Vec<SideEnd>> = BTreeMap::new();
        for (e, s) in sides.iter().enumerate() {
            let (Some((fs, ts)), Some(Some((from, to)))) = (*s, self.pairs.get(e)) else {
                continue;
            };
            groups
                .entry((*from, fs))
                .or_default()
                .push((e, true, *to, ts));
            groups
                .entry((*to, ts))
                .or_default()
                .push((e, false, *from, fs));
        }
        let mut chosen: Vec<Chosen> = vec![[None, None]; self.pairs.len()];
        for _round in 0..2 {
            let before = chosen.clone();
            for (&(node, side), ends) in &groups {
                let Some(list) = self.ports.get(node).and_then(|p| p.get(side.index())) else {
                    continue;
                };
                let along = |p: Point| match side {
                    Side::Top | Side::Bottom => p.x,
                    Side::Left | Side::Right => p.y,
                };
                let mut wants: Vec<(f32, usize, bool)> = ends
                    .iter()
                    .map(|&(e, start, other, other_side)| {
                        let theirs = before
                            .get(e)
                            .and_then(|c| if start { c[1] } else { c[0] })
                            .or_else(|| self.middle(other, other_side));
                        (theirs.map_or(0.0, |(p, _)| along(p)), e, start)
                    })
                    .collect();
                wants.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                for ((_, e, start), at) in wants.iter().zip(spread(list, &wants, along)) {
                    if let (Some(c), Some(port)) = (chosen.get_mut(*e), list.get(at)) {
                        let [at_start, at_end] = c;
                        *(if *start { at_start } else { at_end }) = Some(*port);
                    }
                }
            }
        }
        chosen
    }

    /// Second pass: port to port, shortest first, each paying for the ones before it.
    fn route_all(
        &mut self,
        sides: &[Option<(Side, Side)>],
        chosen: &[Chosen],
        edges: &mut [Option<EdgeRoute>],
    ) {
        let w = self.grid.w;
        let mut order: Vec<(usize, usize)> = chosen
            .iter()
            .enumerate()
            .filter_map(|(e, c)| {
                let [Some((_, a)), Some((_, b))] = c else {
                    return None;
                };
                Some(((a % w).abs_diff(b % w) + (a / w).abs_diff(b / w), e))
            })
            .collect();
        order.sort_unstable();
        for (_, e) in order {
            let (Some(Some((from, to))), Some(Some((fs, ts)))) = (self.pairs.get(e), sides.get(e))
            else {
                continue;
            };
            let Some([Some((start_border, start)), Some((end_border, end))]) =
                chosen.get(e).copied()
            else {
                continue;
            };
            let goal = Goal {
                point: end,
                inward: (ts.outward() + 2) % 4,
                cost: 0,
            };
            let Some((path, _)) = self
                .search
                .run(&self.grid, &[(start, fs.outward(), 0)], &[goal])
            else {
                continue;
            };
            self.grid.occupy(&path);
            let mut points = vec![start_border];
            points.extend(path.iter().map(|&p| self.grid.point(p)));
            points.push(end_border);
            if let Some(slot) = edges.get_mut(e) {
                *slot = Some(EdgeRoute {
                    from: *from,
                    to: *to,
                    points: corners(&points),
                    routed: true,
                });
            }
        }
    }
}

/// Which of a side's ports (`list`) each end takes, the ends sorted by where they want to be
/// (`wants`): each the one nearest its want, in order, at least a few ports apart, pushed
/// back inside the side when they run past its end.
fn spread(
    list: &[(Point, usize)],
    wants: &[(f32, usize, bool)],
    along: impl Fn(Point) -> f32,
) -> Vec<usize> {
    let (m, k) = (list.len(), wants.len());
    if m == 0 {
        return Vec::new();
    }
    let gap = if k > 1 {
        ((m - 1) / (k - 1)).clamp(1, PORT_SPREAD)
    } else {
        1
    };
    let mut at: Vec<usize> = Vec::with_capacity(k);
    for &(want, _, _) in wants {
        let nearest = list
            .iter()
            .enumerate()
            .min_by(|a, b| {
                (along(a.1.0) - want)
                    .abs()
                    .total_cmp(&(along(b.1.0) - want).abs())
            })
            .map_or(0, |(i, _)| i);
        let next = at.last().map_or(nearest, |&p| nearest.max(p + gap));
        at.push(next);
    }
    // Back from the far end: no port past the side, each still `gap` before the next (there is
    // room for that: `gap` × (k - 1) ≤ m - 1 whenever k ≤ m).
    let mut limit = m - 1;
    for p in at.iter_mut().rev() {
        *p = (*p).min(limit);
        limit = p.saturating_sub(gap);
    }
    at
}

/// Routes every edge of `diagram` (see the module's description).
pub fn route(diagram: &Diagram, links: &Links) -> Routes {
    let straight = |pair: Option<(usize, usize)>| {
        let (from, to) = pair?;
        let (a, b) = (diagram.nodes.get(from)?, diagram.nodes.get(to)?);
        let (s, e) = edge_ends(Bounds::of(a.rect).area(), Bounds::of(b.rect).area());
        Some(EdgeRoute {
            from,
            to,
            points: vec![s, e],
            routed: false,
        })
    };
    let pairs: Vec<Option<(usize, usize)>> = links
        .ends
        .iter()
        .map(|p| p.filter(|(a, b)| a != b))
        .collect();
    let mut edges: Vec<Option<EdgeRoute>> = pairs.iter().map(|&p| straight(p)).collect();
    let Some(grid) = Grid::new(diagram) else {
        return Routes {
            edges,
            step: 0.0,
            expanded: 0,
        };
    };
    let bounds: Vec<Bounds> = diagram.nodes.iter().map(|n| Bounds::of(n.rect)).collect();
    let ports: Vec<[Ports; 4]> = bounds
        .iter()
        .map(|&b| Side::ALL.map(|side| grid.ports(b, side)))
        .collect();
    let search = Search::new(grid.w * grid.h);
    let mut router = Router {
        grid,
        search,
        bounds,
        ports,
        pairs,
    };
    let sides = router.choose_sides();
    let chosen = router.assign_ports(&sides);
    router.route_all(&sides, &chosen, &mut edges);
    Routes {
        edges,
        step: router.grid.step,
        expanded: router.search.expanded,
    }
}

/// The points of a polyline where it turns (ends kept, repeats and straight-through points
/// dropped).
fn corners(points: &[Point]) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for &p in points {
        if out.last().is_some_and(|&q| q == p) {
            continue;
        }
        if let [.., a, b] = out.as_slice() {
            let straight = ((a.x - b.x).abs() < 1e-3 && (b.x - p.x).abs() < 1e-3)
                || ((a.y - b.y).abs() < 1e-3 && (b.y - p.y).abs() < 1e-3);
            if straight {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// The distance from `p` to the segment `a`–`b`.
pub fn distance_to_segment(p: Point, a: Point, b: Point) -> f32 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > f32::EPSILON {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (a.x + t * dx, a.y + t * dy);
    ((p.x - cx).powi(2) + (p.y - cy).powi(2)).sqrt()
}
