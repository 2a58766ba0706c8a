//! The loader never panics: thousands of seeded mutations of valid packs (bytes flipped, cut,
//! duplicated, brackets and quotes inserted) each load to a report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use kubestudy::pack::{PackSource, load};

/// xorshift64*: a tiny deterministic generator, so a failure reproduces from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

const TOKENS: [&[u8]; 14] = [
    b"(",
    b")",
    b"[",
    b"]",
    b"\"",
    b",",
    b":",
    b"id: ",
    b"Some(",
    b"r#\"",
    b"/*",
    b"\xff",
    b"\n",
    b"99999999999999999999",
];

fn mutate(rng: &mut Rng, text: &[u8]) -> Vec<u8> {
    let mut bytes = text.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => {
                let last = bytes.len().saturating_sub(1);
                bytes[at.min(last)] = u8::try_from(rng.below(256)).unwrap_or(0);
            }
            1 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 => {
                let end = (at + rng.below(64)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                bytes.splice(at..at, token.iter().copied());
            }
        }
        if bytes.is_empty() {
            break;
        }
    }
    bytes
}

fn corpus() -> Vec<Vec<u8>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    let example = readme
        .split("### A complete pack")
        .nth(1)
        .and_then(|s| s.split("```ron\n").nth(1))
        .and_then(|s| s.split("\n```").next());
    let mut corpus = vec![example.expect("example").as_bytes().to_vec()];
    for pack in ["k8s-architecture", "k8s-workloads", "networking-primer"] {
        let Ok(entries) = std::fs::read_dir(root.join("packs").join(pack)) else {
            continue;
        };
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .collect();
        files.sort();
        corpus.extend(
            files
                .iter()
                .filter_map(|f| std::fs::read(f).ok())
                .map(|b| b[..b.len().min(6000)].to_vec()),
        );
    }
    corpus
}

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
