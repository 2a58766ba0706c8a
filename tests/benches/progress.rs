//! Progress engine budgets (README, "Speed"), with 100,000 items and 1,000,000 logged reviews:
//! open ≤ 30 ms; today's queue ≤ 10 ms; answer one item (schedule + commit) median ≤ 0.5 ms;
//! heatmap + forecast ≤ 50 ms; exam readiness forecast ≤ 30 ms; optimiser on 10,000 reviews
//! ≤ 3 s; the retention plot's workload simulation (ten desired retentions, 90 days) ≤ 1 s, on
//! 1,000 answered items and on the 100,000-item store (capped at 20,000 items simulated).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_possible_wrap,
    clippy::indexing_slicing,
    clippy::cast_precision_loss
)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use kubestudy::progress::settings::Settings;
use kubestudy::progress::{ItemKind, PackItems, Store};
use kubestudy::study::Engine;
use kubestudy::study::clock::{Clock as _, Days, FixedClock, Timestamp};
use kubestudy::study::schedule::Rating;
use kubestudy::study::stats;

const ITEMS: usize = 100_000;
const REVIEWS: usize = 1_000_000;
/// 2026-11-22 10:00 UTC.
const NOW: Timestamp = Timestamp(1_795_341_600_000);
const DAY_MS: i64 = 86_400_000;
/// Raise when the fixture's contents or the schema's indexes change, to rebuild it.
const FIXTURE_REVISION: u32 = 5;

/// xorshift64: deterministic data.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> i64 {
        (self.next() % n) as i64
    }
}

/// A progress database as a year of study leaves it: 100k items in 4 packs (25% new, 400 in
/// learning steps, the rest in review with due dates spread around today, so about 35,000 are
/// overdue: a learner back after a long break), 1M reviews over the 365 days before today.
fn build(dir: &Path) {
    let mut store = Store::open(dir).unwrap();
    for p in 0..4 {
        let items = (0..ITEMS / 4)
            .map(|i| (format!("item-{i:06}"), ItemKind::Card))
            .collect();
        store
            .sync_pack(
                &PackItems {
                    pack: format!("pack-{p}"),
                    version: "1".into(),
                    items,
                },
                0,
            )
            .unwrap();
    }
    drop(store);
    let mut conn = rusqlite::Connection::open(dir.join("progress.sqlite3")).unwrap();
    let tx = conn.transaction().unwrap();
    let mut rng = Rng(0x5eed);
    let today = Days {
        offset_secs: 0,
        rollover_hour: 4,
    }
    .day_of(NOW);
    {
        let mut state = tx
            .prepare(
                "UPDATE items SET phase = ?3, stability = ?4, difficulty = 5.0, due = ?5, last_review = ?6,
                 interval_days = ?7, reps = 10, review_answers = 8, review_passed = 7 WHERE pack = ?1 AND item = ?2",
            )
            .unwrap();
        let mut review = tx
            .prepare(
                "INSERT INTO reviews (pack, item, time, day, rating, elapsed_days, mode, duration_ms, before)
                 VALUES (?1, ?2, ?3, ?4, ?5, 3, 'review', 4000, '{}')",
            )
            .unwrap();
        let answered = ITEMS * 3 / 4;
        let per_item = REVIEWS / answered + 1;
        let mut written = 0;
        for n in 0..answered {
            let (pack, item) = (format!("pack-{}", n % 4), format!("item-{:06}", n / 4));
            let learning = n % 188 == 0;
            let interval = 1 + rng.below(120);
            let due = if learning {
                NOW.0 - rng.below(3_600_000)
            } else {
                NOW.0 + (rng.below(interval as u64 * 2) - interval) * DAY_MS
            };
            state
                .execute(rusqlite::params![
                    pack,
                    item,
                    if learning { 1 } else { 2 },
                    interval as f64,
                    due,
                    due - interval * DAY_MS,
                    interval
                ])
                .unwrap();
            for _ in 0..per_item {
                if written == REVIEWS {
                    break;
                }
                let ago = 1 + rng.below(365);
                let rating = if rng.below(10) == 0 { 1 } else { 3 };
                review
                    .execute(rusqlite::params![
                        pack,
                        item,
                        NOW.0 - ago * DAY_MS,
                        today - ago,
                        rating
                    ])
                    .unwrap();
                written += 1;
            }
        }
    }
    tx.execute_batch(
        "INSERT INTO daily (day, pack, answers, passed, introduced, review_answers, review_passed)
         SELECT day, pack, count(*), sum(rating > 1), 0, count(*), sum(rating > 1) FROM reviews GROUP BY day, pack",
    )
    .unwrap();
    tx.commit().unwrap();
}

