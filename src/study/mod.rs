//! Scheduling and study logic: time, the FSRS scheduler, queues, statistics, and the engine
//! that ties them to the progress store.
//!
//! No UI and no SQL here (the store does the SQL). Time comes in through [`clock::Clock`].

pub mod browse;
pub mod clock;
pub mod coverage;
pub mod edits;
pub mod engine;
pub mod exam;
pub mod forecast;
pub mod info;
pub mod items;
pub mod optimise;
pub mod queue;
pub mod refit;
pub mod schedule;
pub mod search;
pub mod siblings;
pub mod stats;
pub mod workload;

pub use engine::Engine;
