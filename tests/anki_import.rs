//! Anki packages as Anki and genanki write them (tests/fixtures/anki, see its README): the newest
//! collection read, never the stub; every note, card and review; the media map; and each card's
//! memory rebuilt from its history within 1 % of what Anki itself computes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::HashMap;
use std::path::PathBuf;

use kubestudy::anki::collection::{self, Collection};
use kubestudy::anki::{memory, package};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/anki")
        .join(name)
}

fn read(name: &str) -> (package::Package, Collection) {
    let staging = tempfile::tempdir().unwrap();
    let package = package::open(&fixture(name), staging.path()).unwrap();
    let collection = collection::read(&package.conn).unwrap();
    // The copy stays open while the folder goes: nothing of it is needed after reading.
    drop(staging);
    (package, collection)
}

#[test]
fn the_three_fixtures_give_every_note_card_and_review_from_the_newest_collection() {
    for (name, file, schema, reviews, deck) in [
        (
            "anki-deck-1000-history.apkg",
            "collection.anki21b",
            18,
            6143,
            "Kubernetes",
        ),
        (
            "anki-deck-1000-history-legacy.apkg",
            "collection.anki21",
            11,
            6143,
            "Kubernetes",
        ),
        (
            "genanki-deck-1000.apkg",
            "collection.anki2",
            11,
            0,
            "Kubernetes (genanki)",
        ),
    ] {
        let (package, c) = read(name);
        assert_eq!(package.collection_name, file, "{name}");
        assert_eq!(c.schema, schema, "{name}");
        assert_eq!(c.notes.len(), 1000, "{name}");
        assert_eq!(c.cards.len(), 1000, "{name}");
        assert_eq!(c.reviews.len(), reviews, "{name}");
        assert!(c.skipped.is_empty());
        assert!(c.decks.values().any(|d| d == deck), "{name}: {:?}", c.decks);
        assert!(
            !c.notes
                .iter()
                .any(|n| n.fields[0].starts_with("Please update")),
            "{name}: the stub was read"
        );
        // Two fields, one template, not cloze.
        let types: Vec<_> = c.notetypes.values().collect();
        assert!(
            types
                .iter()
                .any(|t| !t.cloze && t.fields.len() == 2 && t.templates.len() == 1),
            "{name}: {types:?}"
        );
        assert!(
            c.notes
                .iter()
                .all(|n| c.notetypes.contains_key(&n.notetype))
        );
        assert_eq!(
            package.media.get("0").map(String::as_str),
            Some("kubernetes_logo.png"),
            "{name}"
        );
        assert_eq!(package.media_zstd, file.ends_with('b'), "{name}");
        assert!(c.notes[0].fields[1].contains("<img src=\"kubernetes_logo.png\">"));
    }
    let (_, genanki) = read("genanki-deck-1000.apkg");
    assert!(genanki.notes.iter().all(|n| n.tags == ["k8s"]));
}

#[derive(serde::Deserialize)]
struct Oracle {
    cards: Vec<OracleCard>,
}

#[derive(serde::Deserialize)]
struct OracleCard {
    note_guid: String,
    front: String,
    reviews: usize,
    fsrs6_default_stability: f32,
    fsrs6_default_difficulty: f32,
}

#[test]
fn memory_rebuilt_from_the_history_matches_what_anki_computes() {
    let oracle: Oracle = serde_json::from_slice(
        &std::fs::read(fixture("anki-deck-1000-history.memory.json")).unwrap(),
    )
    .unwrap();
    let fsrs = fsrs::FSRS::new(&[]).unwrap();
    for name in [
        "anki-deck-1000-history.apkg",
        "anki-deck-1000-history-legacy.apkg",
    ] {
        let (_, c) = read(name);
        let notes: HashMap<i64, &collection::Note> = c.notes.iter().map(|n| (n.id, n)).collect();
        let mut by_card: HashMap<i64, Vec<collection::Review>> = HashMap::new();
        for r in &c.reviews {
            by_card.entry(r.card).or_default().push(*r);
        }
        let mut worst = 0.0f32;
        let mut checked = 0;
        for card in &c.cards {
            let note = notes[&card.note];
            let want = oracle
                .cards
                .iter()
                .find(|o| o.note_guid == note.guid)
                .unwrap_or_else(|| panic!("{}: no oracle for {}", name, note.guid));
            assert_eq!(want.front, note.fields[0]);
            let entries = &by_card[&card.id];
            assert_eq!(entries.len(), want.reviews);
            // Anki's day starts at 4 am; the oracle was computed in UTC.
            let history = memory::history(entries, 4 * 3600).expect("a history");
            let got = memory::memory(&fsrs, &history, card.factor, card.interval).unwrap();
            let off = |a: f32, b: f32| (a - b).abs() / b.abs().max(1e-6);
            let s = off(got.stability, want.fsrs6_default_stability);
            let d = off(got.difficulty, want.fsrs6_default_difficulty);
            worst = worst.max(s).max(d);
            assert!(
                s <= 0.01 && d <= 0.01,
                "{name}: {} ({} reviews): stability {} vs {}, difficulty {} vs {}",
                note.guid,
                entries.len(),
                got.stability,
                want.fsrs6_default_stability,
                got.difficulty,
                want.fsrs6_default_difficulty
            );
            checked += 1;
        }
        assert_eq!(checked, 1000);
        eprintln!("{name}: worst relative difference {worst:.5}");
    }
}

