//! Terminal output: miette's graphical diagnostics, and plain tables.
//! Every user-provided string goes through [`escape`] before it is printed.

use super::Style;
use crate::error::{Invalid, Snippet};
use crate::finding::{Finding, Safety, Severity, Summary};
use crate::license::Licenses;
use crate::source::Sources;
use crate::source::escape;
use crate::text::table::table;
#[cfg(test)]
use miette::Diagnostic;
use miette::{GraphicalReportHandler, GraphicalTheme};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::io::{self, Write};

/// miette's renderer for a style: unicode always; colour only when asked.
pub(crate) fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
}

/// miette's own rendering: what `graphical.rs` renders directly, byte for
/// byte (its tests compare the two).
#[cfg(test)]
pub(crate) fn diagnostic(
    out: &mut dyn Write,
    style: Style,
    diagnostic: &dyn Diagnostic,
) -> io::Result<()> {
    let mut text = String::new();
    handler(style)
        .render_report(&mut text, diagnostic)
        .map_err(io::Error::other)?;
    writeln!(out, "{text}")
}

/// Every piece of invalid input, then a one-line count.
pub(crate) fn invalid(
    out: &mut dyn Write,
    style: Style,
    invalid: &Invalid,
    side: Option<&str>,
) -> io::Result<()> {
    // A bad 10 MB file can hold 180,000 errors (#9).
    in_order(
        &invalid.errors,
        |chunk| {
            let mut text = String::new();
            let mut drawer = super::graphical::Drawer::new(style);
            for error in chunk {
                if drawer.error(&mut text, error, &invalid.sources) {
                    continue;
                }
                let snippet = Snippet::from_error(error, &invalid.sources);
                for part in std::iter::once(&snippet).chain(&snippet.related) {
                    handler(style)
                        .render_report(&mut text, part)
                        .map_err(io::Error::other)?;
                }
                text.push('\n');
            }
            Ok(text)
        },
        |text| out.write_all(text.as_bytes()),
    )?;
    let n = invalid.errors.len();
    let side = side.map(|s| format!(" in {s}")).unwrap_or_default();
    writeln!(
        out,
        "swatch: {n} invalid input error{}{side}; nothing was checked",
        if n == 1 { "" } else { "s" }
    )
}

/// `swatch licenses`: the member table, totals, seats and yearly cost.
pub(crate) fn licenses(out: &mut dyn Write, licenses: &Licenses<'_>) -> io::Result<()> {
    let model = licenses.model;
    let lm = model.license_model;
    let rows: Vec<Vec<String>> = model
        .members
        .iter()
        .zip(&licenses.members)
        .map(|(member, derived)| {
            vec![
                escape(&member.key).into_owned(),
                member.account_type.value.to_string(),
                member.status.to_string(),
                derived.license.map_or("-", |l| lm.name(l)).to_owned(),
                derived.driver.map_or_else(
                    || "deactivated: no seat".to_owned(),
                    |d| escape(&d.to_string()).into_owned(),
                ),
            ]
        })
        .collect();
    table(
        out,
        &["MEMBER", "ACCOUNT TYPE", "STATUS", "LICENSE", "DRIVER"],
        &rows,
    )?;

    let totals = licenses.totals();
    writeln!(out)?;
    writeln!(out, "License model: {lm}")?;
    let mut rows = Vec::new();
    for &license in lm.licenses() {
        let n = totals.get(license);
        let price = model.amount(model.prices.of(license));
        let cost = model.amount(n as i64 * model.prices.of(license));
        let mut row = vec![
            lm.name(license).to_owned(),
            n.to_string(),
            format!("× {price}"),
            format!("= {cost}"),
        ];
        if let Some(bought) = model.purchased.as_ref().and_then(|p| p.get(license)) {
            let note = if n > bought {
                format!("{n} of {bought} purchased: {} over", n - bought)
            } else {
                format!("{n} of {bought} purchased")
            };
            row.push(note);
        }
        rows.push(row);
    }
    table(
        out,
        &["LICENSE", "ACTIVE", "PRICE/YR", "COST/YR", "SEATS"],
        &rows,
    )?;
    if totals.invited > 0 {
        // Invited members by the license they will hold, in one pass.
        let mut invited = [0u64; 3];
        for (member, derived) in model.members.iter().zip(&licenses.members) {
            if let (crate::model::Status::Invited, Some(license)) = (member.status, derived.license)
            {
                invited[license as usize] += 1;
            }
        }
        let pending: Vec<String> = lm
            .licenses()
            .iter()
            .filter(|&&l| invited[l as usize] > 0)
            .map(|&l| format!("{} {}", invited[l as usize], lm.name(l)))
            .collect();
        writeln!(
            out,
            "Invited, not yet counted: {} ({})",
            totals.invited,
            pending.join(", ")
        )?;
    }
    let active: u64 = lm.licenses().iter().map(|&l| totals.get(l)).sum();
    writeln!(
        out,
        "Yearly cost: {} for {active} active member{}",
        model.amount(totals.annual_cost(model)),
        if active == 1 { "" } else { "s" }
    )
}

