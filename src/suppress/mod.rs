//! Suppressions: `[[ignore]]` entries, inline `# swatch: ignore RULE -- REASON`
//! comments and a baseline. All match findings by identity (rule + subject)
//! or by the entry's place, never by finding text; suppressions that match
//! nothing, expire, or go stale are findings themselves.

use crate::code_span::quote;
use crate::config::Config;
use crate::finding::quantity::Recorded;
use crate::finding::{Finding, Fix, FixEdit, Level, Safety, Subject, Text};
use crate::load::InlineIgnore;
use crate::rules::{EXPIRED_IGNORE, RuleMeta, STALE_BASELINE, UNUSED_IGNORE};
use crate::source::{Loc, Sources};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};

mod baseline;
mod index;
mod write;
pub(crate) use baseline::Baseline;
use baseline::entry_places;
use index::{ConfigIgnores, InlineIgnores};
pub(crate) use write::write_baseline;

/// What suppressions did to a run.
#[derive(Debug, Default)]
pub(crate) struct Suppressed {
    /// Findings that stay reported, including those about suppressions.
    pub findings: Vec<Finding>,
    /// Silenced by `[[ignore]]` or inline comments.
    pub ignored: usize,
    /// Hidden by the baseline.
    pub baselined: usize,
    /// What inline comments silenced: (identity, reason). `swatch diff`
    /// carries these from the base side to the new one.
    pub inline_waived: Vec<(Identity, String)>,
    /// Every finding the workspace's own waivers silenced, with the waiver
    /// (unsorted): `report`'s sign-off lists them with their reasons.
    /// Findings carried from another side (`diff`) are not kept.
    pub waived: Vec<(Finding, Waiver)>,
}

/// Move a waived finding out of the list, leaving an empty one to remove.
fn take(finding: &mut Finding) -> Finding {
    std::mem::replace(
        finding,
        Finding::new(
            Text::EMPTY,
            crate::finding::Severity::Info,
            Subject {
                kind: crate::finding::SubjectKind::Suppression,
                name: Box::default(),
            },
            None,
            Text::EMPTY,
        ),
    )
}

/// Keep the findings not marked dropped, in their order.
fn remove_dropped(findings: &mut Vec<Finding>, dropped: &[bool]) {
    if dropped.contains(&true) {
        let mut marks = dropped.iter();
        findings.retain(|_| !marks.next().copied().unwrap_or(false));
    }
}

/// What silenced a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Waiver {
    /// An `[[ignore]]` of the config (index into `Config::ignores`).
    Ignore(usize),
    /// An inline comment (index into [`Waivers::inline`]).
    Inline(usize),
    Baseline,
}

/// A finding's identity, owned: rule and subject.
pub(crate) type Identity = (String, Subject);

/// Waivers that apply to a run.
pub(crate) struct Waivers<'a> {
    pub config: &'a Config,
    /// Inline comments, located in `sources`.
    pub inline: &'a [InlineIgnore],
    pub sources: &'a Sources,
    pub baseline: Option<&'a Baseline>,
    /// Identities waived elsewhere (inline, on the base side of a diff).
    pub carried: &'a BTreeSet<Identity>,
}

/// What `inline` comments alone would waive among `findings`, as
/// [`Suppressed::inline_waived`] lists it: `swatch diff` asks this of the
/// change's own comments, which it does not apply, without a copy of
/// every finding.
pub(crate) fn inline_waived(
    findings: &[Finding],
    inline: &[InlineIgnore],
    sources: &Sources,
) -> Vec<(Identity, String)> {
    let by_place = InlineIgnores::new(inline, sources);
    findings
        .iter()
        .filter_map(|f| Some(inline_waiver(f, &inline[by_place.first_match(f, sources)?])))
        .collect()
}

/// A waived finding's identity and the comment's reason.
fn inline_waiver(finding: &Finding, comment: &InlineIgnore) -> (Identity, String) {
    (
        (finding.rule.as_str().to_owned(), finding.subject.clone()),
        comment.reason.clone(),
    )
}

