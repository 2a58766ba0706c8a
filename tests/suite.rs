//! Every integration test, in one test binary. Each file under `tests/` is a module here: one link
//! of the app and its dependencies instead of one per file keeps a clean `cargo test` to a few
//! gigabytes of disk and a fraction of the link time. `cargo test --test suite ui_review::` runs
//! one file's tests.

mod common;

mod anki_export;
mod anki_import;
mod authoring;
mod bad_input;
mod blueprints;
mod browser;
mod builtin_packs;
mod card_images;
mod cli;
mod cli_messages;
mod cli_validate;
mod cloze_cards;
mod crash_installs;
mod desktop;
mod diagram_geometry;
mod diagram_quiz;
mod exam;
mod exam_modes;
mod fairness;
mod fuzz_regressions;
mod glossary_drill;
mod hands_on_tasks;
mod hostile_images;
mod hostile_packs;
mod import_text;
mod kill;
mod manifest_tasks;
mod no_panic;
mod packs_folder;
mod progress;
mod readme_example;
mod recovery;
mod refit;
mod review_marks;
mod review_session;
mod ron_compat;
mod settings_clock;
mod share;
mod stats;
mod task_mock;
mod ui_accessibility;
mod ui_browser;
mod ui_card_edit;
mod ui_custom_study;
mod ui_data_folder;
mod ui_diagram;
mod ui_drill_stats;
mod ui_exam;
mod ui_exam_coverage;
mod ui_glossary;
mod ui_hands_on;
mod ui_hands_on_manifest;
mod ui_home;
mod ui_keys;
mod ui_own_cards;
mod ui_packs;
mod ui_primer;
mod ui_review;
mod ui_review_marks;
mod ui_settings;
mod ui_task_mock;
