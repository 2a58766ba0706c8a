//! A diagram drawn natively: regions, nodes as labelled boxes, and arrows routed around the
//! boxes with their labels. Text is never drawn below the readable size: a canvas that would
//! need smaller text to fit scrolls instead (wheel, drag). Ctrl+wheel, +/- and 0 zoom. Every
//! box is a widget with an accessible name: Tab moves through them, Enter chooses.

use std::sync::Arc;

use egui::{Color32, FontId, Key, Modifiers, Sense, Stroke, Ui, pos2, vec2};

use super::Action;
use super::diagram_edges::{EdgeScene, Shown, corner_note, edges_ui};
use super::theme::{Palette, size};
use crate::modes::diagram::{Area, Point, Transform, ViewState, Viewport};
use crate::modes::diagram_quiz::{Ask, Mode, QuizState, Response, names_node};
use crate::modes::diagram_route::DiagramLayout;
use crate::pack::Diagram;

/// Room inside a box around its name, in screen pixels (left and right; top and bottom).
const BOX_PAD: (f32, f32) = (8.0, 4.0);
/// Room kept around a box brought into view, in screen pixels.
const REVEAL_ROOM: f32 = 24.0;

/// What the canvas shows.
#[derive(Debug, Clone, Copy)]
pub struct CanvasView<'a> {
    /// The diagram.
    pub diagram: &'a Diagram,
    /// Its links and routes, computed when it opened.
    pub layout: &'a Arc<DiagramLayout>,
    /// Its background image, on the GPU: the boxes are then hotspots on it.
    pub background: Option<egui::TextureId>,
    /// Zoom and pan.
    pub view: ViewState,
    /// The node selected (explore) or picked (Label by keyboard).
    pub selected: Option<usize>,
    /// The quiz, while one runs.
    pub quiz: Option<&'a QuizState>,
    /// A node to bring into view (the one a new question asks about).
    pub reveal: Option<usize>,
}

fn to_rect(a: Area) -> egui::Rect {
    egui::Rect::from_min_size(pos2(a.x, a.y), vec2(a.w, a.h))
}

/// The size of box names at `scale`: body size, never below readable, never huge.
fn node_font(scale: f32) -> FontId {
    FontId::proportional((size::BODY * scale).clamp(size::MIN_READABLE, size::ANSWER))
}

/// Draws the canvas in the space left; returns the action taken.
pub fn canvas_ui(ui: &mut Ui, view: &CanvasView<'_>) -> Option<Action> {
    let size = ui.available_size().max(vec2(100.0, 100.0));
    let (rect, background) = ui.allocate_exact_size(size, Sense::click_and_drag());
    let area = Area {
        x: rect.left(),
        y: rect.top(),
        w: rect.width(),
        h: rect.height(),
    };
    let d = view.diagram;
    let port = Viewport {
        canvas: d.canvas,
        area,
        floor: readable_floor(ui, view),
    };
    let t = port.transform(view.view);
    let painter = ui.painter_at(rect);

    if let Some(texture) = view.background {
        let whole = t.area(crate::pack::model::Rect(0, 0, d.canvas.0, d.canvas.1));
        let uv = egui::Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
        painter.image(texture, to_rect(whole), uv, Color32::WHITE);
    }
    let titles = regions_ui(ui, &painter, d, t);
    let scene = EdgeScene {
        diagram: d,
        layout: view.layout,
        t,
        shown: Shown::of(view.quiz),
        stress: view.selected,
        titles: &titles,
    };
    // Lines first, boxes over them, then the labels, which keep off the boxes.
    let labels = edges_ui(ui, &painter, &scene);
    let (action, focus) = nodes_ui(ui, &painter, view, t);
    labels_note(ui, &painter, rect, labels.hidden);
    labels.draw(ui, &painter, &scene);
    scroll_marks(ui, &painter, rect, d.canvas, t);
    if let Some(node) = view.reveal {
        let target = d.nodes.get(node).map(|n| n.rect);
        let next = target.map_or(view.view, |r| port.reveal(view.view, r, REVEAL_ROOM));
        return action.or(Some(Action::DiagramView(next)));
    }
    if let Some((node, gained)) = focus {
        if gained && let Some(r) = d.nodes.get(node).map(|n| n.rect) {
            let next = port.reveal(view.view, r, REVEAL_ROOM);
            if next != view.view {
                return action.or(Some(Action::DiagramView(next)));
            }
        }
        arrow_focus(ui, d, node);
    }
    action.or_else(|| navigate(ui, &background, port, view.view))
}

