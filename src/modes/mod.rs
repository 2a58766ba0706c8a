//! Study-mode sessions as plain state machines, driven by the app's reducer and tested without a
//! window: flashcard review, glossary search and the glossary's drill.

pub mod drill;
pub mod glossary;
pub mod review;
