//! The policies about one kind of subject, filed by a text condition they
//! require (`equals` or `any_of` on a text field, else a glob), one
//! [`PatternSet`] per field: each subject's field is matched against the
//! set once, and only the policies it can satisfy are evaluated, not every
//! policy on every subject.

use super::{Lit, Policy, Test};
use crate::finding::Severity;
use crate::pattern::{Pattern, PatternSet};
use crate::policy::fields::{Facts, Instance, Value};

pub(super) struct PolicyIndex {
    /// Policies without such a condition: candidates for every subject.
    unfiled: Vec<usize>,
    /// Per field: its index in `fields::FIELDS`, the set, and the policy
    /// each pattern files.
    by_field: Vec<(usize, PatternSet, Vec<usize>)>,
}

/// The patterns a test requires one of, if it is a text test: `equals`,
/// `any_of`, a `glob` when `globs`, or any of these among the operators
/// of a table (`{ glob = "…", not = … }`: all of them must hold).
fn patterns(test: &Test, globs: bool) -> Option<Vec<Pattern>> {
    let exact = |lit: &Lit| match lit {
        Lit::Text(text) => Some(Pattern::Exact(text.clone())),
        _ => None,
    };
    match test {
        Test::Glob(pattern) if globs => Some(vec![pattern.clone()]),
        Test::Eq(lit) => exact(lit).map(|p| vec![p]),
        Test::AnyOf(lits) => lits.iter().map(exact).collect(),
        Test::All(tests) => tests.iter().find_map(|t| patterns(t, globs)),
        _ => None,
    }
}

impl PolicyIndex {
    pub(super) fn new(policies: &[(&Policy, Severity)]) -> Self {
        let mut unfiled = Vec::new();
        let mut fields: Vec<(usize, Vec<Pattern>, Vec<usize>)> = Vec::new();
        for (k, (policy, _)) in policies.iter().enumerate() {
            // An exact value narrows more than a glob: file by it first.
            let file_by = |globs| {
                policy
                    .conditions
                    .all
                    .iter()
                    .find_map(|c| patterns(&c.test, globs).map(|p| (c.field, p)))
            };
            let filed = file_by(false).or_else(|| file_by(true));
            let Some((field, filed)) = filed else {
                unfiled.push(k);
                continue;
            };
            let at = fields
                .iter()
                .position(|(f, ..)| *f == field)
                .unwrap_or_else(|| {
                    fields.push((field, Vec::new(), Vec::new()));
                    fields.len() - 1
                });
            let (_, patterns, owners) = &mut fields[at];
            owners.extend(std::iter::repeat_n(k, filed.len()));
            patterns.extend(filed);
        }
        let by_field = fields
            .into_iter()
            .map(|(field, patterns, owners)| (field, PatternSet::new(patterns), owners))
            .collect();
        Self { unfiled, by_field }
    }

    /// The policies that may hold for `instance`, ascending: the unfiled
    /// ones and those whose filed condition it satisfies.
    pub(super) fn candidates(&self, facts: &Facts<'_>, instance: &Instance<'_>) -> Vec<usize> {
        let mut out = self.unfiled.clone();
        for (field, set, owners) in &self.by_field {
            if let Value::Text(text) = facts.value(*field, instance) {
                out.extend(set.matches(&text).into_iter().map(|id| owners[id]));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
thread_local! {
    static EVALUATED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One policy's conditions evaluated on one subject (counted on this thread,
/// for the test below).
#[cfg(test)]
pub(super) fn count_evaluation() {
    EVALUATED.with(|c| c.set(c.get() + 1));
}

#[cfg(test)]
mod tests {
    use super::EVALUATED;
    use crate::finding::{Severity, SubjectKind};
    use crate::license::Licenses;
    use crate::load::{Content, MaxFileSize};
    use crate::policy::{Policies, evaluate, fields::Facts};

    /// #9: 3,000 glob policies over 3,000 members were 9 million
    /// evaluations. Each member is now evaluated only against the policies
    /// its email can satisfy, and the findings are the same.
    #[test]
    fn thousands_of_glob_policies_are_not_each_evaluated_on_every_member() {
        let mut rules = String::new();
        for i in 0..3_000 {
            let condition = match i % 3 {
                0 => format!("email = {{ glob = \"nomatch{i}-*\" }}"),
                1 => format!("email = \"user{i}@y.com\""),
                _ => format!("email = {{ glob = \"*@x.com\" }}\nname = \"Nobody {i}\""),
            };
            rules.push_str(&format!(
                "[[rule]]\nid = \"t/r{i}\"\nseverity = \"warning\"\nsubject = \"member\"\nmessage = \"m\"\n[rule.where]\n{condition}\n"
            ));
        }
        rules.push_str("[[rule]]\nid = \"t/hit\"\nseverity = \"warning\"\nsubject = \"member\"\nmessage = \"{email}\"\n[rule.where]\nemail = { glob = \"user1?@x.com\" }\n");
        let policies = Policies::load(
            vec![("policies/p.toml".into(), Content::Bytes(rules.into_bytes()))],
            MaxFileSize::DEFAULT,
        )
        .unwrap();
        let members: String = (0..3_000)
            .map(|j| format!("[[member]]\nemail = \"user{j}@x.com\"\naccount_type = \"builder\"\n"))
            .collect();
        let workspace = crate::test_utils::workspace(&[("members.toml", &members)]);
        let licenses = Licenses::derive(&workspace.model);
        let facts = Facts::new(&licenses);
        let active: Vec<_> = policies
            .policies
            .iter()
            .map(|p| (p, Severity::Warning))
            .collect();
        let before = EVALUATED.with(std::cell::Cell::get);
        let findings = evaluate(
            &facts,
            SubjectKind::Member,
            &active,
            jiff::civil::date(2026, 1, 1),
        );
        let evaluated = EVALUATED.with(std::cell::Cell::get) - before;
        let fired: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(fired.len(), 10, "{fired:?}");
        assert!(fired.iter().all(|m| m.starts_with("user1")));
        // The third kind is filed by its name, which no member has; the
        // hit's glob is a candidate for every `user1…` member.
        assert!(evaluated <= 3_000 * 2, "{evaluated} evaluations");
    }
}
