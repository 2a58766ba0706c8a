//! kubestudy: an offline study app for Kubernetes certifications.
//!
//! Layers: [`pack`] holds content packs; [`cli`] implements the
//! command line on top of it. Nothing here depends on the UI toolkit.

pub mod anki;
pub mod app;
pub mod cli;
pub mod desktop;
pub mod dirs;
pub mod files;
pub mod modes;
pub mod pack;
pub mod parallel;
pub mod progress;
pub mod study;
pub mod sync;
pub mod tasks;
pub mod ui;
