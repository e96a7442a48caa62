//! swatch: a policy-as-code linter for the security setup of a Pigment
//! workspace kept as TOML files.
//!
//! Data flows one way, and so do the imports: files (`read`,
//! `toml_read`) → `model` (via `load`) → `license` → findings
//! (`rules`, `policy`, `suppress`, gathered by `lint`) → `why`,
//! `diff` → `report` → the feature folders → `cli`. README.md's
//! layout table lists the layers; `tests/layering.rs` holds them. Only
//! the renderers write output.

pub(crate) mod audit;
pub(crate) mod ci_log;
pub mod cli;
pub mod code_span;
pub mod config;
pub mod diff;
pub(crate) mod drift;
pub(crate) mod edit;
pub mod error;
pub mod excerpt;
pub mod exit;
pub(crate) mod explain;
pub(crate) mod export;
pub mod finding;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod help;
pub(crate) mod import;
pub(crate) mod init;
pub mod license;
pub mod lint;
pub mod load;
pub mod model;
pub(crate) mod pattern;
pub mod policy;
pub mod read;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;
#[cfg(test)]
mod test_utils;
pub(crate) mod text;
pub(crate) mod toml_read;
pub mod why;
pub(crate) mod write;
