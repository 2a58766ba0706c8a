//! Checks of pack assets (diagram background images, card images): inside the pack, present,
//! small enough, decodable, complete, and a background shaped like its canvas.
//!
//! Each image is read and decoded once, however many diagrams show it, and counts against the
//! pack's [`ReadBudget`]. A PNG's text and colour-profile chunks are dropped before decoding, so
//! none can inflate without bound; a JPEG must hold all the data its header announces
//! (see [`png_chunks`] and [`jpeg_scan`]).

mod jpeg_scan;
mod png_chunks;

use std::collections::HashMap;
use std::io::Cursor;

use image::ImageDecoder as _;

use super::locate::Step;
use super::parsed::Parsed;
use super::source::{
    FileNames, MAX_ASSET_BYTES, NameClash, PackSource, ReadBudget, pack_file_name,
};
use super::validate::Reporter;

/// Largest image side in pixels.
pub const MAX_IMAGE_SIDE: u32 = 4096;
/// The folder assets live in.
pub const ASSETS_DIR: &str = "assets/";
/// Most bytes a decoded image may take: a 4096x4096 image with four 16-bit channels.
const MAX_DECODED_BYTES: u64 = MAX_IMAGE_SIDE as u64 * MAX_IMAGE_SIDE as u64 * 4 * 2;

/// Checks every diagram background and card image of `parsed`, reading each image through
/// `budget` once however many items show it; `names` holds the pack's file names read so far,
/// so two spellings of one file are caught.
pub fn check(
    source: &PackSource,
    parsed: &Parsed,
    budget: &mut ReadBudget,
    names: &mut FileNames,
    report: &mut Reporter<'_>,
) {
    // What each distinct image gave: its size, or why it cannot be used.
    let mut seen: HashMap<String, Result<(u32, u32), String>> = HashMap::new();
    let mut size_of = |rel: &str| {
        asset_name(source, rel).and_then(|name| {
            if let Some(known) = seen.get(&name) {
                return known.clone();
            }
            if let Err(clash @ NameClash::Spelling(_)) = names.claim(&name) {
                return Err(clash.describe(rel));
            }
            let size = budget
                .read(source, &name, MAX_ASSET_BYTES)
                .map_err(|err| err.describe())
                .and_then(|bytes| decode(&bytes))
                .map(|image| (image.width(), image.height()));
            seen.insert(name, size.clone());
            size
        })
    };
    for (diagram, loc) in parsed.diagrams() {
        let Some(background) = &diagram.background else {
            continue;
        };
        let checked = size_of(background)
            .map_err(|why| format!("background `{background}`: {why}"))
            .and_then(|size| shape(size, diagram.canvas, background));
        if let Err(message) = checked {
            let path = super::validate::join(&loc.path(), &[Step::Field("background")]);
            report.at(loc.file, &path, diagram.id.as_str(), message);
        }
    }
    let checks = parsed.primers().flat_map(|(primer, loc)| {
        primer
            .sections
            .iter()
            .enumerate()
            .flat_map(move |(s, section)| {
                section.checks.iter().enumerate().map(move |(c, check)| {
                    let path = [
                        Step::Field(loc.list),
                        Step::Index(loc.index),
                        Step::Field("sections"),
                        Step::Index(s),
                        Step::Field("checks"),
                        Step::Index(c),
                    ];
                    (check, loc.file, path.to_vec())
                })
            })
    });
    let cards = parsed
        .cards()
        .map(|(card, loc)| (card, loc.file, loc.path().to_vec()));
    for (card, file, path) in cards.chain(checks) {
        let images = [("image", &card.image), ("answer_image", &card.answer_image)];
        for (field, image) in images {
            let Some(image) = image else {
                continue;
            };
            if let Err(why) = size_of(image) {
                let path = super::validate::join(&path, &[Step::Field(field)]);
                report.at(
                    file,
                    &path,
                    card.id.as_str(),
                    format!("{} `{image}`: {why}", field.replace('_', " ")),
                );
            }
        }
    }
}

