//! `swatch why EMAIL`: the whole derivation of one member's license, and the
//! smallest change that brings it down one tier.

use crate::license::{Driver, Licenses, Reason, role_license};
use crate::model::{AccountType, DefaultAccess, Grants, License, Permission, PermissionSet};

/// One role a member holds, and what it gives by itself.
#[derive(Debug)]
pub struct HeldRole<'m> {
    pub application: &'m str,
    pub role: &'m str,
    pub license: License,
    pub reason: Option<Reason>,
    /// Permissions of the role above the explorer tier, in format.md's order.
    pub above_explorer: Vec<Permission>,
    pub default_access: DefaultAccess,
}

/// One edit of the fix.
#[derive(Debug, PartialEq, Eq)]
pub enum Step<'m> {
    AccountType(AccountType),
    TransferOwnership(&'m str),
    RemovePermissions {
        application: &'m str,
        role: &'m str,
        permissions: Vec<Permission>,
    },
    ReadDefault {
        application: &'m str,
        role: &'m str,
        from: DefaultAccess,
    },
}

#[derive(Debug)]
pub struct Explanation<'m> {
    pub index: usize,
    pub license: Option<License>,
    pub driver: Option<Driver<'m>>,
    pub held: Vec<HeldRole<'m>>,
    pub owns: Vec<&'m str>,
    /// The license the member holds after the smallest change that takes
    /// them at least one tier down, its steps, and what it saves a year.
    pub fix: Option<(License, Vec<Step<'m>>, i64)>,
}

pub fn explain<'m>(licenses: &Licenses<'m>, index: usize) -> Explanation<'m> {
    let model = licenses.model;
    let lm = model.license_model;
    let member = &model.members[index];
    let derived = licenses.members[index];
    let held: Vec<HeldRole<'m>> = licenses.held[index]
        .iter()
        .map(|&h| {
            let (app, role) = licenses.role_of(h);
            let (license, reason) = role_license(role.grants, lm);
            HeldRole {
                application: &app.name,
                role: role.name,
                license,
                reason,
                above_explorer: role
                    .grants
                    .permissions
                    .iter()
                    .filter(|p| p.tier() > License::Explorer)
                    .collect(),
                default_access: role.grants.default_access,
            }
        })
        .collect();
    let owns: Vec<&str> = licenses.owned[index]
        .iter()
        .map(|&a| model.applications[a as usize].name.as_str())
        .collect();
    let fix = derived.license.and_then(|current| {
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
        steps.extend(owns.iter().map(|&a| Step::TransferOwnership(a)));
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
            result = result.max(role_license(reduce(role.grants), lm).0);
            let reduced = reduce(role.grants);
            let removed: Vec<Permission> = role
                .grants
                .permissions
                .iter()
                .filter(|p| !reduced.permissions.contains(*p))
                .collect();
            if !removed.is_empty() {
                steps.push(Step::RemovePermissions {
                    application: &app.name,
                    role: role.name,
                    permissions: removed,
                });
            }
            if reduced.default_access != role.grants.default_access {
                steps.push(Step::ReadDefault {
                    application: &app.name,
                    role: role.name,
                    from: role.grants.default_access,
                });
            }
        }
        Some((
            result,
            steps,
            model.prices.of(current) - model.prices.of(result),
        ))
    });
    Explanation {
        index,
        license: derived.license,
        driver: derived.driver,
        held,
        owns,
        fix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_utils::workspace;

    #[test]
    fn the_fix_lists_every_edit_down_one_tier() {
        let ws = workspace(&[
            (
                "m.toml",
                "[[member]]\nemail = \"b@x.com\"\naccount_type = \"builder\"\n",
            ),
            (
                "a.toml",
                "[application]\nname = \"A\"\nowner = \"b@x.com\"\n[roles.R]\npermissions = [\"import_data\", \"configure_boards\"]\ndefault_access = \"write\"\n[members]\n\"b@x.com\" = \"R\"\n",
            ),
        ]);
        let licenses = Licenses::derive(&ws.model);
        let e = explain(&licenses, 0);
        let (target, steps, saving) = e.fix.unwrap();
        assert_eq!(target, License::Contributor);
        assert_eq!(saving, 115_000);
        assert_eq!(
            steps,
            [
                Step::AccountType(AccountType::StandardMember),
                Step::TransferOwnership("A"),
                Step::RemovePermissions {
                    application: "A",
                    role: "R",
                    permissions: vec![Permission::ConfigureBoards]
                },
            ]
        );
    }

    #[test]
    fn the_fix_says_where_the_member_really_lands() {
        let ws = workspace(&[
            (
                "m.toml",
                "[[member]]\nemail = \"b@x.com\"\naccount_type = \"builder\"\n",
            ),
            (
                "a.toml",
                "[application]\nname = \"A\"\n[members]\n\"b@x.com\" = \"Reader\"\n",
            ),
        ]);
        let licenses = Licenses::derive(&ws.model);
        let (result, steps, saving) = explain(&licenses, 0).fix.unwrap();
        // One tier down is contributor, but the Reader role leaves explorer.
        assert_eq!(result, License::Explorer);
        assert_eq!(steps, [Step::AccountType(AccountType::StandardMember)]);
        assert_eq!(saving, 210_000);
    }
}
