//! The `unspin` command line.

pub mod apply;
pub mod args;
pub mod check;
pub mod clean;
pub mod compress;
pub mod dict;
pub mod engine;
pub mod input;
pub mod output;
pub mod progress;
pub mod resume;
pub mod review;
pub mod settings;
