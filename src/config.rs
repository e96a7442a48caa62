//! The linter's own config (`swatch.toml` or `.swatch.toml` at the root, or
//! `--config FILE`), cli.md "Config". Read in two phases: shape here, with
//! every error collected; rule ids are checked against the registry (built-in
//! and user rules) once both are known, in [`Config::check_rule_ids`].

use crate::error::InputError;
use crate::finding::{Level, Severity};
use crate::read::MaxFileSize;
use crate::source::{FileId, Loc, Located, SourceFile, Sources};
use crate::toml_read::{Reader, TableReader, TomlValue, Value, parse_document};
use globset::{Glob, GlobMatcher};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Settings of one rule under `[rules.ID]`.
#[derive(Debug, Clone)]
pub(crate) struct RuleSettings {
    /// The `ID` key of `[rules.ID]`.
    pub loc: Loc,
    pub severity: Option<Located<Level>>,
    /// [`RuleOption::Days`], within [`RuleOption::DAYS`].
    pub days: Option<Located<u64>>,
}

/// An `[[ignore]]` entry.
#[derive(Debug, Clone)]
pub(crate) struct Ignore {
    /// The `[[ignore]]` header.
    pub loc: Loc,
    pub rule: Located<String>,
    /// Glob on `subject.name`; `None` matches every subject.
    pub subject: Option<(Located<String>, GlobMatcher)>,
    pub reason: String,
    pub until: Option<Located<Date>>,
    /// Suppress only while the finding's size (`crate::finding::quantity`) is at most this.
    pub max: Option<Located<u64>>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    /// The config file, when there is one.
    pub file: Option<FileId>,
    pub exclude: Vec<String>,
    pub baseline: Option<Located<String>>,
    pub rules: BTreeMap<String, RuleSettings>,
    pub ignores: Vec<Ignore>,
    /// `max_file_size = "64MiB"`; `--max-file-size` wins over it.
    pub max_file_size: Option<Located<MaxFileSize>>,
}

/// A setting of `[rules.ID]` besides `severity`, which only some rules take:
/// each built-in rule declares its own (`declare_rule!`), and
/// [`Config::check_rule_ids`] refuses the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleOption {
    /// `days`: how many days before today a date counts as stale.
    Days,
}

impl RuleOption {
    /// The values `days` may take: a day to a hundred years. Outside it the
    /// number means nothing (0 flags everyone active yesterday) or, past
    /// `i64`, wrapped to a negative and flagged everyone.
    pub(crate) const DAYS: std::ops::RangeInclusive<u64> = 1..=36_500;

    pub(crate) const fn key(self) -> &'static str {
        match self {
            Self::Days => "days",
        }
    }

    /// Its value when the config does not set it.
    pub(crate) const fn default(self) -> u64 {
        match self {
            Self::Days => 90,
        }
    }

    /// The values it may take, in words: `1 to 36,500`.
    pub(crate) fn range(self) -> String {
        let range = match self {
            Self::Days => Self::DAYS,
        };
        format!(
            "{} to {}",
            crate::finding::grouped(*range.start()),
            crate::finding::grouped(*range.end())
        )
    }
}

/// Where the config is: `--config FILE`, else `swatch.toml` or
/// `.swatch.toml` in the root (both present is an error).
pub(crate) fn locate(root: &Path, explicit: Option<&Path>) -> Result<Option<PathBuf>, InputError> {
    if let Some(path) = explicit {
        return Ok(Some(path.to_owned()));
    }
    let plain = root.join("swatch.toml");
    let hidden = root.join(".swatch.toml");
    match (plain.is_file(), hidden.is_file()) {
        (true, true) => Err(InputError::new(
            "swatch::config::two_configs",
            "both swatch.toml and .swatch.toml are present",
        )
        .help("keep one of the two files")),
        (true, false) => Ok(Some(plain)),
        (false, true) => Ok(Some(hidden)),
        (false, false) => Ok(None),
    }
}

impl Config {
    /// The file size limit: `--max-file-size` (`cli`), else `max_file_size`
    /// here, else the default.
    pub(crate) fn file_limit(&self, cli: Option<MaxFileSize>) -> MaxFileSize {
        MaxFileSize::first_of([cli, self.max_file_size.as_ref().map(|l| l.value)])
    }

