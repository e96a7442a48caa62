//! swatch: a policy-as-code linter for the security setup of a Pigment
//! workspace kept as TOML files.
//!
//! Data flows one way, and so do the imports: files (`read`,
//! `toml_read`) → `model` (via `load`) → `license` → findings
//! (`rules`, `policy`, `suppress`, gathered by `lint`) → `why`,
//! `diff` → `report` → the feature folders → `cli`. README.md's
//! layout table lists the layers; `tests/layering.rs` holds them. Only
//! the renderers write output.
//!
//! swatch is a command-line tool, not a library: every module is
//! `pub(crate)`, so rustc reports what nothing uses. The crate exports
//! only what the binary needs ([`cli::run`] and [`exit::Exit`]) and,
//! with the `fuzzing` feature, the entry points of the fuzz targets
//! (`fuzzing`, hidden from the docs).

pub(crate) mod audit;
pub(crate) mod ci_log;
pub mod cli;
pub(crate) mod code_span;
pub(crate) mod config;
pub(crate) mod diff;
pub(crate) mod drift;
pub(crate) mod edit;
pub(crate) mod error;
pub(crate) mod excerpt;
pub mod exit;
pub(crate) mod explain;
pub(crate) mod export;
pub(crate) mod finding;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod help;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod license;
pub(crate) mod lint;
pub(crate) mod load;
pub(crate) mod model;
pub(crate) mod pattern;
pub(crate) mod policy;
#[cfg(test)]
mod properties;
pub(crate) mod read;
pub(crate) mod report;
pub(crate) mod rules;
pub(crate) mod source;
pub(crate) mod suppress;
#[cfg(test)]
mod test_utils;
pub(crate) mod text;
pub(crate) mod toml_read;
pub(crate) mod why;
pub(crate) mod write;
