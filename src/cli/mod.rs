//! The command line: parse arguments, run a command, map the outcome to an
//! [`Exit`]. Output goes to stdout; invalid input to stderr.
//!
//! This file holds what every command shares: the top-level parser, the
//! common flags, the dispatch and the mapping of failures to exit codes.
//! Each command is one file here with its flags and its `run`; what it
//! prints is written by `report` (or its feature folder).

mod check;
mod completions;
mod diff;
mod drift;
mod explain;
mod fix;
mod import;
mod init;
mod licenses;
mod man;
mod report;
mod rules;
mod schema;
mod test;
mod what_if;
mod why;

use crate::config::Config;
use crate::diff::sides::SideError;
use crate::error::{InputError, Invalid};
use crate::exit::Exit;
use crate::finding::Severity;
use crate::load::{self, Workspace};
use crate::policy::Policies;
use crate::report::Style;
use crate::suppress::Baseline;
use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "swatch",
    version,
    about = "Lint the security setup of a Pigment workspace kept as TOML",
    propagate_version = true,
    after_help = crate::help::TOP
)]
struct Cli {
    /// When to colour terminal output (`NO_COLOR` is respected in `auto`).
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    // Global so that it is accepted before the command as well as after it.
    // Every command declares `--today` too (shown in its help where the
    // date matters, hidden elsewhere), so clap never copies this one into a
    // command; it matches both by id and gives the command's own field the
    // value from either side, which is the one the commands read. The
    // command's declaration reads `SWATCH_TODAY`; this one does not, so
    // `swatch check --today D` never parses the variable.
    /// The date staleness rules compare against (default: `SWATCH_TODAY`, else the local date).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, global = true)]
    today: Option<Date>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The flags of every command that reads a workspace.
#[derive(Debug, Args)]
struct Common {
    /// The linter config (default: swatch.toml or .swatch.toml in PATH).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// The date staleness rules compare against (default: the local date).
    #[arg(long, value_name = "YYYY-MM-DD", env = "SWATCH_TODAY", value_parser = parse_date)]
    today: Option<Date>,

    #[command(flatten)]
    limits: Limits,
}

#[derive(Debug, Args)]
struct Limits {
    /// Refuse files larger than SIZE (B, KB, MB, GB, KiB, MiB, GiB; default:
    /// `max_file_size` in the config, else 32MiB; at most 4GiB − 1).
    #[arg(long, value_name = "SIZE", value_parser = load::MaxFileSize::parse)]
    max_file_size: Option<load::MaxFileSize>,
}

/// `--today` for the commands whose output does not depend on the date:
/// accepted everywhere (scripts pass it to every command), hidden from their help.
#[derive(Debug, Args)]
struct UndatedToday {
    #[arg(long, value_name = "YYYY-MM-DD", env = "SWATCH_TODAY", value_parser = parse_date, hide = true)]
    today: Option<Date>,
}

impl Common {
    fn today(&self) -> Date {
        self.today
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date())
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the model, run built-in and user rules, report findings.
    #[command(after_help = crate::help::CHECK)]
    Check(check::CheckArgs),
    /// Each member's license, its driver, totals, seats and yearly cost.
    #[command(after_help = crate::help::LICENSES, mut_arg("today", |a| a.hide(true)))]
    Licenses(licenses::LicensesArgs),
    /// License and access impact of a change: two folders, or a git revision and the working tree.
    #[command(after_help = crate::help::DIFF)]
    Diff(diff::DiffArgs),
    /// Every built-in and user rule with its effective severity and options.
    #[command(after_help = crate::help::RULES, mut_arg("today", |a| a.hide(true)))]
    Rules(rules::RulesArgs),
    /// A rule's documentation: what, why, an example, how to fix.
    #[command(after_help = crate::help::EXPLAIN)]
    Explain(explain::ExplainArgs),
    /// Run the examples of every user rule in PATH/policies, like a test runner.
    #[command(after_help = crate::help::TEST)]
    Test(test::TestArgs),
    /// Start a workspace: a commented config, a member file and an application
    /// in PATH; a pre-commit config and a GitHub workflow at the repository root.
    #[command(after_help = crate::help::INIT)]
    Init(init::InitArgs),
    /// Print the JSON Schema of a workspace file (for taplo, Even Better TOML).
    #[command(after_help = crate::help::SCHEMA)]
    Schema(schema::SchemaArgs),
    /// Print shell completions.
    #[command(after_help = crate::help::COMPLETIONS)]
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff), e.g. `swatch man > swatch.1`.
    #[command(after_help = crate::help::MAN)]
    Man(man::ManArgs),
    /// Write a workspace from Pigment's exports (members, role assignments, SCIM); never overwrites.
    #[command(after_help = crate::help::IMPORT)]
    Import(import::ImportArgs),
    /// Differences between the workspace and Pigment's exports: exit 0 in sync, 1 drift.
    #[command(after_help = crate::help::DRIFT, mut_arg("today", |a| a.hide(true)))]
    Drift(drift::DriftArgs),
    /// `diff`'s report for hypothetical edits, in memory; --write applies them to the files.
    #[command(name = "what-if", after_help = crate::help::WHAT_IF)]
    WhatIf(what_if::WhatIfArgs),
    /// Apply the fixes findings carry (--unsafe: also those that change access); --diff shows them.
    #[command(after_help = crate::help::FIX)]
    Fix(fix::FixArgs),
    /// How one member's license is derived, and the change that lowers it.
    #[command(after_help = crate::help::WHY, mut_arg("today", |a| a.hide(true)))]
    Why(why::WhyArgs),
    /// An access review of the workspace to read, sign and file (docs/report.md).
    #[command(after_help = crate::help::REPORT)]
    Report(report::ReportArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            Self::Error => Severity::Error,
            Self::Warning => Severity::Warning,
            Self::Info => Severity::Info,
        }
    }
}

