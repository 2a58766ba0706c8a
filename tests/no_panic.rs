//! The loader never panics: thousands of seeded mutations of valid packs (bytes flipped, cut,
//! duplicated, brackets and quotes inserted) each load to a report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use common::{Rng, corpus, mutate};
use kubestudy::pack::{PackSource, load};

#[test]
fn mutated_packs_never_panic() {
    let corpus = corpus();
    let dir = common::PackDir::new();
    let mut rng = Rng(0x5eed_cafe_f00d_0001);
    let mut with_problems = 0;
    for round in 0..1500 {
        let base = &corpus[round % corpus.len()];
        let mutated = mutate(&mut rng, base);
        // Alternate between a single-file pack and a folder whose content file is mutated.
        let report = if round % 2 == 0 {
            let path = dir.write_bytes("single.ron", &mutated);
            load(&PackSource::File(path))
        } else {
            dir.write(
                "pack.ron",
                &format!(
                    "{}    include: [\"content.ron\"],\n)",
                    common::MANIFEST_HEAD
                ),
            );
            dir.write_bytes("content.ron", &mutated);
            load(&PackSource::Dir(dir.path().to_owned()))
        };
        if !report.problems.is_empty() {
            with_problems += 1;
        }
        for problem in &report.problems {
            assert!(
                problem.line >= 1 && problem.col >= 1,
                "round {round}: {problem}"
            );
        }
    }
    // Most mutations break something; all of them were reported rather than panicking.
    assert!(
        with_problems > 1000,
        "only {with_problems} of 1500 mutations reported problems"
    );
}
