//! `check --write-baseline`: today's findings recorded as the baseline.

use super::Baseline;
use crate::error::InputError;
use crate::finding::Finding;
use crate::rules::SUPPRESSION_RULES;
use std::path::Path;

/// Record `findings` as the baseline in `file` and return how many entries
/// it wrote. Findings about suppressions themselves (`unused-ignore`,
/// `expired-ignore`, `stale-baseline`) are left out: they are fixed in the
/// config or the baseline, not accepted into it.
pub(crate) fn write_baseline(file: &Path, findings: &[Finding]) -> Result<usize, InputError> {
    let kept: Vec<Finding> = findings
        .iter()
        .filter(|f| !SUPPRESSION_RULES.iter().any(|m| m.id == f.rule))
        .cloned()
        .collect();
    let baseline = Baseline::of(&kept);
    let unwritable = |e: &dyn std::fmt::Display| {
        InputError::new(
            "swatch::baseline::unwritable",
            format!("cannot write the baseline {}: {e}", file.display()),
        )
    };
    let mut text = serde_json::to_string_pretty(&baseline).map_err(|e| unwritable(&e))?;
    text.push('\n');
    crate::write::write_atomic(file, text.as_bytes()).map_err(|e| unwritable(&e))?;
    Ok(baseline.findings.len())
}
