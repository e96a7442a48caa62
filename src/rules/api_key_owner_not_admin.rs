use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::Subject;

declare_rule!(
    ApiKeyOwnerNotAdmin,
    id = "api-key-owner-not-admin",
    severity = Warning,
    category = Access
);

impl Check for ApiKeyOwnerNotAdmin {
    fn check(&self, cx: &mut RuleContext<'_>) {
        for key in &cx.model.api_keys {
            // An unknown owner is orphaned-api-key only.
            let Some(owner) = cx.model.member(&key.owner.value) else {
                continue;
            };
            let account_type = owner.account_type.value;
            if account_type.can_manage_api_keys() {
                continue;
            }
            cx.report(
                Subject::api_key(&key.name),
                Some(key.loc),
                format!("the API key {} is owned by {}, a {account_type}, who cannot manage API keys", quote(&key.name), quote(&owner.key)),
            )
            .label(format!("owner is a {account_type}"))
            .help("only primary owners, security admins and workspace admins manage connectors and API keys: transfer the key to one of them")
            .no_fix(&format!("--account-type {}", super::quoted(&format!("{}=security_admin", owner.key))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    const MEMBERS: &str = "[[member]]\nemail = \"b@x.com\"\naccount_type = \"builder\"\nstatus = \"deactivated\"\n[[member]]\nemail = \"w@x.com\"\naccount_type = \"workspace_admin\"\n";

    fn key(name: &str, owner: &str) -> String {
        format!("[[api_key]]\nname = \"{name}\"\nkind = \"export\"\nowner = \"{owner}\"\n")
    }

    #[test]
    fn fires_for_a_known_owner_who_cannot_manage_keys_whatever_their_status() {
        let keys = key("k", "b@x.com");
        assert_eq!(
            subjects(&check(
                &ApiKeyOwnerNotAdmin,
                &[("m.toml", MEMBERS), ("k.toml", &keys)]
            )),
            ["k"]
        );
    }

    #[test]
    fn silent_for_admins_and_unknown_owners() {
        let keys = [key("a", "w@x.com"), key("b", "ghost@x.com")].concat();
        assert!(
            check(
                &ApiKeyOwnerNotAdmin,
                &[("m.toml", MEMBERS), ("k.toml", &keys)]
            )
            .is_empty()
        );
    }
}
