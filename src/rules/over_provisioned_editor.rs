use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::Subject;
use crate::model::{AccountType, License};

declare_rule!(
    OverProvisionedEditor,
    id = "over-provisioned-editor",
    severity = Warning,
    category = Licenses
);

impl Check for OverProvisionedEditor {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let top = cx.name(License::Editor);
        for (i, member) in cx.model.members.iter().enumerate() {
            if !member.is_active() || cx.license_of(i).license != Some(License::Editor) {
                continue;
            }
            let driver = cx
                .license_of(i)
                .driver
                .map(|d| quote(&d.to_string()))
                .unwrap_or_default();
            let (message, label, after, help, what_if) = if let Some(seat) =
                member.seat.filter(|s| s.value < License::Editor)
            {
                (
                    format!(
                        "{} holds the {top} license ({driver}) but their seat is {}",
                        quote(&member.key),
                        cx.name(seat.value)
                    ),
                    format!("seat is {}", cx.name(seat.value)),
                    seat.value,
                    format!(
                        "take away what gives the {top} license ({driver}), or change `seat` if {top} is intended"
                    ),
                    what_if_for(cx, i),
                )
            } else if member.account_type.value == AccountType::Builder {
                let without = cx
                    .licenses
                    .what_if(i, AccountType::StandardMember, |_, g| g);
                match without.license {
                    Some(after) if after < License::Editor => (
                        format!(
                            "{} holds the {top} license only because their account type is builder",
                            quote(&member.key)
                        ),
                        "builder only for the license".to_owned(),
                        after,
                        format!(
                            "if they do not create applications, make them a standard_member: their roles give {}",
                            cx.name(after)
                        ),
                        what_if_for(cx, i),
                    ),
                    _ => continue,
                }
            } else {
                continue;
            };
            let saving = cx.saving(License::Editor, Some(after));
            let help = format!(
                "{help}; as {} this saves {}",
                cx.name(after),
                cx.money(saving)
            );
            let subject = Subject::member(&member.key);
            cx.report(subject, Some(member.loc), message)
                .label(label)
                .help(format!("{help}{what_if}"))
                .saving(saving);
        }
    }
}

/// The help's closing words: the one `what-if` that shows the change `swatch
/// why` names (every flag it needs, so running it lowers the license), or,
/// when that change moves an application's ownership, which needs a new
/// owner to be chosen, where to read it.
fn what_if_for(cx: &RuleContext<'_>, index: usize) -> String {
    use crate::license::Step;
    let member = &cx.model.members[index];
    let Some(lowering) = crate::license::lowering(cx.licenses, index) else {
        return String::new();
    };
    let mut flags = Vec::new();
    for step in &lowering.steps {
        match step {
            Step::AccountType(t) => flags.push(format!(
                "--account-type {}",
                super::quoted(&format!("{}={t}", member.key))
            )),
            Step::TransferOwnership(_) => {
                return format!(
                    "; no automatic fix and no single `what-if` (the change includes handing over an application they own): `swatch why {}` lists every change needed",
                    super::quoted(&member.key)
                );
            }
            Step::Role {
                application,
                role,
                permissions,
                default_access,
            } => {
                let target = format!("{application}/{role}");
                flags.extend(permissions.iter().map(|p| {
                    format!(
                        "--remove-permission {}",
                        super::quoted(&format!("{target}={}", p.as_str()))
                    )
                }));
                if default_access.is_some() {
                    flags.push(format!(
                        "--default-access {}",
                        super::quoted(&format!("{target}=read"))
                    ));
                }
            }
        }
    }
    format!(
        "; no automatic fix (the change is a person's choice): `swatch what-if {}` shows what it would do",
        flags.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    #[test]
    fn fires_when_the_seat_says_less_and_for_builders_only_by_account_type() {
        let members = r#"
[[member]]
email = "seat@x.com"
account_type = "standard_member"
seat = "contributor"
[[member]]
email = "builder@x.com"
account_type = "builder"
"#;
        let app = "[application]\nname = \"A\"\n[members]\n\"seat@x.com\" = \"Modeler\"\n\"builder@x.com\" = \"Contributor\"\n";
        let findings = check(
            &OverProvisionedEditor,
            &[("m.toml", members), ("a.toml", app)],
        );
        assert_eq!(subjects(&findings), ["seat@x.com", "builder@x.com"]);
        assert_eq!(findings[0].yearly_saving(), Some(115_000));
        assert!(
            findings[1].help.contains("their roles give contributor"),
            "{}",
            findings[1].help
        );
        assert_eq!(findings[1].yearly_saving(), Some(115_000));
    }

    #[test]
    fn silent_for_builders_who_own_or_model_and_for_matching_seats() {
        let members = r#"
[[member]]
email = "owner@x.com"
account_type = "builder"
[[member]]
email = "modeler@x.com"
account_type = "builder"
[[member]]
email = "editor@x.com"
account_type = "standard_member"
seat = "editor"
[[member]]
email = "gone@x.com"
account_type = "builder"
status = "invited"
"#;
        let app = "[application]\nname = \"A\"\nowner = \"owner@x.com\"\n[members]\n\"modeler@x.com\" = \"Modeler\"\n\"editor@x.com\" = \"Admin\"\n";
        assert!(
            check(
                &OverProvisionedEditor,
                &[("m.toml", members), ("a.toml", app)]
            )
            .is_empty()
        );
    }
}