    /// Parse config text, adding the file to `sources`.
    pub(crate) fn parse(
        sources: &mut Sources,
        path: String,
        text: String,
    ) -> (Self, Vec<InputError>) {
        let id = sources.add(SourceFile::new(path, text));
        let mut reader = Reader::new(id);
        let mut config = Config {
            file: Some(id),
            ..Config::default()
        };
        let text = sources.get(id).text();
        if let Some(document) = parse_document(&mut reader, text) {
            let whole = reader.loc(document.span());
            config.read(TableReader::new(
                &mut reader,
                document.get_ref(),
                whole,
                "the config",
            ));
        }
        (config, reader.errors)
    }

    fn read(&mut self, mut root: TableReader<'_, '_, '_>) {
        self.exclude = root.optional("exclude", read_exclude).unwrap_or_default();
        self.baseline = root.optional("baseline", |r, value| {
            r.non_empty_string(value)
                .filter(|path| stays_inside_or_report(r, path))
        });
        if let Some(rules) = root.optional("rules", |r, value| {
            let table = r.table(value, "a table of rule settings")?;
            Some(
                table
                    .iter()
                    .filter_map(|(id, settings)| {
                        let loc = r.loc(id.span());
                        read_rule(r, id.get_ref(), loc, settings)
                            .map(|s| (id.get_ref().to_string(), s))
                    })
                    .collect(),
            )
        }) {
            self.rules = rules;
        }
        self.ignores = root.optional("ignore", read_ignores).unwrap_or_default();
        self.max_file_size = root.optional("max_file_size", read_max_file_size);
        root.finalize();
    }

    /// Check every rule id the config names against the known ones, and
    /// each rule's options against the ones it takes (`options_of`, from
    /// the rule registry).
    pub(crate) fn check_rule_ids(
        &self,
        known: &[&str],
        options_of: impl Fn(&str) -> &'static [RuleOption],
    ) -> Vec<InputError> {
        let mut errors = Vec::new();
        let taking = |option: RuleOption| -> Vec<&str> {
            known
                .iter()
                .copied()
                .filter(|id| options_of(id).contains(&option))
                .collect()
        };
        let mut known = KnownRules::new(known);
        for (id, settings) in &self.rules {
            if !known.contains(id) {
                errors.push(known.unknown("swatch::config::unknown_rule", id, settings.loc));
            } else if let Some(days) = &settings.days
                && !options_of(id).contains(&RuleOption::Days)
            {
                errors.push(
                    InputError::at(
                        "swatch::config::unknown_option",
                        days.loc,
                        format!("the rule `{id}` has no option `days`"),
                    )
                    .label("not an option of this rule")
                    .help(format!(
                        "`days` applies to {}",
                        taking(RuleOption::Days).join(" and ")
                    )),
                );
            }
        }
        for ignore in &self.ignores {
            if !known.contains(&ignore.rule.value) {
                errors.push(known.unknown(
                    "swatch::config::unknown_rule",
                    &ignore.rule.value,
                    ignore.rule.loc,
                ));
            }
        }
        errors
    }

    /// `max` only on an `[[ignore]]` of a rule whose findings have a size
    /// (`sized`): elsewhere it would bound nothing. (An unknown rule is
    /// reported by [`Self::check_rule_ids`].)
    pub(crate) fn check_ignore_max(&self, sized: &[&str], known: &[&str]) -> Vec<InputError> {
        let listed: Vec<String> = sized.iter().map(|id| format!("`{id}`")).collect();
        // Sets: up to 10,000 ignores against up to 10,000 user rules.
        let (known, sized): (BTreeSet<&str>, BTreeSet<&str>) = (
            known.iter().copied().collect(),
            sized.iter().copied().collect(),
        );
        self.ignores
            .iter()
            .filter_map(|ignore| {
                let max = ignore.max.as_ref()?;
                let rule = ignore.rule.value.as_str();
                (known.contains(rule) && !sized.contains(rule)).then(|| {
                    InputError::at(
                        "swatch::config::unsized_max",
                        max.loc,
                        format!("the findings of `{rule}` have no size for `max` to bound"),
                    )
                    .label("no size to compare")
                    .help(format!(
                        "remove `max`; it applies to {}",
                        crate::finding::capped_list(&listed, 10)
                    ))
                })
            })
            .collect()
    }

    pub(crate) fn level(&self, rule: &str) -> Option<Level> {
        self.rules
            .get(rule)
            .and_then(|s| s.severity.as_ref())
            .map(|s| s.value)
    }

    /// The effective severity of a rule: this config's over `default`.
    pub(crate) fn level_or(&self, rule: &str, default: Severity) -> Level {
        self.level(rule).unwrap_or(Level::On(default))
    }

