//! Who can do what, compared: roles got, lost or moved, write access and
//! `define_application_security` gained or lost, new admins, and the API
//! keys, automations and applications that change owner. Each change is a
//! typed value; its sentence (`message`) is made here once, for every
//! output and the `--deny-escalation` gate alike.

use super::Diff;
use super::base_settings::SettingChange;
use crate::code_span::quote;
use crate::finding::Subject;
use crate::model::{AccountType, Application, License, Model, Permission, Status};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// A role held by a member in an application, before → after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RoleMove {
    pub application: String,
    pub email: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Whether the role before (after) is one the application does not
    /// have (`unknown-role`): it grants nothing.
    pub unknown_before: bool,
    pub unknown_after: bool,
    /// The member's status on each side (`None` where the email is no
    /// member): a deactivated member's roles give no access.
    pub status_before: Option<Status>,
    pub status_after: Option<Status>,
}

impl RoleMove {
    /// `assigned` (no role before), `unassigned` (none after) or `reassigned`.
    pub(crate) fn kind(&self) -> &'static str {
        match (&self.before, &self.after) {
            (None, _) => "assigned",
            (_, None) => "unassigned",
            _ => "reassigned",
        }
    }

    /// "`a@x.com` moves from `Viewer` to `Writer` in `A`", and
    /// ` (deactivated)` after a member who is deactivated on the side the
    /// role is held (the new one, or the old one when it is lost).
    pub(crate) fn message(&self) -> String {
        let (email, app) = (quote(&self.email), quote(&self.application));
        let role = |name: &str, unknown: bool| {
            if unknown {
                format!("{} (unknown role)", quote(name))
            } else {
                quote(name)
            }
        };
        let (before, after) = (
            self.before.as_deref().map(|r| role(r, self.unknown_before)),
            self.after.as_deref().map(|r| role(r, self.unknown_after)),
        );
        let text = match (before, after) {
            (Some(x), Some(y)) => format!("{email} moves from {x} to {y} in {app}"),
            (_, Some(r)) => format!("{email} gets {r} in {app}"),
            (Some(r), None) => format!("{email} loses {r} in {app}"),
            (None, None) => format!("{email} holds no role in {app}"),
        };
        let status = if self.after.is_some() {
            self.status_after
        } else {
            self.status_after.or(self.status_before)
        };
        if status == Some(Status::Deactivated) {
            format!("{text} (deactivated)")
        } else {
            text
        }
    }
}

/// A right someone gains: what `--deny-escalation` fails on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Escalation<'d> {
    /// The member now holds the top license (`license`: its name in the model).
    TopLicense {
        email: &'d str,
        license: &'static str,
    },
    Write(&'d Grant),
    /// `define_application_security` in an application.
    Security(&'d Grant),
    /// The member can now manage members, with this account type.
    Admin {
        email: &'d str,
        account_type: AccountType,
    },
    /// The change edits a setting the base governs.
    Setting(&'d SettingChange),
}

impl Escalation<'_> {
    /// As in the JSON: the `access` list the escalation comes from.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::TopLicense { .. } => "top_license_gained",
            Self::Write(_) => "write_gained",
            Self::Security(_) => "security_gained",
            Self::Admin { .. } => "admin_gained",
            Self::Setting(_) => "setting_edited",
        }
    }

    /// The member who gains, where one does.
    pub(crate) fn email(&self) -> Option<&str> {
        match self {
            Self::TopLicense { email, .. } | Self::Admin { email, .. } => Some(email),
            Self::Write(g) | Self::Security(g) => Some(&g.email),
            Self::Setting(_) => None,
        }
    }

    /// The application the right is in, where it is in one.
    pub(crate) fn application(&self) -> Option<&str> {
        match self {
            Self::Write(g) | Self::Security(g) => Some(&g.application),
            _ => None,
        }
    }

    /// "`a@x.com` gains write access in `Plan`".
    pub(crate) fn message(&self) -> String {
        match self {
            Self::TopLicense { email, license } => {
                format!("{} gains the {license} license", quote(email))
            }
            Self::Write(g) => format!(
                "{} gains write access in {}",
                quote(&g.email),
                quote(&g.application)
            ),
            Self::Security(g) => format!(
                "{} gains `{}` in {}",
                quote(&g.email),
                Permission::DefineApplicationSecurity,
                quote(&g.application)
            ),
            Self::Admin {
                email,
                account_type,
            } => format!(
                "{} becomes {account_type} (can manage members)",
                quote(email)
            ),
            // A change that edits what it is priced and judged by is escalating too.
            Self::Setting(c) => format!(
                "the change edits {} (the base's value applies)",
                c.describe()
            ),
        }
    }
}

