//! Anki import budget (issue 16): the 1,000-note package with its 6,143 answers, opened (zstd
//! inflated, staged, SQLite opened), read, and every card's memory rebuilt from its history.
//! The whole import must stay within 20 ms; this is its reading half.
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

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