/// The normalised name of the asset `rel`, if it may be one: a file under `assets/` of a folder.
fn asset_name(source: &PackSource, rel: &str) -> Result<String, String> {
    if !source.is_folder() {
        return Err(
            "a single-file pack cannot have images; make it a pack folder with an assets/ folder"
                .to_owned(),
        );
    }
    let name = pack_file_name(rel)?;
    if !name.starts_with(ASSETS_DIR) {
        return Err(format!("it must be under {ASSETS_DIR}"));
    }
    Ok(name)
}

/// `size` if it has the shape of `canvas` (2% of slack for rounding).
fn shape(size: (u32, u32), canvas: (u32, u32), rel: &str) -> Result<(u32, u32), String> {
    let ((width, height), (cw, ch)) = (size, canvas);
    // Compare aspect ratios by cross-multiplying.
    let lhs = u64::from(width) * u64::from(ch);
    let rhs = u64::from(height) * u64::from(cw);
    if lhs.abs_diff(rhs) * 50 > lhs.max(rhs) {
        return Err(format!(
            "background `{rel}` is {width}x{height} pixels, not the shape of the {cw}x{ch} canvas"
        ));
    }
    Ok(size)
}

/// Decodes a PNG or JPEG once, with limits: the size is checked from the header before any
/// pixel is decoded, and a JPEG's structure is checked before its pixels.
fn decode(bytes: &[u8]) -> Result<image::DynamicImage, String> {
    let format = match image::guess_format(bytes) {
        Ok(format @ (image::ImageFormat::Png | image::ImageFormat::Jpeg)) => format,
        _ => return Err("not a PNG or JPEG image".to_owned()),
    };
    let bytes = match format {
        image::ImageFormat::Png => png_chunks::without_metadata(bytes),
        _ => std::borrow::Cow::Borrowed(bytes),
    };
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes.as_ref()), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    let decoder = reader
        .into_decoder()
        .map_err(|err| format!("not a readable image: {err}"))?;
    let (width, height) = decoder.dimensions();
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(format!(
            "image is {width}x{height} pixels; the limit is {MAX_IMAGE_SIDE} on each side"
        ));
    }
    if format == image::ImageFormat::Jpeg
        && let Some(problem) = jpeg_scan::problem(&bytes)
    {
        return Err(problem);
    }
    image::DynamicImage::from_decoder(decoder)
        .map_err(|err| format!("image data is corrupt: {err}"))
}

/// Whether `bytes` can be a pack's image: the checks of `kubestudy check` (at most the asset
/// size, PNG or JPEG, complete, at most 4096 px a side), for an image about to become one.
pub fn check_image_bytes(bytes: &[u8]) -> Result<(), String> {
    if bytes.len() as u64 > MAX_ASSET_BYTES {
        return Err(format!(
            "it is {}; an image may be at most {}",
            crate::files::human_size(bytes.len() as u64),
            crate::files::human_size(MAX_ASSET_BYTES)
        ));
    }
    decode(bytes).map(|_| ())
}

/// A decoded background image: its size and RGBA pixels, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pixels {
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// Four bytes per pixel (red, green, blue, alpha, not premultiplied).
    pub rgba: Vec<u8>,
}

/// Reads and decodes a diagram's background image, once, with the same checks as
/// `kubestudy check` (under `assets/`, at most 8 MiB, PNG or JPEG, complete, at most 4096 px a
/// side, the canvas's shape).
pub fn load_background(
    source: &PackSource,
    rel: &str,
    canvas: (u32, u32),
) -> Result<Pixels, String> {
    let pixels = load_image(source, rel).map_err(|why| format!("background {why}"))?;
    shape(pixels.size, canvas, rel)?;
    Ok(pixels)
}

/// Reads and decodes an image of the pack (a card's), with the checks of `kubestudy check`
/// (under `assets/`, at most 8 MiB, PNG or JPEG, complete, at most 4096 px a side).
pub fn load_image(source: &PackSource, rel: &str) -> Result<Pixels, String> {
    let prefix = |why: String| format!("`{rel}`: {why}");
    let name = asset_name(source, rel).map_err(prefix)?;
    let bytes = source
        .read(&name, MAX_ASSET_BYTES)
        .map_err(|err| prefix(err.describe()))?;
    let image = decode(&bytes).map_err(prefix)?;
    Ok(Pixels {
        size: (image.width(), image.height()),
        rgba: image.into_rgba8().into_raw(),
    })
}
