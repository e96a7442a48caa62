//! Suppressions: `[[ignore]]` entries, inline `# swatch: ignore RULE -- REASON`
//! comments and a baseline. All match findings by identity (rule + subject)
//! or by the entry's place, never by finding text; suppressions that match
//! nothing, expire, or go stale are findings themselves.

use crate::code_span::quote;
use crate::config::Config;
use crate::finding::quantity::{Quantity, Recorded};
use crate::finding::{Finding, Fix, FixEdit, Level, Safety, Subject};
use crate::load::InlineIgnore;
use crate::pattern::{Pattern, PatternSet};
use crate::rules::{EXPIRED_IGNORE, RuleMeta, STALE_BASELINE, UNUSED_IGNORE};
use crate::source::{FileId, Loc, SourceFile, Sources};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

mod write;
pub(crate) use write::write_baseline;

/// A baseline file: findings accepted when swatch was adopted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
    /// The file's text in the run's sources ([`Baseline::add_to`]), where
    /// `stale-baseline` locates its entries; `None` leaves them unlocated.
    #[serde(skip)]
    pub file: Option<FileId>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub rule: String,
    pub subject: Subject,
    /// The finding's size when recorded, for findings that have one: a
    /// larger size is reported again. Absent (from baselines written before
    /// sizes were recorded) it accepts any size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Recorded>,
}

impl Baseline {
    pub fn of(findings: &[Finding]) -> Self {
        let entries: BTreeSet<BaselineEntry> = findings
            .iter()
            .map(|f| BaselineEntry {
                rule: f.rule.clone(),
                subject: f.subject.clone(),
                quantity: f.quantity.as_ref().map(Quantity::recorded),
            })
            .collect();
        Self {
            version: 1,
            findings: entries.into_iter().collect(),
            file: None,
        }
    }

    /// Keep the baseline's `text` in `sources` as `path` (relative to the
    /// workspace, or absolute), so `stale-baseline` points at the entry in
    /// it: that is where CI annotations land and where the fix is made.
    pub fn add_to(&mut self, sources: &mut Sources, path: String, text: String) {
        self.file = Some(sources.add(SourceFile::new(path, text)));
    }
}

/// Where each entry of a baseline's `text` is: its `rule` value, in file
/// order (the order of [`Baseline::findings`]). Empty when the text does
/// not parse the same way, so no entry gets a wrong place.
fn entry_places(file: FileId, text: &str, entries: usize) -> Vec<Loc> {
    #[derive(Deserialize)]
    struct Entries<'a> {
        #[serde(borrow)]
        findings: Vec<&'a serde_json::value::RawValue>,
    }
    #[derive(Deserialize)]
    struct Entry<'a> {
        #[serde(borrow)]
        rule: &'a serde_json::value::RawValue,
    }
    let Ok(parsed) = serde_json::from_str::<Entries<'_>>(text) else {
        return Vec::new();
    };
    let places: Vec<Loc> = parsed
        .findings
        .iter()
        .filter_map(|raw| {
            let rule = serde_json::from_str::<Entry<'_>>(raw.get())
                .ok()?
                .rule
                .get();
            // A borrowed raw value is a slice of `text`: its place is its offset.
            let start = (rule.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
            (start + rule.len() <= text.len()).then(|| Loc::new(file, start..start + rule.len()))
        })
        .collect();
    if places.len() == entries {
        places
    } else {
        Vec::new()
    }
}

/// What suppressions did to a run.
#[derive(Debug, Default)]
pub struct Suppressed {
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
        Finding {
            rule: String::new(),
            severity: crate::finding::Severity::Info,
            subject: Subject {
                kind: crate::finding::SubjectKind::Suppression,
                name: String::new(),
            },
            message: String::new(),
            label: String::new(),
            help: String::new(),
            loc: None,
            involved: Vec::new(),
            yearly_saving: None,
            quantity: None,
            fix: None,
        },
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
pub enum Waiver {
    /// An `[[ignore]]` of the config (index into `Config::ignores`).
    Ignore(usize),
    /// An inline comment (index into [`Waivers::inline`]).
    Inline(usize),
    Baseline,
}

/// A finding's identity, owned: rule and subject.
pub type Identity = (String, Subject);

/// Apply `[[ignore]]`, inline comments and the baseline to findings.
/// Waivers that apply to a run.
pub struct Waivers<'a> {
    pub config: &'a Config,
    /// Inline comments, located in `sources`.
    pub inline: &'a [InlineIgnore],
    pub sources: &'a Sources,
    pub baseline: Option<&'a Baseline>,
    /// Identities waived elsewhere (inline, on the base side of a diff).
    pub carried: &'a BTreeSet<Identity>,
}

