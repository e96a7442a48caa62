//! Invalid input (exit 2) in the machine formats, so it reaches the CI
//! channel the format feeds (annotations, code scanning, test and quality
//! reports) instead of only stderr, where the human diagnostics still go.
//!
//! Every command with a machine format that reads a workspace calls
//! [`write_invalid_input`] with its format, so `check`, `licenses`, `diff`
//! and the commands to come (`drift`, `what-if`, `report`) agree.

use crate::error::Invalid;
use crate::load::work_tree::RepoPaths;
use std::io::{self, Write};

/// A machine format, as far as invalid input is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MachineFormat {
    /// `check --format json`: `{"findings": [], "errors": [...], "summary": {...}}`.
    CheckJson,
    /// Any other command's JSON: `{"errors": [...]}`.
    Json,
    /// A valid SARIF log: an `invalid-input` result per error with a file,
    /// tool execution notifications for the others.
    Sarif,
    /// One `::error file=…,line=…,col=…::` workflow command per error.
    Github,
    /// A failed test case per error.
    Junit,
    /// One `major` Code Quality issue per error, `check_name` `invalid-input`.
    Gitlab,
}

/// Write `invalid` to stdout in `format`. `side` names the side of a diff
/// the errors are in; `paths` rebases file paths on the repository root for
/// the formats CI tools match against the repository.
pub(crate) fn write_invalid_input(
    out: &mut dyn Write,
    format: MachineFormat,
    invalid: &Invalid,
    side: Option<&str>,
    paths: &RepoPaths,
) -> io::Result<()> {
    match format {
        MachineFormat::CheckJson => {
            crate::text::write_json(out, &super::json::check_invalid(invalid, side))
        }
        MachineFormat::Json => crate::text::write_json(
            out,
            &super::json::Errors {
                errors: super::json::errors(invalid, side),
            },
        ),
        MachineFormat::Sarif => super::sarif::invalid(out, invalid, paths),
        MachineFormat::Github => super::github::invalid(out, invalid, paths),
        MachineFormat::Junit => super::junit::invalid(out, invalid),
        MachineFormat::Gitlab => super::gitlab::invalid(out, invalid, paths),
    }
}
