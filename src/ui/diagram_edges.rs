//! A diagram's arrows: their routes (computed once when the diagram opened), arrowheads, and
//! labels at readable size, each touching its own arrow; a label with no free place is hidden
//! and shown, with its arrow highlighted, when the pointer is on the arrow.
//!
//! Label places depend on the zoom (text keeps its size on the screen), so they are kept in the
//! context's memory and found again only when the zoom or the arrows shown change.

use std::sync::Arc;

use egui::{Color32, FontId, Pos2, Shape, Stroke, Ui, pos2, vec2};

use super::theme::{Palette, size};
use crate::modes::diagram::{Area, Point, Transform};
use crate::modes::diagram_labels::{Keep, Spot, place_labels};
use crate::modes::diagram_quiz::{Mode, QuizState};
use crate::modes::diagram_route::{DiagramLayout, distance_to_segment};
use crate::pack::Diagram;

/// Screen widths at which an edge label wraps: wide where there is room, else narrow.
const LABEL_WRAPS: [f32; 2] = [180.0, 100.0];
/// Space around a label and between a label and its line, in screen pixels.
const LABEL_PAD: f32 = 2.0;
/// Arrowhead length, in screen pixels.
const HEAD: f32 = 10.0;
/// How near the pointer must be to an arrow to point at it, in screen pixels.
const HOVER_REACH: f32 = 6.0;

/// The size of edge labels at `scale`: the small size, no smaller than readable.
pub fn edge_font(scale: f32) -> FontId {
    FontId::proportional((size::SMALL * scale).clamp(size::MIN_READABLE, size::BODY))
}

/// Which edges show: all, none (a Connect question is open: they are its answer), or only the
/// asked node's once it is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shown {
    /// Every edge.
    All,
    /// No edge.
    None,
    /// The edges touching this node.
    Around(usize),
}

impl Shown {
    /// What a quiz (or exploring) shows.
    pub fn of(quiz: Option<&QuizState>) -> Self {
        let Some(quiz) = quiz.filter(|q| q.mode == Mode::Connect) else {
            return Self::All;
        };
        match (quiz.question().and_then(|q| q.node), quiz.graded.is_some()) {
            (Some(node), true) => Self::Around(node),
            (Some(_), false) => Self::None,
            (None, _) => Self::All,
        }
    }

    fn shows(self, ends: Option<(usize, usize)>) -> bool {
        match (self, ends) {
            (Self::All, _) => true,
            (Self::Around(n), Some((a, b))) => a == n || b == n,
            _ => false,
        }
    }
}

/// Where the labels went, for one zoom and one set of shown edges.
#[derive(Clone)]
struct Placed {
    key: (usize, u32, Shown),
    spots: Arc<Vec<Option<Spot>>>,
}

/// A label laid out both ways, and its colour.
type Layouts = ([Arc<egui::Galley>; 2], Color32);

/// What the edges need from the canvas.
pub struct EdgeScene<'a> {
    /// The diagram.
    pub diagram: &'a Diagram,
    /// Its links and routes.
    pub layout: &'a Arc<DiagramLayout>,
    /// The canvas-to-screen mapping.
    pub t: Transform,
    /// Which edges show.
    pub shown: Shown,
    /// The node whose edges stand out (selected or focused), if any.
    pub stress: Option<usize>,
    /// Where the region titles are, in canvas units (labels keep off them).
    pub titles: &'a [Area],
}

