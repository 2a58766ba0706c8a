//! A merge killed (SIGKILL) at any moment leaves the local store whole: either as it was or
//! with the whole merge, never half of it; the next sync finishes the job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use kubestudy::progress::settings::Settings;
use kubestudy::progress::{ItemKey, ItemKind, Store};
use kubestudy::study::Engine;
use kubestudy::study::clock::SystemClock;
use kubestudy::study::schedule::Rating;

const CHILD_STORE: &str = "KUBESTUDY_SYNC_KILL_STORE";
const CHILD_FOLDER: &str = "KUBESTUDY_SYNC_KILL_FOLDER";
/// Answers in the other device's file.
const REMOTE: i64 = 20_000;
/// Answers of the device being killed.
const LOCAL: i64 = 50;

fn answer_many(dir: &Path, n: i64, prefix: &str) -> Engine {
    let store = Store::open(dir).unwrap();
    let mut engine = Engine::new(store, Settings::default()).unwrap();
    for i in 0..n {
        let key = ItemKey::new("k", format!("{prefix}-{}", i % 400));
        let rating = if i % 5 == 0 {
            Rating::Again
        } else {
            Rating::Good
        };
        engine
            .answer(&key, ItemKind::Card, rating, "review", 10, &SystemClock)
            .unwrap();
    }
    engine
}

/// The child: syncs once, saying when it starts and when it is done.
#[test]
fn sync_kill_child() {
    let (Some(store), Some(folder)) = (
        std::env::var_os(CHILD_STORE),
        std::env::var_os(CHILD_FOLDER),
    ) else {
        return; // Only does anything when spawned by the test below.
    };
    let store = Store::open(Path::new(&store)).unwrap();
    let mut engine = Engine::new(store, Settings::default()).unwrap();
    let mut out = std::io::stdout().lock();
    writeln!(out, "start").unwrap();
    out.flush().unwrap();
    kubestudy::sync::run(&mut engine, Path::new(&folder), None, "child", &SystemClock).unwrap();
    writeln!(out, "merged").unwrap();
    out.flush().unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() && entry.file_name() != "progress.lock" {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn reviews(dir: &Path) -> i64 {
    let conn = rusqlite::Connection::open(dir.join("progress.sqlite3")).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    conn.query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_merge_killed_midway_leaves_the_store_whole() {
    if std::env::var_os(CHILD_STORE).is_some() {
        return;
    }
    // The other device's file, and the killed device's store before its sync.
    let folder_template = tempfile::tempdir().unwrap();
    {
        let other = tempfile::tempdir().unwrap();
        let mut engine = answer_many(other.path(), REMOTE, "r");
        kubestudy::sync::run(
            &mut engine,
            folder_template.path(),
            None,
            "other",
            &SystemClock,
        )
        .unwrap();
    }
    let store_template = tempfile::tempdir().unwrap();
    drop(answer_many(store_template.path(), LOCAL, "l"));

    let exe = std::env::current_exe().unwrap();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let (mut midway, mut rounds) = (0, 0);
    for round in 0..12 {
        let store = tempfile::tempdir().unwrap();
        let folder = tempfile::tempdir().unwrap();
        copy_dir(store_template.path(), store.path());
        copy_dir(folder_template.path(), folder.path());
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "sync_kill::sync_kill_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_STORE, store.path())
            .env(CHILD_FOLDER, folder.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        // The test harness prints its own lines first.
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        let started = std::iter::from_fn(|| {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            rx.recv_timeout(left).ok()
        })
        .any(|line| line.ends_with("start"));
        assert!(started, "round {round}: the child never started");
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(seed % 250));
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        let finished = rx.try_iter().any(|l| l.ends_with("merged"));
        midway += usize::from(!finished);
        rounds += 1;
        let count = reviews(store.path());
        assert!(
            count == LOCAL || count == LOCAL + REMOTE,
            "round {round}: {count} answers: a merge must be all or nothing"
        );
        // The next sync completes it, and nothing is doubled.
        let store_open = Store::open(store.path()).unwrap();
        let mut engine = Engine::new(store_open, Settings::default()).unwrap();
        kubestudy::sync::run(&mut engine, folder.path(), None, "child", &SystemClock).unwrap();
        assert_eq!(
            engine.store().review_count().unwrap(),
            LOCAL + REMOTE,
            "round {round}"
        );
        // The killed device's own file reads whole for a third device.
        let third = tempfile::tempdir().unwrap();
        let mut third_engine =
            Engine::new(Store::open(third.path()).unwrap(), Settings::default()).unwrap();
        kubestudy::sync::run(
            &mut third_engine,
            folder.path(),
            None,
            "third",
            &SystemClock,
        )
        .unwrap();
        assert_eq!(
            third_engine.store().review_count().unwrap(),
            LOCAL + REMOTE,
            "round {round}: every answer once, from both files"
        );
    }
    println!("{rounds} kills, {midway} before the merge finished");
    assert!(
        midway >= 3,
        "only {midway} of {rounds} kills landed before the merge ended"
    );
}