    /// The `days` option of a rule, or its default of 90; read within
    /// [`RuleOption::DAYS`], so it is a small positive number.
    pub(crate) fn days(&self, rule: &str) -> i64 {
        let days = self
            .rules
            .get(rule)
            .and_then(|s| s.days.as_ref())
            .map_or(RuleOption::Days.default(), |d| d.value);
        i64::try_from(days).unwrap_or(i64::MAX)
    }
}

/// The rule ids a run knows, to check the ids a config and inline comments
/// name: a lookup each, and "did you mean" within a budget.
pub(crate) struct KnownRules<'k> {
    ids: &'k [&'k str],
    set: BTreeSet<&'k str>,
    /// Similarity comparisons left for "did you mean". Past it an unknown id
    /// gets the plain hint, so 10,000 unknown ids against 10,000 user rules
    /// stay linear; a handful of typos never come near it.
    budget: usize,
}

impl<'k> KnownRules<'k> {
    pub(crate) fn new(ids: &'k [&'k str]) -> Self {
        Self {
            ids,
            set: ids.iter().copied().collect(),
            budget: 2_000_000,
        }
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }

    /// The error for a rule id that names no rule, with the closest known one.
    pub(crate) fn unknown(&mut self, code: &'static str, id: &str, loc: Loc) -> InputError {
        let otherwise = || "`swatch rules` lists every rule id".to_owned();
        let help = if self.budget >= self.ids.len() {
            self.budget -= self.ids.len();
            crate::toml_read::suggest(id, self.ids.iter().copied(), otherwise)
        } else {
            otherwise()
        };
        InputError::at(code, loc, format!("unknown rule `{id}`"))
            .label("no such rule")
            .help(help)
    }
}

fn bad_glob(pattern: &Located<String>, error: &globset::Error) -> InputError {
    InputError::at(
        "swatch::config::bad_glob",
        pattern.loc,
        format!("invalid glob `{}`: {}", pattern.value, error.kind()),
    )
    .label("invalid glob")
    .help("globs use `*`, `**`, `?`, `[abc]` and `{a,b}`")
}

fn read_exclude(r: &mut Reader, value: &Value<'_>) -> Option<Vec<String>> {
    let patterns = r.strings(value)?.value;
    Some(
        patterns
            .into_iter()
            .filter_map(|pattern| match Glob::new(&pattern.value) {
                Ok(_) => Some(pattern.value),
                Err(e) => {
                    r.error(bad_glob(&pattern, &e));
                    None
                }
            })
            .collect(),
    )
}

fn read_rule(r: &mut Reader, id: &str, loc: Loc, value: &Value<'_>) -> Option<RuleSettings> {
    let table = r.table(value, "a table")?;
    let mut t = TableReader::new(r, table, loc, format!("[rules.{id}]"));
    let settings = RuleSettings {
        loc,
        severity: t.optional("severity", Reader::keyword::<Level>),
        days: t.optional(RuleOption::Days.key(), read_days),
    };
    t.finalize();
    Some(settings)
}

fn read_ignores(r: &mut Reader, value: &Value<'_>) -> Option<Vec<Ignore>> {
    let items = r.array_of_tables(
        value,
        "swatch::config::wrong_type",
        "ignore",
        "entry",
        "[[ignore]]",
    )?;
    Some(
        items
            .iter()
            .filter_map(|item| read_ignore(r, item))
            .collect(),
    )
}

fn read_ignore(r: &mut Reader, value: &Value<'_>) -> Option<Ignore> {
    let table = r.table(value, "a table")?;
    let header = r.loc(value.span());
    let mut t = TableReader::new(r, table, header, "[[ignore]]");
    let rule = t.required("rule", Reader::non_empty_string);
    let subject = t.optional("subject", |r, value| {
        let pattern = r.non_empty_string(value)?;
        match Glob::new(&pattern.value) {
            Ok(glob) => Some((pattern, glob.compile_matcher())),
            Err(e) => {
                r.error(bad_glob(&pattern, &e));
                None
            }
        }
    });
    let reason = t.required("reason", Reader::non_empty_string);
    let until = t.optional("until", Reader::date);
    let max = t.optional("max", Reader::count);
    t.finalize();
    Some(Ignore {
        loc: header,
        rule: rule?,
        subject,
        reason: reason?.value,
        until,
        max,
    })
}

