//! The smallest change that takes a member at least one license tier down:
//! `swatch why` explains it, and the rules that suggest a `what-if` give its
//! edits as flags, so both name the same change and the command really lowers
//! the license when run.

use super::{Licenses, role_license};
use crate::model::{AccountType, DefaultAccess, Grants, License, Permission, PermissionSet};

/// One edit of the change.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Step<'m> {
    AccountType(AccountType),
    TransferOwnership(&'m str),
    /// In `application`, another role instead of `role`, or `role` edited:
    /// without `permissions`, and with default access read instead of
    /// `default_access` when that is set. One step: the role is one cause.
    Role {
        application: &'m str,
        role: &'m str,
        permissions: Vec<Permission>,
        default_access: Option<DefaultAccess>,
    },
}

/// The change that takes member `index` down one tier: every step is needed,
/// all of them are enough. `None` when they hold no license or the lowest.
pub(crate) struct Lowering<'m> {
    /// The license the member holds once every step is made.
    pub license: License,
    /// What they hold now.
    pub from: License,
    pub steps: Vec<Step<'m>>,
}

pub(crate) fn lowering<'m>(licenses: &Licenses<'m>, index: usize) -> Option<Lowering<'m>> {
    let model = licenses.model;
    let lm = model.license_model;
    let member = &model.members[index];
    let current = licenses.members[index].license?;
    let target = lm
        .licenses()
        .iter()
        .copied()
        .filter(|&l| l < current)
        .max()?;
    let mut steps = Vec::new();
    if member.account_type.value != AccountType::StandardMember {
        steps.push(Step::AccountType(AccountType::StandardMember));
    }
    steps.extend(
        licenses.owned[index]
            .iter()
            .map(|&a| Step::TransferOwnership(model.applications[a as usize].name.as_str())),
    );
    // Roles above the target: drop what lifts them, keep the rest.
    let reduce = |grants: Grants| -> Grants {
        let mut permissions = PermissionSet::default();
        for p in grants
            .permissions
            .iter()
            .filter(|p| lm.fit(p.tier()) <= target)
        {
            permissions = permissions.with(p);
        }
        let default_access =
            if lm.fit(License::Contributor) > target && grants.default_access.grants_write() {
                DefaultAccess::Read
            } else {
                grants.default_access
            };
        Grants {
            permissions,
            default_access,
        }
    };
    // What the member holds once every step is taken: the highest of
    // their roles as they would stand, at least explorer.
    let mut result = License::Explorer;
    for h in &licenses.held[index] {
        let (app, role) = licenses.role_of(*h);
        if role_license(role.grants, lm).0 <= target {
            result = result.max(role_license(role.grants, lm).0);
            continue;
        }
        let reduced = reduce(role.grants);
        result = result.max(role_license(reduced, lm).0);
        let removed: Vec<Permission> = role
            .grants
            .permissions
            .iter()
            .filter(|p| !reduced.permissions.contains(*p))
            .collect();
        steps.push(Step::Role {
            application: &app.name,
            role: role.name,
            permissions: removed,
            default_access: (reduced.default_access != role.grants.default_access)
                .then_some(role.grants.default_access),
        });
    }
    Some(Lowering {
        license: result,
        from: current,
        steps,
    })
}
