//! Anki packages as Anki and genanki write them (tests/fixtures/anki, see its README): the newest
//! collection read, never the stub; every note, card and review; the media map; and each card's
//! memory rebuilt from its history within 1 % of what Anki itself computes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::HashMap;
use std::path::PathBuf;

use kubestudy::anki::collection::{self, Collection};
use kubestudy::anki::{memory, package};

fn clock() -> kubestudy::study::clock::FixedClock {
    // 2026-11-25 12:00 UTC: after the fixtures' history (2026-10-23 to 2026-11-21).
    kubestudy::study::clock::FixedClock::new(
        kubestudy::study::clock::Timestamp(1_795_608_000_000),
        0,
    )
}

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

/// The legacy fixture's collection with two note types added and a note of each: a Spanish
/// "Básico (y tarjeta invertida)" (fields Frente/Verso, two templates) and a cloze with two
/// deletions, one with a hint, and HTML in its extra field.
/// The legacy fixture's collection, copied out as `dir/name` to be changed, and opened.
fn legacy_collection(dir: &std::path::Path, name: &str) -> (PathBuf, rusqlite::Connection) {
    let mut zip = zip::ZipArchive::new(
        std::fs::File::open(fixture("anki-deck-1000-history-legacy.apkg")).unwrap(),
    )
    .unwrap();
    let mut db = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("collection.anki21").unwrap(), &mut db).unwrap();
    let src = dir.join(name);
    std::fs::write(&src, db).unwrap();
    let conn = rusqlite::Connection::open(&src).unwrap();
    (src, conn)
}

fn small_package(dir: &std::path::Path) -> PathBuf {
    let (src, conn) = legacy_collection(dir, "small.db");
    let models: String = conn
        .query_row("SELECT models FROM col", [], |r| r.get(0))
        .unwrap();
    let mut models: serde_json::Value = serde_json::from_str(&models).unwrap();
    models["11"] = serde_json::json!({
        "name": "Básico (y tarjeta invertida)", "type": 0,
        "flds": [{"name": "Frente", "ord": 0}, {"name": "Verso", "ord": 1}],
        "tmpls": [
            {"name": "Tarjeta 1", "ord": 0, "qfmt": "{{Frente}}", "afmt": "{{FrontSide}}<hr id=answer>{{Verso}}"},
            {"name": "Tarjeta 2", "ord": 1, "qfmt": "{{Verso}}", "afmt": "{{FrontSide}}<hr id=answer>{{Frente}}"}
        ]
    });
    models["12"] = serde_json::json!({
        "name": "Texto para completar", "type": 1,
        "flds": [{"name": "Texto", "ord": 0}, {"name": "Extra", "ord": 1}],
        "tmpls": [{"name": "Cloze", "ord": 0, "qfmt": "{{cloze:Texto}}", "afmt": "{{cloze:Texto}}<br>{{Extra}}"}]
    });
    conn.execute("UPDATE col SET models = ?1", [models.to_string()])
        .unwrap();
    conn.execute("DELETE FROM notes", []).unwrap();
    conn.execute("DELETE FROM cards", []).unwrap();
    conn.execute("DELETE FROM revlog", []).unwrap();
    let deck: i64 = conn
        .query_row(
            "SELECT CAST(key AS INTEGER) FROM json_each((SELECT decks FROM col)) WHERE json_extract(value, '$.name') = 'Kubernetes'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let note = |id: i64, guid: &str, mid: i64, fields: &[&str], tags: &str| {
        conn.execute(
            "INSERT INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data) VALUES (?1, ?2, ?3, 0, 0, ?4, ?5, '', 0, 0, '')",
            rusqlite::params![id, guid, mid, tags, fields.join("\x1f")],
        )
        .unwrap();
    };
    let card = |id: i64, nid: i64, ord: i64| {
        conn.execute(
            "INSERT INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data) VALUES (?1, ?2, ?3, ?4, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, '')",
            rusqlite::params![id, nid, deck, ord],
        )
        .unwrap();
    };
    note(
        1,
        "guid-rev",
        11,
        &["Puerto del API server", "6443"],
        " k8s::red ",
    );
    card(10, 1, 0);
    card(11, 1, 1);
    note(
        2,
        "guid-cloze",
        12,
        &[
            "{{c1::etcd::almacén}} guarda el estado; {{c2::kube-scheduler}} elige el nodo",
            "<b>Véase</b> la arquitectura&nbsp;&#x27;control plane&#x27;",
        ],
        "",
    );
    card(20, 2, 0);
    card(21, 2, 1);
    // A third cloze card whose number the text does not have.
    card(22, 2, 2);
    drop(conn);
    let bytes = std::fs::read(&src).unwrap();
    let path = dir.join("Español.apkg");
    zip_of(&path, &[("collection.anki21", &bytes)]);
    path
}

