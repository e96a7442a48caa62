//! License derivation, exactly as Pigment does it (domain.md): each member's
//! license and its driver, what put them there.
//!
//! Everything is computed in one pass over the applications' assignments,
//! indexed by member position, so the cost is linear in members + assignments.

use crate::model::{
    AccountType, Application, DefaultAccess, Grants, License, LicenseModel, Model, Permission,
    Status,
};
use std::fmt;

mod lower;
pub use lower::{Lowering, Step, lowering};

/// Why a role reaches its license.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
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
pub fn role_license(grants: Grants, model: LicenseModel) -> (License, Option<Reason>) {
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
pub enum Driver<'m> {
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    /// Index into [`Model::applications`].
    pub application: u32,
    /// Index into that application's assignments.
    pub assignment: u32,
}

/// One member's derived license. `None` for a deactivated member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberLicense<'m> {
    pub license: Option<License>,
    pub driver: Option<Driver<'m>>,
}

/// Every member's license, and who holds what, indexed like [`Model::members`].
#[derive(Debug)]
pub struct Licenses<'m> {
    pub model: &'m Model,
    pub members: Vec<MemberLicense<'m>>,
    /// Roles each member holds (known roles only), applications by name.
    pub held: Vec<Vec<Held>>,
    /// Applications each member owns, by name (indices into applications).
    pub owned: Vec<Vec<u32>>,
    /// How many API keys, and how many automations, each member owns.
    pub api_keys_owned: Vec<u32>,
    pub automations_owned: Vec<u32>,
}