pub fn apply(findings: Vec<Finding>, waivers: &Waivers<'_>, today: Date) -> Suppressed {
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
                      help: &str,
                      fix: Option<Fix>| {
        let severity = match config.level(rule.id) {
            Some(Level::Off) => return,
            Some(Level::On(s)) => s,
            None => rule.severity,
        };
        meta_findings.push(Finding {
            rule: rule.id.to_owned(),
            severity,
            subject,
            message,
            label: rule.id.replace('-', " "),
            help: help.to_owned(),
            loc,
            involved: Vec::new(),
            yearly_saving: None,
            quantity: None,
            fix,
        });
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
                    finding.message = message;
                    finding.help = format!(
                        "{}; to accept this size, raise the ignore's `max`",
                        finding.help
                    );
                }
            }
        }
        if let Some(i) = by_place.first_match(finding, sources) {
            inline_uses[i] += 1;
            out.ignored += 1;
            out.inline_waived.push((
                (finding.rule.clone(), finding.subject.clone()),
                inline[i].reason.clone(),
            ));
            out.waived.push((take(finding), Waiver::Inline(i)));
            *dropped = true;
            continue;
        }
        // (Only `diff` carries waivers: skip the owned key otherwise.)
        if !carried.is_empty() && carried.contains(&(finding.rule.clone(), finding.subject.clone()))
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
                        f.message = message;
                        f.help = format!(
                            "{}; to accept this size, regenerate the baseline with `swatch check --write-baseline FILE`",
                            f.help
                        );
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
            fits.insert((f.rule.clone(), f.subject.clone()), fit);
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
                (help.to_owned(), None)
            } else {
                (
                    "drop it (`swatch fix` does), or regenerate the baseline with `swatch check --write-baseline FILE`, so the baseline only shrinks".to_owned(),
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
                    entry_places(file, &sources.get(file).text, baseline.findings.len())
                })
            });
            report(
                &STALE_BASELINE,
                entry.subject.clone(),
                places.get(index).copied(),
                message,
                &help,
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
fn safe(summary: &str, edit: FixEdit) -> Fix {
    Fix {
        safety: Safety::Safe,
        summary: summary.to_owned(),
        edits: vec![edit],
    }
}

/// The active `[[ignore]]` entries by rule, their subject globs in one
/// set: a finding is looked up by its rule and subject, not tried against
/// every entry.
struct ConfigIgnores<'c> {
    by_rule: BTreeMap<&'c str, RuleIgnores>,
}

struct RuleIgnores {
    /// The first entry without a subject: it matches every finding.
    any: Option<usize>,
    subjects: PatternSet,
    /// The position in `config.ignores` of each pattern in `subjects`.
    positions: Vec<usize>,
}

impl<'c> ConfigIgnores<'c> {
    fn new(config: &'c Config, active: &[bool]) -> Self {
        // Per rule: the first entry without a subject, and the others' globs.
        type Entries = (Option<usize>, Vec<(usize, Pattern)>);
        let mut grouped: BTreeMap<&str, Entries> = BTreeMap::new();
        for (i, ignore) in config.ignores.iter().enumerate() {
            if !active[i] {
                continue;
            }
            let (any, subjects) = grouped.entry(ignore.rule.value.as_str()).or_default();
            match &ignore.subject {
                None => *any = Some(any.unwrap_or(i)),
                Some((pattern, glob)) => {
                    let pattern = Pattern::new(&pattern.value)
                        .unwrap_or_else(|_| Pattern::Glob(glob.clone()));
                    subjects.push((i, pattern));
                }
            }
        }
        let by_rule = grouped
            .into_iter()
            .map(|(rule, (any, subjects))| {
                let (positions, patterns): (Vec<usize>, Vec<Pattern>) =
                    subjects.into_iter().unzip();
                let subjects = PatternSet::new(patterns);
                (
                    rule,
                    RuleIgnores {
                        any,
                        subjects,
                        positions,
                    },
                )
            })
            .collect();
        Self { by_rule }
    }

