use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::{FixEdit, Subject, Text, capped_names};
use crate::model::Status;

declare_rule!(
    DeactivatedMemberAssigned,
    id = "deactivated-member-assigned",
    severity = Info,
    category = Hygiene,
    fix = Unsafe
);

impl Check for DeactivatedMemberAssigned {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let model = cx.model;
        let (keys, automations) = (&cx.licenses.api_keys_owned, &cx.licenses.automations_owned);
        for (i, member) in model.members.iter().enumerate() {
            if member.status != Status::Deactivated {
                continue;
            }
            let mut what = Vec::new();
            let roles = &cx.licenses.held[i];
            if !roles.is_empty() {
                let apps: Vec<&str> = roles
                    .iter()
                    .map(|h| model.applications[h.application as usize].name.as_str())
                    .collect();
                what.push(format!("a role in {}", capped_names(apps)));
            }
            let owned = &cx.licenses.owned[i];
            if !owned.is_empty() {
                let apps: Vec<&str> = owned
                    .iter()
                    .map(|&a| model.applications[a as usize].name.as_str())
                    .collect();
                what.push(format!("ownership of {}", capped_names(apps)));
            }
            for (n, thing) in [(keys[i], "API key"), (automations[i], "automation")] {
                if n > 0 {
                    what.push(format!("{n} {thing}{}", if n == 1 { "" } else { "s" }));
                }
            }
            if what.is_empty() {
                continue;
            }
            let subject = Subject::member(&member.key);
            let finding = cx.report(subject, Some(member.loc), format!("{} is deactivated but still holds {}", quote(&member.key), what.join(", ")))
                .label("deactivated")
                .help("remove their role assignments (`swatch fix --unsafe` does) and hand what they own to an active member, so access reviews show only real access");
            if let Some(&a) = owned.first() {
                finding.no_fix(&format!(
                    "--owner {}",
                    super::quoted(&format!("{}=EMAIL", model.applications[a as usize].name))
                ));
            }
            if !roles.is_empty() {
                let edits = roles
                    .iter()
                    .map(|h| {
                        let app = &model.applications[h.application as usize];
                        let assignment = &app.assignments[h.assignment as usize];
                        FixEdit::RemoveAssignment {
                            key: model.email_of(app, assignment).to_owned(),
                            loc: app.line_loc(assignment),
                        }
                    })
                    .collect();
                let summary = if roles.len() == 1 {
                    Text::from("remove their role assignment (no license changes: a deactivated member holds no seat)")
                } else {
                    Text::from(format!(
                        "remove their {} role assignments (no license changes: a deactivated member holds no seat)",
                        roles.len()
                    ))
                };
                finding.unsafe_fix(summary, edits);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    const MEMBERS: &str = "[[member]]\nemail = \"gone@x.com\"\naccount_type = \"standard_member\"\nstatus = \"deactivated\"\n[[member]]\nemail = \"idle@x.com\"\naccount_type = \"standard_member\"\nstatus = \"deactivated\"\n";

    #[test]
    fn fires_once_per_member_for_roles_and_ownership() {
        let app = "[application]\nname = \"A\"\nowner = \"gone@x.com\"\n[members]\n\"gone@x.com\" = \"Reader\"\n[[automation]]\nname = \"n\"\nowner = \"gone@x.com\"\n";
        let key = "[[api_key]]\nname = \"k\"\nkind = \"import\"\nowner = \"gone@x.com\"\n";
        let findings = check(
            &DeactivatedMemberAssigned,
            &[("m.toml", MEMBERS), ("a.toml", app), ("k.toml", key)],
        );
        assert_eq!(subjects(&findings), ["gone@x.com"]);
        assert_eq!(
            findings[0].message,
            "`gone@x.com` is deactivated but still holds a role in `A`, ownership of `A`, 1 API key, 1 automation"
        );
    }

    #[test]
    fn silent_for_deactivated_members_with_nothing_or_only_unknown_roles() {
        let app = "[application]\nname = \"A\"\n[members]\n\"idle@x.com\" = \"Nope\"\n";
        assert!(
            check(
                &DeactivatedMemberAssigned,
                &[("m.toml", MEMBERS), ("a.toml", app)]
            )
            .is_empty()
        );
    }

    #[test]
    fn roles_in_two_thousand_applications_are_cut_after_five() {
        let apps: Vec<(String, String)> = (0..2_000)
            .map(|i| {
                (
                    format!("a{i}.toml"),
                    format!("[application]\nname = \"A{i}\"\nowner = \"gone@x.com\"\n[members]\n\"gone@x.com\" = \"Reader\"\n"),
                )
            })
            .collect();
        let mut files: Vec<(&str, &str)> = vec![("m.toml", MEMBERS)];
        files.extend(apps.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        let findings = check(&DeactivatedMemberAssigned, &files);
        let message = &findings[0].message;
        assert!(message.len() < 300, "{message}");
        assert!(
            message.contains(", and 1,995 more, ownership of `A0`"),
            "{message}"
        );
    }
}
