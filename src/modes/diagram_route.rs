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

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use super::diagram::{Area, Links, Point, edge_ends};
use crate::pack::Diagram;
use crate::pack::model::Rect;

/// The finest grid step, in canvas units.
pub const BASE_STEP: f32 = 10.0;
/// The most grid points routing uses; a larger canvas gets a coarser grid.
pub const MAX_POINTS: usize = 60_000;
/// The most search states all of one diagram's searches expand together.
pub const SEARCH_BUDGET: usize = 2_000_000;
/// Grid steps of free space around the canvas. None: what lies outside the canvas cannot be
/// scrolled to, so routes stay on it.
const MARGIN_STEPS: usize = 0;
/// Cost of one grid step.
const STEP: u32 = 10;
/// Cost of a bend.
const BEND: u32 = 30;
/// Extra cost of a step next to a box.
const HALO: u32 = 12;
/// Extra cost of a step over a region's title.
const TITLE: u32 = 25;
/// Extra cost of a step along an edge already routed.
const OVERLAP: u32 = 40;
/// Extra cost of crossing an edge already routed.
const CROSS: u32 = 6;
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

/// A box side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Right,
    Bottom,
    Left,
    Top,
}

impl Side {
    const ALL: [Self; 4] = [Self::Right, Self::Bottom, Self::Left, Self::Top];

    /// The heading that leaves the box through this side (0 right, 1 down, 2 left, 3 up).
    fn outward(self) -> u8 {
        match self {
            Self::Right => 0,
            Self::Bottom => 1,
            Self::Left => 2,
            Self::Top => 3,
        }
    }

    fn index(self) -> usize {
        usize::from(self.outward())
    }
}

/// A box in float canvas units: left, top, right, bottom.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Bounds {
    #[allow(clippy::cast_precision_loss)] // Canvas units are far below 2^24.
    fn of(r: Rect) -> Self {
        let (x, y) = (r.0 as f32, r.1 as f32);
        Self {
            x0: x,
            y0: y,
            x1: x + r.2 as f32,
            y1: y + r.3 as f32,
        }
    }

    fn grown(self, by: f32) -> Self {
        Self {
            x0: self.x0 - by,
            y0: self.y0 - by,
            x1: self.x1 + by,
            y1: self.y1 + by,
        }
    }

    fn area(self) -> Area {
        Area {
            x: self.x0,
            y: self.y0,
            w: self.x1 - self.x0,
            h: self.y1 - self.y0,
        }
    }
}

/// The routing grid: points `origin + (i, j) × step`, `w × h` of them.
struct Grid {
    origin: Point,
    step: f32,
    w: usize,
    h: usize,
    /// Points no route may use.
    wall: Vec<bool>,
    /// Extra cost of stepping onto each point.
    extra: Vec<u32>,
    /// Routed edges passing each point horizontally, and vertically.
    along_x: Vec<u16>,
    along_y: Vec<u16>,
}

#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)] // Grid indices are below MAX_POINTS; coordinates are clamped before converting.
impl Grid {
    fn new(diagram: &Diagram) -> Option<Self> {
        let (cw, ch) = (
            diagram.canvas.0.max(1) as f32,
            diagram.canvas.1.max(1) as f32,
        );
        let margin = MARGIN_STEPS as f32;
        let count = |step: f32| {
            let w = (cw / step).ceil() as usize + 1 + 2 * MARGIN_STEPS;
            let h = (ch / step).ceil() as usize + 1 + 2 * MARGIN_STEPS;
            (w, h)
        };
        let mut step = BASE_STEP.max((cw * ch / MAX_POINTS as f32).sqrt());
        let (mut w, mut h) = count(step);
        while w.saturating_mul(h) > MAX_POINTS {
            step *= 1.1;
            (w, h) = count(step);
        }
        let mut grid = Self {
            origin: Point::new(-margin * step, -margin * step),
            step,
            w,
            h,
            wall: vec![false; w * h],
            extra: vec![0; w * h],
            along_x: vec![0; w * h],
            along_y: vec![0; w * h],
        };
        // Filling is bounded too: with overlapping boxes (a broken diagram) it could be
        // nodes × points.
        let mut budget = 6 * MAX_POINTS;
        for node in &diagram.nodes {
            let b = Bounds::of(node.rect);
            budget = grid.mark(b.grown(grid.wall_gap()), None, budget)?;
            budget = grid.mark(b.grown(grid.wall_gap() + step), Some(HALO), budget)?;
        }
        for region in &diagram.regions {
            let b = Bounds::of(region.rect);
            let chars = region.label.chars().count().min(80) as f32;
            let title = Bounds {
                x0: b.x0,
                y0: b.y0,
                x1: (b.x0 + 12.0 + chars * 8.0).min(b.x1),
                y1: (b.y0 + 26.0).min(b.y1),
            };
            budget = grid.mark(title, Some(TITLE), budget)?;
        }
        Some(grid)
    }

