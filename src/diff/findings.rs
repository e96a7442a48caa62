//! Findings introduced and resolved by the change, matched by rule and
//! subject, never by line: moving an entry is no change.

use super::Side;
use crate::finding::{Finding, Subject};
use std::collections::BTreeSet;

/// Findings introduced (located in the new side) and resolved (in the old),
/// matched by rule and subject.
pub(super) fn findings<'a>(old: &Side<'a>, new: &Side<'a>) -> (Vec<&'a Finding>, Vec<&'a Finding>) {
    let ids = |fs: &'a [Finding]| -> BTreeSet<(&'a str, &'a Subject)> {
        fs.iter().map(Finding::identity).collect()
    };
    let (before, after) = (ids(old.findings), ids(new.findings));
    let introduced = new
        .findings
        .iter()
        .filter(|f| !before.contains(&f.identity()))
        .collect();
    let resolved = old
        .findings
        .iter()
        .filter(|f| !after.contains(&f.identity()))
        .collect();
    (introduced, resolved)
}