/// Who gains (or loses) a right in an application.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Grant {
    pub application: String,
    pub email: String,
}

/// What an [`OwnerChange`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owned {
    ApiKey,
    Automation,
    Application,
}

impl Owned {
    /// As `subject.kind` names it in the JSON.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::ApiKey => "api_key",
            Self::Automation => "automation",
            Self::Application => "application",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Self::ApiKey => "API key",
            Self::Automation => "automation",
            Self::Application => "application",
        }
    }
}

/// An entity added, removed or changing owner; `None` where it does not
/// exist on a side, `Some(None)` where it has no owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OwnerChange {
    pub kind: Owned,
    /// The API key's or application's name; an automation's `APP/NAME`.
    pub name: String,
    /// The application an automation or application belongs to (its own name).
    pub application: Option<String>,
    /// An automation's name within its application.
    pub automation: Option<String>,
    pub before: Presence,
    pub after: Presence,
}

/// Whether an owned entity exists on one side of the diff, and its owner there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Presence {
    Absent,
    Present { owner: Option<String> },
}

impl Presence {
    /// The owner, if the entity exists and has one.
    pub(crate) fn owner(&self) -> Option<&str> {
        match self {
            Self::Absent => None,
            Self::Present { owner } => owner.as_deref(),
        }
    }
}

