//! A change under review: both sides analysed with the base side's rules,
//! config and waivers, then compared. A pull request is judged by the rules
//! it is merging into, never by the ones it brings.

use crate::config::Config;
use crate::diff::findings::Identities;
use crate::diff::sides::Sides;
use crate::diff::{Diff, Side};
use crate::finding::{Finding, Words};
use crate::license::Licenses;
use crate::policy::Policies;
use crate::suppress::{self, Suppressed, Waivers};
use jiff::civil::Date;
use std::collections::BTreeSet;

/// Analyse both sides and hand their diff, and the waivers the change adds,
/// to `render`.
pub(crate) fn review<R>(
    sides: &Sides,
    today: Date,
    render: impl FnOnce(&Diff<'_>, &[Awaiting]) -> R,
) -> R {
    review_mut(sides, today, |d, awaiting| render(d, awaiting))
}

/// [`review`], with the diff open to changes before it is rendered
/// (`what-if` takes out the findings that only its written-out default
/// roles cause).
pub(crate) fn review_mut<R>(
    sides: &Sides,
    today: Date,
    render: impl FnOnce(&mut Diff<'_>, &[Awaiting]) -> R,
) -> R {
    analyse(sides, today, Detail::Words, render)
}

/// [`review`] for a renderer that reads findings' rules, subjects,
/// severities and counts but none of their words (`fix`'s license impact,
/// what-if's findings of written-out default roles): no finding is worded,
/// which on a large change is most of the time and memory of linting.
pub(crate) fn review_counts<R>(
    sides: &Sides,
    today: Date,
    render: impl FnOnce(&Diff<'_>, &[Awaiting]) -> R,
) -> R {
    analyse(sides, today, Detail::Counts, |d, awaiting| {
        render(d, awaiting)
    })
}

/// How much of each finding the renderer reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// Every shown finding's words.
    Words,
    /// No finding's words (a finding with a quantity keeps them anyway).
    Counts,
}

fn analyse<R>(
    sides: &Sides,
    today: Date,
    detail: Detail,
    render: impl FnOnce(&mut Diff<'_>, &[Awaiting]) -> R,
) -> R {
    let policies = &sides.policies;
    let (old_licenses, new_licenses) = rayon::join(
        || Licenses::derive(&sides.old.model),
        || Licenses::derive(&sides.new.model),
    );
    let none = BTreeSet::new();
    let base_waivers = Waivers {
        config: &sides.config,
        inline: &sides.old.inline_ignores,
        sources: &sides.old.sources,
        baseline: sides.baseline.as_ref(),
        carried: &none,
    };
    let (new_raw, mut old_result) = if detail == Detail::Words && sides.similar {
        // An edited copy: nearly every finding is on both sides and shown
        // by neither. None is worded on the base side, and on the new side
        // only those the base lacks; the rest the change shows are worded
        // again after the comparison (#9).
        let old_result = crate::lint::run_keeping(
            &sides.old,
            &old_licenses,
            policies,
            today,
            &base_waivers,
            Words::None,
        );
        let new_raw = {
            let on_old: Identities<'_> = old_result
                .findings
                .iter()
                .chain(old_result.waived.iter().map(|(f, _)| f))
                .map(Finding::identity)
                .collect();
            let keep = |f: &Finding| !on_old.contains(&f.identity());
            crate::lint::findings(
                &new_licenses,
                &sides.config,
                policies,
                today,
                Words::Only(&keep),
            )
        };
        (new_raw, old_result)
    } else {
        let new_words = match detail {
            Detail::Words => Words::All,
            Detail::Counts => Words::None,
        };
        let new_raw =
            crate::lint::findings(&new_licenses, &sides.config, policies, today, new_words);
        // A base-side finding the new side makes too is shown only where
        // the new side's waivers hide it: its words are dropped as it is
        // made, and made again for those few (#9).
        let old_result = {
            let on_new: Identities<'_> = match detail {
                Detail::Words => new_raw.iter().map(Finding::identity).collect(),
                Detail::Counts => Identities::default(),
            };
            let keep = |f: &Finding| !on_new.contains(&f.identity());
            let old_words = match detail {
                Detail::Words => Words::Only(&keep),
                Detail::Counts => Words::None,
            };
            crate::lint::run_keeping(
                &sides.old,
                &old_licenses,
                policies,
                today,
                &base_waivers,
                old_words,
            )
        };
        (new_raw, old_result)
    };
    // The new side's own inline comments do not count; the base's carry
    // over by the identity of what they waived.
    let carried = old_result
        .inline_waived
        .iter()
        .map(|(id, _)| id.clone())
        .collect();
    let new_waivers = Waivers {
        inline: &[],
        sources: &sides.new.sources,
        carried: &carried,
        ..base_waivers
    };
    // What the change's own inline comments would waive, to list them.
    let proposed = if sides.new.inline_ignores.is_empty() {
        Vec::new()
    } else {
        suppress::inline_waived(&new_raw, &sides.new.inline_ignores, &sides.new.sources)
    };
    let mut new_result = crate::lint::suppress_sorted(new_raw, &sides.new, &new_waivers, today);
    if detail == Detail::Words {
        let lint = (&sides.config, policies, today);
        reword(
            resolved_unworded(&mut old_result, &new_result),
            &old_licenses,
            lint,
        );
        if sides.similar {
            reword(
                introduced_unworded(&mut new_result, &old_result),
                &new_licenses,
                lint,
            );
        }
    }
    let awaiting = awaiting(
        &sides.config,
        sides.new_config.as_ref(),
        &old_result.inline_waived,
        &proposed,
    );
    let (old_baselined, new_baselined) = (baselined(&old_result), baselined(&new_result));
    let mut diff = crate::diff::diff(
        Side {
            workspace: &sides.old,
            licenses: &old_licenses,
            findings: &old_result.findings,
            baselined: &old_baselined,
        },
        Side {
            workspace: &sides.new,
            licenses: &new_licenses,
            findings: &new_result.findings,
            baselined: &new_baselined,
        },
    );
    diff.access.settings.clone_from(&sides.settings);
    render(&mut diff, &awaiting)
}

/// The base side's findings without words that the change resolves after
/// all: the new side does not report them, though it may make them (its
/// waivers hiding them: a size now within an `[[ignore]] max` or the
/// baseline's), or, for an edited copy, any the change takes away.
fn resolved_unworded<'a>(old: &'a mut Suppressed, new: &Suppressed) -> Vec<&'a mut Finding> {
    let baselined = old
        .waived
        .iter_mut()
        .filter(|(_, waiver)| *waiver == suppress::Waiver::Baseline)
        .map(|(f, _)| f);
    let mut unworded: Vec<&mut Finding> = old
        .findings
        .iter_mut()
        .chain(baselined)
        .filter(|f| f.is_wordless())
        .collect();
    // Most changes leave none (an empty base side, a side with no finding
    // in common): then no set of the new side's findings is built.
    if !unworded.is_empty() {
        let reported_after: Identities<'_> = new.findings.iter().map(Finding::identity).collect();
        unworded.retain(|f| !reported_after.contains(&f.identity()));
    }
    unworded
}

