//! `swatch completions`: shell completions, generated from the parser.

use super::{Cli, UndatedToday};
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

pub(super) fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Exit {
    clap_complete::generate(
        args.shell,
        &mut <Cli as clap::CommandFactory>::command(),
        "swatch",
        out,
    );
    Exit::Clean
}