/// The generated database, built once and kept under target/ (rebuilt if the schema changes).
fn fixture() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "progress-100k-v{}-r{FIXTURE_REVISION}",
        kubestudy::progress::store::SCHEMA_VERSION
    ));
    if !dir.join("ready").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        build(&dir);
        std::fs::write(dir.join("ready"), "").unwrap();
    }
    dir
}

/// A working copy, so the answer benchmark never changes the fixture.
fn working_copy(fixture: &Path) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    for name in [
        "progress.sqlite3",
        "progress.sqlite3-wal",
        "progress.sqlite3-shm",
    ] {
        if fixture.join(name).exists() {
            std::fs::copy(fixture.join(name), copy.path().join(name)).unwrap();
        }
    }
    copy
}

/// The fixture's four packs as content: 25,000 cards each, with ids matching the store's, tags
/// cycling through KCNA domains and topics.
fn library() -> (tempfile::TempDir, kubestudy::pack::Library) {
    use std::fmt::Write as _;
    let root = tempfile::tempdir().unwrap();
    let domains = [
        "kcna-fundamentals",
        "kcna-orchestration",
        "kcna-architecture",
        "kcna-observability",
    ];
    let mut reports = Vec::new();
    for p in 0..4 {
        let dir = root.path().join(format!("pack-{p}"));
        std::fs::create_dir_all(&dir).unwrap();
        let mut cards = String::from("(cards: [\n");
        for i in 0..ITEMS / 4 {
            let _ = writeln!(
                cards,
                "(id: \"item-{i:06}\", front: \"Q{i}?\", answer: Text(\"A\"), tags: [\"topic-{}\", \"{}\"]),",
                i % 20,
                domains[i % 4]
            );
        }
        cards.push_str("])\n");
        std::fs::write(dir.join("cards.ron"), cards).unwrap();
        std::fs::write(
            dir.join("pack.ron"),
            format!(
                "(id: \"pack-{p}\", version: \"1.0.0\", title: \"Pack {p}\", summary: \"Bench.\", language: \"en\", \
                 license: \"CC0-1.0\", authors: [\"bench\"], kubernetes: \"1.35\", include: [\"cards.ron\"])"
            ),
        )
        .unwrap();
        reports.push(kubestudy::pack::load(&kubestudy::pack::PackSource::Dir(
            dir,
        )));
    }
    assert!(reports.iter().all(|r| r.problems.is_empty()));
    (root, kubestudy::pack::Library::from_reports(&reports))
}

fn packs() -> Vec<String> {
    (0..4).map(|p| format!("pack-{p}")).collect()
}