/// An edited copy's findings without words that the change brings: the
/// base side does not report them. The copy words every finding the base
/// side does not make, so these are among those the base side made and
/// waived, which are few: only they are looked up in a set of the base
/// side's findings.
fn introduced_unworded<'a>(new: &'a mut Suppressed, old: &Suppressed) -> Vec<&'a mut Finding> {
    let waived_before: Identities<'_> = old.waived.iter().map(|(f, _)| f.identity()).collect();
    let mut unworded: Vec<&mut Finding> = new
        .findings
        .iter_mut()
        .filter(|f| f.is_wordless() && waived_before.contains(&f.identity()))
        .collect();
    if !unworded.is_empty() {
        let reported_before: Identities<'_> = old.findings.iter().map(Finding::identity).collect();
        unworded.retain(|f| !reported_before.contains(&f.identity()));
    }
    unworded
}

/// Make again the words [`analyse`] dropped of findings the change shows
/// after all. Only their rules run again (on the side they are from,
/// with its `licenses`), keeping only their words.
fn reword(
    mut unworded: Vec<&mut Finding>,
    licenses: &Licenses<'_>,
    (config, policies, today): (&Config, &Policies, Date),
) {
    if unworded.is_empty() {
        return;
    }
    // Findings are made again by rule, subject and place.
    let key = |f: &Finding| (f.rule.to_string(), f.subject.clone(), f.loc);
    let mut wanted: Vec<_> = unworded.iter().map(|f| key(f)).collect();
    wanted.sort();
    wanted.dedup();
    let position = |f: &Finding| {
        wanted.binary_search_by(|(rule, subject, loc)| {
            (rule.as_str(), subject, loc).cmp(&(f.rule.as_str(), &f.subject, &f.loc))
        })
    };
    let is_wanted = |f: &Finding| position(f).is_ok();
    let rules: BTreeSet<&str> = wanted.iter().map(|(rule, ..)| rule.as_str()).collect();
    let builtin = crate::rules::BUILTIN
        .iter()
        .filter(|rule| rules.contains(rule.meta().id))
        .flat_map(|rule| {
            crate::lint::run_rule(*rule, licenses, config, today, Words::Only(&is_wanted))
        });
    let user = if rules.iter().any(|id| crate::policy::is_user_rule_id(id)) {
        policies.check(licenses, config, today)
    } else {
        Vec::new()
    };
    let mut made_again: Vec<Vec<Finding>> = wanted.iter().map(|_| Vec::new()).collect();
    for f in builtin.chain(user) {
        if let Ok(at) = position(&f)
            && !f.is_wordless()
        {
            made_again[at].push(f);
        }
    }
    // Two findings of one rule about one subject at one place take their
    // words in the order they were made.
    for words in &mut made_again {
        words.reverse();
    }
    for f in &mut unworded {
        if let Ok(at) = position(f)
            && let Some(words) = made_again[at].pop()
        {
            f.restore_words(words);
        }
    }
}

