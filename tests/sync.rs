//! Folder sync between stores in one process: two or three devices answer offline, sync in
//! different orders through one temporary folder, and must end with identical stores; torn
//! files, conflict copies, newer formats and a clock a day behind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use kubestudy::progress::marks::{Flag, Marks};
use kubestudy::progress::settings::Settings;
use kubestudy::progress::types::Timestamp;
use kubestudy::progress::{ItemKey, ItemKind, Store};
use kubestudy::study::Engine;
use kubestudy::study::clock::FixedClock;
use kubestudy::study::schedule::Rating;
use kubestudy::sync;

/// 2026-11-20 09:00 UTC.
const START: i64 = 1_795_683_600_000;

pub struct Device {
    pub dir: tempfile::TempDir,
    pub engine: Engine,
    pub clock: FixedClock,
    pub name: String,
}

impl Device {
    pub fn new(name: &str, skew_secs: i64) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let engine = Engine::new(store, Settings::default()).unwrap();
        let clock = FixedClock::new(Timestamp(START), 0);
        clock.advance_secs(skew_secs);
        Self {
            dir,
            engine,
            clock,
            name: name.to_owned(),
        }
    }

    pub fn answer(&mut self, item: &str, rating: Rating) {
        let key = ItemKey::new("p", item);
        self.engine
            .answer(&key, ItemKind::Card, rating, "review", 1500, &self.clock)
            .unwrap();
    }

    pub fn sync(&mut self, folder: &Path) -> sync::Report {
        let packs = self.dir.path().join("packs");
        sync::run(
            &mut self.engine,
            folder,
            Some(&packs),
            &self.name,
            &self.clock,
        )
        .unwrap()
    }

    /// The store's answers, states, marks and day counters, in an order that does not depend
    /// on the order things arrived in.
    pub fn snapshot(&self) -> String {
        let conn = rusqlite::Connection::open(self.dir.path().join("progress.sqlite3")).unwrap();
        let rows = |sql: &str| -> Vec<String> {
            let mut stmt = conn.prepare(sql).unwrap();
            let n = stmt.column_count();
            stmt.query_map([], |r| {
                Ok((0..n)
                    .map(|i| match r.get::<_, rusqlite::types::Value>(i).unwrap() {
                        rusqlite::types::Value::Text(t) => t,
                        v => format!("{v:?}"),
                    })
                    .collect::<Vec<_>>()
                    .join(","))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect()
        };
        let mut out = Vec::new();
        out.extend(rows(
            "SELECT pack, item, time, day, rating, mode, hlc, before FROM reviews ORDER BY hlc, time, pack, item, rating",
        ));
        out.extend(rows(
            "SELECT pack, item, phase, step, stability, difficulty, due, last_review, interval_days,
                    reps, lapses, review_answers, review_passed, hidden, flag, buried_day, leech
             FROM items ORDER BY pack, item",
        ));
        out.extend(rows(
            "SELECT day, pack, answers, passed, introduced, review_answers, review_passed
             FROM daily WHERE answers != 0 ORDER BY day, pack",
        ));
        out.extend(rows(
            "SELECT pack, item, body FROM overrides ORDER BY pack, item",
        ));
        out.join("\n")
    }

    pub fn id(&self) -> String {
        self.engine.store().devices().unwrap()[0].id.clone()
    }

    pub fn reviews(&self) -> i64 {
        self.engine.store().review_count().unwrap()
    }
}

/// Asserts two stores hold the same data, naming the first line that differs.
pub fn same(a: &Device, b: &Device) {
    let (x, y) = (a.snapshot(), b.snapshot());
    for (n, (l, r)) in x.lines().zip(y.lines()).enumerate() {
        assert_eq!(l, r, "line {n}: {} and {} differ", a.name, b.name);
    }
    assert_eq!(
        x.lines().count(),
        y.lines().count(),
        "{} and {}",
        a.name,
        b.name
    );
}

pub fn new_folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_owned();
    (dir, path)
}

/// Each device answers its own items and some shared ones, a few hours apart.
fn offline_day(devices: &mut [Device], day: usize) {
    for (d, device) in devices.iter_mut().enumerate() {
        for n in 0..6 {
            let item = if n % 2 == 0 {
                format!("shared-{n}")
            } else {
                format!("own-{d}-{n}")
            };
            let rating =
                [Rating::Good, Rating::Again, Rating::Easy, Rating::Hard][(n + d + day) % 4];
            device.answer(&item, rating);
            device.clock.advance_secs(600);
        }
        device.clock.advance_secs(3600 * 20);
    }
}