/// `days`: a whole number within [`RuleOption::DAYS`].
fn read_days(r: &mut Reader, value: &Value<'_>) -> Option<Located<u64>> {
    let option = RuleOption::Days;
    r.integer_in(value, RuleOption::DAYS, |found, loc| {
        InputError::at(
            "swatch::config::out_of_range",
            loc,
            format!("`days` must be {}, found {found}", option.range()),
        )
        .label(format!("not {}", option.range()))
        .help(format!(
            "the number of days before today a date counts as stale, e.g. `days = {}` (the default)",
            option.default()
        ))
    })
}

/// `max_file_size`: a size string (`"64MiB"`) or a number of bytes.
fn read_max_file_size(r: &mut Reader, value: &Value<'_>) -> Option<Located<MaxFileSize>> {
    let loc = r.loc(value.span());
    let text = match value.get_ref() {
        TomlValue::Integer(_) => r.count(value)?.value.to_string(),
        _ => r.string(value)?.value,
    };
    match MaxFileSize::parse(&text) {
        Ok(size) => Some(Located::new(size, loc)),
        Err(why) => {
            r.error(
                InputError::at("swatch::config::bad_size", loc, why)
                    .label("not a file size")
                    .help("write a size like \"64MiB\" (B, KB, MB, GB, KiB, MiB, GiB)"),
            );
            None
        }
    }
}

/// A path the config names must stay inside the workspace folder.
fn stays_inside_or_report(r: &mut Reader, path: &Located<String>) -> bool {
    let inside = crate::read::stays_inside(&path.value);
    if !inside {
        r.error(
            InputError::at(
                "swatch::config::outside",
                path.loc,
                "this path leaves the workspace folder",
            )
            .label("absolute, or climbs out with `..`")
            .help("name a file inside the workspace folder, relative to it, e.g. \"swatch-baseline.json\""),
        );
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::{Config, KnownRules};
    use crate::source::{FileId, Loc, Sources};

    fn days_of(value: &str) -> (Config, Vec<crate::error::InputError>, Sources) {
        let mut sources = Sources::default();
        let text = format!("[rules.inactive-member]\ndays = {value}\n");
        let (config, errors) = Config::parse(&mut sources, "swatch.toml".into(), text);
        (config, errors, sources)
    }

    /// `u64::MAX` used to wrap to -1 days, flagging every active member.
    #[test]
    fn days_outside_1_to_36_500_are_refused_at_their_place() {
        for value in [
            "18446744073709551615",
            "0",
            "-1",
            "36501",
            "99999999999999999999999",
        ] {
            let (config, errors, sources) = days_of(value);
            assert_eq!(errors.len(), 1, "{value}: {errors:?}");
            let error = &errors[0];
            assert_eq!(error.code, "swatch::config::out_of_range", "{value}");
            assert_eq!(
                error.message,
                format!("`days` must be 1 to 36,500, found {value}")
            );
            assert!(
                error
                    .help
                    .as_deref()
                    .unwrap_or_default()
                    .contains("`days = 90`")
            );
            let at = sources.position(error.loc.expect("a place"));
            assert_eq!(
                (at.path, at.line, at.column),
                ("swatch.toml", 2, 8),
                "{value}"
            );
            assert_eq!(config.days("inactive-member"), 90, "{value}: the default");
        }
    }

    #[test]
    fn days_within_the_range_are_read() {
        for (value, days) in [("1", 1), ("120", 120), ("36_500", 36_500), ("0x10", 16)] {
            let (config, errors, _) = days_of(value);
            assert!(errors.is_empty(), "{value}: {errors:?}");
            assert_eq!(config.days("inactive-member"), days);
        }
        let (_, errors, _) = days_of("\"90\"");
        assert_eq!(errors[0].message, "expected an integer, found a string");
    }

    /// 1,000 mistyped ids against 1,000 user rules were a million
    /// similarity comparisons; the budget (here lowered to 100,000) stops
    /// them, the first typos still get their "did you mean".
    #[test]
    fn did_you_mean_for_unknown_rule_ids_stays_within_its_budget() {
        let ids: Vec<String> = (0..1_000).map(|i| format!("acme/rule-{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut known = KnownRules::new(&ids);
        known.budget = 100_000;
        let loc = Loc::new(FileId(0), 0..1);
        let helps: Vec<String> = (0..1_000)
            .map(|i| {
                known
                    .unknown("t", &format!("acme/rul-{i}"), loc)
                    .help
                    .unwrap_or_default()
            })
            .collect();
        let suggested = helps
            .iter()
            .filter(|h| h.starts_with("did you mean"))
            .count();
        assert_eq!(suggested, 100);
        assert_eq!(helps[0], "did you mean `acme/rule-0`?");
        assert_eq!(helps[999], "`swatch rules` lists every rule id");
    }
}