impl OwnerChange {
    /// `added`, `removed` or `owner_changed`.
    pub(crate) fn status(&self) -> &'static str {
        match (&self.before, &self.after) {
            (Presence::Absent, _) => "added",
            (_, Presence::Absent) => "removed",
            _ => "owner_changed",
        }
    }

    /// "API key `K` changes owner from `a@x.com` to `b@x.com`".
    pub(crate) fn message(&self) -> String {
        let owner = |o: &Option<String>| o.as_deref().map_or_else(|| "nobody".to_owned(), quote);
        let (what, name) = (self.kind.word(), quote(&self.name));
        match (&self.before, &self.after) {
            (Presence::Present { owner: x }, Presence::Present { owner: y }) => format!(
                "{what} {name} changes owner from {} to {}",
                owner(x),
                owner(y)
            ),
            (_, Presence::Present { owner: o }) => {
                format!("{what} {name} added, owned by {}", owner(o))
            }
            (_, Presence::Absent) => format!("{what} {name} removed"),
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Access {
    pub roles: Vec<RoleMove>,
    pub write_gained: Vec<Grant>,
    pub write_lost: Vec<Grant>,
    pub security_gained: Vec<Grant>,
    /// Members who can now manage members: (email, new account type).
    pub admin_gained: Vec<(String, AccountType)>,
    /// Members whose status changes: (email, before, after).
    pub status_changes: Vec<(String, Status, Status)>,
    /// Members whose account type changes: (email, before, after).
    pub account_type_changes: Vec<(String, AccountType, AccountType)>,
    pub top_license_gained: Vec<String>,
    pub api_keys: Vec<OwnerChange>,
    pub automations: Vec<OwnerChange>,
    pub applications: Vec<OwnerChange>,
    /// Edits of the settings the base governs (its values apply).
    pub settings: Vec<SettingChange>,
}

impl Access {
    pub(super) fn is_empty(&self) -> bool {
        self.roles.is_empty()
            && self.write_gained.is_empty()
            && self.write_lost.is_empty()
            && self.security_gained.is_empty()
            && self.admin_gained.is_empty()
            && self.status_changes.is_empty()
            && self.account_type_changes.is_empty()
            && self.top_license_gained.is_empty()
            && self.api_keys.is_empty()
            && self.automations.is_empty()
            && self.applications.is_empty()
            && self.settings.is_empty()
    }
}

/// What an application gives each member: role, write, security.
#[derive(Clone, PartialEq, Eq)]
struct Rights<'m> {
    /// The role as written, and whether the application has it: an
    /// assignment to an unknown role grants nothing, but is still shown.
    role: Option<(&'m str, bool)>,
    write: bool,
    security: bool,
}

/// What `app` gives each email; a deactivated member of `model` keeps the
/// role written but holds no right through it.
fn rights<'m>(app: &'m Application, model: &'m Model) -> BTreeMap<Cow<'m, str>, Rights<'m>> {
    let mut map = BTreeMap::new();
    for assignment in &app.assignments {
        let rights = match app.assigned_role(assignment) {
            Some(role) => Rights {
                role: Some((role.name, true)),
                write: role.grants.default_access.grants_write(),
                security: role
                    .grants
                    .permissions
                    .contains(Permission::DefineApplicationSecurity),
            },
            None => Rights {
                role: Some((app.written_role(assignment).value, false)),
                write: false,
                security: false,
            },
        };
        map.insert(Cow::Borrowed(model.email_of(app, assignment)), rights);
    }
    // The owner is the application's Admin, whatever else is written.
    if let Some(owner) = &app.owner {
        let entry = map
            .entry(crate::model::lowercase(&owner.value))
            .or_insert(Rights {
                role: None,
                write: true,
                security: true,
            });
        entry.write = true;
        entry.security = true;
    }
    for (email, rights) in &mut map {
        if status(Some(model), email) == Some(Status::Deactivated) {
            rights.write = false;
            rights.security = false;
        }
    }
    map
}

/// A member's status in `model`, `None` where the email is no member.
fn status(model: Option<&Model>, email: &str) -> Option<Status> {
    model?.member(email).map(|m| m.status)
}

/// The access changes of one application (`None` where it does not
/// exist) whose setup, or a member's status, differs between the sides
/// `old` and `new`.
pub(super) fn application(
    name: &str,
    (before, old): (Option<&Application>, &Model),
    (after, new): (Option<&Application>, &Model),
    access: &mut Access,
) {
    let empty = BTreeMap::new();
    let rights_before = before.map_or_else(|| empty.clone(), |app| rights(app, old));
    let rights_after = after.map_or_else(|| empty.clone(), |app| rights(app, new));
    let emails: BTreeSet<&str> = rights_before
        .keys()
        .chain(rights_after.keys())
        .map(AsRef::as_ref)
        .collect();
    let none = Rights {
        role: None,
        write: false,
        security: false,
    };
    for email in emails {
        let x = rights_before.get(email).unwrap_or(&none);
        let y = rights_after.get(email).unwrap_or(&none);
        let grant = || Grant {
            application: name.to_owned(),
            email: email.to_owned(),
        };
        if x.role != y.role {
            access.roles.push(RoleMove {
                application: name.to_owned(),
                email: email.to_owned(),
                before: x.role.map(|(r, _)| r.to_owned()),
                after: y.role.map(|(r, _)| r.to_owned()),
                unknown_before: x.role.is_some_and(|(_, known)| !known),
                unknown_after: y.role.is_some_and(|(_, known)| !known),
                status_before: status(Some(old), email),
                status_after: status(Some(new), email),
            });
        }
        if y.write && !x.write {
            access.write_gained.push(grant());
        }
        if x.write && !y.write {
            access.write_lost.push(grant());
        }
        if y.security && !x.security {
            access.security_gained.push(grant());
        }
    }
}

/// One side's owned entities by name: each as the change that would list
/// it (owners not yet filled in), and its owner.
type Owners = BTreeMap<String, (OwnerChange, Option<String>)>;

/// API keys, automations and applications added, removed or changing owner.
pub(super) fn owned_things(a: &Model, b: &Model, access: &mut Access) {
    let owner = |o: &str| o.to_lowercase();
    let entry = |kind, name: String, application: Option<&str>, automation: Option<&str>| {
        let change = OwnerChange {
            kind,
            name: name.clone(),
            application: application.map(str::to_owned),
            automation: automation.map(str::to_owned),
            before: Presence::Absent,
            after: Presence::Absent,
        };
        (name, change)
    };
    let keys = |m: &Model| -> Owners {
        m.api_keys
            .iter()
            .map(|k| {
                let (name, change) = entry(Owned::ApiKey, k.name.clone(), None, None);
                (name, (change, Some(owner(&k.owner.value))))
            })
            .collect()
    };
    let automations = |m: &Model| -> Owners {
        m.applications
            .iter()
            .flat_map(|app| {
                app.automations.iter().map(move |x| {
                    let (name, change) = entry(
                        Owned::Automation,
                        Subject::automation(&app.name, &x.name).name.into_string(),
                        Some(&app.name),
                        Some(&x.name),
                    );
                    (name, (change, Some(owner(&x.owner.value))))
                })
            })
            .collect()
    };
    let apps = |m: &Model| -> Owners {
        m.applications
            .iter()
            .map(|app| {
                let (name, change) =
                    entry(Owned::Application, app.name.clone(), Some(&app.name), None);
                (name, (change, app.owner.as_ref().map(|o| owner(&o.value))))
            })
            .collect()
    };
    access.api_keys = owner_changes(keys(a), keys(b));
    access.automations = owner_changes(automations(a), automations(b));
    access.applications = owner_changes(apps(a), apps(b));
}

fn owner_changes(mut before: Owners, mut after: Owners) -> Vec<OwnerChange> {
    let names: BTreeSet<String> = before.keys().chain(after.keys()).cloned().collect();
    names
        .into_iter()
        .filter_map(|name| {
            let (x, y) = (before.remove(&name), after.remove(&name));
            let presence = |side: &Option<(OwnerChange, Option<String>)>| {
                side.as_ref()
                    .map_or(Presence::Absent, |(_, owner)| Presence::Present {
                        owner: owner.clone(),
                    })
            };
            let (owner_before, owner_after) = (presence(&x), presence(&y));
            if owner_before == owner_after {
                return None;
            }
            let (mut change, _) = y.or(x)?;
            change.before = owner_before;
            change.after = owner_after;
            Some(change)
        })
        .collect()
}

impl Diff<'_> {
    /// Anyone gains the top license, write access, security or admin
    /// rights, or the change edits a setting the base governs.
    pub(crate) fn escalations(&self) -> Vec<Escalation<'_>> {
        let a = &self.access;
        let top = self.new.workspace.model.license_model.name(License::Editor);
        let mut out: Vec<Escalation<'_>> = a
            .top_license_gained
            .iter()
            .map(|email| Escalation::TopLicense {
                email,
                license: top,
            })
            .collect();
        out.extend(a.write_gained.iter().map(Escalation::Write));
        out.extend(a.security_gained.iter().map(Escalation::Security));
        out.extend(
            a.admin_gained
                .iter()
                .map(|(email, account_type)| Escalation::Admin {
                    email,
                    account_type: *account_type,
                }),
        );
        out.extend(a.settings.iter().map(Escalation::Setting));
        out
    }

    /// Access changes as sentences, in a stable order (every format's).
    pub(crate) fn access_lines(&self) -> Vec<String> {
        let a = &self.access;
        let mut lines: Vec<String> = a.roles.iter().map(RoleMove::message).collect();
        // Gains of rights, phrased once in `Escalation` (the gate uses them too).
        lines.extend(self.escalations().iter().map(Escalation::message));
        lines.extend(a.write_lost.iter().map(|g| {
            format!(
                "{} loses write access in {}",
                quote(&g.email),
                quote(&g.application)
            )
        }));
        lines.extend(
            a.account_type_changes
                .iter()
                .map(|(e, x, y)| format!("{} changes account type from {x} to {y}", quote(e))),
        );
        lines.extend(
            a.status_changes
                .iter()
                .map(|(e, x, y)| format!("{} changes status from {x} to {y}", quote(e))),
        );
        for changes in [&a.api_keys, &a.automations, &a.applications] {
            lines.extend(changes.iter().map(OwnerChange::message));
        }
        lines
    }
}
