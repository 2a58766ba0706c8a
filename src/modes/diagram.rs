//! Diagram geometry without a toolkit: the canvas-to-screen mapping under zoom and pan,
//! hit-testing, and which edges join which nodes. The screen code draws with it; tests check it
//! directly.

use std::collections::HashMap;

use crate::pack::Diagram;
use crate::pack::model::Rect;

/// Which nodes each edge joins and which edges touch each node, found once per diagram through
/// a map from node id to index, so drawing and the quiz look them up without searching.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// For each edge, its (from, to) node indices; `None` when an end names no node.
    pub ends: Vec<Option<(usize, usize)>>,
    /// For each node, the edges that start or end at it, ascending.
    pub by_node: Vec<Vec<usize>>,
}

impl Links {
    /// The links of `diagram` (with repeated node ids, the first node of an id wins).
    pub fn new(diagram: &Diagram) -> Self {
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(diagram.nodes.len());
        for (i, node) in diagram.nodes.iter().enumerate() {
            index.entry(node.id.as_str()).or_insert(i);
        }
        let ends: Vec<Option<(usize, usize)>> = diagram
            .edges
            .iter()
            .map(|e| Some((*index.get(e.from.as_str())?, *index.get(e.to.as_str())?)))
            .collect();
        let mut by_node = vec![Vec::new(); diagram.nodes.len()];
        for (e, pair) in ends.iter().enumerate() {
            let Some((from, to)) = *pair else { continue };
            if let Some(list) = by_node.get_mut(from) {
                list.push(e);
            }
            if to != from
                && let Some(list) = by_node.get_mut(to)
            {
                list.push(e);
            }
        }
        Self { ends, by_node }
    }

    /// The nodes joined to `node` by an edge, either way, ascending (an edge from a node to
    /// itself joins it to nothing).
    pub fn neighbours(&self, node: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .by_node
            .get(node)
            .into_iter()
            .flatten()
            .filter_map(|&e| match self.ends.get(e).copied().flatten()? {
                (from, to) if from == node && to != node => Some(to),
                (from, to) if to == node && from != node => Some(from),
                _ => None,
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The edges touching `node`, with the node at the other end and whether the edge leaves
    /// `node` (`true`) or arrives at it.
    pub fn around(&self, node: usize) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
        self.by_node
            .get(node)
            .into_iter()
            .flatten()
            .filter_map(move |&e| {
                let (from, to) = self.ends.get(e).copied().flatten()?;
                if from == node {
                    Some((e, to, true))
                } else {
                    Some((e, from, false))
                }
            })
    }
}

/// A point, on the canvas or on the screen.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Point {
    /// Rightwards.
    pub x: f32,
    /// Downwards.
    pub y: f32,
}

impl Point {
    /// The point (x, y).
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }
}

/// An area on the screen: left, top, width, height.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Area {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Area {
    /// Whether `p` is inside (edges included).
    pub fn contains(self, p: Point) -> bool {
        p.x >= self.x && p.y >= self.y && p.x <= self.x + self.w && p.y <= self.y + self.h
    }

    /// The centre.
    pub fn centre(self) -> Point {
        Point::new(self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// The learner's zoom (1 = the whole canvas fits) and pan (screen pixels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewState {
    /// Zoom factor over the fitted size.
    pub zoom: f32,
    /// Offset in screen pixels.
    pub pan: Point,
}

impl Default for ViewState {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            pan: Point::default(),
        }
    }
}

/// Smallest and largest zoom.
pub const ZOOM_RANGE: (f32, f32) = (0.5, 8.0);

/// The canvas-to-screen mapping: `screen = origin + canvas × scale`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transform {
    /// Screen pixels per canvas unit.
    pub scale: f32,
    /// Where canvas (0, 0) lands.
    pub origin: Point,
}

impl Transform {
    /// The canvas fitted and centred in `area`, then zoomed about the area's centre and panned.
    pub fn fit(canvas: (u32, u32), area: Area, view: ViewState) -> Self {
        Self::fit_at_least(canvas, area, view, 0.0)
    }

