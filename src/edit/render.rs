//! `what-if`'s report: `diff`'s, in each format, plus the default roles it
//! wrote out and the findings only those cause, listed apart from the new
//! findings (they come from swatch's assumed defaults, not from the edit).

use super::{Edits, WhatIfFormat};
use crate::diff::sides::Sides;
use crate::diff::{Awaiting, Diff};
use crate::finding::Finding;
use crate::report;
use crate::source::escape;
use crate::text::markdown::{code, code_text, finding_message};
use serde_json::json;
use std::io::{self, Write};

const ASSUMED: &str = "swatch's assumed defaults from domain.md; Pigment lets them be customised";

/// The edits in words, joined: "set Plan/Planner's default access to read; …".
fn described(edits: &Edits) -> String {
    edits
        .0
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

#[allow(clippy::too_many_arguments)]
pub(super) fn report(
    out: &mut dyn Write,
    format: WhatIfFormat,
    edits: &Edits,
    d: &Diff<'_>,
    awaiting: &[Awaiting],
    apart: &[&Finding],
    materialised: &[(String, String)],
    sides: &Sides,
) -> io::Result<()> {
    let sources = &d.new.workspace.sources;
    let place = |f: &Finding| {
        f.loc
            .map(|l| format!(" ({})", sources.position(l)))
            .unwrap_or_default()
    };
    let roles = || {
        materialised
            .iter()
            .map(|(app, role)| format!("{app}/{role}"))
    };
    match format {
        WhatIfFormat::Human => {
            writeln!(out, "swatch what-if: {}", escape(&described(edits)))?;
            report::human::diff(out, d, awaiting, &[], (&sides.old_label, &sides.new_label))?;
            if !materialised.is_empty() {
                let roles: Vec<String> = roles().map(|r| escape(&r).into_owned()).collect();
                writeln!(
                    out,
                    "Default roles written out as [roles.NAME] tables ({ASSUMED}): {}",
                    roles.join(", ")
                )?;
            }
            if !apart.is_empty() {
                writeln!(
                    out,
                    "Findings only because a default role was written out: {}",
                    apart.len()
                )?;
                for f in apart {
                    writeln!(
                        out,
                        "  + {} {}: {}{}",
                        f.severity,
                        f.rule,
                        escape(&f.message),
                        place(f)
                    )?;
                }
            }
            Ok(())
        }
        WhatIfFormat::Json => {
            let mut value = report::json::diff(d, awaiting, &[]);
            if !materialised.is_empty() {
                let model = &d.new.workspace.model;
                value.findings.materialised =
                    Some(report::json::FindingList::new(apart, sources, model));
                value.materialised_roles = Some(json!(
                    materialised
                        .iter()
                        .map(|(app, role)| json!({"application": app, "role": role}))
                        .collect::<Vec<_>>()
                ));
            }
            crate::text::write_json(out, &value)
        }
        WhatIfFormat::Markdown => {
            report::markdown::diff(out, d, awaiting, &[])?;
            // The edits come from the command line, their names from files
            // or flags alike: each edit is one code span.
            let edits: Vec<String> = edits.0.iter().map(|e| code_text(&e.to_string())).collect();
            writeln!(out, "\n**What if**: {}", edits.join("; "))?;
            if !materialised.is_empty() {
                let roles: Vec<String> = roles().map(|r| code_text(&r)).collect();
                writeln!(
                    out,
                    "\nDefault roles written out as `[roles.NAME]` tables ({ASSUMED}): {}",
                    roles.join(", ")
                )?;
            }
            if !apart.is_empty() {
                writeln!(
                    out,
                    "\n<details><summary>Findings only because a default role was written out ({})</summary>\n",
                    apart.len()
                )?;
                writeln!(out, "| severity | rule | finding |\n|---|---|---|")?;
                for f in apart {
                    writeln!(
                        out,
                        "| {} | {} | {} |",
                        f.severity,
                        code(&f.rule),
                        finding_message(f)
                    )?;
                }
                writeln!(out, "\n</details>")?;
            }
            Ok(())
        }
    }
}
