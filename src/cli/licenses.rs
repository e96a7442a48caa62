//! `swatch licenses`: every member's license and its driver, totals, seats
//! and yearly cost.

use super::{Common, Context, Failure};
use crate::exit::Exit;
use crate::license::Licenses;
use crate::load;
use crate::report;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(super) struct LicensesArgs {
    /// The workspace folder.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// How to write the table: for a person, or for a program or spreadsheet.
    #[arg(long, value_enum, default_value_t = LicensesFormat::Human)]
    pub(super) format: LicensesFormat,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum LicensesFormat {
    /// A table for a terminal.
    Human,
    /// Members, totals, seats and cost as JSON.
    Json,
    /// One row per member, for a spreadsheet.
    Csv,
}

pub(super) fn run(
    args: &LicensesArgs,
    context: &Context,
    out: &mut dyn Write,
) -> Result<Exit, Failure> {
    let common = &args.common;
    // No format names a place in the files.
    let (_config, workspace) = load::open(
        &args.path,
        common.config.as_deref(),
        common.limits.max_file_size,
        Some(crate::source::Keep::Nothing),
    )?;
    let licenses = Licenses::derive(&workspace.model);
    match args.format {
        LicensesFormat::Human => report::human::licenses(out, &licenses)?,
        LicensesFormat::Json => crate::text::write_json(out, &report::json::licenses(&licenses))?,
        LicensesFormat::Csv => report::csv::licenses(out, &licenses)?,
    }
    context.release(licenses);
    context.release(workspace);
    Ok(Exit::Clean)
}
