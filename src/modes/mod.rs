//! Study-mode sessions as plain state machines, driven by the app's reducer and tested without a
//! window: flashcard review and glossary search so far.

pub mod glossary;
pub mod review;