/// A zip of `entries` at `path`.
fn zip_of(path: &std::path::Path, entries: &[(&str, &[u8])]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn hostile_packages_get_a_message_naming_what_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let staging = tempfile::tempdir().unwrap();
    let open = |name: &str| package::open(&dir.path().join(name), staging.path()).unwrap_err();

    std::fs::write(dir.path().join("text.apkg"), "not a zip").unwrap();
    assert!(
        open("text.apkg").contains("is not an Anki package"),
        "{}",
        open("text.apkg")
    );

    zip_of(&dir.path().join("empty.apkg"), &[("readme.txt", b"hi")]);
    assert!(open("empty.apkg").contains("holds no Anki collection"));

    zip_of(
        &dir.path().join("notsql.apkg"),
        &[("collection.anki21", b"definitely not SQLite")],
    );
    assert!(open("notsql.apkg").contains("collection.anki21 is not an SQLite database"));

    // A zstd frame that inflates far past the limit is stopped while inflating.
    let bomb = zstd::encode_all(std::io::Read::take(std::io::repeat(0), 8 << 20), 19).unwrap();
    let err = package::inflate_zstd(&bomb, 1 << 20).unwrap_err();
    assert!(err.contains("inflates past"), "{err}");
    zip_of(
        &dir.path().join("garbage.apkg"),
        &[("collection.anki21b", b"\x28\xb5\x2f\xfdjunk")],
    );
    assert!(
        open("garbage.apkg").contains("collection.anki21b"),
        "{}",
        open("garbage.apkg")
    );

    // A FIFO is not read (it would block for ever).
    #[cfg(unix)]
    {
        let fifo = dir.path().join("fifo.apkg");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let err = open("fifo.apkg");
            assert!(err.contains("fifo.apkg"), "{err}");
        }
    }
    // Nothing was left in the staging folder by the refusals before a database was written.
    assert!(!staging.path().join("collection.sqlite3").exists());
}

#[test]
fn a_huge_note_is_skipped_and_counted_and_a_broken_schema_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let (_, c) = read("anki-deck-1000-history-legacy.apkg");
    assert_eq!(c.notes.len(), 1000);
    // The legacy collection with one note grown to 2 MB, and one with no revlog table.
    let src = dir.path().join("c.db");
    let mut zip = zip::ZipArchive::new(
        std::fs::File::open(fixture("anki-deck-1000-history-legacy.apkg")).unwrap(),
    )
    .unwrap();
    let mut db = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("collection.anki21").unwrap(), &mut db).unwrap();
    std::fs::write(&src, db).unwrap();
    let conn = rusqlite::Connection::open(&src).unwrap();
    conn.execute(
        "UPDATE notes SET flds = flds || ?1 WHERE id = (SELECT min(id) FROM notes)",
        [&"x".repeat(2 << 20)],
    )
    .unwrap();
    drop(conn);
    let bytes = std::fs::read(&src).unwrap();
    zip_of(
        &dir.path().join("big.apkg"),
        &[("collection.anki21", &bytes)],
    );
    let staging = tempfile::tempdir().unwrap();
    let p = package::open(&dir.path().join("big.apkg"), staging.path()).unwrap();
    let c = collection::read(&p.conn).unwrap();
    assert_eq!(c.notes.len(), 999);
    assert_eq!(c.skipped.len(), 1);
    assert!(
        c.skipped[0].1.contains("a note may be at most"),
        "{:?}",
        c.skipped
    );

    let conn = rusqlite::Connection::open(&src).unwrap();
    conn.execute("DROP TABLE revlog", []).unwrap();
    drop(conn);
    let bytes = std::fs::read(&src).unwrap();
    zip_of(
        &dir.path().join("norevlog.apkg"),
        &[("collection.anki21", &bytes)],
    );
    let staging = tempfile::tempdir().unwrap();
    let p = package::open(&dir.path().join("norevlog.apkg"), staging.path()).unwrap();
    let err = collection::read(&p.conn).unwrap_err();
    assert!(err.contains("revlog"), "{err}");
}
