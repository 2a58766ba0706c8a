//! Text exports from Anki or Quizlet (front, back and optional tags per row, tab- or
//! comma-separated, quotes and embedded newlines as in CSV) made into a pack.

use std::fmt::Write as _;

/// How the columns map to a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// The front (question) column.
    pub front: usize,
    /// The back (answer) column.
    pub back: usize,
    /// The tags column (space-separated), if any.
    pub tags: Option<usize>,
}

impl Default for Columns {
    fn default() -> Self {
        Self {
            front: 0,
            back: 1,
            tags: Some(2),
        }
    }
}

/// The rows of a text export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The field separator found.
    pub separator: char,
    /// The rows (Anki's `#key:value` header lines and blank rows left out).
    pub rows: Vec<Vec<String>>,
}

/// Reads `text` (a UTF-8 BOM, CRLF, quotes, tabs and newlines in quoted fields are handled):
/// tab-separated if the first data line has a tab (or Anki's header says so), else commas.
pub fn read_table(text: &str) -> Result<Table, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut separator = None;
    let mut body_start = 0;
    // Anki 2.1.55+ writes header lines such as `#separator:tab` and `#html:true`.
    for line in text.split_inclusive('\n') {
        let Some(header) = line.strip_prefix('#') else {
            break;
        };
        if let Some(value) = header.trim().strip_prefix("separator:") {
            separator = match value.trim().to_ascii_lowercase().as_str() {
                "tab" => Some('\t'),
                "comma" => Some(','),
                "semicolon" => Some(';'),
                "pipe" => Some('|'),
                "space" => Some(' '),
                _ => None,
            };
        }
        body_start += line.len();
    }
    let body = text.get(body_start..).unwrap_or_default();
    let first = body.lines().next().unwrap_or_default();
    let separator = separator.unwrap_or(if first.contains('\t') { '\t' } else { ',' });
    let delimiter = u8::try_from(separator).map_err(|_| "separator is not ASCII".to_owned())?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", n + 1))?;
        let row: Vec<String> = record.iter().map(str::to_owned).collect();
        if row.iter().any(|f| !f.trim().is_empty()) {
            rows.push(row);
        }
    }
    Ok(Table { separator, rows })
}

/// Anki's HTML in a field made plain: line breaks kept, tags dropped, common entities decoded.
pub fn plain(field: &str) -> String {
    if !field.contains(['<', '&']) {
        return field.trim().to_owned();
    }
    let mut out = String::with_capacity(field.len());
    let mut chars = field.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '<' => {
                let rest = field.get(at..).unwrap_or_default();
                let Some(end) = rest.find('>') else {
                    out.push_str(rest);
                    break;
                };
                let tag = rest.get(1..end).unwrap_or_default().trim_start();
                let lower = |p: &str| {
                    tag.get(..p.len())
                        .is_some_and(|t| t.eq_ignore_ascii_case(p))
                };
                if lower("br") || lower("/div") || lower("/p") {
                    out.push('\n');
                }
                while chars.peek().is_some_and(|&(i, _)| i <= at + end) {
                    chars.next();
                }
            }
            '&' => {
                let rest = field.get(at..).unwrap_or_default();
                let entity = [
                    ("&nbsp;", ' '),
                    ("&lt;", '<'),
                    ("&gt;", '>'),
                    ("&quot;", '"'),
                    ("&#39;", '\''),
                    ("&amp;", '&'),
                ]
                .into_iter()
                .find(|(name, _)| rest.starts_with(name));
                match entity {
                    Some((name, value)) => {
                        out.push(value);
                        for _ in 1..name.len() {
                            chars.next();
                        }
                    }
                    None => out.push('&'),
                }
            }
            c => out.push(c),
        }
    }
    out.trim().to_owned()
}

fn ron_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_ron_string(&mut out, text);
    out
}

/// Appends `text` as a RON string literal, copying runs that need no escape in one go.
fn push_ron_string(out: &mut String, text: &str) {
    out.push('"');
    let mut from = 0;
    for (at, c) in text.char_indices() {
        let escaped = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\t' => "\\t",
            c if c.is_control() => "",
            _ => continue,
        };
        out.push_str(text.get(from..at).unwrap_or_default());
        out.push_str(escaped);
        from = at + c.len_utf8();
    }
    out.push_str(text.get(from..).unwrap_or_default());
    out.push('"');
}

/// A kebab-case tag from an Anki tag (`Kubernetes::Networking` → `kubernetes-networking`).
fn tag(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    (!out.is_empty()).then_some(out)
}

/// A stable card id from its front, so re-importing an updated file keeps progress.
fn card_id(front: &str, taken: &mut std::collections::HashSet<String>) -> String {
    let hash = front.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let base = format!("card-{:08x}", hash & 0xffff_ffff);
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The pack text (one `pack.ron`) for `table` under `id`, and the rows skipped (no front or no
/// back), as (row number from 1, why).
pub fn pack_text(
    table: &Table,
    columns: Columns,
    id: &str,
    title: &str,
) -> (String, Vec<(usize, String)>) {
    let size: usize = table.rows.iter().flatten().map(String::len).sum();
    let mut text = String::with_capacity(size + size / 2 + 512);
    let _ = write!(
        text,
        "(\n    id: {},\n    version: \"1.0.0\",\n    title: {},\n    summary: \"Imported from a text export.\",\n    language: \"en\",\n    license: \"unknown\",\n    authors: [\"imported\"],\n    kubernetes: \"1.35\",\n    cards: [\n",
        ron_string(id),
        ron_string(title)
    );
    let mut skipped = Vec::new();
    let mut taken = std::collections::HashSet::new();
    for (n, row) in table.rows.iter().enumerate() {
        let field = |i: usize| row.get(i).map(|f| plain(f)).unwrap_or_default();
        let (front, back) = (field(columns.front), field(columns.back));
        if front.is_empty() || back.is_empty() {
            skipped.push((
                n + 1,
                if front.is_empty() {
                    "no front"
                } else {
                    "no back"
                }
                .to_owned(),
            ));
            continue;
        }
        let mut tags: Vec<String> = columns
            .tags
            .map(|i| row.get(i).cloned().unwrap_or_default())
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(tag)
            .collect();
        tags.dedup();
        let tags: Vec<String> = tags.iter().map(|t| ron_string(t)).collect();
        text.push_str("        (id: ");
        push_ron_string(&mut text, &card_id(&front, &mut taken));
        text.push_str(", front: ");
        push_ron_string(&mut text, &front);
        text.push_str(", answer: Text(");
        push_ron_string(&mut text, &back);
        text.push_str("), tags: [");
        text.push_str(&tags.join(", "));
        text.push_str("]),\n");
    }
    text.push_str("    ],\n)\n");
    (text, skipped)
}
