//! A diagram drawn natively: regions, nodes as labelled boxes, directed edges with arrowheads and
//! labels, fitted to the space, with zoom (wheel, +/-, 0) and pan (drag). Every box is a widget
//! with an accessible name: Tab moves through them, Enter chooses.

use egui::{Align2, Color32, FontId, Key, Modifiers, Pos2, Sense, Shape, Stroke, Ui, pos2, vec2};

use super::Action;
use crate::modes::diagram::{Area, Point, Transform, ViewState, edge_ends, zoom_about};
use crate::modes::diagram_quiz::{Ask, Mode, QuizState};
use crate::pack::Diagram;

/// What the canvas shows.
#[derive(Debug, Clone, Copy)]
pub struct CanvasView<'a> {
    /// The diagram.
    pub diagram: &'a Diagram,
    /// Its background image, on the GPU: the boxes are then hotspots on it.
    pub background: Option<egui::TextureId>,
    /// Zoom and pan.
    pub view: ViewState,
    /// The node selected (explore) or picked (Label by keyboard).
    pub selected: Option<usize>,
    /// The quiz, while one runs.
    pub quiz: Option<&'a QuizState>,
}

fn to_pos(p: Point) -> Pos2 {
    pos2(p.x, p.y)
}

fn to_rect(a: Area) -> egui::Rect {
    egui::Rect::from_min_size(pos2(a.x, a.y), vec2(a.w, a.h))
}

/// Colours that read in both themes.
struct Palette {
    region: Color32,
    node: Color32,
    text: Color32,
    edge: Color32,
    right: Color32,
    wrong: Color32,
    focus: Color32,
    label_back: Color32,
}

impl Palette {
    fn of(ui: &Ui) -> Self {
        let v = ui.visuals();
        let dark = v.dark_mode;
        Self {
            region: if dark {
                Color32::from_gray(38)
            } else {
                Color32::from_gray(238)
            },
            node: if dark {
                Color32::from_rgb(38, 56, 84)
            } else {
                Color32::from_rgb(222, 234, 252)
            },
            text: v.strong_text_color(),
            edge: v.text_color(),
            right: if dark {
                Color32::from_rgb(60, 190, 90)
            } else {
                Color32::from_rgb(30, 140, 60)
            },
            wrong: v.error_fg_color,
            focus: v.selection.stroke.color,
            label_back: v.panel_fill.gamma_multiply(0.85),
        }
    }
}

/// Draws the canvas in the space left; returns the action taken.
pub fn canvas_ui(ui: &mut Ui, view: &CanvasView<'_>) -> Option<Action> {
    let mut action = None;
    let size = ui.available_size().max(vec2(100.0, 100.0));
    let (rect, background) = ui.allocate_exact_size(size, Sense::click_and_drag());
    let area = Area {
        x: rect.left(),
        y: rect.top(),
        w: rect.width(),
        h: rect.height(),
    };
    let d = view.diagram;
    let t = Transform::fit(d.canvas, area, view.view);
    let painter = ui.painter_at(rect);
    let palette = Palette::of(ui);
    let font = |size: f32| FontId::proportional((size * t.scale).clamp(8.0, 24.0));

    if let Some(texture) = view.background {
        let whole = t.area(crate::pack::model::Rect(0, 0, d.canvas.0, d.canvas.1));
        let uv = egui::Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
        painter.image(texture, to_rect(whole), uv, Color32::WHITE);
    }
    for region in &d.regions {
        let r = to_rect(t.area(region.rect));
        painter.rect(
            r,
            6.0,
            palette.region,
            Stroke::new(1.0, palette.edge.gamma_multiply(0.4)),
            egui::StrokeKind::Inside,
        );
        painter.text(
            r.min + vec2(6.0, 4.0),
            Align2::LEFT_TOP,
            &region.label,
            font(13.0),
            palette.edge,
        );
    }
    let mut focused = None;
    // Lines first, boxes over them, then the edge labels on top so none hides under a box.
    let labels = edges_ui(&painter, view, t, &palette, &font(11.0));
    for (i, node) in d.nodes.iter().enumerate() {
        let r = to_rect(t.area(node.rect));
        let id = egui::Id::unique(("diagram-node", i));
        let response = ui.interact(r, id, Sense::click());
        let (label, spoken) = node_label(view, i);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &spoken));
        if response.has_focus() {
            focused = Some(i);
        }
        let (fill, stroke) = node_style(view, i, &palette, response.has_focus());
        // On a picture the boxes are hotspots: see-through, unless they hide a printed label
        // the quiz asks for.
        let (hotspot, covers) = (view.background.is_some(), label != node.label);
        let fill = if hotspot && !covers {
            fill.gamma_multiply(0.25)
        } else {
            fill
        };
        painter.rect(r, 6.0, fill, stroke, egui::StrokeKind::Inside);
        // The picture prints its own labels; a hotspot only names itself when it hides one.
        if !hotspot || covers {
            let width = (r.width() - 8.0).max(10.0);
            let galley = painter.layout(label, font(14.0), palette.text, width);
            painter.galley(r.center() - galley.size() / 2.0, galley, palette.text);
        }
        if let Some(label) = response.dnd_release_payload::<usize>() {
            action = Some(Action::PlaceLabel {
                node: i,
                label: *label,
            });
        } else if response.clicked() {
            action = Some(match view.quiz {
                Some(_) => Action::NodeClicked(i),
                None => Action::SelectNode(Some(i)),
            });
        }
        if view.quiz.is_none() {
            response.on_hover_text(&node.role);
        }
    }
    if let Some(from) = focused {
        arrow_focus(ui, d, from);
    }
    for (at, galley, colour) in labels {
        let back = egui::Rect::from_min_size(at, galley.size()).expand(2.0);
        painter.rect_filled(back, 3.0, palette.label_back);
        painter.galley(at, galley, colour);
    }
    action.or_else(|| navigate(ui, &background, area, view, t))
}

