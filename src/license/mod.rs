//! License derivation, exactly as Pigment does it (domain.md): each member's
//! license and its driver, what put them there.
//!
//! Everything is computed in one pass over the applications' assignments,
//! indexed by member position, so the cost is linear in members + assignments.

use crate::model::{
    AccountType, Application, DefaultAccess, Grants, License, LicenseModel, Model, Permission,
    Status,
};
use rayon::prelude::*;
use std::fmt;

mod lower;
pub(crate) use lower::{Step, lowering};

/// Why a role reaches its license.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    Permission(Permission),
    DefaultAccess(DefaultAccess),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Permission(p) => write!(f, "{p}"),
            Self::DefaultAccess(d) => write!(f, "default access {d}"),
        }
    }
}

/// The license a role gives by itself, and the first permission (in
/// format.md's order) or the default access that sets it. `None` reason:
/// explorer.
pub(crate) fn role_license(grants: Grants, model: LicenseModel) -> (License, Option<Reason>) {
    let first_of = |tier: License| grants.permissions.iter().find(|p| p.tier() == tier);
    let (license, reason) = if let Some(p) = first_of(License::Editor) {
        (License::Editor, Some(Reason::Permission(p)))
    } else if let Some(p) = first_of(License::Contributor) {
        (License::Contributor, Some(Reason::Permission(p)))
    } else if grants.default_access.grants_write() {
        (
            License::Contributor,
            Some(Reason::DefaultAccess(grants.default_access)),
        )
    } else {
        (License::Explorer, None)
    };
    (model.fit(license), reason)
}

/// What put a member at their license.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Driver<'m> {
    AccountType(AccountType),
    Owner(&'m str),
    Role {
        role: &'m str,
        application: &'m str,
        reason: Reason,
    },
    ExplorerBaseline,
}

impl fmt::Display for Driver<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AccountType(t) => write!(f, "account type {t}"),
            Self::Owner(app) => write!(f, "owner of {app}"),
            Self::Role {
                role,
                application,
                reason,
            } => write!(f, "role {role} in {application} ({reason})"),
            Self::ExplorerBaseline => f.write_str("explorer baseline"),
        }
    }
}

/// A role a member holds in an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Held {
    /// Index into [`Model::applications`].
    pub application: u32,
    /// Index into that application's assignments.
    pub assignment: u32,
}

/// One member's derived license. `None` for a deactivated member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MemberLicense<'m> {
    pub license: Option<License>,
    pub driver: Option<Driver<'m>>,
}

/// A list for each member, all in one vector: `per[i]` is member `i`'s.
/// 100k members' own small vectors cost more than what they hold.
#[derive(Debug, Clone, Default)]
pub(crate) struct PerMember<T> {
    /// Where each member's list starts in `items`, and where the last ends.
    starts: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy + Default> PerMember<T> {
    /// The lists of `n` members from `(member, item)` pairs, each list in
    /// the pairs' order; `pairs` is walked twice (a count, then a fill).
    fn collect<I: Iterator<Item = (u32, T)>>(n: usize, pairs: impl Fn() -> I) -> Self {
        let mut starts = vec![0u32; n + 1];
        for (member, _) in pairs() {
            starts[member as usize + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        // The second walk yields the same pairs, so it overwrites every
        // default: no `Option` per slot and no copy into a second vector,
        // whose freed 7 MB (at 100k members) raised glibc's mmap threshold
        // (check's peak RSS 122 -> 118 MB, #16).
        let mut items = vec![T::default(); starts[n] as usize];
        for (member, item) in pairs() {
            let at = &mut next[member as usize];
            items[*at as usize] = item;
            *at += 1;
        }
        Self { starts, items }
    }
}

impl<T> PerMember<T> {
    /// Every member's list, in member order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[T]> {
        self.starts
            .windows(2)
            .map(|w| &self.items[w[0] as usize..w[1] as usize])
    }
}

impl<T> std::ops::Index<usize> for PerMember<T> {
    type Output = [T];

    fn index(&self, member: usize) -> &[T] {
        &self.items[self.starts[member] as usize..self.starts[member + 1] as usize]
    }
}

/// Every member's license, and who holds what, indexed like [`Model::members`].
#[derive(Debug)]
pub(crate) struct Licenses<'m> {
    pub model: &'m Model,
    pub members: Vec<MemberLicense<'m>>,
    /// Roles each member holds (known roles only), applications by name.
    pub held: PerMember<Held>,
    /// Applications each member owns, by name (indices into applications).
    pub owned: PerMember<u32>,
    /// How many API keys, and how many automations, each member owns.
    pub api_keys_owned: Vec<u32>,
    pub automations_owned: Vec<u32>,
}

impl<'m> Licenses<'m> {
    pub(crate) fn derive(model: &'m Model) -> Self {
        let n = model.members.len();
        let mut api_keys_owned = vec![0; n];
        let mut automations_owned = vec![0; n];
        for key in &model.api_keys {
            if let Some(i) = model.member_index(&key.owner.value) {
                api_keys_owned[i] += 1;
            }
        }
        for app in &model.applications {
            for automation in &app.automations {
                if let Some(i) = model.member_index(&automation.owner.value) {
                    automations_owned[i] += 1;
                }
            }
        }
        let owned = PerMember::collect(n, || {
            model
                .applications
                .iter()
                .enumerate()
                .filter_map(|(a, app)| Some((app.owner_member?, a as u32)))
        });
        let held = PerMember::collect(n, || {
            model.applications.iter().enumerate().flat_map(|(a, app)| {
                app.assignments
                    .iter()
                    .enumerate()
                    .filter_map(move |(s, assignment)| {
                        app.role_ref_of(assignment)?;
                        Some((
                            assignment.member()?,
                            Held {
                                application: a as u32,
                                assignment: s as u32,
                            },
                        ))
                    })
            })
        });
        // Members are independent: derived on every core, kept in order.
        let members = model
            .members
            .par_iter()
            .enumerate()
            .map(|(i, member)| {
                derive_one(
                    model,
                    member.status,
                    member.account_type.value,
                    &held[i],
                    &owned[i],
                    |_, g| g,
                )
            })
            .collect();
        Self {
            model,
            members,
            held,
            owned,
            api_keys_owned,
            automations_owned,
        }
    }

