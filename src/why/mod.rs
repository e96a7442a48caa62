//! `swatch why EMAIL`: the whole derivation of one member's license, and the
//! smallest change that brings it down one tier, with what the ownership
//! rules would report once that change is made.

mod render;

pub(crate) use render::render;

use crate::config::Config;
use crate::finding::{Finding, Subject, SubjectKind, Text};
pub(crate) use crate::license::Step;
use crate::license::{Driver, Licenses, Reason, role_license};
use crate::model::{Application, License, Model};
use crate::rules::{BUILTIN, Category};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};

/// One role a member holds, and what it gives by itself.
#[derive(Debug)]
pub(crate) struct HeldRole<'m> {
    pub application: &'m str,
    pub role: &'m str,
    pub license: License,
    pub reason: Option<Reason>,
}

/// An assignment naming a role its application does not have: it grants
/// nothing, and `unknown-role` reports it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct UnknownRole<'m> {
    pub application: &'m str,
    pub role: &'m str,
}

/// One edit of the fix, and what it sets off.
#[derive(Debug)]
pub(crate) struct FixStep<'m> {
    pub step: Step<'m>,
    /// Findings of the ownership rules that the workspace would get, and does
    /// not have now, once this step is made as written: the account type
    /// changed, or the application left without its owner.
    pub causes: Vec<Finding>,
}

/// The smallest change that takes a member at least one tier down.
#[derive(Debug)]
pub(crate) struct Fix<'m> {
    /// The license the member holds once every step is made.
    pub license: License,
    /// Each step removes one cause of the current license, so all of them
    /// are needed: any one left out keeps the member where they are.
    pub steps: Vec<FixStep<'m>>,
    /// What it saves a year, in cents.
    pub saving: i64,
}

#[derive(Debug)]
pub(crate) struct Explanation<'m> {
    pub index: usize,
    pub license: Option<License>,
    pub driver: Option<Driver<'m>>,
    pub held: Vec<HeldRole<'m>>,
    /// In application order.
    pub unknown_roles: Vec<UnknownRole<'m>>,
    pub owns: Vec<&'m str>,
    pub fix: Option<Fix<'m>>,
}

/// Explain member `index`. `config` and `today` are those the rules run with
/// when the fix is checked.
pub(crate) fn explain<'m>(
    licenses: &Licenses<'m>,
    index: usize,
    config: &Config,
    today: Date,
) -> Explanation<'m> {
    let model = licenses.model;
    let lm = model.license_model;
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
            }
        })
        .collect();
    // `held` keeps known roles only; one pass over the assignments finds the rest.
    let unknown_roles: Vec<UnknownRole<'m>> = model
        .applications
        .iter()
        .flat_map(|app| {
            app.assignments
                .iter()
                .filter(|s| s.member() == Some(index as u32) && app.role_ref_of(s).is_none())
                .map(|s| UnknownRole {
                    application: &app.name,
                    role: app.written_role(s).value,
                })
        })
        .collect();
    let owns: Vec<&str> = licenses.owned[index]
        .iter()
        .map(|&a| model.applications[a as usize].name.as_str())
        .collect();
    let fix = crate::license::lowering(licenses, index).map(|lowering| {
        let steps = lowering.steps;
        let mut causes = caused_findings(licenses, index, &steps, config, today);
        Fix {
            license: lowering.license,
            steps: steps
                .into_iter()
                .zip(causes.iter_mut())
                .map(|(step, causes)| FixStep {
                    step,
                    causes: std::mem::take(causes),
                })
                .collect(),
            saving: model.prices.of(lowering.from) - model.prices.of(lowering.license),
        }
    });
    Explanation {
        index,
        license: derived.license,
        driver: derived.driver,
        held,
        unknown_roles,
        owns,
        fix,
    }
}

