//! User rules: declarative policies in `policies/**/*.toml`, enforced like
//! built-in rules (same severities, suppressions, `rules` and `explain`).
//!
//! Policies are grouped by subject kind and evaluated in one pass over the
//! model per kind: every subject is visited once, its facts shared by every
//! policy about that kind. See docs/policies.md for the format.

pub mod fields;
mod index;
mod parse;
pub mod test;

use crate::config::Config;
use crate::error::{InputError, Invalid};
use crate::finding::{Finding, Level, Severity, Subject, SubjectKind};
use crate::license::Licenses;
use crate::load::{Content, MaxFileSize};
use crate::model::{License, PermissionSet};
use crate::source::{Loc, SourceFile, Sources};
use fields::{Facts, Instance, Value};
use jiff::civil::Date;
use rayon::prelude::*;

pub use crate::pattern::Pattern;
use std::path::Path;

/// A literal in a condition.
#[derive(Debug, Clone)]
pub enum Lit {
    Text(String),
    Bool(bool),
    Number(i64),
    License(License),
    Date(Date),
    Permissions(PermissionSet),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    MoreThan,
    LessThan,
    AtLeast,
    AtMost,
}

impl Cmp {
    fn holds(self, value: i64, limit: i64) -> bool {
        match self {
            Self::MoreThan => value > limit,
            Self::LessThan => value < limit,
            Self::AtLeast => value >= limit,
            Self::AtMost => value <= limit,
        }
    }
}

/// A test on one field's value.
#[derive(Debug, Clone)]
pub enum Test {
    Eq(Lit),
    AnyOf(Vec<Lit>),
    Glob(Pattern),
    Not(Box<Test>),
    All(Vec<Test>),
    Missing(bool),
    Number(Cmp, i64),
    LicenseAtLeast(License),
    LicenseAtMost(License),
    DaysSince(Cmp, i64),
    DaysUntil(Cmp, i64),
    Before(Date),
    After(Date),
    IncludesAny(PermissionSet),
    IncludesAll(PermissionSet),
    Only(PermissionSet),
}

#[derive(Debug, Clone)]
pub struct Condition {
    /// Index into `fields::FIELDS`.
    pub field: usize,
    pub test: Test,
}

/// Conditions that must all hold, and groups that must not.
#[derive(Debug, Clone, Default)]
pub struct Where {
    pub all: Vec<Condition>,
    pub not: Vec<Where>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    Application,
    Workspace,
}

/// "More than N matching subjects per application (or in the workspace)".
#[derive(Debug, Clone, Copy)]
pub struct Aggregate {
    pub per: Per,
    pub more_than: u64,
}

/// An example workspace a policy must (or must not) fire on.
#[derive(Debug, Clone)]
pub struct Example {
    pub name: String,
    /// Subject names it must fire on; empty: it must not fire.
    pub fires_on: Vec<String>,
    pub workspace: String,
    /// The policy file, and the line the workspace text starts on in it.
    pub path: String,
    pub first_line: usize,
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub id: String,
    /// The `id =` value.
    pub loc: Loc,
    pub severity: Severity,
    pub subject: SubjectKind,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub message: String,
    pub help: String,
    pub conditions: Where,
    pub aggregate: Option<Aggregate>,
    pub examples: Vec<Example>,
    /// The policy file, relative to the workspace.
    pub path: String,
    /// Markdown for `swatch explain`, generated once.
    pub docs: String,
}

/// Whether a finding's rule is a user rule: their ids always have a
/// namespace (`acme/…`, checked when policies are read), built-in ids never.
pub fn is_user_rule_id(id: &str) -> bool {
    id.contains('/')
}

impl Policy {
    pub fn summary(&self) -> &str {
        self.summary.as_deref().unwrap_or(&self.message)
    }

