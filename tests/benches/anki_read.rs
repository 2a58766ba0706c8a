//! Anki import budget (issue 16, ≤ 20 ms for the 1,000-note package with its 6,143 answers):
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

/// The whole import into a fresh data folder, as `kubestudy import` does it.
fn import_all(path: &std::path::Path) -> usize {
    use kubestudy::anki::import;
    use kubestudy::study::clock::{Days, FixedClock, Timestamp};
    let home = tempfile::tempdir().unwrap();
    let packs = home.path().join("packs");
    let made = import::stage_package(&packs, path).unwrap();
    kubestudy::pack::installed::install_checked(&packs, made.staged, false).unwrap();
    let reports: Vec<_> = kubestudy::pack::library::installed_sources(&packs)
        .iter()
        .map(kubestudy::pack::load)
        .collect();
    let library = kubestudy::pack::Library::from_reports(&reports);
    let clock = FixedClock::new(Timestamp(1_795_608_000_000), 0);
    let mut engine = kubestudy::study::Engine::new(
        kubestudy::progress::Store::open(home.path()).unwrap(),
        kubestudy::progress::settings::Settings::default(),
    )
    .unwrap();
    engine.sync_library(&library, &clock).unwrap();
    let days = Days::of(&clock, 4);
    let report = import::import_history(engine.store_mut(), &library, &made.pending, days).unwrap();
    report.counts.answers
}

fn bench_whole(c: &mut Criterion) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/anki/anki-deck-1000-history.apkg");
    assert_eq!(import_all(&path), 6143);
    c.bench_function(
        "import anki-deck-1000-history.apkg whole (pack, store, 6143 answers)",
        |b| {
            b.iter(|| import_all(black_box(&path)));
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench, bench_whole
}
criterion_main!(benches);
