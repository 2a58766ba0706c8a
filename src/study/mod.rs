//! Scheduling and study logic: time, the FSRS scheduler, queues and statistics.
//!
//! Pure domain code: no UI, no SQL. Time comes in through [`clock::Clock`].

pub mod clock;
pub mod schedule;
