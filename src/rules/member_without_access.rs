use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::Subject;
use crate::model::AccountType;

declare_rule!(
    MemberWithoutAccess,
    id = "member-without-access",
    severity = Info,
    category = Licenses
);

impl Check for MemberWithoutAccess {
    fn check(&self, cx: &mut RuleContext<'_>) {
        for (i, member) in cx.model.members.iter().enumerate() {
            if !member.is_active()
                || member.account_type.value != AccountType::StandardMember
                || !cx.licenses.held[i].is_empty()
                || !cx.licenses.owned[i].is_empty()
            {
                continue;
            }
            let Some(license) = cx.license_of(i).license else {
                continue;
            };
            let saving = cx.saving(license, None);
            let subject = Subject::member(&member.key);
            let help = format!(
                "they pay for {} seat they cannot use: give them a role, or deactivate them and save {}",
                crate::rules::with_article(cx.name(license)),
                cx.money(saving)
            );
            cx.report(
                subject,
                Some(member.loc),
                format!("{} holds no role in any application", quote(&member.key)),
            )
            .label("no access")
            .help(help)
            .no_fix(&format!(
                "--assign {}",
                super::quoted(&format!("APP/{}=Reader", member.key))
            ))
            .saving(saving);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    const MEMBERS: &str = "[[member]]\nemail = \"a@x.com\"\naccount_type = \"standard_member\"\n[[member]]\nemail = \"b@x.com\"\naccount_type = \"standard_member\"\n";

    #[test]
    fn fires_for_no_role_or_only_unknown_roles() {
        let app = "[application]\nname = \"A\"\n[members]\n\"b@x.com\" = \"Nope\"\n";
        assert_eq!(
            subjects(&check(
                &MemberWithoutAccess,
                &[("m.toml", MEMBERS), ("a.toml", app)]
            )),
            ["a@x.com", "b@x.com"]
        );
    }

    #[test]
    fn silent_for_role_holders_owners_and_admins() {
        let members =
            format!("{MEMBERS}[[member]]\nemail = \"c@x.com\"\naccount_type = \"builder\"\n");
        let app = "[application]\nname = \"A\"\nowner = \"a@x.com\"\n[members]\n\"b@x.com\" = \"Reader\"\n";
        assert!(
            check(
                &MemberWithoutAccess,
                &[("m.toml", &members), ("a.toml", app)]
            )
            .is_empty()
        );
    }
}
