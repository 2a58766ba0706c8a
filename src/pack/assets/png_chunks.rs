//! A PNG's text and colour-profile chunks, dropped before decoding: a compressed one can inflate
//! a few kilobytes into gigabytes (the decoder's memory limits do not cover them), and a diagram
//! background needs neither.

use std::borrow::Cow;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
/// Chunks dropped before decoding: text (plain or compressed) and ICC colour profiles.
const DROPPED_CHUNKS: [&[u8]; 4] = [b"iCCP", b"zTXt", b"iTXt", b"tEXt"];

/// `bytes` without the PNG chunks in [`DROPPED_CHUNKS`] (borrowed when there are none). Anything
/// it does not understand (a truncated chunk, not a PNG) is kept as it is, for the decoder to
/// report.
pub fn without_metadata(bytes: &[u8]) -> Cow<'_, [u8]> {
    if !bytes.starts_with(PNG_SIGNATURE) {
        return Cow::Borrowed(bytes);
    }
    let mut kept: Option<Vec<u8>> = None;
    let mut offset = PNG_SIGNATURE.len();
    // A chunk: length (4 bytes), type (4), data (length), CRC (4).
    while let Some(header) = bytes.get(offset..offset + 8) {
        let (len, kind) = header.split_at(4);
        let len = len
            .try_into()
            .map_or(usize::MAX, |len| u32::from_be_bytes(len) as usize);
        let Some(chunk) = len
            .checked_add(offset + 12)
            .and_then(|end| bytes.get(offset..end))
        else {
            break;
        };
        if DROPPED_CHUNKS.contains(&kind) {
            kept.get_or_insert_with(|| bytes.get(..offset).unwrap_or_default().to_vec());
        } else if let Some(kept) = &mut kept {
            kept.extend_from_slice(chunk);
        }
        offset += chunk.len();
    }
    match kept {
        None => Cow::Borrowed(bytes),
        Some(mut kept) => {
            kept.extend_from_slice(bytes.get(offset..).unwrap_or_default());
            Cow::Owned(kept)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut out = u32::try_from(data.len())
            .unwrap_or(0)
            .to_be_bytes()
            .to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&[0, 0, 0, 0]);
        out
    }

    #[test]
    fn png_text_and_profiles_are_dropped_and_the_rest_kept_in_order() {
        let ihdr = chunk(b"IHDR", &[0; 13]);
        let idat = chunk(b"IDAT", b"pixels");
        let iend = chunk(b"IEND", b"");
        let plain = [PNG_SIGNATURE, &ihdr, &idat, &iend].concat();
        assert!(matches!(without_metadata(&plain), Cow::Borrowed(_)));
        let with = [
            PNG_SIGNATURE,
            &ihdr,
            &chunk(b"iCCP", b"icc\0\0zzzz"),
            &chunk(b"tEXt", b"k\0v"),
            &idat,
            &chunk(b"zTXt", b"k\0\0zz"),
            &iend,
        ]
        .concat();
        assert_eq!(without_metadata(&with).as_ref(), plain.as_slice());
        // A truncated chunk and what follows are left for the decoder.
        let head = idat.get(..5).unwrap_or_default();
        let cut = [PNG_SIGNATURE, &ihdr, &chunk(b"tEXt", b"k\0v"), head].concat();
        assert_eq!(
            without_metadata(&cut).as_ref(),
            [PNG_SIGNATURE, &ihdr, head].concat().as_slice()
        );
    }
}