/// The command line. An explicit `--today` (before or after the command)
/// wins over `SWATCH_TODAY`, which is then not read at all: a bad value in
/// the environment must not fail a run that names its date.
fn parse() -> Result<Cli, clap::Error> {
    let mut command = <Cli as clap::CommandFactory>::command();
    let explicit_today = std::env::args_os().any(|arg| {
        let arg = arg.to_string_lossy();
        arg == "--today" || arg.starts_with("--today=")
    });
    if explicit_today {
        command = command.mut_subcommands(|sub| {
            sub.mut_args(|arg| {
                if arg.get_id() == "today" {
                    arg.env(None)
                } else {
                    arg
                }
            })
        });
    }
    <Cli as clap::FromArgMatches>::from_arg_matches(&command.try_get_matches()?)
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>()
        .map_err(|e| format!("expected a date like 2026-11-28: {e}"))
}

/// Anything a command built: handed to the caller's release function
/// instead of being dropped.
pub trait Leftover {}

impl<T> Leftover for T {}

/// What to do with the model and the other big values a command built, once
/// its output is written: `drop` frees them; a process that exits right
/// after may skip that (see `main.rs`).
pub type Release = fn(Box<dyn Leftover + '_>);

/// Run the command line of this process; `release` receives what the
/// command built once it is done with it.
pub fn run(release: Release) -> Exit {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are not errors; usage errors are exit 2.
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Invalid
            } else {
                Exit::Clean
            };
        }
    };
    let stdout = io::stdout();
    // Text for a person may be a CI log line: workflow commands in it are
    // made inert (`ci_log`); the other formats are data.
    let mut out = io::BufWriter::new(crate::ci_log::LogSafe::new(
        stdout.lock(),
        cli.command.writes_text_for_a_person(),
    ));
    let color = |terminal: bool| match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let context = Context {
        ui: Ui {
            out: Style {
                color: color(io::stdout().is_terminal()),
                width: 100,
            },
            err: Style {
                color: color(io::stderr().is_terminal()),
                width: 100,
            },
        },
        release,
    };
    let exit = match execute(&cli.command, &context, &mut out) {
        Ok(exit) => exit,
        Err(Failure::Invalid(invalid, side)) => {
            if let Some((format, paths)) = cli.command.machine_format() {
                let _ = crate::report::invalid::write_invalid_input(
                    &mut out,
                    format,
                    &invalid,
                    side.as_deref(),
                    &paths,
                );
            }
            let _ = out.flush();
            let mut err = crate::ci_log::stderr();
            let _ =
                crate::report::human::invalid(&mut err, context.ui.err, &invalid, side.as_deref());
            let _ = err.flush();
            Exit::Invalid
        }
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Clean,
        Err(Failure::Io(e)) => {
            let mut err = crate::ci_log::stderr();
            let _ = writeln!(err, "swatch: cannot write output: {e}");
            let _ = err.flush();
            Exit::Invalid
        }
    };
    match out.flush() {
        // The reader left (`| head`) after the command finished: as when
        // it leaves half-way, that is no failure of the command.
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Exit::Invalid,
        _ => exit,
    }
}

