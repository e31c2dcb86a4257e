//! The `unspin` command line.

pub mod apply;
pub mod args;
pub mod check;
pub mod clean;
pub mod dict;
pub mod engine;
pub mod input;
pub mod learn;
pub mod output;
