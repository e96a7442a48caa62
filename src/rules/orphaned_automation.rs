use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::Subject;

declare_rule!(
    OrphanedAutomation,
    id = "orphaned-automation",
    severity = Error,
    category = Ownership
);

impl Check for OrphanedAutomation {
    fn check(&self, cx: &mut RuleContext<'_>) {
        for app in &cx.model.applications {
            for automation in &app.automations {
                let owner = cx.model.member(&automation.owner.value);
                let state = match owner {
                    Some(m) if m.is_active() => continue,
                    Some(m) => m.status.as_str(),
                    None => "not a member",
                };
                cx.report(
                    Subject::automation(&app.name, &automation.name),
                    Some(automation.loc),
                    format!(
                        "the automation {} in {} is owned by {}, who is {state}",
                        quote(&automation.name),
                        quote(&app.name),
                        quote(&automation.owner.value.to_lowercase())
                    ),
                )
                .label(format!("owner is {state}"))
                .help("scheduled imports, exports and syncs of a removed owner fail silently: hand the automation to an active member; no automatic fix (the new owner is a person's choice)")
                .reactivating(owner);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    const APP: &str = "[application]\nname = \"FP&A\"\n[[automation]]\nname = \"Nightly\"\nowner = \"bob@x.com\"\n";

    #[test]
    fn fires_when_the_owner_is_not_active() {
        let members = "[[member]]\nemail = \"bob@x.com\"\naccount_type = \"builder\"\nstatus = \"deactivated\"\n";
        assert_eq!(
            subjects(&check(
                &OrphanedAutomation,
                &[("m.toml", members), ("a.toml", APP)]
            )),
            ["FP&A/Nightly"]
        );
        assert_eq!(
            subjects(&check(&OrphanedAutomation, &[("a.toml", APP)])),
            ["FP&A/Nightly"]
        );
    }

    #[test]
    fn silent_when_the_owner_is_active() {
        let members = "[[member]]\nemail = \"bob@x.com\"\naccount_type = \"builder\"\n";
        assert!(check(&OrphanedAutomation, &[("m.toml", members), ("a.toml", APP)]).is_empty());
    }
}
