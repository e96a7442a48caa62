use super::{Check, RuleContext, declare_rule};
use crate::code_span::quote;
use crate::finding::{Subject, capped_names};

declare_rule!(
    ExternalMember,
    id = "external-member",
    severity = Warning,
    category = Access
);

impl Check for ExternalMember {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(workspace) = &cx.model.workspace else {
            return;
        };
        if workspace.sso_domains.is_empty() {
            return;
        }
        let domains: Vec<String> = workspace
            .sso_domains
            .iter()
            .map(|d| d.to_lowercase())
            .collect();
        let known: std::collections::BTreeSet<&str> = domains.iter().map(String::as_str).collect();
        // Said the same way in every finding, so written once.
        let listed = capped_names(domains.iter().map(String::as_str));
        for member in &cx.model.members {
            let domain = member.key.rsplit_once('@').map_or("", |(_, d)| d);
            if known.contains(domain) {
                continue;
            }
            let subject = Subject::member(&member.key);
            cx.report(
                subject,
                Some(member.loc),
                format!("{} is outside the SSO domains ({listed})", quote(&member.key)),
            )
            .label("external email")
            .help("external accounts bypass your identity provider: confirm the person needs access, or add the domain to `sso_domains` if it is yours")
            .no_fix(&format!("--status {}", super::quoted(&format!("{}=deactivated", member.key))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{check, subjects};

    const MEMBERS: &str = "[[member]]\nemail = \"a@Acme.com\"\naccount_type = \"builder\"\n[[member]]\nemail = \"b@eu.acme.com\"\naccount_type = \"builder\"\n[[member]]\nemail = \"c@gmail.com\"\naccount_type = \"builder\"\nstatus = \"deactivated\"\n";

    #[test]
    fn fires_outside_the_domains_subdomains_included_any_status() {
        let ws = "[workspace]\nsso_domains = [\"ACME.com\"]\n";
        assert_eq!(
            subjects(&check(
                &ExternalMember,
                &[("w.toml", ws), ("m.toml", MEMBERS)]
            )),
            ["b@eu.acme.com", "c@gmail.com"]
        );
    }

    #[test]
    fn silent_when_not_set_or_empty() {
        assert!(check(&ExternalMember, &[("m.toml", MEMBERS)]).is_empty());
        assert!(
            check(
                &ExternalMember,
                &[
                    ("w.toml", "[workspace]\nsso_domains = []\n"),
                    ("m.toml", MEMBERS)
                ]
            )
            .is_empty()
        );
    }

    #[test]
    fn ten_thousand_domains_are_named_once_by_their_first_five() {
        let domains: Vec<String> = (0..10_000).map(|i| format!("\"d{i}.com\"")).collect();
        let ws = format!("[workspace]\nsso_domains = [{}]\n", domains.join(", "));
        let findings = check(&ExternalMember, &[("w.toml", &ws), ("m.toml", MEMBERS)]);
        assert_eq!(findings.len(), 3);
        for f in &findings {
            assert!(f.message.len() < 200, "{}", f.message);
            assert!(
                f.message.ends_with("`d4.com`, and 9,995 more)"),
                "{}",
                f.message
            );
        }
    }
}
