//! `swatch fix`: apply the fixes findings carry.

use super::{Common, FailOn, Failure};
use crate::edit::fix::FixRequest;
use crate::exit::Exit;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(super) struct FixArgs {
    /// The workspace folder.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Also apply the fixes that change access (each listed with its license impact).
    #[arg(long = "unsafe")]
    unsafe_fixes: bool,
    /// Print the diff of every file it would change and write nothing (exit 1 if any).
    #[arg(long)]
    diff: bool,
    /// Only fix the findings of this rule (repeatable).
    #[arg(long = "rule", value_name = "ID")]
    rules: Vec<String>,
    /// Exit 1 when a finding at or above this severity remains after fixing.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    #[command(flatten)]
    common: Common,
}

pub(super) fn run(args: &FixArgs, out: &mut dyn Write) -> Result<Exit, Failure> {
    let common = &args.common;
    Ok(crate::edit::fix::fix(
        &FixRequest {
            path: &args.path,
            unsafe_fixes: args.unsafe_fixes,
            diff: args.diff,
            rules: &args.rules,
            fail_on: args.fail_on.severity(),
            config: common.config.as_deref(),
            max_file_size: common.limits.max_file_size,
            today: common.today(),
        },
        out,
    )?)
}
