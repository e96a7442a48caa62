//! The workspace model: every file merged into one set of typed entities,
//! each keeping where it was written, indexed by lower-cased email (a hash
//! map) and by application name (a sorted vector searched in O(log n)).

mod assignment;
mod keywords;
mod money;

pub(crate) use assignment::{AssignedRole, Assignee, Assignment};

pub(crate) use money::Amount;

pub(crate) use keywords::{
    AccountType, ApiKeyKind, DefaultAccess, Keyword, License, LicenseModel, Permission,
    PermissionSet, Status,
};

use crate::source::{Loc, Located};
use foldhash::fast::RandomState;
use jiff::civil::Date;

/// A name held in many places (an email, a role): one allocation, shared.
/// A 100k-member workspace has 600k assignments; each holding its own
/// `String`s of email and role took more memory than the files' text.
pub(crate) type Name = std::sync::Arc<str>;

/// `[workspace]`.
#[derive(Debug, Clone)]
pub(crate) struct WorkspaceInfo {
    pub name: Option<String>,
    /// The `[workspace]` header.
    pub loc: Loc,
    pub sso_domains: Vec<String>,
}

/// `[licenses]`: seats purchased, per license; an omitted license is not capped.
#[derive(Debug, Clone)]
pub(crate) struct Purchased {
    /// The `[licenses]` header.
    pub loc: Loc,
    pub seats: Vec<(License, Located<u64>)>,
}

impl Purchased {
    pub(crate) fn get(&self, license: License) -> Option<u64> {
        self.seats
            .iter()
            .find(|(l, _)| *l == license)
            .map(|(_, n)| n.value)
    }
}

/// USD per seat per year, in cents so that sums are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Prices {
    pub editor: i64,
    pub contributor: i64,
    pub explorer: i64,
}

impl Default for Prices {
    /// domain.md's defaults: midpoints of seed 000's list-price ranges.
    fn default() -> Self {
        Self {
            editor: 275_000,
            contributor: 160_000,
            explorer: 65_000,
        }
    }
}

impl Prices {
    pub(crate) fn of(&self, license: License) -> i64 {
        match license {
            License::Editor => self.editor,
            License::Contributor => self.contributor,
            License::Explorer => self.explorer,
        }
    }

    pub(crate) fn set(&mut self, license: License, cents: i64) {
        match license {
            License::Editor => self.editor = cents,
            License::Contributor => self.contributor = cents,
            License::Explorer => self.explorer = cents,
        }
    }

