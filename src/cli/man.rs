//! `swatch man`: the man page (roff), generated from the parser.

use super::{Cli, Failure, UndatedToday};
use crate::exit::Exit;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub(super) struct ManArgs {
    #[command(flatten)]
    today: UndatedToday,
}

pub(super) fn run(_args: &ManArgs, out: &mut dyn Write) -> Result<Exit, Failure> {
    clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(out)?;
    Ok(Exit::Clean)
}
