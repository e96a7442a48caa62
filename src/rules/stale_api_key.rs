use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::Subject;

declare_rule!(
    StaleApiKey,
    id = "stale-api-key",
    severity = Warning,
    category = Hygiene,
    options = [Days]
);

impl Check for StaleApiKey {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let limit = cx.config.days(Self::META.id);
        for key in &cx.model.api_keys {
            let (date, what) = match (key.last_used, key.created) {
                (Some(used), _) => (used, "last used"),
                (None, Some(created)) => (created, "created, and never recorded as used,"),
                (None, None) => continue,
            };
            let days = cx.days_since(date);
            if days <= limit {
                continue;
            }
            cx.report(
                Subject::api_key(&key.name),
                Some(key.loc),
                format!("the API key {} was {what} {days} days ago ({date})", quote(&key.name)),
            )
            .label(format!("unused for {days} days"))
            .help(format!("revoke keys nobody uses: each one is a standing credential (threshold: {limit} days)"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    fn key(name: &str, dates: &str) -> String {
        format!("[[api_key]]\nname = \"{name}\"\nkind = \"import\"\nowner = \"a@x.com\"\n{dates}\n")
    }

    #[test]
    fn fires_after_more_than_90_days_counting_from_created_without_last_used() {
        let keys = [
            key("used", "last_used = 2026-08-29"),
            key("created", "created = 2026-01-01"),
        ]
        .concat();
        assert_eq!(
            subjects(&check(&StaleApiKey, &[("k.toml", &keys)])),
            ["used", "created"]
        );
    }

    #[test]
    fn silent_at_90_days_or_without_dates() {
        let keys = [
            key("edge", "last_used = 2026-08-30\ncreated = 2020-01-01"),
            key("none", ""),
        ]
        .concat();
        assert!(check(&StaleApiKey, &[("k.toml", &keys)]).is_empty());
    }
}
