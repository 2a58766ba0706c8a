//! Checks on text that every kind of item shares: characters that have no place in a pack
//! (control characters, direction overrides in one-line fields), and repeats in a list, found in
//! linear time however long the list is.

use std::collections::HashSet;
use std::hash::Hash;

use super::{Path, Reporter};
use crate::pack::parse::describe_char;

/// How a text field is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One line: ids, titles, headings, names, labels, manifest fields. No control characters at
    /// all, and no direction overrides or isolates (they reorder what a title shows).
    Line,
    /// Running text: questions, answers, definitions, paragraphs, code. Line breaks (`\n`, or
    /// `\r\n` from a Windows editor) and tabs are fine; other control characters are not.
    Lines,
}

/// Whether `c` reorders the text after it on screen (bidirectional embeddings, overrides and
/// isolates).
fn reorders(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The first character of `text` that has no place in a field laid out as `layout`, with its
/// 0-based position in characters.
pub fn stray_char(text: &str, layout: Layout) -> Option<(usize, char)> {
    // Fast paths: printable ASCII (most text; checked without a branch per byte, so it
    // vectorises), then no byte that can begin a control character (C0, DEL, C1 = C2 80..9F)
    // or a direction override (E2 80 AA.. / E2 81 A6..).
    if text
        .bytes()
        .fold(true, |plain, b| plain & (0x20..0x7f).contains(&b))
    {
        return None;
    }
    if !text
        .bytes()
        .any(|b| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2)
    {
        return None;
    }
    let mut chars = text.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        let stray = match (c, layout) {
            ('\n' | '\t', Layout::Lines) => false,
            ('\r', Layout::Lines) => chars.peek().is_none_or(|&(_, next)| next != '\n'),
            (c, Layout::Line) if reorders(c) => true,
            (c, _) => c.is_control(),
        };
        if stray {
            return Some((i, c));
        }
    }
    None
}

/// What to say about the stray character `c` at `at` (0-based) in `what`.
pub fn stray_message(what: &str, at: usize, c: char, layout: Layout) -> String {
    let place = format!("{what} has {} at character {}", describe_char(c), at + 1);
    if reorders(c) {
        format!("{place}, which reorders how the text shows; remove it")
    } else if layout == Layout::Line && matches!(c, '\n' | '\t' | '\r') {
        format!("{place}; a {what} is one line, so remove it")
    } else {
        format!("{place}; control characters are not allowed in pack text, so remove it")
    }
}

/// Reports the first stray character of `text` at `path`, if there is one.
pub fn check_chars(
    report: &mut Reporter<'_>,
    file: usize,
    path: impl FnOnce() -> Path,
    item: &str,
    what: &str,
    text: &str,
    layout: Layout,
) {
    if let Some((at, c)) = stray_char(text, layout) {
        report.at(file, &path(), item, stray_message(what, at, c, layout));
    }
}

/// Up to this many elements, a list is checked for repeats pair by pair (no allocation).
const SHORT_LIST: usize = 16;

/// Which elements of a list repeat an earlier one.
#[derive(Debug)]
pub struct Repeats(Vec<bool>);

impl Repeats {
    /// Finds the repeats in `items`: `same` says whether two are the same, and `key` gives a
    /// hashable form that is equal exactly when `same` holds (used for long lists, so any length
    /// costs linear time).
    pub fn find<'t, T, K: Eq + Hash>(
        items: &'t [T],
        same: impl Fn(&T, &T) -> bool,
        key: impl Fn(&'t T) -> K,
    ) -> Self {
        let mut flags = Vec::new();
        let mut mark = |i: usize| {
            if flags.is_empty() {
                flags.resize(items.len(), false);
            }
            if let Some(flag) = flags.get_mut(i) {
                *flag = true;
            }
        };
        if items.len() <= SHORT_LIST {
            for (i, item) in items.iter().enumerate() {
                if items.iter().take(i).any(|earlier| same(earlier, item)) {
                    mark(i);
                }
            }
        } else {
            let mut seen = HashSet::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                if !seen.insert(key(item)) {
                    mark(i);
                }
            }
        }
        Self(flags)
    }

    /// Whether element `i` repeats an earlier one.
    pub fn at(&self, i: usize) -> bool {
        self.0.get(i).copied().unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stray_characters_by_layout() {
        let cases = [
            ("plain title", Layout::Line, None),
            ("“curly” — dash", Layout::Line, None),
            ("a\u{1b}[2J", Layout::Line, Some((1, '\u{1b}'))),
            ("two\nlines", Layout::Line, Some((3, '\n'))),
            ("two\nlines\tand tab", Layout::Lines, None),
            ("windows\r\nline", Layout::Lines, None),
            ("lone\rreturn", Layout::Lines, Some((4, '\r'))),
            ("nul\0", Layout::Lines, Some((3, '\0'))),
            ("c1 \u{85}", Layout::Lines, Some((3, '\u{85}'))),
            ("evil\u{202e}txt", Layout::Line, Some((4, '\u{202e}'))),
            ("arabic \u{202e} in a paragraph", Layout::Lines, None),
            ("no-break\u{a0}space", Layout::Line, None),
        ];
        for (text, layout, expected) in cases {
            assert_eq!(stray_char(text, layout), expected, "{text:?}");
        }
        assert_eq!(
            stray_message("title", 1, '\u{1b}', Layout::Line),
            "title has an escape character (U+001B) at character 2; control characters are not \
             allowed in pack text, so remove it"
        );
    }

    #[test]
    fn repeats_agree_for_short_and_long_lists() {
        for n in [3, SHORT_LIST, SHORT_LIST + 1, 1500] {
            let items: Vec<String> = (0..n).map(|i| format!("t{}", i % (n / 2 + 1))).collect();
            let repeats = Repeats::find(&items, |a, b| a == b, |s| s.as_str());
            for (i, item) in items.iter().enumerate() {
                let naive = items.iter().take(i).any(|e| e == item);
                assert_eq!(repeats.at(i), naive, "n={n} i={i}");
            }
        }
        let none = Repeats::find(&["a", "b"], |a, b| a == b, |s| *s);
        assert!(none.0.is_empty(), "no allocation without repeats");
    }
}