    /// As [`Transform::fit`], but never smaller than `floor` screen pixels per canvas unit (the
    /// scale at which the text stays readable). A canvas wider or taller than `area` then
    /// starts at the area's left or top and scrolls: the pan is its offset, kept in range.
    pub fn fit_at_least(canvas: (u32, u32), area: Area, view: ViewState, floor: f32) -> Self {
        #[allow(clippy::cast_precision_loss)] // Canvas sizes are far below 2^24.
        let (w, h) = (canvas.0.max(1) as f32, canvas.1.max(1) as f32);
        let fitted = (area.w / w).min(area.h / h).max(f32::EPSILON);
        let scale = (fitted * view.zoom).max(floor).max(f32::EPSILON);
        let centre = area.centre();
        let place = |start: f32, room: f32, centre: f32, size: f32, pan: f32| {
            if size > room + 0.5 {
                start + pan.clamp(room - size, 0.0)
            } else {
                centre - size / 2.0 + pan
            }
        };
        Self {
            scale,
            origin: Point::new(
                place(area.x, area.w, centre.x, w * scale, view.pan.x),
                place(area.y, area.h, centre.y, h * scale, view.pan.y),
            ),
        }
    }

    /// Canvas point → screen point.
    pub fn to_screen(self, p: Point) -> Point {
        Point::new(
            self.origin.x + p.x * self.scale,
            self.origin.y + p.y * self.scale,
        )
    }

    /// Screen point → canvas point.
    pub fn to_canvas(self, p: Point) -> Point {
        Point::new(
            (p.x - self.origin.x) / self.scale,
            (p.y - self.origin.y) / self.scale,
        )
    }

    /// A canvas rectangle on the screen.
    pub fn area(self, r: Rect) -> Area {
        #[allow(clippy::cast_precision_loss)] // Canvas units are far below 2^24.
        let (x, y, w, h) = (r.0 as f32, r.1 as f32, r.2 as f32, r.3 as f32);
        let top_left = self.to_screen(Point::new(x, y));
        Area {
            x: top_left.x,
            y: top_left.y,
            w: w * self.scale,
            h: h * self.scale,
        }
    }
}

/// The view after zooming by `factor` about the screen point `at`, which stays where it is.
pub fn zoom_about(
    canvas: (u32, u32),
    area: Area,
    view: ViewState,
    at: Point,
    factor: f32,
) -> ViewState {
    Viewport {
        canvas,
        area,
        floor: 0.0,
    }
    .zoom_about(view, at, factor)
}

/// A canvas shown in an area of the screen, never below a readable scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// The canvas size, in canvas units.
    pub canvas: (u32, u32),
    /// The screen area it is shown in.
    pub area: Area,
    /// The smallest scale (screen pixels per canvas unit) at which its text stays readable.
    pub floor: f32,
}

impl Viewport {
    /// The canvas-to-screen mapping for `view`.
    pub fn transform(self, view: ViewState) -> Transform {
        Transform::fit_at_least(self.canvas, self.area, view, self.floor)
    }

    /// The scale at which the canvas just fits the area.
    fn fitted(self) -> f32 {
        #[allow(clippy::cast_precision_loss)] // Canvas sizes are far below 2^24.
        let (w, h) = (self.canvas.0.max(1) as f32, self.canvas.1.max(1) as f32);
        (self.area.w / w).min(self.area.h / h).max(f32::EPSILON)
    }

    /// `view` with its zoom in range (no smaller than the readable floor shows) and, where the
    /// canvas overflows the area, its pan in range too.
    pub fn clamp(self, view: ViewState) -> ViewState {
        let fitted = self.fitted();
        let low = ZOOM_RANGE.0.max(self.floor / fitted).min(ZOOM_RANGE.1);
        let zoom = view.zoom.clamp(low, ZOOM_RANGE.1.max(low));
        let t = self.transform(ViewState {
            zoom,
            pan: view.pan,
        });
        #[allow(clippy::cast_precision_loss)] // Canvas sizes are far below 2^24.
        let (w, h) = (self.canvas.0.max(1) as f32, self.canvas.1.max(1) as f32);
        let keep = |pan: f32, room: f32, size: f32| {
            if size > room + 0.5 {
                pan.clamp(room - size, 0.0)
            } else {
                pan.clamp(-(room - size) / 2.0, (room - size) / 2.0)
            }
        };
        ViewState {
            zoom,
            pan: Point::new(
                keep(view.pan.x, self.area.w, w * t.scale),
                keep(view.pan.y, self.area.h, h * t.scale),
            ),
        }
    }