    /// A finding of this policy, its texts filled from `value`.
    fn finding(
        &self,
        severity: Severity,
        subject: Subject,
        loc: Option<Loc>,
        value: impl Fn(&str) -> Option<String>,
    ) -> Finding {
        Finding {
            rule: self.id.clone(),
            severity,
            subject,
            message: fill(&self.message, &value),
            label: self.id.clone(),
            help: fill(&self.help, &value),
            loc,
            involved: Vec::new(),
            yearly_saving: None,
            quantity: None,
            fix: None,
        }
    }
}

/// At most this many user rules: each is indexed, but a hostile pull
/// request should not get to make every run index millions.
pub const MAX_USER_RULES: usize = 10_000;

/// Every policy of a workspace.
#[derive(Debug, Default)]
pub struct Policies {
    pub policies: Vec<Policy>,
    /// The policy files, for locating their errors.
    pub sources: Sources,
}

/// Policy files below `root/policies`, as sorted relative paths.
/// A symlink (the folder itself, or a `.toml` in it) is listed so that
/// reading refuses it by name: a policy is never read through a link.
pub fn discover(root: &Path) -> Result<Vec<(String, Content)>, InputError> {
    let dir = root.join("policies");
    if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Ok(vec![("policies".to_owned(), Content::Disk(dir))]);
    }
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| {
            InputError::new(
                "swatch::policy::unreadable",
                format!("cannot read {}: {e}", dir.display()),
            )
        })?;
        let rel = crate::load::relative(root, entry.path());
        let is_toml = entry
            .path()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        if (entry.file_type().is_file() || entry.path_is_symlink()) && is_toml {
            files.push((rel, Content::Disk(entry.into_path())));
        }
    }
    Ok(files)
}

impl Policies {
    /// The policies of the workspace folder `root` (none without `policies/`).
    pub fn open(root: &Path, limit: MaxFileSize) -> Result<Self, Invalid> {
        let files = discover(root).map_err(Invalid::single)?;
        Self::load(files, limit).map_err(|mut invalid| {
            invalid.sources.show_from(root);
            invalid
        })
    }

    /// Parse and validate policy files; every error of every file at once.
    pub fn load(files: Vec<(String, Content)>, limit: MaxFileSize) -> Result<Self, Invalid> {
        let mut sources = Sources::default();
        let mut policies = Vec::new();
        let mut errors = Vec::new();
        for (path, content) in files {
            let read = match content {
                Content::Bytes(b) => crate::read::capped_text(b, limit),
                Content::Disk(p) => crate::load::read_no_symlink_text(&p, limit),
                Content::Symlink => Err(crate::load::ReadError::Symlink(path.clone().into())),
            };
            let text = match read {
                Ok(text) => text,
                Err(e) => {
                    errors.push(e.input_error("swatch::policy::unreadable", &path));
                    continue;
                }
            };
            let id = sources.add(SourceFile::new(path.clone(), text));
            let (parsed, file_errors) = parse::parse_file(id, &path, &sources.get(id).text);
            policies.extend(parsed);
            errors.extend(file_errors);
        }
        if let Some(over) = policies.get(MAX_USER_RULES) {
            errors.push(
                InputError::at(
                    "swatch::policy::too_many",
                    over.loc,
                    format!(
                        "{} user rules in policies/; at most {MAX_USER_RULES} are read",
                        policies.len()
                    ),
                )
                .label(format!("rule number {}", MAX_USER_RULES + 1))
                .help(
                    "merge rules that differ only in a value into one (`any_of = [...]`, a glob)",
                ),
            );
        }
        // Ids are unique, and never a built-in rule's.
        policies.sort_by(|a, b| a.id.cmp(&b.id).then(a.loc.cmp(&b.loc)));
        for pair in policies.windows(2) {
            if pair[0].id == pair[1].id {
                errors.push(
                    InputError::at(
                        "swatch::policy::duplicate",
                        pair[1].loc,
                        format!("the rule id `{}` is used twice", pair[1].id),
                    )
                    .label("second definition")
                    .also(pair[0].loc, "first definition")
                    .help("give each rule its own id"),
                );
            }
        }
        if !errors.is_empty() {
            return Err(Invalid { sources, errors }.sorted());
        }
        for policy in &mut policies {
            let position = sources.position(policy.loc);
            policy.docs = docs(policy, &position.to_string());
        }
        Ok(Self { policies, sources })
    }

