//! What `fix` prints: the fixes it applied (unsafe ones marked), their
//! license impact as `diff` words it, the findings that remain; with
//! `--diff`, a unified diff of every file it would change.

use super::Applied;
use crate::diff::Diff;
use crate::finding::{Safety, Summary as Counts};
use crate::load::Workspace;
use crate::source::escape;
use crate::suppress::Suppressed;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

/// What the passes did.
pub(super) struct Summary<'a> {
    pub applied: &'a [Applied],
    pub passes: usize,
    /// The pass limit was reached with fixes still applying.
    pub stopped: bool,
    /// Unsafe fixes left for `--unsafe`.
    pub waiting_unsafe: usize,
    /// `diff`'s headline and license changes, when an unsafe fix was applied.
    pub impact: Option<&'a str>,
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "es" })
}

/// The fixes, their impact, and what is left for `--unsafe`. With
/// `would`, in the conditional (`--diff` writes nothing).
pub(super) fn summary(out: &mut dyn Write, s: &Summary<'_>, would: bool) -> io::Result<()> {
    let verb = if would { "would apply" } else { "applied" };
    if s.applied.is_empty() {
        writeln!(out, "swatch fix: nothing to fix")?;
    } else {
        writeln!(
            out,
            "swatch fix: {verb} {} in {} pass{}",
            plural(s.applied.len(), "fix"),
            s.passes,
            if s.passes == 1 { "" } else { "es" }
        )?;
        for a in s.applied {
            let mark = match a.safety {
                Safety::Safe => "",
                Safety::Unsafe => " (unsafe)",
            };
            let place = if a.place.is_empty() {
                String::new()
            } else {
                format!("{}: ", a.place)
            };
            let pass = if s.passes > 1 {
                format!(" [pass {}]", a.pass)
            } else {
                String::new()
            };
            writeln!(
                out,
                "  {place}{}{mark}: {}{pass}",
                a.rule,
                escape(&a.summary)
            )?;
        }
    }
    if s.stopped {
        writeln!(
            out,
            "swatch fix: stopped after {} passes with fixes still applying; run it again",
            super::MAX_PASSES
        )?;
    }
    match s.impact {
        Some(impact) => write!(out, "License impact: {impact}")?,
        None if !s.applied.is_empty() => writeln!(
            out,
            "License impact: none (safe fixes change nobody's access, license or cost)"
        )?,
        None => {}
    }
    if s.waiting_unsafe > 0 {
        writeln!(
            out,
            "swatch fix: {} more fix{} with --unsafe (they change access; `swatch fix --unsafe --diff` shows them)",
            s.waiting_unsafe,
            if s.waiting_unsafe == 1 { "" } else { "es" }
        )?;
    }
    Ok(())
}

/// `diff`'s headline, then one line per member whose license changes.
pub(super) fn impact(d: &Diff<'_>) -> String {
    let headline = d.headline();
    let mut text = if d.changes.is_empty() && d.cost_before() == d.cost_after() {
        format!(
            "no license or cost changes (swatch diff: {})\n",
            escape(&headline)
        )
    } else {
        format!("{}\n", escape(&headline))
    };
    let lm = d.new.workspace.model.license_model;
    let name = |l: Option<crate::model::License>| l.map_or("-", |l| lm.name(l));
    for c in &d.changes {
        let _ = writeln!(
            text,
            "  {}: {} → {}",
            escape(&c.email),
            name(c.before),
            name(c.after)
        );
    }
    text
}

/// The findings `check` still reports on the fixed workspace.
pub(super) fn remaining(
    out: &mut dyn Write,
    result: &Suppressed,
    workspace: &Workspace,
) -> io::Result<()> {
    let counts = Counts::of(&result.findings);
    if result.findings.is_empty() {
        return writeln!(out, "Remaining findings: none");
    }
    writeln!(
        out,
        "Remaining findings: {} error{}, {} warning{}, {} info",
        counts.error,
        if counts.error == 1 { "" } else { "s" },
        counts.warning,
        if counts.warning == 1 { "" } else { "s" },
        counts.info
    )?;
    for f in &result.findings {
        let place = f
            .loc
            .map(|l| format!(" ({})", workspace.sources.shown_position(l)))
            .unwrap_or_default();
        let mark = match f.fix().map(|x| x.safety) {
            Some(Safety::Safe) => " [*]",
            Some(Safety::Unsafe) => " [*] (--unsafe)",
            None => "",
        };
        writeln!(
            out,
            "  {} {}{mark}: {}{place}",
            f.severity,
            f.rule,
            escape(&f.message)
        )?;
    }
    Ok(())
}

/// A unified diff of every file the fixes change, in path order, then the baseline's.
pub(super) fn diffs(
    out: &mut dyn Write,
    texts: &BTreeMap<String, (String, String)>,
    baseline: Option<&(String, String, String)>,
) -> io::Result<()> {
    let files = texts
        .iter()
        .map(|(path, (before, after))| (path.as_str(), before.as_str(), after.as_str()))
        .chain(
            baseline
                .iter()
                .map(|(path, before, after)| (path.as_str(), before.as_str(), after.as_str())),
        );
    for (path, before, after) in files {
        let path = escape(path);
        let diff = similar::TextDiff::from_lines(before, after);
        let text = diff
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string();
        // The file's own lines, escaped like every string from a file
        // (line by line: the line breaks are the diff's own).
        for line in text.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            out.write_all(escape(content).as_bytes())?;
            out.write_all(&line.as_bytes()[content.len()..])?;
        }
    }
    Ok(())
}
