//! `swatch schema`: the JSON Schema of a workspace file.

use super::{Failure, UndatedToday};
use crate::exit::Exit;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub(super) struct SchemaArgs {
    #[command(flatten)]
    today: UndatedToday,
}

pub(super) fn run(_args: &SchemaArgs, out: &mut dyn Write) -> Result<Exit, Failure> {
    out.write_all(include_bytes!("../../schema/workspace.schema.json"))?;
    Ok(Exit::Clean)
}