/// The findings a run's baseline hid.
fn baselined(result: &suppress::Suppressed) -> Vec<&Finding> {
    result
        .waived
        .iter()
        .filter(|(_, waiver)| *waiver == suppress::Waiver::Baseline)
        .map(|(f, _)| f)
        .collect()
}

/// A waiver the change adds: listed for review, not applied until merged.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Awaiting {
    /// `ignore` (an `[[ignore]]` entry) or `inline` (a `# swatch: ignore` comment).
    pub kind: &'static str,
    pub rule: String,
    /// The subject glob of an `[[ignore]]`, or the subject an inline comment waives.
    pub subject: String,
    pub reason: String,
}

/// The waivers of the new side that the base side does not have.
pub(crate) fn awaiting(
    base: &crate::config::Config,
    new: Option<&crate::config::Config>,
    base_inline: &[(crate::suppress::Identity, String)],
    new_inline: &[(crate::suppress::Identity, String)],
) -> Vec<Awaiting> {
    let key = |i: &crate::config::Ignore| {
        (
            i.rule.value.clone(),
            i.subject
                .as_ref()
                .map_or_else(|| "*".to_owned(), |(p, _)| p.value.clone()),
            i.reason.clone(),
        )
    };
    let known: BTreeSet<_> = base.ignores.iter().map(key).collect();
    let mut out: Vec<Awaiting> = new
        .map(|c| {
            c.ignores
                .iter()
                .map(key)
                .filter(|k| !known.contains(k))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .map(|(rule, subject, reason)| Awaiting {
            kind: "ignore",
            rule,
            subject,
            reason,
        })
        .collect();
    let waived: BTreeSet<&crate::suppress::Identity> =
        base_inline.iter().map(|(id, _)| id).collect();
    out.extend(
        new_inline
            .iter()
            .filter(|(id, _)| !waived.contains(id))
            .map(|((rule, subject), reason)| Awaiting {
                kind: "inline",
                rule: rule.clone(),
                subject: subject.name.to_string(),
                reason: reason.clone(),
            }),
    );
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap: a panic is a failure with a message
mod tests {
    use super::*;
    use crate::load::{Content, MaxFileSize};

    struct Linted {
        workspace: crate::load::Workspace,
        policies: Policies,
        config: Config,
    }

    /// A workspace with findings of built-in and user rules.
    fn linted() -> Linted {
        let members = "[workspace]\nname = \"Acme\"\nsso_domains = [\"acme.com\"]\n[[member]]\nemail = \"po@acme.com\"\naccount_type = \"primary_owner\"\n[[member]]\nemail = \"b@gmail.com\"\naccount_type = \"builder\"\nlast_active = 2025-01-01\n";
        let workspace = crate::load::load(
            crate::source::Sources::default(),
            vec![("w.toml".to_owned(), Content::Bytes(members.into()))],
            MaxFileSize::DEFAULT,
        )
        .unwrap();
        let policy = "[[rule]]\nid = \"acme/no-builders\"\nseverity = \"warning\"\nsubject = \"member\"\nmessage = \"{email} is a builder\"\n[rule.where]\naccount_type = \"builder\"\n";
        let policies = Policies::load(
            vec![(
                "policies/p.toml".to_owned(),
                crate::load::Content::Bytes(policy.into()),
            )],
            crate::load::MaxFileSize::DEFAULT,
        )
        .unwrap();
        Linted {
            workspace,
            policies,
            config: Config::default(),
        }
    }

    impl Linted {
        fn run(&self, licenses: &Licenses<'_>, words: Words<'_>) -> Suppressed {
            let none = BTreeSet::new();
            let waivers = Waivers {
                config: &self.config,
                inline: &self.workspace.inline_ignores,
                sources: &self.workspace.sources,
                baseline: None,
                carried: &none,
            };
            let (workspace, policies) = (&self.workspace, &self.policies);
            crate::lint::run_keeping(workspace, licenses, policies, TODAY, &waivers, words)
        }

        /// The findings with all their words, and without any.
        fn whole_and_wordless(&self, licenses: &Licenses<'_>) -> (Suppressed, Suppressed) {
            let wordless = self.run(licenses, Words::None);
            (self.run(licenses, Words::All), wordless)
        }
    }

    const TODAY: Date = jiff::civil::date(2026, 11, 28);

    /// Words dropped from every finding are made again, exactly, for those
    /// the other side does not report: with a user rule among them.
    #[test]
    fn dropped_words_of_resolved_findings_are_made_again() {
        let w = linted();
        let licenses = Licenses::derive(&w.workspace.model);
        let (whole, mut dropped) = w.whole_and_wordless(&licenses);
        assert!(dropped.findings.iter().any(Finding::is_wordless));
        assert!(
            whole
                .findings
                .iter()
                .any(|f| crate::policy::is_user_rule_id(&f.rule)),
            "the example has findings of user rules"
        );
        let none = Suppressed::default();
        let lint = (&w.config, &w.policies, TODAY);
        reword(resolved_unworded(&mut dropped, &none), &licenses, lint);
        assert_eq!(dropped.findings, whole.findings);
    }

    /// An edited copy's finding that the base side made but waived is
    /// shown, so its words are made again; the others stay without.
    #[test]
    fn dropped_words_of_findings_waived_before_are_made_again() {
        let w = linted();
        let licenses = Licenses::derive(&w.workspace.model);
        let (whole, mut copy) = w.whole_and_wordless(&licenses);
        let mut before = w.run(&licenses, Words::None);
        let waived = before.findings.remove(0);
        before
            .waived
            .push((waived.clone(), suppress::Waiver::Baseline));
        let lint = (&w.config, &w.policies, TODAY);
        reword(introduced_unworded(&mut copy, &before), &licenses, lint);
        assert_eq!(copy.findings[0], whole.findings[0]);
        assert!(copy.findings[0].identity() == waived.identity());
        assert!(copy.findings[1..].iter().all(Finding::is_wordless));
    }
}
