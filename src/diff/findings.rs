//! Findings introduced, grown and resolved by the change, matched by rule
//! and subject, never by line: moving an entry is no change.

use super::Side;
use crate::finding::quantity::Quantity;
use crate::finding::{Finding, Subject};
use std::collections::BTreeSet;

/// A finding's identity: rule and subject.
pub(crate) type Identity<'a> = (&'a str, &'a Subject);

/// Findings' identities, only looked up, never iterated (so no order
/// reaches the output): hashed, as the model's email index is, since a
/// side can make hundreds of thousands (a `BTreeSet` compared their
/// strings about 20 times per lookup: a fifth of `what-if`'s time on
/// `role-lists`, #9).
#[allow(clippy::disallowed_types)]
pub(crate) type Identities<'a> =
    std::collections::HashSet<Identity<'a>, foldhash::fast::RandomState>;

/// [`Identities`], each with its finding.
#[allow(clippy::disallowed_types)]
type ByIdentity<'a> =
    std::collections::HashMap<Identity<'a>, &'a Finding, foldhash::fast::RandomState>;

/// A finding on both sides whose size grew: more seats over their purchase,
/// a larger count. Without a baseline it is the same finding, so not new,
/// but the change made it worse.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grown<'a> {
    pub before: &'a Finding,
    pub after: &'a Finding,
}

impl Grown<'_> {
    /// "grew from editor 3 of 1 to editor 5 of 1".
    pub(crate) fn sizes(&self) -> String {
        let text = |f: &Finding| {
            f.quantity.as_ref().map_or_else(String::new, |q| {
                q.measures
                    .iter()
                    .map(|m| m.text.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        };
        format!("grew from {} to {}", text(self.before), text(self.after))
    }
}

/// What the change does to findings.
pub(super) struct FindingChanges<'a> {
    /// Located in the new side.
    pub introduced: Vec<&'a Finding>,
    pub grown: Vec<Grown<'a>>,
    /// Located in the old side, in the order of its findings.
    pub resolved: Vec<&'a Finding>,
    /// Those of `resolved` that the baseline hid on the old side.
    pub resolved_baselined: BTreeSet<Identity<'a>>,
}

/// Whether any measure of `after` is larger than in `before`, or one
/// `before` does not have (a license that was not over its purchase).
fn grew(before: &Quantity, after: &Quantity) -> bool {
    let was = before.recorded();
    after
        .measures
        .iter()
        .any(|m| was.get(&m.name).is_none_or(|&value| m.value > value))
}

/// Findings introduced, grown and resolved, matched by rule and subject. A
/// finding the base side's baseline hides is resolved when the new side
/// has it neither reported nor hidden.
pub(super) fn findings<'a>(old: &Side<'a>, new: &Side<'a>) -> FindingChanges<'a> {
    let reported_before: ByIdentity<'a> = old.findings.iter().map(|f| (f.identity(), f)).collect();
    let after: Identities<'a> = new.findings.iter().map(Finding::identity).collect();
    let hidden_after: Identities<'a> = new.baselined.iter().map(|f| f.identity()).collect();
    let mut introduced = Vec::new();
    let mut grown = Vec::new();
    for f in new.findings {
        match reported_before.get(&f.identity()) {
            None => introduced.push(f),
            Some(before) => {
                if let (Some(x), Some(y)) = (&before.quantity, &f.quantity)
                    && grew(x, y)
                {
                    grown.push(Grown { before, after: f });
                }
            }
        }
    }
    let mut resolved: Vec<&'a Finding> = old
        .findings
        .iter()
        .filter(|f| !after.contains(&f.identity()))
        .collect();
    let resolved_baselined: BTreeSet<Identity<'a>> = old
        .baselined
        .iter()
        .map(|f| f.identity())
        .filter(|id| !after.contains(id) && !hidden_after.contains(id))
        .collect();
    if !resolved_baselined.is_empty() {
        resolved.extend(
            old.baselined
                .iter()
                .copied()
                .filter(|f| resolved_baselined.contains(&f.identity())),
        );
        let in_order = crate::finding::Order::new(&old.workspace.sources);
        resolved.sort_by(|a, b| in_order.cmp(a, b));
    }
    FindingChanges {
        introduced,
        grown,
        resolved,
        resolved_baselined,
    }
}