#[test]
fn notes_become_cards_by_their_shape_not_their_name() {
    use kubestudy::anki::convert;
    let dir = tempfile::tempdir().unwrap();
    let path = small_package(dir.path());
    let staging = tempfile::tempdir().unwrap();
    let p = package::open(&path, staging.path()).unwrap();
    let c = collection::read(&p.conn).unwrap();
    let (table, origins) = convert::table(&c, "Español", &Default::default(), &mut |_| {
        Err("not in the package".to_owned())
    });
    assert_eq!(origins.len(), 3);
    assert_eq!(
        (origins[1].note, origins[1].ord, origins[2].ord),
        (1, Some(1), None)
    );
    // Reversed: two rows, the second asking the back; cloze: one row, its extra the back.
    assert_eq!(table.rows.len(), 3, "{:?}", table.rows);
    assert_eq!(table.rows[0][..2], ["Puerto del API server", "6443"]);
    assert_eq!(table.rows[1][..2], ["6443", "Puerto del API server"]);
    assert!(table.rows[0][2].contains("k8s::red") && table.rows[0][2].contains("deck-kubernetes"));
    assert!(table.rows[2][0].starts_with("{{c1::etcd::almacén}}"));
    assert_eq!(table.keys, ["guid-rev/0", "guid-rev/1", "guid-cloze"]);
    assert_eq!(convert::main_deck(&c).as_deref(), Some("Kubernetes"));
    assert_eq!(
        convert::mapping(&c, &Default::default()),
        [
            "Note type \u{201c}Básico (y tarjeta invertida)\u{201d} (1 note): card 1 asks Frente, answers Verso; card 2 asks Verso, answers Frente",
            "Note type \u{201c}Texto para completar\u{201d} (1 note): cloze on Texto, explanation from Extra",
        ]
    );
    assert_eq!(
        convert::field_refs("{{#Extra}}{{type:Verso}} {{text:Frente}}{{/Extra}} {{Tags}}"),
        ["Verso", "Frente"]
    );
}

