//! User rules: declarative policies in `policies/**/*.toml`, enforced like
//! built-in rules (same severities, suppressions, `rules` and `explain`).
//!
//! Policies are grouped by subject kind and evaluated in one pass over the
//! model per kind: every subject is visited once, its facts shared by every
//! policy about that kind. See docs/policies.md for the format.

mod condition;
mod eval;
mod fields;
mod index;
mod operator;
mod parse;
mod subject;
pub(crate) mod test;

use crate::config::Config;
use crate::error::{InputError, Invalid};
use crate::finding::{Finding, Level, Severity, Subject, SubjectKind, Text};
use crate::license::Licenses;
use crate::load::{Content, MaxFileSize};
use crate::source::{Loc, SourceFile, Sources};
use condition::Where;
use fields::Facts;
use jiff::civil::Date;
use rayon::prelude::*;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Per {
    Application,
    Workspace,
}

/// "More than N matching subjects per application (or in the workspace)".
#[derive(Debug, Clone, Copy)]
pub(crate) struct Aggregate {
    pub per: Per,
    pub more_than: u64,
}

/// An example workspace a policy must (or must not) fire on.
#[derive(Debug, Clone)]
pub(crate) struct Example {
    pub name: String,
    /// Subject names it must fire on; empty: it must not fire.
    pub fires_on: Vec<String>,
    pub workspace: String,
    /// The policy file, and the line the workspace text starts on in it.
    pub path: String,
    pub first_line: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Policy {
    /// Shared by its findings (their rule and label).
    pub id: Text,
    /// The `id =` value.
    pub loc: Loc,
    pub severity: Severity,
    pub subject: SubjectKind,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Templates; shared by its findings when they have no `{field}`.
    pub message: Text,
    pub help: Text,
    conditions: Where,
    pub aggregate: Option<Aggregate>,
    pub examples: Vec<Example>,
    /// The policy file, relative to the workspace.
    pub path: String,
    /// Markdown for `swatch explain`, generated once.
    pub docs: String,
}

/// Whether a finding's rule is a user rule: their ids always have a
/// namespace (`acme/…`, checked when policies are read), built-in ids never.
pub(crate) fn is_user_rule_id(id: &str) -> bool {
    id.contains('/')
}

impl Policy {
    pub(crate) fn summary(&self) -> &str {
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
        let mut finding = Finding::new(
            self.id.clone(),
            severity,
            subject,
            loc,
            filled(&self.message, &value),
        );
        finding.label = self.id.clone();
        finding.help = filled(&self.help, &value);
        finding
    }
}

/// A template with its `{field}`s filled; itself (shared) when it has none,
/// as most helps.
fn filled(template: &Text, value: impl Fn(&str) -> Option<String>) -> Text {
    if template.contains(['{', '}']) {
        eval::fill(template, value).into()
    } else {
        template.clone()
    }
}

/// At most this many user rules: each is indexed, but a hostile pull
/// request should not get to make every run index millions.
pub(crate) const MAX_USER_RULES: usize = 10_000;

/// Every policy of a workspace.
#[derive(Debug, Default)]
pub(crate) struct Policies {
    pub policies: Vec<Policy>,
}

/// Policy files below `root/policies`, as sorted relative paths.
/// A symlink (the folder itself, or a `.toml` in it) is listed so that
/// reading refuses it by name: a policy is never read through a link.
pub(crate) fn discover(root: &Path) -> Result<Vec<(String, Content)>, InputError> {
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
    pub(crate) fn open(root: &Path, limit: MaxFileSize) -> Result<Self, Invalid> {
        let files = discover(root).map_err(Invalid::single)?;
        Self::load(files, limit).map_err(|mut invalid| {
            invalid.sources.show_from(root);
            invalid
        })
    }

    /// Parse and validate policy files; every error of every file at once.
    pub(crate) fn load(files: Vec<(String, Content)>, limit: MaxFileSize) -> Result<Self, Invalid> {
        let mut sources = Sources::default();
        let mut policies = Vec::new();
        let mut errors = Vec::new();
        for (path, content) in files {
            let read = match content {
                Content::Bytes(b) | Content::Blob(b, _) => crate::read::capped_text(b, limit),
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
            let (parsed, file_errors) = parse::parse_file(id, &path, sources.get(id).text());
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
        // The policy files' text is needed only to locate their errors.
        Ok(Self { policies })
    }

    /// Findings of every enabled policy: one pass over each kind of subject.
    pub(crate) fn check(
        &self,
        licenses: &Licenses<'_>,
        config: &Config,
        today: Date,
    ) -> Vec<Finding> {
        self.check_only(licenses, today, |p| {
            match config.level_or(&p.id, p.severity) {
                Level::Off => None,
                Level::On(s) => Some(s),
            }
        })
    }

    /// Findings of the policies `enabled` gives a severity to.
    pub(crate) fn check_only(
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
                    eval::evaluate(&facts, kind, &active, today)
                }
            })
            .collect()
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