#[test]
fn three_devices_merging_in_different_orders_end_identical() {
    let (_f, folder) = new_folder();
    let mut devices = vec![
        Device::new("laptop", 0),
        Device::new("desktop", 1800),
        Device::new("tablet", 3600),
    ];
    for day in 0..3 {
        offline_day(&mut devices, day);
        let order: &[usize] = match day {
            0 => &[0, 1, 2],
            1 => &[2, 0, 1],
            _ => &[1, 2, 0],
        };
        for &d in order {
            devices[d].sync(&folder);
        }
    }
    // Once everyone has read everyone's last records.
    for d in [2, 1, 0, 2, 1, 0] {
        devices[d].sync(&folder);
    }
    let total: i64 = 3 * 3 * 6;
    for d in &devices {
        assert_eq!(d.reviews(), total, "{}: every answer, once", d.name);
    }
    for d in &devices[1..] {
        same(&devices[0], d);
    }
    let report = devices[0].sync(&folder);
    assert_eq!(report.devices.len(), 3);
    assert!(report.devices[0].this);
    assert!(report.folder_bytes > 0);
    assert_eq!(report.merged.answers, 0, "nothing new the second time");
}

#[test]
fn the_same_records_in_another_order_give_the_same_store() {
    // Two devices answer offline; a third reads the folder; a fourth reads the same files,
    // but conflict-copied and in another arrival order (one file first, then both).
    let (_f, folder) = new_folder();
    let mut a = Device::new("a", 0);
    let mut b = Device::new("b", 7200);
    offline_day(std::slice::from_mut(&mut a), 0);
    offline_day(std::slice::from_mut(&mut b), 1);
    a.sync(&folder);
    b.sync(&folder);
    let mut c = Device::new("c", 0);
    c.sync(&folder);

    let (_g, other) = new_folder();
    let mut d = Device::new("d", 0);
    let (a_file, b_file) = (
        sync::folder::own_name(&a.id()),
        sync::folder::own_name(&b.id()),
    );
    std::fs::copy(folder.join(&b_file), other.join(&b_file)).unwrap();
    d.sync(&other);
    let conflicted = a_file.replace(".jsonl", " (conflicted copy 2026-11-21).jsonl");
    std::fs::copy(folder.join(&a_file), other.join(conflicted)).unwrap();
    let conflicted = b_file.replace(".jsonl", ".sync-conflict-20261121-101010-ABCDEFG.jsonl");
    std::fs::copy(folder.join(&b_file), other.join(conflicted)).unwrap();
    d.sync(&other);
    assert_eq!(c.reviews(), 12);
    assert_eq!(d.reviews(), 12);
    same(&c, &d);
}

#[test]
fn a_torn_record_is_skipped_until_whole_and_a_newer_format_is_named() {
    let (_f, folder) = new_folder();
    let mut a = Device::new("a", 0);
    offline_day(std::slice::from_mut(&mut a), 0);
    a.sync(&folder);
    let name = sync::folder::own_name(&a.id());
    let whole = std::fs::read(folder.join(&name)).unwrap();
    // The sync tool delivers the file cut in the middle of its last answer.
    let text = String::from_utf8(whole.clone()).unwrap();
    let last_answer = text.rfind("\"t\":\"answer\"").unwrap();
    let (_g, torn_folder) = new_folder();
    std::fs::write(torn_folder.join(&name), &whole[..last_answer + 30]).unwrap();
    let mut b = Device::new("b", 0);
    b.sync(&torn_folder);
    assert_eq!(b.reviews(), a.reviews() - 1, "the cut record waits");
    std::fs::write(torn_folder.join(&name), &whole).unwrap();
    b.sync(&torn_folder);
    assert_eq!(b.reviews(), a.reviews(), "and is read once whole");

    // A file from a newer kubestudy is left alone, with a message naming it.
    let json = r#"{"t":"head","v":9,"device":"future","name":"x"}"#;
    let line = format!("{:08x} {json}\n", crc32fast_hash(json));
    std::fs::write(torn_folder.join("kubestudy-future.jsonl"), line).unwrap();
    let report = b.sync(&torn_folder);
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("kubestudy-future.jsonl") && n.contains("newer kubestudy")),
        "{:?}",
        report.notes
    );
    assert_eq!(b.reviews(), a.reviews());
    // Junk under our name is named too, and changes nothing.
    std::fs::write(
        torn_folder.join("kubestudy-junk.jsonl"),
        b"not a record\nnor this\n",
    )
    .unwrap();
    let report = b.sync(&torn_folder);
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("kubestudy-junk.jsonl") && n.contains("damaged")),
        "{:?}",
        report.notes
    );
    assert_eq!(b.reviews(), a.reviews());
}

