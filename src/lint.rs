//! The check pipeline: licenses → every enabled rule (in parallel, one pass
//! each over the model) → suppressions → findings in one stable order.

use crate::config::Config;
use crate::error::InputError;
use crate::finding::{self, Finding, Level, Words};
use crate::license::Licenses;
use crate::load::Workspace;
use crate::policy::Policies;
use crate::rules::{BUILTIN, Rule, RuleContext};
use crate::suppress::{self, Baseline, Suppressed, Waivers};
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Every rule, built-in ones by id, then user rules by id.
pub(crate) fn documented(policies: &crate::policy::Policies) -> Vec<crate::rules::RuleDoc<'_>> {
    crate::rules::all_meta()
        .into_iter()
        .map(|m| crate::rules::RuleDoc {
            id: m.id,
            severity: m.severity,
            summary: m.summary(),
            docs: m.docs,
            source: "builtin",
            category: Some(m.category),
            fix: m.fix,
        })
        .chain(policies.policies.iter().map(|p| crate::rules::RuleDoc {
            id: &p.id,
            severity: p.severity,
            summary: p.summary(),
            docs: &p.docs,
            source: "user",
            category: None,
            fix: None,
        }))
        .collect()
}

/// At most this many ignores (`[[ignore]]` entries and inline comments
/// together) and user rules: each is indexed, but a hostile pull request
/// should not get to make every run index millions. Baselines are not capped.
pub(crate) const MAX_IGNORES: usize = 10_000;

/// Check that the config and inline comments name only known rules, and
/// that there are at most [`MAX_IGNORES`] ignores.
pub(crate) fn check_rule_ids(
    config: &Config,
    workspace: &Workspace,
    policies: &Policies,
) -> Vec<InputError> {
    let ids: Vec<&str> = crate::rules::all_meta()
        .iter()
        .map(|m| m.id)
        .chain(policies.policies.iter().map(|p| p.id.as_str()))
        .collect();
    let mut errors = config.check_rule_ids(&ids, crate::rules::options_of);
    // Rules whose findings have a size: built-in ones and counting policies.
    let sized: Vec<&str> = crate::rules::all_meta()
        .into_iter()
        .filter(|m| m.sized)
        .map(|m| m.id)
        .chain(
            policies
                .policies
                .iter()
                .filter(|p| p.aggregate.is_some())
                .map(|p| p.id.as_str()),
        )
        .collect();
    errors.extend(config.check_ignore_max(&sized, &ids));
    let mut known = crate::config::KnownRules::new(&ids);
    for inline in &workspace.inline_ignores {
        if !known.contains(&inline.rule) {
            errors.push(known.unknown("swatch::suppress::unknown_rule", &inline.rule, inline.loc));
        }
    }
    let ignores = config.ignores.len() + workspace.inline_ignores.len();
    let first_over = config
        .ignores
        .iter()
        .map(|i| i.loc)
        .chain(workspace.inline_ignores.iter().map(|i| i.loc))
        .nth(MAX_IGNORES);
    if let Some(loc) = first_over {
        errors.push(
            InputError::at(
                "swatch::suppress::too_many",
                loc,
                format!(
                    "{ignores} ignores ([[ignore]] entries and inline comments together); at most {MAX_IGNORES} are read"
                ),
            )
            .label(format!("ignore number {}", MAX_IGNORES + 1))
            .help("ignore many findings with one glob (`subject = \"*@contractor.com\"`), or accept today's findings with a baseline (`swatch check --write-baseline FILE`), which has no limit"),
        );
    }
    errors
}

/// Run every enabled built-in rule and policy; findings before
/// suppressions, with the words `words` keeps.
pub(crate) fn findings(
    licenses: &Licenses<'_>,
    config: &Config,
    policies: &Policies,
    today: Date,
    words: Words<'_>,
) -> Vec<Finding> {
    // Built-in rules and user rules at once: neither waits for the other's
    // slowest rule.
    let (mut per_rule, user): (Vec<Vec<Finding>>, _) = rayon::join(
        || {
            BUILTIN
                .par_iter()
                .map(|rule| run_rule(*rule, licenses, config, today, words))
                .collect()
        },
        || {
            let mut user = policies.check(licenses, config, today);
            for finding in &mut user {
                words.settle(finding);
            }
            user
        },
    );
    per_rule.push(user);
    // One vector of them all, grown exactly from the largest (not a copy
    // of every finding next to their rules' vectors), in rule order.
    let total: usize = per_rule.iter().map(Vec::len).sum();
    let largest = (0..per_rule.len())
        .max_by_key(|&i| per_rule[i].len())
        .unwrap_or(0);
    let mut found = std::mem::take(&mut per_rule[largest]);
    found.reserve_exact(total - found.len());
    let before_len: usize = per_rule[..largest].iter().map(Vec::len).sum();
    let largest_len = found.len();
    for findings in per_rule {
        found.extend(findings);
    }
    // The rules before the largest come first again.
    found[..largest_len + before_len].rotate_right(before_len);
    found
}

/// One built-in rule's findings at its effective severity, with the words
/// `words` keeps; none when it is off.
pub(crate) fn run_rule(
    rule: &dyn Rule,
    licenses: &Licenses<'_>,
    config: &Config,
    today: Date,
    words: Words<'_>,
) -> Vec<Finding> {
    let meta = rule.meta();
    match config.level_or(meta.id, meta.severity) {
        Level::Off => Vec::new(),
        Level::On(severity) => {
            let mut cx =
                RuleContext::new(licenses, config, today, meta.id, severity).keeping(words);
            rule.check(&mut cx);
            cx.into_findings()
        }
    }
}

/// Findings with the workspace's own waivers applied, sorted for output.
pub(crate) fn run(
    workspace: &Workspace,
    licenses: &Licenses<'_>,
    config: &Config,
    policies: &Policies,
    today: Date,
    baseline: Option<&Baseline>,
) -> Suppressed {
    let waivers = Waivers {
        config,
        inline: &workspace.inline_ignores,
        sources: &workspace.sources,
        baseline,
        carried: &BTreeSet::new(),
    };
    run_keeping(workspace, licenses, policies, today, &waivers, Words::All)
}

/// Findings with the given waivers applied (in `diff`, the base side's),
/// sorted, with the words `words` keeps.
pub(crate) fn run_keeping(
    workspace: &Workspace,
    licenses: &Licenses<'_>,
    policies: &Policies,
    today: Date,
    waivers: &Waivers<'_>,
    words: Words<'_>,
) -> Suppressed {
    let raw = findings(licenses, waivers.config, policies, today, words);
    suppress_sorted(raw, workspace, waivers, today)
}

/// Apply waivers to findings already computed, and sort them.
pub(crate) fn suppress_sorted(
    raw: Vec<Finding>,
    workspace: &Workspace,
    waivers: &Waivers<'_>,
    today: Date,
) -> Suppressed {
    let mut result = suppress::apply(raw, waivers, today);
    finding::sort(&mut result.findings, &workspace.sources);
    result
}
