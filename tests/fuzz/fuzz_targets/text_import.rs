//! The Anki/Quizlet text import (`pack::tsv`): the first byte picks the columns, the rest is the
//! export. Reading and making the pack must never panic, and the pack text made must read back
//! (with our RON reader) as one card per row kept, with the row's front and back, unique ids.
#![no_main]

use std::collections::HashSet;

use kubestudy::pack::model::{Answer, ManifestFile};
use kubestudy::pack::parse::parse_ron;
use kubestudy::pack::tsv::{Columns, pack_text, plain, read_table};
use libfuzzer_sys::fuzz_target;

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
    let (pack, skipped) = pack_text(&table, columns, "fuzz-import", "Fuzz \"import\"\n");
    let manifest: ManifestFile = parse_ron(&pack)
        .unwrap_or_else(|e| panic!("the pack text made does not read back: {e:?}\n{pack}"));
    assert_eq!(manifest.id.as_str(), "fuzz-import");
    assert_eq!(
        manifest.cards.len() + skipped.len(),
        table.rows.len(),
        "rows lost"
    );
    let skipped: HashSet<usize> = skipped.iter().map(|(row, _)| *row).collect();
    let kept = table
        .rows
        .iter()
        .enumerate()
        .filter(|(n, _)| !skipped.contains(&(n + 1)))
        .map(|(_, row)| row);
    let mut ids = HashSet::new();
    for (row, card) in kept.zip(&manifest.cards) {
        let field = |i: usize| row.get(i).map(|f| written(&plain(f))).unwrap_or_default();
        assert_eq!(card.front, field(columns.front), "front changed");
        assert_eq!(
            card.answer,
            Answer::Text(field(columns.back)),
            "back changed"
        );
        assert!(
            ids.insert(card.id.as_str().to_owned()),
            "id {} twice",
            card.id.as_str()
        );
    }
});

/// A field as the pack keeps it: control characters other than newline and tab are dropped.
fn written(field: &str) -> String {
    field
        .chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect()
}
