//! One pass over the subjects of a kind: each is visited once and tested
//! against the policies about its kind that the index says it can satisfy.

use super::fields::{Facts, Field};
use super::index::PolicyIndex;
use super::subject::{instances_in, shares};
use super::{Per, Policy};
use crate::finding::quantity::Quantity;
use crate::finding::{Finding, Severity, Subject, SubjectKind};
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::ops::Range;

/// Matching subjects per group (an application, or the workspace), per policy.
type Counts = Vec<BTreeMap<Option<usize>, u64>>;

/// The findings of `policies` (all about `kind`, each with its severity).
/// The subjects are evaluated in shares on every core; the shares' findings
/// and counts are merged in model order, so the result does not depend on
/// how the work was split.
pub(super) fn evaluate(
    facts: &Facts<'_>,
    kind: SubjectKind,
    policies: &[(&Policy, Severity)],
    today: Date,
) -> Vec<Finding> {
    let model = facts.licenses.model;
    let index = PolicyIndex::new(policies, today);
    let parts: Vec<(Vec<Finding>, Counts)> = shares(facts.licenses, kind)
        .into_par_iter()
        .map(|share| evaluate_share(facts, kind, policies, &index, share, today))
        .collect();
    let mut findings = Vec::with_capacity(parts.iter().map(|(f, _)| f.len()).sum());
    let mut counts: Counts = vec![BTreeMap::new(); policies.len()];
    for (found, part_counts) in parts {
        findings.extend(found);
        for (total, part) in counts.iter_mut().zip(part_counts) {
            for (group, count) in part {
                *total.entry(group).or_default() += count;
            }
        }
    }
    for (k, &(policy, severity)) in policies.iter().enumerate() {
        let Some(aggregate) = policy.aggregate else {
            continue;
        };
        for (&group, &count) in &counts[k] {
            if count <= aggregate.more_than {
                continue;
            }
            let (subject, loc, application) = match group {
                Some(app) => {
                    let a = &model.applications[app];
                    (Subject::application(&a.name), Some(a.loc), a.name.as_str())
                }
                None => (
                    Subject::workspace(model.workspace_name()),
                    model.workspace.as_ref().map(|w| w.loc),
                    "",
                ),
            };
            let value = |field: &str| match field {
                "count" => Some(count.to_string()),
                "limit" => Some(aggregate.more_than.to_string()),
                "application" => Some(application.to_owned()),
                _ => None,
            };
            let mut finding = policy.finding(severity, subject, loc, value);
            finding.quantity = Some(Box::new(Quantity::of(
                "count",
                count,
                format!("{count} matching, at most {} allowed", aggregate.more_than),
            )));
            findings.push(finding);
        }
    }
    findings
}

/// [`evaluate`] over one share of the subjects: findings of the policies
/// that report each subject, and counts for those that count them.
fn evaluate_share(
    facts: &Facts<'_>,
    kind: SubjectKind,
    policies: &[(&Policy, Severity)],
    index: &PolicyIndex,
    share: Range<usize>,
    today: Date,
) -> (Vec<Finding>, Counts) {
    let mut findings = Vec::new();
    let mut counts: Counts = vec![BTreeMap::new(); policies.len()];
    for instance in instances_in(facts.licenses, kind, share) {
        for k in index.candidates(facts, &instance) {
            let (policy, severity) = policies[k];
            #[cfg(test)]
            super::index::count_evaluation();
            if !policy.conditions.holds(facts, &instance, today) {
                continue;
            }
            if let Some(aggregate) = policy.aggregate {
                let group = match aggregate.per {
                    Per::Application => instance.application(),
                    Per::Workspace => None,
                };
                *counts[k].entry(group).or_default() += 1;
                continue;
            }
            let (subject, loc) = instance.identity();
            let value = |name: &str| {
                let field = Field::named(kind, name)?;
                facts.value(field, &instance).map(|v| v.to_string())
            };
            findings.push(policy.finding(severity, subject, Some(loc), value));
        }
    }
    (findings, counts)
}

/// Replace `{field}` placeholders; `{{` is a literal brace.
pub(super) fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open].replace("}}", "}"));
        if rest[open..].starts_with("{{") {
            out.push('{');
            rest = &rest[open + 2..];
            continue;
        }
        if let Some(close) = rest[open..].find('}') {
            let name = &rest[open + 1..open + close];
            out.push_str(&value(name).unwrap_or_else(|| format!("{{{name}}}")));
            rest = &rest[open + close + 1..];
        } else {
            out.push_str(&rest[open..]);
            rest = "";
        }
    }
    out.push_str(&rest.replace("}}", "}"));
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn placeholders_are_filled_and_braces_escaped() {
        let f = |t: &str| fill(t, |n| (n == "email").then(|| "a@x.com".to_owned()));
        assert_eq!(f("{email} holds it"), "a@x.com holds it");
        assert_eq!(f("{{literal}} {email}"), "{literal} a@x.com");
        assert_eq!(f("{unknown}"), "{unknown}");
    }
}
