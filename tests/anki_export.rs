//! A pack written as an Anki package: read back by our importer it gives the same study items
//! (question, answer, options, explanation, images), progress goes in only when asked, and the
//! schedule and history it carries come back as the same states.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::Read;

use kubestudy::anki::export::{self, WithProgress};
use kubestudy::pack::model::{Answer, Card};
use kubestudy::pack::{PackSource, load};
use kubestudy::progress::answers::{ItemKey, ItemKind};
use kubestudy::progress::types::{Phase, Rating};
use kubestudy::study::clock::{FixedClock, Timestamp};

use crate::common::{PackDir, png};

const CONTENT: &str = r#"
    glossary: [
        (id: "etcd", term: "etcd", aliases: ["etcd store"],
         definition: "The cluster's key-value store, read and written only by `kube-apiserver`."),
    ],
    cards: [
        (id: "plain", front: "Which component assigns Pods to nodes?", answer: Text("kube-scheduler"),
         explanation: "It watches for Pods with no `spec.nodeName`.\nThen it scores nodes.",
         image: "assets/question.png", answer_image: "assets/answer.png", tags: ["control-plane"]),
        (id: "pick", front: "Which port does kube-apiserver serve on by default?", answer: Text("6443"),
         distractors: ["443", "8080", "10250"]),
        (id: "steps", front: "Put a rolling update's steps in order.",
         answer: Ordered(["A new ReplicaSet is created", "It is scaled up", "The old one is scaled down"]),
         answer_image: "assets/answer.png"),
        (id: "parts", front: "Name the two parts of a Service's identity.",
         answer: Set(["a stable virtual IP", "a DNS name"])),
        (id: "gap", front: "{{c1::etcd::a store}} keeps the state; {{c2::kube-apiserver}} is its only client & <gatekeeper>.",
         answer: Cloze),
        (id: "both", front: "What does RBAC stand for?", answer: Text("Role-based access control"),
         reverse: true),
    ],
"#;

fn pack_dir() -> PackDir {
    let dir = PackDir::with_manifest(CONTENT);
    dir.write_bytes("assets/question.png", &png(40, 30));
    dir.write_bytes("assets/answer.png", &png(20, 20));
    dir
}

fn loaded(dir: &PackDir) -> (PackSource, kubestudy::pack::Pack) {
    let source = PackSource::Dir(dir.path().to_owned());
    let report = load(&source);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    (source, report.pack.unwrap())
}

/// What a study item asks and shows, whatever its id.
fn seen(card: &Card) -> (String, Answer, Option<String>, Vec<String>, bool, bool) {
    let mut options = card.distractors.clone();
    options.sort();
    (
        card.front.clone(),
        card.answer.clone(),
        card.explanation.clone(),
        options,
        card.image.is_some(),
        card.answer_image.is_some(),
    )
}

const NOW: Timestamp = Timestamp(1_795_341_600_000);

#[test]
fn an_exported_pack_imports_back_as_the_same_study_items() {
    let dir = pack_dir();
    let (source, pack) = loaded(&dir);
    let done = export::apkg(&source, &pack, None, NOW).unwrap();
    // Six cards and a term: one note each; the cloze note has two cards, the reversed one two.
    assert_eq!(done.notes, 7);
    assert_eq!(done.cards, 9);
    assert_eq!(done.reviews, 0);
    assert_eq!(done.images, 2);
    // The package: a schema-11 collection, a media map naming the two images, the images.
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("test.apkg");
    std::fs::write(&path, &done.bytes).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["0", "1", "collection.anki2", "media"]);
    let mut media = String::new();
    zip.by_name("media")
        .unwrap()
        .read_to_string(&mut media)
        .unwrap();
    assert!(
        media.contains("question.png") && media.contains("answer.png"),
        "{media}"
    );
    // Read back by the importer.
    let packs = tempfile::tempdir().unwrap();
    let staged = kubestudy::anki::import::stage_package(packs.path(), &path).unwrap();
    let report = &staged.staged.report;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let back = report.pack.as_ref().unwrap();
    assert_eq!(back.manifest.title, "Test pack");
    let mut want: Vec<_> = pack.cards.iter().map(seen).collect();
    // A glossary term comes back as a card: the term asks, the definition answers, its other
    // names explain.
    want.push((
        "etcd".to_owned(),
        Answer::Text(pack.glossary[0].definition.clone()),
        Some("Also called: etcd store".to_owned()),
        Vec::new(),
        false,
        false,
    ));
    let mut got: Vec<_> = back.cards.iter().map(seen).collect();
    want.sort_by(|a, b| a.0.cmp(&b.0));
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got, want);
    // Tags stay (with the deck's), and the images are the pack's own again.
    let plain = back
        .cards
        .iter()
        .find(|c| c.front.starts_with("Which component"))
        .unwrap();
    assert!(
        plain.tags.iter().any(|t| t == "control-plane"),
        "{:?}",
        plain.tags
    );
    let image = staged
        .staged
        .dir()
        .join(plain.answer_image.as_deref().unwrap());
    assert_eq!(std::fs::read(image).unwrap(), png(20, 20));
    // The same pack exported again gives notes with the same guids: Anki updates, not doubles.
    let again = export::apkg(&source, &pack, None, Timestamp(NOW.0 + 86_400_000)).unwrap();
    assert_eq!(guids(&done.bytes), guids(&again.bytes));
}