    /// Whether every price is a whole number of dollars (amounts are then
    /// printed as integers).
    pub(crate) fn whole_dollars(&self) -> bool {
        [self.editor, self.contributor, self.explorer]
            .iter()
            .all(|c| c % 100 == 0)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Member {
    /// As written.
    pub email: Name,
    /// Lower-cased: the identity (the same allocation as `email` when
    /// that is lower-case already).
    pub key: Name,
    /// The `email =` value.
    pub loc: Loc,
    pub name: Option<String>,
    pub account_type: Located<AccountType>,
    pub status: Status,
    pub last_active: Option<Located<Date>>,
    pub seat: Option<Located<License>>,
}

impl Member {
    pub(crate) fn is_active(&self) -> bool {
        self.status == Status::Active
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ApiKey {
    pub name: String,
    /// The `name =` value.
    pub loc: Loc,
    pub kind: ApiKeyKind,
    pub owner: Located<String>,
    pub created: Option<Date>,
    pub expires: Option<Located<Date>>,
    pub last_used: Option<Date>,
}

/// What a role allows: permissions and default access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Grants {
    pub permissions: PermissionSet,
    pub default_access: DefaultAccess,
}

/// A role defined in a file (`[roles.NAME]`).
#[derive(Debug, Clone)]
pub(crate) struct Role {
    pub name: String,
    /// The `[roles.NAME]` header.
    pub loc: Loc,
    pub grants: Grants,
    /// Whether `default_access` was written (omitted means unspecified).
    pub default_access_written: bool,
}

/// Where an application's role is: defined in its file, or a default one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RoleRef {
    /// Index into [`Application::roles`].
    Defined(u32),
    /// Index into [`DEFAULT_ROLES`].
    Default(u8),
}

#[derive(Debug, Clone)]
pub(crate) struct Automation {
    pub name: String,
    pub loc: Loc,
    pub owner: Located<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Application {
    pub name: String,
    /// The `name =` value.
    pub loc: Loc,
    /// The `[application]` header.
    pub header: Loc,
    pub owner: Option<Located<String>>,
    /// The owner's position in [`Model::members`], resolved when built.
    pub owner_member: Option<u32>,
    pub public_blocks: Option<Located<Vec<String>>>,
    /// Roles defined in the file, sorted by name.
    pub roles: Vec<Role>,
    /// Its `[members]` lines, sorted by lower-cased email.
    pub assignments: Vec<Assignment>,
    /// The role names the assignments write, each once.
    pub assigned_roles: Vec<AssignedRole>,
    /// The emails of the assignments no member has.
    pub unknown_emails: Vec<Name>,
    /// Sorted by name.
    pub automations: Vec<Automation>,
}

/// A role as it applies in an application: defined in a file, or one of
/// Pigment's five defaults.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EffectiveRole<'m> {
    pub name: &'m str,
    pub grants: Grants,
    /// `None` for a default role that no file replaces.
    pub defined: Option<&'m Role>,
}

impl Application {
    pub(crate) fn defined_role(&self, name: &str) -> Option<&Role> {
        self.roles
            .binary_search_by(|r| r.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.roles[i])
    }

    /// Find a role by name: defined in the file, else a default one.
    pub(crate) fn find_role(&self, name: &str) -> Option<RoleRef> {
        if let Ok(i) = self.roles.binary_search_by(|r| r.name.as_str().cmp(name)) {
            return Some(RoleRef::Defined(i as u32));
        }
        DEFAULT_ROLES
            .iter()
            .position(|(n, _)| *n == name)
            .map(|i| RoleRef::Default(i as u8))
    }

    pub(crate) fn role_at(&self, role: RoleRef) -> EffectiveRole<'_> {
        match role {
            RoleRef::Defined(i) => {
                let role = &self.roles[i as usize];
                EffectiveRole {
                    name: &role.name,
                    grants: role.grants,
                    defined: Some(role),
                }
            }
            RoleRef::Default(i) => {
                let (name, grants) = DEFAULT_ROLES[i as usize];
                EffectiveRole {
                    name,
                    grants,
                    defined: None,
                }
            }
        }
    }

    /// The role of that name, defined in the file or one of the defaults.
    pub(crate) fn role(&self, name: &str) -> Option<EffectiveRole<'_>> {
        self.find_role(name).map(|r| self.role_at(r))
    }

    /// Every role of the application, defaults included, by name.
    pub(crate) fn all_roles(&self) -> impl Iterator<Item = EffectiveRole<'_>> {
        let defaults = (0..DEFAULT_ROLES.len())
            .filter(|&i| self.defined_role(DEFAULT_ROLES[i].0).is_none())
            .map(|i| RoleRef::Default(i as u8));
        let mut roles: Vec<EffectiveRole<'_>> = (0..self.roles.len())
            .map(|i| RoleRef::Defined(i as u32))
            .chain(defaults)
            .map(|r| self.role_at(r))
            .collect();
        roles.sort_unstable_by(|a, b| a.name.cmp(b.name));
        roles.into_iter()
    }

    pub(crate) fn owner_key(&self) -> Option<String> {
        self.owner.as_ref().map(|o| o.value.to_lowercase())
    }
}

/// Pigment's default roles (domain.md's table).
pub(crate) const DEFAULT_ROLES: [(&str, Grants); 5] = {
    use Permission as P;
    const fn set(ps: &[Permission]) -> PermissionSet {
        let mut bits = 0u32;
        let mut i = 0;
        while i < ps.len() {
            bits |= 1 << ps[i] as u32;
            i += 1;
        }
        PermissionSet::from_bits(bits)
    }
    const ALL_BITS: u32 = (1 << 20) - 1;
    [
        (
            "Admin",
            Grants {
                permissions: PermissionSet::from_bits(ALL_BITS),
                default_access: DefaultAccess::Write,
            },
        ),
        (
            "Contributor",
            Grants {
                permissions: set(&[
                    P::DisplayApplication,
                    P::FormulaPlayground,
                    P::OpenBlockExplorer,
                    P::AddListItems,
                    P::RemoveListItems,
                    P::ReorderListItems,
                    P::ImportData,
                    P::OpenBoards,
                    P::CommentBoards,
                ]),
                default_access: DefaultAccess::Write,
            },
        ),
        (
            "Designer",
            Grants {
                permissions: set(&[
                    P::DisplayApplication,
                    P::FormulaPlayground,
                    P::OpenBlockExplorer,
                    P::ConfigureViews,
                    P::CreateDeleteFolders,
                    P::OpenBoards,
                    P::CommentBoards,
                    P::ConfigureBoards,
                ]),
                default_access: DefaultAccess::Write,
            },
        ),
        (
            "Modeler",
            Grants {
                permissions: PermissionSet::from_bits(
                    ALL_BITS
                        & !(1 << P::DefineApplicationSecurity as u32)
                        & !(1 << P::ViewHistory as u32),
                ),
                default_access: DefaultAccess::Write,
            },
        ),
        (
            "Reader",
            Grants {
                permissions: set(&[P::DisplayApplication, P::OpenBoards, P::CommentBoards]),
                default_access: DefaultAccess::Read,
            },
        ),
    ]
};