/// A finding as a miette diagnostic with its snippet.
pub(crate) fn finding_snippet(f: &Finding, sources: &Sources) -> Snippet {
    let places: Vec<(crate::source::Loc, &str)> =
        f.loc.map(|l| (l, f.label.as_str())).into_iter().collect();
    let severity = match f.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let mut snippet = Snippet::new(sources, &f.message, severity, &places);
    snippet.code = Some(f.rule.as_str().to_owned());
    snippet.help = (!f.help.is_empty()).then(|| escape(&f.help).into_owned());
    snippet
}

/// Findings drawn by one task, and how many of them `fix` can change.
struct Drawn {
    text: String,
    safe: usize,
    unsafe_: usize,
}

/// Diagnostics drawn per task of [`in_order`], and per batch of tasks.
const DRAWN_PER_TASK: usize = 512;
const DRAWN_AT_ONCE: usize = 16 * DRAWN_PER_TASK;

/// Draw `items` on every core, a chunk each, and hand each chunk's
/// drawing to `write` in order; a batch of chunks at a time, so the drawn
/// text held at once stays a few megabytes whatever the number of items.
fn in_order<T: Sync, D: Send>(
    items: &[T],
    draw: impl Fn(&[T]) -> io::Result<D> + Sync,
    mut write: impl FnMut(D) -> io::Result<()>,
) -> io::Result<()> {
    for batch in items.chunks(DRAWN_AT_ONCE) {
        let drawn: Vec<io::Result<D>> = batch.par_chunks(DRAWN_PER_TASK).map(&draw).collect();
        for chunk in drawn {
            write(chunk?)?;
        }
    }
    Ok(())
}

/// Draw `findings`' diagnostics, each headed by its rule id and ruff's mark
/// for what `fix` can change.
fn draw(findings: &[Finding], style: Style, sources: &Sources) -> io::Result<Drawn> {
    let mut drawn = Drawn {
        text: String::new(),
        safe: 0,
        unsafe_: 0,
    };
    let mut code = String::new();
    let mut drawer = super::graphical::Drawer::new(style);
    for f in findings {
        code.clear();
        code.push_str(&f.rule);
        match f.fix().map(|x| x.safety) {
            Some(Safety::Safe) => {
                drawn.safe += 1;
                code.push_str(" [*]");
            }
            Some(Safety::Unsafe) => {
                drawn.unsafe_ += 1;
                code.push_str(" [*] (--unsafe)");
            }
            None => {}
        }
        if !drawer.finding(&mut drawn.text, f, &code, sources) {
            let mut snippet = finding_snippet(f, sources);
            snippet.code = Some(code.clone());
            handler(style)
                .render_report(&mut drawn.text, &snippet)
                .map_err(io::Error::other)?;
            drawn.text.push('\n');
        }
    }
    Ok(drawn)
}