    /// Findings of every enabled policy: one pass over each kind of subject.
    pub fn check(&self, licenses: &Licenses<'_>, config: &Config, today: Date) -> Vec<Finding> {
        self.check_only(licenses, today, |p| {
            match config.level_or(&p.id, p.severity) {
                Level::Off => None,
                Level::On(s) => Some(s),
            }
        })
    }

    /// Findings of the policies `enabled` gives a severity to.
    pub fn check_only(
        &self,
        licenses: &Licenses<'_>,
        today: Date,
        enabled: impl Fn(&Policy) -> Option<Severity> + Sync,
    ) -> Vec<Finding> {
        if self.policies.is_empty() {
            return Vec::new();
        }
        let facts = Facts::new(licenses);
        fields::SUBJECT_KINDS
            .par_iter()
            .flat_map_iter(|&kind| {
                let active: Vec<(&Policy, Severity)> = self
                    .policies
                    .iter()
                    .filter(|p| p.subject == kind)
                    .filter_map(|p| enabled(p).map(|s| (p, s)))
                    .collect();
                if active.is_empty() {
                    Vec::new()
                } else {
                    evaluate(&facts, kind, &active, today)
                }
            })
            .collect()
    }
}

/// Every subject of a kind in the model.
fn instances<'m>(licenses: &Licenses<'m>, kind: SubjectKind) -> Vec<Instance<'m>> {
    let model = licenses.model;
    match kind {
        SubjectKind::Member => (0..model.members.len()).map(Instance::Member).collect(),
        SubjectKind::Assignment => model
            .applications
            .iter()
            .enumerate()
            .flat_map(|(app, a)| {
                (0..a.assignments.len()).map(move |index| Instance::Assignment { app, index })
            })
            .collect(),
        SubjectKind::Role => model
            .applications
            .iter()
            .enumerate()
            .flat_map(|(app, a)| a.all_roles().map(move |role| Instance::Role { app, role }))
            .collect(),
        SubjectKind::Application => (0..model.applications.len())
            .map(Instance::Application)
            .collect(),
        SubjectKind::ApiKey => (0..model.api_keys.len()).map(Instance::ApiKey).collect(),
        SubjectKind::Automation => model
            .applications
            .iter()
            .enumerate()
            .flat_map(|(app, a)| {
                (0..a.automations.len()).map(move |index| Instance::Automation { app, index })
            })
            .collect(),
        SubjectKind::Workspace | SubjectKind::Suppression => Vec::new(),
    }
}

/// A subject's identity and its identifying line.
fn identity(licenses: &Licenses<'_>, instance: &Instance<'_>) -> (Subject, Option<Loc>) {
    let model = licenses.model;
    match *instance {
        Instance::Member(i) => (
            Subject::member(&model.members[i].key),
            Some(model.members[i].loc),
        ),
        Instance::Assignment { app, index } => {
            let a = &model.applications[app];
            (
                Subject::assignment(&a.name, &a.assignments[index].key),
                Some(a.assignments[index].loc),
            )
        }
        Instance::Role { app, role } => {
            let a = &model.applications[app];
            (
                Subject::role(&a.name, role.name),
                Some(role.defined.map_or(a.loc, |r| r.loc)),
            )
        }
        Instance::Application(app) => (
            Subject::application(&model.applications[app].name),
            Some(model.applications[app].loc),
        ),
        Instance::ApiKey(k) => (
            Subject::api_key(&model.api_keys[k].name),
            Some(model.api_keys[k].loc),
        ),
        Instance::Automation { app, index } => {
            let a = &model.applications[app];
            (
                Subject::automation(&a.name, &a.automations[index].name),
                Some(a.automations[index].loc),
            )
        }
    }
}

