//! `swatch diff --format markdown`: a pull-request comment or step summary.
//! A headline, a summary table, details in collapsible sections, and a
//! hidden marker so a CI job can update its comment instead of adding one.
//! Every name from a file is a code span (`text::markdown`): the comment is
//! rendered as HTML, with mentions and autolinks.

use crate::diff::{Awaiting, Diff, GateResult};
use crate::finding::Finding;
use crate::text::markdown::{
    code, code_text, fenced_block, inline, inline_text, prose, push_code, push_finding_message,
    push_prose,
};
use std::io::{self, Write};

/// The marker a CI job looks for to find swatch's comment.
pub(crate) const MARKER: &str = "<!-- swatch-diff -->";

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A finding's row, with its line break; `note` (swatch's words) follows
/// its message. Written into `row` (cleared first), which each row reuses.
fn finding_row(row: &mut String, f: &Finding, note: &str, sources: &crate::source::Sources) {
    row.clear();
    for part in ["| ", f.severity.as_str(), " | "] {
        row.push_str(part);
    }
    push_code(row, &f.rule, true);
    row.push_str(" | ");
    push_finding_message(row, f);
    push_prose(row, note);
    row.push_str(" | ");
    if let Some(p) = f.loc.map(|l| sources.position(l)) {
        push_code(row, &format!("{}:{}", p.path, p.line), true);
    }
    row.push_str(" |\n");
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
    writeln!(out, "{MARKER}")?;
    let failed: Vec<&GateResult> = gates.iter().filter(|g| g.failed).collect();
    let mark = if failed.is_empty() { "" } else { "❌ " };
    writeln!(out, "### {mark}swatch: {}\n", prose(&d.headline()))?;
    for g in &failed {
        writeln!(
            out,
            "> **{}** failed: {}\n",
            prose(&g.gate),
            inline_text(&g.reason)
        )?;
    }

    writeln!(out, "| | before | after | change |\n|---|---:|---:|---:|")?;
    for &license in lm.licenses() {
        let (b, a) = (d.totals_before.get(license), d.totals_after.get(license));
        writeln!(
            out,
            "| {} | {b} | {a} | {:+} |",
            lm.name(license),
            a as i64 - b as i64
        )?;
    }
    let (cb, ca) = (d.cost_before(), d.cost_after());
    let sign = if ca >= cb { "+" } else { "" };
    writeln!(
        out,
        "| yearly cost | {} | {} | {sign}{} |",
        money(cb),
        money(ca),
        money(ca - cb)
    )?;
    writeln!(
        out,
        "| findings | {} | {} | {} |\n",
        d.old.findings.len(),
        d.new.findings.len(),
        d.finding_counts()
    )?;
    if d.counts_invited_changes() {
        writeln!(out, "{}\n", super::human::TOTALS_NOTE)?;
    }

    let mut body = Section::new(out, format!("License changes ({})", d.changes.len()));
    if !d.changes.is_empty() {
        writeln!(
            body,
            "| member | before | after | because |\n|---|---|---|---|"
        )?;
        for c in &d.changes {
            let name = |l: Option<crate::model::License>| l.map_or("—", |l| lm.name(l));
            let why = c
                .driver_after
                .as_deref()
                .or(c.driver_before.as_deref())
                .unwrap_or("");
            writeln!(
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
            )?;
        }
    }
    for (word, emails) in [("Added", &d.added), ("Removed", &d.removed)] {
        if !emails.is_empty() {
            write!(body, "\n{word}: ")?;
            for (i, email) in emails.iter().enumerate() {
                let comma = if i == 0 { "" } else { ", " };
                write!(body, "{comma}{}", code_text(email))?;
            }
            writeln!(body)?;
        }
    }
    body.finish()?;

    let access = d.access_lines();
    let mut body = Section::new(out, format!("Access changes ({})", access.len()));
    for line in &access {
        writeln!(body, "- {}", inline_text(line))?;
    }
    body.finish()?;

    let mut body = Section::new(out, format!("Role changes ({})", d.roles.len()));
    for r in &d.roles {
        writeln!(
            body,
            "**{}**: moves {} to another license\n\n{}\n",
            code_text(&format!("{}/{}", r.application, r.role)),
            plural(r.moved, "member"),
            fenced_block("diff", &r.lines)
        )?;
    }
    body.finish()?;

    let mut body = Section::new(out, format!("Findings ({})", d.finding_counts()));
    let mut row = String::new();
    if !d.new_findings.is_empty() {
        writeln!(
            body,
            "**New**\n\n| severity | rule | finding | where |\n|---|---|---|---|"
        )?;
        for f in by_severity(&d.new_findings) {
            finding_row(&mut row, f, "", &d.new.workspace.sources);
            body.write_all(row.as_bytes())?;
        }
    }
    if !d.grown_findings.is_empty() {
        writeln!(
            body,
            "\n**Grown**\n\n| severity | rule | finding | where |\n|---|---|---|---|"
        )?;
        let mut grown = d.grown_findings.clone();
        grown.sort_by_key(|g| std::cmp::Reverse(g.after.severity));
        for g in grown {
            let note = format!(" ({})", g.sizes());
            finding_row(&mut row, g.after, &note, &d.new.workspace.sources);
            body.write_all(row.as_bytes())?;
        }
    }
    if !d.resolved_findings.is_empty() {
        writeln!(
            body,
            "\n**Resolved**\n\n| severity | rule | finding | where |\n|---|---|---|---|"
        )?;
        for f in by_severity(&d.resolved_findings) {
            finding_row(&mut row, f, d.resolved_mark(f), &d.old.workspace.sources);
            body.write_all(row.as_bytes())?;
        }
    }
    body.finish()?;

    let mut body = Section::new(
        out,
        format!("Waivers awaiting approval ({})", awaiting.len()),
    );
    for w in awaiting {
        writeln!(
            body,
            "- {} {} on {}: {}",
            code_text(&w.rule),
            w.kind,
            code_text(&w.subject),
            code_text(&w.reason)
        )?;
    }
    body.finish()?;

    if !gates.is_empty() {
        writeln!(out, "| gate | result | why |\n|---|---|---|")?;
        for g in gates {
            writeln!(
                out,
                "| {} | {} | {} |",
                prose(&g.gate),
                if g.failed { "❌ failed" } else { "✅ passed" },
                inline(&g.reason)
            )?;
        }
    }
    Ok(())
}

/// A collapsible section written as its body is: the `<details>` opens at
/// the body's first byte, so a section with nothing in it is left out, and
/// the comment is never held whole (a diff adding 10 MB of roles writes
/// 80 MB of it, #9).
struct Section<'a> {
    out: &'a mut dyn Write,
    title: String,
    open: bool,
}

impl<'a> Section<'a> {
    fn new(out: &'a mut dyn Write, title: String) -> Self {
        Self {
            out,
            title,
            open: false,
        }
    }

    fn finish(self) -> io::Result<()> {
        if self.open {
            self.out.write_all(b"\n</details>\n\n")?;
        }
        Ok(())
    }
}

impl Write for Section<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !buf.is_empty() && !self.open {
            self.open = true;
            write!(self.out, "<details><summary>{}</summary>\n\n", self.title)?;
        }
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
