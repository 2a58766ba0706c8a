//! Sharing budgets (README, "Speed"): import of a 10,000-card TSV ≤ 30 ms (read, make the pack,
//! validate it, install it); export + import of a 100,000-card pack ≤ 1 s.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use kubestudy::pack::installed::install_checked;
use kubestudy::pack::share::{export, stage};
use kubestudy::pack::tsv::{self, Columns, read_table};
use kubestudy::pack::{PackSource, load};

fn tsv(rows: usize) -> String {
    let mut text = String::from("#separator:tab\n#html:true\n");
    for i in 0..rows {
        let _ = writeln!(
            text,
            "What does component {i} do in the cluster?\tIt reconciles <b>object {i}</b> toward its spec<br>and reports status.\tk8s::part{} exam",
            i % 12
        );
    }
    text
}

fn big_pack(dir: &std::path::Path, cards: usize) {
    let mut text = String::from("(cards: [\n");
    for c in 0..cards {
        let _ = writeln!(
            text,
            "    (id: \"card-{c}\", front: \"What is generated question number {c} about?\", answer: Text(\"The answer to question {c}\"), distractors: [\"A wrong answer to question {c}\", \"Another answer {c}\"], tags: [\"generated\"]),"
        );
    }
    text.push_str("])\n");
    std::fs::write(dir.join("cards.ron"), text).unwrap();
    std::fs::write(
        dir.join("pack.ron"),
        "(id: \"big\", version: \"1.0.0\", title: \"Big\", summary: \"Generated.\", language: \"en\", \
         license: \"CC0-1.0\", authors: [\"bench\"], kubernetes: \"1.35\", include: [\"cards.ron\"])",
    )
    .unwrap();
}

fn bench(c: &mut Criterion) {
    let text = tsv(10_000);
    let packs = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("share");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("import_tsv_10k_cards", |b| {
        b.iter(|| {
            let table = read_table(&text).unwrap();
            let made =
                tsv::stage(packs.path(), &table, Columns::default(), "deck", "Deck").unwrap();
            assert!(made.staged.report.problems.is_empty());
            install_checked(packs.path(), made.staged, true).unwrap()
        })
    });

    let source_dir = tempfile::tempdir().unwrap();
    big_pack(source_dir.path(), 100_000);
    let source = PackSource::Dir(source_dir.path().to_owned());
    let pack = load(&source).pack.unwrap();
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("big-1.0.0.kspack");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("export_and_import_100k_cards", |b| {
        b.iter(|| {
            std::fs::write(&file, export(&source, &pack).unwrap()).unwrap();
            let staged = stage(packs.path(), &file).unwrap();
            assert!(staged.report.problems.is_empty());
            install_checked(packs.path(), staged, true).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
