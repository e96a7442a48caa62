use super::{Check, RuleContext, declare_rule};
use crate::finding::{Subject, capped_names};
use crate::model::AccountType;

declare_rule!(
    PrimaryOwner,
    id = "primary-owner",
    severity = Error,
    category = Ownership
);

impl Check for PrimaryOwner {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let owner_members: Vec<&crate::model::Member> = cx
            .model
            .members
            .iter()
            .filter(|m| m.is_active() && m.account_type.value == AccountType::PrimaryOwner)
            .collect();
        let owners: Vec<&str> = owner_members.iter().map(|m| &*m.key).collect();
        // The what-if that shows one step towards a single owner: with
        // none, promoting someone; with several, demoting one of them.
        let (message, step) = match owners.as_slice() {
            [_] => return,
            [] => (
                "the workspace has no active primary owner".to_owned(),
                "EMAIL=primary_owner".to_owned(),
            ),
            many => (
                format!(
                    "the workspace has {} active primary owners: {}",
                    many.len(),
                    capped_names(many.iter().copied())
                ),
                format!("{}=workspace_admin", many[many.len() - 1]),
            ),
        };
        let subject = Subject::workspace(cx.model.workspace_name());
        let loc = cx.model.workspace.as_ref().map(|w| w.loc);
        let finding = cx.report(subject, loc, message);
        finding.set_involved(owner_members.iter().map(|m| m.loc).collect());
        finding
            .label("not exactly one primary owner")
            .help("a Pigment workspace has exactly one primary owner: give that account type to one active member and another admin type to the rest")
            .no_fix(&format!("--account-type {}", super::quoted(&step)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    fn owner(email: &str, status: &str) -> String {
        format!(
            "[[member]]\nemail = \"{email}\"\naccount_type = \"primary_owner\"\nstatus = \"{status}\"\n"
        )
    }

    #[test]
    fn fires_for_none_or_several() {
        let none = owner("a@x.com", "deactivated");
        let findings = check(&PrimaryOwner, &[("m.toml", &none)]);
        assert_eq!(subjects(&findings), ["workspace"]);
        assert_eq!(findings[0].loc, None);
        let two = [
            owner("a@x.com", "active"),
            owner("b@x.com", "active"),
            "[workspace]\nname = \"Acme\"\n".into(),
        ]
        .concat();
        let findings = check(&PrimaryOwner, &[("m.toml", &two)]);
        assert_eq!(subjects(&findings), ["Acme"]);
        assert!(findings[0].message.contains("2 active primary owners"));
        // The what-if it suggests demotes one of them; with none, it promotes.
        assert!(
            findings[0]
                .help
                .contains("--account-type 'b@x.com=workspace_admin'"),
            "{}",
            findings[0].help
        );
        let findings = check(&PrimaryOwner, &[("m.toml", &none)]);
        assert!(findings[0].help.contains("'EMAIL=primary_owner'"));
    }

    #[test]
    fn silent_for_exactly_one_active() {
        let files = [owner("a@x.com", "active"), owner("b@x.com", "invited")].concat();
        assert!(check(&PrimaryOwner, &[("m.toml", &files)]).is_empty());
    }

    #[test]
    fn three_thousand_owners_are_cut_after_five() {
        let members: String = (0..3_000)
            .map(|i| {
                format!("[[member]]\nemail = \"o{i}@x.com\"\naccount_type = \"primary_owner\"\n")
            })
            .collect();
        let findings = check(&PrimaryOwner, &[("m.toml", &members)]);
        assert!(findings[0].message.len() < 200, "{}", findings[0].message);
        assert!(
            findings[0].message.ends_with(", and 2,995 more"),
            "{}",
            findings[0].message
        );
    }
}