/// `swatch check`: one diagnostic per finding (sorted by file), then a summary line.
pub(crate) fn check(
    out: &mut dyn Write,
    style: Style,
    findings: &[Finding],
    sources: &Sources,
    counts: &CheckCounts,
) -> io::Result<()> {
    let (mut safe, mut unsafe_) = (0, 0);
    in_order(
        findings,
        |chunk| draw(chunk, style, sources),
        |chunk| {
            safe += chunk.safe;
            unsafe_ += chunk.unsafe_;
            out.write_all(chunk.text.as_bytes())
        },
    )?;
    let summary = Summary::of(findings);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = if findings.is_empty() {
        "no findings".to_owned()
    } else {
        format!(
            "{}, {}, {} info",
            plural(summary.error, "error"),
            plural(summary.warning, "warning"),
            summary.info
        )
    };
    let _ = write!(
        line,
        " ({}, {} in {} checked",
        plural(counts.members, "member"),
        plural(counts.applications, "application"),
        plural(counts.files, "file")
    );
    if counts.ignored > 0 {
        let _ = write!(line, "; {} suppressed", counts.ignored);
    }
    if counts.baselined > 0 {
        let _ = write!(line, "; {} hidden by the baseline", counts.baselined);
    }
    if counts.symlinks > 0 {
        let _ = write!(line, "; {} skipped", plural(counts.symlinks, "symlink"));
    }
    line.push(')');
    writeln!(out, "swatch: {line}")?;
    match (safe, unsafe_) {
        (0, 0) => {}
        (0, n) => writeln!(out, "swatch: [*] {n} fixable with `swatch fix --unsafe`")?,
        (n, 0) => writeln!(out, "swatch: [*] {n} fixable with `swatch fix`")?,
        (n, m) => writeln!(
            out,
            "swatch: [*] {n} fixable with `swatch fix` ({m} more with --unsafe)"
        )?,
    }
    Ok(())
}

/// What the summary line of `check` counts besides findings.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CheckCounts {
    pub files: usize,
    pub members: usize,
    pub applications: usize,
    pub ignored: usize,
    pub baselined: usize,
    /// Model files and folders that are symlinks, never followed.
    pub symlinks: usize,
}

/// Said under the totals: an invited member's license change is listed
/// but not counted, which otherwise reads as a counting error.
pub(crate) const TOTALS_NOTE: &str =
    "Totals count active members only; invited members are listed but not counted.";

