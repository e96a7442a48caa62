//! Suppressions indexed for lookup: `[[ignore]]` entries by rule with
//! their subject globs in one set, inline comments by file, rule and line.
//! A finding costs a lookup, not a scan of every entry.

use crate::config::Config;
use crate::finding::Finding;
use crate::load::InlineIgnore;
use crate::pattern::{Pattern, PatternSet};
use crate::source::{FileId, Sources};
use std::collections::BTreeMap;

/// The active `[[ignore]]` entries by rule, their subject globs in one
/// set: a finding is looked up by its rule and subject, not tried against
/// every entry.
pub(super) struct ConfigIgnores<'c> {
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
    pub(super) fn new(config: &'c Config, active: &[bool]) -> Self {
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
    pub(super) fn first_match(&self, finding: &Finding) -> Option<usize> {
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
pub(super) struct InlineIgnores<'i> {
    /// The first comment for each (file, rule, target line).
    by_target: BTreeMap<(FileId, &'i str, usize), usize>,
    /// Ascending 1-based lines that start a table (`[` after indentation).
    headers: BTreeMap<FileId, Vec<usize>>,
}

impl<'i> InlineIgnores<'i> {
    pub(super) fn new(inline: &'i [InlineIgnore], sources: &Sources) -> Self {
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
    pub(super) fn first_match(&self, finding: &Finding, sources: &Sources) -> Option<usize> {
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
