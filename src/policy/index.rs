//! The policies about one kind of subject, filed by a condition they
//! require: `equals` or `any_of` on a text field, else a glob, one
//! [`PatternSet`] per field; else an ordered comparison (a number, date,
//! license or boolean), one [`RangeSet`] per field. Each subject's field is
//! looked up in the set once, and only the policies it can satisfy are
//! evaluated, not every policy on every subject.

mod ranges;

use super::Policy;
use super::condition::{Lit, Test};
use super::fields::{Facts, Field, Value};
use super::subject::Instance;
use crate::finding::Severity;
use crate::pattern::{Pattern, PatternSet};
use ranges::{Range, RangeSet};

pub(super) struct PolicyIndex {
    /// Policies without such a condition: candidates for every subject.
    unfiled: Vec<usize>,
    /// Per field: the set, and the policy each pattern files.
    by_field: Vec<(Field, PatternSet, Vec<usize>)>,
    /// Per field: the ranges of the policies filed by an ordered
    /// comparison on it (a policy whose range is empty never holds).
    by_range: Vec<(Field, RangeSet)>,
}

/// Patterns, and the policy each one files.
type Filed = (Vec<Pattern>, Vec<usize>);

/// The entry of `field` in `fields`, added when missing.
fn entry<T: Default>(fields: &mut Vec<(Field, T)>, field: Field) -> &mut T {
    let at = fields
        .iter()
        .position(|(f, _)| *f == field)
        .unwrap_or_else(|| {
            fields.push((field, T::default()));
            fields.len() - 1
        });
    &mut fields[at].1
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
    /// `today` is the date `days_since` and `days_until` count from.
    pub(super) fn new(policies: &[(&Policy, Severity)], today: jiff::civil::Date) -> Self {
        let today = ranges::day(today);
        let mut unfiled = Vec::new();
        // Per field, the patterns and the policy each one files.
        let mut texts: Vec<(Field, Filed)> = Vec::new();
        let mut ordered: Vec<(Field, Vec<(Range, usize)>)> = Vec::new();
        for (k, (policy, _)) in policies.iter().enumerate() {
            let conditions = &policy.conditions.all;
            // An exact value narrows more than a glob: file by it first.
            let file_by = |globs| {
                conditions
                    .iter()
                    .find_map(|c| patterns(&c.test, globs).map(|p| (c.field, p)))
            };
            if let Some((field, filed)) = file_by(false).or_else(|| file_by(true)) {
                let (patterns, owners) = entry(&mut texts, field);
                owners.extend(std::iter::repeat_n(k, filed.len()));
                patterns.extend(filed);
            } else if let Some((field, filed)) = conditions
                .iter()
                .find_map(|c| ranges::ranges(&c.test, today).map(|r| (c.field, r)))
            {
                entry(&mut ordered, field).extend(filed.into_iter().map(|r| (r, k)));
            } else {
                unfiled.push(k);
            }
        }
        let by_field = texts
            .into_iter()
            .map(|(field, (patterns, owners))| (field, PatternSet::new(patterns), owners))
            .collect();
        let by_range = ordered
            .into_iter()
            .map(|(field, filed)| (field, RangeSet::new(&filed)))
            .collect();
        Self {
            unfiled,
            by_field,
            by_range,
        }
    }

    /// The policies that may hold for `instance`, ascending: the unfiled
    /// ones and those whose filed condition it satisfies.
    pub(super) fn candidates(&self, facts: &Facts<'_>, instance: &Instance<'_>) -> Vec<usize> {
        let mut out = self.unfiled.clone();
        for (field, set, owners) in &self.by_field {
            if let Some(Value::Text(text)) = facts.value(*field, instance) {
                out.extend(set.matches(&text).into_iter().map(|id| owners[id]));
            }
        }
        for (field, set) in &self.by_range {
            if let Some(key) = facts.value(*field, instance).as_ref().and_then(ranges::key) {
                set.stab(key, &mut out);
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
    use crate::policy::Policies;
    use crate::policy::eval::evaluate;
    use crate::policy::fields::Facts;
    use crate::policy::subject::instances;

    const TODAY: jiff::civil::Date = jiff::civil::date(2025, 6, 15);

    /// Member rules: `[rule.where]` conditions, one per rule, ids `t/r0`….
    fn rules(conditions: impl IntoIterator<Item = String>) -> Policies {
        let text: String = conditions
            .into_iter()
            .enumerate()
            .map(|(i, condition)| format!(
                "[[rule]]\nid = \"t/r{i}\"\nseverity = \"warning\"\nsubject = \"member\"\nmessage = \"{{email}}\"\n[rule.where]\n{condition}\n"
            ))
            .collect();
        Policies::load(
            vec![("policies/p.toml".into(), Content::Bytes(text.into_bytes()))],
            MaxFileSize::DEFAULT,
        )
        .unwrap()
    }

    /// The findings' (rule, subject) and how many policies were evaluated.
    fn run(policies: &Policies, files: &[(&str, &str)]) -> (Vec<(String, String)>, usize) {
        let workspace = crate::test_utils::workspace(files);
        let licenses = Licenses::derive(&workspace.model);
        let facts = Facts::new(&licenses);
        let active: Vec<_> = policies
            .policies
            .iter()
            .map(|p| (p, Severity::Warning))
            .collect();
        // Evaluations are counted per thread: on a pool of one, every
        // share is evaluated on its one thread.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let (findings, evaluated) = pool.install(|| {
            let before = EVALUATED.with(std::cell::Cell::get);
            let findings = evaluate(&facts, SubjectKind::Member, &active, TODAY);
            (findings, EVALUATED.with(std::cell::Cell::get) - before)
        });
        let mut fired: Vec<(String, String)> = findings
            .into_iter()
            .map(|f| (f.rule.as_str().to_owned(), f.subject.name.into_string()))
            .collect();
        fired.sort();
        (fired, evaluated)
    }

    fn members(count: usize) -> String {
        (0..count)
            .map(|j| format!("[[member]]\nemail = \"user{j}@x.com\"\naccount_type = \"builder\"\n"))
            .collect()
    }

    /// #9: 3,000 glob policies over 3,000 members were 9 million
    /// evaluations. Each member is now evaluated only against the policies
    /// its email can satisfy, and the findings are the same.
    #[test]
    fn thousands_of_glob_policies_are_not_each_evaluated_on_every_member() {
        let policies = rules(
            (0..3_000)
                .map(|i| match i % 3 {
                    0 => format!("email = {{ glob = \"nomatch{i}-*\" }}"),
                    1 => format!("email = \"user{i}@y.com\""),
                    _ => format!("email = {{ glob = \"*@x.com\" }}\nname = \"Nobody {i}\""),
                })
                .chain(["email = { glob = \"user1?@x.com\" }".to_owned()]),
        );
        let (fired, evaluated) = run(&policies, &[("members.toml", &members(3_000))]);
        assert_eq!(fired.len(), 10, "{fired:?}");
        assert!(
            fired
                .iter()
                .all(|(rule, m)| rule == "t/r3000" && m.starts_with("user1"))
        );
        // The third kind is filed by its name, which no member has; the
        // hit's glob is a candidate for every `user1…` member.
        assert!(evaluated <= 3_000 * 2, "{evaluated} evaluations");
    }

    /// #9: 10,000 rules with only a number condition over 114,000 members
    /// took 81 s. They are filed by range: a member is evaluated only
    /// against the rules its value satisfies.
    #[test]
    fn thousands_of_number_policies_are_not_each_evaluated_on_every_member() {
        let policies = rules(
            (0..3_000)
                .map(|i| format!("roles_held = {{ more_than = {} }}", 1_000 + i))
                .chain(["roles_held = { at_most = 0 }".to_owned()]),
        );
        let (fired, evaluated) = run(&policies, &[("members.toml", &members(3_000))]);
        assert_eq!(fired.len(), 3_000);
        assert!(fired.iter().all(|(rule, _)| rule == "t/r3000"));
        assert_eq!(evaluated, 3_000, "{evaluated} evaluations");
    }

    /// Filing by range never loses a finding: every ordered condition
    /// gives what testing every rule on every member gives.
    #[test]
    fn ordered_conditions_fire_as_if_every_rule_were_tested() {
        let mut files = String::new();
        let types = ["builder", "standard_member", "workspace_admin"];
        for j in 0..40 {
            files.push_str(&format!(
                "[[member]]\nemail = \"m{j}@x.com\"\naccount_type = \"{}\"\n{}\n",
                types[j % 3],
                if j % 4 == 0 {
                    String::new()
                } else {
                    format!(
                        "last_active = {}-{:02}-{:02}\n",
                        2024 + j % 3,
                        1 + j % 12,
                        1 + j % 28
                    )
                },
            ));
        }
        let mut app = "[application]\nname = \"A\"\nowner = \"m0@x.com\"\n[roles.R]\npermissions = [\"open_boards\"]\n[members]\n".to_owned();
        for j in (0..40).step_by(3) {
            app.push_str(&format!("\"m{j}@x.com\" = \"R\"\n"));
        }
        let conditions = [
            "roles_held = 1",
            "roles_held = [0, 2]",
            "roles_held = { more_than = 0 }",
            "roles_held = { less_than = 1 }",
            "roles_held = { at_least = 1, at_most = 1 }",
            "roles_held = { more_than = 3, less_than = 2 }",
            "roles_held = { not = 1 }",
            "applications_owned = { at_least = 1 }",
            "owns_anything = true",
            "license = \"editor\"",
            "license = { at_most = \"contributor\" }",
            "license = { at_least = \"contributor\" }",
            "last_active = { days_since = { more_than = 300 } }",
            "last_active = { days_since = { at_most = 300, at_least = 100 } }",
            "last_active = { days_until = { less_than = 200 } }",
            "last_active = { days_until = { at_least = 200 } }",
            "last_active = { before = 2025-06-01 }",
            "last_active = { after = 2025-06-01 }",
            "last_active = 2025-02-02",
            "last_active = { missing = true }",
            "last_active = { after = 2025-03-01 }\nroles_held = 0",
        ];
        let policies = rules(conditions.iter().map(|c| (*c).to_owned()));
        let workspace_files = [
            ("members.toml", files.as_str()),
            ("apps/a.toml", app.as_str()),
        ];
        let (fired, _) = run(&policies, &workspace_files);
        let workspace = crate::test_utils::workspace(&workspace_files);
        let licenses = Licenses::derive(&workspace.model);
        let facts = Facts::new(&licenses);
        let mut expected = Vec::new();
        for policy in &policies.policies {
            for member in instances(&licenses, SubjectKind::Member) {
                if policy.conditions.holds(&facts, &member, TODAY) {
                    expected.push((
                        policy.id.as_str().to_owned(),
                        member.identity().0.name.into_string(),
                    ));
                }
            }
        }
        expected.sort();
        assert_eq!(fired, expected);
        for (i, condition) in conditions.iter().enumerate() {
            let id = format!("t/r{i}");
            let hits = fired.iter().filter(|(rule, _)| *rule == id).count();
            // Each condition but the impossible one fires on some member
            // and not on others, so the comparison above tests something.
            if i == 5 {
                assert_eq!(hits, 0);
            } else {
                assert!(hits > 0 && hits < 40, "{condition}: {hits}");
            }
        }
    }
}