fn application_of(instance: &Instance<'_>) -> Option<usize> {
    match *instance {
        Instance::Assignment { app, .. }
        | Instance::Role { app, .. }
        | Instance::Automation { app, .. }
        | Instance::Application(app) => Some(app),
        _ => None,
    }
}

/// Visit each subject once; test the policies about its kind that its
/// text fields can satisfy.
fn evaluate(
    facts: &Facts<'_>,
    kind: SubjectKind,
    policies: &[(&Policy, Severity)],
    today: Date,
) -> Vec<Finding> {
    let licenses = facts.licenses;
    let model = licenses.model;
    let mut findings = Vec::new();
    // Aggregates: matching subjects per group, per policy.
    let mut counts: Vec<std::collections::BTreeMap<Option<usize>, u64>> =
        vec![std::collections::BTreeMap::default(); policies.len()];
    let index = index::PolicyIndex::new(policies, today);
    for instance in instances(licenses, kind) {
        for k in index.candidates(facts, &instance) {
            let (policy, severity) = policies[k];
            #[cfg(test)]
            index::count_evaluation();
            if !holds(&policy.conditions, facts, &instance, today) {
                continue;
            }
            if let Some(aggregate) = policy.aggregate {
                let group = match aggregate.per {
                    Per::Application => application_of(&instance),
                    Per::Workspace => None,
                };
                *counts[k].entry(group).or_default() += 1;
                continue;
            }
            let (subject, loc) = identity(licenses, &instance);
            let value = |field: &str| {
                fields::field(kind, field).map(|(i, _)| facts.value(i, &instance).to_string())
            };
            findings.push(policy.finding(severity, subject, loc, value));
        }
    }
    for (k, &(policy, severity)) in policies.iter().enumerate() {
        let Some(aggregate) = policy.aggregate else {
            continue;
        };
        for (&group, &count) in &counts[k] {
            if count <= aggregate.more_than {
                continue;
            }
            let (subject, loc, application) = match group {
                Some(app) => {
                    let a = &model.applications[app];
                    (Subject::application(&a.name), Some(a.loc), a.name.as_str())
                }
                None => (
                    Subject::workspace(model.workspace_name()),
                    model.workspace.as_ref().map(|w| w.loc),
                    "",
                ),
            };
            let value = |field: &str| match field {
                "count" => Some(count.to_string()),
                "limit" => Some(aggregate.more_than.to_string()),
                "application" => Some(application.to_owned()),
                _ => None,
            };
            let mut finding = policy.finding(severity, subject, loc, value);
            finding.quantity = Some(crate::finding::quantity::Quantity::of(
                "count",
                count,
                format!("{count} matching, at most {} allowed", aggregate.more_than),
            ));
            findings.push(finding);
        }
    }
    findings
}

/// Replace `{field}` placeholders; `{{` is a literal brace.
pub fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open].replace("}}", "}"));
        if rest[open..].starts_with("{{") {
            out.push('{');
            rest = &rest[open + 2..];
            continue;
        }
        if let Some(close) = rest[open..].find('}') {
            let name = &rest[open + 1..open + close];
            out.push_str(&value(name).unwrap_or_else(|| format!("{{{name}}}")));
            rest = &rest[open + close + 1..];
        } else {
            out.push_str(&rest[open..]);
            rest = "";
        }
    }
    out.push_str(&rest.replace("}}", "}"));
    out
}

fn holds(conditions: &Where, facts: &Facts<'_>, instance: &Instance<'_>, today: Date) -> bool {
    conditions
        .all
        .iter()
        .all(|c| test(&c.test, &facts.value(c.field, instance), today))
        && conditions
            .not
            .iter()
            .all(|w| !holds(w, facts, instance, today))
}

fn lit_eq(lit: &Lit, value: &Value<'_>) -> bool {
    match (lit, value) {
        (Lit::Text(t), Value::Text(v)) => t == v.as_ref(),
        (Lit::Bool(b), Value::Bool(v)) => b == v,
        (Lit::Number(n), Value::Number(v)) => n == v,
        (Lit::License(l), Value::License(v)) => Some(*l) == *v,
        (Lit::Date(d), Value::Date(v)) => Some(*d) == *v,
        (Lit::Permissions(p), Value::Permissions(v)) => p == v,
        _ => false,
    }
}