#[test]
fn kubestudy_import_installs_an_anki_package_and_a_second_import_keeps_the_ids() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_package(dir.path());
    let home = tempfile::tempdir().unwrap();
    let dirs = kubestudy::dirs::AppDirs::resolve(Some(home.path())).unwrap();
    let (code, out, err) = crate::common::run_cli(|out, err| {
        kubestudy::cli::import_anki(&dirs, &path, false, &clock(), out, err)
    });
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("2 notes, 5 cards, 0 reviews (Anki collection schema 11)"),
        "{out}"
    );
    assert!(
        out.contains(
            "Anki cards with no card in the pack (a skipped note, or a cloze number its text \
             does not have): 1"
        ),
        "{out}"
    );
    let report = kubestudy::pack::load(&kubestudy::pack::PackSource::Dir(
        dirs.packs().join("kubernetes"),
    ));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let pack = report.pack.unwrap();
    assert_eq!(pack.manifest.title, "Kubernetes");
    // The cloze card is asked once per deletion, with its hint; the reversed note twice.
    let fronts: Vec<&str> = pack.cards.iter().map(|c| c.front.as_str()).collect();
    assert_eq!(pack.cards.len(), 4, "{fronts:?}");
    let explained = pack
        .cards
        .iter()
        .find_map(|c| c.explanation.as_deref())
        .unwrap();
    assert_eq!(explained, "Véase la arquitectura 'control plane'");
    let ids: Vec<String> = pack.cards.iter().map(|c| c.id.0.clone()).collect();
    // Again, with --force: the same ids, so progress would be kept.
    let (code, out, err) = crate::common::run_cli(|out, err| {
        kubestudy::cli::import_anki(&dirs, &path, true, &clock(), out, err)
    });
    assert_eq!(code, 0, "{out}\n{err}");
    let again = kubestudy::pack::load(&kubestudy::pack::PackSource::Dir(
        dirs.packs().join("kubernetes"),
    ))
    .pack
    .unwrap();
    let ids_again: Vec<String> = again.cards.iter().map(|c| c.id.0.clone()).collect();
    assert_eq!(ids, ids_again);
    // A package that is not one: a message, nothing installed.
    std::fs::write(dir.path().join("bad.apkg"), "no").unwrap();
    let (code, _, err) = crate::common::run_cli(|out, err| {
        kubestudy::cli::import_anki(
            &dirs,
            &dir.path().join("bad.apkg"),
            false,
            &clock(),
            out,
            err,
        )
    });
    assert_eq!(code, 1);
    assert!(err.contains("nothing was installed"), "{err}");
}

#[test]
fn the_review_history_comes_in_once_with_anki_s_memory_and_schedule() {
    let home = tempfile::tempdir().unwrap();
    let dirs = kubestudy::dirs::AppDirs::resolve(Some(home.path())).unwrap();
    let path = fixture("anki-deck-1000-history.apkg");
    let (code, out, err) = crate::common::run_cli(|out, err| {
        kubestudy::cli::import_anki(&dirs, &path, false, &clock(), out, err)
    });
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("imported 6143 answers of 1000 cards from the review history"),
        "{out}"
    );
    let mut store = kubestudy::progress::Store::open(&dirs.data).unwrap();
    assert_eq!(store.review_count().unwrap(), 6143);
    // Imported answers are history: undo has nothing to take back.
    assert!(store.undo_last().unwrap().is_none());
    assert_eq!(store.review_count().unwrap(), 6143);
    // The memory stored is Anki's, card by card (the oracle), and the cards are in review.
    let oracle: Oracle = serde_json::from_slice(
        &std::fs::read(fixture("anki-deck-1000-history.memory.json")).unwrap(),
    )
    .unwrap();
    let pack = kubestudy::pack::load(&kubestudy::pack::PackSource::Dir(
        dirs.packs().join("kubernetes"),
    ))
    .pack
    .unwrap();
    let mut checked = 0;
    for card in &pack.cards {
        let want = oracle.cards.iter().find(|o| o.front == card.front).unwrap();
        let state = store
            .item_state(&kubestudy::progress::ItemKey::new(
                "kubernetes",
                card.id.0.clone(),
            ))
            .unwrap()
            .unwrap();
        let memory = state.memory.unwrap();
        let off =
            (memory.stability - want.fsrs6_default_stability).abs() / want.fsrs6_default_stability;
        assert!(
            off <= 0.01,
            "{}: {} vs {}",
            card.front,
            memory.stability,
            want.fsrs6_default_stability
        );
        assert_eq!(state.phase, kubestudy::progress::types::Phase::Review);
        assert_eq!(state.reps as usize, want.reviews);
        checked += 1;
    }
    assert_eq!(checked, 1000);
    // Importing again (a newer version of the deck, say) never doubles the history.
    drop(store);
    let (code, out, err) = crate::common::run_cli(|out, err| {
        kubestudy::cli::import_anki(&dirs, &path, true, &clock(), out, err)
    });
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("1000 cards already studied here kept their own history"),
        "{out}"
    );
    let store = kubestudy::progress::Store::open(&dirs.data).unwrap();
    assert_eq!(store.review_count().unwrap(), 6143);
}

