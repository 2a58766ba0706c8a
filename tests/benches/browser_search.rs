//! Browser search budget (issue 15): a search over 100,000 items ≤ 30 ms. First the matcher
//! alone over synthetic rows (lower-cased text of about 150 characters, tags, state and marks);
//! then the browser itself on the 100,000-card benchmark pack (120,000 items with its terms):
//! reading every row from the store, and a search with its sort, as the screen runs them.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use std::collections::HashMap;

use criterion::{Criterion, criterion_group, criterion_main};
use kubestudy::modes::browser::Browser;
use kubestudy::pack::{Library, PackSource, load};
use kubestudy::progress::{ItemKey, ItemKind, Store};
use kubestudy::study::Engine;
use kubestudy::study::clock::{FixedClock, Timestamp};
use kubestudy::study::schedule::Rating;
use kubestudy::study::search::{Query, Row};

#[path = "big_pack.rs"]
mod big_pack;

const ITEMS: usize = 100_000;

const WORDS: [&str; 16] = [
    "pod",
    "deployment",
    "replicaset",
    "service",
    "ingress",
    "volume",
    "claim",
    "node",
    "scheduler",
    "kubelet",
    "etcd",
    "namespace",
    "secret",
    "configmap",
    "probe",
    "taint",
];

struct Owned {
    pack: String,
    text: String,
    tags: Vec<String>,
}

fn fixture() -> Vec<Owned> {
    (0..ITEMS)
        .map(|i| {
            let word = |k: usize| WORDS[(i * 7 + k * 13) % WORDS.len()];
            Owned {
                pack: format!("pack-{}", i % 8),
                text: format!(
                    "which {} keeps the {} of a {} when the {} restarts? the {} controller, \
                     through its {} and {} (item {i})",
                    word(0),
                    word(1),
                    word(2),
                    word(3),
                    word(4),
                    word(5),
                    word(6)
                ),
                tags: vec![word(7).to_owned(), format!("t{}", i % 50)],
            }
        })
        .collect()
}

fn rows(owned: &[Owned]) -> Vec<Row<'_>> {
    owned
        .iter()
        .enumerate()
        .map(|(i, o)| Row {
            pack: &o.pack,
            kind: if i % 5 == 0 { "term" } else { "card" },
            text: &o.text,
            tags: &o.tags,
            new: i % 4 == 0,
            due: i % 9 == 0,
            suspended: i % 97 == 0,
            flag: u8::try_from(i % 5).unwrap(),
            lapses: u32::try_from(i % 11).unwrap(),
            reps: u32::try_from(i % 30).unwrap(),
            interval_days: u32::try_from(i % 200).unwrap(),
            due_in_days: Some(i64::try_from(i % 60).unwrap() - 10),
            stability: Some(f32::from(u16::try_from(i % 300).unwrap())),
            recall: Some(0.5 + f32::from(u16::try_from(i % 50).unwrap()) / 100.0),
            ..Row::default()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let owned = fixture();
    let rows = rows(&owned);
    for query in [
        "replicaset",
        "\"keeps the volume\"",
        "tag:storage is:due is:suspended flag:1 prop:lapses>3 pack:pack-3",
        "-tag:t7 kind:card prop:r<0.8 or prop:s>200 kubelet",
    ] {
        let parsed = Query::parse(query).unwrap();
        c.bench_function(&format!("search 100k items: {query}"), |b| {
            b.iter(|| {
                black_box(
                    rows.iter()
                        .enumerate()
                        .filter(|(_, r)| parsed.matches(r))
                        .map(|(i, _)| i)
                        .collect::<Vec<_>>(),
                )
            });
        });
    }
}

/// The browser on the 100,000-card pack, a tenth of its cards answered.
fn bench_browser(c: &mut Criterion) {
    let pack = tempfile::tempdir().unwrap();
    big_pack::generate(pack.path());
    let report = load(&PackSource::Dir(pack.path().to_owned()));
    let library = Library::from_reports(&[report]);
    let home = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(Timestamp(1_795_341_600_000), 0);
    let mut engine = Engine::new(Store::open(home.path()).unwrap(), Default::default()).unwrap();
    engine.sync_library(&library, &clock).unwrap();
    for n in (0..big_pack::CARDS).step_by(10) {
        let key = ItemKey::new("bench", format!("card-{n}"));
        let rating = if n % 30 == 0 {
            Rating::Again
        } else {
            Rating::Good
        };
        engine
            .answer(&key, ItemKind::Card, rating, "review", 2000, &clock)
            .unwrap();
    }
    let edits = HashMap::new();
    c.bench_function("browser: read 120k rows from the store", |b| {
        b.iter(|| {
            black_box(
                engine
                    .browser_items(&library, &edits, &[], &clock)
                    .unwrap()
                    .len(),
            )
        });
    });
    let items = engine.browser_items(&library, &edits, &[], &clock).unwrap();
    let mut browser = Browser::new(items);
    assert_eq!(browser.len(), big_pack::CARDS + big_pack::TERMS);
    for query in [
        "question 4242",
        "is:learning prop:lapses>0",
        "kind:card -is:new prop:r<0.99",
        "tag:generated \"third step\" or \"another part\"",
    ] {
        c.bench_function(
            &format!("browser: search 120k items and sort: {query}"),
            |b| {
                b.iter(|| {
                    // No cache: every call parses, matches all 120,000 rows and sorts the matches.
                    browser.search(query.to_owned());
                    black_box(browser.len())
                });
            },
        );
    }
}

criterion_group!(benches, bench, bench_browser);
criterion_main!(benches);