fn bench(c: &mut Criterion) {
    let fixture = fixture();
    let copy = working_copy(&fixture);
    let mut group = c.benchmark_group("progress_100k_items_1m_reviews");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(8));

    group.bench_function("open_store_and_engine", |b| {
        b.iter(|| {
            black_box(Engine::new(Store::open(copy.path()).unwrap(), Settings::default()).unwrap())
        });
    });

    let clock = FixedClock::new(NOW, 0);
    let mut engine = Engine::new(Store::open(copy.path()).unwrap(), Settings::default()).unwrap();
    let request = engine.request(packs(), vec![ItemKind::Card]);
    let queue = engine.queue(&request, &clock).unwrap();
    println!("queue with default limits: {} items", queue.len());
    group.bench_function("queue_default_limits", |b| {
        b.iter(|| black_box(engine.queue(&request, &clock).unwrap()))
    });
    let unlimited = kubestudy::study::queue::QueueRequest {
        reviews_per_day: 1_000_000,
        ..request.clone()
    };
    println!(
        "queue without a review cap: {} items",
        engine.queue(&unlimited, &clock).unwrap().len()
    );
    group.bench_function("queue_no_review_cap", |b| {
        b.iter(|| black_box(engine.queue(&unlimited, &clock).unwrap()))
    });

    let days = engine.days(&clock);
    group.bench_function("heatmap_365_and_forecast_30", |b| {
        b.iter(|| {
            let heatmap = stats::heatmap(engine.store(), days.day_of(clock.now()), 365).unwrap();
            let forecast = stats::forecast(engine.store(), days, clock.now(), 30).unwrap();
            black_box((heatmap, forecast))
        });
    });

    // Readiness forecast over the 100,000 items, with a library whose cards are the fixture's.
    let (_packs, library) = library();
    let input = kubestudy::study::forecast::ForecastInput {
        plan: kubestudy::study::exam::ExamPlan::new(Some("2026-12-20"), 3).unwrap(),
        days,
        now: clock.now(),
        decay: engine.decay(),
        target: 0.9,
        learning_answers: 2,
        profile: Some(kubestudy::study::exam::profile(
            kubestudy::progress::settings::Exam::Kcna,
        )),
    };
    let f = kubestudy::study::forecast::forecast(engine.store(), &library, input).unwrap();
    assert_eq!(f.overall.items, ITEMS as u64);
    println!(
        "forecast: {:.1}% of {} items, {} unseen",
        f.overall.share() * 100.0,
        f.overall.items,
        f.unseen
    );
    // Cold: a full scan of the store. Warm: the engine's memory index, kept up to date by
    // answers, as the exam screen uses it.
    group.bench_function("exam_forecast_100k_items_scan", |b| {
        b.iter(|| {
            black_box(
                kubestudy::study::forecast::forecast(engine.store(), &library, input).unwrap(),
            )
        })
    });
    engine.forecast(&library, input).unwrap();
    group.bench_function("exam_forecast_100k_items", |b| {
        b.iter(|| black_box(engine.forecast(&library, input).unwrap()))
    });

    let due: Vec<_> = engine
        .queue(&unlimited, &clock)
        .unwrap()
        .entries()
        .map(|e| e.key.clone())
        .collect();
    let mut next = 0;
    group.bench_function("answer_one_item", |b| {
        b.iter(|| {
            let key = &due[next % due.len()];
            next += 1;
            black_box(
                engine
                    .answer(key, ItemKind::Card, Rating::Good, "review", 4000, &clock)
                    .unwrap(),
            )
        });
    });
    group.finish();
}

/// The optimiser on 10,000 reviews: 1,000 items with 10 answers each, days apart.
fn bench_optimiser(c: &mut Criterion) {
    let small = tempfile::tempdir().unwrap();
    let mut engine = Engine::new(
        Store::open(small.path()).unwrap(),
        Settings {
            new_per_day: 2000,
            ..Settings::default()
        },
    )
    .unwrap();
    let items: Vec<(String, ItemKind)> = (0..1000)
        .map(|i| (format!("o{i}"), ItemKind::Card))
        .collect();
    engine
        .sync_items(
            &PackItems {
                pack: "o".into(),
                version: "1".into(),
                items: items.clone(),
            },
            0,
        )
        .unwrap();
    let clock = FixedClock::new(NOW, 0);
    let mut rng = Rng(77);
    for round in 0..10 {
        for (item, _) in &items {
            let rating = if rng.below(8) == 0 {
                Rating::Again
            } else {
                Rating::Good
            };
            let key = kubestudy::progress::ItemKey::new("o", item);
            engine
                .answer(&key, ItemKind::Card, rating, "review", 3000, &clock)
                .unwrap();
        }
        clock.advance_secs(86_400 * (1 + round));
    }
    assert_eq!(engine.store().review_count().unwrap(), 10_000);
    let mut group = c.benchmark_group("optimiser");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("compute_parameters_10k_reviews", |b| {
        b.iter(|| black_box(kubestudy::study::optimise::optimise(engine.store(), &[]).unwrap()))
    });
    group.finish();

    let mut group = c.benchmark_group("retention_plot");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("simulate_10_retentions_1k_answered_items", |b| {
        b.iter(|| black_box(engine.retention_choices(&clock).unwrap()))
    });
    let copy = working_copy(&fixture());
    let big = Engine::new(Store::open(copy.path()).unwrap(), Settings::default()).unwrap();
    let at = FixedClock::new(NOW, 0);
    group.bench_function("simulate_10_retentions_100k_store", |b| {
        b.iter(|| black_box(big.retention_choices(&at).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, bench, bench_optimiser);
criterion_main!(benches);
