//! `swatch completions`: shell completions, generated from the parser.

use super::{Cli, Failure, UndatedToday};
use crate::exit::Exit;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub(super) struct CompletionsArgs {
    #[arg(value_enum)]
    shell: clap_complete::Shell,
    #[command(flatten)]
    today: UndatedToday,
}

pub(super) fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Result<Exit, Failure> {
    // `clap_complete` panics when a write fails (`swatch completions bash |
    // head`): it writes to memory, and a closed pipe is the usual I/O error.
    let mut script = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut <Cli as clap::CommandFactory>::command(),
        "swatch",
        &mut script,
    );
    out.write_all(&script)?;
    Ok(Exit::Clean)
}
