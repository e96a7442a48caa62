//! The merge walk of `swatch drift`: both sides sorted by lower-cased
//! email, compared in one pass.

use super::{Difference, Kind, Value, text};
use crate::code_span::quote;
use crate::export::{AssignmentsExport, LiveMember, MembersExport};
use crate::license::Licenses;
use crate::load::Workspace;
use crate::model::{AccountType, Application, License, Member, Status};
use crate::source::Loc;
use std::cmp::Ordering;

/// The walk over both sides.
pub(super) struct Compare<'w> {
    pub(super) workspace: &'w Workspace,
    pub(super) licenses: Licenses<'w>,
    pub(super) members: &'w MembersExport,
    pub(super) found: Vec<Difference>,
}

/// The two sides of a merge walk over sorted keys.
pub(super) enum Pair<'a, G, L> {
    Git(&'a G),
    Live(&'a L),
    Both(&'a G, &'a L),
}

pub(super) fn merge<'a, G, L>(
    git: &'a [G],
    live: &'a [L],
    git_key: impl Fn(&'a G) -> &'a str,
    live_key: impl Fn(&'a L) -> &'a str,
    mut visit: impl FnMut(Pair<'a, G, L>),
) {
    let (mut g, mut l) = (0, 0);
    while g < git.len() || l < live.len() {
        let order = match (git.get(g), live.get(l)) {
            (Some(a), Some(b)) => git_key(a).cmp(live_key(b)),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match order {
            Ordering::Less => {
                visit(Pair::Git(&git[g]));
                g += 1;
            }
            Ordering::Greater => {
                visit(Pair::Live(&live[l]));
                l += 1;
            }
            Ordering::Equal => {
                visit(Pair::Both(&git[g], &live[l]));
                g += 1;
                l += 1;
            }
        }
    }
}

impl Compare<'_> {
    /// `FILE:LINE` of a place in the workspace, relative to PATH.
    pub(super) fn at(&self, loc: Loc) -> String {
        let position = self.workspace.sources.position(loc);
        format!("{}:{}", position.path, position.line)
    }

    pub(super) fn live_at(&self, line: u64) -> String {
        format!("{}:{line}", self.members.shown)
    }

    pub(super) fn license_name(&self, license: License) -> String {
        self.workspace.model.license_model.name(license).to_owned()
    }

    pub(super) fn only_git(&mut self, m: &Member) {
        let message = format!(
            "{} is in git ({}) but not in Pigment's members export",
            quote(&m.key),
            m.status
        );
        let git_at = self.at(m.loc);
        self.found.push(Difference {
            kind: Kind::OnlyGit,
            email: m.key.to_string(),
            application: None,
            git: Some(text(m.status.as_str())),
            live: None,
            git_at: Some(git_at),
            live_at: None,
            message,
            also: Vec::new(),
        });
    }

    pub(super) fn only_live(&mut self, m: &LiveMember) {
        let message = format!(
            "{} is in Pigment ({}, {}) but not in git",
            quote(&m.email),
            m.status,
            m.account_type
        );
        let live_at = self.live_at(m.line);
        self.found.push(Difference {
            kind: Kind::OnlyLive,
            email: m.email.clone(),
            application: None,
            git: None,
            live: Some(text(m.status.as_str())),
            git_at: None,
            live_at: Some(live_at),
            message,
            also: Vec::new(),
        });
    }

    pub(super) fn push(
        &mut self,
        kind: Kind,
        git: &Member,
        live: &LiveMember,
        values: (Value, Value),
        loc: Loc,
        message: String,
    ) {
        let git_at = self.at(loc);
        let live_at = self.live_at(live.line);
        self.found.push(Difference {
            kind,
            email: git.key.to_string(),
            application: None,
            git: Some(values.0),
            live: Some(values.1),
            git_at: Some(git_at),
            live_at: Some(live_at),
            message,
            also: Vec::new(),
        });
    }

    pub(super) fn member(&mut self, index: usize, git: &Member, live: &LiveMember) {
        let account_type = git.account_type.value;
        if account_type != live.account_type {
            let message = format!(
                "{} is {account_type} in git but {} in Pigment",
                quote(&git.key),
                live.account_type
            );
            let values = (
                Value::Text(account_type.as_str().to_owned()),
                Value::Text(live.account_type.as_str().to_owned()),
            );
            self.push(
                Kind::AccountType,
                git,
                live,
                values,
                git.account_type.loc,
                message,
            );
        }
        if git.status != live.status {
            let message = format!(
                "{} is {} in git but {} in Pigment",
                quote(&git.key),
                git.status,
                live.status
            );
            let values = (
                Value::Text(git.status.as_str().to_owned()),
                Value::Text(live.status.as_str().to_owned()),
            );
            self.push(Kind::Status, git, live, values, git.loc, message);
        }
        let comparable = git.status == live.status
            && git.status != Status::Deactivated
            && account_type == live.account_type;
        if let (true, Some(exported)) = (comparable, live.license) {
            self.license(index, git, live, exported);
        }
        let sees_every_application =
            |t: AccountType| matches!(t, AccountType::PrimaryOwner | AccountType::SecurityAdmin);
        if let (true, Some(count)) = (
            git.is_active()
                && live.status == Status::Active
                && !sees_every_application(account_type)
                && !sees_every_application(live.account_type),
            live.application_access,
        ) {
            let mut applications: Vec<u32> = self.licenses.held[index]
                .iter()
                .map(|h| h.application)
                .chain(self.licenses.owned[index].iter().copied())
                .collect();
            applications.sort_unstable();
            applications.dedup();
            let in_git = applications.len() as u64;
            if in_git != count {
                let message = format!(
                    "{} has access to {count} application{} in Pigment but holds a role in or owns {in_git} in git",
                    quote(&git.key),
                    if count == 1 { "" } else { "s" }
                );
                self.push(
                    Kind::ApplicationCount,
                    git,
                    live,
                    (Value::Count(in_git), Value::Count(count)),
                    git.loc,
                    message,
                );
            }
        }
    }

    /// `exported` is in the workspace's model: reading the export checked
    /// it for every row that is not deactivated.
    pub(super) fn license(
        &mut self,
        index: usize,
        git: &Member,
        live: &LiveMember,
        exported: License,
    ) {
        let derived = self.licenses.members[index];
        let Some(license) = derived.license else {
            return;
        };
        if license == exported {
            return;
        }
        let driver = derived
            .driver
            .map_or_else(String::new, |d| format!(" ({})", quote(&d.to_string())));
        let message = format!(
            "{} holds {} in Pigment, but swatch derives {} from git{driver}: either git is stale, or a role's permissions in git are not the live ones",
            quote(&git.key),
            self.license_name(exported),
            self.license_name(license)
        );
        let values = (
            Value::Text(self.license_name(license)),
            Value::Text(self.license_name(exported)),
        );
        self.push(Kind::License, git, live, values, git.loc, message);
    }

    pub(super) fn roles(&mut self, app: &Application, export: &AssignmentsExport) {
        let mut found = Vec::new();
        let model = &self.workspace.model;
        merge(
            &app.assignments,
            &export.assignments,
            |a| model.email_of(app, a),
            |a| &a.email,
            |pair| {
                let (email, git, live, git_at, line): (&str, Option<&str>, Option<&str>, _, _) =
                    match pair {
                        Pair::Both(g, l) if app.written_role(g).value == l.role => return,
                        Pair::Both(g, l) => (
                            model.email_of(app, g),
                            Some(app.written_role(g).value),
                            Some(&l.role),
                            Some(app.line_loc(g)),
                            Some(l.line),
                        ),
                        Pair::Git(g) => (
                            model.email_of(app, g),
                            Some(app.written_role(g).value),
                            None,
                            Some(app.line_loc(g)),
                            None,
                        ),
                        Pair::Live(l) => (&l.email, None, Some(&l.role), None, Some(l.line)),
                    };
                let message = match (git, live) {
                    (Some(g), Some(l)) => format!(
                        "{} holds {} in {} in git, but {} in Pigment",
                        quote(email),
                        quote(g),
                        quote(&app.name),
                        quote(l)
                    ),
                    (Some(g), None) => format!(
                        "{} holds {} in {} in git, but no role in Pigment's export",
                        quote(email),
                        quote(g),
                        quote(&app.name)
                    ),
                    (_, l) => format!(
                        "{} holds {} in {} in Pigment, but has no assignment in git",
                        quote(email),
                        quote(l.unwrap_or("")),
                        quote(&app.name)
                    ),
                };
                found.push(Difference {
                    kind: Kind::Role,
                    email: email.to_owned(),
                    application: Some(app.name.clone()),
                    git: git.map(text),
                    live: live.map(text),
                    git_at: git_at.map(|loc| self.at(loc)),
                    live_at: line.map(|line| format!("{}:{line}", export.shown)),
                    message,
                    also: Vec::new(),
                });
            },
        );
        self.found.extend(found);
    }
}
