//! A change under review: both sides analysed with the base side's rules,
//! config and waivers, then compared. A pull request is judged by the rules
//! it is merging into, never by the ones it brings.

use crate::diff::sides::Sides;
use crate::diff::{Diff, Side};
use crate::finding::Finding;
use crate::license::Licenses;
use crate::suppress::{self, Waivers};
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
    let old_result =
        crate::lint::run_with(&sides.old, &old_licenses, policies, today, &base_waivers);
    let new_raw = crate::lint::findings(&new_licenses, &sides.config, policies, today);
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
    let new_result = crate::lint::suppress_sorted(new_raw, &sides.new, &new_waivers, today);
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
