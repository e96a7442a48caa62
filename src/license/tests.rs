//! The derivation against domain.md's examples, and its invariants.

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
    let (license, driver) = derive_role("current", "\"import_data\"", "default_access = \"write\"");
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
        let (_, grants) = *crate::model::DEFAULT_ROLES
            .iter()
            .find(|(name, _)| *name == role)
            .unwrap();
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
