//! In `diff`, the settings that price and judge a change come from the
//! base, like the config and the waivers: `[pricing]`, `[licenses]`,
//! `sso_domains` and `license_model`. Otherwise a pull request could set
//! `editor = 1` in `[pricing]` and pass `--max-cost-increase 0` while adding
//! ten editors, raise `[licenses]` so `license-over-purchased` never becomes
//! new, empty `sso_domains` or switch `license_model`. Each change to them
//! is listed (`access.settings`), named in the headline and fails
//! `--deny-escalation`.

use crate::model::{License, Model, Purchased, WorkspaceInfo};
use crate::source::{Loc, Located};
use serde_json::{Value, json};

/// A setting the change edits, which the base's value overrides.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SettingChange {
    /// `pricing.editor`, `licenses.explorer`, `sso_domains`, `license_model`.
    pub key: String,
    pub before: Value,
    pub after: Value,
}

impl SettingChange {
    /// `key before → after`, values as JSON (strings come from files:
    /// escape the result for the terminal).
    pub(crate) fn describe(&self) -> String {
        format!(
            "`{}` {} → {}",
            self.key,
            crate::code_span::quote(&shown(&self.before)),
            crate::code_span::quote(&shown(&self.after))
        )
    }
}

/// A value as JSON, a list cut after its first few items ("…, and 9,995
/// more"): `sso_domains` can be long, and this text is in the headline's
/// gate reason.
fn shown(value: &Value) -> String {
    match value {
        Value::Array(items) if items.len() > crate::finding::LISTED => format!(
            "{}, and {} more]",
            Value::Array(items[..crate::finding::LISTED].to_vec())
                .to_string()
                .trim_end_matches(']'),
            items.len() - crate::finding::LISTED
        ),
        other => other.to_string(),
    }
}

const LICENSES: [License; 3] = [License::Editor, License::Contributor, License::Explorer];

/// Every governed setting of `new` that differs from `old`, then `new`
/// made to use `old`'s. Tables the new side lacks get `at` (a place in the
/// new side's files) so findings about them stay locatable there.
pub(crate) fn take_from_base(old: &Model, new: &mut Model, at: Option<Loc>) -> Vec<SettingChange> {
    let mut changes = Vec::new();
    let mut changed = |key: String, before: Value, after: Value| {
        if before != after {
            changes.push(SettingChange { key, before, after });
        }
    };
    let dollars = |cents: i64| {
        if cents % 100 == 0 {
            json!(cents / 100)
        } else {
            json!(cents as f64 / 100.0)
        }
    };
    for license in LICENSES {
        changed(
            format!("pricing.{}", license.as_str()),
            dollars(old.prices.of(license)),
            dollars(new.prices.of(license)),
        );
    }
    let seats = |m: &Model, l: License| json!(m.purchased.as_ref().and_then(|p| p.get(l)));
    for license in LICENSES {
        changed(
            format!("licenses.{}", license.as_str()),
            seats(old, license),
            seats(new, license),
        );
    }
    let domains = |m: &Model| json!(m.workspace.as_ref().map_or(&[][..], |w| &w.sso_domains[..]));
    changed("sso_domains".to_owned(), domains(old), domains(new));
    changed(
        "license_model".to_owned(),
        json!(old.license_model.as_str()),
        json!(new.license_model.as_str()),
    );

    new.prices = old.prices;
    new.license_model = old.license_model;
    let purchased_at = new.purchased.as_ref().map(|p| p.loc).or(at);
    new.purchased = match (&old.purchased, purchased_at) {
        (Some(base), Some(loc)) => Some(Purchased {
            loc,
            seats: base
                .seats
                .iter()
                .map(|(l, n)| (*l, Located::new(n.value, loc)))
                .collect(),
        }),
        _ => None,
    };
    let base_domains = old
        .workspace
        .as_ref()
        .map(|w| w.sso_domains.clone())
        .unwrap_or_default();
    match (&mut new.workspace, at) {
        (Some(info), _) => info.sso_domains = base_domains,
        (None, Some(loc)) if !base_domains.is_empty() => {
            new.workspace = Some(WorkspaceInfo {
                name: None,
                loc,
                sso_domains: base_domains,
            });
        }
        (None, _) => {}
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_utils::workspace;

    const BASE: &str = "[workspace]\nname = \"A\"\nsso_domains = [\"acme.com\"]\n[licenses]\neditor = 2\n[pricing]\neditor = 2750\n";

    #[test]
    fn the_base_governs_and_every_edit_is_listed() {
        let old = workspace(&[("w.toml", BASE)]);
        let mut new = workspace(&[(
            "w.toml",
            "[workspace]\nname = \"A\"\nlicense_model = \"legacy-v1\"\n[licenses]\neditor = 20\n[pricing]\neditor = 1\n",
        )]);
        let changes = take_from_base(&old.model, &mut new.model, None);
        let described: Vec<String> = changes.iter().map(SettingChange::describe).collect();
        assert_eq!(
            described,
            [
                "`pricing.editor` `2750` → `1`",
                "`licenses.editor` `2` → `20`",
                "`sso_domains` `[\"acme.com\"]` → `[]`",
                "`license_model` `\"current\"` → `\"legacy-v1\"`",
            ]
        );
        assert_eq!(new.model.prices, old.model.prices);
        assert_eq!(
            new.model
                .purchased
                .as_ref()
                .and_then(|p| p.get(License::Editor)),
            Some(2)
        );
        assert_eq!(
            new.model.workspace.as_ref().unwrap().sso_domains,
            ["acme.com"]
        );
        assert_eq!(new.model.license_model, old.model.license_model);
    }

    #[test]
    fn unchanged_settings_are_no_change() {
        let old = workspace(&[("w.toml", BASE)]);
        let mut new = workspace(&[("w.toml", BASE), ("m.toml", "")]);
        assert!(take_from_base(&old.model, &mut new.model, None).is_empty());
    }

    #[test]
    fn a_long_list_is_described_by_its_first_items_and_a_count() {
        let domains: Vec<String> = (0..10_000).map(|i| format!("\"d{i}.com\"")).collect();
        let old = workspace(&[(
            "w.toml",
            &format!("[workspace]\nsso_domains = [{}]\n", domains.join(", ")),
        )]);
        let mut new = workspace(&[("w.toml", "[workspace]\n")]);
        let changes = take_from_base(&old.model, &mut new.model, None);
        assert_eq!(
            changes[0].describe(),
            "`sso_domains` `[\"d0.com\",\"d1.com\",\"d2.com\",\"d3.com\",\"d4.com\", and 9995 more]` → `[]`"
        );
    }
}
