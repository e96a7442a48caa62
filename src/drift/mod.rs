//! `swatch drift`: every difference between the workspace in git and
//! Pigment's exports, each with both values and where each side says it.
//!
//! Both sides are sorted by lower-cased email, so members and assignments
//! are compared by one merge walk: linear in the size of both.

mod compare;
mod render;

use crate::code_span::quote;
use crate::error::{InputError, Invalid};
use crate::exit::Exit;
use crate::export::{ExportArgs, Exports, LicensesOf};
use crate::license::Licenses;
use crate::load::Workspace;
use crate::model::Status;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

use compare::{Compare, Pair, merge};
pub(crate) use render::DriftFormat;

/// The kinds of difference, in the order they are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Kind {
    OnlyLive,
    OnlyGit,
    AccountType,
    Status,
    License,
    ApplicationCount,
    Role,
    IdpInactive,
    IdpUnknown,
}

/// One side's value: a name in the format's spelling, or a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub(crate) enum Value {
    Text(String),
    Count(u64),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Text(text) => f.write_str(text),
            Self::Count(n) => write!(f, "{n}"),
        }
    }
}

fn text(value: impl Into<String>) -> Value {
    Value::Text(value.into())
}

/// One difference (cli.md, "Second batch": the JSON shape).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Difference {
    pub(crate) kind: Kind,
    pub(crate) email: String,
    pub(crate) application: Option<String>,
    pub(crate) git: Option<Value>,
    pub(crate) live: Option<Value>,
    pub(crate) git_at: Option<String>,
    pub(crate) live_at: Option<String>,
    pub(crate) message: String,
    /// The differences that follow from this one, folded into it and its
    /// message rather than listed again ([`fold`]); sorted like the list.
    pub(crate) also: Vec<Difference>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct Summary {
    pub(crate) members_git: usize,
    pub(crate) members_live: usize,
    pub(crate) differences: usize,
}

/// Every difference, sorted by kind, email, application.
#[derive(Debug, Serialize)]
pub(crate) struct Drift {
    pub(crate) drift: Vec<Difference>,
    pub(crate) summary: Summary,
}

impl Drift {
    pub(crate) fn exit(&self) -> Exit {
        if self.drift.is_empty() {
            Exit::Clean
        } else {
            Exit::Failed
        }
    }
}

/// The differences, and both sides they were found between (kept for the
/// caller to free, or not, once the differences are written).
pub(crate) struct Compared {
    pub(crate) drift: Drift,
    pub(crate) workspace: Workspace,
    pub(crate) exports: Exports,
}

/// Load the workspace at `path` and the exports, and compare them. Every
/// error of the flags and the exports is reported in one run. Files, exports included, are capped at `max_file_size`
/// (`--max-file-size`), else the config's `max_file_size`.
pub(crate) fn run(
    path: &Path,
    export_paths: &ExportArgs,
    config: Option<&Path>,
    max_file_size: Option<crate::load::MaxFileSize>,
) -> Result<Compared, Invalid> {
    let (config, workspace) = crate::load::open(path, config, max_file_size, None)?;
    let mut errors = Vec::new();
    for (application, _) in &export_paths.assignments {
        if workspace.model.application(application).is_none() {
            let names = workspace.model.applications.iter().map(|a| a.name.as_str());
            let help = crate::toml_read::suggest(application, names, || {
                "--assignments takes the application's name as its [application] name says"
                    .to_owned()
            });
            errors.push(
                InputError::new(
                    "swatch::drift::unknown_application",
                    format!(
                        "the workspace has no application `{}`",
                        crate::source::escape(application)
                    ),
                )
                .help(help),
            );
        }
    }
    let licenses_of = LicensesOf {
        model: workspace.model.license_model,
        code: "swatch::drift::no_such_license",
        named_by: "the workspace's license model",
        help: "set `license_model` in [workspace] to the one on Pigment's Plan & Usage page",
    };
    let limit = config.file_limit(max_file_size);
    let exports = Exports::read(export_paths, limit, Some(licenses_of), errors)?;
    let drift = compare(&workspace, &exports);
    Ok(Compared {
        drift,
        workspace,
        exports,
    })
}

