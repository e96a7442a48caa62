//! `swatch why`'s terminal output. Every name from a file goes through
//! [`escape`] before it is printed.

use super::{Explanation, Fix, FixStep, Step};
use crate::finding::Finding;
use crate::license::Licenses;
use crate::model::{AccountType, License, Member, Model};
use crate::source::escape;
use crate::text::table::table;
use std::io::{self, Write};

/// The derivation, the roles held (and those that grant nothing), and the fix.
pub(crate) fn render(
    out: &mut dyn Write,
    licenses: &Licenses<'_>,
    e: &Explanation<'_>,
) -> io::Result<()> {
    let model = licenses.model;
    let lm = model.license_model;
    let member = &model.members[e.index];
    let name = member
        .name
        .as_deref()
        .map(|n| format!(" ({})", escape(n)))
        .unwrap_or_default();
    writeln!(out, "{}{name}", escape(&member.key))?;
    writeln!(out, "  account type  {}", member.account_type.value)?;
    writeln!(out, "  status        {}", member.status)?;
    let Some(license) = e.license else {
        return writeln!(
            out,
            "  license       none: a deactivated member holds no seat"
        );
    };
    if member.status == crate::model::Status::Invited {
        // Pigment counts the seat once the invitation is accepted.
        writeln!(
            out,
            "  license       {} (once they accept the invitation)",
            lm.name(license)
        )?;
    } else {
        writeln!(out, "  license       {}", lm.name(license))?;
    }
    if let Some(driver) = e.driver {
        writeln!(out, "  driver        {}", escape(&driver.to_string()))?;
    }
    if member.account_type.value != AccountType::StandardMember {
        writeln!(
            out,
            "\nEvery account type but standard_member can create applications, so it holds the top license."
        )?;
    }
    if !e.owns.is_empty() {
        let owns: Vec<String> = e.owns.iter().map(|a| escape(a).into_owned()).collect();
        writeln!(
            out,
            "\nOwns {} (an owner is always the application's Admin: top license).",
            owns.join(", ")
        )?;
    }
    writeln!(out)?;
    if e.held.is_empty() && e.unknown_roles.is_empty() {
        writeln!(out, "Holds no role in any application.")?;
    } else {
        // Known roles and those that grant nothing, in application order.
        let mut rows: Vec<(&str, Vec<String>)> = e
            .held
            .iter()
            .map(|h| {
                let why = match h.reason {
                    Some(reason) => reason.to_string(),
                    None => "explorer permissions, read access".to_owned(),
                };
                let cells = vec![
                    escape(h.application).into_owned(),
                    escape(h.role).into_owned(),
                    lm.name(h.license).to_owned(),
                    why,
                ];
                (h.application, cells)
            })
            .collect();
        rows.extend(e.unknown_roles.iter().map(|u| {
            let cells = vec![
                escape(u.application).into_owned(),
                escape(u.role).into_owned(),
                "nothing".to_owned(),
                format!("{} has no such role: unknown-role", escape(u.application)),
            ];
            (u.application, cells)
        }));
        rows.sort_by_key(|(application, _)| *application);
        let rows: Vec<Vec<String>> = rows.into_iter().map(|(_, cells)| cells).collect();
        table(out, &["APPLICATION", "ROLE", "GIVES", "BECAUSE OF"], &rows)?;
    }
    writeln!(out)?;
    match &e.fix {
        None => writeln!(out, "{} is the lowest license.", lm.name(license)),
        Some(fix) => render_fix(out, model, member, license, fix),
    }
}

fn render_fix(
    out: &mut dyn Write,
    model: &Model,
    member: &Member,
    current: License,
    fix: &Fix<'_>,
) -> io::Result<()> {
    let lm = model.license_model;
    writeln!(
        out,
        "To bring {} down to {} (saves {}/yr), {}:",
        escape(&member.key),
        lm.name(fix.license),
        model.amount(fix.saving),
        how_many(fix.steps.len(), lm.name(current))
    )?;
    for step in &fix.steps {
        render_step(out, model, member, step)?;
    }
    Ok(())
}

