//! Study-mode sessions as plain state machines, driven by the app's reducer and tested without a
//! window: flashcard review so far.

pub mod review;
