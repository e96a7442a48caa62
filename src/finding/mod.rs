//! Findings are data: a rule id, a subject (the identity of what is wrong),
//! a place, and the words. Rules make them; renderers print them.

pub(crate) mod quantity;
mod text;

pub(crate) use text::Text;

use crate::source::{Loc, Sources};
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule's severity after config: a severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Off,
    On(Severity),
}

impl crate::model::Keyword for Level {
    const WHAT: &'static str = "severity";
    const ALL: &'static [(&'static str, Self)] = &[
        ("off", Self::Off),
        ("info", Self::On(Severity::Info)),
        ("warning", Self::On(Severity::Warning)),
        ("error", Self::On(Severity::Error)),
    ];
}

impl Level {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::On(s) => s.as_str(),
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SubjectKind {
    Member,
    Application,
    Role,
    Assignment,
    ApiKey,
    Automation,
    Workspace,
    /// An `[[ignore]]` entry or inline suppression (findings about suppressions).
    Suppression,
}

impl SubjectKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Application => "application",
            Self::Role => "role",
            Self::Assignment => "assignment",
            Self::ApiKey => "api_key",
            Self::Automation => "automation",
            Self::Workspace => "workspace",
            Self::Suppression => "suppression",
        }
    }
}

/// What a finding is about: its identity together with the rule id.
/// Never a line: moving or reformatting an entry keeps its findings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
pub(crate) struct Subject {
    pub kind: SubjectKind,
    /// Boxed, not a `String`: a finding's subject is never extended (#16).
    pub name: Box<str>,
}

/// The one place subject names are spelled: they are baseline, `[[ignore]]`
/// and SARIF identities, so a rule, a policy and `swatch diff` must write
/// the same thing for the same entry (docs/configuration.md, "Findings have
/// an identity").
impl Subject {
    fn new(kind: SubjectKind, name: impl Into<Box<str>>) -> Self {
        Self {
            kind,
            name: name.into(),
        }
    }

    /// A member, by the model's key: the email, lower-cased.
    pub(crate) fn member(key: &str) -> Self {
        Self::new(SubjectKind::Member, key)
    }

    pub(crate) fn application(name: &str) -> Self {
        Self::new(SubjectKind::Application, name)
    }

    pub(crate) fn api_key(name: &str) -> Self {
        Self::new(SubjectKind::ApiKey, name)
    }

    /// The workspace, by `[workspace] name` (or `workspace`).
    pub(crate) fn workspace(name: &str) -> Self {
        Self::new(SubjectKind::Workspace, name)
    }

    /// `APP/ROLE`.
    pub(crate) fn role(application: &str, role: &str) -> Self {
        Self::new(SubjectKind::Role, in_application(application, role))
    }

    /// `APP/EMAIL`: a `[members]` line, by the member's lower-cased key.
    pub(crate) fn assignment(application: &str, member_key: &str) -> Self {
        Self::new(
            SubjectKind::Assignment,
            in_application(application, member_key),
        )
    }

    /// `APP/NAME`.
    pub(crate) fn automation(application: &str, automation: &str) -> Self {
        Self::new(
            SubjectKind::Automation,
            in_application(application, automation),
        )
    }

    /// An `[[ignore]]` entry: `RULE PATTERN` (`*` when it has no subject).
    pub(crate) fn ignore(rule: &str, pattern: &str) -> Self {
        Self::new(SubjectKind::Suppression, format!("{rule} {pattern}"))
    }

    /// A `# swatch: ignore RULE` comment: `RULE @ PATH:LINE`.
    pub(crate) fn inline_ignore(rule: &str, path: &str, line: usize) -> Self {
        Self::new(SubjectKind::Suppression, format!("{rule} @ {path}:{line}"))
    }

    /// The application and the rest of an `APP/…` name (role, assignment,
    /// automation); `None` for other kinds. Application names cannot hold
    /// `/`, so the first one separates.
    pub(crate) fn in_application(&self) -> Option<(&str, &str)> {
        match self.kind {
            SubjectKind::Role | SubjectKind::Assignment | SubjectKind::Automation => {
                self.name.split_once('/')
            }
            _ => None,
        }
    }
}

