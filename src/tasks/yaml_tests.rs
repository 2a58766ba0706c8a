#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::*;

fn one(text: &str) -> Node {
    let docs = parse(text).unwrap();
    assert_eq!(docs.len(), 1, "{docs:?}");
    docs.into_iter().next().unwrap().root
}

#[test]
fn values_keys_and_their_positions() {
    let root = one("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\n");
    assert_eq!(root.get("kind").unwrap().as_str(), Some("Pod"));
    let metadata = root.get("metadata").unwrap();
    let name = metadata.get("name").unwrap();
    assert_eq!(name.pos, Pos { line: 4, col: 9 });
    assert_eq!(metadata.key("labels").unwrap().pos, Pos { line: 5, col: 3 });
    assert_eq!(
        root.to_json(),
        serde_json::json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "web", "labels": {"app": "web"}}})
    );
}

#[test]
fn plain_scalars_resolve_as_kubectl_reads_them() {
    let root = one(
        "a: 3\nb: \"3\"\nc: yes\nd: 'on'\ne: 0644\nf: 1.35\ng: ~\nh: 0x1F\ni: -7\nj: 10Mi\nk: !!str 5\n",
    );
    let get = |k: &str| root.get(k).unwrap().value.clone();
    assert_eq!(get("a"), Value::Int(3));
    assert_eq!(get("b"), Value::Str("3".into()));
    assert_eq!(get("c"), Value::Bool(true));
    assert_eq!(get("d"), Value::Str("on".into()));
    assert_eq!(get("e"), Value::Int(0o644));
    assert_eq!(get("f"), Value::Float(1.35));
    assert_eq!(get("g"), Value::Null);
    assert_eq!(get("h"), Value::Int(31));
    assert_eq!(get("i"), Value::Int(-7));
    assert_eq!(get("j"), Value::Str("10Mi".into()));
    assert_eq!(get("k"), Value::Str("5".into()));
}

#[test]
fn several_documents_and_empty_ones() {
    let docs = parse("---\nkind: A\n---\n---\nkind: B\n...\n").unwrap();
    let kinds: Vec<_> = docs
        .iter()
        .map(|d| d.root.get("kind").unwrap().as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, ["A", "B"]);
    assert!(parse("").unwrap().is_empty());
}

#[test]
fn syntax_errors_and_duplicate_keys_have_their_place() {
    let tab = parse("spec:\n\tcontainers: []\n").unwrap_err();
    assert_eq!(tab.pos.line, 2, "{tab}");
    let twice = parse("metadata:\n  name: a\n  name: b\n").unwrap_err();
    assert_eq!(twice.pos, Pos { line: 3, col: 3 });
    assert!(twice.message.contains("`name` is given twice"), "{twice}");
    let unclosed = parse("a: [1, 2\n").unwrap_err();
    assert!(unclosed.pos.line >= 1, "{unclosed}");
}

#[test]
fn bombs_and_deep_nesting_are_refused_not_expanded() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h", "i", "j"];
    let mut prev = "a";
    for name in names {
        let refs = vec![format!("*{prev}"); 10].join(", ");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        prev = name;
    }
    let err = parse(&bomb).unwrap_err();
    assert!(err.message.contains("aliases expanded"), "{err}");

    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let err = parse(&deep).unwrap_err();
    assert!(err.message.contains("nested"), "{err}");

    let mut block = String::new();
    for level in 0..300 {
        block.push_str(&" ".repeat(level * 2));
        block.push_str("k:\n");
    }
    assert!(parse(&block).unwrap_err().message.contains("nested"));

    let big = "x".repeat(MAX_YAML_BYTES + 1);
    assert!(parse(&big).unwrap_err().message.contains("KiB"));
}

#[test]
fn a_list_or_a_scalar_document_is_read_as_such() {
    assert!(matches!(one("- a\n- b\n").value, Value::Seq(_)));
    assert_eq!(one("hello\n").value, Value::Str("hello".into()));
}

#[test]
fn aliases_copy_their_anchor() {
    let root = one("base: &b {app: web}\nlabels: *b\n");
    assert_eq!(
        root.get("labels").unwrap().to_json(),
        serde_json::json!({"app": "web"})
    );
    assert!(parse("a: *nowhere\n").is_err());
}
