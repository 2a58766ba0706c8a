//! Hostile background images from the hostile-input report (2026-12): a PNG whose colour profile
//! inflates to hundreds of megabytes (finding 20), JPEGs cut short or claiming more pixels than
//! they hold (finding 36).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::io::Cursor;

use common::{PackDir, expect_problem, render};

/// A pack whose one diagram (canvas `canvas`) shows `assets/bg.<ext>` holding `image`.
fn pack_showing(image: &[u8], ext: &str, canvas: (u32, u32)) -> PackDir {
    let (w, h) = canvas;
    let pack = PackDir::with_manifest(&format!(
        "    diagrams: [(id: \"d\", title: \"D\", canvas: ({w}, {h}), background: \"assets/bg.{ext}\",\n        \
         nodes: [(id: \"n\", label: \"N\", rect: (0, 0, 5, 5), role: \"r\")])],"
    ));
    pack.write_bytes(&format!("assets/bg.{ext}"), image);
    pack
}

/// The column of the background's value in the manifest line `pack_showing` writes.
fn background_col(canvas: (u32, u32)) -> usize {
    format!(
        "    diagrams: [(id: \"d\", title: \"D\", canvas: ({}, {}), background: ",
        canvas.0, canvas.1
    )
    .len()
        + 1
}

/// An RGB image of pseudo-random noise (so a JPEG of it has real scan data).
fn noise(width: u32, height: u32) -> image::RgbImage {
    let mut state = 0x2545_f491_u32;
    image::RgbImage::from_fn(width, height, |_, _| {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let [r, g, b, _] = state.to_be_bytes();
        image::Rgb([r, g, b])
    })
}

fn encode(image: &image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), format)
        .unwrap();
    bytes
}

fn crc32(bytes: &[u8]) -> u32 {
    let table: Vec<u32> = (0..256u32)
        .map(|n| {
            (0..8).fold(n, |c, _| {
                if c & 1 == 1 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                }
            })
        })
        .collect();
    !bytes
        .iter()
        .fold(!0u32, |c, &b| table[usize::from((c as u8) ^ b)] ^ (c >> 8))
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[4..]);
    out.extend_from_slice(&crc.to_be_bytes());
    out
}

/// A zlib stream inflating to `1 + 258 * matches` zero bytes: fixed-Huffman deflate of one
/// literal zero, then copies of 258 bytes from one byte back (13 bits each, about 160:1).
fn zeros_zlib(matches: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        count: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, count: u32) {
            self.acc |= value << self.count;
            self.count += count;
            while self.count >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.count -= 8;
            }
        }
        /// A Huffman code: written from its most significant bit.
        fn code(&mut self, code: u64, len: u32) {
            let reversed = (0..len).fold(0, |r, i| (r << 1) | ((code >> i) & 1));
            self.put(reversed, len);
        }
    }
    let mut bits = Bits {
        out: vec![0x78, 0x01],
        acc: 0,
        count: 0,
    };
    bits.put(0b011, 3); // The last block, fixed codes.
    bits.code(0x30, 8); // Literal 0.
    for _ in 0..matches {
        bits.code(0xc5, 8); // Length 258 (symbol 285, no extra bits).
        bits.code(0, 5); // Distance 1.
    }
    bits.code(0, 7); // End of block.
    bits.put(0, 7);
    let n = 1 + 258 * matches as u64;
    let adler = ((n % 65_521) << 16) | 1;
    bits.out.extend_from_slice(&(adler as u32).to_be_bytes());
    bits.out
}

/// An 800x400 PNG whose iCCP chunk (colour profile) is a zlib stream of 600 MiB of zeros, and
/// whose zTXt chunk is another, in a pack that shows it.
fn bomb_pack() -> PackDir {
    let png = encode(&noise(800, 400).into(), image::ImageFormat::Png);
    let profile = zeros_zlib(600 * 1024 * 1024 / 258);
    assert!(profile.len() < 5 * 1024 * 1024, "{}", profile.len());
    let mut iccp = b"icc\0\0".to_vec();
    iccp.extend_from_slice(&profile);
    let mut ztxt = b"Comment\0\0".to_vec();
    ztxt.extend_from_slice(&zeros_zlib(1000));
    // IHDR is the first chunk: signature (8) + length, type, 13 bytes, CRC (25).
    let bomb = [
        &png[..33],
        &chunk(b"iCCP", &iccp),
        &chunk(b"zTXt", &ztxt),
        &png[33..],
    ]
    .concat();
    pack_showing(&bomb, "png", (800, 400))
}

