//! The Anki/Quizlet text import (`pack::tsv`). The first byte picks the columns (bits 0-5) and
//! whether the pack is also staged (bit 7, for inputs of even length: staging writes and loads
//! a pack, so about one input in four does it and the reader and writer get the other runs);
//! the rest is the export. Nothing may panic; the pack
//! files made must read back (with our RON reader) as one card per row kept, in order, with the
//! row's front and back (a cloze front makes a cloze card, its back the explanation) and unique
//! ids; a staged import is clean and leaves nothing behind.
#![no_main]

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kubestudy::pack::model::{Answer, Card, Content, ManifestFile};
use kubestudy::pack::parse::parse_ron;
use kubestudy::pack::tsv::{self, Columns, Table, pack_text, plain, read_table};
use libfuzzer_sys::fuzz_target;

const ID: &str = "fuzz-import";
const TITLE: &str = "Fuzz import";

fuzz_target!(|data: &[u8]| {
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    let columns = Columns {
        front: usize::from(pick & 3),
        back: usize::from((pick >> 2) & 3),
        tags: (pick & 0x40 == 0).then_some(usize::from((pick >> 4) & 3)),
    };
    // The app refuses text that is not UTF-8; the rest still reaches the reader as a lossy copy.
    let text = String::from_utf8_lossy(text);
    let Ok(table) = read_table(&text) else {
        return;
    };
    assert_eq!(
        table.rows.len(),
        table.lines.len(),
        "a row without its line"
    );
    round_trip(&table, columns);
    if pick & 0x80 != 0 && data.len() % 2 == 0 {
        stage(&table, columns);
    }
});

/// The files `pack_text` makes read back as the rows kept.
fn round_trip(table: &Table, columns: Columns) {
    let Ok(made) = pack_text(table, columns, ID, TITLE) else {
        return;
    };
    let mut files = made.files.iter();
    let Some((name, manifest)) = files.next() else {
        panic!("no manifest made");
    };
    assert_eq!(name, "pack.ron");
    let manifest: ManifestFile = parse_ron(manifest)
        .unwrap_or_else(|e| panic!("the manifest made does not read back: {e:?}\n{manifest}"));
    assert_eq!(manifest.id.as_str(), ID);
    let mut cards: Vec<Card> = Vec::new();
    for (name, text) in files {
        assert!(manifest.include.contains(name), "{name} not included");
        let content: Content = parse_ron(text)
            .unwrap_or_else(|e| panic!("{name} made does not read back: {e:?}\n{text}"));
        cards.extend(content.cards);
    }
    assert_eq!(cards.len(), made.cards, "cards miscounted");
    let skipped: HashSet<usize> = made
        .notes
        .iter()
        .filter(|n| n.skipped)
        .map(|n| n.line)
        .collect();
    let kept = table
        .rows
        .iter()
        .zip(&table.lines)
        .filter(|(_, line)| !skipped.contains(line));
    assert_eq!(kept.clone().count(), cards.len(), "rows lost or doubled");
    let mut ids = HashSet::new();
    for ((row, line), card) in kept.zip(&cards) {
        let field = |i: usize| row.get(i).map(|f| written(&plain(f))).unwrap_or_default();
        assert_eq!(
            card.front,
            field(columns.front),
            "line {line}: front changed"
        );
        let back = field(columns.back);
        if tsv::is_cloze(&card.front) {
            // A cloze note's back is its explanation, when it has one.
            assert_eq!(card.answer, Answer::Cloze, "line {line}: not a cloze card");
            let extra = (!back.is_empty()).then_some(back);
            assert_eq!(card.explanation, extra, "line {line}: back changed");
        } else {
            assert_eq!(card.answer, Answer::Text(back), "line {line}: back changed");
        }
        assert!(
            ids.insert(card.id.as_str().to_owned()),
            "id {} twice",
            card.id.as_str()
        );
    }
}

/// A field as the pack keeps it: line ends made `\n`, other control characters (but tabs)
/// dropped.
fn written(field: &str) -> String {
    field
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect()
}

/// Staging the import (as `kubestudy import-text` and the window do) gives a clean pack or a
/// refusal, and leaves nothing in the packs folder.
fn stage(table: &Table, columns: Columns) {
    let packs = packs_dir();
    if let Ok(staged) = tsv::stage(packs, table, columns, ID, TITLE) {
        let report = &staged.staged.report;
        assert!(
            report.problems.is_empty(),
            "staged with problems: {:?}",
            report.problems
        );
        // The pack asks each text card once and each cloze card once per deletion number.
        let asked = report.pack.as_ref().map_or(0, |p| p.cards.len());
        let most = staged.cards * kubestudy::pack::cloze::MAX_NUMBERS;
        assert!(
            (staged.cards..=most).contains(&asked),
            "cards miscounted: {} written, {asked} asked",
            staged.cards
        );
    }
    let left: Vec<_> = fs::read_dir(packs)
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "left in the packs folder: {left:?}");
}

/// A packs folder of this process's own under `kubestudy-fuzz/` on a RAM disk where there is one.
fn packs_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = Path::new("/dev/shm");
        let base = if shm.is_dir() {
            shm.to_owned()
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("kubestudy-fuzz/text-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        dir
    })
}
