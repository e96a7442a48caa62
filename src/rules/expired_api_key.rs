use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::Subject;

declare_rule!(
    ExpiredApiKey,
    id = "expired-api-key",
    severity = Warning,
    category = Hygiene
);

impl Check for ExpiredApiKey {
    fn check(&self, cx: &mut RuleContext<'_>) {
        for key in &cx.model.api_keys {
            let Some(expires) = key.expires else { continue };
            if expires.value >= cx.today {
                continue;
            }
            cx.report(
                Subject::api_key(&key.name),
                Some(key.loc),
                format!(
                    "the API key {} expired on {} ({} days ago)",
                    quote(&key.name),
                    expires.value,
                    cx.days_since(expires.value)
                ),
            )
            .label("expired")
            .help(
                "rotate it (new key, new `expires`) if an integration still needs it, or remove it",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    fn key(name: &str, expires: &str) -> String {
        format!(
            "[[api_key]]\nname = \"{name}\"\nkind = \"import\"\nowner = \"a@x.com\"\nexpires = {expires}\n"
        )
    }

    #[test]
    fn fires_before_today() {
        assert_eq!(
            subjects(&check(
                &ExpiredApiKey,
                &[("k.toml", &key("old", "2026-11-27"))]
            )),
            ["old"]
        );
    }

    #[test]
    fn silent_today_and_later() {
        let keys = [key("today", "2026-11-28"), key("later", "2027-01-01")].concat();
        assert!(check(&ExpiredApiKey, &[("k.toml", &keys)]).is_empty());
    }
}
