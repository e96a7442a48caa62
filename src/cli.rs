//! The command line: parse arguments, run a command, map the outcome to an
//! [`Exit`]. Output goes to stdout; invalid input to stderr.

use crate::config::Config;
use crate::error::{InputError, Invalid};
use crate::exit::Exit;
use crate::finding::{Finding, Severity};
use crate::license::Licenses;
use crate::load::sides::{Change, SideError, load_sides};
use crate::load::{self, Workspace};
use crate::policy::Policies;
use crate::report::{self, Style};
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

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

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
    Check {
        /// The workspace folder.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// How to write the findings: for a person, or for a CI system.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
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
    },
    /// Each member's license, its driver, totals, seats and yearly cost.
    #[command(after_help = crate::help::LICENSES, mut_arg("today", |a| a.hide(true)))]
    Licenses {
        /// The workspace folder.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// How to write the table: for a person, or for a program or spreadsheet.
        #[arg(long, value_enum, default_value_t = LicensesFormat::Human)]
        format: LicensesFormat,
        #[command(flatten)]
        common: Common,
    },
    /// License and access impact of a change: two folders, or a git revision and the working tree.
    #[command(after_help = crate::help::DIFF)]
    Diff {
        /// OLD and NEW folders; with --base, the workspace folder (default: .).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Compare the working tree of PATH with this git revision.
        #[arg(long, value_name = "REV")]
        base: Option<String>,
        /// How to write the report: for a terminal, a program, or a pull-request comment.
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
        /// Fail (exit 1) when the yearly cost grows by more than USD, or N%.
        #[arg(long, value_name = "USD|N%", value_parser = parse_cost_limit)]
        max_cost_increase: Option<crate::diff::CostLimit>,
        /// Fail when the change introduces a finding at or above this severity.
        #[arg(long, value_enum, value_name = "LEVEL")]
        fail_on_new: Option<FailOn>,
        /// Fail when anyone gains the top license, write access, security or admin rights.
        #[arg(long)]
        deny_escalation: bool,
        /// Fail when more than N seats of LICENSE are added (repeatable).
        #[arg(long, value_name = "LICENSE=N", value_parser = parse_seat_cap)]
        max_new_seats: Vec<(crate::model::License, u64)>,
        #[command(flatten)]
        common: Common,
    },
    /// Every built-in and user rule with its effective severity and options.
    #[command(after_help = crate::help::RULES, mut_arg("today", |a| a.hide(true)))]
    Rules {
        /// The workspace folder (for its config and policies).
        #[arg(default_value = ".")]
        path: PathBuf,
        /// How to write the list: for a person, or for a program.
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
        #[command(flatten)]
        common: Common,
    },
    /// A rule's documentation: what, why, an example, how to fix.
    #[command(after_help = crate::help::EXPLAIN)]
    Explain {
        /// A rule id, built-in or user.
        rule: String,
        /// The workspace folder, for its user rules (default: .).
        #[arg(value_name = "PATH")]
        path: Option<PathBuf>,
        /// The workspace folder, as a flag (kept from earlier versions).
        #[arg(long = "path", value_name = "PATH", conflicts_with = "path")]
        path_flag: Option<PathBuf>,
        /// `human` renders the documentation for the terminal; `markdown` prints its source.
        #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
        format: ExplainFormat,
        #[command(flatten)]
        today: UndatedToday,
        #[command(flatten)]
        limits: Limits,
    },
    /// Run the examples of every user rule in PATH/policies, like a test runner.
    #[command(after_help = crate::help::TEST)]
    Test {
        /// The workspace folder holding `policies/`.
        #[arg(default_value = ".")]
        path: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Start a workspace: a commented config, a member file and an application
    /// in PATH; a pre-commit config and a GitHub workflow at the repository root.
    #[command(after_help = crate::help::INIT)]
    Init {
        /// The workspace folder (created if missing).
        #[arg(default_value = ".")]
        path: PathBuf,
        #[command(flatten)]
        today: UndatedToday,
    },
    /// Print the JSON Schema of a workspace file (for taplo, Even Better TOML).
    #[command(after_help = crate::help::SCHEMA)]
    Schema {
        #[command(flatten)]
        today: UndatedToday,
    },
    /// Print shell completions.
    #[command(after_help = crate::help::COMPLETIONS)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
        #[command(flatten)]
        today: UndatedToday,
    },
    /// Print the man page (roff), e.g. `swatch man > swatch.1`.
    #[command(after_help = crate::help::MAN)]
    Man {
        #[command(flatten)]
        today: UndatedToday,
    },
    /// Write a workspace from Pigment's exports (members, role assignments, SCIM); never overwrites.
    #[command(after_help = crate::help::IMPORT)]
    Import(crate::import::ImportArgs),
    /// Differences between the workspace and Pigment's exports: exit 0 in sync, 1 drift.
    #[command(after_help = crate::help::DRIFT, mut_arg("today", |a| a.hide(true)))]
    Drift {
        #[command(flatten)]
        args: crate::drift::DriftArgs,
        #[command(flatten)]
        common: Common,
    },
    /// `diff`'s report for hypothetical edits, in memory; --write applies them to the files.
    #[command(name = "what-if", after_help = crate::help::WHAT_IF)]
    WhatIf {
        /// The workspace folder.
        #[arg(default_value = ".")]
        path: PathBuf,
        #[command(flatten)]
        edits: crate::edit::Edits,
        /// How to write the report: for a terminal, a program, or a pull-request comment.
        #[arg(long, value_enum, default_value_t = crate::edit::WhatIfFormat::Human)]
        format: crate::edit::WhatIfFormat,
        /// Apply the edits to the files (format-preserving; nothing is written if any edit fails).
        #[arg(long)]
        write: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Apply the fixes findings carry (--unsafe: also those that change access); --diff shows them.
    #[command(after_help = crate::help::FIX)]
    Fix {
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
    },
    /// How one member's license is derived, and the change that lowers it.
    #[command(after_help = crate::help::WHY, mut_arg("today", |a| a.hide(true)))]
    Why {
        /// The member's email (any case).
        email: String,
        /// The workspace folder.
        #[arg(default_value = ".")]
        path: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// An access review of the workspace to read, sign and file (docs/report.md).
    #[command(after_help = crate::help::REPORT)]
    Report {
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
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
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

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DiffFormat {
    /// Tables for a terminal.
    Human,
    /// Changes, totals, cost and findings as JSON.
    Json,
    /// A pull-request comment or step summary.
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RulesFormat {
    /// A table for a terminal.
    Human,
    /// `{"rules": [...]}` as JSON.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExplainFormat {
    /// Rendered for the terminal: headings, emphasis and code without Markdown marks.
    Human,
    /// The Markdown source.
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LicensesFormat {
    /// A table for a terminal.
    Human,
    /// Members, totals, seats and cost as JSON.
    Json,
    /// One row per member, for a spreadsheet.
    Csv,
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>()
        .map_err(|e| format!("expected a date like 2026-11-28: {e}"))
}

fn parse_cost_limit(text: &str) -> Result<crate::diff::CostLimit, String> {
    let clean = text.trim().trim_start_matches('$').replace(',', "");
    if let Some(percent) = clean.strip_suffix('%') {
        return percent
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|p| p.is_finite() && *p >= 0.0)
            .map(crate::diff::CostLimit::Percent)
            .ok_or_else(|| format!("expected a percentage like 10%, found `{text}`"));
    }
    clean
        .parse::<f64>()
        .ok()
        .filter(|d| d.is_finite() && *d >= 0.0)
        .map(|d| crate::diff::CostLimit::Cents((d * 100.0).round() as i64))
        .ok_or_else(|| {
            format!("expected US dollars like 5000, or a percentage like 10%, found `{text}`")
        })
}

fn parse_seat_cap(text: &str) -> Result<(crate::model::License, u64), String> {
    use crate::model::Keyword as _;
    let (license, n) = text
        .split_once('=')
        .ok_or_else(|| format!("expected LICENSE=N like editor=2, found `{text}`"))?;
    let license = crate::model::License::from_keyword(license.trim()).ok_or_else(|| {
        format!("unknown license `{license}`: expected editor, modeler, contributor or explorer")
    })?;
    let n = n
        .trim()
        .parse()
        .map_err(|_| format!("expected a whole number of seats, found `{n}`"))?;
    Ok((license, n))
}

/// Run the command line of this process.
pub fn run() -> Exit {
    let cli = match Cli::try_parse() {
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
    let stderr = io::stderr();
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
    let ui = Ui {
        out: Style {
            color: color(io::stdout().is_terminal()),
            width: 100,
        },
        err: Style {
            color: color(io::stderr().is_terminal()),
            width: 100,
        },
    };
    let exit = match execute(&cli.command, &ui, &mut out) {
        Ok(exit) => exit,
        Err(Failure::Invalid(invalid, side)) => {
            if let Some((format, paths)) = cli.command.machine_format() {
                let _ = report::invalid::write_invalid_input(
                    &mut out,
                    format,
                    &invalid,
                    side.as_deref(),
                    &paths,
                );
            }
            let _ = out.flush();
            let mut err = crate::ci_log::LogSafe::new(stderr.lock(), true);
            let _ = report::human::invalid(&mut err, ui.err, &invalid, side.as_deref());
            Exit::Invalid
        }
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Clean,
        Err(Failure::Io(e)) => {
            let mut err = crate::ci_log::LogSafe::new(stderr.lock(), true);
            let _ = writeln!(err, "swatch: cannot write output: {e}");
            Exit::Invalid
        }
    };
    if out.flush().is_err() {
        return Exit::Invalid;
    }
    exit
}

struct Ui {
    out: Style,
    err: Style,
}

impl Command {
    /// Whether stdout is text for a person rather than data for a program.
    fn writes_text_for_a_person(&self) -> bool {
        match self {
            Command::Check { format, .. } => matches!(format, CheckFormat::Human),
            Command::Licenses { format, .. } => matches!(format, LicensesFormat::Human),
            Command::Rules { format, .. } => matches!(format, RulesFormat::Human),
            Command::Diff { format, .. } => matches!(format, DiffFormat::Human),
            Command::Explain { format, .. } => matches!(format, ExplainFormat::Human),
            Command::Drift { args, .. } => args.format == crate::drift::DriftFormat::Human,
            Command::WhatIf { format, .. } => *format == crate::edit::WhatIfFormat::Human,
            Command::Test { .. }
            | Command::Init { .. }
            | Command::Import(_)
            | Command::Fix { .. }
            | Command::Why { .. } => true,
            Command::Report { .. }
            | Command::Schema { .. }
            | Command::Completions { .. }
            | Command::Man { .. } => false,
        }
    }

    /// The machine format this command writes, if any: invalid input goes
    /// there too (and to stderr).
    fn machine_format(&self) -> Option<(report::invalid::MachineFormat, report::RepoPaths)> {
        use report::invalid::MachineFormat as M;
        match self {
            Command::Check { path, format, .. } => {
                let machine = match format {
                    CheckFormat::Human => return None,
                    CheckFormat::Json => M::CheckJson,
                    CheckFormat::Sarif => M::Sarif,
                    CheckFormat::Github => M::Github,
                    CheckFormat::Junit => M::Junit,
                    CheckFormat::Gitlab => M::Gitlab,
                };
                Some((machine, report::RepoPaths::of(path)))
            }
            Command::Licenses {
                format: LicensesFormat::Json,
                ..
            }
            | Command::Diff {
                format: DiffFormat::Json,
                ..
            }
            | Command::WhatIf {
                format: crate::edit::WhatIfFormat::Json,
                ..
            } => Some((M::Json, report::RepoPaths::default())),
            Command::Drift { args, .. } if args.format == crate::drift::DriftFormat::Json => {
                Some((M::Json, report::RepoPaths::default()))
            }
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

fn invalid(error: InputError) -> Failure {
    Failure::from(Invalid::single(error))
}

fn execute(command: &Command, ui: &Ui, out: &mut dyn Write) -> Result<Exit, Failure> {
    match command {
        Command::Check {
            path,
            format,
            fail_on,
            baseline,
            write_baseline,
            common,
        } => check(
            path,
            *format,
            *fail_on,
            baseline.as_deref(),
            write_baseline.as_deref(),
            common,
            ui,
            out,
        ),
        Command::Licenses {
            path,
            format,
            common,
        } => licenses(path, *format, common, out),
        Command::Rules {
            path,
            format,
            common,
        } => rules(path, *format, common, out),
        Command::Diff {
            paths,
            base,
            format,
            max_cost_increase,
            fail_on_new,
            deny_escalation,
            max_new_seats,
            common,
        } => {
            let change = match (base, paths.as_slice()) {
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
            let gates = crate::diff::Gates {
                max_cost_increase: *max_cost_increase,
                fail_on_new: fail_on_new.map(FailOn::severity),
                deny_escalation: *deny_escalation,
                max_new_seats: max_new_seats.clone(),
            };
            diff(&change, *format, &gates, common, out)
        }
        Command::Explain {
            rule,
            path,
            path_flag,
            format,
            today: _,
            limits,
        } => {
            let path = path
                .as_deref()
                .or(path_flag.as_deref())
                .unwrap_or(Path::new("."));
            explain(rule, path, limits, *format, ui.out, out)
        }
        Command::Init { path, today: _ } => {
            let written = crate::init::init(path).map_err(invalid)?;
            for file in written {
                writeln!(
                    out,
                    "swatch: wrote {}",
                    crate::source::escape(&file.display().to_string())
                )?;
            }
            Ok(Exit::Clean)
        }
        Command::Schema { today: _ } => {
            out.write_all(include_bytes!("../schema/workspace.schema.json"))?;
            Ok(Exit::Clean)
        }
        Command::Completions { shell, today: _ } => {
            clap_complete::generate(
                *shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "swatch",
                out,
            );
            Ok(Exit::Clean)
        }
        Command::Man { today: _ } => {
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(out)?;
            Ok(Exit::Clean)
        }
        Command::Test { path, common } => test(path, common, out),
        Command::Why {
            email,
            path,
            common,
        } => why(email, path, common, out),
        Command::Import(args) => {
            crate::import::run(args)?.render(out)?;
            Ok(Exit::Clean)
        }
        Command::WhatIf {
            path,
            edits,
            format,
            write,
            common,
        } => Ok(crate::edit::what_if(
            &crate::edit::WhatIf {
                path,
                edits,
                format: *format,
                write: *write,
                config: common.config.as_deref(),
                max_file_size: common.limits.max_file_size,
                today: common.today(),
            },
            out,
        )?),
        Command::Fix {
            path,
            unsafe_fixes,
            diff,
            rules,
            fail_on,
            common,
        } => Ok(crate::edit::fix::fix(
            &crate::edit::fix::FixRequest {
                path,
                unsafe_fixes: *unsafe_fixes,
                diff: *diff,
                rules,
                fail_on: fail_on.severity(),
                config: common.config.as_deref(),
                max_file_size: common.limits.max_file_size,
                today: common.today(),
            },
            out,
        )?),
        Command::Drift { args, common } => {
            let drift =
                crate::drift::run(args, common.config.as_deref(), common.limits.max_file_size)?;
            crate::drift::render(out, &drift, args.format)?;
            Ok(drift.exit())
        }
        Command::Report {
            path,
            format,
            out: file,
            base,
            reviewer,
            common,
        } => {
            let request = ReportRequest {
                path,
                format: *format,
                file: file.as_deref(),
                base: base.as_deref(),
                reviewer: reviewer.as_deref(),
            };
            report(&request, common, out)
        }
    }
}

struct ReportRequest<'a> {
    path: &'a Path,
    format: crate::audit::Format,
    file: Option<&'a Path>,
    base: Option<&'a str>,
    reviewer: Option<&'a str>,
}

/// `swatch report`: lint like `check`, then hand everything to `audit`.
fn report(
    request: &ReportRequest<'_>,
    common: &Common,
    out: &mut dyn Write,
) -> Result<Exit, Failure> {
    let path = request.path;
    let opened = open(path, common)?;
    let today = common.today();
    let limit = opened.config.file_limit(common.limits.max_file_size);
    let baseline = match &opened.config.baseline {
        Some(file) => Some(read_baseline(
            Path::new(&file.value),
            load::capped::inside(path, &file.value),
            limit,
        )?),
        None => None,
    };
    let changes = match request.base {
        Some(rev) => {
            let change = Change::Revision {
                rev: rev.to_owned(),
                path: path.to_owned(),
            };
            let sides = load_sides(
                &change,
                common.config.as_deref(),
                common.limits.max_file_size,
            )?;
            Some(crate::review::review(&sides, today, |d, _| {
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
    review.reviewer = request.reviewer;
    review.changes = changes;
    match request.file {
        None => crate::audit::render(out, &review, request.format)?,
        Some(file) => {
            let mut text = Vec::new();
            crate::audit::render(&mut text, &review, request.format)?;
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
    // As in `check`: the process ends right after, so skip freeing the model.
    std::mem::forget(review);
    std::mem::forget(findings);
    std::mem::forget(licenses);
    std::mem::forget(opened);
    Ok(Exit::Clean)
}

/// A workspace ready to lint: config, model and the user rules that apply.
struct Opened {
    config: Config,
    workspace: Workspace,
    policies: Policies,
}

/// Load config and model, and check that every rule id the config and the
/// inline comments name exists.
fn open(path: &Path, common: &Common) -> Result<Opened, Failure> {
    let cli_limit = common.limits.max_file_size;
    let (config, workspace) = load::open(path, common.config.as_deref(), cli_limit)?;
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

/// Read a baseline file (never through a symlink); a missing or bad one is
/// invalid input.
fn read_baseline(
    shown: &Path,
    path: Result<PathBuf, load::ReadError>,
    limit: load::MaxFileSize,
) -> Result<Baseline, Failure> {
    Ok(crate::load::sides::read_baseline_bytes(
        shown,
        path.and_then(|path| load::read_no_symlink_bytes(&path, limit)),
    )?)
}

fn diff(
    change: &Change,
    format: DiffFormat,
    gates: &crate::diff::Gates,
    common: &Common,
    out: &mut dyn Write,
) -> Result<Exit, Failure> {
    let sides = load_sides(
        change,
        common.config.as_deref(),
        common.limits.max_file_size,
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
    crate::review::review(&sides, today, |d, awaiting| {
        let results = d.gates(gates);
        match format {
            DiffFormat::Human => report::human::diff(
                out,
                d,
                awaiting,
                &results,
                (&sides.old_label, &sides.new_label),
            )?,
            DiffFormat::Json => {
                report::json::write(out, &report::json::diff(d, awaiting, &results))?;
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
#[allow(clippy::too_many_arguments)]
fn check(
    path: &Path,
    format: CheckFormat,
    fail_on: FailOn,
    baseline: Option<&Path>,
    write_baseline: Option<&Path>,
    common: &Common,
    ui: &Ui,
    out: &mut dyn Write,
) -> Result<Exit, Failure> {
    let opened = open(path, common)?;
    let today = common.today();
    let limit = opened.config.file_limit(common.limits.max_file_size);
    let baseline = match (baseline, &opened.config.baseline) {
        _ if write_baseline.is_some() => None,
        (Some(file), _) => Some(read_baseline(file, Ok(file.to_owned()), limit)?),
        (None, Some(file)) => Some(read_baseline(
            Path::new(&file.value),
            load::capped::inside(path, &file.value),
            limit,
        )?),
        (None, None) => None,
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
    if let Some(file) = write_baseline {
        let suppression_rules: Vec<&str> = crate::rules::SUPPRESSION_RULES
            .iter()
            .map(|m| m.id)
            .collect();
        let kept: Vec<Finding> = result
            .findings
            .iter()
            .filter(|f| !suppression_rules.contains(&f.rule.as_str()))
            .cloned()
            .collect();
        let baseline = Baseline::of(&kept);
        let mut text = serde_json::to_string_pretty(&baseline).map_err(io::Error::other)?;
        text.push('\n');
        crate::write::write_atomic(file, text.as_bytes()).map_err(|e| {
            invalid(InputError::new(
                "swatch::baseline::unwritable",
                format!("cannot write the baseline {}: {e}", file.display()),
            ))
        })?;
        writeln!(
            out,
            "swatch: wrote {} finding{} to {}",
            baseline.findings.len(),
            if baseline.findings.len() == 1 {
                ""
            } else {
                "s"
            },
            file.display()
        )?;
        return Ok(Exit::Clean);
    }
    let ws = &opened.workspace;
    let findings = &result.findings;
    let paths = report::RepoPaths::of(path);
    // The first model file stands for the workspace where a finding has no line.
    let first_model_file = crate::source::FileId(u32::from(opened.config.file.is_some()));
    let fallback = (ws.sources.len() > first_model_file.0 as usize).then_some(first_model_file);
    match format {
        CheckFormat::Human => {
            let counts = report::human::CheckCounts {
                // The config is in the sources too, but is not model data.
                files: ws.sources.len() - usize::from(opened.config.file.is_some()),
                members: ws.model.members.len(),
                applications: ws.model.applications.len(),
                ignored: result.ignored,
                baselined: result.baselined,
                symlinks: ws.skipped_symlinks,
            };
            report::human::check(out, ui.out, findings, &ws.sources, &counts)?;
        }
        CheckFormat::Json => {
            report::json::write(out, &report::json::check(findings, &ws.sources, &ws.model))?;
        }
        CheckFormat::Sarif => {
            let infos = crate::rules::documented(&opened.policies);
            report::json::write(
                out,
                &report::sarif::check(findings, &ws.sources, &infos, &paths, fallback),
            )?;
        }
        CheckFormat::Github => report::github::check(out, findings, &ws.sources, &paths)?,
        CheckFormat::Gitlab => {
            report::gitlab::check(out, findings, &ws.sources, &paths, fallback)?;
        }
        CheckFormat::Junit => report::junit::check(out, findings, &ws.sources, fail_on.severity())?,
    }
    let fail = fail_on.severity();
    let exit = if findings.iter().any(|f| f.severity >= fail) {
        Exit::Failed
    } else {
        Exit::Clean
    };
    // The process ends right after: freeing a 100k-member model piece by
    // piece costs more than the rules do, and the OS reclaims it at once.
    std::mem::forget(result);
    std::mem::forget(licenses);
    std::mem::forget(opened);
    Ok(exit)
}

fn licenses(
    path: &Path,
    format: LicensesFormat,
    common: &Common,
    out: &mut dyn Write,
) -> Result<Exit, Failure> {
    let (_config, workspace) =
        load::open(path, common.config.as_deref(), common.limits.max_file_size)?;
    let licenses = Licenses::derive(&workspace.model);
    match format {
        LicensesFormat::Human => report::human::licenses(out, &licenses)?,
        LicensesFormat::Json => report::json::write(out, &report::json::licenses(&licenses))?,
        LicensesFormat::Csv => report::csv::licenses(out, &licenses)?,
    }
    // As in `check`: the process ends right after, so skip freeing the model.
    std::mem::forget(licenses);
    std::mem::forget(workspace);
    Ok(Exit::Clean)
}

fn rules(
    path: &Path,
    format: RulesFormat,
    common: &Common,
    out: &mut dyn Write,
) -> Result<Exit, Failure> {
    // Only the config and user rules matter here, not the model, so
    // `swatch rules` works in any folder.
    let mut sources = crate::source::Sources::default();
    let (config, policies) = if path.is_dir() {
        let cli_limit = common.limits.max_file_size;
        let config = load::read_config(&mut sources, path, common.config.as_deref(), cli_limit)?;
        let policies = Policies::open(path, config.file_limit(cli_limit))?;
        let ids: Vec<&str> = crate::rules::documented(&policies)
            .iter()
            .map(|r| r.id)
            .collect();
        let errors = config.check_rule_ids(&ids);
        if !errors.is_empty() {
            return Err(Invalid { sources, errors }.sorted().into());
        }
        (config, policies)
    } else {
        (Config::default(), Policies::default())
    };
    let rows = crate::rules::documented(&policies);
    let level =
        |r: &crate::rules::RuleDoc<'_>| crate::lint::level(&config, r.id, r.severity).as_str();
    // The effective `days`, where the rule takes it: the summary's default
    // would contradict a config that sets another number.
    let days = |r: &crate::rules::RuleDoc<'_>| {
        crate::config::DAYS_RULES
            .contains(&r.id)
            .then(|| config.days(r.id))
    };
    match format {
        RulesFormat::Human => {
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let summary = crate::source::escape(r.summary);
                    let (summary, options) = match days(r) {
                        Some(n) => (
                            summary.replace("90 days (configurable)", &format!("{n} days")),
                            format!("days = {n}"),
                        ),
                        None => (summary.into_owned(), String::new()),
                    };
                    vec![
                        crate::source::escape(r.id).into_owned(),
                        level(r).to_owned(),
                        r.source.to_owned(),
                        options,
                        summary,
                    ]
                })
                .collect();
            report::human::table(
                out,
                &["RULE", "SEVERITY", "SOURCE", "OPTIONS", "FIRES WHEN"],
                &table,
            )?;
        }
        RulesFormat::Json => {
            let rules: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    let options = match days(r) {
                        Some(n) => serde_json::json!({ "days": n }),
                        None => serde_json::json!({}),
                    };
                    serde_json::json!({"id": r.id, "severity": level(r), "summary": r.summary, "source": r.source, "options": options})
                })
                .collect();
            report::json::write(out, &serde_json::json!({ "rules": rules }))?;
        }
    }
    Ok(Exit::Clean)
}

fn explain(
    rule: &str,
    path: &Path,
    limits: &Limits,
    format: ExplainFormat,
    style: Style,
    out: &mut dyn Write,
) -> Result<Exit, Failure> {
    let policies = if path.is_dir() {
        Policies::open(path, limits.max_file_size.unwrap_or_default())?
    } else {
        Policies::default()
    };
    let rules = crate::rules::documented(&policies);
    if let Some(found) = rules.iter().find(|r| r.id == rule) {
        // User rules' docs come from policy files: escape them like any user text.
        let text = match format {
            ExplainFormat::Markdown => crate::source::escape_text(found.docs),
            ExplainFormat::Human => crate::explain::render(found.docs, style.color).into(),
        };
        out.write_all(text.as_bytes())?;
        return Ok(Exit::Clean);
    }
    let help = crate::load::reader::suggest(rule, rules.iter().map(|r| r.id), || {
        "`swatch rules` lists every rule".to_owned()
    });
    Err(invalid(
        InputError::new(
            "swatch::cli::unknown_rule",
            format!("unknown rule `{}`", crate::source::escape(rule)),
        )
        .help(help),
    ))
}

fn test(path: &Path, common: &Common, out: &mut dyn Write) -> Result<Exit, Failure> {
    let policies = Policies::open(path, common.limits.max_file_size.unwrap_or_default())?;
    let outcomes = crate::policy::test::run(&policies, common.today());
    let mut failed = 0;
    for o in &outcomes {
        let status = if o.result.is_ok() { "ok" } else { "FAILED" };
        writeln!(
            out,
            "test {} :: {} ... {status}",
            crate::source::escape(&o.policy.id),
            crate::source::escape(&o.example.name)
        )?;
        if let Err(why) = &o.result {
            failed += 1;
            for line in why.lines() {
                writeln!(out, "    {}", crate::source::escape(line))?;
            }
        }
    }
    for p in policies.policies.iter().filter(|p| p.examples.is_empty()) {
        writeln!(
            out,
            "note: {} has no examples",
            crate::source::escape(&p.id)
        )?;
    }
    writeln!(
        out,
        "\n{} polic{}, {} example{}",
        policies.policies.len(),
        if policies.policies.len() == 1 {
            "y"
        } else {
            "ies"
        },
        outcomes.len(),
        if outcomes.len() == 1 { "" } else { "s" }
    )?;
    writeln!(
        out,
        "result: {} passed, {failed} failed",
        outcomes.len() - failed
    )?;
    Ok(if failed > 0 {
        Exit::Failed
    } else {
        Exit::Clean
    })
}

fn why(email: &str, path: &Path, common: &Common, out: &mut dyn Write) -> Result<Exit, Failure> {
    let (config, workspace) =
        load::open(path, common.config.as_deref(), common.limits.max_file_size)?;
    let Some(index) = workspace.model.member_index(email) else {
        return Err(invalid(
            InputError::new(
                "swatch::cli::unknown_member",
                format!(
                    "`{}` is no member of the workspace",
                    crate::source::escape(email)
                ),
            )
            .help(
                crate::load::reader::did_you_mean_email(
                    &email.to_lowercase(),
                    workspace.model.members.iter().map(|m| m.key.as_str()),
                )
                .map_or_else(
                    || "`swatch licenses` lists every member".to_owned(),
                    |close| format!("did you mean `{}`?", crate::source::escape(close)),
                ),
            ),
        ));
    };
    let licenses = Licenses::derive(&workspace.model);
    let explanation = crate::why::explain(&licenses, index, &config, common.today());
    crate::why::render(out, &licenses, &explanation)?;
    Ok(Exit::Clean)
}
