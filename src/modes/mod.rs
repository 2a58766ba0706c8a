//! Study-mode sessions as plain state machines, driven by the app's reducer and tested without a
//! window: flashcard review, glossary search and its drill, diagram geometry and quiz.

pub mod browser;
pub mod card_edit;
pub mod cram;
pub mod diagram;
mod diagram_grid;
pub mod diagram_labels;
pub mod diagram_quiz;
pub mod diagram_route;
pub mod drill;
pub mod exam_items;
pub mod glossary;
pub mod hands_on;
pub mod mock;
pub mod review;
pub mod task_mock;

/// SplitMix64's finaliser: a well-spread hash of `x`, for seeded, repeatable orders.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// FNV-1a over an item's pack and id: a stable per-item salt for seeded orders.
pub(crate) fn key_hash(key: &crate::progress::ItemKey) -> u64 {
    key.pack
        .bytes()
        .chain([0])
        .chain(key.item.bytes())
        .fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}
