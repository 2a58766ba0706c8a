//! Anki import budget (issue 16, ≤ 20 ms for the 1,000-note package with its 6,143 answers, ≤ 2 s
//! for a 100,000-note package):
//! its reading half (the package opened, zstd inflated, staged, read, every card's memory
//! rebuilt) and the whole import (the pack written, staged, validated and installed, the store
//! synced with it, and the history written in one transaction).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use kubestudy::anki::{collection, memory, package};

fn read_all(path: &std::path::Path, fsrs: &fsrs::FSRS) -> usize {
    let staging = tempfile::tempdir().unwrap();
    let p = package::open(path, staging.path()).unwrap();
    let c = collection::read(&p.conn).unwrap();
    let mut by_card: HashMap<i64, Vec<collection::Review>> = HashMap::new();
    for r in &c.reviews {
        by_card.entry(r.card).or_default().push(*r);
    }
    let mut states = 0;
    for card in &c.cards {
        let Some(history) = by_card
            .get(&card.id)
            .and_then(|e| memory::history(e, 4 * 3600))
        else {
            continue;
        };
        black_box(memory::memory(fsrs, &history, card.factor, card.interval).unwrap());
        states += 1;
    }
    states
}

fn bench(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/anki");
    let fsrs = fsrs::FSRS::new(&[]).unwrap();
    for name in [
        "anki-deck-1000-history.apkg",
        "anki-deck-1000-history-legacy.apkg",
    ] {
        let path = dir.join(name);
        assert_eq!(read_all(&path, &fsrs), 1000);
        c.bench_function(&format!("read {name} and rebuild 1000 memories"), |b| {
            b.iter(|| read_all(black_box(&path), &fsrs));
        });
    }
}

/// A data folder whose progress store exists (a learner's, before the import), and a clock.
struct Home {
    dir: tempfile::TempDir,
    engine: kubestudy::study::Engine,
}

fn home() -> Home {
    let dir = tempfile::tempdir().unwrap();
    let engine = kubestudy::study::Engine::new(
        kubestudy::progress::Store::open(dir.path()).unwrap(),
        kubestudy::progress::settings::Settings::default(),
    )
    .unwrap();
    Home { dir, engine }
}

/// The whole import into `home`, as `kubestudy import` does it: the package staged as a pack,
/// validated and installed, the library reloaded, the store synced with the new pack, and the
/// history written in one transaction.
fn import_into(home: &mut Home, path: &std::path::Path) -> usize {
    use kubestudy::anki::import;
    use kubestudy::study::clock::{Days, FixedClock, Timestamp};
    let packs = home.dir.path().join("packs");
    let made = import::stage_package(&packs, path).unwrap();
    kubestudy::pack::installed::install_checked(&packs, made.staged, false).unwrap();
    let reports: Vec<_> = kubestudy::pack::library::installed_sources(&packs)
        .iter()
        .map(kubestudy::pack::load)
        .collect();
    let library = kubestudy::pack::Library::from_reports(&reports);
    let clock = FixedClock::new(Timestamp(1_795_608_000_000), 0);
    home.engine.sync_library(&library, &clock).unwrap();
    let days = Days::of(&clock, 4);
    let report =
        import::import_history(home.engine.store_mut(), &library, &made.pending, (days, 0))
            .unwrap();
    report.counts.answers
}

fn bench_whole(c: &mut Criterion) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/anki/anki-deck-1000-history.apkg");
    assert_eq!(import_into(&mut home(), &path), 6143);
    // Durability costs what the disk's fsync costs (a dozen of them: the pack's files and
    // folder, the renames, the store's commit); set TMPDIR to a tmpfs to see the work alone.
    c.bench_function(
        "import anki-deck-1000-history.apkg into a data folder (pack, 6143 answers)",
        |b| {
            b.iter_batched(
                home,
                |mut h| import_into(&mut h, black_box(&path)),
                criterion::BatchSize::PerIteration,
            );
        },
    );
}

/// A 100,000-note package: a pack of that many cards written as Anki would get it from us.
fn big_package(dir: &std::path::Path) -> PathBuf {
    let pack = dir.join("big");
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::write(
        pack.join("pack.ron"),
        "(id: \"big\", version: \"1.0.0\", title: \"Big deck\", summary: \"Many cards.\", \
         language: \"en\", license: \"CC0-1.0\", authors: [\"Bench\"], kubernetes: \"1.35\", \
         include: [\"cards.ron\"])",
    )
    .unwrap();
    let mut cards = String::from("(cards: [\n");
    for i in 0..100_000 {
        cards.push_str(&format!(
            "(id: \"c{i}\", front: \"Question {i}: which object keeps {i} replicas running?\", \
             answer: Text(\"A Deployment, through its ReplicaSet ({i})\"), \
             explanation: \"Explanation {i}.\", tags: [\"t{}\"]),\n",
            i % 50
        ));
    }
    cards.push_str("])\n");
    std::fs::write(pack.join("cards.ron"), cards).unwrap();
    let source = kubestudy::pack::PackSource::Dir(pack);
    let loaded = kubestudy::pack::load(&source).pack.unwrap();
    let now = kubestudy::study::clock::Timestamp(1_795_608_000_000);
    let done = kubestudy::anki::export::apkg(&source, &loaded, None, now).unwrap();
    assert_eq!(done.notes, 100_000);
    let path = dir.join("big.apkg");
    std::fs::write(&path, done.bytes).unwrap();
    path
}

fn bench_big(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = big_package(dir.path());
    c.bench_function("import a 100,000-note package into a data folder", |b| {
        b.iter_batched(
            home,
            |mut h| import_into(&mut h, black_box(&path)),
            criterion::BatchSize::PerIteration,
        );
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench, bench_whole
}

criterion_group! {
    name = big;
    config = Criterion::default().sample_size(10);
    targets = bench_big
}
criterion_main!(benches, big);
