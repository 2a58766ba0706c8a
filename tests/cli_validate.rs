//! `kubestudy validate` as a learner or a pack author runs it on manifests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn validate(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubestudy"))
        .arg("validate")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

const GOOD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  \
                    - name: web\n    image: nginx:1.27\n";

#[test]
fn a_clean_manifest_exits_0_and_problems_exit_1_with_file_line_col() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.yaml"), GOOD).unwrap();
    let bad = GOOD.replace(
        "    image: nginx:1.27\n",
        "    imagePullPolicy: Sometimes\n",
    );
    std::fs::write(dir.path().join("bad.yaml"), format!("{bad}---\n{GOOD}")).unwrap();

    let out = validate(dir.path(), &["good.yaml"], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert_eq!(
        text.trim(),
        "good.yaml: 1 document, Kubernetes 1.35 - clean"
    );

    let out = validate(dir.path(), &["good.yaml", "bad.yaml"], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("bad.yaml:8:22: spec.containers[0].imagePullPolicy: not an allowed value"),
        "{text}"
    );
    assert!(text.contains("bad.yaml: 2 documents"), "{text}");

    let out = validate(dir.path(), &["bad.yaml", "--json"], None);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["clean"], false);
    assert_eq!(json["kubernetes"], "1.35");
    let first = &json["files"][0]["problems"][0];
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(8), Some(22))
    );
    assert_eq!(first["field"], "spec.containers[0].imagePullPolicy");
}

#[test]
fn standard_input_and_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = validate(dir.path(), &["-"], Some(GOOD.as_bytes()));
    assert_eq!(out.status.code(), Some(0));
    let out = validate(
        dir.path(),
        &["--kubernetes", "1.20", "-"],
        Some(GOOD.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("only Kubernetes 1.35"));
    let out = validate(
        dir.path(),
        &["--kubernetes", "v1.35", "-"],
        Some(GOOD.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0));
    let out = validate(dir.path(), &["missing.yaml"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.yaml"));
    let out = validate(dir.path(), &[], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn hostile_files_get_a_message_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write(
        "latin1.yaml",
        b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf\xe9\n",
    );
    write("big.yaml", &b"a: b\n".repeat(2_200_000));
    write(
        "tabs.yaml",
        b"apiVersion: v1\nkind: Pod\nspec:\n\tcontainers: []\n",
    );
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i", "j"]
        .iter()
        .enumerate()
    {
        let prev = if i == 0 {
            "a".to_owned()
        } else {
            ["b", "c", "d", "e", "f", "g", "h", "i"][i - 1].to_owned()
        };
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    write("bomb.yaml", bomb.as_bytes());
    write(
        "deep.yaml",
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).as_bytes(),
    );

    let out = validate(dir.path(), &["latin1.yaml"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not UTF-8"),
        "{out:?}"
    );
    let out = validate(dir.path(), &["big.yaml"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("KiB"),
        "{out:?}"
    );
    for (file, words) in [
        ("tabs.yaml", "not valid YAML"),
        ("bomb.yaml", "aliases expanded"),
        ("deep.yaml", "nested too deeply"),
    ] {
        let out = validate(dir.path(), &[file], None);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{file}: {text}");
        assert!(text.contains(words), "{file}: {text}");
    }
    #[cfg(unix)]
    {
        let fifo = dir.path().join("fifo.yaml");
        let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let out = validate(dir.path(), &["fifo.yaml"], None);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("fifo.yaml"),
            "{out:?}"
        );
    }
}