/// Apply `[[ignore]]`, inline comments and the baseline to findings.
pub(crate) fn apply(findings: Vec<Finding>, waivers: &Waivers<'_>, today: Date) -> Suppressed {
    let Waivers {
        config,
        inline,
        sources,
        baseline,
        carried,
    } = *waivers;
    let mut out = Suppressed::default();
    let mut meta_findings = Vec::new();
    let mut report = |rule: &RuleMeta,
                      subject: Subject,
                      loc: Option<Loc>,
                      message: String,
                      help: &'static str,
                      fix: Option<Fix>| {
        let severity = match config.level(rule.id) {
            Some(Level::Off) => return,
            Some(Level::On(s)) => s,
            None => rule.severity,
        };
        let mut finding = Finding::new(rule.id, severity, subject, loc, message);
        finding.label = rule.id.replace('-', " ").into();
        finding.help = help.into();
        if let Some(fix) = fix {
            finding.set_fix(fix);
        }
        meta_findings.push(finding);
    };

    let active: Vec<bool> = config
        .ignores
        .iter()
        .map(|i| i.until.is_none_or(|u| u.value >= today))
        .collect();
    let mut config_uses = vec![0usize; config.ignores.len()];
    let mut inline_uses = vec![0usize; inline.len()];
    let by_rule = ConfigIgnores::new(config, &active);
    let by_place = InlineIgnores::new(inline, sources);
    // Findings are waived in place: a second vector of every finding
    // would double the largest thing `check` holds.
    let mut kept = findings;
    let mut dropped = vec![false; kept.len()];
    for (finding, dropped) in kept.iter_mut().zip(&mut dropped) {
        if let Some(i) = by_rule.first_match(finding) {
            let ignore = &config.ignores[i];
            config_uses[i] += 1;
            match above_max(ignore, finding) {
                None => {
                    out.ignored += 1;
                    out.waived.push((take(finding), Waiver::Ignore(i)));
                    *dropped = true;
                    continue;
                }
                Some(message) => {
                    finding.message = message.into();
                    finding.help = format!(
                        "{}; to accept this size, raise the ignore's `max`",
                        finding.help
                    )
                    .into();
                }
            }
        }
        if let Some(i) = by_place.first_match(finding, sources) {
            inline_uses[i] += 1;
            out.ignored += 1;
            out.inline_waived.push(inline_waiver(finding, &inline[i]));
            out.waived.push((take(finding), Waiver::Inline(i)));
            *dropped = true;
            continue;
        }
        // (Only `diff` carries waivers: skip the owned key otherwise.)
        if !carried.is_empty()
            && carried.contains(&(finding.rule.as_str().to_owned(), finding.subject.clone()))
        {
            out.ignored += 1;
            *dropped = true;
        }
    }
    remove_dropped(&mut kept, &dropped);

    for (i, ignore) in config.ignores.iter().enumerate() {
        let pattern = ignore
            .subject
            .as_ref()
            .map_or("*", |(p, _)| p.value.as_str());
        let subject = Subject::ignore(&ignore.rule.value, pattern);
        if !active[i] {
            let until = ignore
                .until
                .map(|u| u.value.to_string())
                .unwrap_or_default();
            report(
                &EXPIRED_IGNORE,
                subject,
                Some(ignore.loc),
                format!(
                    "the ignore of {} for {} expired on {until}; its findings are reported again",
                    quote(&ignore.rule.value),
                    quote(pattern)
                ),
                "fix the findings, or extend `until` with an updated reason; `swatch fix` removes the entry",
                Some(safe(
                    "remove the expired [[ignore]] entry",
                    FixEdit::RemoveIgnore {
                        index: i,
                        loc: ignore.loc,
                    },
                )),
            );
        } else if config_uses[i] == 0 {
            report(
                &UNUSED_IGNORE,
                subject,
                Some(ignore.loc),
                format!(
                    "the ignore of {} for {} matches no finding",
                    quote(&ignore.rule.value),
                    quote(pattern)
                ),
                "remove it (`swatch fix` does): a stale ignore hides the next finding that matches it",
                Some(safe(
                    "remove the [[ignore]] entry",
                    FixEdit::RemoveIgnore {
                        index: i,
                        loc: ignore.loc,
                    },
                )),
            );
        }
    }
    for (ignore, uses) in inline.iter().zip(&inline_uses) {
        if *uses == 0 {
            let at = sources.position(ignore.loc);
            report(
                &UNUSED_IGNORE,
                Subject::inline_ignore(&ignore.rule, at.path, at.line),
                Some(ignore.loc),
                format!(
                    "{} matches no finding on the entry below it",
                    quote(&format!("# swatch: ignore {}", ignore.rule))
                ),
                "remove the comment (`swatch fix` does), or move it directly above the entry's line or table header",
                Some(safe(
                    "remove the `# swatch: ignore` comment",
                    FixEdit::RemoveComment { loc: ignore.loc },
                )),
            );
        }
    }

    if let Some(baseline) = baseline {
        let accepted: BTreeMap<(&str, &Subject), Option<&Recorded>> = baseline
            .findings
            .iter()
            .map(|e| ((e.rule.as_str(), &e.subject), e.quantity.as_ref()))
            .collect();
        let mut fits: BTreeMap<Identity, Fit> = BTreeMap::new();
        let mut dropped = vec![false; kept.len()];
        for (f, dropped) in kept.iter_mut().zip(&mut dropped) {
            let Some(&recorded) = accepted.get(&(f.rule.as_str(), &f.subject)) else {
                continue;
            };
            let fit = match (&f.quantity, recorded) {
                (Some(quantity), Some(recorded)) => {
                    if let Some(message) = quantity.above_baseline(&f.message, recorded) {
                        f.message = message.into();
                        f.help = format!(
                            "{}; to accept this size, regenerate the baseline with `swatch check --write-baseline FILE`",
                            f.help
                        )
                        .into();
                        Fit::Above
                    } else if quantity.shrank_from(recorded) {
                        Fit::Shrank {
                            accepted: recorded.clone(),
                            now: quantity.recorded(),
                        }
                    } else {
                        Fit::Within
                    }
                }
                (Some(quantity), None) => Fit::Unsized(quantity.recorded()),
                (None, _) => Fit::Within,
            };
            let reported = matches!(fit, Fit::Above);
            fits.insert((f.rule.as_str().to_owned(), f.subject.clone()), fit);
            if !reported {
                out.baselined += 1;
                out.waived.push((take(f), Waiver::Baseline));
                *dropped = true;
            }
        }
        remove_dropped(&mut kept, &dropped);
        // Located only when some entry is reported: the text is parsed again.
        let mut places: Option<Vec<Loc>> = None;
        for (index, entry) in baseline.findings.iter().enumerate() {
            let what = format!(
                "the baseline entry for {} on {} {}",
                quote(&entry.rule),
                entry.subject.kind.as_str(),
                quote(&entry.subject.name)
            );
            let regenerate = "regenerate the baseline with `swatch check --write-baseline FILE` so it only shrinks";
            let (message, help) = match fits.get(&(entry.rule.clone(), entry.subject.clone())) {
                None => (format!("{what} matches no finding"), regenerate),
                Some(Fit::Shrank { accepted, now }) => (
                    format!(
                        "{what} accepts {}, more than today's {}",
                        crate::finding::quantity::describe(accepted),
                        crate::finding::quantity::describe(now)
                    ),
                    regenerate,
                ),
                Some(Fit::Unsized(now)) => (
                    format!(
                        "{what} records no size, so it accepts the finding however large it grows (today {})",
                        crate::finding::quantity::describe(now)
                    ),
                    "regenerate the baseline with `swatch check --write-baseline FILE` to record today's size",
                ),
                Some(Fit::Within | Fit::Above) => continue,
            };
            // Only an entry that matches nothing can go: one that still
            // hides a finding needs its size rewritten, not dropping.
            let matched = fits.contains_key(&(entry.rule.clone(), entry.subject.clone()));
            let (help, fix) = if matched {
                (help, None)
            } else {
                (
                    "drop it (`swatch fix` does), or regenerate the baseline with `swatch check --write-baseline FILE`, so the baseline only shrinks",
                    Some(safe(
                        "drop the entry from the baseline",
                        FixEdit::DropBaselineEntry {
                            rule: entry.rule.clone(),
                            subject: entry.subject.clone(),
                        },
                    )),
                )
            };
            let places = places.get_or_insert_with(|| {
                baseline.file.map_or_else(Vec::new, |file| {
                    entry_places(file, sources.get(file).text(), baseline.findings.len())
                })
            });
            report(
                &STALE_BASELINE,
                entry.subject.clone(),
                places.get(index).copied(),
                message,
                help,
                fix,
            );
        }
    }
    // Exactly: a vector grown by doubling could reach twice the findings.
    kept.reserve_exact(meta_findings.len());
    kept.extend(meta_findings);
    out.findings = kept;
    out
}

/// How a baselined finding compares with the size its entry recorded.
enum Fit {
    /// No larger (or the finding has no size): hidden.
    Within,
    /// Larger: reported again.
    Above,
    /// Smaller than recorded: hidden, the entry could shrink.
    Shrank { accepted: Recorded, now: Recorded },
    /// The entry records no size (today's size): hidden, the entry should record one.
    Unsized(Recorded),
}

/// The finding's message saying why an `[[ignore]]`'s `max` does not
/// cover it, or `None` when the ignore applies.
fn above_max(ignore: &crate::config::Ignore, finding: &Finding) -> Option<String> {
    let max = ignore.max.as_ref()?.value;
    finding.quantity.as_ref()?.above_max(&finding.message, max)
}

/// A fix that changes nobody's access: only suppressions and the baseline.
fn safe(summary: &'static str, edit: FixEdit) -> Fix {
    Fix {
        safety: Safety::Safe,
        summary: summary.into(),
        edits: smallvec::smallvec![edit],
    }
}

#[cfg(test)]
mod tests;
