//! `swatch drift`'s output: human (grouped by kind under a one-line
//! headline), JSON (cli.md's shape) and markdown (an issue body a scheduled
//! CI job opens or updates, found again by its hidden marker).
//! Every string from a file is escaped for where it goes.

use super::{Difference, Drift, Kind};
use crate::source::escape;
use crate::text::markdown::{code, inline, prose};
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DriftFormat {
    Human,
    Json,
    Markdown,
}

/// The marker a CI job looks for to find the issue it opened.
const MARKER: &str = "<!-- swatch-drift -->";

/// Rows per kind in markdown: an issue body is capped (65,536 characters on
/// GitHub), and the JSON has them all.
const MARKDOWN_ROWS: usize = 100;

const KINDS: [Kind; 9] = [
    Kind::OnlyLive,
    Kind::OnlyGit,
    Kind::AccountType,
    Kind::Status,
    Kind::License,
    Kind::ApplicationCount,
    Kind::Role,
    Kind::IdpInactive,
    Kind::IdpUnknown,
];

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Self::OnlyLive => "only_live",
            Self::OnlyGit => "only_git",
            Self::AccountType => "account_type",
            Self::Status => "status",
            Self::License => "license",
            Self::ApplicationCount => "application_count",
            Self::Role => "role",
            Self::IdpInactive => "idp_inactive",
            Self::IdpUnknown => "idp_unknown",
        }
    }

    /// "1 member only in Pigment", "2 licenses differ".
    fn count(self, n: usize) -> String {
        let s = |one: &'static str, many: &'static str| if n == 1 { one } else { many };
        let differ = s("differs", "differ");
        match self {
            Self::OnlyLive => format!("{n} {} only in Pigment", s("member", "members")),
            Self::OnlyGit => format!("{n} {} only in git", s("member", "members")),
            Self::AccountType => format!("{n} account {} {differ}", s("type", "types")),
            Self::Status => format!("{n} {} {differ}", s("status", "statuses")),
            Self::License => format!("{n} {} {differ}", s("license", "licenses")),
            Self::ApplicationCount => format!("{n} application {} {differ}", s("count", "counts")),
            Self::Role => format!("{n} role {} {differ}", s("assignment", "assignments")),
            Self::IdpInactive => format!("{n} {} inactive in the IdP", s("member", "members")),
            Self::IdpUnknown => format!("{n} {} unknown to the IdP", s("member", "members")),
        }
    }

    /// Who the live side is.
    fn live_side(self) -> &'static str {
        if matches!(self, Self::IdpInactive | Self::IdpUnknown) {
            "IdP"
        } else {
            "Pigment"
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::OnlyLive => "Members only in Pigment",
            Self::OnlyGit => "Members only in git",
            Self::AccountType => "Account types differ",
            Self::Status => "Statuses differ",
            Self::License => "Licenses differ",
            Self::ApplicationCount => "Application counts differ",
            Self::Role => "Role assignments differ",
            Self::IdpInactive => "Inactive in the IdP",
            Self::IdpUnknown => "Unknown to the IdP",
        }
    }
}

/// The differences of each kind that has any, in the table's order.
fn groups(drift: &Drift) -> Vec<(Kind, &[Difference])> {
    KINDS
        .iter()
        .filter_map(|&kind| {
            let start = drift.drift.partition_point(|d| d.kind < kind);
            let end = drift.drift.partition_point(|d| d.kind <= kind);
            (start < end).then(|| (kind, &drift.drift[start..end]))
        })
        .collect()
}

