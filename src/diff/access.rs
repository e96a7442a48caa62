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
pub struct RoleMove {
    pub application: String,
    pub email: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Who gains (or loses) a right in an application.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Grant {
    pub application: String,
    pub email: String,
}

/// An entity whose owner changes; `None` where it does not exist on a side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerChange {
    pub name: String,
    pub before: Option<Option<String>>,
    pub after: Option<Option<String>>,
}

#[derive(Debug, Default)]
pub struct Access {
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
    role: Option<&'m str>,
    write: bool,
    security: bool,
}

fn rights(app: &Application) -> BTreeMap<Cow<'_, str>, Rights<'_>> {
    let mut map = BTreeMap::new();
    for assignment in &app.assignments {
        let Some(role) = app.assigned_role(assignment) else {
            continue;
        };
        map.insert(
            Cow::Borrowed(assignment.key.as_str()),
            Rights {
                role: Some(role.name),
                write: role.grants.default_access.grants_write(),
                security: role
                    .grants
                    .permissions
                    .contains(Permission::DefineApplicationSecurity),
            },
        );
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
    map
}

/// The access changes of one application whose setup differs between the
/// sides (`None` where it does not exist).
pub(super) fn application(
    name: &str,
    before: Option<&Application>,
    after: Option<&Application>,
    access: &mut Access,
) {
    let empty = BTreeMap::new();
    let rights_before = before.map_or_else(|| empty.clone(), rights);
    let rights_after = after.map_or_else(|| empty.clone(), rights);
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
                before: x.role.map(str::to_owned),
                after: y.role.map(str::to_owned),
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

/// API keys, automations and applications added, removed or changing owner.
pub(super) fn owned_things(a: &Model, b: &Model, access: &mut Access) {
    let owner = |o: &str| o.to_lowercase();
    let keys = |m: &Model| -> BTreeMap<String, Option<String>> {
        m.api_keys
            .iter()
            .map(|k| (k.name.clone(), Some(owner(&k.owner.value))))
            .collect()
    };
    let automations = |m: &Model| -> BTreeMap<String, Option<String>> {
        m.applications
            .iter()
            .flat_map(|app| {
                app.automations.iter().map(move |x| {
                    (
                        Subject::automation(&app.name, &x.name).name,
                        Some(owner(&x.owner.value)),
                    )
                })
            })
            .collect()
    };
    let apps = |m: &Model| -> BTreeMap<String, Option<String>> {
        m.applications
            .iter()
            .map(|app| {
                (
                    app.name.clone(),
                    app.owner.as_ref().map(|o| owner(&o.value)),
                )
            })
            .collect()
    };
    access.api_keys = owner_changes(&keys(a), &keys(b));
    access.automations = owner_changes(&automations(a), &automations(b));
    access.applications = owner_changes(&apps(a), &apps(b));
}

fn owner_changes(
    before: &BTreeMap<String, Option<String>>,
    after: &BTreeMap<String, Option<String>>,
) -> Vec<OwnerChange> {
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| {
            let (x, y) = (before.get(name).cloned(), after.get(name).cloned());
            (x != y).then(|| OwnerChange {
                name: name.clone(),
                before: x,
                after: y,
            })
        })
        .collect()
}

impl Diff<'_> {
    /// Anyone gains the top license, write access, security or admin rights.
    pub fn escalations(&self) -> Vec<String> {
        let a = &self.access;
        let top = self.new.workspace.model.license_model.name(License::Editor);
        let mut out: Vec<String> = a
            .top_license_gained
            .iter()
            .map(|e| format!("{} gains the {top} license", quote(e)))
            .collect();
        out.extend(a.write_gained.iter().map(|g| {
            format!(
                "{} gains write access in {}",
                quote(&g.email),
                quote(&g.application)
            )
        }));
        out.extend(a.security_gained.iter().map(|g| {
            format!(
                "{} gains `define_application_security` in {}",
                quote(&g.email),
                quote(&g.application)
            )
        }));
        out.extend(
            a.admin_gained
                .iter()
                .map(|(e, t)| format!("{} becomes {t} (can manage members)", quote(e))),
        );
        // A change that edits what it is priced and judged by is escalating too.
        out.extend(a.settings.iter().map(|c| {
            format!(
                "the change edits {} (the base's value applies)",
                c.describe()
            )
        }));
        out
    }

    /// Access changes as sentences, in a stable order (every format's).
    pub fn access_lines(&self) -> Vec<String> {
        let a = &self.access;
        let mut lines = Vec::new();
        for m in &a.roles {
            lines.push(match (&m.before, &m.after) {
                (None, Some(r)) => format!(
                    "{} gets {} in {}",
                    quote(&m.email),
                    quote(r),
                    quote(&m.application)
                ),
                (Some(r), None) => format!(
                    "{} loses {} in {}",
                    quote(&m.email),
                    quote(r),
                    quote(&m.application)
                ),
                (Some(x), Some(y)) => format!(
                    "{} moves from {} to {} in {}",
                    quote(&m.email),
                    quote(x),
                    quote(y),
                    quote(&m.application)
                ),
                (None, None) => continue,
            });
        }
        // Gains of rights, phrased once in `escalations` (the gate uses them too).
        lines.extend(self.escalations());
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
        for (what, changes) in [
            ("API key", &a.api_keys),
            ("automation", &a.automations),
            ("application", &a.applications),
        ] {
            for c in changes {
                let owner =
                    |o: &Option<String>| o.as_deref().map_or_else(|| "nobody".to_owned(), quote);
                let name = quote(&c.name);
                lines.push(match (&c.before, &c.after) {
                    (None, Some(o)) => format!("{what} {name} added, owned by {}", owner(o)),
                    (Some(_), None) => format!("{what} {name} removed"),
                    (Some(x), Some(y)) => format!(
                        "{what} {name} changes owner from {} to {}",
                        owner(x),
                        owner(y)
                    ),
                    (None, None) => continue,
                });
            }
        }
        lines
    }
}