    /// The first active entry (in file order) that matches the finding.
    fn first_match(&self, finding: &Finding) -> Option<usize> {
        let rule = self.by_rule.get(finding.rule.as_str())?;
        let by_subject = rule
            .subjects
            .first_match(&finding.subject.name)
            .map(|k| rule.positions[k]);
        match (rule.any, by_subject) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Inline comments by file, rule and the line they apply to, and the table
/// header lines of the files that have any: a lookup per finding, not a scan.
struct InlineIgnores<'i> {
    /// The first comment for each (file, rule, target line).
    by_target: BTreeMap<(FileId, &'i str, usize), usize>,
    /// Ascending 1-based lines that start a table (`[` after indentation).
    headers: BTreeMap<FileId, Vec<usize>>,
}

impl<'i> InlineIgnores<'i> {
    fn new(inline: &'i [InlineIgnore], sources: &Sources) -> Self {
        let mut by_target = BTreeMap::new();
        let mut headers = BTreeMap::new();
        for (n, ignore) in inline.iter().enumerate() {
            let file = ignore.loc.file;
            by_target
                .entry((file, ignore.rule.as_str(), ignore.target_line))
                .or_insert(n);
            headers.entry(file).or_insert_with(|| {
                let text = sources.get(file);
                (1..=text.line_count())
                    .filter(|&l| {
                        text.line_text(l)
                            .is_some_and(|t| t.trim_start().starts_with('['))
                    })
                    .collect()
            });
        }
        Self { by_target, headers }
    }

    /// The inline suppression for this finding: one directly above its
    /// line, or above the header of the table it is in.
    fn first_match(&self, finding: &Finding, sources: &Sources) -> Option<usize> {
        let loc = finding.loc?;
        let headers = self.headers.get(&loc.file)?;
        let line = sources.get(loc.file).line_col(loc.start).0;
        let lookup = |target| {
            self.by_target
                .get(&(loc.file, finding.rule.as_str(), target))
                .copied()
        };
        let header = headers[..headers.partition_point(|&h| h <= line)]
            .last()
            .and_then(|&h| lookup(h));
        match (lookup(line), header) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn finding(rule: &str, member: &str) -> Finding {
        Finding {
            rule: rule.to_owned(),
            severity: Severity::Warning,
            subject: Subject::member(member),
            message: String::new(),
            label: String::new(),
            help: String::new(),
            loc: None,
            involved: Vec::new(),
            yearly_saving: None,
            quantity: None,
            fix: None,
        }
    }

    fn apply_config(config: &str, findings: Vec<Finding>) -> Suppressed {
        let mut sources = Sources::default();
        let (config, errors) = Config::parse(&mut sources, "swatch.toml".into(), config.into());
        assert!(errors.is_empty(), "{errors:?}");
        let waivers = Waivers {
            config: &config,
            inline: &[],
            sources: &sources,
            baseline: None,
            carried: &BTreeSet::new(),
        };
        apply(findings, &waivers, Date::constant(2026, 1, 1))
    }

    fn unused(result: &Suppressed) -> Vec<&str> {
        result
            .findings
            .iter()
            .filter(|f| f.rule == "unused-ignore")
            .map(|f| f.subject.name.as_str())
            .collect()
    }

    #[test]
    fn the_first_matching_ignore_in_the_file_is_the_one_used() {
        let config = "[[ignore]]\nrule = \"external-member\"\nsubject = \"user1*\"\nreason = \"a\"\n\
            [[ignore]]\nrule = \"external-member\"\nreason = \"b\"\n\
            [[ignore]]\nrule = \"external-member\"\nsubject = \"user1@x.com\"\nreason = \"c\"\n\
            [[ignore]]\nrule = \"external-member\"\nsubject = \"*@y.com\"\nreason = \"d\"\n\
            [[ignore]]\nrule = \"inactive-member\"\nsubject = \"user1@x.com\"\nreason = \"e\"\n";
        let findings = vec![
            finding("external-member", "user1@x.com"),
            finding("external-member", "user2@y.com"),
            finding("inactive-member", "user2@x.com"),
        ];
        let result = apply_config(config, findings);
        assert_eq!(result.ignored, 2);
        assert_eq!(
            unused(&result),
            [
                "external-member user1@x.com",
                "external-member *@y.com",
                "inactive-member user1@x.com"
            ]
        );
        assert_eq!(result.findings[0].subject.name, "user2@x.com");
    }

    /// #9: 3,000 globs that match nothing, for a rule firing on 3,000
    /// members, used to be 9 million glob matches. Each finding now
    /// confirms only the few globs filed under a literal it has.
    #[test]
    fn thousands_of_ignores_are_not_each_tried_on_every_finding() {
        let mut config = String::new();
        for i in 0..3_000 {
            let subject = match i % 4 {
                0 => format!("nomatch{i}-*"),
                1 => format!("*-{i}@else.com"),
                2 => format!("u*x{i}@x.com"),
                _ => format!("*ser{i}?*z*"),
            };
            config.push_str(&format!(
                "[[ignore]]\nrule = \"external-member\"\nsubject = \"{subject}\"\nreason = \"r\"\n"
            ));
        }
        config.push_str(
            "[[ignore]]\nrule = \"external-member\"\nsubject = \"user7@x.com\"\nreason = \"r\"\n",
        );
        let findings = (0..3_000)
            .map(|j| finding("external-member", &format!("user{j}@x.com")))
            .collect();
        let before = crate::pattern::confirmed();
        let result = apply_config(&config, findings);
        let confirmed = crate::pattern::confirmed() - before;
        assert_eq!(result.ignored, 1);
        assert_eq!(unused(&result).len(), 3_000);
        // The inner-run globs `*ser{i}?*z*` are candidates for the finding
        // whose subject holds `ser{i}`: one or two each.
        assert!(confirmed <= 3 * 3_000, "{confirmed} globs confirmed");
    }

    #[test]
    fn entries_are_placed_at_their_rule_or_not_at_all() {
        let text = "{\"findings\": [\n {\"subject\": 1, \"rule\": \"a\"},\n {\"rule\": \"b\"}]}";
        let file = FileId(0);
        let places = entry_places(file, text, 2);
        let spans: Vec<&str> = places
            .iter()
            .map(|l| &text[l.start as usize..l.end as usize])
            .collect();
        assert_eq!(spans, ["\"a\"", "\"b\""]);
        assert_eq!(places[1].start as usize, text.rfind("\"b\"").unwrap());
        assert!(
            entry_places(file, text, 3).is_empty(),
            "another file's entries"
        );
        assert!(entry_places(file, "{", 2).is_empty());
    }

    #[test]
    fn baseline_entries_round_trip_with_their_size_and_load_without_one() {
        let text = r#"{"version": 1, "findings": [
            {"rule": "license-over-purchased", "subject": {"kind": "workspace", "name": "Acme"}, "quantity": {"editor": 5}},
            {"rule": "last-admin", "subject": {"kind": "member", "name": "po@x.com"}}
        ]}"#;
        let baseline: Baseline = serde_json::from_str(text).unwrap();
        assert_eq!(
            baseline.findings[0].quantity,
            Some([("editor".to_owned(), 5)].into())
        );
        assert_eq!(baseline.findings[1].quantity, None);
        let written = serde_json::to_string(&baseline).unwrap();
        assert!(!written.contains("null"), "no size is no key: {written}");
        let again: Baseline = serde_json::from_str(&written).unwrap();
        assert_eq!(again.findings, baseline.findings);
    }
}