/// Draws the regions and their titles; returns where the titles are, in canvas units.
fn regions_ui(ui: &Ui, painter: &egui::Painter, d: &Diagram, t: Transform) -> Vec<Area> {
    let p = Palette::get(ui);
    let font = FontId::proportional((size::BODY * t.scale).clamp(size::MIN_READABLE, size::ANSWER));
    let mut titles = Vec::with_capacity(d.regions.len());
    for region in &d.regions {
        let r = to_rect(t.area(region.rect));
        painter.rect(
            r,
            6.0,
            p.track.gamma_multiply(0.55),
            Stroke::new(1.0, p.card_stroke),
            egui::StrokeKind::Inside,
        );
        let galley = painter.layout(
            region.label.clone(),
            font.clone(),
            p.muted,
            r.width() - 12.0,
        );
        let at = r.min + vec2(6.0, 4.0);
        let s = t.scale;
        let corner = t.to_canvas(Point::new(at.x, at.y));
        titles.push(Area {
            x: corner.x,
            y: corner.y,
            w: galley.size().x / s,
            h: galley.size().y / s,
        });
        painter.galley(at, galley, p.muted);
    }
    titles
}

/// Draws the boxes (each a widget); returns the action taken and the focused box, with whether
/// it got the focus this frame.
fn nodes_ui(
    ui: &mut Ui,
    painter: &egui::Painter,
    view: &CanvasView<'_>,
    t: Transform,
) -> (Option<Action>, Option<(usize, bool)>) {
    let p = Palette::get(ui);
    let d = view.diagram;
    let font = node_font(t.scale);
    let marks = Marks::of(view);
    let mut action = None;
    let mut focused = None;
    for (i, node) in d.nodes.iter().enumerate() {
        let r = to_rect(t.area(node.rect));
        let id = egui::Id::unique(("diagram-node", i));
        let response = ui.interact(r, id, Sense::click());
        let (label, spoken) = node_label(view, i);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &spoken));
        if response.has_focus() {
            focused = Some((i, response.gained_focus()));
        }
        let (fill, stroke) = node_style(view, &marks, i, &p, response.has_focus());
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
            let width = (r.width() - 2.0 * BOX_PAD.0).max(10.0);
            let galley = painter.layout(label, font.clone(), p.text, width);
            painter
                .with_clip_rect(r.intersect(painter.clip_rect()))
                .galley(r.center() - galley.size() / 2.0, galley, p.text);
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
    (action, focused)
}

/// The smallest scale at which every box's name, at the readable size, fits its box on one
/// line or two; found once per opened diagram and kept in memory. A diagram on a picture has
/// none (the picture prints its own names).
fn readable_floor(ui: &Ui, view: &CanvasView<'_>) -> f32 {
    if view.background.is_some() {
        return 0.0;
    }
    let id = egui::Id::unique(("diagram-readable-floor", Arc::as_ptr(view.layout) as usize));
    if let Some(floor) = ui.data(|d| d.get_temp::<f32>(id)) {
        return floor;
    }
    let font = FontId::proportional(size::MIN_READABLE);
    let painter = ui.painter();
    let measure = |text: &str| {
        painter
            .layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE)
            .size()
    };
    let mut floor = 0.0f32;
    for node in &view.diagram.nodes {
        #[allow(clippy::cast_precision_loss)] // Canvas units are far below 2^24.
        let (bw, bh) = (node.rect.2.max(1) as f32, node.rect.3.max(1) as f32);
        let line = measure(&node.label);
        let widest = node
            .label
            .split_whitespace()
            .map(|w| measure(w).x)
            .fold(0.0f32, f32::max);
        let (px, py) = (2.0 * BOX_PAD.0, 2.0 * BOX_PAD.1);
        let one = ((line.x + px) / bw).max((line.y + py) / bh);
        let two = (((line.x * 0.55).max(widest) + px) / bw).max((2.0 * line.y + py) / bh);
        floor = floor.max(one.min(two));
    }
    let floor = floor.clamp(0.0, 2.0);
    ui.data_mut(|d| d.insert_temp(id, floor));
    floor
}

