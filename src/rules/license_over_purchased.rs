use super::{Check, RuleContext, declare_rule};
use crate::finding::Subject;
use crate::finding::quantity::Quantity;

declare_rule!(
    LicenseOverPurchased,
    id = "license-over-purchased",
    severity = Error,
    category = Licenses,
    sized = true
);

impl Check for LicenseOverPurchased {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(purchased) = &cx.model.purchased else {
            return;
        };
        let totals = cx.licenses.totals();
        let over: Vec<(&str, u64, u64)> = cx
            .model
            .license_model
            .licenses()
            .iter()
            .filter_map(|&license| {
                let bought = purchased.get(license)?;
                let used = totals.get(license);
                (used > bought).then(|| (cx.name(license), used, bought))
            })
            .collect();
        if over.is_empty() {
            return;
        }
        let listed: Vec<String> = over
            .iter()
            .map(|(license, used, bought)| format!("{license} {used} used of {bought} purchased"))
            .collect();
        // A baseline or `[[ignore]] max` accepts the finding up to these seats.
        let quantity = Quantity::seats(over.iter().copied());
        let subject = Subject::workspace(cx.model.workspace_name());
        cx.report(
            subject,
            Some(purchased.loc),
            format!("more members hold a license than were purchased: {}", listed.join("; ")),
        )
        .label("over the purchased seats")
        .help("lower licenses (see over-provisioned-editor and inactive-member), or buy seats and update [licenses]; `swatch licenses` shows who holds what")
        .no_fix(&format!("--status {}", super::quoted("EMAIL=deactivated")))
        .quantity(quantity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    const MEMBERS: &str = "[[member]]\nemail = \"a@x.com\"\naccount_type = \"builder\"\n[[member]]\nemail = \"b@x.com\"\naccount_type = \"builder\"\n[[member]]\nemail = \"c@x.com\"\naccount_type = \"builder\"\nstatus = \"invited\"\n";

    #[test]
    fn fires_once_listing_every_license_over() {
        let ws = "[workspace]\nname = \"Acme\"\n[licenses]\neditor = 1\nexplorer = 0\n";
        let findings = check(
            &LicenseOverPurchased,
            &[("w.toml", ws), ("m.toml", MEMBERS)],
        );
        assert_eq!(subjects(&findings), ["Acme"]);
        assert!(findings[0].message.contains("editor 2 used of 1 purchased"));
        assert!(!findings[0].message.contains("explorer"));
        let quantity = findings[0].quantity.as_ref().unwrap();
        assert_eq!(quantity.recorded(), [("editor".to_owned(), 2)].into());
        assert_eq!(quantity.measures[0].text, "editor 2 of 1");
    }

    #[test]
    fn silent_at_the_limit_and_without_licenses() {
        let ws = "[licenses]\neditor = 2\n";
        assert!(
            check(
                &LicenseOverPurchased,
                &[("w.toml", ws), ("m.toml", MEMBERS)]
            )
            .is_empty()
        );
        assert!(check(&LicenseOverPurchased, &[("m.toml", MEMBERS)]).is_empty());
    }
}