fn test(test: &Test, value: &Value<'_>, today: Date) -> bool {
    let days = |d: &Date| i64::from((today - *d).get_days());
    match (test, value) {
        (Test::Eq(lit), v) => lit_eq(lit, v),
        (Test::AnyOf(lits), v) => lits.iter().any(|l| lit_eq(l, v)),
        (Test::Glob(g), Value::Text(t)) => g.is_match(t.as_ref()),
        (Test::Not(inner), v) => !self::test(inner, v, today),
        (Test::All(tests), v) => tests.iter().all(|t| self::test(t, v, today)),
        (Test::Missing(want), v) => {
            let missing = match v {
                Value::Text(t) => t.is_empty(),
                Value::Date(d) => d.is_none(),
                Value::License(l) => l.is_none(),
                Value::Permissions(p) => p.is_empty(),
                Value::Number(_) | Value::Bool(_) => false,
            };
            missing == *want
        }
        (Test::Number(cmp, n), Value::Number(v)) => cmp.holds(*v, *n),
        (Test::LicenseAtLeast(l), Value::License(Some(v))) => v >= l,
        (Test::LicenseAtMost(l), Value::License(Some(v))) => v <= l,
        // A date that is not there never matches a comparison: use `missing`.
        (Test::DaysSince(cmp, n), Value::Date(Some(d))) => cmp.holds(days(d), *n),
        (Test::DaysUntil(cmp, n), Value::Date(Some(d))) => cmp.holds(-days(d), *n),
        (Test::Before(limit), Value::Date(Some(d))) => d < limit,
        (Test::After(limit), Value::Date(Some(d))) => d > limit,
        (Test::IncludesAny(set), Value::Permissions(p)) => p.intersects(*set),
        (Test::IncludesAll(set), Value::Permissions(p)) => set.is_subset(*p),
        (Test::Only(set), Value::Permissions(p)) => p.is_subset(*set),
        _ => false,
    }
}

/// The markdown `swatch explain` prints for a policy.
fn docs(policy: &Policy, position: &str) -> String {
    let mut text = format!(
        "# {}\n\n{}\n\nDefault severity: **{}**. A user rule, defined at {position}.\n",
        policy.id,
        policy.summary(),
        policy.severity
    );
    if let Some(description) = &policy.description {
        text.push_str(&format!("\n## Why\n\n{}\n", description.trim()));
    }
    text.push_str(&format!(
        "\n## What it checks\n\nEvery {} ",
        policy.subject.as_str()
    ));
    text.push_str(&format!("matching the conditions in `{}`", policy.path));
    if let Some(a) = policy.aggregate {
        let per = match a.per {
            Per::Application => "per application",
            Per::Workspace => "in the workspace",
        };
        text.push_str(&format!(
            ", counted {per}: it fires when more than {} match",
            a.more_than
        ));
    }
    text.push_str(&format!(".\n\nMessage: {}\n", policy.message));
    if !policy.help.is_empty() {
        text.push_str(&format!("\n## How to fix\n\n{}\n", policy.help));
    }
    if !policy.examples.is_empty() {
        text.push_str("\n## Examples\n\n");
        for e in &policy.examples {
            let fires = if e.fires_on.is_empty() {
                "does not fire".to_owned()
            } else {
                format!("fires on {}", e.fires_on.join(", "))
            };
            text.push_str(&format!("- {}: {fires}\n", e.name));
        }
        text.push_str("\n`swatch test` runs them.\n");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn placeholders_are_filled_and_braces_escaped() {
        let f = |t: &str| fill(t, |n| (n == "email").then(|| "a@x.com".to_owned()));
        assert_eq!(f("{email} holds it"), "a@x.com holds it");
        assert_eq!(f("{{literal}} {email}"), "{literal} a@x.com");
        assert_eq!(f("{unknown}"), "{unknown}");
    }
}