/// Finding 20 (part): the bomb is a good image once its profile is dropped.
#[test]
fn a_png_colour_profile_bomb_loads_clean() {
    let report = bomb_pack().load();
    assert!(report.problems.is_empty(), "{}", render(&report.problems));
}

/// Finding 20: such a PNG made `check` use 534 MB (the decoder's memory limits do not cover the
/// profile) and called it clean. Text and profile chunks are dropped before decoding: the test
/// above runs again in a child process held to 400 MB of address space, which a profile
/// inflated to 512 MiB (the decoder's default limit) would exceed. (The child is this test
/// binary, not the `kubestudy` binary, which in a shared target folder may be another
/// checkout's.)
#[cfg(target_os = "linux")]
#[test]
fn a_png_colour_profile_bomb_is_not_inflated() {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 400000 && exec \"$0\" --exact hostile_images::a_png_colour_profile_bomb_loads_clean --test-threads 1")
        .arg(std::env::current_exe().unwrap())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{output:?}\n{out}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.contains("1 passed"), "{out}");
}

/// Finding 36: a JPEG cut in half, and one whose header claims 4096x2048 over 800x400 of data,
/// passed as clean (the decoder fills what is missing with grey). Whole JPEGs of odd sizes, in
/// colour and in grey, stay clean.
#[test]
fn jpegs_cut_short_or_lying_about_their_size_are_refused() {
    let colour = encode(&noise(800, 400).into(), image::ImageFormat::Jpeg);
    for (image, canvas) in [
        (colour.clone(), (800, 400)),
        (
            encode(&noise(801, 399).into(), image::ImageFormat::Jpeg),
            (800, 400),
        ),
        (
            encode(
                &image::DynamicImage::from(noise(300, 150)).grayscale(),
                image::ImageFormat::Jpeg,
            ),
            (400, 200),
        ),
    ] {
        let report = pack_showing(&image, "jpg", canvas).load();
        assert!(report.problems.is_empty(), "{}", render(&report.problems));
    }

    let half = &colour[..colour.len() / 2];
    let at = (10, background_col((800, 400)));
    let report = pack_showing(half, "jpg", (800, 400)).load();
    expect_problem(&report, "pack.ron", at, "d", "the JPEG is cut short");

    // The frame header (SOF0) holds the height, then the width, after its length and precision.
    let sof = colour.windows(2).position(|w| w == [0xff, 0xc0]).unwrap();
    let mut lying = colour.clone();
    lying[sof + 5..sof + 9].copy_from_slice(&[0x08, 0x00, 0x10, 0x00]);
    let report = pack_showing(&lying, "jpg", (4096, 2048)).load();
    let problem = expect_problem(
        &report,
        "pack.ron",
        (10, background_col((4096, 2048))),
        "d",
        "of the 4096x2048 pixels its header announces",
    );
    assert!(
        problem.message.contains("holds image data for only 3%"),
        "{problem}"
    );
}

/// Finding 40: two backgrounds whose names differ only in case are one file on Windows and
/// macOS; the second is refused. The same background shown by two diagrams is fine (and read
/// once).
#[test]
fn background_names_that_are_one_file_elsewhere_are_refused() {
    let png = encode(&noise(40, 20).into(), image::ImageFormat::Png);
    let diagram = |id: &str, background: &str| {
        format!(
            "(id: \"{id}\", title: \"D\", canvas: (400, 200), background: \"{background}\", \
             nodes: [(id: \"n\", label: \"N\", rect: (0, 0, 5, 5), role: \"r\")])"
        )
    };
    let pack = PackDir::with_manifest(&format!(
        "    diagrams: [{}, {}, {}],",
        diagram("a", "assets/bg.png"),
        diagram("b", "./assets/bg.png"),
        diagram("c", "assets/BG.png"),
    ));
    pack.write_bytes("assets/bg.png", &png);
    pack.write_bytes("assets/BG.png", &png);
    let report = pack.load();
    let problem = report.problems.first().expect("a problem");
    assert_eq!(report.problems.len(), 1, "{}", render(&report.problems));
    assert_eq!(problem.item, "c");
    assert!(
        problem.message.starts_with(
            "background `assets/BG.png`: `assets/BG.png` and `assets/bg.png` differ only in upper \
             and lower case"
        ),
        "{problem}"
    );
}