fn in_application(application: &str, name: &str) -> String {
    format!("{application}/{name}")
}

/// The texts are [`Text`] and the rare parts boxed: a workspace can have
/// hundreds of thousands of findings, most saying what others of their
/// rule say (#16).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub rule: Text,
    pub severity: Severity,
    pub subject: Subject,
    pub message: Text,
    /// Short text on the underlined span.
    pub label: Text,
    pub help: Text,
    pub loc: Option<Loc>,
    /// Its size, when it can grow (seats over purchase, a policy's count):
    /// baselines and `[[ignore]] max` accept it only up to a size.
    pub quantity: Option<Box<crate::finding::quantity::Quantity>>,
    /// What few findings have, in one box: a finding without any of it
    /// costs one pointer, not 40 bytes (#16).
    extra: Option<Box<Extra>>,
    /// Whether its message, label and help were dropped ([`Words`]).
    wordless: bool,
}

/// Which findings keep their words (message, label, help) as rules make
/// them. `diff` shows only the findings a change introduces, grows or
/// resolves: a base-side finding the other side also has needs none of
/// its words, which are most of a finding's memory (#9).
#[derive(Clone, Copy)]
pub(crate) enum Words<'a> {
    All,
    /// Those this says yes to, and every finding with a size; the others
    /// keep what suppressions and `diff` read (rule, subject, severity,
    /// place, size, fix). A size keeps the words because suppressions
    /// write them on (an `[[ignore]] max` or a baseline the finding
    /// outgrew), so they cannot be made again from the rule alone.
    Only(&'a (dyn Fn(&Finding) -> bool + Sync)),
    /// Only those with a size (`diff`'s counts, the base side of an edited
    /// copy): a rule whose words cost a search skips making them.
    None,
}

impl Words<'_> {
    /// Whether `finding` keeps its words.
    pub(crate) fn keep(self, finding: &Finding) -> bool {
        finding.quantity.is_some()
            || match self {
                Self::All => true,
                Self::Only(keep) => keep(finding),
                Self::None => false,
            }
    }

    /// Drop the words of `finding` unless they are kept.
    pub(crate) fn settle(self, finding: &mut Finding) {
        if !self.keep(finding) {
            finding.message = Text::EMPTY;
            finding.label = Text::EMPTY;
            finding.help = Text::EMPTY;
            finding.wordless = true;
        }
    }
}

/// The rarer parts of a [`Finding`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Extra {
    /// The entries involved, for a finding without a line of its own (`loc`
    /// is `None`, e.g. two primary owners and no `[workspace]` table): code
    /// scanning and GitLab need a location, JSON keeps `null` (cli.md).
    involved: Box<[Loc]>,
    /// What fixing it saves a year, in cents (license findings).
    yearly_saving: Option<i64>,
    /// The change to the files that `swatch fix` makes for it, if any.
    fix: Option<Fix>,
}

/// Whether a fix may change anybody's access, license or cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Safety {
    /// Changes nobody's access (suppressions and the baseline): applied by default.
    Safe,
    /// Changes access: applied only with `swatch fix --unsafe`.
    Unsafe,
}

impl Safety {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Safe => "safe",
            Self::Unsafe => "unsafe",
        }
    }
}

/// A change to the files that resolves a finding. Findings carry it as
/// data (ruff's `Fix`); `swatch fix` applies the edits with `toml_edit` and
/// SARIF shows them as replacements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fix {
    pub safety: Safety,
    /// What it does, in words ("remove the assignment").
    pub summary: Text,
    pub edits: Edits,
}

/// A fix's edits: most are one, kept inline.
pub(crate) type Edits = smallvec::SmallVec<[FixEdit; 1]>;

