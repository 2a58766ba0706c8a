//! Browser search budget (issue 15): a search over 100,000 items ≤ 30 ms. The rows are what the
//! browser matches against (lower-cased text of about 150 characters, tags, state and marks).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kubestudy::study::search::{Query, Row};

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

criterion_group!(benches, bench);
criterion_main!(benches);