/// The 1,000-note legacy fixture with its notes from 501 on moved to a deck `Storage::Volumes`.
pub(crate) fn two_deck_package(dir: &std::path::Path) -> PathBuf {
    let mut zip = zip::ZipArchive::new(
        std::fs::File::open(fixture("anki-deck-1000-history-legacy.apkg")).unwrap(),
    )
    .unwrap();
    let mut media = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("media").unwrap(), &mut media).unwrap();
    let mut image = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("0").unwrap(), &mut image).unwrap();
    let (src, conn) = legacy_collection(dir, "two.db");
    let decks: String = conn
        .query_row("SELECT decks FROM col", [], |r| r.get(0))
        .unwrap();
    let mut decks: serde_json::Value = serde_json::from_str(&decks).unwrap();
    let mut volumes = decks["1"].clone();
    volumes["id"] = serde_json::json!(77);
    volumes["name"] = serde_json::json!("Storage::Volumes");
    decks["77"] = volumes;
    conn.execute("UPDATE col SET decks = ?1", [decks.to_string()])
        .unwrap();
    conn.execute(
        "UPDATE cards SET did = 77 WHERE nid IN (SELECT id FROM notes ORDER BY id LIMIT -1 OFFSET 500)",
        [],
    )
    .unwrap();
    drop(conn);
    let bytes = std::fs::read(&src).unwrap();
    let path = dir.join("two decks.apkg");
    zip_of(
        &path,
        &[
            ("collection.anki21", &bytes),
            ("media", &media),
            ("0", &image),
        ],
    );
    path
}

#[test]
fn each_top_deck_can_be_its_own_pack_and_a_note_type_read_by_other_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_deck_package(dir.path());
    // Split: one pack per top deck, each with its own cards and history.
    let home = tempfile::tempdir().unwrap();
    let dirs = kubestudy::dirs::AppDirs::resolve(Some(home.path())).unwrap();
    let args = kubestudy::cli::AnkiImport {
        split_decks: true,
        ..Default::default()
    };
    let (code, out, err) = crate::common::run_cli(|out, err| {
        kubestudy::cli::import_anki_with(&dirs, &path, &args, &clock(), out, err)
    });
    assert_eq!(code, 0, "{out}\n{err}");
    for (id, title) in [("kubernetes", "Kubernetes"), ("storage", "Storage")] {
        let pack = kubestudy::pack::load(&kubestudy::pack::PackSource::Dir(dirs.packs().join(id)))
            .pack
            .unwrap();
        assert_eq!(pack.manifest.title, title);
        assert_eq!(pack.cards.len(), 500, "{id}");
    }
    let store = kubestudy::progress::Store::open(&dirs.data).unwrap();
    assert_eq!(store.review_count().unwrap(), 6143);
    assert!(!out.contains("no card in the pack"), "{out}");
    drop(store);

    // One deck, its note type read the other way round.
    let home = tempfile::tempdir().unwrap();
    let dirs = kubestudy::dirs::AppDirs::resolve(Some(home.path())).unwrap();
    let args = kubestudy::cli::AnkiImport {
        deck: Some("Storage".to_owned()),
        fields: vec!["Basic=Back,Front".to_owned()],
        ..Default::default()
    };
    let (code, out, err) = crate::common::run_cli(|out, err| {
        kubestudy::cli::import_anki_with(&dirs, &path, &args, &clock(), out, err)
    });
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("one card asks Back, answers Front (your choice)"),
        "{out}"
    );
    let packs: Vec<_> = std::fs::read_dir(dirs.packs())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(packs, ["storage"]);
    let pack = kubestudy::pack::load(&kubestudy::pack::PackSource::Dir(
        dirs.packs().join("storage"),
    ))
    .pack
    .unwrap();
    // Asked by the back: the front is now the answer.
    assert!(
        pack.cards
            .iter()
            .all(|c| !c.front.contains('?') && c.answer.parts()[0].ends_with('?')),
        "{:?}",
        pack.cards.first()
    );

    // Names that are not in the package are told, with what is there.
    for (args, needle) in [
        (
            kubestudy::cli::AnkiImport {
                deck: Some("Nope".to_owned()),
                ..Default::default()
            },
            "its top decks: Kubernetes, Storage",
        ),
        (
            kubestudy::cli::AnkiImport {
                fields: vec!["Basic=Front,Verso".to_owned()],
                ..Default::default()
            },
            "has no field `Verso`; its fields: Front, Back",
        ),
        (
            kubestudy::cli::AnkiImport {
                fields: vec!["Basic".to_owned()],
                ..Default::default()
            },
            "write --fields",
        ),
    ] {
        let (code, out, err) = crate::common::run_cli(|out, err| {
            kubestudy::cli::import_anki_with(&dirs, &path, &args, &clock(), out, err)
        });
        assert_ne!(code, 0, "{out}");
        assert!(err.contains(needle), "{err}");
    }
}