/// How to write to the terminal's two streams.
#[derive(Debug, Clone, Copy)]
struct Ui {
    out: Style,
    err: Style,
}

/// What every command's `run` gets besides its flags and stdout.
struct Context {
    ui: Ui,
    release: Release,
}

impl Context {
    /// Done with `value`: hand it to the release function.
    fn release<'v>(&self, value: impl Leftover + 'v) {
        (self.release)(Box::new(value));
    }
}

impl Command {
    /// Whether stdout is text for a person rather than data for a program.
    fn writes_text_for_a_person(&self) -> bool {
        match self {
            Command::Check(args) => args.format == check::CheckFormat::Human,
            Command::Licenses(args) => matches!(args.format, licenses::LicensesFormat::Human),
            Command::Rules(args) => matches!(args.format, rules::RulesFormat::Human),
            Command::Diff(args) => matches!(args.format, diff::DiffFormat::Human),
            Command::Explain(args) => args.format == explain::ExplainFormat::Human,
            Command::Drift(args) => args.format == crate::drift::DriftFormat::Human,
            Command::WhatIf(args) => args.format == crate::edit::WhatIfFormat::Human,
            Command::Test(_)
            | Command::Init(_)
            | Command::Import(_)
            | Command::Fix(_)
            | Command::Why(_) => true,
            Command::Report(_) | Command::Schema(_) | Command::Completions(_) | Command::Man(_) => {
                false
            }
        }
    }

    /// The machine format this command writes, if any: invalid input goes
    /// there too (and to stderr).
    fn machine_format(
        &self,
    ) -> Option<(
        crate::report::invalid::MachineFormat,
        crate::load::work_tree::RepoPaths,
    )> {
        use crate::report::invalid::MachineFormat as M;
        let json = Some((M::Json, crate::load::work_tree::RepoPaths::default()));
        match self {
            Command::Check(args) => args.machine_format(),
            Command::Licenses(args) if matches!(args.format, licenses::LicensesFormat::Json) => {
                json
            }
            Command::Diff(args) if matches!(args.format, diff::DiffFormat::Json) => json,
            Command::WhatIf(args) if args.format == crate::edit::WhatIfFormat::Json => json,
            Command::Drift(args) if args.format == crate::drift::DriftFormat::Json => json,
            _ => None,
        }
    }
}