/// Arrow keys move the focus from box `from` to the nearest box in that direction.
fn arrow_focus(ui: &Ui, d: &Diagram, from: usize) {
    let pressed = ui.input_mut(|i| {
        [
            (Key::ArrowLeft, (-1.0, 0.0)),
            (Key::ArrowRight, (1.0, 0.0)),
            (Key::ArrowUp, (0.0, -1.0)),
            (Key::ArrowDown, (0.0, 1.0)),
        ]
        .into_iter()
        .find(|(key, _)| i.consume_key(Modifiers::NONE, *key))
    });
    let Some((_, (dx, dy))) = pressed else { return };
    #[allow(clippy::cast_precision_loss)] // Canvas units are far below 2^24.
    let centre = |n: &crate::pack::model::Node| {
        let r = n.rect;
        (r.0 as f32 + r.2 as f32 / 2.0, r.1 as f32 + r.3 as f32 / 2.0)
    };
    let Some(start) = d.nodes.get(from).map(centre) else {
        return;
    };
    let next = d
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != from)
        .filter_map(|(i, n)| {
            let (x, y) = centre(n);
            let (vx, vy) = (x - start.0, y - start.1);
            let along = vx * dx + vy * dy;
            // Ahead in that direction; sideways distance counts double.
            (along > 0.0).then(|| (along + 2.0 * (vx * dy - vy * dx).abs(), i))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((_, i)) = next {
        ui.memory_mut(|m| m.request_focus(egui::Id::unique(("diagram-node", i))));
    }
}

/// Zoom with the wheel about the pointer or with +/-/0, pan by dragging the background.
fn navigate(
    ui: &Ui,
    background: &egui::Response,
    area: Area,
    view: &CanvasView<'_>,
    t: Transform,
) -> Option<Action> {
    let canvas = view.diagram.canvas;
    if background.dragged() {
        let delta = background.drag_delta();
        let mut next = view.view;
        next.pan.x += delta.x;
        next.pan.y += delta.y;
        return Some(Action::DiagramView(next));
    }
    if background.hovered() || ui.rect_contains_pointer(background.rect) {
        let scroll = ui.input(|i| i.smooth_scroll_delta.y);
        if scroll.abs() > 0.5
            && let Some(at) = ui.input(|i| i.pointer.hover_pos())
        {
            let factor = (scroll / 200.0).exp();
            let at = Point::new(at.x, at.y);
            return Some(Action::DiagramView(zoom_about(
                canvas, area, view.view, at, factor,
            )));
        }
    }
    let _ = t;
    let typing = ui.ctx().text_edit_focused();
    let centre = area.centre();
    ui.input_mut(|i| {
        if typing {
            return None;
        }
        if i.consume_key(Modifiers::NONE, Key::Plus) || i.consume_key(Modifiers::NONE, Key::Equals)
        {
            Some(Action::DiagramView(zoom_about(
                canvas, area, view.view, centre, 1.25,
            )))
        } else if i.consume_key(Modifiers::NONE, Key::Minus) {
            Some(Action::DiagramView(zoom_about(
                canvas, area, view.view, centre, 0.8,
            )))
        } else if i.consume_key(Modifiers::NONE, Key::Num0) {
            Some(Action::DiagramView(ViewState::default()))
        } else {
            None
        }
    })
}

/// The text drawn in box `i` and its accessible name: hidden where the quiz asks for it.
fn node_label(view: &CanvasView<'_>, i: usize) -> (String, String) {
    let Some(node) = view.diagram.nodes.get(i) else {
        return (String::new(), String::new());
    };
    let number = i + 1;
    match view
        .quiz
        .and_then(|q| q.question().map(|question| (q, question)))
    {
        Some((quiz, question))
            if quiz.mode == Mode::Identify
                && !crate::modes::diagram_quiz::shows_label(view.diagram, question, i) =>
        {
            if quiz.graded.is_some() {
                (node.label.clone(), node.label.clone())
            } else if question.node == Some(i) {
                ("?".to_owned(), format!("Box {number}, the one asked about"))
            } else {
                ("?".to_owned(), format!("Box {number}, hidden"))
            }
        }
        Some((quiz, question)) if quiz.mode == Mode::Label => {
            let Ask::Label { labels } = &question.ask else {
                return (node.label.clone(), node.label.clone());
            };
            let placed = quiz
                .placed
                .get(i)
                .copied()
                .flatten()
                .and_then(|l| labels.get(l));
            match (placed, quiz.graded.is_some()) {
                (Some(label), false) => (label.clone(), format!("Box {number}: {label}")),
                (None, false) => ("?".to_owned(), format!("Box {number}: empty")),
                (placed, true) => {
                    let shown = match placed {
                        Some(p) if crate::modes::diagram_quiz::names_node(view.diagram, i, p) => {
                            node.label.clone()
                        }
                        Some(p) => format!("{p} \u{2192} {}", node.label),
                        None => node.label.clone(),
                    };
                    (shown.clone(), shown)
                }
            }
        }
        _ => (node.label.clone(), node.label.clone()),
    }
}

fn node_style(
    view: &CanvasView<'_>,
    i: usize,
    palette: &Palette,
    focused: bool,
) -> (Color32, Stroke) {
    let mut fill = palette.node;
    let mut stroke = Stroke::new(1.0, palette.edge.gamma_multiply(0.7));
    if view.selected == Some(i) || focused {
        stroke = Stroke::new(3.0, palette.focus);
    }
    let Some(quiz) = view.quiz else {
        return (fill, stroke);
    };
    let question = quiz.question();
    if question.and_then(|q| q.node) == Some(i) && quiz.mode != Mode::Locate {
        fill = fill.lerp_to_gamma(palette.focus, 0.35);
        stroke = Stroke::new(3.0, palette.focus);
    }
    if quiz.mode == Mode::Connect && quiz.chosen.contains(&i) {
        stroke = Stroke::new(3.0, palette.focus);
    }
    if let Some(graded) = &quiz.graded {
        let verdict = graded.nodes.iter().find(|(n, _)| *n == i).map(|(_, r)| *r);
        match (quiz.mode, question.map(|q| &q.ask)) {
            (Mode::Locate, _) => {
                if question.and_then(|q| q.node) == Some(i) {
                    fill = fill.lerp_to_gamma(palette.right, 0.6);
                } else if quiz.response == Some(crate::modes::diagram_quiz::Response::Node(i)) {
                    fill = fill.lerp_to_gamma(palette.wrong, 0.6);
                }
            }
            (Mode::Connect, Some(Ask::Connect { neighbours })) => {
                let chosen = quiz.chosen.contains(&i);
                match (neighbours.contains(&i), chosen) {
                    (true, true) => fill = fill.lerp_to_gamma(palette.right, 0.6),
                    (true, false) => stroke = Stroke::new(3.0, palette.right),
                    (false, true) => fill = fill.lerp_to_gamma(palette.wrong, 0.6),
                    (false, false) => {}
                }
            }
            _ => match verdict {
                Some(true) => fill = fill.lerp_to_gamma(palette.right, 0.6),
                Some(false) => fill = fill.lerp_to_gamma(palette.wrong, 0.6),
                None => {}
            },
        }
    }
    (fill, stroke)
}

/// An edge label laid out, where it goes, and its colour.
type EdgeLabel = (Pos2, std::sync::Arc<egui::Galley>, Color32);

/// Draws the edges' lines and arrowheads; returns their labels, to draw over the boxes.
/// Edges are hidden while a Connect question is open (they are its answer); afterwards only the
/// asked node's edges show, so the direction of each is plain.
fn edges_ui(
    painter: &egui::Painter,
    view: &CanvasView<'_>,
    t: Transform,
    palette: &Palette,
    font: &FontId,
) -> Vec<EdgeLabel> {
    let mut labels = Vec::new();
    let d = view.diagram;
    let boxes: Vec<egui::Rect> = d.nodes.iter().map(|n| to_rect(t.area(n.rect))).collect();
    let mut placed: Vec<egui::Rect> = Vec::new();
    let connect = view
        .quiz
        .filter(|q| q.mode == Mode::Connect)
        .and_then(|q| q.question().map(|question| (q, question)));
    for edge in &d.edges {
        let (Some(from), Some(to)) = (
            d.nodes.iter().position(|n| n.id == edge.from),
            d.nodes.iter().position(|n| n.id == edge.to),
        ) else {
            continue;
        };
        let mut colour = palette.edge.gamma_multiply(0.8);
        if let Some((quiz, question)) = connect {
            let asked = question.node;
            if quiz.graded.is_none() || (asked != Some(from) && asked != Some(to)) {
                continue;
            }
            colour = palette.right;
        }
        let (Some(a), Some(b)) = (d.nodes.get(from), d.nodes.get(to)) else {
            continue;
        };
        let (start, end) = edge_ends(t.area(a.rect), t.area(b.rect));
        arrow(painter, to_pos(start), to_pos(end), colour);
        let galley = painter.layout(
            edge.label.clone(),
            font.clone(),
            colour,
            160.0 * t.scale.max(0.5),
        );
        let at = label_place(to_pos(start), to_pos(end), galley.size(), &boxes, &placed);
        placed.push(egui::Rect::from_min_size(at, galley.size()).expand(2.0));
        labels.push((at, galley, colour));
    }
    labels
}

/// Where an edge's label goes: the first place that covers no box and no label already placed,
/// trying the middle of the line, then further along it, then beside it (a short line between
/// close boxes puts its label above or below them); the middle if nothing is free.
fn label_place(
    start: Pos2,
    end: Pos2,
    size: egui::Vec2,
    boxes: &[egui::Rect],
    placed: &[egui::Rect],
) -> Pos2 {
    let normal = (end - start).normalized().rot90();
    let normal = if normal.is_finite() {
        normal
    } else {
        vec2(0.0, 1.0)
    };
    let step = size.y.max(size.x * normal.x.abs()) + 6.0;
    let at = |f: f32, side: f32| start.lerp(end, f) + normal * (side * step) - size / 2.0;
    let along = [0.5, 0.4, 0.6, 0.3, 0.7];
    let sides = [0.0, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0];
    sides
        .into_iter()
        .flat_map(|side| along.into_iter().map(move |f| (f, side)))
        .map(|(f, side)| at(f, side))
        .find(|&p| {
            let rect = egui::Rect::from_min_size(p, size).expand(2.0);
            !boxes.iter().chain(placed).any(|b| b.intersects(rect))
        })
        .unwrap_or_else(|| at(0.5, 0.0))
}

fn arrow(painter: &egui::Painter, from: Pos2, to: Pos2, colour: Color32) {
    let direction = (to - from).normalized();
    if !direction.is_finite() {
        return;
    }
    let head = 10.0;
    let base = to - direction * head;
    let side = direction.rot90() * (head * 0.5);
    painter.line_segment([from, base], Stroke::new(1.5, colour));
    painter.add(Shape::convex_polygon(
        vec![to, base + side, base - side],
        colour,
        Stroke::NONE,
    ));
}
