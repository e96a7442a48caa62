//! `swatch schema`: the JSON Schema of a workspace file, made from the
//! declarations its reader checks the files against (committed as
//! schema/workspace.schema.json).

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
    out.write_all(crate::load::json_schema().as_bytes())?;
    Ok(Exit::Clean)
}