fn guids(apkg: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(apkg)).unwrap();
    let mut db = Vec::new();
    zip.by_name("collection.anki2")
        .unwrap()
        .read_to_end(&mut db)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.anki2");
    std::fs::write(&path, db).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut stmt = conn
        .prepare("SELECT guid FROM notes ORDER BY guid")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn progress_goes_in_only_when_asked_and_comes_back_as_the_same_schedule() {
    let dir = pack_dir();
    let (source, pack) = loaded(&dir);
    let home = tempfile::tempdir().unwrap();
    let store = kubestudy::progress::Store::open(home.path()).unwrap();
    let settings = kubestudy::progress::settings::Settings::default();
    let mut engine = kubestudy::study::Engine::new(store, settings).unwrap();
    let library = kubestudy::pack::Library::from_reports(&[load(&source)]);
    let clock = FixedClock::new(Timestamp(NOW.0 - 20 * 86_400_000), 0);
    engine.sync_library(&library, &clock).unwrap();
    let key = |item: &str| ItemKey::new("test-pack", item);
    // Three days of answers on two items; a third answered once and failed.
    for rating in [Rating::Good, Rating::Good, Rating::Hard, Rating::Good] {
        for item in ["plain", "gap/c1"] {
            engine
                .answer(&key(item), ItemKind::Card, rating, "review", 4000, &clock)
                .unwrap();
        }
        clock.advance_secs(3 * 86_400);
    }
    engine
        .answer(
            &key("pick"),
            ItemKind::Card,
            Rating::Again,
            "review",
            90_000,
            &clock,
        )
        .unwrap();
    let days = engine.days(&clock);
    let without = export::apkg(&source, &pack, None, NOW).unwrap();
    assert_eq!(without.reviews, 0);
    let with = WithProgress {
        store: engine.store(),
        days,
    };
    let done = export::apkg(&source, &pack, Some(&with), NOW).unwrap();
    assert_eq!(done.reviews, 9);
    // Into a second home, through the importer, history and all.
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("with.apkg");
    std::fs::write(&path, &done.bytes).unwrap();
    let second = tempfile::tempdir().unwrap();
    let dirs = kubestudy::dirs::AppDirs::resolve(Some(second.path())).unwrap();
    let (code, text, err) = crate::common::run_cli(|out, err| {
        kubestudy::cli::import_anki(&dirs, &path, false, &clock, out, err)
    });
    assert_eq!(code, 0, "{text}\n{err}");
    assert!(text.contains("imported 9 answers of 3 cards"), "{text}");
    let imported = kubestudy::progress::Store::open(&dirs.data).unwrap();
    let back = load(&PackSource::Dir(dirs.packs().join("test-pack")))
        .pack
        .unwrap();
    for (item, front_start) in [
        ("plain", "Which component"),
        ("gap/c1", "[a store] keeps"),
        ("pick", "Which port"),
    ] {
        let ours = engine.store().item_state(&key(item)).unwrap().unwrap();
        let card = back
            .cards
            .iter()
            .find(|c| c.front.starts_with(front_start))
            .unwrap();
        let theirs = imported
            .item_state(&ItemKey::new("test-pack", card.id.0.clone()))
            .unwrap()
            .unwrap();
        assert_eq!(theirs.reps, ours.reps, "{item}");
        assert_eq!(theirs.lapses, ours.lapses, "{item}");
        assert_eq!(
            theirs.phase == Phase::Review,
            ours.phase == Phase::Review,
            "{item}: {theirs:?} vs {ours:?}"
        );
        assert_eq!(days.day_of(theirs.due), days.day_of(ours.due), "{item}");
        let (a, b) = (theirs.memory.unwrap(), ours.memory.unwrap());
        let off = (a.stability - b.stability).abs() / b.stability;
        assert!(
            off <= 0.01,
            "{item}: stability {} vs {}",
            a.stability,
            b.stability
        );
        assert_eq!(
            imported
                .history(&ItemKey::new("test-pack", card.id.0.clone()))
                .unwrap()
                .len(),
            engine.store().history(&key(item)).unwrap().len()
        );
    }
}

#[test]
fn kubestudy_export_writes_an_apkg_and_progress_only_goes_with_one() {
    let home = tempfile::tempdir().unwrap();
    let dirs = kubestudy::dirs::AppDirs::resolve(Some(home.path())).unwrap();
    let out = tempfile::tempdir().unwrap();
    let export = || {
        crate::common::run_cli(|o, e| {
            kubestudy::cli::export_apkg(
                Some(&dirs),
                "k8s-storage",
                Some(out.path()),
                kubestudy::cli::ExportFlags::default(),
                &FixedClock::new(NOW, 0),
                o,
                e,
            )
        })
    };
    let (code, text, err) = export();
    assert_eq!(code, 0, "{text}\n{err}");
    assert!(text.contains("k8s-storage-"), "{text}");
    assert!(
        text.contains("left out: 1 primer: Anki has nothing like them"),
        "{text}"
    );
    let written: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written.len(), 1);
    assert!(written[0].ends_with(".apkg"), "{written:?}");
    // Again: the file exists, so --force is asked for and nothing is replaced.
    let (code, _, err) = export();
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
    // A .kspack never carries progress: asking for it is refused.
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_kubestudy"))
        .args(["export", "k8s-storage", "--with-progress", "-o"])
        .arg(out.path())
        .env("KUBESTUDY_HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("--with-progress goes with --format apkg"),
        "{said}"
    );
}
