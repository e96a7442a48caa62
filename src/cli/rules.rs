//! `swatch rules`: every built-in and user rule with its effective severity
//! and options.

use super::{Common, Failure};
use crate::config::Config;
use crate::error::Invalid;
use crate::exit::Exit;
use crate::load;
use crate::policy::Policies;
use crate::report::rules::RuleRow;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(super) struct RulesArgs {
    /// The workspace folder (for its config and policies).
    #[arg(default_value = ".")]
    path: PathBuf,
    /// How to write the list: for a person, or for a program.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub(super) format: RulesFormat,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum RulesFormat {
    /// A table for a terminal.
    Human,
    /// `{"rules": [...]}` as JSON.
    Json,
}

pub(super) fn run(args: &RulesArgs, out: &mut dyn Write) -> Result<Exit, Failure> {
    let path = args.path.as_path();
    let common = &args.common;
    // Only the config and user rules matter here, not the model, so
    // `swatch rules` works in any folder.
    let mut sources = crate::source::Sources::default();
    let (config, policies) = if path.is_dir() {
        let cli_limit = common.limits.max_file_size;
        let config = load::read_config(&mut sources, path, common.config.as_deref(), cli_limit)?;
        let policies = Policies::open(path, config.file_limit(cli_limit))?;
        let ids: Vec<&str> = crate::lint::documented(&policies)
            .iter()
            .map(|r| r.id)
            .collect();
        let errors = config.check_rule_ids(&ids, crate::rules::options_of);
        if !errors.is_empty() {
            return Err(Invalid { sources, errors }.sorted().into());
        }
        (config, policies)
    } else {
        (Config::default(), Policies::default())
    };
    let rules = crate::lint::documented(&policies);
    let rows = RuleRow::of(&rules, &config);
    match args.format {
        RulesFormat::Human => crate::report::rules::human(out, &rows)?,
        RulesFormat::Json => crate::report::rules::json(out, &rows)?,
    }
    Ok(Exit::Clean)
}
