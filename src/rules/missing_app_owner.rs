use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::Subject;

declare_rule!(
    MissingAppOwner,
    id = "missing-app-owner",
    severity = Error,
    category = Ownership
);

impl Check for MissingAppOwner {
    fn check(&self, cx: &mut RuleContext<'_>) {
        for app in &cx.model.applications {
            let (message, label) = match &app.owner {
                None => (
                    format!("the application {} has no owner", quote(&app.name)),
                    "no `owner`".to_owned(),
                ),
                Some(owner) => match app.owner_member.map(|i| &cx.model.members[i as usize]) {
                    Some(m) if m.is_active() => continue,
                    Some(m) => (
                        format!(
                            "the owner of {}, {}, is {}",
                            quote(&app.name),
                            quote(&m.key),
                            m.status
                        ),
                        format!("owner is {}", m.status),
                    ),
                    None => (
                        format!(
                            "the owner of {}, {}, is not a member of the workspace",
                            quote(&app.name),
                            quote(&owner.value)
                        ),
                        "owner is no member".to_owned(),
                    ),
                },
            };
            cx.report(Subject::application(&app.name), Some(app.loc), message)
                .label(label)
                .help("set `owner` to an active member: the owner is always the application's Admin and the only one who can delete it")
                .no_fix(&format!("--owner {}", super::quoted(&format!("{}=EMAIL", app.name))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    const MEMBERS: &str = r#"
[[member]]
email = "on@x.com"
account_type = "builder"
[[member]]
email = "off@x.com"
account_type = "builder"
status = "deactivated"
[[member]]
email = "new@x.com"
account_type = "builder"
status = "invited"
"#;

    #[test]
    fn fires_without_owner_and_for_an_owner_who_is_not_active() {
        let findings = check(
            &MissingAppOwner,
            &[
                ("m.toml", MEMBERS),
                ("a.toml", "[application]\nname = \"A\"\n"),
                (
                    "b.toml",
                    "[application]\nname = \"B\"\nowner = \"off@x.com\"\n",
                ),
                (
                    "c.toml",
                    "[application]\nname = \"C\"\nowner = \"new@x.com\"\n",
                ),
                (
                    "d.toml",
                    "[application]\nname = \"D\"\nowner = \"nobody@x.com\"\n",
                ),
            ],
        );
        assert_eq!(subjects(&findings), ["A", "B", "C", "D"]);
        assert!(findings[1].message.contains("deactivated"));
    }

    #[test]
    fn silent_for_an_active_owner_in_any_case() {
        let findings = check(
            &MissingAppOwner,
            &[
                ("m.toml", MEMBERS),
                (
                    "a.toml",
                    "[application]\nname = \"A\"\nowner = \"ON@x.com\"\n",
                ),
            ],
        );
        assert!(findings.is_empty());
    }
}