    /// How far beyond a box its wall reaches: over half a step, so a grid segment between two
    /// free points can never cut through a box, however thin.
    fn wall_gap(&self) -> f32 {
        self.step * 0.5 + 1.0
    }

    /// Marks the points strictly inside `b` as walls (`cost` None) or adds `cost` to them;
    /// returns the fill budget left, `None` when it is spent.
    fn mark(&mut self, b: Bounds, cost: Option<u32>, budget: usize) -> Option<usize> {
        let mut budget = budget;
        let (Some(i1), Some(j1)) = (self.col_before(b.x1), self.row_before(b.y1)) else {
            return Some(budget);
        };
        let (i0, j0) = (self.col_after(b.x0), self.row_after(b.y0));
        for j in j0..=j1.min(self.h.saturating_sub(1)) {
            for i in i0..=i1.min(self.w.saturating_sub(1)) {
                budget = budget.checked_sub(1)?;
                let p = j * self.w + i;
                match cost {
                    None => {
                        if let Some(w) = self.wall.get_mut(p) {
                            *w = true;
                        }
                    }
                    Some(c) => {
                        if let Some(e) = self.extra.get_mut(p) {
                            *e = e.saturating_add(c);
                        }
                    }
                }
            }
        }
        Some(budget)
    }

    /// The first column strictly right of `x` (0 when left of the grid; may be past its end).
    fn col_after(&self, x: f32) -> usize {
        (((x - self.origin.x) / self.step).floor() + 1.0).max(0.0) as usize
    }

    /// The last column strictly left of `x`, if any (may be past the grid's end).
    fn col_before(&self, x: f32) -> Option<usize> {
        let c = ((x - self.origin.x) / self.step).ceil() - 1.0;
        (c >= 0.0).then_some(c as usize)
    }

    fn row_after(&self, y: f32) -> usize {
        (((y - self.origin.y) / self.step).floor() + 1.0).max(0.0) as usize
    }

    fn row_before(&self, y: f32) -> Option<usize> {
        let r = ((y - self.origin.y) / self.step).ceil() - 1.0;
        (r >= 0.0).then_some(r as usize)
    }

    fn x(&self, i: usize) -> f32 {
        self.origin.x + i as f32 * self.step
    }

    fn y(&self, j: usize) -> f32 {
        self.origin.y + j as f32 * self.step
    }

    fn point(&self, p: usize) -> Point {
        Point::new(self.x(p % self.w), self.y(p / self.w))
    }

    /// The point one step from `p` in heading `d`, if on the grid and free.
    fn next(&self, p: usize, d: u8) -> Option<usize> {
        let (i, j) = (p % self.w, p / self.w);
        let q = match d {
            0 if i + 1 < self.w => p + 1,
            1 if j + 1 < self.h => p + self.w,
            2 if i > 0 => p - 1,
            3 if j > 0 => p - self.w,
            _ => return None,
        };
        (!self.wall.get(q).copied().unwrap_or(true)).then_some(q)
    }

