//! `swatch import`: write a workspace from Pigment's exports.

use super::Failure;
use crate::exit::Exit;
use crate::export::ExportArgs;
use crate::model::{Keyword as _, LicenseModel};
use clap::Args;
use jiff::civil::Date;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(super) struct ImportArgs {
    #[command(flatten)]
    exports: ExportArgs,
    /// The workspace's name.
    #[arg(long, default_value = "Imported")]
    name: String,
    /// current, legacy-v1 or legacy-v2 (Workspace settings → Plan & Usage).
    #[arg(long, value_name = "MODEL", default_value = "current", value_parser = parse_license_model)]
    license_model: LicenseModel,
    /// Write each member's exported license as their `seat` (the license they are meant to hold).
    #[arg(long)]
    seats_from_export: bool,
    /// The folder to write; it must not exist or be empty.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The date written in the generated-file comments (default: the local date).
    #[arg(long, value_name = "YYYY-MM-DD", env = "SWATCH_TODAY")]
    today: Option<Date>,
    /// Refuse exports larger than SIZE (B, KB, MB, GB, KiB, MiB, GiB; default 32MiB).
    #[arg(long, value_name = "SIZE", value_parser = crate::load::MaxFileSize::parse)]
    max_file_size: Option<crate::load::MaxFileSize>,
}

fn parse_license_model(text: &str) -> Result<LicenseModel, String> {
    LicenseModel::from_keyword(text.trim())
        .ok_or_else(|| format!("expected current, legacy-v1 or legacy-v2, found `{text}`"))
}

pub(super) fn run(args: &ImportArgs, out: &mut dyn Write) -> Result<Exit, Failure> {
    let request = crate::import::Request {
        exports: &args.exports,
        name: &args.name,
        license_model: args.license_model,
        seats_from_export: args.seats_from_export,
        out: &args.out,
        today: args
            .today
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date()),
        max_file_size: args.max_file_size.unwrap_or_default(),
    };
    crate::import::run(&request)?.render(out)?;
    Ok(Exit::Clean)
}
