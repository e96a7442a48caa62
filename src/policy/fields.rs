//! What a policy can ask about each kind of subject: raw fields from the
//! files and facts swatch derives (a member's license and its driver,
//! whether an assignment grants write, whether a member owns anything).

use crate::finding::SubjectKind;
use crate::license::Licenses;
use crate::model::{EffectiveRole, License, PermissionSet};
use jiff::civil::Date;
use std::borrow::Cow;

/// The kind of value a field holds, which decides the conditions it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Text,
    /// Compared case-insensitively.
    Email,
    /// One of a closed set of names.
    Keyword(&'static [&'static str]),
    Date,
    Number,
    Bool,
    License,
    Permissions,
}

impl Type {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Email => "an email",
            Self::Keyword(_) => "a name from a fixed list",
            Self::Date => "a date",
            Self::Number => "a number",
            Self::Bool => "true or false",
            Self::License => "a license",
            Self::Permissions => "a set of permissions",
        }
    }
}

/// A field's value for one subject.
#[derive(Debug, Clone)]
pub enum Value<'a> {
    Text(Cow<'a, str>),
    Date(Option<Date>),
    Number(i64),
    Bool(bool),
    License(Option<License>),
    Permissions(PermissionSet),
}

impl std::fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Text(t) => f.write_str(t),
            Self::Date(Some(d)) => write!(f, "{d}"),
            Self::Date(None) | Self::License(None) => f.write_str("none"),
            Self::Number(n) => write!(f, "{n}"),
            Self::Bool(b) => write!(f, "{b}"),
            Self::License(Some(l)) => f.write_str(l.as_str()),
            Self::Permissions(p) => f.write_str(
                &p.iter()
                    .map(crate::model::Permission::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        }
    }
}

const STATUSES: &[&str] = &["active", "invited", "deactivated"];
const OWNER_STATUSES: &[&str] = &["active", "invited", "deactivated", "unknown", "none"];
const ACCOUNT_TYPES: &[&str] = &[
    "primary_owner",
    "security_admin",
    "workspace_admin",
    "builder",
    "standard_member",
];
const DRIVER_KINDS: &[&str] = &["account_type", "owner", "role", "baseline", "none"];
const ACCESS: &[&str] = &["read", "write", "unspecified", "none"];
const KEY_KINDS: &[&str] = &["import", "export", "audit_logs", "scim", "other"];

/// A field, for dispatch without comparing names on every evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    MemberEmail,
    MemberDomain,
    MemberName,
    MemberAccountType,
    MemberStatus,
    MemberLastActive,
    MemberSeat,
    MemberLicense,
    MemberDriver,
    MemberDriverKind,
    MemberOwnsAnything,
    MemberApplicationsOwned,
    MemberRolesHeld,
    AssignmentApplication,
    AssignmentEmail,
    AssignmentRole,
    AssignmentAccountType,
    AssignmentStatus,
    AssignmentLicense,
    AssignmentRoleLicense,
    AssignmentPermissions,
    AssignmentDefaultAccess,
    AssignmentGrantsWrite,
    AssignmentOwner,
    RoleApplication,
    RoleRole,
    RoleDefined,
    RolePermissions,
    RoleDefaultAccess,
    RoleLicense,
    RoleHolders,
    ApplicationApplication,
    ApplicationOwner,
    ApplicationOwnerStatus,
    ApplicationPublicBlocks,
    ApplicationRoles,
    ApplicationMembers,
    ApiKeyName,
    ApiKeyKind,
    ApiKeyOwner,
    ApiKeyOwnerStatus,
    ApiKeyOwnerAccountType,
    ApiKeyCreated,
    ApiKeyExpires,
    ApiKeyLastUsed,
    AutomationApplication,
    AutomationName,
    AutomationOwner,
    AutomationOwnerStatus,
}

