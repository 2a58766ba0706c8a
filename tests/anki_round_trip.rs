//! A pack's cards to the phone and back: exported with their schedule, answered in
//! AnkiDroid, imported again. The phone's new answers join the history (nothing doubles, however
//! often the file comes back), the items are rescheduled from it, and text edited on the phone
//! is listed, not applied.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::{Read as _, Write as _};
use std::path::Path;

use kubestudy::pack::{Library, load};
use kubestudy::progress::settings::Settings;
use kubestudy::progress::{ItemKey, ItemKind, Store};
use kubestudy::study::Engine;
use kubestudy::study::clock::{FixedClock, Timestamp};
use kubestudy::study::schedule::Rating;

const NOW: Timestamp = Timestamp(1_795_341_600_000);
const PACK: &str = "k8s-storage";

fn library() -> Library {
    let sources = kubestudy::pack::library::available_sources(None);
    let reports: Vec<_> = sources.iter().map(load).collect();
    Library::from_reports(&reports)
}

/// What AnkiDroid does to the exported file: answers `card_item`'s card twice more, a day and
/// two days later, and rewrites the front of another note.
fn study_on_the_phone(apkg: &Path, card_item: &str, edited_item: &str) {
    let bytes = std::fs::read(apkg).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        entries.push((f.name().unwrap().into_owned(), data));
    }
    let (name, data) = entries
        .iter_mut()
        .find(|(n, _)| n == "collection.anki2")
        .expect("a schema-11 collection");
    let db = scratch.path().join(name.as_str());
    std::fs::write(&db, &*data).unwrap();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let guid = format!("kubestudy:{PACK}:{card_item}");
        let cid: i64 = conn
            .query_row(
                "SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid WHERE n.guid = ?1",
                [&guid],
                |r| r.get(0),
            )
            .unwrap();
        for (day, ease) in [(1, 3), (2, 1)] {
            conn.execute(
                "INSERT INTO revlog VALUES (?1, ?2, -1, ?3, 1, 1, 2500, 4000, 1)",
                rusqlite::params![NOW.0 + day * 86_400_000, cid, ease],
            )
            .unwrap();
        }
        let guid = format!("kubestudy:{PACK}:{edited_item}");
        conn.execute(
            "UPDATE notes SET flds = 'Edited on the phone' || substr(flds, instr(flds, char(31)))
             WHERE guid = ?1",
            [&guid],
        )
        .unwrap();
    }
    *data = std::fs::read(&db).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(apkg).unwrap());
    for (name, data) in &entries {
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap();
}

/// A home that studied two cards of the pack, exported it with its schedule, and the file after
/// the phone studied the first and edited the second: (home, its folders, the file, the two
/// item ids).
fn studied_on_the_phone() -> (
    tempfile::TempDir,
    kubestudy::dirs::AppDirs,
    tempfile::TempDir,
    std::path::PathBuf,
    String,
    String,
) {
    let home = tempfile::tempdir().unwrap();
    let dirs = kubestudy::dirs::AppDirs::resolve(Some(home.path())).unwrap();
    let library = library();
    let pack = library
        .get(&kubestudy::pack::PackId(PACK.to_owned()))
        .unwrap()
        .clone();
    let (first, second) = (pack.cards[0].id.0.clone(), pack.cards[1].id.0.clone());
    let clock = FixedClock::new(Timestamp(NOW.0 - 3_600_000), 0);
    {
        let mut engine =
            Engine::new(Store::open(&dirs.data).unwrap(), Settings::default()).unwrap();
        engine.sync_library(&library, &clock).unwrap();
        for item in [&first, &second] {
            engine
                .answer(
                    &ItemKey::new(PACK, item.as_str()),
                    ItemKind::Card,
                    Rating::Good,
                    "review",
                    3000,
                    &clock,
                )
                .unwrap();
        }
    }
    let out = tempfile::tempdir().unwrap();
    let (code, text, err) = crate::common::run_cli(|o, e| {
        kubestudy::cli::export_apkg(
            Some(&dirs),
            PACK,
            Some(out.path()),
            kubestudy::cli::ExportFlags {
                force: false,
                with_progress: true,
            },
            &clock,
            o,
            e,
        )
    });
    assert_eq!(code, 0, "{text}\n{err}");
    let apkg = std::fs::read_dir(out.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    study_on_the_phone(&apkg, &first, &second);
    (home, dirs, out, apkg, first, second)
}

#[test]
fn answers_from_the_phone_join_the_history_once_and_edits_are_listed() {
    let (_home, dirs, _out, apkg, first, second) = studied_on_the_phone();
    let later = FixedClock::new(Timestamp(NOW.0 + 3 * 86_400_000), 0);
    let import = || {
        crate::common::run_cli(|o, e| {
            kubestudy::cli::import_anki(&dirs, &apkg, false, &later, o, e)
        })
    };
    let (code, text, err) = import();
    assert_eq!(code, 0, "{text}\n{err}");
    assert!(text.contains("2 new answers, 2 already here"), "{text}");
    assert!(
        text.contains(&format!(
            "edited on the phone, not applied: {PACK} {second} front: \"Edited on the phone\""
        )),
        "{text}"
    );
    // No pack was made of it.
    assert!(
        !dirs.packs().join(PACK).exists() || !text.contains("installed"),
        "{text}"
    );
    let engine = Engine::new(Store::open(&dirs.data).unwrap(), Settings::default()).unwrap();
    assert_eq!(engine.store().review_count().unwrap(), 4);
    let state = engine.state(&ItemKey::new(PACK, first.as_str())).unwrap();
    assert_eq!(
        (state.reps, state.lapses),
        (3, 1),
        "rescheduled from its whole history"
    );
    assert!(
        engine.store().has_unsent().unwrap(),
        "the phone's answers go on to the sync folder"
    );
    // Undo takes back an answer given here, never one brought from the phone.
    assert_eq!(
        engine.store().last_answered().unwrap(),
        Some(ItemKey::new(PACK, second.as_str()))
    );
    drop(engine);
    // The same file again: nothing doubles.
    let (code, text, _) = import();
    assert_eq!(code, 0);
    assert!(text.contains("0 new answers, 4 already here"), "{text}");
    let engine = Engine::new(Store::open(&dirs.data).unwrap(), Settings::default()).unwrap();
    assert_eq!(engine.store().review_count().unwrap(), 4);
    assert_eq!(
        engine
            .store()
            .override_of(&ItemKey::new(PACK, second.as_str()))
            .unwrap(),
        None
    );
    drop(engine);
    // Asked to, the phone's edit becomes the learner's own edit of the card.
    let args = kubestudy::cli::AnkiImport {
        accept_edits: true,
        ..Default::default()
    };
    let (code, text, err) = crate::common::run_cli(|o, e| {
        kubestudy::cli::import_anki_with(&dirs, &apkg, &args, &later, o, e)
    });
    assert_eq!(code, 0, "{text}\n{err}");
    assert!(text.contains("took the phone's edits of 1 cards"), "{text}");
    let engine = Engine::new(Store::open(&dirs.data).unwrap(), Settings::default()).unwrap();
    let over = engine
        .store()
        .override_of(&ItemKey::new(PACK, second.as_str()))
        .unwrap()
        .expect("an edit of the card");
    assert!(over.body.contains("Edited on the phone"), "{}", over.body);
    assert_eq!(engine.store().review_count().unwrap(), 4);
}
