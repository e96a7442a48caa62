//! `swatch report --format markdown`: the review for a pull request or a
//! wiki page. Every name from a file is a code span (`report::md_text`).

use super::Review;
use crate::code_span::quote;
use crate::text::markdown::{code, code_text, driver, finding_message, inline, inline_text, prose};
use std::io::{self, Write};

/// A text bar for a table cell: `used` of `scale` in ten steps.
fn bar(used: u64, scale: u64) -> String {
    let filled = if scale == 0 {
        0
    } else {
        usize::try_from((used.min(scale) * 10).div_ceil(scale)).unwrap_or(10)
    };
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

pub(super) fn write(out: &mut dyn Write, review: &Review<'_>) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    summary(&mut out, review)?;
    applications(&mut out, review)?;
    members(&mut out, review)?;
    sign_off(&mut out, review)?;
    out.flush()
}

fn summary(out: &mut dyn Write, review: &Review<'_>) -> io::Result<()> {
    let model = review.licenses.model;
    let lm = model.license_model;
    writeln!(
        out,
        "# Access review: {}\n",
        code_text(model.workspace_name())
    )?;
    writeln!(out, "Review date: {}\n", review.today)?;
    writeln!(out, "## Summary\n")?;
    let (status, types) = review.member_counts();
    writeln!(out, "| members | count |\n|---|---:|")?;
    for (s, n) in status {
        writeln!(out, "| {s} | {n} |")?;
    }
    for (t, n) in types {
        writeln!(out, "| {t} | {n} |")?;
    }
    writeln!(
        out,
        "\n| license | used | purchased | yearly cost | |\n|---|---:|---:|---:|---|"
    )?;
    let mut total = 0;
    for (license, used, purchased, cost) in review.license_rows() {
        total += cost;
        let over = purchased
            .filter(|&p| used > p)
            .map_or(String::new(), |p| format!(" **over by {}**", used - p));
        writeln!(
            out,
            "| {} | {used} | {} | {} | {}{over} |",
            lm.name(license),
            purchased.map_or("—".to_owned(), |p| p.to_string()),
            review.money(cost),
            bar(used, purchased.unwrap_or(used).max(used)),
        )?;
    }
    writeln!(out, "| **total** | | | **{}** | |\n", review.money(total))?;
    if let Some(note) = review.settings_note() {
        writeln!(out, "{}\n", inline_text(&note))?;
    }
    let s = crate::finding::Summary::of(review.findings);
    writeln!(
        out,
        "Findings: {} errors, {} warnings, {} info; {} (see Sign-off).\n",
        s.error,
        s.warning,
        s.info,
        match review.exceptions.len() {
            1 => "1 exception".to_owned(),
            n => format!("{n} exceptions"),
        }
    )?;
    let top = review.top_rules(5);
    if !top.is_empty() {
        writeln!(out, "| top rules | severity | findings |\n|---|---|---:|")?;
        for (rule, severity, n) in top {
            writeln!(out, "| {} | {} | {n} |", code(rule), severity.as_str())?;
        }
        writeln!(out)?;
    }
    writeln!(out, "| cost by application | yearly cost |\n|---|---:|")?;
    for (app, cost) in review.cost_by_application() {
        writeln!(out, "| {} | {} |", code(app), review.money(cost))?;
    }
    writeln!(out, "\n| editor seats by driver | editors |\n|---|---:|")?;
    for (kind, n) in review.editors_by_driver() {
        writeln!(out, "| {kind} | {n} |")?;
    }
    writeln!(out)?;
    if let Some(c) = &review.changes {
        writeln!(out, "### Changes since {}\n", code_text(&c.base))?;
        writeln!(
            out,
            "Yearly cost {} → {}.\n",
            review.money(c.cost_before),
            review.money(c.cost_after)
        )?;
        let list = |out: &mut dyn Write, title: &str, items: &[String]| -> io::Result<()> {
            if !items.is_empty() {
                writeln!(out, "{title}:\n")?;
                let (shown, more) = super::capped(items);
                for item in shown {
                    writeln!(out, "- {}", inline_text(item))?;
                }
                if let Some(more) = more {
                    writeln!(out, "- {more}")?;
                }
                writeln!(out)?;
            }
            Ok(())
        };
        let quoted = |emails: &[String]| emails.iter().map(|e| quote(e)).collect::<Vec<_>>();
        list(out, "Members added", &quoted(&c.added))?;
        list(out, "Members removed", &quoted(&c.removed))?;
        let moved: Vec<String> = c
            .licenses
            .iter()
            .map(|(e, b, a, mark)| format!("{}: {b} → {a}{mark}", quote(e)))
            .collect();
        list(out, "License changes", &moved)?;
        list(out, "Escalations", &c.escalations)?;
        list(out, "New findings", &c.new_findings)?;
        list(out, "Grown findings", &c.grown_findings)?;
        list(out, "Resolved findings", &c.resolved_findings)?;
        if c.added.is_empty()
            && c.removed.is_empty()
            && moved.is_empty()
            && c.new_findings.is_empty()
            && c.grown_findings.is_empty()
            && c.resolved_findings.is_empty()
        {
            writeln!(out, "No member, license or finding changed.\n")?;
        }
    }
    Ok(())
}

fn applications(out: &mut dyn Write, review: &Review<'_>) -> io::Result<()> {
    let model = review.licenses.model;
    let lm = model.license_model;
    writeln!(out, "## Applications\n")?;
    for app in &model.applications {
        writeln!(out, "### {}\n", code_text(&app.name))?;
        let owner = match (&app.owner, app.owner_member) {
            (None, _) => "none".to_owned(),
            (Some(o), Some(m)) => {
                let active = model.members[m as usize].is_active();
                format!(
                    "{} ({})",
                    code_text(&o.value),
                    if active { "active" } else { "not active" }
                )
            }
            (Some(o), None) => format!("{} (not a member)", code_text(&o.value)),
        };
        writeln!(out, "Owner: {owner}\n")?;
        if let Some(ns) = review.by_application.get(app.name.as_str()) {
            writeln!(out, "Findings: {}\n", prose(&review.rules_of(ns)))?;
        }
        writeln!(
            out,
            "| role | license | permissions by tier | default access | holders | flags |\n|---|---|---|---|---|---|"
        )?;
        for (role, holders) in super::roles_with_holders(model, app) {
            let (license, _) = crate::license::role_license(role.grants, lm);
            let tiers: Vec<String> = super::permissions_by_tier(role.grants)
                .into_iter()
                .map(|(tier, names)| format!("{}: {}", lm.name(lm.fit(tier)), names.join(", ")))
                .collect();
            let flags = review
                .by_role
                .get(&(app.name.as_str(), role.name))
                .map_or(String::new(), |ns| review.rules_of(ns));
            let (shown, more) = super::capped(&holders);
            let mut who: Vec<String> = shown
                .iter()
                .map(|k| match review.holder_flags(&app.name, k) {
                    f if f.is_empty() => code(k),
                    f => format!("{} ⚠ {}", code(k), prose(&f)),
                })
                .collect();
            who.extend(more);
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                code(role.name),
                lm.name(license),
                prose(&tiers.join("; ")),
                role.grants.default_access,
                who.join(", "),
                prose(&flags)
            )?;
        }
        for (role, holders) in super::unknown_roles_with_holders(model, app) {
            let (shown, more) = super::capped(&holders);
            let mut who: Vec<String> = shown.iter().map(|k| code(k)).collect();
            who.extend(more);
            writeln!(
                out,
                "| {} {} | — |  | — | {} | {} |",
                code(role),
                super::NO_SUCH_ROLE,
                who.join(", "),
                super::UNKNOWN_ROLE_RULE
            )?;
        }
        writeln!(out)?;
        if let Some(blocks) = &app.public_blocks {
            if !blocks.value.is_empty() {
                let (shown, more) = super::capped(&blocks.value);
                let mut names: Vec<String> = shown.iter().map(|b| code_text(b)).collect();
                names.extend(more);
                writeln!(out, "Public blocks: {}\n", names.join(", "))?;
            }
        }
        if !app.automations.is_empty() {
            let autos: Vec<String> = app
                .automations
                .iter()
                .map(|a| {
                    format!(
                        "{} (owner {})",
                        code_text(&a.name),
                        code_text(&a.owner.value)
                    )
                })
                .collect();
            writeln!(out, "Automations: {}\n", autos.join(", "))?;
        }
    }
    Ok(())
}