/// Every field of every subject kind: (kind, name, type, field, what it is).
pub const FIELDS: &[(SubjectKind, &str, Type, Field, &str)] = &[
    (
        SubjectKind::Member,
        "email",
        Type::Email,
        Field::MemberEmail,
        "the email, lower-cased",
    ),
    (
        SubjectKind::Member,
        "domain",
        Type::Email,
        Field::MemberDomain,
        "the part of the email after `@`",
    ),
    (
        SubjectKind::Member,
        "name",
        Type::Text,
        Field::MemberName,
        "the name (empty when not set)",
    ),
    (
        SubjectKind::Member,
        "account_type",
        Type::Keyword(ACCOUNT_TYPES),
        Field::MemberAccountType,
        "the account type",
    ),
    (
        SubjectKind::Member,
        "status",
        Type::Keyword(STATUSES),
        Field::MemberStatus,
        "active, invited or deactivated",
    ),
    (
        SubjectKind::Member,
        "last_active",
        Type::Date,
        Field::MemberLastActive,
        "the `last_active` date",
    ),
    (
        SubjectKind::Member,
        "seat",
        Type::License,
        Field::MemberSeat,
        "the `seat` the member is meant to hold",
    ),
    (
        SubjectKind::Member,
        "license",
        Type::License,
        Field::MemberLicense,
        "the derived license (none when deactivated)",
    ),
    (
        SubjectKind::Member,
        "driver",
        Type::Text,
        Field::MemberDriver,
        "what drives the license, as `swatch licenses` shows it",
    ),
    (
        SubjectKind::Member,
        "driver_kind",
        Type::Keyword(DRIVER_KINDS),
        Field::MemberDriverKind,
        "account_type, owner, role, baseline or none",
    ),
    (
        SubjectKind::Member,
        "owns_anything",
        Type::Bool,
        Field::MemberOwnsAnything,
        "owns an application, an API key or an automation",
    ),
    (
        SubjectKind::Member,
        "applications_owned",
        Type::Number,
        Field::MemberApplicationsOwned,
        "how many applications the member owns",
    ),
    (
        SubjectKind::Member,
        "roles_held",
        Type::Number,
        Field::MemberRolesHeld,
        "how many roles (known ones) the member holds",
    ),
    (
        SubjectKind::Assignment,
        "application",
        Type::Text,
        Field::AssignmentApplication,
        "the application",
    ),
    (
        SubjectKind::Assignment,
        "email",
        Type::Email,
        Field::AssignmentEmail,
        "the email of the line, lower-cased",
    ),
    (
        SubjectKind::Assignment,
        "role",
        Type::Text,
        Field::AssignmentRole,
        "the role the line gives",
    ),
    (
        SubjectKind::Assignment,
        "account_type",
        Type::Keyword(ACCOUNT_TYPES),
        Field::AssignmentAccountType,
        "the member's account type (empty for an unknown member)",
    ),
    (
        SubjectKind::Assignment,
        "status",
        Type::Keyword(OWNER_STATUSES),
        Field::AssignmentStatus,
        "the member's status, or unknown",
    ),
    (
        SubjectKind::Assignment,
        "license",
        Type::License,
        Field::AssignmentLicense,
        "the member's derived license",
    ),
    (
        SubjectKind::Assignment,
        "role_license",
        Type::License,
        Field::AssignmentRoleLicense,
        "the license the role gives by itself",
    ),
    (
        SubjectKind::Assignment,
        "permissions",
        Type::Permissions,
        Field::AssignmentPermissions,
        "the role's permissions",
    ),
    (
        SubjectKind::Assignment,
        "default_access",
        Type::Keyword(ACCESS),
        Field::AssignmentDefaultAccess,
        "the role's default access",
    ),
    (
        SubjectKind::Assignment,
        "grants_write",
        Type::Bool,
        Field::AssignmentGrantsWrite,
        "whether the role's default access counts as write",
    ),
    (
        SubjectKind::Assignment,
        "owner",
        Type::Bool,
        Field::AssignmentOwner,
        "whether the member owns the application",
    ),
    (
        SubjectKind::Role,
        "application",
        Type::Text,
        Field::RoleApplication,
        "the application",
    ),
    (
        SubjectKind::Role,
        "role",
        Type::Text,
        Field::RoleRole,
        "the role's name",
    ),
    (
        SubjectKind::Role,
        "defined",
        Type::Bool,
        Field::RoleDefined,
        "defined in a file (false: one of Pigment's default roles)",
    ),
    (
        SubjectKind::Role,
        "permissions",
        Type::Permissions,
        Field::RolePermissions,
        "the role's permissions",
    ),
    (
        SubjectKind::Role,
        "default_access",
        Type::Keyword(ACCESS),
        Field::RoleDefaultAccess,
        "the role's default access",
    ),
    (
        SubjectKind::Role,
        "license",
        Type::License,
        Field::RoleLicense,
        "the license the role gives by itself",
    ),
    (
        SubjectKind::Role,
        "holders",
        Type::Number,
        Field::RoleHolders,
        "how many known members hold it",
    ),
    (
        SubjectKind::Application,
        "application",
        Type::Text,
        Field::ApplicationApplication,
        "the application's name",
    ),
    (
        SubjectKind::Application,
        "owner",
        Type::Email,
        Field::ApplicationOwner,
        "the owner's email (empty when there is none)",
    ),
    (
        SubjectKind::Application,
        "owner_status",
        Type::Keyword(OWNER_STATUSES),
        Field::ApplicationOwnerStatus,
        "the owner's status; unknown or none",
    ),
    (
        SubjectKind::Application,
        "public_blocks",
        Type::Number,
        Field::ApplicationPublicBlocks,
        "how many public blocks it declares",
    ),
    (
        SubjectKind::Application,
        "roles",
        Type::Number,
        Field::ApplicationRoles,
        "how many roles its file defines",
    ),
    (
        SubjectKind::Application,
        "members",
        Type::Number,
        Field::ApplicationMembers,
        "how many role assignments it has",
    ),
    (
        SubjectKind::ApiKey,
        "name",
        Type::Text,
        Field::ApiKeyName,
        "the key's name",
    ),
    (
        SubjectKind::ApiKey,
        "kind",
        Type::Keyword(KEY_KINDS),
        Field::ApiKeyKind,
        "import, export, audit_logs, scim or other",
    ),
    (
        SubjectKind::ApiKey,
        "owner",
        Type::Email,
        Field::ApiKeyOwner,
        "the owner's email",
    ),
    (
        SubjectKind::ApiKey,
        "owner_status",
        Type::Keyword(OWNER_STATUSES),
        Field::ApiKeyOwnerStatus,
        "the owner's status, or unknown",
    ),
    (
        SubjectKind::ApiKey,
        "owner_account_type",
        Type::Keyword(ACCOUNT_TYPES),
        Field::ApiKeyOwnerAccountType,
        "the owner's account type (empty when unknown)",
    ),
    (
        SubjectKind::ApiKey,
        "created",
        Type::Date,
        Field::ApiKeyCreated,
        "the `created` date",
    ),
    (
        SubjectKind::ApiKey,
        "expires",
        Type::Date,
        Field::ApiKeyExpires,
        "the `expires` date",
    ),
    (
        SubjectKind::ApiKey,
        "last_used",
        Type::Date,
        Field::ApiKeyLastUsed,
        "the `last_used` date",
    ),
    (
        SubjectKind::Automation,
        "application",
        Type::Text,
        Field::AutomationApplication,
        "the application",
    ),
    (
        SubjectKind::Automation,
        "name",
        Type::Text,
        Field::AutomationName,
        "the automation's name",
    ),
    (
        SubjectKind::Automation,
        "owner",
        Type::Email,
        Field::AutomationOwner,
        "the owner's email",
    ),
    (
        SubjectKind::Automation,
        "owner_status",
        Type::Keyword(OWNER_STATUSES),
        Field::AutomationOwnerStatus,
        "the owner's status, or unknown",
    ),
];

