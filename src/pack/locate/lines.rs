//! Byte offsets to 1-based (line, column) and back, in time that does not grow with a line's
//! length.

/// Bytes between two character-count checkpoints of a [`LineIndex`]: no position costs more than
/// counting this many bytes, however long its line is.
const CHECKPOINT: usize = 512;

/// Turns byte offsets into 1-based (line, column in characters) and back, at a cost that does not
/// grow with the length of a line: one file with 80,000 problems on one line is located in linear
/// time. Lines end at `\n`, `\r\n` or a lone `\r`, as in `parse::line_col`.
#[derive(Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// Characters before byte `k * CHECKPOINT`, for every `k`.
    chars_before: Vec<usize>,
    text_len: usize,
}

/// Whether byte `b` starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    b & 0xc0 != 0x80
}

impl LineIndex {
    /// Indexes `text` in one pass.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut chars_before = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
        let mut chars = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if i.is_multiple_of(CHECKPOINT) {
                chars_before.push(chars);
            }
            chars += usize::from(starts_char(b));
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                line_starts.push(i + 1);
            }
        }
        if bytes.len().is_multiple_of(CHECKPOINT) {
            chars_before.push(chars);
        }
        Self {
            line_starts,
            chars_before,
            text_len: bytes.len(),
        }
    }

    /// The bytes that must be counted to know the characters before `offset`: from the last
    /// checkpoint up to it, never more than [`CHECKPOINT`].
    fn uncounted(&self, offset: usize) -> std::ops::Range<usize> {
        let offset = offset.min(self.text_len);
        (offset - offset % CHECKPOINT)..offset
    }

    /// Characters in `text` before byte `offset`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let range = self.uncounted(offset);
        let base = self
            .chars_before
            .get(range.start / CHECKPOINT)
            .copied()
            .unwrap_or(0);
        let tail = text.as_bytes().get(range).unwrap_or_default();
        base + tail.iter().filter(|&&b| starts_char(b)).count()
    }

    /// The 1-based (line, column) of byte `offset` of `text` (the text this index was built on).
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text_len);
        let line = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let col = self.chars_before(text, offset) - self.chars_before(text, start) + 1;
        (line, col)
    }
}

/// The byte offset of the 1-based (line, column) `at` in `text` (its end when past it); only the
/// text before that place is scanned, as [`LineIndex`] counts lines.
pub fn offset_at(text: &str, (line, col): (usize, usize)) -> usize {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut lines_left = line.saturating_sub(1);
    let mut i = 0;
    while lines_left > 0 && i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or_default();
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            lines_left -= 1;
            start = i + 1;
        }
        i += 1;
    }
    if lines_left > 0 {
        return text.len();
    }
    let rest = text.get(start..).unwrap_or_default();
    start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counting from the line start, as the index did before it kept checkpoints.
    fn naive(text: &str, offset: usize) -> (usize, usize) {
        crate::pack::parse::line_col(text, offset)
    }

    #[test]
    fn line_breaks_are_lf_crlf_and_lone_cr() {
        let text = "a\nb\r\nc\rd\r\re";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            let at = index.position(text, offset);
            assert_eq!(at, naive(text, offset), "offset {offset}");
            assert_eq!(offset_at(text, at), offset, "offset {offset}");
        }
        assert_eq!(index.position(text, text.len()), (6, 2));
    }

    #[test]
    fn a_long_line_costs_at_most_a_checkpoint_per_position() {
        // 200,000 characters on one line, a third of them two or three bytes long.
        let text: String = (0..200_000)
            .map(|i| match i % 3 {
                0 => 'a',
                1 => 'é',
                _ => '€',
            })
            .chain("\nnext".chars())
            .collect();
        let index = LineIndex::new(&text);
        let offsets = text.char_indices().map(|(i, _)| i).chain([text.len()]);
        for (n, offset) in offsets.enumerate() {
            assert!(
                index.uncounted(offset).len() < CHECKPOINT,
                "offset {offset}"
            );
            if n % 997 == 0 || offset + 10 > text.len() {
                assert_eq!(index.position(&text, offset), naive(&text, offset));
            }
        }
        assert_eq!(index.position(&text, text.len()), (2, 5));
    }
}
