//! Hands-on tasks: what a learner types at a terminal in the CKA and CKAD, checked offline.
//!
//! [`kubectl`] reads a kubectl command line by kubectl's own grammar (a data table of
//! commands, resource types and flags) and grades it against what a task says must hold, so
//! every correct spelling of a command passes, not one stored string.

pub mod commands;
mod expect;
pub mod kubectl;
pub mod manifest;
pub mod yaml;