/// Thin bars along the bottom and right showing which part of a canvas larger than the window
/// is in view.
fn scroll_marks(
    ui: &Ui,
    painter: &egui::Painter,
    rect: egui::Rect,
    canvas: (u32, u32),
    t: Transform,
) {
    let p = Palette::get(ui);
    #[allow(clippy::cast_precision_loss)] // Canvas sizes are far below 2^24.
    let (w, h) = (
        canvas.0.max(1) as f32 * t.scale,
        canvas.1.max(1) as f32 * t.scale,
    );
    let thickness = 4.0;
    if w > rect.width() + 0.5 {
        let track = egui::Rect::from_min_max(
            pos2(rect.left(), rect.bottom() - thickness),
            rect.right_bottom(),
        );
        let start = (rect.left() - t.origin.x) / w;
        let thumb = egui::Rect::from_min_size(
            pos2(track.left() + start * track.width(), track.top()),
            vec2(track.width() * rect.width() / w, thickness),
        );
        painter.rect_filled(track, 2.0, p.track);
        painter.rect_filled(thumb, 2.0, p.muted);
    }
    if h > rect.height() + 0.5 {
        let track = egui::Rect::from_min_max(
            pos2(rect.right() - thickness, rect.top()),
            rect.right_bottom(),
        );
        let start = (rect.top() - t.origin.y) / h;
        let thumb = egui::Rect::from_min_size(
            pos2(track.left(), track.top() + start * track.height()),
            vec2(thickness, track.height() * rect.height() / h),
        );
        painter.rect_filled(track, 2.0, p.track);
        painter.rect_filled(thumb, 2.0, p.muted);
    }
}

/// Says how many arrow labels are hidden for lack of room, and how to see them.
fn labels_note(ui: &Ui, painter: &egui::Painter, rect: egui::Rect, hidden: usize) {
    if hidden == 0 {
        return;
    }
    let what = if hidden == 1 {
        "1 arrow label is hidden".to_owned()
    } else {
        format!("{hidden} arrow labels are hidden")
    };
    corner_note(
        ui,
        painter,
        rect,
        &format!("{what} for room: point at an arrow, or zoom in (+)"),
    );
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

/// Scroll with the wheel or by dragging the background; zoom with Ctrl+wheel (or a pinch)
/// about the pointer, or with +/-/0.
fn navigate(
    ui: &Ui,
    background: &egui::Response,
    port: Viewport,
    view: ViewState,
) -> Option<Action> {
    let changed = |next: ViewState| (next != view).then_some(Action::DiagramView(next));
    if background.dragged() {
        let delta = background.drag_delta();
        let mut next = view;
        next.pan.x += delta.x;
        next.pan.y += delta.y;
        return changed(port.clamp(next));
    }
    if ui.rect_contains_pointer(background.rect) {
        let (scroll, zoom, at) =
            ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta(), i.pointer.hover_pos()));
        if (zoom - 1.0).abs() > 1e-3
            && let Some(at) = at
        {
            return changed(port.zoom_about(view, Point::new(at.x, at.y), zoom));
        }
        if scroll.length() > 0.5 {
            let mut next = view;
            next.pan.x += scroll.x;
            next.pan.y += scroll.y;
            return changed(port.clamp(next));
        }
    }
    if ui.ctx().text_edit_focused() {
        return None;
    }
    let centre = port.area.centre();
    let key = ui.input_mut(|i| {
        if i.consume_key(Modifiers::NONE, Key::Plus) || i.consume_key(Modifiers::NONE, Key::Equals)
        {
            Some(1.25)
        } else if i.consume_key(Modifiers::NONE, Key::Minus) {
            Some(0.8)
        } else if i.consume_key(Modifiers::NONE, Key::Num0) {
            Some(0.0)
        } else {
            None
        }
    })?;
    if key == 0.0 {
        return changed(ViewState::default());
    }
    changed(port.zoom_about(view, centre, key))
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
                        Some(p) if names_node(view.diagram, i, p) => node.label.clone(),
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

