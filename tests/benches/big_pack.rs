//! The 100,000-card benchmark pack (with 20,000 terms), shared by the benchmarks that need a
//! library of that size (`#[path]`-included; not a bench target of its own).
#![allow(dead_code, clippy::expect_used)]

use std::fmt::Write as _;

pub const CARDS: usize = 100_000;
pub const TERMS: usize = 20_000;

/// Writes a pack folder with `TERMS` glossary terms and `CARDS` cards in two content files.
pub fn generate(dir: &std::path::Path) {
    let mut glossary = String::from("(glossary: [\n");
    for t in 0..TERMS {
        let _ = writeln!(
            glossary,
            "    (id: \"term-{t}\", term: \"Term number {t}\", aliases: [\"T{t}\"], \
             definition: \"A generated definition of term {t}, long enough to look like a real one.\", \
             see_also: [\"term-{}\"], tags: [\"generated\", \"kcna\"]),",
            (t + 1) % TERMS
        );
    }
    glossary.push_str("])\n");
    let mut cards = String::from("(cards: [\n");
    for c in 0..CARDS {
        let answer = match c % 3 {
            0 => format!("Text(\"The answer to question {c}\")"),
            1 => format!("Ordered([\"first step {c}\", \"second step {c}\", \"third step {c}\"])"),
            _ => format!("Set([\"one part {c}\", \"another part {c}\"])"),
        };
        let distractors = if c % 3 == 0 {
            format!(
                "distractors: [\"A wrong answer to question {c}\", \"The wrong reply {c}\", \
                 \"Another answer {c}\"], "
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            cards,
            "    (id: \"card-{c}\", front: \"What is generated question number {c} about?\", answer: {answer}, \
             {distractors}terms: [\"term-{}\"], tags: [\"generated\"], source: \"bench\"),",
            c % TERMS
        );
    }
    cards.push_str("])\n");
    std::fs::write(dir.join("glossary.ron"), glossary).expect("write");
    std::fs::write(dir.join("cards.ron"), cards).expect("write");
    std::fs::write(
        dir.join("pack.ron"),
        "(id: \"bench\", version: \"1.0.0\", title: \"Bench\", summary: \"Generated.\", language: \"en\", \
         license: \"CC0-1.0\", authors: [\"bench\"], kubernetes: \"1.35\", include: [\"glossary.ron\", \"cards.ron\"])",
    )
    .expect("write");
}
