//! `swatch test`: run the examples of every user rule, like a test runner.

use super::{Common, Failure};
use crate::exit::Exit;
use crate::policy::Policies;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(super) struct TestArgs {
    /// The workspace folder holding `policies/`.
    #[arg(default_value = ".")]
    path: PathBuf,
    #[command(flatten)]
    common: Common,
}

pub(super) fn run(args: &TestArgs, out: &mut dyn Write) -> Result<Exit, Failure> {
    let common = &args.common;
    let policies = Policies::open(&args.path, common.limits.max_file_size.unwrap_or_default())?;
    let outcomes = crate::policy::test::run(&policies, common.today());
    let failed = crate::report::policy_test::outcomes(out, &policies, &outcomes)?;
    Ok(if failed > 0 {
        Exit::Failed
    } else {
        Exit::Clean
    })
}
