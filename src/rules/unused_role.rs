use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::{FixEdit, Subject};
use crate::model::RoleRef;

declare_rule!(
    UnusedRole,
    id = "unused-role",
    severity = Info,
    category = Hygiene,
    fix = Unsafe
);

impl Check for UnusedRole {
    fn check(&self, cx: &mut RuleContext<'_>) {
        for app in &cx.model.applications {
            let mut held = vec![false; app.roles.len()];
            for assignment in app.assignments.iter().filter(|s| s.member().is_some()) {
                if let Some(RoleRef::Defined(r)) = app.role_ref_of(assignment) {
                    held[r as usize] = true;
                }
            }
            for (role, held) in app.roles.iter().zip(held) {
                // The owner is the application's Admin.
                if held || (role.name == "Admin" && app.owner_member.is_some()) {
                    continue;
                }
                cx.report(
                    Subject::role(&app.name, &role.name),
                    Some(role.loc),
                    format!("the role {} in {} is held by nobody", quote(&role.name), quote(&app.name)),
                )
                .label("unused role")
                .help("remove roles nobody holds (`swatch fix --unsafe` does): every role is one more thing each access review must read")
                .unsafe_fix(
                    "remove the role's table (no license changes: no member holds it)",
                    smallvec::smallvec![FixEdit::RemoveRole {
                        role: role.name.clone(),
                        loc: role.loc,
                    }],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    const MEMBER: &str = "[[member]]\nemail = \"a@x.com\"\naccount_type = \"standard_member\"\nstatus = \"deactivated\"\n";

    #[test]
    fn fires_for_a_role_nobody_or_only_unknown_emails_hold() {
        let app = "[application]\nname = \"A\"\n[roles.Empty]\npermissions = []\n[roles.Ghost]\npermissions = []\n[members]\n\"ghost@x.com\" = \"Ghost\"\n";
        assert_eq!(
            subjects(&check(&UnusedRole, &[("m.toml", MEMBER), ("a.toml", app)])),
            ["A/Empty", "A/Ghost"]
        );
    }

    #[test]
    fn silent_for_held_roles_and_a_defined_admin_with_an_owner() {
        let app = "[application]\nname = \"A\"\nowner = \"a@x.com\"\n[roles.Admin]\npermissions = []\n[roles.Used]\npermissions = []\n[members]\n\"A@x.com\" = \"Used\"\n";
        assert!(check(&UnusedRole, &[("m.toml", MEMBER), ("a.toml", app)]).is_empty());
    }
}
