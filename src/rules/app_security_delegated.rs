use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::{Subject, Text};
use std::collections::BTreeMap;
use crate::model::{AccountType, Permission, Status};

declare_rule!(
    AppSecurityDelegated,
    id = "app-security-delegated",
    severity = Warning,
    category = Access
);

impl Check for AppSecurityDelegated {
    fn check(&self, cx: &mut RuleContext<'_>) {
        for app in &cx.model.applications {
            // One help per role: every holder of it is told the same.
            let mut helps: BTreeMap<&str, Text> = BTreeMap::new();
            for assignment in &app.assignments {
                let (Some(i), Some(role)) = (assignment.member(), app.assigned_role(assignment))
                else {
                    continue;
                };
                let member = &cx.model.members[i as usize];
                // A deactivated member has no access; deactivated-member-assigned
                // reports the assignment left behind.
                if member.status == Status::Deactivated
                    || member.account_type.value != AccountType::StandardMember
                    || app.owner_member == Some(i)
                    || !role
                        .grants
                        .permissions
                        .contains(Permission::DefineApplicationSecurity)
                {
                    continue;
                }
                let help = helps.entry(role.name).or_insert_with(|| {
                    Text::from(super::no_fix(
                        "keep define_application_security with the owner and admins: give this member a role without it",
                        &format!(
                            "--remove-permission {}",
                            super::quoted(&format!("{}/{}=define_application_security", app.name, role.name))
                        ),
                    ))
                    .shared()
                });
                cx.report(
                    Subject::assignment(&app.name, &member.key),
                    Some(app.line_loc(assignment)),
                    format!(
                        "{}, a standard member, can change who may do what in {} (role {} has `define_application_security`)",
                        quote(&member.key), quote(&app.name), quote(role.name)
                    ),
                )
                .label("can edit application security")
                .help(help.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    const MEMBERS: &str = "[[member]]\nemail = \"s@x.com\"\naccount_type = \"standard_member\"\nstatus = \"invited\"\n[[member]]\nemail = \"o@x.com\"\naccount_type = \"standard_member\"\n[[member]]\nemail = \"b@x.com\"\naccount_type = \"builder\"\n";

    #[test]
    fn fires_for_a_standard_member_holding_the_permission() {
        let app = "[application]\nname = \"A\"\n[members]\n\"s@x.com\" = \"Admin\"\n";
        assert_eq!(
            subjects(&check(
                &AppSecurityDelegated,
                &[("m.toml", MEMBERS), ("a.toml", app)]
            )),
            ["A/s@x.com"]
        );
    }

    #[test]
    fn silent_for_a_deactivated_member() {
        let members = "[[member]]\nemail = \"g@x.com\"\naccount_type = \"standard_member\"\nstatus = \"deactivated\"\n";
        let app = "[application]\nname = \"A\"\n[members]\n\"g@x.com\" = \"Admin\"\n";
        assert!(
            check(
                &AppSecurityDelegated,
                &[("m.toml", members), ("a.toml", app)]
            )
            .is_empty()
        );
    }

    #[test]
    fn silent_for_the_owner_other_account_types_and_roles_without_it() {
        let app = "[application]\nname = \"A\"\nowner = \"o@x.com\"\n[members]\n\"o@x.com\" = \"Admin\"\n\"b@x.com\" = \"Admin\"\n\"s@x.com\" = \"Modeler\"\n";
        assert!(
            check(
                &AppSecurityDelegated,
                &[("m.toml", MEMBERS), ("a.toml", app)]
            )
            .is_empty()
        );
    }
}
