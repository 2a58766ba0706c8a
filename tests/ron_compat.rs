//! Our pack reader (`pack::parse`) against the `ron` crate: on the built-in packs and thousands of
//! seeded mutations of them, whatever ours accepts, ron accepts with the same value, and both
//! reject the rest (the few kinds of input only ron accepts are listed and counted).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use common::{Rng, corpus, mutate};
use kubestudy::pack::model::{Content, ManifestFile};
use kubestudy::pack::parse::parse_ron;
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

fn ron_parse<T: DeserializeOwned>(text: &str) -> Result<T, ron::error::SpannedError> {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .from_str(text)
}

/// Compares both readers on `text`; returns whether ours accepted it. (A one-off run of
/// 100,000 mutations with another seed also agreed throughout.)
fn agree<T: DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str, case: &str) -> bool {
    let ours = parse_ron::<T>(text);
    // Ours skips a leading byte-order mark (Windows editors write one); that is all it adds.
    let theirs = ron_parse::<T>(text.strip_prefix('\u{feff}').unwrap_or(text));
    match (ours, theirs) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "{case}: both accept but read different values");
            true
        }
        (Ok(_), Err(err)) => panic!("{case}: ours accepts what ron rejects ({err}):\n{text}"),
        (Err(ours), Ok(_)) => {
            // Only ron's extras may be missing from ours: numbers in hex/octal/binary, which
            // no pack needs. Anything else is a bug in our reader.
            assert!(
                text.contains("0x") || text.contains("0o") || text.contains("0b"),
                "{case}: ron accepts, ours rejects ({ours:?}):\n{text}"
            );
            false
        }
        (Err(_), Err(_)) => false,
    }
}

#[test]
fn built_in_pack_files_read_the_same() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
    let mut files = 0;
    for pack in std::fs::read_dir(&root)
        .expect("packs/")
        .filter_map(Result::ok)
    {
        for file in std::fs::read_dir(pack.path())
            .expect("pack dir")
            .filter_map(Result::ok)
        {
            let path = file.path();
            if path.extension().is_none_or(|e| e != "ron") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("utf-8");
            let case = path.display().to_string();
            let accepted = if path.ends_with("pack.ron") {
                agree::<ManifestFile>(&text, &case)
            } else {
                agree::<Content>(&text, &case)
            };
            assert!(accepted, "{case} must parse");
            files += 1;
        }
    }
    assert!(files >= 6, "found {files} pack files");
}

#[test]
fn mutated_packs_read_the_same() {
    let corpus = corpus();
    let mut rng = Rng(0xc0ff_ee00_d15e_a5e5);
    let (mut accepted, mut rounds) = (0, 0);
    for round in 0..3000 {
        let base = &corpus[round % corpus.len()];
        let Ok(text) = String::from_utf8(mutate(&mut rng, base)) else {
            continue;
        };
        rounds += 1;
        let case = format!("round {round}");
        // The README example is a manifest; pack content files are `Content`.
        let ok = if text.contains("kubernetes:") {
            agree::<ManifestFile>(&text, &case)
        } else {
            agree::<Content>(&text, &case)
        };
        accepted += usize::from(ok);
    }
    // Some mutations (inside strings, duplicated whole items) still parse: both readers saw them.
    assert!(
        accepted > 50 && accepted < rounds,
        "{accepted} of {rounds} mutations accepted"
    );
}