impl<'m> Licenses<'m> {
    pub fn derive(model: &'m Model) -> Self {
        let n = model.members.len();
        let mut held = vec![Vec::new(); n];
        let mut owned = vec![Vec::new(); n];
        let mut api_keys_owned = vec![0; n];
        let mut automations_owned = vec![0; n];
        for key in &model.api_keys {
            if let Some(i) = model.member_index(&key.owner.value) {
                api_keys_owned[i] += 1;
            }
        }
        for (a, app) in model.applications.iter().enumerate() {
            if let Some(i) = app.owner_member {
                owned[i as usize].push(a as u32);
            }
            for automation in &app.automations {
                if let Some(i) = model.member_index(&automation.owner.value) {
                    automations_owned[i] += 1;
                }
            }
            for (s, assignment) in app.assignments.iter().enumerate() {
                if let (Some(i), Some(_)) = (assignment.member, assignment.role_ref) {
                    held[i as usize].push(Held {
                        application: a as u32,
                        assignment: s as u32,
                    });
                }
            }
        }
        let members = model
            .members
            .iter()
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
    pub fn what_if(
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
    pub fn role_of(&self, held: Held) -> (&'m Application, crate::model::EffectiveRole<'m>) {
        let app = &self.model.applications[held.application as usize];
        let assignment = &app.assignments[held.assignment as usize];
        let role = app
            .assigned_role(assignment)
            .expect("held roles are known roles");
        (app, role)
    }

    /// Members counted per license: active members only.
    pub fn totals(&self) -> Totals {
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
pub struct Totals {
    pub editor: u64,
    pub contributor: u64,
    pub explorer: u64,
    pub invited: u64,
}

impl Totals {
    pub fn get(&self, license: License) -> u64 {
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
    pub fn annual_cost(&self, model: &Model) -> i64 {
        model
            .license_model
            .licenses()
            .iter()
            .map(|&l| self.get(l) as i64 * model.prices.of(l))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Keyword;
    use crate::test_utils::workspace;

    const MEMBER: &str = r#"
[[member]]
email = "m@x.com"
account_type = "standard_member"
"#;

    fn workspace_with_model(license_model: &str, app: &str) -> crate::load::Workspace {
        let ws = format!("[workspace]\nlicense_model = \"{license_model}\"\n{MEMBER}");
        workspace(&[("ws.toml", &ws), ("app.toml", app)])
    }

    /// The license and driver of m@x.com holding `role` defined as given.
    fn derive_role(
        license_model: &str,
        permissions: &str,
        default_access: &str,
    ) -> (Option<License>, String) {
        let app = format!(
            "[application]\nname = \"App\"\n[roles.R]\npermissions = [{permissions}]\n{default_access}\n[members]\n\"m@x.com\" = \"R\"\n"
        );
        let ws = workspace_with_model(license_model, &app);
        let licenses = Licenses::derive(&ws.model);
        let m = licenses.members[0];
        (
            m.license,
            m.driver.map(|d| d.to_string()).unwrap_or_default(),
        )
    }

    #[test]
    fn each_permission_alone_in_a_read_role_sets_its_tier_in_every_model() {
        for &(name, permission) in Permission::ALL {
            for (model, lm) in [
                ("current", LicenseModel::Current),
                ("legacy-v1", LicenseModel::LegacyV1),
                ("legacy-v2", LicenseModel::LegacyV2),
            ] {
                let (license, driver) =
                    derive_role(model, &format!("\"{name}\""), "default_access = \"read\"");
                let expected = lm.fit(permission.tier());
                assert_eq!(license, Some(expected), "{name} in {model}");
                if expected == License::Explorer {
                    assert_eq!(driver, "explorer baseline", "{name} in {model}");
                } else {
                    assert_eq!(
                        driver,
                        format!("role R in App ({name})"),
                        "{name} in {model}"
                    );
                }
            }
        }
    }

    #[test]
    fn tiers_follow_seed_004() {
        let tier = |name: &str| Permission::from_keyword(name).unwrap().tier();
        for explorer in [
            "display_application",
            "formula_playground",
            "open_boards",
            "comment_boards",
        ] {
            assert_eq!(tier(explorer), License::Explorer, "{explorer}");
        }
        for contributor in [
            "open_block_explorer",
            "add_list_items",
            "remove_list_items",
            "reorder_list_items",
            "import_data",
        ] {
            assert_eq!(tier(contributor), License::Contributor, "{contributor}");
        }
        for editor in [
            "configure_automations",
            "define_application_security",
            "configure_boards",
            "view_history",
        ] {
            assert_eq!(tier(editor), License::Editor, "{editor}");
        }
    }

    #[test]
    fn each_default_access_with_explorer_permissions() {
        let cases = [
            (
                "default_access = \"read\"",
                License::Explorer,
                License::Explorer,
                "explorer baseline",
            ),
            (
                "default_access = \"none\"",
                License::Explorer,
                License::Explorer,
                "explorer baseline",
            ),
            (
                "default_access = \"write\"",
                License::Contributor,
                License::Editor,
                "role R in App (default access write)",
            ),
            (
                "default_access = \"unspecified\"",
                License::Contributor,
                License::Editor,
                "role R in App (default access unspecified)",
            ),
            (
                "",
                License::Contributor,
                License::Editor,
                "role R in App (default access unspecified)",
            ),
        ];
        for (access, current, v2, driver) in cases {
            let perms = "\"display_application\", \"open_boards\"";
            assert_eq!(
                derive_role("current", perms, access),
                (Some(current), driver.to_owned()),
                "{access}"
            );
            assert_eq!(
                derive_role("legacy-v1", perms, access),
                (Some(current), driver.to_owned()),
                "{access}"
            );
            assert_eq!(
                derive_role("legacy-v2", perms, access),
                (Some(v2), driver.to_owned()),
                "{access}"
            );
        }
    }

    #[test]
    fn a_permission_outranks_default_access_as_the_driver() {
        let (license, driver) =
            derive_role("current", "\"import_data\"", "default_access = \"write\"");
        assert_eq!(license, Some(License::Contributor));
        assert_eq!(driver, "role R in App (import_data)");
        // The first permission in format.md's order, whatever the file's order.
        let (_, driver) = derive_role(
            "current",
            "\"configure_boards\", \"configure_application\"",
            "",
        );
        assert_eq!(driver, "role R in App (configure_application)");
    }

    #[test]
    fn every_account_type_but_standard_member_is_the_top_license() {
        for &(name, account_type) in AccountType::ALL {
            let ws = workspace(&[(
                "ws.toml",
                &format!(
                    "[workspace]\nlicense_model = \"legacy-v1\"\n[[member]]\nemail = \"a@x.com\"\naccount_type = \"{name}\"\n"
                ),
            )]);
            let licenses = Licenses::derive(&ws.model);
            let m = licenses.members[0];
            if account_type == AccountType::StandardMember {
                assert_eq!(m.license, Some(License::Explorer));
                assert_eq!(m.driver, Some(Driver::ExplorerBaseline));
            } else {
                assert_eq!(m.license, Some(License::Editor), "{name}");
                assert_eq!(
                    m.driver.unwrap().to_string(),
                    format!("account type {name}")
                );
                assert_eq!(ws.model.license_model.name(License::Editor), "modeler");
            }
        }
    }

    #[test]
    fn owning_an_application_is_the_top_license_and_beats_roles() {
        let ws = workspace_with_model(
            "current",
            "[application]\nname = \"Zeta\"\nowner = \"M@X.com\"\n[members]\n\"m@x.com\" = \"Contributor\"\n",
        );
        let m = Licenses::derive(&ws.model).members[0];
        assert_eq!(m.license, Some(License::Editor));
        assert_eq!(m.driver.unwrap().to_string(), "owner of Zeta");
    }

    #[test]
    fn account_type_beats_ownership() {
        let ws = workspace(&[(
            "ws.toml",
            "[[member]]\nemail = \"b@x.com\"\naccount_type = \"builder\"\n[application]\nname = \"A\"\nowner = \"b@x.com\"\n",
        )]);
        let m = Licenses::derive(&ws.model).members[0];
        assert_eq!(m.driver.unwrap().to_string(), "account type builder");
    }

    #[test]
    fn among_roles_the_first_application_by_name_drives() {
        let ws = workspace(&[
            ("ws.toml", MEMBER),
            (
                "b.toml",
                "[application]\nname = \"Beta\"\n[members]\n\"m@x.com\" = \"Modeler\"\n",
            ),
            (
                "a.toml",
                "[application]\nname = \"Alpha\"\n[members]\n\"m@x.com\" = \"Admin\"\n",
            ),
            (
                "c.toml",
                "[application]\nname = \"Gamma\"\n[members]\n\"m@x.com\" = \"Contributor\"\n",
            ),
        ]);
        let m = Licenses::derive(&ws.model).members[0];
        assert_eq!(m.license, Some(License::Editor));
        assert_eq!(
            m.driver.unwrap().to_string(),
            "role Admin in Alpha (configure_application)"
        );
    }

    #[test]
    fn default_roles_have_their_documented_licenses() {
        for (role, expected) in [
            ("Admin", License::Editor),
            ("Modeler", License::Editor),
            ("Designer", License::Editor),
            ("Contributor", License::Contributor),
            ("Reader", License::Explorer),
        ] {
            let grants = crate::model::default_role(role).unwrap();
            assert_eq!(
                role_license(grants, LicenseModel::Current).0,
                expected,
                "{role}"
            );
        }
    }

    #[test]
    fn a_custom_role_replaces_the_default_of_the_same_name() {
        let ws = workspace_with_model(
            "current",
            "[application]\nname = \"App\"\n[roles.Reader]\npermissions = [\"display_application\"]\ndefault_access = \"write\"\n[members]\n\"m@x.com\" = \"Reader\"\n",
        );
        let m = Licenses::derive(&ws.model).members[0];
        assert_eq!(m.license, Some(License::Contributor));
        assert_eq!(
            m.driver.unwrap().to_string(),
            "role Reader in App (default access write)"
        );
    }

    #[test]
    fn emails_differing_only_in_case_are_one_member() {
        let ws = workspace_with_model(
            "current",
            "[application]\nname = \"App\"\n[members]\n\"M@X.COM\" = \"Modeler\"\n",
        );
        let m = Licenses::derive(&ws.model).members[0];
        assert_eq!(m.license, Some(License::Editor));
    }

    #[test]
    fn deactivated_members_hold_nothing_and_invited_are_counted_apart() {
        let ws = workspace(&[(
            "ws.toml",
            r#"
[[member]]
email = "gone@x.com"
account_type = "workspace_admin"
status = "deactivated"
[[member]]
email = "new@x.com"
account_type = "builder"
status = "invited"
[[member]]
email = "here@x.com"
account_type = "standard_member"
"#,
        )]);
        let licenses = Licenses::derive(&ws.model);
        assert_eq!(licenses.members[0].license, None);
        assert_eq!(licenses.members[0].driver, None);
        assert_eq!(licenses.members[2].license, Some(License::Editor));
        let totals = licenses.totals();
        assert_eq!((totals.editor, totals.explorer, totals.invited), (0, 1, 1));
        assert_eq!(totals.annual_cost(&ws.model), 65_000);
    }

    #[test]
    fn unknown_roles_grant_nothing() {
        let ws = workspace_with_model(
            "current",
            "[application]\nname = \"App\"\n[members]\n\"m@x.com\" = \"Nope\"\n",
        );
        let licenses = Licenses::derive(&ws.model);
        assert_eq!(licenses.members[0].license, Some(License::Explorer));
        assert!(licenses.held[0].is_empty());
    }
}
