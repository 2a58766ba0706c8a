//! UI budgets (README, "Speed"): glossary search per keystroke over 50,000 terms ≤ 2 ms; a
//! glossary frame with 50,000 terms ≤ 8 ms; the home screen's first frame ≤ 50 ms (app
//! construction, fonts and the first layout, without the GPU); a frame of a 200-node, 400-edge
//! diagram ≤ 4 ms; a frame of the card browser over the 100,000-card benchmark pack (120,000
//! items), listed and scrolled, within a 60 Hz frame (16 ms).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use kubestudy::app::App;
use kubestudy::modes::glossary::GlossaryIndex;
use kubestudy::pack::{Library, PackSource, load};
use kubestudy::progress::Store;
use kubestudy::study::Engine;
use kubestudy::study::clock::{FixedClock, Timestamp};
use kubestudy::ui::Action;

const TERMS: usize = 50_000;
const WORDS: [&str; 24] = [
    "pod",
    "node",
    "service",
    "network",
    "volume",
    "réseau",
    "controller",
    "scheduler",
    "proxy",
    "container",
    "runtime",
    "namespace",
    "ingress",
    "policy",
    "endpoint",
    "label",
    "selector",
    "replica",
    "daemon",
    "job",
    "secret",
    "config",
    "quota",
    "taint",
];

/// A pack of `TERMS` terms with varied names and definitions about as long as real ones.
fn generate(dir: &std::path::Path) {
    let word = |i: usize| WORDS[i % WORDS.len()];
    let mut glossary = String::from("(glossary: [\n");
    for t in 0..TERMS {
        let _ = writeln!(
            glossary,
            "    (id: \"t{t}\", term: \"{} {} {t}\", aliases: [\"{}-{t}\"], definition: \"The {} that \
             keeps every {} of a {} in step with its {}; term {t} in a generated glossary.\", \
             tags: [\"{}\"]),",
            word(t),
            word(t / 24),
            word(t / 7),
            word(t + 3),
            word(t / 3),
            word(t + 11),
            word(t / 5),
            word((t % 9) * 2),
        );
    }
    glossary.push_str("])\n");
    std::fs::write(dir.join("glossary.ron"), glossary).unwrap();
    // One diagram of 200 nodes on a 20 × 10 grid and 400 edges (right and down neighbours,
    // wrapping), each labelled.
    let mut diagram = String::from(
        "(diagrams: [(id: \"big\", title: \"Big\", canvas: (4000, 2000), regions: [(id: \"all\", label: \"Everything\", rect: (0, 0, 4000, 2000))], nodes: [\n",
    );
    for n in 0..200 {
        let (x, y) = (20 + (n % 20) * 198, 20 + (n / 20) * 198);
        let _ = writeln!(
            diagram,
            "  (id: \"n{n}\", label: \"component {n}\", rect: ({x}, {y}, 140, 60), region: \"all\", role: \"Role of component {n}.\"),"
        );
    }
    diagram.push_str("], edges: [\n");
    for n in 0..200 {
        let _ = writeln!(
            diagram,
            "  (from: \"n{n}\", to: \"n{}\", label: \"calls\"),",
            (n + 1) % 200
        );
        let _ = writeln!(
            diagram,
            "  (from: \"n{n}\", to: \"n{}\", label: \"watches\"),",
            (n + 20) % 200
        );
    }
    diagram.push_str("])])\n");
    std::fs::write(dir.join("diagrams.ron"), diagram).unwrap();
    std::fs::write(
        dir.join("pack.ron"),
        "(id: \"bench\", version: \"1.0.0\", title: \"Bench\", summary: \"Generated.\", language: \"en\", \
         license: \"CC0-1.0\", authors: [\"bench\"], kubernetes: \"1.35\", include: [\"glossary.ron\", \"diagrams.ron\"])",
    )
    .unwrap();
}

fn library() -> (tempfile::TempDir, Arc<Library>) {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path());
    let report = load(&PackSource::Dir(dir.path().to_owned()));
    assert!(report.problems.is_empty(), "{:?}", report.problems.first());
    (dir, Arc::new(Library::from_reports(&[report])))
}

#[path = "big_pack.rs"]
mod big_pack;

const NOW: Timestamp = Timestamp(1_795_341_600_000);

fn engine(library: &Library, home: &std::path::Path) -> Engine {
    let mut engine = Engine::new(Store::open(home).unwrap(), Default::default()).unwrap();
    engine
        .sync_library(library, &FixedClock::new(NOW, 0))
        .unwrap();
    engine
}