/// Why a command did not finish.
enum Failure {
    /// Invalid input, and which side of a diff it came from.
    Invalid(Box<Invalid>, Option<String>),
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

impl From<Invalid> for Failure {
    fn from(invalid: Invalid) -> Self {
        Self::Invalid(Box::new(invalid), None)
    }
}

impl From<crate::edit::Failed> for Failure {
    fn from(e: crate::edit::Failed) -> Self {
        match e {
            crate::edit::Failed::Invalid(e) => e.into(),
            crate::edit::Failed::Io(e) => Self::Io(e),
        }
    }
}

impl From<SideError> for Failure {
    fn from(e: SideError) -> Self {
        Self::Invalid(Box::new(e.invalid), e.side)
    }
}

fn invalid(error: InputError) -> Failure {
    Failure::from(Invalid::single(error))
}

fn execute(command: &Command, context: &Context, out: &mut dyn Write) -> Result<Exit, Failure> {
    match command {
        Command::Check(args) => check::run(args, context, out),
        Command::Licenses(args) => licenses::run(args, context, out),
        Command::Diff(args) => diff::run(args, out),
        Command::Rules(args) => rules::run(args, out),
        Command::Explain(args) => explain::run(args, context, out),
        Command::Test(args) => test::run(args, out),
        Command::Init(args) => init::run(args, out),
        Command::Schema(args) => schema::run(args, out),
        Command::Completions(args) => completions::run(args, out),
        Command::Man(args) => man::run(args, out),
        Command::Import(args) => import::run(args, out),
        Command::Drift(args) => drift::run(args, context, out),
        Command::WhatIf(args) => what_if::run(args, out),
        Command::Fix(args) => fix::run(args, out),
        Command::Why(args) => why::run(args, out),
        Command::Report(args) => report::run(args, context, out),
    }
}

/// A workspace ready to lint: config, model and the user rules that apply.
struct Opened {
    config: Config,
    workspace: Workspace,
    policies: Policies,
}

/// Load config and model, and check that every rule id the config and the
/// inline comments name exists.
/// With `forget`, the model files' texts are dropped as they are parsed
/// ([`load::load_selected`]).
fn open(
    path: &Path,
    common: &Common,
    forget: Option<crate::source::Keep>,
) -> Result<Opened, Failure> {
    let cli_limit = common.limits.max_file_size;
    let (config, workspace) = load::open(path, common.config.as_deref(), cli_limit, forget)?;
    let policies = Policies::open(path, config.file_limit(cli_limit))?;
    let errors = crate::lint::check_rule_ids(&config, &workspace, &policies);
    if errors.is_empty() {
        Ok(Opened {
            config,
            workspace,
            policies,
        })
    } else {
        Err(Invalid {
            sources: workspace.sources,
            errors,
        }
        .sorted()
        .into())
    }
}

/// Read the baseline the config names, relative to the workspace `path`
/// (never through a symlink), into `sources`; a missing or bad one is
/// invalid input.
fn read_config_baseline(
    path: &Path,
    config: &Config,
    limit: load::MaxFileSize,
    sources: &mut crate::source::Sources,
) -> Result<Option<Baseline>, Failure> {
    config
        .baseline
        .as_ref()
        .map(|file| {
            let shown = Path::new(&file.value);
            let read = crate::read::inside(path, &file.value);
            read_baseline(path, shown, read, limit, sources)
        })
        .transpose()
}

/// Read a baseline file (never through a symlink), and keep its text in
/// the workspace's `sources` so `stale-baseline` can point into it; a
/// missing or bad one is invalid input.
fn read_baseline(
    root: &Path,
    shown: &Path,
    path: Result<PathBuf, load::ReadError>,
    limit: load::MaxFileSize,
    sources: &mut crate::source::Sources,
) -> Result<Baseline, Failure> {
    let file = path.as_ref().ok().map(|p| in_workspace(root, p));
    let bytes = path.and_then(|path| load::read_no_symlink_bytes(&path, limit));
    let text = bytes
        .as_ref()
        .ok()
        .map(|b| String::from_utf8_lossy(b).into_owned());
    let mut baseline = crate::diff::sides::read_baseline_bytes(shown, bytes)?;
    if let (Some(file), Some(text)) = (file, text) {
        baseline.add_to(sources, file, text);
    }
    Ok(baseline)
}

/// A file's name as the workspace's sources keep it: relative to `root`
/// with `/` separators when it is inside, else absolute.
fn in_workspace(root: &Path, file: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let file = absolute(file);
    match file.strip_prefix(absolute(root)) {
        Ok(inside) => load::relative(Path::new(""), inside),
        Err(_) => file.display().to_string(),
    }
}
