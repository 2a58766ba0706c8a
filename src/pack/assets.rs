//! Checks of pack assets (diagram background images): inside the pack, present, small enough,
//! decodable, and shaped like the canvas.

use std::io::Cursor;

use super::load::Parsed;
use super::locate::Step;
use super::source::{MAX_ASSET_BYTES, PackSource, check_relative_path};
use super::validate::Reporter;

/// Largest image side in pixels.
pub const MAX_IMAGE_SIDE: u32 = 4096;
/// The folder assets live in.
pub const ASSETS_DIR: &str = "assets/";

/// Checks every diagram background of `parsed`.
pub fn check(source: &PackSource, parsed: &Parsed, report: &mut Reporter<'_>) {
    for (diagram, loc) in parsed.diagrams() {
        let Some(background) = &diagram.background else {
            continue;
        };
        let path = super::validate::join(&loc.path(), &[Step::Field("background")]);
        let item = diagram.id.as_str();
        if let Err(message) = check_image(source, background, diagram.canvas) {
            report.at(loc.file, &path, item, message);
        }
    }
}

/// Decodes the image at `rel` (with limits) and compares its shape to `canvas`.
pub fn check_image(
    source: &PackSource,
    rel: &str,
    canvas: (u32, u32),
) -> Result<(u32, u32), String> {
    if !source.is_folder() {
        return Err(
            "a single-file pack cannot have images; make it a pack folder with an assets/ folder"
                .to_owned(),
        );
    }
    check_relative_path(rel)?;
    if !rel.trim_start_matches("./").starts_with(ASSETS_DIR) {
        return Err(format!("background `{rel}` must be under {ASSETS_DIR}"));
    }
    let bytes = source
        .read(rel, MAX_ASSET_BYTES)
        .map_err(|err| format!("background `{rel}`: {}", err.describe()))?;
    let (width, height) = decode(&bytes).map_err(|err| format!("background `{rel}`: {err}"))?;
    let (cw, ch) = canvas;
    // Compare aspect ratios by cross-multiplying; allow 2% of slack for rounding.
    let lhs = u64::from(width) * u64::from(ch);
    let rhs = u64::from(height) * u64::from(cw);
    if lhs.abs_diff(rhs) * 50 > lhs.max(rhs) {
        return Err(format!(
            "background `{rel}` is {width}x{height} pixels, not the shape of the {cw}x{ch} canvas"
        ));
    }
    Ok((width, height))
}

/// Reads the header, refuses oversized images, then decodes fully to prove the data is sound.
fn decode(bytes: &[u8]) -> Result<(u32, u32), String> {
    decode_full(bytes).map(|(w, h, _)| (w, h))
}

/// [`decode`], keeping the image.
fn decode_full(bytes: &[u8]) -> Result<(u32, u32, image::DynamicImage), String> {
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|err| format!("cannot read image: {err}"))?;
    if !matches!(
        reader.format(),
        Some(image::ImageFormat::Png | image::ImageFormat::Jpeg)
    ) {
        return Err("not a PNG or JPEG image".to_owned());
    }
    let (width, height) = reader
        .into_dimensions()
        .map_err(|err| format!("not a readable image: {err}"))?;
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(format!(
            "image is {width}x{height} pixels; the limit is {MAX_IMAGE_SIDE} on each side"
        ));
    }
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|err| format!("cannot read image: {err}"))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(u64::from(MAX_IMAGE_SIDE) * u64::from(MAX_IMAGE_SIDE) * 4 * 2);
    reader.limits(limits);
    let image = reader
        .decode()
        .map_err(|err| format!("image data is corrupt: {err}"))?;
    Ok((width, height, image))
}

/// A decoded background image: its size and RGBA pixels, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pixels {
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// Four bytes per pixel (red, green, blue, alpha, not premultiplied).
    pub rgba: Vec<u8>,
}

/// Reads and decodes a diagram's background image with the same checks as `kubestudy check`
/// (under `assets/`, at most 8 MiB, PNG or JPEG, at most 4096 px a side, the canvas's shape).
pub fn load_background(
    source: &PackSource,
    rel: &str,
    canvas: (u32, u32),
) -> Result<Pixels, String> {
    check_image(source, rel, canvas)?;
    let bytes = source
        .read(rel, MAX_ASSET_BYTES)
        .map_err(|err| format!("background `{rel}`: {}", err.describe()))?;
    let (width, height, image) =
        decode_full(&bytes).map_err(|err| format!("background `{rel}`: {err}"))?;
    Ok(Pixels {
        size: (width, height),
        rgba: image.into_rgba8().into_raw(),
    })
}