    /// The view after zooming by `factor` about the screen point `at`, which stays where it is
    /// (unless the zoom or the pan reach their limits).
    pub fn zoom_about(self, view: ViewState, at: Point, factor: f32) -> ViewState {
        let before = self.transform(view);
        let fixed = before.to_canvas(at);
        let low = if self.floor > 0.0 {
            ZOOM_RANGE
                .0
                .max(self.floor / self.fitted())
                .min(ZOOM_RANGE.1)
        } else {
            ZOOM_RANGE.0
        };
        let mut next = ViewState {
            zoom: (view.zoom * factor).clamp(low, ZOOM_RANGE.1),
            pan: view.pan,
        };
        // The pan as the transform would use it, so the correction below is exact.
        let applied = self.transform(next);
        let moved = applied.to_screen(fixed);
        let base = self.transform(ViewState {
            zoom: next.zoom,
            pan: Point::default(),
        });
        next.pan = Point::new(
            applied.origin.x - base.origin.x + at.x - moved.x,
            applied.origin.y - base.origin.y + at.y - moved.y,
        );
        next
    }

    /// The view moved so that canvas rectangle `r` is on the screen, with `room` pixels around
    /// it where there is space; unchanged when it is already in view.
    pub fn reveal(self, view: ViewState, r: Rect, room: f32) -> ViewState {
        let t = self.transform(view);
        let on_screen = t.area(r);
        let a = self.area;
        let shift = |start: f32, size: f32, lo: f32, span: f32| {
            if size + 2.0 * room >= span {
                lo + (span - size) / 2.0 - start
            } else if start < lo + room {
                lo + room - start
            } else if start + size > lo + span - room {
                lo + span - room - (start + size)
            } else {
                0.0
            }
        };
        let dx = shift(on_screen.x, on_screen.w, a.x, a.w);
        let dy = shift(on_screen.y, on_screen.h, a.y, a.h);
        if dx.abs() < 0.5 && dy.abs() < 0.5 {
            return view;
        }
        let base = self.transform(ViewState {
            zoom: view.zoom,
            pan: Point::default(),
        });
        self.clamp(ViewState {
            zoom: view.zoom,
            pan: Point::new(
                t.origin.x - base.origin.x + dx,
                t.origin.y - base.origin.y + dy,
            ),
        })
    }
}

/// The node at canvas point `p`, if any (nodes do not overlap in a valid diagram; with a broken
/// one, the last drawn, the topmost, wins).
pub fn node_at(diagram: &Diagram, p: Point) -> Option<usize> {
    diagram.nodes.iter().rposition(|n| {
        #[allow(clippy::cast_precision_loss)] // Canvas units are far below 2^24.
        let (x, y, w, h) = (
            n.rect.0 as f32,
            n.rect.1 as f32,
            n.rect.2 as f32,
            n.rect.3 as f32,
        );
        p.x >= x && p.y >= y && p.x <= x + w && p.y <= y + h
    })
}

/// Where an edge between two boxes starts and ends: on each box's border, along the line
/// between their centres, so arrowheads touch the boxes rather than hide under them.
pub fn edge_ends(from: Area, to: Area) -> (Point, Point) {
    let (a, b) = (from.centre(), to.centre());
    (border(from, a, b), border(to, b, a))
}

/// Where the ray from `inside` (the centre of `area`) towards `towards` leaves `area`.
fn border(area: Area, inside: Point, towards: Point) -> Point {
    let (dx, dy) = (towards.x - inside.x, towards.y - inside.y);
    let tx = if dx.abs() > f32::EPSILON {
        (area.w / 2.0) / dx.abs()
    } else {
        f32::INFINITY
    };
    let ty = if dy.abs() > f32::EPSILON {
        (area.h / 2.0) / dy.abs()
    } else {
        f32::INFINITY
    };
    let t = tx.min(ty).min(1.0);
    Point::new(inside.x + dx * t, inside.y + dy * t)
}
