//! `swatch diff`: the license and access impact of a change, two folders or
//! a git revision and the working tree, with the gates that fail it.

use super::{Common, FailOn, Failure, invalid};
use crate::diff::sides::{Change, load_sides};
use crate::diff::{CostLimit, Gates};
use crate::error::{InputError, Invalid};
use crate::exit::Exit;
use crate::model::License;
use crate::report;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(super) struct DiffArgs {
    /// OLD and NEW folders; with --base, the workspace folder (default: .).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Compare the working tree of PATH with this git revision.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// How to write the report: for a terminal, a program, or a pull-request comment.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub(super) format: DiffFormat,
    /// Fail (exit 1) when the yearly cost grows by more than USD, or N%.
    #[arg(long, value_name = "USD|N%", value_parser = parse_cost_limit)]
    max_cost_increase: Option<CostLimit>,
    /// Fail when the change introduces a finding at or above this severity.
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on_new: Option<FailOn>,
    /// Fail when anyone gains the top license, write access, security or admin rights.
    #[arg(long)]
    deny_escalation: bool,
    /// Fail when more than N seats of LICENSE are added (repeatable).
    #[arg(long, value_name = "LICENSE=N", value_parser = parse_seat_cap)]
    max_new_seats: Vec<(License, u64)>,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum DiffFormat {
    /// Tables for a terminal.
    Human,
    /// Changes, totals, cost and findings as JSON.
    Json,
    /// A pull-request comment or step summary.
    Markdown,
}

fn parse_cost_limit(text: &str) -> Result<CostLimit, String> {
    let clean = text.trim().trim_start_matches('$').replace(',', "");
    if let Some(percent) = clean.strip_suffix('%') {
        return percent
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|p| p.is_finite() && *p >= 0.0)
            .map(CostLimit::Percent)
            .ok_or_else(|| format!("expected a percentage like 10%, found `{text}`"));
    }
    clean
        .parse::<f64>()
        .ok()
        .filter(|d| d.is_finite() && *d >= 0.0)
        .map(|d| CostLimit::Cents((d * 100.0).round() as i64))
        .ok_or_else(|| {
            format!("expected US dollars like 5000, or a percentage like 10%, found `{text}`")
        })
}

/// The most seats `--max-new-seats` takes: no workspace has more members,
/// and a larger number is a typo rather than a limit.
const MAX_SEAT_CAP: u64 = 1_000_000;

fn parse_seat_cap(text: &str) -> Result<(License, u64), String> {
    use crate::model::Keyword as _;
    let (license, n) = text
        .split_once('=')
        .ok_or_else(|| format!("expected LICENSE=N like editor=2, found `{text}`"))?;
    let license = License::from_keyword(license.trim()).ok_or_else(|| {
        format!("unknown license `{license}`: expected editor, modeler, contributor or explorer")
    })?;
    let n = n
        .trim()
        .parse()
        .ok()
        .filter(|n| *n <= MAX_SEAT_CAP)
        .ok_or_else(|| {
            format!("expected a whole number of seats from 0 to 1,000,000, found `{n}`")
        })?;
    Ok((license, n))
}

pub(super) fn run(args: &DiffArgs, out: &mut dyn Write) -> Result<Exit, Failure> {
    let change = match (&args.base, args.paths.as_slice()) {
        (Some(rev), []) => Change::Revision {
            rev: rev.clone(),
            path: PathBuf::from("."),
        },
        (Some(rev), [path]) => Change::Revision {
            rev: rev.clone(),
            path: path.clone(),
        },
        (None, [old, new]) => Change::Folders {
            old: old.clone(),
            new: new.clone(),
        },
        _ => {
            return Err(invalid(
                InputError::new("swatch::cli::usage", "`swatch diff` takes OLD NEW, or --base REV [PATH]")
                    .help("compare two folders: swatch diff old/ new/; or a revision with the working tree: swatch diff --base origin/main ."),
            ));
        }
    };
    let gates = Gates {
        max_cost_increase: args.max_cost_increase,
        fail_on_new: args.fail_on_new.map(FailOn::severity),
        deny_escalation: args.deny_escalation,
        max_new_seats: args.max_new_seats.clone(),
    };
    let common = &args.common;
    // No format quotes a line of the files.
    let forget = Some(crate::source::Keep::Places);
    let sides = load_sides(
        &change,
        common.config.as_deref(),
        common.limits.max_file_size,
        forget,
    )?;
    let today = common.today();
    let old_errors = crate::lint::check_rule_ids(&sides.config, &sides.old, &sides.policies);
    if !old_errors.is_empty() {
        let invalid = Invalid {
            sources: sides.old.sources,
            errors: old_errors,
        }
        .sorted();
        return Err(Failure::Invalid(Box::new(invalid), Some(sides.old_label)));
    }
    let new_errors = crate::lint::check_rule_ids(&sides.config, &sides.new, &sides.policies);
    if !new_errors.is_empty() {
        let invalid = Invalid {
            sources: sides.new.sources,
            errors: new_errors,
        }
        .sorted();
        return Err(Failure::Invalid(Box::new(invalid), Some(sides.new_label)));
    }
    crate::diff::review::review(&sides, today, |d, awaiting| {
        let results = d.gates(&gates);
        match args.format {
            DiffFormat::Human => report::human::diff(
                out,
                d,
                awaiting,
                &results,
                (&sides.old_label, &sides.new_label),
            )?,
            DiffFormat::Json => {
                crate::text::write_json(out, &report::json::diff(d, awaiting, &results))?;
            }
            DiffFormat::Markdown => report::markdown::diff(out, d, awaiting, &results)?,
        }
        Ok(if results.iter().any(|g| g.failed) {
            Exit::Failed
        } else {
            Exit::Clean
        })
    })
}
