use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::Subject;

declare_rule!(
    InactiveMember,
    id = "inactive-member",
    severity = Warning,
    category = Licenses,
    options = [Days]
);

impl Check for InactiveMember {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let limit = cx.config.days(Self::META.id);
        for (i, member) in cx.model.members.iter().enumerate() {
            let (Some(last), Some(license), true) = (
                member.last_active,
                cx.license_of(i).license,
                member.is_active(),
            ) else {
                continue;
            };
            let days = cx.days_since(last.value);
            if days <= limit {
                continue;
            }
            let saving = cx.saving(license, None);
            let message = format!(
                "{} was last active {days} days ago ({}) and holds a paid {} seat",
                quote(&member.key),
                last.value,
                cx.name(license)
            );
            let help = format!(
                "confirm they still need access; deactivating them frees the seat and saves {} (threshold: {limit} days)",
                cx.money(saving)
            );
            let subject = Subject::member(&member.key);
            cx.report(subject, Some(member.loc), message)
                .label(format!("inactive for {days} days"))
                .help(help)
                .no_fix(&format!(
                    "--status {}",
                    super::quoted(&format!("{}=deactivated", member.key))
                ))
                .saving(saving);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::rules::testing::{check, check_with, subjects};

    fn member(email: &str, last: &str, status: &str) -> String {
        format!(
            "[[member]]\nemail = \"{email}\"\naccount_type = \"standard_member\"\nstatus = \"{status}\"\nlast_active = {last}\n"
        )
    }

    #[test]
    fn fires_after_more_than_90_days() {
        // 2026-11-28 minus 91 days is 2026-08-29.
        let files = [
            member("old@x.com", "2026-08-29", "active"),
            member("edge@x.com", "2026-08-30", "active"),
        ]
        .concat();
        let findings = check(&InactiveMember, &[("m.toml", &files)]);
        assert_eq!(subjects(&findings), ["old@x.com"]);
        assert_eq!(findings[0].yearly_saving(), Some(65_000));
    }

    #[test]
    fn silent_without_a_date_or_for_members_who_are_not_active() {
        let files = [
            member("gone@x.com", "2020-01-01", "deactivated"),
            member("new@x.com", "2020-01-01", "invited"),
            "[[member]]\nemail = \"nodate@x.com\"\naccount_type = \"builder\"\n".to_owned(),
        ]
        .concat();
        assert!(check(&InactiveMember, &[("m.toml", &files)]).is_empty());
    }

    #[test]
    fn days_are_configurable() {
        let (config, errors) = Config::parse(
            &mut crate::source::Sources::default(),
            "swatch.toml".into(),
            "[rules.inactive-member]\ndays = 200\n".into(),
        );
        assert!(errors.is_empty());
        let files = member("old@x.com", "2026-06-01", "active");
        assert!(check_with(&InactiveMember, &config, &[("m.toml", &files)]).is_empty());
    }
}
