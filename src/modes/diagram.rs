//! Diagram geometry without a toolkit: the canvas-to-screen mapping under zoom and pan, and
//! hit-testing. The screen code draws with it; tests check it directly.

use crate::pack::Diagram;
use crate::pack::model::Rect;

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
        #[allow(clippy::cast_precision_loss)] // Canvas sizes are far below 2^24.
        let (w, h) = (canvas.0.max(1) as f32, canvas.1.max(1) as f32);
        let scale = (area.w / w).min(area.h / h).max(f32::EPSILON) * view.zoom;
        let centre = area.centre();
        Self {
            scale,
            origin: Point::new(
                centre.x - w * scale / 2.0 + view.pan.x,
                centre.y - h * scale / 2.0 + view.pan.y,
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
    let before = Transform::fit(canvas, area, view);
    let fixed = before.to_canvas(at);
    let mut next = ViewState {
        zoom: (view.zoom * factor).clamp(ZOOM_RANGE.0, ZOOM_RANGE.1),
        pan: view.pan,
    };
    let moved = Transform::fit(canvas, area, next).to_screen(fixed);
    next.pan.x += at.x - moved.x;
    next.pan.y += at.y - moved.y;
    next
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
