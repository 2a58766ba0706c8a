//! Never lose an acknowledged answer: a child process answers in a loop and is killed with
//! SIGKILL at random moments, 200 times; afterwards every answer it acknowledged is in the log and
//! the database opens cleanly and passes SQLite's integrity check.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::time::Duration;

use kubestudy::progress::settings::Settings;
use kubestudy::progress::{ItemKey, ItemKind, Store};
use kubestudy::study::Engine;
use kubestudy::study::clock::SystemClock;
use kubestudy::study::schedule::Rating;

const CHILD_DIR: &str = "KUBESTUDY_KILL_TEST_DIR";

/// The child: answers until killed, printing `ack <review id>` after each commit.
#[test]
fn kill_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return; // Only does anything when spawned by `answers_survive_sigkill`.
    };
    let store = Store::open(std::path::Path::new(&dir)).expect("the child opens the store");
    let mut engine = Engine::new(store, Settings::default()).unwrap();
    let mut out = std::io::stdout().lock();
    for n in 0u32.. {
        let key = ItemKey::new("kill", format!("item-{}", n % 64));
        let rating = if n % 3 == 0 {
            Rating::Again
        } else {
            Rating::Good
        };
        let (_, id) = engine
            .answer_logged(&key, ItemKind::Card, rating, "review", n, &SystemClock)
            .unwrap();
        writeln!(out, "ack {id}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn answers_survive_sigkill() {
    if std::env::var_os(CHILD_DIR).is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let (mut total_acked, mut kills_mid_stream) = (0usize, 0usize);
    for round in 0..200 {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "kill::kill_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_DIR, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        // The reader passes on each acknowledged id, so the kill can wait for the first one:
        // how long the child takes to start (a loaded machine) then does not decide whether
        // the kill lands among the writes.
        let (tx, rx) = std::sync::mpsc::channel::<i64>();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| {
                    line.strip_prefix("ack ")
                        .and_then(|id| id.parse::<i64>().ok())
                })
                .inspect(|id| {
                    let _ = tx.send(*id);
                })
                .collect::<Vec<i64>>()
        });
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Most kills after the first answer, some before it (the store must survive those too).
        if !seed.is_multiple_of(8) {
            let _ = rx.recv_timeout(Duration::from_secs(20));
        }
        std::thread::sleep(Duration::from_millis(seed % 40));
        child.kill().unwrap(); // SIGKILL on Unix.
        child.wait().unwrap();
        let acked = reader.join().unwrap();
        total_acked += acked.len();
        kills_mid_stream += usize::from(!acked.is_empty());

        let store = Store::open(dir.path())
            .unwrap_or_else(|e| panic!("round {round}: the store must open: {e}"));
        for id in &acked {
            assert!(
                store.has_review(*id).unwrap(),
                "round {round}: acknowledged answer {id} is missing"
            );
        }
        drop(store);
        let check: String = rusqlite::Connection::open(dir.path().join("progress.sqlite3"))
            .unwrap()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}");
    }
    println!(
        "200 kills; {kills_mid_stream} after at least one answer; {total_acked} acknowledged answers, all present"
    );
    // The kills must land while answers are being written, not only before the first.
    assert!(
        kills_mid_stream >= 150,
        "only {kills_mid_stream} of 200 kills came after an answer"
    );
    assert!(
        total_acked > 1000,
        "{total_acked} answers acknowledged in all"
    );
}
