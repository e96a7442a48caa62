use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::Subject;
use crate::model::AccountType;

declare_rule!(
    LastAdmin,
    id = "last-admin",
    severity = Warning,
    category = Ownership
);

impl Check for LastAdmin {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let mut managers = cx
            .model
            .members
            .iter()
            .filter(|m| m.is_active() && m.account_type.value.can_manage_members());
        let (Some(only), None) = (managers.next(), managers.next()) else {
            return;
        };
        if only.account_type.value != AccountType::PrimaryOwner {
            return;
        }
        let subject = Subject::member(&only.key);
        cx.report(
            subject,
            Some(only.loc),
            format!("the primary owner {} is the only active member who can manage members", quote(&only.key)),
        )
        .label("only admin")
        .help("make a second member a security_admin or workspace_admin, so the workspace can be administered when the primary owner is away")
        .no_fix(&format!("--account-type {}", super::quoted("EMAIL=security_admin")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    fn member(email: &str, account_type: &str, status: &str) -> String {
        format!(
            "[[member]]\nemail = \"{email}\"\naccount_type = \"{account_type}\"\nstatus = \"{status}\"\n"
        )
    }

    #[test]
    fn fires_when_the_primary_owner_is_alone() {
        let files = [
            member("po@x.com", "primary_owner", "active"),
            member("old@x.com", "workspace_admin", "deactivated"),
            member("b@x.com", "builder", "active"),
        ]
        .concat();
        assert_eq!(
            subjects(&check(&LastAdmin, &[("m.toml", &files)])),
            ["po@x.com"]
        );
    }

    #[test]
    fn silent_with_another_admin_or_no_primary_owner() {
        let two = [
            member("po@x.com", "primary_owner", "active"),
            member("sa@x.com", "security_admin", "active"),
        ]
        .concat();
        assert!(check(&LastAdmin, &[("m.toml", &two)]).is_empty());
        let none = member("wa@x.com", "workspace_admin", "active");
        assert!(check(&LastAdmin, &[("m.toml", &none)]).is_empty());
    }
}
