//! `swatch diff --format markdown`: a pull-request comment or step summary.
//! A headline, a summary table, details in collapsible sections, and a
//! hidden marker so a CI job can update its comment instead of adding one.
//! Every name from a file is a code span (`text::markdown`): the comment is
//! rendered as HTML, with mentions and autolinks.

use crate::diff::{Awaiting, Diff, GateResult};
use crate::finding::Finding;
use crate::text::markdown::{
    code, code_text, fenced_block, finding_message, inline, inline_text, prose,
};
use std::fmt::Write as _;
use std::io::{self, Write};

/// The marker a CI job looks for to find swatch's comment.
pub(crate) const MARKER: &str = "<!-- swatch-diff -->";

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A finding's row; `note` (swatch's words) follows its message.
fn finding_row(f: &Finding, note: &str, sources: &crate::source::Sources) -> String {
    let place = f
        .loc
        .map(|l| sources.position(l))
        .map_or_else(String::new, |p| code(&format!("{}:{}", p.path, p.line)));
    format!(
        "| {} | {} | {}{} | {place} |",
        f.severity,
        code(&f.rule),
        finding_message(f),
        prose(note)
    )
}

/// Errors first, then warnings, then infos; the order within one severity
/// is kept (by file and line).
fn by_severity<'f>(findings: &[&'f Finding]) -> Vec<&'f Finding> {
    let mut sorted = findings.to_vec();
    sorted.sort_by_key(|f| std::cmp::Reverse(f.severity));
    sorted
}

pub(crate) fn diff(
    out: &mut dyn Write,
    d: &Diff<'_>,
    awaiting: &[Awaiting],
    gates: &[GateResult],
) -> io::Result<()> {
    let new = &d.new.workspace.model;
    let money = |cents: i64| d.amount(cents);
    let lm = new.license_model;
    let mut s = String::new();
    let _ = writeln!(s, "{MARKER}");
    let failed: Vec<&GateResult> = gates.iter().filter(|g| g.failed).collect();
    let mark = if failed.is_empty() { "" } else { "❌ " };
    let _ = writeln!(s, "### {mark}swatch: {}\n", prose(&d.headline()));
    for g in &failed {
        let _ = writeln!(
            s,
            "> **{}** failed: {}\n",
            prose(&g.gate),
            inline_text(&g.reason)
        );
    }

    let _ = writeln!(s, "| | before | after | change |\n|---|---:|---:|---:|");
    for &license in lm.licenses() {
        let (b, a) = (d.totals_before.get(license), d.totals_after.get(license));
        let _ = writeln!(
            s,
            "| {} | {b} | {a} | {:+} |",
            lm.name(license),
            a as i64 - b as i64
        );
    }
    let (cb, ca) = (d.cost_before(), d.cost_after());
    let sign = if ca >= cb { "+" } else { "" };
    let _ = writeln!(
        s,
        "| yearly cost | {} | {} | {sign}{} |",
        money(cb),
        money(ca),
        money(ca - cb)
    );
    let _ = writeln!(
        s,
        "| findings | {} | {} | {} |\n",
        d.old.findings.len(),
        d.new.findings.len(),
        d.finding_counts()
    );
    if d.counts_invited_changes() {
        let _ = writeln!(s, "{}\n", super::human::TOTALS_NOTE);
    }

    let mut section = |title: String, body: String| {
        if !body.is_empty() {
            let _ = writeln!(
                s,
                "<details><summary>{title}</summary>\n\n{body}\n</details>\n"
            );
        }
    };

    let mut body = String::new();
    if !d.changes.is_empty() {
        let _ = writeln!(
            body,
            "| member | before | after | because |\n|---|---|---|---|"
        );
        for c in &d.changes {
            let name = |l: Option<crate::model::License>| l.map_or("—", |l| lm.name(l));
            let why = c
                .driver_after
                .as_deref()
                .or(c.driver_before.as_deref())
                .unwrap_or("");
            let _ = writeln!(
                body,
                "| {}{} | {} | {} | {} |",
                code(&c.email),
                c.status_mark(),
                name(c.before),
                name(c.after),
                if why.is_empty() {
                    String::new()
                } else {
                    code(why)
                }
            );
        }
    }
    if !d.added.is_empty() {
        let _ = writeln!(
            body,
            "\nAdded: {}",
            d.added
                .iter()
                .map(|e| code_text(e))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !d.removed.is_empty() {
        let _ = writeln!(
            body,
            "\nRemoved: {}",
            d.removed
                .iter()
                .map(|e| code_text(e))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    section(format!("License changes ({})", d.changes.len()), body);

    let access = d.access_lines();
    section(
        format!("Access changes ({})", access.len()),
        access
            .iter()
            .map(|l| format!("- {}\n", inline_text(l)))
            .collect(),
    );

    let mut body = String::new();
    for r in &d.roles {
        let _ = writeln!(
            body,
            "**{}**: moves {} to another license\n\n{}\n",
            code_text(&format!("{}/{}", r.application, r.role)),
            plural(r.moved, "member"),
            fenced_block("diff", &r.lines)
        );
    }
    section(format!("Role changes ({})", d.roles.len()), body);

    let mut body = String::new();
    if !d.new_findings.is_empty() {
        let _ = writeln!(
            body,
            "**New**\n\n| severity | rule | finding | where |\n|---|---|---|---|"
        );
        for f in by_severity(&d.new_findings) {
            let _ = writeln!(body, "{}", finding_row(f, "", &d.new.workspace.sources));
        }
    }
    if !d.grown_findings.is_empty() {
        let _ = writeln!(
            body,
            "\n**Grown**\n\n| severity | rule | finding | where |\n|---|---|---|---|"
        );
        let mut grown = d.grown_findings.clone();
        grown.sort_by_key(|g| std::cmp::Reverse(g.after.severity));
        for g in grown {
            let note = format!(" ({})", g.sizes());
            let _ = writeln!(
                body,
                "{}",
                finding_row(g.after, &note, &d.new.workspace.sources)
            );
        }
    }
    if !d.resolved_findings.is_empty() {
        let _ = writeln!(
            body,
            "\n**Resolved**\n\n| severity | rule | finding | where |\n|---|---|---|---|"
        );
        for f in by_severity(&d.resolved_findings) {
            let _ = writeln!(
                body,
                "{}",
                finding_row(f, d.resolved_mark(f), &d.old.workspace.sources)
            );
        }
    }
    section(format!("Findings ({})", d.finding_counts()), body);

    let body: String = awaiting
        .iter()
        .map(|w| {
            format!(
                "- {} {} on {}: {}\n",
                code_text(&w.rule),
                w.kind,
                code_text(&w.subject),
                code_text(&w.reason)
            )
        })
        .collect();
    section(
        format!("Waivers awaiting approval ({})", awaiting.len()),
        body,
    );

    if !gates.is_empty() {
        let _ = writeln!(s, "| gate | result | why |\n|---|---|---|");
        for g in gates {
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                prose(&g.gate),
                if g.failed { "❌ failed" } else { "✅ passed" },
                inline(&g.reason)
            );
        }
    }
    out.write_all(s.as_bytes())
}