#[test]
fn a_colpkg_is_read_as_anki_writes_it() {
    // A collection package holds the same files as a deck package (the whole collection).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("collection.colpkg");
    std::fs::copy(fixture("anki-deck-1000-history.apkg"), &path).unwrap();
    let home = tempfile::tempdir().unwrap();
    let dirs = kubestudy::dirs::AppDirs::resolve(Some(home.path())).unwrap();
    let (code, out, err) = crate::common::run_cli(|out, err| {
        kubestudy::cli::import_anki(&dirs, &path, false, &clock(), out, err)
    });
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("imported 6143 answers of 1000 cards"), "{out}");
}

/// The legacy fixture's collection with four notes showing images: one the package holds, one
/// it does not, one in a format we do not show, one that is not an image at all.
fn image_package(dir: &std::path::Path) -> PathBuf {
    let (src, conn) = legacy_collection(dir, "images.db");
    let (mid, did): (i64, i64) = conn
        .query_row(
            "SELECT mid, (SELECT did FROM cards LIMIT 1) FROM notes LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    conn.execute_batch("DELETE FROM notes; DELETE FROM cards; DELETE FROM revlog;")
        .unwrap();
    for (i, (front, back)) in [
        ("A picture of a Pod <img src=\"pod diagram.png\">", "a Pod"),
        ("Which object?", "a Service <img src='gone.png'>"),
        ("Moving <img src=\"anim.gif\">", "a rollout"),
        ("Broken <img src=\"bad.png\">", "nothing"),
    ]
    .iter()
    .enumerate()
    {
        let id = i64::try_from(i).unwrap() + 1;
        conn.execute(
            "INSERT INTO notes VALUES (?1, ?2, ?3, 0, 0, '', ?4, '', 0, 0, '')",
            rusqlite::params![id, format!("img-{id}"), mid, format!("{front}\x1f{back}")],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO cards VALUES (?1, ?1, ?2, 0, 0, 0, 0, 0, ?1, 0, 0, 0, 0, 0, 0, 0, 0, '')",
            rusqlite::params![id, did],
        )
        .unwrap();
    }
    drop(conn);
    let bytes = std::fs::read(&src).unwrap();
    let path = dir.join("images.apkg");
    let png = crate::common::png(40, 20);
    zip_of(
        &path,
        &[
            ("collection.anki21", &bytes),
            (
                "media",
                br#"{"0": "pod diagram.png", "1": "anim.gif", "2": "bad.png"}"#,
            ),
            ("0", &png),
            ("1", b"GIF89a"),
            ("2", b"not a picture"),
        ],
    );
    path
}

#[test]
fn images_come_along_and_each_one_that_cannot_is_named_for_its_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = image_package(dir.path());
    let packs = tempfile::tempdir().unwrap();
    let made = kubestudy::anki::import::stage_package(packs.path(), &path).unwrap();
    let preview = made.preview.join("\n");
    assert!(
        preview.contains("note 2: image `gone.png` left out: the package does not hold it"),
        "{preview}"
    );
    assert!(
        preview.contains("note 3: image `anim.gif` left out: kubestudy shows PNG and JPEG"),
        "{preview}"
    );
    assert!(
        preview.contains("note 4: image `bad.png` left out: not a PNG or JPEG image"),
        "{preview}"
    );
    let pack = made.staged.report.pack.as_ref().unwrap();
    assert!(made.staged.report.problems.is_empty());
    // Every card still imports; the one image the package holds is the pack's now.
    assert_eq!(pack.cards.len(), 4);
    let pod = pack
        .cards
        .iter()
        .find(|c| c.front.starts_with("A picture"))
        .unwrap();
    assert_eq!(pod.image.as_deref(), Some("assets/pod_diagram.png"));
    assert_eq!(
        std::fs::read(made.staged.dir().join("assets/pod_diagram.png")).unwrap(),
        crate::common::png(40, 20)
    );
    assert!(pack.cards.iter().filter(|c| c.image.is_some()).count() == 1);
}