/// The findings of the enabled rules a step can set off: the ownership
/// rules (`primary-owner`, `last-admin`, `missing-app-owner`, the orphaned
/// owners) and `api-key-owner-not-admin`, which a lower account type sets off
/// for the keys the member owns.
fn ownership_findings(licenses: &Licenses<'_>, config: &Config, today: Date) -> Vec<Finding> {
    BUILTIN
        .iter()
        .filter(|rule| {
            let meta = rule.meta();
            meta.category == Category::Ownership || meta.id == "api-key-owner-not-admin"
        })
        .flat_map(|rule| {
            crate::lint::run_rule(*rule, licenses, config, today, crate::finding::Words::All)
        })
        .collect()
}

/// What the rules of [`ownership_findings`] read of the model, and all a
/// step edits: every member and API key, and the applications in `owned`
/// without their roles, assignments and automations (which no step touches,
/// so their findings cannot change). A copy of the whole model would double
/// the memory of a 100,000-member workspace.
fn checked_part(model: &Model, owned: &[u32]) -> Model {
    let mut part = Model::default();
    part.workspace.clone_from(&model.workspace);
    part.license_model = model.license_model;
    part.prices = model.prices;
    part.members.clone_from(&model.members);
    part.api_keys.clone_from(&model.api_keys);
    part.applications = owned
        .iter()
        .map(|&a| {
            let app = &model.applications[a as usize];
            Application {
                name: app.name.clone(),
                loc: app.loc,
                header: app.header,
                owner: app.owner.clone(),
                owner_member: app.owner_member,
                public_blocks: None,
                roles: Vec::new(),
                assignments: Vec::new(),
                assigned_roles: Vec::new(),
                unknown_emails: Vec::new(),
                automations: Vec::new(),
            }
        })
        .collect();
    part.index_members();
    part
}

