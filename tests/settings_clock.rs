//! Hostile settings, clocks and homes for the command line: values out of range, a clock before
//! 1970, `KUBESTUDY_HOME` pointing at a file, and a reader that closes the pipe.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::common;

use std::process::{Command, Output, Stdio};

use kubestudy::cli;
use kubestudy::dirs::AppDirs;
use kubestudy::progress::settings;
use kubestudy::progress::{ItemKey, ItemKind, PackItems, Store};
use kubestudy::study::Engine;
use kubestudy::study::clock::{FixedClock, Timestamp};
use kubestudy::study::schedule::{Phase, Rating};

/// 2026-11-22 10:00 UTC.
const NOW: Timestamp = Timestamp(1_795_341_600_000);

fn dirs(home: &std::path::Path) -> AppDirs {
    AppDirs::resolve(Some(home)).unwrap()
}

fn forecast_args(exam: &str) -> cli::ForecastArgs {
    cli::ForecastArgs {
        exam: Some(exam.to_owned()),
        kind: None,
        json: false,
    }
}

#[test]
fn commands_run_on_a_clock_before_1970_and_say_it_is_wrong() {
    let clocks = [
        // One minute before the epoch, in UTC.
        FixedClock::new(Timestamp(-60_000), 0),
        // Local midnight on 1970-01-01 in Kathmandu (UTC+05:45): still before the epoch.
        FixedClock::new(Timestamp(-20_700_000), 20_700),
    ];
    for clock in clocks {
        let home = tempfile::tempdir().unwrap();
        let dirs = dirs(home.path());
        let wrong = "warning: the computer's clock says 1969-12-31 (UTC), which cannot be right";

        let (code, out, err) = common::run_cli(|o, e| cli::stats(Some(&dirs), false, &clock, o, e));
        assert_eq!(code, 0, "{out}{err}");
        assert!(err.contains(wrong), "{err}");
        assert!(out.contains("study day 19"), "{out}");

        let (code, out, err) = common::run_cli(|o, e| {
            cli::forecast(Some(&dirs), &forecast_args("2099-01-01"), &clock, o, e)
        });
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            err.contains(wrong) && out.starts_with("exam 2099-01-01 ("),
            "{out}{err}"
        );

        let (code, _, err) =
            common::run_cli(|o, e| cli::optimise(Some(&dirs), false, &clock, o, e));
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains(wrong) && err.contains("needs at least 400"),
            "{err}"
        );
    }
}

#[test]
fn a_clock_that_is_right_gives_no_warning() {
    let home = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(NOW, 0);
    let (code, _, err) =
        common::run_cli(|o, e| cli::stats(Some(&dirs(home.path())), false, &clock, o, e));
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn forecast_counts_days_and_reads_the_date_trimmed() {
    let home = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(NOW, 0);
    for (exam, start) in [
        (" 2026-11-23 ", "exam 2026-11-23 (1 day): "),
        ("2026-11-24", "exam 2026-11-24 (2 days): "),
        ("2099-1-1", "exam 2099-01-01 ("),
    ] {
        let (code, out, err) = common::run_cli(|o, e| {
            cli::forecast(Some(&dirs(home.path())), &forecast_args(exam), &clock, o, e)
        });
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with(start), "{exam:?}: {out}");
    }
}

#[test]
fn a_readiness_target_out_of_range_is_not_used() {
    let home = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(NOW, 0);
    for bad in ["-5.0", "5.0", "NaN"] {
        std::fs::write(
            home.path().join("settings.ron"),
            format!("(readiness_target: {bad})"),
        )
        .unwrap();
        let (code, out, err) = common::run_cli(|o, e| {
            cli::forecast(
                Some(&dirs(home.path())),
                &forecast_args("2099-01-01"),
                &clock,
                o,
                e,
            )
        });
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("(target 90%)"), "{bad}: {out}");
        assert!(
            err.contains("settings.ron: readiness_target is ") && err.contains("so 0.9 is used"),
            "{bad}: {err}"
        );
    }
}

/// Before the fix, a NaN retention made every answer "<1m": due again at once, forever.
#[test]
fn answers_leave_the_day_with_a_nan_retention_and_no_learning_steps() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("settings.ron"),
        "(desired_retention: NaN, learning_steps_minutes: [], relearning_steps_minutes: [])",
    )
    .unwrap();
    let loaded = settings::load(home.path());
    let warning = loaded.warning.clone().unwrap_or_default();
    let mut engine = Engine::new(Store::open(home.path()).unwrap(), loaded.settings).unwrap();
    engine
        .sync_items(
            &PackItems {
                pack: "p".into(),
                version: "1".into(),
                items: vec![("a".into(), ItemKind::Card)],
            },
            0,
        )
        .unwrap();
    let key = ItemKey {
        pack: "p".into(),
        item: "a".into(),
    };
    let clock = FixedClock::new(NOW, 0);
    for rating in Rating::ALL {
        let next = engine.preview(&key, &clock).unwrap();
        assert!(
            next.iter().all(|n| n.delay_secs >= 3600),
            "{rating:?}: {next:?}"
        );
        let state = engine
            .answer(&key, ItemKind::Card, rating, "test", 1000, &clock)
            .unwrap();
        assert_eq!(state.phase, Phase::Review);
        assert!(state.interval_days >= 1, "{state:?}");
        clock.advance_secs(30 * 86_400);
    }
    assert!(warning.contains("desired_retention is NaN"), "{warning}");
}

fn kubestudy(home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kubestudy"))
        .args(args)
        .env("KUBESTUDY_HOME", home)
        .output()
        .expect("runs")
}

#[test]
fn a_home_that_is_a_file_is_named_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("regular-file-home");
    std::fs::write(&file, "x").unwrap();
    let expected = format!(
        "kubestudy: KUBESTUDY_HOME ({}) is a file, not a folder: set KUBESTUDY_HOME to a folder (a missing one is created)\n",
        file.display()
    );
    for args in [
        &["stats"][..],
        &["list"],
        &["forecast", "--exam", "2099-01-01"],
        &["optimise"],
        &["remove", "x"],
    ] {
        let output = kubestudy(&file, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            expected,
            "{args:?}"
        );
    }
    // Commands that do not use the home still work.
    let pack = format!("{}/packs/k8s-workloads", env!("CARGO_MANIFEST_DIR"));
    assert_eq!(kubestudy(&file, &["check", &pack]).status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

/// Runs `kubestudy ARGS` with a standard output whose reader has already gone away.
#[cfg(unix)]
fn with_closed_stdout(home: &std::path::Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_kubestudy"))
        .args(args)
        .env("KUBESTUDY_HOME", home)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("runs")
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_each_command_quietly() {
    let home = tempfile::tempdir().unwrap();
    let pack = format!("{}/packs/k8s-workloads", env!("CARGO_MANIFEST_DIR"));
    for args in [
        &["stats"][..],
        &["stats", "--json"],
        &["list"],
        &["forecast", "--exam", "2099-01-01"],
        &["check", &pack],
    ] {
        let output = with_closed_stdout(home.path(), args);
        assert_eq!(
            (
                output.status.code(),
                String::from_utf8_lossy(&output.stderr).as_ref()
            ),
            (Some(0), ""),
            "{args:?}"
        );
    }
    // A real write error is still one.
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    if let Ok(full) = full {
        let output = Command::new(env!("CARGO_BIN_EXE_kubestudy"))
            .arg("stats")
            .env("KUBESTUDY_HOME", home.path())
            .stdout(full)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&output.stderr).contains("No space left"));
    }
}