/// One edit of a fix. Each names what it changes the way `toml_edit` finds
/// it (a key, a table, an index) and carries the place in the files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FixEdit {
    /// Delete the config's `index`-th `[[ignore]]` entry, whose header is at `loc`.
    RemoveIgnore { index: usize, loc: Loc },
    /// Delete the `# swatch: ignore` comment line at `loc`.
    RemoveComment { loc: Loc },
    /// Drop this entry from the baseline file.
    DropBaselineEntry { rule: String, subject: Subject },
    /// Set `default_access = "read"` in the `[roles.NAME]` table whose header is at `loc`.
    DefaultAccessRead { role: String, loc: Loc },
    /// Delete the `[members]` line at `loc`, whose key is `key` in any case.
    RemoveAssignment { key: String, loc: Loc },
    /// Give the `[members]` line at `loc` (key `key` in any case) the role `role`.
    Reassign { key: String, role: String, loc: Loc },
    /// Delete the `[roles.NAME]` table whose header is at `loc`.
    RemoveRole { role: String, loc: Loc },
}

impl Finding {
    /// A finding with no label, help, saving, size or fix yet.
    pub(crate) fn new(
        rule: impl Into<Text>,
        severity: Severity,
        subject: Subject,
        loc: Option<Loc>,
        message: impl Into<Text>,
    ) -> Self {
        Self {
            rule: rule.into(),
            severity,
            subject,
            message: message.into(),
            label: Text::EMPTY,
            help: Text::EMPTY,
            loc,
            quantity: None,
            extra: None,
            wordless: false,
        }
    }

    /// Whether [`Words`] dropped its message, label and help.
    pub(crate) fn is_wordless(&self) -> bool {
        self.wordless
    }

    /// Take the words back from `made_again`, the same finding made again
    /// with its words.
    pub(crate) fn restore_words(&mut self, made_again: Finding) {
        self.message = made_again.message;
        self.label = made_again.label;
        self.help = made_again.help;
        self.wordless = false;
    }

    /// The entries involved, for a finding without a line of its own.
    pub(crate) fn involved(&self) -> &[Loc] {
        self.extra.as_ref().map_or(&[], |x| &x.involved)
    }

    /// What fixing it saves a year, in cents.
    pub(crate) fn yearly_saving(&self) -> Option<i64> {
        self.extra.as_ref().and_then(|x| x.yearly_saving)
    }

    /// The change `swatch fix` makes for it.
    pub(crate) fn fix(&self) -> Option<&Fix> {
        self.extra.as_ref().and_then(|x| x.fix.as_ref())
    }

    pub(crate) fn set_involved(&mut self, involved: Box<[Loc]>) {
        self.extra_mut().involved = involved;
    }

    pub(crate) fn set_yearly_saving(&mut self, cents: i64) {
        self.extra_mut().yearly_saving = Some(cents);
    }

    pub(crate) fn set_fix(&mut self, fix: Fix) {
        self.extra_mut().fix = Some(fix);
    }

    fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// The identity that suppressions, baselines and diffs match on.
    pub(crate) fn identity(&self) -> (&str, &Subject) {
        (&self.rule, &self.subject)
    }
}

/// Sort findings by file path, offset, rule and subject: the one order
/// every renderer uses, whatever order files were read in.
pub(crate) fn sort(findings: &mut [Finding], sources: &Sources) {
    // Their positions are sorted and the findings moved once along the
    // permutation's cycles: a stable sort of the findings themselves
    // takes a buffer of up to 8 MB of them (#16).
    let in_order = Order::new(sources);
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&a, &b| in_order.cmp(&findings[a], &findings[b]));
    // `order[i]` is where the finding for place `i` is; a place whose
    // finding has arrived points at itself.
    for start in 0..order.len() {
        let mut place = start;
        while order[place] != start {
            let from = order[place];
            findings.swap(place, from);
            order[place] = place;
            place = from;
        }
        order[place] = place;
    }
}

/// [`sort`]'s order: by file path, offset, rule and subject; findings
/// without a place (workspace-wide) last.
pub(crate) struct Order {
    /// Each file's place among the paths (by `FileId`), so that hundreds
    /// of thousands of comparisons compare numbers, not paths.
    rank: Vec<u32>,
}

