//! Diagram geometry (hit-testing under zoom and pan) and the quiz's questions and grading.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use kubestudy::modes::diagram::{
    Area, Point, Transform, ViewState, edge_ends, node_at, zoom_about,
};
use kubestudy::modes::diagram_quiz::{
    Ask, Mode, Response, grade, names_node, neighbours, questions,
};
use kubestudy::modes::glossary::fold;
use kubestudy::pack::{Diagram, Library};

const SMALL: &str = r#"    diagrams: [(id: "d", title: "Tiny cluster", canvas: (400, 200),
        nodes: [
            (id: "api", label: "kube-apiserver", aliases: ["API server"], rect: (10, 10, 100, 40), role: "Front door of the control plane."),
            (id: "etcd", label: "etcd", rect: (200, 10, 100, 40), role: "Stores all cluster state."),
            (id: "k1", label: "kubelet", rect: (10, 120, 100, 40), role: "Runs Pods on its node."),
            (id: "k2", label: "kubelet", rect: (200, 120, 100, 40), role: "Runs Pods on its node."),
        ],
        edges: [
            (from: "api", to: "etcd", label: "reads and writes"),
            (from: "k1", to: "api", label: "watches Pods"),
            (from: "k2", to: "api", label: "watches Pods"),
        ])],"#;

fn small() -> (common::PackDir, Diagram) {
    let (pack, library) = common::ui::library(SMALL);
    let diagram = library.packs()[0].diagrams[0].clone();
    (pack, diagram)
}

#[test]
fn hit_testing_follows_zoom_and_pan() {
    let (_pack, d) = small();
    let area = Area {
        x: 50.0,
        y: 20.0,
        w: 800.0,
        h: 400.0,
    };
    // Fitted: 400×200 canvas in 800×400 → scale 2, origin at the area's corner.
    let t = Transform::fit(d.canvas, area, ViewState::default());
    assert_eq!(t.scale, 2.0);
    assert_eq!(t.origin, Point::new(50.0, 20.0));
    let etcd_centre = t.to_screen(Point::new(250.0, 30.0));
    assert_eq!(node_at(&d, t.to_canvas(etcd_centre)), Some(1));
    assert_eq!(
        node_at(
            &d,
            t.to_canvas(Point::new(50.0 + 2.0 * 150.0, 20.0 + 2.0 * 90.0))
        ),
        None
    );
    // Zoom 2× about etcd's centre: etcd stays under the pointer; its box doubles.
    let zoomed = zoom_about(d.canvas, area, ViewState::default(), etcd_centre, 2.0);
    let tz = Transform::fit(d.canvas, area, zoomed);
    let moved = tz.to_screen(Point::new(250.0, 30.0));
    assert!((moved.x - etcd_centre.x).abs() < 1e-3 && (moved.y - etcd_centre.y).abs() < 1e-3);
    assert_eq!(tz.scale, 4.0);
    assert_eq!(node_at(&d, tz.to_canvas(etcd_centre)), Some(1));
    // Pan: the same screen point now lands on another node.
    let panned = ViewState {
        zoom: 1.0,
        pan: Point::new(-2.0 * 190.0, 0.0),
    };
    let tp = Transform::fit(d.canvas, area, panned);
    assert_eq!(
        node_at(&d, tp.to_canvas(t.to_screen(Point::new(60.0, 30.0)))),
        Some(1)
    );
    // Zoom is clamped.
    let far = zoom_about(d.canvas, area, ViewState::default(), etcd_centre, 1000.0);
    assert_eq!(far.zoom, 8.0);
    // Edges end on the boxes' borders.
    let (a, b) = edge_ends(t.area(d.nodes[0].rect), t.area(d.nodes[1].rect));
    assert_eq!(a, Point::new(50.0 + 2.0 * 110.0, 20.0 + 2.0 * 30.0));
    assert_eq!(b, Point::new(50.0 + 2.0 * 200.0, 20.0 + 2.0 * 30.0));
}