/// Per box, what the quiz says about it, gathered once a frame so styling each box is constant
/// work: chosen (Connect), a right answer of the question (Connect), its verdict once graded.
struct Marks {
    chosen: Vec<bool>,
    neighbour: Vec<bool>,
    verdict: Vec<Option<bool>>,
}

impl Marks {
    fn of(view: &CanvasView<'_>) -> Self {
        let n = view.diagram.nodes.len();
        let mut marks = Self {
            chosen: vec![false; n],
            neighbour: vec![false; n],
            verdict: vec![None; n],
        };
        let Some(quiz) = view.quiz else {
            return marks;
        };
        for &c in &quiz.chosen {
            if let Some(m) = marks.chosen.get_mut(c) {
                *m = true;
            }
        }
        if let Some(Ask::Connect { neighbours }) = quiz.question().map(|q| &q.ask) {
            for &c in neighbours {
                if let Some(m) = marks.neighbour.get_mut(c) {
                    *m = true;
                }
            }
        }
        for &(node, right) in quiz.graded.iter().flat_map(|g| &g.nodes) {
            if let Some(m) = marks.verdict.get_mut(node) {
                *m = Some(right);
            }
        }
        marks
    }
}

fn node_style(
    view: &CanvasView<'_>,
    marks: &Marks,
    i: usize,
    p: &Palette,
    focused: bool,
) -> (Color32, Stroke) {
    let mut fill = p.card;
    let mut stroke = Stroke::new(1.0, p.card_stroke.lerp_to_gamma(p.muted, 0.4));
    if view.selected == Some(i) || focused {
        stroke = Stroke::new(3.0, p.accent);
    }
    let Some(quiz) = view.quiz else {
        return (fill, stroke);
    };
    let question = quiz.question();
    let tint = |c: Color32| p.card.lerp_to_gamma(c, 0.35);
    if question.and_then(|q| q.node) == Some(i) && quiz.mode != Mode::Locate {
        fill = p.card.lerp_to_gamma(p.accent, 0.25);
        stroke = Stroke::new(3.0, p.accent);
    }
    let chosen = marks.chosen.get(i).copied().unwrap_or(false);
    if quiz.mode == Mode::Connect && chosen {
        stroke = Stroke::new(3.0, p.accent);
    }
    if quiz.mode == Mode::Label
        && quiz.asked_to_place
        && quiz.graded.is_none()
        && quiz.placed.get(i).is_some_and(Option::is_none)
    {
        stroke = Stroke::new(3.0, p.warn);
    }
    if quiz.graded.is_none() {
        return (fill, stroke);
    }
    let verdict = marks.verdict.get(i).copied().flatten();
    match (quiz.mode, question.map(|q| &q.ask)) {
        (Mode::Locate, _) => {
            if question.and_then(|q| q.node) == Some(i) {
                fill = tint(p.right);
            } else if quiz.response == Some(Response::Node(i)) {
                fill = tint(p.wrong);
            }
        }
        (Mode::Connect, Some(Ask::Connect { .. })) => {
            match (marks.neighbour.get(i).copied().unwrap_or(false), chosen) {
                (true, true) => fill = tint(p.right),
                (true, false) => stroke = Stroke::new(3.0, p.right),
                (false, true) => fill = tint(p.wrong),
                (false, false) => {}
            }
        }
        _ => match verdict {
            Some(true) => fill = tint(p.right),
            Some(false) => fill = tint(p.wrong),
            None => {}
        },
    }
    (fill, stroke)
}