/// The kinds of subject policies can be about.
pub const SUBJECT_KINDS: [SubjectKind; 6] = [
    SubjectKind::Member,
    SubjectKind::Assignment,
    SubjectKind::Role,
    SubjectKind::Application,
    SubjectKind::ApiKey,
    SubjectKind::Automation,
];

/// The field of that name for a kind of subject.
pub fn field(kind: SubjectKind, name: &str) -> Option<(usize, Type)> {
    FIELDS
        .iter()
        .position(|(k, n, ..)| *k == kind && *n == name)
        .map(|i| (i, FIELDS[i].2))
}

pub fn names(kind: SubjectKind) -> impl Iterator<Item = &'static str> {
    FIELDS
        .iter()
        .filter(move |(k, ..)| *k == kind)
        .map(|(_, n, ..)| *n)
}

/// One subject a policy looks at.
#[derive(Debug, Clone, Copy)]
pub enum Instance<'m> {
    Member(usize),
    Assignment { app: usize, index: usize },
    Role { app: usize, role: EffectiveRole<'m> },
    Application(usize),
    ApiKey(usize),
    Automation { app: usize, index: usize },
}

/// Field values of subjects, read from the model and its derived licenses.
pub struct Facts<'m> {
    pub licenses: &'m Licenses<'m>,
}