#[test]
fn cards_suspended_or_buried_in_anki_stay_out_of_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_deck_package(dir.path());
    // The first card suspended, the second buried by the learner, the third by its sibling.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut db = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("collection.anki21").unwrap(), &mut db).unwrap();
    let src = dir.path().join("marks.db");
    std::fs::write(&src, db).unwrap();
    let conn = rusqlite::Connection::open(&src).unwrap();
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM cards ORDER BY id LIMIT 3")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (id, queue) in ids.iter().zip([-1, -3, -2]) {
        conn.execute("UPDATE cards SET queue = ?2 WHERE id = ?1", [*id, queue])
            .unwrap();
    }
    drop(conn);
    let marked = dir.path().join("marked.apkg");
    zip_of(
        &marked,
        &[("collection.anki21", &std::fs::read(&src).unwrap())],
    );
    let home = tempfile::tempdir().unwrap();
    let dirs = kubestudy::dirs::AppDirs::resolve(Some(home.path())).unwrap();
    let (code, out, err) = crate::common::run_cli(|out, err| {
        kubestudy::cli::import_anki(&dirs, &marked, false, &clock(), out, err)
    });
    assert_eq!(code, 0, "{out}\n{err}");
    let store = kubestudy::progress::Store::open(&dirs.data).unwrap();
    let marks: Vec<_> = store
        .browse()
        .unwrap()
        .into_values()
        .map(|(_, m)| m)
        .filter(|m| m.suspended || m.buried.is_some())
        .collect();
    assert_eq!(marks.iter().filter(|m| m.suspended).count(), 1, "{marks:?}");
    use kubestudy::study::clock::Clock as _;
    let today = kubestudy::study::clock::Days::of(&clock(), 4).day_of(clock().now());
    assert_eq!(
        marks.iter().filter(|m| m.buried == Some(today)).count(),
        2,
        "{marks:?}"
    );
}

/// Note HTML and templates an Anki package may hold, for the mutation test below.
const HOSTILE_SEEDS: [&str; 6] = [
    "<ol><li>create</li><li>scale <b>up</b><li>drain</ol><br><img src=\"a.png\">",
    "<ul><li>443</li><li>6443</li><li>8080</li></ul>",
    "{{c1::etcd::a store}} and {{c2::kube-apiserver}} <img src='b.png'> [sound:x.mp3]",
    "<table><tr><td>a</td><td>b</td></tr></table><script>x</script><style>y</style>&#x1F600;&amp;",
    "<img src=\"../../etc/passwd.png\"><img src=CON.png><img src=\"\">",
    "<ul><li><ol><li>nested</li></ol></li></ul><code>kubectl</code><br><div>x</div>",
];