/// For each step, the findings [`ownership_findings`] reports on the
/// workspace with every step made as written and not on the workspace as it
/// is: the member's account type changed, the applications they own left
/// without an owner. They are the only rules a step can set off with an
/// error (role steps only take rights away, and no step changes a status).
/// Linear: one copy of the members and keys, and the rules run once on each side.
fn caused_findings(
    licenses: &Licenses<'_>,
    index: usize,
    steps: &[Step<'_>],
    config: &Config,
    today: Date,
) -> Vec<Vec<Finding>> {
    let mut caused = vec![Vec::new(); steps.len()];
    let mut account_type_step = None;
    let mut transfer_steps = BTreeMap::new();
    for (i, step) in steps.iter().enumerate() {
        match step {
            Step::AccountType(_) => account_type_step = Some(i),
            Step::TransferOwnership(app) => {
                transfer_steps.insert(*app, i);
            }
            Step::Role { .. } => {}
        }
    }
    if account_type_step.is_none() && transfer_steps.is_empty() {
        return caused;
    }
    let mut edited = checked_part(licenses.model, &licenses.owned[index]);
    for step in steps {
        if let Step::AccountType(t) = step {
            edited.members[index].account_type.value = *t;
        }
    }
    for app in &mut edited.applications {
        app.owner = None;
        app.owner_member = None;
    }
    let now: BTreeSet<(Text, Subject)> = ownership_findings(licenses, config, today)
        .into_iter()
        .map(|f| (f.rule, f.subject))
        .collect();
    for finding in ownership_findings(&Licenses::derive(&edited), config, today) {
        if now.contains(&(finding.rule.clone(), finding.subject.clone())) {
            continue;
        }
        // An application's finding comes from its transfer; the others
        // (who is primary owner, who can manage members) from the account type.
        let step = match finding.subject.kind {
            SubjectKind::Application => transfer_steps.get(finding.subject.name.as_ref()).copied(),
            _ => account_type_step,
        };
        if let Some(step) = step {
            caused[step].push(finding);
        }
    }
    caused
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AccountType, DefaultAccess, Permission, PermissionSet};
    use crate::test_utils::workspace;

    fn today() -> Date {
        jiff::civil::date(2026, 11, 28)
    }

    fn explain_member<'m>(licenses: &Licenses<'m>, email: &str) -> Explanation<'m> {
        let index = licenses.model.member_index(email).unwrap();
        explain(licenses, index, &Config::default(), today())
    }

    fn steps<'a, 'm>(fix: &'a Fix<'m>) -> Vec<&'a Step<'m>> {
        fix.steps.iter().map(|s| &s.step).collect()
    }

    fn caused<'a>(fix: &'a Fix<'_>) -> Vec<Vec<(&'a str, &'a str)>> {
        fix.steps
            .iter()
            .map(|s| {
                s.causes
                    .iter()
                    .map(|f| (f.rule.as_str(), f.subject.name.as_ref()))
                    .collect()
            })
            .collect()
    }

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
        let fix = explain_member(&licenses, "b@x.com").fix.unwrap();
        assert_eq!(fix.license, License::Contributor);
        assert_eq!(fix.saving, 115_000);
        assert_eq!(
            steps(&fix),
            [
                &Step::AccountType(AccountType::StandardMember),
                &Step::TransferOwnership("A"),
                &Step::Role {
                    application: "A",
                    role: "R",
                    permissions: vec![Permission::ConfigureBoards],
                    default_access: None,
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
        let fix = explain_member(&licenses, "b@x.com").fix.unwrap();
        // One tier down is contributor, but the Reader role leaves explorer.
        assert_eq!(fix.license, License::Explorer);
        assert_eq!(
            steps(&fix),
            [&Step::AccountType(AccountType::StandardMember)]
        );
        assert_eq!(fix.saving, 210_000);
    }

    const MEMBERS: &str = r#"
[[member]]
email = "po@x.com"
account_type = "primary_owner"
[[member]]
email = "sec@x.com"
account_type = "security_admin"
[[member]]
email = "b@x.com"
account_type = "builder"
"#;

    #[test]
    fn demoting_the_only_primary_owner_or_removing_an_owner_is_reported_on_its_step() {
        let ws = workspace(&[
            ("m.toml", MEMBERS),
            (
                "a.toml",
                "[application]\nname = \"A\"\nowner = \"po@x.com\"\n",
            ),
        ]);
        let licenses = Licenses::derive(&ws.model);
        let fix = explain_member(&licenses, "po@x.com").fix.unwrap();
        assert_eq!(
            caused(&fix),
            [
                vec![("primary-owner", "workspace")],
                vec![("missing-app-owner", "A")]
            ]
        );
        // sec@ is not the last admin while the primary owner can manage members.
        let fix = explain_member(&licenses, "sec@x.com").fix.unwrap();
        assert_eq!(caused(&fix), [vec![("last-admin", "po@x.com")]]);
        // A security admin's API key would be held by a standard member.
        let ws_key = workspace(&[
            ("m.toml", MEMBERS),
            (
                "k.toml",
                "[[api_key]]\nname = \"K\"\nkind = \"import\"\nowner = \"sec@x.com\"\n",
            ),
        ]);
        let with_key = Licenses::derive(&ws_key.model);
        let fix = explain_member(&with_key, "sec@x.com").fix.unwrap();
        assert_eq!(
            caused(&fix),
            [vec![
                ("api-key-owner-not-admin", "K"),
                ("last-admin", "po@x.com")
            ]]
        );
        // A builder's demotion leaves the administration as it is.
        let fix = explain_member(&licenses, "b@x.com").fix.unwrap();
        assert_eq!(caused(&fix), [Vec::<(&str, &str)>::new()]);
    }

    #[test]
    fn demoting_one_of_two_primary_owners_sets_nothing_off() {
        let two = format!(
            "{MEMBERS}[[member]]\nemail = \"po2@x.com\"\naccount_type = \"primary_owner\"\n"
        );
        let ws = workspace(&[("m.toml", &two)]);
        let licenses = Licenses::derive(&ws.model);
        let fix = explain_member(&licenses, "po@x.com").fix.unwrap();
        assert_eq!(caused(&fix), [Vec::<(&str, &str)>::new()]);
    }

    #[test]
    fn a_rule_turned_off_is_not_reported() {
        let ws = workspace(&[("m.toml", MEMBERS)]);
        let licenses = Licenses::derive(&ws.model);
        let (config, errors) = Config::parse(
            &mut crate::source::Sources::default(),
            "swatch.toml".to_owned(),
            "[rules.primary-owner]\nseverity = \"off\"\n".to_owned(),
        );
        assert!(errors.is_empty());
        let fix = explain(&licenses, 0, &config, today()).fix.unwrap();
        assert_eq!(caused(&fix), [Vec::<(&str, &str)>::new()]);
    }

    #[test]
    fn assignments_to_a_role_the_application_lacks_are_listed_apart() {
        let ws = workspace(&[
            ("m.toml", MEMBERS),
            (
                "a.toml",
                "[application]\nname = \"A\"\n[members]\n\"b@x.com\" = \"Sales Lead\"\n",
            ),
            (
                "c.toml",
                "[application]\nname = \"C\"\n[members]\n\"b@x.com\" = \"Reader\"\n",
            ),
        ]);
        let licenses = Licenses::derive(&ws.model);
        let e = explain_member(&licenses, "b@x.com");
        assert_eq!(
            e.unknown_roles,
            [UnknownRole {
                application: "A",
                role: "Sales Lead"
            }]
        );
        assert_eq!(e.held.len(), 1);
    }

    /// The member's license with every step but `omitted` made: account
    /// type, ownership and role grants edited on a copy of the model.
    fn license_without(
        model: &Model,
        index: usize,
        fix: &Fix<'_>,
        omitted: Option<usize>,
    ) -> License {
        let mut edited = model.clone();
        let made = || {
            fix.steps
                .iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != omitted)
                .map(|(_, s)| &s.step)
        };
        for step in made() {
            match step {
                Step::AccountType(t) => edited.members[index].account_type.value = *t,
                Step::TransferOwnership(name) => {
                    let app = edited
                        .applications
                        .iter_mut()
                        .find(|a| a.name == *name)
                        .unwrap();
                    app.owner = None;
                    app.owner_member = None;
                }
                Step::Role { .. } => {}
            }
        }
        let licenses = Licenses::derive(&edited);
        let account_type = edited.members[index].account_type.value;
        licenses
            .what_if(index, account_type, |held, mut grants| {
                let (app, role) = licenses.role_of(held);
                for step in made() {
                    match step {
                        Step::Role {
                            application,
                            role: r,
                            permissions,
                            default_access,
                        } if *application == app.name && *r == role.name => {
                            let mut kept = PermissionSet::default();
                            for p in grants
                                .permissions
                                .iter()
                                .filter(|p| !permissions.contains(p))
                            {
                                kept = kept.with(p);
                            }
                            grants.permissions = kept;
                            if default_access.is_some() {
                                grants.default_access = DefaultAccess::Read;
                            }
                        }
                        _ => {}
                    }
                }
                grants
            })
            .license
            .unwrap()
    }

    #[test]
    fn every_step_is_needed_and_all_of_them_are_enough() {
        let ws = workspace(&[
            ("m.toml", MEMBERS),
            (
                "d.toml",
                "[[member]]\nemail = \"d@x.com\"\naccount_type = \"standard_member\"\n",
            ),
            (
                "a.toml",
                "[application]\nname = \"A\"\nowner = \"b@x.com\"\n[members]\n\"b@x.com\" = \"Contributor\"\n\"d@x.com\" = \"Contributor\"\n\"sec@x.com\" = \"Modeler\"\n",
            ),
            (
                "c.toml",
                "[application]\nname = \"C\"\n[roles.Lead]\npermissions = [\"configure_boards\", \"import_data\"]\n[members]\n\"b@x.com\" = \"Lead\"\n",
            ),
        ]);
        let licenses = Licenses::derive(&ws.model);
        let mut most = 0;
        for index in 0..ws.model.members.len() {
            let e = explain(&licenses, index, &Config::default(), today());
            let (Some(current), Some(fix)) = (e.license, e.fix) else {
                continue;
            };
            assert_eq!(license_without(&ws.model, index, &fix, None), fix.license);
            most = most.max(fix.steps.len());
            for omitted in 0..fix.steps.len() {
                assert_eq!(
                    license_without(&ws.model, index, &fix, Some(omitted)),
                    current,
                    "{:?} left out",
                    fix.steps[omitted].step
                );
            }
        }
        assert_eq!(
            most, 3,
            "b@ needs three steps: account type, ownership, role"
        );
    }
}