impl<'m> Facts<'m> {
    pub fn new(licenses: &'m Licenses<'m>) -> Self {
        Self { licenses }
    }

    /// The value of field `index` (into [`FIELDS`]) for a subject.
    pub fn value(&self, index: usize, instance: &Instance<'m>) -> Value<'m> {
        let model = self.licenses.model;
        let field = FIELDS[index].3;
        let text = |s: &'m str| Value::Text(Cow::Borrowed(s));
        let owned = |s: String| Value::Text(Cow::Owned(s));
        let status_of = |email: Option<&str>| -> Value<'m> {
            match email {
                None => text("none"),
                Some(e) => text(model.member(e).map_or("unknown", |m| m.status.as_str())),
            }
        };
        match *instance {
            Instance::Member(i) => {
                let m = &model.members[i];
                let derived = self.licenses.members[i];
                match field {
                    Field::MemberEmail => text(&m.key),
                    Field::MemberDomain => text(m.key.rsplit_once('@').map_or("", |(_, d)| d)),
                    Field::MemberName => text(m.name.as_deref().unwrap_or("")),
                    Field::MemberAccountType => text(m.account_type.value.as_str()),
                    Field::MemberStatus => text(m.status.as_str()),
                    Field::MemberLastActive => Value::Date(m.last_active.map(|d| d.value)),
                    Field::MemberSeat => Value::License(m.seat.map(|s| s.value)),
                    Field::MemberLicense => Value::License(derived.license),
                    Field::MemberDriver => {
                        owned(derived.driver.map(|d| d.to_string()).unwrap_or_default())
                    }
                    Field::MemberDriverKind => text(match derived.driver {
                        None => "none",
                        Some(crate::license::Driver::AccountType(_)) => "account_type",
                        Some(crate::license::Driver::Owner(_)) => "owner",
                        Some(crate::license::Driver::Role { .. }) => "role",
                        Some(crate::license::Driver::ExplorerBaseline) => "baseline",
                    }),
                    Field::MemberOwnsAnything => Value::Bool(
                        !self.licenses.owned[i].is_empty()
                            || self.licenses.api_keys_owned[i] > 0
                            || self.licenses.automations_owned[i] > 0,
                    ),
                    Field::MemberApplicationsOwned => {
                        Value::Number(self.licenses.owned[i].len() as i64)
                    }
                    Field::MemberRolesHeld => Value::Number(self.licenses.held[i].len() as i64),
                    _ => unreachable!("every member field is handled"),
                }
            }
            Instance::Assignment { app, index } => {
                let application = &model.applications[app];
                let s = &application.assignments[index];
                let member = s.member.map(|i| &model.members[i as usize]);
                let role = application.assigned_role(s);
                match field {
                    Field::AssignmentApplication => text(&application.name),
                    Field::AssignmentEmail => text(&s.key),
                    Field::AssignmentRole => text(&s.role.value),
                    Field::AssignmentAccountType => {
                        text(member.map_or("", |m| m.account_type.value.as_str()))
                    }
                    Field::AssignmentStatus => {
                        text(member.map_or("unknown", |m| m.status.as_str()))
                    }
                    Field::AssignmentLicense => Value::License(
                        s.member
                            .and_then(|i| self.licenses.members[i as usize].license),
                    ),
                    Field::AssignmentRoleLicense => Value::License(
                        role.map(|r| crate::license::role_license(r.grants, model.license_model).0),
                    ),
                    Field::AssignmentPermissions => {
                        Value::Permissions(role.map(|r| r.grants.permissions).unwrap_or_default())
                    }
                    Field::AssignmentDefaultAccess => {
                        text(role.map_or("", |r| r.grants.default_access.as_str()))
                    }
                    Field::AssignmentGrantsWrite => {
                        Value::Bool(role.is_some_and(|r| r.grants.default_access.grants_write()))
                    }
                    Field::AssignmentOwner => {
                        Value::Bool(s.member.is_some() && s.member == application.owner_member)
                    }
                    _ => unreachable!("every assignment field is handled"),
                }
            }
            Instance::Role { app, role } => {
                let application = &model.applications[app];
                match field {
                    Field::RoleApplication => text(&application.name),
                    Field::RoleRole => text(role.name),
                    Field::RoleDefined => Value::Bool(role.defined.is_some()),
                    Field::RolePermissions => Value::Permissions(role.grants.permissions),
                    Field::RoleDefaultAccess => text(role.grants.default_access.as_str()),
                    Field::RoleLicense => Value::License(Some(
                        crate::license::role_license(role.grants, model.license_model).0,
                    )),
                    Field::RoleHolders => Value::Number(
                        application
                            .assignments
                            .iter()
                            .filter(|s| s.member.is_some() && *s.role.value == *role.name)
                            .count() as i64,
                    ),
                    _ => unreachable!("every role field is handled"),
                }
            }
            Instance::Application(app) => {
                let application = &model.applications[app];
                match field {
                    Field::ApplicationApplication => text(&application.name),
                    Field::ApplicationOwner => owned(application.owner_key().unwrap_or_default()),
                    Field::ApplicationOwnerStatus => {
                        status_of(application.owner.as_ref().map(|o| o.value.as_str()))
                    }
                    Field::ApplicationPublicBlocks => Value::Number(
                        application
                            .public_blocks
                            .as_ref()
                            .map_or(0, |b| b.value.len() as i64),
                    ),
                    Field::ApplicationRoles => Value::Number(application.roles.len() as i64),
                    Field::ApplicationMembers => {
                        Value::Number(application.assignments.len() as i64)
                    }
                    _ => unreachable!("every application field is handled"),
                }
            }
            Instance::ApiKey(k) => {
                let key = &model.api_keys[k];
                let owner = model.member(&key.owner.value);
                match field {
                    Field::ApiKeyName => text(&key.name),
                    Field::ApiKeyKind => text(key.kind.as_str()),
                    Field::ApiKeyOwner => owned(key.owner.value.to_lowercase()),
                    Field::ApiKeyOwnerStatus => status_of(Some(&key.owner.value)),
                    Field::ApiKeyOwnerAccountType => {
                        text(owner.map_or("", |m| m.account_type.value.as_str()))
                    }
                    Field::ApiKeyCreated => Value::Date(key.created),
                    Field::ApiKeyExpires => Value::Date(key.expires.map(|d| d.value)),
                    Field::ApiKeyLastUsed => Value::Date(key.last_used),
                    _ => unreachable!("every API key field is handled"),
                }
            }
            Instance::Automation { app, index } => {
                let application = &model.applications[app];
                let automation = &application.automations[index];
                match field {
                    Field::AutomationApplication => text(&application.name),
                    Field::AutomationName => text(&automation.name),
                    Field::AutomationOwner => owned(automation.owner.value.to_lowercase()),
                    Field::AutomationOwnerStatus => status_of(Some(&automation.owner.value)),
                    _ => unreachable!("every automation field is handled"),
                }
            }
        }
    }
}

// The lists above mirror the format's keywords; keep them in step.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AccountType, ApiKeyKind, DefaultAccess, Keyword, Status};

    fn keyword_names<K: Keyword>() -> Vec<&'static str> {
        K::ALL.iter().map(|(n, _)| *n).collect()
    }

    #[test]
    fn keyword_lists_match_the_format() {
        assert_eq!(ACCOUNT_TYPES, keyword_names::<AccountType>());
        assert_eq!(STATUSES, keyword_names::<Status>());
        assert_eq!(ACCESS, keyword_names::<DefaultAccess>());
        assert_eq!(KEY_KINDS, keyword_names::<ApiKeyKind>());
    }

    #[test]
    fn every_kind_has_fields() {
        for kind in SUBJECT_KINDS {
            assert!(names(kind).count() >= 4, "{kind:?}");
        }
    }
}