#[test]
fn ambiguous_nodes_are_not_asked() {
    let (_pack, d) = small();
    let order = [0, 1, 2, 3];
    let locate: Vec<_> = questions(&d, Mode::Locate, &order, 10, 1)
        .into_iter()
        .map(|q| q.node)
        .collect();
    assert_eq!(
        locate,
        [Some(0), Some(1)],
        "the two kubelets share a role and a label"
    );
    let identify = questions(&d, Mode::Identify, &order, 10, 1);
    assert_eq!(
        identify.iter().map(|q| q.node).collect::<Vec<_>>(),
        [Some(0), Some(1)]
    );
    for q in &identify {
        let Ask::Identify { options, right } = &q.ask else {
            panic!()
        };
        assert_eq!(options[*right], d.nodes[q.node.unwrap()].label);
        let folded: Vec<String> = options.iter().map(|o| fold(o)).collect();
        assert_eq!(
            folded.iter().filter(|o| **o == "kubelet").count(),
            1,
            "{options:?}"
        );
        assert_eq!(options.len(), 3, "three distinct labels in all");
    }
    let connect = questions(&d, Mode::Connect, &order, 10, 1);
    assert_eq!(connect.len(), 4);
    assert_eq!(
        connect[0].ask,
        Ask::Connect {
            neighbours: vec![1, 2, 3]
        }
    );
    let label = questions(&d, Mode::Label, &order, 10, 1);
    let Ask::Label { labels } = &label[0].ask else {
        panic!()
    };
    assert_eq!(labels.len(), 3, "kubelet once");
}

#[test]
fn grading_each_mode() {
    let (_pack, d) = small();
    let q = |mode| questions(&d, mode, &[0, 1, 2, 3], 1, 3).remove(0);
    let locate = q(Mode::Locate);
    assert!(grade(&d, &locate, &Response::Node(0)).right);
    assert_eq!(grade(&d, &locate, &Response::Node(1)).nodes, [(0, false)]);
    let identify = q(Mode::Identify);
    let Ask::Identify { right, .. } = identify.ask else {
        panic!()
    };
    assert!(grade(&d, &identify, &Response::Option(right)).right);
    assert!(!grade(&d, &identify, &Response::Option((right + 1) % 3)).right);
    assert!(
        grade(&d, &identify, &Response::Typed("  api SERVER ".into())).right,
        "alias, any case"
    );
    assert!(!grade(&d, &identify, &Response::Typed("etcd".into())).right);
    assert!(!grade(&d, &identify, &Response::Typed(String::new())).right);
    let connect = q(Mode::Connect);
    assert!(grade(&d, &connect, &Response::Nodes(vec![3, 1, 2, 2])).right);
    assert!(
        !grade(&d, &connect, &Response::Nodes(vec![1, 2])).right,
        "one missing"
    );
    assert!(
        !grade(&d, &connect, &Response::Nodes(vec![1, 2, 3, 0])).right,
        "itself added"
    );
    let label = q(Mode::Label);
    let Ask::Label { labels } = &label.ask else {
        panic!()
    };
    let place = |name: &str| labels.iter().position(|l| l == name);
    let perfect = vec![
        place("kube-apiserver"),
        place("etcd"),
        place("kubelet"),
        place("kubelet"),
    ];
    assert!(grade(&d, &label, &Response::Labels(perfect)).right);
    let swapped = vec![
        place("etcd"),
        place("kube-apiserver"),
        place("kubelet"),
        None,
    ];
    let graded = grade(&d, &label, &Response::Labels(swapped));
    assert_eq!(
        graded.nodes,
        [(0, false), (1, false), (2, true), (3, false)]
    );
    assert!(!graded.right);
    // A response of the wrong shape is simply wrong.
    assert!(!grade(&d, &locate, &Response::Option(0)).right);
    assert!(names_node(&d, 0, "Kube-APIServer"));
    assert_eq!(neighbours(&d, 1), [0]);
}