/// Draws the shown edges' lines and arrowheads; returns the labels to draw over the boxes and
/// how many are hidden for lack of room.
pub fn edges_ui(ui: &Ui, painter: &egui::Painter, scene: &EdgeScene<'_>) -> Labels {
    let p = Palette::get(ui);
    let t = scene.t;
    let routes = &scene.layout.routes;
    let font = edge_font(t.scale);
    let hovered = ui
        .input(|i| i.pointer.hover_pos())
        .filter(|at| painter.clip_rect().contains(*at))
        .and_then(|at| nearest_edge(scene, Point::new(at.x, at.y)));
    let colour_of = |e: usize, ends: Option<(usize, usize)>| {
        if matches!(scene.shown, Shown::Around(_)) {
            p.right
        } else if hovered == Some(e)
            || ends.is_some_and(|(a, b)| scene.stress.is_some_and(|n| n == a || n == b))
        {
            p.accent
        } else {
            p.muted
        }
    };
    let mut galleys = Vec::with_capacity(routes.edges.len());
    for (e, route) in routes.edges.iter().enumerate() {
        let ends = route.as_ref().map(|r| (r.from, r.to));
        let Some(route) = route.as_ref().filter(|_| scene.shown.shows(ends)) else {
            galleys.push(None);
            continue;
        };
        let colour = colour_of(e, ends);
        let width = if hovered == Some(e) { 2.5 } else { 1.5 };
        let points: Vec<Pos2> = route
            .points
            .iter()
            .map(|&q| to_pos(t.to_screen(q)))
            .collect();
        arrow(painter, &points, Stroke::new(width, colour));
        let label = scene
            .diagram
            .edges
            .get(e)
            .map_or("", |edge| edge.label.as_str());
        let lay = |wrap: f32| painter.layout(label.to_owned(), font.clone(), p.text, wrap);
        galleys.push(Some((LABEL_WRAPS.map(lay), colour)));
    }
    let spots = placed(ui, scene, &galleys);
    let hidden = spots
        .iter()
        .zip(&galleys)
        .filter(|(s, g)| s.is_none() && g.is_some())
        .count();
    Labels {
        galleys,
        spots,
        hovered,
        hidden,
    }
}

/// The edge labels of one frame, laid out, with their places.
pub struct Labels {
    galleys: Vec<Option<Layouts>>,
    spots: Arc<Vec<Option<Spot>>>,
    hovered: Option<usize>,
    /// How many shown edges have their label hidden for lack of room.
    pub hidden: usize,
}

impl Labels {
    /// Draws the placed labels, and the hovered edge's label wherever it is.
    pub fn draw(self, ui: &Ui, painter: &egui::Painter, scene: &EdgeScene<'_>) {
        let p = Palette::get(ui);
        let back = ui.visuals().panel_fill;
        let t = scene.t;
        for (e, (galley, spot)) in self.galleys.iter().zip(self.spots.iter()).enumerate() {
            let (Some((galleys, colour)), Some(Spot { area: spot, layout })) = (galley, spot)
            else {
                continue;
            };
            let Some(galley) = galleys.get(*layout) else {
                continue;
            };
            let at = t.to_screen(Point::new(spot.x, spot.y));
            let rect = egui::Rect::from_min_size(to_pos(at), vec2(spot.w, spot.h) * t.scale);
            let border = if self.hovered == Some(e) {
                p.accent
            } else {
                colour.gamma_multiply(0.5)
            };
            painter.rect(
                rect,
                3.0,
                back,
                Stroke::new(1.0, border),
                egui::StrokeKind::Inside,
            );
            painter.galley(rect.center() - galley.size() / 2.0, galley.clone(), p.text);
        }
        let Some(e) = self.hovered else { return };
        let Some(Some(([galley, _], _))) = self.galleys.get(e) else {
            return;
        };
        if self.spots.get(e).is_some_and(Option::is_some) {
            return;
        }
        // A hidden label, pointed at: over everything, at the pointer, until it moves off.
        let Some(at) = ui.input(|i| i.pointer.hover_pos()) else {
            return;
        };
        let layer =
            egui::LayerId::new(egui::Order::Tooltip, egui::Id::unique("diagram-edge-label"));
        let top = ui.ctx().layer_painter(layer);
        let rect = egui::Rect::from_min_size(at + vec2(12.0, 12.0), galley.size() + vec2(8.0, 6.0));
        top.rect(
            rect,
            3.0,
            back,
            Stroke::new(1.0, p.accent),
            egui::StrokeKind::Inside,
        );
        top.galley(rect.min + vec2(4.0, 3.0), galley.clone(), p.text);
    }
}

