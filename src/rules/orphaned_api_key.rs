use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::Subject;

declare_rule!(
    OrphanedApiKey,
    id = "orphaned-api-key",
    severity = Error,
    category = Ownership
);

impl Check for OrphanedApiKey {
    fn check(&self, cx: &mut RuleContext<'_>) {
        for key in &cx.model.api_keys {
            let owner = cx.model.member(&key.owner.value);
            let state = match owner {
                Some(m) if m.is_active() => continue,
                Some(m) => m.status.as_str(),
                None => "not a member",
            };
            cx.report(
                Subject::api_key(&key.name),
                Some(key.loc),
                format!("the API key {} is owned by {}, who is {state}", quote(&key.name), quote(&key.owner.value.to_lowercase())),
            )
            .label(format!("owner is {state}"))
            .help("removing a member does not revoke their API keys: transfer the key to an active admin, or revoke it in Pigment and remove it here; no automatic fix (the new owner is a person's choice)")
            .reactivating(owner);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    fn key(name: &str, owner: &str) -> String {
        format!("[[api_key]]\nname = \"{name}\"\nkind = \"import\"\nowner = \"{owner}\"\n")
    }

    #[test]
    fn fires_for_unknown_invited_and_deactivated_owners() {
        let members = "[[member]]\nemail = \"off@x.com\"\naccount_type = \"workspace_admin\"\nstatus = \"deactivated\"\n[[member]]\nemail = \"new@x.com\"\naccount_type = \"workspace_admin\"\nstatus = \"invited\"\n";
        let keys = [
            key("a", "off@x.com"),
            key("b", "new@x.com"),
            key("c", "ghost@x.com"),
        ]
        .concat();
        let findings = check(&OrphanedApiKey, &[("m.toml", members), ("k.toml", &keys)]);
        assert_eq!(subjects(&findings), ["a", "b", "c"]);
        assert_eq!(
            findings[2].message,
            "the API key `c` is owned by `ghost@x.com`, who is not a member"
        );
    }

    #[test]
    fn silent_for_an_active_owner() {
        let members = "[[member]]\nemail = \"on@x.com\"\naccount_type = \"workspace_admin\"\n";
        assert!(
            check(
                &OrphanedApiKey,
                &[("m.toml", members), ("k.toml", &key("a", "On@X.com"))]
            )
            .is_empty()
        );
    }
}