#[test]
fn builtin_diagrams_give_fair_repeatable_questions() {
    let (library, _) = Library::builtin();
    for pack in library.packs() {
        for d in &pack.diagrams {
            let order: Vec<usize> = (0..d.nodes.len()).collect();
            for mode in Mode::ALL {
                let a = questions(d, mode, &order, 50, 11);
                assert_eq!(a, questions(d, mode, &order, 50, 11), "{} {mode:?}", d.id);
                assert!(!a.is_empty(), "{}: no {mode:?} question at all", d.id);
                for q in &a {
                    if let (Ask::Locate, Some(n)) = (&q.ask, q.node) {
                        let role = fold(&d.nodes[n].role);
                        assert_eq!(d.nodes.iter().filter(|o| fold(&o.role) == role).count(), 1);
                    }
                    if let Ask::Identify { options, .. } = &q.ask {
                        let folded: Vec<String> = options.iter().map(|o| fold(o)).collect();
                        for (i, o) in folded.iter().enumerate() {
                            assert!(!folded[..i].contains(o), "{}: duplicate option {o}", d.id);
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn links_are_found_once_and_answer_neighbours_either_way() {
    use kubestudy::modes::diagram::Links;
    let (_pack, d) = small();
    let links = Links::new(&d);
    assert_eq!(links.ends, vec![Some((0, 1)), Some((2, 0)), Some((3, 0))]);
    assert_eq!(
        links.by_node,
        vec![vec![0, 1, 2], vec![0], vec![1], vec![2]]
    );
    assert_eq!(links.neighbours(0), vec![1, 2, 3]);
    assert_eq!(links.neighbours(1), neighbours(&d, 1));
    let around: Vec<(usize, usize, bool)> = links.around(0).collect();
    assert_eq!(around, vec![(0, 1, true), (1, 2, false), (2, 3, false)]);
    assert!(links.neighbours(99).is_empty());
}

#[test]
fn a_readable_floor_scrolls_instead_of_shrinking() {
    use kubestudy::modes::diagram::Viewport;
    let (_pack, d) = small();
    let area = Area {
        x: 0.0,
        y: 0.0,
        w: 200.0,
        h: 100.0,
    };
    // Fitted, the 400×200 canvas would be at scale 0.5; text needs 1.
    let port = Viewport {
        canvas: d.canvas,
        area,
        floor: 1.0,
    };
    let start = port.transform(ViewState::default());
    assert_eq!(start.scale, 1.0);
    assert_eq!(start.origin, Point::new(0.0, 0.0), "starts at the top left");
    // Scrolling is kept on the canvas: past its far end, it stops there.
    let far = port.clamp(ViewState {
        zoom: 1.0,
        pan: Point::new(-1000.0, -1000.0),
    });
    assert_eq!(far.pan, Point::new(-200.0, -100.0));
    // Zooming out stops at the floor.
    assert!(
        port.zoom_about(ViewState::default(), Point::new(10.0, 10.0), 0.1)
            .zoom
            >= 2.0
    );
    // A box off the screen is brought into view, with room around it.
    let k2 = d.nodes[3].rect;
    let shown = port.reveal(ViewState::default(), k2, 10.0);
    let box_on_screen = port.transform(shown).area(k2);
    assert!(box_on_screen.x >= 0.0 && box_on_screen.x + box_on_screen.w <= 200.0);
    assert!(box_on_screen.y >= 0.0 && box_on_screen.y + box_on_screen.h <= 100.0);
    // A box already in view does not move the view.
    let api = d.nodes[0].rect;
    assert_eq!(
        port.reveal(ViewState::default(), api, 5.0),
        ViewState::default()
    );
}

#[test]
fn label_grading_of_the_labelled_boxes_only_and_an_early_finish() {
    use kubestudy::modes::diagram_quiz::{QuizState, answer};
    use kubestudy::study::clock::Timestamp;
    let (_pack, d) = small();
    let qs = questions(&d, Mode::Label, &[0, 1, 2, 3], 8, 1);
    let Ask::Label { labels } = &qs[0].ask else {
        panic!()
    };
    let etcd = labels.iter().position(|l| l == "etcd").unwrap();
    let api = labels.iter().position(|l| l == "kube-apiserver").unwrap();
    let mut quiz = QuizState::new(Mode::Label, qs.clone(), d.nodes.len(), Timestamp(0));
    assert_eq!(quiz.unplaced(), vec![0, 1, 2, 3]);
    quiz.placed[1] = Some(etcd);
    quiz.placed[2] = Some(api); // wrong: box 2 is a kubelet
    assert_eq!(quiz.unplaced(), vec![0, 3]);
    let graded = grade(&d, &qs[0], &Response::PlacedLabels(quiz.placed.clone()));
    assert_eq!(
        graded.nodes,
        vec![(1, true), (2, false)],
        "the empty boxes are left out"
    );
    assert!(!graded.right);
    // Nothing placed: nothing graded, and not right.
    let none = grade(&d, &qs[0], &Response::PlacedLabels(vec![None; 4]));
    assert!(none.nodes.is_empty() && !none.right);
    // An early finish keeps the answered question only.
    let locate = questions(&d, Mode::Locate, &[0, 1], 8, 1);
    let mut quiz = QuizState::new(Mode::Locate, locate.clone(), d.nodes.len(), Timestamp(0));
    quiz.finish();
    assert!(!quiz.is_over(), "nothing answered: nothing to sum up");
    let asked = locate[0].node.unwrap();
    answer(&d, &mut quiz, Response::Node(asked));
    quiz.finish();
    assert!(quiz.is_over());
    assert_eq!(quiz.questions.len(), 1);
    assert_eq!(quiz.results, vec![(asked, true)]);
}