fn members(out: &mut dyn Write, review: &Review<'_>) -> io::Result<()> {
    let licenses = review.licenses;
    let model = licenses.model;
    let lm = model.license_model;
    let keys = super::api_keys_by_member(model);
    writeln!(out, "## Members\n")?;
    writeln!(
        out,
        "| member | account type | status | last active | license | driver | applications | API keys | findings |\n|---|---|---|---|---|---|---|---|---|"
    )?;
    for (m, member) in model.members.iter().enumerate() {
        let derived = &licenses.members[m];
        let accesses = review.accesses(m);
        let (shown, more) = super::capped(&accesses);
        let mut apps: Vec<String> = shown
            .iter()
            .map(|access| {
                let unknown = if access.role.is_none() {
                    format!(" {}", super::NO_SUCH_ROLE)
                } else {
                    String::new()
                };
                format!(
                    "{}: {}{unknown}",
                    quote(&access.application.name),
                    quote(access.role_name)
                )
            })
            .collect();
        apps.extend(more);
        let key_names: Vec<String> = keys
            .get(&m)
            .map(|k| {
                let (shown, more) = super::capped(k);
                let mut names: Vec<String> = shown.iter().map(|k| code(&k.name)).collect();
                names.extend(more);
                names
            })
            .unwrap_or_default();
        writeln!(
            out,
            "| {}{} | {} | {} | {} | {} | {} | {} | {} | {} |",
            code(&member.key),
            member
                .name
                .as_deref()
                .map_or(String::new(), |n| format!(" ({})", code(n))),
            member.account_type.value,
            member.status,
            member
                .last_active
                .as_ref()
                .map_or("—".to_owned(), |d| d.value.to_string()),
            derived.license.map_or("—", |l| lm.name(l)),
            derived.driver.map_or(String::new(), |d| driver(&d)),
            inline(&apps.join("; ")),
            key_names.join(", "),
            prose(&review.rules_of(&review.by_member[m])),
        )?;
    }
    writeln!(out)
}

fn sign_off(out: &mut dyn Write, review: &Review<'_>) -> io::Result<()> {
    writeln!(out, "## Sign-off\n")?;
    match review.reviewer {
        Some(name) => writeln!(out, "Reviewer: {}\n", code_text(name))?,
        None => writeln!(out, "Reviewer: ______________________________\n")?,
    }
    writeln!(out, "Date: {}\n", review.today)?;
    writeln!(out, "Signature: ______________________________\n")?;
    if review.exceptions.is_empty() {
        return writeln!(out, "No finding is suppressed.");
    }
    writeln!(
        out,
        "| rule | subject | finding | waived by | reason | expires |\n|---|---|---|---|---|---|"
    )?;
    for e in &review.exceptions {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            code(&e.finding.rule),
            code(&e.finding.subject.name),
            finding_message(e.finding),
            prose(e.source),
            code(e.reason),
            e.until.map_or("—".to_owned(), |d| d.to_string())
        )?;
    }
    Ok(())
}
