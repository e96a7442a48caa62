//! `swatch what-if`: `diff`'s report for hypothetical edits; `--write`
//! applies them.

use super::{Common, Failure};
use crate::edit::{Edits, WhatIf, WhatIfFormat};
use crate::exit::Exit;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(super) struct WhatIfArgs {
    /// The workspace folder.
    #[arg(default_value = ".")]
    path: PathBuf,
    #[command(flatten)]
    edits: Edits,
    /// How to write the report: for a terminal, a program, or a pull-request comment.
    #[arg(long, value_enum, default_value_t = WhatIfFormat::Human)]
    pub(super) format: WhatIfFormat,
    /// Apply the edits to the files (format-preserving; nothing is written if any edit fails).
    #[arg(long)]
    write: bool,
    #[command(flatten)]
    common: Common,
}

pub(super) fn run(args: &WhatIfArgs, out: &mut dyn Write) -> Result<Exit, Failure> {
    let common = &args.common;
    Ok(crate::edit::what_if(
        &WhatIf {
            path: &args.path,
            edits: &args.edits,
            format: args.format,
            write: args.write,
            config: common.config.as_deref(),
            max_file_size: common.limits.max_file_size,
            today: common.today(),
        },
        out,
    )?)
}
