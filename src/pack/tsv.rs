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
    let mut out = String::with_capacity(field.len());
    let mut rest = field;
    while let Some(start) = rest.find('<') {
        out.push_str(rest.get(..start).unwrap_or_default());
        let after = rest.get(start..).unwrap_or_default();
        let Some(end) = after.find('>') else {
            out.push_str(after);
            rest = "";
            break;
        };
        let tag = after
            .get(1..end)
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if tag.starts_with("br") || tag == "/div" || tag == "/p" {
            out.push('\n');
        }
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    let out = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.trim().to_owned()
}

fn ron_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
    let mut text = String::new();
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
        let _ = writeln!(
            text,
            "        (id: {}, front: {}, answer: Text({}), tags: [{}]),",
            ron_string(&card_id(&front, &mut taken)),
            ron_string(&front),
            ron_string(&back),
            tags.join(", ")
        );
    }
    text.push_str("    ],\n)\n");
    (text, skipped)
}