/// The app in a headless harness: the context, the app's fonts, and the app itself.
fn harness(library: Arc<Library>, engine: Engine) -> Harness<'static, App> {
    let clock = FixedClock::new(NOW, 0);
    Harness::<App>::builder()
        .with_size([1100.0, 720.0])
        .with_context_setup(kubestudy::ui::fonts::install)
        .build_eframe(move |_cc| App::new(library, Ok(engine), Box::new(clock), None))
}

/// Frames of the browser on 120,000 items: only the rows in view are laid out, so a frame costs
/// the same at the top of the list and deep in it.
fn bench_browser(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    big_pack::generate(dir.path());
    let report = load(&PackSource::Dir(dir.path().to_owned()));
    let library = Arc::new(Library::from_reports(&[report]));
    let home = tempfile::tempdir().unwrap();
    let mut app = harness(Arc::clone(&library), engine(&library, home.path()));
    app.run();
    app.state_mut()
        .apply(Action::Browse(kubestudy::ui::BrowseAction::Open));
    app.run();
    let mut group = c.benchmark_group("frame_browser_120k");
    group.measurement_time(Duration::from_secs(4));
    group.bench_function("top of the list", |b| b.iter(|| app.step()));
    // Scrolled: the pointer over the table, a wheel event every frame, down the list.
    app.hover_at(egui::pos2(500.0, 450.0));
    group.bench_function("scrolling", |b| {
        b.iter(|| {
            app.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, -600.0),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Unknown,
                modifiers: egui::Modifiers::NONE,
            });
            app.step();
        })
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    let (_dir, library) = library();
    let index = GlossaryIndex::new(Arc::clone(&library));
    assert_eq!(index.len(), TERMS);

    let mut group = c.benchmark_group("glossary_search_50k");
    group.measurement_time(Duration::from_secs(4));
    // Each keystroke of "kube-sched", a typo, an accented word, a definition word, a tag filter.
    for query in [
        "k",
        "ku",
        "kube-s",
        "kube-sched",
        "shceduler",
        "réseau",
        "in step with",
        "zzzz",
    ] {
        group.bench_function(query, |b| {
            b.iter_with_large_drop(|| index.search(black_box(query), None))
        });
    }
    group.bench_function("network, tag filter", |b| {
        b.iter_with_large_drop(|| index.search(black_box("network"), Some("proxy")))
    });
    group.finish();

    let home = tempfile::tempdir().unwrap();
    let mut app = harness(Arc::clone(&library), engine(&library, home.path()));
    app.run();
    app.state_mut().apply(Action::OpenGlossary);
    app.run();
    let mut group = c.benchmark_group("frame_50k_terms");
    group.measurement_time(Duration::from_secs(4));
    group.bench_function("glossary", |b| b.iter(|| app.step()));
    app.state_mut().apply(Action::Search("network".to_owned()));
    app.run();
    group.bench_function("glossary, searched", |b| b.iter(|| app.step()));
    group.finish();

    app.state_mut().apply(Action::OpenDiagram {
        pack: 0,
        diagram: 0,
    });
    app.run();
    let mut group = c.benchmark_group("frame_diagram");
    group.measurement_time(Duration::from_secs(4));
    group.bench_function("200_nodes_400_edges", |b| b.iter(|| app.step()));
    // The canvas alone in a bare context, with tessellation (what the GPU is handed).
    let ctx = egui::Context::default();
    kubestudy::ui::fonts::install(&ctx);
    let diagram = library.packs()[0].diagrams[0].clone();
    let layout = Arc::new(kubestudy::modes::diagram_route::DiagramLayout::new(
        &diagram,
    ));
    let view = kubestudy::ui::diagram::CanvasView {
        diagram: &diagram,
        layout: &layout,
        reveal: None,
        background: None,
        view: kubestudy::modes::diagram::ViewState::default(),
        selected: None,
        quiz: None,
    };
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 1000.0),
        )),
        ..Default::default()
    };
    let _ = ctx.run_ui(input(), |ui| {
        drop(kubestudy::ui::diagram::canvas_ui(ui, &view))
    });
    group.bench_function("200_nodes_400_edges, canvas + tessellation", |b| {
        b.iter(|| {
            let output = ctx.run_ui(input(), |ui| {
                egui::CentralPanel::default()
                    .show(ui, |ui| kubestudy::ui::diagram::canvas_ui(ui, &view));
            });
            ctx.tessellate(output.shapes, output.pixels_per_point)
        })
    });
    group.finish();

    bench_browser(c);

    let builtin = Arc::new(Library::builtin().0);
    let mut group = c.benchmark_group("home");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("first_frame", |b| {
        b.iter_batched(
            || {
                let home = tempfile::tempdir().unwrap();
                let engine = engine(&builtin, home.path());
                (home, engine)
            },
            |(home, engine)| {
                let mut app = harness(Arc::clone(&builtin), engine);
                app.step();
                (app, home)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
