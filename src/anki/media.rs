//! The images an Anki note shows, made the pack's: found in a field's HTML (`<img src=…>`),
//! read from the package once per file, held to the pack's image limits, and put under
//! `assets/` with a name every system can hold. What cannot be kept is said, never dropped
//! silently.

use std::collections::{BTreeMap, HashSet};

use super::convert::Media;

/// Most distinct images one package brings (each is decoded once to be checked).
const MAX_IMAGES: usize = 2000;
/// Most bytes of images one package brings: half of what a pack may hold, the rest for cards.
const MAX_IMAGE_TOTAL: usize = crate::pack::tsv::MAX_PACK_BYTES / 2;

/// The `src` of every `<img>` in `html`, in order, with `&amp;`-style entities decoded.
pub fn image_sources(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower.get(from..).and_then(|r| r.find("<img")) {
        let start = from + at;
        let end = lower
            .get(start..)
            .and_then(|r| r.find('>'))
            .map_or(lower.len(), |e| start + e);
        from = end.max(start + 4);
        let tag = html.get(start..end).unwrap_or_default();
        let tag_lower = lower.get(start..end).unwrap_or_default();
        let Some(src_at) = tag_lower.find("src=") else {
            continue;
        };
        let value = tag.get(src_at + 4..).unwrap_or_default();
        let src = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value.get(1..).and_then(|v| v.split(q).next()),
            _ => value.split([' ', '/', '>']).next(),
        }
        .unwrap_or_default();
        let src = src
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'");
        if !src.trim().is_empty() {
            out.push(src);
        }
    }
    out
}

/// The images taken so far: by Anki's file name, the pack path it became or why it could not.
#[derive(Debug, Default)]
pub struct Images {
    by_name: BTreeMap<String, Result<String, String>>,
    /// Pack paths given out, lowercased (two names differing only in case stay apart).
    taken: HashSet<String>,
    /// Bytes of the images taken.
    total: usize,
}

impl Images {
    /// The pack path of the first image in `html` (copied into `assets` on first use); what
    /// could not be kept of it and of the field's other images goes into `left_out`.
    pub fn first_of(
        &mut self,
        html: &str,
        media: &mut Media<'_>,
        assets: &mut Vec<(String, Vec<u8>)>,
        left_out: &mut Vec<String>,
    ) -> Option<String> {
        let sources = image_sources(html);
        let first = sources.first()?;
        if sources.len() > 1 {
            left_out.push(format!(
                "{} more images of a side left out: a card shows one image with its question \
                 and one with its answer",
                sources.len() - 1
            ));
        }
        let shown = crate::files::terminal_safe(first, false);
        match self.take(first, media, assets) {
            Ok(path) => Some(path),
            Err(why) => {
                left_out.push(format!("image `{shown}` left out: {why}"));
                None
            }
        }
    }

    fn take(
        &mut self,
        name: &str,
        media: &mut Media<'_>,
        assets: &mut Vec<(String, Vec<u8>)>,
    ) -> Result<String, String> {
        if let Some(known) = self.by_name.get(name) {
            return known.clone();
        }
        let result = if self.by_name.len() >= MAX_IMAGES {
            Err(format!(
                "the package names more than {MAX_IMAGES} images; the rest are left out"
            ))
        } else {
            self.read(name, media, assets)
        };
        self.by_name.insert(name.to_owned(), result.clone());
        result
    }

    fn read(
        &mut self,
        name: &str,
        media: &mut Media<'_>,
        assets: &mut Vec<(String, Vec<u8>)>,
    ) -> Result<String, String> {
        let lower = name.to_ascii_lowercase();
        if ![".png", ".jpg", ".jpeg"].iter().any(|e| lower.ends_with(e)) {
            return Err("kubestudy shows PNG and JPEG images only".to_owned());
        }
        let bytes = media(name).map_err(|why| match why.as_str() {
            "not in the package" => "the package does not hold it (missing media)".to_owned(),
            _ => why,
        })?;
        crate::pack::assets::check_image_bytes(&bytes)?;
        if self.total + bytes.len() > MAX_IMAGE_TOTAL {
            return Err(format!(
                "the package's images pass {}, the most one pack takes",
                crate::files::human_size(MAX_IMAGE_TOTAL as u64)
            ));
        }
        self.total += bytes.len();
        let path = self.path_for(name);
        assets.push((path.clone(), bytes));
        Ok(path)
    }

    /// `assets/` and the name made safe on every system: letters, digits, `-`, `_` and `.`
    /// kept (others become `_`), at most 80 characters, and told apart from names taken.
    fn path_for(&mut self, name: &str) -> String {
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "png"));
        let mut safe: String = stem
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .take(80)
            .collect();
        if safe.is_empty() || crate::pack::source::is_windows_reserved(&safe) {
            safe.insert_str(0, "image-");
        }
        let ext = ext.to_ascii_lowercase();
        let mut path = format!("{}{safe}.{ext}", crate::pack::assets::ASSETS_DIR);
        let mut n = 2;
        while !self.taken.insert(path.to_lowercase()) {
            path = format!("{}{safe}-{n}.{ext}", crate::pack::assets::ASSETS_DIR);
            n += 1;
        }
        path
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn sources_are_found_in_any_quoting() {
        let html = r#"a <img src="one.png"> b <IMG class=x SRC='two &amp; three.jpg'/> <img src=four.png>"#;
        assert_eq!(
            image_sources(html),
            ["one.png", "two & three.jpg", "four.png"]
        );
        assert!(image_sources("<img alt=x>").is_empty());
        assert!(image_sources("<img src=\"unclosed").len() <= 1);
    }

    #[test]
    fn names_are_made_safe_and_kept_apart() {
        let mut images = Images::default();
        assert_eq!(images.path_for("my diagram.PNG"), "assets/my_diagram.png");
        assert_eq!(images.path_for("My Diagram.png"), "assets/My_Diagram-2.png");
        assert_eq!(images.path_for("con.png"), "assets/image-con.png");
    }
}
