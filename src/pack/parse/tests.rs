//! Tests of the pack reader: the RON it reads, where its errors point, what they name.

use super::*;

#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Sample {
    name: String,
    #[serde(default)]
    note: Option<String>,
    size: (u32, u32),
    items: Vec<Shape>,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
enum Shape {
    Dot,
    Text(String),
    List(Vec<String>),
    Code { lang: String, text: String },
    Group(Vec<Shape>),
}

#[test]
fn reads_the_ron_we_use() {
    let text = r##"#![enable(implicit_some)]
// comment
Sample( /* nested /* block */ comment */
name: "a \"quoted\" \u{e9} \x41 name",
note: Some("n"),
size: (1_000, 20,),
items: [Dot, Text(r#"raw "text""#), List(["x", "y",]), Code(lang: "sh", text: "ls")],
)"##;
    let sample: Sample = parse_ron(text).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(sample.name, "a \"quoted\" é A name");
    assert_eq!(sample.note.as_deref(), Some("n"));
    assert_eq!(sample.size, (1000, 20));
    assert_eq!(sample.items.len(), 4);
    let bare: Sample = parse_ron(r#"(name: "x", note: "bare", size: (1, 2), items: [])"#)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(bare.note.as_deref(), Some("bare"));
}

#[test]
fn errors_say_what_and_where() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        (
            "(name: \"x\",\n size: (1, 2), items: [], colour: 3)",
            (2, 27),
            "unknown field `colour`",
        ),
        (
            "(name: \"x\", size: (1, 2))",
            (1, 25),
            "missing field `items`",
        ),
        (
            "(name: \"x\" size: (1, 2), items: [])",
            (1, 12),
            "expected `,` or `)`",
        ),
        ("(name: \"x, size: (1, 2), items: [])", (1, 8), "not closed"),
        (
            "(name: \"x\", size: (1, -2), items: [])",
            (1, 23),
            "negative",
        ),
        (
            "(name: \"x\", size: (1, 2, 3), items: [])",
            (1, 26),
            "too many values",
        ),
        (
            "(name: \"x\", size: (1, 99999999999), items: [])",
            (1, 23),
            "too large",
        ),
        (
            "(name: \"x\", size: (1, 2), items: [Circle])",
            (1, 35),
            "unknown variant `Circle`",
        ),
        (
            "(name: \"\\q\", size: (1, 2), items: [])",
            (1, 9),
            "unknown escape",
        ),
        (
            "(name: \"x\", size: (1, 2), items: []) trailing",
            (1, 38),
            "after the end",
        ),
        ("", (1, 1), "expected `(`"),
        (
            "(name: \"x\",\n\tsize: (1, 2), items: [] /* open",
            (2, 26),
            "unclosed block comment",
        ),
    ];
    for (text, place, needle) in cases {
        let err = parse_ron::<Sample>(text)
            .err()
            .unwrap_or_else(|| panic!("{text} should fail"));
        assert!(err.message.contains(needle), "{text}: {err:?}");
        assert_eq!((err.line, err.col), *place, "{text}: {err:?}");
    }
}

#[test]
fn a_byte_order_mark_is_skipped_and_lone_returns_end_lines() {
    let text = "\u{feff}(name: \"x\", size: (1, 2), items: [])";
    assert!(parse_ron::<Sample>(text).is_ok());
    let err = parse_ron::<Sample>("\u{feff}(name: \"x\",\rsize: (1, 2),\r\n items: [] x)")
        .err()
        .unwrap_or_else(|| panic!("should fail"));
    assert_eq!((err.line, err.col), (3, 12), "{err:?}");
    // A BOM anywhere else is not whitespace, and is named.
    let err = parse_ron::<Sample>("(name: \u{feff}\"x\", size: (1, 2), items: [])")
        .err()
        .unwrap_or_else(|| panic!("should fail"));
    assert!(
        err.message
            .ends_with("found a byte-order mark (U+FEFF); delete it"),
        "{err:?}"
    );
}

#[test]
fn invisible_characters_are_named() {
    let cases = [
        ('\u{a0}', "a no-break space (U+00A0)"),
        ('\u{1b}', "an escape character (U+001B)"),
        ('\0', "a NUL character (U+0000)"),
        ('\u{202e}', "a bidirectional override (U+202E)"),
        ('\u{200b}', "a zero-width space (U+200B)"),
        ('\u{3000}', "a special space (U+3000)"),
        ('\u{7}', "a control character (U+0007)"),
        ('x', "`x`"),
    ];
    for (c, name) in cases {
        assert_eq!(describe_char(c), name, "{c:?}");
    }
}

#[test]
fn nesting_is_limited() {
    let deep = format!(
        "(name: \"x\", size: (1, 2), items: [{}{}])",
        "Group([".repeat(100),
        "])".repeat(100)
    );
    let err = parse_ron::<Sample>(&deep)
        .err()
        .unwrap_or_else(|| panic!("too deep"));
    assert!(err.message.contains("nested more than"), "{err:?}");
}