/// The label places for this frame's zoom and edges: from memory when nothing changed.
fn placed(ui: &Ui, scene: &EdgeScene<'_>, galleys: &[Option<Layouts>]) -> Arc<Vec<Option<Spot>>> {
    let s = scene.t.scale;
    let key = (Arc::as_ptr(scene.layout) as usize, s.to_bits(), scene.shown);
    let id = egui::Id::unique("diagram-label-places");
    if let Some(found) = ui
        .data(|d| d.get_temp::<Placed>(id))
        .filter(|p| p.key == key)
    {
        return found.spots;
    }
    let sizes: Vec<Vec<(f32, f32)>> = galleys
        .iter()
        .map(|g| {
            g.iter()
                .flat_map(|(both, _)| both)
                .map(|g| {
                    let size = g.size() + vec2(6.0, 4.0);
                    (size.x / s, size.y / s)
                })
                .collect()
        })
        .collect();
    let mut clear: Vec<Area> = scene
        .diagram
        .nodes
        .iter()
        .map(|n| {
            #[allow(clippy::cast_precision_loss)] // Canvas units are far below 2^24.
            Area {
                x: n.rect.0 as f32,
                y: n.rect.1 as f32,
                w: n.rect.2 as f32,
                h: n.rect.3 as f32,
            }
        })
        .collect();
    clear.extend_from_slice(scene.titles);
    let spots = Arc::new(place_labels(
        &scene.layout.routes,
        &sizes,
        Keep {
            clear: &clear,
            pad: LABEL_PAD / s,
            head: HEAD / s,
            canvas: canvas_area(scene.diagram),
        },
    ));
    ui.data_mut(|d| {
        d.insert_temp(
            id,
            Placed {
                key,
                spots: Arc::clone(&spots),
            },
        );
    });
    spots
}

/// The whole canvas, in canvas units.
fn canvas_area(d: &Diagram) -> Area {
    #[allow(clippy::cast_precision_loss)] // Canvas sizes are far below 2^24.
    Area {
        x: 0.0,
        y: 0.0,
        w: d.canvas.0 as f32,
        h: d.canvas.1 as f32,
    }
}

/// The shown edge nearest the screen point `at`, if within reach.
fn nearest_edge(scene: &EdgeScene<'_>, at: Point) -> Option<usize> {
    let canvas = scene.t.to_canvas(at);
    let reach = HOVER_REACH / scene.t.scale;
    scene
        .layout
        .routes
        .edges
        .iter()
        .enumerate()
        .filter_map(|(e, r)| {
            let r = r.as_ref()?;
            if !scene.shown.shows(Some((r.from, r.to))) {
                return None;
            }
            let d = r
                .segments()
                .map(|(a, b)| distance_to_segment(canvas, a, b))
                .fold(f32::INFINITY, f32::min);
            (d <= reach).then_some((d, e))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, e)| e)
}

fn to_pos(p: Point) -> Pos2 {
    pos2(p.x, p.y)
}

/// The polyline `points` with an arrowhead at its end.
fn arrow(painter: &egui::Painter, points: &[Pos2], stroke: Stroke) {
    let [.., before, to] = points else { return };
    let direction = (*to - *before).normalized();
    if !direction.is_finite() {
        return;
    }
    let base = *to - direction * HEAD;
    let side = direction.rot90() * (HEAD * 0.5);
    let mut line = points.to_vec();
    // The line stops under the arrowhead's base (or, on a last stretch shorter than the head,
    // at its corner).
    if (*to - *before).length() > HEAD {
        if let Some(last) = line.last_mut() {
            *last = base;
        }
    } else {
        line.pop();
    }
    painter.add(Shape::line(line, stroke));
    painter.add(Shape::convex_polygon(
        vec![*to, base + side, base - side],
        stroke.color,
        Stroke::NONE,
    ));
}

/// Draws a note in the canvas's lower left corner (how many labels are hidden).
pub fn corner_note(ui: &Ui, painter: &egui::Painter, area: egui::Rect, text: &str) {
    let p = Palette::get(ui);
    let galley =
        painter.layout_no_wrap(text.to_owned(), FontId::proportional(size::SMALL), p.muted);
    let at = area.left_bottom() + vec2(8.0, -8.0 - galley.size().y);
    let rect = egui::Rect::from_min_size(at, galley.size()).expand(3.0);
    painter.rect_filled(rect, 3.0, ui.visuals().panel_fill);
    painter.galley(at, galley, p.muted);
}
