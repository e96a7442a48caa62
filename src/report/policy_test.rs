//! `swatch test`: one line per example, like a test runner, then the totals.

use crate::policy::Policies;
use crate::policy::test::Outcome;
use crate::source::escape;
use std::io::{self, Write};

/// Write the outcomes and return how many examples failed.
pub(crate) fn outcomes(
    out: &mut dyn Write,
    policies: &Policies,
    outcomes: &[Outcome<'_>],
) -> io::Result<usize> {
    let mut failed = 0;
    for o in outcomes {
        let status = if o.result.is_ok() { "ok" } else { "FAILED" };
        writeln!(
            out,
            "test {} :: {} ... {status}",
            escape(&o.policy.id),
            escape(&o.example.name)
        )?;
        if let Err(why) = &o.result {
            failed += 1;
            for line in why.lines() {
                writeln!(out, "    {}", escape(line))?;
            }
        }
    }
    for p in policies.policies.iter().filter(|p| p.examples.is_empty()) {
        writeln!(out, "note: {} has no examples", escape(&p.id))?;
    }
    writeln!(
        out,
        "\n{} polic{}, {} example{}",
        policies.policies.len(),
        if policies.policies.len() == 1 {
            "y"
        } else {
            "ies"
        },
        outcomes.len(),
        if outcomes.len() == 1 { "" } else { "s" }
    )?;
    writeln!(
        out,
        "result: {} passed, {failed} failed",
        outcomes.len() - failed
    )?;
    Ok(failed)
}
