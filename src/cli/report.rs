//! `swatch report`: lint like `check`, then hand everything to `audit` for
//! an access review to read, sign and file.

use super::{Common, Context, Failure, invalid, open, read_config_baseline};
use crate::diff::sides::{Change, load_sides};
use crate::error::InputError;
use crate::exit::Exit;
use crate::license::Licenses;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(super) struct ReportArgs {
    /// The workspace folder.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// The form of the review: a page to print, a PR or wiki page, or rows.
    #[arg(long, value_enum, default_value_t = crate::audit::Format::Html)]
    format: crate::audit::Format,
    /// Write the review to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Summarise the changes since this git revision, as `diff --base` does.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// The reviewer named in the sign-off (default: a blank line to sign).
    #[arg(long, value_name = "NAME")]
    reviewer: Option<String>,
    #[command(flatten)]
    common: Common,
}

pub(super) fn run(
    args: &ReportArgs,
    context: &Context,
    out: &mut dyn Write,
) -> Result<Exit, Failure> {
    let path = args.path.as_path();
    let common = &args.common;
    // A review names no place in the files.
    let mut opened = open(path, common, Some(crate::source::Keep::Nothing))?;
    let today = common.today();
    let limit = opened.config.file_limit(common.limits.max_file_size);
    let baseline =
        read_config_baseline(path, &opened.config, limit, &mut opened.workspace.sources)?;
    let changes = match &args.base {
        Some(rev) => {
            let change = Change::Revision {
                rev: rev.clone(),
                path: path.to_owned(),
            };
            let sides = load_sides(
                &change,
                common.config.as_deref(),
                common.limits.max_file_size,
                Some(crate::source::Keep::Nothing),
            )?;
            Some(crate::diff::review::review(&sides, today, |d, _| {
                crate::audit::Changes::of(rev, d)
            }))
        }
        None => None,
    };
    let ws = &opened.workspace;
    let licenses = Licenses::derive(&ws.model);
    let findings = crate::lint::run(
        ws,
        &licenses,
        &opened.config,
        &opened.policies,
        today,
        baseline.as_ref(),
    );
    let exceptions = crate::audit::exceptions(&findings, &opened.config, &ws.inline_ignores);
    let mut review = crate::audit::Review::new(&licenses, &findings.findings, exceptions, today);
    review.reviewer = args.reviewer.as_deref();
    review.changes = changes;
    match &args.out {
        None => crate::audit::render(out, &review, args.format)?,
        Some(file) => {
            let mut text = Vec::new();
            crate::audit::render(&mut text, &review, args.format)?;
            crate::write::write_atomic(file, &text).map_err(|e| {
                invalid(
                    InputError::new(
                        "swatch::report::unwritable",
                        format!("cannot write the report {}: {e}", file.display()),
                    )
                    .help("write it to a regular file in an existing folder"),
                )
            })?;
        }
    }
    context.release(review);
    context.release(findings);
    context.release(licenses);
    context.release(opened);
    Ok(Exit::Clean)
}