impl Order {
    pub(crate) fn new(sources: &Sources) -> Self {
        let path = |i: usize| sources.get(crate::source::FileId(i as u32)).path.as_str();
        let mut by_path: Vec<usize> = (0..sources.len()).collect();
        by_path.sort_by(|&a, &b| path(a).cmp(path(b)));
        let mut rank = vec![0; by_path.len()];
        let mut next = 0;
        for (i, &file) in by_path.iter().enumerate() {
            // Files of the same path rank the same, as their paths compare.
            if i > 0 && path(by_path[i - 1]) != path(file) {
                next += 1;
            }
            rank[file] = next;
        }
        Self { rank }
    }

    pub(crate) fn cmp(&self, a: &Finding, b: &Finding) -> std::cmp::Ordering {
        let place = |f: &Finding| f.loc.map(|l| (self.rank[l.file.0 as usize], l.start));
        let key = |f: &Finding| (place(f).is_none(), place(f));
        key(a)
            .cmp(&key(b))
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.subject.cmp(&b.subject))
    }
}

/// Counts per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Summary {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Summary {
    pub(crate) fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        let mut summary = Self::default();
        for f in findings {
            match f.severity {
                Severity::Error => summary.error += 1,
                Severity::Warning => summary.warning += 1,
                Severity::Info => summary.info += 1,
            }
        }
        summary
    }
}

/// A list from input in a message: at most `shown` items, then how many
/// more ("a, b, and 9,995 more"), so text printed in every finding cannot
/// grow with the workspace.
pub(crate) fn capped_list<T: std::fmt::Display>(items: &[T], shown: usize) -> String {
    listed_of(&items[..shown.min(items.len())], items.len())
}

/// The first items of a list of `total`, then "and N more" for the rest.
pub(crate) fn listed_of<T: std::fmt::Display>(first: &[T], total: usize) -> String {
    let mut text: Vec<String> = first.iter().map(ToString::to_string).collect();
    if total > first.len() {
        text.push(format!("and {} more", grouped(total - first.len())));
    }
    text.join(", ")
}

/// How many names a message lists before "and N more".
pub(crate) const LISTED: usize = 5;

/// Names from input in a message, each quoted as a code span
/// ([`crate::code_span::quote`]), at most [`LISTED`] then how many more.
pub(crate) fn capped_names<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let mut names = names.into_iter();
    let mut text: Vec<String> = names
        .by_ref()
        .take(LISTED)
        .map(crate::code_span::quote)
        .collect();
    let more = names.count();
    if more > 0 {
        text.push(format!("and {} more", grouped(more)));
    }
    text.join(", ")
}

/// 9995 as `9,995`.
pub(crate) fn grouped(n: impl fmt::Display) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod sort_tests {
    use super::{Finding, Severity, Subject, sort};
    use crate::source::{Loc, SourceFile, Sources};

    #[test]
    fn sorts_as_a_stable_sort_of_the_findings_would() {
        let mut sources = Sources::default();
        let b = sources.add(SourceFile::new("b.toml".into(), String::new()));
        let a = sources.add(SourceFile::new("a.toml".into(), String::new()));
        // Places in a scrambled order, some shared (their order is kept),
        // and findings without a place, which come last.
        let places = [7, 3, 3, 9, 0, 3, 5, 1, 8, 2];
        let mut findings: Vec<Finding> = places
            .iter()
            .enumerate()
            .map(|(i, &start)| {
                let loc = (start != 9).then_some(Loc {
                    file: if start % 2 == 0 { a } else { b },
                    start,
                    end: start,
                });
                Finding::new(
                    "r",
                    Severity::Info,
                    Subject::member("m"),
                    loc,
                    i.to_string(),
                )
            })
            .collect();
        let mut expected = findings.clone();
        let path = |f: &Finding| f.loc.map(|l| (sources.get(l.file).path.clone(), l.start));
        expected.sort_by_key(|f| (f.loc.is_none(), path(f), f.rule.clone()));
        sort(&mut findings, &sources);
        assert_eq!(findings, expected);
    }
}

#[cfg(test)]
mod capped_tests {
    #[test]
    fn long_lists_are_cut_with_a_count() {
        assert_eq!(super::capped_list(&["a", "b"], 5), "a, b");
        let many: Vec<usize> = (0..10_000).collect();
        assert_eq!(super::capped_list(&many, 2), "0, 1, and 9,998 more");
    }
}