/// One note of a hostile note type, its fields and templates mutated from the seeds.
fn hostile_collection(rng: &mut crate::common::Rng, cloze: bool) -> Collection {
    use kubestudy::anki::collection::{Card, Note, Notetype};
    let pick = |rng: &mut crate::common::Rng| {
        let seed = HOSTILE_SEEDS[rng.below(HOSTILE_SEEDS.len())].as_bytes();
        String::from_utf8_lossy(&crate::common::mutate(rng, seed)).into_owned()
    };
    let fields: Vec<String> = (0..4).map(|_| pick(rng)).collect();
    let template = |rng: &mut crate::common::Rng| {
        let names = [
            "Front",
            "Back",
            "Extra",
            "Options",
            "FrontSide",
            "#Extra",
            "/Extra",
        ];
        let mut t = String::new();
        for _ in 0..=rng.below(4) {
            t.push_str(&format!("{{{{{}}}}}", names[rng.below(names.len())]));
            t.push_str(&pick(rng).chars().take(20).collect::<String>());
        }
        t
    };
    let notetype = Notetype {
        name: "Hostile".to_owned(),
        cloze,
        fields: vec![
            "Front".into(),
            "Back".into(),
            "Extra".into(),
            "Options".into(),
        ],
        templates: vec![
            ("1".into(), template(rng), template(rng)),
            ("2".into(), template(rng), template(rng)),
        ],
    };
    let mut c = Collection::default();
    c.notetypes.insert(1, notetype);
    c.decks.insert(1, "Deck::Sub".into());
    c.notes.push(Note {
        id: 1,
        guid: pick(rng),
        notetype: 1,
        fields,
        tags: vec!["a".into(), pick(rng)],
    });
    for ord in 0..2 {
        c.cards.push(Card {
            id: 10 + i64::from(ord),
            note: 1,
            deck: 1,
            ord,
            kind: 0,
            queue: 0,
            due: 0,
            interval: 0,
            factor: 0,
            reps: 0,
            lapses: 0,
        });
    }
    c
}

#[test]
fn hostile_note_html_and_templates_never_panic_and_rows_stay_whole() {
    let mut rng = crate::common::Rng(0x5eed_a4c1_u64);
    let png = crate::common::png(8, 8);
    for round in 0..5000 {
        let c = hostile_collection(&mut rng, round % 5 == 0);
        let fields = kubestudy::anki::convert::Fields::new();
        let (table, origins) =
            kubestudy::anki::convert::table(&c, "Hostile", &fields, &mut |name| {
                if name.len() % 2 == 0 {
                    Ok(png.clone())
                } else {
                    Err("not in the package".to_owned())
                }
            });
        assert_eq!(table.rows.len(), table.lines.len(), "round {round}");
        assert_eq!(table.rows.len(), table.keys.len(), "round {round}");
        assert_eq!(table.rows.len(), table.extras.len(), "round {round}");
        assert_eq!(table.rows.len(), origins.len(), "round {round}");
        // Every asset named by a row is one the table carries, under assets/.
        for extras in &table.extras {
            for image in extras.image.iter().chain(&extras.answer_image) {
                assert!(
                    image.starts_with("assets/") && !image.contains(".."),
                    "{image}"
                );
                assert!(table.assets.iter().any(|(p, _)| p == image), "{image}");
            }
        }
        // The pack files made from it read back.
        if let Ok(made) = kubestudy::pack::tsv::pack_text(
            &table,
            kubestudy::pack::tsv::Columns::default(),
            "hostile",
            "Hostile",
        ) {
            for (name, text) in made.files.iter().skip(1) {
                let parsed: Result<kubestudy::pack::model::Content, _> =
                    kubestudy::pack::parse::parse_ron(text);
                assert!(
                    parsed.is_ok(),
                    "round {round}: {name} does not read back:\n{text}"
                );
            }
        }
    }
}
