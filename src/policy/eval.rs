//! One pass over the subjects of a kind: each is visited once and tested
//! against the policies about its kind that the index says it can satisfy.

use super::fields::{Facts, Field};
use super::index::PolicyIndex;
use super::subject::instances;
use super::{Per, Policy};
use crate::finding::quantity::Quantity;
use crate::finding::{Finding, Severity, Subject, SubjectKind};
use jiff::civil::Date;
use std::collections::BTreeMap;

/// The findings of `policies` (all about `kind`, each with its severity).
pub(super) fn evaluate(
    facts: &Facts<'_>,
    kind: SubjectKind,
    policies: &[(&Policy, Severity)],
    today: Date,
) -> Vec<Finding> {
    let model = facts.licenses.model;
    let mut findings = Vec::new();
    // Aggregates: matching subjects per group, per policy.
    let mut counts: Vec<BTreeMap<Option<usize>, u64>> = vec![BTreeMap::new(); policies.len()];
    let index = PolicyIndex::new(policies, today);
    for instance in instances(facts.licenses, kind) {
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
            finding.quantity = Some(Quantity::of(
                "count",
                count,
                format!("{count} matching, at most {} allowed", aggregate.more_than),
            ));
            findings.push(finding);
        }
    }
    findings
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