/// `swatch diff` for a terminal.
pub(crate) fn diff(
    out: &mut dyn Write,
    d: &crate::diff::Diff<'_>,
    awaiting: &[crate::diff::Awaiting],
    gates: &[crate::diff::GateResult],
    labels: (&str, &str),
) -> io::Result<()> {
    let new = &d.new.workspace.model;
    let money = |cents: i64| d.amount(cents);
    let lm = new.license_model;
    writeln!(
        out,
        "swatch diff: {} → {}",
        escape(labels.0),
        escape(labels.1)
    )?;
    writeln!(out, "{}\n", escape(&d.headline()))?;

    if !d.changes.is_empty() {
        writeln!(out, "License changes")?;
        let rows: Vec<Vec<String>> = d
            .changes
            .iter()
            .map(|c| {
                let name =
                    |l: Option<crate::model::License>| l.map_or("-", |l| lm.name(l)).to_owned();
                let driver = |x: &Option<String>| {
                    x.as_deref()
                        .map_or_else(|| "-".to_owned(), |s| escape(s).into_owned())
                };
                vec![
                    format!("{}{}", escape(&c.email), c.status_mark()),
                    name(c.before),
                    name(c.after),
                    format!("{} → {}", driver(&c.driver_before), driver(&c.driver_after)),
                ]
            })
            .collect();
        table(out, &["MEMBER", "BEFORE", "AFTER", "DRIVER"], &rows)?;
        writeln!(out)?;
    }
    let mut listed = false;
    for (what, emails) in [("added", &d.added), ("removed", &d.removed)] {
        if !emails.is_empty() {
            let emails: Vec<String> = emails.iter().map(|e| escape(e).into_owned()).collect();
            writeln!(out, "Members {what}: {}", emails.join(", "))?;
            listed = true;
        }
    }
    if listed {
        writeln!(out)?;
    }

    let mut rows = Vec::new();
    for &license in lm.licenses() {
        let (b, a) = (d.totals_before.get(license), d.totals_after.get(license));
        let mut row = vec![
            lm.name(license).to_owned(),
            b.to_string(),
            a.to_string(),
            format!("{:+}", a as i64 - b as i64),
        ];
        if let Some(bought) = new.purchased.as_ref().and_then(|p| p.get(license)) {
            row.push(if a > bought {
                format!("{a} of {bought} purchased: {} over", a - bought)
            } else {
                format!("{a} of {bought} purchased")
            });
        }
        rows.push(row);
    }
    table(
        out,
        &["LICENSE", "BEFORE", "AFTER", "CHANGE", "SEATS"],
        &rows,
    )?;
    if d.counts_invited_changes() {
        writeln!(out, "{TOTALS_NOTE}")?;
    }
    let (cb, ca) = (d.cost_before(), d.cost_after());
    let sign = if ca >= cb { "+" } else { "" };
    writeln!(
        out,
        "Yearly cost: {} → {} ({sign}{})\n",
        money(cb),
        money(ca),
        money(ca - cb)
    )?;

    let access = d.access_lines();
    if !access.is_empty() {
        writeln!(out, "Access changes")?;
        for line in access {
            writeln!(out, "  {}", escape(&line))?;
        }
        writeln!(out)?;
    }
    if !d.roles.is_empty() {
        writeln!(out, "Role changes")?;
        for r in &d.roles {
            writeln!(
                out,
                "  {}/{} (moves {} member{} to another license)",
                escape(&r.application),
                escape(&r.role),
                r.moved,
                if r.moved == 1 { "" } else { "s" }
            )?;
            for line in &r.lines {
                writeln!(out, "    {line}")?;
            }
        }
        writeln!(out)?;
    }
    if !d.new_findings.is_empty() || !d.grown_findings.is_empty() || !d.resolved_findings.is_empty()
    {
        writeln!(out, "Findings: {}", d.finding_counts())?;
        let (old_sources, new_sources) = (&d.old.workspace.sources, &d.new.workspace.sources);
        let new = d
            .new_findings
            .iter()
            .map(|f| ("+", *f, String::new(), new_sources));
        let grown = d
            .grown_findings
            .iter()
            .map(|g| ("~", g.after, format!(" ({})", g.sizes()), new_sources));
        let resolved = d
            .resolved_findings
            .iter()
            .map(|f| ("-", *f, d.resolved_mark(f).to_owned(), old_sources));
        for (sign, f, note, sources) in new.chain(grown).chain(resolved) {
            let place = f
                .loc
                .map(|l| format!(" ({})", sources.shown_position(l)))
                .unwrap_or_default();
            writeln!(
                out,
                "  {sign} {} {}: {}{place}",
                f.severity,
                f.rule,
                escape(&format!("{}{note}", f.message))
            )?;
        }
        writeln!(out)?;
    }
    if !awaiting.is_empty() {
        writeln!(out, "Waivers awaiting approval (not applied until merged)")?;
        for w in awaiting {
            writeln!(
                out,
                "  {} {} on {}: {}",
                w.kind,
                escape(&w.rule),
                escape(&w.subject),
                escape(&w.reason)
            )?;
        }
        writeln!(out)?;
    }
    if d.is_empty() {
        writeln!(out, "No change in licenses, access, roles or findings.")?;
    }
    for g in gates {
        writeln!(
            out,
            "gate {}: {} ({})",
            g.gate,
            if g.failed { "FAILED" } else { "passed" },
            escape(&g.reason)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{CheckCounts, DRAWN_AT_ONCE, Style, check, draw};
    use crate::config::Config;
    use crate::license::Licenses;
    use crate::policy::Policies;

    /// Drawn on every core in chunks and batches, the findings still come
    /// out in order, each as drawn alone.
    #[test]
    fn findings_drawn_in_parallel_keep_their_order() {
        let lines: String = (0..DRAWN_AT_ONCE + 700)
            .map(|i| format!("\"nobody{i:05}@x.com\" = \"Reader\"\n"))
            .collect();
        let app = format!("[application]\nname = \"A\"\n\n[members]\n{lines}");
        let workspace = crate::test_utils::workspace(&[("apps/a.toml", &app)]);
        let licenses = Licenses::derive(&workspace.model);
        let today = jiff::civil::date(2026, 1, 1);
        let result = crate::lint::run(
            &workspace,
            &licenses,
            &Config::default(),
            &Policies::default(),
            today,
            None,
        );
        let findings = &result.findings;
        assert!(findings.len() > DRAWN_AT_ONCE, "{}", findings.len());
        let style = Style {
            color: false,
            width: 100,
        };
        let mut out = Vec::new();
        check(
            &mut out,
            style,
            findings,
            &workspace.sources,
            &CheckCounts::default(),
        )
        .unwrap();
        let one_by_one: String = findings
            .iter()
            .map(|f| {
                draw(std::slice::from_ref(f), style, &workspace.sources)
                    .unwrap()
                    .text
            })
            .collect();
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with(&one_by_one), "the diagnostics differ");
        assert!(out[one_by_one.len()..].starts_with("swatch: "));
    }
}