fn crc32fast_hash(s: &str) -> u32 {
    // The framing's checksum: CRC-32 (IEEE), as crc32fast computes it.
    let mut crc = 0xFFFF_FFFF_u32;
    for &b in s.as_bytes() {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_clock_a_day_behind_cannot_put_a_later_answer_first() {
    let (_f, folder) = new_folder();
    let mut a = Device::new("a", 0);
    let mut b = Device::new("b", -86_400);
    a.answer("x", Rating::Good);
    a.sync(&folder);
    b.sync(&folder);
    // B answers after it has seen A's answer, with a clock that says yesterday.
    b.clock.advance_secs(60);
    b.answer("x", Rating::Again);
    b.sync(&folder);
    a.sync(&folder);
    for d in [&a, &b] {
        let history = d.engine.store().history(&ItemKey::new("p", "x")).unwrap();
        assert_eq!(history.len(), 2);
        let state = d.engine.state(&ItemKey::new("p", "x")).unwrap();
        // Good then Again: B's Again came after A's Good, whatever B's clock said.
        assert_eq!(state.reps, 2);
        let conn = rusqlite::Connection::open(d.dir.path().join("progress.sqlite3")).unwrap();
        let before: String = conn
            .query_row("SELECT before FROM reviews WHERE rating = 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        let before = kubestudy::progress::answers::decode_before(&before).unwrap();
        assert_eq!(before.reps, 1, "{}", d.name);
        assert_ne!(
            state.phase,
            kubestudy::progress::types::Phase::Review,
            "{}",
            d.name
        );
    }
    same(&a, &b);
}

#[test]
fn marks_edits_and_undo_follow_the_learner_latest_write_winning() {
    let (_f, folder) = new_folder();
    let mut a = Device::new("a", 0);
    let mut b = Device::new("b", 0);
    let key = ItemKey::new("p", "x");
    a.answer("x", Rating::Good);
    a.answer("y", Rating::Good);
    a.engine
        .set_marks(
            &key,
            ItemKind::Card,
            Marks {
                flag: Some(Flag::Red),
                ..Marks::default()
            },
        )
        .unwrap();
    let edit = kubestudy::progress::Override {
        key: key.clone(),
        body: "my own words".into(),
        base: "the pack's words".into(),
        edited: Timestamp(START),
    };
    a.engine.set_override(&key, Some(&edit)).unwrap();
    a.sync(&folder);
    b.sync(&folder);
    assert_eq!(b.engine.marks(&key).unwrap().flag, Some(Flag::Red));
    assert_eq!(b.engine.store().override_of(&key).unwrap(), Some(edit));
    // B suspends it later; A's undo takes back an answer B already has.
    std::thread::sleep(std::time::Duration::from_millis(5));
    b.engine
        .set_marks(
            &key,
            ItemKind::Card,
            Marks {
                flag: Some(Flag::Blue),
                suspended: true,
                ..Marks::default()
            },
        )
        .unwrap();
    a.engine.undo().unwrap().expect("y is undone");
    a.sync(&folder);
    b.sync(&folder);
    a.sync(&folder);
    // B takes the edit back too.
    b.engine.set_override(&key, None).unwrap();
    b.sync(&folder);
    a.sync(&folder);
    for d in [&a, &b] {
        assert_eq!(
            d.engine.store().override_of(&key).unwrap(),
            None,
            "{}",
            d.name
        );
        let marks = d.engine.marks(&key).unwrap();
        assert_eq!(
            (marks.flag, marks.suspended),
            (Some(Flag::Blue), true),
            "{}",
            d.name
        );
        assert_eq!(
            d.reviews(),
            1,
            "{}: the undone answer is gone everywhere",
            d.name
        );
    }
    same(&a, &b);
}

#[test]
fn settings_that_follow_the_learner_do_and_the_theme_does_not() {
    let (_f, folder) = new_folder();
    let mut a = Device::new("a", 0);
    let mut b = Device::new("b", 0);
    a.sync(&folder);
    b.sync(&folder);
    let mut s = a.engine.settings().clone();
    s.exam_date = Some("2026-12-20".into());
    s.desired_retention = 0.85;
    s.font_scale = 1.4;
    a.engine.set_settings(s);
    a.clock.advance_secs(60);
    a.sync(&folder);
    b.clock.advance_secs(120);
    let report = b.sync(&folder);
    let got = report.new_settings.expect("b takes a's settings");
    assert_eq!(got.exam_date.as_deref(), Some("2026-12-20"));
    assert!((got.desired_retention - 0.85).abs() < 1e-6);
    assert!(
        (got.font_scale - 1.0).abs() < 1e-6,
        "the text size is this device's own"
    );
    assert_eq!(b.engine.settings(), &got);
    // Nothing flips back on the next round.
    assert!(a.sync(&folder).new_settings.is_none());
    assert!(b.sync(&folder).new_settings.is_none());
    // A new device joining later takes the learner's settings; its defaults do not win.
    let mut c = Device::new("c", 0);
    c.clock.advance_secs(3600);
    let report = c.sync(&folder);
    assert_eq!(
        report
            .new_settings
            .expect("c takes them")
            .exam_date
            .as_deref(),
        Some("2026-12-20")
    );
    assert!(
        a.sync(&folder).new_settings.is_none(),
        "c's defaults did not reach a"
    );
}

#[test]
fn settings_changed_before_the_first_sync_beat_a_new_devices_defaults() {
    let (_f, folder) = new_folder();
    let mut a = Device::new("a", 0);
    let mut s = a.engine.settings().clone();
    s.exam_date = Some("2027-01-15".into());
    a.engine.set_settings(s);
    let mut b = Device::new("b", 0);
    b.sync(&folder);
    a.sync(&folder);
    let report = b.sync(&folder);
    assert_eq!(
        report
            .new_settings
            .expect("b takes a's exam date")
            .exam_date
            .as_deref(),
        Some("2027-01-15")
    );
    assert!(a.sync(&folder).new_settings.is_none());
}

fn my_card(front: &str) -> kubestudy::pack::model::Card {
    kubestudy::pack::model::Card {
        id: kubestudy::pack::model::ItemId("new".into()),
        front: front.into(),
        answer: kubestudy::pack::Answer::Text("a ConfigMap".into()),
        distractors: Vec::new(),
        explanation: None,
        terms: Vec::new(),
        tags: Vec::new(),
        competencies: Vec::new(),
        source: None,
        reverse: false,
        siblings: Vec::new(),
        image: Some("assets/not-here.png".into()),
        answer_image: None,
    }
}

#[test]
fn your_own_cards_follow_you_and_so_does_deleting_one() {
    use kubestudy::pack::installed::PacksLock;
    use kubestudy::pack::personal::{my_cards, put_cards};
    let (_f, folder) = new_folder();
    let mut a = Device::new("a", 0);
    let mut b = Device::new("b", 0);
    let (packs_a, packs_b) = (a.dir.path().join("packs"), b.dir.path().join("packs"));
    let wait = std::time::Duration::from_secs(1);
    let id = {
        let lock = PacksLock::acquire(&packs_a, wait).unwrap();
        kubestudy::pack::personal::add_card(
            &lock,
            &my_card("Which object holds non-secret settings?"),
        )
        .unwrap()
    };
    let report = a.sync(&folder);
    assert!(report.sent >= 1);
    let report = b.sync(&folder);
    assert_eq!(report.cards, 1);
    let got = my_cards(&packs_b).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].id, id);
    assert_eq!(got[0].image, None, "a picture B does not have is left off");
    // The pack B got loads cleanly.
    let report = kubestudy::pack::load(&kubestudy::pack::PackSource::Dir(
        packs_b.join(kubestudy::pack::personal::MY_CARDS),
    ));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // B deletes it; A follows.
    {
        let lock = PacksLock::acquire(&packs_b, wait).unwrap();
        put_cards(&lock, &[(id.as_str().to_owned(), None)]).unwrap();
    }
    b.sync(&folder);
    assert_eq!(a.sync(&folder).cards, 1);
    assert!(my_cards(&packs_a).unwrap().is_empty());
    // And nothing comes back on later rounds.
    assert_eq!(b.sync(&folder).cards, 0);
    assert_eq!(a.sync(&folder).cards, 0);
    assert!(my_cards(&packs_b).unwrap().is_empty());
}
