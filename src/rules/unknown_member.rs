use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::{FixEdit, Subject, Text};

declare_rule!(
    UnknownMember,
    id = "unknown-member",
    severity = Error,
    category = References,
    fix = Unsafe
);

impl Check for UnknownMember {
    fn check(&self, cx: &mut RuleContext<'_>) {
        for app in &cx.model.applications {
            for assignment in app.assignments.iter().filter(|s| s.member().is_none()) {
                let email = cx.model.email_of(app, assignment);
                let loc = app.line_loc(assignment);
                // Suggest among the emails that sort next to it: a typo usually
                // keeps the first letters, and this stays O(log n) per finding.
                let members = &cx.model.members;
                let at = members.partition_point(|m| *m.key < *email);
                let near = &members[at.saturating_sub(3)..(at + 3).min(members.len())];
                let hint = crate::toml_read::did_you_mean_email(
                    email,
                    near.iter().map(|m| &*m.key),
                );
                let help = match hint {
                    Some(close) => Text::from(format!(
                        "did you mean `{close}`? Otherwise add the member, or remove this line"
                    )),
                    None => Text::from("add a [[member]] with this email, or remove this line"),
                };
                cx.report(
                    Subject::assignment(&app.name, email),
                    Some(loc),
                    format!(
                        "{} is given the role {} in {} but is no member of the workspace",
                        quote(email),
                        quote(app.written_role(assignment).value),
                        quote(&app.name)
                    ),
                )
                .label("no such member")
                .help(help)
                .unsafe_fix(
                    "remove the assignment (no license changes: the email is no member)",
                    smallvec::smallvec![FixEdit::RemoveAssignment {
                        key: email.to_owned(),
                        loc,
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

    #[test]
    fn fires_for_an_email_that_is_no_member() {
        let files = [
            (
                "m.toml",
                "[[member]]\nemail = \"alice@x.com\"\naccount_type = \"builder\"\n",
            ),
            (
                "a.toml",
                "[application]\nname = \"A\"\n[members]\n\"alicee@x.com\" = \"Reader\"\n\"Alice@x.com\" = \"Reader\"\n",
            ),
        ];
        let findings = check(&UnknownMember, &files);
        assert_eq!(subjects(&findings), ["A/alicee@x.com"]);
        assert!(findings[0].help.contains("did you mean `alice@x.com`?"));
    }

    /// #9: the suggestion compared every unknown email with every member.
    /// It looks at the few members whose emails sort next to it: 3,000
    /// typos among 3,000 members still get theirs, at 6 comparisons each.
    #[test]
    fn did_you_mean_compares_a_few_neighbours_not_every_member() {
        let members: String = (0..3_000)
            .map(|i| {
                format!("[[member]]\nemail = \"user{i:04}@x.com\"\naccount_type = \"builder\"\n")
            })
            .collect();
        let mut app = "[application]\nname = \"A\"\n[members]\n".to_owned();
        for i in 0..3_000 {
            app.push_str(&format!("\"user{i:04}x@x.com\" = \"Reader\"\n"));
        }
        let compared = || crate::toml_read::EMAILS_COMPARED.with(std::cell::Cell::get);
        let before = compared();
        let findings = check(&UnknownMember, &[("m.toml", &members), ("a.toml", &app)]);
        let compared = compared() - before;
        assert_eq!(findings.len(), 3_000);
        assert!(findings[42].help.contains("did you mean `user0042@x.com`?"));
        assert!(compared <= 6 * 3_000, "{compared} emails compared");
    }

    #[test]
    fn silent_when_every_assignee_is_a_member() {
        let files = [
            (
                "m.toml",
                "[[member]]\nemail = \"a@x.com\"\naccount_type = \"builder\"\nstatus = \"deactivated\"\n",
            ),
            (
                "a.toml",
                "[application]\nname = \"A\"\n[members]\n\"a@x.com\" = \"Reader\"\n",
            ),
        ];
        assert!(check(&UnknownMember, &files).is_empty());
    }
}
