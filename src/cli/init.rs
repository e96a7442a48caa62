//! `swatch init`: scaffold a workspace, its config, a pre-commit config and
//! a workflow; never overwrites.

use super::{Failure, UndatedToday, invalid};
use crate::exit::Exit;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(super) struct InitArgs {
    /// The workspace folder (created if missing).
    #[arg(default_value = ".")]
    path: PathBuf,
    #[command(flatten)]
    today: UndatedToday,
}

pub(super) fn run(args: &InitArgs, out: &mut dyn Write) -> Result<Exit, Failure> {
    let written = crate::init::init(&args.path).map_err(invalid)?;
    crate::report::written::files(out, &written)?;
    Ok(Exit::Clean)
}