    /// The license member `index` would hold with another account type and
    /// other grants for some of their roles: what a fix would change.
    pub(crate) fn what_if(
        &self,
        index: usize,
        account_type: AccountType,
        grants: impl Fn(Held, Grants) -> Grants,
    ) -> MemberLicense<'m> {
        let member = &self.model.members[index];
        derive_one(
            self.model,
            member.status,
            account_type,
            &self.held[index],
            &self.owned[index],
            grants,
        )
    }

    /// The effective role of a holding.
    pub(crate) fn role_of(&self, held: Held) -> (&'m Application, crate::model::EffectiveRole<'m>) {
        let app = &self.model.applications[held.application as usize];
        let assignment = &app.assignments[held.assignment as usize];
        let role = app
            .assigned_role(assignment)
            .expect("held roles are known roles");
        (app, role)
    }

    /// Members counted per license: active members only.
    pub(crate) fn totals(&self) -> Totals {
        let mut totals = Totals::default();
        for (member, derived) in self.model.members.iter().zip(&self.members) {
            match (member.status, derived.license) {
                (Status::Active, Some(license)) => totals.add(license, 1),
                (Status::Invited, _) => totals.invited += 1,
                _ => {}
            }
        }
        totals
    }
}

fn derive_one<'m>(
    model: &'m Model,
    status: Status,
    account_type: AccountType,
    held: &[Held],
    owned: &[u32],
    grants_of: impl Fn(Held, Grants) -> Grants,
) -> MemberLicense<'m> {
    if status == Status::Deactivated {
        return MemberLicense {
            license: None,
            driver: None,
        };
    }
    if account_type != AccountType::StandardMember {
        return MemberLicense {
            license: Some(License::Editor),
            driver: Some(Driver::AccountType(account_type)),
        };
    }
    if let Some(&first) = owned.first() {
        return MemberLicense {
            license: Some(License::Editor),
            driver: Some(Driver::Owner(&model.applications[first as usize].name)),
        };
    }
    let mut best = (License::Explorer, Driver::ExplorerBaseline);
    for h in held {
        let app = &model.applications[h.application as usize];
        let assignment = &app.assignments[h.assignment as usize];
        let Some(role) = app.assigned_role(assignment) else {
            continue;
        };
        let (license, reason) = role_license(grants_of(*h, role.grants), model.license_model);
        if let (true, Some(reason)) = (license > best.0, reason) {
            best = (
                license,
                Driver::Role {
                    role: role.name,
                    application: &app.name,
                    reason,
                },
            );
        }
    }
    MemberLicense {
        license: Some(best.0),
        driver: Some(best.1),
    }
}

/// Seats in use per license (active members), and invited members apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Totals {
    pub editor: u64,
    pub contributor: u64,
    pub explorer: u64,
    pub invited: u64,
}

impl Totals {
    pub(crate) fn get(&self, license: License) -> u64 {
        match license {
            License::Editor => self.editor,
            License::Contributor => self.contributor,
            License::Explorer => self.explorer,
        }
    }

    fn add(&mut self, license: License, n: u64) {
        match license {
            License::Editor => self.editor += n,
            License::Contributor => self.contributor += n,
            License::Explorer => self.explorer += n,
        }
    }

    /// Yearly cost in cents at the workspace's prices.
    pub(crate) fn annual_cost(&self, model: &Model) -> i64 {
        model
            .license_model
            .licenses()
            .iter()
            .map(|&l| self.get(l) as i64 * model.prices.of(l))
            .sum()
    }
}

#[cfg(test)]
mod tests;