    /// The extra cost of stepping onto `q` in heading `d`.
    fn toll(&self, q: usize, d: u8) -> u32 {
        let (same, across) = if d.is_multiple_of(2) {
            (&self.along_x, &self.along_y)
        } else {
            (&self.along_y, &self.along_x)
        };
        let get = |v: &Vec<u16>| u32::from(v.get(q).copied().unwrap_or(0));
        self.extra.get(q).copied().unwrap_or(0) + OVERLAP * get(same) + CROSS * get(across)
    }

    /// The candidate ports of a box side, in order along the side: (point on the border, grid
    /// point just outside the wall). Empty when the side faces the grid's edge or another box.
    fn ports(&self, b: Bounds, side: Side) -> Vec<(Point, usize)> {
        let gap = self.wall_gap();
        let (along, fixed) = match side {
            Side::Left | Side::Right => {
                let rows: Vec<usize> = match self.row_before(b.y1) {
                    Some(last) => {
                        (self.row_after(b.y0)..=last.min(self.h.saturating_sub(1))).collect()
                    }
                    None => Vec::new(),
                };
                let col = match side {
                    Side::Right => Some(self.col_after(b.x1 + gap)),
                    _ => self.col_before(b.x0 - gap),
                };
                (rows, col)
            }
            Side::Top | Side::Bottom => {
                let cols: Vec<usize> = match self.col_before(b.x1) {
                    Some(last) => {
                        (self.col_after(b.x0)..=last.min(self.w.saturating_sub(1))).collect()
                    }
                    None => Vec::new(),
                };
                let row = match side {
                    Side::Bottom => Some(self.row_after(b.y1 + gap)),
                    _ => self.row_before(b.y0 - gap),
                };
                (cols, row)
            }
        };
        let Some(fixed) = fixed else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(along.len());
        // A box thinner than a step: the one grid line nearest its middle, the port on the
        // border beside it.
        let along = if along.is_empty() {
            match side {
                Side::Left | Side::Right => {
                    vec![self.row_after((b.y0 + b.y1) / 2.0 - self.step / 2.0)]
                }
                Side::Top | Side::Bottom => {
                    vec![self.col_after((b.x0 + b.x1) / 2.0 - self.step / 2.0)]
                }
            }
        } else {
            along
        };
        for k in along {
            let (i, j) = match side {
                Side::Left | Side::Right => (fixed, k),
                Side::Top | Side::Bottom => (k, fixed),
            };
            if i >= self.w || j >= self.h {
                continue;
            }
            let p = j * self.w + i;
            if self.wall.get(p).copied().unwrap_or(true) {
                continue;
            }
            let (x, y) = (self.x(i), self.y(j));
            let border = match side {
                Side::Right => Point::new(b.x1, y.clamp(b.y0, b.y1)),
                Side::Left => Point::new(b.x0, y.clamp(b.y0, b.y1)),
                Side::Bottom => Point::new(x.clamp(b.x0, b.x1), b.y1),
                Side::Top => Point::new(x.clamp(b.x0, b.x1), b.y0),
            };
            out.push((border, p));
        }
        out
    }

    /// Counts a route's steps as used, so later routes keep off it.
    fn occupy(&mut self, path: &[usize]) {
        for pair in path.windows(2) {
            let [a, b] = pair else { continue };
            let horizontal = a / self.w == b / self.w;
            let used = if horizontal {
                &mut self.along_x
            } else {
                &mut self.along_y
            };
            for p in [*a, *b] {
                if let Some(u) = used.get_mut(p) {
                    *u = u.saturating_add(1);
                }
            }
        }
    }
}

/// One end of a search: a grid point, the heading that enters the box from it, and what
/// arriving there costs besides the way (a side already crowded costs more).
#[derive(Debug, Clone, Copy)]
struct Goal {
    point: usize,
    inward: u8,
    cost: u32,
}

/// A* over (point, heading), reusing its arrays between searches.
struct Search {
    cost: Vec<u32>,
    came: Vec<u32>,
    seen: Vec<u32>,
    stamp: u32,
    heap: BinaryHeap<Reverse<(u32, u32, u32)>>,
    budget: usize,
    expanded: usize,
}

