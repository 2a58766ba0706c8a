//! The grid edge routing searches on: points over the canvas, walls where the boxes are,
//! extra costs near boxes, over region titles and along arrows already routed; the candidate
//! ports of each box side; and the A* search over (point, heading) that bends cost extra.
//! Used by [`super::diagram_route`], which says how the passes use it.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::diagram::{Area, Point};
use super::diagram_route::{BASE_STEP, MAX_POINTS, SEARCH_BUDGET};
use crate::pack::Diagram;
use crate::pack::model::Rect;

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

/// A box side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Side {
    Right,
    Bottom,
    Left,
    Top,
}

impl Side {
    pub(super) const ALL: [Self; 4] = [Self::Right, Self::Bottom, Self::Left, Self::Top];

    /// The heading that leaves the box through this side (0 right, 1 down, 2 left, 3 up).
    pub(super) fn outward(self) -> u8 {
        match self {
            Self::Right => 0,
            Self::Bottom => 1,
            Self::Left => 2,
            Self::Top => 3,
        }
    }

    pub(super) fn index(self) -> usize {
        usize::from(self.outward())
    }
}

/// A box in float canvas units: left, top, right, bottom.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bounds {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Bounds {
    #[allow(clippy::cast_precision_loss)] // Canvas units are far below 2^24.
    pub(super) fn of(r: Rect) -> Self {
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

    pub(super) fn area(self) -> Area {
        Area {
            x: self.x0,
            y: self.y0,
            w: self.x1 - self.x0,
            h: self.y1 - self.y0,
        }
    }
}

/// The routing grid: points `origin + (i, j) × step`, `w × h` of them.
pub(super) struct Grid {
    origin: Point,
    pub(super) step: f32,
    pub(super) w: usize,
    pub(super) h: usize,
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
    pub(super) fn new(diagram: &Diagram) -> Option<Self> {
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

    pub(super) fn point(&self, p: usize) -> Point {
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
    pub(super) fn ports(&self, b: Bounds, side: Side) -> Vec<(Point, usize)> {
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
    pub(super) fn occupy(&mut self, path: &[usize]) {
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
pub(super) struct Goal {
    pub(super) point: usize,
    pub(super) inward: u8,
    pub(super) cost: u32,
}

/// A* over (point, heading), reusing its arrays between searches.
pub(super) struct Search {
    cost: Vec<u32>,
    came: Vec<u32>,
    seen: Vec<u32>,
    stamp: u32,
    heap: BinaryHeap<Reverse<(u32, u32, u32)>>,
    budget: usize,
    pub(super) expanded: usize,
}

impl Search {
    pub(super) fn new(points: usize) -> Self {
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
    pub(super) fn run(
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
