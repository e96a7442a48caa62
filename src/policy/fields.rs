//! What a policy can ask about each kind of subject: raw fields from the
//! files and facts swatch derives (a member's license and its driver,
//! whether an assignment grants write, whether a member owns anything).
//!
//! Each field is declared once, in the [`fields!`] table below: its
//! subject kind, name, type and how its value is read; the [`Field`] enum,
//! its lookups and [`Facts::value`] are generated from it.

use super::subject::Instance;
use crate::finding::SubjectKind;
use crate::license::{Driver, Licenses, role_license};
use crate::model::{License, PermissionSet};
use jiff::civil::Date;
use std::borrow::Cow;

/// The kind of value a field holds, which decides the conditions it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Type {
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
    pub(crate) fn describe(self) -> &'static str {
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
pub(crate) enum Value<'a> {
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

/// The field table: per subject kind (`Member(m)`, `m` its
/// [`Instance`] view), one line per field: its variant, name and type, and
/// the expression that reads it (`facts` the [`Facts`]).
macro_rules! fields {
    ($facts:ident; $(
        $kind:ident($view:ident) {
            $( $(#[doc = $doc:literal])* $field:ident $name:literal: $ty:expr => $read:expr, )*
        }
    )*) => {
        /// A field of one kind of subject.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Field {
            $($( $(#[doc = $doc])* $field, )*)*
        }

        impl Field {
            pub(crate) const ALL: &[Field] = &[$($(Field::$field,)*)*];

            pub(crate) const fn kind(self) -> SubjectKind {
                match self {
                    $($(Field::$field => SubjectKind::$kind,)*)*
                }
            }

            pub(crate) const fn name(self) -> &'static str {
                match self {
                    $($(Field::$field => $name,)*)*
                }
            }

            pub(crate) const fn ty(self) -> Type {
                match self {
                    $($(Field::$field => $ty,)*)*
                }
            }
        }

        impl<'m> Facts<'m> {
            /// The field's value for a subject; `None` when the subject is
            /// of another kind than the field's (policies are evaluated per
            /// kind, so their fields are always the subject's).
            pub(crate) fn value(&self, field: Field, subject: &Instance<'m>) -> Option<Value<'m>> {
                let $facts = self;
                match *subject {
                    $(Instance::$kind($view) => match field {
                        $(Field::$field => Some($read),)*
                        _ => None,
                    },)*
                }
            }
        }
    };
}

fn text(s: &str) -> Value<'_> {
    Value::Text(Cow::Borrowed(s))
}

fn owned<'m>(s: String) -> Value<'m> {
    Value::Text(Cow::Owned(s))
}

fn count(n: usize) -> Value<'static> {
    Value::Number(i64::try_from(n).unwrap_or(i64::MAX))
}

fields! { facts;
    Member(m) {
        /// The email, lower-cased.
        MemberEmail "email": Type::Email => text(&m.member.key),
        /// The part of the email after `@`.
        MemberDomain "domain": Type::Email => text(m.member.key.rsplit_once('@').map_or("", |(_, d)| d)),
        /// The name (empty when not set).
        MemberName "name": Type::Text => text(m.member.name.as_deref().unwrap_or("")),
        /// The account type.
        MemberAccountType "account_type": Type::Keyword(ACCOUNT_TYPES) => text(m.member.account_type.value.as_str()),
        /// Active, invited or deactivated.
        MemberStatus "status": Type::Keyword(STATUSES) => text(m.member.status.as_str()),
        /// The `last_active` date.
        MemberLastActive "last_active": Type::Date => Value::Date(m.member.last_active.map(|d| d.value)),
        /// The `seat` the member is meant to hold.
        MemberSeat "seat": Type::License => Value::License(m.member.seat.map(|s| s.value)),
        /// The derived license (none when deactivated).
        MemberLicense "license": Type::License => Value::License(facts.licenses.members[m.index].license),
        /// What drives the license, as `swatch licenses` shows it.
        MemberDriver "driver": Type::Text => owned(facts.licenses.members[m.index].driver.map(|d| d.to_string()).unwrap_or_default()),
        /// `account_type`, `owner`, `role`, `baseline` or `none`.
        MemberDriverKind "driver_kind": Type::Keyword(DRIVER_KINDS) => text(match facts.licenses.members[m.index].driver {
            None => "none",
            Some(Driver::AccountType(_)) => "account_type",
            Some(Driver::Owner(_)) => "owner",
            Some(Driver::Role { .. }) => "role",
            Some(Driver::ExplorerBaseline) => "baseline",
        }),
        /// Owns an application, an API key or an automation.
        MemberOwnsAnything "owns_anything": Type::Bool => Value::Bool(
            !facts.licenses.owned[m.index].is_empty()
                || facts.licenses.api_keys_owned[m.index] > 0
                || facts.licenses.automations_owned[m.index] > 0,
        ),
        /// How many applications the member owns.
        MemberApplicationsOwned "applications_owned": Type::Number => count(facts.licenses.owned[m.index].len()),
        /// How many roles (known ones) the member holds.
        MemberRolesHeld "roles_held": Type::Number => count(facts.licenses.held[m.index].len()),
    }
    Assignment(s) {
        /// The application.
        AssignmentApplication "application": Type::Text => text(&s.application.name),
        /// The email of the line, lower-cased.
        AssignmentEmail "email": Type::Email => text(s.email),
        /// The role the line gives.
        AssignmentRole "role": Type::Text => text(s.application.written_role(s.line).value),
        /// The member's account type (empty for an unknown member).
        AssignmentAccountType "account_type": Type::Keyword(ACCOUNT_TYPES) => text(s.member.map_or("", |m| m.account_type.value.as_str())),
        /// The member's status, or unknown.
        AssignmentStatus "status": Type::Keyword(OWNER_STATUSES) => text(s.member.map_or("unknown", |m| m.status.as_str())),
        /// The member's derived license.
        AssignmentLicense "license": Type::License => Value::License(
            s.line.member().and_then(|i| facts.licenses.members[i as usize].license),
        ),
        /// The license the role gives by itself.
        AssignmentRoleLicense "role_license": Type::License => Value::License(
            s.role.map(|r| role_license(r.grants, facts.licenses.model.license_model).0),
        ),
        /// The role's permissions.
        AssignmentPermissions "permissions": Type::Permissions => Value::Permissions(s.role.map(|r| r.grants.permissions).unwrap_or_default()),
        /// The role's default access.
        AssignmentDefaultAccess "default_access": Type::Keyword(ACCESS) => text(s.role.map_or("", |r| r.grants.default_access.as_str())),
        /// Whether the role's default access counts as write.
        AssignmentGrantsWrite "grants_write": Type::Bool => Value::Bool(s.role.is_some_and(|r| r.grants.default_access.grants_write())),
        /// Whether the member owns the application.
        AssignmentOwner "owner": Type::Bool => Value::Bool(s.line.member().is_some() && s.line.member() == s.application.owner_member),
    }
    Role(r) {
        /// The application.
        RoleApplication "application": Type::Text => text(&r.application.name),
        /// The role's name.
        RoleRole "role": Type::Text => text(r.role.name),
        /// Defined in a file (false: one of Pigment's default roles).
        RoleDefined "defined": Type::Bool => Value::Bool(r.role.defined.is_some()),
        /// The role's permissions.
        RolePermissions "permissions": Type::Permissions => Value::Permissions(r.role.grants.permissions),
        /// The role's default access.
        RoleDefaultAccess "default_access": Type::Keyword(ACCESS) => text(r.role.grants.default_access.as_str()),
        /// The license the role gives by itself.
        RoleLicense "license": Type::License => Value::License(Some(role_license(r.role.grants, facts.licenses.model.license_model).0)),
        /// How many known members hold it.
        RoleHolders "holders": Type::Number => count(
            r.application
                .assignments
                .iter()
                .filter(|s| s.member().is_some() && r.application.written_role(s).value == r.role.name)
                .count(),
        ),
    }
    Application(a) {
        /// The application's name.
        ApplicationApplication "application": Type::Text => text(&a.application.name),
        /// The owner's email (empty when there is none).
        ApplicationOwner "owner": Type::Email => owned(a.application.owner_key().unwrap_or_default()),
        /// The owner's status; unknown or none.
        ApplicationOwnerStatus "owner_status": Type::Keyword(OWNER_STATUSES) => facts.status_of(a.application.owner.as_ref().map(|o| o.value.as_str())),
        /// How many public blocks it declares.
        ApplicationPublicBlocks "public_blocks": Type::Number => count(a.application.public_blocks.as_ref().map_or(0, |b| b.value.len())),
        /// How many roles its file defines.
        ApplicationRoles "roles": Type::Number => count(a.application.roles.len()),
        /// How many role assignments it has.
        ApplicationMembers "members": Type::Number => count(a.application.assignments.len()),
    }
    ApiKey(k) {
        /// The key's name.
        ApiKeyName "name": Type::Text => text(&k.key.name),
        /// `import`, `export`, `audit_logs`, `scim` or `other`.
        ApiKeyKind "kind": Type::Keyword(KEY_KINDS) => text(k.key.kind.as_str()),
        /// The owner's email.
        ApiKeyOwner "owner": Type::Email => owned(k.key.owner.value.to_lowercase()),
        /// The owner's status, or unknown.
        ApiKeyOwnerStatus "owner_status": Type::Keyword(OWNER_STATUSES) => text(k.owner.map_or("unknown", |m| m.status.as_str())),
        /// The owner's account type (empty when unknown).
        ApiKeyOwnerAccountType "owner_account_type": Type::Keyword(ACCOUNT_TYPES) => text(k.owner.map_or("", |m| m.account_type.value.as_str())),
        /// The `created` date.
        ApiKeyCreated "created": Type::Date => Value::Date(k.key.created),
        /// The `expires` date.
        ApiKeyExpires "expires": Type::Date => Value::Date(k.key.expires.map(|d| d.value)),
        /// The `last_used` date.
        ApiKeyLastUsed "last_used": Type::Date => Value::Date(k.key.last_used),
    }
    Automation(a) {
        /// The application.
        AutomationApplication "application": Type::Text => text(&a.application.name),
        /// The automation's name.
        AutomationName "name": Type::Text => text(&a.automation.name),
        /// The owner's email.
        AutomationOwner "owner": Type::Email => owned(a.automation.owner.value.to_lowercase()),
        /// The owner's status, or unknown.
        AutomationOwnerStatus "owner_status": Type::Keyword(OWNER_STATUSES) => facts.status_of(Some(&a.automation.owner.value)),
    }
}

/// The kinds of subject policies can be about.
pub(crate) const SUBJECT_KINDS: [SubjectKind; 6] = [
    SubjectKind::Member,
    SubjectKind::Assignment,
    SubjectKind::Role,
    SubjectKind::Application,
    SubjectKind::ApiKey,
    SubjectKind::Automation,
];

impl Field {
    /// The field of that name for a kind of subject.
    pub(crate) fn named(kind: SubjectKind, name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|f| f.kind() == kind && f.name() == name)
    }

    /// The field names of a kind of subject, in the table's order.
    pub(crate) fn names(kind: SubjectKind) -> impl Iterator<Item = &'static str> {
        Self::ALL
            .iter()
            .filter(move |f| f.kind() == kind)
            .map(|f| f.name())
    }
}

