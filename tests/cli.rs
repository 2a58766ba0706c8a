//! The `kubestudy` binary as pack authors use it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::process::{Command, Output};

fn kubestudy(args: &[&str]) -> Output {
    let home = tempfile::tempdir().expect("home");
    Command::new(env!("CARGO_BIN_EXE_kubestudy"))
        .args(args)
        .env("KUBESTUDY_HOME", home.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn check_built_in_packs_is_clean_with_counts() {
    let output = kubestudy(&[
        "check",
        "packs/k8s-architecture",
        "packs/k8s-workloads",
        "packs/networking-primer",
    ]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines.iter().all(|l| l.ends_with("- clean")
            && l.contains(" terms, ")
            && l.contains(" cards, ")
            && l.contains(" nodes)")),
        "{text}"
    );
    assert!(lines[0].starts_with("k8s-architecture 1."), "{text}");
}

#[test]
fn check_reports_problems_with_exit_1_and_json() {
    let pack = common::PackDir::with_manifest(
        r#"    cards: [(id: "a", front: "q", answer: Text("x"), terms: ["missing"])],"#,
    );
    let path = pack.path().to_str().expect("utf-8 path");
    let output = kubestudy(&["check", path]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    let problem_line = text.lines().nth(1).expect("a problem line");
    assert!(
        problem_line
            .ends_with("pack.ron:10:62: a: term `missing` is not a glossary term of this pack"),
        "{text}"
    );

    let output = kubestudy(&["check", "--json", path]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(json["problems"], 1);
    assert_eq!(json["clean"], false);
    assert_eq!(json["packs"][0]["id"], "test-pack");
    assert_eq!(json["packs"][0]["counts"]["cards"], 1);
    assert_eq!(json["packs"][0]["problems"][0]["line"], 10);
    assert_eq!(json["packs"][0]["problems"][0]["item"], "a");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["check"][..],
        &["check", "no/such/pack"],
        &["frobnicate"],
        &["check", "--bogus", "packs"],
    ] {
        let output = kubestudy(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn list_help_and_version() {
    let output = kubestudy(&["list"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for id in ["k8s-architecture", "k8s-workloads", "networking-primer"] {
        assert!(text.contains(id), "{text}");
    }
    assert!(text.contains("[built-in]"), "{text}");

    let output = kubestudy(&["list", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(builtin_pack_count()));

    let help = stdout(&kubestudy(&["--help"]));
    assert!(help.contains("check") && help.contains("list"), "{help}");
    let version = stdout(&kubestudy(&["--version"]));
    assert_eq!(
        version.trim(),
        format!("kubestudy {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn installed_packs_are_listed() {
    let home = tempfile::tempdir().expect("home");
    let pack_dir = home.path().join("packs").join("mine");
    std::fs::create_dir_all(&pack_dir).expect("mkdir");
    std::fs::write(
        pack_dir.join("pack.ron"),
        format!(
            "{}    cards: [(id: \"a\", front: \"q\", answer: Text(\"x\"))],\n)",
            common::MANIFEST_HEAD
        ),
    )
    .expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_kubestudy"))
        .args(["list"])
        .env("KUBESTUDY_HOME", home.path())
        .output()
        .expect("runs");
    let text = stdout(&output);
    assert!(
        text.contains(
            "test-pack 1.0.0: 0 terms, 1 card, 0 primers (0 checks), 0 diagrams (0 nodes) - clean"
        ),
        "{text}"
    );
}

#[test]
fn stats_on_a_fresh_home_then_refusing_damaged_or_busy_data() {
    let home = tempfile::tempdir().expect("home");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kubestudy"))
            .args(args)
            .env("KUBESTUDY_HOME", home.path())
            .output()
            .expect("runs")
    };
    let output = run(&["stats"]);
    let text = stdout(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for pack in ["k8s-architecture", "k8s-workloads", "networking-primer"] {
        assert!(text.lines().any(|l| l.starts_with(pack)), "{text}");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["stats", "--json"]).stdout).expect("JSON");
    // Every built-in pack with study items (cncf-exams holds only the exam blueprints).
    assert_eq!(
        json["packs"].as_array().map(Vec::len),
        Some(builtin_pack_count() - 1)
    );
    assert!(
        json["packs"][0]["unseen"].as_u64().is_some_and(|n| n > 100),
        "{json}"
    );
    assert!(
        home.path()
            .join("backups")
            .read_dir()
            .expect("backups")
            .count()
            == 1
    );

    // Another process holds the data: told, not corrupted.
    let held = kubestudy::progress::Store::open(home.path()).expect("open");
    let output = run(&["stats"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("in use"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    drop(held);

    let db = home.path().join("progress.sqlite3");
    std::fs::write(&db, b"garbage, not a database").expect("write");
    let output = run(&["stats"]);
    let message = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        message.contains("damaged") && message.contains(&db.display().to_string()),
        "{message}"
    );
    assert_eq!(
        std::fs::read(&db).expect("read"),
        b"garbage, not a database"
    );
}

#[test]
fn optimise_explains_what_it_needs() {
    let output = kubestudy(&["optimise"]);
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("0 answers logged; optimising needs at least 400"),
        "{message}"
    );
}

#[test]
fn a_broken_settings_file_gives_defaults_with_a_warning_and_is_kept() {
    let home = tempfile::tempdir().expect("home");
    let settings = home.path().join("settings.ron");
    std::fs::write(&settings, "(new_per_day: \"many\"").expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_kubestudy"))
        .args(["stats"])
        .env("KUBESTUDY_HOME", home.path())
        .output()
        .expect("runs");
    let warning = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{warning}");
    assert!(
        warning.contains("settings.ron:1:") && warning.contains("using default settings"),
        "{warning}"
    );
    assert_eq!(
        std::fs::read_to_string(&settings).expect("read"),
        "(new_per_day: \"many\""
    );
}

#[test]
fn forecast_for_an_exam_date() {
    let output = kubestudy(&["forecast", "--exam", "2099-01-01", "--for", "kcna"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.starts_with("exam 2099-01-01 ("), "{text}");
    assert!(
        text.contains("predicted recall on exam day 0% of"),
        "nothing studied yet: {text}"
    );
    assert!(
        text.contains("domain Kubernetes Fundamentals (44%)"),
        "{text}"
    );
    let output = kubestudy(&["forecast", "--exam", "2099-01-01", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(json["overall"]["items"].as_u64().unwrap() > 500);
    assert_eq!(json["unseen"], json["overall"]["items"]);
    for (args, message) in [
        (&["forecast"][..], "no exam date"),
        (&["forecast", "--exam", "2026-13-01"][..], "is not a date"),
        (&["forecast", "--exam", "2000-01-01"][..], "has passed"),
    ] {
        let output = kubestudy(args);
        assert_eq!(output.status.code(), Some(1));
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(message),
            "{args:?}"
        );
    }
    assert_eq!(
        kubestudy(&["forecast", "--exam", "2099-01-01", "--for", "lfcs"])
            .status
            .code(),
        Some(2)
    );
}

/// How many built-in packs there are (folders of `packs/` with a manifest).
fn builtin_pack_count() -> usize {
    std::fs::read_dir("packs")
        .expect("packs/")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("pack.ron").is_file())
        .count()
}

#[test]
fn check_warns_about_an_arrow_that_cannot_be_routed_but_stays_clean() {
    // Box "in" touches a box on every side: its arrow has no way out.
    let walls: String = [
        (0, 0),
        (100, 0),
        (200, 0),
        (0, 100),
        (200, 100),
        (0, 200),
        (100, 200),
        (200, 200),
    ]
    .iter()
    .enumerate()
    .map(|(i, (x, y))| {
        format!("(id: \"w{i}\", label: \"w{i}\", rect: ({x}, {y}, 100, 100), role: \"Wall.\"),")
    })
    .collect();
    let pack = common::PackDir::with_manifest(&format!(
        r#"    diagrams: [(id: "walled", title: "Walled in", canvas: (600, 300),
        nodes: [{walls} (id: "in", label: "in", rect: (100, 100, 100, 100), role: "Inside."),
                (id: "out", label: "out", rect: (450, 100, 100, 60), role: "Outside.")],
        edges: [(from: "in", to: "out", label: "tries to reach")])],"#
    ));
    let output = kubestudy(&["check", pack.path().to_str().unwrap()]);
    let (text, err) = (stdout(&output), String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(0), "{text}{err}");
    assert!(text.contains("- clean"), "{text}");
    assert!(
        err.contains("warning: ") && err.contains("walled/in->out: no way around the boxes"),
        "{err}"
    );
}