impl Search {
    fn new(points: usize) -> Self {
        let states = points * 4 + 4;
        Self {
            cost: vec![0; states],
            came: vec![u32::MAX; states],
            seen: vec![0; states],
            stamp: 0,
            heap: BinaryHeap::new(),
            budget: SEARCH_BUDGET,
            expanded: 0,
        }
    }

    fn relax(&mut self, state: usize, cost: u32, from: u32, estimate: u32) {
        let (Some(seen), Some(old)) = (self.seen.get_mut(state), self.cost.get(state)) else {
            return;
        };
        if *seen == self.stamp && *old <= cost {
            return;
        }
        *seen = self.stamp;
        if let (Some(c), Some(f)) = (self.cost.get_mut(state), self.came.get_mut(state)) {
            *c = cost;
            *f = from;
        }
        let state = u32::try_from(state).unwrap_or(u32::MAX);
        self.heap
            .push(Reverse((cost.saturating_add(estimate), state, cost)));
    }

    /// The cheapest path from any start (a grid point left in a heading) to any goal, as grid
    /// points, and which goal it reached; `None` when there is none within the budget.
    fn run(
        &mut self,
        grid: &Grid,
        starts: &[(usize, u8, u32)],
        goals: &[Goal],
    ) -> Option<(Vec<usize>, usize)> {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.seen.iter_mut().for_each(|s| *s = 0);
            self.stamp = 1;
        }
        self.heap.clear();
        let points = grid.w * grid.h;
        let (gw, step) = (grid.w, STEP);
        let estimate = |p: usize| {
            let (i, j) = (p % gw, p / gw);
            goals
                .iter()
                .map(|g| {
                    let (gi, gj) = (g.point % gw, g.point / gw);
                    let d = i.abs_diff(gi) + j.abs_diff(gj);
                    u32::try_from(d)
                        .unwrap_or(u32::MAX / 2)
                        .saturating_mul(step)
                })
                .min()
                .unwrap_or(0)
        };
        for &(p, d, cost) in starts {
            self.relax(p * 4 + usize::from(d), cost, u32::MAX, estimate(p));
        }
        while let Some(Reverse((_, state, g))) = self.heap.pop() {
            let state = state as usize;
            if self.cost.get(state).copied() != Some(g) {
                continue; // A stale entry: the state was reached more cheaply since.
            }
            if state >= points * 4 {
                return Some((self.path(state, points), state - points * 4));
            }
            self.budget = self.budget.checked_sub(1)?;
            self.expanded += 1;
            let (p, d) = (state / 4, (state % 4) as u8);
            for (k, goal) in goals.iter().enumerate() {
                if goal.point == p {
                    let turn = match (d + 4 - goal.inward) % 4 {
                        0 => 0,
                        2 => 2 * BEND,
                        _ => BEND,
                    };
                    let from = u32::try_from(state).unwrap_or(u32::MAX);
                    self.relax(points * 4 + k, g + turn + goal.cost, from, 0);
                }
            }
            for nd in 0..4u8 {
                if nd == (d + 2) % 4 {
                    continue;
                }
                let Some(q) = grid.next(p, nd) else { continue };
                let cost = g + STEP + grid.toll(q, nd) + if nd == d { 0 } else { BEND };
                let from = u32::try_from(state).unwrap_or(u32::MAX);
                self.relax(q * 4 + usize::from(nd), cost, from, estimate(q));
            }
        }
        None
    }

    /// The grid points from a start to the goal state `end`.
    fn path(&self, end: usize, points: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut state = self.came.get(end).copied().unwrap_or(u32::MAX);
        while state != u32::MAX && out.len() <= points * 4 {
            let s = state as usize;
            let p = s / 4;
            if out.last() != Some(&p) {
                out.push(p);
            }
            state = self.came.get(s).copied().unwrap_or(u32::MAX);
        }
        out.reverse();
        out
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