/// Field values of subjects, read from the model and its derived licenses.
pub(crate) struct Facts<'m> {
    pub(crate) licenses: &'m Licenses<'m>,
}

impl<'m> Facts<'m> {
    pub(crate) fn new(licenses: &'m Licenses<'m>) -> Self {
        Self { licenses }
    }

    /// The status of the member with this email: unknown when there is
    /// none, none when there is no email.
    fn status_of(&self, email: Option<&str>) -> Value<'m> {
        let model = self.licenses.model;
        match email {
            None => text("none"),
            Some(e) => text(model.member(e).map_or("unknown", |m| m.status.as_str())),
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
    fn every_kind_has_fields_each_named_once() {
        for kind in SUBJECT_KINDS {
            let mut names: Vec<&str> = Field::names(kind).collect();
            assert!(names.len() >= 4, "{kind:?}");
            names.sort_unstable();
            let count = names.len();
            names.dedup();
            assert_eq!(names.len(), count, "{kind:?}: a name twice");
        }
        for &field in Field::ALL {
            assert_eq!(Field::named(field.kind(), field.name()), Some(field));
        }
    }

    /// docs/policies.md lists each kind's fields, in the table's order.
    #[test]
    fn the_documented_fields_are_the_table() {
        let docs = include_str!("../../docs/policies.md");
        for kind in SUBJECT_KINDS {
            let row = docs
                .lines()
                .find(|l| l.starts_with(&format!("| `{}`", kind.as_str())))
                .unwrap_or_else(|| panic!("docs/policies.md has no row for {kind:?}"));
            let cell = row.split('|').nth(2).unwrap_or_default();
            let documented: Vec<&str> = cell.split('`').skip(1).step_by(2).collect();
            let fields: Vec<&str> = Field::names(kind).collect();
            assert_eq!(documented, fields, "{kind:?}");
        }
    }
}
