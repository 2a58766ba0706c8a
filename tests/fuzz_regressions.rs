//! Inputs the fuzzers under `tests/fuzz/` found, minimised, kept so each bug stays fixed on
//! stable Rust (the fuzzers need nightly; README.md, "Fuzzing").
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use kubestudy::pack::model::Content;
use kubestudy::pack::parse::parse_ron;
use ron::extensions::Extensions;

/// Whether the `ron` crate, read as the pack reader's reference, accepts `text`.
fn ron_accepts(text: &str) -> bool {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .from_str::<Content>(text)
        .is_ok()
}

/// `ron_reader` found that anything from `#![enable(` to the next `]` was skipped as an
/// attribute, so `#![enable(]` and unknown extensions were accepted where `ron` refuses them
/// (and `explicit_struct_names` would make `ron` read the file differently).
#[test]
fn attributes_name_only_implicit_some() {
    let body = r#"(cards: [(id: "a", front: "A?", answer: Text("a"))])"#;
    let refused = [
        // The fuzzer's input, minimised.
        r#"#![enable(](cards:[(id:"",front:"",answer:Set([]))])"#,
        "#![enable(implicit#![enable(implicit_some)]\n",
        "#![enable()]\n",
        "#![enable(no_such_thing)]\n",
        "#![enable(explicit_struct_names)]\n",
        "#![enable(implicit_some unwrap_newtypes)]\n",
        "#![enable(implicit_some]\n",
    ];
    for head in refused {
        let text = if head.ends_with('\n') {
            format!("{head}{body}")
        } else {
            head.to_owned()
        };
        assert!(parse_ron::<Content>(&text).is_err(), "accepted: {text}");
        assert!(!ron_accepts(&text), "ron accepts: {text}");
    }
    let err =
        parse_ron::<Content>(&format!("#![enable(explicit_struct_names)]\n{body}")).unwrap_err();
    assert_eq!((err.line, err.col), (1, 11), "{err:?}");
    assert!(
        err.message.contains("`explicit_struct_names`") && err.message.contains("implicit_some"),
        "{}",
        err.message
    );

    let accepted = [
        "#![enable(implicit_some)]\n",
        "#![enable( implicit_some , )]\n",
        "#![enable(implicit_some, implicit_some)] // twice is harmless\n",
        "#![enable(implicit_some)]\n#![enable(implicit_some)]\n",
    ];
    for head in accepted {
        let text = format!("{head}{body}");
        let content =
            parse_ron::<Content>(&text).unwrap_or_else(|e| panic!("refused {text}: {e:?}"));
        assert_eq!(content.cards.len(), 1);
        assert!(ron_accepts(&text), "ron refuses {text}");
    }
}

/// `ron_reader` found that JSON's escapes `\f` (and so `\b`, `\/`, `\u0041`) and signed hex
/// (`\x+1`, `\u{+41}`) were read, where `ron` refuses them; the accepted ones read the same.
#[test]
fn escapes_are_rons() {
    let text =
        |escaped: &str| format!(r#"(cards: [(id: "a", front: "{escaped}", answer: Text("a"))])"#);
    let refused = [
        // The fuzzer's input, cut down.
        r"API server \formatu{0503} the hub",
        r"\b",
        r"\/",
        r"\u0041",
        r"\u{}",
        r"\u{+41}",
        r"\u{0000041}",
        r"\u{110000}",
        r"\u{D800}",
        r"\u{41",
        r"\x+1",
        r"\x4",
        r"\xe9",
        r"\q",
    ];
    for escaped in refused {
        let text = text(escaped);
        let err = parse_ron::<Content>(&text).err();
        assert!(err.is_some(), "accepted: {text}");
        assert!(!ron_accepts(&text), "ron accepts: {text}");
        let err = err.unwrap();
        let col = text.find('\\').unwrap() + 1;
        assert_eq!((err.line, err.col), (1, col), "{text}: {err:?}");
    }
    let read = [
        (r"\u{41}\u{e9}\u{1F600}\u{10FFFF}", "Aé😀\u{10FFFF}"),
        (r"\x41\x7f", "A\u{7f}"),
        (r#"\"\'\\\n\t\r\0"#, "\"'\\\n\t\r\0"),
    ];
    for (escaped, want) in read {
        let text = text(escaped);
        let ours = parse_ron::<Content>(&text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        assert_eq!(ours.cards[0].front, want, "{text}");
        let theirs: Content = ron::Options::default()
            .with_default_extension(Extensions::IMPLICIT_SOME)
            .from_str(&text)
            .unwrap_or_else(|e| panic!("ron refuses {text}: {e}"));
        assert_eq!(ours, theirs, "{text}");
    }
}
