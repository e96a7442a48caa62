//! `swatch check`: lint the workspace and report the findings.

use super::{Common, Context, FailOn, Failure, invalid, open, read_baseline, read_config_baseline};
use crate::exit::Exit;
use crate::license::Licenses;
use crate::report;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// The workspace folder.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// How to write the findings: for a person, or for a CI system.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub(super) format: CheckFormat,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Hide the findings recorded in this baseline (instead of `baseline` in the config).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in FILE as the baseline, and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum CheckFormat {
    /// Diagnostics with source snippets, for a terminal.
    Human,
    /// Findings and a summary as JSON.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub workflow-command annotations.
    Github,
    /// A `JUnit` XML report, one test case per finding.
    Junit,
    /// A GitLab Code Quality report.
    Gitlab,
}

impl CheckFormat {
    /// Whether the findings are written with line:column but no line of
    /// the files (SARIF's fixes quote them), so the texts can be dropped.
    fn names_places_only(self) -> bool {
        matches!(self, Self::Json | Self::Github | Self::Junit | Self::Gitlab)
    }
}

impl CheckArgs {
    /// The machine format invalid input is written in too, if any.
    pub(super) fn machine_format(
        &self,
    ) -> Option<(
        report::invalid::MachineFormat,
        crate::load::work_tree::RepoPaths,
    )> {
        use report::invalid::MachineFormat as M;
        let machine = match self.format {
            CheckFormat::Human => return None,
            CheckFormat::Json => M::CheckJson,
            CheckFormat::Sarif => M::Sarif,
            CheckFormat::Github => M::Github,
            CheckFormat::Junit => M::Junit,
            CheckFormat::Gitlab => M::Gitlab,
        };
        Some((machine, crate::load::work_tree::RepoPaths::of(&self.path)))
    }
}

pub(super) fn run(
    args: &CheckArgs,
    context: &Context,
    out: &mut dyn Write,
) -> Result<Exit, Failure> {
    let path = args.path.as_path();
    let common = &args.common;
    let forget = args
        .format
        .names_places_only()
        .then_some(crate::source::Keep::Places);
    let mut opened = open(path, common, forget)?;
    let today = common.today();
    let limit = opened.config.file_limit(common.limits.max_file_size);
    let sources = &mut opened.workspace.sources;
    let baseline = match &args.baseline {
        _ if args.write_baseline.is_some() => None,
        Some(file) => Some(read_baseline(
            path,
            file,
            Ok(file.to_owned()),
            limit,
            sources,
        )?),
        None => read_config_baseline(path, &opened.config, limit, sources)?,
    };
    let licenses = Licenses::derive(&opened.workspace.model);
    let result = crate::lint::run(
        &opened.workspace,
        &licenses,
        &opened.config,
        &opened.policies,
        today,
        baseline.as_ref(),
    );
    if let Some(file) = &args.write_baseline {
        let written = crate::suppress::write_baseline(file, &result.findings).map_err(invalid)?;
        report::written::baseline(out, written, file)?;
        return Ok(Exit::Clean);
    }
    let ws = &opened.workspace;
    let findings = &result.findings;
    let paths = crate::load::work_tree::RepoPaths::of(path);
    // The first model file stands for the workspace where a finding has no line.
    let first_model_file = crate::source::FileId(u32::from(opened.config.file.is_some()));
    let fallback = (ws.sources.len() > first_model_file.0 as usize).then_some(first_model_file);
    match args.format {
        CheckFormat::Human => {
            let counts = report::human::CheckCounts {
                // The config and the baseline are in the sources too, but are not model data.
                files: ws.sources.len()
                    - usize::from(opened.config.file.is_some())
                    - usize::from(baseline.as_ref().is_some_and(|b| b.file.is_some())),
                members: ws.model.members.len(),
                applications: ws.model.applications.len(),
                ignored: result.ignored,
                baselined: result.baselined,
                symlinks: ws.skipped_symlinks,
            };
            report::human::check(out, context.ui.out, findings, &ws.sources, &counts)?;
        }
        CheckFormat::Json => {
            crate::text::write_json(out, &report::json::check(findings, &ws.sources, &ws.model))?;
        }
        CheckFormat::Sarif => {
            let infos = crate::lint::documented(&opened.policies);
            report::sarif::check(out, findings, &ws.sources, &infos, &paths, fallback)?;
        }
        CheckFormat::Github => report::github::check(out, findings, &ws.sources, &paths)?,
        CheckFormat::Gitlab => {
            report::gitlab::check(out, findings, &ws.sources, &paths, fallback)?;
        }
        CheckFormat::Junit => {
            report::junit::check(out, findings, &ws.sources, args.fail_on.severity())?;
        }
    }
    let fail = args.fail_on.severity();
    let exit = if findings.iter().any(|f| f.severity >= fail) {
        Exit::Failed
    } else {
        Exit::Clean
    };
    context.release(result);
    context.release(licenses);
    context.release(opened);
    Ok(exit)
}