/// "3 differences: 1 member only in Pigment, 2 licenses differ".
fn headline(drift: &Drift) -> String {
    let n = drift.drift.len();
    if n == 0 {
        return format!(
            "in sync: {} members in git, {} in Pigment's export",
            drift.summary.members_git, drift.summary.members_live
        );
    }
    let parts: Vec<String> = groups(drift)
        .iter()
        .map(|(kind, items)| kind.count(items.len()))
        .collect();
    format!(
        "{n} difference{}: {}",
        if n == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

pub(crate) fn render(out: &mut dyn Write, drift: &Drift, format: DriftFormat) -> io::Result<()> {
    match format {
        DriftFormat::Human => human(out, drift),
        DriftFormat::Json => crate::text::write_json(out, drift),
        DriftFormat::Markdown => markdown(out, drift),
    }
}

fn side(value: Option<&super::Value>, at: Option<&String>) -> String {
    let value = value.map_or_else(|| "none".to_owned(), ToString::to_string);
    match at {
        Some(at) => format!("{} ({})", escape(&value), escape(at)),
        None => escape(&value).into_owned(),
    }
}

fn human(out: &mut dyn Write, drift: &Drift) -> io::Result<()> {
    writeln!(out, "swatch drift: {}", escape(&headline(drift)))?;
    for (kind, items) in groups(drift) {
        writeln!(out, "\n{} ({}):", kind.title(), kind.as_str())?;
        for d in items {
            writeln!(out, "  - {}", escape(&d.message))?;
            writeln!(
                out,
                "    git: {}; {}: {}",
                side(d.git.as_ref(), d.git_at.as_ref()),
                kind.live_side(),
                side(d.live.as_ref(), d.live_at.as_ref())
            )?;
            for also in &d.also {
                let application = also
                    .application
                    .as_deref()
                    .map(|a| format!(" in {}", crate::code_span::quote(a)))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "    also {}{}: git: {}; {}: {}",
                    also.kind.as_str(),
                    escape(&application),
                    side(also.git.as_ref(), also.git_at.as_ref()),
                    also.kind.live_side(),
                    side(also.live.as_ref(), also.live_at.as_ref())
                )?;
            }
        }
    }
    Ok(())
}

fn cell(value: Option<&super::Value>, at: Option<&String>) -> String {
    let value = value.map_or_else(|| "—".to_owned(), |v| code(&v.to_string()));
    match at {
        Some(at) => format!("{value} ({})", code(at)),
        None => value,
    }
}

fn markdown(out: &mut dyn Write, drift: &Drift) -> io::Result<()> {
    writeln!(out, "{MARKER}")?;
    writeln!(out, "### swatch drift: {}\n", prose(&headline(drift)))?;
    if drift.drift.is_empty() {
        writeln!(out, "The workspace in git matches Pigment's exports.")?;
        return Ok(());
    }
    writeln!(
        out,
        "{} members in git, {} in Pigment's export. Update the files (or Pigment) until `swatch drift` reports nothing.",
        drift.summary.members_git, drift.summary.members_live
    )?;
    for (kind, items) in groups(drift) {
        writeln!(out, "\n#### {} (`{}`)\n", kind.title(), kind.as_str())?;
        let with_app = kind == Kind::Role;
        let live = kind.live_side();
        if with_app {
            writeln!(
                out,
                "| member | application | git | {live} | why |\n|---|---|---|---|---|"
            )?;
        } else {
            writeln!(out, "| member | git | {live} | why |\n|---|---|---|---|")?;
        }
        for d in items.iter().take(MARKDOWN_ROWS) {
            let app = d
                .application
                .as_deref()
                .map(|a| format!(" {} |", code(a)))
                .unwrap_or_default();
            writeln!(
                out,
                "| {} |{app} {} | {} | {} |",
                code(&d.email),
                cell(d.git.as_ref(), d.git_at.as_ref()),
                cell(d.live.as_ref(), d.live_at.as_ref()),
                inline(&d.message)
            )?;
        }
        if items.len() > MARKDOWN_ROWS {
            writeln!(
                out,
                "\n… and {} more: `swatch drift --format json` lists them all.",
                items.len() - MARKDOWN_ROWS
            )?;
        }
    }
    Ok(())
}
