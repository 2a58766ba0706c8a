//! Folder sync at scale: three devices with 100,000 answers each, over the same 10,000 items.
//! Measured: the third device's first merge of the other two's files (200,000 answers new to
//! it, every item rebuilt from its 30-answer history), on a fresh copy of its store each time.
//! The folder's size is printed once.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::Path;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use kubestudy::progress::settings::Settings;
use kubestudy::progress::types::Timestamp;
use kubestudy::progress::{ItemKey, ItemKind, Store};
use kubestudy::study::Engine;
use kubestudy::study::clock::FixedClock;
use kubestudy::study::schedule::Rating;

const ANSWERS: usize = 100_000;
const ITEMS: usize = 10_000;
/// 2026-06-01 UTC.
const START: i64 = 1_780_272_000_000;

/// A device's store with `ANSWERS` answers, sent to `folder`.
fn device(dir: &Path, folder: &Path, seed: u64, name: &str) {
    let store = Store::open(dir).expect("store");
    let mut engine = Engine::new(store, Settings::default()).expect("engine");
    let clock = FixedClock::new(
        Timestamp(START + i64::try_from(seed).unwrap_or(0) * 1000),
        0,
    );
    let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    for n in 0..ANSWERS {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let item = usize::try_from(x >> 33).unwrap_or(0) % ITEMS;
        let rating = [
            Rating::Good,
            Rating::Good,
            Rating::Again,
            Rating::Easy,
            Rating::Hard,
        ][usize::try_from(x >> 13).unwrap_or(0) % 5];
        let key = ItemKey::new("bench", format!("item-{item}"));
        engine
            .answer(&key, ItemKind::Card, rating, "review", 2000, &clock)
            .expect("answer");
        // 100,000 answers over about 70 days.
        clock.advance_secs(if n % 1500 == 1499 { 80_000 } else { 4 });
    }
    kubestudy::sync::run(&mut engine, folder, None, name, &clock).expect("sync");
}

fn bench(c: &mut Criterion) {
    let folder = tempfile::tempdir().expect("folder");
    let devices: Vec<tempfile::TempDir> =
        (0..3).map(|_| tempfile::tempdir().expect("dir")).collect();
    // The third device syncs first, so its store has read nothing of the others yet.
    for n in [2, 0, 1] {
        let dir = devices.get(n).expect("device").path();
        device(dir, folder.path(), n as u64 + 1, &format!("device-{n}"));
    }
    let bytes: u64 = std::fs::read_dir(folder.path())
        .expect("list")
        .map(|e| e.expect("entry").metadata().expect("meta").len())
        .sum();
    eprintln!(
        "sync folder: 3 devices x {ANSWERS} answers = {bytes} bytes ({:.1} MiB, {:.0} bytes an answer)",
        bytes as f64 / 1_048_576.0,
        bytes as f64 / (3 * ANSWERS) as f64
    );
    // The third device already sent its own answers; a copy of its store merges the others'.
    let template = devices.get(2).expect("third").path().to_owned();
    let mut group = c.benchmark_group("sync");
    group.sample_size(10);
    group.bench_function("merge_3x100k", |b| {
        b.iter_batched(
            || {
                let copy = tempfile::tempdir().expect("copy");
                for entry in std::fs::read_dir(&template).expect("template") {
                    let entry = entry.expect("entry");
                    if entry.file_type().expect("type").is_file()
                        && entry.file_name() != "progress.lock"
                    {
                        std::fs::copy(entry.path(), copy.path().join(entry.file_name()))
                            .expect("copy");
                    }
                }
                let store = Store::open(copy.path()).expect("store");
                let engine = Engine::new(store, Settings::default()).expect("engine");
                (copy, engine)
            },
            |(copy, mut engine)| {
                let clock = FixedClock::new(Timestamp(START + 90 * 86_400_000), 0);
                let report =
                    kubestudy::sync::run(&mut engine, folder.path(), None, "device-2", &clock)
                        .expect("merge");
                assert_eq!(report.merged.answers, 2 * ANSWERS);
                (copy, engine)
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
