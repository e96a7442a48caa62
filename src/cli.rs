//! The command line: parse arguments, run a command, map the outcome to an
//! [`Exit`]. Output goes to stdout; invalid input to stderr.

use crate::error::Invalid;
use crate::exit::Exit;
use crate::license::Licenses;
use crate::load;
use crate::report::{self, Style};
use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "swatch",
    version,
    about = "Lint the security setup of a Pigment workspace kept as TOML",
    propagate_version = true
)]
struct Cli {
    /// When to colour terminal output (NO_COLOR is respected in `auto`).
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
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Each member's license, its driver, totals, seats and yearly cost.
    Licenses {
        /// The workspace folder.
        #[arg(default_value = ".")]
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = LicensesFormat::Human)]
        format: LicensesFormat,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LicensesFormat {
    Human,
    Json,
    Csv,
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>()
        .map_err(|e| format!("expected a date like 2026-11-28: {e}"))
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
    let mut out = io::BufWriter::new(stdout.lock());
    let color = |terminal: bool| match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let ui = Ui {
        out_style: Style {
            color: color(io::stdout().is_terminal()),
            width: 100,
        },
        err_style: Style {
            color: color(io::stderr().is_terminal()),
            width: 100,
        },
    };
    let exit = match execute(&cli.command, &ui, &mut out) {
        Ok(exit) => exit,
        Err(Failure::Invalid(invalid, side)) => {
            let _ = out.flush();
            let mut err = stderr.lock();
            let _ = report::human::invalid(&mut err, ui.err_style, &invalid, side);
            Exit::Invalid
        }
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Clean,
        Err(Failure::Io(e)) => {
            let _ = writeln!(stderr.lock(), "swatch: cannot write output: {e}");
            Exit::Invalid
        }
    };
    if out.flush().is_err() {
        return Exit::Invalid;
    }
    exit
}

struct Ui {
    out_style: Style,
    err_style: Style,
}

/// Why a command did not finish.
enum Failure {
    /// Invalid input, and which side of a diff it came from.
    Invalid(Box<Invalid>, Option<&'static str>),
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

fn execute(command: &Command, ui: &Ui, out: &mut dyn Write) -> Result<Exit, Failure> {
    match command {
        Command::Licenses {
            path,
            format,
            common,
        } => licenses(path, *format, common, ui, out),
    }
}

fn licenses(
    path: &Path,
    format: LicensesFormat,
    common: &Common,
    _ui: &Ui,
    out: &mut dyn Write,
) -> Result<Exit, Failure> {
    let (_config, workspace) = load::open(path, common.config.as_deref())?;
    let licenses = Licenses::derive(&workspace.model);
    match format {
        LicensesFormat::Human => report::human::licenses(out, &licenses)?,
        LicensesFormat::Json => report::json::write(out, &report::json::licenses(&licenses))?,
        LicensesFormat::Csv => report::csv::licenses(out, &licenses)?,
    }
    Ok(Exit::Clean)
}
