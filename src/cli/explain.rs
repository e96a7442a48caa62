//! `swatch explain`: a rule's documentation, rendered for the terminal or
//! as its Markdown source.

use super::{Context, Failure, Limits, UndatedToday, invalid};
use crate::error::InputError;
use crate::exit::Exit;
use crate::policy::Policies;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub(super) struct ExplainArgs {
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
    pub(super) format: ExplainFormat,
    #[command(flatten)]
    today: UndatedToday,
    #[command(flatten)]
    limits: Limits,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum ExplainFormat {
    /// Rendered for the terminal: headings, emphasis and code without Markdown marks.
    Human,
    /// The Markdown source.
    Markdown,
}

pub(super) fn run(
    args: &ExplainArgs,
    context: &Context,
    out: &mut dyn Write,
) -> Result<Exit, Failure> {
    let path = args
        .path
        .as_deref()
        .or(args.path_flag.as_deref())
        .unwrap_or(Path::new("."));
    let policies = if path.is_dir() {
        Policies::open(path, args.limits.max_file_size.unwrap_or_default())?
    } else {
        Policies::default()
    };
    let rules = crate::lint::documented(&policies);
    if let Some(found) = rules.iter().find(|r| r.id == args.rule) {
        // User rules' docs come from policy files: escape them like any user text.
        let text = match args.format {
            ExplainFormat::Markdown => crate::source::escape_text(found.docs),
            ExplainFormat::Human => crate::explain::render(found.docs, context.ui.out.color).into(),
        };
        out.write_all(text.as_bytes())?;
        return Ok(Exit::Clean);
    }
    let help = crate::toml_read::suggest(&args.rule, rules.iter().map(|r| r.id), || {
        "`swatch rules` lists every rule".to_owned()
    });
    Err(invalid(
        InputError::new(
            "swatch::cli::unknown_rule",
            format!("unknown rule `{}`", crate::source::escape(&args.rule)),
        )
        .help(help),
    ))
}