/// The whole workspace.
#[derive(Debug, Clone, Default)]
pub(crate) struct Model {
    pub workspace: Option<WorkspaceInfo>,
    pub license_model: LicenseModel,
    pub purchased: Option<Purchased>,
    pub prices: Prices,
    /// Sorted by lower-cased email.
    pub members: Vec<Member>,
    /// Sorted by name.
    pub applications: Vec<Application>,
    /// Sorted by name.
    pub api_keys: Vec<ApiKey>,
    /// Lower-cased email → position in `members`. A hash map, not a binary
    /// search: lookups by email are the hot path (one per assignment), and a
    /// binary search over 100k heap strings is bound by cache misses. It is
    /// only looked up, never iterated, so output order stays deterministic.
    member_positions: MemberPositions,
}

/// `foldhash` rather than std's `SipHash`: emails are short, and hashing them
/// was most of a lookup. Its seed is random per process, so a workspace
/// cannot be written to make its emails collide.
#[allow(clippy::disallowed_types)]
type MemberPositions = std::collections::HashMap<Name, u32, RandomState>;

// The enum is declared by `keywords!`, which cannot mark a default variant.
#[allow(clippy::derivable_impls)]
impl Default for LicenseModel {
    fn default() -> Self {
        Self::Current
    }
}

impl Model {
    /// The member with this email, compared case-insensitively.
    pub(crate) fn member(&self, email: &str) -> Option<&Member> {
        self.member_index(email).map(|i| &self.members[i])
    }

    /// Position of the member in [`Model::members`].
    pub(crate) fn member_index(&self, email: &str) -> Option<usize> {
        self.member_position(&lowercase(email)).map(|i| i as usize)
    }

    /// Position of the member with this lower-cased email: for emails
    /// lower-cased already, as the 600k of `[members]` are when loaded.
    pub(crate) fn member_position(&self, key: &str) -> Option<u32> {
        self.member_positions.get(key).copied()
    }

    /// Index the members by email; called when they are sorted and unique.
    pub(crate) fn index_members(&mut self) {
        let mut positions =
            MemberPositions::with_capacity_and_hasher(self.members.len(), RandomState::default());
        positions.extend(
            self.members
                .iter()
                .enumerate()
                .map(|(i, m)| (m.key.clone(), i as u32)),
        );
        self.member_positions = positions;
    }

    pub(crate) fn application(&self, name: &str) -> Option<&Application> {
        self.applications
            .binary_search_by(|a| a.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.applications[i])
    }

    /// The workspace's name for workspace-wide findings.
    pub(crate) fn workspace_name(&self) -> &str {
        self.workspace
            .as_ref()
            .and_then(|w| w.name.as_deref())
            .unwrap_or("workspace")
    }
}

/// Lower-case an email without allocating when it already is.
pub(crate) fn lowercase(email: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    // Emails are ASCII lower-case but for a few: one pass over the bytes
    // tells, without decoding characters.
    if !email
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        Cow::Borrowed(email)
    } else if email.is_ascii() {
        Cow::Owned(email.to_ascii_lowercase())
    } else if email.chars().any(char::is_uppercase) {
        Cow::Owned(email.to_lowercase())
    } else {
        Cow::Borrowed(email)
    }
}

#[cfg(test)]
mod tests {
    use super::lowercase;
    use std::borrow::Cow;

    #[test]
    fn lowercase_copies_only_what_changes() {
        for (email, lower, copied) in [
            ("ann@x.com", "ann@x.com", false),
            ("Ann@X.com", "ann@x.com", true),
            ("zoë@x.com", "zoë@x.com", false),
            ("ZOË@x.com", "zoë@x.com", true),
            // A title-case letter is no upper-case one: kept as written.
            ("ǅ@x.com", "ǅ@x.com", false),
        ] {
            let got = lowercase(email);
            assert_eq!(got, lower);
            assert_eq!(matches!(got, Cow::Owned(_)), copied, "{email}");
        }
    }
}