pub(crate) fn compare(workspace: &Workspace, exports: &Exports) -> Drift {
    let model = &workspace.model;
    let mut cx = Compare {
        workspace,
        licenses: Licenses::derive(model),
        members: &exports.members,
        found: Vec::new(),
    };
    let mut index = 0;
    merge(
        &model.members,
        &exports.members.members,
        |m| &m.key,
        |m| &m.email,
        |pair| match pair {
            Pair::Git(m) => {
                cx.only_git(m);
                index += 1;
            }
            Pair::Live(m) => cx.only_live(m),
            Pair::Both(g, l) => {
                cx.member(index, g, l);
                index += 1;
            }
        },
    );
    for assignments in &exports.assignments {
        if let Some(app) = model.application(&assignments.application) {
            cx.roles(app, assignments);
        }
    }
    if let Some(scim) = &exports.scim {
        for m in model.members.iter().filter(|m| m.is_active()) {
            let (kind, live, message) = match scim.find(&m.key) {
                None => (
                    Kind::IdpUnknown,
                    None,
                    format!(
                        "{} is active in git, but the IdP does not know them",
                        quote(&m.key)
                    ),
                ),
                Some(user) if !user.active => (
                    Kind::IdpInactive,
                    Some(text("inactive")),
                    format!(
                        "{} is active in git, but the IdP has `active: false`: deactivate them in Pigment and here",
                        quote(&m.key)
                    ),
                ),
                Some(_) => continue,
            };
            let git_at = cx.at(m.loc);
            cx.found.push(Difference {
                kind,
                email: m.key.to_string(),
                application: None,
                git: Some(text("active")),
                live,
                git_at: Some(git_at),
                live_at: None,
                message,
                also: Vec::new(),
            });
        }
    }
    let mut found = fold(cx.found);
    found.sort_by(|a, b| {
        (a.kind, &a.email, &a.application).cmp(&(b.kind, &b.email, &b.application))
    });
    Drift {
        summary: Summary {
            members_git: model.members.len(),
            members_live: exports.members.members.len(),
            differences: found.len(),
        },
        drift: found,
    }
}

/// One difference reported once: what follows from a member missing on one
/// side, or deactivated in Pigment, is folded into that difference instead
/// of listed again. A member only in git has no role in Pigment's
/// assignments exports and is usually unknown to the identity provider; one only in
/// Pigment has its roles there only; one active in git but deactivated in
/// Pigment is usually inactive or unknown in the identity provider too.
fn fold(found: Vec<Difference>) -> Vec<Difference> {
    const ONLY_GIT: usize = 0;
    const ONLY_LIVE: usize = 1;
    const DEACTIVATED_LIVE: usize = 2;
    // By email: the index of its difference of each kind that others fold into.
    let mut anchors: BTreeMap<String, [Option<usize>; 3]> = BTreeMap::new();
    for (i, d) in found.iter().enumerate() {
        let deactivated = d.live.as_ref() == Some(&text(Status::Deactivated.as_str()));
        let slot = match d.kind {
            Kind::OnlyGit => ONLY_GIT,
            Kind::OnlyLive => ONLY_LIVE,
            Kind::Status if deactivated => DEACTIVATED_LIVE,
            _ => continue,
        };
        anchors.entry(d.email.clone()).or_default()[slot] = Some(i);
    }
    if anchors.is_empty() {
        return found;
    }
    let anchor = |slot: usize, email: &str| anchors.get(email).and_then(|a| a[slot]);
    let mut kept: Vec<Option<Difference>> = Vec::with_capacity(found.len());
    let mut folded: Vec<(usize, Difference)> = Vec::new();
    for d in found {
        let into = match d.kind {
            Kind::Role if d.live.is_none() => anchor(ONLY_GIT, &d.email),
            Kind::Role if d.git.is_none() => anchor(ONLY_LIVE, &d.email),
            Kind::IdpInactive | Kind::IdpUnknown => {
                anchor(ONLY_GIT, &d.email).or_else(|| anchor(DEACTIVATED_LIVE, &d.email))
            }
            _ => None,
        };
        match into {
            Some(i) => {
                folded.push((i, d));
                kept.push(None);
            }
            None => kept.push(Some(d)),
        }
    }
    // Indices are kept (a folded one leaves `None`), and anchors are never
    // folded: each index still holds its anchor.
    for (i, d) in folded {
        if let Some(anchor) = kept.get_mut(i).and_then(Option::as_mut) {
            anchor.also.push(d);
        }
    }
    let mut kept: Vec<Difference> = kept.into_iter().flatten().collect();
    for d in kept.iter_mut().filter(|d| !d.also.is_empty()) {
        d.also
            .sort_by(|a, b| (a.kind, &a.application).cmp(&(b.kind, &b.application)));
        d.message = folded_message(d);
    }
    kept
}

/// The message of a difference with others folded into it, naming them.
fn folded_message(d: &Difference) -> String {
    let roles: Vec<&str> = d
        .also
        .iter()
        .filter(|a| a.kind == Kind::Role)
        .filter_map(|a| a.application.as_deref())
        .collect();
    let mut parts = vec![d.message.clone()];
    if !roles.is_empty() {
        let (role, is) = if roles.len() == 1 {
            ("role", "is")
        } else {
            ("roles", "are")
        };
        let apps = crate::finding::capped_names(roles.iter().copied());
        parts.push(match d.kind {
            Kind::OnlyGit => {
                let exports = if roles.len() == 1 {
                    "export"
                } else {
                    "exports"
                };
                format!("nor {is} their {role} in {apps} in its assignments {exports}")
            }
            _ => format!("nor {is} their {role} in {apps}"),
        });
    }
    parts.extend(
        d.also
            .iter()
            .filter_map(|a| match (a.kind, d.kind) {
                (Kind::IdpUnknown, Kind::OnlyGit) => Some("nor does the IdP know them"),
                (Kind::IdpUnknown, _) => Some("and the IdP does not know them"),
                (Kind::IdpInactive, _) => Some("and the IdP has `active: false`"),
                _ => None,
            })
            .map(str::to_owned),
    );
    parts.join(", ")
}

pub(crate) use render::render;
