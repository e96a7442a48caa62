//! `swatch drift`: differences between the workspace and Pigment's exports.

use super::{Common, Context, Failure};
use crate::drift::DriftFormat;
use crate::exit::Exit;
use crate::export::ExportArgs;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(super) struct DriftArgs {
    /// The workspace folder.
    #[arg(default_value = ".")]
    path: PathBuf,
    #[command(flatten)]
    exports: ExportArgs,
    /// How to write the differences: for a terminal, a program, or a pull-request comment.
    #[arg(long, value_enum, default_value_t = DriftFormat::Human)]
    pub(super) format: DriftFormat,
    #[command(flatten)]
    common: Common,
}

pub(super) fn run(
    args: &DriftArgs,
    context: &Context,
    out: &mut dyn Write,
) -> Result<Exit, Failure> {
    let crate::drift::Compared {
        drift,
        workspace,
        exports,
    } = crate::drift::run(
        &args.path,
        &args.exports,
        args.common.config.as_deref(),
        args.common.limits.max_file_size,
    )?;
    crate::drift::render(out, &drift, args.format)?;
    let exit = drift.exit();
    context.release(drift);
    context.release(exports);
    context.release(workspace);
    Ok(exit)
}