/// Every step removes one cause of the current license: say that they go together.
fn how_many(steps: usize, current: &str) -> String {
    const WORDS: [&str; 8] = [
        "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    match steps {
        1 => "this one change is enough".to_owned(),
        2 => format!("both changes are needed (either alone leaves them at {current})"),
        n => {
            let count = WORDS
                .get(n - 3)
                .map_or_else(|| n.to_string(), |w| (*w).to_owned());
            format!("all {count} changes are needed (any one left out leaves them at {current})")
        }
    }
}

fn render_step(
    out: &mut dyn Write,
    model: &Model,
    member: &Member,
    fix_step: &FixStep<'_>,
) -> io::Result<()> {
    let top = model.license_model.name(License::Editor);
    // How a consequence line starts: what, made as written, sets it off.
    let mut lead = "this";
    match &fix_step.step {
        Step::AccountType(t) => {
            if fix_step.causes.iter().any(|f| f.rule == "primary-owner") {
                writeln!(
                    out,
                    "  - switch the primary owner to another active member, then change {}'s account_type to {t}",
                    escape(&member.key)
                )?;
                writeln!(
                    out,
                    "    a primary_owner always holds {top}: the account type fixes the license. A workspace has exactly one primary owner, changed only by switching it to someone else, who then holds {top} and control of the workspace no other admin can edit (the workspace saves only if they already hold {top})"
                )?;
                lead = "changing account_type alone";
            } else {
                writeln!(out, "  - change account_type to {t}")?;
            }
        }
        Step::TransferOwnership(app) => {
            writeln!(
                out,
                "  - transfer ownership of {} to another active member, who then holds {top}",
                escape(app)
            )?;
            lead = "removing `owner` without naming another";
        }
        Step::Role {
            application,
            role,
            permissions,
            default_access,
        } => {
            let names: Vec<&str> = permissions.iter().map(|p| p.as_str()).collect();
            let (app, role) = (escape(application), escape(role));
            // What the other role has instead, and the same as an edit of this one.
            let mut without = Vec::new();
            let mut edit = Vec::new();
            if let Some(from) = default_access {
                without.push("with default_access read".to_owned());
                edit.push(format!("change its default_access from {from} to read"));
            }
            if !names.is_empty() {
                without.push(format!("without {}", names.join(", ")));
                edit.push(if edit.is_empty() {
                    "remove them from it".to_owned()
                } else {
                    "remove those permissions from it".to_owned()
                });
            }
            let (without, edit) = (without.join(" and "), edit.join(" and "));
            writeln!(
                out,
                "  - in {app}, give a role {without} instead of {role} (or {edit})"
            )?;
        }
    }
    for finding in &fix_step.causes {
        writeln!(out, "    {lead} would {}", consequence(finding))?;
    }
    Ok(())
}

/// What an ownership finding the step sets off means, and its rule.
fn consequence(f: &Finding) -> String {
    let subject = escape(&f.subject.name);
    let left = match f.rule.as_str() {
        "primary-owner" => "the workspace without an active primary owner".to_owned(),
        "last-admin" => {
            return format!(
                "leave the primary owner {subject} as the only active member who can manage members: last-admin ({}); make another member security_admin or workspace_admin first",
                f.severity
            );
        }
        "missing-app-owner" => format!("{subject} without an owner"),
        "api-key-owner-not-admin" => {
            return format!(
                "leave the API key `{subject}` with an owner who cannot manage API keys: api-key-owner-not-admin ({}); transfer it to an admin first",
                f.severity
            );
        }
        rule => {
            return format!(
                "be reported by {rule} ({}): {}",
                f.severity,
                escape(&f.message)
            );
        }
    };
    format!("leave {left}: {} ({})", f.rule, f.severity)
}
